"""The README's examples do what the README says they do."""

from __future__ import annotations

import re
from pathlib import Path

from letterpress.testing import compile_workspace, make_workspace
from tests.conftest import REPO


def readme_toml_with(table: str) -> str:
    readme = (REPO / "README.md").read_text()
    block = next(b for b in re.findall(r"```toml\n(.*?)```", readme, re.S) if table in b)
    return block


def test_the_climate_keywords_of_the_readme_find_compound_words(tmp_path: Path) -> None:
    example = readme_toml_with("[sections.climate]")
    sections = example[example.index("[sections.health]") :]
    workspace = make_workspace(
        tmp_path,
        config=sections,
        files={
            "sources/plan.txt": "Het Klimaatplan van de stad\n\nDe gemeente stelt haar plan voor.\n",
            "sources/cop.txt": "Les négociations climatiques\n\nLa COP29 s'ouvre à Bakou.\n",
        },
    )
    result = compile_workspace(workspace)
    assert result.exit_code == 0, result.output
    assert result.section_of("Het Klimaatplan van de stad") == "climate"
    assert result.section_of("Les négociations climatiques") == "climate"
