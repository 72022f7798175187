"""What a plugin author meets: clashes between plugins, loading only some, wrong returns,
tracebacks with --debug, and the hints when a plugin is silently not one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import compile_issue, issue_json, run
from tests.test_plugins import write_plugin

HOUSING = """
from letterpress import hookimpl
from letterpress.scoring import KeywordSection


class Housing(KeywordSection):
    type_name = "housing"
    default_title = "{title}"
    terms = {{"rent": 3, "tenants": 3}}


@hookimpl
def register_section_types():
    return [Housing]
"""


def installed_package(site: Path, name: str, code: str, entry_point: bool = True) -> None:
    """A package in ``site`` as pip would leave it: the module and its dist-info."""
    write_plugin(site, f"letterpress_{name}", code)
    dist = site / f"letterpress_{name}-0.3.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: letterpress-{name}\nVersion: 0.3.0\n"
    )
    if entry_point:
        (dist / "entry_points.txt").write_text(f"[letterpress]\n{name} = letterpress_{name}\n")


def with_housing(sample: Path) -> None:
    config = sample / "letterpress.toml"
    config.write_text(config.read_text() + "\n[sections.housing]\n")
    (sample / "sources" / "rent.txt").write_text(
        "Tenants of Parkside win their rent fight\n\nThe tenants' union won.\n"
    )


# Two plugins, one type name ---------------------------------------------------------------


def test_two_plugins_registering_one_section_type_are_both_named_with_the_winner(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    installed_package(site, "housing", HOUSING.format(title="Housing (installed)"))
    monkeypatch.syspath_prepend(str(site))
    write_plugin(sample / "plugins", "homes", HOUSING.format(title="Homes (local)"))
    with_housing(sample)

    result = compile_issue(sample)
    assert result.exit_code == 0, result.output
    warning = next(line for line in result.stderr.splitlines() if "'housing'" in line)
    assert "section type 'housing' is registered by both plugin housing" in warning
    assert "plugin homes (" in warning
    assert "homes wins (the workspace's plugins/ files load after installed packages)" in (warning)
    assert [s["title"] for s in issue_json(sample)["sections"] if s["name"] == "housing"] == [
        "Homes (local)"
    ]

    listing = run("plugins", "--workspace", sample).stdout
    assert "replaces: section type 'housing' of housing" in listing
    assert "replaced by: section type 'housing', by homes (" in listing
    entries = json.loads(run("plugins", "--workspace", sample, "--json").stdout)
    housing = next(e for e in entries if e["name"] == "housing")
    assert housing["replaced_by"] and not housing["replaces"]


def test_replacing_a_built_in_is_shown_by_plugins_but_is_no_warning(sample: Path) -> None:
    write_plugin(
        sample / "plugins", "health", HOUSING.replace("housing", "health").format(title="Care")
    )
    result = compile_issue(sample, 12, "--strict")
    assert result.exit_code == 0, result.output
    listing = run("plugins", "--workspace", sample).stdout
    assert "replaces: section type 'health' of letterpress.builtins.health" in listing


def test_load_plugins_names_the_only_plugins_a_run_loads(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    installed_package(site, "housing", HOUSING.format(title="Housing (installed)"))
    monkeypatch.syspath_prepend(str(site))
    write_plugin(sample / "plugins", "homes", HOUSING.format(title="Homes (local)"))
    with_housing(sample)

    monkeypatch.setenv("LETTERPRESS_LOAD_PLUGINS", "housing,agenda")
    result = compile_issue(sample)
    assert result.exit_code == 0, result.output
    assert "registered by both" not in result.stderr
    titles = [s["title"] for s in issue_json(sample)["sections"]]
    assert "Housing (installed)" in titles and "Agenda" in titles
    names = [e["name"] for e in json.loads(run("plugins", "-w", sample, "--json").stdout)]
    assert names == ["housing", "agenda"]

    monkeypatch.setenv("LETTERPRESS_LOAD_PLUGINS", "housing,agneda")
    wrong = compile_issue(sample)
    assert wrong.exit_code == 1
    assert "LETTERPRESS_LOAD_PLUGINS names agneda" in wrong.stderr
    assert "agenda" in wrong.stderr.split("there are:")[1]
