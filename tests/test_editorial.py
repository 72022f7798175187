"""Editorial control: the issue file's overrides, `letterpress items`, no repeats, new-issue."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

from letterpress.section_model import built_in_model
from tests.conftest import built, compile_issue, issue_json, run

# Ids of sample stories, as `letterpress items --issue 12` shows them.
JUPILLE = "0a6125f59d"  # the 13-day strike (labour)
ZELLE = "633bfdb3b0"  # the women's rights platform (In brief)
DEURNE = "24b148a729"  # the Deurne health centre (health)


def issue_file(workspace: Path, number: int, text: str) -> None:
    (workspace / "issues" / f"{number}.toml").write_text(textwrap.dedent(text))


def all_items(data: dict[str, Any]) -> list[dict[str, Any]]:
    featured = [data["featured"]] if data["featured"] else []
    return featured + [i for s in data["sections"] for i in s["items"]] + data["unsectioned"]


def section_of(data: dict[str, Any], item_id: str) -> str | None:
    for section in data["sections"]:
        if any(i["id"] == item_id for i in section["items"]):
            return str(section["name"])
    return "unsectioned" if any(i["id"] == item_id for i in data["unsectioned"]) else None


def reading_list_id(sample: Path) -> str:
    rows = json.loads(run("items", "--issue", "12", "--workspace", sample, "--json").stdout)
    return next(r["id"] for r in rows if r["title"].startswith("Spring reading list"))


def test_items_lists_every_candidate_with_its_id_section_and_why(sample: Path) -> None:
    result = run("items", "--issue", "12", "--workspace", sample, "--json")
    assert result.exit_code == 0, result.output
    rows = {r["id"]: r for r in json.loads(result.stdout)}
    assert rows[JUPILLE]["section"] == "labour" and rows[JUPILLE]["status"] == "in"
    # The section model placed it: its score is the labour probability, past the threshold,
    # and the reasons name the words that pushed it there.
    assert rows[JUPILLE]["why"].startswith("labour ")
    assert rows[JUPILLE]["score"] == rows[JUPILLE]["probabilities"]["labour"]
    assert rows[JUPILLE]["score"] >= built_in_model().thresholds["labour"]
    assert any("strike" in r["feature"] for r in rows[JUPILLE]["reasons"] if r["push"] > 0)
    dropped = [r for r in rows.values() if r["status"] == "dropped"]
    assert {r["why"].split(" (")[0] for r in dropped} >= {"outside the issue's window"}
    text = run("items", "--issue", "12", "--workspace", sample).stdout
    assert f"{JUPILLE}  in        labour" in text
    assert not (sample / "build").exists()  # nothing written


def test_overrides_drop_move_rewrite_and_pin(sample: Path) -> None:
    old = reading_list_id(sample)
    issue_file(
        sample,
        12,
        f"""
        date = 2024-06-20
        [items.{JUPILLE}]
        section = "health"
        title = "Brewery workers win after 13 days"
        summary = "The strike at Jupille is over."
        [items.{ZELLE}]
        drop = true
        [items.{old}]
        pin = true
        """,
    )
    result = compile_issue(sample)
    assert result.exit_code == 0, result.output
    data = issue_json(sample)
    jupille = next(i for i in all_items(data) if i["id"] == JUPILLE)
    assert section_of(data, JUPILLE) == "health"
    assert (jupille["title"], jupille["summary"]) == (
        "Brewery workers win after 13 days",
        "The strike at Jupille is over.",
    )
    assert section_of(data, ZELLE) is None
    assert "dropped in the issue file" in result.stdout
    # Pinned: in, though it is dated before the issue's window.
    assert section_of(data, old) is not None


def test_an_unknown_id_warns_and_suggests_the_closest(sample: Path) -> None:
    issue_file(sample, 12, f"date = 2024-06-20\n[items.{JUPILLE[:-1]}x]\ndrop = true\n")
    result = compile_issue(sample)
    assert result.exit_code == 0
    warning = next(line for line in result.stderr.splitlines() if "no item has the id" in line)
    assert f"{JUPILLE} (Workers at the Jupille" in warning


def test_featured_section_order_and_limits(sample: Path) -> None:
    issue_file(
        sample,
        12,
        f"""
        date = 2024-06-20
        featured = "{DEURNE}"
        sections = ["labour", "elections"]
        max_items = {{health = 3}}
        """,
    )
    result = compile_issue(sample)
    assert result.exit_code == 0, result.output
    data = issue_json(sample)
    assert data["featured"]["id"] == DEURNE
    assert section_of(data, DEURNE) is None  # shown once, as the featured item
    assert [s["name"] for s in data["sections"]][:3] == ["labour", "elections", "health"]
    assert len(next(s for s in data["sections"] if s["name"] == "health")["items"]) == 3
    assert "carried to the next issue (Health holds 3)" in result.stdout
    html = built(sample, "email.html").read_text()
    assert html.index("Medics for the People’s health center in Deurne") < html.index(
        ">Labour</h2>"
    )


def test_what_overflows_is_carried_to_the_next_issue_not_lost(sample: Path) -> None:
    issue_file(sample, 12, "date = 2024-06-20\nmax_items = {health = 3}\n")
    assert compile_issue(sample).exit_code == 0
    twelve = {i["id"] for i in all_items(issue_json(sample))}
    rows = json.loads(run("items", "--issue", "12", "--workspace", sample, "--json").stdout)
    carried = [r for r in rows if r["status"] == "carried"]
    # Health holds 3; every other health item waits.
    health = [r for r in rows if r["section"] == "health" and r["status"] != "dropped"]
    assert len(carried) == len(health) - 3 > 0
    assert {r["section"] for r in carried} == {"health"}
    issue_file(sample, 13, "date = 2024-07-04\n")
    assert compile_issue(sample, 13).exit_code == 0
    thirteen = {i["id"] for i in all_items(issue_json(sample, 13))}
    assert {r["id"] for r in carried} <= thirteen
    assert not (twelve & thirteen) - {i["id"] for i in agenda(sample, 13)}


def agenda(sample: Path, number: int) -> list[dict[str, Any]]:
    data = issue_json(sample, number)
    return next((s["items"] for s in data["sections"] if s["name"] == "agenda"), [])


def test_issue_13_leaves_out_what_issue_12_published_and_12_stays_the_same(
    sample: Path,
) -> None:
    assert compile_issue(sample).exit_code == 0
    first = {n: built(sample, n).read_bytes() for n in ("email.html", "email.txt", "issue.json")}
    twelve = {i["id"] for i in all_items(issue_json(sample))}
    issue_file(sample, 13, "date = 2024-07-04\n")
    result = compile_issue(sample, 13)
    assert result.exit_code == 0, result.output
    thirteen = {i["id"] for i in all_items(issue_json(sample, 13))}
    # Coming events are listed while they are current; everything else is new.
    listings = {i["id"] for i in agenda(sample, 13)}
    assert not (twelve & thirteen) - listings
    assert "published in issue 12" in result.stdout
    # Recompiling 12 after 13 gives the same issue, byte for byte.
    assert compile_issue(sample).exit_code == 0
    for name, content in first.items():
        assert built(sample, name).read_bytes() == content, name


def test_a_pinned_item_comes_back_in_the_next_issue(sample: Path) -> None:
    assert compile_issue(sample).exit_code == 0
    issue_file(sample, 13, f"date = 2024-07-04\n[items.{JUPILLE}]\npin = true\n")
    assert compile_issue(sample, 13).exit_code == 0
    assert section_of(issue_json(sample, 13), JUPILLE) == "labour"


def test_new_issue_writes_the_next_issue_file(sample: Path) -> None:
    assert compile_issue(sample).exit_code == 0
    result = run("new-issue", "--workspace", sample, "--date", "2024-07-04")
    assert result.exit_code == 0, result.output
    text = (sample / "issues" / "13.toml").read_text()
    assert "date = 2024-07-04" in text and "since = 2024-06-20" in text
    # It is a valid issue file that compiles as it is.
    assert compile_issue(sample, 13).exit_code == 0
    assert run("new-issue", "--workspace", sample, "--date", "2024-07-18").exit_code == 0
    assert (sample / "issues" / "14.toml").is_file()


def test_new_issue_twice_on_one_day_refuses_an_empty_window(sample: Path) -> None:
    assert run("new-issue", "--workspace", sample, "--date", "2024-07-04").exit_code == 0
    again = run("new-issue", "--workspace", sample, "--date", "2024-07-04")
    assert again.exit_code == 1
    assert "issue 13 is dated 2024-07-04" in again.stderr and "--date" in again.stderr
    assert not (sample / "issues" / "14.toml").exists()
    earlier = run("new-issue", "--workspace", sample, "--date", "2024-07-01")
    assert earlier.exit_code == 1 and not (sample / "issues" / "14.toml").exists()


def test_items_tells_a_merged_duplicate_from_the_story_it_joined(sample: Path) -> None:
    rows = json.loads(run("items", "--issue", "12", "--workspace", sample, "--json").stdout)
    merged = [r for r in rows if r["why"].startswith("same story as")]
    assert merged, "the sample has a story told twice"
    for row in merged:
        kept_id = row["why"].rsplit("merged as ", 1)[1]
        kept = [r for r in rows if r["id"] == kept_id]
        assert [r["status"] for r in kept] == ["in"], (row, kept)
        assert row["id"] != kept_id
    assert len({r["id"] for r in rows}) == len(rows)


def test_items_shows_the_date_of_each_agenda_event(sample: Path) -> None:
    rows = json.loads(run("items", "--issue", "12", "--workspace", sample, "--json").stdout)
    events = [r for r in rows if r["section"] == "agenda"]
    assert events and all(r["event_start"] for r in events)
    text = run("items", "--issue", "12", "--workspace", sample).stdout
    picket = next(line for line in text.splitlines() if "Picket with the striking" in line)
    assert "agenda     2024-06-24  Picket" in picket


def test_a_bad_override_names_its_key(sample: Path) -> None:
    issue_file(sample, 12, f"date = 2024-06-20\n[items.{JUPILLE}]\npinned = true\n")
    result = compile_issue(sample)
    assert result.exit_code == 1
    assert f"12.toml: items.{JUPILLE}.pinned: unknown key 'pinned'; did you mean 'pin'?" in (
        result.stderr
    )


def test_the_intro_is_markdown_in_the_html_and_plain_in_the_text(sample: Path) -> None:
    issue_file(
        sample,
        12,
        '''
        date = 2024-06-20
        intro = """
        A **big** week: read [the strike report](https://bulletin.example.org/strike).

        <script>alert(1)</script> and [no](javascript:alert(2)) tricks.
        """
        ''',
    )
    assert compile_issue(sample).exit_code == 0
    html = built(sample, "email.html").read_text()
    assert "<strong>big</strong>" in html
    assert '<a href="https://bulletin.example.org/strike"' in html
    assert "<script>alert" not in html and 'href="javascript:' not in html
    text = built(sample, "email.txt").read_text()
    assert "A big week: read the strike report (https://bulletin.example.org/strike)." in text
