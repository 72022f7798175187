"""What a source plugin implements: a class that turns one [sources.NAME] table into items."""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from letterpress.models import Item
from letterpress.workspace import relative_path

if TYPE_CHECKING:
    from letterpress.state import State


@dataclass(frozen=True)
class SourceContext:
    """What the pipeline lends a source: where the workspace is, and a way to warn."""

    root: Path  # the workspace's folder: relative paths in options start here
    language: str  # the newsletter's language code
    # Report one bad file or entry, naming it, and carry on: context.warn("x.json: ...").
    warn: Callable[[str], None]
    issue_number: int = 0  # the issue being built
    # The issue's date; sources of coming events read "upcoming" from it.
    issue_date: dt.date | None = None
    # The workspace's state (feed cache, snapshots), for sources that fetch.
    state: State | None = None
    # offline: use only what is cached; refresh: fetch anew even if the issue has a snapshot.
    offline: bool = False
    refresh: bool = False  # see offline, above
    # Called as progress(done, total) during long work; None when nobody is watching.
    progress: Callable[[int, int], None] | None = None

    def relative(self, path: Path) -> str:
        """A path as the user writes it, relative to the workspace: for messages."""
        return relative_path(path, self.root)


class Source(ABC):
    """A place items come from: a folder of text files, a feed, a calendar.

    The pipeline makes one instance per ``[sources.NAME]`` table whose ``type`` equals
    ``type_name``. ``__init__`` checks the table (raise ``OptionError`` naming the bad key);
    ``collect`` yields the items. Problems with one file or entry are reported with
    ``context.warn`` so the rest of the source still arrives; an exception from ``collect``
    loses only this source, with a warning naming it.
    """

    type_name: ClassVar[str]  # what ``type = "..."`` in a [sources.NAME] table names

    def __init__(self, name: str, options: Mapping[str, Any], context: SourceContext) -> None:
        self.name = name
        self.options = options
        self.context = context

    @abstractmethod
    def collect(self) -> Iterable[Item]:
        """Yield the items this source holds now."""

    def describe_empty(self) -> str:
        """Why ``collect`` may have yielded nothing (the patterns it tried...), or ''."""
        return ""
