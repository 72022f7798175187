"""The elections section: votes, campaigns and results, in English, Dutch and French.

A party in the news is not an election: "party" is no term here, so a congress or a new
party president stays out unless votes, ballots or a campaign are in the story too.
"""

from letterpress import hookimpl
from letterpress.scoring import NORMAL, STRONG, WEAK, KeywordSection, SectionType


class ElectionsSection(KeywordSection):
    type_name = "elections"
    model_label = "elections"
    default_title = "Elections"
    terms = {
        # English
        "election*": STRONG, "electoral": STRONG, "voter*": STRONG, "voting": STRONG,
        "ballot*": STRONG, "referendum*": STRONG, "polling": NORMAL, "polls": NORMAL,
        "vote*": NORMAL, "campaign*": NORMAL, "candidate*": NORMAL, "seats": WEAK,
        "manifesto": NORMAL, "program": WEAK, "programme": WEAK, "action plan": WEAK,
        # Dutch
        "verkiezing*": STRONG, "kiezer*": STRONG, "kieslijst*": STRONG, "stemmen": NORMAL,
        "campagne*": NORMAL, "kandida*": NORMAL, "peiling*": NORMAL, "verkiezingsprogramma": STRONG,
        # French
        "election": STRONG, "electora*": STRONG, "scrutin*": STRONG, "votes": NORMAL,
        "candidat*": NORMAL, "sondage*": NORMAL,
    }  # fmt: skip
    # Inner-party votes are party news, not an election.
    trap_phrases = (
        "party congress", "unity congress", "party leadership", "partijcongres",
        "congres du parti",
    )  # fmt: skip


@hookimpl
def register_section_types() -> list[type[SectionType]]:
    return [ElectionsSection]
