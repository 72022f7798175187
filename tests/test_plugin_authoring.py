"""What a plugin author meets: clashes between plugins, loading only some, wrong returns,
tracebacks with --debug, and the hints when a plugin is silently not one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from letterpress import hookimpl
from letterpress.models import Issue
from letterpress.render import RenderContext, Renderer
from letterpress.testing import compile_workspace, make_workspace, registered
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


@pytest.fixture
def two_housings(sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sample, with an installed package and a local file both registering 'housing'."""
    site = tmp_path / "site"
    installed_package(site, "housing", HOUSING.format(title="Housing (installed)"))
    monkeypatch.syspath_prepend(str(site))
    write_plugin(sample / "plugins", "homes", HOUSING.format(title="Homes (local)"))
    with_housing(sample)
    return sample


def test_two_plugins_registering_one_section_type_are_both_named_with_the_winner(
    two_housings: Path,
) -> None:
    sample = two_housings
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
    two_housings: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sample = two_housings
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


# What hooks and plugin methods return ------------------------------------------------------

BARE_CLASS = HOUSING.replace("return [Housing]", "return Housing")

RENDERS_A_DICT = """
from letterpress import hookimpl
from letterpress.render import Renderer


class Summary(Renderer):
    type_name = "summary"
    filename = "summary.json"

    def render(self, issue, context):
        return {"title": issue.title}


@hookimpl
def register_renderers():
    return [Summary]
"""

BROKEN_METHODS = """
from letterpress import hookimpl
from letterpress.render import Renderer
from letterpress.scoring import Score, SectionType
from letterpress.source import Source


class Flaky(Source):
    type_name = "flaky"

    def collect(self):
        rows = {}
        return rows["items"]


class Fuzzy(SectionType):
    type_name = "fuzzy"

    def score(self, item):
        return 0.5


class Crashing(Renderer):
    type_name = "crashing"
    filename = "crashing.txt"

    def render(self, issue, context):
        return issue.number / 0


@hookimpl
def register_source_types():
    return [Flaky]


@hookimpl
def register_section_types():
    return [Fuzzy]


@hookimpl
def register_renderers():
    return [Crashing]
"""


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_a_bare_class_instead_of_a_list_names_the_plugin_and_the_hook(sample: Path) -> None:
    write_plugin(sample / "plugins", "homes", BARE_CLASS.format(title="Homes"))
    result = compile_issue(sample)
    assert result.exit_code == 1
    assert "not iterable" not in result.stderr and "ABCMeta" not in result.stderr
    assert "plugin homes (" in result.stderr
    assert "register_section_types must return a list of SectionType subclasses, not the " in (
        result.stderr
    )
    assert "(return [Housing])" in result.stderr
    assert run("plugins", "-w", sample).exit_code == 1


def test_a_renderer_returning_a_dict_is_a_warning_naming_it_and_the_rest_is_written(
    sample: Path,
) -> None:
    write_plugin(sample / "plugins", "summary", RENDERS_A_DICT)
    result = compile_issue(sample)
    assert result.exit_code == 0, result.output
    warning = next(line for line in result.stderr.splitlines() if "renderer summary" in line)
    assert "plugin summary (" in warning
    assert "render() must return str or bytes, not dict; summary.json is left out" in warning
    assert "bytes-like object" not in result.output
    assert (sample / "build" / "issue-12" / "email.html").is_file()


def test_collect_score_and_render_failures_name_the_plugins_line_and_debug_shows_the_traceback(
    sample: Path,
) -> None:
    plugin = write_plugin(sample / "plugins", "broken", BROKEN_METHODS)
    config = sample / "letterpress.toml"
    config.write_text(config.read_text() + '\n[sources.flaky]\ntype = "flaky"\n[sections.fuzzy]\n')
    result = compile_issue(sample)
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if "broken" in line or "fuzzy" in line]
    collect_line = line_of(plugin, 'return rows["items"]')
    render_line = line_of(plugin, "issue.number / 0")
    assert any(f"failed at {plugin}:{collect_line}: KeyError" in w for w in warnings), warnings
    assert any(
        f"ZeroDivisionError: division by zero at {plugin}:{render_line}" in w for w in warnings
    ), warnings
    assert any("score() must return a Score, not float such as 0.5" in w for w in warnings)
    assert "Traceback" not in result.stderr

    # --refresh: a recompile reads the items it was first built from, and collects nothing.
    debug = compile_issue(sample, 12, "--debug", "--refresh")
    assert debug.exit_code == 0, debug.output
    assert f'File "{plugin}", line {collect_line}, in collect' in debug.stderr
    assert f'File "{plugin}", line {render_line}, in render' in debug.stderr


