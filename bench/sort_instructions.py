"""How much work sorting real text is, counted in instructions rather than timed.

    .venv/bin/pip install -e '.[train]'       # training/corpus.py reads the labelled items
    .venv/bin/python bench/sort_instructions.py

Wall time on a shared machine moves by a third from one run to the next, so a change of a
tenth in the section model's speed cannot be seen in ``bench/sections.py`` alone. An
instruction count can: the same code on the same items gives the same count within a few
tenths of a percent, whatever else the machine is doing. This script counts, with valgrind's
cachegrind (``apt-get install valgrind``), the instructions a new process runs to sort the
11,010 real headlines and leads that ``bench/sections.py`` times (the labelled items of
../shared/corpora and the written examples, each sorted by ``assign_sections`` with the
built-in model, its per-word caches empty), less those of the same process that stops before
sorting. Under valgrind each process takes about a minute.

To compare two versions, run it in each checkout. The target stays the one of
``bench/sections.py`` (10,000 items in at most 2 s): instructions say which way a change
moves, not whether the target is met.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import REPO, machine

sys.path.insert(0, str(REPO / "training"))

SORT = """
import json, sys
from letterpress.builtins.elections import ElectionsSection
from letterpress.builtins.health import HealthSection
from letterpress.builtins.labour import LabourSection
from letterpress.builtins.palestine import PalestineSection
from letterpress.classify import Classifier
from letterpress.models import Item, Report
from letterpress.sectioning import assign_sections
pairs = json.loads(open(sys.argv[1], encoding="utf-8").read())
items = [Item(f"i{k}", title, lead, "feed") for k, (title, lead) in enumerate(pairs)]
sections = [
    cls(cls.type_name, {})
    for cls in (HealthSection, PalestineSection, LabourSection, ElectionsSection)
]
if sys.argv[2] == "sort":
    assign_sections(items, sections, Report(), Classifier.built_in())
"""
_COUNT = re.compile(r"I\s+refs:\s+([\d,]+)")


def instructions(items: Path, what: str) -> int:
    """The instructions a new interpreter runs to read ``items`` and, for "sort", sort them."""
    with tempfile.TemporaryDirectory() as folder:
        done = subprocess.run(
            [
                "valgrind",
                "--tool=cachegrind",
                "--cache-sim=no",
                f"--cachegrind-out-file={Path(folder) / 'out'}",
                sys.executable,
                "-c",
                SORT,
                str(items),
                what,
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    found = _COUNT.search(done.stderr)
    if found is None:
        raise SystemExit(f"bench/sort_instructions.py: valgrind printed no count:\n{done.stderr}")
    return int(found.group(1).replace(",", ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("bench/sort_instructions.py: valgrind is not installed")
    import corpus

    if not corpus.SHARED.is_dir():
        raise SystemExit(f"bench/sort_instructions.py: no corpora at {corpus.SHARED}")
    found = [*corpus.all_items(), *(item for item, _ in corpus.written_examples())]
    pairs = [(item.title or item.lead[:80], item.lead) for item in found]
    print(f"{machine()}; {len(pairs):,} real headlines and leads")
    with tempfile.TemporaryDirectory() as folder:
        items = Path(folder) / "items.json"
        items.write_text(json.dumps(pairs), encoding="utf-8")
        base = instructions(items, "read")
        total = instructions(items, "sort")
    sorting = total - base
    print(
        f"sorting them: {sorting / 1e9:.2f} billion instructions "
        f"({sorting / len(pairs) / 1e3:,.0f} thousand an item; the process without the "
        f"sort: {base / 1e9:.2f} billion)"
    )


if __name__ == "__main__":
    main()
