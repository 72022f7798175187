"""Plain-text helpers shared by the stages: decoding what editors save, titles, language."""

from __future__ import annotations

import codecs
import html
import itertools
import re

from letterpress.simple_html import BREAK, NOT_IN_A_TREE, WORD_COMMENT, simple_start, simple_text

_SPACE = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9À-Ý])")
_STOPWORDS = {
    "en": {"the", "and", "of", "to", "in", "is", "for", "with", "that", "on", "are", "their"},
    "nl": {"de", "het", "een", "en", "van", "voor", "met", "dat", "op", "zijn", "niet", "wij"},
    "fr": {"le", "la", "les", "et", "des", "du", "pour", "avec", "que", "sur", "est", "une"},
}


class UnreadableText(ValueError):
    """The bytes are not text in any encoding an editor would save."""


def decode_text(data: bytes) -> str:
    """Decode what a person's editor wrote: UTF-8 (with or without BOM), UTF-16, Windows-1252."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return _clean_controls(data.decode(encoding))
            except UnicodeDecodeError as error:
                raise UnreadableText(f"starts like {encoding} but is not: {error}") from error
    if b"\x00" in data:
        # UTF-16 without a BOM puts a zero byte beside every ASCII letter.
        even, odd = data[0::2].count(0), data[1::2].count(0)
        if len(data) % 2 == 0 and max(even, odd) > len(data) // 8:
            try:
                return _clean_controls(data.decode("utf-16-be" if even > odd else "utf-16-le"))
            except UnicodeDecodeError:
                pass
        raise UnreadableText("binary data, not text")
    try:
        return _clean_controls(data.decode("utf-8"))
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; latin-1 maps them rather than failing.
        try:
            return _clean_controls(data.decode("cp1252"))
        except UnicodeDecodeError:
            return _clean_controls(data.decode("latin-1"))


def _clean_controls(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(c for c in text if c in "\n\t" or c >= " ")


def squash_space(text: str) -> str:
    """One space between words, none at the ends."""
    return _SPACE.sub(" ", text).strip()


def first_sentence(text: str) -> str:
    return _SENTENCE_END.split(text, maxsplit=1)[0]


def lead_title(text: str, limit: int = 90) -> str:
    """A title cut from a blurb that has none: its first sentence, shortened at a word."""
    sentence = first_sentence(squash_space(text)).rstrip(".")
    if len(sentence) <= limit:
        return sentence
    cut = sentence[: limit - 1]
    cut = cut[: cut.rfind(" ")] if " " in cut else cut
    return cut.rstrip(" ,;:–-") + "…"


def guess_language(text: str, default: str) -> str:
    """The language of ``text`` among en, nl and fr, by counting common words."""
    words = re.findall(r"[a-zà-ÿ]+", text.lower())
    counts = {lang: sum(w in stop for w in words) for lang, stop in _STOPWORDS.items()}
    best = max(counts, key=lambda lang: counts[lang])
    return best if counts[best] >= 2 and counts[best] > counts.get(default, 0) else default


# HTML as text -----------------------------------------------------------------------------------

# Word's conditional comments: <!--[if gte mso 9]><xml>...<![endif]--> hides a block of settings
# that is no one's text; <![if !supportLists]> and <![endif]> only mark what they keep.
_HIDDEN_CONDITIONAL = re.compile(r"<!--\[if\b", re.I)
_HIDDEN_END = re.compile(r"<!\[endif\]\s*-->", re.I)
_REVEALED_CONDITIONAL = re.compile(r"<!\[(?:if\b[^\]<>]{0,200}|endif)\]>", re.I)
# HTML5 names libxml2's HTML parser does not know (&colon;, &nbsp; it does): decoded first.
_NAMED_REFERENCE = re.compile(r"&(?!(?:lt|gt|amp|quot|apos|nbsp)\b)([A-Za-z][A-Za-z0-9]{1,31};?)")
_NUMERIC_REFERENCE = re.compile(r"&#(?:([0-9]{1,12})|[xX]([0-9A-Fa-f]{1,12}));?")
_BLOCK = (
    "p", "br", "div", "li", "ul", "ol", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6",
    "pre", "table", "tr", "hr", "section", "article", "figure", "figcaption", "dd", "dt",
)  # fmt: skip
# Elements whose content is code, styling or another document, never the text.
HIDDEN_ELEMENTS = (
    "script", "style", "iframe", "noscript", "noembed", "noframes", "object", "template",
    "textarea", "title", "xmp", "svg", "math", "head", "select", "button",
)  # fmt: skip
# Parsing a long article whole to keep its first paragraphs is work thrown away: this many
# times the limit in HTML is read first, four times more while that yields too little text.
_FIRST_READ = 4
# A read of the start may end inside an entity: letters that the cut must leave out.
_MARGIN = 40
ELLIPSIS = "…"


def html_to_text(markup: str, limit: int | None = None, *, xml_characters: bool = False) -> str:
    """The text of an HTML fragment, read by an HTML parser: what would run or style dropped
    with its content, paragraphs kept apart by a blank line, spaces squashed; with ``limit``,
    cut by ``shorten``. Markup a reader would see as text (``&lt;b&gt;``) stays text.
    ``xml_characters``: ``markup`` was read from an XML tree (``simple_html.simple_start``)."""
    if limit is None:
        return _parse_text(_without_conditional_comments(markup))
    # Four times the limit first, then sixteen, and so on: a long article with heavy markup
    # costs a few reads of its start, not a read of the whole.
    read = _FIRST_READ * limit
    if len(markup) <= read and "<" not in markup:
        # Plain text read at once (two in five summaries): with no "<" there is no tag and
        # no Word comment, and the way below comes to this same text.
        return shorten(_paragraphs(html.unescape(markup) if "&" in markup else markup), limit)
    # Text with a tag in that first read is HTML; with none, plain text with its blank lines.
    # Where the first "<" is Word's, it may be the only one: that text goes the way below,
    # which takes Word's comments out before it looks for a tag.
    first = (markup.rfind(">", 0, read) + 1 or read) if read < len(markup) else len(markup)
    tag = markup.find("<", 0, first)
    # (A test of "<!" before the pattern's match spared 1.2 M of 306 M a pass: not made.)
    if tag >= 0 and not WORD_COMMENT.match(markup, tag):
        text = _simple_summary(markup, limit, xml_characters)
        if text is not None:
            return text
    # Nor a search of the whole for Word's comments when none begins in the first read:
    # what they hide further on cannot change it.
    unsearched = (
        read < len(markup)
        and markup.find("<![", 0, read + 3) < 0
        and markup.find("<!--[", 0, read + 5) < 0
    )
    if not unsearched:
        markup = _without_conditional_comments(markup)
    while read < len(markup):
        # Cut after a tag, never inside one. A cut inside an entity leaves at most a name's
        # worth of letters at the end: the margin keeps those beyond the limit.
        text = _parse_text(markup[: markup.rfind(">", 0, read) + 1 or read], limit + _MARGIN)
        if len(text) > limit + _MARGIN:
            return shorten(text, limit)
        if unsearched:
            markup, unsearched = _without_conditional_comments(markup), False
        read *= 4
    return shorten(_parse_text(markup, limit + _MARGIN), limit)


def _simple_summary(markup: str, limit: int, xml_characters: bool) -> str | None:
    """``html_to_text(markup, limit)`` when the simple reader reads as far as the cut needs,
    and no Word comment begins in what it read; None otherwise. It reads only that far:
    no part is read twice, and nothing past the text the cut keeps is searched."""
    want = limit + 1 + limit // 32
    while True:
        read = simple_start(markup, want, xml_characters=xml_characters)
        if read is None:
            return None
        text = read[0]  # no Word comment was read: the simple reader refuses them
        squashed = _marked_paragraphs(text)
        # All of the text, or more than the cut keeps: the cut is the one of the whole.
        if len(text) < want or len(squashed) > limit:
            return shorten(squashed, limit)
        want *= 4


def _without_conditional_comments(markup: str) -> str:
    """``markup`` without what Word hides in conditional comments, in one pass: a hidden
    block never closed hides the rest, as an unclosed comment does in a browser."""
    if "<![" not in markup and "<!--[" not in markup:
        return markup
    kept = []
    position = 0
    while (start := _HIDDEN_CONDITIONAL.search(markup, position)) is not None:
        kept.append(markup[position : start.start()])
        end = _HIDDEN_END.search(markup, start.end())
        position = end.end() if end else len(markup)
        if end is None:
            break
    kept.append(markup[position:])
    return _REVEALED_CONDITIONAL.sub("", "".join(kept))


def _parse_text(markup: str, enough: int | None = None) -> str:
    if "<" not in markup:
        # No tag, so no tree: text and character references, which html.unescape decodes
        # by HTML5's rules, as the parser would. Plain text keeps its blank-line paragraphs.
        return _paragraphs(html.unescape(markup) if "&" in markup else markup)
    text = _simple_text(markup, enough)
    if text is not None:
        return text
    if "&" in markup:
        markup = _NAMED_REFERENCE.sub(_decode_named, markup)
    return _tree_text(markup, enough)


def _without_unholdable(markup: str) -> str:
    """``markup`` without the characters no tree can hold, written or referred to (``&#x1F;``
    is a control character once the parser has read it)."""
    return _NUMERIC_REFERENCE.sub(_holdable_reference, NOT_IN_A_TREE.sub("", markup))


def _holdable_reference(match: re.Match[str]) -> str:
    decimal, hexadecimal = match.groups()
    code = int(decimal) if decimal else int(hexadecimal, 16)
    return "" if code < 0x110000 and NOT_IN_A_TREE.match(chr(code)) else match.group(0)


def _simple_text(markup: str, enough: int | None) -> str | None:
    """What ``_tree_text`` gives, read without a tree when the HTML is simple (None if not).
    With ``enough``, a little more than that is read first, more only if that falls short
    once spaces are squashed: what comes of it is the start of the same text."""
    if enough is None:
        text = simple_text(markup)
        return None if text is None else _marked_paragraphs(text)
    want = enough + enough // 32
    while True:
        text = simple_text(markup, want)
        if text is None:
            return None
        squashed = _marked_paragraphs(text)
        if len(text) < want or len(squashed) > enough:  # all of it, or enough of it
            return squashed
        want *= 4


def _tree_text(markup: str, enough: int | None) -> str:
    """The text of the tree lxml builds of ``markup``, spaces squashed, paragraphs apart."""
    try:
        return _squashed(_marked_tree_text(markup), enough)
    except ValueError:  # characters no tree can hold (NUL, other controls, lone surrogates)
        return _squashed(_marked_tree_text(_without_unholdable(markup)), enough)


def _marked_tree_text(markup: str) -> str:
    from lxml import etree

    root = etree.fromstring(f"<div>{markup}</div>", _html_parser())
    if root is None:
        return ""
    etree.strip_elements(root, *HIDDEN_ELEMENTS, with_tail=False)  # comments: the parser's
    # A tree holds no NUL: the blocks are marked by a character its text does not hold,
    # made BREAK once the text is read.
    mark = _unheld_character(etree.tostring(root, method="text", encoding=str))
    for element in root.iter(*_BLOCK):
        element.tail = mark + element.tail if element.tail else mark
        if element.text:
            element.text = mark + element.text
    text: str = etree.tostring(root, method="text", encoding=str)
    return text.replace(mark, BREAK)


# Characters a tree holds, private use first: a text holding each is longer than a million.
_MARKS = (range(0xE000, 0xF900), range(0xF0000, 0x10FFFE), range(0x10000, 0xF0000))


def _unheld_character(text: str) -> str:
    """A character a tree holds and ``text`` does not: mostly U+E000, the first tried."""
    return next(c for c in map(chr, itertools.chain.from_iterable(_MARKS)) if c not in text)


def _squashed(text: str, enough: int | None) -> str:
    if enough is not None and len(text) > 2 * enough:
        # Spaces squashed, twice what is needed is still more than enough, unless it was
        # mostly spaces: then the whole text.
        shortened = _marked_paragraphs(text[: 2 * enough])
        if len(shortened) > enough:
            return shortened
    return _marked_paragraphs(text)


# The white space str.split splits at, in ASCII, but " " and "\n" (which the squashing
# replaces first): all controls, which a tree's text seldom holds. In a text holding none of
# them, an ASCII paragraph's only space is " ", and isascii is a flag where isprintable
# looks at each character. Each is searched for by its own "in" (a memchr): a map of the
# text's __contains__ over them cost 7 M a pass more, a function of the eight 1 M more.
_OTHER_ASCII_SPACES = "\t\x0b\x0c\r\x1c\x1d\x1e\x1f"


def _marked_paragraphs(text: str) -> str:
    """Paragraphs at the BREAKs, spaces squashed. A paragraph whose only spaces are single
    " " between its words, once stripped, is squashed already: one with no "  " that is
    printable (no other space is) or, in a text with no other ASCII space, ASCII. Most of
    the cost was isprintable's look at each character (about 20 instructions one): the ASCII
    paragraphs spared it, html_to_text on a pass's summaries went from 329 M to 325 M.
    Measured on the 2,903 texts of a pass and not kept: the whole text checked once, its
    paragraphs only stripped (97 M against 98 M); map in place of the list (96 M); an ASCII
    text checked by a translation of its bytes (91 M against 82 M for the paragraphs alone);
    the other ASCII spaces looked for by a pattern (120 M against 78 M) or by a translation
    of each ASCII paragraph (150 M). Each paragraph squashed in place, as
    ``_squashed_spaces`` would, in place of a call of it: 350 M to 339 M for html_to_text
    on a pass's summaries, most paragraphs being the spaces between two blocks."""
    if BREAK not in text:
        return _squashed_spaces(text)
    if "\n" in text:  # line ends are spaces, replaced once for all the paragraphs
        text = text.replace("\n", " ")
    paragraphs = text.split(BREAK)
    if (  # _OTHER_ASCII_SPACES
        "\t" in text
        or "\r" in text
        or "\x0b" in text
        or "\x0c" in text
        or "\x1c" in text
        or "\x1d" in text
        or "\x1e" in text
        or "\x1f" in text
    ):
        squashed = [
            q if "  " not in (q := p.strip()) and q.isprintable() else " ".join(q.split())
            for p in paragraphs
        ]
    else:
        squashed = [
            q
            if "  " not in (q := p.strip()) and (q.isascii() or q.isprintable())
            else " ".join(q.split())
            for p in paragraphs
        ]
    return "\n\n".join(filter(None, squashed))


