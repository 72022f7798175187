"""How long letterpress takes, as a user sees it: whole processes, start to finish.

Run it from the repository root:

    .venv/bin/python bench/compile_time.py            # 11 runs of each command
    .venv/bin/python bench/compile_time.py --runs 25

It times three commands, each run as a new process of the installed ``letterpress`` console
script (the one next to ``sys.executable``):

1. ``letterpress compile --issue 12`` on a copy of the sample workspace (this repository's
   letterpress.toml, sources/, issues/, templates/ and plugins/);
2. the same on a generated workspace of 1,000 text items: 10 files of 100 headline and
   standfirst pairs on the sample's themes (health, Palestine, labour, elections) and on
   others that fit no section, the same text on every run (``random.Random(SEED)``);
3. ``letterpress --help``.

Every run is cold in the sense that matters to a user: a new interpreter that imports
everything and loads the plugins again. Python's bytecode caches (__pycache__) stay warm, as
they are on any machine after the first run; one untimed run of each command warms them and
checks that the command works. The script prints the median, min and max of each command in
milliseconds, and whether each median meets its target. It uses the standard library only and
writes nothing outside a temporary folder.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from _common import copy_sample, machine, runs_parser, user_environment

SAMPLE = Path(__file__).resolve().parent.parent
ISSUE = 12
OUTPUTS = ("email.html", "email.txt", "issue.json")
SEED = 20240620
FILES = 10
ITEMS_PER_FILE = 100
TARGETS_MS = {"sample": 300.0, "help": 150.0}
_CACHES = shutil.ignore_patterns("__pycache__")


# The generated workspace ---------------------------------------------------------------------

CONFIG = """\
# A generated newsletter for bench/compile_time.py: {items:,} items in {files} text files.

[newsletter]
name = "Solidarity Bulletin"
language = "en"
unsectioned = "brief"
unsectioned_title = "In brief"
url = "https://bulletin.example.org/"

[sources.notes]
type = "text"
paths = ["sources/**/*.txt", "sources/**/*.md"]

