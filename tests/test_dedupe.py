"""The same story from two places arrives once; two stories on one theme stay two."""

from __future__ import annotations

from urllib.parse import unquote_plus, urlsplit, urlunsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from letterpress import dedupe
from letterpress.dedupe import merge_duplicates, normalise_url, without_tracking
from letterpress.models import Item, Report

STANDFIRST = (
    "Workers at the Jupille factory of the multinational brewery AB InBev went on a 13-day "
    "strike against alleged insensitivity that resulted in the spreading of COVID-19 among "
    "some employees"
)


def item(
    id: str, title: str, summary: str = "", url: str | None = None, source: str = "feed"
) -> Item:
    return Item(id=id, title=title, summary=summary, url=url, source=source)


def merged(*items: Item) -> list[Item]:
    return merge_duplicates(list(items), Report())


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            "https://news.example.org/strike",
            "https://news.example.org/strike?utm_source=rss&utm_medium=feed",
        ),
        ("http://news.example.org/strike", "https://www.news.example.org/strike/"),
        ("https://news.example.org/strike#comments", "HTTPS://NEWS.example.org/strike?fbclid=x"),
        ("https://news.example.org/a?id=7&page=2", "https://news.example.org/a?page=2&id=7"),
    ],
)
def test_the_same_link_written_differently_is_one_story(first: str, second: str) -> None:
    assert normalise_url(first) == normalise_url(second)
    result = merged(item("a", "Strike at Jupille", url=first), item("b", "Other words", url=second))
    assert len(result) == 1


def test_different_pages_of_one_site_stay_apart() -> None:
    assert normalise_url("https://news.example.org/a?id=7") != normalise_url(
        "https://news.example.org/a?id=8"
    )


def test_a_rewritten_headline_over_the_same_text_is_one_story_keeping_the_best_of_each() -> None:
    feed = item("f", "Brewery strike ends", STANDFIRST, url="https://news.example.org/jupille")
    text = item(
        "t", "Jupille workers win after a 13-day strike at AB InBev", STANDFIRST, source="notes"
    )
    (story,) = merged(text, feed)
    assert story.title == "Jupille workers win after a 13-day strike at AB InBev"
    assert story.url == "https://news.example.org/jupille"


def test_a_feed_item_and_a_blurb_with_no_headline_are_one_story() -> None:
    blurb = item("t", STANDFIRST[:80] + "…", STANDFIRST, source="notes")
    feed = item("f", "A 13-day strike at AB InBev", STANDFIRST + ".", url="https://x.example/1")
    (story,) = merged(blurb, feed)
    assert story.title == "A 13-day strike at AB InBev"  # the real headline wins
    assert story.url == "https://x.example/1"


def test_a_merged_story_shows_the_fuller_text_not_the_markdown_of_the_shorter() -> None:
    note = Item(
        id="t",
        title="Strike at Jupille",
        summary=STANDFIRST,
        source="notes",
        body_markdown=STANDFIRST.replace("13-day strike", "**13-day strike**"),
    )
    longer = STANDFIRST + ". The union says the management ignored every warning."
    (story,) = merged(note, item("f", "Strike at Jupille", longer))
    assert story.summary == longer
    # The note's Markdown, shorter than the text that won, is not shown in its place.
    assert story.body_markdown == ""


def test_a_standfirst_inside_a_longer_note_is_the_same_story() -> None:
    note = STANDFIRST + ". The union says the management ignored every warning. " * 2
    assert len(merged(item("f", "Strike", STANDFIRST), item("t", "Strike news", note))) == 1


@pytest.mark.parametrize("short_first", [True, False])
def test_a_short_standfirst_inside_a_long_article_is_one_story_in_either_order(
    short_first: bool,
) -> None:
    # Twelve words (ten shingles) against an article ten times as long: they share a tenth
    # of the article's shingles, and all of the standfirst's.
    standfirst = "Nurses at the Brugmann hospital walk out over unpaid overtime and staff cuts"
    article = " ".join(
        [standfirst + "."]
        + [f"Paragraph {n} tells what the union asked for in meeting {n}." for n in range(12)]
    )
    short, long = item("s", "Nurses walk out", standfirst), item("l", "Brugmann", article)
    pair = (short, long) if short_first else (long, short)
    assert len(merged(*pair)) == 1


def test_the_same_long_headline_with_different_texts_is_one_story() -> None:
    headline = "Belgian unions call on government to impose arms embargo on Israel"
    first = item("a", headline, "A group of trade unions have called upon Brussels.")
    second = item("b", headline, "The unions wrote to the prime minister on Monday.")
    assert len(merged(first, second)) == 1


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # Two articles about the same doctor (the sample's 001_).
        (
            item(
                "a",
                "In Palestine, healthcare is also a form of resistance",
                "General practitioner Hanne Bosselaers sheds light on the importance of health "
                "work in maintaining a sense of community and resistance in Palestine, and "
                "solidarity actions that health workers can join",
            ),
            item(
                "b",
                "Palestinian health workers are fighting for humanity",
                "Hanne Bosselaers, general practitioner at Doctors for the People, talks about the "
                "contribution of health work in Palestine to global movements for solidarity and "
                "resistance",
            ),
        ),
        # Two strikes, same words around them.
        (
            item(
                "a",
                "Strike at the Jupille brewery",
                "Workers at the brewery went on strike on Monday.",
            ),
            item(
                "b", "Strike at the Antwerp port", "Workers at the port went on strike on Monday."
            ),
        ),
        # Short generic headlines are not enough to call two pages one story.
        (
            item("a", "What we do", "We support unions in the South."),
            item("b", "What we do", "We run a clinic."),
        ),
    ],
)
def test_near_misses_stay_apart(first: Item, second: Item) -> None:
    assert len(merged(first, second)) == 2


def _without_tracking_split(url: str) -> str:
    """without_tracking as it reads every URL: split, each parameter's name unquoted."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    pairs = parts.query.split("&")
    kept = [p for p in pairs if not dedupe._TRACKING.match(unquote_plus(p.partition("=")[0]))]
    if len(kept) == len(pairs):
        return url
    return urlunsplit(parts._replace(query="&".join(kept)))


# Parameter names made of pieces of tracking names, written or escaped ("%75tm%5Fsource").
_NAME_PIECES = ["utm", "u", "tm", "_", "%75", "%5F", "%5f", "source", "fbclid", "gclid", "mc"]
_NAME_PIECES += ["cid", "eid", "ref", "src", "igshid", "%", "+", "a", "é"]
_NAMES = st.lists(st.sampled_from(_NAME_PIECES), min_size=1, max_size=4).map("".join)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.tuples(_NAMES, st.sampled_from(["", "=", "=1", "=utm_x"])), max_size=4))
def test_a_url_is_left_as_it_is_exactly_when_splitting_it_would_leave_it(
    parameters: list[tuple[str, str]],
) -> None:
    url = "https://news.example.org/a?" + "&".join(name + value for name, value in parameters)
    assert without_tracking(url) == _without_tracking_split(url)


def test_tracking_parameters_go_however_they_are_escaped() -> None:
    url = "https://news.example.org/a?%75tm%5Fsource=x&id=7#top"
    assert without_tracking(url) == "https://news.example.org/a?id=7#top"
    assert without_tracking("https://news.example.org/a?id=7&preferred=1") == (
        "https://news.example.org/a?id=7&preferred=1"
    )
