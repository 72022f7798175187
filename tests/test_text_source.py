"""The `text` source as a workspace uses it: files under sources/ in, items out.

Every test writes the files a user would drop into ``sources/`` (or copies the sample's own),
builds the source the way the pipeline does, and looks at the items and warnings it gives.
"""

from __future__ import annotations

import codecs
import datetime as dt
import random
import shutil
from pathlib import Path
from typing import Any

import pytest

from letterpress.builtins.text_source import TextSource
from letterpress.models import Item
from letterpress.options import OptionError
from letterpress.source import SourceContext
from tests.bounded import finishes_within

SEEDS = Path(__file__).resolve().parent.parent / "sources"

PAGE_HEADINGS = ["Our convictions", "The right to decent work", "The right to health", "What we do"]


def write(root: Path, name: str, content: str | bytes) -> Path:
    """Save a file under the workspace's sources/ folder, as an editor or scraper would."""
    path = root / "sources" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def copy_seed(root: Path, prefix: str) -> Path:
    """Copy one of the sample workspace's seed files (000_, 001_, 002_) into ``root``."""
    (seed,) = SEEDS.glob(f"{prefix}_*.txt")
    target = root / "sources" / seed.name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(seed, target)
    return target


def make_source(root: Path, warnings: list[str], **options: Any) -> TextSource:
    context = SourceContext(root=root, language="en", warn=warnings.append)
    return TextSource("notes", options, context)


def collect(root: Path, **options: Any) -> tuple[list[Item], list[str]]:
    """The items of a `text` source over ``root``, and the warnings it gave."""
    warnings: list[str] = []
    items = list(make_source(root, warnings, **options).collect())
    return items, warnings


def item_text(item: Item) -> str:
    return f"{item.title}\n{item.summary}"


# Blurbs: no headlines, one item per paragraph ---------------------------------------------

BLURBS = """\
Nurses in Ghent walked out on Monday. They demand more staff on every ward and an end to
the twelve-hour shifts that hospital managers introduced last spring.

Medics for the People opened three new health centres this month in Liège, Ghent and Molenbeek where care is free at the point of use and each centre works with local groups.

Dockers in Antwerp held a solidarity meeting with the striking nurses on Wednesday.

The union congress in Liège voted to back the call for a general strike in October.
"""


def test_blurbs_give_one_item_per_paragraph_with_the_title_cut_from_the_blurb(
    tmp_path: Path,
) -> None:
    write(tmp_path, "blurbs.txt", BLURBS)

    items, warnings = collect(tmp_path)

    assert warnings == []
    assert [item.title for item in items] == [
        # The first sentence, without its full stop.
        "Nurses in Ghent walked out on Monday",
        # A first sentence too long for a title is shortened at a word, with an ellipsis.
        "Medics for the People opened three new health centres this month in Liège, Ghent and…",
        "Dockers in Antwerp held a solidarity meeting with the striking nurses on Wednesday",
        "The union congress in Liège voted to back the call for a general strike in October",
    ]
    # The summary is the whole blurb, its wrapped lines joined into one.
    assert items[0].summary == (
        "Nurses in Ghent walked out on Monday. They demand more staff on every ward and an end "
        "to the twelve-hour shifts that hospital managers introduced last spring."
    )
    assert items[1].summary == (
        "Medics for the People opened three new health centres this month in Liège, Ghent and "
        "Molenbeek where care is free at the point of use and each centre works with local groups."
    )
    # A title cut from the blurb is not a headline: the templates show the summary alone.
    assert all(item.headline == "" for item in items)
    assert [item.origin for item in items] == [
        f"sources/blurbs.txt, paragraph {n}" for n in (1, 2, 3, 4)
    ]
    assert {item.source for item in items} == {"notes"}


def test_the_seed_blurbs_file_gives_twelve_items(tmp_path: Path) -> None:
    copy_seed(tmp_path, "000")

    items, warnings = collect(tmp_path)

    assert warnings == []
    assert len(items) == 12
    assert items[0].title == (
        "General practitioner Hanne Bosselaers sheds light on the importance of health work in…"
    )
    assert items[0].summary.endswith("and solidarity actions that health workers can join")
    assert items[-1].summary.startswith("Health workers organized mobilizations in major cities")


