"""An editor's Markdown, read once by markdown-it: as HTML for the email and the web page, as
plain text for email.txt and for notes' summaries.

A note's body keeps its links and emphasis: as HTML in the email and on the web, and in
email.txt as words followed by their link's number in the numbered list of links.

markdown-it reads in time linear in the text's length, where regular expressions written to
strip Markdown can take minutes on a few hundred kilobytes of ``*a *a *a``. Its links and
images pass letterpress's link policy (letterpress.links): a refused one is left as text.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from letterpress.links import allowed_link, refusal
from letterpress.text import first_sentence

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token


@functools.cache
def parser() -> MarkdownIt:
    """CommonMark with raw HTML shown as text, and only the links the link policy allows."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False})
    md.validateLink = lambda url: allowed_link(url) is not None  # type: ignore[method-assign]
    return md


def markdown_html(text: str) -> str:
    return str(parser().render(text))


def markdown_links(text: str) -> list[str]:
    """Every address a link or image of ``text`` gives, allowed or not, in order."""
    # A parser of its own that refuses nothing, to find the addresses the policy will refuse.
    found: list[str] = []
    for token in _permissive().parse(text):
        for child in token.children or ():
            if child.type in ("link_open", "image"):
                found.append(str(child.attrs.get("href") or child.attrs.get("src") or ""))
    return found


def warn_refused_links(text: str, where: str, warn: Callable[[str], None]) -> None:
    """A warning for each link of ``text`` the policy refuses: it will show as text."""
    for url in markdown_links(text):
        if allowed_link(url) is None:
            warn(f"{where}: {refusal(url)}")


@functools.cache
def _permissive() -> MarkdownIt:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False})
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    # Addresses as written: the policy judges them, not their percent-encoded form.
    md.normalizeLink = lambda url: url  # type: ignore[method-assign]
    return md


def markdown_blocks(text: str, keep_links: bool = False) -> list[str]:
    """The text of each block (paragraph, heading, list, code), Markdown marks taken off.

    With ``keep_links``, a link's address follows its words in parentheses. The items of
    a tight list make one block, a line each.
    """
    return _blocks(parser().parse(text), _link_mark(keep_links, None))


def _blocks(tokens: list[Token], mark: Callable[[str, str], str] | None) -> list[str]:
    blocks: list[str] = []
    in_tight_list = False  # the last block is a tight list's: its next item joins it
    hidden = False
    for token in tokens:
        if token.type == "paragraph_open":
            hidden = token.hidden
        elif token.type == "heading_open":
            hidden = False
        elif token.type == "inline":
            line = _inline_text(token.children or [], mark)
            if hidden and in_tight_list and blocks:
                blocks[-1] += "\n" + line
            else:
                blocks.append(line)
            in_tight_list = hidden
        elif token.type in ("code_block", "fence"):
            blocks.append(token.content.rstrip("\n"))
            in_tight_list = False
        elif token.type in ("bullet_list_close", "ordered_list_close") and token.level == 0:
            in_tight_list = False
    return [block for block in blocks if block.strip()]


def markdown_text(text: str, keep_links: bool = False) -> str:
    """Markdown as plain text: its blocks, a blank line between them."""
    return "\n\n".join(markdown_blocks(text, keep_links))


