"""An editor's Markdown, read once by markdown-it: as HTML for the email and the web page, as
plain text for email.txt and for notes' summaries.

markdown-it reads in time linear in the text's length, where regular expressions written to
strip Markdown can take minutes on a few hundred kilobytes of ``*a *a *a``. Its links and
images pass letterpress's link policy (letterpress.links): a refused one is left as text.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

from letterpress.links import allowed_link, refusal

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
    blocks: list[str] = []
    in_tight_list = False  # the last block is a tight list's: its next item joins it
    hidden = False
    for token in parser().parse(text):
        if token.type == "paragraph_open":
            hidden = token.hidden
        elif token.type == "heading_open":
            hidden = False
        elif token.type == "inline":
            line = _inline_text(token.children or [], keep_links)
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


def _inline_text(children: list[Token], keep_links: bool) -> str:
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
            words = "".join(parts[start:])
            if keep_links and href and href not in (words, f"mailto:{words}"):
                parts.append(f" ({href})")
    return "".join(parts)
