"""Reading feeds: what each field becomes, in every format the rss source accepts."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from letterpress.feeds import FeedError, parse_feed

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
