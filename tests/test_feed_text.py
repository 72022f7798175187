"""Text from feed HTML: read by an HTML parser, cut where a reader expects a cut."""

from __future__ import annotations

import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from letterpress import text
from letterpress.feeds import SUMMARY_LIMIT, parse_feed
from letterpress.text import ELLIPSIS, html_to_text, shorten

WORD_HEAD = (
    "<!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View><w:Zoom>0</w:Zoom>"
    + "<w:LsdException Locked='false' Priority='39' Name='toc 9'/>" * 60
    + "</w:WordDocument></xml><![endif]-->"
)
SENTENCES = " ".join(
    f"Sentence {n} tells what the delegates decided at the meeting of the union branch."
    for n in range(40)
)


def _feed(description: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>'
        f"<item><title>A</title><description>{html.escape(description)}</description></item>"
        "</channel></rss>"
    ).encode()


def test_word_conditional_comments_are_dropped_before_the_text_is_counted() -> None:
    markup = (
        WORD_HEAD + "<p class=MsoNormal><![if !supportLists]>·&nbsp;<![endif]>" + SENTENCES + "</p>"
    )
    assert len(WORD_HEAD) > 4 * SUMMARY_LIMIT  # the old cut left nothing but Word's settings
    (entry,) = parse_feed(_feed(markup), "https://e.org/").entries
    assert entry.summary.startswith("· Sentence 0 tells what")
    assert "Normal" not in entry.summary


def test_a_long_summary_ends_at_a_sentence_with_an_ellipsis() -> None:
    (entry,) = parse_feed(_feed(f"<p>{SENTENCES}</p>"), "https://e.org/").entries
    assert len(entry.summary) <= SUMMARY_LIMIT + 2
    assert entry.summary.endswith(f"branch. {ELLIPSIS}")
    assert SENTENCES.startswith(entry.summary.removesuffix(f" {ELLIPSIS}"))


def test_text_with_no_sentence_end_is_cut_at_a_word() -> None:
    words = " ".join(["solidarity"] * 100)
    text = html_to_text(f"<p>{words}</p>", limit=95)
    assert text == " ".join(["solidarity"] * 8) + ELLIPSIS


def test_a_cut_never_leaves_part_of_a_tag_or_an_entity() -> None:
    # Links and entities all along, so any cut of the HTML falls inside one.
    chunk = '<a href="https://e.org/a-long-address-for-a-link">word</a>&amp;&eacute; '
    for repeat in range(20, 80, 7):
        text = html_to_text(chunk * repeat, limit=300)
        assert "<" not in text and "&" not in text.replace("&é", "")
        assert text.endswith(ELLIPSIS) or len(text) <= 300


def test_html_to_text_is_the_helper_a_plugin_can_use() -> None:
    markup = (
        "<h2>Clinic</h2><p>Open <b>Sundays</b>&nbsp;from June&colon; bring your card.</p>"
        "<script>track()</script><style>p{}</style><ul><li>One</li><li>Two</li></ul>"
        "<p>&lt;not a tag&gt; &amp; R&D</p>"
    )
    assert html_to_text(markup) == (
        "Clinic\n\nOpen Sundays from June: bring your card.\n\nOne\n\nTwo\n\n<not a tag> & R&D"
    )


def test_a_reference_to_a_control_character_costs_that_character_not_the_item() -> None:
    # "&#x1F;" is a character no XML tree can hold; read inside a paragraph, it once took
    # the whole item with it ("1 entries that cannot be read").
    parsed = parse_feed(_feed("<p>Strike&#x1F; at the depot</p><p>Day two</p>"), "https://e.org/")
    assert not parsed.warnings
    (entry,) = parsed.entries
    assert entry.summary == "Strike at the depot\n\nDay two"
    assert html_to_text("<h2>Title&#31;</h2>") == "Title"


def test_word_comments_past_the_first_read_are_dropped_when_more_is_read() -> None:
    # A start of empty markup (WordPress's block comments, spans), then Word's settings,
    # then the text: the settings are found when the start proves too short.
    start = "<!-- wp:paragraph -->" + '<span class="spacer"></span>' * 120
    assert len(start) > 4 * SUMMARY_LIMIT
    markup = start + WORD_HEAD + f"<p>{SENTENCES}</p>"
    text = html_to_text(markup, SUMMARY_LIMIT)
    assert text.startswith("Sentence 0 tells what") and text.endswith(ELLIPSIS)
    assert "Normal" not in text


def test_plain_text_before_a_word_comment_keeps_its_paragraphs() -> None:
    # The one "<" in what is read first is Word's: the text is plain, its blank lines kept,
    # however little of it the summary needs.
    for repeat in (5, 40):
        markup = (
            "Para one.\n\nPara two is here. " * repeat + "<!--[if mso]><xml>x</xml><![endif]-->"
        )
        text = html_to_text(markup, SUMMARY_LIMIT)
        assert text.startswith("Para one.\n\nPara two is here. Para one.\n\nPara two")


def _last_break_read_forwards(head: str, start: int, end: int) -> int:
    """Where the last sentence break between start and end ends, the breaks read one by one
    from the start (0 if there is none)."""
    ends = [m.end() for m in text._SENTENCE_BREAK.finditer(head, start) if m.end() <= end]
    return ends[-1] if ends else 0


