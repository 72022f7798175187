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
        where = f"{shown(str(path))}: {key}: " if key else f"{shown(str(path))}: "
        super().__init__(where + message)


class PluginError(LetterpressError):
    """A plugin failed to load or broke the contract of a hook."""


def shown(text: str) -> str:
    """``text`` safe on a terminal and in UTF-8: control characters (an escape sequence could
    repaint the screen) and bytes that are not UTF-8 in a file name written as \\xNN."""
    if text.isprintable() and text.isascii():
        return text
    out = []
    for char in text:
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8, kept by surrogateescape
            out.append(f"\\x{code - 0xDC00:02x}")
        elif char.isprintable():
            out.append(char)
        else:
            out.append(char.encode("unicode_escape").decode("ascii"))
    return "".join(out)
