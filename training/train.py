"""Train the built-in section model, after measuring it on feeds it never saw.

    .venv/bin/pip install -e '.[train]'
    .venv/bin/python training/train.py            # measure, then write the model
    .venv/bin/python training/train.py --measure  # measure only

The model is written to src/letterpress/data/sections.model.

Reads the publishers' text from ../shared/corpora, the hand-made labels from
training/labels/ and the written examples from training/examples/. Measurement is
grouped by feed (VRT headlines by month): every corpus item's prediction comes from a
model trained without its feed; written examples are trained on in every fold and never
tested. Probabilities are calibrated (one temperature) and each section's threshold is
the lowest that keeps held-out precision at or above PRECISION_TARGET.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
from evaluate import report  # noqa: E402

from letterpress import section_model  # noqa: E402
from letterpress.classify import built_in_vocabularies  # noqa: E402
from letterpress.lexicon import built_in_lexicons, lexicon_digest  # noqa: E402

CLASSES = corpus.LABEL_NAMES
OTHER = CLASSES.index("other")
PRECISION_TARGET = 0.95
FOLDS = 5
# Inverse regularisation strength. Held out with the headline-alone prior: C 2 scored
# 0.755 macro-F1 (0.728 on unseen feeds), C 4 0.754 (0.725), C 8 0.753 (0.720).
C = 2.0
# How much more a section item weighs than an "other" one: sections are rare.
SECTION_WEIGHT = 3.0
# What a written example weighs beside a labelled item from a real feed: our own writing
# is more uniform than real headlines, and the two count alike only where nothing else is
# known. Held out, 0.5 and 1 score alike; at 1 the model grew surer of its mistakes.
EXAMPLE_WEIGHT = 0.5
MAX_FEATURES = 70_000  # keeps the weights file under 2 MB


@dataclass
class Dataset:
    items: list[corpus.CorpusItem]
    y: np.ndarray
    # The acceptable second label's index, where the labeller gave one; else -1.
    second: np.ndarray
    groups: list[str]
    X: sparse.csr_matrix  # columns: the buckets in ``columns`` only
    columns: np.ndarray

    @property
    def tested(self) -> np.ndarray:
        return np.flatnonzero([g != corpus.EXAMPLES for g in self.groups])

    @property
    def written(self) -> np.ndarray:
        return np.flatnonzero(self.is_written)

    @property
    def is_written(self) -> np.ndarray:
        """Per row, whether it is a written example (True) or a labelled corpus item."""
        return np.array([g == corpus.EXAMPLES for g in self.groups])


def load(examples: bool = True) -> Dataset:
    """The labelled corpus, then the written examples (group EXAMPLES, train-only)."""
    rows = corpus.load_labels()
    labels = {key: row["label"] for key, row in rows.items()}
    seconds = {key: row.get("second", "") for key, row in rows.items()}
    chosen = [item for item in corpus.all_items() if item.id in labels]
    if examples:
        for item, label in corpus.written_examples():
            labels[item.id] = label
            chosen.append(item)
    found = _bucketed([(item.title, item.lead) for item in chosen])
    cols = [b for row in found for b in row]
    columns, compact = np.unique(np.array(cols), return_inverse=True)
    rows_of = np.repeat(np.arange(len(found)), [len(row) for row in found])
    vals = [value for row in found for value in row.values()]
    X = sparse.csr_matrix((vals, (rows_of, compact)), shape=(len(chosen), len(columns)))
    y = np.array([CLASSES.index(labels[item.id]) for item in chosen])
    second = np.array([CLASSES.index(s) if (s := seconds.get(item.id)) else -1 for item in chosen])
    return Dataset(chosen, y, second, [item.feed for item in chosen], X, columns)


def _bucketed(texts: Sequence[tuple[str, str]]) -> list[dict[int, float]]:
    """Each (headline, lead)'s features by bucket, as the model reads them."""
    vocabularies, lexicons = built_in_vocabularies(), built_in_lexicons()
    found = []
    for headline, lead in texts:
        merged: dict[int, float] = {}
        for name, value in section_model.features(headline, lead, vocabularies, lexicons).items():
            b = section_model.bucket(name)
            merged[b] = merged.get(b, 0.0) + value
        found.append(merged)
    return found


def headlines_alone(data: Dataset) -> sparse.csr_matrix:
    """The rows of data.tested read as their headline alone, their lead dropped.

    Most Dutch test items are a headline alone and most English ones have a lead, so the
    languages' figures differ in form as well as language; scoring every item as a
    headline alone compares the languages in one form.
    """
    items = [data.items[i] for i in data.tested]
    column = {int(b): k for k, b in enumerate(data.columns)}
    rows, cols, vals = [], [], []
    for r, found in enumerate(_bucketed([(item.title, "") for item in items])):
        for b, value in found.items():
            if (k := column.get(b)) is not None:  # a bucket no item has weighs nothing
                rows.append(r)
                cols.append(k)
                vals.append(value)
    return sparse.csr_matrix((vals, (rows, cols)), shape=(len(items), len(data.columns)))


