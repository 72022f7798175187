"""The checks of `letterpress check`: what would go wrong with a built issue in an inbox.

Each finding has a level ("error" or "warning"), a code, a message and where it is:

    html-size      email.html from 85 KB a warning, from 102 KB an error: Gmail clips it there
    style-size     a <style> block over 16 KB, which Gmail drops whole (warning)
    img-alt        an image without alt text (error; alt="" is a warning: decorative only)
    subject-length a Subject over 78 characters, more than any inbox shows and than fits one
                   header line (warning); phones show about 40
    preheader      a preheader over 90 characters (warning), or none (warning)
    empty-section  a section with no items (warning)
    duplicate-link one link given by two items (warning)
    text-width     a line of email.txt over 78 characters, a link alone excepted (warning)
    link-scheme    a link of the email neither http(s) nor mailto:, nor a merge tag; an
                   address (href, src) of any built page or the feed with another scheme,
                   such as javascript: or data: (error)
    unreadable     a built file that cannot be read: not UTF-8, not JSON, not XML (error)
    link-broken    with --links: an answer of 400 or more (error)
    link-redirect  with --links: a redirect loop, more than 10 redirects, or one to an
                   address that is not http(s) (error)
    link-failed    with --links: no whole answer within the timeout, a refused connection
                   (warning)
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from letterpress.assemble import PREHEADER_LIMIT
from letterpress.builtins.outputs import GMAIL_CLIP_BYTES as HTML_ERROR_BYTES
from letterpress.links import allowed_link, link_scheme
from letterpress.render import TEXT_WIDTH

HTML_WARN_BYTES = 85_000
STYLE_LIMIT_BYTES = 16_000
SUBJECT_LIMIT = 78
# Merge tags an email service fills in per reader: Mailchimp's *|UNSUB|*, listmonk's
# {{ UnsubscribeURL }}, and the like. They are not links yet, so they are not checked.
MERGE_TAG = re.compile(r"\*\|[^|]+\|\*|\{\{.*?\}\}|\{%.*?%\}|%%[^%]+%%")
_LONE_LINK = re.compile(r"\s*(\[\d+\] )?\S+")


@dataclass(frozen=True)
class Finding:
    """One problem: "error" or "warning", a stable code, what is wrong, and where."""

    level: str
    code: str
    message: str
    where: str


def error(code: str, message: str, where: str) -> Finding:
    return Finding("error", code, message, where)


def warning(code: str, message: str, where: str) -> Finding:
    return Finding("warning", code, message, where)


class _PageParts(HTMLParser):
    """The parts of a built page (email.html, a web page) the checks look at, with lines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.images: list[tuple[int, dict[str, str | None]]] = []
        self.links: list[tuple[int, str]] = []
        # Every address of any tag: (line, "tag attribute", value).
        self.addresses: list[tuple[int, str, str]] = []
        self.styles: list[tuple[int, str]] = []
        self._style_line: int | None = None
        self._style_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.addresses.append((line, f"{tag} {name}", value))
        if tag == "img":
            self.images.append((line, dict(attrs)))
        elif tag == "a":
            href = dict(attrs).get("href")
            if href is not None:
                self.links.append((line, href.strip()))
        elif tag == "style":
            self._style_line, self._style_text = line, []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        if self._style_line is not None:
            self._style_text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "style" and self._style_line is not None:
            self.styles.append((self._style_line, "".join(self._style_text)))
            self._style_line = None


def check_issue(folder: Path) -> list[Finding]:
    """Every finding about the built issue in ``folder``, links left unvisited."""
    findings: list[Finding] = []
    html = _read(folder / "email.html", "email.html", findings)
    data = _read(folder / "issue.json", "issue.json", findings)
    text = _read(folder / "email.txt", "email.txt", findings)
    if html is not None:
        parts = _parse_html(html)
        findings += [
            *_html_size(html),
            *_style_size(parts),
            *_image_alt(parts),
            *_link_schemes(parts),
            # Its links are _link_schemes' (they must be absolute); its other addresses here.
            *_page_addresses(parts, "email.html", but="a href"),
        ]
    if data is not None:
        try:
            issue: dict[str, Any] = json.loads(data)
            findings += [
                *_subject_and_preheader(issue),
                *_empty_sections(issue),
                *_duplicate_links(issue),
            ]
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            findings.append(_unreadable("issue.json", f"not the JSON of an issue: {error}"))
    if text is not None:
        findings += _text_width(text)
    findings += _web_outputs(folder)
    return findings


