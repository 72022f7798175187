"""The preview server: builds the issue, serves it with a page around it, and pushes reloads.

Only three kinds of path answer: the page itself, its status and event stream, and the
files of the built issue's own folder. Everything else, traversal attempts included, is 404.
Only requests naming the preview's own host (a loopback name, or the --host given) are
answered: another site's page, reaching it through DNS rebinding, gets 403.

The preview is the editor's draft: it builds into a folder of its own
(.letterpress/preview/), from the sources as they are now, and never writes the ledger nor
build/. Its first build fetches the feeds; later builds use the cached copies.
"""

from __future__ import annotations

import errno
import json
import socket
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from letterpress.errors import LetterpressError
from letterpress.preview.watch import Watcher

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".eml": "message/rfc822",
    ".xml": "application/xml; charset=utf-8",
}
KEEPALIVE_SECONDS = 15.0
PORT_ATTEMPTS = 20
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
# Connections served at once (each open page holds one for its event stream); past this,
# a new connection is told 503 at once rather than given a thread.
MAX_CONNECTIONS = 32
# A connection that says nothing for this long is closed: half-open sockets hold no thread.
IDLE_SECONDS = 10.0


@dataclass
class BuildStatus:
    """What the page shows: the last build's outcome, numbered so the page knows it is new."""

    build: int = 0
    ok: bool = False
    error: str = ""
    title: str = ""
    sections: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    finished_at: float = 0.0
    uncertain: list[dict[str, str]] = field(default_factory=list)


class Builder:
    """Compiles the issue on request, one build at a time, and tells whoever waits."""

    def __init__(
        self,
        root: Path,
        number: int,
        out_dir: Path | None,
        on_build: Callable[[BuildStatus], None] | None = None,
    ) -> None:
        self.root = root
        self.on_build = on_build
        self.number = number
        self.out_dir = out_dir
        self.status = BuildStatus()
        self.changed = threading.Condition()
        self._building = threading.Lock()
        self.fetched = False

    @property
    def build_dir(self) -> Path:
        return self.out_dir or self.root / ".letterpress" / "preview"

    @property
    def folder(self) -> Path:
        return self.build_dir / f"issue-{self.number}"

    def build(self) -> BuildStatus:
        from letterpress.pipeline import RunOptions, compile_issue
        from letterpress.workspace import load_workspace

        with self._building:
            started = time.perf_counter()
            status = BuildStatus(build=self.status.build + 1)
            # The sources as they are now (refresh); the feeds fetched until a build has
            # gone through, then read from the cache (offline) so a save rebuilds at once.
            options = RunOptions(refresh=True, offline=self.fetched)
            try:
                workspace = load_workspace(self.root)
                result = compile_issue(
                    workspace, self.number, self.build_dir, options=options, record=False
                )
            except LetterpressError as error:
                status.error = str(error)
            except (Exception, SystemExit, KeyboardInterrupt) as error:
                # A plugin or template can raise anything, sys.exit() included: show it, keep
                # serving. Only a real Ctrl-C (on the main thread) stops the preview.
                if isinstance(error, KeyboardInterrupt) and _on_main_thread():
                    raise
                status.error = describe_failure(error)
            else:
                self.fetched = True
                issue = result.issue
                status.ok = not result.errors
                status.error = "\n".join(result.errors)
                status.title = issue.title
                status.sections = [
                    {"title": s.title, "items": len(s.items)} for s in issue.sections
                ]
                if issue.unsectioned:
                    status.sections.append(
                        {"title": issue.unsectioned_title, "items": len(issue.unsectioned)}
                    )
                status.warnings = list(result.report.warnings)
                # Items the sections nearly claimed: the editor's to place, shown first.
                status.uncertain = [
                    {"id": item.id, "title": item.title, "closest": item.uncertain}
                    for item in issue.unsectioned
                    if item.uncertain
                ]
            status.seconds = round(time.perf_counter() - started, 3)
            status.finished_at = time.time()
            with self.changed:
                self.status = status
                self.changed.notify_all()
            if self.on_build:
                self.on_build(status)
            return status

    def wait_for_build_after(self, build: int, timeout: float) -> BuildStatus:
        with self.changed:
            self.changed.wait_for(lambda: self.status.build > build, timeout=timeout)
            return self.status


