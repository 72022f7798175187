"""Reading feeds: what each field becomes, in every format the rss source accepts."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import sys
from email.utils import format_datetime, parsedate_to_datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from letterpress import feeds
from letterpress.feed_encoding import as_utf8
from letterpress.feed_xml import NotWellFormed, parse_strict, read_tree
from letterpress.feeds import FeedEntry, FeedError, parse_feed

BASE = "https://news.example.org/feed.xml"

RSS = b"""<?xml version="1.0"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"
     xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>Union news</title><link>https://news.example.org/</link>
<item><title>Strike at the depot</title><link>/2024/strike?utm_source=x&amp;id=7</link>
<dc:creator>Anna Peeters</dc:creator><category>labour</category><category>transport</category>
<media:thumbnail url="/img/depot.jpg"/>
<pubDate>Sat, 15 Jun 2024 08:00:00 +0200</pubDate>
<description>&lt;p&gt;Day one.&lt;/p&gt;&lt;p&gt;Day two.&lt;/p&gt;</description></item>
<item><title>No date, bad date</title><link>https://news.example.org/b</link>
<pubDate>the fifteenth of Juneuary</pubDate><description>x</description></item>
</channel></rss>
"""


def test_rss_fields_become_absolute_clean_and_dated() -> None:
    feed = parse_feed(RSS, BASE)
    entry = feed.entries[0]
    assert feed.title == "Union news"
    assert entry.title == "Strike at the depot"
    assert entry.link == "https://news.example.org/2024/strike?id=7"
    assert entry.summary == "Day one.\n\nDay two."
    assert entry.author == "Anna Peeters"
    assert entry.categories == ("labour", "transport")
    assert entry.image == "https://news.example.org/img/depot.jpg"
    assert entry.published == dt.datetime(2024, 6, 15, 6, 0, tzinfo=dt.UTC)


def test_a_broken_date_is_a_warning_and_the_entry_stays() -> None:
    feed = parse_feed(RSS, BASE)
    assert feed.entries[1].published is None
    assert feed.warnings == ["1 entries with a date that cannot be read"]


def test_atom_and_rdf_are_read() -> None:
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>urn:a</id>
    <updated>2024-06-15T10:00:00Z</updated><entry><title>Nurses vote</title><id>urn:a:1</id>
    <link href="https://a.example/1"/><updated>2024-06-15T10:00:00+02:00</updated>
    <summary>They voted.</summary></entry></feed>"""
    rdf = b"""<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    xmlns="http://purl.org/rss/1.0/"><channel rdf:about="https://r.example/"><title>R</title>
    <link>https://r.example/</link></channel><item rdf:about="https://r.example/1">
    <title>Dockers refuse</title><link>https://r.example/1</link>
    <description>They refused.</description></item></rdf:RDF>"""
    assert parse_feed(atom, BASE).entries[0].published == dt.datetime(2024, 6, 15, 8, tzinfo=dt.UTC)
    assert parse_feed(rdf, BASE).entries[0].title == "Dockers refuse"


def test_json_feed_is_read() -> None:
    body = json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "Clinic news",
            "home_page_url": "https://clinic.example/",
            "items": [
                {
                    "id": "1",
                    "url": "https://clinic.example/open",
                    "title": "The clinic opens on Sundays",
                    "content_html": "<p>From June on.</p><script>alert(1)</script>",
                    "date_published": "2024-06-14T09:00:00+02:00",
                }
            ],
        }
    ).encode()
    (entry,) = parse_feed(body, BASE).entries
    assert entry.title == "The clinic opens on Sundays"
    assert entry.summary == "From June on."
    assert entry.link == "https://clinic.example/open"
    assert entry.published == dt.datetime(2024, 6, 14, 7, tzinfo=dt.UTC)


def test_a_feed_that_is_not_well_formed_xml_is_read_by_feedparser() -> None:
    broken = RSS.replace(b"<title>Union news</title>", b"<title>Union news</bogus></title>")
    feed = parse_feed(broken, BASE)
    assert feed.parser == "feedparser"
    assert [e.title for e in feed.entries][:1] == ["Strike at the depot"]


@pytest.mark.parametrize(
    ("body", "cause"),
    [
        (b"<!DOCTYPE html><html><body>Welcome</body></html>", "an HTML page"),
        (b"just some words", "not a feed"),
        (b"", "not a feed"),
    ],
)
def test_what_is_not_a_feed_says_what_it_is(body: bytes, cause: str) -> None:
    with pytest.raises(FeedError, match=cause):
        parse_feed(body, BASE)


# What the publisher wrote is what the reader gets -----------------------------------------


