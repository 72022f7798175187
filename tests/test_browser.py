"""The email and the web edition in a real headless Chromium: widths, dark scheme, contrast.

Like tests/test_preview.py, these drive Debian's /usr/bin/chromium through Playwright and
skip, saying why, without it (fail instead when LETTERPRESS_REQUIRE_BROWSER is set).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import compile_issue, copy_sample
from tests.test_accessibility import add_feed_item_with_an_image
from tests.wcag import AA_TEXT, contrast_ratio

PNG = b"\x89PNG\r\n\x1a\n"
# Every visible piece of text: its colour, and the first opaque background behind it.
TEXT_COLOURS = """() => {
  const opaque = (c) => c && c !== 'transparent' && !/rgba\\(.*,\\s*0\\)$/.test(c);
  const found = [];
  for (const el of document.body.querySelectorAll('*')) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    if (style.visibility === 'hidden' || style.display === 'none' || +style.opacity === 0
        || box.width <= 1 || box.height <= 1) continue;
    let bg = null;
    for (let up = el; up && !bg; up = up.parentElement) {
      const colour = getComputedStyle(up).backgroundColor;
      if (opaque(colour)) bg = colour;
    }
    bg = bg || getComputedStyle(document.documentElement).backgroundColor;
    found.push([el.tagName, el.textContent.trim().slice(0, 40), style.color, bg]);
  }
  return found;
}"""


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample issue, with one item's image, built once for the module: its build/."""
    root = copy_sample(tmp_path_factory.mktemp("browser") / "sample")
    add_feed_item_with_an_image(root)
    result = compile_issue(root)
    assert result.exit_code == 0, result.output
    return root / "build"


PAGES = {"email": "issue-12/email.html", "web": "issue-12/index.html", "list": "index.html"}


def open_page(browser: Any, build: Path, page: str, width: int, scheme: str = "light") -> Any:
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    tab = context.new_page()
    # Nothing may leave the machine: an item's image points at the partner's site.
    tab.route("http*://**", lambda route: route.abort())
    tab.goto((build / PAGES[page]).as_uri())
    return tab


@pytest.mark.parametrize(
    ("page", "width"), [("email", 375), ("email", 600), ("web", 375), ("web", 1000)]
)
def test_screenshots_at_phone_and_desktop_widths(
    browser: Any, build: Path, tmp_path: Path, page: str, width: int
) -> None:
    tab = open_page(browser, build, page, width)
    shot = tmp_path / f"{page}-{width}.png"
    tab.screenshot(path=str(shot), full_page=True)
    tab.context.close()
    data = shot.read_bytes()
    assert data.startswith(PNG)
    assert len(data) > 20_000, f"{shot.name} is {len(data)} bytes: an empty page?"


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_nothing_overflows_sideways_at_375_px(
    browser: Any, build: Path, page: str, scheme: str
) -> None:
    tab = open_page(browser, build, page, 375, scheme)
    scroll, client = tab.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    tab.context.close()
    assert client == 375
    assert scroll <= client, f"{page} is {scroll} px wide at a 375 px viewport"


@pytest.mark.parametrize(
    ("page", "selector", "light", "dark"),
    [
        ("email", ".lp-card", "rgb(255, 255, 255)", "rgb(30, 30, 30)"),
        ("email", ".lp-bg", "rgb(242, 240, 235)", "rgb(18, 18, 18)"),
        ("web", "body", "rgb(255, 255, 255)", "rgb(30, 30, 30)"),
        ("list", "body", "rgb(255, 255, 255)", "rgb(30, 30, 30)"),
    ],
)
def test_the_dark_scheme_applies_when_the_browser_prefers_dark(
    browser: Any, build: Path, page: str, selector: str, light: str, dark: str
) -> None:
    tab = open_page(browser, build, page, 600)
    background = f"getComputedStyle(document.querySelector('{selector}')).backgroundColor"
    assert tab.evaluate(background) == light
    tab.emulate_media(color_scheme="dark")
    assert tab.evaluate(background) == dark
    tab.context.close()


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_piece_of_text_has_4_5_to_1_contrast_as_rendered(
    browser: Any, build: Path, page: str, scheme: str
) -> None:
    tab = open_page(browser, build, page, 600, scheme)
    texts = tab.evaluate(TEXT_COLOURS)
    tab.context.close()
    assert len(texts) >= 5  # the list of one issue holds the fewest
    low = [
        (tag, text, colour, background, round(contrast_ratio(colour, background), 2))
        for tag, text, colour, background in texts
        if contrast_ratio(colour, background) < AA_TEXT
    ]
    assert low == [], f"{page}, {scheme}: text under {AA_TEXT}:1"


def test_the_items_image_fits_a_phone_and_keeps_its_alt_text(browser: Any, build: Path) -> None:
    tab = open_page(browser, build, "email", 375)
    image = tab.locator("img").first
    assert image.get_attribute("alt") == "Cleaners at the Berlaymont win their pay claim"
    box = image.bounding_box()
    tab.context.close()
    assert box is not None and box["x"] + box["width"] <= 375
