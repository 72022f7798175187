"""Readable everywhere: contrast in both schemes, alt text, lang and dir, links that say where.

The colour pairs below are every text colour on its background in the package's templates;
a template colour that is in none of them fails the first test, so a new colour cannot
arrive without its contrast being checked. tests/test_browser.py measures the same in a
real Chromium, from the computed styles of every piece of text.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from letterpress.models import stable_id
from tests.conftest import REPO, built, compile_issue, issue_json
from tests.wcag import AA_TEXT, contrast_ratio, inverted

THEMES = REPO / "src" / "letterpress" / "themes"
TEMPLATES = THEMES / "default"
# Where text sits in the themes' templates: (text colour, background colour) by their names
# in theme.toml, each checked in the light scheme ([colors]) and the dark one ([dark]).
# The accent and the rule never carry text, so any accent a workspace picks reads.
PAIRS = [
    (text, background)
    for background in ("paper", "featured")
    for text in ("text", "heading", "muted", "link")
] + [("muted", "page"), ("link", "page")]  # the preheader line above the masthead
HEX = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b")


def shipped_themes() -> list[str]:
    return sorted(p.parent.name for p in THEMES.glob("*/theme.toml"))


def theme_colours(name: str) -> dict[str, dict[str, str]]:
    """A shipped theme's colours, what it extends filled in: {"colors": ..., "dark": ...}."""
    from letterpress.theme import load_theme
    from letterpress.workspace import Newsletter, Workspace

    settings = load_theme(Workspace(root=REPO / "docs", newsletter=Newsletter(theme=name)))
    return {"colors": dict(settings.settings["colors"]), "dark": dict(settings.settings["dark"])}


def test_both_themes_ship() -> None:
    assert {"default", "digest"} <= set(shipped_themes())


def test_no_template_writes_a_colour_of_its_own() -> None:
    """Every colour comes from theme.toml, where the next test measures it."""
    for template in [*THEMES.glob("*/*.j2"), *(REPO / "templates").glob("*.j2")]:
        found = HEX.findall(template.read_text("utf-8"))
        assert found == [], f"{template.relative_to(REPO)}: {found} belong in theme.toml"


@pytest.mark.parametrize("theme", ["default", "digest"])
@pytest.mark.parametrize("scheme", ["colors", "dark"])
@pytest.mark.parametrize(("text", "background"), PAIRS)
def test_text_contrast_is_at_least_4_5_in_either_scheme_and_inverted(
    theme: str, scheme: str, text: str, background: str
) -> None:
    colours = theme_colours(theme)[scheme]
    fore, back = colours[text], colours[background]
    what = f"{theme} theme, [{scheme}] {text} {fore} on {background} {back}"
    assert contrast_ratio(fore, back) >= AA_TEXT, what
    # A client that inverts the colours itself (Gmail's apps, Outlook) still shows 4.5:1.
    assert contrast_ratio(inverted(fore), inverted(back)) >= AA_TEXT, what


def test_the_contrast_function_gives_wcags_figures() -> None:
    assert contrast_ratio("#000", "#fff") == pytest.approx(21)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("rgb(30, 30, 30)", "#1e1e1e") == pytest.approx(1)


class Elements(HTMLParser):
    """Each element's tag and attributes, and the text of each <a>, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.anchors: list[tuple[str, str]] = []
        self._anchor: list[str] | None = None
        self._href = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag == "a":
            self._anchor, self._href = [], dict(attrs).get("href") or ""

    def handle_data(self, data: str) -> None:
        if self._anchor is not None:
            self._anchor.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._anchor is not None:
            self.anchors.append((self._href, " ".join("".join(self._anchor).split())))
            self._anchor = None


def parsed(path: Path) -> Elements:
    elements = Elements()
    elements.feed(path.read_text("utf-8"))
    elements.close()
    return elements


@pytest.fixture
def compiled(sample: Path) -> Path:
    assert compile_issue(sample).exit_code == 0
    return sample


def test_the_email_sets_lang_dir_and_its_colour_schemes(compiled: Path) -> None:
    html = built(compiled, "email.html").read_text("utf-8")
    assert html.startswith('<!DOCTYPE html><html lang="en" dir="ltr"')
    assert '<meta name="color-scheme" content="light dark"' in html
    assert '<meta name="supported-color-schemes" content="light dark"' in html
    assert "@media (prefers-color-scheme: dark)" in html
    # The dark scheme reaches the page around the cards, and the grey meta lines.
    assert 'class="lp-bg"' in html
    assert re.search(r"\.lp-card \.meta[^{]*\{ color: #b5b1aa !important; \}", html)


@pytest.mark.parametrize("name", ["email.html", "index.html"])
def test_each_read_more_link_names_its_item_for_screen_readers(compiled: Path, name: str) -> None:
    data = issue_json(compiled)
    items = [i for s in data["sections"] for i in s["items"]] + data["unsectioned"]
    read_more = [(href, text) for href, text in parsed(built(compiled, name)).anchors]
    read_more = [(href, text) for href, text in read_more if text.startswith("Read more")]
    expected = [(i["url"], f"Read more: {' '.join(i['title'].split())}") for i in items if i["url"]]
    assert read_more == expected


def add_feed_item_with_an_image(workspace: Path) -> str:
    feed = workspace / "sources" / "feeds" / "partners.xml"
    title = "Cleaners at the Berlaymont win their pay claim"
    item = f"""
    <item>
      <title>{title}</title>
      <link>https://partners.example.org/news/2024/06/cleaners</link>
      <pubDate>Tue, 18 Jun 2024 10:00:00 +0200</pubDate>
      <enclosure url="https://partners.example.org/img/cleaners.jpg" type="image/jpeg" length="0"/>
      <description>After a six-week strike called by their union, the cleaners won a pay rise, fixed hours and a collective agreement.</description>
    </item>
  </channel>"""
    feed.write_text(feed.read_text("utf-8").replace("\n  </channel>", item), encoding="utf-8")
    # The editor places it in Labour, where items show their image: the tests that use it
    # are about the image, not about where the section model would put the story.
    issue_file = workspace / "issues" / "12.toml"
    item_id = stable_id("https://partners.example.org/news/2024/06/cleaners")
    with issue_file.open("a", encoding="utf-8") as out:
        out.write(f'\n[items.{item_id}]\nsection = "labour"\n')
    return title


def test_an_items_image_is_shown_with_its_title_as_alt_text(sample: Path) -> None:
    title = add_feed_item_with_an_image(sample)
    assert compile_issue(sample).exit_code == 0
    for name in ("email.html", "index.html"):
        images = [attrs for tag, attrs in parsed(built(sample, name)).elements if tag == "img"]
        assert [(i["src"], i["alt"]) for i in images] == [
            ("https://partners.example.org/img/cleaners.jpg", title)
        ], name
    email_image = next(a for t, a in parsed(built(sample, "email.html")).elements if t == "img")
    # As wide as the column on a phone, never wider: width 100%, height in proportion.
    style = (email_image.get("style") or "").replace(" ", "")
    assert "width:100%" in style and "height:auto" in style


def test_the_sample_has_no_image_and_no_preheader_over_90_characters(compiled: Path) -> None:
    tags = [tag for tag, _ in parsed(built(compiled, "email.html")).elements]
    assert "img" not in tags  # so no image without alt either (no social icons)
    assert 0 < len(issue_json(compiled)["preheader"]) <= 90
