"""The write stage: outputs land whole or not at all.

A single file is written beside its place and renamed over it. An issue's folder is written
as a new folder beside the old one and swapped in at once, so a reader (a mail tool, an
editor about to send) sees last week's set or this week's, never a mix.

Work in progress is named ``.NAME.PID.TOKEN.KIND`` (KIND: tmp, new, old). A crash or a
kill -9 can leave one behind; the next write in that folder removes those whose process is
gone, and puts back an issue folder a crash took out mid-swap.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import re
import secrets
import shutil
import sys
import time
from collections.abc import Mapping
from pathlib import Path

KINDS = ("tmp", "new", "old")
# Names of earlier versions' temporary files carry no process id: old enough, they are stale.
LEGACY_STALE_SECONDS = 3600.0
_LEGACY = re.compile(r"\.(.+)\.[a-z0-9_]{8}\.tmp")


def temporary_name(name: str, kind: str = "tmp") -> str:
    """A hidden name for ``name``'s work in progress, owned by this process."""
    return f".{name}.{os.getpid()}.{secrets.token_hex(4)}.{kind}"


def write_atomically(path: Path, content: bytes) -> None:
    """Write to a temporary file beside ``path``, then rename it over ``path``.

    A reader (a browser, a mail tool) never sees half a file, and a crash leaves the
    previous version in place.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    sweep_stale(path.parent)
    temporary = path.parent / temporary_name(path.name)
    try:
        _write_file(temporary, content)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def replace_folder(folder: Path, files: Mapping[str, bytes]) -> None:
    """Make ``folder`` hold exactly ``files``, all at once: the old set or the new, never both."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    sweep_stale(folder.parent)
    staging = folder.parent / temporary_name(folder.name, "new")
    staging.mkdir()
    try:
        for name, content in files.items():
            _write_file(staging / name, content)
        _sync_folder(staging)
        if folder.is_dir():
            _swap(staging, folder)
            # ``staging`` now holds the previous set.
            shutil.rmtree(staging, ignore_errors=True)
        else:
            os.rename(staging, folder)
        _sync_folder(folder.parent)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def sweep_stale(folder: Path) -> None:
    """Remove the work in progress of writers that are gone; restore a folder lost mid-swap."""
    try:
        entries = list(folder.iterdir())
    except OSError:
        return
    for entry in entries:
        owner = _owner(entry.name)
        if owner is None:
            continue
        target, pid, kind = owner
        if pid is None:
            if kind != "tmp" or not _older_than(entry, LEGACY_STALE_SECONDS):
                continue
        elif _alive(pid):
            continue
        if kind == "old" and not (folder / target).exists():
            # The crash came between the two renames of a swap: this is the issue as it was.
            with contextlib.suppress(OSError):
                os.rename(entry, folder / target)
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)


def _owner(name: str) -> tuple[str, int | None, str] | None:
    """(target name, writer's pid or None for an earlier version's name, kind), if ours."""
    if not name.startswith("."):
        return None
    parts = name[1:].rsplit(".", 3)
    if len(parts) == 4 and parts[3] in KINDS and parts[1].isdigit():
        return parts[0], int(parts[1]), parts[3]
    # Earlier versions: tempfile.mkstemp(prefix=".NAME.", suffix=".tmp"), 8 random characters.
    legacy = _LEGACY.fullmatch(name)
    return (legacy.group(1), None, "tmp") if legacy else None


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process: alive, and not ours to judge
    return True


def _older_than(path: Path, seconds: float) -> bool:
    try:
        return time.time() - path.lstat().st_mtime > seconds
    except OSError:
        return False


def _write_file(path: Path, content: bytes) -> None:
    with open(path, "xb") as file:
        file.write(content)
        file.flush()
        os.fsync(file.fileno())
    os.chmod(path, 0o644)


def _sync_folder(folder: Path) -> None:
    """Make a folder's new entries durable (a rename is only as safe as its folder's sync)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass  # some file systems cannot sync a folder; the rename is still atomic
    finally:
        os.close(handle)


def _swap(new: Path, current: Path) -> None:
    """Exchange two folders: at once where the kernel can, else by two renames."""
    if _exchange(new, current):
        return
    parked = current.parent / temporary_name(current.name, "old")
    os.rename(current, parked)
    # A crash here leaves no ``current``: sweep_stale puts ``parked`` back.
    os.rename(new, current)
    os.rename(parked, new)


def _exchange(a: Path, b: Path) -> bool:
    """Linux's renameat2(RENAME_EXCHANGE): both names swap in one step. False if unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))
