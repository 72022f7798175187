"""The render stage: the Jinja2 environment templates share, and what a renderer implements.

Templates are found in the workspace's templates/ first, then in its theme, then in the
themes that one extends (letterpress.theme), file by file; ``{% extends "default:item.html.j2" %}``
(or any theme's name before the colon) reaches that theme's own version of a file that
the workspace overrides.
"""

from __future__ import annotations

import re
import textwrap
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from markupsafe import Markup, escape

from letterpress.email_service import issue_url, service_links
from letterpress.errors import LetterpressError
from letterpress.i18n import longdate as longdate  # the `longdate` filter, written by Babel
from letterpress.i18n import text_direction, translations
from letterpress.text import first_sentence, lead_title, squash_space

if TYPE_CHECKING:
    import jinja2

    from letterpress.models import Issue, Item
    from letterpress.workspace import Workspace

TEXT_WIDTH = 78


@dataclass
class RenderContext:
    """What a renderer may use besides the issue: the workspace and the template environment."""

    workspace: Workspace  # the newsletter's folder and its [newsletter] settings
    # The templates' Jinja2 environment: the workspace's templates/ first, then the package's.
    environment: jinja2.Environment
    warn: Callable[[str], None]  # report a problem and carry on
    # Outputs already rendered in this run, by file name, for renderers that build on them.
    outputs: dict[str, bytes] = field(default_factory=dict)
    # The folder holding every built issue (build/), for what spans issues: an index, a feed.
    build_dir: Path | None = None
    # Files for build/ itself rather than the issue's folder, by name; the write stage
    # writes them with the issue's own files.
    build_outputs: dict[str, bytes] = field(default_factory=dict)
    # What one renderer works out for others in this run, such as the email's fit.
    cache: dict[str, Any] = field(default_factory=dict)
    # A line for the user that is no warning (--strict does not fail on it).
    note: Callable[[str], None] = lambda message: None

    def render_template(self, name: str, issue: Issue, **extra: Any) -> str:
        """Render template ``name`` with ``issue``, ``newsletter``, ``links`` and ``service``
        (the email service's unsubscribe and web links), and ``extra``."""
        template = self.environment.get_template(name)
        variables = {
            "issue": issue,
            "newsletter": self.workspace.newsletter,
            "links": link_list(issue, _summary_mode(self.environment)),
            # The unsubscribe and web-version links, in the email service's merge tags.
            "service": service_links(self.workspace.newsletter, issue.number),
            # Items the email has no room for, by section name; they are at web_url.
            "more": {},
            "web_url": issue_url(self.workspace.newsletter.url, issue.number),
        }
        return template.render(variables | extra)


class MissingOutputError(LetterpressError):
    """A renderer needs an output that failed to render in this run.

    Raise it from ``render`` when ``context.outputs`` lacks what you build on: the run then
    reports the output that failed, once, and names yours as left out with it.
    """


class Renderer(ABC):
    """Writes one file of a built issue from the assembled Issue."""

    type_name: ClassVar[str]  # a name for messages and for replacing a renderer
    filename: ClassVar[str]  # the file it writes in build/issue-N/

    @abstractmethod
    def render(self, issue: Issue, context: RenderContext) -> str | bytes:
        """The file's content: text (written as UTF-8) or bytes."""


def link_list(issue: Issue, mode: str = "full") -> list[str]:
    """Every distinct link of the issue in reading order: the plain text's numbered list.

    An item's own link comes first, then those of its Markdown body as ``mode`` shows it
    ("full", or its "first" sentence). In brief shows a line of each item: its own link only.
    """
    brief = {id(item) for item in issue.unsectioned}
    links: list[str] = []
    for item in issue.items:
        found = [item.url] if item.url else []
        if item.body_markdown and id(item) not in brief:
            from letterpress.markdown import Body

            found += Body(item.body_markdown, item.url).links(first=mode == "first")
        for url in found:
            if url not in links:
                links.append(url)
    return links


def _summary_mode(environment: jinja2.Environment) -> str:
    """The theme's layout.summary: how much of each item's text the templates show."""
    theme = cast("dict[str, Any]", environment.globals.get("theme") or {})
    return str(theme.get("layout", {}).get("summary", "full"))


def make_environment(workspace: Workspace) -> jinja2.Environment:
    """The templates' environment, its fixed strings in the newsletter's language.

    Templates mark those strings with ``_("Read more")`` or ``{% trans %}``; the language's
    catalogs (letterpress.i18n) give their translations.
    """
    import jinja2

    from letterpress.theme import BUILT_IN, DEFAULT, load_theme

    theme = load_theme(workspace)
    chain = [folder for _, folder in theme.folders]
    if BUILT_IN / DEFAULT not in chain:
        chain.append(BUILT_IN / DEFAULT)
    # "digest:item.html.j2" is the file as the digest theme has it: its own, else the one
    # of the theme it extends, so an override can wrap whichever version is in use there.
    named = {name: jinja2.FileSystemLoader(chain[n:]) for n, (name, _) in enumerate(theme.folders)}
    named.setdefault(DEFAULT, jinja2.FileSystemLoader(BUILT_IN / DEFAULT))
    loader = jinja2.ChoiceLoader(
        [
            jinja2.FileSystemLoader(workspace.templates_dir),
            jinja2.PrefixLoader(named, delimiter=":"),
            jinja2.FileSystemLoader(chain),
        ]
    )
    cache = workspace.root / ".letterpress" / "templates"
    cache.mkdir(parents=True, exist_ok=True)
    env = jinja2.Environment(
        loader=loader,
        # Compiled templates are kept between runs, keyed by each template's source: a
        # compile that parses none saves a good part of a cold run.
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(cache)),
        # Plain text has no markup to escape; everything else is HTML or MJML.
        autoescape=lambda name: not (name or "").endswith(".txt.j2"),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    # New-style gettext: `_("Issue %(number)s", number=n)` formats and escapes its values.
    cast(Any, env).install_gettext_translations(
        translations(workspace.newsletter.language, workspace.root), newstyle=True
    )
    env.globals["theme"] = theme.settings
    env.filters["wrap"] = wrap
    env.filters["longdate"] = longdate
    env.filters["direction"] = text_direction
    env.filters["paragraphs"] = paragraphs
    env.filters["markdown"] = markdown_html
    env.filters["markdown_text"] = markdown_text
    env.filters["css"] = css_value
    env.filters["summary"] = summary
    env.filters["lead_in"] = lead_in
    env.filters["brief_line"] = brief_line
    env.filters["body_html"] = body_html
    env.filters["body_inline"] = body_inline
    env.filters["body_text"] = body_text
    return env