[sections.health]
[sections.palestine]
[sections.labour]
[sections.elections]
"""

ISSUE_SETTINGS = '''\
title = "A busy fortnight"
date = 2024-06-20
intro = """
A thousand stories from our partners, for the benchmark: care, Gaza, strikes and votes.
"""
'''

# Words any theme may use. Cities are real; every group, firm and person is made up.
COMMON: dict[str, tuple[str, ...]] = {
    "place": (
        "Antwerp", "Ghent", "Liège", "Charleroi", "Brussels", "Namur", "Leuven", "Mons",
        "Bruges", "Hasselt", "Mechelen", "Kortrijk", "Ostend", "Seraing", "La Louvière",
        "Genk", "Aalst", "Verviers", "Molenbeek", "Schaerbeek", "Anderlecht", "Deurne",
        "Rotterdam", "Lille", "Cologne", "Maastricht",
    ),
    "month": (
        "January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December",
    ),
    "weekday": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "first": (
        "Sarah", "Karim", "Lotte", "Youssef", "Marie", "Tom", "Ines", "Jonas", "Fatima",
        "Lucas", "Nora", "Bram", "Amina", "Pieter", "Chloé", "Rania", "Wout", "Elif", "Hugo",
        "Mireille", "Samir", "Griet", "Dimitri", "Leila",
    ),
    "last": (
        "Janssens", "El Idrissi", "Peeters", "Benali", "Dubois", "Claes", "Maes", "Willems",
        "Aït Saïd", "Lambert", "Jacobs", "De Smet", "Diallo", "Wouters", "Renard", "Yilmaz",
        "Goossens", "Mertens", "Lemaire", "Haddad", "Verbeke", "Nkosi", "Dupont", "Vermeulen",
    ),
}  # fmt: skip


@dataclass(frozen=True)
class Story:
    """A headline template and the standfirst openings that go with it."""

    headline: str
    leads: tuple[str, ...]


@dataclass(frozen=True)
class Theme:
    """Stories of one kind, the sentences that may follow any of them, and their words."""

    name: str
    weight: float
    stories: tuple[Story, ...]
    follows: tuple[str, ...]
    words: dict[str, tuple[str, ...]]


THEMES = (
    Theme(
        name="health",
        weight=0.22,
        stories=(
            Story(
                "{org} opens a new health centre in {place}",
                (
                    "The centre in {place} expects to see {big:,} patients a year, many of "
                    "whom went without care because a consultation cost too much.",
                    "After {weeks} weeks of building work in {place}, the centre's {small} "
                    "doctors and nurses saw their first patients on {weekday}.",
                ),
            ),
            Story(
                "Waiting lists for mental health care grow longer in {place}",
                (
                    "The wait for a first appointment with a psychologist in {place} is now "
                    "{weeks} weeks, according to figures gathered by {org}.",
                    "{org} counted {big:,} people in {place} waiting for mental health care "
                    "in {month}, {pct}% more than a year before.",
                ),
            ),
            Story(
                "Patients in {place} pay {pct}% more for {drug} than two years ago",
                (
                    "A report by {org} shows that the price of {drug} in {place} has risen "
                    "every year since the patent holder raised it in {month}.",
                    "{person}, a pharmacist in {place}, sees {small} patients a week who "
                    "leave without {drug} because they cannot pay for it.",
                ),
            ),
            Story(
                "{org} calls for a public pharmaceutical company",
                (
                    "Meeting in {place} on {weekday}, {org} asked the government to produce "
                    "{drug} and other generic medicines in a public company.",
                    "{org} says a public producer could have saved {millions} million euros "
                    "on {drug} alone since {month} of last year.",
                ),
            ),
            Story(
                "Hospital in {place} to close its maternity ward in {month}",
                (
                    "The hospital board in {place} wants to move {small} beds to {place2}, "
                    "leaving the town without a maternity ward from {month}.",
                    "Nurses learnt on {weekday} that the maternity ward in {place} will "
                    "close, {weeks} weeks after the board promised to keep it open.",
                ),
            ),
            Story(
                "General practitioners in {place} warn of a shortage of doctors",
                (
                    "{pct}% of the general practitioners in {place} will retire within "
                    "{years} years, and {big:,} patients already have no family doctor.",
                    "{person}, a general practitioner in {place} for {years} years, now "
                    "turns away {small} new patients a month.",
                ),
            ),
            Story(
                "Nurses in {place} say understaffed night shifts put patients at risk",
                (
                    "One nurse looks after {small} patients on a night shift in {place}, "
                    "says {person}, who has worked at the hospital for {years} years.",
                    "{org} gathered {big:,} signatures in {place} for a legal limit on the "
                    "number of patients a nurse may look after.",
                ),
            ),
        ),
        follows=(
            '"Care is a right, not a product," says {person}, a general practitioner '
            "in {place2}.",
            "{person} wants the region to fund {big:,} more consultations in {place2} "
            "by {month}.",
            "{org} will present its findings to the health committee of parliament on "
            "{weekday} {day} {month}.",
            "Patients' groups in {place2} say {big:,} residents now live more than "
            "{small} minutes from the nearest hospital.",
            "A petition for free primary care has gathered {big:,} signatures in "
            "{place2}, {person} told the bulletin on {weekday}.",
            "Health workers from {place2} will join a national day of action on {weekday} "
            "{day} {month}.",
        ),
        words={
            "org": (
                "Medics for the People", "the Community Health Network",
                "the Patients' Platform", "the Young Doctors' Collective",
                "the Nurses' Action Group", "the Public Health Observatory",
                "the Neighbourhood Health Council", "the Mental Health Alliance",
            ),
            "drug": (
                "insulin", "asthma inhalers", "a hepatitis C treatment",
                "a breast cancer drug", "antidepressants", "children's antibiotics",
            ),
        },
    ),
    Theme(
        name="palestine",
        weight=0.2,
        stories=(
            Story(
                "{big:,} march in {place} for an immediate ceasefire in Gaza",
                (
                    "The march left the station in {place} on {weekday} and had grown to "
                    "{big:,} people by the time it reached the city hall.",
                    "{group} led the march through {place} on {weekday} {day} {month}, "
                    "with {small} buses from {place2}.",
                ),
            ),
            Story(
                "Students in {place} set up a camp in solidarity with Palestine",
                (
                    "{person}, who organised the camp in {place}, says the {small} students "
                    "will stay until their university cuts its ties with Israeli institutions.",
                    "The camp on the campus in {place} has grown to {small} tents since "
                    "{weekday}, with support from {group}.",
                ),
            ),
            Story(
                "Dockers in {port} refuse to load arms bound for Israel",
                (
                    "Dockers in {port} said on {weekday} that they would check every "
                    "container bound for Israel, after {group} named {small} shipments.",
                    "{person}, who has worked in the port of {port} for {years} years, says "
                    "no one there wants to load weapons for the war on Gaza.",
                ),
            ),
            Story(
                "Palestinian surgeon describes the destruction of Gaza's hospitals in {place}",
                (
                    "Speaking in {place} on {weekday}, the surgeon from Gaza described "
                    "operating without anaesthetic for {weeks} weeks in a hospital with no power.",
                    "{small} people came to hear the surgeon from Gaza in {place}, at an "
                    "evening organised by {group}.",
                ),
            ),
            Story(
                "Call for a military embargo on Israel gathers {big:,} signatures",
                (
                    "The appeal, signed by {big:,} people and {small} organisations, asks "
                    "the government to stop every arms transfer to Israel.",
                    "{group} handed the appeal for a military embargo to the parliament on "
                    "{weekday} {day} {month}.",
                ),
            ),
            Story(
                "Artists in {place} raise funds for families in the West Bank",
                (
                    "An auction of {small} works by artists from {place} raised money for "
                    "families whose homes in the West Bank were demolished in {month}.",
                    "{person}, a painter from {place}, gave {small} prints to the sale "
                    "organised by {group}.",
                ),
            ),
            Story(
                "{place} city council ends a contract with a firm that builds in the settlements",
                (
                    "{group} in {place} spent {weeks} weeks persuading the council to drop a "
                    "firm that builds roads for the settlements.",
                    "The council in {place} voted {small} to {seats} on {weekday} to end a "
                    "contract with a builder active in the occupied West Bank.",
                ),
            ),
        ),
        follows=(
            '"We will not be silent while Gaza is starved," {person} told a crowd in {place2}.',
            "{group} wants the government to back South Africa's case at the International "
            "Court of Justice, {person} says.",
            "{group} will hold a vigil for the children of Gaza in {place2} on {weekday} "
            "{day} {month}.",
            "{person} of {group} says the occupation of the West Bank must end before "
            "any talk of peace can begin.",
            "The {big:,} euros raised will go to a Palestinian relief committee, "
            "{person} told the bulletin.",
            "A similar action is planned in {place2} in {month}, with {small} groups "
            "already signed up.",
        ),
        words={
            "group": (
                "the Palestine Solidarity Committee", "Students for Palestine",
                "the Ceasefire Now coalition", "the Gaza Relief Network",
                "Jewish Voices for Peace", "the Boycott Israeli Apartheid group",
            ),
            "port": ("Antwerp", "Ghent", "Zeebrugge", "Rotterdam", "Liège"),
        },
    ),
    Theme(
        name="labour",
        weight=0.2,
        stories=(
            Story(
                "Workers at the {company} plant in {place} strike for a {pct}% wage rise",
                (
                    "The strike at {company} in {place} began on {weekday} after management "
                    "refused to index wages for the {ordinal} year running.",
                    "{small} workers at {company} in {place} stopped the lines on {weekday}; "
                    "they have had no rise since {month} of last year.",
                ),
            ),
            Story(
                "Unions in {place} hold a day of action against cuts to pensions",
                (
                    "{big:,} workers in {place} stopped work on {weekday} to defend the "
                    "pension age and the right to retire after a full career.",
                    "{union} brought {big:,} people to the streets of {place} on {weekday} "
                    "{day} {month} against the pension reform.",
                ),
            ),
            Story(
                "{small} jobs at risk as {company} plans to close its {place} site",
                (
                    "{company} told its staff in {place} that the site will close by "
                    "{month}, though it made a profit of {millions} million euros last year.",
                    "{person} has worked at {company} in {place} for {years} years and "
                    "learnt of the closure from the radio on {weekday}.",
                ),
            ),
            Story(
                "Cleaners at {place} station win their first collective agreement",
                (
                    "After {weeks} weeks of talks, the cleaners at {place} station signed an "
                    "agreement that raises their hourly wage by {pct}%.",
                    "{small} cleaners at {place} station will be paid for travel between "
                    "sites from {month}, under the agreement {union} signed on {weekday}.",
                ),
            ),
            Story(
                "Delivery riders in {place} demand to be recognised as employees",
                (
                    "{small} riders for a delivery platform in {place} met on {weekday} to "
                    "form their own section of {union}.",
                    "{person}, who has delivered meals in {place} for {years} years, earns "
                    "less than the minimum wage once the bike is paid for.",
                ),
            ),
            Story(
                "Picket lines at {company} in {place} enter their {ordinal} week",
                (
                    "The pickets at {company} have kept the gates of the {place} plant "
                    "closed since {weekday} {day} {month}.",
                    "{small} workers take turns on the picket line at {company} in {place}, "
                    "{person} of {union} says.",
                ),
            ),
            Story(
                "Dismissed union delegate at {company} in {place} wins the case in court",
                (
                    "The labour court in {place} ruled on {weekday} that {company} dismissed "
                    "{person} for work as a union delegate.",
                    "{person} was dismissed by {company} in {month}, {weeks} weeks after being "
                    "elected union delegate in {place}.",
                ),
            ),
        ),
        follows=(
            '"We make the profits, we want our share," says {person}, a shop steward '
            "from {place2}.",
            "{union} says it will call a strike across the sector if talks fail again "
            "before {month}.",
            "{person} of {union} wants a plan that keeps all {small} jobs, not a "
            "redundancy scheme.",
            "Workers from {place2} brought soup and coffee to the picket line on "
            "{weekday} {day} {month}.",
            "{union} will hold a meeting for all {small} workers in {place2} on {weekday}.",
            "The agreement covers {big:,} workers and will be renegotiated in {month}, "
            "{person} says.",
        ),
        words={
            "company": (
                "Meuse Steel", "Brabant Brewing", "Scheldt Logistics", "Ardennes Glass",
                "Flanders Foods", "Sambre Metalworks", "Nordport Containers",
                "Eastline Buses", "Lys Textiles", "Campine Chemicals",
            ),
            "union": (
                "the general union", "the transport union", "the metalworkers' union",
                "the food workers' union", "the cleaners' union", "the white-collar union",
            ),
        },
    ),
    Theme(
        name="elections",
        weight=0.18,
        stories=(
            Story(
                "{party} wins {seats} seats on the {place} municipal council",
                (
                    "With {pct}% of the votes counted in {place}, {party} has doubled its "
                    "score and will hold {seats} seats on the new council.",
                    "{person} will lead {party} on the council of {place}, after a count "
                    "that lasted until {weekday} morning.",
                ),
            ),
            Story(
                "Turnout falls to {pct}% in the {place} local elections",
                (
                    "Only {pct}% of registered voters in {place} cast a ballot on {weekday}, "
                    "the lowest turnout since voting stopped being compulsory.",
                    "{big:,} voters in {place} stayed at home on {weekday}, {small} more "
                    "polling stations than last time reported queues.",
                ),
            ),
            Story(
                "{party} presents its election manifesto in {place}",
                (
                    "{person}, who heads the list of {party} in {place}, says the manifesto "
                    "puts housing and public services first.",
                    "{party} presented its manifesto to {small} supporters in {place} on "
                    "{weekday} {day} {month}.",
                ),
            ),
            Story(
                "Polls show the far right gaining ground in {place} ahead of the {month} vote",
                (
                    "A poll of {big:,} voters published on {weekday} puts the far right "
                    "{seats} points ahead in {place} and its suburbs.",
                    "{person}, a candidate in {place}, says the far right gains where public "
                    "services have closed, as {small} have in {years} years.",
                ),
            ),
            Story(
                "Voters in {place} back a referendum on the price of public transport",
                (
                    "The electoral commission in {place} has counted {big:,} ballots in "
                    "favour of a referendum on bus and tram fares.",
                    "{pct}% of voters in {place} want free buses and trams, a referendum "
                    "organised by {person} and {small} volunteers shows.",
                ),
            ),
            Story(
                "Candidates in {place} debate rents and wages a week before the election",
                (
                    "{small} people came to the debate in {place} on {weekday} to question "
                    "candidates from {seats} parties about rents and wages.",
                    "{person} of {party} told the debate in {place} that rents have risen by "
                    "{pct}% in {years} years.",
                ),
            ),
        ),
        follows=(
            '"People voted for change they can feel at the end of the month," says '
            "{person} in {place2}.",
            "{party} will decide on {weekday} whether to join a coalition in {place2} or "
            "stay in opposition.",
            "Volunteers for {party} knocked on {big:,} doors in {place2} in the last "
            "week of the campaign.",
            "The results will be confirmed by the electoral office on {weekday} {day} "
            "{month}, {person} says.",
            "{person}, a candidate for {party} in {place2}, says the campaign was fought "
            "on rents, pensions and the cost of living.",
        ),
        words={
            "party": (
                "the Workers' Party", "the Green Party", "the Socialist Party",
                "the Left Alliance", "a citizens' list", "the Christian Democratic Party",
                "the Liberal Party", "the Pirate Party",
            ),
        },
    ),
    Theme(  # Stories that fit no section: they go to "In brief".
        name="none",
        weight=0.2,
        stories=(
            Story(
                "Tenants in {place} form an association against rising rents",
                (
                    "Rents in {place} have risen by {pct}% in {years} years, and {big:,} "
                    "families now spend more than half their income on housing.",
                    "{small} tenants of the same landlord in {place} met on {weekday} and "
                    "chose {person} to speak for them.",
                ),
            ),
            Story(
                "Climate activists cycle from {place} to {place2} to demand cleaner air",
                (
                    "About {big:,} cyclists left {place} on {weekday} morning and reached "
                    "{place2} before dark, stopping in every village on the way.",
                    "{person} rode from {place} to {place2} with {small} friends to ask for "
                    "safe cycle lanes and fewer cars in the town centre.",
                ),
            ),
            Story(
                "A community library opens in a former bank in {place}",
                (
                    "The library in {place} lends books, tools and board games, and has "
                    "signed up {big:,} readers since {month}, {person} explains.",
                    "{small} volunteers turned the old bank in {place} into a reading room "
                    "in {weeks} weeks of weekends.",
                ),
            ),
            Story(
                "Farmers and families in {place} start a cooperative market",
                (
                    "The market brings together {small} farms from around {place} and sells "
                    "at prices set with the families who shop there.",
                    "{person}, who grows vegetables near {place}, now sells {pct}% of the "
                    "harvest at the cooperative market every {weekday}.",
                ),
            ),
            Story(
                "Women's rights groups in {place} march against femicide on {day} {month}",
                (
                    "{big:,} women marched through {place} on {weekday} to remember the "
                    "victims of femicide and to demand safe shelters in every town.",
                    "{person} read out the names of {small} women killed this year, at the "
                    "end of the march in {place}.",
                ),
            ),
            Story(
                "Neighbourhood choir of {place} celebrates its {years}th birthday",
                (
                    "The choir started in a café in {place} with {small} singers and now has "
                    "members of {seats} nationalities.",
                    "{person} has led the choir of {place} since {month} and chose {seats} "
                    "songs for the birthday concert on {weekday}.",
                ),
            ),
            Story(
                "Residents of {place} save their local swimming pool from demolition",
                (
                    "{big:,} residents of {place} signed against the plan to pull down the "
                    "pool, which the city council dropped on {weekday}.",
                    "The pool in {place} will reopen in {month} after {weeks} weeks of "
                    "repairs paid for by the city, {person} says.",
                ),
            ),
        ),
        follows=(
            "{person}, who lives in {place2}, says the next step is a register of empty "
            "buildings.",
            'The organisers will meet again on {weekday} {day} {month}. "Everyone is '
            'welcome," says {person}.',
            "{person} hopes that {place2} will follow the example before {month}.",
            "A petition to the city council of {place2} has already gathered {big:,} names.",
            "The next gathering is planned in {place2} on {weekday} {day} {month}, with "
            "music and a shared meal.",
        ),
        words={},
    ),
)  # fmt: skip

# Two standfirsts sharing this much of their three-word shingles would be merged as one story.
MAX_OVERLAP = 0.4
MAX_TRIES = 1000


def _fill(template: str, values: dict[str, object]) -> str:
    text = template.format(**values)
    return text[0].upper() + text[1:]


def _values(
    rng: random.Random, words: dict[str, tuple[str, ...]], place: str | None = None
) -> dict[str, object]:
    """Words and numbers for a sentence's slots; ``place`` stays, ``place2`` is another."""
    place = place or rng.choice(COMMON["place"])
    values: dict[str, object] = {
        "place": place,
        "place2": rng.choice([p for p in COMMON["place"] if p != place]),
        "month": rng.choice(COMMON["month"]),
        "weekday": rng.choice(COMMON["weekday"]),
        "day": rng.randint(1, 28),
        "person": f"{rng.choice(COMMON['first'])} {rng.choice(COMMON['last'])}",
        "big": rng.randint(12, 450) * 100,
        "small": rng.randint(12, 480),
        "pct": rng.randint(3, 64),
        "years": rng.randint(5, 40),
        "weeks": rng.randint(3, 30),
        "seats": rng.randint(2, 11),
        "millions": rng.randint(12, 900),
        "ordinal": rng.choice(("second", "third", "fourth", "fifth", "sixth")),
    }
    values.update({key: rng.choice(choices) for key, choices in words.items()})
    return values


