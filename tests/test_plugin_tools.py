"""The plugin author's tools: listing, scaffolding, configuration, isolation and tracing."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from letterpress import hookimpl
from letterpress.testing import compile_workspace, make_workspace, registered
from tests.conftest import compile_issue, run

SETTINGS_PLUGIN = """
from letterpress import hookimpl

seen = {}

@hookimpl
def configure(config):
    opts = config.options(["greeting", "token_env"])
    seen["greeting"] = opts.get_str("greeting", "hello")
    if "token_env" in config.table:
        seen["token"] = config.secret("token")

@hookimpl
def prepare_issue(issue):
    import dataclasses
    return dataclasses.replace(issue, intro=seen["greeting"] + " " + seen.get("token", ""))
"""


def write_plugin(workspace: Path, name: str, code: str) -> None:
    (workspace / "plugins").mkdir(exist_ok=True)
    (workspace / "plugins" / f"{name}.py").write_text(textwrap.dedent(code))


def add_config(workspace: Path, text: str) -> None:
    config = workspace / "letterpress.toml"
    config.write_text(config.read_text() + "\n" + textwrap.dedent(text))


# Listing ---------------------------------------------------------------------------------


def test_plugins_lists_local_plugins_with_their_hooks_and_types(sample: Path) -> None:
    write_plugin(sample, "greeter", SETTINGS_PLUGIN)
    result = run("plugins", "--workspace", sample)
    assert result.exit_code == 0, result.output
    assert "greeter  (local: " in result.stdout
    assert "hooks: configure, prepare_issue" in result.stdout
    assert "letterpress.builtins.health" not in result.stdout


def test_plugins_json_and_all_include_the_built_ins(sample: Path) -> None:
    result = run("plugins", "--workspace", sample, "--json", "--all")
    listing = {p["name"]: p for p in json.loads(result.stdout)}
    health = listing["letterpress.builtins.health"]
    assert health["origin"] == "built-in"
    assert health["section_types"] == ["health"]
    assert listing["letterpress.builtins.feed_source"]["source_types"] == ["rss"]


# Scaffolding -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["source", "section", "renderer"])
def test_plugin_new_writes_a_package_with_an_entry_point_and_a_test(
    tmp_path: Path, kind: str
) -> None:
    result = run("plugin", "new", "cms-news", "--kind", kind, "--dir", tmp_path)
    assert result.exit_code == 0, result.output
    package = tmp_path / "cms-news"
    pyproject = (package / "pyproject.toml").read_text()
    assert '[project.entry-points.letterpress]\ncms-news = "letterpress_cms_news"' in pyproject
    module = (package / "src" / "letterpress_cms_news" / "__init__.py").read_text()
    compile(module, "plugin", "exec")  # valid Python
    assert "@hookimpl" in module
    assert "letterpress.testing" in (package / "tests" / "test_letterpress_cms_news.py").read_text()


def test_plugin_new_refuses_a_bad_name_and_an_existing_folder(tmp_path: Path) -> None:
    assert run("plugin", "new", "Bad Name", "--dir", tmp_path).exit_code == 2
    (tmp_path / "taken").mkdir()
    result = run("plugin", "new", "taken", "--dir", tmp_path)
    assert result.exit_code == 1 and "already exists" in result.stderr


def test_the_scaffolded_plugin_works_when_registered(tmp_path: Path) -> None:
    run("plugin", "new", "cms", "--kind", "source", "--dir", tmp_path)
    code = (tmp_path / "cms" / "src" / "letterpress_cms" / "__init__.py").read_text()
    namespace: dict[str, object] = {"__name__": "letterpress_cms"}
    exec(compile(code, "letterpress_cms", "exec"), namespace)
    plugin = type(
        "Plugin", (), {"register_source_types": staticmethod(namespace["register_source_types"])}
    )  # type: ignore[arg-type]
    workspace = make_workspace(
        tmp_path / "ws",
        config='[sources.news]\ntype = "cms"\npath = "news.json"\n',
        files={
            "news.json": json.dumps(
                [
                    {
                        "title": "Dockers strike",
                        "summary": "The dockers union called a strike over wages.",
                    }
                ]
            )
        },
    )
    with registered(plugin(), "cms"):
        result = compile_workspace(workspace)
    assert result.exit_code == 0, result.output
    assert result.section_of("Dockers strike") == "labour"
    # Registered for the block only.
    assert compile_workspace(workspace).exit_code == 1


# Configuration ---------------------------------------------------------------------------


def test_a_plugins_table_reaches_its_plugin(sample: Path) -> None:
    write_plugin(sample, "greeter", SETTINGS_PLUGIN)
    add_config(sample, '[plugins.greeter]\ngreeting = "Dear reader,"\n')
    assert compile_issue(sample).exit_code == 0
    intro = json.loads((sample / "build" / "issue-12" / "issue.json").read_text())["intro"]
    assert intro.startswith("Dear reader,")


def test_a_wrong_key_in_a_plugins_table_names_the_table(sample: Path) -> None:
    write_plugin(sample, "greeter", SETTINGS_PLUGIN)
    add_config(sample, '[plugins.greeter]\ngreting = "Hi"\n')
    result = compile_issue(sample)
    assert result.exit_code == 1
    assert "letterpress.toml: plugins.greeter.greting: unknown key" in result.stderr
    assert "did you mean 'greeting'" in result.stderr


def test_a_table_for_a_plugin_that_is_not_loaded_is_an_error(sample: Path) -> None:
    add_config(sample, "[plugins.gretter]\n")
    result = compile_issue(sample)
    assert result.exit_code == 1
    assert "plugins.gretter: no plugin named 'gretter'" in result.stderr


def test_secrets_come_from_the_environment_not_the_file(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_plugin(sample, "greeter", SETTINGS_PLUGIN)
    add_config(sample, '[plugins.greeter]\ntoken_env = "GREETER_TOKEN"\n')
    result = compile_issue(sample)
    assert result.exit_code == 1
    assert "plugins.greeter.token_env: environment variable GREETER_TOKEN is not set" in (
        result.stderr
    )
    monkeypatch.setenv("GREETER_TOKEN", "s3cret")
    assert compile_issue(sample).exit_code == 0
    intro = json.loads((sample / "build" / "issue-12" / "issue.json").read_text())["intro"]
    assert intro == "hello s3cret"


def test_a_secret_written_into_the_file_is_refused(sample: Path) -> None:
    write_plugin(
        sample,
        "cms",
        """
        from letterpress import hookimpl

        @hookimpl
        def configure(config):
            config.options(["token"])
            config.secret("token")
        """,
    )
    add_config(sample, '[plugins.cms]\ntoken = "s3cret"\n')
    result = compile_issue(sample)
    assert result.exit_code == 1
    assert "plugins.cms.token: secrets do not belong in letterpress.toml" in result.stderr


# Isolation -------------------------------------------------------------------------------


class RaisesWhileRendering:
    @hookimpl
    def prepare_issue(self, issue: object) -> None:
        raise ValueError("no intro today")

    @hookimpl
    def prepare_jinja2_environment(self, env: object) -> None:
        raise KeyError("filters")


def test_a_plugin_that_raises_while_rendering_is_a_warning_and_the_issue_compiles(
    sample: Path,
) -> None:
    with registered(RaisesWhileRendering(), "flaky"):
        result = compile_issue(sample)
        strict = compile_issue(sample, 12, "--strict")
    assert result.exit_code == 0
    assert (
        "plugin flaky (registered by a test: flaky): prepare_issue raised ValueError: no intro today"
        in result.stderr
    )
    assert "flaky): prepare_jinja2_environment raised KeyError" in result.stderr
    assert (sample / "build" / "issue-12" / "email.html").is_file()
    assert strict.exit_code == 1


def test_a_plugin_renderer_that_raises_loses_only_its_file(sample: Path) -> None:
    write_plugin(
        sample,
        "broken_output",
        """
        from letterpress import hookimpl
        from letterpress.render import Renderer

        class Broken(Renderer):
            type_name = "broken"
            filename = "broken.txt"
            def render(self, issue, context):
                return 1 / 0

        @hookimpl
        def register_renderers():
            return [Broken]
        """,
    )
    result = compile_issue(sample)
    assert result.exit_code == 0
    assert "renderer broken raised ZeroDivisionError" in result.stderr
    assert "plugins/broken_output.py" in result.stderr
    assert not (sample / "build" / "issue-12" / "broken.txt").exists()
    assert (sample / "build" / "issue-12" / "email.html").is_file()


def test_a_section_that_raises_takes_no_items_and_the_rest_sort(sample: Path) -> None:
    write_plugin(
        sample,
        "bad_section",
        """
        from letterpress import hookimpl
        from letterpress.scoring import SectionType

        class Bad(SectionType):
            type_name = "bad"
            def score(self, item):
                raise RuntimeError("vocabulary missing")

        @hookimpl
        def register_section_types():
            return [Bad]
        """,
    )
    add_config(sample, "[sections.bad]\n")
    result = compile_issue(sample)
    assert result.exit_code == 0
    assert "section 'bad' (Bad) raised RuntimeError: vocabulary missing" in result.stderr
    data = json.loads((sample / "build" / "issue-12" / "issue.json").read_text())
    assert "bad" not in [s["name"] for s in data["sections"]]
    assert len(data["sections"]) >= 4


def test_a_hook_returning_the_wrong_thing_is_told_the_contract(sample: Path) -> None:
    write_plugin(
        sample,
        "wrong",
        "from letterpress import hookimpl\n\n@hookimpl\ndef register_source_types():\n"
        "    return ['rss']\n",
    )
    result = compile_issue(sample)
    assert result.exit_code == 1
    assert "register_source_types must return a list of Source subclasses, not 'rss'" in (
        result.stderr
    )


# Tracing ---------------------------------------------------------------------------------


def test_trace_plugins_prints_each_hook_call_with_its_time(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = compile_issue(sample, 12, "--trace-plugins")
    assert result.exit_code == 0
    lines = [line for line in result.stderr.splitlines() if line.startswith("trace: ")]
    assert any(
        line.startswith("trace: register_source_types: letterpress.builtins.text_source ")
        and "ms -> [TextSource]" in line
        for line in lines
    )
    monkeypatch.setenv("LETTERPRESS_TRACE_PLUGINS", "1")
    assert "trace: register_renderers" in compile_issue(sample).stderr
    monkeypatch.delenv("LETTERPRESS_TRACE_PLUGINS")
    assert "trace:" not in compile_issue(sample).stderr
