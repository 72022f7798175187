"""The files `letterpress plugin new` writes: a small, installable, tested plugin package."""

from __future__ import annotations

from pathlib import Path


def names(name: str) -> dict[str, str]:
    """The plugin's name as a distribution, a module and a class would spell it."""
    module = "letterpress_" + name.replace("-", "_")
    camel = "".join(part.capitalize() for part in name.replace("-", "_").split("_"))
    return {"name": name, "module": module, "camel": camel, "distribution": f"letterpress-{name}"}


def write_plugin_package(folder: Path, name: str, kind: str) -> list[Path]:
    """Write the package into ``folder`` (which must not exist); the paths written."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("letterpress", "scaffold/templates"),
        keep_trailing_newline=True,
        autoescape=False,  # Python, TOML and Markdown, not HTML
    )
    values = {**names(name), "kind": kind}
    module = values["module"]
    files = {
        "pyproject.toml": "pyproject.toml.j2",
        "README.md": "README.md.j2",
        f"src/{module}/__init__.py": f"{kind}.py.j2",
        f"src/{module}/py.typed": None,
        f"tests/test_{module}.py": f"test_{kind}.py.j2",
        ".github/workflows/test.yml": "ci.yml.j2",
    }
    written = []
    for relative, template in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(env.get_template(template).render(values) if template else "")
        written.append(path)
    return written
