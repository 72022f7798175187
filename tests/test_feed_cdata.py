"""Large CDATA sections are read apart from the tree (feed_cdata): what a feed gives is the
same as when its text is written escaped, which libxml2 reads itself; well-formed or not
alike."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from letterpress import feed_cdata, feed_xml
from letterpress.feed_cdata import LIFT_AT, NONE
from letterpress.feed_xml import Document, NotWellFormed, RawFeed, parse_strict, read_tree
from letterpress.feeds import parse_feed

BASE = "https://example.org/feed.xml"
FILLER = b"<p>The strike went on &amp; on.</p>\n" * (LIFT_AT // 30 + 1)
# Pieces of section content, among them every kind libxml2 refuses or rewrites.
PIECES = st.sampled_from(
    [
        b"<p>text</p>", b"&amp; &nbsp;", b"\xc3\xa9", b"\r\n", b"\r", b"\n", b"\t", b"]]",
        b"]", b"-->", b"<!--", b"<?", b"?>", b"<![CDATA[", b"\x01", b"\x0c", b"\x7f",
        b"\xef\xbf\xbe", b"\xef\xbf\xbf", b"\xef\xb7\x90", b"\xef\xb7\x91", b"\xed\xa0\x80",
        b"\xc0\xaf", b"\xff", b"\xf0\x9f\x98\x80", b"\xc2\x85", b"xmlns=\"x\"",
    ]
)  # fmt: skip


def _read(body: bytes) -> RawFeed | None:
    try:
        return read_tree(parse_strict(body))
    except NotWellFormed:
        return None


def _feed(description: bytes, content: bytes) -> bytes:
    return (
        b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        b'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>T</title>'
        b"<item><title>One</title><link>https://example.org/1</link>"
        b"<description>" + description + b"</description>"
        b"<content:encoded>" + content + b"</content:encoded></item></channel></rss>"
    )


def _escaped(content: bytes) -> bytes:
    return content.replace(b"&", b"&amp;").replace(b"<", b"&lt;").replace(b">", b"&gt;")


@st.composite
def sections(draw: st.DrawFn) -> tuple[bytes, bytes]:
    """One field's content as a large CDATA section, and the same written escaped; inside
    an element or not, with text around it or not."""
    content = b"".join(draw(st.lists(PIECES, max_size=6))) + FILLER
    content += b"".join(draw(st.lists(PIECES, max_size=6)))
    before, after = draw(st.sampled_from([(b"", b""), (b" lead ", b" tail"), (b"\n", b"\r\n")]))
    wrap = draw(st.sampled_from([(b"", b""), (b"<p>", b"</p>"), (b"<b>x</b>", b"<i>y</i>")]))
    as_cdata = wrap[0] + before + b"<![CDATA[" + content + b"]]>" + after + wrap[1]
    return as_cdata, wrap[0] + before + _escaped(content) + after + wrap[1]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sections(), sections())
def test_a_large_section_reads_as_its_text_written_escaped(
    description: tuple[bytes, bytes], content: tuple[bytes, bytes]
) -> None:
    as_cdata = _read(_feed(description[0], content[0]))
    as_text = _read(_feed(description[1], content[1]))
    assert as_cdata == as_text


def test_an_article_in_cdata_gives_its_summary_and_the_rest_of_the_entry() -> None:
    article = b"<p>Workers at the depot walked out on Monday.</p>" + FILLER
    feed = parse_feed(_feed(b"<![CDATA[Short.]]>", b"<![CDATA[" + article + b"]]>"), BASE)
    entry = feed.entries[0]
    assert entry.title == "One"
    assert entry.link == "https://example.org/1"
    assert entry.summary.startswith("Workers at the depot walked out on Monday.\n\nThe strike")


def test_cdata_opened_inside_a_comment_is_the_comment_s_text() -> None:
    # The comment ends at "-->": the section after the bold word is the description's text.
    description = b"<!-- old: <![CDATA[ --><b>Bold</b><![CDATA[" + FILLER + b"]]> and -->the end"
    entry = read_tree(parse_strict(_feed(description, b""))).entries[0]
    assert entry.summary.startswith("<b>Bold</b>&lt;p&gt;The strike went on &amp;amp; on.")
    assert entry.summary.endswith("&lt;/p&gt;\n and --&gt;the end")


def test_cdata_opened_inside_a_processing_instruction_is_its_text() -> None:
    description = b"<?note <![CDATA[ ?><b>Bold</b><![CDATA[" + FILLER + b"]]>"
    entry = read_tree(parse_strict(_feed(description, b""))).entries[0]
    assert entry.summary.startswith("<b>Bold</b>&lt;p&gt;The strike")


def test_the_publisher_s_own_noncharacters_stay_as_written() -> None:
    # What a marker looks like, written by the publisher beside a real section.
    forged = "\ufdd00123456789abcdef0\ufdd1 \ufdd0 \ufdd1".encode()
    content = b"<![CDATA[" + FILLER + b"]]>" + forged + b"<![CDATA[" + forged + FILLER + b"]]>"
    entry = read_tree(parse_strict(_feed(b"", content))).entries[0]
    expected = FILLER + forged + forged + FILLER
    assert entry.content == expected.decode()


def test_a_control_character_in_a_section_of_any_length_is_refused_as_libxml2_refuses_it() -> None:
    # A short section is checked by one translation, a long one by a search for each
    # control: both take out only what libxml2 would accept, wherever the control is.
    for size in (LIFT_AT, 5 * LIFT_AT, 40 * LIFT_AT):
        filler = FILLER * (size // len(FILLER) + 1)
        for control in range(0x20):
            for content in (bytes([control]) + filler, filler + bytes([control]) + b"x"):
                as_cdata = _read(_feed(b"", b"<![CDATA[" + content + b"]]>"))
                assert as_cdata == _read(_feed(b"", _escaped(content)))
                assert (as_cdata is None) == (control not in b"\t\n\r")


def test_a_feed_broken_after_a_section_is_refused_with_lxml_s_own_words() -> None:
    body = _feed(b"<![CDATA[" + FILLER + b"]]>", b"</oops>")
    line = FILLER.count(b"\n") + 1
    try:
        parse_strict(body)
    except NotWellFormed as error:
        # Where the error is counts from the bytes as written, the section's lines too.
        assert f"line {line}," in str(error)
    else:
        raise AssertionError("a mismatched end tag parsed")


def test_a_text_longer_than_libxml2_allows_is_refused_as_before() -> None:
    # Two sections of 6 MB make one text node of 12 MB: past libxml2's limit of 10 MB,
    # however it is written.
    half = b"<![CDATA[" + FILLER * (6_000_000 // len(FILLER)) + b"]]>"
    try:
        parse_strict(_feed(b"", half + half))
    except NotWellFormed as error:
        assert "too long" in str(error) or "limit" in str(error)
    else:
        raise AssertionError("a 12 MB text node parsed")


def test_a_section_full_of_brackets_ends_where_it_ends() -> None:
    contents = (
        b"]" * 40 + FILLER, FILLER + b"a]b]]c]" * 20 + b"]]", b"]]" * 300 + b"]", FILLER + b"]",
        FILLER + b"]]]",
    )  # fmt: skip
    for content in contents:
        as_cdata = _read(_feed(b"", b"<![CDATA[" + content + b"]]>"))
        assert as_cdata is not None
        assert as_cdata == _read(_feed(b"", _escaped(content)))
        assert as_cdata.entries[0].content == content.decode()


def test_a_feed_declared_ascii_is_read_as_written() -> None:
    # feed_encoding leaves a feed that says US-ASCII as it is (UTF-8 reads ASCII the same);
    # libxml2 then refuses any byte past ASCII, a marker's too.
    body = _feed(b"<![CDATA[" + FILLER + b"]]>", b"").replace(
        b'encoding="utf-8"', b'encoding="US-ASCII"'
    )
    feed = parse_feed(body, BASE)
    assert feed.parser == "letterpress"
    assert feed.entries[0].summary.startswith("The strike went on & on.")
    assert _read(body) == _read(_feed(_escaped(FILLER), b""))


@settings(max_examples=300, deadline=None)
@given(
    st.integers(0, 40),
    st.lists(st.sampled_from([b"[", b"<![", b"<![CDATA", b"<![CDATA[", b"CDATA[", b"x", b"<"])),
)
def test_a_body_has_a_section_exactly_when_it_holds_an_opener(
    brackets: int, pieces: list[bytes]
) -> None:
    # Found by its brackets, however many come before it (or instead of it).
    body = b"[" * brackets + b"".join(pieces)
    assert feed_cdata._has_section(body) == (b"<![CDATA[" in body)


def test_what_looks_like_a_marker_in_a_feed_with_no_large_section_is_text() -> None:
    # No section taken out, so no key: the publisher's characters, not an entry lost.
    forged = "a \ufdd00\ufdd1 b"
    body = f"<rss><channel><title>T</title><item><title>{forged}</title></item></channel></rss>"
    feed = read_tree(parse_strict(body.encode()))
    assert (feed.failed, [entry.title for entry in feed.entries]) == (0, [forged])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["\n  ", "x", "\ufdd0", "\ufdd1", "0", "KEY", "\ufdd0KEY1\ufdd1"])))
def test_a_text_that_is_one_marker_is_restored_as_any_text_is(pieces: list[str]) -> None:
    # Looked up whole, or parsed: the same text either way.
    sections = feed_cdata.Sections("0123456789abcdef", ("first section", "second"))
    text = "".join(pieces).replace("KEY", sections.key)
    assert sections.restore(text) == sections._replaced(text, escape=False)


# What may come between and around sections: comments and instructions holding an opener,
# closed or not, and sections large and small.
MARKUP = st.sampled_from(
    [
        b"<!-- c <![CDATA[ -->", b"<?pi <![CDATA[ ?>", b"<!-- open", b"<?open", b"<!---->",
        b"<![CDATA[" + FILLER + b"]]>", b"<![CDATA[short]]>", b"<![CDATA[" + FILLER + b"<!--]]>",
        b"<![CDATA[<?" + FILLER + b"]]>", b"text", b"<b>x</b>", b"]]", b"-->", b"?>",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(MARKUP, max_size=8))
def test_sections_are_taken_out_where_libxml2_reads_them(pieces: list[bytes]) -> None:
    # Read with large sections taken out, or as libxml2 reads the bytes as written.
    body = _feed(b"".join(pieces), b"".join(reversed(pieces)))
    try:
        as_written = read_tree(Document(feed_xml._parse_from_memory(body), NONE))
    except NotWellFormed:
        as_written = None
    assert _read(body) == as_written
