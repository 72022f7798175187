"""The ledger: which items each issue published. Nothing rewrites it by accident."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
from click.testing import CliRunner

from letterpress import hookimpl
from letterpress.cli import cli
from letterpress.models import Item
from letterpress.preview import PreviewServer
from letterpress.source import Source
from letterpress.state import State
from letterpress.testing import registered
from tests.conftest import built, compile_issue, issue_json, run

LATE_NOTE = "---\ntitle: Late news from the picket line\nsection: labour\n---\nStill there.\n"


def titles(workspace: Path, number: int = 12) -> list[str]:
    data = issue_json(workspace, number)
    items = [i for s in data["sections"] for i in s["items"]] + data["unsectioned"]
    return [i["title"] for i in items]


def news(workspace: Path, number: int) -> set[str]:
    """The titles of an issue but its agenda: coming events are listed in every issue."""
    data = issue_json(workspace, number)
    items = [i for s in data["sections"] if s["name"] != "agenda" for i in s["items"]]
    return {i["title"] for i in items + data["unsectioned"]}


def ledger_rows(workspace: Path) -> list[tuple[Any, ...]]:
    """The ledger as the file holds it, read with plain sqlite3."""
    db = sqlite3.connect(workspace / ".letterpress" / "state.sqlite3")
    try:
        issues = db.execute("SELECT number, date FROM issues ORDER BY number").fetchall()
        items = db.execute("SELECT issue, item FROM published ORDER BY issue, item").fetchall()
    finally:
        db.close()
    return issues + items


def next_issue(workspace: Path, number: int = 13, date: str = "2024-07-04") -> None:
    (workspace / "issues" / f"{number}.toml").write_text(f"date = {date}\n")


# The preview is a draft ------------------------------------------------------------------


@pytest.fixture
def preview_of_12(sample: Path) -> Iterator[PreviewServer]:
    server = PreviewServer(sample, 12, port=0)
    server.start()
    yield server
    server.stop()


def test_the_preview_writes_neither_the_ledger_nor_build(preview_of_12: PreviewServer) -> None:
    sample = preview_of_12.builder.root
    assert preview_of_12.builder.status.ok
    assert not (sample / "build").exists()
    assert (sample / ".letterpress" / "preview" / "issue-12" / "email.html").is_file()
    assert ledger_rows(sample) == []


def test_sources_gone_for_a_moment_during_a_preview_cost_the_issue_nothing(sample: Path) -> None:
    assert compile_issue(sample).exit_code == 0
    ledger = ledger_rows(sample)
    files = {p.name: p.read_bytes() for p in (sample / "build" / "issue-12").iterdir()}
    server = PreviewServer(sample, 12, port=0)
    server.start()
    try:
        before = server.builder.status.build
        # A git checkout or a sync client: sources/ away for a moment.
        (sample / "sources").rename(sample / "sources-away")
        status = server.builder.wait_for_build_after(before, timeout=10)
        assert status.build > before
        (sample / "sources-away").rename(sample / "sources")
    finally:
        server.stop()
    assert ledger_rows(sample) == ledger
    assert {p.name: p.read_bytes() for p in (sample / "build" / "issue-12").iterdir()} == files
    next_issue(sample)
    result = compile_issue(sample, 13)
    assert result.exit_code == 0, result.output
    # Nothing issue 12 published comes back in 13.
    assert news(sample, 12) and not news(sample, 13) & news(sample, 12)


# A published issue stays as it was --------------------------------------------------------


def test_recompiling_an_issue_gives_the_issue_it_was_and_the_next_one_gets_the_new_note(
    sample: Path,
) -> None:
    assert compile_issue(sample).exit_code == 0
    before = titles(sample)
    (sample / "sources" / "late-news.md").write_text(LATE_NOTE)
    again = compile_issue(sample)
    assert again.exit_code == 0
    assert titles(sample) == before
    assert "--refresh takes the sources as they are now" in again.stdout
    next_issue(sample)
    assert compile_issue(sample, 13).exit_code == 0
    assert "Late news from the picket line" in titles(sample, 13)


def test_refresh_rebuilds_the_issue_on_purpose_and_says_what_changed(sample: Path) -> None:
    assert compile_issue(sample).exit_code == 0
    (sample / "sources" / "late-news.md").write_text(LATE_NOTE)
    result = compile_issue(sample, 12, "--refresh")
    assert result.exit_code == 0, result.output
    assert "Refreshed issue 12: 1 item added, 0 items taken out" in result.stdout
    assert "+ " in result.stdout and "Late news from the picket line" in result.stdout
    assert "Late news from the picket line" in titles(sample)
    # A title changed at the source shows as such.
    note = sample / "sources" / "staff-note-health-centres.md"
    note.write_text(note.read_text().replace("open their doors", "opened their doors", 1))
    retitled = compile_issue(sample, 12, "--refresh")
    assert "0 items added, 0 items taken out, 1 retitled" in retitled.stdout
    assert "~ " in retitled.stdout and "health centres opened their" in retitled.stdout
    # And from then on, 12 is the refreshed issue.
    (sample / "sources" / "late-news.md").unlink()
    assert compile_issue(sample).exit_code == 0
    assert "Late news from the picket line" in titles(sample)


class Cms(Source):
    """A plugin source whose content changes between compiles, like a CMS's would."""

    type_name = "cms"
    stories: ClassVar[list[str]] = []

    def collect(self) -> Iterable[Item]:
        for n, title in enumerate(self.stories):
            yield Item(id=f"cms-{n}", title=title, summary=f"{title}.", source=self.name)


