"""docs/models.md, written from the code: the classes a plugin handles, their fields and methods.

    python -m letterpress.reference > docs/models.md

Each entry comes from the class itself: its docstring, each field's type, default and the
comment above it, each public method's signature and docstring. tests/test_docs.py checks
that docs/models.md is what this writes, so the reference cannot drift from the code.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import textwrap

# In the order a plugin meets them: what it makes, what it reads, what it is given.
MODELS = (
    "letterpress.models.Item",
    "letterpress.models.Section",
    "letterpress.models.Issue",
    "letterpress.source.Source",
    "letterpress.source.SourceContext",
    "letterpress.scoring.SectionType",
    "letterpress.scoring.Score",
    "letterpress.render.Renderer",
    "letterpress.render.RenderContext",
    "letterpress.options.Options",
    "letterpress.options.OptionError",
    "letterpress.config.PluginConfig",
)

HEADER = """\
# Models

The classes a plugin makes, reads or is given, written from the code by
`python -m letterpress.reference` (do not edit by hand: a test checks this file against the
code). The hooks that hand them out are in [hooks.md](hooks.md). Every model is importable
from the module named in its heading, and typed (`letterpress` ships `py.typed`).
Text in items is plain text; HTML from elsewhere goes through `letterpress.text` first.
"""


def model_reference() -> str:
    return HEADER + "".join(_class_entry(dotted) for dotted in MODELS)


def _class_entry(dotted: str) -> str:
    module_name, name = dotted.rsplit(".", 1)
    cls = getattr(importlib.import_module(module_name), name)
    source = textwrap.dedent(inspect.getsource(cls))
    node = ast.parse(source).body[0]
    assert isinstance(node, ast.ClassDef)
    lines = source.splitlines()
    bases = ", ".join(ast.unparse(b) for b in node.bases)
    out = [f"\n## `{name}`\n", f"`{module_name}.{name}`" + (f"({bases})" if bases else "")]
    out += ["", inspect.cleandoc(ast.get_docstring(node) or ""), ""]
    fields, methods = [], []
    for child in node.body:
        if isinstance(child, ast.AnnAssign) and isinstance(child.target, ast.Name):
            fields.append(_field(child, lines))
        elif isinstance(child, ast.FunctionDef) and _public(child.name):
            methods.append(_method(child))
    if fields:
        out += ["| field | type | default | what it is |", "| --- | --- | --- | --- |"]
        out += fields
        out.append("")
    for method in methods:
        out += method
    return "\n".join(out).rstrip() + "\n"


def _field(node: ast.AnnAssign, lines: list[str]) -> str:
    assert isinstance(node.target, ast.Name)
    annotation = ast.unparse(node.annotation)
    default = "required"
    if node.value is not None:
        value = node.value
        if isinstance(value, ast.Call) and ast.unparse(value.func) == "field":
            default = "empty"
        else:
            default = f"`{ast.unparse(value)}`"
    comment = _comment_above(lines, node.lineno - 1) or _comment_after(lines[node.lineno - 1])
    return f"| `{node.target.id}` | `{_cell(annotation)}` | {_cell(default)} | {_cell(comment)} |"


def _comment_above(lines: list[str], index: int) -> str:
    words: list[str] = []
    n = index - 1
    while n >= 0 and lines[n].strip().startswith("#"):
        words.insert(0, lines[n].strip().lstrip("#").strip())
        n -= 1
    return " ".join(words)


def _comment_after(line: str) -> str:
    return line.split("  # ", 1)[1].strip() if "  # " in line else ""


def _method(node: ast.FunctionDef) -> list[str]:
    decorators = {ast.unparse(d) for d in node.decorator_list}
    args = ast.unparse(node.args).removeprefix("self, ").removeprefix("self")
    if "property" in decorators:
        returns = f" -> {ast.unparse(node.returns)}" if node.returns else ""
        heading = f"### `{node.name}`{returns} (property)"
    else:
        returns = f" -> {ast.unparse(node.returns)}" if node.returns else ""
        heading = f"### `{node.name}({args}){returns}`"
    if "abstractmethod" in decorators:
        heading += ": you write this"
    docstring = inspect.cleandoc(ast.get_docstring(node) or "")
    return [heading, "", docstring, ""] if docstring else [heading, ""]


def _public(name: str) -> bool:
    return name == "__init__" or not name.startswith("_")


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


if __name__ == "__main__":
    print(model_reference(), end="")