# Pairs: a headline, then its standfirst ---------------------------------------------------


def test_headline_and_standfirst_pairs_give_title_and_summary(tmp_path: Path) -> None:
    copy_seed(tmp_path, "001")

    items, warnings = collect(tmp_path)

    assert warnings == []
    # The seed holds 12 headlines, each followed by its standfirst: 24 paragraphs.
    assert len(items) == 12
    by_title = {item.title: item for item in items}
    assert items[0].title == "How Belgian students forced their university to cut ties with Israel"
    assert items[0].summary.startswith("Mingtje Wang of COMAC speaks about student-worker")
    assert by_title[
        "Workers’ Party of Belgium gains ground in European, national elections"
    ].summary == (
        "The Workers’ Party of Belgium secures strong results in European and national "
        "elections, mounting resistance to the far-right’s growth"
    )
    assert items[-1].title == "Belgian unions call on government to impose arms embargo on Israel"
    # A headline is a real headline, not the start of the summary.
    assert all(item.headline == item.title for item in items)
    # No standfirst was taken for a headline, and no headline for a standfirst.
    assert all(len(item.summary) > len(item.title) for item in items)


# A headline with its standfirst on the very next line ---------------------------------------

HEADED_NOTES = """\
Dockers stop work in solidarity with the nurses
Dockers at the port of Antwerp stopped work for an hour on Wednesday to back the nurses' strike, and their union sent a delegation to the picket line.

Petition for the health centres passes 500 signatures
The petition asking the city to fund the three new health centres passed 500 signatures
in its first week; it goes to the council in October.

The union congress in Liège voted to back the call for a general strike in October.
"""


def test_a_headline_line_above_its_standfirst_is_the_items_title(tmp_path: Path) -> None:
    write(tmp_path, "notes.txt", HEADED_NOTES)

    items, warnings = collect(tmp_path)

    assert warnings == []
    assert [item.headline for item in items] == [
        "Dockers stop work in solidarity with the nurses",
        "Petition for the health centres passes 500 signatures",
        # A blurb with no headline line stays one, titled from its text.
        "",
    ]
    assert items[0].summary.startswith("Dockers at the port of Antwerp stopped work")
    # The standfirst's wrapped lines are joined; the headline is not part of it.
    assert items[1].summary == (
        "The petition asking the city to fund the three new health centres passed 500 "
        "signatures in its first week; it goes to the council in October."
    )
    assert items[2].title.startswith("The union congress in Liège voted")


def test_one_headed_note_alone_is_one_titled_item(tmp_path: Path) -> None:
    write(
        tmp_path,
        "note.txt",
        "Strike at the brewery\nWorkers at the Jupille brewery went on strike for thirteen days.\n",
    )

    (item,), _ = collect(tmp_path)

    assert item.headline == "Strike at the brewery"
    assert item.summary == "Workers at the Jupille brewery went on strike for thirteen days."


@pytest.mark.parametrize(
    "paragraph",
    [
        # Prose wrapped at a fixed width: its first line broke where the next word did not fit.
        "Medics for the People opened three new health centres this month, in Liège, Ghent\n"
        "And Molenbeek. Care is free at the point of use, and each centre works with the\n"
        "neighbourhood's own groups.",
        # A line carried on in lower case continues its sentence.
        "Our office\nis moving to the second floor of the union building in the Rue Haute.",
        # A first line closed by punctuation is a sentence, not a headline.
        "Dockers stopped work on Wednesday.\nTheir union sent a delegation to the picket line.",
        # A line followed by a shorter one is no headline over a standfirst.
        "Workers at the brewery voted to end their strike\nafter thirteen days.",
    ],
)
def test_a_paragraph_whose_first_line_is_no_headline_stays_untitled(
    tmp_path: Path, paragraph: str
) -> None:
    write(tmp_path, "note.txt", paragraph + "\n")

    (item,), _ = collect(tmp_path)

    assert item.headline == ""
    assert item.summary == " ".join(paragraph.split("\n"))


