"""The text of simple HTML read from its tags is the text of its tree, on real and generated HTML.

``text.html_to_text`` reads most feed HTML without building a tree (``simple_html``), and
builds one for the rest. Both readers must give one text: here each HTML fragment goes
through both, and wherever the simple reader reads it, the texts must be the same: whole,
and cut to a limit. The real feeds' HTML comes from ../shared/corpora (skipped without it).
"""

from __future__ import annotations

import base64
import html
import json
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from letterpress import simple_html, text
from letterpress.feed_encoding import as_utf8
from letterpress.feed_xml import NotWellFormed, parse_strict, read_tree
from letterpress.feeds import SUMMARY_LIMIT, parse_feed, strip_doctype
from tests.feed_fidelity import shared_corpus

REAL_FEEDS = shared_corpus("real-feeds")
# The elements of tables, media and drawings, which the reader knows, weighed as the rest.
TABLES = ["table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "td", "th"]
MEDIA = ["video", "audio", "picture", "source", "track", "wbr", "embed", "image", "link", "meta"]
HIDDEN = [*sorted(simple_html._HIDDEN), "path", "g", "mi", "mrow", "annotation"]
NAMES = [
    *sorted(simple_html._KNOWN), *sorted(simple_html._RAW_TEXT), "o:p", "P", "Em", "IFRAME",
    "blink", "html", "body", "head", "form", *TABLES * 6, *MEDIA * 3, *HIDDEN * 3,
]  # fmt: skip
ATTRIBUTES = [
    "", ' href="https://e.org/a?b=1&amp;c=2"', " class=x", " title='a > b'", ' alt="x" /',
    " data-x", ' title="a" title="b"', "\xa0class=x", ' a=b"c', " =x", ' title="<b>"',
]  # fmt: skip
WORDS = [
    "Open", " day ", "\n\n", "\xa0", "&amp;", "&lt;b&gt;", "&#233;", "&#x1F;", "&#0;", "&#128;",
    "&quot;", "&nbsp;", " & ", "R&D", "&copy", "&ampx;", "&#xD800;", "<", "3 < 4", "\t", "é",
    "&#10;", "&bogus;", "x\x0cy", "&rsquo;", "&NotEqualTilde;", "&AMP;", "&copy;", "&Copy;",
    "&amp", "&lt", "&nbsp ", "&x;", "&#x;", "&#;", "2 > 1", ">",
    # Characters no tree holds, and ones beside them it does.
    "\x00", "a\x1fb", "\x0b", "\ud800", "x\udfff", "\ufffe", "\uffff", "\ufffd", "\x7f", "\r",
]  # fmt: skip
OTHERS = [
    "<!-- note -->", "<!-->", "<!--->", "<!-- a > b -->", "<!--x--!>", "<!--", "<br/>", "</br>",
    "<p/>", "<span/>", "<!DOCTYPE html>", "<?pi x?>", "<![CDATA[x]]>", "</ p>", "<>", "< b>",
    "<iframe/>", "</iframe >", "</iframex>", "</script\n>", "</style x>", "</title", "<script>",
    '<?xml version="1.0" encoding="UTF-8"?>', "<?x a>b?>", "<svg/>", "<select />", "</img>",
    "</p>", "</div>", "</td>", "</svg>",
    # Word's conditional comments, which the simple reader refuses wherever it reads one.
    "<!--[if gte mso 9]><xml>x</xml><![endif]-->", "<!--[if x]-->", "<![if !supportLists]>",
    "<![endif]>", "<![endif]-->", "<!--[if gte mso 9]>",
]  # fmt: skip


@st.composite
def tags(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(NAMES))
    if draw(st.booleans()):
        return f"</{name}>"
    return f"<{name}{draw(st.sampled_from(ATTRIBUTES))}>"


# Tags, text and the rest in any order: mostly what the simple reader leaves to the tree.
SOUP = st.lists(
    st.one_of(tags(), tags(), st.sampled_from(WORDS), st.sampled_from(OTHERS), st.text(max_size=8)),
    max_size=40,
).map("".join)


@st.composite
def nested(draw: st.DrawFn, depth: int = 0) -> str:
    """Elements inside elements, as feed HTML is written, most of it simple."""
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.integers(0, 19))
        if kind == 0:
            parts.append(draw(st.sampled_from(WORDS)))
        elif kind <= 2:
            parts.append(draw(st.sampled_from(OTHERS if kind == 1 else OTHERS[:4])))
        elif kind <= 9 or depth > 3:
            parts.append(draw(st.sampled_from(PLAIN)))
        else:
            name = draw(st.sampled_from(ELEMENTS))
            attributes = draw(st.sampled_from(ATTRIBUTES if kind == 10 else ATTRIBUTES[:5]))
            start = f"<{name}{attributes}>"
            inner = "" if name in simple_html._VOID else draw(nested(depth + 1))
            end = "" if name in simple_html._VOID or draw(st.integers(0, 19)) == 0 else f"</{name}>"
            parts.append(start + inner + end)
    return "".join(parts)


