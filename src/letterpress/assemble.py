"""The assemble stage: the Issue, from the issue's settings and the sorted items."""

from __future__ import annotations

from letterpress.errors import ConfigError
from letterpress.models import Issue, Report, Section
from letterpress.sectioning import Sorted
from letterpress.text import first_sentence, squash_space
from letterpress.workspace import IssueSettings, Newsletter, Workspace

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
        subject=subject(settings, workspace, title),
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


def subject(settings: IssueSettings, workspace: Workspace, title: str) -> str:
    """The issue file's `subject`, else [newsletter] subject filled in for this issue."""
    newsletter = workspace.newsletter
    if settings.subject:
        line = settings.subject
    elif (
        newsletter.subject == Newsletter.subject
        and title == f"{newsletter.name} #{settings.number}"
    ):
        # An issue with no title of its own is already titled "Name #N".
        line = title
    else:
        try:
            line = newsletter.subject.format(
                newsletter=newsletter.name, number=settings.number, title=title, date=settings.date
            )
        except (KeyError, IndexError, AttributeError, ValueError) as error:
            raise ConfigError(
                workspace.config_path,
                f"cannot fill in {newsletter.subject!r} ({type(error).__name__}: {error}); "
                "it may use {newsletter}, {number}, {title} and {date}",
                key="newsletter.subject",
            ) from error
    # A line break in a header would end it early: the Subject is one line.
    return " ".join(line.split())
