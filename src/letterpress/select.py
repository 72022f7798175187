"""The select stage: the items that belong to this issue's window of dates."""

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


def select(items: list[Item], window: Window, report: Report) -> list[Item]:
    kept = []
    for item in items:
        if window.holds(item):
            kept.append(item)
        else:
            report.drop(item, f"outside the issue's window ({window})")
    return kept
