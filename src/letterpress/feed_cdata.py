"""A feed's large CDATA sections read by Python, not by libxml2, then put back as the text is read.

libxml2 reads a CDATA section a character at a time: about 5 ns a byte (lxml 6.1, libxml2
2.14), where its text outside CDATA goes ten times faster. In feeds, CDATA is mostly
content:encoded, whole articles: 11 of the 19 MB of the real-feeds corpus, half the time of
its parse. Finding a section's end, decoding it and checking its characters in Python costs
half of that, so each large section is taken out before the parse and a marker left in its
place; the text read from the tree has the marker replaced by the section.

The document parsed is otherwise the one written, so it is well-formed exactly when the
written one is, and its tree is the same but for the markers:

- A section is only taken out when Python reads it as libxml2 would accept it: UTF-8
  (strictly: no surrogates, no overlong forms) and no character XML refuses. Any other is
  left for libxml2 to judge, and refuse.
- ``<![CDATA[`` begins a section only where it is not inside a comment or a processing
  instruction (nothing else may hold a ``<`` in well-formed XML); the scan skips both.
- A section's text is what libxml2 makes of it: line ends as ``\\n``.
- A body of ``MAX_TEXT`` bytes or more is parsed as written: a text node that long is
  libxml2's error, and a marker in its place would hide it.
- So is a body that declares an encoding other than UTF-8 (``encoding="US-ASCII"``, which
  ``feed_encoding`` leaves as it is): a section is decoded as UTF-8, and a marker is UTF-8.

A marker holds a key of 64 random bits drawn for each document, so no text a publisher
writes can pass for one.

Measured and not kept (one pass over the real feeds, best of 9 to 15): writing each large
section as escaped text, for libxml2 to read at its faster pace outside CDATA, costs more
than lifting it (24 ms to escape and 78 ms to parse, against 25 ms to lift and 61 ms to
parse, in one run); the check for control characters by a pattern costs 31 ms (a search)
or 53 ms (a match of the allowed bytes) where the translation costs 10 ms, and a
translation with no byte deleted 11.5 ms. Of the lifting's 25 to 33 ms, decoding is 6 ms,
the check 10 ms, finding the sections 7.6 ms, and copying the rest 5.6 ms. A search for each
control byte (memchr, 29 of them) costs two thirds of the translation on sections this
long, and is how a section of 2 kB or more is checked (``in_a_tree``); copying the rest
from a memoryview, in place of slices, made no difference (264.0 M instructions a pass).
Nor searching the section's bytes for "\r" in place of its text (4.1 M instructions a pass
against 2.75 M), nor restoring a marker with line ends and indents around it by a lookup
of its strip (1.1 M less: the copy of the section is the most of its cost).

Nor does taking out large texts of escaped markup (``&lt;p&gt;``) the same way, though
libxml2 reads them slowly too, each reference cutting the text (6.2 of the 8.1 MB it is
left to parse; 45 ms of parse with them, 13 to 23 ms without). Their references must be
checked and decoded in Python, a pass of ``str.count`` or ``str.replace`` for each of the
five XML predefines besides the character references: the lifting took 787 M instructions
a pass against 181 M, where the parse went from 519 M to 160 M, and 131 ms against 24.
Nor when such a text is checked by searches alone and decoded only as far as a reader
reads it (a summary, the start of an article). The one pattern that finds an "&"
beginning no predefined entity and no reference to a character XML allows costs 450
instructions an "&" (150 M a pass, for 335,000 of them), the other checks and the
search for the texts 115 M more, against the 350 M the parse saves; and decoding in
Python the starts the summaries read (1.1 to 1.4 of the 5.9 MB) costs 40 to 100
instructions a byte, as much as libxml2's reading of it all. A pass took 1,700 to
1,753 M instructions with every such text of 512 bytes or more taken out, 1,658 M
with those of 16 kB or more, against 1,679 M. A parser that only checks them costs no
less: 535 M for pyexpat, 330 M for libxml2 building no tree (lxml with a target).
Checked
by the cheapest means found, the 599 such texts of 512 bytes or more (6.2 MB, 340,000
"&", 324 M of the parse) cost as much as libxml2 does: a count of "&" against the counts
of each reference 169 M; one pattern for an "&" that begins no predefined entity 174 M;
their decoding by bytes.replace 207 M; pyexpat reading them with no handler 208 M, and
lxml with a target that takes no text 340 M.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field

# The characters XML 1.0 refuses that valid UTF-8 can encode (surrogates cannot be).
from letterpress.simple_html import in_a_tree

# Smaller sections cost libxml2 too little to be worth a marker: titles, links, most
# descriptions stay in the document.
LIFT_AT = 512
# libxml2's limit on a text node, without its huge-tree option (XML_MAX_TEXT_LENGTH).
MAX_TEXT = 10_000_000
# Noncharacters: XML allows them, no publisher has a use for them, and a marker's key
# makes them unforgeable all the same.
OPEN, CLOSE = "\ufdd0", "\ufdd1"
_OPEN_BYTES, _CLOSE_BYTES = OPEN.encode(), CLOSE.encode()
# The "]" in a section looked at one by one, at most (``_section_end``).
_BRACKETS = 16
# The encoding an XML declaration names, where it names one.
# What opens a section, a comment or a processing instruction: whichever comes first is
# the one open (nothing else may hold a "<" in well-formed XML). One search for the three,
# in place of a search for sections and two for what comes before each: 7.5 M instructions
# less a pass over the real feeds (177 M to 169.5 M).
_MARKUP_OPENER = re.compile(rb"<(?:!\[CDATA\[|!--|\?)")
_DECLARED = re.compile(rb"\A(?:\xef\xbb\xbf)?<\?xml\s[^>]*?\bencoding\s*=\s*[\"']([^\"']*)")


@dataclass(frozen=True)
class Sections:
    """The sections taken out of one document, and the key its markers carry."""

    key: str
    texts: tuple[str, ...]
    # Each marker to its section: most texts with a marker are that marker alone, and are
    # restored by a lookup (1,000 instructions) in place of a parse of the text (10,000).
    _whole: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        markers = {f"{OPEN}{self.key}{n}{CLOSE}": text for n, text in enumerate(self.texts)}
        object.__setattr__(self, "_whole", markers)

    def restore(self, text: str) -> str:
        """``text`` read from the tree, each marker replaced by its section. A document with
        no section taken out has no marker: what looks like one is the publisher's."""
        if not self.texts or OPEN not in text:
            return text
        section = self._whole.get(text)
        return section if section is not None else self._replaced(text, escape=False)

    def restore_markup(self, markup: str) -> str:
        """Markup lxml serialised from the tree: each section escaped as lxml escapes text."""
        if not self.texts or OPEN not in markup:
            return markup
        return self._replaced(markup, escape=True)

    def _replaced(self, text: str, *, escape: bool) -> str:
        first, *pieces = text.split(OPEN)
        # No empty strings kept: a text that is one section whole is that section, not a copy.
        kept = [first] if first else []
        for piece in pieces:
            number, closed, rest = piece.partition(CLOSE)
            index = number[len(self.key) :]
            if not (closed and number.startswith(self.key) and index.isdigit()):
                kept += (OPEN, piece)  # the publisher's own character, not a marker
                continue
            section = self.texts[int(index)]
            if escape:
                section = section.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            kept.append(section)
            if rest:
                kept.append(rest)
        return "".join(kept)


