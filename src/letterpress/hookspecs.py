"""The hooks a letterpress plugin can implement.

Each hook is called by the pipeline at one stage. A plugin implements a hook by defining a
function of the same name, decorated with ``@hookimpl``, taking only the arguments it needs::

    from letterpress import hookimpl

    @hookimpl
    def register_source_types():
        return [CalendarSource]

``register_*`` hooks return things to add; ``prepare_*`` hooks change what they are given.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    import jinja2

    from letterpress.config import PluginConfig
    from letterpress.models import Issue
    from letterpress.render import Renderer
    from letterpress.scoring import SectionType
    from letterpress.source import Source
    from letterpress.workspace import Workspace

hookspec = pluggy.HookspecMarker("letterpress")


@hookspec
def configure(config: PluginConfig) -> None:
    """Read this plugin's own settings, the [plugins.NAME] table of letterpress.toml.

    Called once, after every plugin is loaded and before anything else, with this plugin's
    table only (empty when there is none). Check it with ``config.options([...known
    keys])`` so a misspelt key is an error naming the table, keep what you need, and take
    secrets with ``config.secret("token")``, which reads the environment, never the file.
    For a value you refuse yourself, ``raise config.error("key", "must be ...")``: it
    returns the error naming the file and ``plugins.NAME.key``; raising it is your part.
    """


@hookspec
def register_source_types() -> Iterable[type[Source]]:
    """Return the source classes this plugin provides.

    Called once, when plugins are loaded. Each class has a ``type_name``; a
    ``[sources.NAME]`` table in letterpress.toml with ``type = "<type_name>"`` makes one
    instance of it, and the pipeline calls its ``collect()`` to gather items.
    A later plugin that registers the same ``type_name`` replaces the earlier one, so a
    workspace's own plugin can replace a built-in.
    """


@hookspec
def register_section_types() -> Iterable[type[SectionType]]:
    """Return the section classes this plugin provides.

    Called once, when plugins are loaded. A ``[sections.NAME]`` table in letterpress.toml
    makes one instance per table (its ``type`` defaults to ``NAME``). Each instance scores
    every item; the best score above the section's threshold wins the item.
    """


@hookspec
def register_renderers() -> Iterable[type[Renderer]]:
    """Return the renderer classes this plugin provides.

    Called once, when plugins are loaded. Each renderer writes one file of the built issue
    (``email.html``, ``email.txt``, ``issue.json``...) from the assembled Issue.
    A renderer with the same ``name`` as an earlier one replaces it.
    """


@hookspec
def prepare_jinja2_environment(env: jinja2.Environment, workspace: Workspace) -> None:
    """Change the Jinja2 environment before any template is rendered.

    Called once per compile. Add filters, tests or globals to ``env`` in place; the
    return value is ignored.
    """


@hookspec
def prepare_issue(issue: Issue, workspace: Workspace) -> Issue | None:
    """Return a changed copy of the assembled issue, or None to leave it as it is.

    Called once per compile, after sectioning and before rendering, for each plugin in
    turn: each sees the issue as the previous plugin left it. Models are frozen; use
    ``dataclasses.replace`` to make the copy.
    """
