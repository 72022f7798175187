"""Options the commands share: --workspace, --debug and --trace-plugins."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import click


def is_debug(ctx: click.Context) -> bool:
    return bool(ctx.meta.get(DEBUG_KEY))


def _remember_debug(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    # ctx.meta is shared by a command and its group, so --debug works before or after it.
    if value:
        ctx.meta[DEBUG_KEY] = True
    return value


DEBUG_KEY = "letterpress.debug"
debug_option = click.option(
    "--debug",
    is_flag=True,
    expose_value=False,
    callback=_remember_debug,
    help="Show a full traceback when something fails.",
)
trace_option = click.option(
    "--trace-plugins",
    is_flag=True,
    envvar="LETTERPRESS_TRACE_PLUGINS",
    help="Print every hook call: which plugin ran, how long it took, what it returned.",
)


def tracer(enabled: bool) -> Callable[[str], None] | None:
    if not enabled:
        return None
    return lambda line: click.secho(f"trace: {line}", fg="cyan", err=True)


workspace_option = click.option(
    "--workspace",
    "-w",
    type=click.Path(file_okay=False, path_type=Path),
    help="The workspace folder (default: the nearest folder upward holding letterpress.toml).",
)


# Beyond any newsletter's life, and well inside what SQLite stores as an integer.
MAX_ISSUE = 1_000_000
issue_option = click.option(
    "--issue",
    "-i",
    "number",
    type=click.IntRange(min=1, max=MAX_ISSUE),
    required=True,
    help="The issue number.",
)
out_option = click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to write the built issues (default: build/ in the workspace).",
)
# For the commands that read what compile wrote: the same folder, read and never written.
built_option = click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="The folder compile wrote the built issues to (default: build/ in the workspace).",
)


@contextlib.contextmanager
def plugins_print_to_stderr() -> Iterator[None]:
    """While plugins run, what they print goes to stderr: stdout is the command's output,
    JSON a program reads, which one stray line would make unreadable."""
    with contextlib.redirect_stdout(sys.stderr):
        yield


def tell(line: str, colour: str) -> None:
    """One message on stderr, as one line with its control characters escaped: a file name,
    a feed's text or an exception's message may hold an escape sequence or a line break."""
    from letterpress.errors import shown

    click.secho(shown(line), fg=colour, err=True)
