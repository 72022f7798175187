"""The text of simple HTML in one pass, as libxml2's HTML parser and ``text._tree_text`` read it.

Most feed HTML is a few dozen tags (p, a, em, li, h2, pre, img, a table). libxml2 builds
its tree from them by a few rules, which this reader follows as it reads the tags: a start
tag closes the open elements it closes (``_CLOSED_BY``), an end tag closes the elements open
inside its own unless one ranks above it (``_END_PRIORITY``), and the end of an element that
is not open is ignored. So the text can be read from the tags themselves, and the reading can
stop once there is enough of it, where a tree is built of all that is read. References closed
by ";" are decoded as ``text`` has the tree decode them. Anything this reader is not sure of
(an element it does not know, a reference HTML5 may read in part, a doctype) gives None, and
the caller builds the tree. tests/test_simple_html.py measures those rules again on the
libxml2 installed, and holds this reader to the tree's text on real and generated HTML.

An svg, a math formula, an object (``_HIDDEN``) is left out of the text with its content, but
its end cannot be searched for: libxml2 ignores ``</svg>`` while a div opened inside is open,
and the svg then holds what follows. Its tags are read as any others, their text thrown away:
of the 31,356 tags the summaries of a pass over the real feeds are read to, 130 are inside one,
so a search for the end, checked, would save nothing measurable.

A compiled HTML parser in its place does not pay. Lexbor (selectolax 1.0.2), measured on
the 2,948 summaries of a pass over the real feeds: its parse and plain text alone, with no
paragraph marks and hidden elements kept, cost 62 ms against this reader's 94 ms for the
whole of ``html_to_text``; marking the blocks and dropping the hidden elements takes a walk
in Python (92 ms), a search and an insertion per block (108 ms), or block tags marked by a
pattern before the parse (97 ms, and wrong inside tables). A parser reads all it is given,
where this reader stops at the text it needs.

Nor does reading a part whole in place of tag by tag: each tag replaced by a mark in one
join, the references of the part decoded at once, the paragraph marks placed by a pattern,
and only the tags' nesting checked in Python. On the summaries of the real feeds it took
42 ms against 30 ms tag by tag (best of 24 passes): a part is read to its end where the tag
by tag reading stops at the text wanted, and the marks cost what the loop saves. The size
of a part made no difference either (1.25, 1.5 or 2 times the text wanted: 29.5 to 30 ms;
3 times: 35 ms).

The tag loop itself, measured in instructions on the 1,660 simple summaries of a pass: the
module's names read as local names at each tag changed nothing (178 M either way); a part of
once or 3/4 of the text wanted cost more than one of 1.25 times (174 M and 177 M, against 173 M).
Measured on html_to_text over a pass's summaries and not kept: plain text's references
decoded by ``_decoded`` before html.unescape (331 M against 327 M, though it took 6 ms
against 11 ms on those texts alone); the search for Word's comments made two searches for
"<![" and "<!--[" (354 M against 350 M). Nor, on the same measure, each text tested for
"&" only in a part that holds one (1.4 M less of 306 M: not worth its line); the parts
partitioned by a map of str.partition (186 M against 181 M for the reader alone); a part
split at both "<" and ">" at once (``chunk.replace(">", "<").split("<")``) and read in
pairs, which saves the partition of each tag (15 M of 181 M) but is the tags' reading only
where each "<" has its ">" before the next: a text holding a ">" (which HTML allows) would
be read as a tag. Counting each costs 8 M a pass, and their order a pattern's look at each
character (about 10 instructions one, of 2 million a pass), so it is not done.
"""

from __future__ import annotations

import re
from html.entities import html5 as _HTML5

