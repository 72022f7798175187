"""The classifier the section stage asks: the built-in model, plus what this newsletter learned.

The built-in model (letterpress/data/sections.model) knows health, Palestine, labour,
elections and other, in English, Dutch and French. A workspace model, fitted on the
editor's own placements (see letterpress.learning), adds to its logits and may add classes
for the workspace's own sections. Both are linear, so a prediction is one pass over the
item's features.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from letterpress.lexicon import built_in_lexicons, lexicon_names
from letterpress.models import Item
from letterpress.scoring import KeywordSection, SectionType, Vocabulary
from letterpress.section_model import (
    OTHER,
    LinearModel,
    Prediction,
    built_in_model,
    features,
    item_words,
    other_features,
    readable_features,
    softmax,
    top_reasons,
)

# Under every threshold but at least this likely: In brief, marked for the editor to place.
UNCERTAIN_FLOOR = 0.35
# A class the workspace model adds for a section of its own gets this threshold.
LEARNED_THRESHOLD = 0.6


@functools.cache
def built_in_vocabularies() -> Mapping[str, Vocabulary]:
    """The four built-in vocabularies, whose terms and traps the model takes as features."""
    from letterpress.builtins.elections import ElectionsSection
    from letterpress.builtins.health import HealthSection
    from letterpress.builtins.labour import LabourSection
    from letterpress.builtins.palestine import PalestineSection

    sections: Iterable[type[KeywordSection]] = (
        HealthSection,
        PalestineSection,
        LabourSection,
        ElectionsSection,
    )
    return {cls.type_name: cls(cls.type_name, {}).vocabulary for cls in sections}


@dataclass
class Classifier:
    """Probabilities per label for an item, from the built-in and the workspace model."""

    base: LinearModel
    learned: LinearModel | None = None

    @classmethod
    def built_in(cls, learned: LinearModel | None = None) -> Classifier:
        return cls(built_in_model(), learned)

    @property
    def labels(self) -> tuple[str, ...]:
        extra = [
            c for c in (self.learned.classes if self.learned else ()) if c not in self.base.classes
        ]
        return (*self.base.classes, *extra)

    def threshold(self, label: str) -> float:
        if self.learned and label in self.learned.thresholds:
            return self.learned.thresholds[label]
        return self.base.thresholds.get(label, LEARNED_THRESHOLD)

    def logits(self, headline: str, lead: str) -> dict[str, float]:
        """Each label's logit: the built-in model's (tempered), plus the workspace model's."""
        head_words, lead_words = item_words(headline, lead)
        others = other_features(
            built_in_vocabularies(), built_in_lexicons(), headline, head_words, lead_words
        )
        base = self.base.item_logits(head_words, lead_words, others)
        temperature = self.base.temperature
        totals = {c: v / temperature for c, v in zip(self.base.classes, base, strict=True)}
        if self.learned:
            learned = self.learned.item_logits(head_words, lead_words, others)
            for label, value in zip(self.learned.classes, learned, strict=True):
                totals[label] = totals.get(label, 0.0) + value
        return totals

    def predict(self, item: Item, explain: bool = False) -> Prediction:
        headline, lead = item.headline, item.lead
        logits = self.logits(headline, lead)
        labels = list(logits)
        probabilities = dict(zip(labels, softmax([logits[k] for k in labels]), strict=True))
        reasons: list[tuple[str, str, float]] = []
        if explain:
            found = features(headline, lead, built_in_vocabularies(), built_in_lexicons())
            names = readable_features(headline, lead)
            names.update(keyword_names(headline, lead))
            names.update(lexicon_names(built_in_lexicons(), *item_words(headline, lead)))
            ranked = sorted(probabilities, key=lambda k: -probabilities[k])
            for label in ranked[:2]:
                if label == OTHER:
                    continue
                pushes = self._pushes(found, label)
                reasons += [(label, name, push) for name, push in top_reasons(pushes, names)]
        return Prediction(probabilities, tuple(reasons))

    def _pushes(self, found: Mapping[str, float], label: str) -> list[tuple[str, float]]:
        pushes: dict[str, float] = {}
        for model, scale in ((self.base, 1 / self.base.temperature), (self.learned, 1.0)):
            if model is None or label not in model.classes:
                continue
            for name, push in model.contributions(found, label):
                pushes[name] = pushes.get(name, 0.0) + push * scale
        return list(pushes.items())


def keyword_names(headline: str, lead: str) -> dict[str, str]:
    """The vocabularies' score features by the terms behind them: "labour keywords (strike*)"."""
    names = {}
    for name, vocabulary in built_in_vocabularies().items():
        terms = [*vocabulary.positions(headline), *vocabulary.positions(lead)]
        if terms:
            shown = ", ".join(dict.fromkeys(terms))
            names[f"vs:{name}"] = f"{name} keywords ({shown})"
    return names


def model_label(section: SectionType, classifier: Classifier | None) -> str | None:
    """The classifier's label for ``section``, or None when the section's own score decides.

    The built-in sections name their label (``model_label``); a workspace's own section is
    covered once the workspace model has learned it from the editor's placements.
    """
    if classifier is None:
        return None
    label = getattr(section, "model_label", None)
    if label:
        return label if label in classifier.base.classes else None
    learned = classifier.learned.classes if classifier.learned else ()
    return section.name if section.name in learned else None
