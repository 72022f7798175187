"""The assemble stage: the Issue, from the issue's settings and the sorted items."""

from __future__ import annotations

from letterpress.models import Issue, Report, Section
from letterpress.sectioning import Sorted
from letterpress.text import first_sentence, squash_space
from letterpress.workspace import IssueSettings, Workspace

PREHEADER_LIMIT = 90


def assemble(
    settings: IssueSettings, workspace: Workspace, sorted_items: Sorted, report: Report
) -> Issue:
    newsletter = workspace.newsletter
    sections = tuple(
        Section(s.name, s.title, tuple(sorted_items.placed[s.name]))
        for s in sorted_items.sections
        if sorted_items.placed[s.name]
    )
    unsectioned = tuple(sorted_items.unsectioned)
    if newsletter.unsectioned == "drop":
        for item in unsectioned:
            report.drop(item, "fits no section")
        unsectioned = ()
    title = settings.title or f"{newsletter.name} #{settings.number}"
    preheader = settings.preheader or _preheader(
        settings.intro, sections, newsletter.unsectioned_title if unsectioned else ""
    )
    if len(preheader) > PREHEADER_LIMIT:
        report.warn(
            f"preheader is {len(preheader)} characters; inboxes show about {PREHEADER_LIMIT}"
        )
    return Issue(
        number=settings.number,
        date=settings.date,
        title=title,
        newsletter=newsletter.name,
        language=newsletter.language,
        intro=settings.intro.strip(),
        preheader=preheader,
        sections=sections,
        unsectioned=unsectioned,
        unsectioned_title=newsletter.unsectioned_title,
    )


def _preheader(intro: str, sections: tuple[Section, ...], brief: str) -> str:
    """The intro's first sentence if it fits, else the sections this issue covers."""
    if intro.strip():
        sentence = first_sentence(squash_space(intro))
        if len(sentence) <= PREHEADER_LIMIT:
            return sentence
    names = [s.title for s in sections] + ([brief] if brief else [])
    text = ", ".join(names)
    return (
        text
        if len(text) <= PREHEADER_LIMIT
        else text[: PREHEADER_LIMIT - 1].rsplit(",", 1)[0] + "…"
    )
