"""Shared fixtures: a throw-away copy of the sample workspace, and the CLI as a user runs it."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from letterpress.cli import cli

REPO = Path(__file__).resolve().parent.parent
SAMPLE_PARTS = ("letterpress.toml", "sources", "issues", "templates", "plugins", "locale")


def copy_sample(root: Path) -> Path:
    """A copy of the repository's sample workspace in ``root``."""
    root.mkdir(parents=True)
    for part in SAMPLE_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, root / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.is_file():
            shutil.copy(source, root / part)
    return root


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A copy of the repository's sample workspace, free to change."""
    return copy_sample(tmp_path / "sample")


CHROMIUM = Path("/usr/bin/chromium")
# Flags for a closed network and a root user; see Debian's chromium and this machine's notes.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's headless Chromium through Playwright; skipped, saying why, if it is missing."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: apt-get install chromium (.ci/run does)"
        if os.environ.get("LETTERPRESS_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def run(*args: str | Path) -> Result:
    """Run the letterpress CLI in-process, as a user would from a shell."""
    return CliRunner().invoke(cli, [str(a) for a in args])


def compile_issue(workspace: Path, number: int = 12, *extra: str) -> Result:
    return run("compile", "--issue", str(number), "--workspace", workspace, *extra)


def built(workspace: Path, name: str, number: int = 12) -> Path:
    return workspace / "build" / f"issue-{number}" / name


def issue_json(workspace: Path, number: int = 12) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(built(workspace, "issue.json", number).read_text("utf-8"))
    return data


def sections_by_title(data: dict[str, Any]) -> dict[str, str]:
    """Each item's title (and summary, for blurbs) mapped to the section it landed in."""
    placed = {}
    for section in data["sections"]:
        for item in section["items"]:
            placed[item["title"] + " " + item["summary"]] = section["name"]
    for item in data["unsectioned"]:
        placed[item["title"] + " " + item["summary"]] = "brief"
    return placed


def reseal(workspace: Path, number: int = 12) -> None:
    """The manifest rewritten for built files a test changed by hand, as if compile wrote them."""
    from letterpress.manifest import MANIFEST, manifest_of

    folder = workspace / "build" / f"issue-{number}"
    files = {p.name: p.read_bytes() for p in folder.iterdir() if p.name != MANIFEST}
    (folder / MANIFEST).write_bytes(manifest_of(number, files))