def _rss(
    items: str, head: str = "", declaration: str = '<?xml version="1.0" encoding="utf-8"?>'
) -> bytes:
    return (
        f"{declaration}\n"
        '<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>Union news</title><link>https://news.example.org/</link>{head}{items}"
        "</channel></rss>"
    ).encode()


def test_an_html_entity_in_a_title_keeps_the_title_and_the_summaries_whole() -> None:
    # &colon; is HTML's, not XML's: a recovering XML parser cut the title at it and read
    # the rest of the feed as tag soup.
    items = (
        "<item><title>Re&colon; Double-entry accounting at scale</title>"
        "<link>https://news.example.org/a</link><description>&lt;p&gt;&lt;img src="
        '"https://news.example.org/i.png" alt="only" /&gt;&lt;/p&gt;&lt;p&gt;I have kept '
        "books for years.&lt;/p&gt;</description></item>"
        "<item><title>Second</title><link>https://news.example.org/b</link>"
        "<description>&lt;p&gt;To support the strike fund, give.&lt;/p&gt;</description></item>"
    )
    feed = parse_feed(_rss(items), BASE)
    assert [e.title for e in feed.entries] == ["Re: Double-entry accounting at scale", "Second"]
    assert [e.summary for e in feed.entries] == [
        "I have kept books for years.",
        "To support the strike fund, give.",
    ]


def test_a_bare_ampersand_stays_in_titles_and_links() -> None:
    items = (
        "<item><title>Record, replay & measure</title>"
        "<link>https://news.example.org/?a=1&b=2&c</link><description>x</description></item>"
    )
    (entry,) = parse_feed(_rss(items), BASE).entries
    assert entry.title == "Record, replay & measure"
    assert entry.link == "https://news.example.org/?a=1&b=2&c"


def test_a_title_that_only_looks_like_markup_stays_text() -> None:
    items = "<item><title>#include &lt;/etc/shadow&gt; considered</title><description>x</description></item>"
    (entry,) = parse_feed(_rss(items), BASE).entries
    assert entry.title == "#include </etc/shadow> considered"


def test_youtube_media_group_gives_summary_and_thumbnail() -> None:
    body = b"""<?xml version="1.0" encoding="UTF-8"?>
    <feed xmlns:yt="http://www.youtube.com/xml/schemas/2015" xmlns:media="http://search.yahoo.com/mrss/"
          xmlns="http://www.w3.org/2005/Atom"><title>Channel</title>
    <entry><id>yt:video:abc</id><title>Picket line live</title>
    <link rel="alternate" href="https://www.youtube.com/watch?v=abc"/>
    <published>2024-06-15T10:00:00+00:00</published>
    <media:group><media:title>Picket line live</media:title>
    <media:thumbnail url="https://i.ytimg.com/vi/abc/hqdefault.jpg" width="480" height="360"/>
    <media:description>Workers at the depot speak.
    Second line of the description.</media:description></media:group></entry></feed>"""
    (entry,) = parse_feed(body, BASE).entries
    assert entry.summary == "Workers at the depot speak. Second line of the description."
    assert entry.image == "https://i.ytimg.com/vi/abc/hqdefault.jpg"
    assert entry.link == "https://www.youtube.com/watch?v=abc"


def test_unescaped_html_in_a_description_is_read_as_html() -> None:
    items = (
        "<item><title>A</title><description><p>Example</p></description></item>"
        "<item><title>B</title><description>Lead <b>bold</b> tail</description></item>"
    )
    feed = parse_feed(_rss(items), BASE)
    assert [e.summary for e in feed.entries] == ["Example", "Lead bold tail"]


def test_an_empty_atom_content_gives_the_summary_never_a_python_repr() -> None:
    body = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
    <entry><title>One</title><id>urn:1</id><content type="html"></content></entry>
    <entry><title>Two</title><id>urn:2</id><content type="html"></content>
    <summary>The summary.</summary></entry></feed>"""
    feed = parse_feed(body, BASE)
    assert [e.summary for e in feed.entries] == ["", "The summary."]


def test_atom_ids_that_are_urls_are_links_and_xhtml_titles_are_read() -> None:
    body = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
    <entry><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Nurses <b>win</b></div></title>
    <id>https://a.example/2024/nurses</id><updated>2024-06-15T10:00:00Z</updated></entry>
    <entry><title>Urn</title><id>urn:uuid:1</id></entry></feed>"""
    first, second = parse_feed(body, BASE).entries
    assert first.title == "Nurses win"
    assert first.link == "https://a.example/2024/nurses"
    assert second.link is None