def test_a_raising_score_names_the_plugins_line(sample: Path) -> None:
    plugin = write_plugin(
        sample / "plugins",
        "bad_section",
        BROKEN_METHODS.replace("return 0.5", 'raise RuntimeError("no words")'),
    )
    config = sample / "letterpress.toml"
    config.write_text(config.read_text() + "\n[sections.fuzzy]\n")
    result = compile_issue(sample)
    line = line_of(plugin, 'raise RuntimeError("no words")')
    assert f"raised RuntimeError: no words at {plugin}:{line} while scoring" in result.stderr


# prepare_jinja2_environment ---------------------------------------------------------------

HALF_DONE = """
from letterpress import hookimpl


@hookimpl
def prepare_jinja2_environment(env):
    env.filters["shout"] = str.upper
    env.globals["motto"] = "Solidarity"
    env.filters["wrap"] = None  # a built-in filter, replaced before the mistake
    raise RuntimeError("forgot to register the second filter")
"""


class FilterLister:
    """Writes the names the templates' environment ends up with."""

    @hookimpl
    def register_renderers(self) -> list[type[Renderer]]:
        class Names(Renderer):
            type_name = "names"
            filename = "names.txt"

            def render(self, issue: Issue, context: RenderContext) -> str:
                env = context.environment
                wrap = "wrap-ok" if callable(env.filters["wrap"]) else "wrap-broken"
                return "\n".join([*sorted(env.filters), *sorted(env.globals), wrap])

        return [Names]


def test_a_prepare_jinja2_environment_that_raises_leaves_nothing_behind(sample: Path) -> None:
    plugin = write_plugin(sample / "plugins", "half_done", HALF_DONE)
    with registered(FilterLister(), "filter-lister"):
        result = compile_issue(sample)
    assert result.exit_code == 0, result.output
    line = line_of(plugin, "raise RuntimeError")
    assert (
        f"prepare_jinja2_environment raised RuntimeError: forgot to register the second filter "
        f"at {plugin}:{line}; its contribution is left out"
    ) in result.stderr
    names = (sample / "build" / "issue-12" / "names.txt").read_text().splitlines()
    assert "shout" not in names and "motto" not in names
    assert "wrap-ok" in names


# Plugins that are silently not plugins ----------------------------------------------------

UNMARKED = """
from letterpress import hookimpl
from letterpress.scoring import KeywordSection


class Housing(KeywordSection):
    type_name = "housing"
    terms = {"rent": 3}


def register_section_types():
    return [Housing]
"""


def test_a_hook_without_hookimpl_is_pointed_out(sample: Path) -> None:
    write_plugin(sample / "plugins", "homes", UNMARKED)
    result = compile_issue(sample)
    assert result.exit_code == 0, result.output
    assert "plugin homes (" in result.stderr
    assert "register_section_types() is not marked @hookimpl, so letterpress never calls it" in (
        result.stderr
    )
    assert "@hookimpl" in run("plugins", "-w", sample).stderr
    assert compile_issue(sample, 12, "--strict").exit_code == 1


