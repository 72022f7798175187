"""The issue model: the plain, typed values every stage passes forward and every renderer sees."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any


def stable_id(*parts: str) -> str:
    """A short id that stays the same for the same story from one run to the next."""
    digest = hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=5)
    return digest.hexdigest()


@dataclass(frozen=True)
class Item:
    """One story, note or event, as a source found it."""

    id: str
    title: str
    summary: str
    source: str
    url: str | None = None
    published: dt.datetime | dt.date | None = None
    language: str | None = None
    section: str | None = None
    tags: tuple[str, ...] = ()
    author: str | None = None
    image: str | None = None
    # A listing (a coming event, a standing notice) appears in every issue while it is
    # current: the ledger of published items does not keep it out of the next one.
    listing: bool = False
    # Where the item came from, for messages ("sources/001_x.txt, paragraph 5").
    origin: str = ""
    # Why the item sits in its section: the matched words, or the override that placed it.
    placement: str = ""
    # The winning section's score, when words placed it.
    score: float | None = None

    @property
    def headline(self) -> str:
        """The title if it is a real headline; '' if it was cut from the start of the summary."""
        lead = self.title.rstrip("…").rstrip()
        return "" if self.summary.startswith(lead) else self.title

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "summary": self.summary,
            "url": self.url,
            "source": self.source,
            "published": self.published.isoformat() if self.published else None,
            "language": self.language,
            "tags": list(self.tags),
            "author": self.author,
            "image": self.image,
        }


@dataclass(frozen=True)
class Section:
    """A titled group of items, in the order the newsletter shows them."""

    name: str
    title: str
    items: tuple[Item, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "items": [item.to_json() for item in self.items],
        }


@dataclass(frozen=True)
class Issue:
    """One issue of the newsletter: what every renderer is given."""

    number: int
    date: dt.date
    title: str
    newsletter: str
    language: str = "en"
    intro: str = ""
    preheader: str = ""
    # The email's Subject line.
    subject: str = ""
    # The item the editor put first, apart from the sections.
    featured: Item | None = None
    sections: tuple[Section, ...] = ()
    # Items no section claimed; rendered as "In brief" unless the workspace drops them.
    unsectioned: tuple[Item, ...] = ()
    unsectioned_title: str = "In brief"

    @property
    def items(self) -> tuple[Item, ...]:
        """Every item in the issue, in reading order: the featured one, sections, the rest."""
        featured = (self.featured,) if self.featured else ()
        return featured + tuple(i for s in self.sections for i in s.items) + self.unsectioned

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "title": self.title,
            "date": self.date.isoformat(),
            "newsletter": self.newsletter,
            "language": self.language,
            "intro": self.intro,
            "preheader": self.preheader,
            "subject": self.subject,
            "featured": self.featured.to_json() if self.featured else None,
            "sections": [section.to_json() for section in self.sections],
            "unsectioned": [item.to_json() for item in self.unsectioned],
        }


@dataclass
class Report:
    """What a run has to tell the user besides its outputs: warnings and what it left out."""

    warnings: list[str] = field(default_factory=list)
    dropped: list[tuple[Item, str]] = field(default_factory=list)
    # What the user should know that is no fault: how much of the issue the email holds.
    notes: list[str] = field(default_factory=list)

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def drop(self, item: Item, reason: str) -> None:
        self.dropped.append((item, reason))

    def note(self, message: str) -> None:
        self.notes.append(message)
