"""`letterpress check --issue N`: the preflight a team runs before sending, or in CI."""

from __future__ import annotations

import dataclasses
import json
import random
import threading
import time
from collections.abc import Iterator
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from letterpress import hookimpl
from letterpress.models import Issue, Section
from letterpress.testing import compile_workspace, make_workspace, registered
from tests.conftest import built, compile_issue, reseal, run
from tests.test_message import configure

# Words for generated items: a headline and a standfirst as long as partners send, each
# item's words drawn anew so that no two read as the same story (which would be merged).
TOPICS = ("hospital", "strike", "Gaza", "election", "nurses", "rent", "union", "vaccine")
PLACES = ("Antwerp", "Ghent", "Liège", "Charleroi", "Brussels", "Namur", "Leuven", "Mons")
SECTIONS = ("health", "labour", "palestine", "elections")
WORDS = (
    "workers", "neighbours", "council", "meeting", "week", "district", "families", "care",
    "shift", "wages", "talks", "delegates", "petition", "budget", "school", "tenants",
    "doctors", "patients", "picket", "volunteers", "square", "minister", "report", "figures",
    "centre", "children", "morning", "evening", "march", "hall", "press", "statement",
    "promise", "contract", "pension", "clinic", "queue", "price", "medicine", "bus", "station",
    "library", "street", "nurse", "cleaner", "driver", "teacher", "student", "farmer", "market",
    "cooperative",
)  # fmt: skip


