"""The select stage: the items that belong to this issue: in its window, not published before."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from letterpress.models import Item, Report


@dataclass(frozen=True)
class Window:
    """From the day after the previous issue (or ``start``) up to the issue's own date."""

    start: dt.date
    end: dt.date

    def holds(self, item: Item) -> bool:
        if item.published is None:
            return True  # undated notes are the editor's to place
        day = item.published.date() if isinstance(item.published, dt.datetime) else item.published
        return self.start <= day <= self.end

    def __str__(self) -> str:
        return f"{self.start.isoformat()} to {self.end.isoformat()}"


@dataclass(frozen=True)
class History:
    """What earlier issues did: the ids they published, and the ids they carried forward."""

    published: dict[str, int]  # item id -> the issue that published it
    carried: frozenset[str] = frozenset()


def select(
    items: list[Item],
    window: Window,
    history: History,
    pinned: set[str],
    report: Report,
) -> list[Item]:
    """Items in the window and new to the readers; pinned and carried items always stay."""
    kept = []
    for item in items:
        if item.id in pinned:
            kept.append(item)
        elif item.id in history.published and not item.listing:
            report.drop(item, f"published in issue {history.published[item.id]}")
        elif item.id in history.carried or window.holds(item):
            kept.append(item)
        else:
            report.drop(item, f"outside the issue's window ({window})")
    return kept
