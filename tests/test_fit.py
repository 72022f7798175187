"""An issue that fits: email.html within its budget, In brief within its cap, the rest on the
web edition or in the next issue, as the editor chooses."""

from __future__ import annotations

import http.server
import json
import re
import shutil
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest

from letterpress.testing import Compiled, compile_workspace, make_workspace
from tests.conftest import REPO, built, compile_issue, issue_json, run
from tests.test_check import findings, item_file

KB = 1000
# ../shared/corpora/real-feeds beside the repository (a worktree sits one folder deeper).
REAL_FEEDS = next(
    (
        folder / "shared" / "corpora" / "real-feeds"
        for folder in (REPO.parent, REPO.parent.parent)
        if (folder / "shared" / "corpora" / "real-feeds").is_dir()
    ),
    REPO.parent / "shared" / "corpora" / "real-feeds",
)


def brief_note(n: int) -> str:
    """A note no section claims: it lands In brief."""
    return (
        f"---\ntitle: Notice {n} from the office\nurl: https://news.example.org/notice-{n}\n"
        f"date: 2024-06-18\n---\nThe office is open on Saturday {n}. Bring a friend along.\n"
    )


def newsletter(tmp_path: Path, items: int, briefs: int = 0, config: str = "") -> Path:
    files = {f"sources/item-{n:04d}.md": item_file(n) for n in range(items)}
    files |= {f"sources/brief-{n:04d}.md": brief_note(n) for n in range(briefs)}
    return make_workspace(
        tmp_path / "news",
        config='url = "https://news.example.org/"\n' + config,
        files=files,
        date="2024-06-20",
    )


def email_items(compiled: Compiled) -> int:
    html = (compiled.folder / "email.html").read_text("utf-8")
    return html.count('class="lp-item')


def test_a_forty_item_issue_stays_within_60_kb(tmp_path: Path) -> None:
    compiled = compile_workspace(newsletter(tmp_path, 40))
    assert compiled.exit_code == 0, compiled.output
    size = len((compiled.folder / "email.html").read_bytes())
    print(f"40 items: email.html is {size:,} bytes")
    assert size <= 60 * KB
    assert email_items(compiled) == 40  # all of them, nothing moved to the web


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    """2,000 generated items and 60 In brief notes, compiled with the default settings."""
    compiled = compile_workspace(newsletter(tmp_path_factory.mktemp("large"), 2000, 60))
    assert compiled.exit_code == 0, compiled.output
    return compiled


def test_a_2000_item_issue_keeps_its_email_within_the_85_kb_budget(large: Compiled) -> None:
    size = len((large.folder / "email.html").read_bytes())
    print(f"2,000 items: email.html is {size:,} bytes, {email_items(large)} items in it")
    assert 60 * KB < size <= 85 * KB  # it uses its room, and no more
    assert "Gmail clips" not in large.stderr
    # compile says so, as a note: no warning, so --strict still passes.
    held = email_items(large)
    assert (
        f"email.html holds {held} of the 2,060 items (email_budget = 85 KB, brief_max = 12); "
        f"the other {2060 - held:,} are on the web edition"
    ) in large.stdout
    assert "warning" not in large.stderr
    # check agrees: nothing about its size.
    workspace = large.folder.parent.parent
    assert not [f for f in findings(workspace) if f["code"] == "html-size"]


def test_what_the_email_has_no_room_for_is_counted_and_linked_on_the_web(
    large: Compiled,
) -> None:
    html = (large.folder / "email.html").read_text("utf-8")
    text = (large.folder / "email.txt").read_text("utf-8")
    data = large.issue
    every = sum(len(s["items"]) for s in data["sections"]) + len(data["unsectioned"])
    assert every == 2060  # issue.json, like the web edition, holds every item
    web = (large.folder / "index.html").read_text("utf-8")
    assert web.count('<article class="item">') + web.count('<li class="item">') == 2060

    shown = 0
    for section in data["sections"]:
        name, total = section["name"], len(section["items"])
        match = re.search(
            rf'<a href="https://news.example.org/issue-1/#section-{name}"[^>]*>'
            rf"and (\d+) more on the web</a>",
            html,
        )
        assert match, f"{name}: no link to the rest"
        kept = total - int(match.group(1))
        assert kept > 0
        shown += kept
        # The contents count the section's items, the ones on the web included.
        assert re.search(
            rf"section-{name}\"[^>]*>{section['title']}</a> <span[^>]*>· {total}<", html
        )
        # The plain text says the same, with the address.
        assert f"and {match.group(1)} more on the web: https://news.example.org/issue-1/" in text
    brief = re.search(r"#section-in-brief\"[^>]*>and (\d+) more on the web", html)
    assert brief
    shown += 60 - int(brief.group(1))
    assert email_items(large) == shown


def test_in_brief_holds_at_most_brief_max_and_says_how_many_more(tmp_path: Path) -> None:
    compiled = compile_workspace(newsletter(tmp_path, 8, 20, config="brief_max = 5\n"))
    assert compiled.exit_code == 0, compiled.output
    html = (compiled.folder / "email.html").read_text("utf-8")
    brief = html.split('<ul class="lp-brief"', 1)[1].split("</ul>", 1)[0]
    assert brief.count("<li") == 5
    assert "and 15 more on the web" in html
    assert len(compiled.issue["unsectioned"]) == 20  # the web edition has them all
    assert "and 15 more on the web: https://news.example.org/issue-1/" in (
        (compiled.folder / "email.txt").read_text("utf-8")
    )