class CmsPlugin:
    @hookimpl
    def register_source_types(self) -> list[type[Source]]:
        return [Cms]


def test_a_plugin_sources_items_are_kept_in_the_snapshot_too(sample: Path) -> None:
    config = sample / "letterpress.toml"
    config.write_text(config.read_text() + '\n[sources.cms]\ntype = "cms"\n')
    with registered(CmsPlugin(), "cms"):
        Cms.stories = ["Union wins the depot vote"]
        assert compile_issue(sample).exit_code == 0
        Cms.stories = ["Union wins the depot vote", "A story written after the issue went out"]
        assert compile_issue(sample).exit_code == 0
    assert "Union wins the depot vote" in titles(sample)
    assert "A story written after the issue went out" not in titles(sample)


def test_recompiling_from_the_snapshot_gives_the_same_bytes_when_a_source_file_changed(
    sample: Path,
) -> None:
    assert compile_issue(sample).exit_code == 0
    first = {p.name: p.read_bytes() for p in (sample / "build" / "issue-12").iterdir()}
    note = sample / "sources" / "staff-note-health-centres.md"
    note.write_text(note.read_text().replace("health centres", "health huts"))
    assert compile_issue(sample).exit_code == 0
    assert {p.name: p.read_bytes() for p in (sample / "build" / "issue-12").iterdir()} == first


# Issue numbers follow dates ---------------------------------------------------------------


def test_an_issue_number_out_of_date_order_is_refused_unless_forced(sample: Path) -> None:
    assert compile_issue(sample).exit_code == 0
    ledger = ledger_rows(sample)
    # No issues/1.toml: issue 1 would take today's date, after issue 12's 2024-06-20.
    mistyped = compile_issue(sample, 1)
    assert mistyped.exit_code == 1
    assert "issue numbers follow their dates" in mistyped.stderr
    assert "the next is --issue 13" in mistyped.stderr and "--force" in mistyped.stderr
    assert ledger_rows(sample) == ledger
    assert not (sample / "build" / "issue-1").exists()
    forced = compile_issue(sample, 1, "--force")
    assert forced.exit_code == 0, forced.output
    assert "issue numbers follow their dates" in forced.stderr  # still said, as a warning