def test_atom_03_link_text_and_base64_content() -> None:
    import base64

    encoded = base64.b64encode(b"<p>Dockers refuse to load the ship.</p>").decode()
    body = f"""<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Old</title>
    <entry><title>Dockers</title><link>https://old.example/dockers</link>
    <issued>2004-06-15T10:00:00Z</issued>
    <content type="text/html" mode="base64">{encoded}</content></entry></feed>""".encode()
    (entry,) = parse_feed(body, BASE).entries
    assert entry.link == "https://old.example/dockers"
    assert entry.summary == "Dockers refuse to load the ship."
    assert entry.published == dt.datetime(2004, 6, 15, 10, tzinfo=dt.UTC)


def test_a_cdata_section_holding_doctype_is_not_taken_for_one() -> None:
    items = (
        "<item><title>Markup</title><description><![CDATA[ <!DOCTYPE ]]></description></item>"
        "<item><title>Next</title><description>x</description></item>"
    )
    feed = parse_feed(_rss(items), BASE)
    assert [e.title for e in feed.entries] == ["Markup", "Next"]


def test_windows_1252_declared_as_latin_1_keeps_its_quotes() -> None:
    items = "<item><title>Don\x92t stop \x96 ever</title><description>x</description></item>"
    body = _rss(items, declaration='<?xml version="1.0" encoding="ISO-8859-1"?>')
    body = body.decode("utf-8").encode("latin-1")
    (entry,) = parse_feed(body, BASE).entries
    assert entry.title == "Don’t stop – ever"


def test_an_undeclared_encoding_is_detected() -> None:
    title = "Grève générale à la fédération des cheminots: réunion décisive"
    items = f"<item><title>{title}</title><description>Les délégués élus décideront à l'assemblée générale.</description></item>"
    body = _rss(items, declaration="").replace(b"<title>Union news", b"<title>Nouvelles")
    (entry,) = parse_feed(body.decode("utf-8").encode("cp1252"), BASE).entries
    assert entry.title == title


def test_a_feed_that_says_utf8_and_is_not_is_read_in_the_encoding_it_is_in() -> None:
    # Taken at its word first, refused by the strict parser, then read as what it is.
    title = "Grève générale à la fédération des cheminots: réunion décisive"
    items = f"<item><title>{title}</title><description>Les délégués élus décideront à l'assemblée générale.</description></item>"
    body = _rss(items, declaration='<?xml version="1.0" encoding="utf-8"?>')
    (entry,) = parse_feed(body.decode("utf-8").encode("cp1252"), BASE).entries
    assert entry.title == title
    broken = body.replace(b"cisive</title>", b"cisive &colon; ok</title>")  # nor well-formed
    (entry,) = parse_feed(broken.decode("utf-8").encode("cp1252"), BASE).entries
    assert entry.title == f"{title} : ok"


def test_the_http_charset_is_the_one_that_counts() -> None:
    items = "<item><title>Stra\u00dfe</title><description>x</description></item>"
    body = _rss(items, declaration='<?xml version="1.0" encoding="utf-8"?>')
    latin = body.decode("utf-8").encode("latin-1")
    assert parse_feed(latin, BASE, charset="iso-8859-1").entries[0].title == "Stra\u00dfe"


def test_a_date_with_no_year_is_not_given_one() -> None:
    items = (
        "<item><title>A</title><pubDate>Mon, 15 Jun 08:00:00 GMT</pubDate><description>x</description></item>"
        "<item><title>B</title><pubDate>Mon, 01 Jan 0001 00:00:00 +0000</pubDate><description>x</description></item>"
    )
    feed = parse_feed(_rss(items), BASE)
    assert feed.entries[0].published is None
    assert feed.entries[1].published == dt.datetime(1, 1, 1, tzinfo=dt.UTC)
    assert feed.warnings == ["1 entries with a date that cannot be read"]


def test_one_bad_link_is_a_counted_warning_and_the_rest_stays() -> None:
    items = (
        "<item><title>Broken</title><link>http://[oops/</link><description>x</description></item>"
        "<item><title>Fine</title><link>https://news.example.org/fine</link><description>y</description></item>"
    )
    feed = parse_feed(_rss(items), BASE)
    assert [(e.title, e.link) for e in feed.entries] == [
        ("Broken", None),
        ("Fine", "https://news.example.org/fine"),
    ]
    assert feed.warnings == ["1 entries with a link that is not a web address; kept without it"]


