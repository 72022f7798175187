"""The workspace's state: one SQLite file holding the feed cache and the ledger of issues.

.letterpress/state.sqlite3
  feed_cache      the last good copy of each feed, with its ETag and Last-Modified
  snapshots       the feed bodies issue N was built from (kept from before item snapshots)
  item_snapshots  every source's items as issue N was first built from them
  issues          each compiled issue's date, so the next issue's window starts there
  published       which items each issue published, with their titles
  carried         which items an issue held over to the next for want of room
  labels          each published item's section as the editor let it stand: the
                  newsletter's own training data (letterpress.learning)

The ledger (the last five) is the newsletter's memory: the next issue leaves out what an
earlier one published. So a file that is empty, damaged or unreadable is an error naming it,
never a reason to start afresh, and a copy is kept in .letterpress/backups/ before every
write that changes the ledger.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from letterpress.learning import Label

from letterpress.errors import LetterpressError

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
CREATE TABLE IF NOT EXISTS item_snapshots (
    issue INTEGER PRIMARY KEY,
    items TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS issues (
    number INTEGER PRIMARY KEY,
    date TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS published (
    issue INTEGER NOT NULL,
    item TEXT NOT NULL,
    title TEXT,
    PRIMARY KEY (issue, item)
);
CREATE TABLE IF NOT EXISTS labels (
    issue INTEGER NOT NULL,
    item TEXT NOT NULL,
    label TEXT NOT NULL,
    headline TEXT NOT NULL,
    lead TEXT NOT NULL,
    by_editor INTEGER NOT NULL,
    PRIMARY KEY (issue, item)
);
CREATE TABLE IF NOT EXISTS carried (
    issue INTEGER NOT NULL,
    item TEXT NOT NULL,
    PRIMARY KEY (issue, item)
);
"""
# The tables every state file letterpress ever wrote has: a file without them is not ours.
CORE_TABLES = {"feed_cache", "issues", "published"}
BACKUPS_KEPT = 5


class StateError(LetterpressError):
    """The state file cannot be used as it is; the message says how to recover."""


@dataclass(frozen=True)
class CachedFeed:
    body: bytes
    etag: str | None
    last_modified: str | None
    fetched_at: str


@dataclass(frozen=True)
class LedgerEntry:
    """What one issue put in the ledger: its date, its items (id, title) and those it carried."""

    number: int
    date: dt.date
    published: tuple[tuple[str, str], ...]
    carried: tuple[str, ...]


