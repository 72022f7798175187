"""The issue as a reader sees it, in both shipped themes, in a real Chromium.

Each theme's email and web edition is opened at phone (375 px) and desktop (600 px) width,
in the light and the dark scheme: nothing may scroll sideways, every item is a block with
its own box, apart from the next by space or a rule, and the masthead, the contents and
In brief's list are there. Skips, saying why, without /usr/bin/chromium.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from pathlib import Path
from typing import Any

import pytest

from letterpress.i18n import longdate
from tests.conftest import built, compile_issue, copy_sample, issue_json
from tests.test_accessibility import add_feed_item_with_an_image
from tests.test_message import configure

THEMES = ["default", "digest"]
WIDTHS = [375, 600]
SCHEMES = ["light", "dark"]

# Every item block: its box, and the space or rule that sets it off from the next one.
ITEM_BOXES = """(selector) => [...document.querySelectorAll(selector)].map((el) => {
  const box = el.getBoundingClientRect();
  const style = getComputedStyle(el);
  return {top: box.top + scrollY, bottom: box.bottom + scrollY, left: box.left,
          right: box.right, rule: parseFloat(style.borderBottomWidth) || 0,
          gap: parseFloat(style.paddingBottom) + parseFloat(style.marginBottom),
          text: el.textContent.trim().slice(0, 50)};
})"""


def featured_sample(root: Path, theme: str) -> Path:
    """The sample with an item's image, a featured item and ``theme``."""
    workspace = copy_sample(root)
    add_feed_item_with_an_image(workspace)
    configure(workspace, theme=theme)
    assert compile_issue(workspace).exit_code == 0
    data = issue_json(workspace)
    first = next(i for s in data["sections"][1:] for i in s["items"] if i["url"])
    issue_file = workspace / "issues" / "12.toml"
    issue_file.write_text(f'featured = "{first["id"]}"\n' + issue_file.read_text("utf-8"))
    result = compile_issue(workspace)
    assert result.exit_code == 0, result.output
    return workspace


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("design")
    return {theme: featured_sample(root / theme, theme) for theme in THEMES}


def open_page(browser: Any, path: Path, width: int, scheme: str) -> Any:
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    tab = context.new_page()
    tab.route("http*://**", lambda route: route.abort())  # nothing leaves the machine
    tab.goto(path.as_uri())
    return tab


PAGES = {"email": ("email.html", ".lp-item"), "web": ("index.html", ".item")}


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("page", PAGES)
def test_each_item_is_its_own_block_and_nothing_overflows(
    browser: Any, builds: dict[str, Path], theme: str, width: int, scheme: str, page: str
) -> None:
    name, selector = PAGES[page]
    workspace = builds[theme]
    tab = open_page(browser, built(workspace, name), width, scheme)
    scroll, client = tab.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    boxes = tab.evaluate(ITEM_BOXES, selector)
    masthead = tab.evaluate("document.querySelector('h1').textContent")
    contents = tab.evaluate(
        "[...document.querySelectorAll('.lp-contents li, .contents li')].map(e => e.textContent)"
    )
    brief = tab.evaluate(
        "[...document.querySelectorAll('.lp-brief li, .brief li')].map(e => e.textContent)"
    )
    tab.context.close()
    assert scroll <= client == width, f"{theme} {page} is {scroll} px wide at {width} px"

    data = issue_json(workspace)
    items = 1 + sum(len(s["items"]) for s in data["sections"]) + len(data["unsectioned"])
    assert len(boxes) == items  # the featured one, the sections', In brief's
    for box in boxes:
        assert box["left"] >= 0 and box["right"] <= width, box["text"]
        assert box["bottom"] - box["top"] > 10, f"{box['text']!r} has no box of its own"
    ordered = sorted(boxes, key=lambda b: b["top"])
    for above, below in itertools.pairwise(ordered):
        assert below["top"] >= above["bottom"] - 0.5, f"{below['text']!r} overlaps the one above"
        apart = (below["top"] - above["bottom"]) + above["gap"] + above["rule"]
        assert apart >= 4, f"{above['text']!r} runs into {below['text']!r}"

    assert masthead == data["title"]
    titles = [s["title"] for s in data["sections"]] + ["In brief"]
    assert [line.split("·")[0].strip() for line in contents] == titles
    counts = [len(s["items"]) for s in data["sections"]] + [len(data["unsectioned"])]
    assert [int(line.split("·")[1]) for line in contents] == counts
    assert len(brief) == len(data["unsectioned"])


@pytest.mark.parametrize("theme", THEMES)
def test_the_masthead_names_the_issue_above_the_first_section(
    browser: Any, builds: dict[str, Path], theme: str
) -> None:
    tab = open_page(browser, built(builds[theme], "email.html"), 600, "light")
    text = tab.inner_text("body")
    tab.context.close()
    name, issue, contents, first = (
        text.index("SOLIDARITY BULLETIN"),
        text.index("Issue 12 · 20 June 2024"),
        text.index("IN THIS ISSUE"),
        text.index("HEALTH"),
    )
    # The preheader and "View in your browser" open the email, above the masthead.
    assert text.index("View in your browser") < name < issue < contents < first
    assert text.index("FEATURED") < first


