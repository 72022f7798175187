"""Topic lexicons: the broad vocabulary of each built-in section, as evidence for the model.

A section's keyword list is short and every term on it is trusted; a lexicon is long and
none of its entries is. It lists the words that stories on the topic use, in English,
Dutch and French: diseases and care professions for health, unions and wage talks for
labour, and so on. The section model counts an item's lexicon words per section as a
feature and learns from the labelled corpus how much that count is worth. So a word the
labelled stories never used ("mazelen", "longkanker") still counts as health evidence,
because the lexicon names it, while the model decides how far to trust such evidence.

A lexicon file (``letterpress/data/lexicons/<section>.txt``) has one entry a line; ``#``
starts a comment. An entry of five letters or more also matches inside a longer word, as
Dutch and French compounds need ("kanker" in "longkanker", "vaccin*" in "griepvaccin");
a shorter one matches the word itself or, written with ``*``, the words it begins.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from letterpress.scoring import WordScreen, fold

LEXICON_FOLDER = Path(__file__).parent / "data" / "lexicons"
# Entries this long also match inside a compound; shorter ones would match by accident
# ("arts" in "startschot").
INSIDE_FROM = 5
# Distinct words remembered before starting again: bounded memory on long runs.
_MAX_REMEMBERED = 100_000
# Counts above these add nothing: a story about a strike need not say so ten times.
HEADLINE_CAP = 3
LEAD_CAP = 6


@dataclass(frozen=True)
class Lexicon:
    """One section's entries, by how they match; ``Lexicons`` does the matching."""

    name: str
    exact: frozenset[str]
    prefixes: frozenset[str]
    inside: frozenset[str]

    @classmethod
    def parse(cls, name: str, text: str) -> Lexicon:
        exact, prefixes, inside = set(), set(), set()
        for line in text.splitlines():
            entry = fold(line.split("#", 1)[0].strip())
            if not entry:
                continue
            stem = entry.endswith("*")
            entry = entry.rstrip("*")
            if len(entry) >= INSIDE_FROM:
                inside.add(entry)
            elif stem:
                prefixes.add(entry)
            else:
                exact.add(entry)
        return cls(name, frozenset(exact), frozenset(prefixes), frozenset(inside))


class Lexicons(dict[str, Lexicon]):
    """Lexicons by section name, with each word's sections remembered across items."""

    def __init__(self, lexicons: Mapping[str, Lexicon] = {}) -> None:
        super().__init__(lexicons)
        self._sections: dict[str, tuple[str, ...]] = {}
        # Most texts hold no lexicon word: the screen says so without counting.
        self._screen = WordScreen(lambda word: bool(self.sections_of(word)))
        # All lexicons' entries in one index, so a new word is read once, not once a lexicon.
        self._exact: dict[str, set[str]] = {}
        self._prefixes: dict[str, set[str]] = {}
        self._inside: dict[str, list[tuple[str, str]]] = {}
        for name, lexicon in self.items():
            for entry in lexicon.exact:
                self._exact.setdefault(entry, set()).add(name)
            for entry in lexicon.prefixes:
                self._prefixes.setdefault(entry, set()).add(name)
            for entry in lexicon.inside:
                self._inside.setdefault(entry[:INSIDE_FROM], []).append((entry, name))
        self._prefix_lengths = sorted({len(entry) for entry in self._prefixes}, reverse=True)

    def sections_of(self, word: str) -> tuple[str, ...]:
        """The sections whose lexicon names ``word`` (one look-up once the word was seen)."""
        known = self._sections.get(word)
        if known is None:
            if len(self._sections) > _MAX_REMEMBERED:
                self._sections.clear()
            known = self._sections[word] = self._look_up(word)
        return known

    def _look_up(self, word: str) -> tuple[str, ...]:
        found = set(self._exact.get(word, ()))
        for n in self._prefix_lengths:
            found.update(self._prefixes.get(word[:n], ()))
        for i in range(len(word) - INSIDE_FROM + 1):
            for entry, name in self._inside.get(word[i : i + INSIDE_FROM], ()):
                if name not in found and word.startswith(entry, i):
                    found.add(name)
        if not found:
            return ()  # most words: no lexicon names them
        return tuple(name for name in self if name in found)

    def counts(self, words: Sequence[str]) -> dict[str, int]:
        """How many of ``words`` each lexicon names."""
        if not self._screen.may_match(words):
            return {}
        counts: dict[str, int] = {}
        for word in words:
            for name in self.sections_of(word):
                counts[name] = counts.get(name, 0) + 1
        return counts


def lexicon_features(
    lexicons: Lexicons, head_words: Sequence[str], lead_words: Sequence[str]
) -> dict[str, float]:
    """Per section, how many headline words and lead words its lexicon names (capped)."""
    features: dict[str, float] = {}
    for name, count in lexicons.counts(head_words).items():
        features[f"xh:{name}"] = float(min(count, HEADLINE_CAP))
    for name, count in lexicons.counts(lead_words).items():
        features[f"xl:{name}"] = min(count, LEAD_CAP) / 2.0
    return features


def lexicon_names(
    lexicons: Lexicons, head_words: Sequence[str], lead_words: Sequence[str]
) -> dict[str, str]:
    """The lexicon features by the words behind them: "health topic words (longkanker)"."""
    names = {}
    for kind, where, words in (("xh", "headline", head_words), ("xl", "lead", lead_words)):
        for name in lexicons:
            matched = [w for w in words if name in lexicons.sections_of(w)]
            if matched:
                shown = ", ".join(dict.fromkeys(matched))
                names[f"{kind}:{name}"] = f"{name} topic words in the {where} ({shown})"
    return names


def read_lexicons(folder: Path = LEXICON_FOLDER) -> Lexicons:
    """Every ``<section>.txt`` lexicon in ``folder``, by section name."""
    return Lexicons(
        {
            path.stem: Lexicon.parse(path.stem, path.read_text(encoding="utf-8"))
            for path in sorted(folder.glob("*.txt"))
        }
    )


@functools.cache
def built_in_lexicons() -> Lexicons:
    """The lexicons shipped with letterpress, read once per process."""
    return read_lexicons()


def lexicon_digest(folder: Path = LEXICON_FOLDER) -> str:
    """A digest of the lexicon files: the model records the one it was trained with."""
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.txt")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]