def test_an_installed_package_without_the_entry_point_is_pointed_out(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    installed_package(site, "housing", HOUSING.format(title="Housing"), entry_point=False)
    monkeypatch.syspath_prepend(str(site))
    with_housing(sample)
    result = compile_issue(sample)
    assert result.exit_code == 1
    assert "unknown section type 'housing'" in result.stderr
    assert "letterpress-housing is installed but declares no entry point in the group " in (
        result.stderr
    )
    assert "[project.entry-points.letterpress]" in result.stderr
    listing = run("plugins", "-w", sample)
    assert "letterpress-housing is installed but declares no entry point" in listing.stderr


# The scaffold -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["source", "section", "renderer"])
def test_the_scaffold_has_a_ci_workflow_running_what_its_readme_documents(
    tmp_path: Path, kind: str
) -> None:
    import yaml

    result = run("plugin", "new", "cms-news", "--kind", kind, "--dir", tmp_path)
    assert "pip install -e '" in result.stdout and "[test]'" in result.stdout
    package = tmp_path / "cms-news"
    workflow = yaml.safe_load((package / ".github" / "workflows" / "test.yml").read_text())
    steps = workflow["jobs"]["test"]["steps"]
    assert [s["run"] for s in steps if "run" in s] == [
        "python -m pip install -e '.[test]'",
        "python -m pytest",
    ]
    python = next(s for s in steps if "setup-python" in s.get("uses", ""))
    assert python["with"]["python-version"] == "${{ matrix.python-version }}"
    readme = (package / "README.md").read_text()
    assert "pip install -e '.[test]'" in readme and "python -m pytest" in readme


# What a plugin's code reaches for ----------------------------------------------------------

LIMITED = """
from letterpress import hookimpl

settings = {}


@hookimpl
def configure(config):
    opts = config.options(["max_items", "url"])
    settings["max_items"] = opts.get_int("max_items", 20, minimum=1)
    if not opts.get_str("url", "https://x.org").startswith("https://"):
        raise config.error("url", "must be an https:// address")
"""


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("max_items = 5", None),
        ('max_items = "5"', "plugins.limited.max_items: must be a whole number, not '5'"),
        ("max_items = 2.5", "plugins.limited.max_items: must be a whole number, not 2.5"),
        ("max_items = true", "plugins.limited.max_items: must be a whole number, not True"),
        ("max_items = 0", "plugins.limited.max_items: must be a whole number of at least 1"),
        ('url = "http://x.org"', "plugins.limited.url: must be an https:// address"),
    ],
)
def test_get_int_and_config_error_name_the_key(
    sample: Path, table: str, message: str | None
) -> None:
    write_plugin(sample / "plugins", "limited", LIMITED)
    config = sample / "letterpress.toml"
    config.write_text(config.read_text() + f"\n[plugins.limited]\n{table}\n")
    result = compile_issue(sample)
    if message is None:
        assert result.exit_code == 0, result.output
    else:
        assert result.exit_code == 1
        assert f"letterpress.toml: {message}" in result.stderr


WONEN = HOUSING.replace(
    'default_title = "{title}"', 'default_title = "Housing"\n    titles = {{"nl": "Wonen"}}'
)


@pytest.mark.parametrize(
    ("language", "table", "title"),
    [
        ("nl", "", "Wonen"),
        ("nl-BE", "", "Wonen"),
        ("en", "", "Housing"),
        ("fr", "", "Housing"),
        ("nl", 'title = "Huisvesting"', "Huisvesting"),
    ],
)
def test_a_plugin_sections_title_comes_in_the_newsletters_language(
    tmp_path: Path, language: str, table: str, title: str
) -> None:
    workspace = make_workspace(
        tmp_path,
        language=language,
        config=f"[sections.housing]\n{table}\n",
        files={
            "plugins/homes.py": WONEN.format(),
            "sources/rent.txt": "Tenants of Parkside win their rent fight\n\nThe rent goes down.\n",
        },
    )
    result = compile_workspace(workspace)
    assert result.exit_code == 0 or "has no catalog" in result.stderr, result.output
    assert result.issue["language"] == language
    assert [s["title"] for s in result.issue["sections"]] == [title]


def test_make_workspace_takes_the_newsletters_language(tmp_path: Path) -> None:
    workspace = make_workspace(
        tmp_path, language="nl", files={"sources/a.txt": "Staking in de haven\n\nDe bond.\n"}
    )
    result = compile_workspace(workspace)
    assert result.exit_code == 0, result.output
    assert result.issue["language"] == "nl"
    assert "20 juni 2024" in (result.folder / "email.txt").read_text()
