"""The section model: what a story is about, as probabilities per section, in plain Python.

A linear model over hashed features of the headline and of the lead apart: words, the
headline's word pairs, and character n-grams inside words (so Dutch and French compounds
and stems match what the model saw), plus the built-in vocabularies' matches and traps,
the topic lexicons' counts, and a bias of its own for a headline alone. Training happens
offline (training/train.py, scikit-learn); a compile only reads the weights file and adds
numbers, so it never imports the training library.

The weights file (``sections.model``, little-endian)::

    b"LPSM1\\n"  then a JSON header line: classes, buckets, temperature, thresholds, ...
    uint32 count, then count uint32 feature indexes (sorted), then count * len(classes)
    float32 weights, then len(classes) float32 biases.
"""

from __future__ import annotations

import array
import bisect
import functools
import itertools
import json
import math
import os
import sys
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from letterpress.errors import LetterpressError
from letterpress.lexicon import Lexicons, lexicon_features
from letterpress.scoring import DEFAULT_THRESHOLD as KEYWORD_THRESHOLD
from letterpress.scoring import StartIndex, Vocabulary, words_of

MAGIC = b"LPSM1\n"
BUCKETS = 1 << 20
# A story says what it is about in its headline and first sentences.
LEAD_WORDS = 50
NGRAM_SIZES = (5,)
# Shorter words carry their meaning as the word feature alone.
NGRAM_MIN_WORD = 5
# The parts whose word pairs are features. A headline's pairs ("air strike") say what it
# is about; a lead's added nothing held out, and cost a look-up for nearly every word.
PAIRED_PARTS = ("h:",)
OTHER = "other"
# Priors rather than evidence: the bias, and a second bias for items that come as a
# headline alone. Those have a third of the features of an item with a lead, so their
# logits sit on another scale; held out, this one weight lifted macro-F1 in all three
# languages (training/README.md). Neither is a reason an editor could act on.
BIAS = "bias"
NO_LEAD = "no-lead"
PRIORS = frozenset((BIAS, NO_LEAD))


def bucket(feature: str) -> int:
    """The hashed index of a feature's name; the same in training and in a compile."""
    return zlib.crc32(feature.encode("utf-8")) & (BUCKETS - 1)


@functools.lru_cache(maxsize=65536)
def word_features(word: str) -> tuple[str, ...]:
    """A word and the character n-grams inside it (with its edges marked)."""
    if len(word) < NGRAM_MIN_WORD or word.isdigit():
        return (word,)
    marked = f"<{word}>"
    grams = [word]
    for size in NGRAM_SIZES:
        grams += ["#" + marked[i : i + size] for i in range(len(marked) - size + 1)]
    return tuple(grams)


def is_word_piece(feature: str) -> bool:
    """Whether a feature is a piece of a word (a character n-gram), not a word or a count."""
    return feature.startswith(("h:#", "l:#"))


def is_whole_word(feature: str) -> bool:
    """Whether a feature is a word or a headline's word pair, not a piece, a count or a prior."""
    return feature.startswith(("h:", "l:")) and not is_word_piece(feature)


def _part_features(prefix: str, words: Sequence[str]) -> dict[str, float]:
    """A part's features (headline or lead), scaled: a long lead weighs no more than a short one."""
    if not words:
        return {}
    counts: dict[str, float] = {}
    for word in words:
        for feature in word_features(word):
            key = prefix + feature
            counts[key] = counts.get(key, 0.0) + 1.0
    if prefix in PAIRED_PARTS:
        for first, second in itertools.pairwise(words):
            key = f"{prefix}{first}_{second}"
            counts[key] = counts.get(key, 0.0) + 1.0
    scale = 1.0 / math.sqrt(len(words))
    return {key: value * scale for key, value in counts.items()}


@functools.lru_cache(maxsize=8)
def _start_index(vocabularies: tuple[Vocabulary, ...]) -> StartIndex:
    """One index for several vocabularies: a text none of them can match is read once."""
    return StartIndex(vocabularies)


