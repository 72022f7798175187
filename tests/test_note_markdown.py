"""A note written in Markdown keeps its links and emphasis in every output readers see."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import built, compile_issue
from tests.test_message import configure

PETITION = "https://bulletin.example.org/petition/health-centres"

NOTE = f"""\
---
title: Petition for the health centres
date: 2024-06-19
section: health
---
Our [petition]({PETITION}) passed **500 signatures** in its first week. It goes to the
city council in October, with the *health workers' own* demands.

A [link that runs a script](javascript:alert(document.cookie)) stays words.
"""


def compiled_with_note(workspace: Path, **settings: str) -> Path:
    (workspace / "sources" / "petition.md").write_text(NOTE, encoding="utf-8")
    if settings:
        configure(workspace, **settings)
    result = compile_issue(workspace)
    assert result.exit_code == 0, result.output
    return workspace


def note_block(html: str) -> str:
    """The HTML of the petition note's item, from its headline to its meta line."""
    start = html.index("Petition for the health centres")
    return html[start : html.index("notes ·", start)]


@pytest.mark.parametrize("output", ["email.html", "index.html"])
def test_a_notes_markdown_link_and_bold_stay_in_the_html(sample: Path, output: str) -> None:
    html = built(compiled_with_note(sample), output).read_text("utf-8")
    block = note_block(html)

    assert re.search(rf'<a href="{re.escape(PETITION)}"[^>]*>petition</a>', block)
    assert re.search(r"<(strong|b)>500 signatures</\1>", block)
    assert re.search(r"<em>health workers(&#39;|&#x27;|')s? own</em>", block)
    # No Markdown marks are left for readers to see.
    assert "**" not in block and f"]({PETITION})" not in block


def test_a_notes_markdown_link_goes_to_the_numbered_list_of_the_plain_text(sample: Path) -> None:
    text = built(compiled_with_note(sample), "email.txt").read_text("utf-8")

    listed = dict(re.findall(r"^\[(\d+)\] (\S+)$", text, re.M))
    number = next(n for n, url in listed.items() if url == PETITION)
    words = " ".join(text.split())
    assert f"Our petition [{number}] passed 500 signatures in its first week." in words
    # Emphasis reads as the words themselves, with no asterisks or underscores around them.
    assert "with the health workers' own demands." in words
    assert "**500" not in text and "*health" not in text


@pytest.mark.parametrize("output", ["email.html", "index.html", "email.txt"])
def test_a_javascript_link_in_a_note_stays_text(sample: Path, output: str) -> None:
    content = built(compiled_with_note(sample), output).read_text("utf-8")

    assert not re.search(r"href=[\"']?\s*javascript:", content, re.I)
    # Its words are still there for the reader; the link policy refused the address.
    assert "link that runs a script" in content
    # Nor is its address one of the plain text's numbered links.
    assert not re.search(r"^\[\d+\] javascript:", content, re.M | re.I)


def test_a_refused_link_in_a_note_is_a_warning_naming_the_file(sample: Path) -> None:
    (sample / "sources" / "petition.md").write_text(NOTE, encoding="utf-8")

    result = compile_issue(sample)

    assert result.exit_code == 0, result.output
    (line,) = [ln for ln in result.output.splitlines() if "javascript:" in ln]
    assert "sources/petition.md" in line


def test_the_digest_keeps_the_link_and_bold_of_a_notes_first_sentence(sample: Path) -> None:
    workspace = compiled_with_note(sample, theme="digest")

    for output in ("email.html", "index.html"):
        block = note_block(built(workspace, output).read_text("utf-8"))
        assert re.search(rf'<a href="{re.escape(PETITION)}"[^>]*>petition</a>', block), output
        assert re.search(r"<(strong|b)>500 signatures</\1>", block), output
        # The digest shows the first sentence alone.
        assert "city council" not in block, output
    text = built(workspace, "email.txt").read_text("utf-8")
    listed = dict(re.findall(r"^\[(\d+)\] (\S+)$", text, re.M))
    number = next(n for n, url in listed.items() if url == PETITION)
    assert f"Our petition [{number}] passed 500 signatures in its first week." in " ".join(
        text.split()
    )


def test_a_notes_link_to_its_own_page_stays_words_beside_its_one_link(sample: Path) -> None:
    # The sample's staff note links "our website" to its own url, which its meta line carries.
    workspace = compiled_with_note(sample)
    html = built(workspace, "email.html").read_text("utf-8")
    own = "https://bulletin.example.org/2024/06/new-health-centres"

    assert html.count(f'href="{own}"') == 1
    assert "Read the full story on our website." in html


def test_the_issue_files_summary_replaces_a_notes_markdown_body(sample: Path) -> None:
    workspace = compiled_with_note(sample)
    data = json.loads(built(workspace, "issue.json").read_text("utf-8"))
    (note,) = [
        item
        for section in data["sections"]
        for item in section["items"]
        if item["title"] == "Petition for the health centres"
    ]
    issue_file = workspace / "issues" / "12.toml"
    issue_file.write_text(
        issue_file.read_text("utf-8")
        + f'\n[items.{note["id"]}]\nsummary = "The petition goes to the council in October."\n',
        encoding="utf-8",
    )

    result = compile_issue(workspace)

    assert result.exit_code == 0, result.output
    for output in ("email.html", "index.html"):
        block = note_block(built(workspace, output).read_text("utf-8"))
        assert "The petition goes to the council in October." in block, output
        assert "500 signatures" not in block, output
    assert "500 signatures" not in built(workspace, "email.txt").read_text("utf-8")


def test_a_heading_inside_a_note_is_a_bold_line_not_a_section_heading(sample: Path) -> None:
    note = NOTE.replace("A [link", "## What we ask\n\nA [link")
    (sample / "sources" / "petition.md").write_text(note, encoding="utf-8")

    assert compile_issue(sample).exit_code == 0
    for output in ("email.html", "index.html"):
        block = note_block(built(sample, output).read_text("utf-8"))
        assert re.search(r"<strong>What we ask</strong>", block), output
        assert not re.search(r"<h[1-6][ >][^<]*What we ask", block), output
    assert "What we ask" in built(sample, "email.txt").read_text("utf-8")
