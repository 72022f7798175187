"""Reading RSS 0.9x/1.0/2.0, Atom, RDF and JSON Feed: fast on firm ground, forgiving off it.

A feed is read as its publisher wrote it or not at all; a field never holds text a parser
made up. In order:

1. The bytes become UTF-8, in the encoding the publisher meant (``feed_encoding``); bytes
   that say they are UTF-8 are first taken at their word, as the strict parse checks them.
2. lxml parses them strictly (no recovery) and ``feed_xml`` reads the tree: a well-formed
   feed, the most of them, costs one C parse and a walk. Large CDATA sections (whole
   articles) are read apart by ``feed_cdata``, faster than libxml2 reads them.
3. XML that is not well-formed usually fails for one reason: an HTML entity (``&colon;``) or
   a bare ``&`` in a title or link. Those are written as XML would have them and the strict
   parse tried again; nothing else is changed.
4. Still broken, the feed is read item by item: each item that parses strictly on its own
   is read as above, and feedparser, which reads almost anything, reads the others. When the
   feed cannot even be cut into items, feedparser reads it whole.

Text is taken from HTML by ``text.html_to_text`` (an HTML parser, not patterns); every entry
is read on its own, so a broken one is a counted warning, never the feed's loss.

An entry's fields other than its summary cost about 136 M instructions for the 2,950 entries
of a pass over the real feeds (cachegrind): dates 34 M, links 27 M, the FeedEntry 16 M,
categories 14 M, ids 13 M (blake2b, 10.5 M since ``stable_id`` copies a prepared hash; the
ids are in ledgers and stay as they are), titles 12 M. Measured and not kept: the usual RFC
822 date cut up with str.split and checked with isdigit and friends (24.2 M against the
pattern's 24.9 M for its 2,178 dates); the plain-link pattern replaced by startswith, lstrip
of the host's characters and tests for what a path may not hold (15.2 M against 11.5 M); a
title tested for being one line already before being split and joined (8.2 M against 9.0 M);
ISO 8601 dates kept from the RFC 822 patterns by the "-" after their year (1.4 M); FeedEntry
as a NamedTuple (12.2 M against 16.0 M, but it would equal a tuple and stop being a
dataclass), or made by object.__new__ with its whole dict set at once (17.0 M against 14.4
M) or updated in __new__ (23.0 M); the categories read with _field_text's plain case written
inline (13.4 M against 14.8 M: too little for a second copy of it). Each feed reads a date
once per distinct text: 782 of the 2,178 RFC 822 dates repeat one of their feed's (743 in
one feed of 1,046 entries), and the dates of a pass are read in 2.6 ms instead of 3.1 ms.
Tracking parameters are looked for with one pattern before a link is split
(``dedupe.without_tracking``): 125 of the 165 links with a query have none, and they are
read in 0.21 ms instead of 0.6 ms a pass. A profile shows the first pattern matched after
each feed's parse, the feed's own link, at 2 ms a pass: that is glibc merging the freed
nodes of libxml2's tree at the first large allocation after it (a bytearray(3000) put first
takes the 2 ms over), not the pattern; whatever is first pays it.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from letterpress.dedupe import without_tracking
from letterpress.feed_encoding import as_utf8
from letterpress.feed_xml import (
    NotWellFormed,
    RawEntry,
    RawFeed,
    looks_like_html,
    parse_strict,
    plain_as_html,
    read_tree,
)
from letterpress.models import stable_id
from letterpress.text import html_to_text

_HTML_PAGE = re.compile(
    rb"\A(\xef\xbb\xbf)?\s*(<!--.*?-->\s*)*<(!doctype\s+html|html[\s>])", re.S | re.I
)
_SUBSET_END = re.compile(rb"\]\s*>")
# A reference XML knows, or one of the five it predefines; any other "&" must be escaped.
_CDATA_OR_COMMENT = re.compile(rb"<!\[CDATA\[|<!--")
# An "&" that begins no reference at all, and a named reference XML does not predefine.
_BARE_AMPERSAND = re.compile(rb"&(?!#[0-9]+;|#x[0-9A-Fa-f]+;|[A-Za-z][A-Za-z0-9]*;)")
_HTML_ENTITY = re.compile(rb"&(?!(?:lt|gt|amp|quot|apos);)([A-Za-z][A-Za-z0-9]*);")
_ITEM_START = re.compile(rb"<(item|entry)[\s>/]")
SUMMARY_LIMIT = 600
# feedparser reads a megabyte of ordinary broken feed in about a second, but a megabyte of
# hostile nesting in about twenty: past this size a feed that cannot be cut into items is
# refused rather than read for minutes.
FORGIVING_LIMIT = 1_000_000


class FeedError(ValueError):
    """The body is not a feed either parser can read."""


@dataclass(frozen=True)
class FeedEntry:
    title: str
    summary: str
    link: str | None
    published: dt.datetime | None
    author: str | None = None
    categories: tuple[str, ...] = ()
    image: str | None = None
    id: str | None = None

    def __init__(
        self,
        title: str,
        summary: str,
        link: str | None,
        published: dt.datetime | None,
        author: str | None = None,
        categories: tuple[str, ...] = (),
        image: str | None = None,
        id: str | None = None,
    ) -> None:
        # Written into the instance's dict: the frozen dataclass's own __init__ makes a call
        # of object.__setattr__ a field, and three thousand entries a pass paid for them.
        fields = self.__dict__
        fields["title"] = title
        fields["summary"] = summary
        fields["link"] = link
        fields["published"] = published
        fields["author"] = author
        fields["categories"] = categories
        fields["image"] = image
        fields["id"] = id


@dataclass
class ParsedFeed:
    title: str
    entries: list[FeedEntry]
    parser: str  # "letterpress", "letterpress+feedparser" (some items) or "feedparser"
    warnings: list[str] = field(default_factory=list)


def parse_feed(body: bytes, base_url: str, charset: str | None = None) -> ParsedFeed:
    """The entries of a feed, links absolute and text taken from HTML; ``charset`` is the one
    the HTTP Content-Type named, if any."""
    if _HTML_PAGE.match(body[:2048]):
        raise FeedError("an HTML page, not a feed")
    if body[:1024].lstrip(b" \t\r\n\xef\xbb\xbf")[:1] == b"{":
        raw, parser = _json_feed(body), "letterpress"
    else:
        raw, parser = _xml_feed(body, charset)
    if not raw.entries and not raw.title.strip():
        raise FeedError("no feed title and no entries: not a feed")
    return _parsed(raw, parser, base_url)


def strip_doctype(body: bytes) -> bytes:
    """The body without its DOCTYPE: its internal subset is where entity bombs and external
    entities live, and a feed has no honest use for one. Only the prolog is looked at (a
    DOCTYPE comes before the root element, never inside a CDATA section); linear in size."""
    position = 0
    limit = min(len(body), 65536)
    while position < limit:
        while position < limit and body[position : position + 1] in b" \t\r\n\xef\xbb\xbf":
            position += 1
        if body.startswith(b"<?", position):
            terminator = b"?>"
        elif body.startswith(b"<!--", position):
            terminator = b"-->"
        elif body[position : position + 9].upper() == b"<!DOCTYPE":
            return body[:position] + _after_doctype(body, position)
        else:
            return body
        end = body.find(terminator, position)
        if end < 0:
            return body
        position = end + len(terminator)
    return body


def _after_doctype(body: bytes, start: int) -> bytes:
    close = body.find(b">", start)
    bracket = body.find(b"[", start, close if close >= 0 else None)
    if bracket >= 0:
        end = _SUBSET_END.search(body, bracket)
        return body[end.end() :] if end else b""
    return body[close + 1 :] if close >= 0 else b""


def _xml_feed(body: bytes, charset: str | None) -> tuple[RawFeed, str]:
    # Bytes that are UTF-8 or say so are given to the strict parser unread: it checks each
    # byte as strictly as Python's decoder, so only a feed it refuses needs a second look.
    unchecked = strip_doctype(as_utf8(body, charset, checked=False))
    try:
        # Without what a server appended after the root's end (a CDN's script tag), which is
        # not the feed: the parse would read all of the feed only to refuse it there, and a
        # feed refused is read again escaped (``escape_references``), which changes nothing
        # in a well-formed one. One of the 88 real feeds: 1 ms a pass.
        return read_tree(parse_strict(_without_trailing_content(unchecked))), "letterpress"
    except NotWellFormed:
        pass
    body = strip_doctype(as_utf8(body, charset))
    if body != unchecked:  # not the UTF-8 it claimed to be: read in the encoding it is in
        try:
            return read_tree(parse_strict(body)), "letterpress"
        except NotWellFormed:
            pass
    body = _without_trailing_content(escape_references(body))
    try:
        return read_tree(parse_strict(body)), "letterpress"
    except NotWellFormed as error:
        return _item_by_item(body, str(error))


def escape_references(body: bytes) -> bytes:
    """``body`` with each HTML entity as a character reference and each bare ``&`` as
    ``&amp;``: what its publisher meant, written as XML. CDATA and comments are left alone.
    One pass: an opened CDATA section or comment is searched for its end once."""
    if b"&" not in body:
        return body
    parts: list[bytes] = []
    position = 0
    while (opener := _CDATA_OR_COMMENT.search(body, position)) is not None:
        end = body.find(b"]]>" if opener.group(0) == b"<![CDATA[" else b"-->", opener.end())
        if end < 0:
            break  # open to the end of the body: nothing after it is markup
        parts += (_escape_text(body[position : opener.start()]), body[opener.start() : end + 3])
        position = end + 3
    parts.append(_escape_text(body[position:]) if position < len(body) else b"")
    return b"".join(parts)


def _escape_text(text: bytes) -> bytes:
    if b"&" not in text:
        return text
    text = _BARE_AMPERSAND.sub(b"&amp;", text)
    return _HTML_ENTITY.sub(_character_references, text)


def _character_references(match: re.Match[bytes]) -> bytes:
    import html.entities

    name = match.group(1).decode("ascii") + ";"
    characters = html.entities.html5.get(name)
    if characters is None:
        return b"&amp;" + match.group(0)[1:]  # no entity by that name: the text as written
    return "".join(f"&#{ord(c)};" for c in characters).encode("ascii")


_ROOT = re.compile(rb"\A(?:\s|\xef\xbb\xbf|<\?[^>]*>|<!--.*?-->)*<([A-Za-z_][\w.:-]*)", re.S)


def _without_trailing_content(body: bytes) -> bytes:
    """The document up to its root's end tag: what a server appends after it (a CDN's
    script tag) is not the feed."""
    root = _ROOT.match(body, 0, 65536)
    if root is None:
        return body
    end = body.rfind(b"</" + root.group(1))
    close = body.find(b">", end) if end >= 0 else -1
    if close < 0 or not body[close + 1 :].strip():
        return body
    return body[: close + 1]


def _item_by_item(body: bytes, error: str) -> tuple[RawFeed, str]:
    """Each item in the frame of the feed around it: strictly if it can be, else feedparser."""
    items = _item_spans(body)
    if not items:
        return _forgiving(body, error), "feedparser"
    head, tail = body[: items[0][0]], body[items[-1][1] :]
    try:
        feed = read_tree(parse_strict(head + tail))
    except NotWellFormed:
        return _forgiving(body, error), "feedparser"
    forgiven = 0
    for start, end in items:
        alone = head + body[start:end] + tail
        try:
            read = read_tree(parse_strict(alone))
        except NotWellFormed:
            read = _forgiving(alone)
            forgiven += 1
        feed.entries.extend(read.entries)
        feed.failed += read.failed
    return feed, "letterpress+feedparser" if forgiven else "letterpress"


def _item_spans(body: bytes) -> list[tuple[int, int]]:
    """Where each item or entry begins and ends, in one pass (an item never closed ends it)."""
    spans = []
    position = 0
    while (start := _ITEM_START.search(body, position)) is not None:
        end = body.find(b"</" + start.group(1), start.end())
        close = body.find(b">", end) if end >= 0 else -1
        if close < 0:
            break
        spans.append((start.start(), close + 1))
        position = close + 1
    return spans


def _forgiving(body: bytes, error: str = "") -> RawFeed:
    import feedparser

    if len(body) > FORGIVING_LIMIT:
        raise FeedError(
            f"not well-formed XML ({error}), and at {len(body) / 1e6:.1f} MB too large to "
            f"read leniently (at most {FORGIVING_LIMIT / 1e6:g} MB)"
        )

    result = feedparser.parse(body, sanitize_html=False, resolve_relative_uris=False)
    info = result.get("feed") or {}
    feed = RawFeed(title=_as_html(info, "title"), link=info.get("link"))
    for entry in result.get("entries") or []:
        try:
            feed.entries.append(_from_feedparser(entry))
        except Exception:  # one entry's oddity is that entry's loss, counted
            feed.failed += 1
    return feed


def _as_html(values: Mapping[str, Any], key: str) -> str:
    """A feedparser text field as HTML: its HTML as it is, and so its "plain text" holding
    markup (as the strict path reads an RSS title); other plain text escaped."""
    value = str(values.get(key) or "")
    detail = values.get(f"{key}_detail") or {}
    return value if "html" in str(detail.get("type", "html")) else plain_as_html(value)


def _from_feedparser(entry: Mapping[str, Any]) -> RawEntry:
    content = entry.get("content") or []
    image = None
    for key in ("media_thumbnail", "media_content"):
        for media in entry.get(key) or []:
            if image is None and isinstance(media, Mapping) and media.get("url"):
                image = str(media["url"])
    for enclosure in entry.get("enclosures") or []:
        if image is None and str(enclosure.get("type", "")).startswith("image/"):
            image = enclosure.get("href") or enclosure.get("url")
    return RawEntry(
        title=_as_html(entry, "title"),
        link=entry.get("link"),
        published=entry.get("published"),
        updated=entry.get("updated"),
        summary=_as_html(entry, "summary"),
        content=_as_html(content[0], "value") if content else "",
        author=html.unescape(str(entry["author"])) if entry.get("author") else None,
        # feedparser escapes the markup of these two fields, not of the others.
        categories=[
            html.unescape(str(t["term"])) for t in entry.get("tags") or [] if t.get("term")
        ],
        image=image,
        id=entry.get("id"),
    )


def _json_feed(body: bytes) -> RawFeed:
    """JSON Feed 1.0 and 1.1 (jsonfeed.org): the spec's fields, nothing guessed."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as error:
        raise FeedError(f"not a JSON feed ({error})") from error
    if not isinstance(data, dict) or not isinstance(data.get("items", []), list):
        raise FeedError("JSON, but not a JSON feed")
    feed = RawFeed(
        title=html.escape(str(data.get("title") or ""), False),
        link=_str(data.get("home_page_url")),
    )
    for item in data.get("items") or []:
        try:
            feed.entries.append(_json_item(item))
        except Exception:  # one entry's oddity is that entry's loss, counted
            feed.failed += 1
    return feed


