"""The pipeline: the one module that knows the order of the stages.

    plugins -> collect -> clean -> select -> section -> assemble -> prepare -> render -> write

Each stage takes the previous stage's value and returns a new one.
"""

from __future__ import annotations

import datetime as dt
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from letterpress.assemble import assemble
from letterpress.collect import collect, configured_sources
from letterpress.dedupe import merge_duplicates
from letterpress.errors import LetterpressError
from letterpress.issue_file import IssueSettings, load_issue_settings
from letterpress.models import Issue, Item, Report
from letterpress.overrides import apply_overrides
from letterpress.plugin_failure import failed_at, traceback_text
from letterpress.plugins import PluginHost, load_plugins
from letterpress.render import MissingOutputError, RenderContext, Renderer, make_environment
from letterpress.sectioning import Sorted, assign_sections, configured_sections
from letterpress.select import History, Window, select
from letterpress.source import SourceContext
from letterpress.state import State
from letterpress.workspace import Workspace
from letterpress.write import write_atomically

if TYPE_CHECKING:
    import jinja2


@dataclass
class Output:
    path: Path
    size: int


@dataclass
class CompileResult:
    issue: Issue
    report: Report
    outputs: list[Output] = field(default_factory=list)
    # One line per output that could not be rendered; the others were still written.
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RunOptions:
    """How to treat the network: --offline uses only the cache, --refresh ignores snapshots."""

    offline: bool = False
    refresh: bool = False
    progress: Callable[[int, int], None] | None = None
    # --trace-plugins: a line for every hook call.
    trace: Callable[[str], None] | None = None


@dataclass(frozen=True)
class Built:
    """An assembled issue, what it carries to the next one, and every item as it was sorted."""

    issue: Issue
    carried: tuple[Item, ...]
    sorted: Sorted


def issue_window(workspace: Workspace, state: State, settings: IssueSettings) -> Window:
    """From the issue file's `since`, else the previous issue's date, else ``window_days`` back."""
    if settings.since is not None:
        return Window(settings.since, settings.date)
    previous = state.previous_issue_date(settings.number)
    if previous is None and settings.number > 1:
        earlier = workspace.issues_dir / f"{settings.number - 1}.toml"
        if earlier.is_file():
            previous = load_issue_settings(workspace, settings.number - 1, settings.date).date
    if previous is None or previous > settings.date:
        previous = settings.date - dt.timedelta(days=workspace.newsletter.window_days)
    return Window(previous, settings.date)


def build_issue(
    workspace: Workspace,
    host: PluginHost,
    number: int,
    report: Report,
    state: State,
    today: dt.date,
    options: RunOptions = RunOptions(),
) -> Built:
    """Gather, clean, select, sort and assemble one issue: everything but rendering."""
    # An issue keeps the date it was first compiled on, so recompiling it is reproducible.
    settings = load_issue_settings(workspace, number, state.issue_date(number) or today)
    context = SourceContext(
        root=workspace.root,
        language=workspace.newsletter.language,
        warn=report.warn,
        issue_number=number,
        issue_date=settings.date,
        state=state,
        offline=options.offline,
        refresh=options.refresh,
        progress=options.progress,
    )
    sources = configured_sources(workspace, host, context)
    sections = configured_sections(workspace, host, report.warn)
    items = collect(sources, report)
    items = merge_duplicates(items, report)
    items, pinned = apply_overrides(items, settings.overrides, report)
    history = History(*state.history(number))
    items = select(items, issue_window(workspace, state, settings), history, pinned, report)
    sorted_items = assign_sections(items, sections, report)
    assembled = assemble(settings, workspace, sorted_items, pinned, report)
    issue = assembled.issue
    prepared = host.call_each(
        "prepare_issue", isolate=report.warn, issue=issue, workspace=workspace
    )
    for origin, changed in prepared:
        if changed is None:
            continue
        if not isinstance(changed, Issue):
            report.warn(
                f"{origin.describe()}: prepare_issue must return an Issue or None, "
                f"not {type(changed).__name__}; its change is left out"
            )
            continue
        issue = changed
    return Built(issue, assembled.carried, sorted_items)


def render_issue(
    issue: Issue,
    workspace: Workspace,
    host: PluginHost,
    report: Report,
    build_dir: Path | None = None,
) -> tuple[dict[str, bytes], dict[str, bytes], list[str]]:
    """The issue's files and build/'s own files, by name; and a line for each that failed."""
    environment = make_environment(workspace)
    host.call_each(
        "prepare_jinja2_environment",
        isolate=report.warn,
        checkpoint=lambda: environment_checkpoint(environment),
        env=environment,
        workspace=workspace,
    )
    context = RenderContext(workspace, environment, report.warn, build_dir=build_dir)
    errors: list[str] = []
    # Outputs left out only because one they build on failed: named with that failure, not
    # as errors of their own, so the user reads one line per thing to fix.
    knock_on: list[str] = []
    renderers = host.registered_types("register_renderers", Renderer, report.warn)
    for type_name, (cls, origin) in renderers.items():
        try:
            content = cls().render(issue, context)
            if not isinstance(content, str | bytes):
                raise RenderResultError(
                    f"render() must return str or bytes, not {type(content).__name__}"
                )
        except MissingOutputError:
            knock_on.append(cls.filename)
            continue
        except Exception as error:
            cause = describe_render_error(error, workspace, cls)
            if isinstance(error, RenderResultError):
                cause = str(error)
            if origin.kind == "built-in":
                errors.append(f"{cls.filename} ({type_name}, {origin.describe()}): {cause}")
                report.tracebacks.append(traceback_text(error))
            else:
                # Another plugin's output: the issue stands without it.
                report.warn(
                    f"{origin.describe()}: renderer {type_name} raised {cause}; "
                    f"{cls.filename} is left out",
                    error,
                )
            continue
        context.outputs[cls.filename] = (
            content.encode("utf-8") if isinstance(content, str) else content
        )
    if knock_on:
        names = " and ".join(knock_on)
        if errors:
            verb = "is" if len(knock_on) == 1 else "are"
            errors[0] += f"; {names}, built from it, {verb} left out too"
        else:  # what they need failed as a warning (a plugin's renderer), not an error
            report.warn(f"{names}: left out, as an output it builds on failed")
    return context.outputs, context.build_outputs, errors