def _squashed_spaces(text: str) -> str:
    """``" ".join(text.split())``, without a string for each word where that changes
    nothing: text whose only space is " ", never two together (no other space is
    printable, nor in ASCII but the controls of ``_OTHER_ASCII_SPACES``), once its line
    ends are spaces. Two thirds of a summary's text is, and splitting it cost 60 ns a
    word, the words being mostly of text past Latin-1. An ASCII text searched for the
    other spaces in place of isprintable's look (as ``_marked_paragraphs`` does) cost
    the plain summaries of a pass more (19.3 M against 19.2 M): they are short."""
    if "\n" in text:
        text = text.replace("\n", " ")
    if "  " not in text and text.isprintable():
        return text.strip()
    return " ".join(text.split())


def _decode_named(match: re.Match[str]) -> str:
    return _html5_references().get(match.group(1), match.group(0))


_REFERENCES: dict[str, str] = {}


def _html5_references() -> dict[str, str]:
    """Each HTML5 entity name as character references: a decoded "<" can never open a tag."""
    if not _REFERENCES:
        import html.entities

        for name, characters in html.entities.html5.items():
            _REFERENCES[name] = "".join(f"&#{ord(c)};" for c in characters)
    return _REFERENCES


_PARSER: list[object] = []


def _html_parser() -> object:
    from lxml import etree

    if not _PARSER:
        _PARSER.append(
            etree.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, recover=True)
        )
    return _PARSER[0]


