"""`letterpress plugins` lists what is loaded; `letterpress plugin new` starts a plugin package."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import click

from letterpress.cli_options import (
    debug_option,
    plugins_print_to_stderr,
    tell,
    workspace_option,
)

KINDS = ("source", "section", "renderer")


@click.command()
@workspace_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON, for other programs.")
@click.option("--all", "show_all", is_flag=True, help="Include letterpress's built-in plugins.")
@debug_option
def plugins(workspace: Path | None, as_json: bool, show_all: bool) -> None:
    """List the plugins: where each comes from and what it provides.

    Installed packages and the workspace's plugins/ files are listed; --all adds the
    built-ins, which are plugins like any other.
    """
    with plugins_print_to_stderr():  # a plugin printing as it is imported
        entries, notes = plugin_listing(workspace)
    listing = [p for p in entries if show_all or p["origin"] != "built-in"]
    for note in notes:
        tell(f"warning: {note}", "yellow")
    if as_json:
        click.echo(json.dumps(listing, indent=2))
        return
    if not listing:
        click.echo("No plugins besides the built-ins (letterpress plugins --all lists those).")
        return
    for entry in listing:
        version = f" {entry['version']}" if entry["version"] else ""
        click.echo(f"{entry['name']}{version}  ({entry['origin']}: {entry['file']})")
        for label in ("hooks", "source_types", "section_types", "renderers"):
            if entry[label]:
                click.echo(f"  {label.replace('_', ' ')}: {', '.join(entry[label])}")
        for label in ("replaces", "replaced_by"):
            for line in entry[label]:
                click.secho(f"  {label.replace('_', ' ')}: {line}", fg="yellow")


def plugin_listing(workspace: Path | None) -> tuple[list[dict[str, Any]], list[str]]:
    """Every loaded plugin, with its origin and what it registers; and what looks amiss."""
    from letterpress.errors import LetterpressError
    from letterpress.plugins import hooks_of, load_plugins, packages_without_entry_point
    from letterpress.render import Renderer
    from letterpress.scoring import SectionType
    from letterpress.source import Source
    from letterpress.workspace import find_workspace

    folders: list[Path] = []
    try:
        root = workspace if workspace is not None else find_workspace(Path.cwd())
        folders.append(root / "plugins")
    except LetterpressError:
        pass  # outside a workspace: installed plugins only
    host = load_plugins(folders)
    provided: dict[str, dict[str, list[str]]] = {}
    for hook, label, base in (
        ("register_source_types", "source_types", Source),
        ("register_section_types", "section_types", SectionType),
        ("register_renderers", "renderers", Renderer),
    ):
        for origin, classes in host.type_classes(hook, base):
            names = [getattr(c, "type_name", c.__name__) for c in classes]
            provided.setdefault(origin.name, {}).setdefault(label, []).extend(names)
        host.registered_types(hook, base)  # notes which types replace which
    replaces: dict[str, list[str]] = {}
    replaced_by: dict[str, list[str]] = {}
    for clash in host.shadowed.values():
        what = f"{clash.kind} {clash.name!r}"
        replaces.setdefault(clash.winner.name, []).append(
            f"{what} of {clash.loser.name} ({clash.why()})"
        )
        replaced_by.setdefault(clash.loser.name, []).append(
            f"{what}, by {clash.winner.name} ({clash.why()})"
        )
    notes = host.notes + [
        f"{name} is installed but declares no entry point in the group letterpress "
        "([project.entry-points.letterpress] in its pyproject.toml), so it is not loaded"
        for name in packages_without_entry_point()
    ]
    return [
        {
            "name": origin.name,
            "origin": origin.kind,
            "version": origin.version,
            "file": origin.file,
            "hooks": hooks_of(host, origin.name),
            "source_types": provided.get(origin.name, {}).get("source_types", []),
            "section_types": provided.get(origin.name, {}).get("section_types", []),
            "renderers": provided.get(origin.name, {}).get("renderers", []),
            "replaces": replaces.get(origin.name, []),
            "replaced_by": replaced_by.get(origin.name, []),
        }
        for origin in host.origins.values()
    ], notes


@click.group()
def plugin() -> None:
    """Write your own plugin."""


@plugin.command("new")
@click.argument("name")
@click.option(
    "--kind",
    type=click.Choice(KINDS),
    default="source",
    show_default=True,
    help="What the plugin adds: a source of items, a section, or an output file.",
)
@click.option(
    "--dir",
    "parent",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    help="Where to create the NAME folder (default: here).",
)
@debug_option
def new(name: str, kind: str, parent: Path) -> None:
    """Create NAME/, a plugin package ready to install with pip install -e 'NAME[test]'.

    It holds a pyproject.toml registering the `letterpress` entry point, a module with a
    working hook, a README, a test that uses letterpress.testing, and a CI workflow
    (.github/workflows/test.yml) that runs it.
    """
    from letterpress.scaffold import write_plugin_package

    if not re.fullmatch(r"[a-z][a-z0-9_-]*", name):
        raise click.BadParameter(
            "use lower-case letters, digits, - and _, starting with a letter (such as cms-news)",
            param_hint="NAME",
        )
    folder = parent / name
    if folder.exists():
        raise click.ClickException(f"{folder} already exists; nothing was written")
    written = write_plugin_package(folder, name, kind)
    click.echo(f"Created a {kind} plugin in {folder}/:")
    for path in written:
        click.echo(f"  {path.relative_to(parent)}")
    click.echo(
        f"Next: pip install -e '{folder}[test]', then python -m pytest {folder}, "
        "then letterpress plugins"
    )