PLAIN = [
    "Open day", " ", "\n", "at the depot.", "Strike!", "  two  words ", "é", "x", "&amp;",
    "&lt;b&gt;", "&#233;", "\xa0", "&nbsp;", " & ", "&quot;", "&#10;", "&rsquo;", "&eacute;",
    "&#8217;", "&#x2019;", "&amp;lt;", "&amp;#8217;", "&#xA0;",
]  # fmt: skip
ELEMENTS = sorted(simple_html._KNOWN | simple_html._RAW_TEXT) + TABLES * 8 + MEDIA * 2 + HIDDEN * 4


@st.composite
def tables(draw: st.DrawFn) -> str:
    """A table as feeds write one: rows of cells, in parts or not, spaces between."""
    space = st.sampled_from(["", " ", "\n", "\n  "])
    rows = []
    for _ in range(draw(st.integers(0, 3))):
        cell = draw(st.sampled_from(["td", "th"]))
        cells = [
            f"<{cell}>{draw(nested(3))}</{cell}>{draw(space)}"
            for _ in range(draw(st.integers(0, 3)))
        ]
        rows.append(f"<tr>{draw(space)}{''.join(cells)}</tr>{draw(space)}")
    body = "".join(rows)
    part = draw(st.sampled_from(["", "tbody", "thead"]))
    if part:
        body = f"<{part}>{draw(space)}{body}</{part}>"
    head = draw(
        st.sampled_from(["", "<caption>Sizes</caption>", "<colgroup><col><col></colgroup>"])
    )
    return f"{draw(nested(3))}<table>{draw(space)}{head}{body}</table>{draw(nested(3))}"


FRAGMENTS = SOUP | nested() | nested() | tables()


def tree_and_simple(markup: str, enough: int | None) -> tuple[str, str | None]:
    """What the tree gives and what the simple reader gives (None where it does not read)."""
    # As text._parse_text prepares the markup for the tree.
    prepared = text._NAMED_REFERENCE.sub(text._decode_named, markup)
    return text._tree_text(prepared, None), text._simple_text(markup, enough)


def assert_same_text(markup: str) -> bool:
    """Whether the simple reader read ``markup``: if it did, it gave the tree's text."""
    tree, whole = tree_and_simple(markup, None)
    if whole is None:
        return False
    assert whole == tree, markup
    for limit in (20, 60, SUMMARY_LIMIT):
        enough = limit + 40
        _, start = tree_and_simple(markup, enough)
        assert start is not None and tree.startswith(start), markup
        assert start == tree or len(start) > enough, markup
        assert text.shorten(start, limit) == text.shorten(tree, limit), markup
    return True