# Joins a reference such as "[4]" to the word before it while wrapping: textwrap breaks
# only at ASCII whitespace, so a wrapped title never leaves its "[4]" alone on a line.
_GLUE = "\x00"


def wrap(
    text: str,
    width: int = TEXT_WIDTH,
    indent: str = "",
    first: str | None = None,
    tail: str = "",
) -> str:
    """Wrap each paragraph of ``text`` to ``width`` columns; a long URL stays whole.

    ``tail`` (a link's number) follows the last word on its line, never on a line alone.
    """
    if tail:
        text = text.rstrip() + _GLUE + tail.replace(" ", _GLUE)
    lead = indent if first is None else first
    blocks = []
    for n, block in enumerate(paragraphs(text)):
        blocks.append(
            textwrap.fill(
                block,
                width=width,
                initial_indent=lead if n == 0 else indent,
                subsequent_indent=indent,
                break_long_words=False,
                break_on_hyphens=False,
            )
        )
    return "\n\n".join(blocks).replace(_GLUE, " ")


def css_value(value: object) -> Markup:
    """A theme's value inside CSS: quotes kept, and nothing that could close a rule or a tag."""
    return Markup(re.sub(r"[<>{};\\]", "", str(value)))


def summary(text: str, mode: str = "full") -> str:
    """An item's text as the theme shows it: "full", or its "first" sentence alone."""
    if mode == "first":
        return first_sentence(squash_space(text))
    return text


def lead_in(paragraph: str) -> tuple[str, str]:
    """A paragraph's first sentence, to set in bold for an item with no headline, and the rest."""
    lead = first_sentence(paragraph)
    return lead, paragraph[len(lead) :].strip()


@dataclass(frozen=True)
class BriefLine:
    """One line of In brief: the headline, if there is one, and at most a sentence after it."""

    title: str
    text: str


# About one line of the column at desktop width.
BRIEF_LINE = 90


def brief_line(item: Item, with_summary: bool = True) -> BriefLine:
    """An item cut to one line: its headline and the start of its first sentence, or that alone."""
    title = squash_space(item.headline)
    room = BRIEF_LINE - len(title)
    if title and (room < 30 or not with_summary):
        return BriefLine(title if len(title) <= BRIEF_LINE else lead_title(title, BRIEF_LINE), "")
    sentence = first_sentence(squash_space(item.summary))
    return BriefLine(title, sentence if len(sentence) <= room else lead_title(sentence, room))


_MARKDOWN_SYNTAX = re.compile(r"[*_`\[\]<>&!\\|~]|^ {0,3}(#|[-+=]|\d+[.)])|^ {4}", re.M)


def markdown_html(text: str) -> Markup:
    """An editor's Markdown as HTML: raw HTML in it is escaped, unsafe links are refused."""
    if not _MARKDOWN_SYNTAX.search(text):
        # Plain paragraphs (most intros): the same HTML without loading the Markdown parser.
        return Markup("".join(f"<p>{escape(p)}</p>\n" for p in paragraphs(text)))
    from letterpress import markdown

    return Markup(markdown.markdown_html(text))


def markdown_text(text: str) -> str:
    """An editor's Markdown as plain text, each link's address after its words."""
    if not _MARKDOWN_SYNTAX.search(text):
        return "\n\n".join(paragraphs(text))
    from letterpress import markdown

    return markdown.markdown_text(text, keep_links=True)


def body_html(item: Item, mode: str = "full") -> Markup:
    """A Markdown body as HTML blocks, its links and emphasis kept: "full", or its "first"
    sentence."""
    from letterpress.markdown import Body

    return Markup(Body(item.body_markdown, item.url).html(first=mode == "first"))


def body_inline(item: Item, mode: str = "full") -> Markup:
    """A Markdown body inside one paragraph, its links and emphasis kept: "full", or its
    "first" sentence."""
    from letterpress.markdown import Body

    return Markup(Body(item.body_markdown, item.url).inline_html(first=mode == "first"))


def body_text(item: Item, links: list[str], mode: str = "full") -> str:
    """An item's text for email.txt: a Markdown body's links become their numbers in ``links``."""
    if not item.body_markdown:
        return summary(item.summary, mode)
    from letterpress.markdown import Body

    return Body(item.body_markdown, item.url).plain(links, first=mode == "first")


def paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]
