"""The labour section: strikes, unions, wages and work, in English, Dutch and French."""

from letterpress import hookimpl
from letterpress.scoring import NORMAL, STRONG, WEAK, KeywordSection, SectionType


class LabourSection(KeywordSection):
    type_name = "labour"
    model_label = "labour"
    default_title = "Labour"
    terms = {
        # English
        "strike*": STRONG, "striking": STRONG, "trade union*": STRONG, "union*": NORMAL,
        "decent work": STRONG, "collective bargaining": STRONG, "picket*": STRONG,
        "labour": NORMAL, "labor": NORMAL, "worker*": NORMAL, "wage*": NORMAL,
        "workplace*": NORMAL, "layoff*": NORMAL, "redundanc*": NORMAL, "dismissal*": NORMAL,
        "employee*": WEAK, "employment": WEAK, "employer*": WEAK, "factory": WEAK,
        "job*": WEAK, "pension*": NORMAL,
        # Dutch
        "staking*": STRONG, "staken": STRONG, "vakbond*": STRONG, "werknemer*": NORMAL,
        "arbeider*": NORMAL, "loon": NORMAL, "lonen": NORMAL, "arbeid": NORMAL,
        "waardig werk": STRONG, "ontslag*": NORMAL, "werkgever*": WEAK,
        # French
        "greve*": STRONG, "syndica*": STRONG, "travailleu*": NORMAL, "salaire*": NORMAL,
        "travail decent": STRONG, "licenciement*": NORMAL, "emploi*": WEAK,
    }  # fmt: skip
    # Strikes that are attacks, unions that are states, and parties named after workers.
    trap_phrases = (
        "military strike*", "air strike*", "airstrike*", "drone strike*", "missile strike*",
        "israeli strike*", "strikes on", "strike on", "strike force*", "preemptive strike*",
        "pre-emptive strike*", "luchtaanval*", "frappe* aerienne*", "frappe* militaire*",
        "european union", "soviet union", "africa union", "african union", "union europeenne",
        "europese unie", "workers' party", "workers party", "partij van de arbeid",
        "parti du travail", "labour party", "labor party",
    )  # fmt: skip


@hookimpl
def register_section_types() -> list[type[SectionType]]:
    return [LabourSection]
