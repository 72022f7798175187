"""The command line: `letterpress compile --issue 12` and friends.

Heavy imports (the pipeline, Jinja2, MJML) happen inside the commands, so that `--help`
answers at once.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from letterpress import __version__
from letterpress.cli_options import (
    debug_option,
    is_debug,
    issue_option,
    out_option,
    tell,
    trace_option,
    tracer,
    workspace_option,
)

if TYPE_CHECKING:
    from letterpress.pipeline import Changes


class LetterpressGroup(click.Group):
    """Shows a user-fixable error as one line and exit status 1; --debug shows the traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        from letterpress.errors import LetterpressError

        try:
            return super().invoke(ctx)
        except LetterpressError as error:
            if is_debug(ctx):
                raise
            tell(f"Error: {error}", "red")
            ctx.exit(1)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except SystemExit as exit:
            from letterpress.plugins import plugin_exit
            from letterpress.workspace import relative_path

            where = plugin_exit(exit)
            if where is None or is_debug(ctx):
                raise  # letterpress's own exit status
            # A plugin does not decide how letterpress ends: say which one tried.
            tell(
                f"Error: plugin {relative_path(Path(where), Path.cwd())} called "
                f"sys.exit({exit.code!r}); letterpress stopped",
                "red",
            )
            ctx.exit(1)
        except BrokenPipeError:
            # The reader went away (letterpress items | head): nothing left to say.
            sys.stderr = open(os.devnull, "w")  # noqa: SIM115
            ctx.exit(0)
        except Exception as error:
            if is_debug(ctx):
                raise
            tell(
                f"Error: unexpected {type(error).__name__}: {error} "
                "(run with --debug for the traceback)",
                "red",
            )
            ctx.exit(1)


@click.group(cls=LetterpressGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="letterpress")
@debug_option
def cli() -> None:
    """letterpress: compile a newsletter issue from its sources, with plugins."""


@cli.command()
@issue_option
@workspace_option
@out_option
@click.option(
    "--plugins-dir",
    multiple=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A further folder of local plugins (*.py), after the workspace's plugins/.",
)
@click.option("--offline", is_flag=True, help="Fetch nothing; use the feeds' cached copies.")
@click.option(
    "--refresh",
    is_flag=True,
    help="Rebuild an issue compiled before from its sources as they are now, feeds fetched anew.",
)
@click.option(
    "--force", is_flag=True, help="Compile an issue whose date is out of order all the same."
)
@click.option("--strict", is_flag=True, help="Exit with status 1 if there was any warning.")
@trace_option
@debug_option
def compile(
    number: int,
    workspace: Path | None,
    out: Path | None,
    plugins_dir: tuple[Path, ...],
    offline: bool,
    refresh: bool,
    force: bool,
    strict: bool,
    trace_plugins: bool,
) -> None:
    """Gather, sort, assemble and render one issue.

    \b
    Writes, in build/ (or --out):
      issue-N/email.html   the HTML email
      issue-N/email.txt    its plain-text twin
      issue-N/email.eml    the two as one message for a mail tool
      issue-N/issue.json   the issue model, for other programs
      issue-N/index.html   the web edition
      issue-N/manifest.json  each file's hash, so check can tell the set belongs together
      index.html           every built issue, newest first
      feed.xml             their Atom feed
    and the files of any renderer a plugin adds; then prints what went where.
    """
    from letterpress.pipeline import RunOptions, compile_issue
    from letterpress.workspace import find_workspace, load_workspace

    root = workspace if workspace is not None else find_workspace(Path.cwd())
    ws = load_workspace(root)
    out_dir = out if out is not None else ws.root / "build"
    if offline and refresh:
        raise click.UsageError("--offline and --refresh contradict each other; choose one")
    options = RunOptions(
        offline=offline,
        refresh=refresh,
        force=force,
        progress=_progress(),
        trace=tracer(trace_plugins),
    )
    result = compile_issue(ws, number, out_dir, plugins_dir, options=options)

    for warning in result.report.warnings:
        tell(f"warning: {warning}", "yellow")
    if is_debug(click.get_current_context()):
        # The plugins' own tracebacks behind those warnings, file and line included.
        for text in result.report.tracebacks:
            click.echo(f"debug: {text}", err=True)
    issue = result.issue
    click.echo(f"Issue {issue.number}, {issue.date.isoformat()}: {issue.title}")
    width = max([len(s.title) for s in issue.sections] + [len(issue.unsectioned_title), 8])
    for section in issue.sections:
        click.echo(f"  {section.title:<{width}}  {_count(len(section.items))}")
    if issue.unsectioned:
        click.echo(f"  {issue.unsectioned_title:<{width}}  {_count(len(issue.unsectioned))}")
    if result.report.dropped:
        click.echo(f"Dropped {_count(len(result.report.dropped))}:")
        reasons = Counter(reason for _, reason in result.report.dropped)
        for item, reason in result.report.dropped:
            if reasons[reason] <= 3:
                click.echo(f"  {_short(item.title)}: {reason}")
        for reason, n in reasons.items():
            if n > 3:
                click.echo(f"  {n} items: {reason}")
    if result.from_snapshot:
        click.echo(
            f"Issue {number} was compiled before: its items are the ones it was built from "
            "(--refresh takes the sources as they are now)"
        )
    if result.changes is not None:
        _print_changes(number, result.changes)
    for note in result.report.notes:
        click.echo(note)
    for output in result.outputs:
        click.echo(f"Wrote {_display_path(output.path)} ({_size(output.size)})")
    for error in result.errors:
        tell(f"Error: {error}", "red")
    if result.errors:
        folder = out_dir / f"issue-{number}"
        kept = "is left as it was" if folder.is_dir() else "is not written"
        click.secho(
            f"Nothing written: {_display_path(folder)} {kept}, and the ledger is unchanged",
            fg="red",
            err=True,
        )
        sys.exit(1)
    if strict and result.report.warnings:
        n = len(result.report.warnings)
        click.secho(f"Error: {n} warning{'s' if n > 1 else ''}, and --strict", fg="red", err=True)
        sys.exit(1)