# Where a block element begins or ends, in the text of either reader: a NUL, which no
# text either gives holds (this reader refuses controls, written or referred to, and a tree
# holds none), never a space, so one split squashes the spaces and the marks survive to
# part the paragraphs. ASCII, so that a text of Latin-1 stays one byte a character with its
# marks: a private-use character (U+E000, which a text may hold) made every marked text
# two bytes a character, joined and split again at 4 M instructions a pass more.
BREAK = "\x00"
_SPACE = "[ \t\n\r\f]"  # HTML's whitespace: a no-break space inside a tag is not a separator
_START_TAG = re.compile(
    rf"<([A-Za-z][A-Za-z0-9]*)"
    rf"(?:{_SPACE}+[^ \t\n\r\f\"'<>/=]+"  # attributes, quoted or not, each after a space
    rf"(?:{_SPACE}*={_SPACE}*(?:\"[^\"]*\"|'[^']*'|[^ \t\n\r\f\"'=<>`]+))?)*"
    rf"{_SPACE}*(/?)>"  # "/" when the tag closes itself
)
_END_TAG = re.compile(rf"</([A-Za-z][A-Za-z0-9]*){_SPACE}*>")
_START, _EMPTY, _END, _COMMENT, _OTHER = "start", "empty", "end", "comment", "other"
_RAW, _RAW_EMPTY, _HIDE = "raw", "raw-empty", "hide"
# Only references closed by ";" are read here: an "&" before a letter, digit or "#" that
# begins none (a name without its ";", which HTML5 may read in part) is left to the tree.
_REFERENCE_START = frozenset("#0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_CLOSED_REFERENCE = re.compile(
    r"#(?:([0-9]{1,7})|[xX]([0-9A-Fa-f]{1,6}));|([A-Za-z][A-Za-z0-9]{0,31};)"
)
# A character no reference holds: a text cut before one has its references whole.
_OUTSIDE_REFERENCE = re.compile(r"[^&#;0-9A-Za-z]")
# The references most feed text is written with, and "&amp;", each by what follows its "&":
# each is read by one lookup, the others by a pattern (``_reference``).
_COMMON_REFERENCES = {
    "amp;": "&",
    **{f"{name};": _HTML5[f"{name};"] for name in (
        "rsquo", "lsquo", "ldquo", "rdquo", "nbsp", "lt", "gt", "quot", "apos", "mdash",
        "ndash", "hellip", "eacute", "copy",
    )},
    **{f"#{code};": chr(code) for code in (
        8217, 8216, 8220, 8221, 8211, 8212, 8230, 39, 34, 160,
    )},
    **{f"#x{code:X};": chr(code) for code in (0xA0, 0x2019, 0x2014)},
}  # fmt: skip
_LONGEST_COMMON = max(map(len, _COMMON_REFERENCES))
# Elements whose start and end mark a paragraph (``text._BLOCK``).
_BLOCK = frozenset((
    "p", "br", "div", "li", "ul", "ol", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "pre",
    "hr", "section", "article", "figure", "figcaption", "dd", "dt", "table", "tr",
))  # fmt: skip
# Elements libxml2 ends as soon as they begin. HTML5's source, track, wbr and embed are not
# among them: libxml2 keeps them open, and the end of an element around them ends them.
_VOID = frozenset(("br", "hr", "img", "col", "link", "meta", "input", "param", "area", "base"))
_INLINE = frozenset((
    "a", "abbr", "b", "cite", "code", "em", "i", "kbd", "mark", "q", "s", "samp", "small", "span",
    "strong", "sub", "sup", "u", "time", "del", "ins", "big", "tt", "strike", "font", "dfn", "var",
    "aside", "header", "footer", "nav", "dl", "center", "details", "summary",
    "caption", "colgroup", "thead", "tbody", "tfoot", "td", "th", "option", "optgroup",
    "video", "audio", "picture", "source", "track", "wbr", "embed", "image",
    # What SVG and MathML are drawn with, inside the hidden elements below: names libxml2
    # does not know, so elements it neither closes by itself nor lets close another.
    "path", "g", "circle", "rect", "line", "polyline", "polygon", "ellipse", "defs", "use",
    "symbol", "lineargradient", "radialgradient", "stop", "clippath", "mask", "text", "tspan",
    "desc", "foreignobject", "mi", "mo", "mn", "ms", "mtext", "mrow", "msup", "msub",
    "msubsup", "mfrac", "msqrt", "mroot", "mstyle", "mspace", "mover", "munder", "munderover",
    "mtable", "mtr", "mtd", "semantics", "annotation",
))  # fmt: skip
# Elements the text leaves out with their content (``text.HIDDEN_ELEMENTS``) that hold
# elements, not text: their content is read for where they end, and its text thrown away.
_HIDDEN = frozenset(("svg", "math", "object", "select", "button", "noscript", "template"))
_KNOWN = _BLOCK | _VOID | _INLINE | _HIDDEN
# Elements whose content is text up to their end tag, and which the text leaves out with
# that content (``text.HIDDEN_ELEMENTS``): a frame, a style, a script, a title.
_RAW_TEXT = frozenset(
    ("script", "style", "iframe", "noembed", "noframes", "xmp", "textarea", "title")
)
_RAW_END = {name: re.compile(rf"</{name}[\t\n\r\f />]", re.I) for name in _RAW_TEXT}
# Where Word's conditional comments begin ("<![if ...]>", "<!--[if ...]>"): what they hide
# or reveal is read by ``text``'s way, not here (the reader gives None). In a tag, the
# tag's reading refuses them; in the content of a raw-text element, this finds them.
WORD_COMMENT = re.compile(r"<!(?:--)?\[")
# The start tags that make libxml2 close the open element first (as measured of libxml2
# 2.14; the test of this module measures it again): libxml2 closes the innermost element
# while the start tag closes it, and so does this reader.
_CLOSED_BY = {
    name: frozenset(closers.split())
    for name, closers in {
        "a": "a table td th",
        "b": "center p td th",
        "big": "p",
        "caption": "col colgroup tbody tfoot thead tr",
        "colgroup": "colgroup tbody tfoot thead tr",
        "dd": "dt",
        "dl": "li",
        "dt": "dd dl",
        "font": "center td th",
        "h1": "li p table",
        "h2": "li p table",
        "h3": "li p table",
        "h4": "li p table",
        "h5": "li p table",
        "h6": "li p table",
        "i": "center p td th",
        "li": "li",
        "option": "optgroup option",
        "p": "blockquote caption center col colgroup dd div dl dt h1 h2 h3 h4 h5 h6 hr li ol p"
        " pre table tbody td tfoot th title tr ul xmp",
        "pre": "dd dl dt li table ul",
        "s": "p",
        "small": "p",
        "span": "td th",
        "strike": "p",
        "tbody": "tbody tfoot",
        "td": "tbody td tfoot th tr",
        "tfoot": "tbody",
        "th": "tbody td tfoot th tr",
        "thead": "tbody tfoot",
        "tr": "tbody tfoot tr",
        "tt": "p",
        "u": "p td th",
        "ul": "pre",
    }.items()
}
_NOTHING: frozenset[str] = frozenset()
# Every element this reader keeps open has its entry, the fragment's own ("") among them:
# one subscript at each tag, not a call.
_CLOSED_BY.update((name, _NOTHING) for name in _KNOWN.union(("",)).difference(_CLOSED_BY))
# An end tag closes the elements open inside its own unless one of them ranks above it,
# and is then ignored (libxml2's priorities, measured again by the test); the others rank 100.
_END_PRIORITY = {
    "div": 150, "td": 160, "th": 160, "tr": 170, "thead": 180, "tbody": 180, "tfoot": 180,
    "table": 190,
}  # fmt: skip
# Characters lxml refuses in a tree: controls, lone surrogates, U+FFFE and U+FFFF.
# The surrogates are written as chr(): a compiled module (mypyc) cannot hold them as literals.
NOT_IN_A_TREE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f{chr(0xD800)}-{chr(0xDFFF)}\ufffe\uffff]")
# The controls among them, as bytes: one translation finds them, three times faster than
# the pattern does; in a long text, a search for each (memchr) finds them faster still.
# The feed reader checks CDATA sections the same way (``in_a_tree``).
CONTROLS_NOT_IN_A_TREE = bytes(c for c in range(0x20) if c not in (0x09, 0x0A, 0x0D))
_SEARCHED_FROM = 2048  # bytes: below, the one translation costs less than 29 searches


