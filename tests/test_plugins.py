"""Plugins: built-ins, installed packages and local files, and the messages when one is wrong."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from letterpress.errors import PluginError
from letterpress.plugins import BUILTIN_PLUGINS, load_plugins
from tests.conftest import compile_issue, issue_json

CALENDAR_PLUGIN = """
from letterpress import hookimpl
from letterpress.models import Item
from letterpress.source import Source


class AgendaSource(Source):
    type_name = "agenda"

    def collect(self):
        yield Item(id="agenda-1", title="Picket at the depot", summary="Monday 7am, bring tea.",
                   source=self.name, section="labour")


@hookimpl
def register_source_types():
    return [AgendaSource]
"""


def write_plugin(folder: Path, name: str, code: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / f"{name}.py"
    path.write_text(textwrap.dedent(code))
    return path


def add_source(workspace: Path, table: str) -> None:
    config = workspace / "letterpress.toml"
    config.write_text(config.read_text() + "\n" + textwrap.dedent(table))


def test_builtins_are_ordinary_plugins() -> None:
    host = load_plugins(entry_points=False)
    assert [o.name for o in host.origins.values()] == list(BUILTIN_PLUGINS)
    assert {o.kind for o in host.origins.values()} == {"built-in"}


def test_a_local_plugin_adds_a_source_type_the_workspace_uses(sample: Path) -> None:
    write_plugin(sample / "plugins", "meetings", CALENDAR_PLUGIN)
    add_source(sample, '[sources.meetings]\ntype = "agenda"\n')
    result = compile_issue(sample)
    assert result.exit_code == 0, result.output
    labour = next(s for s in issue_json(sample)["sections"] if s["name"] == "labour")
    assert "Picket at the depot" in [i["title"] for i in labour["items"]]


def test_plugins_dir_option_loads_another_folder(sample: Path, tmp_path: Path) -> None:
    write_plugin(tmp_path / "more", "meetings", CALENDAR_PLUGIN)
    add_source(sample, '[sources.meetings]\ntype = "agenda"\n')
    assert compile_issue(sample).exit_code == 1  # without the folder the type is unknown
    result = compile_issue(sample, 12, "--plugins-dir", str(tmp_path / "more"))
    assert result.exit_code == 0, result.output


def test_a_plugin_that_fails_to_import_is_named_with_its_file_and_line(sample: Path) -> None:
    write_plugin(sample / "plugins", "broken", "import os\nvalue = undefined_name + 1\n")
    result = compile_issue(sample)
    assert result.exit_code == 1
    assert "plugins/broken.py:2" in result.stderr
    assert "NameError" in result.stderr and "Traceback" not in result.output


def test_a_misspelt_hook_fails_loudly_naming_the_plugin(sample: Path) -> None:
    write_plugin(
        sample / "plugins",
        "typo",
        "from letterpress import hookimpl\n\n@hookimpl\ndef register_source_type():\n    return []\n",
    )
    result = compile_issue(sample)
    assert result.exit_code == 1
    assert "plugins/typo.py" in result.stderr
    assert "register_source_type is not a letterpress hook" in result.stderr
    assert "register_source_types" in result.stderr  # the list of real hooks


def test_a_hook_asking_for_an_argument_that_does_not_exist_gets_the_contract(
    sample: Path,
) -> None:
    write_plugin(
        sample / "plugins",
        "wrongargs",
        "from letterpress import hookimpl\n\n@hookimpl\ndef prepare_issue(issue, colour):\n    pass\n",
    )
    result = compile_issue(sample)
    assert result.exit_code == 1
    assert "plugins/wrongargs.py" in result.stderr
    assert "prepare_issue(issue: 'Issue', workspace: 'Workspace')" in result.stderr


def test_a_hook_that_raises_is_named(sample: Path) -> None:
    write_plugin(
        sample / "plugins",
        "raiser",
        "from letterpress import hookimpl\n\n@hookimpl\ndef register_section_types():\n"
        "    raise RuntimeError('no vocabulary')\n",
    )
    result = compile_issue(sample)
    assert result.exit_code == 1
    assert "plugins/raiser.py" in result.stderr
    assert "register_section_types raised RuntimeError: no vocabulary" in result.stderr


def test_a_source_that_raises_loses_only_its_own_items(sample: Path) -> None:
    write_plugin(
        sample / "plugins",
        "flaky",
        """
        from letterpress import hookimpl
        from letterpress.source import Source

        class Flaky(Source):
            type_name = "flaky"
            def collect(self):
                raise ConnectionError("CMS is down")

        @hookimpl
        def register_source_types():
            return [Flaky]
        """,
    )
    add_source(sample, '[sources.cms]\ntype = "flaky"\n')
    result = compile_issue(sample)
    assert result.exit_code == 0
    assert "source 'cms'" in result.stderr and "CMS is down" in result.stderr
    assert "plugins/flaky.py" in result.stderr
    assert len(issue_json(sample)["sections"]) == 5


def test_prepare_hooks_change_the_issue_and_the_template_environment(sample: Path) -> None:
    write_plugin(
        sample / "plugins",
        "shout",
        """
        import dataclasses
        from letterpress import hookimpl

        @hookimpl
        def prepare_issue(issue):
            return dataclasses.replace(issue, title=issue.title.upper())

        @hookimpl
        def prepare_jinja2_environment(env):
            env.filters["shout"] = lambda text: text.upper() + "!"
        """,
    )
    (sample / "templates" / "email.txt.j2").write_text("{{ issue.newsletter|shout }}\n")
    assert compile_issue(sample).exit_code == 0
    assert issue_json(sample)["title"] == "HEALTH IS A RIGHT, SOLIDARITY IS A DUTY"
    text = (sample / "build" / "issue-12" / "email.txt").read_text()
    assert text == "SOLIDARITY BULLETIN!\n"


def test_a_workspace_plugin_replaces_a_built_in_of_the_same_name(sample: Path) -> None:
    write_plugin(
        sample / "plugins",
        "strict_health",
        """
        from letterpress import hookimpl
        from letterpress.scoring import KeywordSection

        class OnlyAbortion(KeywordSection):
            type_name = "health"
            default_title = "Reproductive rights"
            terms = {"abortion": 3}

        @hookimpl
        def register_section_types():
            return [OnlyAbortion]
        """,
    )
    assert compile_issue(sample).exit_code == 0
    health = issue_json(sample)["sections"][0]
    assert health["title"] == "Reproductive rights"
    assert len(health["items"]) == 2  # the abortion story, and the staff note placed by hand


def test_an_installed_package_is_loaded_through_its_entry_point(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    write_plugin(site, "letterpress_agenda", CALENDAR_PLUGIN)
    dist = site / "letterpress_agenda-1.2.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: letterpress-agenda\nVersion: 1.2.0\n"
    )
    (dist / "entry_points.txt").write_text("[letterpress]\nagenda = letterpress_agenda\n")
    monkeypatch.syspath_prepend(str(site))
    host = load_plugins()
    origin = host.origins["agenda"]
    assert (origin.kind, origin.version) == ("package", "1.2.0")
    assert "agenda" in host.registered_types("register_source_types", object)
    # Installed packages come after the built-ins and before local files.
    assert list(host.origins)[: len(BUILTIN_PLUGINS)] == list(BUILTIN_PLUGINS)


def test_an_installed_package_that_fails_to_import_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    write_plugin(site, "letterpress_bad", "raise ImportError('needs requests')\n")
    dist = site / "letterpress_bad-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: letterpress-bad\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[letterpress]\nbad = letterpress_bad\n")
    monkeypatch.syspath_prepend(str(site))
    with pytest.raises(PluginError, match=r"plugin bad \(letterpress_bad from letterpress-bad\)"):
        load_plugins()