def test_max_items_holds_for_in_brief_too_and_the_rest_waits(sample: Path) -> None:
    issue_file = sample / "issues" / "12.toml"
    issue_file.write_text("max_items = 3\n" + issue_file.read_text("utf-8"))
    result = compile_issue(sample)
    assert result.exit_code == 0, result.output
    data = issue_json(sample)
    assert [len(s["items"]) for s in data["sections"]] == [3, 3, 3, 3, 3]
    assert len(data["unsectioned"]) == 3
    assert "carried to the next issue (In brief holds 3)" in result.output


def test_with_overflow_next_what_does_not_fit_waits_for_the_next_issue(tmp_path: Path) -> None:
    workspace = newsletter(tmp_path, 300, 30, config='overflow = "next"\nbrief_max = 10\n')
    first = compile_workspace(workspace)
    assert first.exit_code == 0, first.output
    size = len((first.folder / "email.html").read_bytes())
    assert size <= 85 * KB
    published = {i["id"] for s in first.issue["sections"] for i in s["items"]}
    published |= {i["id"] for i in first.issue["unsectioned"]}
    # The issue itself is cut, web edition and all: nothing says "more on the web".
    assert len(published) < 330 and len(first.issue["unsectioned"]) == 10
    assert "more on the web" not in (first.folder / "email.html").read_text("utf-8")
    assert "more on the web" not in (first.folder / "index.html").read_text("utf-8")
    assert "carried to the next issue (no room in the email)" in first.output

    (workspace / "issues" / "2.toml").write_text("date = 2024-07-04\n")
    second = compile_workspace(workspace, 2)
    assert second.exit_code == 0, second.output
    following = {i["id"] for s in second.issue["sections"] for i in s["items"]}
    following |= {i["id"] for i in second.issue["unsectioned"]}
    assert following and not following & published  # the ones that waited, none twice


def test_checks_advice_names_a_setting_that_brings_the_email_under_85_kb(
    tmp_path: Path,
) -> None:
    workspace = newsletter(tmp_path, 300, config="email_budget = 300\n")
    assert compile_workspace(workspace).exit_code == 0
    [size] = [f for f in findings(workspace) if f["code"] == "html-size"]
    assert size["level"] == "error"
    setting = re.search(r"set (email_budget = \d+) \(KB\)", size["message"])
    assert setting, size["message"]
    # Following the advice: the setting, then a compile, then check has nothing to say.
    config = workspace / "letterpress.toml"
    config.write_text(config.read_text().replace("email_budget = 300", setting.group(1)))
    assert compile_workspace(workspace).exit_code == 0
    assert not [f for f in findings(workspace) if f["code"] == "html-size"]
    assert run("check", "--issue", "1", "--workspace", workspace).exit_code == 0


def test_a_budget_or_overflow_that_cannot_work_is_named(sample: Path) -> None:
    config = sample / "letterpress.toml"
    original = config.read_text()
    for setting, message in (
        ("email_budget = 5", "newsletter.email_budget: must be a whole number, at least 10"),
        ('overflow = "later"', 'newsletter.overflow: must be "web" or "next"'),
    ):
        config.write_text(original.replace("[newsletter]\n", f"[newsletter]\n{setting}\n", 1))
        result = compile_issue(sample)
        assert result.exit_code == 1
        assert f"letterpress.toml: {message}" in result.stderr


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def real_feeds() -> Iterator[list[str]]:
    """The real feeds of shared/corpora/real-feeds, served from 127.0.0.1."""
    feeds = sorted(REAL_FEEDS.glob("*.xml")) if REAL_FEEDS.is_dir() else []
    if not feeds:
        pytest.skip(f"no real feeds at {REAL_FEEDS} (the shared corpora live beside the repo)")
    handler = partial(QuietHandler, directory=str(REAL_FEEDS))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    yield [f"http://127.0.0.1:{port}/{feed.name}" for feed in feeds]
    server.shutdown()
    server.server_close()


def test_the_real_feeds_issue_stays_within_the_budget(
    real_feeds: list[str], tmp_path: Path
) -> None:
    workspace = make_workspace(
        tmp_path / "feeds",
        config=(
            'url = "https://news.example.org/"\nwindow_days = 36500\n\n'
            f'[sources.partners]\ntype = "rss"\nfeeds = {json.dumps(real_feeds)}\n'
        ),
        date="2026-12-01",
    )
    shutil.rmtree(workspace / "sources")
    compiled = compile_workspace(workspace)
    assert compiled.exit_code == 0, compiled.output
    data = compiled.issue
    every = sum(len(s["items"]) for s in data["sections"]) + len(data["unsectioned"])
    size = len((compiled.folder / "email.html").read_bytes())
    print(f"{len(real_feeds)} real feeds: {every:,} items, email.html {size:,} bytes")
    assert every > 500
    assert size <= 85 * KB
    assert "more on the web" in built(workspace, "email.html", 1).read_text("utf-8")