@cli.command()
@issue_option
@workspace_option
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where the preview builds (default: .letterpress/preview/ in the workspace; "
    "never build/).",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to serve on.")
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="The port; the next free one is used if it is taken (0: any free port).",
)
@click.option("--open/--no-open", "open_browser", default=True, help="Open the default browser.")
@debug_option
def preview(
    number: int,
    workspace: Path | None,
    out: Path | None,
    host: str,
    port: int,
    open_browser: bool,
) -> None:
    """Serve the issue in a browser and rebuild it whenever the workspace changes.

    Watches letterpress.toml, sources/, templates/, themes/, plugins/ and issues/; each save
    rebuilds the issue and every open preview reloads itself. The preview is a draft: it shows
    the sources as they are now, and writes neither build/ nor the ledger. Ctrl-C stops it.
    """
    import threading

    from letterpress.preview import PreviewServer
    from letterpress.preview.server import BuildStatus
    from letterpress.workspace import find_workspace

    root = (workspace if workspace is not None else find_workspace(Path.cwd())).resolve()

    def report(status: BuildStatus) -> None:
        if status.ok:
            click.echo(f"Built issue {number} in {status.seconds:.2f} s (build #{status.build})")
        else:
            click.secho(f"Build #{status.build} failed: {status.error}", fg="red", err=True)

    server = PreviewServer(root, number, host, port, out, on_build=report)
    if port and server.port != port:
        click.echo(f"Port {port} is in use; serving on {server.port} instead.")
    server.start()
    # Everything after the server starts is inside the try: a Ctrl-C the moment the address
    # is on screen still stops it cleanly.
    try:
        click.echo(f"Previewing issue {number} at {server.url} (Ctrl-C to stop)")
        if open_browser:
            import webbrowser

            webbrowser.open(server.url)
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    click.echo("Stopped.")


def _print_changes(number: int, changes: Changes) -> None:
    if not (changes.added or changes.removed or changes.retitled):
        click.echo(f"Refreshed issue {number}: the same items as before")
        return
    retitled = f", {len(changes.retitled)} retitled" if changes.retitled else ""
    click.echo(
        f"Refreshed issue {number}: {_count(len(changes.added))} added, "
        f"{_count(len(changes.removed))} taken out{retitled}"
    )
    for mark, rows in (("+", changes.added), ("-", changes.removed), ("~", changes.retitled)):
        for item_id, title in rows:
            click.echo(f"  {mark} {item_id}  {_short(title)}")


def _progress() -> Callable[[int, int], None] | None:
    """A one-line counter on stderr while feeds arrive, when a person is watching."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        end = "\n" if done == total else ""
        click.echo(f"\rFetching feeds: {done}/{total}", err=True, nl=False)
        if end:
            click.echo("", err=True)

    return show


def _count(n: int) -> str:
    return f"{n} item" if n == 1 else f"{n} items"


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _size(n: int) -> str:
    return f"{n} bytes" if n < 1000 else f"{n / 1000:.1f} KB"


def _display_path(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _add_commands() -> None:
    """The commands kept in their own modules, each importing what it runs when it runs."""
    from letterpress.check import check
    from letterpress.editor_commands import items, new_issue
    from letterpress.init_command import init
    from letterpress.ledger_commands import ledger
    from letterpress.plugin_commands import plugin, plugins

    for command in (init, items, new_issue, check, ledger, plugins, plugin):
        cli.add_command(command)


_add_commands()


def main() -> None:
    cli(prog_name="letterpress")
