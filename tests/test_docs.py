"""Every hook is documented in docs/hooks.md and exercised by a test."""

from __future__ import annotations

import inspect
import re

import pytest

from letterpress import hookspecs
from tests.conftest import REPO

HOOKS = [
    name
    for name, value in inspect.getmembers(hookspecs, inspect.isfunction)
    if hasattr(value, "letterpress_spec")
]


def test_there_are_hooks_to_check() -> None:
    assert {"configure", "register_source_types", "prepare_issue"} <= set(HOOKS)


@pytest.mark.parametrize("hook", HOOKS)
def test_the_hook_is_documented_with_its_signature(hook: str) -> None:
    docs = (REPO / "docs" / "hooks.md").read_text()
    section = re.search(rf"^## `{hook}`\n(.*?)(?=^## |\Z)", docs, re.S | re.M)
    assert section, f"docs/hooks.md has no section for {hook}"
    parameters = ", ".join(inspect.signature(getattr(hookspecs, hook)).parameters)
    assert re.search(rf"{hook}\(([^)]*)\)", section.group(1)), "no signature line"
    for parameter in filter(None, parameters.split(", ")):
        assert f"{parameter}:" in section.group(1), f"{parameter} is not described"
    assert "**When:**" in section.group(1) and "**Returns:**" in section.group(1)
    assert "@hookimpl" in section.group(1), "no example"


@pytest.mark.parametrize("hook", HOOKS)
def test_the_hook_is_implemented_by_a_test(hook: str) -> None:
    tests = [p for p in (REPO / "tests").glob("test_*.py") if p.name != "test_docs.py"]
    assert any(re.search(rf"def {hook}\(", p.read_text()) for p in tests), (
        f"no test implements {hook}"
    )


def test_the_models_reference_is_what_the_code_says() -> None:
    from letterpress.reference import model_reference

    written = (REPO / "docs" / "models.md").read_text()
    assert written == model_reference(), (
        "docs/models.md is out of date: python -m letterpress.reference > docs/models.md"
    )


def test_every_field_and_method_of_the_models_is_described() -> None:
    from letterpress.reference import model_reference

    reference = model_reference()
    undescribed = re.findall(r"^\| `(\w+)` \|.*\|  \|$", reference, re.M)
    assert undescribed == [], f"fields without a comment: {undescribed}"
    bare = re.findall(r"^### `((?!__init__)\w+)[^\n]*\n\n(?=###|## |\Z)", reference, re.M)
    assert bare == [], f"methods without a docstring: {bare}"
    for name in ("Item", "Issue", "Section", "RenderContext", "Options"):
        assert f"\n## `{name}`\n" in reference