def _shingles(text: str) -> set[str]:
    """Three-word shingles, as letterpress's duplicate check counts them (near enough)."""
    words = re.findall(r"\w+", text.casefold())
    return {" ".join(words[i : i + 3]) for i in range(len(words) - 2)}


def _draw(rng: random.Random, theme: Theme) -> tuple[str, str]:
    """One headline and standfirst of ``theme``: a story's lead, then another sentence."""
    story = rng.choice(theme.stories)
    values = _values(rng, theme.words)
    lead = _fill(rng.choice(story.leads), values)
    # The same place and organisations; other people, days and numbers.
    later = _values(rng, {}, place=str(values["place"]))
    later.update({key: values[key] for key in theme.words})
    return _fill(story.headline, values), f"{lead} {_fill(rng.choice(theme.follows), later)}"


def generate_items(count: int, seed: int = SEED) -> list[tuple[str, str]]:
    """``count`` distinct (headline, standfirst) pairs, the same ones for the same seed.

    Each item's theme is drawn by the themes' weights; a story whose headline was used
    already, or whose standfirst shares more than MAX_OVERLAP of its shingles with an
    earlier one, is drawn again from the same theme.
    """
    rng = random.Random(seed)
    weights = [theme.weight for theme in THEMES]
    items: list[tuple[str, str]] = []
    headlines: set[str] = set()
    kept: list[set[str]] = []
    index: defaultdict[str, list[int]] = defaultdict(list)
    while len(items) < count:
        theme = rng.choices(THEMES, weights)[0]
        for _ in range(MAX_TRIES):
            headline, standfirst = _draw(rng, theme)
            shingles = _shingles(standfirst)
            shared = Counter(n for s in shingles for n in index.get(s, ()))
            if headline.casefold() not in headlines and all(
                n / len(shingles | kept[i]) <= MAX_OVERLAP for i, n in shared.items()
            ):
                break
        else:
            raise RuntimeError(f"{theme.name}: no new story in {MAX_TRIES} tries; add words")
        headlines.add(headline.casefold())
        for shingle in shingles:
            index[shingle].append(len(kept))
        kept.append(shingles)
        items.append((headline, standfirst))
    return items


