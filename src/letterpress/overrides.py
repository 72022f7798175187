"""The issue file's word on single items: drop, rewrite, place; and which ids it pins."""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Iterable
from typing import Any

from letterpress.issue_file import Override
from letterpress.models import Item, Report


def closest_ids(wanted: str, items: Iterable[Item], n: int = 3) -> str:
    """'; did you mean ...' for an id nobody has, naming the closest ids and their titles."""
    by_id = {item.id: item.title for item in items}
    close = difflib.get_close_matches(wanted, list(by_id), n=n, cutoff=0.4)
    if not close:
        return " (letterpress items --issue N lists every id)"
    return "; closest: " + ", ".join(f"{i} ({by_id[i][:40]})" for i in close)


def apply_overrides(
    items: list[Item], overrides: dict[str, Override], report: Report
) -> tuple[list[Item], set[str]]:
    """The items as the issue file wants them, and the ids it pins."""
    known = {item.id for item in items}
    for wanted in overrides:
        if wanted not in known:
            report.warn(f"issue file: no item has the id {wanted!r}{closest_ids(wanted, items)}")
    kept = []
    for item in items:
        override = overrides.get(item.id)
        if override is None:
            kept.append(item)
            continue
        if override.drop:
            report.drop(item, "dropped in the issue file")
            continue
        changes: dict[str, Any] = {"placement": override.describe()}
        if override.title:
            changes["title"] = override.title
        if override.summary:
            # The editor's summary replaces the note's Markdown body too: templates show it.
            changes["summary"] = override.summary
            changes["body_markdown"] = ""
        if override.section is not None:
            changes["section"] = override.section
        kept.append(dataclasses.replace(item, **changes))
    return kept, {i for i, o in overrides.items() if o.pin}