def test_a_later_number_dated_before_an_earlier_issue_is_refused(sample: Path) -> None:
    assert compile_issue(sample).exit_code == 0
    next_issue(sample, 13, "2024-06-01")
    result = compile_issue(sample, 13)
    assert result.exit_code == 1
    assert "issue 13 would be dated 2024-06-01, before issue 12 (2024-06-20)" in result.stderr


def test_an_earlier_number_with_an_earlier_date_is_fine(sample: Path) -> None:
    assert compile_issue(sample).exit_code == 0
    (sample / "issues" / "11.toml").write_text("date = 2024-06-06\n")
    result = compile_issue(sample, 11)
    assert result.exit_code == 0, result.output


# letterpress ledger ---------------------------------------------------------------------


def test_the_ledger_command_lists_what_each_issue_published(sample: Path) -> None:
    assert compile_issue(sample).exit_code == 0
    result = run("ledger", "--workspace", sample)
    assert result.exit_code == 0, result.output
    assert "Issue 12, 2024-06-20:" in result.stdout
    data = issue_json(sample)
    first = data["sections"][0]["items"][0]
    assert f"{first['id']}  {first['title'][:40]}" in result.stdout
    as_json = json.loads(run("ledger", "--workspace", sample, "--json").stdout)
    assert as_json[0]["issue"] == 12
    assert {i["id"] for i in as_json[0]["published"]} == {
        i["id"] for s in data["sections"] for i in s["items"]
    } | {i["id"] for i in data["unsectioned"]} | (
        {data["featured"]["id"]} if data["featured"] else set()
    )


def test_forgetting_an_issue_asks_first_and_keeps_a_backup(sample: Path) -> None:
    assert compile_issue(sample).exit_code == 0
    ledger = ledger_rows(sample)
    runner = CliRunner()
    args = ["ledger", "forget", "--issue", "12", "--workspace", str(sample)]
    declined = runner.invoke(cli, args, input="n\n")
    assert declined.exit_code == 1
    assert ledger_rows(sample) == ledger
    no_answer = runner.invoke(cli, args, input="")
    assert no_answer.exit_code == 1 and ledger_rows(sample) == ledger
    agreed = runner.invoke(cli, args, input="y\n")
    assert agreed.exit_code == 0, agreed.output
    assert "Forgot issue 12" in agreed.stdout
    assert ledger_rows(sample) == []
    assert (sample / "build" / "issue-12" / "email.html").is_file()  # the files stay
    # The backup holds the ledger as it was.
    backup = sample / next(p for p in agreed.stdout.split() if "backups" in p)
    restored = sample / "restored"
    restored.mkdir()
    (restored / ".letterpress").mkdir()
    shutil.copy(backup, restored / ".letterpress" / "state.sqlite3")
    assert ledger_rows(restored) == ledger


def test_forget_with_yes_needs_no_answer_and_a_missing_issue_is_an_error(sample: Path) -> None:
    assert compile_issue(sample).exit_code == 0
    missing = run("ledger", "forget", "--issue", "7", "--yes", "--workspace", sample)
    assert missing.exit_code == 1 and "issue 7 is not in the ledger" in missing.stderr
    result = run("ledger", "forget", "--issue", "12", "--yes", "--workspace", sample)
    assert result.exit_code == 0, result.output
    assert ledger_rows(sample) == []


# A damaged state file is an error, never a new start -------------------------------------


def state_file(workspace: Path) -> Path:
    return workspace / ".letterpress" / "state.sqlite3"


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda p: p.write_bytes(b""), id="empty"),
        pytest.param(lambda p: p.write_bytes(b"not a database at all\n" * 100), id="garbage"),
        pytest.param(lambda p: p.write_bytes(p.read_bytes()[:2000]), id="truncated"),
        pytest.param(lambda p: (p.unlink(), p.mkdir()), id="unreadable"),
    ],
)
def test_a_damaged_state_file_is_an_error_naming_it_and_how_to_recover(
    sample: Path, damage: Any
) -> None:
    assert compile_issue(sample).exit_code == 0
    next_issue(sample)
    assert compile_issue(sample, 13).exit_code == 0
    for extra in ("-wal", "-shm"):
        Path(f"{state_file(sample)}{extra}").unlink(missing_ok=True)
    damage(state_file(sample))
    before = sorted(p.name for p in (sample / ".letterpress").iterdir())
    result = compile_issue(sample, 13)
    assert result.exit_code == 1
    assert "state.sqlite3" in result.stderr and "ledger" in result.stderr
    assert "backups/state-" in result.stderr  # the file to copy back
    assert "Traceback" not in result.output
    # Nothing was reset or written in its place.
    assert sorted(p.name for p in (sample / ".letterpress").iterdir()) == before