def test_a_broken_item_is_read_by_feedparser_and_its_neighbours_strictly() -> None:
    items = (
        "<item><title>Good one</title><link>https://news.example.org/1</link><description>a</description></item>"
        "<item><title>Broken <b>unclosed</title><link>https://news.example.org/2</link><description>b</description></item>"
        "<item><title>Good two</title><link>https://news.example.org/3</link><description>c</description></item>"
    )
    feed = parse_feed(_rss(items), BASE)
    assert feed.parser == "letterpress+feedparser"
    assert [e.link for e in feed.entries] == [f"https://news.example.org/{n}" for n in (1, 2, 3)]
    assert feed.entries[0].title == "Good one" and feed.entries[2].title == "Good two"


def test_content_a_server_appends_after_the_feed_is_ignored() -> None:
    body = _rss("<item><title>A</title><description>x</description></item>")
    body += b'\n<script src="/cdn-cgi/email-decode.min.js"></script>'
    feed = parse_feed(body, BASE)
    assert feed.parser == "letterpress"
    assert [e.title for e in feed.entries] == ["A"]


# Pieces of a feed's items, some well-formed and some not, some holding what escaping would
# rewrite were it applied where it must not be (a processing instruction, a comment).
_ITEM_PIECES = st.sampled_from(
    [
        "<item><title>A &amp; B</title><link>https://news.example.org/1</link></item>",
        "<item><title>Caf&#233;</title><description>&lt;p&gt;x&lt;/p&gt;</description></item>",
        "<item><title>Bare & here</title></item>",
        "<item><title>An &nbsp; entity</title></item>",
        "<?pi a=1&b=2?>",
        "<!-- a & b &nbsp; -->",
        "<item><title><![CDATA[In & out]]></title></item>",
        "<item><title>Open</title>",
        "</rss>",
    ]
)
_APPENDED = st.sampled_from(
    [
        "", "\n", '\n<script src="/cdn-cgi/e.js"></script>', "<rss>", "</rss>", "&", "trailing",
        "<!-- a & b -->", "<?pi a&b?>", "</rss><p>",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_ITEM_PIECES, max_size=5), _APPENDED)
def test_a_feed_read_without_what_follows_its_root_reads_as_when_escaped(
    items: list[str], appended: str
) -> None:
    # The first reading leaves out what follows the root's end. Whatever it accepts reads
    # the same as the reading of a refused feed, escaped and cut alike, would read it.
    body = _rss("".join(items)) + appended.encode()
    unchecked = feeds.strip_doctype(as_utf8(body, None, checked=False))
    try:
        first = read_tree(parse_strict(feeds._without_trailing_content(unchecked)))
    except NotWellFormed:
        return  # refused: read by the ways after it, as before
    escaped = feeds.escape_references(feeds.strip_doctype(as_utf8(body, None)))
    assert read_tree(parse_strict(feeds._without_trailing_content(escaped))) == first
    assert parse_feed(body, BASE).parser == "letterpress"


def test_a_doctype_after_comments_is_removed_with_its_entities() -> None:
    body = (
        b'<?xml version="1.0"?>\n<!-- made by hand -->\n<!-- twice -->\n'
        b'<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
        b'<rss version="2.0"><channel><title>T</title><item><title>A</title>'
        b"<description>&lt;p&gt;Before &secret; after&lt;/p&gt;</description></item>"
        b"</channel></rss>"
    )
    (entry,) = parse_feed(body, BASE).entries
    assert entry.summary == "Before &secret; after"


def test_relative_links_follow_the_xml_base_in_effect_for_each_entry() -> None:
    body = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://union.example.org/blog/">
  <title>Union</title>
  <entry><title>A</title><link href="2024/strike"/><id>a</id></entry>
  <entry xml:base="/news/"><title>B</title><link href="depot"/><id>b</id></entry>
  <entry xml:base="https://other.example.net/x/"><title>C</title><link href="../y"/><id>c</id></entry>
