"""The issue file, issues/N.toml: where an editor corrects the machine for one issue.

title = "Health is a right"
subject = "Solidarity Bulletin #12: health is a right"
preheader = "Public healthcare, Gaza, the Jupille strike"
date = 2024-06-20
since = 2024-06-06              # the window: items from this date on (default: the last issue)
intro = \"\"\"Markdown: **bold**, [links](https://example.org), paragraphs.\"\"\"
featured = "9858571a97"         # an item's id, shown first
sections = ["labour", "health"] # these first, in this order; the others after
max_items = 8                   # per section and In brief, or {health = 5, brief = 3}

[items.0a6125f59d]              # ids from `letterpress items --issue 12`
pin = true                      # always in, whatever its date or an earlier issue
section = "labour"              # in this section, whatever its words (false: in none)
title = "A better headline"
summary = "A better summary."

[items.f2332a48c2]
drop = true
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from letterpress.errors import ConfigError
from letterpress.workspace import Workspace, read_toml, unknown_key_message

ISSUE_KEYS = {
    "title", "subject", "preheader", "date", "since", "intro", "featured", "sections",
    "max_items", "items",
}  # fmt: skip
OVERRIDE_KEYS = {"pin", "drop", "section", "title", "summary"}
# An issue's dates: windows and horizons are counted from them in days, and year 1 leaves
# no room before it. Outside these years a date is a typo.
FIRST_YEAR, LAST_YEAR = 1900, 2999


@dataclass(frozen=True)
class Override:
    """What the editor says about one item, by its stable id."""

    id: str
    pin: bool = False
    drop: bool = False
    # A section's name; "" (written `section = false`) for no section at all.
    section: str | None = None
    title: str | None = None
    summary: str | None = None

    def describe(self) -> str:
        said = [k for k in ("pin", "drop") if getattr(self, k)]
        said += [f"{k} = {getattr(self, k)!r}" for k in ("section", "title") if getattr(self, k)]
        if self.section == "":
            said.append("section = false")
        return f"issue file: {', '.join(said) or 'rewritten'}"


@dataclass(frozen=True)
class IssueSettings:
    """What issues/N.toml says about one issue; every field is optional."""

    number: int
    date: dt.date
    title: str = ""
    intro: str = ""
    preheader: str = ""
    subject: str = ""
    since: dt.date | None = None
    featured: str | None = None
    section_order: tuple[str, ...] = ()
    # None: no limit; an int for every section; a table for some.
    max_items: int | dict[str, int] | None = None
    overrides: dict[str, Override] = field(default_factory=dict)

    def limit(self, section: str) -> int | None:
        if isinstance(self.max_items, dict):
            return self.max_items.get(section)
        return self.max_items


def load_issue_settings(workspace: Workspace, number: int, today: dt.date) -> IssueSettings:
    """Read issues/N.toml if it exists; without it the issue is built from defaults."""
    path = workspace.issues_dir / f"{number}.toml"
    if not path.is_file():
        return IssueSettings(number=number, date=today)
    table = read_toml(path)

    def fail(key: str, message: str) -> ConfigError:
        return ConfigError(path, message, key=key)

    for key in table:
        if key not in ISSUE_KEYS:
            raise fail(key, unknown_key_message(key, ISSUE_KEYS))
    for key in ("title", "intro", "preheader", "subject", "featured"):
        if not isinstance(table.get(key, ""), str):
            raise fail(key, "must be a string")
    date = _date(table.get("date", today), "date", fail)
    since = _date(table["since"], "since", fail) if "since" in table else None
    order = table.get("sections", [])
    if not isinstance(order, list) or not all(isinstance(s, str) for s in order):
        raise fail("sections", 'must be a list of section names, such as ["labour", "health"]')
    return IssueSettings(
        number=number,
        date=date,
        title=table.get("title", ""),
        intro=table.get("intro", ""),
        preheader=table.get("preheader", ""),
        subject=table.get("subject", ""),
        since=since,
        featured=table.get("featured") or None,
        section_order=tuple(order),
        max_items=_max_items(table.get("max_items"), fail),
        overrides=_overrides(table.get("items", {}), fail),
    )


def _date(value: Any, key: str, fail: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        raise fail(key, "must be a date such as 2024-06-20 (no quotes)")
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise fail(key, f"{value} is not a date between the years {FIRST_YEAR} and {LAST_YEAR}")
    return value


def _max_items(value: Any, fail: Any) -> int | dict[str, int] | None:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    if isinstance(value, dict) and all(
        isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in value.values()
    ):
        return {str(k): int(v) for k, v in value.items()}
    raise fail("max_items", "must be a number of items, or a table such as {health = 5}")


def _overrides(tables: Any, fail: Any) -> dict[str, Override]:
    if not isinstance(tables, dict):
        raise fail("items", "must be tables such as [items.0a6125f59d] with pin, drop, section...")
    overrides = {}
    for item_id, table in tables.items():
        key = f"items.{item_id}"
        if not isinstance(table, dict):
            raise fail(key, "must be a table, such as [items.0a6125f59d]")
        for name, value in table.items():
            if name not in OVERRIDE_KEYS:
                raise fail(f"{key}.{name}", unknown_key_message(name, OVERRIDE_KEYS))
            if name == "section" and value is False:
                continue  # section = false: in no section, whatever its words
            kind = bool if name in ("pin", "drop") else str
            if not isinstance(value, kind):
                raise fail(
                    f"{key}.{name}", f"must be {'true or false' if kind is bool else 'a string'}"
                )
        if table.get("pin") and table.get("drop"):
            raise fail(key, "cannot be both pinned and dropped")
        if table.get("section") is False:
            table = {**table, "section": ""}
        overrides[str(item_id)] = Override(id=str(item_id), **table)
    return overrides
