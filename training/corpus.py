"""The labelled corpus: items read from ../shared/corpora, joined to their labels by id.

Publishers' text stays in ../shared; the project keeps only ids and labels
(training/labels/*.jsonl). An item's id is ``corpus/file#key``, where key is the entry's
guid, else its link, else a hash of its title: stable whatever the feed parser becomes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
LABELS = Path(__file__).resolve().parent / "labels"
# Examples written for training (our own text, not publishers'): trained on, never tested.
EXAMPLES_DIR = Path(__file__).resolve().parent / "examples"
EXAMPLES = "examples"
SECTIONS = ("health", "palestine", "labour", "elections")
LABEL_NAMES = (*SECTIONS, "other")


@dataclass(frozen=True)
class CorpusItem:
    id: str
    feed: str  # the file the item came from: the unit of held-out splits
    title: str
    lead: str  # the summary as plain text, as far as the first 400 characters
    lang: str
    date: str = ""  # ISO date where known, for the learning simulation's order


def plain(text: str, limit: int = 400) -> str:
    """A feed's HTML as the text letterpress takes from it (letterpress.text), on one line."""
    from letterpress.text import html_to_text

    return " ".join(html_to_text(text or "").split())[:limit]


def _key(entry: dict, title: str) -> str:
    """The entry's guid, else its link; hashed where it holds text (a guid with words in it)."""
    for field in ("id", "link"):
        value = (entry.get(field) or "").strip()
        if value and not any(c.isspace() for c in value):
            return value
        if value:
            return "sha1:" + hashlib.sha1(value.encode()).hexdigest()[:16]
    return "title-sha1:" + hashlib.sha1(title.encode()).hexdigest()[:16]


def _feed_items(path: Path, corpus: str, lang_hint: str) -> Iterator[CorpusItem]:
    import feedparser  # training-time only

    parsed = feedparser.parse(path.read_bytes())
    lang = lang_hint or (parsed.feed.get("language") or "")[:2].lower() or "en"
    seen: set[str] = set()
    for entry in parsed.entries:
        title = plain(entry.get("title", ""), 300)
        lead = plain(entry.get("summary", "") or "")
        if not title and not lead:
            continue
        key = _key(entry, title)
        if key in seen:  # a feed that repeats a guid: keep the first
            continue
        seen.add(key)
        date = ""
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        if stamp:
            date = dt.date(*stamp[:3]).isoformat()
        yield CorpusItem(
            f"{corpus}/{path.name}#{key}", f"{corpus}/{path.name}", title, lead, lang, date
        )


def real_feeds() -> Iterator[CorpusItem]:
    for path in sorted((SHARED / "corpora/real-feeds").glob("*.xml")):
        yield from _feed_items(path, "real-feeds", "")


def nlfr_feeds() -> Iterator[CorpusItem]:
    for path in sorted((SHARED / "corpora/news-nlfr/feeds").glob("*.xml")):
        yield from _feed_items(path, "news-nlfr", path.name[:2])


def vrt_headlines() -> Iterator[CorpusItem]:
    path = SHARED / "corpora/news-nlfr/vrt-headlines.jsonl"
    seen: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["url"] in seen:
            continue
        seen.add(row["url"])
        day = dt.datetime.fromtimestamp(row["timestamp"] / 1000, dt.UTC)
        # VRT's own tag is not a section; a headline's feed for held-out splits is its month.
        yield CorpusItem(
            f"vrt#{row['url']}", f"vrt/{day:%Y-%m}", row["title"], "", "nl", f"{day:%Y-%m-%d}"
        )


def all_items() -> Iterator[CorpusItem]:
    yield from real_feeds()
    yield from nlfr_feeds()
    yield from vrt_headlines()
    yield from sample_items()


def load_labels() -> dict[str, dict]:
    """Every label row by item id (training/labels/*.jsonl)."""
    labels: dict[str, dict] = {}
    for path in sorted(LABELS.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                labels[row["id"]] = row
    return labels


def sample_items() -> Iterator[CorpusItem]:
    """The sample workspace's items (sources/), read by letterpress itself."""
    import shutil
    import tempfile

    from letterpress.dedupe import merge_duplicates
    from letterpress.models import Report
    from letterpress.pipeline import RunOptions, plan_issue
    from letterpress.workspace import load_workspace

    repo = Path(__file__).resolve().parents[1]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for part in ("letterpress.toml", "sources", "plugins", "issues"):
            source = repo / part
            (shutil.copytree if source.is_dir() else shutil.copy)(source, root / part)
        built, _ = plan_issue(load_workspace(root), 12, options=RunOptions(offline=True))
    for item in merge_duplicates(list(built.collected), Report()):
        if item.listing:
            continue
        yield CorpusItem(f"sample#{item.id}", "sample", item.headline, plain(item.lead), "en")


def written_examples() -> list[tuple[CorpusItem, str]]:
    """The written examples with their labels; their group is EXAMPLES, so never tested."""
    found = []
    for path in sorted(EXAMPLES_DIR.glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            if not line.strip():
                continue
            row = json.loads(line)
            item = CorpusItem(
                f"{EXAMPLES}/{path.name}#{n}",
                EXAMPLES,
                row["title"],
                row["summary"],
                row.get("lang", path.stem),
            )
            found.append((item, row["label"]))
    return found