def vocabulary_features(
    vocabularies: Mapping[str, Vocabulary], headline: tuple[str, ...], lead: tuple[str, ...]
) -> dict[str, float]:
    """The built-in vocabularies' terms and traps as features: what the keyword scorer knew.

    ``headline`` and ``lead`` are folded words (``words_of``).
    """
    index = _start_index(tuple(vocabularies.values()))
    in_headline, in_lead = index.starts(headline), index.starts(lead)
    features: dict[str, float] = {}
    if not (in_headline or in_lead):
        return features
    for number, (name, vocabulary) in enumerate(vocabularies.items()):
        head_starts, lead_starts = in_headline.get(number), in_lead.get(number)
        if head_starts is None and lead_starts is None:
            continue  # nothing of this vocabulary's can begin anywhere: no term, no trap
        head_terms, head_traps = vocabulary.found_in(headline, head_starts or ())
        lead_terms, lead_traps = vocabulary.found_in(lead, lead_starts or ())
        for part, terms in (("h", head_terms), ("l", lead_terms)):
            for term in terms:
                features[f"v{part}:{name}:{term}"] = 1.0
        for trap in (*head_traps, *lead_traps):
            features[f"t:{name}:{trap}"] = 1.0
        # The keyword scorer's verdict, weights and positions included, as one number.
        value = vocabulary.score_found(head_terms, lead_terms).value
        if value:
            features[f"vs:{name}"] = min(value / KEYWORD_THRESHOLD, 3.0)
    return features


# Words that say which language or register a text is in, not what it is about: left out,
# so that "the" in a lead does not vote for the blogs most English training text came from.
STOPWORDS = frozenset(
    """
    a an and are as at be been but by for from had has have he her his i in is it its my
    of on or our she that the their them there they this to was we were which who will with
    you your
    aan al als bij dan dat de die dit door een en er had heeft het hij hun ik in is je maar
    met na naar niet nog of om op over te tot uit van voor was wat we werd wie wij zal ze zich
    zijn zo
    a au aux avec ce ces cette dans de des du elle en est et il ils je la le les leur mais
    ne nous on ou par pas pour qu que qui sa se ses son sont sur un une vous y
    """.split()  # noqa: SIM905 (a word list reads better as one string)
)


def _content(words: Sequence[str]) -> tuple[str, ...]:
    return tuple(word for word in words if word not in STOPWORDS)


