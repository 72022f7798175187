"""`letterpress check --links` against a real server on 127.0.0.1: redirects and slow answers.

A reader who clicks a link follows its redirects: a loop, a chain past ten hops and a hop to
a ``file:`` address are errors, and the timeout bounds each link's whole visit, however the
server spreads its answer.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from letterpress.testing import compile_workspace, make_workspace
from tests.conftest import run

DRIP_SECONDS = 0.25


class Redirects(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_HEAD(self) -> None:
        path = self.path
        if path == "/ok":
            self.answer(200)
        elif path == "/loop-a":
            self.answer(302, "/loop-b")
        elif path == "/loop-b":
            self.answer(301, "/loop-a")
        elif path.startswith("/chain-"):
            # /chain-N-of-M redirects to N+1 until M, which answers 200.
            n, total = (int(p) for p in path.removeprefix("/chain-").split("-of-"))
            self.answer(200) if n == total else self.answer(302, f"/chain-{n + 1}-of-{total}")
        elif path == "/to-file":
            self.answer(302, "file:///etc/passwd")
        elif path == "/to-gone":
            self.answer(307, "/gone")
        elif path == "/drip":
            self.drip(b"HTTP/1.0 200 OK\r\nContent-Length: 0\r\nX-Padding: slow\r\n\r\n")
        else:
            self.answer(404)

    do_GET = do_HEAD

    def answer(self, status: int, location: str | None = None) -> None:
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def drip(self, response: bytes) -> None:
        """A whole answer, one byte at a time: each read is quick, the whole answer is not."""
        try:
            for byte in response:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(DRIP_SECONDS)
        except OSError:
            pass  # the client gave up: what the test wants


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Redirects)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


# Stories told apart by their words: the pipeline merges items that read nearly the same.
STORIES = [
    "Nurses in Ghent walk out over staffing on every ward",
    "Dockers in Antwerp hold a solidarity meeting on Wednesday",
    "The union congress in Liege backs a general strike",
    "Tenants in Molenbeek win a rent freeze from the council",
    "Teachers in Namur march for smaller classes and pay",
    "A new clinic in Charleroi treats patients for free",
]


def linked_workspace(tmp_path: Path, server: str, paths: list[str]) -> Path:
    files = {
        f"sources/story-{n}.md": f"---\ntitle: {STORIES[n]}\nurl: {server}{path}\n"
        f"date: 2024-06-18\n---\n{STORIES[n]}.\n"
        for n, path in enumerate(paths)
    }
    workspace = make_workspace(tmp_path / "news", files=files)
    result = compile_workspace(workspace)
    assert result.exit_code == 0, result.output
    assert len(result.titles) == len(paths)
    return workspace


def test_loops_long_chains_and_redirects_to_file_are_errors(tmp_path: Path, server: str) -> None:
    paths = ["/ok", "/loop-a", "/chain-1-of-12", "/chain-1-of-10", "/to-file", "/to-gone"]
    workspace = linked_workspace(tmp_path, server, paths)

    result = run("check", "--issue", "1", "--workspace", workspace, "--links", "--json")

    found = {f["where"].removeprefix(server): f for f in json.loads(result.stdout)}
    assert result.exit_code == 2
    assert set(found) == {"/loop-a", "/chain-1-of-12", "/to-file", "/to-gone"}
    assert found["/loop-a"]["code"] == "link-redirect"
    assert "loop" in found["/loop-a"]["message"]
    assert found["/chain-1-of-12"]["code"] == "link-redirect"
    assert "more than 10" in found["/chain-1-of-12"]["message"]
    assert found["/to-file"]["code"] == "link-redirect"
    assert "file:///etc/passwd" in found["/to-file"]["message"]
    assert found["/to-gone"]["code"] == "link-broken"
    assert all(f["level"] == "error" for f in found.values())


def test_the_timeout_bounds_a_links_whole_answer_not_each_read(tmp_path: Path, server: str) -> None:
    # The server sends a whole, valid answer, a byte every quarter second: no single read
    # waits a second, but the whole answer takes about fifteen.
    workspace = linked_workspace(tmp_path, server, ["/drip", "/ok"])

    result = run(
        "check", "--issue", "1", "--workspace", workspace, "--links", "--timeout", "1", "--json"
    )

    found = {f["where"].removeprefix(server): f for f in json.loads(result.stdout)}
    assert set(found) == {"/drip"}
    assert found["/drip"]["code"] == "link-failed"
    assert "within 1 s" in found["/drip"]["message"]