@dataclass(frozen=True)
class Body:
    """A note's Markdown body as the templates show it, its links and emphasis kept.

    A link to ``own``, the item's own link (its meta line carries it already), is left as
    its words: each item keeps one link to its page. ``first`` picks the first sentence
    of the first block alone, as a theme with ``layout.summary = "first"`` shows it.
    """

    text: str
    own: str | None = None

    def html(self, first: bool = False) -> str:
        """Its blocks as HTML (or the first sentence in a paragraph)."""
        if first:
            return f"<p>{self.inline_html(first=True)}</p>\n"
        md = parser()
        return str(md.renderer.render(self._tokens(), md.options, {}))

    def inline_html(self, first: bool = False) -> str:
        """Its words as inline HTML, its blocks run together: for a one-paragraph layout."""
        from markdown_it.renderer import RendererHTML

        md = parser()
        renderer = cast(RendererHTML, md.renderer)
        runs = self._runs(first)
        return " ".join(renderer.renderInline(run, md.options, {}) for run in runs)

    def plain(self, numbered: Sequence[str], first: bool = False) -> str:
        """Its text, each link's words followed by the link's number in ``numbered``."""
        mark = _link_mark(False, numbered)
        if first:
            return "".join(_inline_text(run, mark) for run in self._runs(first=True))
        return "\n\n".join(_blocks(self._tokens(), mark))

    def links(self, first: bool = False) -> list[str]:
        """The addresses it shows as links, in order, as its HTML gives them."""
        return [
            str(token.attrs.get("href") or "")
            for run in self._runs(first)
            for token in run
            if token.type == "link_open"
        ]

    def _tokens(self) -> list[Token]:
        from markdown_it.token import Token

        tokens = parser().parse(self.text)
        own = {self.own, parser().normalizeLink(self.own)} if self.own else set()
        for n, token in enumerate(tokens):
            if token.type in ("heading_open", "heading_close"):
                # A heading inside a note is a bold line: as <h2> it would read as a
                # section of the newsletter, above the note's own headline.
                token.tag = "p"
            elif token.children is not None and n and tokens[n - 1].type == "heading_open":
                strong = (Token("strong_open", "strong", 1), Token("strong_close", "strong", -1))
                token.children = [strong[0], *token.children, strong[1]]
            if token.children and own:
                token.children = _unlinked(token.children, own)
        return tokens

    def _runs(self, first: bool) -> list[list[Token]]:
        """The inline tokens of each block that holds words (not code)."""
        runs = [token.children for token in self._tokens() if token.children]
        return [_first_sentence(runs[0])] if first and runs else runs


def _unlinked(children: list[Token], addresses: set[str]) -> list[Token]:
    """``children`` with the links to ``addresses`` left as their words."""
    kept: list[Token] = []
    dropped: list[bool] = []  # for each open link: whether it was dropped
    for child in children:
        if child.type == "link_open":
            dropped.append(str(child.attrs.get("href") or "") in addresses)
            if dropped[-1]:
                continue
        elif child.type == "link_close" and dropped and dropped.pop():
            continue
        kept.append(child)
    return kept


def _first_sentence(children: list[Token]) -> list[Token]:
    """The tokens of the first sentence, the marks open at its end closed."""
    from markdown_it.token import Token

    room = len(first_sentence(_inline_text(children, None)))
    kept: list[Token] = []
    opened: list[Token] = []
    for child in children:
        if room <= 0:
            break
        words = _words(child)
        if len(words) > room:
            child = child.copy(content=words[:room])
        room -= len(words)
        kept.append(child)
        if child.nesting == 1:
            opened.append(child)
        elif child.nesting == -1 and opened:
            opened.pop()
    for token in reversed(opened):
        kept.append(Token(token.type.replace("_open", "_close"), token.tag, -1))
    return kept


def _words(token: Token) -> str:
    """What ``token`` adds to the text: its words, an image's alt text, a line break."""
    if token.type in ("text", "code_inline", "image"):
        return token.content
    return "\n" if token.type in ("softbreak", "hardbreak") else ""


def _link_mark(
    keep_links: bool, numbered: Sequence[str] | None
) -> Callable[[str, str], str] | None:
    """What follows a link's words in plain text: its number in ``numbered``, or its address."""
    if numbered is not None:
        return lambda href, words: f" [{numbered.index(href) + 1}]" if href in numbered else ""
    if keep_links:
        return lambda href, words: (
            f" ({href})" if href and href not in (words, f"mailto:{words}") else ""
        )
    return None


def _inline_text(children: list[Token], mark: Callable[[str, str], str] | None) -> str:
    parts: list[str] = []
    opened: list[tuple[str, int]] = []
    for child in children:
        kind = child.type
        if kind in ("text", "code_inline"):
            parts.append(child.content)
        elif kind in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif kind == "image":
            parts.append(child.content)  # its alt text
        elif kind == "link_open":
            opened.append((str(child.attrs.get("href") or ""), len(parts)))
        elif kind == "link_close" and opened:
            href, start = opened.pop()
            if mark is not None:
                parts.append(mark(href, "".join(parts[start:])))
    return "".join(parts)
