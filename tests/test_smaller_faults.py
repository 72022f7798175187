"""What a user types that letterpress must refuse by name, and what plugins must not decide.

Header values with a line break, dates at the end of the calendar, an issue number past any
newsletter's life: each is one line naming the key, never "unexpected OverflowError" or an
email with a header the workspace did not mean. A plugin's print() does not reach the JSON
a program reads, and its sys.exit() is an error naming it.
"""

from __future__ import annotations

import email
import email.policy
import json
from pathlib import Path
from typing import Any

import pytest

from letterpress import hookimpl
from letterpress.testing import compile_workspace, make_workspace, registered
from tests.conftest import run
from tests.test_message import configure

NOTE = (
    "---\ntitle: Nurses walk out in Ghent\nurl: https://health.example.org/ghent\n"
    "date: 2024-06-18\nsection: health\n---\nThey demand more staff on every ward.\n"
)


def workspace_with(tmp_path: Path, issue: str = "", **newsletter: Any) -> Path:
    """A workspace with one note, these [newsletter] values, and issue 1's file if given."""
    workspace = make_workspace(tmp_path / "news", files={"sources/note.md": NOTE})
    configure(workspace, **newsletter)
    if issue:
        (workspace / "issues" / "1.toml").write_text(issue, encoding="utf-8")
    return workspace


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("from", "Evil\r\nBcc: victim@example.org <bulletin@example.org>"),
        ("name", "Bulletin\nBcc: victim@example.org"),
        ("unsubscribe_url", "https://example.org/u\r\nX-Evil: 1"),
        ("subject", "Issue {number}\rBcc: victim@example.org"),
        ("from", "a@example.org, b@example.org"),
        ("unsubscribe_url", "javascript:alert(1)"),
        ("url", "data:text/html,hi"),
    ],
)
def test_a_header_value_with_a_line_break_is_refused_at_load_naming_the_key(
    tmp_path: Path, key: str, value: str
) -> None:
    workspace = workspace_with(tmp_path, **{key: value})

    result = compile_workspace(workspace)

    assert result.exit_code == 1
    assert f"letterpress.toml: newsletter.{key}: must be" in result.stderr
    assert "renderer" not in result.stderr and "unexpected" not in result.stderr
    assert not (result.folder / "email.eml").exists()


def test_a_sender_with_a_name_and_an_address_still_makes_the_from_header(tmp_path: Path) -> None:
    workspace = workspace_with(tmp_path, **{"from": "Solidarity Bulletin <bulletin@example.org>"})

    result = compile_workspace(workspace)

    assert result.exit_code == 0, result.output
    message = email.message_from_bytes(
        (result.folder / "email.eml").read_bytes(), policy=email.policy.default
    )
    assert message["From"] == "Solidarity Bulletin <bulletin@example.org>"
    assert message["Bcc"] is None


@pytest.mark.parametrize(
    ("window_days", "issue", "expected"),
    [
        (14, "date = 0001-01-03\n", "issues/1.toml: date: 0001-01-03 is not a date between"),
        (14, "date = 9999-12-30\n", "issues/1.toml: date: 9999-12-30 is not a date between"),
        (14, "date = 2024-06-20\nsince = 0001-01-01\n", "issues/1.toml: since: 0001-01-01"),
        (10**9, "", "letterpress.toml: newsletter.window_days: must be"),
    ],
)
def test_dates_at_the_end_of_the_calendar_are_one_line_naming_the_key(
    tmp_path: Path, window_days: int, issue: str, expected: str
) -> None:
    workspace = workspace_with(tmp_path, issue=issue, window_days=window_days)

    result = compile_workspace(workspace)

    assert result.exit_code == 1
    assert expected in result.stderr
    assert "OverflowError" not in result.output and "unexpected" not in result.output


@pytest.mark.parametrize("command", ["compile", "items", "check"])
def test_an_issue_number_past_any_newsletter_is_refused_naming_the_option(
    tmp_path: Path, command: str
) -> None:
    workspace = workspace_with(tmp_path)

    result = run(command, "--issue", str(2**63), "--workspace", workspace)

    assert result.exit_code == 2
    assert "Invalid value for '--issue'" in result.output
    assert "OverflowError" not in result.output


class Chatty:
    """A plugin that prints as it works, as a plugin author debugging it would."""

    @hookimpl
    def prepare_issue(self, issue: object) -> None:
        print("debug: preparing the issue")


def test_a_plugins_print_does_not_corrupt_items_json(tmp_path: Path) -> None:
    workspace = workspace_with(tmp_path)

    with registered(Chatty(), "chatty"):
        result = run("items", "--issue", "1", "--workspace", workspace, "--json")

    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [row["title"] for row in rows] == ["Nurses walk out in Ghent"]
    assert "debug: preparing the issue" in result.stderr


def test_a_plugin_printing_as_it_is_imported_does_not_corrupt_plugins_json(
    tmp_path: Path,
) -> None:
    workspace = workspace_with(tmp_path)
    (workspace / "plugins").mkdir()
    (workspace / "plugins" / "noisy.py").write_text('print("loaded noisy")\n', encoding="utf-8")

    result = run("plugins", "--workspace", workspace, "--json")

    assert result.exit_code == 0, result.output
    assert any(p["name"] == "noisy" for p in json.loads(result.stdout))
    assert "loaded noisy" in result.stderr


@pytest.mark.parametrize(
    "body",
    [
        "import sys\n\nfrom letterpress import hookimpl\n\n\n@hookimpl\n"
        "def prepare_issue(issue):\n    sys.exit(3)\n",
        "import sys\n\nsys.exit(3)\n",
    ],
    ids=["in-a-hook", "on-import"],
)
def test_a_plugin_calling_sys_exit_is_an_error_naming_it(tmp_path: Path, body: str) -> None:
    workspace = workspace_with(tmp_path)
    (workspace / "plugins").mkdir()
    (workspace / "plugins" / "quitter.py").write_text(body, encoding="utf-8")

    result = compile_workspace(workspace)

    assert result.exit_code == 1
    assert "Error: plugin " in result.stderr
    assert "plugins/quitter.py:" in result.stderr
    assert "called sys.exit(3)" in result.stderr


def test_letterpress_own_exit_status_is_kept(tmp_path: Path) -> None:
    # check exits 2 on an issue not built: that exit is letterpress's own, and stays.
    workspace = workspace_with(tmp_path)

    result = run("check", "--issue", "1", "--workspace", workspace)

    assert result.exit_code == 2
    assert "plugin" not in result.output


def test_escape_sequences_in_a_plugins_file_name_reach_the_terminal_escaped(
    tmp_path: Path,
) -> None:
    workspace = workspace_with(tmp_path)
    (workspace / "plugins").mkdir()
    (workspace / "plugins" / "evil\x1b[2J\x1b]0;owned\x07.py").write_text("def (\n", "utf-8")

    result = compile_workspace(workspace)

    assert result.exit_code == 1
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "evil\\x1b[2J\\x1b]0;owned\\x07.py" in result.stderr
