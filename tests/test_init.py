"""`letterpress init`: from an empty folder to a compiled first issue."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from tests.conftest import REPO, compile_issue, run


def test_init_makes_a_workspace_whose_first_issue_compiles(tmp_path: Path) -> None:
    folder = tmp_path / "tenants-voice"
    result = run("init", folder, "--language", "nl")
    assert result.exit_code == 0, result.output
    assert "letterpress compile --issue 1" in result.stdout
    config = tomllib.loads((folder / "letterpress.toml").read_text())
    assert config["newsletter"] == {
        "name": "Tenants Voice",
        "language": "nl",
        "unsectioned": "brief",
    }
    assert (folder / "sources" / "welcome.md").is_file()
    assert (folder / "issues" / "1.toml").is_file()

    compiled = compile_issue(folder, 1, "--strict")
    assert compiled.exit_code == 0, compiled.output
    issue = json.loads((folder / "build" / "issue-1" / "issue.json").read_text())
    assert issue["language"] == "nl"
    assert [i["title"] for i in issue["unsectioned"]] == ["Welcome to Tenants Voice"]


def test_the_commented_examples_of_the_config_work_when_uncommented(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    assert run("init", folder, "--name", "Buurt Nieuws").exit_code == 0
    config = folder / "letterpress.toml"
    text = config.read_text()
    start = text.index("# [sections.climate]")
    text = text[:start] + text[start:].replace("# ", "")
    config.write_text(text)
    (folder / "sources" / "plan.txt").write_text(
        "Het Klimaatplan van de stad\n\nDe gemeente stelt haar Klimaatplan voor.\n"
    )
    assert compile_issue(folder, 1).exit_code == 0
    issue = json.loads((folder / "build" / "issue-1" / "issue.json").read_text())
    climate = next(s for s in issue["sections"] if s["name"] == "climate")
    assert [i["title"] for i in climate["items"]] == ["Het Klimaatplan van de stad"]


def test_init_never_overwrites_a_newsletter(tmp_path: Path) -> None:
    assert run("init", tmp_path).exit_code == 0
    (tmp_path / "letterpress.toml").write_text('[newsletter]\nname = "Mine"\n')
    again = run("init", tmp_path)
    assert again.exit_code == 1
    assert "already exists" in again.stderr and "nothing was written" in again.stderr
    assert (tmp_path / "letterpress.toml").read_text() == '[newsletter]\nname = "Mine"\n'


def test_init_here_keeps_files_that_are_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "welcome.md").write_text("My own words.\n")
    monkeypatch.chdir(tmp_path)
    result = run("init", "--name", "Here")
    assert result.exit_code == 0, result.output
    assert "sources/welcome.md" not in result.stdout
    assert (tmp_path / "sources" / "welcome.md").read_text() == "My own words.\n"
    assert (tmp_path / "letterpress.toml").is_file()


def test_outside_a_workspace_the_error_names_init(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("compile", "--issue", "1")
    assert result.exit_code == 1
    assert "letterpress init" in result.stderr


def test_compile_help_names_every_file_a_compile_writes(sample: Path) -> None:
    assert compile_issue(sample).exit_code == 0
    build = sample / "build"
    written = {str(p.relative_to(build)).replace("issue-12", "issue-N") for p in build.rglob("*")}
    help_text = run("compile", "--help").stdout
    assert {name for name in written if "." in name and name not in help_text} == set()


def test_the_readme_names_init_among_the_commands() -> None:
    readme = (REPO / "README.md").read_text()
    assert "## Your first newsletter" in readme
    assert "| `letterpress init [DIR]` |" in readme
