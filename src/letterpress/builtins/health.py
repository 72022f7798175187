"""The health section: care, medicine, public health, in English, Dutch and French."""

from letterpress import hookimpl
from letterpress.scoring import NORMAL, STRONG, WEAK, KeywordSection, SectionType


class HealthSection(KeywordSection):
    type_name = "health"
    model_label = "health"
    default_title = "Health"
    terms = {
        # English
        "health care": STRONG, "healthcare": STRONG, "health centre*": STRONG,
        "health center*": STRONG, "health worker*": STRONG, "health system*": STRONG,
        "health service*": STRONG, "public health": STRONG, "mental health": STRONG,
        "primary care": STRONG, "general practitioner*": STRONG, "hospital*": STRONG,
        "doctor*": STRONG, "nurse*": STRONG, "patient*": STRONG, "vaccin*": STRONG,
        "pharma*": STRONG, "medic*": STRONG, "medicine*": STRONG, "abortion*": STRONG,
        "reproductive right*": STRONG, "pandemic*": STRONG, "covid*": STRONG,
        "disease*": STRONG, "epidemic*": STRONG, "clinic*": NORMAL, "health": NORMAL,
        "healthy": WEAK, "illness*": NORMAL,
        # Dutch
        "gezondheid": NORMAL, "gezondheidszorg": STRONG, "gezondheidscentr*": STRONG,
        "ziekenhui*": STRONG, "huisarts*": STRONG, "dokter*": STRONG, "arts": NORMAL,
        "artsen": NORMAL, "verpleeg*": STRONG, "zorgpersoneel": STRONG, "geneesm*": STRONG,
        "abortus": STRONG, "ziekte*": NORMAL, "patiënt*": STRONG,
        # French
        "sante": NORMAL, "soins de sante": STRONG, "hopita*": STRONG, "medecin*": STRONG,
        "infirmi*": STRONG, "avortement*": STRONG, "medicament*": STRONG,
        "maladie*": NORMAL, "mutuelle*": NORMAL, "maison medicale": STRONG,
    }  # fmt: skip
    trap_phrases = (
        "economic health", "financial health", "fiscal health", "health of the economy",
        "health of the market*", "economische gezondheid", "financiele gezondheid",
        "sante economique", "sante financiere", "sante de l'economie",
    )  # fmt: skip


@hookimpl
def register_section_types() -> list[type[SectionType]]:
    return [HealthSection]
