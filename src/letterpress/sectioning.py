"""The section stage: every section scores every item; the best score at its threshold wins.

Sections the section model covers (the built-in four, and a workspace's own once the
editor has placed enough items in them) are scored by its probability against its
threshold; the others by their own ``score``. An item is placed where its score stands
furthest above that section's threshold, so probabilities and keyword scores can meet.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field

from letterpress.classify import UNCERTAIN_FLOOR, Classifier, model_label
from letterpress.models import Item, Report
from letterpress.plugin_failure import failed_at
from letterpress.plugins import PluginHost, instantiate
from letterpress.scoring import Score, SectionType
from letterpress.section_model import Prediction
from letterpress.workspace import Workspace


@dataclass(frozen=True)
class Sorted:
    """Items by section name, in each section's order, and the items no section claimed."""

    sections: list[SectionType]
    placed: dict[str, list[Item]]
    unsectioned: list[Item]
    # The model's view of each item, by item id, for `letterpress items` to explain.
    predictions: dict[str, Prediction] = field(default_factory=dict)


def configured_sections(
    workspace: Workspace, host: PluginHost, warn: Callable[[str], None] | None = None
) -> list[SectionType]:
    """One section per [sections.NAME] table, in the order letterpress.toml lists them."""
    types = host.registered_types("register_section_types", SectionType, warn)
    sections = []
    for name, table in workspace.table("sections").items():
        section, _ = instantiate(
            "sections",
            name,
            table,
            types,
            workspace.config_path,
            (name, table),
            hint='; or type = "keywords" with a list of keywords',
        )
        sections.append(section)
    return sections


def assign_sections(
    items: list[Item],
    sections: list[SectionType],
    report: Report,
    classifier: Classifier | None = None,
    explain: bool = False,
) -> Sorted:
    """Place each item in exactly one section, or in none."""
    by_name = {section.name: section for section in sections}
    labels = {section.name: model_label(section, classifier) for section in sections}
    thresholds = {
        label: classifier.threshold(label) for label in labels.values() if label and classifier
    }
    model_sections = {label: name for name, label in labels.items() if label}
    placed: dict[str, list[Item]] = {section.name: [] for section in sections}
    unsectioned: list[Item] = []
    predictions: dict[str, Prediction] = {}
    broken: set[str] = set()
    for item in items:
        if item.section in by_name:
            placed[item.section].append(item)
            continue
        if item.section == "":
            # The issue file took it out of every section.
            unsectioned.append(item)
            continue
        if item.section:
            report.warn(
                f"{item.origin or item.source}: section {item.section!r} is not one of this "
                f"newsletter's ({', '.join(by_name)}); placed by its words instead"
            )
        prediction = None
        if classifier is not None and any(labels.values()):
            prediction = classifier.predict(item, explain=explain)
            predictions[item.id] = prediction
        best: tuple[float, SectionType, Score, float] | None = None
        for section in sections:
            if section.name in broken:
                continue
            label = labels[section.name]
            if label is not None and prediction is not None:
                probability = round(prediction.probabilities.get(label, 0.0), 3)
                threshold = thresholds[label]
                if probability < threshold:
                    continue  # most items, for most sections: no Score made to be dropped
                score = Score(probability, _reasons(prediction, label))
            else:
                try:
                    # Typed as object: a plugin may break the contract, and is told so below.
                    given: object = section.score(item)
                except Exception as error:
                    # The section is left out for the rest of the issue; the others still sort.
                    broken.add(section.name)
                    report.warn(
                        f"section {section.name!r} ({type(section).__name__}) raised "
                        f"{type(error).__name__}: {error}{failed_at(error, type(section))} "
                        f"while scoring {item.origin or item.id}; it takes no further items",
                        error,
                    )
                    continue
                if not isinstance(given, Score):
                    broken.add(section.name)
                    report.warn(
                        f"section {section.name!r} ({type(section).__name__}): score() must "
                        f"return a Score, not {type(given).__name__} such as {given!r}; "
                        "it takes no further items"
                    )
                    continue
                score = given
                threshold = section.threshold
            if score.value < threshold or score.value <= 0:
                continue
            margin = score.value / threshold if threshold > 0 else score.value
            if best is None or margin > best[0]:
                best = (margin, section, score, threshold)
        if best is None:
            unsectioned.append(_unplaced(item, prediction, model_sections))
            continue
        _, section, score, _ = best
        why = f"{section.name} {score.value:g}: {', '.join(score.matched)}"
        placed[section.name].append(
            dataclasses.replace(item, section=section.name, placement=why, score=score.value)
        )
    return Sorted(sections, placed, unsectioned, predictions)


def _reasons(prediction: Prediction, label: str) -> tuple[str, ...]:
    return tuple(
        f"{'+' if push > 0 else '-'}{name}"
        for cls, name, push in prediction.reasons
        if cls == label
    )


def _unplaced(item: Item, prediction: Prediction | None, ours: dict[str, str]) -> Item:
    """An item under every threshold: In brief, marked uncertain when one section came close.

    ``ours`` gives the name of the section behind each of the model's labels."""
    uncertain = ""
    if prediction is not None:
        close = [(p, ours[label]) for label, p in prediction.probabilities.items() if label in ours]
        if close:
            probability, name = max(close)
            if probability >= UNCERTAIN_FLOOR:
                uncertain = f"{name} {probability:.2f}?"
    placement = f"no section; closest: {uncertain}" if uncertain else "no section"
    return dataclasses.replace(item, section=None, placement=placement, uncertain=uncertain)
