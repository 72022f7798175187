"""The `text` source: notes, blurbs and scraped pages in plain text, and Markdown with front matter.

Plain text files come in three shapes, told apart by their paragraphs:

- blurbs: one item per paragraph, no headlines (the title is cut from the blurb);
- pairs: a short headline paragraph, then its standfirst, again and again;
- a page: a long text with short heading lines, split into one item per heading.

In any shape, a paragraph whose first line is a short headline, with the longer standfirst
on the very next line, is one item under that headline, as people write notes.

Boilerplate that scraped pages carry (form-field notices, dangling image captions, "Contact
us!") is left out; a workspace can add its own patterns with ``boilerplate = [...]``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from letterpress import hookimpl
from letterpress.markdown import markdown_blocks, warn_refused_links
from letterpress.models import Item, stable_id
from letterpress.options import OptionError, Options
from letterpress.scoring import fold
from letterpress.source import Source, SourceContext
from letterpress.text import (
    UnreadableText,
    decode_text,
    guess_language,
    lead_title,
    squash_space,
)

DEFAULT_PATHS = ("sources/**/*.txt", "sources/**/*.md")
MARKDOWN_SUFFIXES = {".md", ".markdown"}
FRONT_MATTER_KEYS = {"title", "url", "date", "section", "tags", "summary", "language"}
MAX_FILE_BYTES = 5_000_000
# A note, not a book: markdown-it reads in linear time, but its worst case ("![a](" again and
# again) costs about 0.1 ms a repetition, so a megabyte of it is seconds, five are minutes.
MAX_MARKDOWN_BYTES = 1_000_000
# Front matter is a few keys: more than this is a mistake or an attack, read no further.
MAX_FRONT_MATTER_BYTES = 64_000
MAX_FRONT_MATTER_DEPTH = 16

BOILERPLATE = (
    # Honeypot fields of web forms, in the languages of the sample's sites.
    r"(dit veld is voor validatie|this field is for validation|ce champ est (utilise|destine)).*",
    r"(contact us|contacteer ons|neem contact (met ons )?op|contactez[- ]nous)\s*[!.]?",
    # An image caption left dangling by a scraper: "... text.beeld:" or "Photo:".
    r".*\b(beeld|foto|photo|image|picture|credit|credits|bron)\s*:\s*",
    r"(share|delen|partager|lees meer|read more|lire la suite)( this( article)?)?\s*[!.:]?",
    r"[\W_]*",
)


class TextSource(Source):
    """Text and Markdown files under the workspace, chosen by glob patterns."""

    type_name = "text"

    def __init__(self, name: str, options: Mapping[str, Any], context: SourceContext) -> None:
        super().__init__(name, options, context)
        opts = Options(options, {"paths", "language", "boilerplate"})
        self.patterns = opts.get_str_list("paths", DEFAULT_PATHS)
        self.language = opts.get_str("language", context.language)
        self.boilerplate = re.compile("|".join(f"(?:{p})" for p in BOILERPLATE))
        # The workspace's own patterns match the line as written, in any letter case.
        extra = opts.get_str_list("boilerplate")
        try:
            self.extra_boilerplate = (
                re.compile("|".join(f"(?:{p})" for p in extra), re.IGNORECASE) if extra else None
            )
        except re.error as error:
            raise OptionError("boilerplate", f"not a valid regular expression: {error}") from error

    def files(self) -> list[Path]:
        found: set[Path] = set()
        for pattern in self.patterns:
            found.update(p for p in self.context.root.glob(pattern) if p.is_file())
        return sorted(found)

    def collect(self) -> Iterator[Item]:
        for path in self.files():
            where = self.context.relative(path)
            try:
                items = list(self.file_items(path, where))
            except Exception as error:
                # One file the reading below did not foresee costs that file, not the source.
                self.context.warn(
                    f"{where}: skipped, letterpress could not read it "
                    f"({type(error).__name__}: {error})"
                )
                continue
            yield from items

    def file_items(self, path: Path, where: str) -> Iterator[Item]:
        try:
            limit = (
                MAX_MARKDOWN_BYTES if path.suffix.lower() in MARKDOWN_SUFFIXES else MAX_FILE_BYTES
            )
            if path.stat().st_size > limit:
                self.context.warn(f"{where}: skipped, larger than {limit:,} bytes")
                return
            text = decode_text(path.read_bytes())
        except (OSError, UnreadableText) as error:
            self.context.warn(f"{where}: cannot be read ({error}); skipped")
            return
        if path.suffix.lower() in MARKDOWN_SUFFIXES:
            items = self.markdown_item(where, text)
        else:
            items = self.plain_items(where, text)
        yield from _unique_ids(where, items)

    def describe_empty(self) -> str:
        patterns = ", ".join(repr(p) for p in self.patterns)
        files = self.files()
        if files:
            return f"the {len(files)} files matching paths = [{patterns}] hold no item"
        folders = [p for p in self.patterns if (self.context.root / p).is_dir()]
        hint = "".join(
            f"; {p!r} is a folder: write {p.rstrip('/') + '/**/*.md'!r} to read the notes in it"
            for p in folders
        )
        return f"no file matches paths = [{patterns}]{hint}"

    # Plain text -----------------------------------------------------------------------------

    def paragraphs(self, text: str) -> list[list[str]]:
        """Blank-line separated paragraphs, each a list of lines, boilerplate removed."""
        result = []
        for block in re.split(r"\n\s*\n", text):
            lines = [squash_space(line.lstrip(" \t•*·-–")) for line in block.split("\n")]
            lines = [ln for ln in lines if not self.is_boilerplate(ln)]
            if lines:
                result.append(lines)
        return result

    def is_boilerplate(self, line: str) -> bool:
        if self.boilerplate.fullmatch(fold(line)):
            return True
        return self.extra_boilerplate is not None and bool(self.extra_boilerplate.fullmatch(line))

    def plain_items(self, where: str, text: str) -> Iterator[Item]:
        paragraphs = self.paragraphs(text)
        if _is_pairs(paragraphs):
            for n in range(0, len(paragraphs), 2):
                title = " ".join(paragraphs[n])
                yield self.item(where, n + 1, title, "\n\n".join(paragraphs[n + 1]))
        elif sum(_is_heading(p) for p in paragraphs[1:]) >= 2:
            # Two headings at least: one short blurb alone does not make a file a page.
            yield from self.page_items(where, paragraphs)
        else:
            for n, lines in enumerate(paragraphs, start=1):
                head, lines = _headline(lines)
                body = " ".join(lines)
                yield self.item(where, n, head or lead_title(body), body)

    def page_items(self, where: str, paragraphs: list[list[str]]) -> Iterator[Item]:
        """One item per heading; what comes before the first heading is an item of its own."""
        title, body, start = "", list[str](), 1
        for n, lines in enumerate(paragraphs, start=1):
            head, lines = _headline(lines)
            if not head and _is_heading(lines):
                head, lines = lines[0], []
            if head:
                if body:
                    yield self.item(where, start, title or lead_title(body[0]), "\n\n".join(body))
                title, body, start = head, [], n
            body.extend(lines)
        if body:
            yield self.item(where, start, title or lead_title(body[0]), "\n\n".join(body))

    def item(self, where: str, paragraph: int, title: str, summary: str, **fields: Any) -> Item:
        url = fields.get("url")
        return Item(
            id=stable_id(url) if url else stable_id(where, fold(title)),
            title=title,
            summary=summary,
            source=self.name,
            language=fields.pop("language", None) or guess_language(summary, self.language),
            origin=f"{where}, paragraph {paragraph}" if paragraph else where,
            **fields,
        )

    # Markdown -------------------------------------------------------------------------------

    def markdown_item(self, where: str, text: str) -> Iterator[Item]:
        meta, body = self.front_matter(where, text)
        lines = body.strip().split("\n")
        title = str(meta.get("title") or "")
        if not title and lines and lines[0].startswith("#"):
            title, lines = lines[0].lstrip("#").strip(), lines[1:]
        body = "\n".join(lines).strip()
        # A refused link shows as its Markdown, words and address: the editor should know why.
        warn_refused_links(body, where, self.context.warn)
        paragraphs = [squash_space(block) for block in markdown_blocks(body)]
        summary = str(meta.get("summary") or "\n\n".join(paragraphs))
        if not title and not summary:
            self.context.warn(f"{where}: no title and no text; skipped")
            return
        fields: dict[str, Any] = {
            "url": _string(meta.get("url")) or None,
            "published": self.date(where, meta.get("date")),
            "tags": tuple(str(t) for t in _as_list(meta.get("tags"))),
            "language": _string(meta.get("language")) or None,
            # The body as written, for its links and emphasis; a front matter summary,
            # plain text, stands in for it.
            "body_markdown": "" if meta.get("summary") else body,
        }
        if meta.get("section"):
            fields["section"] = str(meta["section"])
            fields["placement"] = f"front matter of {where}: section: {meta['section']}"
        yield self.item(where, 0, title or lead_title(summary), summary, **fields)

    def front_matter(self, where: str, text: str) -> tuple[dict[str, Any], str]:
        match = re.match(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", text, re.S)
        if not match:
            return {}, text
        if len(match.group(1)) > MAX_FRONT_MATTER_BYTES:
            self.context.warn(
                f"{where}: front matter is longer than {MAX_FRONT_MATTER_BYTES:,} characters; "
                "ignored"
            )
            return {}, text[match.end() :]
        import yaml  # only a run with front matter pays for the import

        try:
            meta = yaml.load(match.group(1), Loader=_front_matter_loader()) or {}
        except yaml.YAMLError as error:
            reason = " ".join(str(error).split())  # PyYAML's message spans lines
            self.context.warn(f"{where}: front matter is not valid YAML ({reason}); ignored")
            return {}, text[match.end() :]
        if not isinstance(meta, dict):
            self.context.warn(f"{where}: front matter is not a table of keys; ignored")
            return {}, text[match.end() :]
        for key in list(meta):
            if key not in FRONT_MATTER_KEYS:
                known = ", ".join(sorted(FRONT_MATTER_KEYS))
                self.context.warn(f"{where}: unknown front matter key {key!r} (known: {known})")
                del meta[key]
        return meta, text[match.end() :]

    def date(self, where: str, value: Any) -> dt.date | dt.datetime | None:
        if value is None or isinstance(value, dt.date):
            return value
        text = str(value).strip()
        try:
            return (
                dt.date.fromisoformat(text) if len(text) == 10 else dt.datetime.fromisoformat(text)
            )
        except ValueError:
            self.context.warn(f"{where}: date {value!r} is not a date such as 2024-06-20; ignored")
            return None


@functools.cache
def _front_matter_loader() -> Any:
    """YAML's safe loader, bounded, leaving dates as text so a bad one is a warning about it.

    Bounded: an alias (``*name``) is refused, since a few hundred bytes of aliases to
    aliases expand to gigabytes, and nesting stops at MAX_FRONT_MATTER_DEPTH, before
    Python's recursion limit.
    """
    import yaml
    from yaml.composer import ComposerError

    class Loader(yaml.SafeLoader):
        depth = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                raise ComposerError(None, None, "aliases (*name) are not allowed", mark)
            self.depth += 1
            try:
                if self.depth > MAX_FRONT_MATTER_DEPTH:
                    mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                    raise ComposerError(
                        None, None, f"nested deeper than {MAX_FRONT_MATTER_DEPTH} levels", mark
                    )
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1

    Loader.yaml_implicit_resolvers = {
        first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return Loader


def _is_heading(lines: list[str]) -> bool:
    """A paragraph that is one short line with no closing punctuation: a heading on a page."""
    if len(lines) != 1:
        return False
    line = lines[0]
    return len(line) <= 80 and len(line.split()) <= 10 and not line.endswith((".", ",", ";", ":"))


def _headline(lines: list[str]) -> tuple[str, list[str]]:
    """A paragraph's headline line and the standfirst under it; ("", lines) when it has none.

    The first line is a headline when it is short, has no closing punctuation, and was
    broken on purpose: the lines after it are wider than it and its next word together,
    so no wrapping at a fixed width put the break there. A standfirst starts as a sentence
    does (not in lower case) and is longer than its headline.
    """
    if len(lines) < 2:
        return "", lines
    head, rest = lines[0], lines[1:]
    widest = max(len(line) for line in rest)
    next_word = rest[0].split(" ", 1)[0]
    if (
        len(head) <= 140
        and not head.endswith((".", ",", ";", ":"))
        and len(head) + 1 + len(next_word) <= widest
        and not rest[0][:1].islower()
        and len(" ".join(rest)) > 1.3 * len(head)
    ):
        return head, rest
    return "", lines


def _is_pairs(paragraphs: list[list[str]]) -> bool:
    """Headline then standfirst, throughout: each headline short, each standfirst longer."""
    if len(paragraphs) < 2 or len(paragraphs) % 2:
        return False
    pairs = [
        (" ".join(paragraphs[i]), " ".join(paragraphs[i + 1])) for i in range(0, len(paragraphs), 2)
    ]
    fitting = sum(
        len(head) <= 140 and not head.endswith(".") and len(body) > 1.3 * len(head)
        for head, body in pairs
    )
    return fitting >= 0.8 * len(pairs)


def _unique_ids(where: str, items: Iterable[Item]) -> Iterator[Item]:
    """Items of one file with distinct ids: a repeated title is told apart by its text."""
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            item = dataclasses.replace(
                item, id=stable_id(where, fold(item.title), fold(item.summary))
            )
        seen.add(item.id)
        yield item


def _string(value: Any) -> str:
    return str(value).strip() if value is not None else ""


def _as_list(value: Any) -> Iterable[Any]:
    if value is None:
        return ()
    if isinstance(value, str):
        return [t.strip() for t in value.split(",") if t.strip()]
    return value if isinstance(value, list) else [value]


@hookimpl
def register_source_types() -> list[type[Source]]:
    return [TextSource]
