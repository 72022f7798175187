"""The link policy: which addresses may leave letterpress as a link or an image, and the stage
that holds every item to it.

An address is kept only if, once the whitespace and control characters a browser ignores are
taken out, it is an absolute http or https address or a mailto: address, in any letter case.
Anything else (``javascript:``, ``data:``, ``file:``, a relative path) would run or break in
a reader's inbox or browser, so it is dropped with a warning naming where it came from.
The same test decides the links of an editor's Markdown (letterpress.markdown) and what
`letterpress check` accepts in the built files.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

from letterpress.models import Issue, Item

SCHEMES = ("http", "https", "mailto")
# The item fields that hold an address.
LINK_FIELDS = ("url", "image")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")


def normalise_link(url: str) -> str:
    """The address as a browser reads it: no control characters anywhere, no space at the ends.

    Browsers take out tabs and line breaks anywhere in an address and C0 controls and spaces
    at its ends, so ``" java\\tscript:"`` is ``javascript:`` to them, and must be to us.
    """
    kept = "".join(c for c in url if unicodedata.category(c) != "Cc")
    return kept.strip()


def link_scheme(url: str) -> str | None:
    """The scheme of an address in lower case, or None for a relative one."""
    match = _SCHEME.match(normalise_link(url))
    return match.group(1).lower() if match else None


def allowed_link(url: str) -> str | None:
    """The normalised address if the policy lets it out, else None."""
    url = normalise_link(url)
    scheme = link_scheme(url)
    if scheme not in SCHEMES:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:  # "http://[oops/": no browser can follow it
        return None
    if scheme == "mailto":
        return url if parts.path else None
    return url if parts.hostname else None


def refusal(url: str) -> str:
    """Why an address is refused, for a warning."""
    shown = url if len(url) <= 80 else url[:79] + "…"
    return f"link {shown!r} is not an http, https or mailto address; it is left out"


def clean_links(items: Iterable[Item], warn: Callable[[str], None]) -> list[Item]:
    """The clean stage's link step: each item's addresses held to the policy, bad ones dropped."""
    cleaned = []
    for item in items:
        changes: dict[str, Any] = {}
        for name in LINK_FIELDS:
            value = getattr(item, name)
            if value is None or value == "":
                continue
            kept = allowed_link(value) if isinstance(value, str) else None
            if kept is None:
                where = item.origin or f"source {item.source!r}"
                warn(f"{where}: {name}: {refusal(str(value))}")
            if kept != value:
                changes[name] = kept
        cleaned.append(dataclasses.replace(item, **changes) if changes else item)
    return cleaned


def clean_issue_links(issue: Issue, warn: Callable[[str], None]) -> Issue:
    """``issue`` with every item's addresses held to the policy: for an issue a plugin changed."""
    sections = tuple(
        dataclasses.replace(section, items=tuple(clean_links(section.items, warn)))
        for section in issue.sections
    )
    featured = clean_links([issue.featured], warn)[0] if issue.featured else None
    unsectioned = tuple(clean_links(issue.unsectioned, warn))
    return dataclasses.replace(issue, sections=sections, featured=featured, unsectioned=unsectioned)