def environment_checkpoint(env: jinja2.Environment) -> Callable[[], None]:
    """What puts back the environment's filters, tests, globals and policies as they are now."""
    saved = {name: dict(getattr(env, name)) for name in ("filters", "tests", "globals", "policies")}

    def restore() -> None:
        for name, values in saved.items():
            table = getattr(env, name)
            table.clear()
            table.update(values)

    return restore


class RenderResultError(TypeError):
    """A renderer returned something that is not a file's content."""


def describe_render_error(error: Exception, workspace: Workspace, cls: type | None = None) -> str:
    """The template file and line at fault, where a template is at fault; else the
    renderer's own line."""
    import jinja2

    if isinstance(error, jinja2.TemplateSyntaxError):
        where = workspace.relative(Path(error.filename)) if error.filename else error.name
        return f"{where}:{error.lineno}: {error.message}"
    frames = [
        frame
        for frame in traceback.extract_tb(error.__traceback__)
        if frame.filename.endswith(".j2")
    ]
    # The package's templates work on their own: when one of the workspace's templates is
    # on the way to the failure (an override that extends or includes the wrong file), the
    # fault is in the workspace's file, so that is the one named.
    own = [f for f in frames if Path(f.filename).is_relative_to(workspace.templates_dir)]
    message = f"{type(error).__name__}: {error}"
    if isinstance(error, RecursionError):
        message = "the template extends or includes itself, directly or through another one"
    if own or frames:
        frame = (own or frames)[-1]
        return f"{workspace.relative(Path(frame.filename))}:{frame.lineno}: {message}"
    at = failed_at(error, cls) if cls is not None else ""
    return f"{message}{at}"


def load_host(
    workspace: Workspace, plugin_dirs: Sequence[Path] = (), options: RunOptions = RunOptions()
) -> PluginHost:
    """The plugins of a run, each given its [plugins.NAME] table."""
    host = load_plugins([workspace.plugins_dir, *plugin_dirs], trace=options.trace)
    host.configure(workspace.table("plugins"), workspace.config_path)
    return host


def plan_issue(
    workspace: Workspace,
    number: int,
    plugin_dirs: Sequence[Path] = (),
    today: dt.date | None = None,
    options: RunOptions = RunOptions(),
) -> tuple[Built, Report]:
    """Build issue ``number`` without rendering or recording it: what `items` shows."""
    built, report, _ = _build(workspace, number, plugin_dirs, today, options, record=False)
    return built, report


def _build(
    workspace: Workspace,
    number: int,
    plugin_dirs: Sequence[Path],
    today: dt.date | None,
    options: RunOptions,
    record: bool,
) -> tuple[Built, Report, PluginHost]:
    """Load the plugins and build the issue; with ``record``, note it in the state's ledger."""
    report = Report()
    host = load_host(workspace, plugin_dirs, options)
    for note in host.notes:
        report.warn(note)
    state = State.for_workspace(workspace.root)
    try:
        built = build_issue(
            workspace, host, number, report, state, today or dt.date.today(), options
        )
        if record:
            issue = built.issue
            state.record_issue(number, issue.date)
            carried = [i.id for i in built.carried]
            state.record_items(number, [i.id for i in issue.items], carried)
    finally:
        state.close()
    return built, report, host


def compile_issue(
    workspace: Workspace,
    number: int,
    out_dir: Path,
    plugin_dirs: Sequence[Path] = (),
    today: dt.date | None = None,
    options: RunOptions = RunOptions(),
) -> CompileResult:
    """Build issue ``number`` of ``workspace`` and write its files under out_dir/issue-N/."""
    built, report, host = _build(workspace, number, plugin_dirs, today, options, record=True)
    issue = built.issue
    files, build_files, errors = render_issue(issue, workspace, host, report, out_dir)
    result = CompileResult(issue, report, errors=errors)
    folder = out_dir / f"issue-{number}"
    paths = [(folder / name, content) for name, content in files.items()]
    paths += [(out_dir / name, content) for name, content in build_files.items()]
    for path, content in paths:
        write_atomically(path, content)
        result.outputs.append(Output(path, len(content)))
    return result


__all__ = [
    "CompileResult",
    "LetterpressError",
    "build_issue",
    "compile_issue",
    "plan_issue",
    "render_issue",
]