def test_in_brief_is_one_short_line_an_item_and_one_link_each(builds: dict[str, Path]) -> None:
    html = built(builds["default"], "email.html").read_text("utf-8")
    brief = html.split('<ul class="lp-brief"', 1)[1].split("</ul>", 1)[0]
    lines = brief.split("<li")[1:]
    assert len(lines) == len(issue_json(builds["default"])["unsectioned"])
    from html import unescape
    from re import sub

    for line in lines:
        words = unescape(sub(r"<[^>]+>", "", "<li" + line)).strip()
        assert len(words) <= 100, words
        assert line.count("<a ") <= 1


def test_each_item_has_one_link_and_a_quiet_line_with_source_and_date(
    builds: dict[str, Path],
) -> None:
    html = built(builds["default"], "email.html").read_text("utf-8")
    data = issue_json(builds["default"])
    dated = next(i for s in data["sections"] for i in s["items"] if i["url"] and i["published"])
    assert html.count(f'href="{dated["url"]}"') == 1
    day = longdate(dt.datetime.fromisoformat(dated["published"]))
    assert f'{dated["source"]} · {day} · <a href="{dated["url"]}"' in html


def test_the_text_footer_says_what_the_html_footer_says(builds: dict[str, Path]) -> None:
    from html import unescape
    from re import findall, sub

    workspace = builds["default"]
    html = built(workspace, "email.html").read_text("utf-8")
    footer = html.split("lp-footer", 1)[1]
    html_words = " ".join(unescape(sub(r"<[^>]+>", " ", footer)).split())
    text = built(workspace, "email.txt").read_text("utf-8").rsplit("-" * 78, 1)[1]
    text_words = " ".join(text.split())
    for sentence in ("written by volunteers", "Read past issues", "Subscribe", "Unsubscribe"):
        assert sentence in html_words and sentence in text_words, sentence
    for url in findall(r'href="([^"]+)"', footer):
        assert url in text, url


def test_a_wrapped_title_keeps_its_link_number_on_its_last_line(sample: Path) -> None:
    assert compile_issue(sample).exit_code == 0
    lines = built(sample, "email.txt").read_text("utf-8").splitlines()
    alone = [n for n, line in enumerate(lines, 1) if line.strip().startswith("[")]
    links = lines.index("LINKS")
    assert all(n > links for n in alone), [lines[n - 1] for n in alone if n <= links]
    assert "  talen [4]" in lines  # "...stemhulp in vijf talen [4]" wraps with its number


def test_the_readme_shows_both_themes_with_pictures_that_exist() -> None:
    from tests.conftest import REPO

    readme = (REPO / "README.md").read_text("utf-8")
    pictures = re.findall(r"\((docs/screenshots/[^)]+\.png)\)", readme)
    for theme in THEMES:
        for width in ("375", "600"):
            assert any(f"{theme}-email-{width}" in p for p in pictures), (theme, width)
    missing = [p for p in pictures if not (REPO / p).is_file()]
    assert missing == []


def test_the_email_keeps_mjmls_outlook_tables_and_one_section_a_newsletter_section(
    builds: dict[str, Path],
) -> None:
    for theme in THEMES:
        html = built(builds[theme], "email.html").read_text("utf-8")
        assert "<!--[if mso | IE]>" in html, theme  # Outlook's ghost tables
        data = issue_json(builds[theme])
        names = [s["name"] for s in data["sections"]] + ["in-brief"]
        # One mj-section a newsletter section, not one an item: each costs a table.
        found = re.findall(r'class="lp-card lp-section lp-section-([\w-]+)"', html)
        # MJML writes each section twice: for Outlook ("-outlook") and for the others.
        assert [n for n in found if not n.endswith("-outlook")] == names
        assert [n for n in found if n.endswith("-outlook")] == [f"{n}-outlook" for n in names]


def test_in_a_right_to_left_language_the_featured_rule_and_the_contents_mirror(
    browser: Any, tmp_path: Path
) -> None:
    workspace = featured_sample(tmp_path / "ar", "default")
    configure(workspace, language="ar")
    assert compile_issue(workspace).exit_code == 0
    tab = open_page(browser, built(workspace, "email.html"), 600, "light")
    featured = tab.evaluate(
        "(() => { const column = '.lp-featured .mj-column-per-100 > table';"
        " const s = getComputedStyle(document.querySelector(column));"
        " return [s.borderRightWidth, s.borderLeftWidth]; })()"
    )
    spacing = tab.evaluate(
        "(() => { const s = getComputedStyle(document.querySelector('.lp-contents li'));"
        " return [s.marginLeft, s.marginRight]; })()"
    )
    tab.context.close()
    assert featured == ["5px", "0px"]
    assert spacing == ["18px", "0px"]
