"""Reading RSS 0.9x/1.0/2.0, Atom, RDF and JSON Feed: fast when sound, forgiving when not.

fastfeedparser (lxml) reads a sound feed about a hundred times faster than feedparser; when
it refuses a feed or finds nothing in it, feedparser, which reads almost anything, gets a
turn. Every text that reaches an item has been through the nh3 allow-list sanitiser first.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from letterpress.dedupe import without_tracking
from letterpress.models import stable_id

_SUBSET_END = re.compile(rb"\]\s*>")
_BLOCK_TAG = re.compile(r"</?(?:p|br|li|blockquote|h[1-4]|ul|ol)\b[^>]*>")
_ANY_TAG = re.compile(r"<[^>]*>")
_SELF_CLOSED = re.compile(r"<([A-Za-z][\w:-]*)(\s[^<>]*?)?\s*/>")
_VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "wbr",
}
# Elements whose content is code or another document, never the entry's text.
_DROPPED_WITH_CONTENT = {
    "script", "style", "iframe", "noscript", "noembed", "noframes", "object", "template",
    "textarea", "title", "xmp", "svg", "math",
}  # fmt: skip
_HTML_PAGE = re.compile(
    rb"\A(\xef\xbb\xbf)?\s*(<!--.*?-->\s*)*<(!doctype\s+html|html[\s>])", re.S | re.I
)
_ALLOWED_TAGS = {
    "p",
    "br",
    "a",
    "em",
    "strong",
    "b",
    "i",
    "ul",
    "ol",
    "li",
    "blockquote",
    "h1",
    "h2",
    "h3",
    "h4",
}
SUMMARY_LIMIT = 600
# Summaries are cut to SUMMARY_LIMIT characters of text; sanitising a whole article first
# would be work thrown away, and HTML is rarely more than four times its text.
HTML_LIMIT = 4 * SUMMARY_LIMIT


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


@dataclass
class ParsedFeed:
    title: str
    entries: list[FeedEntry]
    parser: str
    warnings: list[str] = field(default_factory=list)


def parse_feed(body: bytes, base_url: str) -> ParsedFeed:
    """The entries of a feed, with links made absolute and every text sanitised."""
    if _HTML_PAGE.match(body[:2048]):
        raise FeedError("an HTML page, not a feed")
    body = strip_doctype(body)
    raw, parser = _parse_fast(body)
    if raw is None:
        raw, parser = _parse_forgiving(body)
    feed_info = raw.get("feed") or {}
    base = _http_url(str(feed_info.get("link") or ""), base_url) or base_url
    parsed = ParsedFeed(title=_text(feed_info.get("title")), entries=[], parser=parser)
    bad_dates = 0
    for entry in raw.get("entries") or []:
        published, date_ok = _date(entry)
        bad_dates += not date_ok
        summary_html = _entry_html(entry)
        parsed.entries.append(
            FeedEntry(
                title=_text(entry.get("title")),
                summary=_shorten(_text(summary_html)),
                link=_http_url(str(entry.get("link") or ""), base),
                published=published,
                author=_plain(entry.get("author")) or None,
                categories=tuple(_categories(entry)),
                image=_image(entry, base),
                # Only ever a key for a stable id: hashed, so nothing of it reaches an output.
                id=stable_id(str(entry["id"])) if entry.get("id") else None,
            )
        )
    dated = sum(e.published is not None for e in parsed.entries)
    if parser == "fastfeedparser" and dated < len(parsed.entries):
        # It leaves out a date it cannot read without a word: count the entries that had one.
        bad_dates = max(0, _entries_with_a_date_tag(body) - dated)
    if bad_dates:
        parsed.warnings.append(f"{bad_dates} entries with a date that cannot be read")
    if not parsed.entries and not parsed.title:
        raise FeedError("no feed title and no entries: not a feed")
    return parsed


_ENTRY_BLOCK = re.compile(rb"<(item|entry)\b.*?</\1>", re.S)
_DATE_TAG = re.compile(rb"<(?:pubDate|published|updated|dc:date)\b[^>]*>\s*[^<\s]")


def _entries_with_a_date_tag(body: bytes) -> int:
    return sum(bool(_DATE_TAG.search(m.group(0))) for m in _ENTRY_BLOCK.finditer(body))


def strip_doctype(body: bytes) -> bytes:
    """The body without its DOCTYPE: its internal subset is where entity bombs and external
    entities live, and a feed has no honest use for one. Linear in the body's size."""
    start = body[:4096].upper().find(b"<!DOCTYPE")
    if start < 0:
        return body
    close = body.find(b">", start)
    bracket = body.find(b"[", start, close if close >= 0 else None)
    if bracket >= 0:
        end = _SUBSET_END.search(body, bracket)
        return body[:start] + (body[end.end() :] if end else b"")
    return body[:start] + (body[close + 1 :] if close >= 0 else b"")


def _parse_fast(body: bytes) -> tuple[Mapping[str, Any] | None, str]:
    import fastfeedparser

    try:
        result = fastfeedparser.parse(body)  # bytes, never a URL: it would fetch a URL itself
    except Exception:
        return None, ""
    if not result.get("entries") and any(tag in body for tag in (b"<item", b"<entry", b'"items"')):
        return None, ""  # it read the feed's head but lost its entries: let feedparser try
    return result, "fastfeedparser"


