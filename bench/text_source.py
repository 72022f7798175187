"""The `text` source on what once took minutes, and on arbitrary bytes: how its time grows.

    .venv/bin/python bench/text_source.py [--runs 3] [--fuzz 2000]

Part one reads a Markdown note of N repetitions of each pathological unit ("*a ", "`a ",
"__a", ...) for N = 5,000, 20,000 and 50,000, and prints the time and the microseconds per
repetition: a linear reader keeps that figure about the same as N grows (10 times the text,
10 times the time), a quadratic one multiplies it by 10. On a busy machine the figures
wander; the largest against the smallest is the column to read. Before
markdown-it, '*a ' * 50000 took 59 s. Part two runs the hypothesis property of
tests/test_text_source_fuzz.py on ``--fuzz`` inputs and prints how many ran and the slowest.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from _common import REPO, machine, positive_int, runs_parser
from letterpress.builtins.text_source import TextSource
from letterpress.source import SourceContext

# Markdown notes (.md), and plain text (.txt) through the paragraph and boilerplate rules.
UNITS = (
    *(("md", unit) for unit in ("*a ", "`a ", "__a", "_a ", "**a", "[a](", "![a](", "[a")),
    *(("md", unit) for unit in ("a_ ", "> ", "- ")),
    *(("txt", unit) for unit in ("\n \t", "foto:", "Contact us ", "a. ", "x", "- ")),
)
SIZES = (5_000, 20_000, 50_000)


def read_note(text: str, runs: int, suffix: str = "md") -> float:
    """The best of ``runs`` times the source takes to read one note holding ``text``."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "sources").mkdir()
        (root / "sources" / f"note.{suffix}").write_text(text, encoding="utf-8")
        best = float("inf")
        for _ in range(runs):
            source = TextSource("notes", {}, SourceContext(root=root, language="en", warn=print))
            started = time.perf_counter()
            list(source.collect())
            best = min(best, time.perf_counter() - started)
        return best


def fuzz(examples: int) -> tuple[int, float, bytes]:
    """Run the property on ``examples`` inputs: how many ran, the slowest time, and its input."""
    sys.path.insert(0, str(REPO))
    from hypothesis import HealthCheck, given, settings
    from tests.test_text_source_fuzz import FILES, check_outcome, run_source

    ran, slowest, slowest_input = 0, 0.0, b""

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(FILES)
    def prop(files: dict[bytes, bytes]) -> None:
        nonlocal ran, slowest, slowest_input
        items, warnings, seconds = run_source(files)
        ran += 1
        if seconds > slowest:
            slowest, slowest_input = seconds, b" | ".join(files)
        check_outcome(items, warnings)

    prop()
    return ran, slowest, slowest_input


def main() -> None:
    parser = runs_parser(__doc__.splitlines()[0], 3, "note")
    parser.add_argument("--fuzz", type=positive_int, default=2000, help="hypothesis inputs")
    args = parser.parse_args()
    print(machine())
    read_note("# warm up\n\n*a* `b` [c](https://x.org)\n", 1)  # imports out of the timings
    sizes = " ".join(f"{n:>10,}" for n in SIZES)
    print(f"{'file':>4} {'unit':>14} {sizes}   us/repetition at each size")
    for suffix, unit in UNITS:
        times = [read_note("# A long note\n\n" + unit * n + "\n", args.runs, suffix) for n in SIZES]
        cells = " ".join(f"{t:>9.3f}s" for t in times)
        per = " ".join(f"{t / n * 1e6:6.1f}" for t, n in zip(times, SIZES, strict=True))
        print(f"{suffix:>4} {unit!r:>14} {cells}   {per}")
    ran, slowest, name = fuzz(args.fuzz)
    print(f"fuzz: {ran} inputs, slowest {slowest * 1000:.1f} ms (file names {name[:60]!r})")


if __name__ == "__main__":
    main()