NONE = Sections("", ())


def lift(body: bytes) -> tuple[bytes, Sections]:
    """``body`` with each large CDATA section's content replaced by a marker, and the
    sections; ``body`` itself when there is none to take out."""
    if len(body) >= MAX_TEXT or not _has_section(body):
        return body, NONE
    declared = _DECLARED.match(body, 0, 512)
    if declared and declared.group(1).lower() not in (b"utf-8", b"utf8"):
        return body, NONE
    key = secrets.token_hex(8)
    marker_key = _OPEN_BYTES + key.encode()
    parts: list[bytes] = []
    texts: list[str] = []
    position = copied = 0
    while (found := _MARKUP_OPENER.search(body, position)) is not None:
        start = found.end()
        if found.group() != b"<![CDATA[":  # a comment or an instruction: its "<![CDATA[" is text
            close = b"-->" if found.group() == b"<!--" else b"?>"
            closed = body.find(close, start)
            if closed < 0:
                break  # never closed: nothing after it is markup
            position = closed + len(close)
            continue
        end = _section_end(body, start)
        if end < 0:
            break
        position = end + 3
        if end - start < LIFT_AT:
            continue
        text = _text(body[start:end])
        if text is None:
            continue
        parts += (body[copied:start], marker_key, str(len(texts)).encode(), _CLOSE_BYTES)
        copied = end
        texts.append(text)
    if not texts:
        return body, NONE
    parts.append(body[copied:])
    return b"".join(parts), Sections(key, tuple(texts))


def _has_section(body: bytes) -> bool:
    """Whether "<![CDATA[" is in ``body``, found by its "[" (memchr), as ``_section_end``
    finds "]]>": a "[" is as rare outside sections as a "]" within one. A third of the real
    feeds' bytes are in feeds with no section, searched in 2.7 M instructions against 6.1 M;
    between sections, where more "[" are, bytes.find is the faster (29 M against 35 M)."""
    position = 0
    for _ in range(_BRACKETS):
        bracket = body.find(b"[", position)
        if bracket < 0:
            return False
        if bracket >= 2 and body.startswith(b"<![CDATA[", bracket - 2):
            return True
        position = bracket + 1
    return body.find(b"<![CDATA[", position) >= 0


def _section_end(body: bytes, start: int) -> int:
    """Where the "]]>" after ``start`` is, or -1. Found by its "]": memchr finds one byte
    five times faster than bytes.find finds three, and sections seldom hold a "]". After a
    few, bytes.find: a section of brackets costs no more than it did."""
    for _ in range(_BRACKETS):
        bracket = body.find(b"]", start)
        if bracket < 0 or body.startswith(b"]]>", bracket):
            return bracket
        start = bracket + 1
    return body.find(b"]]>", start)


def _text(content: bytes) -> str | None:
    """The section's text as libxml2 reads it, or None if libxml2 would refuse it."""
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if not in_a_tree(text, content):
        return None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text
