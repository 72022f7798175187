"""Agreement of two independent labellers on a random 200 items: Cohen's kappa.

    python training/agreement.py

The 200 were drawn at random from the whole corpus and labelled twice, each labeller
blind to the other. Disagreements were then settled by reading the item against
SECTIONS.md; the settled label is what training/labels/ holds.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent / "agreement"


def read(name: str) -> dict[str, str]:
    rows = (json.loads(line) for line in (HERE / name).read_text().splitlines() if line)
    return {row["id"]: row["label"] for row in rows}


def cohen_kappa(first: list[str], second: list[str]) -> float:
    n = len(first)
    observed = sum(a == b for a, b in zip(first, second, strict=True)) / n
    count_a, count_b = Counter(first), Counter(second)
    expected = sum(count_a[label] * count_b[label] for label in count_a) / (n * n)
    return (observed - expected) / (1 - expected)


def main() -> None:
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