def _parse_forgiving(body: bytes) -> tuple[Mapping[str, Any], str]:
    import feedparser

    result = feedparser.parse(body, sanitize_html=False, resolve_relative_uris=False)
    if not result.get("entries") and not (result.get("feed") or {}).get("title"):
        cause = result.get("bozo_exception")
        raise FeedError(f"not a feed ({cause})" if cause else "not a feed")
    return result, "feedparser"


def _entry_html(entry: Mapping[str, Any]) -> str:
    # The content's HTML first: fastfeedparser's description may be text it made from that
    # HTML, with a script's body left in as words.
    content = entry.get("content")
    if isinstance(content, list) and content:
        first = content[0]
        value = first.get("value", "") if isinstance(first, Mapping) else first
        if value:
            return str(value)
    for key in ("summary", "description"):
        if entry.get(key):
            return str(entry[key])
    return str(content or "")


def sanitise(html: str) -> str:
    """Feed HTML through the allow-list: no script, style, handler, iframe, form or bad URL."""
    import nh3

    # XHTML content arrives with <iframe/>-style empty elements; an HTML parser takes the
    # slash for nothing and reads the rest of the entry as the iframe's raw text.
    if "/>" in html:
        html = _SELF_CLOSED.sub(_open_and_close, html)
    return str(
        nh3.clean(
            html,
            tags=_ALLOWED_TAGS,
            clean_content_tags=_DROPPED_WITH_CONTENT,
            attributes={"a": {"href"}},
            url_schemes={"http", "https", "mailto"},
            link_rel="noopener noreferrer",
        )
    )


def _open_and_close(match: re.Match[str]) -> str:
    """<iframe src=x/> as <iframe src=x></iframe>; void elements such as <br/> stay as they are."""
    name, attributes = match.group(1), match.group(2) or ""
    return match.group(0) if name.lower() in _VOID else f"<{name}{attributes}></{name}>"


def _text(value: Any) -> str:
    """Plain text of a feed field: sanitised, tags removed, entities decoded, spaces squashed."""
    if value is None:
        return ""
    if isinstance(value, Mapping):
        value = value.get("value") or value.get("name") or ""
    value = str(value)
    if "<" not in value and "&" not in value:
        # No tag and no entity that could become one: most titles. nh3 would change nothing.
        return " ".join(value.split())
    # What nh3 returns is well-formed, with only the allowed tags: a regex may take them off.
    clean = _BLOCK_TAG.sub("\n\n", sanitise(value[:HTML_LIMIT]))
    text = html.unescape(_ANY_TAG.sub("", clean))
    paragraphs = [" ".join(p.split()) for p in text.split("\n\n")]
    return "\n\n".join(p for p in paragraphs if p)


def _plain(value: Any) -> str:
    """A field that should hold plain text but may arrive escaped (feedparser escapes some)."""
    return _text(html.unescape(str(value))) if value is not None else ""


def _shorten(text: str) -> str:
    if len(text) <= SUMMARY_LIMIT:
        return text
    cut = text[:SUMMARY_LIMIT]
    end = max(cut.rfind(". "), cut.rfind("\n\n"))
    return cut[: end + 1].strip() if end > SUMMARY_LIMIT // 2 else cut.rsplit(" ", 1)[0] + "…"


def _http_url(link: str, base: str) -> str | None:
    link = link.strip()
    if not link:
        return None
    absolute = urljoin(base, link) if base else link
    if urlsplit(absolute).scheme not in ("http", "https"):
        return None
    return without_tracking(absolute)


def _date(entry: Mapping[str, Any]) -> tuple[dt.datetime | None, bool]:
    """The entry's date, timezone-aware; and whether a date it had could be read."""
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if isinstance(parsed, time.struct_time):
            return dt.datetime(*parsed[:6], tzinfo=dt.UTC), True
    raw = entry.get("published") or entry.get("updated")
    if not raw:
        return None, True
    try:
        value = dt.datetime.fromisoformat(str(raw).replace("Z", "+00:00"))
    except ValueError:
        from email.utils import parsedate_to_datetime

        try:
            value = parsedate_to_datetime(str(raw))
        except (TypeError, ValueError, IndexError):
            return None, False
    return (value if value.tzinfo else value.replace(tzinfo=dt.UTC)), True


def _categories(entry: Mapping[str, Any]) -> list[str]:
    found = []
    for tag in entry.get("tags") or []:
        term = tag.get("term") if isinstance(tag, Mapping) else tag
        text = _plain(term) if term else ""
        if text:
            found.append(text)
    return list(dict.fromkeys(found))


def _image(entry: Mapping[str, Any], base: str) -> str | None:
    for key in ("media_thumbnail", "media_content"):
        for media in entry.get(key) or []:
            if isinstance(media, Mapping) and media.get("url"):
                return _http_url(str(media["url"]), base)
    for enclosure in entry.get("enclosures") or entry.get("links") or []:
        if (
            isinstance(enclosure, Mapping)
            and str(enclosure.get("type", "")).startswith("image/")
            and (enclosure.get("href") or enclosure.get("url"))
        ):
            return _http_url(str(enclosure.get("href") or enclosure.get("url")), base)
    return None
