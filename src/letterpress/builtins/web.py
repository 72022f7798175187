"""The web edition: the issue as a web page, and the list and feed of every built issue.

build/issue-N/index.html is this renderer's file. Beside it, one folder up (the render
context's build_dir), it keeps build/index.html, listing the built issues newest first,
and build/feed.xml, their Atom feed, both written whole or not at all.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from letterpress import hookimpl
from letterpress.archive import BuiltIssue, atom_feed, built_issues
from letterpress.email_service import issue_url
from letterpress.models import Issue
from letterpress.render import RenderContext, Renderer


class WebEdition(Renderer):
    """web.html.j2: the issue as a page of its own, with no tables and no merge tags."""

    type_name = "web"
    filename = "index.html"

    def render(self, issue: Issue, context: RenderContext) -> str:
        newsletter = context.workspace.newsletter
        page = context.render_template(
            "web.html.j2", issue, page_url=issue_url(newsletter.url, issue.number)
        )
        if context.build_dir is not None:
            render_archive(issue, context, context.build_dir)
        return page


def render_archive(issue: Issue, context: RenderContext, build_dir: Path) -> None:
    """build/index.html and build/feed.xml, with ``issue`` as it is being built now."""
    newsletter = context.workspace.newsletter
    issues = built_issues(build_dir, BuiltIssue.of(issue), context.warn)
    pages: dict[str, tuple[str, dict[str, Any]]] = {
        "index.html": ("archive.html.j2", {"issues": issues}),
        "feed.xml": ("feed.xml.j2", {"feed": atom_feed(issues, newsletter.name, newsletter.url)}),
    }
    for filename, (template, variables) in pages.items():
        text = context.environment.get_template(template).render(
            newsletter=newsletter, language=newsletter.language, **variables
        )
        context.build_outputs[filename] = text.encode("utf-8")


@hookimpl
def register_renderers() -> list[type[Renderer]]:
    return [WebEdition]
