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

from letterpress.assemble import assemble
from letterpress.collect import collect, configured_sources
from letterpress.dedupe import merge_duplicates
from letterpress.email_html import Fitted, email_fit
from letterpress.errors import LetterpressError
from letterpress.issue_file import IssueSettings, load_issue_settings
from letterpress.models import Issue, Item, Report
from letterpress.overrides import apply_overrides
from letterpress.plugins import PluginHost, load_plugins
from letterpress.render import RenderContext, Renderer, make_environment
from letterpress.sectioning import Sorted, assign_sections, configured_sections
from letterpress.select import History, Window, select
from letterpress.source import SourceContext
from letterpress.state import State
from letterpress.workspace import Workspace
from letterpress.write import write_atomically


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
    sections = configured_sections(workspace, host)
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
    carried = assembled.carried
    if workspace.newsletter.overflow == "next":
        # What the email has no room for waits for the next issue: cut before the ledger
        # records this one, measured by rendering the email as compile will.
        try:
            fitted = email_fit(issue, render_context(workspace, host, report))
        except Exception as error:
            # The render stage reports the template at fault; the issue is kept whole.
            report.warn(f"cannot measure email.html: {describe_render_error(error, workspace)}")
            fitted = Fitted(issue)
        for item in fitted.left_out:
            report.drop(item, "carried to the next issue (no room in the email)")
        issue, carried = fitted.issue, carried + fitted.left_out
    return Built(issue, carried, sorted_items)


def render_issue(
    issue: Issue,
    workspace: Workspace,
    host: PluginHost,
    report: Report,
    build_dir: Path | None = None,
) -> tuple[dict[str, bytes], dict[str, bytes], list[str]]:
    """The issue's files and build/'s own files, by name; and a line for each that failed."""
    context = render_context(workspace, host, report, build_dir)
    errors = []
    for type_name, (cls, origin) in host.registered_types("register_renderers", Renderer).items():
        try:
            content = cls().render(issue, context)
        except Exception as error:
            cause = describe_render_error(error, workspace)
            if origin.kind == "built-in":
                errors.append(f"{cls.filename} ({type_name}, {origin.describe()}): {cause}")
            else:
                # Another plugin's output: the issue stands without it.
                report.warn(
                    f"{origin.describe()}: renderer {type_name} raised {cause}; "
                    f"{cls.filename} is left out"
                )
            continue
        context.outputs[cls.filename] = (
            content.encode("utf-8") if isinstance(content, str) else content
        )
    return context.outputs, context.build_outputs, errors


def render_context(
    workspace: Workspace, host: PluginHost, report: Report, build_dir: Path | None = None
) -> RenderContext:
    """The templates' environment, with what plugins add to it, for one run's renderers."""
    environment = make_environment(workspace)
    host.call_each(
        "prepare_jinja2_environment", isolate=report.warn, env=environment, workspace=workspace
    )
    return RenderContext(workspace, environment, report.warn, build_dir=build_dir, note=report.note)


def describe_render_error(error: Exception, workspace: Workspace) -> str:
    """The template file and line at fault, where a template is at fault."""
    import jinja2

    if isinstance(error, jinja2.TemplateSyntaxError):
        where = workspace.relative(Path(error.filename)) if error.filename else error.name
        return f"{where}:{error.lineno}: {error.message}"
    frames = [
        frame
        for frame in traceback.extract_tb(error.__traceback__)
        if frame.filename.endswith(".j2")
    ]
    message = f"{type(error).__name__}: {error}"
    if frames:
        return f"{workspace.relative(Path(frames[-1].filename))}:{frames[-1].lineno}: {message}"
    return message


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
