"""Noticing a save: the workspace's files, polled, with quiet-time so a burst of saves is one."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

WATCHED = ("letterpress.toml", "sources", "templates", "themes", "plugins", "issues")
POLL_SECONDS = 0.04
# A change is acted on once the files have been still this long: an editor's save is often
# several writes (a temp file, a rename, a touch), and several quick saves should be one build.
QUIET_SECONDS = 0.06

Snapshot = dict[str, tuple[int, int]]


def snapshot(root: Path, watched: tuple[str, ...] = WATCHED) -> Snapshot:
    """Every watched file's modification time and size, by path."""
    found: Snapshot = {}
    for name in watched:
        top = root / name
        if top.is_file():
            stat = top.stat()
            found[str(top)] = (stat.st_mtime_ns, stat.st_size)
            continue
        for folder, dirs, files in os.walk(top):
            dirs[:] = [d for d in dirs if not d.startswith(".") and d != "__pycache__"]
            for file in files:
                if file.startswith(".") or file.endswith((".pyc", "~", ".swp", ".tmp")):
                    continue
                path = os.path.join(folder, file)
                try:
                    stat = os.stat(path)
                except OSError:
                    continue  # deleted between the listing and the stat
                found[path] = (stat.st_mtime_ns, stat.st_size)
    return found


class Watcher(threading.Thread):
    """Calls ``on_change`` once per burst of changes under the workspace, until stopped."""

    def __init__(self, root: Path, on_change: Callable[[], None]) -> None:
        super().__init__(name="letterpress-watch", daemon=True)
        self.root = root
        self.on_change = on_change
        self.stopping = threading.Event()
        self.base: Snapshot = {}

    def start(self) -> None:
        # Taken before start returns: a save made the moment after is a change, not the base.
        self.base = snapshot(self.root)
        super().start()

    def run(self) -> None:
        last = self.base
        while not self.stopping.wait(POLL_SECONDS):
            current = snapshot(self.root)
            if current == last:
                continue
            # Wait for the files to be still, then build once for the whole burst.
            while not self.stopping.wait(QUIET_SECONDS):
                settled = snapshot(self.root)
                if settled == current:
                    break
                current = settled
            last = current
            if not self.stopping.is_set():
                self.on_change()

    def stop(self) -> None:
        self.stopping.set()
