"""The pipeline: the one module that knows the order of the stages.

    plugins -> collect -> clean -> select -> section -> assemble -> prepare -> render -> write

Every address an item carries passes the link policy (letterpress.links) where items enter:
after collect (or the snapshot), and again for an issue a prepare_issue plugin changed.

Each stage takes the previous stage's value and returns a new one. An issue compiled before
is collected from its snapshot in the ledger, not from the sources, unless ``refresh``.
"""

from __future__ import annotations

import datetime as dt
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from letterpress.assemble import assemble
from letterpress.classify import Classifier
from letterpress.collect import collect, configured_sources
from letterpress.dedupe import merge_duplicates
from letterpress.email_html import Fitted, email_fit
from letterpress.errors import LetterpressError
from letterpress.issue_file import IssueSettings, load_issue_settings
from letterpress.learning import Label, examples_of, workspace_classifier, workspace_labels
from letterpress.links import clean_issue_links, clean_links
from letterpress.markdown import warn_refused_links
from letterpress.models import Issue, Item, Report
from letterpress.overrides import apply_overrides
from letterpress.plugin_failure import failed_at, traceback_text
from letterpress.plugins import PluginHost, PluginOrigin, load_plugins
from letterpress.render import MissingOutputError, RenderContext, Renderer, make_environment
from letterpress.scoring import SectionType
from letterpress.section_model import OTHER
from letterpress.sectioning import Sorted, assign_sections, configured_sections
from letterpress.select import History, Window, select
from letterpress.snapshot import items_from_json, items_to_json
from letterpress.source import SourceContext
from letterpress.state import State
from letterpress.workspace import Workspace
from letterpress.write import replace_folder, write_atomically

if TYPE_CHECKING:
    import jinja2


@dataclass
class Output:
    path: Path
    size: int


@dataclass(frozen=True)
class Changes:
    """What a --refresh changed in an issue compiled before: items (id, title) in and out,
    and items kept under a new title (id, new title)."""

    added: tuple[tuple[str, str], ...]
    removed: tuple[tuple[str, str], ...]
    retitled: tuple[tuple[str, str], ...] = ()


@dataclass
class CompileResult:
    issue: Issue
    report: Report
    outputs: list[Output] = field(default_factory=list)
    # One line per output that could not be rendered; then nothing at all was written.
    errors: list[str] = field(default_factory=list)
    # The issue's items came from its snapshot: it was compiled before, and not --refresh.
    from_snapshot: bool = False
    # With --refresh of an issue compiled before: how its items changed.
    changes: Changes | None = None


@dataclass(frozen=True)
class RunOptions:
    """How to treat the network: --offline uses only the cache, --refresh ignores snapshots."""

    offline: bool = False
    refresh: bool = False
    # Compile an issue whose date is out of order with its neighbours' all the same.
    force: bool = False
    progress: Callable[[int, int], None] | None = None
    # --trace-plugins: a line for every hook call.
    trace: Callable[[str], None] | None = None
    # Say which words pushed each item to its section (letterpress items).
    explain: bool = False


@dataclass(frozen=True)
class Built:
    """An assembled issue, what it carries to the next one, and every item as it was sorted."""

    issue: Issue
    carried: tuple[Item, ...]
    sorted: Sorted
    # Every source's items as collected (or read from the snapshot), before any stage.
    collected: tuple[Item, ...] = ()
    from_snapshot: bool = False
    # The issue's sections as the newsletter's own labels, by item id.
    labels: tuple[tuple[str, Label], ...] = ()


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
    # What loading the plugins noticed (a hook without @hookimpl, a type two plugins claim).
    for note in host.notes:
        report.warn(note)
    # An issue keeps the date it was first compiled on, so recompiling it is reproducible.
    settings = load_issue_settings(workspace, number, state.issue_date(number) or today)
    disorder = out_of_order(state, number, settings.date)
    if disorder and state.records and not options.force:
        raise LetterpressError(disorder + " (--force compiles it all the same)")
    if disorder:
        report.warn(disorder)
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
    snapshot = None if options.refresh else state.item_snapshot(number)
    collected = items_from_json(snapshot) if snapshot is not None else collect(sources, report)
    # The snapshot keeps what the sources gave, so the policy applies on every compile.
    items = clean_links(collected, report.warn)
    issue_file = workspace.relative(workspace.issues_dir / f"{number}.toml")
    warn_refused_links(settings.intro, f"{issue_file}: intro", report.warn)
    items = merge_duplicates(items, report)
    items, pinned = apply_overrides(items, settings.overrides, report)
    history = History(*state.history(number))
    items = select(items, issue_window(workspace, state, settings), history, pinned, report)
    classifier = section_classifier(workspace, host, state, number, sections)
    sorted_items = assign_sections(items, sections, report, classifier, options.explain)
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

        def warn(message: str, origin: PluginOrigin = origin) -> None:
            report.warn(f"{origin.describe()}: prepare_issue: {message}")

        issue = clean_issue_links(changed, warn)
    if not issue.items:
        report.warn(
            f"issue {number} has no items: the warnings above say what each source found "
            f"(letterpress items --issue {number} lists every item and why it was left out)"
        )
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
    return Built(
        issue,
        carried,
        sorted_items,
        tuple(collected),
        from_snapshot=snapshot is not None,
        labels=issue_labels(issue, sections, settings),
    )


