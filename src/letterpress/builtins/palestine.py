"""The Palestine section: Gaza, the occupation, solidarity, in English, Dutch and French."""

from letterpress import hookimpl
from letterpress.scoring import NORMAL, STRONG, WEAK, KeywordSection, SectionType


class PalestineSection(KeywordSection):
    type_name = "palestine"
    model_label = "palestine"
    default_title = "Palestine"
    terms = {
        # English
        "palestin*": STRONG, "gaza": STRONG, "west bank": STRONG, "israel*": STRONG,
        "netanyahu": STRONG, "rafah": STRONG, "jerusalem": STRONG, "nakba": STRONG,
        "hamas": STRONG, "zionis*": STRONG, "ceasefire": NORMAL, "cease-fire": NORMAL,
        "genocide": NORMAL, "occupation": NORMAL, "apartheid": NORMAL, "settler*": NORMAL,
        "arms embargo": NORMAL, "military embargo": NORMAL, "embargo": WEAK, "bds": NORMAL,
        # Dutch
        "palestijn*": STRONG, "staakt-het-vuren": NORMAL, "bezetting": NORMAL,
        "wapenembargo": NORMAL, "genocide in gaza": STRONG,
        # French
        "cessez-le-feu": NORMAL, "israelien*": STRONG, "embargo sur les armes": NORMAL,
    }  # fmt: skip


@hookimpl
def register_section_types() -> list[type[SectionType]]:
    return [PalestineSection]
