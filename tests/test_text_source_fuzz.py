"""The `text` source on arbitrary bytes, in its files and in their names (hypothesis).

Whatever lands in sources/, the source gives items and the warnings its documentation lists,
each naming its file; no exception escapes, nothing it gives fails to encode as UTF-8, and
no file reaches the catch-all that keeps an unforeseen failure to that file. How long the
slowest input takes is measured by bench/fuzz_text_source.py, not asserted here.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from letterpress.builtins.text_source import TextSource
from letterpress.models import Item
from letterpress.source import SourceContext

# Pieces of Markdown, YAML and trouble, so that random text meets the parsers' corners.
PIECES = [
    "*", "**", "_", "__", "`", "```", "[", "]", "(", ")", "](", "![", "#", "# ", ">", "- ",
    "1. ", "---", "---\n", "\n", "\n\n", " ", "    ", "\t", "\r", "\r\n", "a", "word ",
    "Nurses strike.", "title: ", "url: ", "date: ", "tags: ", "section: ", "summary: ",
    "&a ", "*a", "!!python/object ", "{", "}", "[[[", ": ", "javascript:", "https://x.org/",
    "<b>", "&#0;", "&amp;", "\\", "é", "—", "\ufeff", "\x00", "\x1b[2J", "\u202e", "\udcff",
    "2024-06-18", "0001-01-01", "9" * 30,
]  # fmt: skip
TEXT = st.lists(st.sampled_from(PIECES), max_size=120).map("".join)
CONTENTS = st.one_of(
    st.binary(max_size=2_000),
    TEXT.map(lambda text: text.encode("utf-8", "surrogateescape")),
    st.tuples(TEXT, TEXT).map(
        lambda pair: f"---\n{pair[0]}\n---\n{pair[1]}".encode("utf-8", "surrogateescape")
    ),
    TEXT.map(lambda text: text.encode("utf-16", "surrogatepass")),
)
NAMES = st.binary(min_size=1, max_size=60).filter(
    lambda name: b"/" not in name and b"\0" not in name
)
FILES = st.dictionaries(
    st.tuples(NAMES, st.sampled_from([b".md", b".txt", b".MD", b".markdown"])).map(b"".join),
    CONTENTS,
    min_size=1,
    max_size=4,
)

# What the source's documentation says it may warn, after the file's name.
DOCUMENTED = re.compile(
    r": (cannot be read \(|skipped, larger than|no title and no text; skipped"
    r"|front matter is not valid YAML|front matter is not a table of keys"
    r"|front matter is longer than|unknown front matter key|date .* is not a date"
    # A Markdown link the link policy refuses: the note keeps its words (README, Sources).
    r"|link .* is not an http, https or mailto address; it is left out)",
    re.S,
)


def run_source(files: dict[bytes, bytes]) -> tuple[list[Item], list[str], float]:
    """The items and warnings of a `text` source over ``files`` in sources/, and its seconds."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        sources = os.path.join(os.fsencode(root), b"sources")
        os.mkdir(sources)
        for name, content in files.items():
            with open(os.path.join(sources, name), "wb") as file:
                file.write(content)
        warnings: list[str] = []
        source = TextSource(
            "notes",
            {"paths": ["sources/**/*.txt", "sources/**/*.md", "sources/**/*.MD", "sources/*"]},
            SourceContext(root=root, language="en", warn=warnings.append),
        )
        started = time.perf_counter()
        items = list(source.collect())
        return items, warnings, time.perf_counter() - started


def check_outcome(items: list[Item], warnings: list[str]) -> None:
    for warning in warnings:
        assert warning.startswith("sources/"), warning
        assert DOCUMENTED.search(warning), warning
        assert "could not read it" not in warning, warning
        warning.encode("utf-8")
    for item in items:
        for text in (item.id, item.title, item.summary, item.origin, item.url or ""):
            text.encode("utf-8")  # every output is written as UTF-8
        assert item.origin.startswith("sources/")


@settings(
    max_examples=300,
    deadline=None,  # time is the bench's to measure
    database=None,  # nothing written beside the repository
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(FILES)
def test_any_bytes_in_any_file_name_give_items_or_a_documented_warning(
    files: dict[bytes, bytes],
) -> None:
    items, warnings, _ = run_source(files)
    check_outcome(items, warnings)
