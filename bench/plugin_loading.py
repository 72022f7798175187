"""What ten installed plugins add to a cold `letterpress compile` of the sample.

    .venv/bin/python bench/plugin_loading.py [--runs 11]

Writes ten small plugin packages into a temporary site folder, each with its dist-info and
its `letterpress` entry point as pip would install them, and puts that folder on
PYTHONPATH. Each plugin registers a source type and a section type, as a real one would.
Compares cold compiles of the sample with and without them. Target: under 30 ms added.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import copy_sample, machine, runs_parser, user_environment

PLUGINS = 10
TARGET_MS = 30.0

PLUGIN_CODE = """
from letterpress import hookimpl
from letterpress.models import Item
from letterpress.scoring import KeywordSection
from letterpress.source import Source


class {camel}Source(Source):
    type_name = "{name}"

    def collect(self):
        yield Item(id="{name}-1", title="From {name}", summary="", source=self.name)


class {camel}Section(KeywordSection):
    type_name = "{name}-section"
    terms = {{"{name}": 3.0}}


@hookimpl
def register_source_types():
    return [{camel}Source]


@hookimpl
def register_section_types():
    return [{camel}Section]
"""


def install_fake_plugins(site: Path) -> None:
    for n in range(PLUGINS):
        name = f"bench{n}"
        module = f"letterpress_{name}"
        (site / f"{module}.py").write_text(PLUGIN_CODE.format(name=name, camel=name.title()))
        dist = site / f"{module}-1.0.dist-info"
        dist.mkdir()
        (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {module}\nVersion: 1.0\n")
        (dist / "entry_points.txt").write_text(f"[letterpress]\n{name} = {module}\n")


def time_compiles(workspace: Path, runs: int, env: dict[str, str]) -> list[float]:
    command = [sys.executable, "-m", "letterpress", "compile", "--issue", "12"]
    command += ["--workspace", str(workspace), "--offline"]
    subprocess.run(command, env=env, check=True, capture_output=True)  # warm the disk cache
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, env=env, check=True, capture_output=True)
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> None:
    description = __doc__.splitlines()[0] if __doc__ else None
    args = runs_parser(description, 11, "compile").parse_args()
    print(machine())
    with tempfile.TemporaryDirectory(prefix="letterpress-plugins-") as tmp:
        root = Path(tmp)
        workspace = root / "sample"
        copy_sample(workspace)
        site = root / "site"
        site.mkdir()
        install_fake_plugins(site)
        plain = user_environment()
        plain.pop("PYTHONPATH", None)
        with_plugins = {**plain, "PYTHONPATH": str(site)}
        # Interleave the two so a noisy moment hurts both alike.
        without, with_ten = [], []
        for _ in range(args.runs):
            without += time_compiles(workspace, 1, plain)
            with_ten += time_compiles(workspace, 1, with_plugins)
    base, loaded = statistics.median(without), statistics.median(with_ten)
    print(f"cold compile of the sample, median of {args.runs}:")
    print(f"  without installed plugins   {base:7.1f} ms")
    print(f"  with {PLUGINS} installed plugins    {loaded:7.1f} ms")
    added = loaded - base
    verdict = "met" if added < TARGET_MS else "NOT met"
    print(
        f"  added by the plugins        {added:7.1f} ms   target under {TARGET_MS:g} ms: {verdict}"
    )


if __name__ == "__main__":
    main()
