"""Sorting items into sections: the right section in three languages, and the classic traps."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from letterpress.builtins.elections import ElectionsSection
from letterpress.builtins.health import HealthSection
from letterpress.builtins.labour import LabourSection
from letterpress.builtins.palestine import PalestineSection
from letterpress.models import Item, Report
from letterpress.options import OptionError
from letterpress.scoring import KeywordSection, SectionType
from letterpress.sectioning import assign_sections

SECTIONS: list[SectionType] = [
    HealthSection("health", {}),
    PalestineSection("palestine", {}),
    LabourSection("labour", {}),
    ElectionsSection("elections", {}),
]


def section_of(title: str, summary: str = "", sections: list[SectionType] = SECTIONS) -> str:
    item = Item(id="x", title=title, summary=summary, source="test")
    result = assign_sections([item], sections, Report())
    for name, items in result.placed.items():
        if items:
            return name
    return "none"


@pytest.mark.parametrize(
    ("title", "summary", "expected"),
    [
        # English, Dutch and French, one story each.
        ("Dockers walk out", "The union called a 24-hour strike over wages.", "labour"),
        ("Staking bij De Lijn", "De vakbonden leggen het werk neer voor betere lonen.", "labour"),
        ("Grève générale", "Les syndicats appellent à la grève contre la réforme.", "labour"),
        ("Nurses short-staffed", "Hospital patients wait hours for a doctor.", "health"),
        (
            "Wachtlijsten in ziekenhuizen",
            "Huisartsen waarschuwen voor de gezondheidszorg.",
            "health",
        ),
        ("Soins de santé", "Les médecins et infirmières de l'hôpital manifestent.", "health"),
        ("Ceasefire now", "Thousands march for Gaza and an end to the occupation.", "palestine"),
        ("Solidariteit met Palestina", "Een staakt-het-vuren in Gaza, nu.", "palestine"),
        (
            "Municipal elections",
            "Voters go to the polls on Sunday; the campaign ends.",
            "elections",
        ),
        ("Verkiezingen in oktober", "De kiezers kiezen een nieuwe gemeenteraad.", "elections"),
        (
            "Élections communales",
            "Le scrutin a lieu dimanche, les candidats sont prêts.",
            "elections",
        ),
    ],
)
def test_stories_land_in_their_section_in_three_languages(
    title: str, summary: str, expected: str
) -> None:
    assert section_of(title, summary) == expected


@pytest.mark.parametrize(
    ("title", "summary", "not_expected"),
    [
        ("Israeli military strikes hit Rafah", "Air strikes on Gaza killed dozens.", "labour"),
        ("Drone strike kills three", "The airstrike hit a refugee camp.", "labour"),
        ("The economic health of the eurozone", "Growth and financial health improve.", "health"),
        ("Santé économique de la Belgique", "La santé financière des entreprises.", "health"),
        ("Party congress elects a new president", "The party congress met on Sunday.", "elections"),
        (
            "Workers' Party backs new rail plan",
            "The Workers' Party of Belgium presented it.",
            "labour",
        ),
        ("European Union budget talks", "The European Union meets in Brussels.", "labour"),
    ],
)
def test_classic_traps_do_not_fool_the_sections(
    title: str, summary: str, not_expected: str
) -> None:
    assert section_of(title, summary) != not_expected


def test_real_strike_news_still_counts_after_the_traps() -> None:
    assert section_of("Rail workers strike", "A military parade was cancelled.") == "labour"


def test_each_item_lands_in_exactly_one_section_the_best_scoring() -> None:
    # Both health and labour words; the health words are stronger and in the headline.
    title = "Hospital nurses and doctors demand care for patients"
    assert section_of(title, "Workers at the hospital.") == "health"


def test_an_item_below_every_threshold_fits_no_section() -> None:
    assert section_of("Thousands march for the planet", "A demonstration in Brussels.") == "none"


def test_a_keyword_section_needs_keywords_and_takes_weights() -> None:
    with pytest.raises(OptionError) as raised:
        KeywordSection("climate", {})
    assert raised.value.key == "keywords"
    climate = KeywordSection("climate", {"keywords": {"climate": 3, "weather": 1}})
    assert climate.score(Item("x", "Climate march", "", "t")).value >= climate.threshold
    assert climate.score(Item("x", "Weather report", "", "t")).value < climate.threshold


def test_keyword_section_takes_title_threshold_and_traps() -> None:
    section = KeywordSection(
        "sport",
        {"title": "Sport", "threshold": 5, "keywords": ["football"], "traps": ["table football"]},
    )
    assert section.title == "Sport" and section.threshold == 5
    assert section.score(Item("x", "Table football final", "", "t")).value == 0
    with pytest.raises(OptionError) as raised:
        KeywordSection("sport", {"keywords": ["x"], "treshold": 2})
    assert raised.value.key == "treshold"


def test_matched_words_explain_the_placement() -> None:
    item = Item(id="x", title="General strike", summary="Unions call a strike.", source="t")
    placed = assign_sections([item], SECTIONS, Report()).placed["labour"][0]
    assert placed.section == "labour"
    assert "strike*" in placed.placement and "union*" in placed.placement


def test_matches_stay_right_when_the_remembered_words_are_forgotten(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A long run forgets the words it has seen, to bound memory; what is found must not change.
    from letterpress import scoring

    texts = [
        "Dockers strike over wages as the union walks out",
        "Military strike on the port; an air strike follows",
        "Weather: rain and wind all week",
        "Staking bij De Lijn: vakbonden leggen het werk neer",
    ] * 3
    remembering = LabourSection("labour", {}).vocabulary
    expected = [remembering.found(text) for text in texts]
    assert expected[0][0] and expected[1][1] and expected[2] == ({}, ())
    monkeypatch.setattr(scoring, "_MAX_CACHED_WORDS", 2)
    forgetting = LabourSection("labour", {}).vocabulary
    assert [forgetting.found(text) for text in texts] == expected


def test_accents_capitals_and_curly_apostrophes_fold_to_the_words_keywords_are_written_in() -> None:
    from letterpress.scoring import words_of

    assert words_of("L’Hôpital : SANTÉ publique à l‘école, `grève` ﬁnale") == (
        "l", "hopital", "sante", "publique", "a", "l", "ecole", "greve", "finale",
    )  # fmt: skip
    health = KeywordSection("health", {"keywords": ["sante", "l'hopital"]})
    assert health.score(Item("x", "La santé à l’hôpital", "", "t")).matched == (
        "l'hopital",
        "sante",
    )


@settings(max_examples=400, deadline=None)
@given(
    st.text(
        alphabet=st.one_of(
            st.characters(max_codepoint=127),
            st.sampled_from("éÉàçøßıİΣς’‘`™№ﬁ²_-"),
            st.characters(),
        )
    )
)
def test_the_words_of_any_text_are_the_runs_of_word_characters_of_its_folded_form(
    text: str,
) -> None:
    # ASCII text takes a faster path than the regular expression; it must find the same
    # words, or the model would read a headline differently from how it was trained.
    from letterpress.scoring import fold, words_of

    assert words_of(text) == tuple(re.findall(r"\w+", fold(text)))


def test_digits_underscores_and_symbols_split_words_as_the_model_was_trained_to() -> None:
    from letterpress.scoring import words_of

    assert words_of("COVID-19: snake_case & 3.5% (No. 5) l'ONU") == (
        "covid", "19", "snake_case", "3", "5", "no", "5", "l", "onu",
    )  # fmt: skip


def test_every_term_of_the_built_in_vocabularies_is_found_where_it_is_written() -> None:
    # The matchers turn most words away by their first letters before looking further;
    # none of the vocabularies' own terms may be turned away (a stem's '*' written as 's').
    from letterpress.classify import built_in_vocabularies

    for name, vocabulary in built_in_vocabularies().items():
        missed = [
            term for term in vocabulary.terms if not vocabulary.positions(term.replace("*", "s"))
        ]
        assert not missed, f"{name}: {missed}"
