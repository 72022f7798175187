"""Helpers for testing a letterpress plugin: a throw-away workspace, a compile, a registration.

from letterpress.testing import compile_workspace, make_workspace, registered

def test_my_source(tmp_path):
    workspace = make_workspace(tmp_path, config='[sources.cms]\\ntype = "cms"\\n')
    result = compile_workspace(workspace)
    assert result.exit_code == 0, result.output
    assert result.section_of("Strike at the depot") == "labour"
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

DEFAULT_SECTIONS = ("health", "palestine", "labour", "elections")


def make_workspace(
    root: Path,
    *,
    config: str = "",
    files: Mapping[str, str | bytes] | None = None,
    sections: Sequence[str] = DEFAULT_SECTIONS,
    name: str = "Test Newsletter",
    issue: int = 1,
    date: str = "2024-06-20",
    language: str = "en",
) -> Path:
    """A workspace in ``root``: letterpress.toml, the given files, and issues/<issue>.toml.

    ``config`` is added to letterpress.toml as it is (tables such as [sources.x] or
    [plugins.y]); without a [sources.*] table the workspace reads sources/ as text.
    ``files`` maps paths relative to the workspace to their content. ``language`` is the
    newsletter's (``"nl"``, ``"fr"``...): its dates, fixed words and section titles.
    """
    root.mkdir(parents=True, exist_ok=True)
    toml = [f'[newsletter]\nname = "{name}"\nlanguage = "{language}"\n', config]
    if "[sections." not in config:
        toml += [f"[sections.{section}]\n" for section in sections]
    (root / "letterpress.toml").write_text("\n".join(toml), encoding="utf-8")
    (root / "issues").mkdir(exist_ok=True)
    (root / "issues" / f"{issue}.toml").write_text(f"date = {date}\n", encoding="utf-8")
    (root / "sources").mkdir(exist_ok=True)
    for relative, content in (files or {}).items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


@dataclass
class Compiled:
    """What `letterpress compile` said and wrote."""

    exit_code: int
    stdout: str
    stderr: str
    folder: Path

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    @cached_property
    def issue(self) -> dict[str, Any]:
        """issue.json, as a dict."""
        data: dict[str, Any] = json.loads((self.folder / "issue.json").read_text("utf-8"))
        return data

    @property
    def titles(self) -> list[str]:
        """Every item's title, in reading order."""
        items = [i for s in self.issue["sections"] for i in s["items"]] + self.issue["unsectioned"]
        return [i["title"] for i in items]

    def section_of(self, title: str) -> str | None:
        """The section an item landed in: a section's name, "unsectioned", or None if absent."""
        for section in self.issue["sections"]:
            if any(i["title"] == title for i in section["items"]):
                return str(section["name"])
        if any(i["title"] == title for i in self.issue["unsectioned"]):
            return "unsectioned"
        return None


def compile_workspace(workspace: Path, issue: int = 1, *args: str) -> Compiled:
    """Run `letterpress compile --issue N` on ``workspace``, in this process."""
    from click.testing import CliRunner

    from letterpress.cli import cli

    result = CliRunner().invoke(
        cli, ["compile", "--issue", str(issue), "--workspace", str(workspace), *args]
    )
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Compiled(
        result.exit_code, result.stdout, result.stderr, workspace / "build" / f"issue-{issue}"
    )


@contextmanager
def registered(plugin: object, name: str | None = None) -> Iterator[None]:
    """Load ``plugin`` (a module or an object with @hookimpl methods) in every compile inside."""
    from letterpress.plugins import temporary_plugins

    entry = (plugin, name or getattr(plugin, "__name__", None) or type(plugin).__name__)
    temporary_plugins.append(entry)
    try:
        yield
    finally:
        temporary_plugins.remove(entry)
