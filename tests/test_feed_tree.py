"""The walk of a feed's tree (feed_xml) against a plain reading of each child by its
namespace and name: whatever children an entry has, in whatever namespaces and order, the
entry read is the same."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from letterpress import feed_xml
from letterpress.feed_xml import (
    ATOM,
    ATOM03,
    CONTENT,
    DC,
    DCTERMS,
    ITUNES,
    MEDIA,
    RDF,
    RSS1,
    XHTML,
    RawEntry,
    RawFeed,
    parse_strict,
    read_tree,
)

TREES = settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _reference_rss_item(item: Any, names: tuple[str, ...]) -> RawEntry:
    """An RSS item read child by child, each tested by its namespace, then its name."""
    entry = RawEntry(xml_characters=True)
    guid_link = None
    children = _named_children(item)
    for namespace, name, child in children:
        if namespace in names:
            if name == "title" and not entry.title:
                entry.title = feed_xml._plain_or_html(child)
            elif name == "link" and entry.link is None:
                entry.link = feed_xml._inner_text(child) or None
            elif name == "description" and not entry.summary:
                entry.summary = feed_xml._markup(child)
            elif name == "pubDate" and entry.published is None:
                entry.published = feed_xml._inner_text(child) or None
            elif name == "author" and entry.author is None:
                entry.author = feed_xml._inner_text(child) or None
            elif name == "category":
                entry.categories.append(feed_xml._inner_text(child))
            elif name == "guid" and entry.id is None:
                entry.id = feed_xml._inner_text(child) or None
                if child.get("isPermaLink", "true").strip().lower() != "false":
                    guid_link = entry.id
            elif name == "enclosure" and entry.image is None and feed_xml._is_image(child):
                entry.image = child.get("url")
        elif namespace == CONTENT and name == "encoded" and not entry.content:
            entry.content = feed_xml._markup(child)
        elif namespace == DC:
            if name == "date" and entry.updated is None:
                entry.updated = feed_xml._inner_text(child) or None
            elif name == "creator" and entry.author is None:
                entry.author = feed_xml._inner_text(child) or None
            elif name == "subject":
                entry.categories.append(feed_xml._inner_text(child))
            elif name == "title" and not entry.title:
                entry.title = feed_xml._plain_or_html(child)
            elif name == "description" and not entry.summary:
                entry.summary = feed_xml._plain_or_html(child)
        elif namespace == DCTERMS and name in ("issued", "created") and entry.published is None:
            entry.published = feed_xml._inner_text(child) or None
        elif namespace == DCTERMS and name == "modified" and entry.updated is None:
            entry.updated = feed_xml._inner_text(child) or None
        elif namespace == ATOM:
            _reference_atom_child(entry, name, child)
        elif namespace == XHTML and name == "body" and not entry.content:
            entry.content = feed_xml._inner_markup(child)
        elif namespace in ITUNES and name == "author" and entry.author is None:
            entry.author = feed_xml._inner_text(child) or None
    if entry.link is None:
        entry.link = guid_link or item.get(RDF + "about")
    if entry.id is None:
        entry.id = item.get(RDF + "about")
    if _has_media(children):
        feed_xml._media(entry, item)
    return entry


def _named_children(element: Any) -> list[tuple[str, str, Any]]:
    """Each element child's namespace, local name and the child, comments left out."""
    return [
        (*feed_xml._split_tag(child.tag), child) for child in element if isinstance(child.tag, str)
    ]


def _has_media(children: list[tuple[str, str, Any]]) -> bool:
    return any(namespace in (*MEDIA, *ITUNES) for namespace, _, _ in children)


def _reference_atom_entry(element: Any, names: tuple[str, ...]) -> RawEntry:
    entry = RawEntry(xml_characters=True)
    children = _named_children(element)
    for namespace, name, child in children:
        if namespace in names:
            _reference_atom_child(entry, name, child)
        elif namespace == DC and name == "date" and entry.updated is None:
            entry.updated = feed_xml._inner_text(child) or None
        elif namespace == DC and name == "description" and not entry.summary:
            entry.summary = feed_xml._plain_or_html(child)
    if entry.link is None and entry.id and entry.id.startswith(("http://", "https://")):
        entry.link = entry.id
    if _has_media(children):
        feed_xml._media(entry, element)
    return entry


