"""What the newsletter learns from its editor: labels from every compiled issue, and a model.

Every compiled issue's sections, after the editor's overrides, are the newsletter's own
labels: an item in Labour is a labour item, an item in In brief is "other", and an item
the issue file moved (``section = "labour"``, or ``section = false`` for no section)
counts more, since it corrects the machine. A workspace may add its own
``labels.jsonl`` (one ``{"title": ..., "summary": ..., "section": ...}`` a line) and a
section plugin may ship examples (``SectionType.examples``).

The workspace model is fitted in plain Python on top of the built-in model: the built-in
logits are held fixed and the workspace model learns what to add, from the items' whole
words and word pairs and a bias per section, so a few dozen labels move like items without
unlearning what the built-in model knows. What was measured for this fit, kept and not, is
in training/README.md (the editor simulation, bench/learning.py). Issue N is sorted by a
model fitted on the labels of issues before N only, so recompiling an issue sorts it as
it was sorted the first time. Fits are kept in .letterpress/models/, keyed by their labels.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from letterpress.classify import LEARNED_THRESHOLD, Classifier, built_in_vocabularies
from letterpress.errors import ConfigError
from letterpress.lexicon import built_in_lexicons
from letterpress.scoring import SectionType
from letterpress.section_model import (
    BIAS,
    OTHER,
    LinearModel,
    bucket,
    built_in_model,
    features,
    is_whole_word,
)

# A workspace's own section joins the model once the editor has placed this many items in it.
MIN_SECTION_LABELS = 20
# An editor's correction says more than a placement the editor let stand, and when an
# earlier issue let a story stand in In brief and a later one corrects its like, the
# correction must win: at 8, three corrections still left the next like story short of
# Labour's threshold. The editor simulation (bench/learning.py) scores 8 and 24 alike.
CORRECTION_WEIGHT = 24.0
EPOCHS = 40
LEARNING_RATE = 0.3
L2 = 1e-4
# Only the most recent labels are fitted, so a fit stays quick at compile time.
MAX_LABELS = 3000
KEPT_FITS = 20
# Part of every fit's cache key: a fit made by an older way of fitting is not reused.
FIT_VERSION = 5


@dataclass(frozen=True)
class Label:
    """One item as the newsletter placed it: its words and its section (or "other")."""

    headline: str
    lead: str
    label: str
    by_editor: bool = False


def workspace_labels(path: Path) -> list[Label]:
    """A workspace's labels.jsonl: one JSON object a line with title, summary and section."""
    if not path.is_file():
        return []
    labels = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            label = str(row["section"] or OTHER)
            labels.append(
                Label(str(row.get("title", "")), str(row.get("summary", "")), label, True)
            )
        except (ValueError, KeyError, TypeError) as error:
            raise ConfigError(
                path,
                "each line is a JSON object with title, summary and section "
                f"({type(error).__name__}: {error})",
                key=f"line {number}",
            ) from error
    return labels


def examples_of(sections: Iterable[SectionType]) -> list[Label]:
    """The labelled examples the sections' plugins ship, as labels of those sections."""
    labels = []
    for section in sections:
        for title, summary, belongs in section.examples():
            label = (section.model_label or section.name) if belongs else OTHER
            labels.append(Label(title, summary, label, True))
    return labels


