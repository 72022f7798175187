"""`letterpress plugins` lists what is loaded; `letterpress plugin new` starts a plugin package."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import click

from letterpress.cli_options import debug_option, plugins_print_to_stderr, workspace_option

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
        found = plugin_listing(workspace)
    listing = [p for p in found if show_all or p["origin"] != "built-in"]
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


def plugin_listing(workspace: Path | None) -> list[dict[str, Any]]:
    """Every loaded plugin, with its origin and what it registers."""
    from letterpress.errors import LetterpressError
    from letterpress.plugins import hooks_of, load_plugins
    from letterpress.workspace import find_workspace

    folders: list[Path] = []
    try:
        root = workspace if workspace is not None else find_workspace(Path.cwd())
        folders.append(root / "plugins")
    except LetterpressError:
        pass  # outside a workspace: installed plugins only
    host = load_plugins(folders)
    provided: dict[str, dict[str, list[str]]] = {}
    for hook, label in (
        ("register_source_types", "source_types"),
        ("register_section_types", "section_types"),
        ("register_renderers", "renderers"),
    ):
        for origin, classes in host.call_each(hook):
            names = [getattr(c, "type_name", c.__name__) for c in classes or ()]
            provided.setdefault(origin.name, {}).setdefault(label, []).extend(names)
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
        }
        for origin in host.origins.values()
    ]


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
    """Create NAME/, a plugin package ready to install with pip install -e NAME.

    It holds a pyproject.toml registering the `letterpress` entry point, a module with a
    working hook, a README and a test that uses letterpress.testing.
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
    click.echo(f"Next: pip install -e {folder}, then pytest {folder}, then letterpress plugins")