class State:
    """A connection to the workspace's state file, created on first use.

    With ``records=False`` (the preview) the ledger and the snapshots are read but never
    written; only the feed cache, which is no one's memory, is kept up to date.
    """

    def __init__(self, path: Path, records: bool = True) -> None:
        self.path = path
        self.records = records
        self.backups_dir = path.parent / "backups"
        if not path.exists() and not path.is_symlink():
            _create(path)
        self.db = _open(path, self.backups_dir)

    @classmethod
    def for_workspace(cls, root: Path, records: bool = True) -> State:
        return cls(root / ".letterpress" / "state.sqlite3", records)

    def close(self) -> None:
        self.db.close()

    # The feed cache ------------------------------------------------------------------

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

    # What each issue was built from --------------------------------------------------

    def snapshot(self, issue: int, url: str) -> bytes | None:
        row = self.db.execute(
            "SELECT body FROM snapshots WHERE issue = ? AND url = ?", (issue, url)
        ).fetchone()
        return bytes(row[0]) if row else None

    def save_snapshot(self, issue: int, url: str, body: bytes) -> None:
        if not self.records:
            return  # a preview's fetch is no issue's record
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO snapshots VALUES (?, ?, ?)", (issue, url, body))

    def item_snapshot(self, issue: int) -> str | None:
        """The JSON of every item issue ``issue`` was first built from, if it was built."""
        row = self.db.execute(
            "SELECT items FROM item_snapshots WHERE issue = ?", (issue,)
        ).fetchone()
        return str(row[0]) if row else None

    # The ledger ------------------------------------------------------------------------

    def issue_date(self, number: int) -> dt.date | None:
        row = self.db.execute("SELECT date FROM issues WHERE number = ?", (number,)).fetchone()
        return dt.date.fromisoformat(row[0]) if row else None

    def previous_issue_date(self, number: int) -> dt.date | None:
        row = self.db.execute(
            "SELECT date FROM issues WHERE number < ? ORDER BY number DESC LIMIT 1", (number,)
        ).fetchone()
        return dt.date.fromisoformat(row[0]) if row else None

    def neighbours(self, number: int) -> tuple[tuple[int, dt.date] | None, ...]:
        """The recorded issues just before and just after ``number``: (number, date) or None."""
        before = self.db.execute(
            "SELECT number, date FROM issues WHERE number < ? ORDER BY number DESC LIMIT 1",
            (number,),
        ).fetchone()
        after = self.db.execute(
            "SELECT number, date FROM issues WHERE number > ? ORDER BY number LIMIT 1", (number,)
        ).fetchone()
        return tuple(
            (int(row[0]), dt.date.fromisoformat(row[1])) if row else None for row in (before, after)
        )

    def latest_issue(self) -> int | None:
        row = self.db.execute("SELECT MAX(number) FROM issues").fetchone()
        return int(row[0]) if row and row[0] is not None else None

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

    def entries(self, number: int | None = None) -> list[LedgerEntry]:
        """The ledger, issue by issue (or issue ``number`` alone), oldest first."""
        rows = self.db.execute(
            "SELECT number, date FROM issues WHERE ? IS NULL OR number = ? ORDER BY number",
            (number, number),
        ).fetchall()
        found = []
        for issue, date in rows:
            published = self.db.execute(
                "SELECT item, COALESCE(title, '') FROM published WHERE issue = ? ORDER BY rowid",
                (issue,),
            ).fetchall()
            carried = self.db.execute(
                "SELECT item FROM carried WHERE issue = ? ORDER BY rowid", (issue,)
            ).fetchall()
            found.append(
                LedgerEntry(
                    issue,
                    dt.date.fromisoformat(date),
                    tuple((str(i), str(t)) for i, t in published),
                    tuple(str(i) for (i,) in carried),
                )
            )
        return found

    def record(
        self,
        number: int,
        date: dt.date,
        published: Sequence[tuple[str, str]],
        carried: Sequence[str],
        items_json: str,
        labels: Sequence[tuple[str, Label]] = (),
    ) -> bool:
        """Issue ``number``'s ledger and item snapshot, replacing an earlier compile's.

        Nothing is written when nothing would change; otherwise a backup comes first. True
        if the ledger changed.
        """
        assert self.records, "a State opened with records=False writes no ledger"
        current = self.entries(number)
        label_rows = sorted(
            (item, lab.label, lab.headline, lab.lead, int(lab.by_editor)) for item, lab in labels
        )
        unchanged = (
            current
            and current[0] == LedgerEntry(number, date, tuple(published), tuple(carried))
            and self.item_snapshot(number) == items_json
            and self._label_rows(number) == label_rows
        )
        if unchanged:
            return False
        self.back_up()
        with self.db:
            self.db.execute(
                "INSERT OR REPLACE INTO issues VALUES (?, ?)", (number, date.isoformat())
            )
            self.db.execute("DELETE FROM published WHERE issue = ?", (number,))
            self.db.execute("DELETE FROM carried WHERE issue = ?", (number,))
            self.db.executemany(
                "INSERT OR IGNORE INTO published VALUES (?, ?, ?)",
                [(number, item, title) for item, title in published],
            )
            self.db.executemany(
                "INSERT OR IGNORE INTO carried VALUES (?, ?)", [(number, i) for i in carried]
            )
            self.db.execute(
                "INSERT OR REPLACE INTO item_snapshots VALUES (?, ?)", (number, items_json)
            )
            self.db.execute("DELETE FROM labels WHERE issue = ?", (number,))
            self.db.executemany(
                "INSERT OR REPLACE INTO labels VALUES (?, ?, ?, ?, ?, ?)",
                [(number, *row) for row in label_rows],
            )
        return True

    def _label_rows(self, number: int) -> list[tuple[str, str, str, str, int]]:
        return self.db.execute(
            "SELECT item, label, headline, lead, by_editor FROM labels WHERE issue = ? "
            "ORDER BY item",
            (number,),
        ).fetchall()

    def labels_before(self, number: int) -> list[Label]:
        """The labels of issues before ``number``, oldest first; an item's latest label wins."""
        from letterpress.learning import Label

        rows = self.db.execute(
            "SELECT item, label, headline, lead, by_editor FROM labels WHERE issue < ? "
            "ORDER BY issue, item",
            (number,),
        ).fetchall()
        latest = {
            item: Label(headline, lead, label, bool(editor))
            for item, label, headline, lead, editor in rows
        }
        return list(latest.values())

    def forget(self, number: int) -> Path:
        """Take issue ``number`` out of the ledger, snapshots included; the backup's path."""
        assert self.records, "a State opened with records=False writes no ledger"
        backup = self.back_up()
        with self.db:
            for table, column in (
                ("issues", "number"),
                ("published", "issue"),
                ("carried", "issue"),
                ("item_snapshots", "issue"),
                ("snapshots", "issue"),
                ("labels", "issue"),
            ):
                self.db.execute(f"DELETE FROM {table} WHERE {column} = ?", (number,))
        return backup

    def back_up(self) -> Path:
        """A consistent copy of the whole file in backups/, the newest few kept."""
        from letterpress.write import sweep_stale, temporary_name

        self.backups_dir.mkdir(parents=True, exist_ok=True)
        sweep_stale(self.backups_dir)
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
        target = self.backups_dir / f"state-{stamp}.sqlite3"
        partial = self.backups_dir / temporary_name(target.name)
        copy = sqlite3.connect(partial)
        try:
            self.db.backup(copy)
        finally:
            copy.close()
        os.replace(partial, target)
        for old in sorted(self.backups_dir.glob("state-*.sqlite3"))[:-BACKUPS_KEPT]:
            old.unlink(missing_ok=True)
        return target


