"""The sample's own plugin, plugins/agenda.py: coming events from sources/agenda.ics.

Issue 12 is dated 2024-06-20, so "upcoming" means 20 June to 20 July 2024.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.bounded import finishes_within
from tests.conftest import built, compile_issue, issue_json

# The sample's upcoming events, in date order, and how each one's summary starts in English.
UPCOMING = {
    "Picket with the striking cleaners at the Schaerbeek depot": (
        "Monday 24 June 2024, 06:30 · Depot gates, Rue Rogier 120, 1030 Schaerbeek"
    ),
    "Weekly meeting of the solidarity committee": (
        "Tuesday 25 June, Tuesday 2 July, and Tuesday 9 July 2024, 19:00 · Maison des Syndicats"
    ),
    "General assembly of Brussels health workers": "Thursday 27 June 2024, 19:00 · Auditorium",
    # Written in UTC (12:00Z) in the file: shown on Brussels clocks.
    "National march for Palestine: ceasefire now": "Sunday 7 July 2024, 14:00 · Brussels-North",
    # A floating time, with no time zone: shown as written.
    "Training evening: your rights as a union delegate": "Wednesday 10 July 2024, 18:30 · Union",
    # An all-day event: a date and no time.
    "Open day at the Molenbeek health centre": "Saturday 13 July 2024 · Medical centre",
}


def agenda(workspace: Path) -> dict[str, Any]:
    return agenda_of_issue(workspace, 12)


def agenda_of_issue(workspace: Path, number: int) -> dict[str, Any]:
    return next(s for s in issue_json(workspace, number)["sections"] if s["name"] == "agenda")


def every_title(workspace: Path) -> list[str]:
    data = issue_json(workspace)
    return [i["title"] for s in data["sections"] for i in s["items"]] + [
        i["title"] for i in data["unsectioned"]
    ]


def set_config(workspace: Path, old: str, new: str) -> None:
    config = workspace / "letterpress.toml"
    text = config.read_text("utf-8")
    assert old in text
    config.write_text(text.replace(old, new, 1), "utf-8")


def test_upcoming_events_are_the_last_section_in_date_order_with_english_dates(
    sample: Path,
) -> None:
    result = compile_issue(sample)
    assert result.exit_code == 0, result.output
    sections = issue_json(sample)["sections"]
    assert sections[-1]["name"] == "agenda" and sections[-1]["title"] == "Agenda"
    items = sections[-1]["items"]
    assert [i["title"] for i in items] == list(UPCOMING)
    for item, start in zip(items, UPCOMING.values(), strict=True):
        assert item["summary"].startswith(start), item["summary"]
        assert item["published"] is None  # a coming event is not dropped by the issue's window
    march = items[3]
    assert march["url"] == "https://bulletin.example.org/agenda/march-for-palestine"
    assert "immediate ceasefire in Gaza" in march["summary"]  # its DESCRIPTION follows the date
    assert items[4]["url"] is None  # the training has no URL
    assert re.search(r"Agenda\s+6 items", result.stdout)
    assert "Monday 24 June 2024, 06:30" in built(sample, "email.txt").read_text("utf-8")


def test_past_and_far_future_events_are_left_out(sample: Path) -> None:
    assert compile_issue(sample).exit_code == 0
    titles = every_title(sample)
    assert "Solidarity picnic with the Brugmann nurses" not in titles  # 15 June, before the issue
    assert "Congress of the solidarity network" not in titles  # 12 October, past 30 days


def test_the_weekly_meeting_is_one_item_naming_each_tuesday_in_range(sample: Path) -> None:
    assert compile_issue(sample).exit_code == 0
    meetings = [i for i in agenda(sample)["items"] if i["title"].startswith("Weekly meeting")]
    assert len(meetings) == 1
    summary = meetings[0]["summary"]
    # RRULE:FREQ=WEEKLY;BYDAY=TU from 4 June until 9 July: the Tuesdays from the issue's date on.
    for tuesday in ("25 June", "2 July", "9 July"):
        assert f"Tuesday {tuesday}" in summary
    for outside in ("4 June", "11 June", "18 June", "16 July"):
        assert outside not in summary


def test_days_sets_how_far_ahead_the_agenda_looks(sample: Path) -> None:
    set_config(sample, 'path = "sources/agenda.ics"\n', 'path = "sources/agenda.ics"\ndays = 7\n')
    assert compile_issue(sample).exit_code == 0
    items = agenda(sample)["items"]
    assert [i["title"] for i in items] == list(UPCOMING)[:3]  # up to 27 June
    assert items[1]["summary"].startswith("Tuesday 25 June 2024, 19:00 · ")


@pytest.mark.parametrize(
    ("language", "dates"),
    [
        (
            "nl",
            [
                "maandag 24 juni 2024, 06:30 · ",
                "dinsdag 25 juni, dinsdag 2 juli en dinsdag 9 juli 2024, 19:00 · ",
                "donderdag 27 juni 2024, 19:00 · ",
                "zondag 7 juli 2024, 14:00 · ",
                "woensdag 10 juli 2024, 18:30 · ",
                "zaterdag 13 juli 2024 · ",
            ],
        ),
        (
            "fr",
            [
                "lundi 24 juin 2024, 06:30 · ",
                "mardi 25 juin, mardi 2 juillet et mardi 9 juillet 2024, 19:00 · ",
                "jeudi 27 juin 2024, 19:00 · ",
                "dimanche 7 juillet 2024, 14:00 · ",
                "mercredi 10 juillet 2024, 18:30 · ",
                "samedi 13 juillet 2024 · ",
            ],
        ),
    ],
)
def test_dates_are_written_in_the_newsletters_language(
    sample: Path, language: str, dates: list[str]
) -> None:
    set_config(sample, 'language = "en"', f'language = "{language}"')
    result = compile_issue(sample)
    assert result.exit_code == 0, result.output
    items = agenda(sample)["items"]
    assert [i["summary"][: len(d)] for i, d in zip(items, dates, strict=True)] == dates
    assert {i["language"] for i in items} == {language}


def test_the_source_can_write_its_dates_in_another_language(sample: Path) -> None:
    set_config(
        sample, 'path = "sources/agenda.ics"\n', 'path = "sources/agenda.ics"\nlanguage = "fr"\n'
    )
    assert compile_issue(sample).exit_code == 0
    assert agenda(sample)["items"][0]["summary"].startswith("lundi 24 juin 2024, 06:30")


def test_a_missing_calendar_is_a_warning_naming_it_and_the_issue_compiles(sample: Path) -> None:
    (sample / "sources" / "agenda.ics").unlink()
    result = compile_issue(sample)
    assert result.exit_code == 0, result.output
    assert "sources/agenda.ics: cannot be read" in result.stderr
    assert "Traceback" not in result.output
    names = [s["name"] for s in issue_json(sample)["sections"]]
    assert names == ["health", "palestine", "labour", "elections"]  # an empty section is left out


@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20,
        b"Agenda: picket on Monday at 6:30, assembly on Thursday.\n",
        b"BEGIN:VEVENT\r\nUID:1\r\nSUMMARY:An event without its calendar\r\nEND:VEVENT\r\n",
    ],
    ids=["binary", "plain-text", "no-vcalendar"],
)
def test_a_file_that_is_not_icalendar_is_a_warning_naming_it(sample: Path, content: bytes) -> None:
    (sample / "sources" / "agenda.ics").write_bytes(content)
    result = compile_issue(sample)
    assert result.exit_code == 0, result.output
    assert "sources/agenda.ics: not a readable iCalendar file" in result.stderr
    assert "agenda" not in [s["name"] for s in issue_json(sample)["sections"]]
    assert len(issue_json(sample)["sections"]) == 4


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "dayz = 7",
            "letterpress.toml: sources.agenda.dayz: unknown key 'dayz'; did you mean 'days'?",
        ),
        ('days = "a month"', "letterpress.toml: sources.agenda.days: must be a number"),
        ("days = 2.5", "letterpress.toml: sources.agenda.days: must be a whole number of days"),
        ('language = "klingon"', "letterpress.toml: sources.agenda.language: 'klingon' is not"),
    ],
)
def test_a_wrong_option_is_one_line_naming_the_key(sample: Path, line: str, expected: str) -> None:
    set_config(sample, 'path = "sources/agenda.ics"\n', f'path = "sources/agenda.ics"\n{line}\n')
    result = compile_issue(sample)
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ") and expected in lines[0]


def test_the_calendar_file_is_required(sample: Path) -> None:
    set_config(sample, 'path = "sources/agenda.ics"\n', "")
    result = compile_issue(sample)
    assert result.exit_code == 1
    assert "letterpress.toml: sources.agenda.path: is required" in result.stderr


def test_the_next_issue_lists_the_meetings_that_remain_as_a_new_item(sample: Path) -> None:
    assert compile_issue(sample).exit_code == 0
    first = next(i for i in agenda(sample)["items"] if i["title"].startswith("Weekly meeting"))
    (sample / "issues" / "13.toml").write_text('title = "Summer"\ndate = 2024-07-04\n')
    assert compile_issue(sample, 13).exit_code == 0
    items = agenda_of_issue(sample, 13)["items"]
    assert [i["title"] for i in items][:2] == [
        "National march for Palestine: ceasefire now",
        "Weekly meeting of the solidarity committee",
    ]
    meeting = items[1]
    assert meeting["summary"].startswith("Tuesday 9 July 2024, 19:00 · ")
    # A recurring event's id holds its first date in the window: a new item in each issue.
    assert meeting["id"] != first["id"]


def test_only_web_links_are_kept(sample: Path) -> None:
    (sample / "sources" / "agenda.ics").write_text(
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\n"
        "BEGIN:VEVENT\nUID:a@test\nDTSTAMP:20240601T000000Z\nDTSTART;VALUE=DATE:20240701\n"
        "SUMMARY:Banner painting\nURL:javascript:alert(1)\nEND:VEVENT\n"
        "BEGIN:VEVENT\nUID:b@test\nDTSTAMP:20240601T000000Z\nDTSTART;VALUE=DATE:20240702\n"
        "SUMMARY:Leaflet run\nURL:http://bulletin.example.org/agenda/leaflets\nEND:VEVENT\n"
        "END:VCALENDAR\n"
    )
    assert compile_issue(sample).exit_code == 0
    items = agenda(sample)["items"]
    assert [(i["title"], i["url"]) for i in items] == [
        ("Banner painting", None),
        ("Leaflet run", "http://bulletin.example.org/agenda/leaflets"),
    ]
    assert items[0]["summary"] == "Monday 1 July 2024"  # no LOCATION, no DESCRIPTION


def test_a_broken_event_is_a_warning_naming_it_and_the_others_still_arrive(
    sample: Path,
) -> None:
    calendar = sample / "sources" / "agenda.ics"
    broken = (
        "BEGIN:VEVENT\r\nUID:broken@bulletin.example.org\r\nDTSTAMP:20240614T090000Z\r\n"
        "DTSTART:next Tuesday\r\nSUMMARY:Leaflet run\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:undated@bulletin.example.org\r\nDTSTAMP:20240614T090000Z\r\n"
        "SUMMARY:Banner painting\r\nEND:VEVENT\r\n"
    )
    calendar.write_text(calendar.read_text().replace("END:VCALENDAR", broken + "END:VCALENDAR"))
    result = compile_issue(sample)
    assert result.exit_code == 0, result.output
    assert "sources/agenda.ics: event broken@bulletin.example.org cannot be read" in result.stderr
    assert "sources/agenda.ics: event undated@bulletin.example.org has no DTSTART" in result.stderr
    assert [i["title"] for i in agenda(sample)["items"]] == list(UPCOMING)


def test_a_rule_repeating_every_second_or_minute_is_skipped_and_an_hourly_one_capped(
    sample: Path,
) -> None:
    calendar = sample / "sources" / "agenda.ics"
    dense = "".join(
        f"BEGIN:VEVENT\r\nUID:{uid}@test\r\nDTSTAMP:20240601T000000Z\r\nDTSTART:{start}\r\n"
        f"RRULE:FREQ={freq}\r\nSUMMARY:{title}\r\nEND:VEVENT\r\n"
        for uid, start, freq, title in [
            ("second", "20240601T100000Z", "SECONDLY", "Every second"),
            ("minute", "20240620T100000Z", "MINUTELY", "Every minute"),
            ("hour", "20240621T100000Z", "HOURLY", "Every hour"),
        ]
    )
    calendar.write_text(calendar.read_text().replace("END:VCALENDAR", dense + "END:VCALENDAR"))

    with finishes_within(120):  # before the bound, FREQ=SECONDLY never finished
        result = compile_issue(sample)

    assert result.exit_code == 0, result.output
    assert "event second@test repeats too often to list" in result.stderr
    assert "event minute@test repeats too often to list" in result.stderr
    assert "event hour@test happens" in result.stderr
    assert "only the first 60 are listed" in result.stderr
    items = {i["title"]: i for i in agenda(sample)["items"]}
    assert "Every second" not in items and "Every minute" not in items
    assert items["Every hour"]["summary"].count("2024") <= 60
    # The sample's own events are all still there, and the email stays small.
    assert set(UPCOMING) <= set(items)
    assert built(sample, "email.html").stat().st_size < 102_000