def test_the_backup_the_error_names_restores_the_ledger(sample: Path) -> None:
    assert compile_issue(sample).exit_code == 0
    published_12 = news(sample, 12)
    next_issue(sample)
    assert compile_issue(sample, 13).exit_code == 0
    state_file(sample).write_bytes(b"")
    Path(f"{state_file(sample)}-wal").unlink(missing_ok=True)
    message = compile_issue(sample, 14).stderr
    backup = Path(message.split("cp ", 1)[1].split()[0])
    shutil.copy(backup, state_file(sample))
    # The backup was taken before issue 13 was recorded: it knows issue 12.
    state = State(state_file(sample))
    try:
        assert [e.number for e in state.entries()] == [12]
    finally:
        state.close()
    assert compile_issue(sample, 13).exit_code == 0
    assert not news(sample, 13) & published_12


def test_a_compile_that_changes_nothing_takes_no_backup(sample: Path) -> None:
    assert compile_issue(sample).exit_code == 0
    backups = sorted((sample / ".letterpress" / "backups").iterdir())
    assert compile_issue(sample).exit_code == 0
    assert sorted((sample / ".letterpress" / "backups").iterdir()) == backups


def test_the_sample_still_compiles_with_a_state_file_from_before_item_snapshots(
    sample: Path,
) -> None:
    """A workspace compiled by an earlier letterpress: its ledger is read, and kept."""
    path = state_file(sample)
    path.parent.mkdir()
    db = sqlite3.connect(path)
    db.executescript(
        "CREATE TABLE feed_cache (url TEXT PRIMARY KEY, body BLOB NOT NULL, etag TEXT,"
        " last_modified TEXT, fetched_at TEXT NOT NULL);"
        "CREATE TABLE snapshots (issue INTEGER NOT NULL, url TEXT NOT NULL, body BLOB NOT NULL,"
        " PRIMARY KEY (issue, url));"
        "CREATE TABLE issues (number INTEGER PRIMARY KEY, date TEXT NOT NULL);"
        "CREATE TABLE published (issue INTEGER NOT NULL, item TEXT NOT NULL,"
        " PRIMARY KEY (issue, item));"
        "CREATE TABLE carried (issue INTEGER NOT NULL, item TEXT NOT NULL,"
        " PRIMARY KEY (issue, item));"
        "INSERT INTO issues VALUES (11, '2024-06-06');"
    )
    db.commit()
    db.close()
    result = compile_issue(sample)
    assert result.exit_code == 0, result.output
    # Issue 11's date still starts issue 12's window, and 12 joins it in the ledger.
    assert "(2024-06-06 to 2024-06-20)" in result.stdout
    assert built(sample, "email.html").is_file()
    assert [e.number for e in entries(sample)] == [11, 12]


def entries(workspace: Path) -> list[Any]:
    state = State(state_file(workspace))
    try:
        return state.entries()
    finally:
        state.close()


def test_an_items_snapshot_keeps_every_date_field_and_its_kind() -> None:
    import datetime as dt

    from letterpress.models import Item
    from letterpress.snapshot import items_from_json, items_to_json

    event = Item(
        "e1",
        "Picket at the depot",
        "",
        "agenda",
        published=dt.date(2024, 6, 1),
        event_start=dt.datetime(2024, 6, 21, 7, 30, tzinfo=dt.UTC),
        listing=True,
    )
    (again,) = items_from_json(items_to_json([event]))
    assert again == event
