"""Every source's items as JSON and back: what an issue was built from, kept in the ledger.

Recompiling an issue reads its items from here instead of asking the sources again, so a
note added since, a feed that moved on or a folder a sync client emptied for a moment does
not change an issue that went out. ``--refresh`` asks the sources on purpose.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

from letterpress.models import Item

_FIELDS = tuple(f.name for f in dataclasses.fields(Item))
_MOMENTS = ("published", "event_start")


def items_to_json(items: Iterable[Item]) -> str:
    """The items, every field kept, in a stable form: the same items give the same text."""
    rows = []
    for item in items:
        row = {name: getattr(item, name) for name in _FIELDS}
        # Every date field keeps its kind (date or datetime) through the round trip.
        for name in _MOMENTS:
            row[name] = _moment(getattr(item, name))
        row["tags"] = [str(tag) for tag in item.tags]
        rows.append(row)
    return json.dumps(rows, ensure_ascii=False, sort_keys=True, default=str)


def items_from_json(text: str) -> list[Item]:
    """The items ``items_to_json`` wrote."""
    items = []
    for row in json.loads(text):
        values: dict[str, Any] = {k: v for k, v in row.items() if k in _FIELDS}
        for name in _MOMENTS:
            values[name] = _from_moment(row.get(name))
        values["tags"] = tuple(row.get("tags") or ())
        items.append(Item(**values))
    return items


def _moment(value: object) -> dict[str, str] | None:
    # A date and a datetime read differently in the window, so the kind is kept.
    if isinstance(value, dt.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    return None


def _from_moment(value: dict[str, str] | None) -> dt.datetime | dt.date | None:
    if not value:
        return None
    if "datetime" in value:
        return dt.datetime.fromisoformat(value["datetime"])
    return dt.date.fromisoformat(value["date"])