def _read(path: Path, where: str, findings: list[Finding]) -> str | None:
    """The file's text; None, with a finding, if it is there but cannot be read."""
    if not path.exists():
        return None
    try:
        return path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        findings.append(_unreadable(where, f"cannot be read ({error})"))
        return None


def _unreadable(where: str, why: str) -> Finding:
    return error(
        "unreadable", f"{where} {why}: the build is damaged; compile the issue again", where
    )


def _parse_html(html: str) -> _PageParts:
    parts = _PageParts()
    parts.feed(html)
    parts.close()
    return parts


def _web_outputs(folder: Path) -> list[Finding]:
    """The addresses of the web edition, build/index.html and build/feed.xml, held to the
    link policy: these pages are public, and a javascript: link in them runs on a click."""
    findings: list[Finding] = []
    build = folder.parent.name
    for path, where in (
        (folder / "index.html", "index.html"),
        (folder.parent / "index.html", f"{build}/index.html"),
    ):
        html = _read(path, where, findings)
        if html is not None:
            findings += _page_addresses(_parse_html(html), where)
    feed = _read(folder.parent / "feed.xml", f"{build}/feed.xml", findings)
    if feed is not None:
        findings += _feed_addresses(feed, f"{build}/feed.xml")
    return findings


def _page_addresses(parts: _PageParts, where: str, but: str = "") -> Iterable[Finding]:
    for line, what, value in parts.addresses:
        if what == but:
            continue
        finding = _address_finding(value, what, f"{where}:{line}")
        if finding is not None:
            yield finding


def _feed_addresses(xml: str, where: str) -> Iterable[Finding]:
    import xml.etree.ElementTree as ElementTree

    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError as failed:
        yield _unreadable(where, f"is not XML ({failed})")
        return
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1]
        for name in ("href", "src"):
            value = element.get(name)
            if value is not None:
                finding = _address_finding(value, f"{tag} {name}", where)
                if finding is not None:
                    yield finding


def _address_finding(value: str, what: str, where: str) -> Finding | None:
    """An error for an address whose scheme the link policy refuses; relative ones pass."""
    if is_merge_tag(value) or link_scheme(value) is None or allowed_link(value) is not None:
        return None
    shown = value if len(value) <= 80 else value[:79] + "…"
    return error(
        "link-scheme",
        f"{what} {shown!r} is not an http, https or mailto address: a click could run it",
        where,
    )


# What makes the email smaller, in settings that do it: compile keeps email.html within
# email_budget, moving the rest to the web edition (or, with overflow, the next issue).
SIZE_ADVICE = (
    f"set email_budget = {HTML_WARN_BYTES // 1000} (KB) or less in letterpress.toml's "
    "[newsletter] and compile again: the email keeps what fits and links the rest on the "
    'web edition (overflow = "next" keeps it for the next issue instead); or '
    "max_items = 10 in issues/N.toml"
)


def _html_size(html: str) -> Iterable[Finding]:
    size = len(html.encode("utf-8"))
    what = f"email.html is {size / 1000:.1f} KB"
    if size >= HTML_ERROR_BYTES:
        yield error(
            "html-size",
            f"{what}: Gmail clips messages from {HTML_ERROR_BYTES // 1000} KB of HTML, hiding "
            f"the rest and the unsubscribe link ({SIZE_ADVICE})",
            "email.html",
        )
    elif size >= HTML_WARN_BYTES:
        yield warning(
            "html-size",
            f"{what}: close to Gmail's clipping at {HTML_ERROR_BYTES // 1000} KB "
            f"(aim under {HTML_WARN_BYTES // 1000} KB: {SIZE_ADVICE})",
            "email.html",
        )