def item_words(headline: str, lead: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The headline's words and the lead's first LEAD_WORDS, stop words left out."""
    return _content(words_of(headline)), _content(words_of(lead)[:LEAD_WORDS])


def features(
    headline: str,
    lead: str,
    vocabularies: Mapping[str, Vocabulary] = {},
    lexicons: Lexicons | None = None,
) -> dict[str, float]:
    """Every feature of a story by name, with its value: the model's whole view of it.

    Training reads this; a compile adds up the same weights faster, word by word
    (``LinearModel.item_logits``).
    """
    head_words, lead_words = item_words(headline, lead)
    found = _part_features("h:", head_words)
    found.update(_part_features("l:", lead_words))
    found.update(other_features(vocabularies, lexicons, headline, head_words, lead_words))
    return found


def other_features(
    vocabularies: Mapping[str, Vocabulary],
    lexicons: Lexicons | None,
    headline: str,
    head_words: Sequence[str],
    lead_words: Sequence[str],
) -> dict[str, float]:
    """The features that are not a word of one part: vocabularies, traps, lexicons, priors."""
    # The whole headline, stop words too: traps such as "strike a deal" need them.
    found = vocabulary_features(vocabularies, words_of(headline), tuple(lead_words))
    if lexicons:
        found.update(lexicon_features(lexicons, head_words, lead_words))
    found[BIAS] = 1.0
    if not lead_words:
        found[NO_LEAD] = 1.0
    return found


@dataclass(frozen=True)
class Prediction:
    """Probabilities per class, and what pushed the two most likely sections."""

    probabilities: dict[str, float]
    # (class, feature, contribution to that class's logit against the mean of the others)
    reasons: tuple[tuple[str, str, float], ...] = ()


@dataclass
class LinearModel:
    """Weights per hashed feature and class; probabilities by a tempered softmax."""

    classes: tuple[str, ...]
    buckets: array.array[int]  # sorted feature buckets ("I"), one weight row each
    weights: array.array[float]  # len(buckets) * len(classes), float32
    biases: tuple[float, ...]
    temperature: float = 1.0
    thresholds: dict[str, float] = field(default_factory=dict)
    meta: dict[str, object] = field(default_factory=dict)
    # Each word's (and word pair's) weights added up once: words recur from item to item.
    _vectors: dict[str, dict[object, Any]] = field(default_factory=dict, repr=False)
    # {bucket: row}, made once a run has looked up enough features to repay its cost
    # (about 8 ms for 70,000 rows): a small issue finds its rows by bisection instead.
    _index: dict[int, int] | None = field(default=None, repr=False)
    # The rows of the features that are not a part's words, by name.
    _named_rows: dict[str, Any] = field(default_factory=dict, repr=False)
    # Each part's {word piece: row, or -1}: a piece recurs in many words.
    _piece_rows: dict[str, dict[str, int]] = field(default_factory=dict, repr=False)
    _lookups: int = field(default=0, repr=False)

    @classmethod
    def from_rows(
        cls, classes: Sequence[str], rows: Mapping[int, Sequence[float]], **extra: object
    ) -> LinearModel:
        """A model from {bucket: weights per class}."""
        ordered = sorted(rows)
        return cls(
            classes=tuple(classes),
            buckets=array.array("I", ordered),
            weights=array.array("f", (w for b in ordered for w in rows[b])),
            biases=tuple(0.0 for _ in classes),
            **extra,  # type: ignore[arg-type]
        )

    def row(self, feature: str) -> array.array[float] | None:
        """The weights of one feature by name, or None when the model has none."""
        k = self._row_number(bucket(feature))
        if k < 0:
            return None
        width = len(self.classes)
        return self.weights[k * width : k * width + width]

    def _row_number(self, b: int) -> int:
        """The row of bucket ``b``, or -1 when the model has none."""
        if self._index is not None:
            return self._index.get(b, -1)
        self._lookups += 1
        if self._lookups > _INDEX_AFTER_LOOKUPS:
            self._index = {found: k for k, found in enumerate(self.buckets.tolist())}
        k = bisect.bisect_left(self.buckets, b)
        if k == len(self.buckets) or self.buckets[k] != b:
            return -1
        return k

    def logits(self, found: Mapping[str, float]) -> list[float]:
        """The logits of a story's features by name (the reference the fast path matches)."""
        totals = list(self.biases)
        for name, value in found.items():
            row = self.row(name)
            if row is not None:
                for k, weight in enumerate(row):
                    totals[k] += value * weight
        return totals

    def _word_vector(
        self, cache: dict[object, tuple[float, ...] | None], prefix: str, word: str
    ) -> tuple[float, ...] | None:
        """The summed rows of a word's features in one part, kept in ``cache``. Pieces of
        words recur from word to word: each piece's row is looked up once a part."""
        rows_of = self._piece_rows.setdefault(prefix, {})
        if len(rows_of) > _MAX_CACHED:
            rows_of.clear()
        rows = []
        weights, width, index = self.weights, len(self.classes), self._index
        for feature in word_features(word):
            k = rows_of.get(feature)
            if k is None:
                # bucket() and the index, inlined: a new word's pieces are the hot path of
                # sorting real text.
                b = zlib.crc32((prefix + feature).encode("utf-8")) & (BUCKETS - 1)
                k = rows_of[feature] = self._row_number(b) if index is None else index.get(b, -1)
            if k >= 0:
                rows.append(weights[k * width : k * width + width])
        if len(cache) > _MAX_CACHED:
            cache.clear()
        vector = cache[word] = tuple(map(sum, zip(*rows, strict=True))) if rows else None
        return vector

    def item_logits(
        self, head_words: Sequence[str], lead_words: Sequence[str], others: Mapping[str, float]
    ) -> list[float]:
        """``logits(features(...))``, summed word by word from cached vectors."""
        vectors: list[Iterable[float]] = []
        for prefix, words in (("h:", head_words), ("l:", lead_words)):
            if not words:
                continue
            cache = self._vectors.setdefault(prefix, {})
            found = []
            for word in words:
                vector = cache.get(word, _MISSING)
                if vector is _MISSING:
                    vector = self._word_vector(cache, prefix, word)
                if vector is not None:
                    found.append(vector)
            # Most word pairs are new and not in the model: one look-up each, no summing.
            weights, width = self.weights, len(self.classes)
            for pair in itertools.pairwise(words) if prefix in PAIRED_PARTS else ():
                vector = cache.get(pair, _MISSING)
                if vector is _MISSING:
                    k = self._row_number(bucket(f"{prefix}{pair[0]}_{pair[1]}"))
                    vector = tuple(weights[k * width : k * width + width]) if k >= 0 else None
                    cache[pair] = vector
                if vector is not None:
                    found.append(vector)
            if found:
                scale = 1.0 / math.sqrt(len(words))
                vectors.append([scale * sum(column) for column in zip(*found, strict=True)])
        named = self._named_rows
        for name, value in others.items():
            row = named.get(name, _MISSING)
            if row is _MISSING:
                # A few hundred names in all (terms, traps, counts, priors), met again and again.
                if len(named) > _MAX_CACHED:
                    named.clear()
                row = named[name] = self.row(name)
            if row is not None:
                vectors.append([value * weight for weight in row])
        if not vectors:
            return list(self.biases)
        return [
            bias + sum(column)
            for bias, column in zip(self.biases, zip(*vectors, strict=True), strict=True)
        ]

    def contributions(self, found: Mapping[str, float], cls: str) -> list[tuple[str, float]]:
        """Each feature's push towards ``cls`` against the average of the other classes."""
        width = len(self.classes)
        k = self.classes.index(cls)
        pushes = []
        for name, value in found.items():
            row = self.row(name)
            if row is None or name in PRIORS:
                continue
            others = (sum(row) - row[k]) / max(width - 1, 1)
            pushes.append((name, value * (row[k] - others)))
        return pushes

    def to_bytes(self) -> bytes:
        header = {
            "classes": list(self.classes),
            "buckets": BUCKETS,
            "temperature": self.temperature,
            "thresholds": self.thresholds,
            "meta": self.meta,
        }
        indexes = self.buckets
        body = [
            MAGIC,
            json.dumps(header, sort_keys=True).encode() + b"\n",
            len(indexes).to_bytes(4, "little"),
            _little(indexes),
            _little(self.weights),
            _little(array.array("f", self.biases)),
        ]
        return b"".join(body)

    @classmethod
    def from_bytes(cls, data: bytes, origin: str = "model") -> LinearModel:
        if not data.startswith(MAGIC):
            raise ValueError(f"{origin}: not a letterpress section model")
        end = data.index(b"\n", len(MAGIC))
        header = json.loads(data[len(MAGIC) : end])
        if header.get("buckets") != BUCKETS:
            raise ValueError(f"{origin}: made for {header.get('buckets')} buckets, not {BUCKETS}")
        classes = tuple(header["classes"])
        offset = end + 1
        count = int.from_bytes(data[offset : offset + 4], "little")
        offset += 4
        if len(data) != offset + 4 * count * (1 + len(classes)) + 4 * len(classes):
            raise ValueError(f"{origin}: the file is cut short or has bytes to spare")
        view = memoryview(data)  # slices of a view are not copies: the arrays copy once
        indexes = _from_little("I", view[offset : offset + 4 * count])
        offset += 4 * count
        weights = _from_little("f", view[offset : offset + 4 * count * len(classes)])
        offset += 4 * count * len(classes)
        biases = _from_little("f", view[offset : offset + 4 * len(classes)])
        return cls(
            classes=classes,
            buckets=indexes,
            weights=weights,
            biases=tuple(biases),
            temperature=float(header.get("temperature", 1.0)),
            thresholds={str(k): float(v) for k, v in header.get("thresholds", {}).items()},
            meta=header.get("meta", {}),
        )


def _little(values: array.array[Any]) -> bytes:
    if sys.byteorder == "big":  # pragma: no cover (the file is little-endian everywhere)
        values = array.array(values.typecode, values)
        values.byteswap()
    return values.tobytes()


def _from_little(typecode: str, data: bytes | memoryview) -> array.array[Any]:
    values = array.array(typecode)
    values.frombytes(data)
    if sys.byteorder == "big":  # pragma: no cover
        values.byteswap()
    return values


def softmax(logits: Sequence[float], temperature: float = 1.0) -> list[float]:
    scaled = [value / temperature for value in logits]
    top = max(scaled)
    exps = [math.exp(value - top) for value in scaled]
    total = sum(exps)
    return [value / total for value in exps]


_MISSING = object()
# A bisection costs about a microsecond more than the index's look-up, and the index about
# 8 ms to build: it repays itself after some 8,000 look-ups. A small issue (the sample's
# takes about 3,300) never builds it.
_INDEX_AFTER_LOOKUPS = 10_000
_MAX_CACHED = 200_000

BUILT_IN_MODEL = Path(__file__).parent / "data" / "sections.model"


@functools.cache
def built_in_model() -> LinearModel:
    """The model shipped with letterpress, read once per process.

    LETTERPRESS_SECTION_MODEL names another weights file (one training/train.py wrote),
    to measure a model before shipping it.
    """
    other = os.environ.get("LETTERPRESS_SECTION_MODEL")
    path = Path(other) if other else BUILT_IN_MODEL
    try:
        return LinearModel.from_bytes(path.read_bytes(), str(path))
    except (OSError, ValueError) as error:
        raise SectionModelError(f"section model {path}: {error}") from error


class SectionModelError(LetterpressError):
    """The section model's weights file is missing or damaged."""


def readable_features(headline: str, lead: str) -> dict[str, str]:
    """Each feature's name as an editor reads it: a word's n-grams all read as that word."""
    names: dict[str, str] = {}
    head_words, lead_words = item_words(headline, lead)
    for prefix, where, words in (("h:", "headline", head_words), ("l:", "lead", lead_words)):
        for word in words:
            for feature in word_features(word):
                names.setdefault(prefix + feature, f"'{word}' ({where})")
        for first, second in itertools.pairwise(words) if prefix in PAIRED_PARTS else ():
            names.setdefault(f"{prefix}{first}_{second}", f"'{first} {second}' ({where})")
    return names


def describe(feature: str, names: Mapping[str, str] = {}) -> str:
    """A feature as an editor reads it: "'strike' (headline)", "labour term 'vakbond*'"."""
    if feature in names:
        return names[feature]
    kind, _, rest = feature.partition(":")
    if kind == "t":
        return f"trap '{rest.split(':', 1)[1]}'"
    if kind == "vs":
        return f"{rest} keywords"
    if kind in ("vh", "vl"):
        section, _, term = rest.partition(":")
        return f"{section} term '{term}' ({'headline' if kind == 'vh' else 'lead'})"
    return feature


def top_reasons(
    pushes: Iterable[tuple[str, float]], names: Mapping[str, str] = {}, count: int = 4
) -> list[tuple[str, float]]:
    """The strongest pushes, a word's features added up under that word."""
    totals: dict[str, float] = {}
    for name, push in pushes:
        label = describe(name, names)
        totals[label] = totals.get(label, 0.0) + push
    ranked = sorted(totals.items(), key=lambda kv: -abs(kv[1]))
    return [(label, push) for label, push in ranked if abs(push) >= 0.05][:count]
