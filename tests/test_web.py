"""The web edition: build/issue-N/index.html, and build/index.html and feed.xml of all issues."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import built, compile_issue, issue_json
from tests.test_compile import TagBalance

ATOM = "{http://www.w3.org/2005/Atom}"

ISSUE_13 = '''\
title = "Organise where you work"
date = 2024-07-04
intro = """A shorter issue: the summer's strikes and the nurses' new union branch."""
'''


class Outline(HTMLParser):
    """The landmarks, headings and links of a page, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: dict[str, list[dict[str, str | None]]] = {}
        self.headings: list[tuple[str, str]] = []
        self.links: list[str] = []
        self._heading: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.setdefault(tag, []).append(dict(attrs))
        if tag in ("h1", "h2", "h3"):
            self._heading, self._text = tag, []
        if tag == "a":
            self.links.append(dict(attrs).get("href") or "")

    def handle_data(self, data: str) -> None:
        if self._heading:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == self._heading:
            self.headings.append((tag, " ".join("".join(self._text).split())))
            self._heading = None


def outline(path: Path) -> Outline:
    html = path.read_text("utf-8")
    balance = TagBalance()
    balance.feed(html)
    balance.close()
    assert balance.errors == [] and balance.stack == [], path
    parsed = Outline()
    parsed.feed(html)
    parsed.close()
    return parsed


def html_of(workspace: Path) -> str:
    return built(workspace, "index.html").read_text("utf-8")


@pytest.fixture
def compiled(sample: Path) -> Path:
    result = compile_issue(sample)
    assert result.exit_code == 0, result.output
    return sample


def test_the_web_edition_is_the_issue_as_a_semantic_page(compiled: Path) -> None:
    page = outline(built(compiled, "index.html"))
    assert {"header", "main", "section", "article", "nav", "footer"} <= set(page.tags)
    html_attrs = page.attrs["html"][0]
    assert (html_attrs["lang"], html_attrs["dir"]) == ("en", "ltr")
    assert any(a.get("name") == "viewport" for a in page.attrs["meta"])
    assert "table" not in page.tags  # a page, not the email's layout tables
    data = issue_json(compiled)
    assert page.headings[0] == ("h1", data["title"])
    h2 = [text for level, text in page.headings if level == "h2"]
    assert h2 == ["In this issue", *(s["title"] for s in data["sections"]), "In brief"]
    # Every item of a section is an article, every one of In brief a line of its list,
    # and every linked one links to its story.
    items = [i for s in data["sections"] for i in s["items"]] + data["unsectioned"]
    assert page.tags.count("article") == len(items) - len(data["unsectioned"])
    assert html_of(compiled).count('<li class="item">') == len(data["unsectioned"])
    assert {i["url"] for i in items if i["url"]} <= set(page.links)
    assert "../index.html" in page.links and "../feed.xml" in page.links
    html = built(compiled, "index.html").read_text("utf-8")
    assert "@media (prefers-color-scheme: dark)" in html
    assert "*|UNSUB|*" not in html and "Unsubscribe" not in html  # no email footer on the web
    assert '<link rel="canonical" href="https://bulletin.example.org/issue-12/">' in html


def test_the_list_of_issues_and_the_feed_hold_every_built_issue_newest_first(
    compiled: Path,
) -> None:
    (compiled / "issues" / "13.toml").write_text(ISSUE_13, encoding="utf-8")
    result = compile_issue(compiled, 13)
    assert result.exit_code == 0, result.output

    listing = outline(compiled / "build" / "index.html")
    assert listing.attrs["html"][0]["lang"] == "en"
    titles = [text for level, text in listing.headings if level == "h3"]
    assert titles == ["Organise where you work", "Health is a right, solidarity is a duty"]
    assert [link for link in listing.links if link.startswith("issue-")] == [
        "issue-13/index.html",
        "issue-12/index.html",
    ]
    text = (compiled / "build" / "index.html").read_text("utf-8")
    assert 'Issue 13 · <time datetime="2024-07-04">4 July 2024</time>' in text

    feed = ET.parse(compiled / "build" / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}title") == "Solidarity Bulletin"
    assert feed.findtext(f"{ATOM}id") == "https://bulletin.example.org/"
    assert feed.findtext(f"{ATOM}updated") == "2024-07-04T08:00:00Z"
    assert feed.find(f"{ATOM}author/{ATOM}name") is not None
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == titles
    first = entries[0]
    assert first.findtext(f"{ATOM}id") == "https://bulletin.example.org/issue-13/"
    assert first.findtext(f"{ATOM}updated") == "2024-07-04T08:00:00Z"
    link = first.find(f"{ATOM}link")
    assert link is not None
    assert link.get("href") == "https://bulletin.example.org/issue-13/index.html"
    assert link.get("rel") == "alternate"
    assert entries[1].findtext(f"{ATOM}updated") == "2024-06-20T08:00:00Z"
    for entry in entries:  # what RFC 4287 requires of an entry
        assert entry.findtext(f"{ATOM}id") and entry.findtext(f"{ATOM}title")