def test_examples_of_what_is_read_and_what_is_left_to_the_tree() -> None:
    assert assert_same_text("<p>Open <b>Sundays</b>&nbsp;from June:</p><ul><li>One</li></ul>")
    assert assert_same_text('x<p><a href="https://e.org/?a=1&amp;b=2">y</a></p>z<br>w')
    assert assert_same_text("<p>a<!-- note --> b</p><p><!-- first -->c</p><p/>d")
    assert assert_same_text("<pre><code>if a &lt; b:\n    return</code></pre>")
    assert assert_same_text("2 > 1<p>3 > 2</p>> <br>>")  # a ">" in the text is text
    assert assert_same_text('<p><iframe src="v"><p>frame</iframe>Below</p><style>p{}</STYLE >')
    # A table, the media and drawings, what libxml2 closes by itself or ignores.
    assert assert_same_text("<table>\n<tr><th>Size</th> <th>Price</th></tr>\n<tr><td>1</td>")
    assert assert_same_text('<video src="v"><source src="w">Your browser</video> plays it')
    assert assert_same_text(
        "<p>A<svg><title>T</title><path d='x'/></svg>B</p><math><mi>x</mi></math>"
    )
    assert assert_same_text("<p><p>One</p></p><p>Two<div>Three</div></p><p>x</img>y<h4>z</h4>")
    assert assert_same_text("<a href=x>x<b><a href=y>y</a>z</b>w</a>")  # libxml2 nests them
    assert assert_same_text(
        '<?xml version="1.0"?><link rel=x>a<meta name=y><select><option>b</select>'
    )
    # An element libxml2 does not know, one that would close the fragment's own, a form: the tree.
    for markup in ("<blink>x</blink>", "<p>a</div>b", "<form>x"):
        assert tree_and_simple(markup, None)[1] is None


def test_the_elements_libxml2_closes_by_itself_are_the_ones_the_reader_closes() -> None:
    """The table the simple reader trusts, measured again on the lxml installed."""
    parser = text._html_parser()
    for parent in sorted(simple_html._KNOWN - simple_html._VOID):
        for child in sorted(simple_html._KNOWN | simple_html._RAW_TEXT):
            root = etree.fromstring(
                f"<div><{parent}>t<{child}>u</{child}></{parent}></div>", parser
            )
            inside = root.find(f".//{parent}/{child}") is not None
            closes = child in simple_html._CLOSED_BY.get(parent, ())
            assert inside != closes, f"<{child}> inside <{parent}>"


def test_each_tag_read_carries_its_elements_closers_and_whether_it_is_a_block() -> None:
    """The loop takes them from the tag's entry, not the tables: they must agree, for the
    tags known at once and those read (here, those of the generated HTML)."""
    for markup in ("<P class=x>a<br/>b</P>", '<a href="x">c</a><td/><svg><path/></svg>'):
        simple_html.simple_text(markup)
    for kind, name, closers, block in simple_html._TAGS.values():
        assert closers == simple_html._CLOSED_BY.get(name, frozenset()), (kind, name)
        assert block == (name in simple_html._BLOCK), (kind, name)


def test_an_end_tag_closes_what_ranks_no_higher_and_is_ignored_past_the_rest() -> None:
    """The ranks the simple reader trusts, measured again: ``</outer>`` with ``inner`` open
    inside closes both, unless ``inner`` ranks higher; then it is ignored, and what follows
    is in ``inner``."""
    parser = text._html_parser()
    containers = sorted(simple_html._KNOWN - simple_html._VOID)
    for outer in containers:
        for inner in containers:
            if inner == outer or inner in simple_html._CLOSED_BY.get(outer, ()):
                continue
            root = etree.fromstring(f"<div><{outer}><{inner}>x</{outer}>y</div>", parser)
            element = root.find(f".//{outer}/{inner}")
            assert element is not None, (outer, inner)
            ignored = "y" in (element.text or "")
            rank = simple_html._END_PRIORITY.get
            assert ignored == (rank(inner, 100) > rank(outer, 100)), f"</{outer}> over <{inner}>"


