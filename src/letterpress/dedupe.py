"""Merging duplicates: the same story from two files or feeds becomes one item.

Two items are the same story when their links agree once normalised; when their
headlines are the same words (six or more); or when their texts share most of their
three-word shingles, or one text holds nearly all of the other's (a feed's standfirst in a
text file's longer note). Candidates come from an index of shingles in which a shingle
common to many items ("in the country") stops being indexed, so the work grows with the
number of items, not with the number of pairs.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from itertools import chain
from urllib.parse import parse_qsl, unquote_plus, urlencode, urlsplit, urlunsplit

from letterpress.models import Item, Report
from letterpress.scoring import words_of

# Tuned on the sample's pairs and tests/test_dedupe.py's cases: the same standfirst in two
# files is 1.0, a rewritten standfirst about 0.7; two articles on one theme stay under 0.2.
SIMILARITY_THRESHOLD = 0.6
# One text holding this share of the other's shingles, if the shorter has enough of them.
CONTAINMENT_THRESHOLD = 0.85
CONTAINMENT_MIN_SHINGLES = 10
HEADLINE_MIN_WORDS = 6
# A shingle shared by this many items says nothing about any two of them.
MAX_POSTINGS = 50
SHINGLE_WORDS = 3
_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref|ref_src|igshid)$")
# What a URL holds if one of its parameters can be a tracking one, written or escaped: most
# URLs with a query have none, and are then left as they are without being split (a third
# of the time for the real feeds' links).
_MAYBE_TRACKING = re.compile(r"utm_|fbclid|gclid|mc_cid|mc_eid|ref|igshid|%")


def normalise_url(url: str) -> str:
    """A URL reduced to what names the page: no scheme, www., fragment or tracking parameters."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    query = [(k, v) for k, v in parse_qsl(parts.query) if not _TRACKING.match(k)]
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(("", host, path, urlencode(sorted(query)), ""))


def without_tracking(url: str) -> str:
    """The URL with utm_* and other tracking parameters removed, otherwise as it was: the
    other parameters keep their order and spelling (``?a=1&b=2&c`` stays so)."""
    if _MAYBE_TRACKING.search(url) is None:
        return url
    parts = urlsplit(url)
    if not parts.query:
        return url
    pairs = parts.query.split("&")
    kept = [p for p in pairs if not _TRACKING.match(unquote_plus(p.partition("=")[0]))]
    if len(kept) == len(pairs):
        return url
    return urlunsplit(parts._replace(query="&".join(kept)))


def shingles(text: str) -> set[str]:
    words = words_of(text)
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def merge_duplicates(items: list[Item], report: Report) -> list[Item]:
    """The items with each story once, in the order each story first appeared."""
    kept: list[Item] = []
    by_url: dict[str, int] = {}
    by_headline: dict[str, int] = {}
    # {shingle: the kept items that hold it}, emptied once MAX_POSTINGS do: a shingle that
    # common says nothing of any two of them, and an empty list costs a search nothing.
    index: dict[str, list[int]] = {}
    kept_shingles: list[set[str]] = []
    for item in items:
        text_shingles = shingles(item.summary or item.title)
        headline = _headline_key(item)
        match = by_url.get(normalise_url(item.url)) if item.url else None
        if match is None and headline:
            match = by_headline.get(headline)
        if match is None:
            match = _most_similar(text_shingles, index, kept_shingles)
        if match is None:
            position = len(kept)
            kept.append(item)
            kept_shingles.append(text_shingles)
            for shingle in text_shingles:
                postings = index.get(shingle)
                if postings is None:
                    index[shingle] = [position]
                elif postings:
                    postings.append(position)
                    if len(postings) >= MAX_POSTINGS:
                        postings.clear()
        else:
            earlier = kept[match]
            kept[match] = merge(earlier, item)
            report.drop(
                item,
                f"same story as {earlier.origin or earlier.source}; merged as {kept[match].id}",
            )
            position = match
        if item.url:
            by_url.setdefault(normalise_url(item.url), position)
        if headline:
            by_headline.setdefault(headline, position)
    return kept


def _headline_key(item: Item) -> str:
    """A real headline's words, if there are enough of them to name one story."""
    words = words_of(item.headline)
    return " ".join(words) if len(words) >= HEADLINE_MIN_WORDS else ""


def _most_similar(
    text_shingles: set[str], index: dict[str, list[int]], kept_shingles: list[set[str]]
) -> int | None:
    # The kept items sharing each shingle, counted in C; a shingle too common is empty.
    shared = Counter(chain.from_iterable(filter(None, map(index.get, text_shingles))))
    # Fewer shared shingles than this can make neither match: the union is at least this
    # text's shingles, and containment needs CONTAINMENT_MIN_SHINGLES of the smaller's.
    # Most candidates share a shingle or two, and are passed over here.
    enough = min(
        SIMILARITY_THRESHOLD * len(text_shingles),
        CONTAINMENT_THRESHOLD * CONTAINMENT_MIN_SHINGLES,
    )
    best, best_similarity = None, 0.0
    for position, count in shared.items():
        if count < enough:
            continue
        other = len(kept_shingles[position])
        union = len(text_shingles) + other - count
        similarity = count / union if union else 0.0
        smaller = min(len(text_shingles), other)
        contained = smaller >= CONTAINMENT_MIN_SHINGLES and count / smaller >= (
            CONTAINMENT_THRESHOLD
        )
        if (similarity >= SIMILARITY_THRESHOLD or contained) and similarity > best_similarity:
            best, best_similarity = position, similarity
    return best


def merge(first: Item, second: Item) -> Item:
    """One item with the best of two: a headline, a link, the fuller text, the earliest date."""
    headed = second if second.headline and not first.headline else first
    dates = [d for d in (first.published, second.published) if d is not None]
    # The fuller text, with its Markdown: a body goes with the summary written from it.
    fuller = max(first, second, key=lambda item: len(item.summary))
    return dataclasses.replace(
        headed,
        # The story keeps the id of its first copy: the copy merged into it keeps its own,
        # so `letterpress items` tells the two apart.
        id=first.id,
        url=first.url or second.url,
        summary=fuller.summary,
        body_markdown=fuller.body_markdown,
        published=min(dates, key=str) if dates else None,
        section=first.section or second.section,
        placement=first.placement or second.placement,
        tags=tuple(dict.fromkeys(first.tags + second.tags)),
    )
