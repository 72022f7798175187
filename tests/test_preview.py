"""`letterpress preview`: the issue in a real headless Chromium, live as the workspace changes."""

from __future__ import annotations

import http.client
import re
import signal
import socket
import subprocess
import sys
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


def test_the_preview_shows_the_issue_and_its_sections(page: Any) -> None:
    email = page.frame_locator("#email")
    assert email.locator("h1").inner_text() == "Health is a right, solidarity is a duty"
    # all_text_contents: the titles as written; the theme sets them in capitals.
    assert "Palestine" in email.locator("h2").all_text_contents()
    page.click("#summarytoggle")
    assert "Health: 14 items" in page.inner_text("#summary")


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