def write_generated_workspace(root: Path, files: int, per_file: int) -> None:
    """A workspace like the sample, with ``files`` text files of ``per_file`` pairs each."""
    items = generate_items(files * per_file)
    (root / "sources").mkdir(parents=True)
    for n in range(files):
        chunk = items[n * per_file : (n + 1) * per_file]
        text = "\n\n".join(f"{headline}\n\n{standfirst}" for headline, standfirst in chunk)
        (root / "sources" / f"{n:03d}_generated.txt").write_text(text + "\n", encoding="utf-8")
    (root / "letterpress.toml").write_text(
        CONFIG.format(items=files * per_file, files=files), encoding="utf-8"
    )
    (root / "issues").mkdir()
    (root / "issues" / f"{ISSUE}.toml").write_text(ISSUE_SETTINGS, encoding="utf-8")
    # The sample's templates and plugins, so that only the sources differ from the sample.
    for part in ("templates", "plugins"):
        if (SAMPLE / part).is_dir():
            shutil.copytree(SAMPLE / part, root / part, ignore=_CACHES)


# Timing --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Timing:
    label: str
    runs_ms: list[float]
    target_ms: float | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.runs_ms)

    def row(self) -> str:
        figures = f"{self.median:8.1f} {min(self.runs_ms):8.1f} {max(self.runs_ms):8.1f}"
        if self.target_ms is None:
            verdict = f"{'(none)':>9}"
        else:
            met = "OK" if self.median < self.target_ms else "MISSED"
            verdict = f"< {self.target_ms:4.0f} ms  {met}"
        return f"{self.label:<28} {figures}  {verdict}"


