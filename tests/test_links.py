"""The link policy: no address but http, https and mailto leaves letterpress as a link.

Whatever a source gives (a note's front matter, a plugin's item, an intro's Markdown, a
plugin that rewrites the issue), the built email, web edition and feed carry only http,
https and mailto links, and each refused address is a warning naming where it came from.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from letterpress import hookimpl
from letterpress.links import allowed_link, clean_links
from letterpress.models import Issue, Item
from letterpress.source import Source
from letterpress.testing import compile_workspace, make_workspace, registered
from tests.conftest import run

HOSTILE = [
    "javascript:void(document.title='x')",
    "JaVaScRiPt:void(document.title='x')",
    " javascript:void(document.title='x')",
    "java\tscript:void(document.title='x')",
    "\x01javascript:void(document.title='x')",
    "data:text/html,<script>document.title='x'</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "//evil.example.org/path",
    "/relative/page",
]


@pytest.mark.parametrize("url", HOSTILE)
def test_the_policy_refuses_every_address_but_http_https_and_mailto(url: str) -> None:
    assert allowed_link(url) is None


@pytest.mark.parametrize(
    "url",
    ["https://example.org/a", "HTTP://example.org", "mailto:desk@example.org", " https://x.org "],
)
def test_the_policy_keeps_http_https_and_mailto_without_their_spaces(url: str) -> None:
    assert allowed_link(url) == url.strip()


def note(url: str, title: str = "Clinic opens in Ghent") -> str:
    quoted = url.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    quoted = quoted.replace("\x01", "\\x01")
    return (
        f'---\ntitle: {title}\nurl: "{quoted}"\ndate: 2024-06-18\nsection: health\n---\n'
        "A new health centre opens its doors to every patient this week.\n"
    )


def hrefs(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="([^"]*)"', html)


def assert_no_unsafe_address(folder: Path) -> None:
    for name in ("email.html", "index.html", "../index.html", "../feed.xml"):
        for address in hrefs((folder / name).read_text("utf-8")):
            assert allowed_link(address) is not None or not re.match(r"\s*[\w+.\-\s]+:", address), (
                f"{name}: {address!r}"
            )


@pytest.mark.parametrize("url", HOSTILE[:6])
def test_a_notes_hostile_url_is_dropped_with_a_warning_naming_the_file(
    tmp_path: Path, url: str
) -> None:
    workspace = make_workspace(tmp_path / "news", files={"sources/clinic.md": note(url)})

    result = compile_workspace(workspace)

    assert result.exit_code == 0, result.output
    assert "sources/clinic.md: url: link" in result.stderr
    assert "not an http, https or mailto address" in result.stderr
    # The item is still there, without a link.
    assert result.titles == ["Clinic opens in Ghent"]
    assert result.issue["sections"][0]["items"][0]["url"] is None
    for name in ("email.html", "index.html", "email.txt"):
        text = (result.folder / name).read_text("utf-8").lower()
        assert "script:" not in text and "data:text" not in text
    assert_no_unsafe_address(result.folder)
    # And with --strict, the warning fails the run.
    assert compile_workspace(workspace, 1, "--strict").exit_code == 1


class Calendar(Source):
    """A plugin's source whose items carry addresses of every kind."""

    type_name = "hostile"

    def collect(self) -> Iterator[Item]:
        yield Item(
            id="a1",
            title="Meeting on Friday",
            summary="The union meets on Friday evening at the hall.",
            source=self.name,
            url="https://union.example.org/meeting",
            image="javascript:alert(1)",
            origin="calendar.example.org, event 7",
        )
        yield Item(
            id="a2",
            title="Picnic on Sunday",
            summary="Families picnic in the park on Sunday afternoon.",
            source=self.name,
            url="DATA:text/html;base64,PHNjcmlwdD4=",
        )


class HostileSourcePlugin:
    @hookimpl
    def register_source_types(self) -> list[type[Source]]:
        return [Calendar]


def test_a_plugin_sources_addresses_pass_the_same_policy(tmp_path: Path) -> None:
    workspace = make_workspace(tmp_path / "news", config='[sources.cal]\ntype = "hostile"\n')

    with registered(HostileSourcePlugin(), "hostile"):
        result = compile_workspace(workspace)

    assert result.exit_code == 0, result.output
    assert "calendar.example.org, event 7: image: link 'javascript:alert(1)'" in result.stderr
    assert "source 'cal': url: link 'DATA:text/html" in result.stderr
    items = {i["title"]: i for i in result.issue["unsectioned"]}
    assert items["Meeting on Friday"]["url"] == "https://union.example.org/meeting"
    assert items["Meeting on Friday"]["image"] is None
    assert items["Picnic on Sunday"]["url"] is None
    assert_no_unsafe_address(result.folder)


class Rewriter:
    """A plugin whose prepare_issue puts a javascript: link on the first item."""

    @hookimpl
    def prepare_issue(self, issue: Issue) -> Issue:
        first = issue.sections[0]
        item = dataclasses.replace(first.items[0], url="javascript:alert(document.cookie)")
        section = dataclasses.replace(first, items=(item, *first.items[1:]))
        return dataclasses.replace(issue, sections=(section, *issue.sections[1:]))


def test_an_issue_a_plugin_rewrites_passes_the_policy_again(tmp_path: Path) -> None:
    files = {"sources/clinic.md": note("https://health.example.org/clinic")}
    workspace = make_workspace(tmp_path / "news", files=files)

    with registered(Rewriter(), "rewriter"):
        result = compile_workspace(workspace)

    assert result.exit_code == 0, result.output
    assert "rewriter" in result.stderr and "prepare_issue: " in result.stderr
    assert "javascript:" not in (result.folder / "email.html").read_text("utf-8")
    assert_no_unsafe_address(result.folder)


