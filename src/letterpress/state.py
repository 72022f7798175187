"""The workspace's state: one SQLite file holding the feed cache and what each issue was built from.

.letterpress/state.sqlite3
  feed_cache  the last good copy of each feed, with its ETag and Last-Modified
  snapshots   the exact feed bodies issue N was built from, so recompiling N is reproducible
  issues      each compiled issue's date, so the next issue's window starts there
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS feed_cache (
    url TEXT PRIMARY KEY,
    body BLOB NOT NULL,
    etag TEXT,
    last_modified TEXT,
    fetched_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS snapshots (
    issue INTEGER NOT NULL,
    url TEXT NOT NULL,
    body BLOB NOT NULL,
    PRIMARY KEY (issue, url)
);
CREATE TABLE IF NOT EXISTS issues (
    number INTEGER PRIMARY KEY,
    date TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS published (
    issue INTEGER NOT NULL,
    item TEXT NOT NULL,
    PRIMARY KEY (issue, item)
);
CREATE TABLE IF NOT EXISTS carried (
    issue INTEGER NOT NULL,
    item TEXT NOT NULL,
    PRIMARY KEY (issue, item)
);
"""


@dataclass(frozen=True)
class CachedFeed:
    body: bytes
    etag: str | None
    last_modified: str | None
    fetched_at: str


class State:
    """A connection to the workspace's state file, created on first use."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        # Fetch threads only hand results back; all writes happen on the caller's thread.
        self.db = sqlite3.connect(path, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.executescript(SCHEMA)

    @classmethod
    def for_workspace(cls, root: Path) -> State:
        return cls(root / ".letterpress" / "state.sqlite3")

    def close(self) -> None:
        self.db.close()

    def cached(self, url: str) -> CachedFeed | None:
        row = self.db.execute(
            "SELECT body, etag, last_modified, fetched_at FROM feed_cache WHERE url = ?", (url,)
        ).fetchone()
        return CachedFeed(*row) if row else None

    def store(self, url: str, body: bytes, etag: str | None, last_modified: str | None) -> None:
        with self.db:
            self.db.execute(
                "INSERT OR REPLACE INTO feed_cache VALUES (?, ?, ?, ?, ?)",
                (url, body, etag, last_modified, dt.datetime.now(dt.UTC).isoformat()),
            )

    def snapshot(self, issue: int, url: str) -> bytes | None:
        row = self.db.execute(
            "SELECT body FROM snapshots WHERE issue = ? AND url = ?", (issue, url)
        ).fetchone()
        return bytes(row[0]) if row else None

    def save_snapshot(self, issue: int, url: str, body: bytes) -> None:
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO snapshots VALUES (?, ?, ?)", (issue, url, body))

    def issue_date(self, number: int) -> dt.date | None:
        row = self.db.execute("SELECT date FROM issues WHERE number = ?", (number,)).fetchone()
        return dt.date.fromisoformat(row[0]) if row else None

    def previous_issue_date(self, number: int) -> dt.date | None:
        row = self.db.execute(
            "SELECT date FROM issues WHERE number < ? ORDER BY number DESC LIMIT 1", (number,)
        ).fetchone()
        return dt.date.fromisoformat(row[0]) if row else None

    def record_issue(self, number: int, date: dt.date) -> None:
        with self.db:
            self.db.execute(
                "INSERT OR REPLACE INTO issues VALUES (?, ?)", (number, date.isoformat())
            )

    def history(self, number: int) -> tuple[dict[str, int], frozenset[str]]:
        """Ids published by issues before ``number`` (with the first issue that did), and ids
        those issues carried forward and nobody has published since."""
        published: dict[str, int] = {}
        for item, issue in self.db.execute(
            "SELECT item, MIN(issue) FROM published WHERE issue < ? GROUP BY item", (number,)
        ):
            published[item] = issue
        carried = frozenset(
            item
            for (item,) in self.db.execute(
                "SELECT DISTINCT item FROM carried WHERE issue < ?", (number,)
            )
            if item not in published
        )
        return published, carried

    def record_items(self, number: int, published: list[str], carried: list[str]) -> None:
        """Issue ``number``'s ledger, replacing what an earlier compile of it recorded."""
        with self.db:
            self.db.execute("DELETE FROM published WHERE issue = ?", (number,))
            self.db.execute("DELETE FROM carried WHERE issue = ?", (number,))
            self.db.executemany(
                "INSERT OR IGNORE INTO published VALUES (?, ?)", [(number, i) for i in published]
            )
            self.db.executemany(
                "INSERT OR IGNORE INTO carried VALUES (?, ?)", [(number, i) for i in carried]
            )
