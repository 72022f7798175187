"""A plugin's own settings: its [plugins.NAME] table in letterpress.toml, and its secrets.

[plugins.cms]
url = "https://cms.example.org/api"
token_env = "CMS_TOKEN"        # the token itself lives in the environment, not here
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from letterpress.errors import ConfigError
from letterpress.options import OptionError, Options


@dataclass(frozen=True)
class PluginConfig:
    """What letterpress.toml says to one plugin; given to its ``configure`` hook."""

    plugin: str  # the plugin's name: its entry point's, or its plugins/ file's stem
    table: Mapping[str, Any]  # its [plugins.NAME] table, as written
    path: Path  # letterpress.toml, for messages

    def options(self, known: Iterable[str]) -> Options:
        """The table checked against the keys the plugin knows; a stray key is a ConfigError."""
        try:
            return Options(self.table, known)
        except OptionError as error:
            raise self.error(error.key, str(error)) from error

    def error(self, key: str, message: str) -> ConfigError:
        """A ConfigError naming the file and ``plugins.NAME.key``, for the plugin to raise."""
        return ConfigError(self.path, message, key=f"plugins.{self.plugin}.{key}")

    def secret(self, key: str) -> str:
        """A secret such as an API token, from the environment variable the table names.

        ``token_env = "CMS_TOKEN"`` names the variable; without it, the variable is
        LETTERPRESS_<PLUGIN>_<KEY>. A secret written into the file itself is refused, so it
        never lands in a repository.
        """
        if key in self.table:
            raise self.error(
                key,
                f'secrets do not belong in letterpress.toml; set {key}_env = "VARIABLE" '
                "and put the value in that environment variable",
            )
        variable = self.table.get(f"{key}_env") or (
            f"LETTERPRESS_{self.plugin}_{key}".upper().replace("-", "_").replace(".", "_")
        )
        value = os.environ.get(str(variable))
        if not value:
            raise self.error(f"{key}_env", f"environment variable {variable} is not set")
        return value