def _style_size(parts: _PageParts) -> Iterable[Finding]:
    for line, css in parts.styles:
        size = len(css.encode("utf-8"))
        if size > STYLE_LIMIT_BYTES:
            yield warning(
                "style-size",
                f"a <style> block of {size / 1000:.1f} KB: Gmail drops blocks over "
                f"{STYLE_LIMIT_BYTES // 1000} KB whole, and the dark scheme with them",
                f"email.html:{line}",
            )


def _image_alt(parts: _PageParts) -> Iterable[Finding]:
    for line, attrs in parts.images:
        src = attrs.get("src") or "(no src)"
        alt = attrs.get("alt")
        if alt is None:
            yield error("img-alt", f"image {src} has no alt text", f"email.html:{line}")
        elif not alt.strip():
            yield warning(
                "img-alt",
                f'image {src} has alt="": screen readers skip it, right only for decoration',
                f"email.html:{line}",
            )


def _link_schemes(parts: _PageParts) -> Iterable[Finding]:
    for line, href in parts.links:
        if is_merge_tag(href) or href.lower().startswith(("http://", "https://", "mailto:")):
            continue
        yield error(
            "link-scheme",
            f"link {href or '(empty)'!r} is not http(s): it cannot work from an inbox",
            f"email.html:{line}",
        )


def is_merge_tag(href: str) -> bool:
    """A link the email service writes per reader, such as *|UNSUB|*."""
    return bool(MERGE_TAG.search(href))


def _subject_and_preheader(issue: dict[str, Any]) -> Iterable[Finding]:
    subject = str(issue.get("subject") or issue.get("title") or "")
    if len(subject) > SUBJECT_LIMIT:
        yield warning(
            "subject-length",
            f"the subject is {len(subject)} characters; inboxes cut it from about "
            f"{SUBJECT_LIMIT} (phones from about 40): {subject!r}",
            "issue.json: subject",
        )
    preheader = str(issue.get("preheader") or "")
    if not preheader.strip():
        yield warning(
            "preheader",
            "no preheader: inboxes show the email's first words instead "
            "(preheader in the issue file)",
            "issue.json: preheader",
        )
    elif len(preheader) > PREHEADER_LIMIT:
        yield warning(
            "preheader",
            f"the preheader is {len(preheader)} characters; inboxes show about {PREHEADER_LIMIT}",
            "issue.json: preheader",
        )


def _empty_sections(issue: dict[str, Any]) -> Iterable[Finding]:
    for n, section in enumerate(issue.get("sections") or []):
        if not section.get("items"):
            yield warning(
                "empty-section",
                f"section {section.get('title') or section.get('name')!r} has no items",
                f"issue.json: sections[{n}]",
            )


def _duplicate_links(issue: dict[str, Any]) -> Iterable[Finding]:
    items = [issue["featured"]] if issue.get("featured") else []
    for section in issue.get("sections") or []:
        items += section.get("items") or []
    items += issue.get("unsectioned") or []
    titles: dict[str, list[str]] = {}
    for item in items:
        if item.get("url"):
            titles.setdefault(item["url"], []).append(str(item.get("title", "")))
    for url, named in titles.items():
        if len(named) > 1:
            listed = "; ".join(repr(t) for t in named)
            yield warning(
                "duplicate-link",
                f"{len(named)} items link to {url}: {listed}",
                "issue.json",
            )


def _text_width(text: str) -> Iterable[Finding]:
    for n, line in enumerate(text.splitlines(), 1):
        # A link alone on its line is never broken, however long: it would stop working.
        if len(line) > TEXT_WIDTH and not _LONE_LINK.fullmatch(line):
            yield warning(
                "text-width",
                f"line of {len(line)} characters (plain-text readers wrap at {TEXT_WIDTH})",
                f"email.txt:{n}",
            )


def links_to_visit(folder: Path) -> list[str]:
    """The distinct http(s) links of email.html, in order, merge tags left out."""
    try:
        parts = _parse_html((folder / "email.html").read_text("utf-8"))
    except (OSError, UnicodeDecodeError):
        return []  # check_issue reports it
    seen: dict[str, None] = {}
    for _, href in parts.links:
        if link_scheme(href) in ("http", "https") and not is_merge_tag(href):
            seen.setdefault(href, None)
    return list(seen)