def _start_kind(name: str, closes: bool) -> tuple[str, str]:
    """The kind of a start tag of an element this reader knows, closed by "/>" or not."""
    if name in _HIDDEN:  # <svg/> is nothing in the text: an element with no text, gone
        return (_RAW_EMPTY if closes else _HIDE), name
    return (_EMPTY if closes or name in _VOID else _START), name


# What the tag loop needs of a tag: its kind, its element's name, the start tags that close
# that element, and whether it is a block. One lookup gives them all: the loop spends most
# of its time on a few inline tags, and each lookup saved there is one at every tag.
_Tag = tuple[str, str, frozenset[str], bool]


def _tag(kind_and_name: tuple[str, str]) -> _Tag:
    """A tag's entry in ``_TAGS``, of its kind and its element's name."""
    kind, name = kind_and_name
    return kind, name, _CLOSED_BY.get(name, _NOTHING), name in _BLOCK


# The tags most HTML is made of, as written, known at once; others are added as read.
# Each by what is between its "<" and ">".
_TAGS = {
    **{name: _tag((_RAW, name)) for name in _RAW_TEXT},
    **{name: _tag(_start_kind(name, False)) for name in _KNOWN},
    **{f"{name}/": _tag(_start_kind(name, True)) for name in _KNOWN},
    **{f"{name} /": _tag(_start_kind(name, True)) for name in _KNOWN},
    **{f"/{name}": _tag((_END, name)) for name in _KNOWN},
}
_PLAIN_TAG_COUNT = len(_TAGS)
# Put after the last of the parts a text is split into at "<", none of which holds one.
_PART_END = "<"


