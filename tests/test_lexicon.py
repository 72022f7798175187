"""Topic lexicons: broad evidence the section model weighs, matched inside compounds."""

from __future__ import annotations

from pathlib import Path

import pytest

from letterpress import lexicon as lexicon_module
from letterpress import scoring
from letterpress.classify import Classifier
from letterpress.lexicon import (
    Lexicon,
    Lexicons,
    built_in_lexicons,
    lexicon_digest,
    lexicon_features,
)
from letterpress.models import Item
from letterpress.section_model import built_in_model


def test_an_entry_matches_inside_a_compound_and_a_short_one_only_whole() -> None:
    lexicon = Lexicon.parse(
        "health", "# diseases\nkanker\nvaccin*  # and vaccination\narts\nzorg*\nSanté\n"
    )
    lexicons = Lexicons({"health": lexicon})

    def matches(word: str) -> bool:
        return lexicons.sections_of(word) == ("health",)

    assert all(map(matches, ["longkanker", "griepvaccins", "vaccination"]))
    # Shorter than five letters: the word itself, or the words a stem begins.
    assert matches("arts") and not matches("startschot")
    assert matches("zorgverlener") and not matches("bezorgd")
    # Entries are folded as words are: accents off, lower case.
    assert matches("sante")


def test_a_word_counts_for_every_section_whose_lexicon_names_it() -> None:
    lexicons = Lexicons(
        {
            "health": Lexicon.parse("health", "ziekenhuis\n"),
            "labour": Lexicon.parse("labour", "staking*\n"),
        }
    )
    assert lexicons.sections_of("ziekenhuisstaking") == ("health", "labour")
    assert lexicons.counts(["ziekenhuis", "stakingen", "weer"]) == {"health": 1, "labour": 1}


def test_counts_stay_right_when_the_remembered_words_are_forgotten(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A long run forgets the words it has seen, to bound memory; the counts must not change.
    texts = [
        ["ziekenhuis", "stakingen", "weer"],
        ["stakingen", "bij", "de", "post"],
        ["regen", "en", "wind"],
        ["ziekenhuisstaking", "ziekenhuis", "ziekenhuis"],
    ] * 3

    def fresh() -> Lexicons:
        return Lexicons(
            {
                "health": Lexicon.parse("health", "ziekenhuis\n"),
                "labour": Lexicon.parse("labour", "staking*\n"),
            }
        )

    remembering = fresh()
    expected = [remembering.counts(words) for words in texts]
    assert expected[0] == {"health": 1, "labour": 1} and expected[2] == {}
    monkeypatch.setattr(lexicon_module, "_MAX_REMEMBERED", 2)
    monkeypatch.setattr(scoring, "_MAX_CACHED_WORDS", 2)
    forgetting = fresh()
    assert [forgetting.counts(words) for words in texts] == expected


def test_lexicon_counts_are_capped_features_per_part() -> None:
    lexicon = Lexicon.parse("labour", "staking\nvakbond*\nlonen\n")
    found = lexicon_features(
        Lexicons({"labour": lexicon}),
        ["staking", "vakbonden", "lonen", "stakingen"],
        ["nieuws"],
    )
    assert found == {"xh:labour": 3.0}


def test_the_shipped_model_was_trained_with_the_shipped_lexicons() -> None:
    # A lexicon edited without training the model again would feed it counts it never saw.
    assert set(built_in_lexicons()) == {"health", "palestine", "labour", "elections"}
    assert built_in_model().meta.get("lexicons") == lexicon_digest()


def test_a_word_no_keyword_list_names_still_counts_as_evidence_and_says_so() -> None:
    # "mazelen" and "measles" are on no section's keyword list; the health lexicon names them.
    for headline, words in (
        ("Mazelen duiken weer op in Antwerpse scholen", "mazelen"),
        ("Measles outbreak spreads in schools", "measles, outbreak"),
    ):
        prediction = Classifier.built_in().predict(Item("a", headline, "", "t"), explain=True)
        (first, *_) = [
            (name, push) for label, name, push in prediction.reasons if label == "health"
        ]
        assert first[0] == f"health topic words in the headline ({words})"
        assert first[1] > 1.0
        ranked = sorted(prediction.probabilities, key=lambda k: -prediction.probabilities[k])
        assert ranked[:2] in (["health", "other"], ["other", "health"])


def test_every_lexicon_entry_is_long_enough_and_one_word(tmp_path: Path) -> None:
    for name, lexicon in built_in_lexicons().items():
        entries = lexicon.exact | lexicon.prefixes | lexicon.inside
        assert len(entries) >= 100, name
        for entry in entries:
            assert " " not in entry, (name, entry)
        for stem in lexicon.prefixes:
            assert len(stem) >= 4, (name, stem)
