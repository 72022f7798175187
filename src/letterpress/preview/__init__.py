"""`letterpress preview`: the issue in a browser, rebuilt and reloaded as the workspace changes."""

from letterpress.preview.server import PreviewServer

__all__ = ["PreviewServer"]