def simple_text(markup: str, want: int | None = None) -> str | None:
    """The text of ``markup`` with a BREAK where a paragraph begins or ends, spaces not yet
    squashed; or None when ``markup`` is not simple HTML. With ``want``, reading stops once
    the text has that many characters: what it gives is then the start of the text."""
    read = simple_start(markup, want)
    return None if read is None else read[0]


def simple_start(
    markup: str, want: int | None = None, *, xml_characters: bool = False
) -> tuple[str, int] | None:
    """``simple_text``, and where in ``markup`` the reading stopped: the text is that of
    ``markup[:stop]``, and nothing after ``stop`` was looked at. With ``xml_characters``,
    ``markup`` holds only characters XML allows (it was read from an XML tree, which holds
    no other): those are the characters a tree holds, so they are not checked again. None
    where a Word comment (``WORD_COMMENT``) begins in what is read: a search of the text
    read for them cost html_to_text 12 M instructions a pass (of 339 M), the reading of
    the tags that holds them nothing."""
    pieces: list[str] = []
    stack = [""]  # the open elements, innermost last, above the fragment's own
    # Inside an element left out of the text (an svg), its text goes to a list thrown away:
    # hidden_at is the number of open elements with the outermost such, 0 outside one, and
    # hidden what to read on with once it is closed.
    hidden_at = 0
    hidden: tuple[list[str], int, int, bool, int] = ([], 0, 0, False, 0)
    closers = _NOTHING  # the start tags that would close the innermost open element
    text_opens = False  # a block element has just begun: text now is its first text
    length = 0
    position, end = 0, len(markup)
    enough = end + 1 if want is None else want
    # Read a part at a time, a little more than is wanted, cut before a tag so that text
    # and references are whole: most feed HTML gives what is wanted from its first part.
    step = want + want // 4 if want else end
    while position < end:
        cut = markup.find("<", position + step) if position + step < end else -1
        if cut < 0:
            cut = end
        if cut - position > 2 * step:
            # A long text (a paragraph of shortcodes, a page of code) is cut inside, not
            # read and decoded whole for the few hundred characters wanted of it.
            cut = _inside_text(markup, position + step, cut)
        chunk = markup[position:cut]
        if not xml_characters and not _holdable(chunk):
            return None  # characters no tree holds
        position = cut
        # Each part after a "<" is a tag's inside, its ">" and the text up to the next tag (a
        # tag ends at its first ">", unless a quoted attribute holds one, which the tag's
        # own pattern then refuses); the first part is text only. Two string methods split
        # a part faster than a pattern does. Each text is read at the top of the loop, the
        # tag before it having been read in the turn before: the first text needs no tag
        # read before it, and the turn of _PART_END reads the last text and ends the loop.
        # The first text read as if after a tag that is nothing cost 6 M a pass more.
        split = chunk.split("<")
        split.append(_PART_END)
        parts = iter(split)
        text = next(parts)
        for part in parts:
            if text:
                if "&" in text:
                    decoded = _decoded(text)
                    if decoded is None:
                        return None
                    text = decoded
                if text_opens:
                    pieces.append(BREAK)
                    text_opens = False
                pieces.append(text)
                length += len(text)
                if length >= enough:
                    return "".join(pieces), position
            inside, closed, text = part.partition(">")
            if not closed:
                if part is _PART_END:
                    break
                return None  # a "<" in the text
            try:  # a subscript costs less than a call of get, and a tag is mostly known
                kind, name, own_closers, block = _TAGS[inside]
            except KeyError:
                kind, name, own_closers, block = _read_tag(inside)
            if kind is _END:
                if stack[-1] == name:
                    stack.pop()
                    closers = _CLOSED_BY[stack[-1]]
                    text_opens = False
                    if block:
                        pieces.append(BREAK)
                    elif hidden_at and len(stack) < hidden_at:  # the hidden element ends
                        pieces, length, enough, text_opens, hidden_at = hidden
                else:
                    keep = _kept_by_end(stack, name)
                    if keep is None:
                        return None
                    if keep < len(stack):  # elements closed with the one ended
                        text_opens = False
                        if keep < hidden_at:
                            _close(stack, hidden_at - 1, pieces)
                            pieces, length, enough, text_opens, hidden_at = hidden
                            text_opens = text_opens and keep == len(stack)
                        _close(stack, keep, pieces)
                        closers = _CLOSED_BY[stack[-1]]
            else:
                if name in closers:
                    # libxml2 closes the open elements this tag closes, innermost first.
                    keep = _kept_by_start(stack, name)
                    if keep < hidden_at:
                        _close(stack, hidden_at - 1, pieces)
                        pieces, length, enough, text_opens, hidden_at = hidden
                    _close(stack, keep, pieces)
                    closers = _CLOSED_BY[stack[-1]]
                    text_opens = False
                if kind is _START:
                    stack.append(name)
                    closers = own_closers
                    text_opens = block
                elif kind is _EMPTY:  # a void element, or <p/>: libxml2 reads <p></p>
                    text_opens = False
                    if block:
                        pieces.append(BREAK)
                elif kind is _HIDE:
                    stack.append(name)
                    closers = own_closers
                    if not hidden_at:
                        hidden = (pieces, length, enough, text_opens, 0)
                        pieces, length, enough, hidden_at = [], 0, end + 1, len(stack)
                elif kind is _RAW:
                    # Not in the text, nor between a block's start and its text: what
                    # follows its end is read next.
                    after = cut - len(text) - sum(len(rest) + 1 for rest in parts)
                    after += len(_PART_END) + 1  # among the parts left, not in the markup
                    found = _RAW_END[name].search(markup, after)
                    close = markup.find(">", found.end() - 1) if found else -1
                    position = close + 1 if close >= 0 else end
                    if WORD_COMMENT.search(markup, after, position):
                        return None  # what a Word comment hides may run past the end
                    break
                elif kind is not _COMMENT and kind is not _RAW_EMPTY:
                    return None  # a comment is not in the tree; the rest is not read here
    if hidden_at:  # the markup ends inside a hidden element
        pieces = hidden[0]
    return "".join(pieces), position


