"""Plain-text helpers shared by the stages: decoding what editors save, titles, language."""

from __future__ import annotations

import codecs
import re

_SPACE = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9À-Ý])")
_STOPWORDS = {
    "en": {"the", "and", "of", "to", "in", "is", "for", "with", "that", "on", "are", "their"},
    "nl": {"de", "het", "een", "en", "van", "voor", "met", "dat", "op", "zijn", "niet", "wij"},
    "fr": {"le", "la", "les", "et", "des", "du", "pour", "avec", "que", "sur", "est", "une"},
}


class UnreadableText(ValueError):
    """The bytes are not text in any encoding an editor would save."""


def decode_text(data: bytes) -> str:
    """Decode what a person's editor wrote: UTF-8 (with or without BOM), UTF-16, Windows-1252."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return _clean_controls(data.decode(encoding))
            except UnicodeDecodeError as error:
                raise UnreadableText(f"starts like {encoding} but is not: {error}") from error
    if b"\x00" in data:
        # UTF-16 without a BOM puts a zero byte beside every ASCII letter.
        even, odd = data[0::2].count(0), data[1::2].count(0)
        if len(data) % 2 == 0 and max(even, odd) > len(data) // 8:
            try:
                return _clean_controls(data.decode("utf-16-be" if even > odd else "utf-16-le"))
            except UnicodeDecodeError:
                pass
        raise UnreadableText("binary data, not text")
    try:
        return _clean_controls(data.decode("utf-8"))
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; latin-1 maps them rather than failing.
        try:
            return _clean_controls(data.decode("cp1252"))
        except UnicodeDecodeError:
            return _clean_controls(data.decode("latin-1"))


def _clean_controls(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(c for c in text if c in "\n\t" or c >= " ")


def squash_space(text: str) -> str:
    """One space between words, none at the ends."""
    return _SPACE.sub(" ", text).strip()


def first_sentence(text: str) -> str:
    return _SENTENCE_END.split(text, maxsplit=1)[0]


def lead_title(text: str, limit: int = 90) -> str:
    """A title cut from a blurb that has none: its first sentence, shortened at a word."""
    sentence = first_sentence(squash_space(text)).rstrip(".")
    if len(sentence) <= limit:
        return sentence
    cut = sentence[: limit - 1]
    cut = cut[: cut.rfind(" ")] if " " in cut else cut
    return cut.rstrip(" ,;:–-") + "…"


def guess_language(text: str, default: str) -> str:
    """The language of ``text`` among en, nl and fr, by counting common words."""
    words = re.findall(r"[a-zà-ÿ]+", text.lower())
    counts = {lang: sum(w in stop for w in words) for lang, stop in _STOPWORDS.items()}
    best = max(counts, key=lambda lang: counts[lang])
    return best if counts[best] >= 2 and counts[best] > counts.get(default, 0) else default
