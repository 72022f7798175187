"""Finding the workspace and reading its letterpress.toml into checked settings."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from letterpress.email_service import EMAIL_SERVICES
from letterpress.errors import ConfigError, shown

CONFIG_NAME = "letterpress.toml"
TOP_LEVEL_KEYS = {"newsletter", "sources", "sections", "plugins", "theme"}
NEWSLETTER_KEYS = {
    "name", "language", "unsectioned", "unsectioned_title", "footer", "url", "window_days",
    "subject", "from", "email_service", "unsubscribe_url", "subscribe_url", "theme",
    "email_budget", "brief_max", "overflow",
}  # fmt: skip
# Values that end up in a header of email.eml (From, Subject, List-Unsubscribe) or in the
# feed's one-line fields: a line break in one would start a header of the sender's choosing.
ONE_LINE_KEYS = ("name", "from", "subject", "url", "unsubscribe_url", "unsectioned_title")
# More than a century back is a typo, and dates computed from it would leave the calendar.
MAX_WINDOW_DAYS = 36_500
# Settings that are whole numbers: the least and the most each may be.
WHOLE_NUMBERS = {
    "window_days": (1, MAX_WINDOW_DAYS),
    "email_budget": (10, None),
    "brief_max": (0, None),
}
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
    """A path as the user would write it, relative to the workspace where it can be, and shown
    safely: a file name may hold anything but "/"."""
    try:
        return shown(str(path.relative_to(root)))
    except ValueError:
        return shown(str(path))


def find_workspace(start: Path) -> Path:
    """The nearest folder from ``start`` upward that holds letterpress.toml."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise ConfigError(
        start,
        f"no {CONFIG_NAME} here or in any parent folder "
        "(start a newsletter with letterpress init DIR, run letterpress inside one, "
        "or pass --workspace DIR)",
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
            least, most = WHOLE_NUMBERS[key]
            if (
                not isinstance(value, int)
                or isinstance(value, bool)
                or value < least
                or (most is not None and value > most)
            ):
                said = f"from {least} to {most}" if most is not None else f"at least {least}"
                raise ConfigError(path, f"must be a whole number, {said}", f"newsletter.{key}")
        elif not isinstance(value, str):
            raise ConfigError(path, "must be a string", key=f"newsletter.{key}")
        elif key in ONE_LINE_KEYS:
            _check_one_line(path, f"newsletter.{key}", value)
    _check_addresses(path, table)
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


def _check_one_line(path: Path, key: str, value: str) -> None:
    bad = next((c for c in value if c in "\r\n" or not (c.isprintable() or c == "\t")), None)
    if bad is not None:
        raise ConfigError(
            path,
            f"must be one line, without {shown(bad)} (in an email header a line break would "
            "start a header of its own)",
            key=key,
        )


def _check_addresses(path: Path, table: Mapping[str, Any]) -> None:
    """`from` is one "Name <address>", and the links are ones the link policy lets out."""
    from email.utils import getaddresses

    from letterpress.links import allowed_link, link_scheme

    sender = table.get("from")
    if sender:
        found = getaddresses([sender])
        if len(found) != 1 or "@" not in found[0][1]:
            raise ConfigError(
                path, f'must be one "Name <address@example.org>", not {sender!r}', "newsletter.from"
            )
    for key, schemes in (
        ("url", ("http", "https")),
        ("unsubscribe_url", ("http", "https", "mailto")),
    ):
        value = table.get(key)
        if value and (allowed_link(value) is None or link_scheme(value) not in schemes):
            raise ConfigError(
                path,
                f"must be an {' or '.join(schemes)} address, not {value!r}",
                f"newsletter.{key}",
            )


def unknown_key_message(key: str, known: set[str] | frozenset[str]) -> str:
    import difflib

    close = difflib.get_close_matches(key, sorted(known), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else f" (known: {', '.join(sorted(known))})"
    return f"unknown key {key!r}{hint}"