def _reference_atom_child(entry: RawEntry, name: str, child: Any) -> None:
    if name == "title" and not entry.title:
        entry.title = feed_xml._text_construct(child, entry)
    elif name == "link":
        rel = child.get("rel", "alternate")
        if rel == "alternate" and entry.link is None:
            entry.link = feed_xml._link(child)
        elif (
            rel == "enclosure"
            and entry.image is None
            and child.get("type", "").startswith("image/")
        ):
            entry.image = child.get("href")
    elif name == "id" and entry.id is None:
        entry.id = feed_xml._inner_text(child) or None
    elif name == "content" and not entry.content:
        entry.content = feed_xml._text_construct(child, entry)
    elif name == "summary" and not entry.summary:
        entry.summary = feed_xml._text_construct(child, entry)
    elif name in ("published", "issued", "created") and entry.published is None:
        entry.published = feed_xml._inner_text(child) or None
    elif name in ("updated", "modified") and entry.updated is None:
        entry.updated = feed_xml._inner_text(child) or None
    elif name == "author" and entry.author is None:
        names = [c for c in child if isinstance(c.tag, str) and c.tag.endswith("}name")]
        entry.author = (
            feed_xml._inner_text(names[0]) if names else feed_xml._inner_text(child)
        ) or None
    elif name == "category":
        term = child.get("term") or child.get("label") or feed_xml._inner_text(child)
        entry.categories.append(term)


def _reference_head(head: Any, atom: bool, names: tuple[str, ...]) -> tuple[str, str | None]:
    title, link = "", None
    for child in head:
        if not isinstance(child.tag, str):
            continue
        namespace, name = feed_xml._split_tag(child.tag)
        if name == "title" and not title and namespace in names:
            title = feed_xml._text_construct(child) if atom else feed_xml._plain_or_html(child)
        elif name == "link" and link is None and (namespace in names or namespace == ATOM):
            atomic = atom or namespace == ATOM
            link = feed_xml._link(child) if atomic else feed_xml._inner_text(child) or None
        else:
            continue
        if title and link is not None:
            break
    return title, link


def _reference_read(body: bytes) -> RawFeed:
    """The feed read child by child."""
    root = parse_strict(body).root
    namespace, _, name = root.tag.rpartition("}")
    home = namespace + "}" if namespace else ""
    atom = name in ("feed", "entry")
    plain = ("", RSS1, feed_xml.RSS090, feed_xml.RSS11)
    names = (ATOM, ATOM03, home) if atom else (*plain, home) if home != RDF else plain
    head = root if atom else feed_xml._channel(root)
    title, link = _reference_head(head, atom, names)
    entries = []
    for element in feed_xml._entries(root, "entry" if atom else "item", names):
        entry = (
            _reference_atom_entry(element, names) if atom else _reference_rss_item(element, names)
        )
        entry.base = element.base
        entries.append(entry)
    return RawFeed(title, link, entries)


# Every namespace a field is read from, and some no field is.
NAMESPACES = ["", RSS1, ATOM, ATOM03, CONTENT, DC, DCTERMS, XHTML, *MEDIA, *ITUNES, RDF, "{urn:x}"]
NAMES = [
    "title", "link", "description", "pubDate", "author", "category", "guid", "enclosure",
    "encoded", "date", "creator", "subject", "issued", "created", "modified", "id", "content",
    "summary", "published", "updated", "body", "name", "thumbnail", "group",
]  # fmt: skip
ATTRIBUTES = st.sampled_from(
    [
        "", ' rel="enclosure" type="image/png" href="https://e.org/i.png"', ' rel="alternate"',
        ' href="https://e.org/a"', ' isPermaLink="false"', ' type="image/jpeg" url="https://e.org/j"',
        ' term="t"', ' label="l"', ' type="html"', ' type="xhtml"', ' mode="base64"',
        ' url="https://e.org/m" medium="image"',
    ]
)  # fmt: skip
TEXTS = st.sampled_from(
    ["", "  ", "https://e.org/x", "Tue, 10 Jun 2003 04:00:00 GMT", "a &amp; b", "&lt;p&gt;x"]
)


