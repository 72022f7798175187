"""Fetching feeds like a good citizen: concurrent, bounded in time, size and redirects, conditional.

Built on http.client rather than urllib so that each limit is ours to set: a connect timeout
apart from the read timeout, a deadline for the whole response, redirects counted and kept
to http and https, and gzip decoded with the size limit applied to what it unpacks to.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

if TYPE_CHECKING:
    import http.client

from letterpress import __version__
from letterpress.fetch_errors import fetch_failure

USER_AGENT = f"letterpress/{__version__} (newsletter compiler; feed reader)"
ACCEPT = "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"  # noqa: E501
REDIRECTS = {301, 302, 303, 307, 308}


@dataclass(frozen=True)
class FetchSettings:
    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    total_timeout: float = 20.0
    max_redirects: int = 5
    max_bytes: int = 10_000_000
    workers: int = 16


@dataclass(frozen=True)
class Conditional:
    """What the cache knows of a feed, for a conditional request."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class Fetched:
    url: str
    body: bytes | None = None
    not_modified: bool = False
    etag: str | None = None
    last_modified: str | None = None
    content_type: str = ""
    error: str | None = None


class _Deadline(Exception):
    pass


def fetch(url: str, conditional: Conditional, settings: FetchSettings) -> Fetched:
    """GET one feed; never raises: a failure is a Fetched with ``error`` saying why."""
    import http.client  # here, not at the top: a compile of local feeds never needs it

    deadline = time.monotonic() + settings.total_timeout
    current = url
    try:
        for _ in range(settings.max_redirects + 1):
            parts = urlsplit(current)
            if parts.scheme not in ("http", "https"):
                return Fetched(url, error=f"only http and https are fetched, not {current!r}")
            response, connection = _request(current, conditional, settings, deadline)
            try:
                if response.status in REDIRECTS:
                    location = response.getheader("Location")
                    if not location:
                        return Fetched(url, error=f"HTTP {response.status} without a Location")
                    current = urljoin(current, location)
                    continue
                if response.status == 304:
                    return Fetched(url, not_modified=True)
                if response.status != 200:
                    return Fetched(
                        url, error=fetch_failure(current, response.status, response.reason)
                    )
                body = _read_body(response, settings, deadline)
                return Fetched(
                    url,
                    body=body,
                    etag=response.getheader("ETag"),
                    last_modified=response.getheader("Last-Modified"),
                    content_type=response.getheader("Content-Type") or "",
                )
            finally:
                connection.close()
        return Fetched(url, error=f"more than {settings.max_redirects} redirects")
    except _Deadline:
        return Fetched(url, error=f"took longer than {settings.total_timeout:g} s in all")
    except (OSError, http.client.HTTPException, ValueError) as error:
        return Fetched(url, error=fetch_failure(current, error))


def _remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise _Deadline
    return left


def _request(
    url: str, conditional: Conditional, settings: FetchSettings, deadline: float
) -> tuple[http.client.HTTPResponse, http.client.HTTPConnection]:
    import http.client

    parts = urlsplit(url)
    cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = cls(
        parts.hostname or "",
        parts.port,
        timeout=min(settings.connect_timeout, _remaining(deadline)),
    )
    headers = {"User-Agent": USER_AGENT, "Accept": ACCEPT, "Accept-Encoding": "gzip"}
    if conditional.etag:
        headers["If-None-Match"] = conditional.etag
    if conditional.last_modified:
        headers["If-Modified-Since"] = conditional.last_modified
    try:
        connection.connect()
        assert connection.sock is not None
        # Every read waits at most this long; the deadline is checked between reads, so a
        # server that drips its answer overruns the total by one read timeout at most.
        connection.sock.settimeout(min(settings.read_timeout, _remaining(deadline)))
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        connection.request("GET", path, headers=headers)
        return connection.getresponse(), connection
    except BaseException:
        connection.close()
        raise


def _read_body(
    response: http.client.HTTPResponse, settings: FetchSettings, deadline: float
) -> bytes:
    declared = response.getheader("Content-Length")
    if declared and declared.isdigit() and int(declared) > settings.max_bytes:
        raise ValueError(f"larger than the {settings.max_bytes:,}-byte limit ({int(declared):,})")
    gzipped = (response.getheader("Content-Encoding") or "").lower() in ("gzip", "x-gzip")
    unzip = zlib.decompressobj(16 + zlib.MAX_WBITS) if gzipped else None
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = response.read(65536)
        _remaining(deadline)
        if not chunk:
            break
        if unzip is not None:
            # Decompress no more than the limit allows, so a gzip bomb stops at the limit.
            chunk = unzip.decompress(chunk, settings.max_bytes - size + 1)
        size += len(chunk)
        if size > settings.max_bytes:
            raise ValueError(f"larger than the {settings.max_bytes:,}-byte limit")
        chunks.append(chunk)
    return b"".join(chunks)


def fetch_all(
    urls: Sequence[str],
    conditionals: dict[str, Conditional],
    settings: FetchSettings,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Fetched]:
    """Fetch every URL at once (up to ``settings.workers`` in flight); results by URL."""
    from concurrent.futures import ThreadPoolExecutor

    results: dict[str, Fetched] = {}
    if not urls:
        return results
    with ThreadPoolExecutor(max_workers=min(settings.workers, len(urls))) as pool:
        futures = {
            url: pool.submit(fetch, url, conditionals.get(url, Conditional()), settings)
            for url in urls
        }
        for done, (url, future) in enumerate(futures.items(), start=1):
            results[url] = future.result()
            if progress:
                progress(done, len(urls))
    return results