def test_a_page_heading_written_above_its_text_opens_an_item(tmp_path: Path) -> None:
    write(
        tmp_path,
        "page.txt",
        "We are a development organisation of the socialist movement in Flanders, working with"
        " partners around the world.\n\n"
        "Our convictions\n\nInternational solidarity is more than an empty slogan for us.\n\n"
        "The right to health\nHealth is both a condition for and the result of a good life.\n\n"
        "Basic healthcare services are difficult to access in many countries.\n\n"
        "What we do\n\nWe support unions and health movements with our partners.\n",
    )

    items, _ = collect(tmp_path)

    assert [item.headline for item in items[1:]] == [
        "Our convictions",
        "The right to health",
        "What we do",
    ]
    assert items[2].summary == (
        "Health is both a condition for and the result of a good life.\n\n"
        "Basic healthcare services are difficult to access in many countries."
    )


# A page: one item per heading, boilerplate left out ---------------------------------------


def test_a_page_gives_one_item_per_heading(tmp_path: Path) -> None:
    copy_seed(tmp_path, "002")

    items, warnings = collect(tmp_path)

    assert warnings == []
    # What comes before the first heading is an item of its own, titled from its text.
    intro, *sections = items
    assert intro.summary.startswith("FOS-socialist solidarity is the development organisation")
    assert intro.title.endswith("…")
    assert [item.title for item in sections] == PAGE_HEADINGS
    health = sections[2]
    assert health.summary.startswith("Health is both a condition for and the result of a good life")
    assert "Health is a right you can claim." in health.summary
    assert sections[3].summary.endswith("in the entire world.")


@pytest.mark.parametrize(
    "boilerplate",
    [
        # The honeypot field of the site's contact form, in Dutch.
        "Dit veld is voor validatie doeleinden",
        # An image caption the scraper left dangling: "... waardig werk.beeld:".
        "beeld:",
        "FOS staat in België zij aan zij met de vakbond",
        "Contact us!",
    ],
)
def test_a_page_leaves_the_scraped_boilerplate_out(tmp_path: Path, boilerplate: str) -> None:
    page = copy_seed(tmp_path, "002")
    assert boilerplate in page.read_text(encoding="utf-8")  # the seed does carry it

    items, _ = collect(tmp_path)

    assert [item.title for item in items[1:]] == PAGE_HEADINGS
    assert not [item.title for item in items if boilerplate in item_text(item)]
    # The text around the caption is kept.
    convictions = items[1].summary
    assert "Also for the rights of women, and for labour rights." in convictions
    assert "But all this is not self-evident." in convictions


SCRAPED = """\
Who we are

We are a union of health workers in Brussels.
Contact us!

Our campaigns

We fight for free care at the point of use.
  • Dit veld is voor validatie doeleinden en moet ongewijzigd blijven.
Nurses marching in Brussels on 16 June.beeld:
"""


def test_boilerplate_lines_inside_paragraphs_are_left_out(tmp_path: Path) -> None:
    write(tmp_path, "page.txt", SCRAPED)

    items, warnings = collect(tmp_path)

    assert warnings == []
    assert [(item.title, item.summary) for item in items] == [
        ("Who we are", "We are a union of health workers in Brussels."),
        ("Our campaigns", "We fight for free care at the point of use."),
    ]


# Markdown with front matter ----------------------------------------------------------------

NOTE = """\
---
title: Three new health centres open their doors
url: https://bulletin.example.org/2024/06/new-health-centres
date: 2024-06-18
section: health
tags: [health centres, Medics for the People]
---
Medics for the People opened three new **health centres** this month, in Liège, Ghent
and Molenbeek.

Read the full story on [our website](https://bulletin.example.org/2024/06/new-health-centres).
"""


def test_markdown_front_matter_fills_the_item(tmp_path: Path) -> None:
    write(tmp_path, "note.md", NOTE)

    items, warnings = collect(tmp_path)

    assert warnings == []
    (item,) = items
    assert item.title == "Three new health centres open their doors"
    assert item.url == "https://bulletin.example.org/2024/06/new-health-centres"
    assert item.published == dt.date(2024, 6, 18)
    assert item.section == "health"
    assert item.tags == ("health centres", "Medics for the People")
    assert item.origin == "sources/note.md"
    # Markdown is reduced to plain text: emphasis marks go, a link keeps only its text.
    assert "health centres this month" in item.summary
    assert "**" not in item.summary
    assert item.summary.endswith("Read the full story on our website.")
    assert "](" not in item.summary


