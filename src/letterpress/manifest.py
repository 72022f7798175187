"""manifest.json: the files one compile wrote into an issue's folder, each with its hash.

`letterpress check` reads it to tell a set that belongs together from one that does not:
last week's email.html beside this week's email.txt would be sent as if it were new.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from letterpress.preflight import Finding

MANIFEST = "manifest.json"


def manifest_of(number: int, files: Mapping[str, bytes]) -> bytes:
    """The manifest of ``files``: no clock in it, so the same files give the same bytes."""
    listed = {
        name: {"sha256": hashlib.sha256(content).hexdigest(), "bytes": len(content)}
        for name, content in sorted(files.items())
    }
    text = json.dumps({"issue": number, "files": listed}, indent=2, sort_keys=True)
    return (text + "\n").encode("utf-8")


def verify_manifest(folder: Path) -> list[Finding]:
    """Errors for a file missing, changed or never written with the others; warnings for extras."""
    from letterpress.preflight import error, warning  # the checks' own types, when checking

    path = folder / MANIFEST
    try:
        manifest = json.loads(path.read_text("utf-8"))
        listed: dict[str, dict[str, object]] = manifest["files"]
        if not isinstance(listed, dict):
            raise TypeError("'files' is not a table")
    except FileNotFoundError:
        return [
            error(
                "manifest-missing",
                "no manifest.json: nothing says these files were written together; "
                "compile the issue again",
                MANIFEST,
            )
        ]
    except (OSError, ValueError, KeyError, TypeError) as problem:
        return [error("manifest-damaged", f"cannot be read: {problem}", MANIFEST)]
    findings = []
    for name, entry in sorted(listed.items()):
        try:
            content = (folder / name).read_bytes()
        except OSError:
            findings.append(
                error("manifest-mismatch", "missing: it was written with the others", name)
            )
            continue
        if not isinstance(entry, dict) or hashlib.sha256(content).hexdigest() != entry.get(
            "sha256"
        ):
            findings.append(
                error(
                    "manifest-mismatch",
                    "not the file compiled with the others (its hash differs from "
                    "manifest.json's): compile the issue again before sending",
                    name,
                )
            )
    for extra in sorted(p.name for p in folder.iterdir() if p.is_file()):
        if extra != MANIFEST and extra not in listed and not extra.startswith("."):
            findings.append(
                warning("manifest-extra", "not written by the compile of this issue", extra)
            )
    return findings
