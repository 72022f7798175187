"""The built-in outputs: the HTML email, its plain-text twin, and issue.json.

Both emails hold the issue as letterpress.email_html fits it to the size budget; issue.json
holds all of it.
"""

from __future__ import annotations

import json
import re

from letterpress import hookimpl
from letterpress.email_html import Fitted, cached_html, email_fit
from letterpress.models import Issue
from letterpress.render import TEXT_WIDTH, RenderContext, Renderer

GMAIL_CLIP_BYTES = 102_000


class EmailHtml(Renderer):
    """email.mjml.j2 through Jinja2, MJML and css-inline, cut to the newsletter's budget."""

    type_name = "email-html"
    filename = "email.html"

    def render(self, issue: Issue, context: RenderContext) -> str:
        fitted = email_fit(issue, context)
        html = cached_html(fitted, context)
        if fitted.left_out:
            newsletter = context.workspace.newsletter
            whole, held = len(issue.items), len(issue.items) - len(fitted.left_out)
            context.note(
                f"email.html holds {held:,} of the {whole:,} items (email_budget = "
                f"{newsletter.email_budget} KB, brief_max = {newsletter.brief_max}); the other "
                f"{len(fitted.left_out):,} are on the web edition"
            )
        size = len(html.encode("utf-8"))
        if size > GMAIL_CLIP_BYTES:
            context.warn(
                f"email.html is {size / 1000:.0f} KB: Gmail clips messages over "
                f"{GMAIL_CLIP_BYTES / 1000:.0f} KB of HTML"
            )
        return html


class EmailText(Renderer):
    """email.txt.j2: the plain-text version, wrapped at 78 columns, links numbered."""

    type_name = "email-text"
    filename = "email.txt"

    def render(self, issue: Issue, context: RenderContext) -> str:
        # The same items as the HTML email, and the same "and N more on the web".
        try:
            fitted = email_fit(issue, context)
        except Exception:
            # The HTML email could not be rendered, and its renderer says why: the
            # plain text still goes out, the whole issue in it.
            fitted = Fitted(issue)
        text = context.render_template(
            "email.txt.j2", fitted.issue, width=TEXT_WIDTH, more=fitted.more
        )
        text = re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
        long_lines = [
            n
            for n, line in enumerate(text.splitlines(), 1)
            # A link alone on its line is never broken, however long: it would stop working.
            if len(line) > TEXT_WIDTH and not re.fullmatch(r"\s*(\[\d+\] )?\S+", line)
        ]
        if long_lines:
            context.warn(f"email.txt: lines {long_lines[:5]} are over {TEXT_WIDTH} characters")
        return text


class IssueJson(Renderer):
    """issue.json: the issue model, for other tools and for tests."""

    type_name = "issue-json"
    filename = "issue.json"

    def render(self, issue: Issue, context: RenderContext) -> str:
        return json.dumps(issue.to_json(), ensure_ascii=False, indent=2) + "\n"


@hookimpl
def register_renderers() -> list[type[Renderer]]:
    return [EmailHtml, EmailText, IssueJson]