def _json_item(item: Mapping[str, Any]) -> RawEntry:
    authors = item.get("authors") or ([item["author"]] if item.get("author") else [])
    author = authors[0].get("name") if authors and isinstance(authors[0], Mapping) else None
    text = _str(item.get("content_text")) or _str(item.get("summary")) or ""
    return RawEntry(
        title=html.escape(_str(item.get("title")) or "", False),
        link=_str(item.get("url")) or _str(item.get("external_url")),
        published=_str(item.get("date_published")),
        updated=_str(item.get("date_modified")),
        summary=html.escape(text, False),
        content=_str(item.get("content_html")) or "",
        author=_str(author),
        categories=[str(t) for t in item.get("tags") or [] if isinstance(t, str | int)],
        image=_str(item.get("image")) or _str(item.get("banner_image")),
        id=_str(item.get("id")),
    )


def _str(value: Any) -> str | None:
    return str(value) if isinstance(value, str | int | float) and str(value) else None


# From the publisher's fields to the entry -------------------------------------------------------


@dataclass
class _Counts:
    bad_dates: int = 0
    bad_links: int = 0
    failed: int = 0


def _parsed(raw: RawFeed, parser: str, base_url: str) -> ParsedFeed:
    counts = _Counts(failed=raw.failed)
    try:
        base = _http_url(raw.link or "", base_url) or base_url
    except ValueError:
        base = base_url
    parsed = ParsedFeed(title=_title(raw.title), entries=[], parser=parser)
    # Each date as written, read once for the feed: a third of a feed's dates repeat another.
    dates: dict[str | None, tuple[dt.datetime | None, bool]] = {}
    for entry in raw.entries:
        try:
            parsed.entries.append(_entry(entry, base, counts, dates))
        except Exception:  # one entry's oddity is that entry's loss, counted
            counts.failed += 1
    if counts.failed:
        parsed.warnings.append(f"{counts.failed} entries that cannot be read; left out")
    if counts.bad_dates:
        parsed.warnings.append(f"{counts.bad_dates} entries with a date that cannot be read")
    if counts.bad_links:
        parsed.warnings.append(
            f"{counts.bad_links} entries with a link that is not a web address; kept without it"
        )
    return parsed


