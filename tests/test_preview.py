"""`letterpress preview`: the issue in a real headless Chromium, live as the workspace changes."""

from __future__ import annotations

import http.client
import json
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from letterpress.preview import PreviewServer


@pytest.fixture
def preview(sample: Path) -> Iterator[PreviewServer]:
    server = PreviewServer(sample, 12, port=0)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def page(browser: Any, preview: PreviewServer) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    page.goto(preview.url)
    email = page.frame_locator("#email")
    email.locator("h1").wait_for()
    yield page
    context.close()


def test_the_preview_shows_the_issue_and_its_sections(page: Any, preview: PreviewServer) -> None:
    email = page.frame_locator("#email")
    assert email.locator("h1").inner_text() == "Health is a right, solidarity is a duty"
    # all_text_contents: the titles as written; the theme sets them in capitals.
    assert "Palestine" in email.locator("h2").all_text_contents()
    page.click("#summarytoggle")
    summary = page.inner_text("#summary")
    built = json.loads((preview.builder.folder / "issue.json").read_text())
    assert len(built["sections"]) >= 5
    for section in built["sections"]:
        count = len(section["items"])
        assert f"{section['title']}: {count} item{'s' if count != 1 else ''}" in summary


def test_phone_width_does_not_scroll_sideways(page: Any) -> None:
    page.click("#phone")
    page.wait_for_function("document.getElementById('email').clientWidth === 375")
    frame = page.frame_locator("#email").locator("html")
    widths = frame.evaluate("el => [el.scrollWidth, el.clientWidth]")
    assert widths[1] == 375
    assert widths[0] <= widths[1]


def test_the_text_view_shows_the_plain_text(page: Any) -> None:
    page.click("#textview")
    assert page.is_visible("#text") and not page.is_visible("#email")
    page.wait_for_function("document.getElementById('text').textContent.includes('HEALTH')")
    assert "SOLIDARITY BULLETIN" in page.inner_text("#text")


def test_the_dark_scheme_applies_when_switched_on(page: Any) -> None:
    background = "el => getComputedStyle(el).backgroundColor"
    card = page.frame_locator("#email").locator(".lp-card").first
    assert card.evaluate(background) == "rgb(255, 255, 255)"
    page.click("#darkmode")
    page.wait_for_function(
        "document.getElementById('email').contentDocument"
        "?.querySelector('.lp-card')"
        "&& getComputedStyle(document.getElementById('email').contentDocument"
        ".querySelector('.lp-card')).backgroundColor === 'rgb(30, 30, 30)'"
    )


def test_saving_a_source_updates_the_page_without_a_reload(
    page: Any, preview: PreviewServer
) -> None:
    page.evaluate("window.notReloaded = true")
    note = preview.builder.root / "sources" / "late-news.md"
    note.write_text(
        "---\ntitle: Late news from the picket line\nsection: labour\n---\nStill there.\n"
    )
    email = page.frame_locator("#email")
    email.locator("text=Late news from the picket line").wait_for(timeout=5000)
    assert page.evaluate("window.notReloaded") is True


def test_a_broken_template_shows_its_error_and_fixing_it_brings_the_email_back(
    page: Any, preview: PreviewServer
) -> None:
    template = preview.builder.root / "templates" / "section.mjml.j2"
    template.write_text("<mj-section>\n{% for x in %}\n</mj-section>\n")
    page.wait_for_selector("#error", state="visible", timeout=5000)
    assert "templates/section.mjml.j2:2" in page.inner_text("#error")
    assert preview.builder.status.ok is False  # and the server is still answering
    template.unlink()  # back to the package's own template
    page.wait_for_selector("#error", state="hidden", timeout=5000)
    page.frame_locator("#email").locator("h2").first.wait_for()


def test_a_plugin_that_raises_is_shown_and_the_server_keeps_running(
    page: Any, preview: PreviewServer
) -> None:
    plugin = preview.builder.root / "plugins" / "broken.py"
    plugin.parent.mkdir(exist_ok=True)
    plugin.write_text("import os\nraise RuntimeError('half-written plugin')\n")
    page.wait_for_selector("#error", state="visible", timeout=5000)
    assert "plugins/broken.py:2" in page.inner_text("#error")
    assert "half-written plugin" in page.inner_text("#error")
    plugin.unlink()
    page.wait_for_selector("#error", state="hidden", timeout=5000)


