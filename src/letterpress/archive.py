"""What spans the built issues: the list of them (build/index.html) and their Atom feed.

Both are made from each build/issue-N/issue.json, and dated by the issues' own dates, never
by the clock, so building the same issues again gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from letterpress.email_service import issue_url

if TYPE_CHECKING:
    from letterpress.models import Issue

# An issue "appears" at this hour (UTC) of its date, as email.eml's Date header says.
PUBLISH_HOUR_UTC = 8


@dataclass(frozen=True)
class BuiltIssue:
    """One issue as the list and the feed show it."""

    number: int
    title: str
    date: dt.date
    preheader: str
    language: str

    @property
    def path(self) -> str:
        """Its page, from the folder that holds the issues' folders."""
        return f"issue-{self.number}/index.html"

    @property
    def published(self) -> str:
        moment = dt.datetime.combine(self.date, dt.time(PUBLISH_HOUR_UTC), tzinfo=dt.UTC)
        return moment.isoformat().replace("+00:00", "Z")

    @classmethod
    def of(cls, issue: Issue) -> BuiltIssue:
        return cls(issue.number, issue.title, issue.date, issue.preheader, issue.language)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> BuiltIssue:
        return cls(
            number=int(data["number"]),
            title=str(data["title"]),
            date=dt.date.fromisoformat(str(data["date"])),
            preheader=str(data.get("preheader") or ""),
            language=str(data.get("language") or "en"),
        )


def built_issues(
    build_dir: Path,
    current: BuiltIssue | None = None,
    warn: Callable[[str], None] | None = None,
) -> list[BuiltIssue]:
    """Every issue under ``build_dir``, newest first; ``current`` stands for its own folder.

    The issue being compiled is not written yet when this runs: its issue.json on disk is
    the previous build's, or missing, so the caller gives it as ``current``.
    """
    found: dict[int, BuiltIssue] = {}
    for path in build_dir.glob("issue-*/issue.json"):
        number = path.parent.name.removeprefix("issue-")
        if not number.isdigit():
            continue
        try:
            issue = BuiltIssue.from_json(json.loads(path.read_text("utf-8")))
        except (OSError, ValueError, KeyError, TypeError) as error:
            if warn is not None:
                warn(f"{path}: left out of the list of issues and the feed: {error}")
            continue
        found[issue.number] = issue
    if current is not None:
        found[current.number] = current
    return sorted(found.values(), key=lambda i: (i.date, i.number), reverse=True)


@dataclass(frozen=True)
class FeedEntry:
    id: str
    title: str
    published: str
    link: str
    summary: str


@dataclass(frozen=True)
class Feed:
    """What feed.xml.j2 writes: an Atom feed's id, dates and links, and its entries."""

    id: str
    updated: str
    self: str
    home: str
    entries: list[FeedEntry]


def atom_feed(issues: list[BuiltIssue], name: str, site: str) -> Feed:
    """The Atom feed of ``issues``, its links absolute under ``site`` if given."""
    root = site_root(site)
    entries = []
    for issue in issues:
        page = issue_url(site, issue.number)
        entries.append(
            FeedEntry(
                id=page or _urn(name, issue.number),
                title=issue.title,
                published=issue.published,
                link=page + "index.html" if page else issue.path,
                summary=issue.preheader,
            )
        )
    return Feed(
        id=root or _urn(name),
        # The newest issue's date: the feed changes when an issue does, never by the clock.
        updated=issues[0].published if issues else "1970-01-01T00:00:00Z",
        self=root + "feed.xml" if root else "",
        home=root or "index.html",
        entries=entries,
    )


def site_root(site: str) -> str:
    """The newsletter's url with one trailing slash, or ''."""
    return site.rstrip("/") + "/" if site else ""


def _urn(name: str, number: int | None = None) -> str:
    """A permanent id for a newsletter with no url: the same for the same name and issue."""
    key = f"letterpress:{name}" + (f":issue-{number}" if number is not None else "")
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, key)}"