</feed>"""
    links = [e.link for e in parse_feed(body, BASE).entries]
    assert links == [
        "https://union.example.org/blog/2024/strike",
        "https://union.example.org/news/depot",
        "https://other.example.net/y",
    ]
    plain = _rss("<item><title>D</title><link>/d</link></item>")  # no xml:base: the feed's URL
    assert parse_feed(plain, BASE).entries[0].link == "https://news.example.org/d"


@settings(max_examples=300, deadline=None)
@given(
    st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2100, 1, 1)),
    st.integers(-14 * 60, 14 * 60),
)
def test_an_rfc_822_date_is_the_instant_it_names(moment: dt.datetime, minutes: int) -> None:
    zone = dt.timezone(dt.timedelta(minutes=minutes))
    written = format_datetime(moment.replace(microsecond=0, tzinfo=zone))  # "Mon, 16 Feb ..."
    body = (
        "<rss><channel><title>T</title><item><title>A</title>"
        f"<pubDate>{written}</pubDate></item></channel></rss>"
    ).encode()
    (entry,) = parse_feed(body, BASE).entries
    assert entry.published == parsedate_to_datetime(written).astimezone(dt.UTC)


def _digits(size: int, most: int) -> st.SearchStrategy[str]:
    """``size`` digits: mostly a number up to ``most``, sometimes any."""
    valid = st.integers(0, most).map(lambda n: str(n).zfill(size))
    return valid | valid | valid | st.text("0123456789", min_size=size, max_size=size)


@st.composite
def _usual_rfc_822_dates(draw: st.DrawFn) -> str:
    """Dates in the shape read by the shortcut, whatever their numbers (day 00 to 99, hours
    to 99, offsets to +9999) and month names in any case or none at all."""
    letters = st.text("ADFJMNOSTUacdeghilmnoprstuvyz", min_size=3, max_size=3)
    month = draw(st.sampled_from(["Jan", "feb", "MAR", "Nov", "dec"]) | letters)
    zone = draw(st.just("GMT") | st.tuples(st.sampled_from("+-"), _digits(4, 1400)).map("".join))
    day, year = draw(_digits(2, 31)), draw(_digits(4, 9999))
    hour, minute, second = draw(_digits(2, 23)), draw(_digits(2, 59)), draw(_digits(2, 59))
    return f"{draw(letters)}, {day} {month} {year} {hour}:{minute}:{second} {zone}"


@settings(max_examples=1000, deadline=None)
@given(_usual_rfc_822_dates())
def test_the_usual_rfc_822_date_is_read_as_the_pattern_reads_it(written: str) -> None:
    assert feeds._USUAL_RFC822.fullmatch(written)
    assert repr(feeds._rfc822(written)) == repr(feeds._any_rfc822(written))


def test_a_feed_entry_holds_each_field_it_is_given_and_cannot_be_changed() -> None:
    values = {field.name: f"the {field.name}" for field in dataclasses.fields(FeedEntry)}
    entry = FeedEntry(**values)
    assert dataclasses.asdict(entry) == values
    assert entry == FeedEntry(**values) and hash(entry) == hash(FeedEntry(**values))
    assert entry != dataclasses.replace(entry, id="another")
    with pytest.raises(dataclasses.FrozenInstanceError):
        entry.title = "changed"  # type: ignore[misc]


def test_the_white_space_written_out_for_links_is_what_a_pattern_takes_for_it() -> None:
    written_out, pattern = re.compile(f"[{feeds._WHITE_SPACE}]"), re.compile(r"\s")
    for code in range(sys.maxunicode + 1):
        character = chr(code)
        assert bool(written_out.fullmatch(character)) is bool(pattern.fullmatch(character))
        assert bool(pattern.fullmatch(character)) is character.isspace()


# A plain link as it was told apart with \s: links that hold no white space under either.
_PLAIN_URL_WITH_CATEGORY = re.compile(r"https?://[A-Za-z0-9.-]+(?:[/?#][^\s\[\]\\]*)?")


@settings(max_examples=1000, deadline=None)
@given(
    st.sampled_from(["https://", "http://", "http:/", "ftp://"]),
    st.text("ab.-9_", max_size=8),
    st.text(st.characters(codec="utf-8") | st.sampled_from("/?#[]\\ \t\u2003\u3000"), max_size=30),
)
def test_a_plain_link_is_told_apart_as_the_white_space_category_tells_it(
    scheme: str, host: str, rest: str
) -> None:
    link = scheme + host + rest
    plain = feeds._PLAIN_URL.fullmatch(link)
    assert bool(plain) is bool(_PLAIN_URL_WITH_CATEGORY.fullmatch(link))


_SOME_DATES = [
    "Mon, 18 Nov 2024 22:39:18 GMT",
    "Mon, 18 Nov 2024 22:39:18 +0100",
    "2024-11-18T22:39:18Z",
    "31 Nov 2024 10:00:00 GMT",
    "not a date",
    "",
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_SOME_DATES), min_size=1, max_size=8))
def test_a_date_repeated_in_a_feed_is_read_as_it_is_read_alone(written: list[str]) -> None:
    items = "".join(
        f"<item><title>{n}</title><pubDate>{date}</pubDate></item>"
        for n, date in enumerate(written)
    )
    parsed = parse_feed(_rss(items), BASE)
    alone = [feeds._date(date) for date in written]
    assert [entry.published for entry in parsed.entries] == [value for value, _ in alone]
    unread = sum(not readable for _, readable in alone)
    expected = [f"{unread} entries with a date that cannot be read"] if unread else []
    assert parsed.warnings == expected
