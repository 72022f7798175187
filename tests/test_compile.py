"""`letterpress compile --issue 12` on the sample workspace, checked as a reader would."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import built, compile_issue, issue_json, run, sections_by_title

# Each phrase picks one story of the sample; the set lists the sections it may land in.
EXPECTED = {
    "public pharmaceutical infrastructure": {"health"},
    "overhaul of regional pharma policies": {"health"},
    "abortion be allowed within 18 weeks": {"health"},
    "health center in Deurne": {"health"},
    "At ManiFiesta": {"health"},
    "more than 50 years": {"health"},
    "patent waiver on COVID-19 vaccines": {"health"},
    "rally held on September 13": {"health"},
    "Health is both a condition for": {"health"},  # 002_'s "The right to health"
    "cut ties with Israel": {"palestine"},
    "Netanyahu is the Pinochet": {"palestine"},
    "20,000 hit the streets of Brussels": {"palestine"},
    "Workers’ Party urges the Belgian government": {"palestine"},
    "unions call on government to impose arms embargo": {"palestine", "labour"},
    "13-day strike": {"labour"},
    "Large groups of individuals in the South": {"labour"},  # 002_'s "The right to decent work"
    "gains ground in European, national elections": {"elections"},
    "PTB kickstarts campaign": {"elections"},
    "In Palestine, healthcare is also a form of resistance": {"health", "palestine"},
    "Palestinian health workers are fighting for humanity": {"health", "palestine"},
    "mobilizations in major cities across the country on June 16": {"health", "labour"},
    "women’s rights platform Zelle": {"brief"},
    "planet and people before profit": {"brief"},
    "Peter Mertens stepped down from the presidency": {"brief"},
    "respect for farmers": {"labour", "brief"},
    # The sample's local RSS feed.
    "Nurses at Brugmann hospital vote": {"health", "labour"},
    "Antwerp dockers refuse to load arms": {"palestine", "labour"},
    "stemhulp in vijf talen": {"elections"},
}


@pytest.fixture
def compiled(sample: Path) -> Path:
    result = compile_issue(sample)
    assert result.exit_code == 0, result.output
    return sample


@pytest.mark.parametrize("phrase", EXPECTED)
def test_each_sample_story_lands_in_its_section(compiled: Path, phrase: str) -> None:
    placed = sections_by_title(issue_json(compiled))
    matches = [section for text, section in placed.items() if phrase in text]
    assert len(matches) == 1, f"{phrase!r} found {len(matches)} times"
    assert matches[0] in EXPECTED[phrase]


def test_the_story_in_both_seed_files_appears_once_and_keeps_its_headline(compiled: Path) -> None:
    data = issue_json(compiled)
    texts = [i["summary"] for s in data["sections"] for i in s["items"]] + [
        i["summary"] for i in data["unsectioned"]
    ]
    standfirst = "sheds light on the importance of health work in maintaining a sense of community"
    assert sum(standfirst in t for t in texts) == 1
    titles = [i["title"] for s in data["sections"] for i in s["items"]]
    assert "In Palestine, healthcare is also a form of resistance" in titles
    # The other article about the same doctor is a different story and stays.
    assert "Palestinian health workers are fighting for humanity" in titles


def test_summary_names_sections_the_merged_duplicate_and_each_output(sample: Path) -> None:
    result = compile_issue(sample)
    assert result.exit_code == 0
    out = result.stdout
    assert re.search(r"Health\s+\d+ items", out)
    assert re.search(r"In brief\s+\d+ items", out)
    assert "same story as sources/000_" in out
    for name in ("email.html", "email.txt", "issue.json"):
        assert re.search(rf"Wrote .*issue-12/{re.escape(name)} \(\d+(\.\d)? (KB|bytes)\)", out)


def test_the_sample_feed_is_read_sanitised_and_kept_to_the_window(compiled: Path) -> None:
    data = issue_json(compiled)
    items = [i for s in data["sections"] for i in s["items"]]
    nurses = next(i for i in items if i["title"].startswith("Nurses at Brugmann"))
    # Made absolute against the feed's link, tracking parameters gone, markup gone.
    assert nurses["url"] == "https://partners.example.org/news/2024/06/brugmann-nurses"
    assert nurses["summary"].startswith("Nurses and care staff") and "<" not in nurses["summary"]
    published = dt.datetime.fromisoformat(nurses["published"])
    assert published == dt.datetime(2024, 6, 17, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert nurses["tags"] == ["health"]
    assert not any("reading list" in i["title"] for i in items + data["unsectioned"])


def test_issue_json_has_the_documented_shape(compiled: Path) -> None:
    data = issue_json(compiled)
    assert data["number"] == 12
    assert data["date"] == "2024-06-20"
    assert data["title"] == "Health is a right, solidarity is a duty"
    assert [s["name"] for s in data["sections"]] == [
        "health",
        "palestine",
        "labour",
        "elections",
        "agenda",
    ]
    item = data["sections"][0]["items"][0]
    assert {"id", "title", "summary", "url", "source", "published"} <= item.keys()
    note = next(i for s in data["sections"] for i in s["items"] if i["url"])
    assert note["published"] == "2024-06-18"
    assert all(re.fullmatch(r"[0-9a-f]{10}", i["id"]) for s in data["sections"] for i in s["items"])


class TagBalance(HTMLParser):
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
        else:
            self.stack.pop()


def test_email_html_parses_fits_gmail_and_has_one_mj_section_per_section(compiled: Path) -> None:
    html = built(compiled, "email.html").read_text("utf-8")
    parser = TagBalance()
    parser.feed(html)
    parser.close()
    assert parser.errors == [] and parser.stack == []
    assert len(html.encode("utf-8")) < 85_000
    assert '<html lang="en"' in html
    data = issue_json(compiled)
    names = [s["name"] for s in data["sections"]] + ["in-brief"]
    # MJML writes each mj-section as a div, and again as a "-outlook" table for Outlook.
    found = [n.removesuffix("-outlook") for n in re.findall(r"lp-section-([\w-]+)", html)]
    assert found == [name for name in names for _ in ("outlook", "div")]
    # The CSS that mj-style inline declares is on the elements, not only in <head>.
    assert re.search(r'<h2 style="[^"]*border-bottom', html)
    assert "Issue 12" in html and "20 June 2024" in html
    assert "fonts.googleapis.com" not in html


def test_text_version_wraps_at_78_and_numbers_its_links(compiled: Path) -> None:
    text = built(compiled, "email.txt").read_text("utf-8")
    long_lines = [line for line in text.splitlines() if len(line) > 78]
    assert long_lines == []
    assert "HEALTH\n------" in text
    assert "open their doors [1]" in text
    assert "[1] https://bulletin.example.org/2024/06/new-health-centres" in text
    assert "<" not in text.replace("<<", "")  # no markup leaked into the plain text


def test_workspace_template_overrides_the_package_file_by_file(sample: Path) -> None:
    (sample / "templates" / "item.html.j2").write_text(
        '{% include "default:item.html.j2" %}<p class="mark">override-{{ item.id }}</p>\n'
    )
    # In brief's one-line items are a file of their own.
    (sample / "templates" / "brief-item.html.j2").write_text(
        '{% include "default:brief-item.html.j2" %}<li>brief-mark-{{ item.id }}</li>\n'
    )
    assert compile_issue(sample).exit_code == 0
    html = built(sample, "email.html").read_text("utf-8")
    data = issue_json(sample)
    assert html.count("override-") == len([i for s in data["sections"] for i in s["items"]])
    assert html.count("brief-mark-") == len(data["unsectioned"])
    # The sample's own footer override is in use too.
    assert "written by volunteers" in html


def test_a_broken_source_file_is_a_warning_and_the_issue_still_compiles(sample: Path) -> None:
    (sample / "sources" / "scan.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    result = compile_issue(sample)
    assert result.exit_code == 0
    assert "sources/scan.txt" in result.stderr and "cannot be read" in result.stderr
    assert len(issue_json(sample)["sections"]) == 5


def test_outputs_go_where_out_says_and_leave_no_temporary_files(
    sample: Path, tmp_path: Path
) -> None:
    out = tmp_path / "elsewhere"
    assert compile_issue(sample, 12, "--out", str(out)).exit_code == 0
    files = sorted(p.name for p in (out / "issue-12").iterdir())
    assert files == [
        "email.eml",
        "email.html",
        "email.txt",
        "index.html",
        "issue.json",
        "manifest.json",
    ]
    assert sorted(p.name for p in out.iterdir()) == ["feed.xml", "index.html", "issue-12"]


def test_feed_text_is_escaped_in_the_html(sample: Path) -> None:
    (sample / "sources" / "evil.md").write_text(
        "---\ntitle: <script>alert(1)</script> & co\nsection: health\n---\n<b onmouseover=x>hi</b>\n"
    )
    assert compile_issue(sample).exit_code == 0
    html = built(sample, "email.html").read_text("utf-8")
    assert "<script>alert" not in html and "<b onmouseover" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html


def test_unsectioned_items_can_be_dropped_instead_of_in_brief(sample: Path) -> None:
    config = sample / "letterpress.toml"
    config.write_text(config.read_text().replace('unsectioned = "brief"', 'unsectioned = "drop"'))
    result = compile_issue(sample)
    assert result.exit_code == 0
    assert issue_json(sample)["unsectioned"] == []
    assert "fits no section" in result.stdout
    assert "In brief" not in built(sample, "email.html").read_text("utf-8")


def test_a_section_declared_with_keywords_alone(sample: Path) -> None:
    config = sample / "letterpress.toml"
    config.write_text(
        config.read_text()
        + '\n[sections.climate]\ntype = "keywords"\ntitle = "Climate"\n'
        + 'keywords = ["climate", "COP*", "klimaat"]\n'
    )
    assert compile_issue(sample).exit_code == 0
    placed = sections_by_title(issue_json(sample))
    cop = next(s for text, s in placed.items() if "planet and people before profit" in text)
    assert cop == "climate"


def test_front_matter_section_overrides_the_score(sample: Path) -> None:
    (sample / "sources" / "moved.md").write_text(
        "---\ntitle: Hospital nurses and doctors on vaccines\nsection: elections\n---\n"
        "Nurses, doctors and patients at the hospital talk about vaccines.\n"
    )
    assert compile_issue(sample).exit_code == 0
    placed = sections_by_title(issue_json(sample))
    assert placed[next(t for t in placed if t.startswith("Hospital nurses"))] == "elections"


def test_recompiling_gives_the_same_bytes(compiled: Path) -> None:
    first = {n: built(compiled, n).read_bytes() for n in ("email.html", "email.txt", "issue.json")}
    assert compile_issue(compiled).exit_code == 0
    for name, content in first.items():
        assert built(compiled, name).read_bytes() == content, name


def test_compile_finds_the_workspace_upward_from_the_current_folder(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(sample / "sources")
    result = run("compile", "--issue", "12")
    assert result.exit_code == 0, result.output
    assert built(sample, "email.html").is_file()


def test_python_dash_m_letterpress_runs_the_cli() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "letterpress", "--help"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert "compile" in done.stdout
