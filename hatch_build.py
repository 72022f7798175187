"""The wheel's build hook: letterpress's feed-reading modules compiled with mypyc, where it can.

Reading feeds is where letterpress's own Python does the most work a byte: a tag loop over
each summary's HTML, a walk over each entry's elements. Compiled to C by mypyc, from the
same source (which mypy already checks strictly), these four modules read the 88 real feeds
of ``bench/feeds.py`` in about a seventh less time: 52 to 60 times feedparser's items per
second in eight runs, against 46 to 50 times for the plain modules in runs taken between
them on the same machine. The other modules gain little and stay Python, so a plugin or a
test can still replace what they define.

Compiling is never required. It needs mypy and a C compiler with Python's headers; where
either is missing, or the compilation fails for any other reason, the wheel is built with
the plain Python modules, which behave the same, and a warning says so. Editable installs are
never compiled: a compiled module would go on running after its source was edited. Set
LETTERPRESS_PURE_PYTHON=1 to build a plain wheel on purpose.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.config import BuilderConfig
from hatchling.builders.hooks.plugin.interface import BuildHookInterface

# The modules compiled: each one stage of reading a feed, none of them holding a class a
# plugin subclasses or a function a test replaces.
COMPILED = ("simple_html", "text", "feed_cdata", "feed_xml")
# A compilation takes about 15 s on two cores; one that hangs is not waited for.
TIMEOUT = 600


class CompiledModules(BuildHookInterface[BuilderConfig]):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        self._work: Path | None = None
        if self.target_name != "wheel" or version == "editable":
            return
        if os.environ.get("LETTERPRESS_PURE_PYTHON", "") not in ("", "0"):
            return
        self._work = Path(tempfile.mkdtemp(prefix="letterpress-mypyc-"))
        try:
            compiled = compile_modules(Path(self.root) / "src", self._work)
        except CompilationFailed as error:
            self.app.display_warning(
                f"letterpress: the feed modules were not compiled ({error}); "
                "the wheel holds the plain Python modules, which read feeds more slowly"
            )
            return
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
        for path in compiled:
            build_data["force_include"][str(path)] = path.relative_to(self._work).as_posix()

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        if self._work is not None:
            shutil.rmtree(self._work, ignore_errors=True)


class CompilationFailed(Exception):
    """mypyc is missing, or it or the C compiler refused the modules."""


def compile_modules(source: Path, work: Path) -> list[Path]:
    """The extension modules mypyc builds of ``COMPILED``, in a copy of the package under
    ``work`` (so the checkout gets no build files), at their paths relative to ``work``."""
    try:
        import mypyc  # noqa: F401
    except ImportError:
        raise CompilationFailed("mypy is not installed") from None
    shutil.copytree(source / "letterpress", work / "letterpress")
    command = [
        sys.executable, "-m", "mypyc", "--ignore-missing-imports",
        *(f"letterpress/{name}.py" for name in COMPILED),
    ]  # fmt: skip
    try:
        done = subprocess.run(
            command, cwd=work, capture_output=True, text=True, timeout=TIMEOUT, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise CompilationFailed(str(error)) from None
    if done.returncode != 0:
        lines = (done.stdout + done.stderr).strip().splitlines() or ["no output"]
        # mypy's and the compiler's errors say "error:"; mypyc's own notes say "warning:".
        said = next((line for line in lines if "error:" in line), lines[-1])
        raise CompilationFailed(f"mypyc exited with {done.returncode}: {said.strip()}")
    built = [
        p
        for p in work.rglob("*")
        if p.suffix in (".so", ".pyd") and "build" not in p.relative_to(work).parts
    ]
    names = {p.name.split(".", 1)[0] for p in built if p.parent.name == "letterpress"}
    if names != set(COMPILED):
        raise CompilationFailed(f"mypyc built {sorted(names)}, not {sorted(COMPILED)}")
    return built
