"""Reading a plugin's table from letterpress.toml with checks that name the key at fault."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from letterpress.workspace import unknown_key_message

T = TypeVar("T")


class OptionError(ValueError):
    """A key in a source's or section's table is unknown or has the wrong type.

    Raise it from a plugin's ``__init__``; letterpress adds the file and table to the message.
    """

    def __init__(self, key: str, message: str) -> None:
        self.key = key
        super().__init__(message)


class Options:
    """A table of options, read one typed key at a time."""

    def __init__(self, table: Mapping[str, Any], known: Iterable[str]) -> None:
        self.table = table
        known_keys = set(known) | {"type"}
        for key in table:
            if key not in known_keys:
                raise OptionError(key, unknown_key_message(key, known_keys))

    def _get(self, key: str, kind: type[T] | tuple[type, ...], default: T, what: str) -> T:
        value = self.table.get(key, default)
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            raise OptionError(key, f"must be {what}, not {value!r}")
        return value  # type: ignore[return-value]

    def get_str(self, key: str, default: str = "") -> str:
        """A string; anything else is an OptionError naming the key."""
        return self._get(key, str, default, "a string")

    def get_int(self, key: str, default: int, minimum: int | None = None) -> int:
        """A whole number (``max_items = 5``); 5.0 and true are refused, as is one below
        ``minimum``."""
        value = self._get(key, int, default, "a whole number")
        if minimum is not None and value < minimum:
            raise OptionError(key, f"must be a whole number of at least {minimum}, not {value}")
        return value

    def get_float(self, key: str, default: float) -> float:
        """A number, whole or not (``timeout = 20``)."""
        return float(self._get(key, (int, float), default, "a number"))

    def get_bool(self, key: str, default: bool) -> bool:
        """``true`` or ``false``, nothing else."""
        return self._get(key, bool, default, "true or false")

    def get_str_list(self, key: str, default: Iterable[str] = ()) -> list[str]:
        """A list of strings; one string alone is taken as a list of one."""
        value = self.table.get(key, list(default))
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise OptionError(key, f"must be a list of strings, not {value!r}")
        return list(value)
