"""Sections and the one scoring mechanism the built-in and keyword-only sections share."""

from __future__ import annotations

import functools
import re
import unicodedata
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping, Sequence
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

    value: float  # 0 when the item does not fit; compared with the section's threshold
    matched: tuple[str, ...] = ()  # the words that matched, shown by letterpress items


class SectionType(ABC):
    """A section of the newsletter that claims the items that fit it best.

    The pipeline makes one instance per ``[sections.NAME]`` table in letterpress.toml and
    asks it to ``score`` every item; an item goes to the section with the best score at or
    above that section's ``threshold``.
    """

    type_name: ClassVar[str]  # what ``type = "..."`` (or the table's name) names
    # The title readers see, unless letterpress.toml sets one; else the table's name.
    default_title: ClassVar[str] = ""
    # The section model's label for this section ("health"...), when the model decides it:
    # then ``score`` is only the fallback, and the model's probability and threshold rule.
    model_label: ClassVar[str | None] = None
    # The default title in other languages, by language code: {"nl": "Wonen", "fr": "Logement"}.
    # A workspace's own catalog (locale/) still comes first, and a title set in
    # letterpress.toml is kept as written.
    titles: ClassVar[Mapping[str, str]] = {}

    def __init__(self, name: str, options: Mapping[str, Any]) -> None:
        self.name = name
        self.title = self.default_title or name.replace("-", " ").title()
        # A title the workspace wrote is kept as written; a default is translated.
        self.title_given = False
        self.threshold = DEFAULT_THRESHOLD

    @abstractmethod
    def score(self, item: Item) -> Score:
        """How well ``item`` fits this section; 0 when it does not."""

    def examples(self) -> Iterable[tuple[str, str, bool]]:
        """Labelled examples this section ships: (title, summary, belongs here).

        With MIN_SECTION_LABELS (20) or more that belong, the workspace's section model
        learns this section from them (and from the editor's placements); until then,
        ``score`` alone decides. The default ships none.
        """
        return ()


