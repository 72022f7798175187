"""`letterpress check --links`: every link of the email visited at once, each within its time.

Each link is asked for with HEAD (GET where a server refuses HEAD), redirects followed by
hand: a loop, more than MAX_REDIRECTS hops, or a hop to an address that is not http(s) (a
``file:`` or ``javascript:`` one) is an error, since the reader's click would end there.
The timeout bounds a link's whole visit, redirects included: a watchdog cuts the
connection when it runs out, so a server that answers a byte at a time cannot hold it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from letterpress.links import link_scheme
from letterpress.preflight import Finding, error, warning

if TYPE_CHECKING:
    import http.client

LINK_WORKERS = 16
MAX_REDIRECTS = 10
REDIRECTS = {301, 302, 303, 307, 308}


class _OutOfTime(Exception):
    pass


def check_links(urls: Sequence[str], timeout: float, workers: int = LINK_WORKERS) -> list[Finding]:
    """Visit every link at once (``workers`` at a time): HEAD, or GET where HEAD is refused."""
    from concurrent.futures import ThreadPoolExecutor

    if not urls:
        return []
    with ThreadPoolExecutor(max_workers=min(workers, len(urls))) as pool:
        results = list(pool.map(lambda url: visit(url, timeout), urls))
    return [finding for finding in results if finding is not None]


def visit(url: str, timeout: float) -> Finding | None:
    """A finding if ``url`` is broken, redirects badly or does not answer within ``timeout``."""
    import http.client

    deadline = time.monotonic() + timeout
    chain = [url]
    current = url
    try:
        for _ in range(MAX_REDIRECTS + 1):
            status, location = _status(current, deadline)
            if status not in REDIRECTS:
                return (
                    error("link-broken", f"{url} answers {status}", url) if status >= 400 else None
                )
            if not location:
                return error(
                    "link-broken", f"{url}: {current} redirects nowhere (no Location)", url
                )
            target = urljoin(current, location.strip())
            if link_scheme(target) not in ("http", "https"):
                return error(
                    "link-redirect", f"{url} redirects to {target!r}, not an http(s) address", url
                )
            if target in chain:
                loop = " -> ".join([*chain[chain.index(target) :], target])
                return error("link-redirect", f"{url} redirects in a loop: {loop}", url)
            chain.append(target)
            current = target
        return error(
            "link-redirect", f"{url} redirects more than {MAX_REDIRECTS} times ({chain[-1]})", url
        )
    except _OutOfTime:
        return warning("link-failed", f"{url} did not answer within {timeout:g} s", url)
    except (OSError, http.client.HTTPException, ValueError) as failed:
        if time.monotonic() >= deadline:  # the watchdog cut the connection
            return warning("link-failed", f"{url} did not answer within {timeout:g} s", url)
        return warning("link-failed", f"{url} did not answer: {failed}", url)


def _status(url: str, deadline: float) -> tuple[int, str | None]:
    """The status and Location of ``url``: HEAD, then GET for a server that takes only GET."""
    status, location = _ask("HEAD", url, deadline)
    # 405 Method Not Allowed, 501 Not Implemented: a server that takes only GET.
    if status in (405, 501):
        status, location = _ask("GET", url, deadline)
    return status, location


def _ask(method: str, url: str, deadline: float) -> tuple[int, str | None]:
    import http.client

    from letterpress.fetch import USER_AGENT

    parts = urlsplit(url)
    cls = (
        http.client.HTTPSConnection
        if parts.scheme.lower() == "https"
        else http.client.HTTPConnection
    )
    connection = cls(parts.hostname or "", parts.port, timeout=_left(deadline))
    watchdog = threading.Timer(0, _cut, (connection,))
    try:
        # Connected first, so that the socket the watchdog cuts exists when it fires.
        connection.connect()
        watchdog.interval = _left(deadline)
        watchdog.start()
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        connection.request(method, path, headers={"User-Agent": USER_AGENT})
        response = connection.getresponse()
        return response.status, response.getheader("Location")
    finally:
        watchdog.cancel()
        connection.close()


def _cut(connection: http.client.HTTPConnection) -> None:
    """Stop a visit whose time is up: the read it is blocked in returns at once."""
    import contextlib
    import socket

    sock = connection.sock
    if sock is not None:
        with contextlib.suppress(OSError):  # already closed
            sock.shutdown(socket.SHUT_RDWR)


def _left(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise _OutOfTime
    return left