_BLANK_LINE = re.compile(r"\n\s*\n")


def _paragraphs(text: str) -> str:
    """Plain text's paragraphs, split at blank lines, spaces squashed: a text with no line
    end (most feed descriptions written as plain text) is one paragraph."""
    if "\n" not in text:
        return _squashed_spaces(text)
    paragraphs = (_squashed_spaces(p) for p in _BLANK_LINE.split(text))
    return "\n\n".join(p for p in paragraphs if p)


_SENTENCE_BREAK = re.compile(r"[.!?…][\"”’)]?(?=\s)|\n\n")
# Its parts: what ends a sentence, and what may close it before the space after.
_SENTENCE_ENDS = ".!?…"
_CLOSERS = '"”’)'


def _last_sentence_end(text: str, start: int, end: int) -> int:
    """Where the last sentence break between ``start`` and ``end`` in ``text`` ends (0 if
    there is none): a break read in ``text[: end + 1]``, as nothing after decides one that
    ends by ``end``. Breaks are one or two characters, so none overlaps another unless
    three line ends run together between ``start`` and ``end``: only then are they read
    forwards, one by one. Otherwise the last of each mark is found from the end (a search
    for a character), and the last break is the one ending furthest: a pattern searched
    backwards tries each position in turn, at six times the cost. The text is read where
    it is, not copied to its first ``end + 1`` characters first, nor searched for three
    line ends outside: shorten on a pass's summaries went from 30 M to 27 M."""
    paragraph = text.rfind("\n\n", start, end)
    if paragraph >= 0 and text.find("\n\n\n", start, end) >= 0:
        ends = [m.end() for m in _SENTENCE_BREAK.finditer(text, start, end + 1) if m.end() <= end]
        return ends[-1] if ends else 0
    last = paragraph + 2 if paragraph >= 0 else 0
    size = len(text)
    for mark in _SENTENCE_ENDS:
        position = text.rfind(mark, start, end)
        while position >= 0 and position + 2 > last:  # a break here ends 1 or 2 further
            after = position + 1
            if after < size and text[after] in _CLOSERS:
                after += 1
            if after <= end and after < size and text[after].isspace():
                last = after
                break
            position = text.rfind(mark, start, position)
    return last


def shorten(text: str, limit: int) -> str:
    """``text`` in at most about ``limit`` characters: cut after the last sentence that fits, or
    at a word if that would keep less than half, and an ellipsis says that more was said."""
    if len(text) <= limit:
        return text
    # Only a break in the second half will do: the first half is not searched.
    end = _last_sentence_end(text, limit // 2 + 1, limit)
    if end:
        return f"{text[:end].rstrip()} {ELLIPSIS}"
    head = text[:limit]
    cut = head.rsplit(None, 1)[0] if " " in head.strip() else head
    return cut.rstrip(" ,;:–-") + ELLIPSIS