def run(command: Sequence[str | Path], cwd: Path) -> None:
    result = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=user_environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        shown = " ".join(str(part) for part in command)
        sys.exit(f"error: `{shown}` exited with {result.returncode}:\n{result.stderr}")


def time_runs(
    command: Sequence[str | Path], cwd: Path, runs: int, clean: Path | None
) -> list[float]:
    """Wall-clock milliseconds of ``runs`` runs, each a new process; ``clean`` is emptied first."""
    times = []
    for _ in range(runs):
        if clean is not None:
            shutil.rmtree(clean, ignore_errors=True)
        start = time.perf_counter()
        run(command, cwd)
        times.append((time.perf_counter() - start) * 1000)
    return times


def time_compile(
    letterpress: Path, workspace: Path, label: str, runs: int, target_ms: float | None
) -> tuple[Timing, str]:
    """Warm up once, check the outputs, then time; also say how many items the issue holds."""
    out = workspace / "build"
    command: list[str | Path] = [letterpress, "compile", "--issue", str(ISSUE)]
    command += ["--workspace", workspace, "--out", out]
    run(command, workspace)
    folder = out / f"issue-{ISSUE}"
    missing = [name for name in OUTPUTS if not (folder / name).is_file()]
    if missing:
        sys.exit(f"error: {label}: the compile wrote no {', '.join(missing)} in {folder}")
    timing = Timing(label, time_runs(command, workspace, runs, clean=out), target_ms)
    return timing, describe_issue(folder / "issue.json")