def with_intro(workspace: Path, intro: str) -> Path:
    """The workspace with issue 1's intro set to ``intro`` (Markdown)."""
    (workspace / "issues" / "1.toml").write_text(
        f'date = 2024-06-20\nintro = """{intro}"""\n', encoding="utf-8"
    )
    return workspace


def test_an_intros_hostile_markdown_link_is_text_and_a_warning_naming_the_issue_file(
    tmp_path: Path,
) -> None:
    files = {"sources/clinic.md": note("https://health.example.org/clinic")}
    workspace = with_intro(
        make_workspace(tmp_path / "news", files=files),
        "Read [our call](JavaScript:alert(1)) and [the report](https://health.example.org/report).",
    )

    result = compile_workspace(workspace)

    assert result.exit_code == 0, result.output
    assert "issues/1.toml: intro: link 'JavaScript:alert(1)'" in result.stderr
    for name in ("email.html", "index.html"):
        html = (result.folder / name).read_text("utf-8")
        assert 'href="https://health.example.org/report"' in html
        assert 'href="JavaScript' not in html and 'href="javascript' not in html
    assert_no_unsafe_address(result.folder)


def test_clean_links_takes_the_spaces_and_controls_out_of_a_kept_address() -> None:
    item = Item(id="x", title="t", summary="s", source="s", url="\thttps://example.org/a\n")
    warnings: list[str] = []

    (cleaned,) = clean_links([item], warnings.append)

    assert cleaned.url == "https://example.org/a"
    assert warnings == []


# In a real browser ------------------------------------------------------------------------


def test_a_click_on_every_link_of_the_built_pages_runs_nothing(
    tmp_path: Path, browser: Any
) -> None:
    files = {f"sources/note-{n}.md": note(url, f"Story {n}") for n, url in enumerate(HOSTILE)}
    workspace = with_intro(
        make_workspace(tmp_path / "news", files=files),
        "See [this](javascript:document.title='x') and <javascript:document.title=\"x\">.",
    )
    result = compile_workspace(workspace)
    assert result.exit_code == 0, result.output

    for page in ("email.html", "index.html", "../index.html"):
        context = browser.new_context()
        tab = context.new_page()
        tab.route("http*://**", lambda route: route.abort())
        tab.goto((result.folder / page).resolve().as_uri())
        tab.evaluate("document.title = 'untouched'")
        links = tab.eval_on_selector_all("a[href]", "(links) => links.map((a) => a.href)")
        # Every link on the page is one the policy allows (or the archive's own pages).
        assert all(allowed_link(href) or href.startswith("file://") for href in links), links
        for n in range(len(links)):
            # A click that would leave the page is stopped; one on a script link is not, so
            # the script would run if such a link were there.
            tab.evaluate(
                """(n) => {
                  const a = document.querySelectorAll('a[href]')[n];
                  if (a.protocol !== 'javascript:') {
                    a.addEventListener('click', (e) => e.preventDefault());
                  }
                  a.click();
                }""",
                n,
            )
        assert tab.title() == "untouched"
        context.close()


# letterpress check reads every output ------------------------------------------------------


def built_workspace(tmp_path: Path) -> Path:
    files = {"sources/clinic.md": note("https://health.example.org/clinic")}
    workspace = make_workspace(tmp_path / "news", files=files)
    assert compile_workspace(workspace).exit_code == 0
    return workspace


@pytest.mark.parametrize(
    ("name", "where"),
    [
        ("build/issue-1/index.html", "index.html:"),
        ("build/index.html", "build/index.html:"),
        ("build/feed.xml", "build/feed.xml"),
        ("build/issue-1/email.html", "email.html:"),
    ],
)
def test_check_finds_a_script_link_in_every_built_page_and_the_feed(
    tmp_path: Path, name: str, where: str
) -> None:
    workspace = built_workspace(tmp_path)
    assert run("check", "--issue", "1", "--workspace", workspace).exit_code == 0
    path = workspace / name
    text = path.read_text("utf-8")
    if name.endswith(".xml"):
        text = text.replace("</feed>", '<link rel="related" href=" JavaScript:alert(1)"/></feed>')
    else:
        text = text.replace("</body>", '<a href="java&#9;script:alert(1)">x</a></body>')
    path.write_text(text, encoding="utf-8")

    result = run("check", "--issue", "1", "--workspace", workspace)

    assert result.exit_code == 2, result.output
    assert f"{where}" in result.stdout
    assert result.stdout.count("error link-scheme") == 1  # found once, where it is


@pytest.mark.parametrize(
    ("name", "damage"),
    [
        ("email.html", b"<html>\xff\xfe broken</html>"),
        ("issue.json", b'{"number": 1, "sections": [tru'),
        ("email.txt", b"\xc3\x28 half a character"),
        ("../feed.xml", b"<feed><entry></feed>"),
    ],
)
def test_a_damaged_build_is_an_error_naming_the_file_and_exits_2(
    tmp_path: Path, name: str, damage: bytes
) -> None:
    workspace = built_workspace(tmp_path)
    (workspace / "build" / "issue-1" / name).write_bytes(damage)

    result = run("check", "--issue", "1", "--workspace", workspace)

    assert result.exit_code == 2, result.output
    assert "unexpected" not in result.output
    assert "error unreadable" in result.stdout
    assert name.removeprefix("../") in result.stdout
    assert "compile the issue again" in result.stdout
