"""Time from a file's save to the preview's reload message, over 20 saves of the sample.

    .venv/bin/python bench/preview_reload.py [--runs 20]

Starts `letterpress preview` on a copy of the sample workspace (a real process on
127.0.0.1), listens to its event stream as a browser does, then saves a source file and
waits for the `build` event that tells open pages to reload. Target: median under 0.3 s.
"""

from __future__ import annotations

import http.client
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import copy_sample, machine, runs_parser

TARGET_SECONDS = 0.3


def next_event(stream: http.client.HTTPResponse) -> str:
    """The next `build` event's data line, skipping comments and keep-alives."""
    event = ""
    while True:
        line = stream.readline().decode().rstrip("\n")
        if line.startswith("event:"):
            event = line.split(":", 1)[1].strip()
        elif line.startswith("data:") and event == "build":
            return line
        elif not line and stream.isclosed():
            raise RuntimeError("the event stream closed")


def main() -> None:
    description = __doc__.splitlines()[0] if __doc__ else None
    args = runs_parser(description, 20, "save").parse_args()
    print(machine())
    with tempfile.TemporaryDirectory(prefix="letterpress-preview-") as tmp:
        root = Path(tmp)
        copy_sample(root)
        process = subprocess.Popen(
            [sys.executable, "-m", "letterpress", "preview", "--issue", "12", "--no-open",
             "--port", "0", "--workspace", str(root)],
            stdout=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        try:
            assert process.stdout is not None
            line = ""
            while "Previewing" not in line:
                line = process.stdout.readline()
            port = int(line.split("127.0.0.1:")[1].split("/")[0])
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", "/events")
            stream = connection.getresponse()
            note = root / "sources" / "bench-note.md"
            times = []
            for n in range(args.runs):
                time.sleep(0.3)  # let the previous build settle, as between real saves
                saved = time.perf_counter()
                note.write_text(f"# Bench note {n}\n\nSaved for the {n}th time.\n")
                next_event(stream)
                times.append(time.perf_counter() - saved)
        finally:
            process.terminate()
            process.wait(timeout=10)
    median = statistics.median(times)
    print(
        f"save to reload message, {args.runs} saves: median {median * 1000:.0f} ms, "
        f"min {min(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms"
    )
    verdict = "met" if median < TARGET_SECONDS else "NOT met"
    print(f"target under {TARGET_SECONDS * 1000:.0f} ms (of the median): {verdict}")


if __name__ == "__main__":
    main()