def out_of_order(state: State, number: int, date: dt.date) -> str | None:
    """Why issue ``number`` dated ``date`` does not fit between the recorded issues, if not.

    Issue numbers follow dates: a mistyped --issue 1 after issue 12 would otherwise take
    today's date and claim every item it holds as published before issue 12.
    """
    before, after = state.neighbours(number)
    if before is not None and before[1] > date:
        return (
            f"issue {number} would be dated {date}, before issue {before[0]} "
            f"({before[1]}): issue numbers follow their dates"
        )
    if after is not None and after[1] < date:
        latest = state.latest_issue() or after[0]
        return (
            f"issue {number} would be dated {date}, after issue {after[0]} ({after[1]}) "
            f"which comes later: issue numbers follow their dates (the next is "
            f"--issue {latest + 1})"
        )
    return None


def section_classifier(
    workspace: Workspace,
    host: PluginHost,
    state: State,
    number: int,
    sections: Sequence[SectionType],
) -> Classifier:
    """The built-in model plus what the editor taught it before issue ``number``."""
    labels = [
        *examples_of(sections),
        *workspace_labels(workspace.root / "labels.jsonl"),
        *state.labels_before(number),
    ]
    own = [section.name for section in sections if not section.model_label]
    return workspace_classifier(labels, own, workspace.root / ".letterpress" / "models")


def issue_labels(
    issue: Issue, sections: Sequence[SectionType], settings: IssueSettings
) -> tuple[tuple[str, Label], ...]:
    """The issue's placements as labels: its sections, In brief as "other", listings left out."""
    names = {s.name: s.model_label or s.name for s in sections}
    labels = []
    for item in issue.items:
        if item.listing:
            continue
        override = settings.overrides.get(item.id)
        by_editor = override is not None and override.section is not None
        headline, lead = item.headline, item.lead
        label = names.get(item.section or "", OTHER)
        labels.append((item.id, Label(headline, lead, label, by_editor)))
    return tuple(labels)


def render_issue(
    issue: Issue,
    workspace: Workspace,
    host: PluginHost,
    report: Report,
    build_dir: Path | None = None,
) -> tuple[dict[str, bytes], dict[str, bytes], list[str]]:
    """The issue's files and build/'s own files, by name; and a line for each that failed."""
    context = render_context(workspace, host, report, build_dir)
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


def render_context(
    workspace: Workspace, host: PluginHost, report: Report, build_dir: Path | None = None
) -> RenderContext:
    """The templates' environment, with what plugins add to it, for one run's renderers."""
    environment = make_environment(workspace)
    host.call_each(
        "prepare_jinja2_environment",
        isolate=report.warn,
        checkpoint=lambda: environment_checkpoint(environment),
        env=environment,
        workspace=workspace,
    )
    return RenderContext(workspace, environment, report.warn, build_dir=build_dir, note=report.note)


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
    report = Report()
    host = load_host(workspace, plugin_dirs, options)
    state = State.for_workspace(workspace.root, records=False)
    try:
        built = build_issue(
            workspace, host, number, report, state, today or dt.date.today(), options
        )
    finally:
        state.close()
    return built, report


def compile_issue(
    workspace: Workspace,
    number: int,
    out_dir: Path,
    plugin_dirs: Sequence[Path] = (),
    today: dt.date | None = None,
    options: RunOptions = RunOptions(),
    record: bool = True,
) -> CompileResult:
    """Build issue ``number`` of ``workspace`` and write its files under out_dir/issue-N/.

    Everything is rendered before anything is written. If a built-in output fails, nothing
    is written and nothing recorded: the folder stays as the last good compile left it.
    Otherwise the ledger records the issue first, then the folder is swapped in whole, so
    a crash in between is mended by compiling again (the snapshot gives the same issue).
    ``record=False`` (the preview) leaves the ledger alone.
    """
    from letterpress.manifest import MANIFEST, manifest_of

    report = Report()
    host = load_host(workspace, plugin_dirs, options)
    state = State.for_workspace(workspace.root, records=record)
    try:
        built = build_issue(
            workspace, host, number, report, state, today or dt.date.today(), options
        )
        issue = built.issue
        files, build_files, errors = render_issue(issue, workspace, host, report, out_dir)
        result = CompileResult(issue, report, errors=errors, from_snapshot=built.from_snapshot)
        if errors:
            return result
        if record:
            result.changes = _record(state, built, refresh=options.refresh)
    finally:
        state.close()
    folder = out_dir / f"issue-{number}"
    files.pop(MANIFEST, None)  # the manifest is letterpress's to write
    replace_folder(folder, {**files, MANIFEST: manifest_of(number, files)})
    result.outputs += [Output(folder / name, len(content)) for name, content in files.items()]
    for name, content in build_files.items():
        write_atomically(out_dir / name, content)
        result.outputs.append(Output(out_dir / name, len(content)))
    return result


def _record(state: State, built: Built, refresh: bool) -> Changes | None:
    """Note the issue in the ledger; with ``refresh``, what changed since it was recorded."""
    issue = built.issue
    before = state.entries(issue.number)
    published = [(i.id, i.title) for i in issue.items]
    state.record(
        issue.number,
        issue.date,
        published,
        [i.id for i in built.carried],
        items_to_json(built.collected),
        built.labels,
    )
    if not refresh or not before:
        return None
    old = dict(before[0].published)
    new = dict(published)
    return Changes(
        added=tuple((i, t) for i, t in published if i not in old),
        removed=tuple((i, t) for i, t in before[0].published if i not in new),
        retitled=tuple((i, t) for i, t in published if i in old and old[i] and old[i] != t),
    )


__all__ = [
    "Changes",
    "CompileResult",
    "LetterpressError",
    "build_issue",
    "compile_issue",
    "plan_issue",
    "render_issue",
]
