"""What every bench script shares: its --runs option and the line describing the machine."""

from __future__ import annotations

import argparse
import os
import platform
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLE_PARTS = ("letterpress.toml", "sources", "issues", "templates", "plugins", "locale")
_CACHES = shutil.ignore_patterns("__pycache__", ".letterpress", "build")


def copy_sample(root: Path) -> None:
    """A copy of the repository's sample workspace in ``root`` (made if missing)."""
    root.mkdir(parents=True, exist_ok=True)
    for part in SAMPLE_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, root / part, ignore=_CACHES)
        elif source.is_file():
            shutil.copy2(source, root / part)


def positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def runs_parser(description: str | None, default: int, what: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--runs",
        type=positive_int,
        default=default,
        help=f"timed runs of each {what} (default {default})",
    )
    return parser


def machine() -> str:
    """Python, system and the CPUs this process may use, on one line, with the processor's
    model where the system names it: the same plain-Python feed reader has run about 45x
    feedparser's speed on one model of two cores and about 49x on another, so a figure is
    only read with its processor."""
    total = os.cpu_count() or 0
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else total
    cpus = f"{total} CPUs" + (f" ({usable} usable)" if usable != total else "")
    model = processor_model()
    return (
        f"Python {platform.python_version()} ({platform.python_implementation()}), "
        f"{platform.system()} {platform.machine()}, {cpus}" + (f" ({model})" if model else "")
    )


def processor_model() -> str:
    """The processor's model name ("AMD EPYC", "Intel(R) Xeon(R) ..."), or "" if unknown."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as cpuinfo:
            for line in cpuinfo:
                key, _, value = line.partition(":")
                if key.strip() == "model name":
                    return " ".join(value.split())
    except OSError:
        pass
    return platform.processor()


def user_environment() -> dict[str, str]:
    """This process's environment as a user's shell has it: bytecode caches written.

    Some machines set PYTHONDONTWRITEBYTECODE, which makes every run compile every module
    again; no installed letterpress runs that way (pip writes the caches at install time).
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env
