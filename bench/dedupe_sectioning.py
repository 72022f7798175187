"""Dedup and sectioning (by the section model), 1,000 to 10,000 items: time, memory, growth.

    .venv/bin/python bench/dedupe_sectioning.py [--runs 3]

Items are generated from the sample's themes in three languages, one in twenty a
near-copy of an earlier one (another headline, the same standfirst) so the merging has
work to do. Target: 10,000 items in under 2 s; growth close to linear, not quadratic.
"""

from __future__ import annotations

import random
import statistics
import time
import tracemalloc

from _common import machine, runs_parser
from letterpress.builtins.elections import ElectionsSection
from letterpress.builtins.health import HealthSection
from letterpress.builtins.labour import LabourSection
from letterpress.builtins.palestine import PalestineSection
from letterpress.classify import Classifier
from letterpress.dedupe import merge_duplicates
from letterpress.models import Item, Report
from letterpress.sectioning import assign_sections

SIZES = (1_000, 2_000, 5_000, 10_000)
TARGET_SECONDS = 2.0
WORDS = {
    "health": "hospital nurses doctors patients vaccines healthcare clinic pharmacy care".split(),
    "palestine": "Gaza ceasefire Israel Palestinian occupation embargo solidarity".split(),
    "labour": "strike union workers wages picket factory employers jobs".split(),
    "elections": "election voters ballot campaign candidates polls results".split(),
    "other": "city council library climate march festival housing tenants river".split(),
}
FILLER = (
    "the of in and to for with on at by from about after before during across between "
    "Belgium Brussels Antwerp Liège Ghent week Monday people group members local national "
    "new call plan report meeting statement action demand government minister"
).split()


def generate(n: int, seed: int = 7) -> list[Item]:
    rng = random.Random(seed)
    items: list[Item] = []
    for k in range(n):
        if items and rng.random() < 0.05:
            original = rng.choice(items)
            items.append(Item(id=f"dup{k}", title=f"Update: {original.title}",
                              summary=original.summary, source="feed"))  # fmt: skip
            continue
        theme = rng.choice(list(WORDS))
        words = [rng.choice(FILLER) for _ in range(28)]
        for _ in range(rng.randint(1, 4)):
            words.insert(rng.randrange(len(words)), rng.choice(WORDS[theme]))
        words.append(f"ref{k}")  # every story has something of its own
        title = " ".join(words[:9]).capitalize()
        items.append(Item(id=f"i{k}", title=title, summary=" ".join(words) + ".", source="feed"))
    return items


def dedupe_and_section(items: list[Item]) -> int:
    """The two stages as the pipeline runs them; how many items were merged away."""
    sections = [
        HealthSection("health", {}),
        PalestineSection("palestine", {}),
        LabourSection("labour", {}),
        ElectionsSection("elections", {}),
    ]
    report = Report()
    kept = merge_duplicates(items, report)
    # As the pipeline sorts: the section model decides the built-in sections.
    assign_sections(kept, sections, report, Classifier.built_in())
    return len(items) - len(kept)


def measure(items: list[Item]) -> tuple[float, int, int]:
    """Seconds (timed alone) and peak bytes (traced in a second run: tracing slows Python)."""
    started = time.perf_counter()
    merged = dedupe_and_section(items)
    seconds = time.perf_counter() - started
    tracemalloc.start()
    dedupe_and_section(items)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak, merged


def main() -> None:
    description = __doc__.splitlines()[0] if __doc__ else None
    args = runs_parser(description, 3, "size").parse_args()
    print(machine())
    print("(time and memory come from separate runs: tracing memory slows Python down)\n")
    print(f"{'items':>8} {'median s':>10} {'peak MB':>9} {'merged':>8} {'s per 1k':>9}")
    rows = []
    for size in SIZES:
        items = generate(size)
        runs = [measure(items) for _ in range(args.runs)]
        seconds = statistics.median(r[0] for r in runs)
        peak = max(r[1] for r in runs)
        rows.append((size, seconds, peak))
        print(f"{size:>8,} {seconds:>10.3f} {peak / 1e6:>9.1f} {runs[0][2]:>8,} "
              f"{seconds / size * 1000:>9.3f}")  # fmt: skip
    (small, t_small, m_small), (big, t_big, m_big) = rows[0], rows[-1]
    factor = big // small
    print(f"\nfrom {small:,} to {big:,} items ({factor}x): time x{t_big / t_small:.1f}, "
          f"peak memory x{m_big / m_small:.1f} (quadratic would be x{factor**2})")  # fmt: skip
    verdict = "met" if t_big < TARGET_SECONDS else "NOT met"
    print(f"target: {big:,} items under {TARGET_SECONDS:g} s: {verdict}")


if __name__ == "__main__":
    main()