@st.composite
def child(draw: st.DrawFn) -> str:
    namespace = draw(st.sampled_from(NAMESPACES))
    name = draw(st.sampled_from(NAMES))
    xmlns = f' xmlns="{namespace[1:-1]}"' if namespace else ' xmlns=""'
    inner = draw(TEXTS)
    if draw(st.integers(0, 6)) == 0:
        # Children such as an Atom person's: a name, perhaps after others, perhaps twice.
        inner += "".join(
            draw(
                st.lists(
                    st.sampled_from(
                        [f"<name>{draw(TEXTS)}</name>", "<email>e@e.org</email>", "<name>n</name>"]
                    ),
                    min_size=1,
                    max_size=3,
                )
            )
        )
    return f"<{name}{xmlns}{draw(ATTRIBUTES)}>{inner}</{name}>"


# An item's own attributes: RSS 1.0's rdf:about, another attribute, or none.
ITEM_ATTRIBUTES = st.sampled_from(
    [
        "",
        f' xmlns:rdf="{RDF[1:-1]}" rdf:about="https://e.org/about"',
        f' xmlns:rdf="{RDF[1:-1]}" rdf:about=""',
        ' about="https://e.org/not-rdf"',
    ]
)


@st.composite
def head_child(draw: st.DrawFn) -> str:
    """A child of the channel (or the Atom feed) beside its entries: a title or a link most."""
    namespace = draw(st.sampled_from(NAMESPACES))
    name = draw(st.sampled_from(["title", "link", "category"]))
    xmlns = f' xmlns="{namespace[1:-1]}"' if namespace else ' xmlns=""'
    href = draw(st.sampled_from(["", ' href="https://e.org/h"', ' href=""']))
    return f"<{name}{xmlns}{href}>{draw(TEXTS)}</{name}>"


@st.composite
def feed(draw: st.DrawFn) -> bytes:
    root = draw(st.sampled_from(["rss", "RDF", "feed", "entry"]))
    namespace = draw(st.sampled_from(["", RSS1, ATOM, ATOM03, RDF, MEDIA[0], DC, "{urn:x}"]))
    item = "entry" if root in ("feed", "entry") else "item"
    entries = [
        f"<{item}{draw(ITEM_ATTRIBUTES)}>{''.join(draw(st.lists(child(), max_size=8)))}</{item}>"
        for _ in range(draw(st.integers(1, 3)))
    ]
    xmlns = f' xmlns="{namespace[1:-1]}"' if namespace else ""
    around = st.lists(head_child() | child(), max_size=4)
    entries = [*draw(around), *entries, *draw(around)]
    if root == "entry":
        return f"<entry{xmlns}>{''.join(draw(st.lists(child(), max_size=8)))}</entry>".encode()
    if root == "rss":
        return f"<rss{xmlns}><channel>{''.join(entries)}</channel></rss>".encode()
    return f"<{root}{xmlns}>{''.join(entries)}</{root}>".encode()


@TREES
@given(feed())
def test_each_child_is_read_as_its_namespace_and_name_say(body: bytes) -> None:
    assert read_tree(parse_strict(body)) == _reference_read(body)


def test_an_entry_is_read_field_by_field_whatever_the_namespaces() -> None:
    body = (
        b'<rss xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:a="http://www.w3.org/2005/Atom"'
        b' xmlns:media="http://search.yahoo.com/mrss/"><channel><title>T</title><item>'
        b"<dc:title>First</dc:title><title>Second</title><dc:date>2024-06-15</dc:date>"
        b'<a:link rel="alternate" href="https://e.org/a"/><guid>g1</guid>'
        b'<media:thumbnail url="https://e.org/t.png"/><category>c</category>'
        b"<dc:subject>s</dc:subject></item></channel></rss>"
    )
    entry = read_tree(parse_strict(body)).entries[0]
    assert (entry.title, entry.updated, entry.link, entry.id) == (
        "First",
        "2024-06-15",
        "https://e.org/a",
        "g1",
    )
    assert (entry.image, entry.categories) == ("https://e.org/t.png", ["c", "s"])


