"""The write stage: an issue's folder is whole or untouched, and check can tell which."""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import random
import re
import signal
import sqlite3
import time
from collections import Counter
from pathlib import Path

from letterpress.manifest import verify_manifest
from tests.conftest import built, compile_issue, run

OUTPUTS = ("email.html", "email.txt", "email.eml", "issue.json", "index.html")


def folder_bytes(workspace: Path, number: int = 12) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (workspace / "build" / f"issue-{number}").iterdir()}


def retitle(workspace: Path, title: str) -> None:
    path = workspace / "issues" / "12.toml"
    text = path.read_text("utf-8")
    first, rest = text.split("\n", 1)
    assert first.startswith("title = ")
    path.write_text(f'title = "{title}"\n{rest}', "utf-8")


def test_a_failed_compile_leaves_the_previous_issue_exactly_as_it_was(sample: Path) -> None:
    assert compile_issue(sample).exit_code == 0
    last_week = folder_bytes(sample)
    retitle(sample, "A new week")
    # One template raising halfway: the other outputs render fine.
    (sample / "templates" / "email.txt.j2").write_text("{{ issue.title }}\n{{ issue.nope.x }}\n")
    result = compile_issue(sample)
    assert result.exit_code == 1
    assert "templates/email.txt.j2:2" in result.stderr
    assert "build/issue-12 is left as it was" in result.stderr
    assert folder_bytes(sample) == last_week
    # And what is there is a whole set, which check says.
    checked = run("check", "--issue", "12", "--workspace", sample, "--strict")
    assert "manifest" not in checked.output, checked.output


def test_check_exits_2_when_the_files_do_not_belong_together(sample: Path) -> None:
    assert compile_issue(sample).exit_code == 0
    last_week = built(sample, "email.html").read_bytes()
    retitle(sample, "A new week")
    assert compile_issue(sample).exit_code == 0
    # Last week's email.html put back beside this week's text: the mix an editor could send.
    built(sample, "email.html").write_bytes(last_week)
    result = run("check", "--issue", "12", "--workspace", sample)
    assert result.exit_code == 2
    assert "email.html: error manifest-mismatch" in result.stdout
    findings = json.loads(run("check", "--issue", "12", "--workspace", sample, "--json").stdout)
    assert {"level": "error", "code": "manifest-mismatch"} in [
        {"level": f["level"], "code": f["code"]} for f in findings
    ]


def test_check_exits_2_without_a_manifest_or_with_a_file_missing(sample: Path) -> None:
    assert compile_issue(sample).exit_code == 0
    built(sample, "email.eml").unlink()
    missing = run("check", "--issue", "12", "--workspace", sample)
    assert missing.exit_code == 2 and "email.eml: error manifest-mismatch" in missing.stdout
    built(sample, "manifest.json").unlink()
    unlisted = run("check", "--issue", "12", "--workspace", sample)
    assert unlisted.exit_code == 2 and "manifest-missing" in unlisted.stdout


def test_stale_work_in_progress_is_cleaned_and_a_folder_lost_mid_swap_comes_back(
    sample: Path,
) -> None:
    assert compile_issue(sample).exit_code == 0
    build = sample / "build"
    gone = 2**22 + 12345  # above any pid_max: a process that cannot be running
    (build / f".feed.xml.{gone}.1a2b3c4d.tmp").write_text("half a feed")
    (build / f".issue-12.{gone}.1a2b3c4d.new").mkdir()
    (build / f".issue-12.{gone}.1a2b3c4d.new" / "email.html").write_text("half")
    legacy = build / ".index.html.k3j4h5_a.tmp"  # an earlier version's name, hours old
    legacy.write_text("old")
    os.utime(legacy, (time.time() - 7200, time.time() - 7200))
    # A crash between the two renames of a swap, where the kernel cannot exchange folders.
    issue_11 = build / "issue-11"
    issue_11.mkdir()
    (issue_11 / "issue.json").write_text("{}")
    issue_11.rename(build / f".issue-11.{gone}.5e6f7a8b.old")
    assert compile_issue(sample).exit_code == 0
    assert sorted(p.name for p in build.iterdir()) == [
        "feed.xml",
        "index.html",
        "issue-11",
        "issue-12",
    ]
    assert (build / "issue-11" / "issue.json").read_text() == "{}"