def item_file(n: int, words: int = 45) -> str:
    rng = random.Random(n)
    topic, place = TOPICS[n % len(TOPICS)], PLACES[n // len(TOPICS) % len(PLACES)]
    summary = f"In {place}, the {topic} campaign: " + " ".join(rng.choices(WORDS, k=words))
    return (
        f"---\ntitle: The {topic} campaign in {place}, part {n}\n"
        f"url: https://news.example.org/{n:03d}-{topic.lower()}\ndate: 2024-06-18\n"
        f"section: {SECTIONS[n % len(SECTIONS)]}\n---\n{summary}.\n"
    )


def workspace_of(tmp_path: Path, items: int, words: int = 45, config: str = "") -> Path:
    files = {f"sources/item-{n:03d}.md": item_file(n, words) for n in range(items)}
    return make_workspace(
        tmp_path / "news",
        # lines of its [newsletter] table
        config='url = "https://news.example.org/"\n' + config,
        files=files,
        date="2024-06-20",
    )


def check(workspace: Path, number: int = 1, *extra: str) -> Any:
    return run("check", "--issue", str(number), "--workspace", workspace, *extra)


def findings(workspace: Path, number: int = 1, *extra: str) -> list[dict[str, str]]:
    result = check(workspace, number, "--json", *extra)
    data: list[dict[str, str]] = json.loads(result.stdout)
    return data


def test_the_sample_passes(sample: Path) -> None:
    assert compile_issue(sample).exit_code == 0
    result = check(sample, 12)
    assert result.exit_code == 0, result.output
    assert "Issue 12: no problems found." in result.stdout
    assert check(sample, 12, "--strict").exit_code == 0
    assert findings(sample, 12) == []


def test_an_issue_not_built_says_how_to_build_it(sample: Path) -> None:
    result = check(sample, 12)
    assert result.exit_code == 2
    assert "build it first with letterpress compile --issue 12" in result.stderr


def test_a_forty_item_issue_stays_under_85_kb_and_passes(tmp_path: Path) -> None:
    workspace = workspace_of(tmp_path, 40)
    compiled = compile_workspace(workspace)
    assert compiled.exit_code == 0, compiled.output
    assert len(compiled.titles) == 40
    size = len((compiled.folder / "email.html").read_bytes())
    print(f"40 items: email.html is {size:,} bytes")
    assert size < 85_000
    result = check(workspace)
    assert result.exit_code == 0, result.output
    assert not any(f["code"] == "html-size" for f in findings(workspace))


def test_an_issue_padded_past_102_kb_fails_and_one_past_85_kb_warns(tmp_path: Path) -> None:
    # Past the budget compile keeps the email within (85 KB), set higher to be checked.
    workspace = workspace_of(tmp_path, 150, words=90, config="email_budget = 200\n")
    compiled = compile_workspace(workspace)
    assert compiled.exit_code == 0  # compile only warns
    assert "Gmail clips" in compiled.stderr
    assert len((compiled.folder / "email.html").read_bytes()) > 102_000
    result = check(workspace)
    assert result.exit_code == 2
    assert "error html-size" in result.stdout and "Gmail clips" in result.stdout
    [size] = [f for f in findings(workspace) if f["code"] == "html-size"]
    assert size["level"] == "error" and size["where"] == "email.html"

    warned = workspace_of(tmp_path / "smaller", 75, words=60, config="email_budget = 200\n")
    compiled = compile_workspace(warned)
    assert 85_000 <= len((compiled.folder / "email.html").read_bytes()) < 102_000
    assert check(warned).exit_code == 0
    assert check(warned, 1, "--strict").exit_code == 1
    [size] = [f for f in findings(warned) if f["code"] == "html-size"]
    assert size["level"] == "warning"


class Untidy:
    """A plugin whose prepare_issue leaves a section empty and two items on one link."""

    @hookimpl
    def prepare_issue(self, issue: Issue) -> Issue:
        linked = next(i for s in issue.sections for i in s.items if i.url)
        twin = dataclasses.replace(linked, id="twin", title="The same story, told twice")
        first = issue.sections[0]
        padded = (dataclasses.replace(first, items=(*first.items, twin)),)
        return dataclasses.replace(
            issue,
            sections=padded + issue.sections[1:] + (Section("empty", "Nothing yet"),),
            subject="A subject line far too long for any inbox: " + "very " * 10 + "long",
            preheader="A preheader that goes on and on " * 4,
        )


def test_json_findings_name_level_code_message_and_where(sample: Path) -> None:
    configure(sample, email_service="mailchimp")  # merge tags are not links to refuse
    with registered(Untidy(), "untidy"):
        assert compile_issue(sample).exit_code == 0
    html = built(sample, "email.html")
    html.write_text(
        html.read_text("utf-8").replace(
            "</body>",
            '<img src="chart.png"><a href="mailto:desk@example.org">mail</a>'
            '<a href="www.example.org/page">page</a></body>',
        ),
        encoding="utf-8",
    )
    text = built(sample, "email.txt")
    text.write_text(text.read_text("utf-8") + "word " * 20 + "\n", encoding="utf-8")
    reseal(sample)

    result = check(sample, 12, "--json")
    assert result.exit_code == 2
    found = json.loads(result.stdout)
    assert isinstance(found, list)
    assert all(set(f) == {"level", "code", "message", "where"} for f in found)
    assert all(f["level"] in ("error", "warning") for f in found)
    codes = {(f["level"], f["code"]) for f in found}
    assert codes == {
        ("error", "img-alt"),
        ("error", "link-scheme"),
        ("warning", "subject-length"),
        ("warning", "preheader"),
        ("warning", "empty-section"),
        ("warning", "duplicate-link"),
        ("warning", "text-width"),
    }
    by_code = {f["code"]: f for f in found}
    assert "www.example.org/page" in by_code["link-scheme"]["message"]
    assert by_code["img-alt"]["where"].startswith("email.html:")
    assert "Nothing yet" in by_code["empty-section"]["message"]
    assert "The same story, told twice" in by_code["duplicate-link"]["message"]
    assert by_code["text-width"]["where"].startswith("email.txt:")
    # The human form says the same, one line each, and a count.
    human = check(sample, 12)
    assert human.exit_code == 2
    assert "2 errors, 5 warnings." in human.stdout
    assert "error img-alt: image chart.png has no alt text" in human.stdout


def test_the_style_blocks_are_checked_against_gmails_16_kb(sample: Path) -> None:
    assert compile_issue(sample).exit_code == 0
    html = built(sample, "email.html")
    css = ".x { color: #1f1f1f; }\n" * 800
    html.write_text(
        html.read_text("utf-8").replace("</head>", f"<style>{css}</style></head>"), "utf-8"
    )
    reseal(sample)
    [style] = findings(sample, 12)
    assert (style["level"], style["code"]) == ("warning", "style-size")


class Links(BaseHTTPRequestHandler):
    """/ok answers 200, /gone 404, /get-only refuses HEAD with 405; /slow waits 3 s."""

    requests: list[tuple[str, str]] = []
    in_flight = 0
    most_at_once = 0
    lock = threading.Lock()

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def answer(self) -> None:
        cls = type(self)
        with cls.lock:
            cls.requests.append((self.command, self.path))
            cls.in_flight += 1
            cls.most_at_once = max(cls.most_at_once, cls.in_flight)
        try:
            time.sleep(3 if self.path == "/slow" else 0.2)
            if self.path == "/get-only" and self.command == "HEAD":
                status = HTTPStatus.METHOD_NOT_ALLOWED
            elif self.path in ("/ok", "/get-only", "/slow"):
                status = HTTPStatus.OK
            else:
                status = HTTPStatus.NOT_FOUND
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()
        finally:
            with cls.lock:
                cls.in_flight -= 1

    do_HEAD = answer
    do_GET = answer


@pytest.fixture
def server() -> Iterator[str]:
    Links.requests, Links.in_flight, Links.most_at_once = [], 0, 0
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Links)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_links_are_visited_at_once_head_first_then_get_where_head_is_refused(
    tmp_path: Path, server: str
) -> None:
    paths = ("ok", "gone", "get-only", "slow")
    files = {
        f"sources/{path}.md": f"---\ntitle: Story {path}\nurl: {server}/{path}\n"
        f"date: 2024-06-18\nsection: health\n---\nA story about hospitals, {path}.\n"
        for path in paths
    }
    workspace = make_workspace(
        tmp_path / "news",
        config='email_service = "listmonk"\n',
        files=files,
    )
    assert compile_workspace(workspace).exit_code == 0
    html = (workspace / "build" / "issue-1" / "email.html").read_text("utf-8")
    assert f"{server}/get-only" in html and "{{ UnsubscribeURL }}" in html

    result = check(workspace, 1, "--links", "--timeout", "1", "--json")
    assert result.exit_code == 2
    found = {f["where"]: (f["level"], f["code"]) for f in json.loads(result.stdout)}
    assert found == {
        f"{server}/gone": ("error", "link-broken"),
        f"{server}/slow": ("warning", "link-failed"),
    }
    asked = sorted(set(Links.requests))
    assert ("HEAD", "/get-only") in asked and ("GET", "/get-only") in asked
    assert ("GET", "/ok") not in asked and ("GET", "/gone") not in asked  # HEAD sufficed
    assert Links.most_at_once > 1  # a thread pool, not one link after another
    # Without --links, nothing is visited.
    Links.requests = []
    assert check(workspace, 1).exit_code == 0
    assert Links.requests == []