def describe_issue(path: Path) -> str:
    issue = json.loads(path.read_text(encoding="utf-8"))
    counts = [(s["title"], len(s["items"])) for s in issue["sections"]]
    counts.append(("In brief", len(issue["unsectioned"])))
    total = sum(n for _, n in counts)
    return f"{total:,} items: " + ", ".join(f"{title} {n}" for title, n in counts)


def find_letterpress() -> Path:
    found = shutil.which("letterpress", path=str(Path(sys.executable).parent))
    if found is None:
        sys.exit(f"error: no letterpress console script next to {sys.executable}")
    return Path(found)


def main(argv: Sequence[str] | None = None) -> None:
    description = __doc__.splitlines()[0] if __doc__ else None
    args = runs_parser(description, 11, "command").parse_args(argv)
    letterpress = find_letterpress()
    items = FILES * ITEMS_PER_FILE

    print(machine())
    print(f"letterpress: {letterpress}")
    print(
        f"{args.runs} timed runs of each command, after one untimed run that checks it works.\n"
        "Every run is a new process (cold: interpreter start, imports and plugin loading\n"
        "included); Python's bytecode caches (__pycache__) stay warm between runs.\n"
    )

    with tempfile.TemporaryDirectory(prefix="letterpress-bench-") as tmp:
        sample, generated = Path(tmp) / "sample", Path(tmp) / "generated"
        copy_sample(sample)
        write_generated_workspace(generated, FILES, ITEMS_PER_FILE)
        sample_timing, sample_issue = time_compile(
            letterpress, sample, f"compile sample (issue {ISSUE})", args.runs, TARGETS_MS["sample"]
        )
        generated_timing, generated_issue = time_compile(
            letterpress, generated, f"compile {items:,} text items", args.runs, None
        )
        run([letterpress, "--help"], Path(tmp))
        help_timing = Timing(
            "letterpress --help",
            time_runs([letterpress, "--help"], Path(tmp), args.runs, clean=None),
            TARGETS_MS["help"],
        )

    print(f"{'command':<28} {'median':>8} {'min':>8} {'max':>8}  target (of the median)")
    print(f"{'':<28} {'ms':>8} {'ms':>8} {'ms':>8}")
    for timing in (sample_timing, generated_timing, help_timing):
        print(timing.row())
    print()
    print(f"sample issue:    {sample_issue}")
    print(f"generated issue: {generated_issue}")
    print(f"                 ({FILES} files of {ITEMS_PER_FILE} headline and standfirst pairs)")


if __name__ == "__main__":
    main()
