"""The built-in outputs: the HTML email, its plain-text twin, and issue.json."""

from __future__ import annotations

import json
import re

from letterpress import hookimpl
from letterpress.models import Issue
from letterpress.render import TEXT_WIDTH, RenderContext, Renderer

GMAIL_CLIP_BYTES = 102_000
_INLINE_STYLE = re.compile(r"<mj-style\s+inline=\"inline\"\s*>(.*?)</mj-style>", re.S)
# A style attribute as css-inline writes it, and the spaces in it no client needs: each
# element of every item carries one, so they count for some kilobytes of a long issue.
_STYLE_ATTRIBUTE = re.compile(r'style="([^"]*)"')
_STYLE_SPACE = re.compile(r"\s*([:;])\s*")


class EmailHtml(Renderer):
    """email.mjml.j2 through Jinja2, then MJML to HTML, then its inline CSS onto the elements."""

    type_name = "email-html"
    filename = "email.html"

    def render(self, issue: Issue, context: RenderContext) -> str:
        import css_inline
        import mjml

        source = context.render_template("email.mjml.j2", issue)
        # mjml-python emits `mj-style inline` CSS as an ordinary <style>; take it out and
        # give it to css-inline instead, which is what MJML itself would have done.
        inline_css = "\n".join(_INLINE_STYLE.findall(source))
        html = mjml.mjml2html(_INLINE_STYLE.sub("", source), disable_comments=True, fonts={})
        inliner = css_inline.CSSInliner(
            inline_style_tags=False,
            keep_style_tags=True,
            load_remote_stylesheets=False,
            extra_css=inline_css or None,
        )
        html = _STYLE_ATTRIBUTE.sub(_tight_style, inliner.inline(html))
        size = len(html.encode("utf-8"))
        if size > GMAIL_CLIP_BYTES:
            context.warn(
                f"email.html is {size / 1000:.0f} KB: Gmail clips messages over "
                f"{GMAIL_CLIP_BYTES / 1000:.0f} KB of HTML"
            )
        return str(html)


def _tight_style(match: re.Match[str]) -> str:
    tight = _STYLE_SPACE.sub(r"\1", match.group(1)).rstrip(";")
    return f'style="{tight}"'


class EmailText(Renderer):
    """email.txt.j2: the plain-text version, wrapped at 78 columns, links numbered."""

    type_name = "email-text"
    filename = "email.txt"

    def render(self, issue: Issue, context: RenderContext) -> str:
        text = context.render_template("email.txt.j2", issue, width=TEXT_WIDTH)
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