def _kept_by_end(stack: list[str], name: str) -> int | None:
    """How many of the open elements ``stack`` stay open after the end tag of ``name``,
    which is not the innermost's, as libxml2 reads it; None if it is not read here. The end
    of an element that is not open is ignored (unless it is a div: the fragment's own div
    is open), and so is one that would close an element ranking above its own."""
    if name not in stack:
        return len(stack) if name in _KNOWN and name != "div" else None
    at = len(stack) - 1 - stack[::-1].index(name)
    rank = _END_PRIORITY.get(name, 100)
    if any(_END_PRIORITY.get(inner, 100) > rank for inner in stack[at + 1 :]):
        return len(stack)
    return at


def _kept_by_start(stack: list[str], name: str) -> int:
    """How many of the open elements ``stack`` stay open before the start tag of ``name``:
    libxml2 closes the innermost while ``name`` closes it (``_CLOSED_BY``)."""
    keep = len(stack) - 1
    while name in _CLOSED_BY[stack[keep - 1]]:
        keep -= 1
    return keep


def _close(stack: list[str], keep: int, pieces: list[str]) -> None:
    """Close the open elements above the first ``keep``: a BREAK where a block ends."""
    while len(stack) > keep:
        if stack.pop() in _BLOCK:
            pieces.append(BREAK)


def _inside_text(markup: str, start: int, end: int) -> int:
    """Where to cut a long text that runs from before ``end`` to the tag at ``end``: after
    ``start``, before a character that no reference holds (so each is read whole, and
    decoded as it would be in the whole text), past the last ">" (so never inside a tag);
    ``end`` itself if there is no such place."""
    text_start = max(start, markup.rfind(">", start, end) + 1)
    found = _OUTSIDE_REFERENCE.search(markup, text_start, end)
    return found.start() if found else end


def _read_tag(inside: str) -> _Tag:
    """A tag not among the plain ones, by what is between its "<" and ">", read once: a
    feed writes the same few many times."""
    read = _tag(_tag_kind(f"<{inside}>"))
    if len(_TAGS) < _PLAIN_TAG_COUNT + 4096:
        _TAGS[inside] = read
    return read


