"""Feeds over real HTTP from a server on 127.0.0.1: the good, the slow and the broken."""

from __future__ import annotations

import datetime as dt
import gzip
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from letterpress import __version__
from letterpress.fetch import Conditional, FetchSettings, fetch
from tests.conftest import built, compile_issue, issue_json

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Union news</title><link>{base}/</link>
<item><title>Rail workers strike for a second day</title><link>/news/rail-strike</link>
<pubDate>Sat, 15 Jun 2024 08:00:00 +0200</pubDate>
<description>&lt;p&gt;The unions say the strike goes on.&lt;/p&gt;</description></item>
<item><title>Hospital nurses demand more staff</title><link>{base}/news/nurses</link>
<pubDate>Sun, 16 Jun 2024 08:00:00 +0200</pubDate>
<description>Nurses and doctors at the hospital ask for more colleagues.</description></item>
</channel></rss>
"""


class FeedServer(BaseHTTPRequestHandler):
    requests: list[tuple[str, dict[str, str]]] = []
    feed_version = "v1"
    in_flight = 0
    most_in_flight = 0
    lock = threading.Lock()

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send(self, status: int, body: bytes, **headers: str) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        FeedServer.requests.append((self.path, dict(self.headers)))
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        feed = FEED.format(base=base).encode()
        if self.path == "/good.xml":
            etag = f'"{FeedServer.feed_version}"'
            if self.headers.get("If-None-Match") == etag:
                self.send(304, b"", ETag=etag)
            else:
                self.send(200, feed, ETag=etag, Content_Type="application/rss+xml")
        elif self.path == "/gzip.xml":
            self.send(200, gzip.compress(feed), Content_Encoding="gzip")
        elif self.path == "/missing.xml":
            self.send(404, b"not here")
        elif self.path == "/error.xml":
            self.send(500, b"oops")
        elif self.path.startswith("/slow.xml"):
            with FeedServer.lock:
                FeedServer.in_flight += 1
                FeedServer.most_in_flight = max(FeedServer.most_in_flight, FeedServer.in_flight)
            time.sleep(2.5)
            with FeedServer.lock:
                FeedServer.in_flight -= 1
            self.send(200, feed)
        elif self.path == "/loop.xml":
            self.send(302, b"", Location="/loop.xml")
        elif self.path == "/huge.xml":
            # 12 MB once unpacked, 12 KB on the wire: the limit must apply to what it unpacks to.
            bomb = b'<?xml version="1.0"?><rss><channel><title>x</title><!--' + b" " * 12_000_000
            self.send(200, gzip.compress(bomb), Content_Encoding="gzip")
        elif self.path == "/page.xml":
            self.send(200, b"<!DOCTYPE html><html><body>Welcome!</body></html>")
        elif self.path == "/latin1.xml":
            # The charset is only in the header; the declaration says nothing of it.
            text = FEED.format(base=base).replace(' encoding="utf-8"', "")
            body = text.replace("Rail workers", "Liège rail workers").encode("latin-1")
            self.send(200, body, Content_Type="text/xml; charset=ISO-8859-1")
        elif self.path == "/one-bad-item.xml":
            bad = "<item><title>Broken link</title><link>http://[oops/</link></item>"
            self.send(
                200, FEED.format(base=base).replace("</channel>", bad + "</channel>").encode()
            )
        elif self.path == "/garbage.xml":
            self.send(200, b"this is not xml at all {{{")
        else:
            self.send(404, b"")


@pytest.fixture
def server() -> Iterator[str]:
    FeedServer.requests = []
    FeedServer.feed_version = "v1"
    FeedServer.most_in_flight = 0
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), FeedServer)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def feed_workspace(root: Path, base: str, *paths: str) -> Path:
    root.mkdir()
    (root / "issues").mkdir()
    (root / "issues" / "12.toml").write_text("date = 2024-06-20\n")
    feeds = ", ".join(f'"{base}{p}"' for p in paths)
    (root / "letterpress.toml").write_text(
        '[newsletter]\nname = "Union Weekly"\n\n'
        f'[sources.web]\ntype = "rss"\nfeeds = [{feeds}]\ntimeout = 1.5\n\n'
        "[sections.health]\n[sections.labour]\n"
    )
    return root


def titles(workspace: Path, number: int = 12) -> list[str]:
    """Every item's title in the issue, in a section or In brief, in alphabetical order:
    these tests are about what arrives over HTTP, not where the section model puts it."""
    data = issue_json(workspace, number)
    items = [i for s in data["sections"] for i in s["items"]] + data["unsectioned"]
    return sorted(i["title"] for i in items)


def test_a_good_feed_arrives_with_absolute_links_and_a_named_user_agent(
    tmp_path: Path, server: str
) -> None:
    ws = feed_workspace(tmp_path / "ws", server, "/good.xml")
    result = compile_issue(ws)
    assert result.exit_code == 0, result.output
    assert titles(ws) == [
        "Hospital nurses demand more staff",
        "Rail workers strike for a second day",
    ]
    urls = [i["url"] for s in issue_json(ws)["sections"] for i in s["items"]]
    assert f"{server}/news/rail-strike" in urls
    _, headers = FeedServer.requests[0]
    assert headers["User-Agent"].startswith(f"letterpress/{__version__}")
    assert "gzip" in headers["Accept-Encoding"]


def test_gzip_is_decoded(tmp_path: Path, server: str) -> None:
    ws = feed_workspace(tmp_path / "ws", server, "/gzip.xml")
    assert compile_issue(ws).exit_code == 0
    assert len(titles(ws)) == 2


@pytest.mark.parametrize(
    ("path", "cause"),
    [
        ("/missing.xml", "HTTP 404"),
        ("/error.xml", "HTTP 500"),
        ("/slow.xml", "timed out"),
        ("/loop.xml", "more than 5 redirects"),
        ("/huge.xml", "byte limit"),
        ("/page.xml", "an HTML page, not a feed"),
        ("/garbage.xml", "not a feed"),
    ],
)
def test_a_broken_feed_is_a_warning_naming_it_and_the_issue_still_compiles(
    tmp_path: Path, server: str, path: str, cause: str
) -> None:
    ws = feed_workspace(tmp_path / "ws", server, path, "/good.xml")
    result = compile_issue(ws)
    assert result.exit_code == 0, result.output
    warning = next(line for line in result.stderr.splitlines() if f"{server}{path}" in line)
    assert cause in warning
    assert len(titles(ws)) == 2  # the good feed's items still arrive
    assert built(ws, "email.html").is_file()


def test_strict_turns_a_warning_into_exit_status_1(tmp_path: Path, server: str) -> None:
    ws = feed_workspace(tmp_path / "ws", server, "/missing.xml", "/good.xml")
    result = compile_issue(ws, 12, "--strict")
    assert result.exit_code == 1
    assert "--strict" in result.stderr


def test_feeds_are_fetched_concurrently(tmp_path: Path, server: str) -> None:
    ws = feed_workspace(tmp_path / "ws", server, "/slow.xml?a", "/slow.xml?b", "/slow.xml?c")
    assert compile_issue(ws).exit_code == 0
    # The server saw all three requests waiting at once, not one after another.
    assert FeedServer.most_in_flight == 3


def test_recompiling_an_issue_uses_its_snapshot_not_the_network(
    tmp_path: Path, server: str
) -> None:
    ws = feed_workspace(tmp_path / "ws", server, "/good.xml")
    assert compile_issue(ws).exit_code == 0
    first = built(ws, "email.html").read_bytes()
    requests = len(FeedServer.requests)
    assert (ws / ".letterpress" / "state.sqlite3").is_file()
    assert compile_issue(ws).exit_code == 0
    assert len(FeedServer.requests) == requests  # no request at all
    assert built(ws, "email.html").read_bytes() == first


def test_refresh_fetches_with_a_conditional_request_and_a_304_reuses_the_cache(
    tmp_path: Path, server: str
) -> None:
    ws = feed_workspace(tmp_path / "ws", server, "/good.xml")
    assert compile_issue(ws).exit_code == 0
    result = compile_issue(ws, 12, "--refresh")
    assert result.exit_code == 0 and result.stderr == ""
    _, headers = FeedServer.requests[-1]
    assert headers["If-None-Match"] == '"v1"'
    assert len(titles(ws)) == 2


def test_a_failing_feed_falls_back_to_its_last_good_copy(tmp_path: Path, server: str) -> None:
    ws = feed_workspace(tmp_path / "ws", server, "/good.xml")
    assert compile_issue(ws).exit_code == 0
    config = ws / "letterpress.toml"
    # Same feed URL, now failing: point the cached URL's server path at a 500.
    FeedServer.feed_version = "v2"
    config.write_text(config.read_text())
    original = FeedServer.do_GET

    def failing(self: FeedServer) -> None:
        FeedServer.requests.append((self.path, dict(self.headers)))
        self.send(500, b"down")

    FeedServer.do_GET = failing  # type: ignore[method-assign]
    try:
        result = compile_issue(ws, 12, "--refresh")
    finally:
        FeedServer.do_GET = original  # type: ignore[method-assign]
    assert result.exit_code == 0
    assert "HTTP 500" in result.stderr and "using the copy cached" in result.stderr
    assert len(titles(ws)) == 2


def test_offline_uses_only_the_cache(tmp_path: Path, server: str) -> None:
    ws = feed_workspace(tmp_path / "ws", server, "/good.xml", "/gzip.xml")
    assert compile_issue(ws).exit_code == 0
    (ws / "issues" / "13.toml").write_text("date = 2024-06-21\n")
    requests = len(FeedServer.requests)
    result = compile_issue(ws, 13, "--offline")
    assert result.exit_code == 0, result.output
    assert len(FeedServer.requests) == requests


def test_offline_without_a_cache_warns_and_compiles(tmp_path: Path, server: str) -> None:
    ws = feed_workspace(tmp_path / "ws", server, "/good.xml")
    result = compile_issue(ws, 12, "--offline")
    assert result.exit_code == 0
    assert "--offline, and no cached copy" in result.stderr
    assert FeedServer.requests == []


def test_the_window_leaves_out_items_from_before_the_previous_issue(
    tmp_path: Path, server: str
) -> None:
    ws = feed_workspace(tmp_path / "ws", server, "/good.xml")
    (ws / "issues" / "11.toml").write_text("date = 2024-06-16\n")
    result = compile_issue(ws)
    assert result.exit_code == 0
    # The strike story is from 15 June, before issue 11 went out on the 16th.
    assert titles(ws) == ["Hospital nurses demand more staff"]
    assert "outside the issue's window (2024-06-16 to 2024-06-20)" in result.stdout


def test_an_opml_file_lists_the_feeds(tmp_path: Path, server: str) -> None:
    ws = feed_workspace(tmp_path / "ws", server, "/good.xml")
    (ws / "feeds.opml").write_text(
        f'<opml version="2.0"><body><outline text="Union" xmlUrl="{server}/gzip.xml"/>'
        "</body></opml>"
    )
    config = ws / "letterpress.toml"
    config.write_text(config.read_text().replace("feeds = [", 'opml = "feeds.opml"\nfeeds = ['))
    assert compile_issue(ws).exit_code == 0
    assert {p for p, _ in FeedServer.requests} == {"/good.xml", "/gzip.xml"}


def test_a_missing_local_feed_file_is_a_warning(tmp_path: Path) -> None:
    ws = feed_workspace(tmp_path / "ws", "", "sources/none.xml")
    result = compile_issue(ws)
    assert result.exit_code == 0
    assert "feed sources/none.xml: cannot be read" in result.stderr


def test_only_http_and_https_are_fetched_even_after_a_redirect(server: str) -> None:
    assert "only http and https" in (
        fetch("ftp://127.0.0.1/feed.xml", Conditional(), FetchSettings()).error or ""
    )

    class ToFile(FeedServer):
        def do_GET(self) -> None:
            self.send(302, b"", Location="file:///etc/passwd")

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), ToFile)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/feed.xml"
        result = fetch(url, Conditional(), FetchSettings())
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert result.body is None
    assert "only http and https" in (result.error or "")


def test_progress_is_shown_on_a_terminal_and_not_in_a_pipe(tmp_path: Path, server: str) -> None:
    import os
    import pty
    import subprocess
    import sys

    ws = feed_workspace(tmp_path / "ws", server, "/good.xml", "/gzip.xml")
    command = [
        sys.executable,
        "-m",
        "letterpress",
        "compile",
        "--issue",
        "12",
        "--workspace",
        str(ws),
    ]
    piped = subprocess.run(command, capture_output=True, text=True, check=True)
    assert "Fetching feeds" not in piped.stderr

    controller, terminal = pty.openpty()
    done = subprocess.run(
        [*command, "--refresh"], stdout=subprocess.DEVNULL, stderr=terminal, check=True
    )
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(controller)
    assert done.returncode == 0
    assert b"Fetching feeds: 2/2" in shown


def test_an_issue_keeps_the_date_of_its_first_compile(tmp_path: Path, server: str) -> None:
    from letterpress.pipeline import compile_issue as build
    from letterpress.workspace import load_workspace

    ws = feed_workspace(tmp_path / "ws", server, "/good.xml")
    (ws / "issues" / "12.toml").unlink()  # no date given: the day of the first compile
    workspace = load_workspace(ws)
    first = build(workspace, 12, ws / "build", today=dt.date(2024, 6, 18))
    a_week_later = build(workspace, 12, ws / "build", today=dt.date(2024, 6, 25))
    assert first.issue.date == a_week_later.issue.date == dt.date(2024, 6, 18)
    assert [i.title for i in a_week_later.issue.items] == [i.title for i in first.issue.items]


def test_window_days_sets_how_far_back_the_first_issue_reaches(tmp_path: Path, server: str) -> None:
    ws = feed_workspace(tmp_path / "ws", server, "/good.xml")
    config = ws / "letterpress.toml"
    config.write_text(
        config.read_text().replace('name = "Union Weekly"', 'name = "U"\nwindow_days = 4')
    )
    result = compile_issue(ws)
    assert result.exit_code == 0, result.output
    # 20 June minus 4 days is the 16th: the strike story of the 15th is left out.
    assert titles(ws) == ["Hospital nurses demand more staff"]


def test_the_charset_of_the_http_header_reaches_the_parser_and_the_snapshot(
    tmp_path: Path, server: str
) -> None:
    ws = feed_workspace(tmp_path / "ws", server, "/latin1.xml")
    result = compile_issue(ws)
    assert result.exit_code == 0 and result.stderr == "", result.output
    assert "Liège rail workers strike for a second day" in titles(ws)
    first = built(ws, "email.html").read_bytes()
    assert compile_issue(ws).exit_code == 0  # from the snapshot, which has no header
    assert built(ws, "email.html").read_bytes() == first


def test_one_item_with_a_broken_link_is_a_warning_and_the_feed_arrives(
    tmp_path: Path, server: str
) -> None:
    ws = feed_workspace(tmp_path / "ws", server, "/one-bad-item.xml")
    result = compile_issue(ws)
    assert result.exit_code == 0, result.output
    assert f"feed {server}/one-bad-item.xml: 1 entries with a link that is not a web address" in (
        result.stderr
    )
    # The broken item arrives too, without its link.
    assert titles(ws) == [
        "Broken link",
        "Hospital nurses demand more staff",
        "Rail workers strike for a second day",
    ]
    items = issue_json(ws)["unsectioned"] + [
        i for s in issue_json(ws)["sections"] for i in s["items"]
    ]
    assert next(i for i in items if i["title"] == "Broken link")["url"] is None
