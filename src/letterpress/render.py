"""The render stage: the Jinja2 environment templates share, and what a renderer implements.

Templates are found in the workspace's templates/ first, then in the package, file by file;
``{% extends "default:email.mjml.j2" %}`` reaches the package's own version of a file that
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

from letterpress.email_service import service_links
from letterpress.errors import LetterpressError
from letterpress.i18n import longdate as longdate  # the `longdate` filter, written by Babel
from letterpress.i18n import text_direction, translations

if TYPE_CHECKING:
    import jinja2

    from letterpress.models import Issue
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

    def render_template(self, name: str, issue: Issue, **extra: Any) -> str:
        """Render template ``name`` with ``issue``, ``newsletter``, ``links`` and ``service``
        (the email service's unsubscribe and web links), and ``extra``."""
        template = self.environment.get_template(name)
        variables = {
            "issue": issue,
            "newsletter": self.workspace.newsletter,
            "links": link_list(issue),
            # The unsubscribe and web-version links, in the email service's merge tags.
            "service": service_links(self.workspace.newsletter, issue.number),
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


def link_list(issue: Issue) -> list[str]:
    """Every distinct link of the issue in reading order: the plain text's numbered list."""
    links: list[str] = []
    for item in issue.items:
        if item.url and item.url not in links:
            links.append(item.url)
    return links


def make_environment(workspace: Workspace) -> jinja2.Environment:
    """The templates' environment, its fixed strings in the newsletter's language.

    Templates mark those strings with ``_("Read more")`` or ``{% trans %}``; the language's
    catalogs (letterpress.i18n) give their translations.
    """
    import jinja2

    package = jinja2.PackageLoader("letterpress", "templates")
    loader = jinja2.ChoiceLoader(
        [
            jinja2.FileSystemLoader(workspace.templates_dir),
            jinja2.PrefixLoader({"default": package}, delimiter=":"),
            package,
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
    env.filters["wrap"] = wrap
    env.filters["longdate"] = longdate
    env.filters["direction"] = text_direction
    env.filters["paragraphs"] = paragraphs
    env.filters["markdown"] = markdown_html
    env.filters["markdown_text"] = markdown_text
    return env


def wrap(text: str, width: int = TEXT_WIDTH, indent: str = "", first: str | None = None) -> str:
    """Wrap each paragraph of ``text`` to ``width`` columns; a long URL stays whole."""
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
    return "\n\n".join(blocks)


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


def paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]