@settings(max_examples=2000, deadline=None, database=None)
@given(
    st.text(alphabet='.!?…"”’) \n\t\xa0\u2003ab3', max_size=80),
    st.integers(0, 40),
    st.integers(0, 80),
)
def test_the_last_sentence_break_is_the_last_one_read_forwards(
    head: str, start: int, end: int
) -> None:
    # Breaks found from the end, mark by mark, are the breaks read one by one from the
    # start: a sentence end (and what closes it) before a space, or a blank line.
    assert text._last_sentence_end(head, start, end) == _last_break_read_forwards(head, start, end)


@settings(max_examples=3000, deadline=None, database=None)
@given(
    st.lists(st.sampled_from(["\n", "\n\n\n", ".", ". ", "a", "”", " "]), max_size=12).map("".join),
    st.integers(0, 12),
    st.integers(0, 16),
)
def test_runs_of_line_ends_are_read_forwards_wherever_they_meet_the_window(
    head: str, start: int, end: int
) -> None:
    # Three line ends are looked for only between start and end: a run that begins or
    # ends at either edge, or lies outside, must still read as the forward reading does.
    assert text._last_sentence_end(head, start, end) == _last_break_read_forwards(head, start, end)


def test_a_summary_ends_after_the_last_sentence_that_fits() -> None:
    body = "“Which one?” she asked. The answer (as ever) was 3.5 times longer… Then: nothing."
    assert shorten(body, 40) == "“Which one?” she asked. …"
    # No sentence ends in the second half: the cut is at a word ("3.5" ends none).
    assert shorten(body, 60) == "“Which one?” she asked. The answer (as ever) was 3.5 times…"
    assert (
        shorten(body, 75) == "“Which one?” she asked. The answer (as ever) was 3.5 times longer… …"
    )


def test_no_space_but_the_space_itself_is_printable() -> None:
    # Why text that is printable and holds no "  " has its spaces squashed already.
    spaces = [chr(c) for c in range(0x110000) if chr(c).isspace()]
    assert [c for c in spaces if c.isprintable()] == [" "]


SPACES = [" ", "  ", "\n", "\t", "\r", "\xa0", "\u2003", "\u3000", "\x1f", "\x85", "\u2028"]


@settings(max_examples=1000, deadline=None, database=None)
@given(
    st.lists(
        st.sampled_from([*SPACES, "word", "é", "’", "\u200b", "\ue000", text.BREAK]), max_size=20
    )
)
def test_spaces_are_squashed_as_a_split_and_a_join_squash_them(pieces: list[str]) -> None:
    written = "".join(pieces)
    assert text._squashed_spaces(written) == " ".join(written.split())
    paragraphs = [" ".join(p.split()) for p in written.split(text.BREAK)]
    assert text._marked_paragraphs(written) == "\n\n".join(p for p in paragraphs if p)
    blank_lines = [" ".join(p.split()) for p in re.split(r"\n\s*\n", written)]
    assert text._paragraphs(written) == "\n\n".join(p for p in blank_lines if p)


def test_every_ascii_space_is_squashed_in_a_paragraph() -> None:
    # An ASCII paragraph is taken as squashed where its text holds no ASCII space but " "
    # and "\n": each of the others, anywhere in the text, must still part two words.
    spaces = [chr(c) for c in range(128) if chr(c).isspace()]
    assert sorted(text._OTHER_ASCII_SPACES) == [c for c in spaces if c not in " \n"]
    for space in spaces:
        for written in (f"a{space}b{text.BREAK}c d", f"a b{text.BREAK}c{space}d"):
            assert text._marked_paragraphs(written) == "a b\n\nc d", repr(space)


@settings(max_examples=2000, deadline=None, database=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from([" ", "  ", "word", "\n", text.BREAK, "é", "’", "\xa0"]),
            st.characters(max_codepoint=127),
        ),
        max_size=24,
    )
)
def test_paragraphs_of_any_ascii_are_squashed_as_a_split_and_a_join(pieces: list[str]) -> None:
    # ASCII paragraphs are spared the look at each character only in a text whose every
    # ASCII space is " " or "\n": the split and the join decide every other text.
    written = "".join(pieces)
    paragraphs = [" ".join(p.split()) for p in written.split(text.BREAK)]
    assert text._marked_paragraphs(written) == "\n\n".join(p for p in paragraphs if p)


@settings(max_examples=1000, deadline=None, database=None)
@given(
    st.lists(st.sampled_from([*SPACES, "word", "Word. ", "&amp;", "&eacute", "&#8217;", "\n\n"])),
    st.sampled_from([5, 20, 60, SUMMARY_LIMIT]),
)
def test_a_plain_text_summary_is_the_cut_of_its_whole_text(pieces: list[str], limit: int) -> None:
    # Plain text short enough to be read at once is read apart from the way HTML is read:
    # it must come to the text that way gives, and be cut as any text is.
    written = "".join(pieces)
    assert html_to_text(written, limit) == shorten(html_to_text(written), limit)
    assert html_to_text(written, limit) == shorten(text._parse_text(written, limit), limit)
