"""The section stage: every section scores every item; the best score at its threshold wins."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from letterpress.models import Item, Report
from letterpress.plugin_failure import failed_at
from letterpress.plugins import PluginHost, instantiate
from letterpress.scoring import Score, SectionType
from letterpress.workspace import Workspace


@dataclass(frozen=True)
class Sorted:
    """Items by section name, in each section's order, and the items no section claimed."""

    sections: list[SectionType]
    placed: dict[str, list[Item]]
    unsectioned: list[Item]


def configured_sections(
    workspace: Workspace, host: PluginHost, warn: Callable[[str], None] | None = None
) -> list[SectionType]:
    """One section per [sections.NAME] table, in the order letterpress.toml lists them."""
    types = host.registered_types("register_section_types", SectionType, warn)
    sections = []
    for name, table in workspace.table("sections").items():
        section, _ = instantiate(
            "sections",
            name,
            table,
            types,
            workspace.config_path,
            (name, table),
            hint='; or type = "keywords" with a list of keywords',
        )
        sections.append(section)
    return sections


def assign_sections(items: list[Item], sections: list[SectionType], report: Report) -> Sorted:
    """Place each item in exactly one section, or in none."""
    by_name = {section.name: section for section in sections}
    placed: dict[str, list[Item]] = {section.name: [] for section in sections}
    unsectioned: list[Item] = []
    broken: set[str] = set()
    for item in items:
        if item.section in by_name:
            placed[item.section].append(item)
            continue
        if item.section:
            report.warn(
                f"{item.origin or item.source}: section {item.section!r} is not one of this "
                f"newsletter's ({', '.join(by_name)}); placed by its words instead"
            )
        best_section, best_value, why = None, 0.0, ""
        for section in sections:
            if section.name in broken:
                continue
            try:
                # Typed as object: a plugin may break the contract, and is told so below.
                score: object = section.score(item)
            except Exception as error:
                # The section is left out for the rest of the issue; the others still sort.
                broken.add(section.name)
                report.warn(
                    f"section {section.name!r} ({type(section).__name__}) raised "
                    f"{type(error).__name__}: {error}{failed_at(error, type(section))} while "
                    f"scoring {item.origin or item.id}; it takes no further items",
                    error,
                )
                continue
            if not isinstance(score, Score):
                broken.add(section.name)
                report.warn(
                    f"section {section.name!r} ({type(section).__name__}): score() must "
                    f"return a Score, not {type(score).__name__} such as {score!r}; "
                    "it takes no further items"
                )
                continue
            if score.value >= section.threshold and score.value > best_value:
                best_section, best_value = section, score.value
                why = f"{section.name} {score.value:g}: {', '.join(score.matched)}"
        if best_section is None:
            unsectioned.append(dataclasses.replace(item, section=None, placement="no section"))
        else:
            placed[best_section.name].append(
                dataclasses.replace(
                    item, section=best_section.name, placement=why, score=best_value
                )
            )
    return Sorted(sections, placed, unsectioned)