def test_markdown_without_front_matter_takes_its_title_from_the_first_heading(
    tmp_path: Path,
) -> None:
    write(tmp_path, "note.md", "# Pickets at Jupille\n\nThe brewery workers hold the line.\n")

    (item,), warnings = collect(tmp_path)

    assert warnings == []
    assert item.title == "Pickets at Jupille"
    assert item.summary == "The brewery workers hold the line."
    assert item.published is None
    assert item.section is None


def test_tags_may_be_written_as_a_comma_separated_string(tmp_path: Path) -> None:
    write(tmp_path, "note.md", "---\ntitle: Strike\ntags: labour, Jupille\n---\nDay three.\n")

    (item,), _ = collect(tmp_path)

    assert item.tags == ("labour", "Jupille")


def test_an_unknown_front_matter_key_is_a_warning_naming_the_file(tmp_path: Path) -> None:
    write(tmp_path, "note.md", NOTE.replace("section: health", "author: Hanne"))

    items, warnings = collect(tmp_path)

    assert len(warnings) == 1
    assert warnings[0].startswith("sources/note.md:")
    assert "'author'" in warnings[0]
    # The rest of the front matter still counts.
    (item,) = items
    assert item.title == "Three new health centres open their doors"
    assert item.published == dt.date(2024, 6, 18)


@pytest.mark.parametrize(
    "date",
    [
        "June 18th",
        "'18/06/2024'",
        "2024-02-30",  # well-formed, but no such day
    ],
)
def test_a_bad_date_is_a_warning_and_the_item_has_no_date(tmp_path: Path, date: str) -> None:
    write(tmp_path, "note.md", NOTE.replace("date: 2024-06-18", f"date: {date}"))
    write(tmp_path, "other.md", "# Pickets at Jupille\n\nThe brewery workers hold the line.\n")

    items, warnings = collect(tmp_path)

    assert len(warnings) == 1
    assert warnings[0].startswith("sources/note.md:")
    assert "date" in warnings[0]
    assert [item.title for item in items] == [
        "Three new health centres open their doors",
        "Pickets at Jupille",
    ]
    assert items[0].published is None
    assert items[0].url == "https://bulletin.example.org/2024/06/new-health-centres"


def test_invalid_yaml_front_matter_is_a_warning_not_a_crash(tmp_path: Path) -> None:
    write(
        tmp_path,
        "note.md",
        "---\ntitle: [Pickets at Jupille\n---\n# Pickets at Jupille\n\nDay three of the strike.\n",
    )

    items, warnings = collect(tmp_path)

    assert len(warnings) == 1
    assert warnings[0].startswith("sources/note.md:")
    assert "not valid YAML" in warnings[0]
    (item,) = items
    assert item.title == "Pickets at Jupille"
    assert item.summary == "Day three of the strike."


def test_a_markdown_link_whose_url_has_parentheses_keeps_only_its_text(tmp_path: Path) -> None:
    write(
        tmp_path,
        "note.md",
        "# Remembering 1960\n\n"
        "Read about [the general strike](https://en.wikipedia.org/wiki/General_strike_(1960)) "
        "that stopped the country.\n",
    )

    (item,), _ = collect(tmp_path)

    assert item.summary == "Read about the general strike that stopped the country."


def test_underscores_inside_a_bare_url_are_kept(tmp_path: Path) -> None:
    url = "https://bulletin.example.org/news/health_centres_open"
    write(tmp_path, "note.md", f"# New health centres\n\nThe full list is at {url} today.\n")

    (item,), _ = collect(tmp_path)

    assert item.summary == f"The full list is at {url} today."


# Encodings ---------------------------------------------------------------------------------

ACCENTED = "Santé pour tous — “la grève” continue à Liège"


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(ACCENTED.encode("utf-8"), id="utf-8"),
        pytest.param(codecs.BOM_UTF8 + ACCENTED.encode("utf-8"), id="utf-8-with-bom"),
        pytest.param(ACCENTED.encode("utf-16"), id="utf-16-with-bom"),
        pytest.param(codecs.BOM_UTF16_BE + ACCENTED.encode("utf-16-be"), id="utf-16-be-with-bom"),
        pytest.param(ACCENTED.encode("utf-16-le"), id="utf-16-le-without-bom"),
        pytest.param(ACCENTED.encode("cp1252"), id="windows-1252"),
        pytest.param((ACCENTED + "\r\n").encode("cp1252"), id="windows-1252-crlf"),
    ],
)
def test_every_encoding_an_editor_saves_reads_to_the_same_text(tmp_path: Path, data: bytes) -> None:
    write(tmp_path, "note.txt", data)

    items, warnings = collect(tmp_path)

    assert warnings == []
    (item,) = items
    assert item.summary == ACCENTED
    assert item.title == ACCENTED


