"""Sections and the one scoring mechanism the built-in and keyword-only sections share."""

from __future__ import annotations

import functools
import re
import unicodedata
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from letterpress.models import Item
from letterpress.options import OptionError, Options

# Weights a vocabulary uses: a strong term alone places an item, a weak one only helps.
STRONG = 3.0
NORMAL = 2.0
WEAK = 1.0
DEFAULT_THRESHOLD = 3.0
# A match in a real headline counts more than one in the body.
HEADLINE_FACTOR = 1.5
# A story says what it is about early: terms past its first LEAD_WORDS words count less,
# so a long page that mentions "labour rights" once in passing is not a labour story.
LEAD_WORDS = 60
LATE_FACTOR = 0.5
# Each further occurrence of a term adds this much of its weight, up to MAX_REPEATS times.
REPEAT_FACTOR = 0.5
MAX_REPEATS = 2


@dataclass(frozen=True)
class Score:
    """How well an item fits a section, and the words that say why."""

    value: float
    matched: tuple[str, ...] = ()


class SectionType(ABC):
    """A section of the newsletter that claims the items that fit it best.

    The pipeline makes one instance per ``[sections.NAME]`` table in letterpress.toml and
    asks it to ``score`` every item; an item goes to the section with the best score at or
    above that section's ``threshold``.
    """

    type_name: ClassVar[str]
    default_title: ClassVar[str] = ""

    def __init__(self, name: str, options: Mapping[str, Any]) -> None:
        self.name = name
        self.title = self.default_title or name.replace("-", " ").title()
        self.threshold = DEFAULT_THRESHOLD

    @abstractmethod
    def score(self, item: Item) -> Score:
        """How well ``item`` fits this section; 0 when it does not."""


@functools.lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Lower case without accents and with one kind of apostrophe, so 'Santé' matches 'sante'."""
    # Cached: every section folds the same item's text.
    if text.isascii():
        return text.lower().replace("`", "'")
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.replace("’", "'").replace("‘", "'").replace("`", "'")


def _term_pattern(term: str) -> str:
    """A term as a regex: words in order, '*' at a word's end for any ending."""
    words = fold(term).split()
    parts = [re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w) for w in words]
    return r"[\s-]+".join(parts)


class Vocabulary:
    """Weighted terms in any number of languages, and traps: phrases that must not count.

    A trap is blanked out of the text before terms are matched, so "military strike" never
    reaches the labour section's "strike*" and "economic health" never reaches "health".
    """

    def __init__(self, terms: Mapping[str, float], traps: Iterable[str] = ()) -> None:
        self.terms = dict(terms)
        # Longest first, so "health care" wins over "health" where both would match.
        ordered = sorted(self.terms, key=lambda t: (-len(t), t))
        self._names = {f"t{i}": term for i, term in enumerate(ordered)}
        alternatives = "|".join(f"(?P<t{i}>{_term_pattern(t)})" for i, t in enumerate(ordered))
        self._terms_re = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)") if ordered else None
        trap_list = [_term_pattern(t) for t in traps]
        self._traps_re = (
            re.compile(rf"(?<!\w)(?:{'|'.join(trap_list)})(?!\w)") if trap_list else None
        )

    def positions(self, text: str) -> dict[str, list[int]]:
        """Where each term occurs in ``text`` (character offsets), traps left out."""
        if self._terms_re is None:
            return {}
        folded = fold(text)
        if self._traps_re is not None:
            folded = self._traps_re.sub(lambda m: " " * len(m.group()), folded)
        found: dict[str, list[int]] = {}
        for match in self._terms_re.finditer(folded):
            found.setdefault(self._names[match.lastgroup or ""], []).append(match.start())
        return found

    def score(self, headline: str, body: str) -> Score:
        """Weights of the terms found: full in the lead, more in a headline, less further down."""
        lead_end = _offset_after_words(body, LEAD_WORDS)
        factors: dict[str, float] = {}
        occurrences: dict[str, int] = {}
        for text, where in ((headline, "headline"), (body, "body")):
            for term, offsets in self.positions(text).items():
                for offset in offsets:
                    if where == "headline":
                        factor = HEADLINE_FACTOR
                    else:
                        factor = 1.0 if offset < lead_end else LATE_FACTOR
                    factors[term] = max(factors.get(term, 0.0), factor)
                    occurrences[term] = occurrences.get(term, 0) + 1
        value = 0.0
        for term, factor in factors.items():
            weight = self.terms[term]
            value += weight * factor
            value += weight * REPEAT_FACTOR * min(occurrences[term] - 1, MAX_REPEATS)
        matched = tuple(sorted(factors, key=lambda t: (-self.terms[t] * factors[t], t)))
        return Score(round(value, 2), matched)


def _offset_after_words(text: str, words: int) -> int:
    match = None
    for n, match in enumerate(re.finditer(r"\S+", text), start=1):
        if n == words:
            return match.end()
    return len(text) + 1


class KeywordSection(SectionType):
    """A section that scores items by a vocabulary of weighted terms.

    The built-in sections subclass it and set ``terms`` and ``trap_phrases``; a workspace
    declares one with keywords alone::

        [sections.climate]
        type = "keywords"
        title = "Climate"
        keywords = ["climate", "klimaat", "climat", "COP*"]

    Each keyword in a list weighs enough to place an item alone; a table such as
    ``keywords = {climate = 3, weather = 1}`` sets weights. ``traps`` lists phrases that
    must not count, and ``threshold`` the score an item needs.
    """

    type_name = "keywords"
    terms: ClassVar[Mapping[str, float]] = {}
    trap_phrases: ClassVar[tuple[str, ...]] = ()

    def __init__(self, name: str, options: Mapping[str, Any]) -> None:
        super().__init__(name, options)
        opts = Options(options, {"title", "threshold", "keywords", "traps"})
        self.title = opts.get_str("title", self.title)
        self.threshold = opts.get_float("threshold", DEFAULT_THRESHOLD)
        keywords = _keyword_weights(options.get("keywords", {}))
        if not self.terms and not keywords:
            raise OptionError("keywords", "a keyword section needs a list of keywords")
        terms = tuple({**self.terms, **keywords}.items())
        self.vocabulary = _vocabulary(terms, (*self.trap_phrases, *opts.get_str_list("traps")))

    def score(self, item: Item) -> Score:
        headline = item.headline
        return self.vocabulary.score(
            headline, item.summary if headline else item.summary or item.title
        )


@functools.cache
def _vocabulary(terms: tuple[tuple[str, float], ...], traps: tuple[str, ...]) -> Vocabulary:
    # Compiling a vocabulary's regex costs more than scoring a few hundred items: do it once.
    return Vocabulary(dict(terms), traps)


def _keyword_weights(value: Any) -> dict[str, float]:
    if isinstance(value, str):
        value = [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return dict.fromkeys(value, DEFAULT_THRESHOLD)
    if isinstance(value, dict) and all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in value.values()
    ):
        return {str(k): float(v) for k, v in value.items()}
    raise OptionError("keywords", "must be a list of words, or a table of word = weight")
