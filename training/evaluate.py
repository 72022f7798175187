"""Scores of a sorter on labelled items: macro-F1, accuracy, per-section P/R/F1, by language.

A placement in an item's acceptable second section (a health workers' strike labelled
labour, second health, placed in Health) counts as right: the labeller said an editor
would let it stand. Such an item counts as found for its main section too.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

SECTIONS = ("health", "palestine", "labour", "elections")


def scores(
    truth: Sequence[str],
    guess: Sequence[str],
    second: Sequence[str] | None = None,
    weights: Sequence[float] | None = None,
) -> dict[str, object]:
    """With ``weights``, each item counts as that many: the items of a sample drawn at
    different rates from different strata, weighed back to the whole."""
    seconds = second or [""] * len(truth)
    counts = weights or [1] * len(truth)
    right = [g == t or (s != "" and g == s) for t, g, s in zip(truth, guess, seconds, strict=True)]
    per = {}
    for name in SECTIONS:
        tp = sum(w for g, ok, w in zip(guess, right, counts, strict=True) if g == name and ok)
        fp = sum(w for g, ok, w in zip(guess, right, counts, strict=True) if g == name and not ok)
        fn = sum(w for t, ok, w in zip(truth, right, counts, strict=True) if t == name and not ok)
        p = tp / (tp + fp) if tp + fp else float("nan")
        r = tp / (tp + fn) if tp + fn else float("nan")
        f = 2 * p * r / (p + r) if tp else 0.0
        per[name] = {"precision": p, "recall": r, "f1": f, "support": tp + fn, "placed": tp + fp}
    present = [n for n in SECTIONS if per[n]["support"]]
    macro = sum(per[n]["f1"] for n in present) / max(len(present), 1)
    accuracy = sum(w for ok, w in zip(right, counts, strict=True) if ok) / max(sum(counts), 1)
    return {"macro_f1": macro, "accuracy": accuracy, "sections": per, "n": len(truth)}


def macro_f1_interval(
    truth: Sequence[str],
    guess: Sequence[str],
    second: Sequence[str],
    runs: int = 1000,
    seed: int = 0,
    weights: Sequence[float] | None = None,
    strata: Sequence[str] | None = None,
) -> tuple[float, float]:
    """The middle 90% of macro-F1 over ``runs`` bootstrap resamples of the items.

    A language with 51 section items and one with 249 can differ by chance alone; the
    interval says how far a figure would move on another draw of items like these. For a
    sample drawn by strata, each stratum is resampled apart and ``weights`` weigh the items
    back to the whole (``scores``).
    """
    rng = random.Random(seed)
    groups: dict[str, list[int]] = {}
    for i, stratum in enumerate(strata or [""] * len(truth)):
        groups.setdefault(stratum, []).append(i)
    counts = weights or [1] * len(truth)
    found = []
    for _ in range(runs):
        picked = [rows[rng.randrange(len(rows))] for rows in groups.values() for _ in rows]
        found.append(
            scores(
                [truth[i] for i in picked],
                [guess[i] for i in picked],
                [second[i] for i in picked],
                [counts[i] for i in picked],
            )["macro_f1"]
        )
    found.sort()
    return found[int(0.05 * runs)], found[int(0.95 * runs) - 1]


def print_scores(title: str, result: dict) -> None:
    print(
        f"  {title}: n={result['n']} macro-F1 {result['macro_f1']:.3f} "
        f"accuracy {result['accuracy']:.3f}"
    )
    for name, s in result["sections"].items():
        print(
            f"    {name:<10} P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}  "
            f"(support {s['support']}, placed {s['placed']})"
        )


def report(items, y, second, predicted, classes) -> None:
    truth = [classes[k] for k in y]
    seconds = [classes[k] if k >= 0 else "" for k in second]
    guess = [classes[k] for k in predicted]
    print_scores("all", scores(truth, guess, seconds))
    for lang in ("en", "nl", "fr"):
        idx = [i for i, item in enumerate(items) if item.lang == lang]
        if idx:
            picked = scores(
                [truth[i] for i in idx], [guess[i] for i in idx], [seconds[i] for i in idx]
            )
            print_scores(lang, picked)
