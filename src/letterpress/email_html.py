"""The HTML email, and the issue cut to fit it: Jinja2 -> MJML -> HTML with its CSS inlined.

Gmail clips a message past about 102 KB of HTML, hiding the rest of the issue and its
unsubscribe link. So the email holds what fits `[newsletter] email_budget` (85 KB unless
set), and In brief at most `brief_max` items: every section keeps its first items, as many
as the budget allows (the same number for each, so none is crowded out), and says how many
more there are. Those are on the web edition (`overflow = "web"`), or wait for the next
issue (`overflow = "next"`, applied before the issue is recorded, by the pipeline).
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from letterpress.models import Issue, Item
    from letterpress.render import RenderContext

BRIEF = "in-brief"  # In brief's name among the sections, in `more` and the templates' anchors
_INLINE_STYLE = re.compile(r"<mj-style\s+inline=\"inline\"\s*>(.*?)</mj-style>", re.S)
# A style attribute as css-inline writes it, and the spaces in it no client needs: each
# element of every item carries one, so they count for some kilobytes of a long issue.
_STYLE_ATTRIBUTE = re.compile(r'style="([^"]*)"')
_STYLE_SPACE = re.compile(r"\s*([:;])\s*")


@dataclass(frozen=True)
class Fitted:
    """The issue as the email holds it, how many items each section left out, and which."""

    issue: Issue
    more: Mapping[str, int] = field(default_factory=dict)
    left_out: tuple[Item, ...] = ()


def render_html(issue: Issue, context: RenderContext, more: Mapping[str, int]) -> str:
    """email.mjml.j2 through Jinja2, then MJML to HTML, then its inline CSS onto the elements."""
    import css_inline
    import mjml

    source = context.render_template("email.mjml.j2", issue, more=more)
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
    return _STYLE_ATTRIBUTE.sub(_tight_style, inliner.inline(html))


def _tight_style(match: re.Match[str]) -> str:
    tight = _STYLE_SPACE.sub(r"\1", match.group(1)).rstrip(";")
    return f'style="{tight}"'


def email_fit(issue: Issue, context: RenderContext) -> Fitted:
    """``issue`` cut to the newsletter's budget and In brief's cap; worked out once a run."""
    cached = context.cache.get("email_fit")
    if isinstance(cached, tuple) and cached[0] is issue:
        fitted: Fitted = cached[1]
        return fitted
    newsletter = context.workspace.newsletter

    def size(candidate: Fitted) -> int:
        html = render_html(candidate.issue, context, candidate.more)
        context.cache["email_html"] = (candidate, html)
        return len(html.encode("utf-8"))

    fitted = fit_issue(issue, newsletter.email_budget * 1000, newsletter.brief_max, size)
    context.cache["email_fit"] = (issue, fitted)
    return fitted


def fit_issue(issue: Issue, budget: int, brief_max: int, size: Callable[[Fitted], int]) -> Fitted:
    """The most items per section (the same for each) whose email weighs at most ``budget``.

    ``size`` renders a candidate and says how many bytes it is; it is called about
    log2(longest section) times, starting from an estimate, never with more than needed.
    """
    lengths = [len(s.items) for s in issue.sections] + [len(issue.unsectioned)]
    longest = max(lengths, default=0)
    whole = keep_first(issue, longest, brief_max)
    total = size(whole)
    if total <= budget:
        return whole
    # An estimate from the whole issue's weight: the cap that keeps budget/total of the
    # items, doubled to be safe. Found too small, the search widens to every cap.
    kept = sum(lengths) * budget / total
    low, high = 0, min(longest, max(1, 2 * math.ceil(kept / max(1, len(lengths)))))
    if size(keep_first(issue, high, brief_max)) <= budget:
        low, high = high, longest
    else:
        high -= 1
    # The largest cap that fits, between low (fits, or nothing smaller does) and high.
    while low < high:
        middle = (low + high + 1) // 2
        if size(keep_first(issue, middle, brief_max)) <= budget:
            low = middle
        else:
            high = middle - 1
    return keep_first(issue, low, brief_max)


def keep_first(issue: Issue, cap: int, brief_max: int) -> Fitted:
    """Each section's first ``cap`` items, In brief's min(cap, brief_max); the rest counted."""
    more: dict[str, int] = {}
    left_out: list[Item] = []
    sections = []
    for section in issue.sections:
        sections.append(dataclasses.replace(section, items=section.items[:cap]))
        if len(section.items) > cap:
            more[section.name] = len(section.items) - cap
            left_out += section.items[cap:]
    brief_cap = min(cap, brief_max)
    if len(issue.unsectioned) > brief_cap:
        more[BRIEF] = len(issue.unsectioned) - brief_cap
        left_out += issue.unsectioned[brief_cap:]
    if not more:
        return Fitted(issue)
    cut = dataclasses.replace(
        issue, sections=tuple(sections), unsectioned=issue.unsectioned[:brief_cap]
    )
    return Fitted(cut, more, tuple(left_out))


def cached_html(fitted: Fitted, context: RenderContext) -> str:
    """The HTML of ``fitted``: the one measured last, if it was this one, else rendered now."""
    last = context.cache.get("email_html")
    if isinstance(last, tuple) and last[0] == fitted:
        html: str = last[1]
        return html
    return render_html(fitted.issue, context, fitted.more)
