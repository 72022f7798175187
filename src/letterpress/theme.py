"""Themes: the look of the email and the web edition, as a folder of templates and a theme.toml.

A theme is found, by the name `[newsletter] theme` gives (default "default"), in:

    themes/NAME/                    the workspace's own
    entry point group letterpress.themes   an installed package: NAME = "package.module",
                                    the module's folder holding theme.toml and templates
    letterpress/themes/NAME/        the themes letterpress ships: "default" and "digest"

theme.toml holds its settings (colours, fonts, logo, spacing) and may name a theme it
`extends`: templates the theme lacks come from that one, and settings it leaves out too.
The workspace's `[theme]` table adjusts the settings last, key by key.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from letterpress.errors import ConfigError
from letterpress.workspace import Workspace, read_toml, unknown_key_message

ENTRY_POINT_GROUP = "letterpress.themes"
BUILT_IN = Path(__file__).resolve().parent / "themes"
DEFAULT = "default"
# What theme.toml and the workspace's [theme] table may set, and the shape of each value.
SETTINGS: dict[str, dict[str, type]] = {
    "colors": {
        "page": str, "paper": str, "text": str, "heading": str, "muted": str, "link": str,
        "accent": str, "rule": str, "featured": str,
    },
    "dark": {
        "page": str, "paper": str, "text": str, "heading": str, "muted": str, "link": str,
        "accent": str, "rule": str, "featured": str,
    },
    "fonts": {"body": str, "heading": str, "size": int},
    "logo": {"src": str, "width": int, "height": int, "alt": str},
    "spacing": {"gutter": int, "item": int, "section": int},
    "layout": {"summary": str, "brief_summary": bool},
}  # fmt: skip
TOP_KEYS = {"name", "extends", "description", *SETTINGS}
COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


@dataclass(frozen=True)
class Theme:
    """A chosen theme: its template folders, its own first, and its settings as merged."""

    name: str
    folders: tuple[tuple[str, Path], ...]
    settings: Mapping[str, Any] = field(default_factory=dict)


def theme_names(workspace_root: Path | None = None) -> list[str]:
    """Every theme that can be named: the workspace's, the installed ones, the shipped ones."""
    from importlib.metadata import entry_points

    names = [p.parent.name for p in _local_tomls(workspace_root)]
    names += [e.name for e in entry_points(group=ENTRY_POINT_GROUP)]
    names += [p.parent.name for p in sorted(BUILT_IN.glob("*/theme.toml"))]
    return list(dict.fromkeys(names))


def _local_tomls(workspace_root: Path | None) -> list[Path]:
    if workspace_root is None:
        return []
    return sorted((workspace_root / "themes").glob("*/theme.toml"))


def find_theme(name: str, workspace_root: Path | None = None) -> Path | None:
    """The folder of theme ``name``, or None. An installed theme is imported only if named."""
    from importlib.metadata import entry_points

    local = workspace_root / "themes" / name if workspace_root is not None else None
    if local is not None and (local / "theme.toml").is_file():
        return local
    for entry_point in entry_points(group=ENTRY_POINT_GROUP, name=name):
        try:
            module = entry_point.load()
        except Exception as error:
            raise ConfigError(
                Path(entry_point.value),
                f"theme {entry_point.name!r} ({ENTRY_POINT_GROUP} entry point) cannot be "
                f"imported: {type(error).__name__}: {error}",
            ) from error
        paths = getattr(module, "__path__", None)
        return Path(next(iter(paths))) if paths else Path(module.__file__).parent
    shipped = BUILT_IN / name
    return shipped if (shipped / "theme.toml").is_file() else None


def load_theme(workspace: Workspace) -> Theme:
    """The workspace's theme, its chain of parents, and its settings with [theme] applied."""
    name = workspace.newsletter.theme or DEFAULT
    chain: list[tuple[str, Path, dict[str, Any]]] = []
    while True:
        folder = find_theme(name, workspace.root)
        if folder is None:
            where = chain[-1][1] / "theme.toml" if chain else workspace.config_path
            raise ConfigError(
                where,
                f"no theme named {name!r}{_known(name, theme_names(workspace.root))}",
                key="extends" if chain else "newsletter.theme",
            )
        if any(name == seen for seen, _, _ in chain):
            raise ConfigError(
                chain[-1][1] / "theme.toml", f"extends {name!r}, which extends it back"
            )
        path = folder / "theme.toml"
        table = read_toml(path)
        _check(table, path, top=True)
        chain.append((name, folder, table))
        parent = table.get("extends", DEFAULT if name != DEFAULT else "")
        if not parent:
            break
        name = str(parent)
    settings: dict[str, Any] = {}
    for _, _, table in reversed(chain):
        _merge(settings, {k: v for k, v in table.items() if k in SETTINGS})
    adjustments = workspace.config.get("theme", {})
    if not isinstance(adjustments, dict):
        raise ConfigError(workspace.config_path, "must be a table", key="theme")
    _check(adjustments, workspace.config_path, top=False)
    _merge(settings, adjustments)
    return Theme(
        name=chain[0][0],
        folders=tuple((n, folder) for n, folder, _ in chain),
        settings=settings,
    )


def _known(name: str, themes: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, sorted(themes), n=1)
    return f"; did you mean {close[0]!r}?" if close else f" (known: {', '.join(sorted(themes))})"


def _check(table: Mapping[str, Any], path: Path, *, top: bool) -> None:
    """Every key known, every value of its kind; a ConfigError naming the file and key."""
    prefix = "" if top else "theme."
    known = TOP_KEYS if top else set(SETTINGS)
    for key, value in table.items():
        if key not in known:
            raise ConfigError(path, unknown_key_message(key, known), key=prefix + key)
        if key not in SETTINGS:
            if not isinstance(value, str):
                raise ConfigError(path, "must be a string", key=prefix + key)
            continue
        if not isinstance(value, dict):
            raise ConfigError(path, f"must be a table, like [{prefix}{key}]", key=prefix + key)
        for name, given in value.items():
            where = f"{prefix}{key}.{name}"
            kinds = SETTINGS[key]
            if name not in kinds:
                raise ConfigError(path, unknown_key_message(name, set(kinds)), key=where)
            kind = kinds[name]
            if not isinstance(given, kind) or (kind is int and isinstance(given, bool)):
                raise ConfigError(path, f"must be {_KIND_NAMES[kind]}", key=where)
            if key in ("colors", "dark") and not COLOUR.fullmatch(str(given)):
                raise ConfigError(path, 'must be a colour such as "#b3261e"', key=where)


_KIND_NAMES = {str: "a string", int: "a whole number", bool: "true or false"}


def _merge(into: dict[str, Any], table: Mapping[str, Any]) -> None:
    for key, value in table.items():
        if isinstance(value, dict):
            _merge(into.setdefault(key, {}), value)
        else:
            into[key] = value
