"""Finding the workspace and reading its letterpress.toml into checked settings."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from letterpress.email_service import EMAIL_SERVICES
from letterpress.errors import ConfigError

CONFIG_NAME = "letterpress.toml"
TOP_LEVEL_KEYS = {"newsletter", "sources", "sections", "plugins", "theme"}
NEWSLETTER_KEYS = {
    "name", "language", "unsectioned", "unsectioned_title", "footer", "url", "window_days",
    "subject", "from", "email_service", "unsubscribe_url", "subscribe_url", "theme",
    "email_budget", "brief_max", "overflow",
}  # fmt: skip
# Settings that are whole numbers, and the least each may be.
WHOLE_NUMBERS = {"window_days": 1, "email_budget": 10, "brief_max": 0}
OVERFLOWS = ("web", "next")


@dataclass(frozen=True)
class Newsletter:
    """The [newsletter] table: what stays the same from one issue to the next."""

    name: str = "Newsletter"
    language: str = "en"
    # "brief": items no section claims go to an "In brief" section; "drop": they are left out.
    unsectioned: str = "brief"
    unsectioned_title: str = "In brief"
    footer: str = ""
    url: str = ""
    # How far back the first issue reaches; later issues start at the previous issue's date.
    window_days: int = 14
    # The Subject of email.eml unless the issue file sets its own; str.format placeholders.
    subject: str = "{newsletter} #{number}: {title}"
    # letterpress.toml's `from` ("Name <address>"): `from` is a Python keyword.
    sender: str = ""
    # Who sends the email: "plain", or a service whose merge tags the links are written in.
    email_service: str = "plain"
    unsubscribe_url: str = ""
    # Where a reader signs up: the web edition's and the footer's "Subscribe".
    subscribe_url: str = ""
    # The look: a theme's name (letterpress.theme), adjusted by the [theme] table.
    theme: str = "default"
    # The most email.html may weigh, in KB: Gmail clips from 102 KB, so 85 leaves room.
    email_budget: int = 85
    # The most items In brief shows in the email.
    brief_max: int = 12
    # What the email has no room for: "web" (it is on the web edition, with a link to it)
    # or "next" (it waits for the next issue).
    overflow: str = "web"


@dataclass(frozen=True)
class Workspace:
    """A newsletter's folder: letterpress.toml, sources/, plugins/, templates/, issues/."""

    root: Path
    config: Mapping[str, Any] = field(default_factory=dict)
    newsletter: Newsletter = Newsletter()

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_NAME

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def plugins_dir(self) -> Path:
        return self.root / "plugins"

    @property
    def issues_dir(self) -> Path:
        return self.root / "issues"

    def relative(self, path: Path) -> str:
        return relative_path(path, self.root)

    def table(self, name: str) -> dict[str, dict[str, Any]]:
        """A table of tables such as [sources.*], checked to hold only tables."""
        tables = self.config.get(name, {})
        if not isinstance(tables, dict):
            raise ConfigError(self.config_path, "must be a table of tables", key=name)
        for key, value in tables.items():
            if not isinstance(value, dict):
                raise ConfigError(
                    self.config_path, f"must be a table, like [{name}.{key}]", key=f"{name}.{key}"
                )
        return tables


def relative_path(path: Path, root: Path) -> str:
    """A path as the user would write it: relative to the workspace where it can be."""
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def find_workspace(start: Path) -> Path:
    """The nearest folder from ``start`` upward that holds letterpress.toml."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise ConfigError(
        start,
        f"no {CONFIG_NAME} here or in any parent folder "
        "(run letterpress inside a workspace, or pass --workspace DIR)",
    )


def read_toml(path: Path) -> dict[str, Any]:
    """A TOML file's tables; a ConfigError naming the file, and the line, if it is not TOML."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(path, f"not valid TOML: {error}") from error
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(path, f"cannot be read: {error}") from error


def load_workspace(root: Path) -> Workspace:
    """Read and check root/letterpress.toml."""
    root = root.resolve()
    path = root / CONFIG_NAME
    if not path.is_file():
        raise ConfigError(path, "not found (is --workspace the folder that holds it?)")
    config = read_toml(path)
    for key in config:
        if key not in TOP_LEVEL_KEYS:
            raise ConfigError(path, unknown_key_message(key, TOP_LEVEL_KEYS), key=key)
    return Workspace(root=root, config=config, newsletter=_newsletter(path, config))


def _newsletter(path: Path, config: Mapping[str, Any]) -> Newsletter:
    table = config.get("newsletter", {})
    if not isinstance(table, dict):
        raise ConfigError(path, "must be a table", key="newsletter")
    for key, value in table.items():
        if key not in NEWSLETTER_KEYS:
            raise ConfigError(path, unknown_key_message(key, NEWSLETTER_KEYS), f"newsletter.{key}")
        if key in WHOLE_NUMBERS:
            least = WHOLE_NUMBERS[key]
            if not isinstance(value, int) or isinstance(value, bool) or value < least:
                raise ConfigError(
                    path, f"must be a whole number, at least {least}", f"newsletter.{key}"
                )
        elif not isinstance(value, str):
            raise ConfigError(path, "must be a string", key=f"newsletter.{key}")
    if table.get("unsectioned", "brief") not in ("brief", "drop"):
        raise ConfigError(path, 'must be "brief" or "drop"', key="newsletter.unsectioned")
    if table.get("overflow", "web") not in OVERFLOWS:
        raise ConfigError(path, 'must be "web" or "next"', key="newsletter.overflow")
    if table.get("email_service", "plain") not in EMAIL_SERVICES:
        names = ", ".join(f'"{name}"' for name in EMAIL_SERVICES)
        raise ConfigError(path, f"must be one of {names}", key="newsletter.email_service")
    return Newsletter(
        **{("sender" if key == "from" else key): value for key, value in table.items()}
    )


def unknown_key_message(key: str, known: set[str] | frozenset[str]) -> str:
    import difflib

    close = difflib.get_close_matches(key, sorted(known), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else f" (known: {', '.join(sorted(known))})"
    return f"unknown key {key!r}{hint}"