# kill -9 in the write phase --------------------------------------------------------------

RUNS = 20
# Modules the compiling children share, loaded once in the fork server.
PRELOAD = ["letterpress.pipeline", "letterpress.builtins.outputs", "mjml", "css_inline", "jinja2"]


def _compile_in_child(root: str, refresh: bool) -> None:
    from letterpress.pipeline import RunOptions, compile_issue
    from letterpress.workspace import load_workspace

    workspace = load_workspace(Path(root))
    options = RunOptions(offline=True, refresh=refresh)
    compile_issue(workspace, 12, workspace.root / "build", options=options)


def _wait_for_write_phase(build: Path, process: multiprocessing.process.BaseProcess) -> None:
    """Until the new folder is being written (or the compile is over)."""
    while process.is_alive():
        if any(name.startswith(".issue-12.") for name in os.listdir(build)):
            return
        time.sleep(0.0002)


def _titles_in(folder: Path) -> set[str]:
    """The run titles each file of the folder carries: one for a whole set."""
    found = set()
    for name in OUTPUTS:
        text = (folder / name).read_text("utf-8", errors="replace")
        found |= set(re.findall(r"run-(?:start|\d\d)", text))
    return found


def test_kill_9_during_compiles_leaves_a_whole_folder_and_a_sound_ledger(sample: Path) -> None:
    """A bounded loop (seconds): kill -9 at random moments, mostly inside the write phase.

    Half the runs also --refresh with a new note, so the ledger changes (and is backed up)
    in each; a kill can land in the database write as well as in the folder's.
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    build = sample / "build"
    retitle(sample, "run-start")
    assert compile_issue(sample).exit_code == 0
    rng = random.Random(20240620)
    outcomes: Counter[str] = Counter()
    previous = "run-start"
    for n in range(RUNS):
        title = f"run-{n:02d}"
        retitle(sample, title)
        refresh = n % 2 == 1
        if refresh:
            (sample / "sources" / f"note-{n}.md").write_text(f"# Note {n}\n\nA word on {n}.\n")
        process = context.Process(target=_compile_in_child, args=(str(sample), refresh))
        process.start()
        if n % 4 == 0:
            time.sleep(rng.uniform(0.0, 1.2))  # anywhere in the compile, ledger write included
        else:
            # The write phase takes some 50 to 200 ms here: files, fsyncs, the swap, build/'s own.
            _wait_for_write_phase(build, process)
            time.sleep(rng.uniform(0.0, 0.12))
        assert process.pid is not None
        with contextlib.suppress(ProcessLookupError):  # it may have finished first
            os.kill(process.pid, signal.SIGKILL)
        process.join()
        folder = build / "issue-12"
        assert verify_manifest(folder) == [], n
        titles = _titles_in(folder)
        assert titles in ({previous}, {title}), (n, titles)
        outcomes["new" if titles == {title} else "previous"] += 1
        previous = titles.pop()
        db = sqlite3.connect(sample / ".letterpress" / "state.sqlite3")
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        db.close()
    # The next compile opens the ledger without complaint and sweeps what the kills left.
    result = compile_issue(sample)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in build.iterdir()) == ["feed.xml", "index.html", "issue-12"]
    leftovers = [p.name for p in (sample / ".letterpress").rglob(".*") if p.is_file()]
    assert leftovers == []
    print(
        f"kill -9: {RUNS} runs, {outcomes['previous']} left the previous issue whole, "
        f"{outcomes['new']} the new one whole, 0 mixed; ledger sound after each"
    )
