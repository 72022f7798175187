"""kill -9 at random moments of `letterpress compile`: is every folder whole, every ledger sound?

Run it from the repository root:

    .venv/bin/python bench/kill9.py             # 60 runs
    .venv/bin/python bench/kill9.py --runs 150

Each run retitles issue 12 of a copy of the sample workspace (every second run also adds a
note and passes --refresh, so the ledger changes too), starts `letterpress compile` as a new
process, and sends it SIGKILL: two runs in three once its new folder appears (inside the write
phase), the others at any moment. After each kill it checks that build/issue-12 holds one
compile's files (manifest.json matches, and every output carries the same title) and that
SQLite finds the state file sound. At the end one more compile must succeed and leave no
work in progress behind. It prints the counts. The test suite runs a shorter loop of the
same (tests/test_write_stage.py).
"""

from __future__ import annotations

import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from _common import copy_sample, machine, runs_parser, user_environment

OUTPUTS = ("email.html", "email.txt", "email.eml", "issue.json", "index.html")
TITLE = re.compile(r"run-(?:start|\d{4})")


def retitle(workspace: Path, title: str) -> None:
    path = workspace / "issues" / "12.toml"
    _title, rest = path.read_text("utf-8").split("\n", 1)
    path.write_text(f'title = "{title}"\n{rest}', "utf-8")


def compile_command(workspace: Path, refresh: bool) -> list[str]:
    command = [sys.executable, "-m", "letterpress", "compile", "--issue", "12"]
    return [*command, "--workspace", str(workspace), "--offline"] + (
        ["--refresh"] if refresh else []
    )


def titles_in(folder: Path) -> set[str]:
    found: set[str] = set()
    for name in OUTPUTS:
        found |= set(TITLE.findall((folder / name).read_text("utf-8", errors="replace")))
    return found


def main() -> None:
    parser = runs_parser(__doc__.splitlines()[0], 60, "kill")
    runs = parser.parse_args().runs
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    from letterpress.manifest import verify_manifest

    env = user_environment()
    rng = random.Random(20240620)
    outcomes: Counter[str] = Counter()
    with tempfile.TemporaryDirectory() as temporary:
        workspace = Path(temporary) / "sample"
        copy_sample(workspace)
        build = workspace / "build"
        retitle(workspace, "run-start")
        subprocess.run(compile_command(workspace, False), env=env, check=True, capture_output=True)
        previous = "run-start"
        for n in range(runs):
            title = f"run-{n:04d}"
            retitle(workspace, title)
            refresh = n % 2 == 1
            if refresh:
                (workspace / "sources" / f"note-{n}.md").write_text(f"# Note {n}\n\nOn {n}.\n")
            process = subprocess.Popen(
                compile_command(workspace, refresh),
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            if n % 3 == 2:
                time.sleep(rng.uniform(0.3, 2.5))
            else:
                while process.poll() is None:
                    if any(name.startswith(".issue-12.") for name in os.listdir(build)):
                        break
                    time.sleep(0.0002)
                time.sleep(rng.uniform(0.0, 0.15))
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                outcomes["killed"] += 1
            process.wait()
            folder = build / "issue-12"
            titles = titles_in(folder)
            whole = not verify_manifest(folder) and titles in ({previous}, {title})
            outcomes["whole" if whole else "MIXED"] += 1
            outcomes["new" if titles == {title} else "previous"] += 1
            previous = sorted(titles)[-1]
            db = sqlite3.connect(workspace / ".letterpress" / "state.sqlite3")
            sound = db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            db.close()
            outcomes["ledger sound" if sound else "LEDGER DAMAGED"] += 1
        final = subprocess.run(compile_command(workspace, False), env=env, capture_output=True)
        leftovers = [p.name for p in build.iterdir() if p.name.startswith(".")]
    print(machine())
    print(
        f"{runs} runs, {outcomes['killed']} killed: {outcomes['whole']} folders whole "
        f"({outcomes['previous']} the previous issue, {outcomes['new']} the new one), "
        f"{outcomes['MIXED']} mixed; {outcomes['ledger sound']} ledgers sound, "
        f"{outcomes['LEDGER DAMAGED']} damaged"
    )
    print(
        f"next compile: exit {final.returncode}, {len(leftovers)} leftovers in build/ {leftovers}"
    )


if __name__ == "__main__":
    main()