@functools.lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Lower case without accents and with one kind of apostrophe, so 'Santé' matches 'sante'."""
    # Cached: every section folds the same item's text.
    if text.isascii():
        return text.lower().replace("`", "'")
    # Accents are separate marks after NFKD, which the translation drops.
    return unicodedata.normalize("NFKD", text.lower()).translate(_UNACCENTED)


class _Unaccented(dict[int, int | None]):
    """``str.translate``'s table for ``fold``: combining marks to nothing, curly quotes and
    backticks to "'", other characters to themselves. Each character is asked of
    unicodedata once, the first time it is met (up to a bound: then each time)."""

    def __missing__(self, code: int) -> int | None:
        character = chr(code)
        folded = None if unicodedata.combining(character) else _APOSTROPHES.get(code, code)
        if len(self) < 65_536:
            self[code] = folded
        return folded


_APOSTROPHES = {ord("’"): ord("'"), ord("‘"): ord("'"), ord("`"): ord("'")}
_UNACCENTED = _Unaccented()


@functools.lru_cache(maxsize=8192)
def words_of(text: str) -> tuple[str, ...]:
    """The folded words of ``text``, as every vocabulary matches them: runs of ``\\w``."""
    folded = fold(text)
    if folded.isascii():
        # Most text is ASCII once folded (accents and curly quotes go). There \w is letters,
        # digits and "_": one byte translation and a split find the words the regular
        # expression finds, for a fraction of its work per character.
        return tuple(folded.encode("ascii").translate(_ASCII_SPACES).decode("ascii").split())
    return tuple(_WORD.findall(folded))


_WORD = re.compile(r"\w+")
# Every byte but an ASCII letter, digit or "_" (what \w reads in ASCII) to a space.
_ASCII_SPACES = bytes(
    byte if byte < 128 and (chr(byte).isalnum() or chr(byte) == "_") else 32 for byte in range(256)
)


@dataclass(frozen=True)
class _Pattern:
    """A term or trap as words: each one exact, or a stem when written with '*'."""

    text: str
    words: tuple[tuple[str, bool], ...]  # (word or stem, is a stem)

    @classmethod
    def parse(cls, text: str) -> _Pattern:
        words = []
        for raw in _WORD.findall(fold(text).replace("*", "_STEM_")):
            stem = raw.endswith("_STEM_")
            words.append((raw.removesuffix("_STEM_"), stem))
        return cls(text, tuple(words))

    def matches_at(self, words: tuple[str, ...], start: int, blocked: set[int]) -> bool:
        if start + len(self.words) > len(words):
            return False
        for offset, (word, stem) in enumerate(self.words):
            token = words[start + offset]
            if start + offset in blocked or not (token.startswith(word) if stem else token == word):
                return False
        return True


class _Matcher:
    """Finds patterns in a list of words, longest first, the way a reader would."""

    def __init__(self, patterns: Iterable[_Pattern]) -> None:
        self.exact: dict[str, list[_Pattern]] = {}
        self.stems: dict[str, list[_Pattern]] = {}
        for pattern in sorted(patterns, key=lambda p: (-len(p.text), p.text)):
            if not pattern.words:
                continue
            first, stem = pattern.words[0]
            (self.stems if stem else self.exact).setdefault(first, []).append(pattern)
        self.stem_lengths = sorted({len(stem) for stem in self.stems}, reverse=True)
        # Every first word's first few letters: a word that does not begin with one of them
        # starts no pattern, and most words are told so by one set look-up.
        self.head_length = min((len(first) for first in (*self.exact, *self.stems)), default=0)
        self.heads = {first[: self.head_length] for first in (*self.exact, *self.stems)}
        self._starting: dict[str, tuple[_Pattern, ...]] = {}

    def starting_with(self, word: str) -> tuple[_Pattern, ...]:
        """The patterns whose first word fits ``word``, longest first."""
        cached = self._starting.get(word)
        if cached is not None:
            return cached
        if word[: self.head_length] not in self.heads:
            return ()
        found = list(self.exact.get(word, ()))
        for length in self.stem_lengths:
            if length <= len(word):
                found.extend(self.stems.get(word[:length], ()))
        if len(self._starting) > _MAX_CACHED_WORDS:
            self._starting.clear()
        patterns = self._starting[word] = tuple(sorted(found, key=lambda p: (-len(p.text), p.text)))
        return patterns

    def find(
        self, words: tuple[str, ...], blocked: set[int], starts: Iterable[int] | None = None
    ) -> list[tuple[_Pattern, int]]:
        """Each match and the index of its first word, none overlapping another. ``starts``,
        when given, holds every position (in order) where a pattern may begin: only those
        are looked at."""
        found = []
        free_from = 0  # the words a match took are not looked at again
        starting = self._starting
        for position in range(len(words)) if starts is None else starts:
            word = words[position]
            # Most words start no pattern: one dict look-up and on.
            patterns = starting.get(word)
            if patterns is None:
                patterns = self.starting_with(word)
            if not patterns or position < free_from or position in blocked:
                continue
            for pattern in patterns:
                if pattern.matches_at(words, position, blocked):
                    found.append((pattern, position))
                    free_from = position + len(pattern.words)
                    break
        return found


# Distinct words a matcher remembers before it starts again: bounded memory on long runs.
_MAX_CACHED_WORDS = 100_000


class WordScreen:
    """Tells whether a text holds a word that ``starts`` says may begin a match.

    Each distinct word is asked once. Most texts hold none of them, and a set test in C
    says so without walking their words in Python.
    """

    def __init__(self, starts: Callable[[str], bool]) -> None:
        self.starts = starts
        self._seen: dict[str, bool] = {}
        self._starters: set[str] = set()

    def may_match(self, words: Iterable[str]) -> bool:
        """False when no word of ``words`` may begin a match: nothing can be found there."""
        distinct = set(words)
        new = distinct.difference(self._seen)
        if new:
            if len(self._seen) > _MAX_CACHED_WORDS:
                # Forget before, not while, reading these words: all of theirs are needed.
                self._seen.clear()
                self._starters.clear()
                new = distinct
            for word in new:
                starts = self._seen[word] = self.starts(word)
                if starts:
                    self._starters.add(word)
        return not self._starters.isdisjoint(distinct)


class StartIndex:
    """Where in a text each of several vocabularies may begin a match, in one pass.

    Each distinct word is asked once which vocabularies a term or trap of theirs may begin
    with; most words begin none, and most texts hold no such word, so the vocabularies
    themselves are then never walked.
    """

    def __init__(self, vocabularies: Sequence[Vocabulary]) -> None:
        self.vocabularies = tuple(vocabularies)
        self._known: dict[str, tuple[int, ...]] = {}
        self._starters: set[str] = set()  # the known words that do begin something
        # The first letters of every first word of every term and trap of them all: a word
        # that begins with none of them is told so by one set look-up, not one a vocabulary.
        heads = [found for found in (v.heads() for v in self.vocabularies) if found[1]]
        self._head_length = min((length for length, _ in heads), default=0)
        self._heads = {head[: self._head_length] for _, some in heads for head in some}

    def starts(self, words: tuple[str, ...]) -> dict[int, list[int]]:
        """{index of a vocabulary: the positions in ``words`` where it may begin a match}."""
        known, starters = self._known, self._starters
        distinct = set(words)
        new = distinct.difference(known)
        if new:
            if len(known) > _MAX_CACHED_WORDS:
                known.clear()
                starters.clear()
                new = distinct
            length, heads = self._head_length, self._heads
            for word in new:
                which = known[word] = (
                    tuple(i for i, v in enumerate(self.vocabularies) if v.starts(word))
                    if word[:length] in heads
                    else ()
                )
                if which:
                    starters.add(word)
        found: dict[int, list[int]] = {}
        if starters.isdisjoint(distinct):
            return found  # most texts: not one word begins a term or a trap
        for position in [p for p, word in enumerate(words) if known[word]]:
            for i in known[words[position]]:
                found.setdefault(i, []).append(position)
        return found


class Vocabulary:
    """Weighted terms in any number of languages, and traps: phrases that must not count.

    A trap's words are set aside before terms are matched, so "military strike" never
    reaches the labour section's "strike*" and "economic health" never reaches "health".
    Matching works on words, not characters: each distinct word is looked up once.
    """

    def __init__(self, terms: Mapping[str, float], traps: Iterable[str] = ()) -> None:
        self.terms = dict(terms)
        self._terms = _Matcher(_Pattern.parse(term) for term in self.terms)
        self._traps = _Matcher(_Pattern.parse(trap) for trap in traps)
        self._screen = WordScreen(self.starts)

    def heads(self) -> tuple[int, frozenset[str]]:
        """The length of the shortest first word of a term or trap, and the first that many
        letters of every first word: a word that begins with none of them begins nothing."""
        matchers = [m for m in (self._terms, self._traps) if m.heads]
        length = min((m.head_length for m in matchers), default=0)
        return length, frozenset(head[:length] for m in matchers for head in m.heads)

    def starts(self, word: str) -> bool:
        """Whether some term or trap of this vocabulary begins with ``word``."""
        terms, traps = self._terms, self._traps
        return bool(
            (word[: terms.head_length] in terms.heads and terms.starting_with(word))
            or (word[: traps.head_length] in traps.heads and traps.starting_with(word))
        )

    def found(self, text: str) -> tuple[dict[str, list[int]], tuple[str, ...]]:
        """Where each term occurs in ``text`` (word indexes), and the traps that set words aside."""
        return self.found_in(words_of(text))

    def found_in(
        self, words: tuple[str, ...], starts: Sequence[int] | None = None
    ) -> tuple[dict[str, list[int]], tuple[str, ...]]:
        """``found`` for a text already split into folded words (``words_of``). ``starts``,
        when the caller knows them (``StartIndex``), are the only positions where a term or
        trap may begin."""
        if starts is None and not self._screen.may_match(words):
            return {}, ()
        blocked: set[int] = set()
        traps = []
        for trap, start in self._traps.find(words, blocked, starts):
            blocked.update(range(start, start + len(trap.words)))
            traps.append(trap.text)
        positions: dict[str, list[int]] = {}
        for term, start in self._terms.find(words, blocked, starts):
            positions.setdefault(term.text, []).append(start)
        return positions, tuple(traps)

    def positions(self, text: str) -> dict[str, list[int]]:
        """Where each term occurs in ``text`` (word indexes), traps left out."""
        return self.found(text)[0]

    def score(self, headline: str, body: str) -> Score:
        """Weights of the terms found: full in the lead, more in a headline, less further down."""
        return self.score_found(self.positions(headline), self.positions(body))

    def score_found(
        self, headline: Mapping[str, list[int]], body: Mapping[str, list[int]]
    ) -> Score:
        """``score`` for terms already found, so a caller that needs both matches once."""
        factors: dict[str, float] = {}
        occurrences: dict[str, int] = {}
        for positions, where in ((headline, "headline"), (body, "body")):
            for term, starts in positions.items():
                for start in starts:
                    if where == "headline":
                        factor = HEADLINE_FACTOR
                    else:
                        factor = 1.0 if start < LEAD_WORDS else LATE_FACTOR
                    factors[term] = max(factors.get(term, 0.0), factor)
                    occurrences[term] = occurrences.get(term, 0) + 1
        value = 0.0
        for term, factor in factors.items():
            weight = self.terms[term]
            value += weight * factor
            value += weight * REPEAT_FACTOR * min(occurrences[term] - 1, MAX_REPEATS)
        matched = tuple(sorted(factors, key=lambda t: (-self.terms[t] * factors[t], t)))
        return Score(round(value, 2), matched)


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
        self.title_given = "title" in options
        self.threshold = opts.get_float("threshold", DEFAULT_THRESHOLD)
        keywords = _keyword_weights(options.get("keywords", {}))
        if not self.terms and not keywords:
            raise OptionError("keywords", "a keyword section needs a list of keywords")
        terms = tuple({**self.terms, **keywords}.items())
        self.vocabulary = _vocabulary(terms, (*self.trap_phrases, *opts.get_str_list("traps")))

    def score(self, item: Item) -> Score:
        return self.vocabulary.score(item.headline, item.lead)


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
