"""How fast letterpress reads and fetches feeds: parsing against feedparser, fetching at once.

Run it from the repository root:

    .venv/bin/python bench/feeds.py             # 3 timed runs of each measurement
    .venv/bin/python bench/feeds.py --runs 7

It measures two things and prints the median of the runs, whether each meets its target, and
the figures behind it:

1. Parse throughput, in items per second: ``letterpress.feeds.parse_feed`` (fastfeedparser,
   feedparser where it gives up, nh3 on every text) against ``feedparser.parse`` alone, over
   the 88 real feeds in ../shared/corpora/real-feeds (read from there, never copied; each run
   parses all of them, after one untimed parse that loads the imports). Target: letterpress at
   least 20 times feedparser's items per second.
2. Fetching: 50 feeds from a loopback HTTP server (http.server.ThreadingHTTPServer on
   127.0.0.1, a free port, a listen backlog of 128) that waits 200 ms before each response,
   fetched with ``fetch_all(urls, {}, FetchSettings())``. Target: under 1.5 s of wall time
   for all 50; one after the other they would take 10 s.

It uses the standard library and letterpress's own dependencies only, and writes nothing.
"""

from __future__ import annotations

import json
import statistics
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import feedparser

from _common import machine, runs_parser
from letterpress.feeds import FeedError, parse_feed
from letterpress.fetch import FetchSettings, fetch_all

REAL_FEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "real-feeds"
BASE_URL = "https://example.org/feed.xml"
TARGET_RATIO = 20.0  # letterpress items/s over feedparser items/s, at least
FEEDS = 50
DELAY = 0.2  # seconds the server waits before each response
TARGET_FETCH_SECONDS = 1.5


# 1. Parse throughput ---------------------------------------------------------------------------


def load_real_feeds() -> list[tuple[str, bytes]]:
    manifest = REAL_FEEDS / "manifest.jsonl"
    if not manifest.is_file():
        raise SystemExit(f"bench/feeds.py: no corpus at {REAL_FEEDS} (it lives beside the repo)")
    names = [json.loads(line)["file"] for line in manifest.read_text("utf-8").splitlines() if line]
    return [(name, (REAL_FEEDS / name).read_bytes()) for name in names]


def letterpress_items(body: bytes) -> int:
    try:
        return len(parse_feed(body, BASE_URL).entries)
    except FeedError:
        return 0


def feedparser_items(body: bytes) -> int:
    return len(feedparser.parse(body).entries)


def time_parser(parse: Callable[[bytes], int], bodies: Sequence[bytes]) -> tuple[float, int]:
    """Seconds to parse every body once, and the items found."""
    started = time.perf_counter()
    items = sum(parse(body) for body in bodies)
    return time.perf_counter() - started, items


def bench_parsing(runs: int) -> bool:
    feeds = load_real_feeds()
    bodies = [body for _, body in feeds]
    size = sum(len(body) for body in bodies)
    print(f"1. Parse throughput: {len(feeds)} feeds, {size / 1e6:.1f} MB, from {REAL_FEEDS}")
    rates: dict[str, list[float]] = {"letterpress": [], "feedparser": []}
    found: dict[str, int] = {}
    parsers = {"letterpress": letterpress_items, "feedparser": feedparser_items}
    for name, parse in parsers.items():
        parse(bodies[0])  # imports and first-call set-up stay out of the timing
        for _ in range(runs):
            seconds, items = time_parser(parse, bodies)
            rates[name].append(items / seconds)
            found[name] = items
    medians = {name: statistics.median(values) for name, values in rates.items()}
    for name, values in rates.items():
        print(
            f"   {name + ' items/s':<24} median {medians[name]:>9,.0f}"
            f"   min {min(values):>9,.0f}   max {max(values):>9,.0f}"
            f"   ({found[name]:,} items per run)"
        )
    ratio = medians["letterpress"] / medians["feedparser"]
    met = ratio >= TARGET_RATIO
    print(
        f"   ratio (of the medians)   {ratio:.1f}x   target at least {TARGET_RATIO:g}x: "
        f"{'met' if met else 'NOT met'}"
    )
    return met


# 2. Fetching -------------------------------------------------------------------------------------


def feed_body(number: int) -> bytes:
    items = "".join(
        f"<item><title>Story {number}.{n}</title><link>http://example.org/{number}/{n}</link>"
        f"<description>Text of story {n} of feed {number}.</description></item>"
        for n in range(10)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Feed {number}</title><link>http://example.org/{number}</link>"
        f"<description>Bench feed</description>{items}</channel></rss>"
    ).encode()


class SlowFeeds(BaseHTTPRequestHandler):
    """Every GET waits DELAY seconds, then answers with a small RSS feed."""

    def do_GET(self) -> None:
        time.sleep(DELAY)
        number = int("".join(c for c in self.path if c.isdigit()) or 0)
        body = feed_body(number)
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # a line per request would bury the figures


class Server(ThreadingHTTPServer):
    # socketserver listens with a backlog of 5: 16 connections at once overflow it, and the
    # kernel's SYN retry adds about 0.6 s to every other run (measured: 1.44 s against 0.81 s).
    # Web servers listen with hundreds (nginx 511), so this one does too: the bench is of the
    # client, not of socketserver's default.
    request_queue_size = 128
    daemon_threads = True


@contextmanager
def slow_server() -> Iterator[str]:
    """A loopback server on a free port, serving until the block ends; yields its base URL."""
    server = Server(("127.0.0.1", 0), SlowFeeds)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host!s}:{port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def bench_fetching(runs: int) -> bool:
    settings = FetchSettings()
    print(
        f"2. Fetching: {FEEDS} feeds from a loopback server that waits {DELAY * 1000:.0f} ms "
        f"before each response ({settings.workers} workers, FetchSettings() defaults)"
    )
    times = []
    with slow_server() as base:
        urls = [f"{base}/feed/{n}.xml" for n in range(FEEDS)]
        for _ in range(runs):
            started = time.perf_counter()
            results = fetch_all(urls, {}, settings)
            times.append(time.perf_counter() - started)
            failed = [f"{url}: {r.error}" for url, r in results.items() if r.body is None]
            if failed or len(results) != FEEDS:
                raise SystemExit("bench/feeds.py: fetches failed:\n" + "\n".join(failed))
    median = statistics.median(times)
    met = median < TARGET_FETCH_SECONDS
    print(
        f"   wall time for all {FEEDS}       median {median:.2f} s   min {min(times):.2f} s"
        f"   max {max(times):.2f} s   (one after the other: {FEEDS * DELAY:.0f} s)"
    )
    print(
        f"   target under {TARGET_FETCH_SECONDS:g} s (of the median): {'met' if met else 'NOT met'}"
    )
    return met


def main(argv: Sequence[str] | None = None) -> None:
    description = __doc__.splitlines()[0] if __doc__ else None
    args = runs_parser(description, 3, "measurement").parse_args(argv)
    print(f"{machine()}; {args.runs} timed runs each\n")
    parsing = bench_parsing(args.runs)
    print()
    fetching = bench_fetching(args.runs)
    print()
    print(f"targets: parse ratio {'met' if parsing else 'NOT met'}, ", end="")
    print(f"fetch time {'met' if fetching else 'NOT met'}")


if __name__ == "__main__":
    main()
