"""The `keywords` section type: a section a workspace declares in letterpress.toml, no code."""

from letterpress import hookimpl
from letterpress.scoring import KeywordSection, SectionType


@hookimpl
def register_section_types() -> list[type[SectionType]]:
    return [KeywordSection]
