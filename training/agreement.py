"""Agreement of independent labellers: Cohen's kappa on a random 200 items, and macro-F1
of one labeller against the labels on a sample weighted towards the sections.

    python training/agreement.py              # the random 200
    python training/agreement.py --sections   # the sections sample

The 200 were drawn at random from the whole corpus and labelled twice, each labeller
blind to the other. Disagreements were then settled by reading the item against
SECTIONS.md; the settled label is what training/labels/ holds.

Only 18 of those 200 are a section item for either labeller, too few to say how far two
careful readers of the rules agree on the sections, which is what macro-F1 measures. So a
second sample (``sections-sample.jsonl``) takes every measured item that the labels put in a
section (or give a second section), every "other" item that the keyword scorer puts in a
section, and a random 350 of the remaining "other" items, each counting for the 13.6 it
stands for; another labeller, blind to the labels, labelled them all
(``sections-relabelled.jsonl``). Scored as ``evaluate.scores`` scores a model, weighted back
to the whole measured corpus, with the middle 90% of 1,000 resamples within each stratum.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent / "agreement"
sys.path.insert(0, str(HERE.parent))

import corpus  # noqa: E402
import evaluate  # noqa: E402


def read(name: str) -> dict[str, str]:
    rows = (json.loads(line) for line in (HERE / name).read_text().splitlines() if line)
    return {row["id"]: row["label"] for row in rows}


def cohen_kappa(first: list[str], second: list[str]) -> float:
    n = len(first)
    observed = sum(a == b for a, b in zip(first, second, strict=True)) / n
    count_a, count_b = Counter(first), Counter(second)
    expected = sum(count_a[label] * count_b[label] for label in count_a) / (n * n)
    return (observed - expected) / (1 - expected)


def read_rows(name: str) -> dict[str, dict]:
    rows = (json.loads(line) for line in (HERE / name).read_text().splitlines() if line)
    return {row["id"]: row for row in rows}


def sections_agreement() -> None:
    """The relabelled sample against the labels, each way, weighted to the whole."""
    sample, other = read_rows("sections-sample.jsonl"), read_rows("sections-relabelled.jsonl")
    labels = corpus.load_labels()
    ids = sorted(i for i in sample if i in other)
    print(f"sample: {len(sample)} items, {len(ids)} relabelled")
    for stratum, count in sorted(Counter(sample[i]["stratum"] for i in ids).items()):
        print(f"  {stratum}: {count}")
    weights = [float(sample[i]["weight"]) for i in ids]
    a = [labels[i]["label"] for i in ids]
    a_second = [labels[i].get("second", "") for i in ids]
    b = [other[i]["label"] for i in ids]
    b_second = [other[i].get("second", "") for i in ids]
    agree = sum(x == y for x, y in zip(a, b, strict=True))
    print(f"same label: {agree} of {len(ids)}")
    strata = [sample[i]["stratum"] for i in ids]
    for title, truth, truth_second, guess in (
        ("the relabelling scored against the labels", a, a_second, b),
        ("the labels scored against the relabelling", b, b_second, a),
    ):
        result = evaluate.scores(truth, guess, truth_second, weights)
        low, high = evaluate.macro_f1_interval(
            truth, guess, truth_second, weights=weights, strata=strata
        )
        print(f"\n{title}, weighted to the whole corpus:")
        print(f"  macro-F1 {result['macro_f1']:.3f} (resamples: {low:.3f}-{high:.3f})")
        for name, s in result["sections"].items():
            print(
                f"    {name:<10} P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}"
                f"  (support {s['support']:.0f})"
            )


def main() -> None:
    if sys.argv[1:] == ["--sections"]:
        sections_agreement()
        return
    first, second = read("first-labeller.jsonl"), read("second-labeller.jsonl")
    ids = sorted(first)
    a, b = [first[i] for i in ids], [second[i] for i in ids]
    agree = sum(x == y for x, y in zip(a, b, strict=True))
    print(f"items labelled twice: {len(ids)}")
    print(f"raw agreement: {agree}/{len(ids)} = {agree / len(ids):.3f}")
    print(f"Cohen's kappa (5 labels): {cohen_kappa(a, b):.3f}")
    sections = [x != "other" for x in a], [x != "other" for x in b]
    print(f"either says a section: {sum(x or y for x, y in zip(*sections, strict=True))}")
    for i in ids:
        if first[i] != second[i]:
            print(f"  disagreed: {first[i]:>9} vs {second[i]:<9} {i[:90]}")


if __name__ == "__main__":
    main()
