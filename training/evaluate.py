"""Scores of a sorter on labelled items: macro-F1, accuracy, per-section P/R/F1, by language."""

from __future__ import annotations

from collections.abc import Sequence

SECTIONS = ("health", "palestine", "labour", "elections")


def scores(truth: Sequence[str], guess: Sequence[str]) -> dict[str, object]:
    per = {}
    for name in SECTIONS:
        tp = sum(t == name and g == name for t, g in zip(truth, guess, strict=True))
        fp = sum(t != name and g == name for t, g in zip(truth, guess, strict=True))
        fn = sum(t == name and g != name for t, g in zip(truth, guess, strict=True))
        p = tp / (tp + fp) if tp + fp else float("nan")
        r = tp / (tp + fn) if tp + fn else float("nan")
        f = 2 * p * r / (p + r) if tp else 0.0
        per[name] = {"precision": p, "recall": r, "f1": f, "support": tp + fn, "placed": tp + fp}
    present = [n for n in SECTIONS if per[n]["support"]]
    macro = sum(per[n]["f1"] for n in present) / max(len(present), 1)
    accuracy = sum(t == g for t, g in zip(truth, guess, strict=True)) / max(len(truth), 1)
    return {"macro_f1": macro, "accuracy": accuracy, "sections": per, "n": len(truth)}


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


def report(items, y, predicted, classes) -> None:
    truth = [classes[k] for k in y]
    guess = [classes[k] for k in predicted]
    print_scores("all", scores(truth, guess))
    for lang in ("en", "nl", "fr"):
        idx = [i for i, item in enumerate(items) if item.lang == lang]
        if idx:
            print_scores(lang, scores([truth[i] for i in idx], [guess[i] for i in idx]))