def test_recompiling_gives_the_same_pages_and_feed(compiled: Path) -> None:
    paths = [built(compiled, "index.html"), compiled / "build" / "index.html"]
    paths.append(compiled / "build" / "feed.xml")
    first = [p.read_bytes() for p in paths]
    assert compile_issue(compiled).exit_code == 0
    assert [p.read_bytes() for p in paths] == first
    leftovers = [p.name for p in (compiled / "build").iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_without_a_url_the_feed_links_relatively_and_keeps_stable_ids(sample: Path) -> None:
    config = sample / "letterpress.toml"
    config.write_text(
        config.read_text().replace('url = "https://bulletin.example.org/"\n', ""),
        encoding="utf-8",
    )
    assert compile_issue(sample).exit_code == 0
    feed = ET.parse(sample / "build" / "feed.xml").getroot()
    entry = feed.find(f"{ATOM}entry")
    assert entry is not None
    link = entry.find(f"{ATOM}link")
    assert link is not None and link.get("href") == "issue-12/index.html"
    entry_id = entry.findtext(f"{ATOM}id") or ""
    assert entry_id.startswith("urn:uuid:")
    assert compile_issue(sample).exit_code == 0
    again = ET.parse(sample / "build" / "feed.xml").getroot().find(f"{ATOM}entry")
    assert again is not None and again.findtext(f"{ATOM}id") == entry_id
    assert "canonical" not in built(sample, "index.html").read_text("utf-8")


def test_an_unreadable_issue_json_is_left_out_with_a_warning(compiled: Path) -> None:
    broken = compiled / "build" / "issue-9"
    broken.mkdir()
    (broken / "issue.json").write_text("{not json", encoding="utf-8")
    result = compile_issue(compiled)
    assert result.exit_code == 0
    assert "issue-9/issue.json" in result.stderr and "left out" in result.stderr
    feed = ET.parse(compiled / "build" / "feed.xml").getroot()
    assert len(feed.findall(f"{ATOM}entry")) == 1


def test_a_workspace_can_replace_the_web_template(compiled: Path) -> None:
    (compiled / "templates" / "web.html.j2").write_text(
        '<!DOCTYPE html><html lang="{{ issue.language }}"><title>{{ issue.title }}</title>'
        "<p>Our own page</p></html>\n",
        encoding="utf-8",
    )
    assert compile_issue(compiled).exit_code == 0
    assert "Our own page" in built(compiled, "index.html").read_text("utf-8")


def test_the_feed_stays_well_formed_whatever_the_title_says(sample: Path) -> None:
    issue_file = sample / "issues" / "12.toml"
    text = issue_file.read_text("utf-8").replace(
        'title = "Health is a right, solidarity is a duty"',
        'title = "Health & safety: <em>\'no\'</em> to \\"cuts\\""',
    )
    issue_file.write_text(text, encoding="utf-8")
    assert compile_issue(sample).exit_code == 0
    feed = ET.parse(sample / "build" / "feed.xml").getroot()
    assert feed.findtext(f"{ATOM}entry/{ATOM}title") == "Health & safety: <em>'no'</em> to \"cuts\""
    assert "<em>" not in (sample / "build" / "index.html").read_text("utf-8")


def test_the_featured_item_leads_the_page_under_its_own_heading(compiled: Path) -> None:
    data = issue_json(compiled)
    first = next(i for s in data["sections"][1:] for i in s["items"] if i["url"])
    issue_file = compiled / "issues" / "12.toml"
    issue_file.write_text(
        f'featured = "{first["id"]}"\n' + issue_file.read_text("utf-8"), encoding="utf-8"
    )
    assert compile_issue(compiled).exit_code == 0
    html = built(compiled, "index.html").read_text("utf-8")
    featured = html.split('<div class="featured">', 1)[1].split("</div>", 1)[0]
    assert f"<h2>{first['title']}</h2>" in featured
    assert html.count(f'href="{first["url"]}"') == 1  # one link an item: its "Read more"
