"""The `rss` source: RSS, Atom, RDF and JSON feeds from URLs, local files and OPML lists.

    [sources.partners]
    type = "rss"
    feeds = ["https://example.org/feed.xml", "sources/feeds/union.xml"]
    opml = "sources/partners.opml"

Remote feeds are fetched concurrently and kept in the workspace's state: the body issue N
was built from is its snapshot, so compiling N again gives the same issue without the
network (``--refresh`` fetches anew); a feed that fails falls back to its last good copy.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from letterpress import hookimpl
from letterpress.feed_encoding import as_utf8, charset_of
from letterpress.feeds import FeedError, ParsedFeed, parse_feed, strip_doctype
from letterpress.fetch import FetchSettings
from letterpress.models import Item, stable_id
from letterpress.options import OptionError, Options
from letterpress.source import Source, SourceContext
from letterpress.text import guess_language


class FeedSource(Source):
    type_name = "rss"

    def __init__(self, name: str, options: Mapping[str, Any], context: SourceContext) -> None:
        super().__init__(name, options, context)
        opts = Options(options, {"feeds", "opml", "max_items", "timeout", "language"})
        self.feeds = opts.get_str_list("feeds")
        self.opml = opts.get_str("opml")
        if not self.feeds and not self.opml:
            raise OptionError("feeds", "list at least one feed URL or path, or an opml file")
        self.max_items = int(opts.get_float("max_items", 50))
        timeout = opts.get_float("timeout", 20.0)
        self.settings = FetchSettings(total_timeout=timeout, read_timeout=min(10.0, timeout))
        self.language = opts.get_str("language", context.language)

    def feed_list(self) -> list[str]:
        feeds = list(self.feeds)
        if self.opml:
            feeds.extend(self.read_opml(self.context.root / self.opml))
        return list(dict.fromkeys(feeds))

    def read_opml(self, path: Path) -> list[str]:
        import xml.etree.ElementTree as ElementTree

        where = self.context.relative(path)
        try:
            root = ElementTree.fromstring(strip_doctype(path.read_bytes()))
        except (OSError, ElementTree.ParseError) as error:
            self.context.warn(f"{where}: cannot read this OPML file ({error}); its feeds skipped")
            return []
        return [o.attrib["xmlUrl"] for o in root.iter("outline") if o.attrib.get("xmlUrl")]

    def collect(self) -> Iterator[Item]:
        feeds = self.feed_list()
        remote = [f for f in feeds if f.startswith(("http://", "https://"))]
        bodies = self.remote_bodies(remote)
        for feed in feeds:
            parsed = bodies.get(feed) if feed in remote else self.local_feed(feed)
            if parsed is not None:
                yield from self.items(feed, parsed)

    def local_feed(self, feed: str) -> ParsedFeed | None:
        path = self.context.root / feed.removeprefix("file://")
        try:
            body = path.read_bytes()
        except OSError as error:
            self.context.warn(f"feed {feed}: cannot be read ({error.strerror or error}); skipped")
            return None
        return self.parse(feed, body, path.resolve().as_uri())

    def parse(self, feed: str, body: bytes, base_url: str) -> ParsedFeed | None:
        """The feed read, or None with a warning naming it: one feed's trouble, whatever it
        is, never costs the source its other feeds."""
        if len(body) > self.settings.max_bytes:
            self.context.warn(
                f"feed {feed}: larger than the {self.settings.max_bytes:,}-byte limit; skipped"
            )
            return None
        try:
            parsed = parse_feed(body, base_url)
        except FeedError as error:
            self.context.warn(f"feed {feed}: {error}")
            return None
        except Exception as error:  # a reader's bug is still this feed's, not the compile's
            self.context.warn(f"feed {feed}: cannot be read ({type(error).__name__}: {error})")
            return None
        for warning in parsed.warnings:
            self.context.warn(f"feed {feed}: {warning}")
        return parsed

    def remote_bodies(self, urls: list[str]) -> dict[str, ParsedFeed]:
        """Each remote feed parsed: from the issue's snapshot, the network, or the cache."""
        state, issue = self.context.state, self.context.issue_number
        parsed: dict[str, ParsedFeed] = {}
        to_fetch = []
        for url in urls:
            snapshot = state.snapshot(issue, url) if state and not self.context.refresh else None
            if snapshot is not None:
                result = self.parse(url, snapshot, url)
                if result is not None:
                    parsed[url] = result
            elif self.context.offline:
                if state and state.cached(url):
                    self.from_cache(url, "", parsed)
                else:
                    self.context.warn(f"feed {url}: --offline, and no cached copy; skipped")
            else:
                to_fetch.append(url)
        if not to_fetch:
            return parsed
        from letterpress.fetch import Conditional, fetch_all  # http.client only when needed

        conditionals = {}
        for url in to_fetch:
            cached = state.cached(url) if state else None
            if cached:
                conditionals[url] = Conditional(cached.etag, cached.last_modified)
        fetched = fetch_all(to_fetch, conditionals, self.settings, self.context.progress)
        for url, response in fetched.items():
            if response.error or response.not_modified:
                self.from_cache(url, response.error or "", parsed)
                continue
            assert response.body is not None
            body = response.body
            charset = charset_of(response.content_type)
            if charset:
                # The header's charset is kept in the bytes, so the cache reads them alike.
                body = as_utf8(body, charset)
            result = self.parse(url, body, url)
            if result is None:
                self.from_cache(url, "what it served is not usable", parsed)
                continue
            parsed[url] = result
            if state:
                state.store(url, body, response.etag, response.last_modified)
                state.save_snapshot(issue, url, body)
        return parsed

    def from_cache(self, url: str, cause: str, parsed: dict[str, ParsedFeed]) -> None:
        """Use the feed's last good copy; ``cause`` says why ('' when it has not changed)."""
        state = self.context.state
        cached = state.cached(url) if state else None
        if cause:
            then = f"using the copy cached {cached.fetched_at[:16]}" if cached else "skipped"
            self.context.warn(f"feed {url}: {cause}; {then}")
        elif cached is None:
            self.context.warn(f"feed {url}: not modified, but no cached copy; skipped")
        if cached is None:
            return
        result = self.parse(url, cached.body, url)
        if result is not None:
            parsed[url] = result
            if state:
                state.save_snapshot(self.context.issue_number, url, cached.body)

    def items(self, feed: str, parsed: ParsedFeed) -> Iterator[Item]:
        entries = sorted(
            parsed.entries,
            key=lambda e: e.published.timestamp() if e.published else 0.0,
            reverse=True,
        )[: self.max_items]
        for entry in entries:
            if not entry.title and not entry.summary:
                continue
            key = entry.link or f"{feed}\x1f{entry.id or entry.title}"
            yield Item(
                id=stable_id(key),
                title=entry.title or entry.summary[:80],
                summary=entry.summary,
                source=self.name,
                url=entry.link,
                published=entry.published,
                language=guess_language(f"{entry.title} {entry.summary}", self.language),
                tags=entry.categories,
                author=entry.author,
                image=entry.image,
                origin=f"feed {feed}",
            )


@hookimpl
def register_source_types() -> list[type[Source]]:
    return [FeedSource]
