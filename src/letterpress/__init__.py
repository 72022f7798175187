"""letterpress: a plugin-based newsletter compiler.

A plugin needs one import::

    from letterpress import hookimpl
"""

import pluggy

__version__ = "0.1.0"

hookimpl = pluggy.HookimplMarker("letterpress")
"""Marks a function as an implementation of a letterpress hook."""

__all__ = ["__version__", "hookimpl"]