def newest_backup(backups_dir: Path) -> Path | None:
    found = sorted(backups_dir.glob("state-*.sqlite3"))
    return found[-1] if found else None


def _create(path: Path) -> None:
    """A new, empty state file, put in place whole: a crash never leaves a 0-byte one."""
    from letterpress.write import sweep_stale, temporary_name

    path.parent.mkdir(parents=True, exist_ok=True)
    sweep_stale(path.parent)
    partial = path.parent / temporary_name(path.name)
    db = sqlite3.connect(partial)
    try:
        db.executescript(SCHEMA)
        db.commit()
    finally:
        db.close()
    os.replace(partial, path)


def _open(path: Path, backups_dir: Path) -> sqlite3.Connection:
    """The state file, checked: an error naming it if it is not a sound letterpress state."""
    try:
        if path.stat().st_size == 0:
            raise _damaged(path, "it is empty (0 bytes)", backups_dir)
        # Fetch threads only hand results back; all writes happen on the caller's thread.
        db = sqlite3.connect(path, check_same_thread=False)
    except OSError as error:
        why = f"it cannot be read ({error.strerror or error})"
        raise _damaged(path, why, backups_dir) from error
    except sqlite3.Error as error:
        raise _damaged(path, f"it cannot be opened ({error})", backups_dir) from error
    try:
        verdict = db.execute("PRAGMA quick_check").fetchone()[0]
        if verdict != "ok":
            raise _damaged(path, f"SQLite finds it damaged ({verdict})", backups_dir)
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master")}
        if not tables >= CORE_TABLES:
            raise _damaged(path, "it holds no letterpress state", backups_dir)
        db.execute("PRAGMA journal_mode=WAL")
        db.executescript(SCHEMA)
        _upgrade(db)
    except sqlite3.Error as error:
        db.close()
        raise _damaged(path, f"it is not a sound SQLite database ({error})", backups_dir) from error
    except StateError:
        db.close()
        raise
    return db


def _upgrade(db: sqlite3.Connection) -> None:
    """Files written before the ledger kept titles gain the column; nothing else changes."""
    columns = {row[1] for row in db.execute("PRAGMA table_info(published)")}
    if "title" not in columns:
        with db:
            db.execute("ALTER TABLE published ADD COLUMN title TEXT")


def _damaged(path: Path, why: str, backups_dir: Path) -> StateError:
    shown = _shown(path)
    backup = newest_backup(backups_dir)
    restore = (
        f"copy the newest backup over it (cp {_shown(backup)} {shown}; it holds the ledger "
        "as it was before its last change, so compile the latest issue again after)"
        if backup
        else "restore it from your own backup"
    )
    return StateError(
        f"{shown}: {why}. It is the ledger of what each issue published, so letterpress "
        f"will not start a new one in its place. To recover, {restore}; or move it away "
        "to start with an empty ledger (the next issue may then repeat earlier items)."
    )


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
