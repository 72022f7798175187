"""Where a plugin's own code failed: its file and line, and the traceback --debug shows.

An exception from a plugin's ``collect()``, ``score()`` or ``render()`` is a warning, not a
crash; the warning names the line of the plugin's code that raised, which is what its author
needs, rather than the line in letterpress that called it.
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path


def plugin_root(owner: object) -> Path | None:
    """The plugin's file, or its package's folder, for the module defining ``owner`` (a
    class or a function)."""
    module = sys.modules.get(getattr(owner, "__module__", "") or "")
    file = getattr(module, "__file__", None)
    if not file:
        return None
    path = Path(file).resolve()
    return path.parent if path.name == "__init__.py" else path


def failed_at(error: BaseException, owner: object) -> str:
    """' at FILE:LINE' of the deepest frame in the plugin's own code, or ''."""
    root = plugin_root(owner)
    if root is None:
        return ""
    found = ""
    for frame in traceback.extract_tb(error.__traceback__):
        path = Path(frame.filename).resolve()
        if path == root or path.is_relative_to(root):
            found = f" at {_shown(path)}:{frame.lineno}"
    return found


def traceback_text(error: BaseException) -> str:
    return "".join(traceback.format_exception(error)).rstrip()


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