def test_a_file_that_is_not_text_is_a_warning_and_the_rest_still_arrives(
    tmp_path: Path,
) -> None:
    png_header = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00"
    write(tmp_path, "images/logo.txt", png_header + random.Random(0).randbytes(512))
    write(tmp_path, "note.txt", "Dockers in Antwerp held a solidarity meeting on Wednesday.\n")
    write(tmp_path, "zz-note.md", "# Pickets at Jupille\n\nThe brewery workers hold the line.\n")

    items, warnings = collect(tmp_path)

    assert len(warnings) == 1
    # Named as the user knows it: relative to the workspace, not an absolute path.
    assert warnings[0].startswith("sources/images/logo.txt:")
    assert str(tmp_path) not in warnings[0]
    assert [item.title for item in items] == [
        "Dockers in Antwerp held a solidarity meeting on Wednesday",
        "Pickets at Jupille",
    ]


# Options -----------------------------------------------------------------------------------


def test_paths_globs_choose_the_files_read(tmp_path: Path) -> None:
    write(tmp_path, "health/centres.txt", "Three health centres open in Molenbeek.\n")
    write(tmp_path, "health/pharma.md", "# Public pharma\n\nA call for public production.\n")
    write(tmp_path, "labour/jupille.txt", "Brewery workers strike at Jupille.\n")
    (tmp_path / "elsewhere.txt").write_text("Not under sources at all.\n", encoding="utf-8")

    everything, _ = collect(tmp_path)
    health_text, _ = collect(tmp_path, paths=["sources/health/*.txt"])
    one_pattern, _ = collect(tmp_path, paths="sources/labour/*.txt")
    two_patterns, _ = collect(tmp_path, paths=["sources/labour/*.txt", "*.txt"])

    # By default: every .txt and .md under sources/, and nothing outside it.
    assert sorted(item.title for item in everything) == [
        "Brewery workers strike at Jupille",
        "Public pharma",
        "Three health centres open in Molenbeek",
    ]
    assert [item.title for item in health_text] == ["Three health centres open in Molenbeek"]
    assert [item.title for item in one_pattern] == ["Brewery workers strike at Jupille"]
    assert [item.title for item in two_patterns] == [
        "Not under sources at all",
        "Brewery workers strike at Jupille",
    ]


def test_an_unknown_option_raises_option_error_naming_the_key(tmp_path: Path) -> None:
    with pytest.raises(OptionError) as error:
        make_source(tmp_path, [], pahts=["sources/*.txt"])

    assert error.value.key == "pahts"
    assert "'pahts'" in str(error.value)
    assert "did you mean 'paths'" in str(error.value)


FOOTED = """\
Nurses in Ghent walked out on Monday, demanding more staff on every ward.
© Belga 2024

Dockers in Antwerp held a solidarity meeting with the striking nurses.
© Belga 2024
"""


def test_workspace_boilerplate_patterns_remove_matching_lines(tmp_path: Path) -> None:
    write(tmp_path, "blurbs.txt", FOOTED)

    plain, _ = collect(tmp_path)
    cleaned, warnings = collect(tmp_path, boilerplate=[r"© belga \d{4}"])

    assert all("© Belga" in item.summary for item in plain)
    assert warnings == []
    assert [item.summary for item in cleaned] == [
        "Nurses in Ghent walked out on Monday, demanding more staff on every ward.",
        "Dockers in Antwerp held a solidarity meeting with the striking nurses.",
    ]


def test_a_boilerplate_pattern_copied_from_the_page_removes_that_line(tmp_path: Path) -> None:
    write(tmp_path, "blurbs.txt", FOOTED)

    items, _ = collect(tmp_path, boilerplate=[r"© Belga \d{4}"])

    assert not [item.title for item in items if "© Belga" in item.summary]