def test_check_finds_the_workspace_build_or_takes_out(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "elsewhere"
    assert compile_issue(sample, 12, "--out", str(out)).exit_code == 0
    assert run("check", "--issue", "12", "--out", out).exit_code == 0
    assert check(sample, 12).exit_code == 2  # nothing in the workspace's own build/


class NoPreheader:
    @hookimpl
    def prepare_issue(self, issue: Issue) -> Issue:
        return dataclasses.replace(issue, preheader="")


def test_a_line_of_check_says_each_thing_once(tmp_path: Path, server: str) -> None:
    workspace = make_workspace(
        tmp_path / "news",
        files={
            "sources/gone.md": f"---\ntitle: Story gone\nurl: {server}/gone\n"
            "date: 2024-06-18\nsection: health\n---\nA story about hospitals.\n"
        },
    )
    with registered(NoPreheader(), "no-preheader"):
        assert compile_workspace(workspace).exit_code == 0
    lines = check(workspace, 1, "--links", "--timeout", "1").stdout.splitlines()
    broken = next(line for line in lines if "link-broken" in line)
    assert broken.count(f"{server}/gone") == 1, broken
    assert broken == f"{server}/gone: error link-broken: answers 404"
    preheader = next(line for line in lines if "warning preheader" in line)
    assert preheader.startswith("issue.json: warning preheader: no preheader")
    # The JSON keeps every field whole, for programs.
    found = findings(workspace, 1, "--links", "--timeout", "1")
    assert {
        "level": "error",
        "code": "link-broken",
        "message": f"{server}/gone answers 404",
        "where": f"{server}/gone",
    } in found


def test_check_help_says_out_is_read_not_written() -> None:
    help_text = " ".join(run("check", "--help").stdout.split())
    assert "--out DIRECTORY The folder compile wrote the built issues to" in help_text