def _tag_kind(tag: str) -> tuple[str, str]:
    """A tag not among the plain ones: its kind and name, the kind _OTHER if it is not read
    here (a doctype, a tag whose attribute holds a ">", an element this reader does not
    know)."""
    if tag[1] == "?":
        # A processing instruction is a comment to HTML, ended by its first ">".
        return _COMMENT, ""
    if tag[1] == "!":
        # An HTML comment ends at the first "-->" ("<!-->" is one); one holding a ">" is
        # cut short by the split, and left to the tree, as is Word's "<!--[if ...]>".
        if (
            tag.startswith("<!--")
            and tag[4] != "["
            and ((len(tag) >= 7 and tag.endswith(("-->", "--!>"))) or tag in ("<!-->", "<!--->"))
        ):
            return _COMMENT, ""
        return _OTHER, ""
    if tag[1] == "/":
        end = _END_TAG.fullmatch(tag)
        return (_END, end.group(1).lower()) if end else (_OTHER, "")
    start = _START_TAG.fullmatch(tag)
    if start is None:
        return _OTHER, ""
    name, closes = start.groups()
    name = name.lower()
    if name in _RAW_TEXT:  # libxml2 reads <iframe/> as an empty element
        return (_RAW_EMPTY if closes else _RAW), name
    if name not in _KNOWN:
        return _OTHER, ""
    return _start_kind(name, bool(closes))


def _holdable(text: str) -> bool:
    """Whether ``text`` has no character NOT_IN_A_TREE matches."""
    try:
        encoded = text.encode("utf-8")  # a lone surrogate cannot be
    except UnicodeEncodeError:
        return False
    return in_a_tree(text, encoded)


def in_a_tree(text: str, encoded: bytes) -> bool:
    """Whether ``text``, valid UTF-8 as ``encoded``, has no control or noncharacter a tree
    refuses: the test of NOT_IN_A_TREE once the surrogates are ruled out. A short text is
    translated; a long one (a CDATA section, 10 kB on average in the real feeds) searched
    for each control, which costs two thirds of its translation (6 ms and 9 ms a pass).
    Each is searched for by "in" in a loop: a map of ``encoded.__contains__`` over them
    made a call and an argument tuple of each, 55 M instructions a pass against 49 M."""
    if len(encoded) < _SEARCHED_FROM:
        if len(encoded.translate(None, CONTROLS_NOT_IN_A_TREE)) != len(encoded):
            return False
    else:
        for control in CONTROLS_NOT_IN_A_TREE:
            if control in encoded:
                return False
    return "\ufffe" not in text and "\uffff" not in text


def _decoded(text: str) -> str | None:
    """``text`` with its references decoded, or None if one is not a reference read here."""
    # Read piece by piece after each "&", as no reference holds one; most text holds only
    # common references and "&amp;", each found by one lookup.
    first, *rest = text.split("&")
    decoded = [first]
    for piece in rest:
        semi = piece.find(";", 0, _LONGEST_COMMON) + 1
        character = _COMMON_REFERENCES.get(piece[:semi]) if semi else None
        if character is None:
            read = _reference(piece)
            if read is None:
                return None
            character, semi = read
        decoded += (character, piece[semi:])
    return "".join(decoded)


def _reference(after: str) -> tuple[str, int] | None:
    """What the "&" before ``after`` and the reference it begins read as, and that
    reference's length in ``after``: ``("&", 0)`` if it begins none. None if it begins one
    not read here: a name without its ";" (HTML5 may read it in part), a name HTML does not
    know, a character that is not a plain one (``_plain_character``)."""
    if not after or after[0] not in _REFERENCE_START:
        return "&", 0
    found = _CLOSED_REFERENCE.match(after)
    if found is None:
        return None
    decimal, hexadecimal, name = found.groups()
    if name is not None:
        character = _HTML5.get(name)
        return None if character is None else (character, found.end())
    code = int(decimal) if decimal is not None else int(hexadecimal, 16)
    return (chr(code), found.end()) if _plain_character(code) else None


def _plain_character(code: int) -> bool:
    """A character every HTML parser decodes as itself and lxml keeps in a tree."""
    if code < 0x20:
        return code in (0x09, 0x0A)
    if 0x7F <= code < 0xA0 or 0xD800 <= code < 0xE000 or 0xFDD0 <= code < 0xFDF0:
        return False
    return code <= 0x10FFFF and code & 0xFFFE != 0xFFFE
