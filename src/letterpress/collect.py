"""The collect stage: one source instance per [sources.NAME] table, each asked for its items.

A source that yields nothing is said so, with what it tried: an empty section is otherwise
the only sign that `paths = "sources"` (a folder, not a pattern) matched no file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from letterpress.models import Item, Report
from letterpress.plugin_failure import failed_at
from letterpress.plugins import PluginHost, PluginOrigin, instantiate
from letterpress.source import Source, SourceContext
from letterpress.workspace import Workspace

# Without a [sources] table a workspace still works: its sources/ folder, read as text.
DEFAULT_SOURCES = {"notes": {"type": "text"}}


@dataclass(frozen=True)
class ConfiguredSource:
    source: Source
    origin: PluginOrigin


def configured_sources(
    workspace: Workspace, host: PluginHost, context: SourceContext
) -> list[ConfiguredSource]:
    """Instantiate every source letterpress.toml declares, checking each table as we go."""
    types = host.registered_types("register_source_types", Source, context.warn)
    tables = workspace.table("sources") or DEFAULT_SOURCES
    sources = []
    for name, table in tables.items():
        source, origin = instantiate(
            "sources",
            name,
            table,
            types,
            workspace.config_path,
            (name, table, context),
        )
        sources.append(ConfiguredSource(source, origin))
    return sources


def collect(sources: list[ConfiguredSource], report: Report) -> list[Item]:
    """Every item of every source; a source that fails is left out with a warning naming it."""
    items: list[Item] = []
    for configured in sources:
        source = configured.source
        named = f"source {source.name!r} ({source.type_name}, {configured.origin.describe()})"
        try:
            collected = source.collect()
            if not isinstance(collected, Iterable) or isinstance(collected, str | bytes | Item):
                report.warn(
                    f"{named}: collect() must yield Items or return a list of them, not "
                    f"{type(collected).__name__}; its items are left out"
                )
                continue
            found: list[object] = list(collected)
        except Exception as error:
            at = failed_at(error, type(source))
            report.warn(
                f"{named} failed{at}: {type(error).__name__}: {error}; its items are left out",
                error,
            )
            continue
        if not found:
            hint = _empty_hint(source)
            report.warn(
                f"source {source.name!r} ({source.type_name}) yielded no items"
                + (f": {hint}" if hint else "")
            )
        for item in found:
            if not isinstance(item, Item):
                report.warn(
                    f"source {source.name!r} ({configured.origin.describe()}) yielded "
                    f"{type(item).__name__}, not an Item; left out"
                )
                continue
            items.append(item)
    return items


def _empty_hint(source: Source) -> str:
    try:
        return source.describe_empty()
    except Exception as error:  # a plugin's hint must not cost the run
        return f"(describe_empty raised {type(error).__name__}: {error})"
