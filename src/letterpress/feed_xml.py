"""The fields of an RSS 0.9x/1.0/2.0, RDF or Atom 0.3/1.0 feed, read from a well-formed tree.

Only a document lxml parsed without recovering is read here (``parse_strict``): what a
recovering parser makes of broken XML is a guess, and a guessed title is text the publisher
never wrote. Each field is kept as the publisher's markup (``RawEntry``); turning it into
text, dates and absolute links is the next step's work.

Most of the walk's time is lxml's: making an element for each child, its tag and its
text cost 6, 3 and 4 ms of a walk of 27 to 32 ms over the real feeds. What each child is to
its entry (``_kind``) is looked up by its tag in a table made as the feed's tags are met,
in place of splitting the tag and testing its namespace, then its name: 217 M instructions
a walk of the real feeds against 225 M (27.1 ms against 28.2, best of 25). The element's
text is read in ``_inner_text`` itself, a call less for its 9,700 calls a walk (3.5 M
instructions); not in ``_markup`` and ``_plain_or_html``, a fourth as often (0.7 M).
Measured and not kept: entries with slots; the parser's other options (``compact``,
``huge_tree``, comments kept, ``ns_clean``: within the noise); an Atom text construct of
type text or html with no mode read at once, before the general reading (2.0 M
instructions a walk less). ``_media`` walks an item five times, one tag or two each: it
cost 9.2 to 10 M instructions a walk against 8.9 M in one walk with its eight tags, 14 M
with a tag for each namespace matching any name, 15.9 M looking at each element of the
item, and 1.6 M more with an index of the document's media elements by the elements
holding them, made in one walk of the document.

An entry's children are taken as a list (``element[:]``), made in one loop of lxml's C,
not one step of its iterator each: 189.5 M instructions a walk against 193.5 M. An
attribute looked for by name costs lxml about 900 instructions (3,500 in a namespace), so
attributes are looked for only in an element that has some (``keys()``, 270). Measured
and not kept: an entry's fields kept in locals and the RawEntry made of them at the end,
by position (1.5 M instructions a walk more); an element's attributes read at once with
``items()`` in place of two lookups by name (3.0 M against 2.9 M for the Atom texts).
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import html
import re
import threading
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from lxml import etree

from letterpress.feed_cdata import NONE, OPEN, Sections, lift

ATOM = "{http://www.w3.org/2005/Atom}"
ATOM03 = "{http://purl.org/atom/ns#}"
RSS1 = "{http://purl.org/rss/1.0/}"
RSS090 = "{http://my.netscape.com/rdf/simple/0.9/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
DC = "{http://purl.org/dc/elements/1.1/}"
DCTERMS = "{http://purl.org/dc/terms/}"
MEDIA = ("{http://search.yahoo.com/mrss/}", "{http://search.yahoo.com/mrss}")
ITUNES = (
    "{http://www.itunes.com/dtds/podcast-1.0.dtd}",
    "{http://www.itunes.com/DTDs/Podcast-1.0.dtd}",
)
RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
_RDF_ABOUT = RDF + "about"
XHTML = "{http://www.w3.org/1999/xhtml}"
_MEDIA_AND_ITUNES = frozenset((*MEDIA, *ITUNES))
RSS11 = "{http://purl.org/net/rss1.1#}"
_PLAIN = ("", RSS1, RSS090, RSS11)
_CLOSE_TAG_OR_REFERENCE = re.compile(r"</\w+>|&#?\w+;")
_TAG_NAME = re.compile(r"</?(\w+)")
_NAMED = re.compile(r"&(\w+);")
HTML_ELEMENTS = frozenset(
    """a abbr acronym address area article aside audio b base bdi bdo big blockquote body br
    button canvas caption center cite code col colgroup data datalist dd del details dfn dialog
    dir div dl dt em embed fieldset figcaption figure font footer form frame frameset h1 h2 h3
    h4 h5 h6 head header hgroup hr html i iframe img input ins kbd label legend li link main map
    mark math menu meta meter nav nobr noembed noframes noscript object ol optgroup option
    output p param picture pre progress q rp rt ruby s samp script section select small source
    span strike strong style sub summary sup svg table tbody td template textarea tfoot th thead
    time title tr track tt u ul var video wbr xmp""".split()  # noqa: SIM905
)


def looks_like_html(text: str) -> bool:
    """Whether a field meant as plain text holds HTML all the same (feedparser's test): a
    close tag or a reference, every tag an HTML element and every reference an HTML entity.
    "#include </etc/shadow>" stays text."""
    import html.entities

    if not _CLOSE_TAG_OR_REFERENCE.search(text):
        return False
    if any(t.lower() not in HTML_ELEMENTS for t in _TAG_NAME.findall(text)):
        return False
    return all(f"{e};" in html.entities.html5 for e in _NAMED.findall(text))


def plain_as_html(text: str) -> str:
    """Plain text as HTML to read, unless it holds HTML already."""
    if "<" not in text and "&" not in text and ">" not in text:
        return text  # most titles: nothing to escape, nothing that could be HTML
    return text if looks_like_html(text) else html.escape(text, quote=False)


_ATTRIBUTE_NAMESPACE = re.compile(r'\s+xmlns(:\w+)?="[^"]*"')


class NotWellFormed(ValueError):
    """lxml found an error: the bytes are not the XML they claim to be."""


@dataclass
class RawEntry:
    """One entry's fields as the feed holds them; ``title`` and ``summary`` are HTML."""

    title: str = ""
    link: str | None = None
    published: str | None = None
    updated: str | None = None
    summary: str = ""
    content: str = ""
    author: str | None = None
    categories: list[str] = field(default_factory=list)
    image: str | None = None
    id: str | None = None
    base: str | None = None  # xml:base in effect, where the feed sets one
    # Summary and content hold only characters XML allows: read from a strict parse's tree,
    # not decoded from base64 nor read by feedparser.
    xml_characters: bool = False


@dataclass
class RawFeed:
    title: str = ""
    link: str | None = None
    entries: list[RawEntry] = field(default_factory=list)
    failed: int = 0  # entries whose fields could not be read


class Document(NamedTuple):
    """A parsed feed: its root, and the CDATA sections read apart from the tree."""

    root: Any
    sections: Sections


_STRICT: list[Any] = []
# The sections of the document being read: its tree's text holds their markers.
_SECTIONS: ContextVar[Sections] = ContextVar("_SECTIONS", default=NONE)


def parse_strict(body: bytes) -> Document:
    """The document, or NotWellFormed: never a tree a recovering parser guessed at. Large
    CDATA sections are read apart (``feed_cdata``), and what is read of the tree restores
    them."""
    lifted, sections = lift(body)
    try:
        return Document(_parse(lifted), sections)
    except NotWellFormed:
        if sections is NONE:
            raise
    raise _RefusedAsWritten(body) from None


class _RefusedAsWritten(NotWellFormed):
    """Not well-formed with its large CDATA sections taken out, so not as written either
    (``feed_cdata``). lxml's words on where and why are those for the bytes as written:
    parsed again only when asked for, as a refused feed is most often tried again, its
    first error never read."""

    def __init__(self, body: bytes) -> None:
        super().__init__()
        self._body: bytes | None = body
        self._message = ""

    def __str__(self) -> str:
        if self._body is not None:
            try:
                _parse_from_memory(self._body)
            except NotWellFormed as error:
                self._message = str(error)
            self._body = None
        return self._message


def _strict_parser() -> Any:
    return etree.XMLParser(
        recover=False,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )


# Each thread's parser fed whole documents (a feed parser holds one document at a time).
_FED = threading.local()


def _parse(body: bytes) -> Any:
    """The root of ``body`` parsed strictly. The document is fed whole to libxml2's push
    parser: the same parser building the same tree, in 8% fewer instructions than when it
    reads the bytes from memory (476 M against 519 M, a pass over the real feeds). A
    document it refuses is read from memory as well, for that reading's words on the
    error: the push parser's are often only "no element found"."""
    parser = getattr(_FED, "parser", None)
    if parser is None:
        parser = _FED.parser = _strict_parser()
    try:
        parser.feed(body)
        return parser.close()
    except etree.XMLSyntaxError:
        with contextlib.suppress(etree.XMLSyntaxError):
            parser.close()  # refused while fed: the parser is ready for the next document
    return _parse_from_memory(body)


def _parse_from_memory(body: bytes) -> Any:
    if not _STRICT:
        _STRICT.append(_strict_parser())
    try:
        root = etree.fromstring(body, _STRICT[0])
    except etree.XMLSyntaxError as error:
        raise NotWellFormed(str(error)) from error
    if root is None:
        raise NotWellFormed("empty document")
    return root


def read_tree(document: Document) -> RawFeed:
    """The feed and its entries; an entry that cannot be read is counted, not fatal."""
    token = _SECTIONS.set(document.sections)
    try:
        return _read_root(document.root)
    finally:
        _SECTIONS.reset(token)


def _read_root(root: Any) -> RawFeed:
    tag = root.tag if isinstance(root.tag, str) else ""
    namespace, _, name = tag.rpartition("}")
    home = namespace + "}" if namespace else ""
    # Atom is known by its root, whatever namespace (or none) a careless feed gives it.
    atom = name in ("feed", "entry")  # an entry document: one entry, the root
    names = (ATOM, ATOM03, home) if atom else (*_PLAIN, home) if home != RDF else _PLAIN
    feed = RawFeed()
    head = root if atom else _channel(root)
    if head is not None:
        feed.title, feed.link = _feed_head(head, atom, names)
    kinds = _KINDS.get((atom, names))
    if kinds is None:
        kinds = {}
        if len(_KINDS) < 64:  # a namespace of the feed's own is in ``names``
            _KINDS[atom, names] = kinds
    for element in _entries(root, "entry" if atom else "item", names):
        try:
            entry = _entry(element, atom, names, kinds)
            # The xml:base in effect (libxml2 walks the ancestors), None where there is none.
            entry.base = element.base
            feed.entries.append(entry)
        except Exception:  # one entry's oddity is that entry's loss, counted by the caller
            feed.failed += 1
    return feed


_SPLIT_TAGS: dict[str, tuple[str, str]] = {}


def _split_tag(tag: str) -> tuple[str, str]:
    """A tag's namespace (in braces, "" for none) and local name. A feed uses a few dozen
    tags for thousands of elements: each is split once, up to a bound a hostile feed's
    made-up names cannot pass. The walks look a split up themselves first
    (``_SPLIT_TAGS.get(tag) or _split_tag(tag)``): a call less for each element."""
    split = _SPLIT_TAGS.get(tag)
    if split is None:
        namespace, _, name = tag.rpartition("}")
        split = (namespace + "}" if namespace else "", name)
        if len(_SPLIT_TAGS) < 4096:
            _SPLIT_TAGS[tag] = split
    return split


def _channel(root: Any) -> Any:
    for child in root:
        if isinstance(child.tag, str) and child.tag.rpartition("}")[2] == "channel":
            return child
    return root


def _entries(root: Any, name: str, names: tuple[str, ...]) -> Iterator[Any]:
    if root.tag.endswith(name) and root.tag.rpartition("}")[2] == name:
        yield root
        return
    tags = {n + name for n in names}
    # The entries' parent is most often one element (the channel): its tag is read once,
    # and an entry's own only when the parent's is an entry's too (8.5 M instructions a
    # walk of the real feeds against 11.9 M).
    last_parent: Any = None
    parent_tag = None
    for element in root.iter(*tags):
        parent = element.getparent()
        if parent is not last_parent:
            last_parent = parent
            parent_tag = parent.tag if parent is not None else None
        if parent_tag not in tags or parent_tag != element.tag:  # not an entry's own markup
            yield element


def _feed_head(head: Any, atom: bool, names: tuple[str, ...]) -> tuple[str, str | None]:
    # Only the titles and links are made elements (lxml tells the others apart itself): a
    # feed may have a thousand categories before its title. Two tags matching any
    # namespace, as preparing each tag costs lxml about 3,000 instructions: 2.6 M
    # instructions a walk of the real feeds, against 10.0 M for every child and 5.0 M for
    # the eleven tags of the feed's namespaces.
    title, link = "", None
    for child in head.iterchildren("{*}title", "{*}link"):
        namespace, name = _SPLIT_TAGS.get(child.tag) or _split_tag(child.tag)
        if name == "title" and not title and namespace in names:
            title = _text_construct(child) if atom else _plain_or_html(child)
        elif name == "link" and link is None and (namespace in names or namespace == ATOM):
            atomic = atom or namespace == ATOM
            link = _link(child) if atomic else _inner_text(child) or None
        else:
            continue
        if title and link is not None:
            break  # the entries that follow are the channel's children too: not walked
    return title, link


# What each child of an entry is to the walk (``_kind``), in the order the walk tests them:
# the most frequent first.
(
    _TITLE, _PUBLISHED, _DESCRIPTION, _CATEGORY, _GUID, _ATOM_LINK, _LINK, _ATOM_CATEGORY, _ID,
    _ATOM_TITLE, _UPDATED, _CONTENT, _AUTHOR, _ATOM_AUTHOR, _ATOM_CONTENT, _ATOM_SUMMARY,
    _PLAIN_SUMMARY, _ENCLOSURE, _XHTML_BODY, _OTHER,
) = range(20)  # fmt: skip
# Added to the kind of a child in a Media RSS or iTunes namespace: ``_media`` looks further.
_MEDIA_KIND = 32
_ATOM_KINDS = {
    "title": _ATOM_TITLE, "link": _ATOM_LINK, "id": _ID, "content": _ATOM_CONTENT,
    "summary": _ATOM_SUMMARY, "published": _PUBLISHED, "issued": _PUBLISHED,
    "created": _PUBLISHED, "updated": _UPDATED, "modified": _UPDATED, "author": _ATOM_AUTHOR,
    "category": _ATOM_CATEGORY,
}  # fmt: skip
_RSS_KINDS = {
    "title": _TITLE, "link": _LINK, "description": _DESCRIPTION, "pubDate": _PUBLISHED,
    "author": _AUTHOR, "category": _CATEGORY, "guid": _GUID, "enclosure": _ENCLOSURE,
}  # fmt: skip
_DC_KINDS = {
    "date": _UPDATED, "creator": _AUTHOR, "subject": _CATEGORY, "title": _TITLE,
    "description": _PLAIN_SUMMARY,
}  # fmt: skip
_DCTERMS_KINDS = {"issued": _PUBLISHED, "created": _PUBLISHED, "modified": _UPDATED}
# Each feed kind's tags and what they are, by (atom, names): a feed uses a few dozen tags.
_KINDS: dict[tuple[bool, tuple[str, ...]], dict[Any, int]] = {}


def _kind(tag: Any, atom: bool, names: tuple[str, ...]) -> int:
    """What a child with this tag is to an entry of the feed: a matter of its namespace and
    name alone. A field the entry has already is not read again (``_entry``)."""
    if not isinstance(tag, str):
        return _OTHER
    namespace, name = _SPLIT_TAGS.get(tag) or _split_tag(tag)
    if atom:
        if namespace in names:
            kind = _ATOM_KINDS.get(name, _OTHER)
        elif namespace == DC:
            kind = _DC_KINDS.get(name, _OTHER) if name in ("date", "description") else _OTHER
        else:
            kind = _OTHER
    elif namespace in names:
        kind = _RSS_KINDS.get(name, _OTHER)
    elif namespace == CONTENT:
        kind = _CONTENT if name == "encoded" else _OTHER
    elif namespace == DC:
        kind = _DC_KINDS.get(name, _OTHER)
    elif namespace == DCTERMS:
        kind = _DCTERMS_KINDS.get(name, _OTHER)
    elif namespace == ATOM:
        kind = _ATOM_KINDS.get(name, _OTHER)
    elif namespace == XHTML:
        kind = _XHTML_BODY if name == "body" else _OTHER
    elif namespace in ITUNES:
        kind = _AUTHOR if name == "author" else _OTHER
    else:
        kind = _OTHER
    return kind + _MEDIA_KIND if namespace in _MEDIA_AND_ITUNES else kind


def _entry(element: Any, atom: bool, names: tuple[str, ...], kinds: dict[Any, int]) -> RawEntry:
    """An RSS item or an Atom entry. Each child's kind is looked up by its tag, worked out
    once for each tag of the feed (``kinds``); the tests go the most frequent first."""
    entry = RawEntry()
    # Set apart: a keyword costs the call 1,200 instructions more than the assignment.
    entry.xml_characters = True
    guid_link = None
    media = False
    for child in element[:]:
        tag = child.tag
        kind = kinds.get(tag)
        if kind is None:
            kind = _kind(tag, atom, names)
            if len(kinds) < 4096:  # a hostile feed's made-up names cannot grow it further
                kinds[tag] = kind
        if kind >= _MEDIA_KIND:
            media = True
            kind -= _MEDIA_KIND
        if kind == _TITLE:
            if not entry.title:
                entry.title = _plain_or_html(child)
        elif kind == _PUBLISHED:
            if entry.published is None:
                entry.published = _inner_text(child) or None
        elif kind == _DESCRIPTION:
            if not entry.summary:
                entry.summary = _markup(child)
        elif kind == _CATEGORY:
            entry.categories.append(_inner_text(child))
        elif kind == _GUID:
            if entry.id is None:
                entry.id = _inner_text(child) or None
                if child.get("isPermaLink", "true").strip().lower() != "false":
                    guid_link = entry.id
        elif kind == _ATOM_LINK:
            rel = child.get("rel", "alternate")
            if rel == "alternate" and entry.link is None:
                entry.link = _link(child)
            elif (
                rel == "enclosure"
                and entry.image is None
                and child.get("type", "").startswith("image/")
            ):
                entry.image = child.get("href")
        elif kind == _LINK:
            if entry.link is None:
                entry.link = _inner_text(child) or None
        elif kind == _ATOM_CATEGORY:
            term = child.get("term") or child.get("label") or _inner_text(child)
            entry.categories.append(term)
        elif kind == _ID:
            if entry.id is None:
                entry.id = _inner_text(child) or None
        elif kind == _ATOM_TITLE:
            if not entry.title:
                entry.title = _text_construct(child, entry)
        elif kind == _UPDATED:
            if entry.updated is None:
                entry.updated = _inner_text(child) or None
        elif kind == _CONTENT:
            if not entry.content:
                entry.content = _markup(child)
        elif kind == _AUTHOR:
            if entry.author is None:
                entry.author = _inner_text(child) or None
        elif kind == _ATOM_AUTHOR:
            if entry.author is None:
                entry.author = _person_name(child) or None
        elif kind == _ATOM_CONTENT:
            if not entry.content:
                entry.content = _text_construct(child, entry)
        elif kind == _ATOM_SUMMARY:
            if not entry.summary:
                entry.summary = _text_construct(child, entry)
        elif kind == _PLAIN_SUMMARY:
            if not entry.summary:
                entry.summary = _plain_or_html(child)
        elif kind == _ENCLOSURE:
            if entry.image is None and _is_image(child):
                entry.image = child.get("url")
        elif kind == _XHTML_BODY and not entry.content:
            entry.content = _inner_markup(child)
    if atom:
        # An entry with no link whose id is a web address: that address is the entry's page.
        if entry.link is None and entry.id and entry.id.startswith(("http://", "https://")):
            entry.link = entry.id
    elif entry.link is None or entry.id is None:
        # RSS 1.0's rdf:about, looked for only in an item with attributes: most have none, and
        # reading a namespaced attribute costs lxml 3,500 instructions (4 M a walk).
        about = element.get(_RDF_ABOUT) if element.keys() else None
        if entry.link is None:
            entry.link = guid_link or about
        if entry.id is None:
            entry.id = about
    if media:
        _media(entry, element)
    return entry


def _media(entry: RawEntry, item: Any) -> None:
    """Media RSS, as YouTube and podcasts use it, often inside a media:group."""
    if entry.image is not None and (entry.summary or entry.content):
        return
    for namespace in MEDIA:
        for element in item.iter(namespace + "thumbnail", namespace + "content"):
            if entry.image is None and element.get("url"):
                medium = element.get("medium") or element.get("type") or "image"
                if element.tag.endswith("thumbnail") or medium.startswith("image"):
                    entry.image = element.get("url")
        if not entry.summary:
            for element in item.iter(namespace + "description"):
                text = _inner_text(element)
                if text:
                    kind = element.get("type", "plain")
                    entry.summary = text if kind == "html" else plain_as_html(text)
                    break
    if not entry.summary and not entry.content:
        for element in item.iter(*(namespace + "summary" for namespace in ITUNES)):
            entry.summary = plain_as_html(_inner_text(element))
            break


def _person_name(person: Any) -> str:
    """An Atom author's name: its first child named so in any namespace, else its text. The
    children are looked at up to the name only (3.5 M instructions a walk less than a list
    of every child named so)."""
    for child in person[:]:
        tag = child.tag
        if isinstance(tag, str) and tag.endswith("}name"):
            return _inner_text(child)
    return _inner_text(person)


def _is_image(element: Any) -> bool:
    return bool(element.get("type", "").startswith("image/"))


def _link(element: Any) -> str | None:
    """An Atom link's address: href, or the element's text in Atom 0.3 feeds that wrote it so."""
    return (element.get("href") or _inner_text(element)).strip() or None


def _text(element: Any) -> str:
    """The element's own text, as the publisher wrote it (a lifted section put back)."""
    text = element.text
    if not text:
        return ""
    return _SECTIONS.get().restore(text) if OPEN in text else text


def _inner_text(element: Any) -> str:
    """The element's text and its descendants', stripped: a date, an address, a name."""
    if len(element):
        return _SECTIONS.get().restore("".join(element.itertext())).strip()
    text = element.text  # ``_text``'s work, done here: the most frequent reading
    if text is None:
        return ""
    return (_SECTIONS.get().restore(text) if OPEN in text else text).strip()


def _plain_or_html(element: Any) -> str:
    """An RSS title or the like: text, unless it holds markup (escaped, or as elements)."""
    if len(element):
        return _inner_markup(element)
    return plain_as_html(_text(element))


def _markup(element: Any) -> str:
    """A description: HTML, escaped or in CDATA; or, from a careless publisher, as elements."""
    return _inner_markup(element) if len(element) else _text(element)


def _text_construct(element: Any, entry: RawEntry | None = None) -> str:
    """An Atom text construct (title, summary, content) as HTML, whatever its type or mode.
    Text decoded from base64 may hold any character: ``entry`` is told so."""
    # Its attributes looked for by name only where it has them: most have none, or a type.
    attributes = element.keys()
    kind = (element.get("type") or "text").lower() if "type" in attributes else "text"
    mode = (element.get("mode") or "").lower() if "mode" in attributes else ""
    if "/" in kind and not kind.startswith("text/") and not kind.endswith("xml"):
        # Atom 1.0: any other media type is base64 (RFC 4287, 4.1.3.3); only text is text.
        if not any(word in kind for word in ("html", "text")):
            return ""
        mode = "base64"
    if mode == "base64":  # and Atom 0.3 says so
        if entry is not None:
            entry.xml_characters = False
        try:
            decoded = base64.b64decode("".join(_text(element).split()), validate=True)
            text = decoded.decode("utf-8", errors="replace")
        except (binascii.Error, ValueError):
            return ""
        return text if "html" in kind else plain_as_html(text)
    if kind in ("xhtml", "application/xhtml+xml") or mode == "xml" or len(element):
        divs = [c for c in element if c.tag == XHTML + "div"]
        holder = divs[0] if len(divs) == 1 and not _text(element).strip() else element
        return _inner_markup(holder)
    text = _text(element)
    if kind in ("html", "text/html") or mode == "escaped":
        return text
    return plain_as_html(text)


def _inner_markup(element: Any) -> str:
    """The element's content serialised, namespace declarations taken off, as HTML to read."""
    sections = _SECTIONS.get()
    parts = [html.escape(_text(element), quote=False)]
    for child in element[:]:
        serialised = sections.restore_markup(etree.tostring(child, encoding=str, with_tail=True))
        parts.append(_ATTRIBUTE_NAMESPACE.sub("", serialised))
    return "".join(parts)