@settings(
    max_examples=1500,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(FRAGMENTS)
def test_generated_html_gives_the_tree_text_or_is_left_to_the_tree(markup: str) -> None:
    assert_same_text(markup)


def _real_html() -> Iterator[str]:
    manifest = REAL_FEEDS / "manifest.jsonl"
    for line in manifest.read_text("utf-8").splitlines():
        body = (REAL_FEEDS / json.loads(line)["file"]).read_bytes()
        try:
            feed = read_tree(parse_strict(strip_doctype(as_utf8(body))))
        except NotWellFormed:
            continue
        for entry in feed.entries:
            yield from (entry.title, entry.summary, entry.content)


@pytest.mark.skipif(not REAL_FEEDS.is_dir(), reason=f"no corpus at {REAL_FEEDS}")
def test_the_html_of_real_feeds_gives_the_tree_text() -> None:
    markups = [m for m in _real_html() if "<" in m]
    read = 0
    for markup in markups:
        # The start of a long article, as html_to_text reads it first.
        read += assert_same_text(markup[: markup.rfind(">", 0, 4 * SUMMARY_LIMIT) + 1])
    print(f"\nsimple HTML: {read} of {len(markups)} fragments of real feeds read without a tree")
    assert read > 0.8 * len(markups)  # most feed HTML is simple: the reason for the reader


@settings(
    max_examples=500, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(FRAGMENTS, st.sampled_from([20, 60, SUMMARY_LIMIT]))
def test_a_summary_is_the_cut_of_the_whole_text_however_little_of_it_is_read(
    markup: str, limit: int
) -> None:
    # A summary reads only as far as its cut needs: the cut is still that of the whole text.
    markup = "<p>" + markup
    assert text.html_to_text(markup, limit) == text.shorten(text.html_to_text(markup), limit)


def test_a_word_comment_in_what_the_reader_skips_is_still_refused() -> None:
    # What a Word comment hides runs to its end, past the end of a script it begins in: the
    # summary is what text's own way reads, not the simple reader's reading.
    markup = "<p>Shown</p><script>x<!--[if gte mso 9]></script><p>Hidden</p>"
    assert simple_html.simple_start(markup, SUMMARY_LIMIT) is None
    assert text.html_to_text(markup, SUMMARY_LIMIT) == text.html_to_text(markup) == "Shown"
    assert simple_html.simple_start("<p>a<!--[if x]-->b</p>") is None
    break_ = simple_html.BREAK
    assert simple_html.simple_text("<p>a<!-- [if x] -->b</p>") == f"{break_}ab{break_}"


@pytest.mark.parametrize("character", ["\ue000", "\ue001", "\U000f0000"])
@pytest.mark.parametrize("written", ["{}", "&#{:d};", "&#x{:X};"])
def test_a_private_use_character_is_text_to_both_readers(character: str, written: str) -> None:
    # An icon font's character (private use, as U+E000 is) is text: it parts no paragraph,
    # whether the simple reader reads it or the tree does (a "<" the simple reader refuses).
    reference = written.format(ord(character) if "{:" in written else character)
    for markup in (f"<p>a{reference}b</p><p>c</p>", f"<p>a{reference}b</p><p>c < d</p>"):
        tree, simple = tree_and_simple(markup, None)
        assert tree.startswith(f"a{character}b\n\nc"), markup
        assert simple in (tree, None), markup
        assert text.html_to_text(markup) == tree


@pytest.mark.parametrize(
    "paragraph",
    [
        "[fusion_builder_container hundred_percent=&#8221;no&#8221; spacing=&#8220;&#8221;] ",
        "if a &lt; b &amp;&amp; c &gt; d: return &quot;x&quot;;\n",
        "東京の天気&nbsp;は晴れ&#12290;" * 3,
        "AT&amp;T &copy;&eacute;&#x2019;&rsquo; R & D &é; x ",
    ],
)
@pytest.mark.parametrize("after", ["", "&bogus; &#0; \x1f", "<table><td>x</table>"])
def test_a_long_text_is_read_only_as_far_as_the_summary_needs(paragraph: str, after: str) -> None:
    # One text run far longer than a summary, then what only the tree reads: the simple
    # reader reads the start of the run, its references whole, and gives the tree's start.
    markup = "<p>Lead</p><pre>" + paragraph * 400 + after + "</pre><p>End</p>"
    read = simple_html.simple_start(markup, SUMMARY_LIMIT)
    assert read is not None and read[1] < len(markup) // 4
    tree = text._tree_text(text._NAMED_REFERENCE.sub(text._decode_named, markup), None)
    assert text.html_to_text(markup, SUMMARY_LIMIT) == text.shorten(tree, SUMMARY_LIMIT)
    for limit in (20, 60):
        assert text.html_to_text(markup, limit) == text.shorten(tree, limit)


REFERENCES = [
    "&amp;", "&rsquo;", "&#8217;", "&#x2019;", "&#X2019;", "&#x2019", "&#8243;", "&#x1F331;",
    "&#0;", "&#13;", "&#128;", "&#xD800;", "&#1114112;", "&#00000065;", "&#65x;", "&trade;",
    "&Trade;", "&copy", "&ampx;", "&", "&&", "&;", "&#;", "&é", "& ", "&a1;", "&" + "a" * 33 + ";",
]  # fmt: skip


@settings(max_examples=500, deadline=None, database=None)
@given(st.lists(st.sampled_from(REFERENCES) | st.sampled_from(WORDS), max_size=12).map("".join))
def test_the_references_read_are_read_as_html_unescape_reads_them(text: str) -> None:
    # The reader decodes references itself, piece by piece after each "&"; where it does,
    # it gives what html.unescape gives (text.html_to_text decodes text with no tag by it).
    decoded = simple_html._decoded(text)
    if decoded is not None:
        assert decoded == html.unescape(text)


def test_the_characters_a_tree_refuses_are_the_ones_xml_refuses() -> None:
    # Why text read from an XML tree is not checked again for NOT_IN_A_TREE: libxml2 refuses
    # a document holding any of them, written or referred to, and no other.
    points = [*range(0x21), 0x7F, 0x80, 0x9F, 0xD7FF, 0xD800, 0xDBFF, 0xDC00, 0xDFFF, 0xE000]
    points += [0xFDD0, 0xFDEF, 0xFFFD, 0xFFFE, 0xFFFF, 0x10000, 0x1FFFE, 0x10FFFF]
    for point in points:
        try:
            etree.fromstring(f"<a>&#x{point:X};</a>".encode(), etree.XMLParser(recover=False))
            allowed = True
        except etree.XMLSyntaxError:
            allowed = False
        assert allowed != bool(simple_html.NOT_IN_A_TREE.match(chr(point))), hex(point)


def _description_feed(description: str) -> bytes:
    escaped = description.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>'
        f"<item><title>A</title><description>{escaped}</description></item></channel></rss>"
    ).encode("utf-8", errors="surrogatepass")


@settings(
    max_examples=500, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(FRAGMENTS, st.sampled_from([20, SUMMARY_LIMIT]))
def test_a_summary_read_from_an_xml_tree_is_the_one_read_with_every_check(
    markup: str, limit: int
) -> None:
    # The feed reader skips the check for characters a tree refuses (none is left in what
    # a strict parse gives): the summary is the one html_to_text gives with the check.
    try:
        (entry,) = read_tree(parse_strict(_description_feed("<p>" + markup))).entries
    except NotWellFormed:
        return  # a character XML refuses: no tree, nothing read without the check
    assert entry.xml_characters
    summary = str(entry.summary)
    checked = text.html_to_text(summary, limit)
    assert text.html_to_text(summary, limit, xml_characters=True) == checked


def test_a_summary_decoded_from_base64_is_checked_as_any_text() -> None:
    # Atom 0.3 may give a summary in base64: its bytes can hold any character, so the one
    # a tree refuses still sends the text to the tree, which leaves it out.
    encoded = base64.b64encode("<p>Hel\x01lo <b>world</b>\ufffe.</p>".encode()).decode()
    body = (
        '<feed xmlns="http://purl.org/atom/ns#"><title>T</title><entry><title>One</title>'
        f'<content type="text/html" mode="base64">{encoded}</content></entry></feed>'
    ).encode()
    assert not read_tree(parse_strict(body)).entries[0].xml_characters
    assert parse_feed(body, "https://e.org/").entries[0].summary == "Hello world."


@settings(max_examples=500, deadline=None, database=None)
@given(
    st.lists(
        st.sampled_from(["word ", "é", "\n", "\t", "\r", "\ufffd", "\ufffe", "\uffff"])
        | st.characters(max_codepoint=0x1F),
        max_size=12,
    ),
    st.sampled_from([0, simple_html._SEARCHED_FROM, 4 * simple_html._SEARCHED_FROM]),
    st.integers(0, 12),
)
def test_a_text_is_in_a_tree_as_the_pattern_finds_it(
    pieces: list[str], padding: int, at: int
) -> None:
    # A short text is translated, a long one (a CDATA section) searched for each control:
    # either way, it holds none of the characters the pattern of those a tree refuses finds.
    pieces.insert(min(at, len(pieces)), "x" * padding)
    written = "".join(pieces)
    expected = simple_html.NOT_IN_A_TREE.search(written) is None
    assert simple_html.in_a_tree(written, written.encode()) == expected