def describe_failure(error: BaseException) -> str:
    """Where a build failed and why, in one line: the innermost frame, the exception."""
    frames = traceback.extract_tb(error.__traceback__)
    where = f"{frames[-1].filename}:{frames[-1].lineno}: " if frames else ""
    if isinstance(error, SystemExit):
        return f"{where}sys.exit({error.code!r}) stopped the build"
    if isinstance(error, KeyboardInterrupt):
        return f"{where}KeyboardInterrupt raised during the build"
    return f"{where}{type(error).__name__}: {error}"


def _on_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


class PreviewHandler(BaseHTTPRequestHandler):
    server: PreviewHTTPServer
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        super().setup()
        self.connection.settimeout(self.server.idle_seconds)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the terminal shows builds, not every request

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        if not self.server.allows_host(self.headers.get("Host")):
            body = b"Forbidden: not a name of this preview\n"
            self.respond(HTTPStatus.FORBIDDEN, body, CONTENT_TYPES[".txt"])
            self.close_connection = True
            return
        path = urlsplit(self.path).path
        if path in ("/", "/index.html"):
            page = resources.files("letterpress.preview").joinpath("page.html").read_bytes()
            self.respond(HTTPStatus.OK, page, CONTENT_TYPES[".html"])
        elif path == "/status":
            body = json.dumps(self.server.builder.status.__dict__).encode()
            self.respond(HTTPStatus.OK, body, CONTENT_TYPES[".json"])
        elif path == "/events":
            self.stream_events()
        elif path.startswith("/issue/"):
            self.serve_built_file(path.removeprefix("/issue/"))
        else:
            self.not_found()

    def respond(self, status: HTTPStatus, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def not_found(self) -> None:
        self.respond(HTTPStatus.NOT_FOUND, b"Not found\n", CONTENT_TYPES[".txt"])

    def serve_built_file(self, raw_name: str) -> None:
        """A file directly inside the built issue's folder, or 404: never a step outside it."""
        name = unquote(raw_name)
        folder = self.server.builder.folder
        if not name or "/" in name or "\\" in name or name.startswith(".") or "\x00" in name:
            return self.not_found()
        candidate = folder / name
        try:
            resolved = candidate.resolve(strict=True)
        except (OSError, RuntimeError):
            return self.not_found()
        # A symlink inside the folder that points out of it resolves elsewhere: refused.
        if resolved.parent != folder.resolve() or not resolved.is_file():
            return self.not_found()
        body = resolved.read_bytes()
        query = urlsplit(self.path).query
        if resolved.suffix == ".html" and "scheme=dark" in query:
            # Show the dark scheme whatever the browser prefers: its rules apply always.
            body = body.replace(b"@media (prefers-color-scheme: dark)", b"@media all")
        self.respond(
            HTTPStatus.OK, body, CONTENT_TYPES.get(resolved.suffix, "application/octet-stream")
        )

    def stream_events(self) -> None:
        """Server-sent events: one `build` event per finished build, until the page goes."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        builder = self.server.builder
        seen = builder.status.build
        try:
            self.wfile.write(b"retry: 500\n: connected\n\n")
            self.wfile.flush()
            while not self.server.stopping.is_set():
                status = builder.wait_for_build_after(seen, KEEPALIVE_SECONDS)
                if status.build > seen:
                    seen = status.build
                    data = json.dumps(status.__dict__)
                    self.wfile.write(f"event: build\ndata: {data}\n\n".encode())
                else:
                    self.wfile.write(b": still here\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass
        self.close_connection = True


class PreviewHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    # Browsers open more connections than they use and drop them on reload.
    request_queue_size = 64

    def handle_error(self, request: Any, client_address: Any) -> None:
        import sys

        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)

    def __init__(
        self,
        address: tuple[str, int],
        builder: Builder,
        max_connections: int = MAX_CONNECTIONS,
        idle_seconds: float = IDLE_SECONDS,
    ) -> None:
        self.builder = builder
        self.stopping = threading.Event()
        self.idle_seconds = idle_seconds
        self.slots = threading.BoundedSemaphore(max_connections)
        self.host_names = LOOPBACK_NAMES | {_host_name(address[0])}
        super().__init__(address, PreviewHandler)

    def allows_host(self, header: str | None) -> bool:
        """True if the Host header names this preview: a loopback name or the --host given."""
        if not header:
            return False
        return _host_name(header) in self.host_names

    @property
    def thread_name(self) -> str:
        return f"letterpress-preview-{self.server_address[1]}"

    def process_request(self, request: Any, client_address: Any) -> None:
        """A thread for the connection if one of the bounded slots is free, else 503 at once."""
        if not self.slots.acquire(blocking=False):
            _refuse_busy(request)
            self.shutdown_request(request)
            return
        thread = threading.Thread(
            target=self._serve_connection,
            args=(request, client_address),
            name=self.thread_name,
            daemon=True,
        )
        try:
            thread.start()
        except BaseException:
            self.slots.release()
            self.shutdown_request(request)
            raise

    def _serve_connection(self, request: Any, client_address: Any) -> None:
        try:
            self.finish_request(request, client_address)
        except Exception:
            self.handle_error(request, client_address)
        finally:
            self.shutdown_request(request)
            self.slots.release()


def _host_name(value: str) -> str:
    """The name in a Host header or an address, without port or brackets, in lower case."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1 : value.find("]")] if "]" in value else value
    if value.count(":") == 1:
        value = value.split(":", 1)[0]
    return value.rstrip(".")


