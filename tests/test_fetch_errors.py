"""A feed that cannot be fetched is a warning in an editor's words: the host, and why."""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import compile_issue
from tests.test_feeds_http import feed_workspace, server  # noqa: F401 (the server fixture)


def feed_warning(tmp_path: Path, url: str) -> str:
    root = feed_workspace(tmp_path / "ws", "", url)
    result = compile_issue(root)
    assert result.exit_code == 0, result.output
    return next(line for line in result.stderr.splitlines() if url in line)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_host_that_does_not_exist_is_named_without_python_words(tmp_path: Path) -> None:
    warning = feed_warning(tmp_path, "http://partners.invalid/feed.xml")
    assert "could not reach partners.invalid (" in warning
    assert "gaierror" not in warning and "Errno" not in warning


def test_a_refused_connection_says_nothing_answers(tmp_path: Path) -> None:
    warning = feed_warning(tmp_path, f"http://127.0.0.1:{closed_port()}/feed.xml")
    assert "could not reach 127.0.0.1 (connection refused" in warning
    assert "ConnectionRefusedError" not in warning


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/missing.xml", "127.0.0.1 answered HTTP 404 Not Found (no such page)"),
        ("/error.xml", "127.0.0.1 answered HTTP 500 Internal Server Error (the server failed)"),
        ("/slow.xml", "127.0.0.1 timed out (no answer in time)"),
    ],
)
def test_statuses_and_timeouts_say_what_they_mean(
    tmp_path: Path,
    server: str,  # noqa: F811
    path: str,
    words: str,
) -> None:
    assert words in feed_warning(tmp_path, f"{server}{path}")


def test_tls_to_a_server_that_does_not_speak_it_is_a_tls_failure(
    tmp_path: Path,
    server: str,  # noqa: F811
) -> None:
    warning = feed_warning(tmp_path, server.replace("http:", "https:") + "/good.xml")
    assert "could not reach 127.0.0.1 securely (the TLS handshake failed" in warning
    assert "SSLError" not in warning


@pytest.fixture
def self_signed_server(tmp_path: Path) -> Iterator[str]:
    """An HTTPS server on 127.0.0.1 whose certificate no one signed."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is needed to make a certificate")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-keyout", key, "-out", cert],
        check=True,
        capture_output=True,
    )  # fmt: skip
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_certificate_that_is_not_valid_is_said_so(
    tmp_path: Path, self_signed_server: str
) -> None:
    warning = feed_warning(tmp_path, f"{self_signed_server}/feed.xml")
    assert "could not reach 127.0.0.1 securely (its TLS certificate is not valid: " in warning
    assert "self-signed" in warning and "SSLCertVerificationError" not in warning
