"""What a user sees when the workspace is wrong: one line naming the file and key, exit 1."""

from __future__ import annotations

from pathlib import Path

import pytest

from letterpress.errors import ConfigError
from tests.conftest import compile_issue, run


def assert_one_clear_line(result_output: str, *expected: str) -> None:
    lines = [line for line in result_output.splitlines() if line.strip()]
    assert len(lines) == 1, result_output
    assert lines[0].startswith("Error: ")
    assert "Traceback" not in result_output
    for text in expected:
        assert text in lines[0]


def test_no_workspace_is_one_clear_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("compile", "--issue", "12")
    assert result.exit_code == 1
    assert_one_clear_line(result.stderr, "no letterpress.toml", "--workspace")


def test_bad_toml_names_the_file_and_line(sample: Path) -> None:
    (sample / "letterpress.toml").write_text('[newsletter]\nname = "unclosed\n')
    result = compile_issue(sample)
    assert result.exit_code == 1
    assert_one_clear_line(result.stderr, "letterpress.toml", "not valid TOML", "line 2")


def test_unknown_source_type_names_the_key_and_the_known_types(sample: Path) -> None:
    config = sample / "letterpress.toml"
    config.write_text(config.read_text().replace('type = "text"', 'type = "txt"'))
    result = compile_issue(sample)
    assert result.exit_code == 1
    assert_one_clear_line(result.stderr, "letterpress.toml", "sources.notes.type", "'txt'", "text")


def test_misspelt_key_gets_a_suggestion(sample: Path) -> None:
    config = sample / "letterpress.toml"
    config.write_text(config.read_text().replace("unsectioned_title", "unsectoned_title"))
    result = compile_issue(sample)
    assert result.exit_code == 1
    assert_one_clear_line(result.stderr, "newsletter.unsectoned_title", "did you mean")


def test_unknown_option_of_a_source_names_its_table(sample: Path) -> None:
    config = sample / "letterpress.toml"
    config.write_text(config.read_text().replace("paths = [", "pahts = ["))
    result = compile_issue(sample)
    assert result.exit_code == 1
    assert_one_clear_line(result.stderr, "sources.notes.pahts", "did you mean 'paths'")


def test_unknown_section_type_names_the_section(sample: Path) -> None:
    config = sample / "letterpress.toml"
    config.write_text(config.read_text() + "\n[sections.sport]\n")
    result = compile_issue(sample)
    assert result.exit_code == 1
    assert_one_clear_line(result.stderr, "sections.sport", "unknown section type", "keywords")


@pytest.mark.parametrize(
    ("table", "typo", "meant"),
    [
        ("sections", "labor", "labour"),
        ("sections", "keyword", "keywords"),
        ("sources", "rs", "rss"),
    ],
)
def test_a_misspelt_type_gets_a_suggestion(sample: Path, table: str, typo: str, meant: str) -> None:
    config = sample / "letterpress.toml"
    config.write_text(config.read_text() + f'\n[{table}.mine]\ntype = "{typo}"\n')
    result = compile_issue(sample)
    assert result.exit_code == 1
    assert_one_clear_line(
        result.stderr, f"{table}.mine.type", "unknown", f"{typo!r}", f"did you mean {meant!r}?"
    )


def test_bad_issue_file_names_it(sample: Path) -> None:
    (sample / "issues" / "12.toml").write_text('date = "next tuesday"\n')
    result = compile_issue(sample)
    assert result.exit_code == 1
    assert_one_clear_line(result.stderr, "12.toml", "date")


def test_debug_shows_the_real_exception(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for args in (("--debug", "compile", "--issue", "1"), ("compile", "--issue", "1", "--debug")):
        result = run(*args)
        assert isinstance(result.exception, ConfigError)


def test_a_broken_template_names_file_and_line_and_writes_nothing(sample: Path) -> None:
    (sample / "templates" / "section.mjml.j2").write_text("<mj-section>\n{% for x in %}\n")
    result = compile_issue(sample)
    assert result.exit_code == 1
    assert "templates/section.mjml.j2:2" in result.stderr
    assert "Traceback" not in result.output
    # Half an issue is worse than none: an editor could send it.
    assert not (sample / "build" / "issue-12").exists()
    assert "build/issue-12 is not written" in result.stderr


def test_an_undefined_name_in_a_template_names_the_template(sample: Path) -> None:
    (sample / "templates" / "email.txt.j2").write_text("{{ issue.title }}\n{{ issue.nope }}\n")
    result = compile_issue(sample)
    assert result.exit_code == 1
    assert "templates/email.txt.j2:2" in result.stderr and "nope" in result.stderr


def test_a_template_error_is_one_line_not_followed_by_its_knock_on(sample: Path) -> None:
    (sample / "templates" / "item.html.j2").write_text("{% if item.url %}\n")
    result = compile_issue(sample)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.stderr
    assert "templates/item.html.j2" in errors[0]
    assert "email.eml, built from it, is left out too" in errors[0]
    assert "MissingOutputError" not in result.stderr


@pytest.mark.parametrize(
    "extends",
    [
        '{% extends "item.html.j2" %}',
        '{% extends "default:email.mjml.j2" %}',
        '{% extends "default:itme.html.j2" %}',
    ],
)
def test_an_override_with_a_wrong_extends_blames_the_users_file(sample: Path, extends: str) -> None:
    (sample / "templates" / "item.html.j2").write_text(extends + "\n")
    result = compile_issue(sample)
    assert result.exit_code == 1
    error = next(line for line in result.stderr.splitlines() if line.startswith("Error:"))
    assert "): templates/item.html.j2:1: " in error, error
    assert "src/letterpress/templates" not in error and "RecursionError" not in error


def test_help_lists_the_commands() -> None:
    result = run("--help")
    assert result.exit_code == 0
    assert "compile" in result.stdout
    compile_help = run("compile", "--help").stdout
    for option in ("--issue", "--workspace", "--out", "--plugins-dir", "--debug"):
        assert option in compile_help
