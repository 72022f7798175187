"""The assemble stage: the Issue, from the issue's settings and the sorted items."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from letterpress.errors import ConfigError
from letterpress.i18n import catalog_paths, translations
from letterpress.issue_file import IssueSettings
from letterpress.models import Issue, Item, Report, Section
from letterpress.overrides import closest_ids
from letterpress.scoring import SectionType
from letterpress.sectioning import Sorted
from letterpress.text import first_sentence, squash_space
from letterpress.workspace import Newsletter, Workspace

PREHEADER_LIMIT = 90


@dataclass(frozen=True)
class Assembled:
    """The issue, and the items it had no room for, which wait for the next one."""

    issue: Issue
    carried: tuple[Item, ...] = ()


def assemble(
    settings: IssueSettings,
    workspace: Workspace,
    sorted_items: Sorted,
    pinned: set[str],
    report: Report,
) -> Assembled:
    newsletter = workspace.newsletter
    # Titles the workspace left at their English defaults, in the newsletter's language.
    translate = translations(newsletter.language, workspace.root).gettext
    language = newsletter.language.replace("-", "_").split("_")[0].lower()
    if language != "en" and not catalog_paths(newsletter.language, workspace.root):
        report.warn(
            f"language {newsletter.language!r} has no catalog (locale/{language}/LC_MESSAGES/"
            "letterpress.po in the workspace or the package): fixed strings stay in English"
        )
    placed = {name: list(items) for name, items in sorted_items.placed.items()}
    unsectioned = list(sorted_items.unsectioned)
    featured = _take_featured(settings, placed, unsectioned, report)
    carried: list[Item] = []
    sections = []
    for section in _in_order(sorted_items.sections, settings, report):
        items = placed[section.name]
        limit = settings.limit(section.name)
        if limit is not None and len(items) > limit:
            items, over = _fit(items, limit, pinned)
            for item in over:
                report.drop(item, f"carried to the next issue ({section.title} holds {limit})")
            carried += over
        if items:
            title = section.title
            if not section.title_given:
                title = translate(title)
                if title == section.title:  # no catalog has it: the plugin's own, if any
                    title = _own_title(section.titles, newsletter.language) or title
            sections.append(Section(section.name, title, tuple(items)))
    if newsletter.unsectioned == "drop":
        for item in unsectioned:
            report.drop(item, "fits no section")
        unsectioned = [i for i in unsectioned if i.id in pinned]
    # max_items holds for In brief too, by the name "brief" or as the number for all.
    limit = settings.limit("brief")
    if limit is not None and len(unsectioned) > limit:
        unsectioned, over = _fit(unsectioned, limit, pinned)
        for item in over:
            report.drop(item, f"carried to the next issue (In brief holds {limit})")
        carried += over
    title = settings.title or f"{newsletter.name} #{settings.number}"
    brief_title = newsletter.unsectioned_title
    if brief_title == Newsletter.unsectioned_title:
        brief_title = translate(brief_title)
    brief = brief_title if unsectioned else ""
    preheader = settings.preheader or _preheader(settings.intro, tuple(sections), brief)
    if len(preheader) > PREHEADER_LIMIT:
        report.warn(
            f"preheader is {len(preheader)} characters; inboxes show about {PREHEADER_LIMIT}"
        )
    issue = Issue(
        subject=subject(settings, workspace, title),
        number=settings.number,
        date=settings.date,
        title=title,
        newsletter=newsletter.name,
        language=newsletter.language,
        intro=settings.intro.strip(),
        preheader=preheader,
        featured=featured,
        sections=tuple(sections),
        unsectioned=tuple(unsectioned),
        unsectioned_title=brief_title,
    )
    return Assembled(issue, tuple(carried))


def _take_featured(
    settings: IssueSettings,
    placed: dict[str, list[Item]],
    unsectioned: list[Item],
    report: Report,
) -> Item | None:
    """The featured item, taken out of the list it was sorted into."""
    if not settings.featured:
        return None
    for items in [*placed.values(), unsectioned]:
        for item in items:
            if item.id == settings.featured:
                items.remove(item)
                return item
    everything = [i for items in placed.values() for i in items] + unsectioned
    report.warn(
        f"issue file: featured = {settings.featured!r} is not in this issue"
        f"{closest_ids(settings.featured, everything)}"
    )
    return None


def _in_order(
    sections: list[SectionType], settings: IssueSettings, report: Report
) -> list[SectionType]:
    """The issue file's section order first, then the others in letterpress.toml's order."""
    by_name = {s.name: s for s in sections}
    for name in settings.section_order:
        if name not in by_name:
            report.warn(
                f"issue file: sections names {name!r}, which is not one of this newsletter's "
                f"({', '.join(by_name)})"
            )
    first = [by_name[n] for n in settings.section_order if n in by_name]
    return first + [s for s in sections if s not in first]


def _fit(items: list[Item], limit: int, pinned: set[str]) -> tuple[list[Item], list[Item]]:
    """The first ``limit`` items, pinned ones before all others; and the rest, in order."""
    ranked = sorted(items, key=lambda i: i.id not in pinned)  # stable: keeps the order
    keep = {id(i) for i in ranked[: max(limit, sum(i.id in pinned for i in items))]}
    return [i for i in items if id(i) in keep], [i for i in items if id(i) not in keep]


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


def _own_title(titles: Mapping[str, str], language: str) -> str | None:
    """A section's title in ``language`` from its own table: "nl-BE", else "nl"."""
    tag = language.replace("_", "-")
    return titles.get(tag) or titles.get(tag.split("-")[0].lower())
