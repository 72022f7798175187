"""The issue model: the plain, typed values every stage passes forward and every renderer sees."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

# A BLAKE2b of 5 bytes that hashes nothing itself: each id is hashed by a copy of it, which
# neither reads the parameters nor sets the state up again (the 1,903 ids of a pass over the
# real feeds in 8.5 M instructions against 11.0 M).
_BLAKE2B_5 = hashlib.blake2b(digest_size=5)


def stable_id(*parts: str) -> str:
    """A short id that stays the same for the same story from one run to the next: the
    BLAKE2b digest of 5 bytes of its parts."""
    digest = _BLAKE2B_5.copy()
    digest.update("\x1f".join(parts).encode("utf-8"))
    return digest.hexdigest()


@dataclass(frozen=True)
class Item:
    """One story, note or event, as a source found it."""

    # Stable from one run to the next (stable_id of its link, or of its file and title):
    # the issue file's [items.ID] tables and the ledger of published items use it.
    id: str
    title: str  # the headline, or the blurb's first words when it has none
    summary: str  # plain text; paragraphs separated by a blank line
    source: str  # the [sources.NAME] it came from
    url: str | None = None  # the story's own page, http(s)
    # When it was published; items dated outside the issue's window are left out.
    published: dt.datetime | dt.date | None = None
    language: str | None = None  # its language code, where the source knows or guesses it
    # A section the source chose ("front matter section: health"); scores decide otherwise.
    section: str | None = None
    tags: tuple[str, ...] = ()  # the source's categories or tags
    author: str | None = None  # who wrote it, where the source says
    image: str | None = None  # an image's URL, shown with the item
    # A listing (a coming event, a standing notice) appears in every issue while it is
    # current: the ledger of published items does not keep it out of the next one.
    listing: bool = False
    # When the event a listing announces starts: not a publication date, so the issue's
    # window does not apply to it.
    event_start: dt.datetime | dt.date | None = None
    # Where the item came from, for messages ("sources/001_x.txt, paragraph 5").
    origin: str = ""
    # Why the item sits in its section: the matched words, or the override that placed it.
    placement: str = ""
    # The winning section's score, when words placed it; its probability, when the model did.
    score: float | None = None
    # In no section, but close to one: "labour 0.61?", for the editor to place.
    uncertain: str = ""
    # The text as its author wrote it in Markdown, when it was (a note's body): the
    # templates show it with its links and emphasis; ``summary`` is its plain text. Whatever
    # sets a new summary clears it (""), or the templates keep showing the old text.
    body_markdown: str = ""

    @property
    def headline(self) -> str:
        """The title if it is a real headline; '' if it was cut from the start of the summary."""
        lead = self.title.rstrip("…").rstrip()
        return "" if self.summary.startswith(lead) else self.title

    @property
    def lead(self) -> str:
        """The text a reader takes in after the headline: the summary, or the title when the
        item has neither a real headline nor a summary. Sections read it with ``headline``."""
        return self.summary if self.headline else self.summary or self.title

    def to_json(self) -> dict[str, Any]:
        """The item as issue.json writes it."""
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
            "body_markdown": self.body_markdown or None,
        }


@dataclass(frozen=True)
class Section:
    """A titled group of items, in the order the newsletter shows them."""

    name: str  # the [sections.NAME] of letterpress.toml
    title: str  # as readers see it, in the newsletter's language
    items: tuple[Item, ...] = ()  # in the order the section shows them

    def to_json(self) -> dict[str, Any]:
        """The section as issue.json writes it."""
        return {
            "name": self.name,
            "title": self.title,
            "items": [item.to_json() for item in self.items],
        }


@dataclass(frozen=True)
class Issue:
    """One issue of the newsletter: what every renderer is given."""

    number: int  # the issue's number, as in issues/N.toml
    date: dt.date  # the issue's date: its window of items ends here
    title: str  # the issue file's title, or "<newsletter> #<number>"
    newsletter: str  # the newsletter's name
    language: str = "en"  # [newsletter] language: a code such as "en", "nl-BE"
    intro: str = ""  # the editor's intro, in Markdown (render it with the markdown filter)
    preheader: str = ""  # the line inboxes show after the subject
    # The email's Subject line.
    subject: str = ""
    # The item the editor put first, apart from the sections.
    featured: Item | None = None
    sections: tuple[Section, ...] = ()  # in the newsletter's order; empty ones left out
    # Items no section claimed; rendered as "In brief" unless the workspace drops them.
    unsectioned: tuple[Item, ...] = ()
    unsectioned_title: str = "In brief"  # in the newsletter's language

    @property
    def items(self) -> tuple[Item, ...]:
        """Every item in the issue, in reading order: the featured one, sections, the rest."""
        featured = (self.featured,) if self.featured else ()
        return featured + tuple(i for s in self.sections for i in s.items) + self.unsectioned

    def to_json(self) -> dict[str, Any]:
        """issue.json: the issue as other programs read it."""
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
    # The tracebacks of the exceptions behind some warnings, for --debug.
    tracebacks: list[str] = field(default_factory=list)
    # What the user should know that is no fault: how much of the issue the email holds.
    notes: list[str] = field(default_factory=list)

    def warn(self, message: str, error: BaseException | None = None) -> None:
        self.warnings.append(message)
        if error is not None:
            from letterpress.plugin_failure import traceback_text

            self.tracebacks.append(f"{message}\n{traceback_text(error)}")

    def drop(self, item: Item, reason: str) -> None:
        self.dropped.append((item, reason))

    def note(self, message: str) -> None:
        self.notes.append(message)
