"""How big the email is, and how long a compile takes, as an issue grows past its budget.

    .venv/bin/python bench/email_fit.py

Generated issues of 40, 400 and 2,000 items, and the 88 real feeds of
../shared/corpora/real-feeds served from 127.0.0.1 if they are there: for each, the items
in the issue, the items the email holds, the size of email.html and the compile's time.
"""

from __future__ import annotations

import http.server
import json
import sys
import tempfile
import threading
import time
from functools import partial
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.test_fit import REAL_FEEDS, QuietHandler, newsletter  # noqa: E402

from letterpress.testing import Compiled, compile_workspace, make_workspace  # noqa: E402


def report(label: str, workspace: Path) -> None:
    start = time.perf_counter()
    compiled: Compiled = compile_workspace(workspace)
    seconds = time.perf_counter() - start
    if compiled.exit_code != 0:
        print(f"{label}: failed\n{compiled.output}")
        return
    data = compiled.issue
    items = sum(len(s["items"]) for s in data["sections"]) + len(data["unsectioned"])
    html = (compiled.folder / "email.html").read_text("utf-8")
    shown = html.count('class="lp-item')
    print(
        f"{label:>22}: {items:5,} items, {shown:3} in the email, "
        f"email.html {len(html.encode()) / 1000:5.1f} KB, compile {seconds:5.2f} s"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for count in (40, 400, 2000):
            report(f"{count:,} generated", newsletter(Path(tmp) / str(count), count, count // 20))
        feeds = sorted(REAL_FEEDS.glob("*.xml")) if REAL_FEEDS.is_dir() else []
        if not feeds:
            print(f"no real feeds at {REAL_FEEDS}: skipped")
            return
        handler = partial(QuietHandler, directory=str(REAL_FEEDS))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        urls = [f"http://127.0.0.1:{server.server_address[1]}/{f.name}" for f in feeds]
        workspace = make_workspace(
            Path(tmp) / "feeds",
            config=(
                'url = "https://news.example.org/"\nwindow_days = 36500\n\n'
                f'[sources.partners]\ntype = "rss"\nfeeds = {json.dumps(urls)}\n'
            ),
            date="2026-12-01",
        )
        report(f"{len(feeds)} real feeds", workspace)
        server.shutdown()
        server.server_close()


if __name__ == "__main__":
    main()