def fit(labels: Sequence[Label], sections: Iterable[str] = ()) -> LinearModel | None:
    """A workspace model on top of the built-in one, or None when there is nothing to learn.

    ``sections`` names the workspace's own sections; each becomes a class of the model once
    it has MIN_SECTION_LABELS labels.
    """
    base = built_in_model()
    counts: dict[str, int] = {}
    for label in labels:
        counts[label.label] = counts.get(label.label, 0) + 1
    own = [s for s in sections if s not in base.classes and counts.get(s, 0) >= MIN_SECTION_LABELS]
    classes = (*base.classes, *own)
    usable = [label for label in labels[-MAX_LABELS:] if label.label in classes]
    if not usable:
        return None
    vocabularies, lexicons = built_in_vocabularies(), built_in_lexicons()
    examples = []
    for label in usable:
        found = features(label.headline, label.lead, vocabularies, lexicons)
        offsets = [v / base.temperature for v in base.logits(found)] + [0.0] * len(own)
        # Whole words, pairs and the bias only. Fitted on dozens of labels, pieces of words
        # carry a correction to unrelated words that merely share a few letters. The
        # vocabularies' matches and the lexicons' counts are shared by a section's every
        # story, so they take up every correction at once: two nurses' pay stories moved
        # from Health to Labour taught that health's own topic words speak against it. Nor
        # the headline-only prior: corrections that all came as headlines would teach that
        # every headline alone leans to their section. The bias stays: it is how a
        # newsletter whose issues carry more section stories than a news feed says so.
        rows = [
            (bucket(name), value)
            for name, value in found.items()
            if is_whole_word(name) or name == BIAS
        ]
        weight = CORRECTION_WEIGHT if label.by_editor else 1.0
        examples.append((rows, offsets, classes.index(label.label), weight))
    width = len(classes)
    weights: dict[int, list[float]] = {}
    squares: dict[int, list[float]] = {}  # AdaGrad: rare features learn as fast as common ones
    for _ in range(EPOCHS):
        for rows, offsets, target, weight in examples:
            logits = list(offsets)
            for index, value in rows:
                row = weights.get(index)
                if row is not None:
                    for k in range(width):
                        logits[k] += value * row[k]
            top = max(logits)
            exps = [math.exp(v - top) for v in logits]
            total = sum(exps)
            gradient = [weight * e / total for e in exps]
            gradient[target] -= weight
            for index, value in rows:
                row = weights.setdefault(index, [0.0] * width)
                square = squares.setdefault(index, [1e-6] * width)
                for k in range(width):
                    g = gradient[k] * value + L2 * row[k]
                    square[k] += g * g
                    row[k] -= LEARNING_RATE * g / math.sqrt(square[k])
    kept = {i: row for i, row in weights.items() if max(abs(v) for v in row) > 1e-3}
    return LinearModel.from_rows(
        classes,
        kept,
        thresholds={section: LEARNED_THRESHOLD for section in own},
        meta={"labels": len(usable), "own_sections": own},
    )


def digest(labels: Sequence[Label], sections: Iterable[str]) -> str:
    """A key for a fit: the same labels and sections give the same model."""
    hasher = hashlib.blake2b(digest_size=10)
    base = built_in_model()
    settings = [
        base.meta,
        sorted(sections),
        EPOCHS,
        LEARNING_RATE,
        L2,
        CORRECTION_WEIGHT,
        FIT_VERSION,
    ]
    hasher.update(json.dumps(settings).encode())
    for label in labels:
        hasher.update(
            json.dumps([label.headline, label.lead, label.label, label.by_editor]).encode()
        )
    return hasher.hexdigest()


def workspace_classifier(
    labels: Sequence[Label], sections: Iterable[str], cache_dir: Path | None
) -> Classifier:
    """The built-in model plus the workspace model for these labels, fitted or read back."""
    sections = list(sections)
    if not labels:
        return Classifier.built_in()
    key = digest(labels, sections)
    cached = cache_dir / f"{key}.model" if cache_dir else None
    if cached is not None and cached.is_file():
        try:
            return Classifier.built_in(LinearModel.from_bytes(cached.read_bytes(), str(cached)))
        except ValueError:
            pass  # a damaged cache is fitted again
    learned = fit(labels, sections)
    if learned is not None and cached is not None:
        from letterpress.write import write_atomically

        write_atomically(cached, learned.to_bytes())
        _keep_newest(cached.parent)
    return Classifier.built_in(learned)


def _keep_newest(folder: Path) -> None:
    """Fits are a cache: the newest KEPT_FITS stay (one per recent issue), the rest go."""
    fits = sorted(folder.glob("*.model"), key=lambda path: path.stat().st_mtime, reverse=True)
    for stale in fits[KEPT_FITS:]:
        stale.unlink(missing_ok=True)
