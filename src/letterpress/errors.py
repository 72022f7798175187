"""The errors letterpress shows a user as one clear line instead of a traceback."""

from __future__ import annotations

from pathlib import Path


class LetterpressError(Exception):
    """An error the user can fix; the CLI prints it as one line and exits 1."""


class ConfigError(LetterpressError):
    """A workspace file is missing, unreadable or says something letterpress cannot use."""

    def __init__(self, path: Path | str, message: str, key: str | None = None) -> None:
        self.path = Path(path)
        self.key = key
        where = f"{path}: {key}: " if key else f"{path}: "
        super().__init__(where + message)


class PluginError(LetterpressError):
    """A plugin failed to load or broke the contract of a hook."""