def sample_weights(y: np.ndarray, written: np.ndarray) -> np.ndarray:
    """Each row's weight: sections SECTION_WEIGHT, written examples EXAMPLE_WEIGHT, both."""
    return np.where(y == OTHER, 1.0, SECTION_WEIGHT) * np.where(written, EXAMPLE_WEIGHT, 1.0)


def fit(
    X: sparse.csr_matrix, y: np.ndarray, written: np.ndarray, c: float = C
) -> LogisticRegression:
    """The model fitted on rows X, y; ``written`` marks the rows that are written examples."""
    # The "bias" feature is part of X, so the intercept is a weight like the others.
    model = LogisticRegression(C=c, max_iter=3000, fit_intercept=False)
    return model.fit(X, y, sample_weight=sample_weights(y, written))


def shipped_weights(model: LogisticRegression) -> np.ndarray:
    """The weights as the model file keeps them: float32, the MAX_FEATURES strongest rows.

    Held-out figures are measured with these, so they are the figures of what ships.
    """
    W = np.zeros((model.coef_.shape[1], len(CLASSES)), dtype=np.float32)
    W[:, model.classes_] = model.coef_.T
    strength = np.abs(W).max(axis=1)
    keep = np.argsort(-strength)[:MAX_FEATURES]
    keep = keep[strength[keep] > 1e-4]
    pruned = np.zeros_like(W)
    pruned[keep] = W[keep]
    return pruned


def full_logits(model: LogisticRegression, X: sparse.csr_matrix) -> np.ndarray:
    logits = np.asarray(X @ shipped_weights(model), dtype=np.float64)
    absent = [k for k in range(len(CLASSES)) if k not in model.classes_]
    logits[:, absent] = -1e9
    return logits


def folds(data: Dataset) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Per fold, the rows to train on and the positions in data.tested to predict.

    Grouped by feed, so no feed is both trained on and tested; the written examples are
    trained on in every fold. Any other model measured on this corpus uses these folds.
    """
    tested, written = data.tested, data.written
    groups = [data.groups[i] for i in tested]
    for train_part, test_part in GroupKFold(FOLDS).split(tested, groups=groups):
        yield np.concatenate([tested[train_part], written]), test_part


def out_of_fold(data: Dataset, c: float = C) -> np.ndarray:
    """Logits for every corpus item (data.tested) from a model that never saw its feed."""
    return out_of_fold_readings(data, c)[0]


def out_of_fold_readings(
    data: Dataset, c: float = C, *others: sparse.csr_matrix, fraction: float = 1.0
) -> list[np.ndarray]:
    """``out_of_fold``'s logits, then the same models' logits of each of ``others``: rows
    aligned with data.tested that read the items another way (``headlines_alone``).

    With ``fraction`` under 1, each fold trains on that share of its rows, drawn at random
    (seeded): how the figures would move with less labelled data, and so with more.
    """
    tested = data.tested
    readings = [data.X[tested], *others]
    logits = [np.zeros((len(tested), len(CLASSES))) for _ in readings]
    draw = np.random.default_rng(0)
    for train, test_part in folds(data):
        if fraction < 1.0:
            train = train[draw.random(len(train)) < fraction]
        model = fit(data.X[train], data.y[train], data.is_written[train], c)
        for rows, found in zip(readings, logits, strict=True):
            found[test_part] = full_logits(model, rows[test_part])
    return logits


def softmax(logits: np.ndarray, temperature: float) -> np.ndarray:
    z = logits / temperature
    z -= z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def calibrate(logits: np.ndarray, y: np.ndarray) -> float:
    """The temperature that minimises held-out log loss."""
    best = (np.inf, 1.0)
    for t in np.exp(np.linspace(np.log(0.3), np.log(5), 60)):
        p = softmax(logits, t)
        loss = -np.mean(np.log(p[np.arange(len(y)), y] + 1e-12))
        best = min(best, (loss, float(t)))
    return best[1]


def thresholds_for(probs: np.ndarray, y: np.ndarray, second: np.ndarray) -> dict[str, float]:
    """Per section, the lowest probability at which held-out precision stays >= target.

    A placement in the item's acceptable second section counts as right, as an editor
    would let it stand.
    """
    chosen = {}
    for k, name in enumerate(CLASSES[:-1]):
        best = 0.99
        for t in np.linspace(0.30, 0.99, 70):
            placed = (probs.argmax(axis=1) == k) & (probs[:, k] >= t)
            right = (y[placed] == k) | (second[placed] == k)
            if placed.sum() >= 3 and right.mean() >= PRECISION_TARGET:
                best = float(t)
                break
        chosen[name] = round(best, 3)
    return chosen


def best_f1_thresholds(probs: np.ndarray, y: np.ndarray, second: np.ndarray) -> dict[str, float]:
    """Per section, the probability above which placing items gives the best F1 on these very
    items, precision not asked: a bound on the figure that the ranking alone allows, to tell
    it from what the precision rule (``thresholds_for``) costs. Never used to place items."""
    top = probs.argmax(axis=1)
    chosen = {}
    for k, name in enumerate(CLASSES[:-1]):
        best = (-1.0, 0.99)
        for t in np.linspace(0.05, 0.99, 95):
            placed = (top == k) & (probs[:, k] >= t)
            right = ((y == k) | (second == k))[placed].sum()
            missed = ((y == k) & ~placed).sum()
            f1 = 2 * right / (right + placed.sum() + missed) if right else 0.0
            best = max(best, (float(f1), float(t)))
        chosen[name] = round(best[1], 3)
    return chosen


def decide(probs: np.ndarray, thresholds: dict[str, float]) -> np.ndarray:
    """Each item's section by the thresholds, or other."""
    top = probs.argmax(axis=1)
    out = np.full(len(top), OTHER)
    for k, name in enumerate(CLASSES[:-1]):
        out[(top == k) & (probs[:, k] >= thresholds[name])] = k
    return out


