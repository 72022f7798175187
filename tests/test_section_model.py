"""The section model: probabilities per section, uncertainty, why in words, and learning."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from letterpress.builtins.labour import LabourSection
from letterpress.classify import Classifier
from letterpress.learning import MIN_SECTION_LABELS
from letterpress.models import Item, Report
from letterpress.scoring import DEFAULT_THRESHOLD
from letterpress.section_model import (
    BUILT_IN_MODEL,
    NO_LEAD,
    LinearModel,
    bucket,
    built_in_model,
    features,
)
from letterpress.sectioning import assign_sections
from tests.conftest import compile_issue, issue_json, run, sections_by_title

CONFIG = """[newsletter]
name = "Test"
language = "en"

[sources.notes]
type = "text"
paths = ["sources/**/*.md"]

[sections.health]
[sections.palestine]
[sections.labour]
[sections.elections]
"""


def note(folder: Path, name: str, title: str, body: str = "", date: str = "2025-03-01") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.md").write_text(f'---\ntitle: "{title}"\ndate: {date}\n---\n{body}\n')


def workspace(tmp_path: Path, config: str = CONFIG) -> Path:
    root = tmp_path / "ws"
    (root / "issues").mkdir(parents=True)
    (root / "letterpress.toml").write_text(config)
    return root


def issue_file(root: Path, number: int, date: str, extra: str = "") -> None:
    (root / "issues" / f"{number}.toml").write_text(f"date = {date}\nsince = 2000-01-01\n{extra}")


def test_the_shipped_model_fits_its_budget_and_reads_back_the_same() -> None:
    data = BUILT_IN_MODEL.read_bytes()
    assert len(data) <= 2_000_000
    model = built_in_model()
    assert model.classes == ("health", "palestine", "labour", "elections", "other")
    assert set(model.thresholds) == {"health", "palestine", "labour", "elections"}
    again = LinearModel.from_bytes(model.to_bytes())
    found = features("Nurses strike for safe staffing", "The union says wards are unsafe.")
    assert again.logits(found) == model.logits(found)


def test_a_damaged_model_file_is_named_not_a_traceback(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not a letterpress section model"):
        LinearModel.from_bytes(b"garbage", "x.model")
    cut = BUILT_IN_MODEL.read_bytes()[:-7]
    with pytest.raises(ValueError, match="cut short"):
        LinearModel.from_bytes(cut, "x.model")


def hand_made(weights: dict[str, tuple[float, ...]], thresholds: dict[str, float]) -> LinearModel:
    """A small model written out by hand: one weight row per feature name."""
    classes = ("health", "palestine", "labour", "elections", "other")
    rows = {bucket(name): row for name, row in weights.items()}
    return LinearModel.from_rows(classes, rows, thresholds=thresholds)


def test_an_item_close_to_a_section_goes_to_in_brief_marked_uncertain() -> None:
    # "picket" leans labour, but not past labour's threshold of 0.9.
    model = hand_made(
        {"h:picket": (0.0, 0.0, 3.0, 0.0, 2.5), "h:nurses": (5.0, 0, 0, 0, 0)},
        {"health": 0.6, "palestine": 0.6, "labour": 0.9, "elections": 0.6},
    )
    sections = [LabourSection("labour", {})]
    items = [Item("a", "Picket", "", "t"), Item("b", "Nurses", "", "t")]
    result = assign_sections(items, sections, Report(), Classifier(model))
    unplaced = {item.id: item for item in result.unsectioned}
    assert not result.placed["labour"]
    assert unplaced["a"].section is None
    assert unplaced["a"].uncertain.startswith("labour 0.")
    assert unplaced["a"].uncertain.endswith("?")
    # Health is not a section of this newsletter: "Nurses" is simply unplaced, not uncertain.
    assert unplaced["b"].uncertain == ""


def test_a_section_the_model_covers_is_placed_by_probability_with_its_reasons() -> None:
    model = hand_made(
        {"h:walkout": (0.0, 0.0, 6.0, 0.0, 0.0)},
        {"health": 0.6, "palestine": 0.6, "labour": 0.9, "elections": 0.6},
    )
    item = Item("a", "Walkout", "", "t")
    result = assign_sections(
        [item], [LabourSection("labour", {})], Report(), Classifier(model), True
    )
    (placed,) = result.placed["labour"]
    assert placed.score is not None and placed.score > 0.9
    assert "'walkout' (headline)" in placed.placement


def test_a_headline_alone_has_its_own_prior_which_is_never_given_as_a_reason() -> None:
    # A headline alone has a third of the features of an item with a lead: the model
    # learns a second bias for it. It moves the probability, but it is no reason an
    # editor could act on, so "why" never names it (nor the bias).
    model = hand_made(
        {
            "h:walkout": (0.0, 0.0, 3.0, 0.0, 0.0),
            NO_LEAD: (0.0, 0.0, 2.0, 0.0, 0.0),
            "bias": (0.0, 0.0, 0.0, 0.0, 4.0),
        },
        {"health": 0.6, "palestine": 0.6, "labour": 0.9, "elections": 0.6},
    )
    classifier = Classifier(model)
    alone = classifier.predict(Item("a", "Walkout", "", "t"), explain=True)
    with_lead = classifier.predict(Item("b", "Walkout", "The meeting ended at noon.", "t"))
    assert alone.probabilities["labour"] > with_lead.probabilities["labour"] + 0.3
    named = [name for _, name, _ in alone.reasons]
    assert "'walkout' (headline)" in named
    assert not [name for name in named if NO_LEAD in name or "bias" in name]


def test_items_explains_probabilities_and_lists_uncertain_items_first(sample: Path) -> None:
    result = run("items", "--issue", "12", "--workspace", sample, "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    statuses = [row["status"] for row in rows]
    if "uncertain" in statuses:
        first_other = next(i for i, s in enumerate(statuses) if s != "uncertain")
        assert "uncertain" not in statuses[first_other:]
    # Items the sources placed themselves (front matter, the agenda) have no prediction.
    placed = [
        row
        for row in rows
        if row["status"] in ("in", "featured") and row["probabilities"] and row["section"]
    ]
    assert placed
    for row in placed:
        assert row["probabilities"][row["section"]] >= 0.3
        assert row["reasons"], row
        assert all({"section", "feature", "push"} <= set(reason) for reason in row["reasons"])
    text = run("items", "--issue", "12", "--workspace", sample).stdout
    assert "health 0." in text and "'" in text


def test_section_false_takes_an_item_out_of_every_section(sample: Path) -> None:
    result = run("items", "--issue", "12", "--workspace", sample, "--json")
    rows = json.loads(result.stdout)
    labour = next(r for r in rows if r["section"] == "labour" and r["status"] == "in")
    (sample / "issues" / "12.toml").write_text(
        (sample / "issues" / "12.toml").read_text() + f"\n[items.{labour['id']}]\nsection = false\n"
    )
    assert compile_issue(sample).exit_code == 0
    data = issue_json(sample)
    assert labour["id"] in [i["id"] for i in data["unsectioned"]]
    assert labour["id"] not in [i["id"] for s in data["sections"] for i in s["items"]]


def test_an_item_the_editor_moves_makes_its_like_land_there_next_issue(tmp_path: Path) -> None:
    root = workspace(tmp_path)
    # Issue 1: the editor moves three stories about bike couriers' pay into Labour.
    titles = [
        "Bike couriers of Zoomdrop paid per drop, not per hour",
        "Zoomdrop bike couriers say the per-drop rate fell again",
        "Bike couriers gather outside Zoomdrop's depot over the per-drop rate",
    ]
    for k, title in enumerate(titles):
        note(root / "sources" / "one", f"n{k}", title)
    issue_file(root, 1, "2025-03-02")
    assert compile_issue(root, 1).exit_code == 0
    moves = "".join(
        f'\n[items.{i["id"]}]\nsection = "labour"\n'
        for i in issue_json(root, 1)["unsectioned"]
        + [i for s in issue_json(root, 1)["sections"] for i in s["items"]]
        if i["title"] in titles
    )
    issue_file(root, 1, "2025-03-02", moves)
    assert compile_issue(root, 1).exit_code == 0
    # Issue 2: a story of the same kind, that the built-in model alone does not place in Labour.
    for old in (root / "sources" / "one").iterdir():
        old.unlink()
    fresh = "Zoomdrop bike couriers and the per-drop rate, a month on"
    note(root / "sources" / "two", "n0", fresh, date="2025-03-10")
    issue_file(root, 2, "2025-03-11")
    assert compile_issue(root, 2).exit_code == 0
    after = sections_by_title(issue_json(root, 2))
    assert [s for t, s in after.items() if t.startswith(fresh)] == ["labour"]
    # The same story, sorted by the built-in model alone, is not in Labour: the editor taught it.
    alone = workspace(tmp_path / "alone")
    note(alone / "sources", "n0", fresh, date="2025-03-10")
    issue_file(alone, 2, "2025-03-11")
    assert compile_issue(alone, 2).exit_code == 0
    assert [
        s for t, s in sections_by_title(issue_json(alone, 2)).items() if t.startswith(fresh)
    ] != ["labour"]


def test_recompiling_an_issue_sorts_it_as_it_was_sorted_the_first_time(tmp_path: Path) -> None:
    root = workspace(tmp_path)
    story = "Zoomdrop bike couriers and the per-drop rate, a month on"
    note(root / "sources" / "one", "a", story)
    issue_file(root, 1, "2025-03-02")
    assert compile_issue(root, 1).exit_code == 0
    first = (root / "build" / "issue-1" / "issue.json").read_bytes()
    assert "labour" not in sections_by_title(issue_json(root, 1)).values()
    # Issue 2 teaches the newsletter that such stories are labour ...
    titles = [
        "Bike couriers of Zoomdrop paid per drop, not per hour",
        "Zoomdrop bike couriers say the per-drop rate fell again",
        "Bike couriers gather outside Zoomdrop's depot over the per-drop rate",
    ]
    for k, title in enumerate(titles):
        note(root / "sources" / "two", f"n{k}", title, date="2025-03-09")
    issue_file(root, 2, "2025-03-10")
    assert compile_issue(root, 2).exit_code == 0
    data = issue_json(root, 2)
    ids = [i["id"] for i in data["unsectioned"] + [i for s in data["sections"] for i in s["items"]]]
    issue_file(root, 2, "2025-03-10", "".join(f'\n[items.{i}]\nsection = "labour"\n' for i in ids))
    assert compile_issue(root, 2).exit_code == 0
    # ... which issue 3 shows, while issue 1, compiled again, stays the issue it was.
    note(
        root / "sources" / "three",
        "a",
        "Zoomdrop bike couriers count the per-drop rate",
        date="2025-03-16",
    )
    issue_file(root, 3, "2025-03-17")
    assert compile_issue(root, 3).exit_code == 0
    assert "labour" in sections_by_title(issue_json(root, 3)).values()
    assert compile_issue(root, 1).exit_code == 0
    assert (root / "build" / "issue-1" / "issue.json").read_bytes() == first


def test_a_keyword_section_joins_the_model_once_the_editor_placed_enough(tmp_path: Path) -> None:
    config = CONFIG + '\n[sections.housing]\ntype = "keywords"\nkeywords = ["tenant*"]\n'
    root = workspace(tmp_path, config)
    rows = [
        {
            "title": f"Rent rises again in block {k} of the Noordwijk estate",
            "summary": "",
            "section": "housing",
        }
        for k in range(MIN_SECTION_LABELS)
    ]
    (root / "labels.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    # No keyword of the section, so only the learned model can place it there.
    note(root / "sources", "a", "Rent rises again at the Noordwijk estate")
    issue_file(root, 1, "2025-03-02")
    result = compile_issue(root, 1)
    assert result.exit_code == 0, result.output
    placed = sections_by_title(issue_json(root, 1))
    assert [s for t, s in placed.items() if t.startswith("Rent rises")] == ["housing"]


def test_a_keyword_section_with_few_labels_still_works_from_its_keywords(tmp_path: Path) -> None:
    config = CONFIG + '\n[sections.housing]\ntype = "keywords"\nkeywords = ["tenant*"]\n'
    root = workspace(tmp_path, config)
    note(root / "sources", "a", "Tenants of the Noordwijk estate organise")
    note(root / "sources", "b", "Rent rises again at the Noordwijk estate")
    issue_file(root, 1, "2025-03-02")
    assert compile_issue(root, 1).exit_code == 0
    placed = sections_by_title(issue_json(root, 1))
    assert [s for t, s in placed.items() if t.startswith("Tenants")] == ["housing"]
    assert [s for t, s in placed.items() if t.startswith("Rent rises")] == ["brief"]


def test_a_broken_labels_file_names_its_line(tmp_path: Path) -> None:
    root = workspace(tmp_path)
    (root / "labels.jsonl").write_text('{"title": "x", "section": "labour"}\nnot json\n')
    note(root / "sources", "a", "Anything")
    issue_file(root, 1, "2025-03-02")
    result = compile_issue(root, 1)
    assert result.exit_code != 0
    assert "labels.jsonl: line 2: each line is a JSON object" in result.output


def test_a_compile_never_imports_the_training_library(sample: Path) -> None:
    code = (
        "import sys\n"
        "from letterpress.cli import main\n"
        f"sys.argv = ['letterpress', 'compile', '--issue', '12', '--workspace', {str(sample)!r}]\n"
        "try:\n    main()\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
        "assert not any(m.split('.')[0] in ('sklearn', 'scipy', 'numpy') for m in sys.modules), "
        "[m for m in sys.modules if m.startswith(('sklearn', 'scipy', 'numpy'))]\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


@pytest.mark.parametrize(
    ("headline", "lead"),
    [
        ("Nurses strike for safe staffing", "The union says wards at the hospital are unsafe."),
        ("", "Vakbonden leggen het werk neer in de ziekenhuizen; de staking duurt drie dagen."),
        ("Élections législatives : le scrutin de dimanche", ""),
        (
            "Israeli air strikes on Rafah",
            "Air strikes hit the camp again, the health ministry said.",
        ),
    ],
)
@pytest.mark.parametrize("indexed", [False, True], ids=["small run", "large run"])
def test_the_fast_word_by_word_sum_is_the_model_itself(
    headline: str, lead: str, indexed: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    from letterpress import section_model
    from letterpress.classify import built_in_vocabularies
    from letterpress.lexicon import built_in_lexicons
    from letterpress.section_model import BUILT_IN_MODEL, LinearModel, item_words, other_features

    # A large run finds rows through an index it builds once; a small one by bisection.
    monkeypatch.setattr(section_model, "_INDEX_AFTER_LOOKUPS", 0 if indexed else 10**9)
    model = LinearModel.from_bytes(BUILT_IN_MODEL.read_bytes())
    vocabularies, lexicons = built_in_vocabularies(), built_in_lexicons()
    reference = model.logits(features(headline, lead, vocabularies, lexicons))
    head_words, lead_words = item_words(headline, lead)
    for _ in range(2):  # the second time from the cache
        others = other_features(vocabularies, lexicons, headline, head_words, lead_words)
        fast = model.item_logits(head_words, lead_words, others)
        assert fast == pytest.approx(reference, abs=1e-4)
    assert (model._index is not None) is indexed


@pytest.mark.parametrize("remembered", [100_000, 2], ids=["remembering", "forgetting"])
def test_the_one_pass_index_finds_what_each_vocabulary_finds_alone(
    remembered: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from letterpress import scoring, section_model
    from letterpress.classify import built_in_vocabularies
    from letterpress.scoring import words_of
    from letterpress.section_model import vocabulary_features

    texts = [
        "Military strike on the depot, then a strike by the dock workers",
        "Air strikes again; nurses on strike; the union strikes a deal",
        "Staking bij De Lijn: vakbonden leggen het werk neer, geen luchtaanval",
        "Grève générale et élections législatives : le scrutin de dimanche",
        "Nothing of any section here, only a bird strike and economic health",
        "",
    ]
    vocabularies = built_in_vocabularies()
    expected = []
    for text in texts:
        found: dict[str, float] = {}
        for name, vocabulary in vocabularies.items():
            terms, traps = vocabulary.found_in(words_of(text))  # its own screen, every position
            found.update({f"vh:{name}:{term}": 1.0 for term in terms})
            found.update({f"t:{name}:{trap}": 1.0 for trap in traps})
            value = vocabulary.score_found(terms, {}).value
            if value:
                found[f"vs:{name}"] = min(value / DEFAULT_THRESHOLD, 3.0)
        expected.append(found)
    assert all(expected[:4]) and not expected[-1]  # terms and traps are there to be found
    # A long run forgets the words it has seen, to bound memory: what is found stays.
    monkeypatch.setattr(scoring, "_MAX_CACHED_WORDS", remembered)
    section_model._start_index.cache_clear()  # an index that has seen none of these words
    for _ in range(2):  # the second time, some words remembered and some forgotten
        assert [vocabulary_features(vocabularies, words_of(t), ()) for t in texts] == expected


def test_the_cache_of_fitted_models_keeps_only_the_newest(tmp_path: Path) -> None:
    from letterpress.learning import KEPT_FITS, Label, workspace_classifier

    cache = tmp_path / "models"
    for k in range(KEPT_FITS + 3):
        labels = [Label(f"Bike couriers of Zoomdrop, week {k}", "", "labour", True)]
        workspace_classifier(labels, [], cache)
    assert len(list(cache.glob("*.model"))) == KEPT_FITS


def test_a_correction_moves_items_that_share_its_words_not_pieces_of_them() -> None:
    from letterpress.learning import Label, fit

    corrected = [
        Label(title, "", "labour", by_editor=True)
        for title in (
            "Parcelbox couriers walk out over the per-drop rate",
            "Parcelbox couriers stop work for a second day",
            "Parcelbox couriers picket the depot in Anderlecht",
        )
    ]
    before, after = Classifier.built_in(), Classifier.built_in(fit(corrected))
    # Shares whole words with the corrections: moved into Labour, where it was not before.
    like = Item("a", "Parcelbox couriers vote on the new rate", "", "t")
    threshold = before.threshold("labour")
    assert before.predict(like).probabilities["labour"] < threshold
    assert after.predict(like).probabilities["labour"] >= threshold

    # Shares only pieces of a word ("parcel" of "Parcelbox"): moved no more than a story that
    # shares nothing with the corrections, by the newsletter's lean towards Labour alone.
    def moved(headline: str) -> float:
        return after.logits(headline, "")["labour"] - before.logits(headline, "")["labour"]

    unlike = "Parcels of farmland sold for a new park"
    assert moved(unlike) == pytest.approx(moved("Storm brings heavy rain to the coast"), abs=1e-6)
    assert after.predict(Item("b", unlike, "", "t")).probabilities["labour"] < 0.1


def test_moving_stories_out_of_a_section_leaves_its_other_stories_there() -> None:
    from letterpress.learning import Label, fit

    # The editor moves two nurses' pay stories the model put in Health into Labour.
    labels = [
        Label("Nurses on zero-hours contracts at the cancer clinic", "", "labour", True),
        Label("Mental health nurses' shifts cut to save money", "", "labour", True),
        Label("Dementia care workers paid below the minimum wage", "", "labour"),
        Label("Council approves new cycle lanes in the city centre", "", "other"),
    ]
    before, after = Classifier.built_in(), Classifier.built_in(fit(labels))
    threshold = after.threshold("health")
    assert before.predict(Item("a", labels[0].headline, "", "t")).probabilities["health"] >= 0.95
    # What those stories taught is their words: health stories that share none of them stay
    # in Health. Learning from every health word they hold, the newsletter once sent these
    # to In brief, as though health's own topic words spoke against health.
    for headline in (
        "Measles cases rise as vaccination rates fall",
        "New vaccine against malaria approved for children",
    ):
        item = Item("b", headline, "", "t")
        assert before.predict(item).probabilities["health"] >= threshold
        assert after.predict(item).probabilities["health"] >= threshold, headline