def _entry(
    raw: RawEntry,
    base: str,
    counts: _Counts,
    dates: dict[str | None, tuple[dt.datetime | None, bool]],
) -> FeedEntry:
    known = dates.get(raw.published)
    if known is None:
        known = dates[raw.published] = _date(raw.published)
    published, readable = known
    if published is None:  # no publication date, or none that can be read: the last update
        published, readable_update = _date(raw.updated)
        readable = (readable or published is not None) and readable_update
    if not readable:
        counts.bad_dates += 1
    if raw.base:
        base = urljoin(base, raw.base)
    summary = ""
    if raw.content:
        summary = html_to_text(raw.content, SUMMARY_LIMIT, xml_characters=raw.xml_characters)
    if not summary and raw.summary:
        summary = html_to_text(raw.summary, SUMMARY_LIMIT, xml_characters=raw.xml_characters)
    # A field the feed leaves out (a third of links, most images) is not looked at.
    link = image = None
    if raw.link:
        try:
            link = _http_url(raw.link, base)
        except ValueError:
            counts.bad_links += 1
    if raw.image:
        try:
            image = _http_url(raw.image, base)
        except ValueError:
            image = None
    categories = (
        tuple(dict.fromkeys([t for c in raw.categories if (t := _field_text(c))]))
        if raw.categories
        else ()
    )
    # Only ever a key for a stable id: hashed, so nothing of it reaches an output.
    key = stable_id(raw.id) if raw.id else None
    # By position, in the order of the fields: by keyword the call costs half as much again.
    return FeedEntry(
        _title(raw.title),
        summary,
        link,
        published,
        (_field_text(raw.author) or None) if raw.author else None,
        categories,
        image,
        key,
    )