@dataclass
class Measured:
    items: list[corpus.CorpusItem]
    y: np.ndarray
    second: np.ndarray
    predicted: np.ndarray
    temperature: float
    thresholds: dict[str, float]


def measure(data: Dataset, c: float = C) -> Measured:
    """Held-out-by-feed predictions, calibrated and thresholded as the shipped model is."""
    return judge(data, out_of_fold(data, c))


def judge(data: Dataset, logits: np.ndarray) -> Measured:
    """Held-out logits of data.tested, calibrated and thresholded as the shipped model's are."""
    y, second = data.y[data.tested], data.second[data.tested]
    temperature = calibrate(logits, y)
    probs = softmax(logits, temperature)
    thresholds = thresholds_for(probs, y, second)
    items = [data.items[i] for i in data.tested]
    return Measured(items, y, second, decide(probs, thresholds), temperature, thresholds)


def unseen_thresholds(data: Dataset, logits: np.ndarray) -> np.ndarray:
    """Decisions for data.tested with temperature and thresholds chosen on the other folds.

    ``judge`` chooses them on all held-out predictions and scores those same predictions,
    so its precision is at least the target by construction. Here no item's own fold has
    a say in the thresholds it meets: what a feed the model never saw should expect.
    """
    y, second = data.y[data.tested], data.second[data.tested]
    groups = [data.groups[i] for i in data.tested]
    decided = np.full(len(y), OTHER)
    for rest, part in GroupKFold(FOLDS).split(logits, groups=groups):
        temperature = calibrate(logits[rest], y[rest])
        thresholds = thresholds_for(softmax(logits[rest], temperature), y[rest], second[rest])
        decided[part] = decide(softmax(logits[part], temperature), thresholds)
    return decided


def export(data: Dataset, model: LogisticRegression, measured: Measured, c: float) -> bytes:
    W = shipped_weights(model)
    keep = np.flatnonzero(np.abs(W).max(axis=1) > 0)
    linear = section_model.LinearModel.from_rows(
        CLASSES,
        {int(data.columns[k]): W[k].tolist() for k in keep},
        temperature=measured.temperature,
        thresholds=measured.thresholds,
        meta={
            "items": len(data.y),
            "C": c,
            "section_weight": SECTION_WEIGHT,
            "example_weight": EXAMPLE_WEIGHT,
            "lexicons": lexicon_digest(),
        },
    )
    return linear.to_bytes()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--measure", action="store_true", help="measure only, write nothing")
    parser.add_argument("-C", type=float, default=C, help="inverse regularisation")
    parser.add_argument("--no-examples", action="store_true", help="leave out written examples")
    args = parser.parse_args(argv)
    data = load(examples=not args.no_examples)
    counts = {c: int((data.y == k).sum()) for k, c in enumerate(CLASSES)}
    print(f"items: {len(data.y)} ({len(data.written)} written examples); per label: {counts}")
    measured = measure(data, args.C)
    print(f"temperature {measured.temperature:.2f}; thresholds {measured.thresholds}")
    report(measured.items, measured.y, measured.second, measured.predicted, CLASSES)
    if args.measure:
        return
    model = fit(data.X, data.y, data.is_written, args.C)
    blob = export(data, model, measured, args.C)
    section_model.BUILT_IN_MODEL.write_bytes(blob)
    print(f"wrote {section_model.BUILT_IN_MODEL} ({len(blob) / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