def test_an_invalid_boilerplate_regex_raises_option_error(tmp_path: Path) -> None:
    with pytest.raises(OptionError) as error:
        make_source(tmp_path, [], boilerplate=["(Subscribe to our newsletter"])

    assert error.value.key == "boilerplate"
    assert "not a valid regular expression" in str(error.value)


# Ids ---------------------------------------------------------------------------------------


def test_ids_are_the_same_from_one_run_to_the_next_and_differ_between_items(
    tmp_path: Path,
) -> None:
    for prefix in ("000", "001", "002"):
        copy_seed(tmp_path, prefix)
    write(tmp_path, "note.md", NOTE)

    first, _ = collect(tmp_path)
    second, _ = collect(tmp_path)

    ids = [item.id for item in first]
    assert len(ids) == 12 + 12 + 5 + 1
    assert [item.id for item in second] == ids
    assert len(set(ids)) == len(ids)


def test_an_items_id_survives_a_new_paragraph_above_it(tmp_path: Path) -> None:
    blurbs = write(tmp_path, "blurbs.txt", BLURBS)
    before, _ = collect(tmp_path)

    blurbs.write_text("Breaking: the port of Ghent is closed by a strike.\n\n" + BLURBS)
    after, _ = collect(tmp_path)

    assert len(after) == len(before) + 1
    assert [item.id for item in after[1:]] == [item.id for item in before]
    assert after[0].id not in {item.id for item in before}


def test_two_stories_with_the_same_opening_sentence_get_different_ids(tmp_path: Path) -> None:
    write(
        tmp_path,
        "blurbs.txt",
        "Strike update. Day three at the port of Antwerp, and the dockers hold firm.\n\n"
        "Strike update. Day four: management returns to the table after a week of pickets.\n",
    )

    items, _ = collect(tmp_path)

    assert len(items) == 2
    assert items[0].id != items[1].id


# Bounded reading: what an editor writes, or a stranger's file, costs that file at most -----

ALIAS_BOMB = (
    "---\n"
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
    "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
    "title: [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
    "---\n"
    "# Pickets at Jupille\n\nThe brewery workers hold the line.\n"
)
BLURB = "Dockers in Antwerp held a solidarity meeting on Wednesday.\n"


def test_front_matter_with_an_alias_bomb_is_refused_with_a_warning(tmp_path: Path) -> None:
    assert len(ALIAS_BOMB.split("---\n")[1]) < 500
    write(tmp_path, "bomb.md", ALIAS_BOMB)
    write(tmp_path, "other.txt", BLURB)

    items, warnings = collect(tmp_path)

    (warning,) = warnings
    assert warning.startswith("sources/bomb.md: front matter is not valid YAML")
    assert "aliases" in warning
    assert [item.title for item in items] == [
        "Pickets at Jupille",
        "Dockers in Antwerp held a solidarity meeting on Wednesday",
    ]


def test_even_one_alias_is_refused_the_rest_of_the_file_still_counts(tmp_path: Path) -> None:
    write(tmp_path, "note.md", "---\ntitle: &t Pickets at Jupille\nsummary: *t\n---\nDay three.\n")

    (item,), warnings = collect(tmp_path)

    assert len(warnings) == 1 and "aliases (*name) are not allowed" in warnings[0]
    assert item.summary == "Day three."


@pytest.mark.parametrize(
    "front_matter",
    [
        pytest.param("title: " + "[" * 5000 + "]" * 5000, id="nested-lists"),
        pytest.param("title:\n" + "".join(" " * n + f"k{n}:\n" for n in range(1, 400)), id="maps"),
        pytest.param("title: " + "x" * 70_000, id="too-long"),
    ],
)
def test_deep_or_huge_front_matter_costs_that_file_only(tmp_path: Path, front_matter: str) -> None:
    write(tmp_path, "deep.md", f"---\n{front_matter}\n---\n# Pickets at Jupille\n\nDay three.\n")
    write(tmp_path, "other.txt", BLURB)

    items, warnings = collect(tmp_path)

    assert len(warnings) == 1
    assert warnings[0].startswith("sources/deep.md: front matter")
    assert [item.title for item in items] == [
        "Pickets at Jupille",
        "Dockers in Antwerp held a solidarity meeting on Wednesday",
    ]