def status_of(preview: PreviewServer, path: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", preview.port, timeout=5)
    connection.putrequest("GET", path, skip_accept_encoding=True)
    connection.endheaders()
    status = connection.getresponse().status
    connection.close()
    return status


@pytest.mark.parametrize(
    "path",
    [
        "/../letterpress.toml",
        "/issue/../letterpress.toml",
        "/issue/../../letterpress.toml",
        "/issue/%2e%2e/%2e%2e/letterpress.toml",
        "/issue/%2e%2e%2f%2e%2e%2fletterpress.toml",
        "/issue/..%5c..%5cletterpress.toml",
        "/issue//etc/passwd",
        "/issue/%2fetc%2fpasswd",
        "//etc/passwd",
        "/etc/passwd",
        "/issue/.hidden",
        "/issue/outside",
        "/sources/000_20f9db1d1a939dd6.txt",
    ],
)
def test_only_the_preview_and_the_built_issue_are_served(preview: PreviewServer, path: str) -> None:
    (preview.builder.folder / "outside").symlink_to(preview.builder.root / "letterpress.toml")
    assert status_of(preview, path) == 404
    assert status_of(preview, "/issue/email.html") == 200


def test_a_burst_of_saves_is_one_rebuild(preview: PreviewServer) -> None:
    before = preview.builder.status.build
    note = preview.builder.root / "sources" / "draft.md"
    for n in range(6):
        note.write_text(f"# Draft {n}\n\nWords.\n")
        time.sleep(0.01)
    status = preview.builder.wait_for_build_after(before, timeout=5)
    assert status.build == before + 1
    time.sleep(0.5)  # nothing queued behind it
    assert preview.builder.status.build == before + 1


def test_a_port_in_use_moves_to_the_next_one_and_says_so(sample: Path) -> None:
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    port = taken.getsockname()[1]
    command = [sys.executable, "-m", "letterpress", "preview", "--issue", "12"]
    process = subprocess.Popen(
        [*command, "--workspace", str(sample), "--port", str(port), "--no-open"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        said = "".join(process.stdout.readline() for _ in range(3))
        # The next free port: usually port + 1, unless another program holds that one too.
        moved = re.search(rf"Port {port} is in use; serving on (\d+) instead\.", said)
        assert moved, said
        assert int(moved.group(1)) > port
        assert f"at http://127.0.0.1:{moved.group(1)}/" in said
        # Ctrl-C stops it cleanly.
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=10)
    finally:
        process.kill()
        taken.close()
    assert process.returncode == 0, err
    assert "Stopped." in out and "Traceback" not in err


# The preview is the editor's alone --------------------------------------------------------


def request(preview: PreviewServer, path: str, host: str | None) -> int:
    """The status of GET ``path`` with the given Host header (None: no Host header at all)."""
    connection = http.client.HTTPConnection("127.0.0.1", preview.port, timeout=5)
    connection.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
    if host is not None:
        connection.putheader("Host", host)
    connection.endheaders()
    status = connection.getresponse().status
    connection.close()
    return status


@pytest.mark.parametrize("path", ["/", "/status", "/issue/email.eml", "/events"])
@pytest.mark.parametrize(
    "host", ["evil.example", "evil.example:{port}", "127.0.0.1.evil.example:{port}", None]
)
def test_another_sites_name_gets_403(preview: PreviewServer, path: str, host: str | None) -> None:
    """A page on another site that rebinds its name to 127.0.0.1 reads nothing."""
    named = host.format(port=preview.port) if host else None
    assert request(preview, path, named) == 403


@pytest.mark.parametrize(
    "host", ["localhost:{port}", "127.0.0.1:{port}", "[::1]:{port}", "LOCALHOST"]
)
def test_the_loopback_names_are_served(preview: PreviewServer, host: str) -> None:
    assert request(preview, "/issue/email.eml", host.format(port=preview.port)) == 200


def test_the_host_given_is_served_too(sample: Path) -> None:
    server = PreviewServer(sample, 12, host="127.0.0.2", port=0)
    server.start()
    try:
        connection = http.client.HTTPConnection("127.0.0.2", server.port, timeout=5)
        connection.request("GET", "/status")
        assert connection.getresponse().status == 200
        connection.close()
    finally:
        server.stop()


EXITING_PLUGINS = {
    "sys.exit": "import sys\n\nsys.exit(3)\n",
    "KeyboardInterrupt": (
        "from letterpress import hookimpl\n\n\n@hookimpl\ndef prepare_issue(issue):\n"
        "    raise KeyboardInterrupt\n"
    ),
}


@pytest.mark.parametrize("how", list(EXITING_PLUGINS))
def test_a_plugin_that_exits_shows_as_a_failure_and_the_watcher_goes_on(
    page: Any, preview: PreviewServer, how: str
) -> None:
    plugin = preview.builder.root / "plugins" / "quits.py"
    plugin.write_text(EXITING_PLUGINS[how])
    page.wait_for_selector("#error", state="visible", timeout=5000)
    assert "plugins/quits.py" in page.inner_text("#error")
    assert preview.watcher.is_alive()
    plugin.unlink()
    page.wait_for_selector("#error", state="hidden", timeout=5000)
    # And it still rebuilds on the next save.
    (preview.builder.root / "sources" / "after.md").write_text(
        "---\ntitle: Written after the plugin quit\nsection: labour\n---\nStill watching.\n"
    )
    page.frame_locator("#email").locator("text=Written after the plugin quit").wait_for(
        timeout=5000
    )


def connection_threads(server: PreviewServer) -> int:
    return sum(t.name == server.httpd.thread_name for t in threading.enumerate())


def test_idle_connections_hold_a_bounded_number_of_threads(sample: Path) -> None:
    server = PreviewServer(sample, 12, port=0, max_connections=8, idle_seconds=30)
    server.start()
    idle = []
    try:
        for _ in range(100):
            idle.append(socket.create_connection(("127.0.0.1", server.port), timeout=5))
        # A request made after them is answered after them: every one has been accepted.
        assert request(server, "/status", "localhost") == 503
        assert connection_threads(server) == 8
        for connection in idle:
            connection.close()
        idle.clear()
        for _ in range(200):
            if request(server, "/status", "localhost") == 200:
                break
            time.sleep(0.05)
        assert request(server, "/status", "localhost") == 200
    finally:
        for connection in idle:
            connection.close()
        server.stop()


def test_a_half_open_connection_is_closed_after_a_quiet_while(sample: Path) -> None:
    server = PreviewServer(sample, 12, port=0, idle_seconds=0.5)
    server.start()
    try:
        silent = socket.create_connection(("127.0.0.1", server.port), timeout=20)
        silent.sendall(b"GET /status HTTP/1.1\r\n")  # and never the rest
        assert silent.recv(1024) == b""  # the server hung up
        silent.close()
    finally:
        server.stop()


def test_the_summary_lists_uncertain_items_first(
    browser: Any, sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from letterpress import section_model

    # A model that finds "farmers" nearly labour, and nothing else anything.
    model = section_model.LinearModel.from_rows(
        ("health", "palestine", "labour", "elections", "other"),
        {section_model.bucket("h:farmers"): (0.0, 0.0, 2.0, 0.0, 1.6)},
        thresholds={"health": 0.9, "palestine": 0.9, "labour": 0.9, "elections": 0.9},
    )
    path = tmp_path / "nearly.model"
    path.write_bytes(model.to_bytes())
    monkeypatch.setenv("LETTERPRESS_SECTION_MODEL", str(path))
    section_model.built_in_model.cache_clear()
    (sample / "sources" / "farmers.md").write_text(
        "---\ntitle: Farmers gather in Namur\ndate: 2024-06-18\n---\nA day in the fields.\n"
    )
    server = PreviewServer(sample, 12, port=0)
    server.start()
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    try:
        page = context.new_page()
        page.goto(server.url)
        page.frame_locator("#email").locator("h1").wait_for()
        page.click("#summarytoggle")
        lines = page.locator("#summary li").all_inner_texts()
        assert lines[0].startswith("uncertain: ")
        assert "Farmers gather in Namur (labour 0." in lines[0]
        assert lines[0].endswith("?)")
        assert not any(line.startswith("uncertain") for line in lines[1:] if "Farmers" in line)
    finally:
        context.close()
        server.stop()
        section_model.built_in_model.cache_clear()