def _refuse_busy(request: socket.socket) -> None:
    try:
        request.settimeout(1.0)
        request.sendall(
            b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n"
            b"Retry-After: 1\r\nConnection: close\r\n\r\n"
        )
    except OSError:
        pass


class PreviewServer:
    """The whole preview: a first build, the HTTP server and the watcher."""

    def __init__(
        self,
        root: Path,
        number: int,
        host: str = "127.0.0.1",
        port: int = 8000,
        out_dir: Path | None = None,
        on_build: Callable[[BuildStatus], None] | None = None,
        max_connections: int = MAX_CONNECTIONS,
        idle_seconds: float = IDLE_SECONDS,
    ) -> None:
        self.builder = Builder(root, number, out_dir, on_build)
        self.requested_port = port
        self.httpd = _bind(host, port, self.builder, max_connections, idle_seconds)
        self.watcher = Watcher(root, self.rebuild)
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self.httpd.server_address[1])

    @property
    def url(self) -> str:
        host = str(self.httpd.server_address[0])
        return f"http://{host}:{self.port}/"

    def rebuild(self) -> None:
        self.builder.build()  # it shows every failure in the page, and returns

    def start(self) -> None:
        """Build once, then serve and watch in background threads."""
        self.builder.build()
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()
        self.watcher.start()

    def stop(self) -> None:
        self.watcher.stop()
        self.httpd.stopping.set()
        with self.builder.changed:
            self.builder.changed.notify_all()
        self.httpd.shutdown()
        self.httpd.server_close()


def _bind(
    host: str, port: int, builder: Builder, max_connections: int, idle_seconds: float
) -> PreviewHTTPServer:
    """The server on ``port``, or on the next free one if it is taken (0: any free port)."""
    last_error: OSError | None = None
    for candidate in range(port, port + PORT_ATTEMPTS) if port else [0]:
        try:
            return PreviewHTTPServer((host, candidate), builder, max_connections, idle_seconds)
        except OSError as error:
            if error.errno != errno.EADDRINUSE:
                raise LetterpressError(f"cannot serve on {host}:{candidate}: {error}") from error
            last_error = error
    raise LetterpressError(
        f"ports {port} to {port + PORT_ATTEMPTS - 1} on {host} are all in use ({last_error}); "
        "choose another with --port"
    )
