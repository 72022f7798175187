"""Screenshots of the sample issue in each shipped theme, at phone and desktop width.

    .venv/bin/python docs/screenshots.py          # writes docs/screenshots/*.png

The sample is copied, given a featured item, and compiled once per theme; Debian's
/usr/bin/chromium (through Playwright, as the browser tests use it) takes the top of the
email at 375 and 600 px, in the light scheme and the dark one, and of the web edition.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.test_design import featured_sample  # noqa: E402

OUT = REPO / "docs" / "screenshots"
# (file, page, width, scheme, height of the shot)
SHOTS = [
    ("email-600", "email.html", 600, "light", 2000),
    ("email-375", "email.html", 375, "light", 1500),
    ("email-375-dark", "email.html", 375, "dark", 1500),
    ("web-600", "index.html", 600, "light", 1500),
]


def main() -> None:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for theme in ("default", "digest"):
            workspace = featured_sample(Path(tmp) / theme, theme)
            folder = workspace / "build" / "issue-12"
            for name, page, width, scheme, height in SHOTS:
                context = browser.new_context(
                    viewport={"width": width, "height": height}, color_scheme=scheme
                )
                tab = context.new_page()
                tab.route("http*://**", lambda route: route.abort())
                tab.goto((folder / page).as_uri())
                path = OUT / f"{theme}-{name}.png"
                tab.screenshot(path=str(path))
                context.close()
                print(f"{path.relative_to(REPO)}  {path.stat().st_size / 1000:.0f} KB")
        browser.close()


if __name__ == "__main__":
    main()