def test_a_file_name_that_is_not_utf8_costs_nothing_and_is_shown_escaped(tmp_path: Path) -> None:
    import os

    write(tmp_path, "a-first.txt", BLURB)
    (tmp_path / "sources").mkdir(exist_ok=True)
    name = os.path.join(os.fsencode(tmp_path / "sources"), b"caf\xe9-note.md")
    with open(name, "wb") as file:
        file.write(b"# Nurses walk out in Ghent\n\nThey demand more staff on every ward.\n")
    write(tmp_path, "z-last.md", "# Pickets at Jupille\n\nThe brewery workers hold the line.\n")

    items, warnings = collect(tmp_path)

    assert warnings == []
    assert [item.title for item in items] == [
        "Dockers in Antwerp held a solidarity meeting on Wednesday",
        "Nurses walk out in Ghent",
        "Pickets at Jupille",
    ]
    assert items[1].origin == "sources/caf\\xe9-note.md"
    items[1].origin.encode("utf-8")  # printable, storable


def test_escape_sequences_in_a_file_name_are_shown_escaped(tmp_path: Path) -> None:
    write(tmp_path, "evil\x1b[2J\x1b]0;owned\x07.txt", b"\x00\x01\x02 binary")

    _, warnings = collect(tmp_path)

    (warning,) = warnings
    assert "\x1b" not in warning and "\x07" not in warning
    assert warning.startswith("sources/evil\\x1b[2J\\x1b]0;owned\\x07.txt: cannot be read")


@pytest.mark.parametrize(
    "unit",
    [pytest.param("*a ", id="stars"), pytest.param("`a ", id="backticks"), "__a", "[a](", "_a "],
)
def test_markdown_that_once_took_a_minute_is_read_whole(tmp_path: Path, unit: str) -> None:
    write(tmp_path, "long.md", "# A long note\n\n" + unit * 50_000 + "\n")

    with finishes_within(30):  # the regexes before markdown-it took 59 s on the first
        (item,), warnings = collect(tmp_path)

    assert warnings == []
    assert item.summary.count("a") == 50_000  # every word is there, its marks taken off


def test_a_folder_as_paths_warns_with_the_patterns_and_how_to_write_them(tmp_path: Path) -> None:
    from letterpress.collect import ConfiguredSource
    from letterpress.collect import collect as collect_stage
    from letterpress.models import Report
    from letterpress.plugins import PluginOrigin

    write(tmp_path, "note.md", "# Pickets at Jupille\n\nThe brewery workers hold the line.\n")
    report = Report()
    source = make_source(tmp_path, report.warnings, paths="sources")
    origin = PluginOrigin("letterpress.builtins.text_source", "built-in", "x")

    items = collect_stage([ConfiguredSource(source, origin)], report)

    assert items == []
    (warning,) = report.warnings
    assert warning.startswith("source 'notes' (text) yielded no items: no file matches")
    assert "paths = ['sources']" in warning
    assert "'sources' is a folder: write 'sources/**/*.md'" in warning


def test_an_issue_with_no_items_says_so_and_strict_fails(tmp_path: Path) -> None:
    from letterpress.testing import compile_workspace, make_workspace

    workspace = make_workspace(
        tmp_path / "news",
        config='[sources.notes]\ntype = "text"\npaths = "sources"\n',
        files={"sources/note.md": "# Pickets at Jupille\n\nThe brewery workers hold the line.\n"},
    )

    result = compile_workspace(workspace)

    assert result.exit_code == 0, result.output
    assert "source 'notes' (text) yielded no items: no file matches" in result.stderr
    assert "issue 1 has no items" in result.stderr
    assert compile_workspace(workspace, 1, "--strict").exit_code == 1


def test_a_markdown_note_over_a_megabyte_is_skipped_with_a_warning(tmp_path: Path) -> None:
    write(tmp_path, "huge.md", "# A book\n\n" + "![a](" * 250_000)
    write(tmp_path, "other.txt", BLURB)

    with finishes_within(30):  # read whole, this input would take about half a minute
        items, warnings = collect(tmp_path)

    assert warnings == ["sources/huge.md: skipped, larger than 1,000,000 bytes"]
    assert [item.title for item in items] == [
        "Dockers in Antwerp held a solidarity meeting on Wednesday"
    ]