@st.composite
def nested(draw: st.DrawFn, depth: int = 0) -> str:
    tag = draw(st.sampled_from(["item", "channel", "x", "rss1:item", "entry"]))
    children = draw(st.lists(nested(depth + 1), max_size=3)) if depth < 3 else []
    return f"<{tag}>{''.join(children)}</{tag}>"


@TREES
@given(st.lists(nested(), max_size=4))
def test_the_entries_are_the_items_not_inside_an_item_of_their_own_tag(parts: list[str]) -> None:
    body = f'<rss xmlns:rss1="{RSS1[1:-1]}"><channel>{"".join(parts)}</channel></rss>'
    root = parse_strict(body.encode()).root
    names = ("", RSS1)
    tags = {n + "item" for n in names}
    expected = [
        element
        for element in root.iter(*tags)
        if element.getparent() is None or element.getparent().tag != element.tag
    ]
    assert list(feed_xml._entries(root, "item", names)) == expected


@TREES
@given(st.sampled_from(["rss", "RDF", "feed"]), st.lists(head_child(), max_size=8))
def test_the_feed_s_title_and_link_are_read_as_its_namespaces_say(
    root: str, children: list[str]
) -> None:
    inner = "".join(children)
    if root == "rss":
        body = f"<rss><channel>{inner}</channel></rss>".encode()
    else:
        xmlns = f' xmlns="{ATOM[1:-1]}"' if root == "feed" else ""
        body = f"<{root}{xmlns}>{inner}</{root}>".encode()
    feed, expected = read_tree(parse_strict(body)), _reference_read(body)
    assert (feed.title, feed.link) == (expected.title, expected.link)


PERSON_CHILDREN = st.sampled_from(
    [
        "<name>A</name>",
        "<name> B  b </name>",
        "<name>  </name>",
        "<email>e@e.org</email>",
        "<uri>https://e.org/u</uri>",
        '<x:name xmlns:x="urn:x">X</x:name>',
        '<name xmlns="">no namespace</name>',
    ]
)


@TREES
@given(TEXTS, st.lists(PERSON_CHILDREN, max_size=4))
def test_an_atom_author_is_its_first_child_named_name_else_its_text(
    text: str, children: list[str]
) -> None:
    author = f"<author>{text}{''.join(children)}</author>"
    body = f'<feed xmlns="{ATOM[1:-1]}"><entry>{author}</entry></feed>'.encode()
    assert read_tree(parse_strict(body)) == _reference_read(body)


CONSTRUCT_VALUES = ["html", "xhtml", "text", "TEXT/HTML", "base64", "escaped", "xml", "", "image/png"]  # fmt: skip


@TREES
@given(
    st.dictionaries(
        st.sampled_from(["type", "mode", "x:type", "x:mode", "lang"]),
        st.sampled_from(CONSTRUCT_VALUES),
        max_size=4,
    ),
    st.sampled_from(["", "a &amp; b", "&lt;p&gt;x", "PGI+YjwvYj4=", "<div>d</div>", "t<b>b</b>"]),
)
def test_a_text_construct_is_read_by_its_type_and_mode_whatever_else_it_has(
    attributes: dict[str, str], text: str
) -> None:
    """The type and mode an Atom text has, read only where it has attributes, make the same
    text as both set to what they are worth (no type is "text", no mode "")."""

    def construct(written: str) -> Any:
        body = f'<title xmlns="{ATOM[1:-1]}" xmlns:x="urn:x" {written}>{text}</title>'
        return parse_strict(body.encode()).root

    element = construct(" ".join(f'{name}="{value}"' for name, value in attributes.items()))
    type_, mode = element.get("type") or "text", element.get("mode") or ""
    both = construct(f'type="{type_}" mode="{mode}"')
    entry, entry_with_both = RawEntry(xml_characters=True), RawEntry(xml_characters=True)
    assert feed_xml._text_construct(element, entry) == feed_xml._text_construct(
        both, entry_with_both
    )
    assert entry == entry_with_both