def _title(markup: str) -> str:
    """A one-line text: a title, an author, a category."""
    if "<" not in markup:  # no tag, no tree: references decoded as html_to_text decodes them
        return " ".join((html.unescape(markup) if "&" in markup else markup).split())
    return " ".join(html_to_text(markup).split())


def _field_text(value: str | None) -> str:
    """A field meant as plain text (author, category) that may hold markup all the same."""
    if not value:
        return ""
    # Most hold no reference and no tag, so cannot be HTML: the test is not needed.
    if ("&" not in value and "<" not in value) or not looks_like_html(value):
        return " ".join(value.split())
    return _title(value)


def _http_url(link: str, base: str) -> str | None:
    """An absolute http(s) address, tracking parameters off; ValueError if it is malformed."""
    link = link.strip()
    if not link:
        return None
    if not _PLAIN_URL.fullmatch(link):  # most links: absolute, a plain host, nothing to check
        absolute = urljoin(base, link) if base else link
        parts = urlsplit(absolute)
        if parts.scheme not in ("http", "https"):
            return None
        parts.port  # noqa: B018  (raises ValueError on a port that is not a number)
        link = absolute
    return without_tracking(link) if "?" in link else link


# The characters str.isspace and a pattern's \s take for white space, written out: in a class of
# characters sre looks each one up in a single table, where \s is a test of its own per character
# (a link's path, 72 characters on average, read in a third less time).
_WHITE_SPACE = "\t-\r\x1c- \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_PLAIN_URL = re.compile(rf"https?://[A-Za-z0-9.-]+(?:[/?#][^{_WHITE_SPACE}\[\]\\]*)?")
# The way most feeds write a date (RFC 822), read without email.utils' generality.
_RFC822 = re.compile(
    r"(?:[A-Za-z]{3},?\s+)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?"
    r"\s*(?:([+-])(\d{2})(\d{2})|GMT|UTC|UT|Z)?"
)
_MONTHS = {
    m: n
    for n, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_FOUR_DIGIT_YEAR = re.compile(r"(?<![\d:])\d{4}(?![\d:])")
# The shape nearly every RFC 822 date of a feed has ("Mon, 17 Nov 2025 14:03:22 GMT", or an
# offset "+0100"), in ASCII digits: one of the shapes _RFC822 reads, and read the same.
_USUAL_RFC822 = re.compile(
    r"[A-Za-z]{3}, ([0-9]{2}) ([A-Za-z]{3}) ([0-9]{4}) ([0-9]{2}:[0-9]{2}:[0-9]{2})"
    r" (GMT|[+-][0-9]{4})"
)
_MONTH_DIGITS = {name: f"{number:02d}" for name, number in _MONTHS.items()}


def _date(raw: str | None) -> tuple[dt.datetime | None, bool]:
    """A date, timezone-aware; and whether a date given could be read. A date missing its
    year is not read: the current year would be a guess."""
    text = raw.strip() if raw else ""
    if not text:
        return None, True
    if len(text) > 100:  # no way of writing a date takes this long; the readers need not try
        return None, False
    value: dt.datetime | None = _rfc822(text)
    if value is not None:
        return value, True
    try:
        value = dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        from email.utils import parsedate_tz

        parts = parsedate_tz(text)
        if parts is not None:
            # parsedate_tz takes any year under 100 for two digits: "0001" is not 2001.
            year = _FOUR_DIGIT_YEAR.search(text)
            written = int(year.group(0)) if year else parts[0]
            try:
                offset = dt.timezone(dt.timedelta(seconds=parts[9] or 0))
                value = dt.datetime(written, *parts[1:6], tzinfo=offset)
            except (ValueError, OverflowError):
                value = None
    if value is None:
        value = _other_formats(text)
    if value is None:
        return None, False
    try:
        return (value if value.tzinfo else value.replace(tzinfo=dt.UTC)).astimezone(dt.UTC), True
    except (OverflowError, ValueError):  # "0001-01-01T00:00:00+02:00" is before year 1 in UTC
        return None, False


def _rfc822(text: str) -> dt.datetime | None:
    usual = _USUAL_RFC822.fullmatch(text)
    if usual is None:
        return _any_rfc822(text)
    day, name, year, clock, zone = usual.groups()
    month = _MONTH_DIGITS.get(name.lower())
    if month is None:
        return None
    try:
        # Its parts rearranged as ISO 8601 are read in C in one call: a third of what
        # converting each with int() and making the datetime of them costs.
        value = dt.datetime.fromisoformat(f"{year}-{month}-{day}T{clock}+00:00")
        if zone == "GMT" or zone[1:] == "0000":
            return value
        offset = dt.timedelta(0, 3600 * int(zone[1:3]) + 60 * int(zone[3:]))
        return value - offset if zone[0] == "+" else value + offset
    except (ValueError, OverflowError):  # as _any_rfc822 refuses it: a day 31 in November
        return None


def _any_rfc822(text: str) -> dt.datetime | None:
    match = _RFC822.fullmatch(text)
    if match is None:
        return None
    day, name, year, hour, minute, second, sign, zone_hours, zone_minutes = match.groups()
    month = _MONTHS.get(name.lower())
    if month is None:
        return None
    try:
        # Arguments by position: read by keyword, they cost a datetime as much again.
        value = dt.datetime(
            int(year), month, int(day), int(hour), int(minute), int(second or 0), 0, dt.UTC
        )
        if sign is None or zone_hours == zone_minutes == "00":  # GMT, UTC, Z, +0000, none
            return value
        offset = dt.timedelta(0, 3600 * int(zone_hours) + 60 * int(zone_minutes))
        return value - offset if sign == "+" else value + offset
    except (ValueError, OverflowError):
        return None


def _other_formats(text: str) -> dt.datetime | None:
    """feedparser's readers of the many other ways feeds write dates (none adds a year)."""
    from feedparser.datetimes import _parse_date

    try:
        parsed = _parse_date(text)
    except Exception:  # its readers are many and not all careful: no date, not a crash
        return None
    if not isinstance(parsed, time.struct_time):
        return None
    try:
        return dt.datetime(*parsed[:6], tzinfo=dt.UTC)
    except ValueError:
        return None
