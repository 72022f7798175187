"""What letterpress reads from a feed, field by field, against feedparser on the same bytes.

Shared by the corpus tests and bench/feeds.py. feedparser is the reference because it reads
almost anything and invents nothing; where the two differ, one of them lost or changed what
the publisher wrote. The reference summary is feedparser's HTML with every tag taken off by
nh3 (script and style with their content, as letterpress's sanitiser does), so a summary is
"equal" when, spaces aside, it is the start of that text.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from letterpress.dedupe import without_tracking
from letterpress.feeds import FeedEntry, FeedError, parse_feed

BASE_URL = "https://example.org/feed.xml"
# The corpora live beside the repository, never in it (publishers' text is theirs);
# LETTERPRESS_SHARED points elsewhere, for a checkout that is not beside them.
SHARED = Path(
    os.environ.get("LETTERPRESS_SHARED") or Path(__file__).resolve().parents[2] / "shared"
)
FIELDS = ("titles", "links", "dates", "summaries")
_SPACE = re.compile(r"\s+")
_BROKEN_END = re.compile(r"(<[/!]?[A-Za-z]?[^\s<>]*|&#?[A-Za-z0-9]*)$")
_DROPPED = {"script", "style", "iframe", "noscript", "object", "template", "svg", "math", "title"}


@dataclass
class Fidelity:
    """Counts over a corpus: items each parser found, and fields equal of the items paired."""

    feeds: int = 0
    ours: int = 0
    theirs: int = 0
    compared: int = 0
    equal: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    broken_ends: list[str] = field(default_factory=list)
    lost_summaries: list[str] = field(default_factory=list)
    differences: dict[str, list[str]] = field(default_factory=lambda: {f: [] for f in FIELDS})
    count_differs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def share(self, name: str) -> float:
        return self.equal[name] / self.compared if self.compared else 1.0

    def lines(self, label: str) -> list[str]:
        shares = ", ".join(
            f"{name} {self.share(name):.2%} ({self.equal[name]:,})" for name in FIELDS
        )
        return [
            f"{label}: {self.feeds} feeds; items letterpress {self.ours:,}, feedparser "
            f"{self.theirs:,}; {self.compared:,} paired",
            f"   equal: {shares}",
            f"   summaries ending in a broken tag or entity: {len(self.broken_ends)}; "
            f"empty where feedparser has text: {len(self.lost_summaries)}; "
            f"feeds with another item count: {len(self.count_differs)}; "
            f"letterpress errors: {len(self.errors)}",
        ]


def shared_corpus(name: str) -> Path:
    return SHARED / "corpora" / name


def squash(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def reference_text(value: str) -> str:
    """feedparser's HTML as text: every tag off (what would run, with its content), entities decoded."""
    import html

    import nh3

    if "<" not in value and "&" not in value:
        return value
    return html.unescape(nh3.clean(value, tags=set(), clean_content_tags=_DROPPED))


def _their_html(entry: Mapping[str, Any]) -> str:
    content = entry.get("content")
    if content:
        return str(content[0].get("value") or "")
    return str(entry.get("summary") or "")


def _their_title(entry: Mapping[str, Any]) -> str:
    title = str(entry.get("title") or "")
    detail = entry.get("title_detail") or {}
    return reference_text(title) if "html" in str(detail.get("type", "")) else title


def _link(value: str | None, base: str) -> str | None:
    if not value:
        return None
    try:
        absolute = urljoin(base, value)
        if urlsplit(absolute).scheme not in ("http", "https"):
            return None
        return without_tracking(absolute)
    except ValueError:
        return None


def _their_day(entry: Mapping[str, Any]) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            return dt.date(*value[:3])
    return None


def _summary_equal(ours: str, theirs: str) -> bool:
    mine = "".join(ours.removesuffix("…").split())
    return "".join(theirs.split()).startswith(mine)


def compare(name: str, body: bytes, totals: Fidelity) -> tuple[int, int]:
    """Add one feed's comparison to ``totals``; the items letterpress and feedparser found."""
    import feedparser

    totals.feeds += 1
    theirs = feedparser.parse(body, response_headers={"content-location": BASE_URL}).entries
    try:
        ours: list[FeedEntry] = parse_feed(body, BASE_URL).entries
    except FeedError:
        ours = []
    except Exception as error:  # a crash is a finding, reported with the rest
        totals.errors.append(f"{name}: {type(error).__name__}: {error}")
        ours = []
    totals.ours += len(ours)
    totals.theirs += len(theirs)
    if len(ours) != len(theirs):
        totals.count_differs.append(f"{name}: letterpress {len(ours)}, feedparser {len(theirs)}")
    for n, (mine, their) in enumerate(zip(ours, theirs, strict=False)):
        where = f"{name}[{n}]"
        totals.compared += 1
        checks = _checks(mine, their)
        for what, (ok, shown) in checks.items():
            totals.equal[what] += ok
            if not ok:
                totals.differences[what].append(f"{where}: {shown}")
        if _BROKEN_END.search(mine.summary.removesuffix("…")):
            totals.broken_ends.append(f"{where}: ...{mine.summary[-40:]!r}")
        if not mine.summary and squash(reference_text(_their_html(their))):
            totals.lost_summaries.append(where)
    return len(ours), len(theirs)


def _checks(mine: FeedEntry, their: Mapping[str, Any]) -> dict[str, tuple[bool, str]]:
    title = squash(_their_title(their))
    link = _link(their.get("link"), BASE_URL)
    day = _their_day(their)
    my_day = mine.published.astimezone(dt.UTC).date() if mine.published else None
    text = squash(reference_text(_their_html(their)))
    return {
        "titles": (squash(mine.title) == title, f"{mine.title[:60]!r} vs {title[:60]!r}"),
        "links": (mine.link == link, f"{mine.link!r} vs {link!r}"),
        "dates": (my_day == day, f"{my_day} vs {day}"),
        "summaries": (
            _summary_equal(mine.summary, text),
            f"{squash(mine.summary)[:70]!r} vs {text[:70]!r}",
        ),
    }


def compare_all(feeds: Iterable[tuple[str, bytes]]) -> Fidelity:
    totals = Fidelity()
    for name, body in feeds:
        compare(name, body, totals)
    return totals
