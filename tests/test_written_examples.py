"""The written training examples: well-formed, and never a near-copy of a labelled item.

Every held-out figure of the section model is measured on the labelled corpus, while the
written examples are trained on in every fold. A written headline that copies a labelled
one would carry that item's answer into its own test, so the figures would flatter the
model. The labelled items' text is read from ../shared/corpora; without it, the comparison
is skipped.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from letterpress.section_model import item_words

TRAINING = Path(__file__).resolve().parents[1] / "training"
sys.path.insert(0, str(TRAINING))
import corpus  # noqa: E402  (training/corpus.py: the labelled corpus and the examples)

# Shared words over all words, of the headlines' content words: 0.5 is reached by two
# different stories told with the same stock phrase ("Flemish government approves ..."),
# a rewording of the same story goes well above it.
NEAR_COPY = 0.6


def _words(title: str) -> frozenset[str]:
    return frozenset(word for word in item_words(title, "")[0] if len(word) > 2)


def test_every_written_example_is_well_formed() -> None:
    files = sorted(corpus.EXAMPLES_DIR.glob("*.jsonl"))
    assert files
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            row = json.loads(line)
            where = f"{path.name}:{number}"
            assert row["title"].strip(), where
            assert row["label"] in corpus.LABEL_NAMES, where
            assert row.get("second", "") in ("", *corpus.LABEL_NAMES), where
            assert row.get("second") != row["label"], where
            assert row.get("lang") in ("en", "nl", "fr"), where


def test_no_written_example_is_a_near_copy_of_a_labelled_item() -> None:
    if not (corpus.SHARED / "corpora").is_dir():
        pytest.skip(f"the labelled items' text is read from {corpus.SHARED}/corpora, absent here")
    labels = corpus.load_labels()
    labelled = [_words(item.title) for item in corpus.all_items() if item.id in labels]
    holding: dict[str, list[int]] = {}
    for index, words in enumerate(labelled):
        for word in words:
            holding.setdefault(word, []).append(index)
    copies = []
    for example, _ in corpus.written_examples():
        words = _words(example.title)
        if len(words) < 3:
            continue
        for index in {i for word in words for i in holding.get(word, ())}:
            other = labelled[index]
            if len(words & other) / len(words | other) >= NEAR_COPY:
                copies.append(example.title)
                break
    assert not copies, f"{len(copies)} written examples copy a labelled item: {copies[:5]}"
