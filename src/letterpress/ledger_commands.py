"""`letterpress ledger`: what each issue published, and forgetting an issue on purpose."""

from __future__ import annotations

import json
from pathlib import Path

import click

from letterpress.cli_options import debug_option, workspace_option


@click.group(invoke_without_command=True)
@click.option("--issue", "-i", "number", type=click.IntRange(min=1), help="This issue only.")
@workspace_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON, for other programs.")
@debug_option
@click.pass_context
def ledger(ctx: click.Context, number: int | None, workspace: Path | None, as_json: bool) -> None:
    """What each compiled issue published: the items a later issue leaves out.

    `letterpress ledger forget --issue N` takes an issue out, so that its items can appear
    in a later issue again.
    """
    if ctx.invoked_subcommand is not None:
        return
    from letterpress.state import State
    from letterpress.workspace import find_workspace, load_workspace

    ws = load_workspace(workspace if workspace is not None else find_workspace(Path.cwd()))
    state = State.for_workspace(ws.root, records=False)
    try:
        entries = state.entries(number)
    finally:
        state.close()
    if as_json:
        rows = [
            {
                "issue": e.number,
                "date": e.date.isoformat(),
                "published": [{"id": i, "title": t} for i, t in e.published],
                "carried": list(e.carried),
            }
            for e in entries
        ]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not entries:
        which = f"issue {number} is" if number else "no issue is"
        click.echo(f"The ledger is empty: {which} recorded yet.")
        return
    for entry in entries:
        carried = f", {len(entry.carried)} carried to the next" if entry.carried else ""
        click.echo(
            f"Issue {entry.number}, {entry.date.isoformat()}: "
            f"{len(entry.published)} items published{carried}"
        )
        for item_id, title in entry.published:
            click.echo(f"  {item_id}  {_short(title) or '-'}")


@ledger.command()
@click.option(
    "--issue", "-i", "number", type=click.IntRange(min=1), required=True, help="The issue."
)
@workspace_option
@click.option("--yes", is_flag=True, help="Do not ask first.")
@debug_option
def forget(number: int, workspace: Path | None, yes: bool) -> None:
    """Take an issue out of the ledger: its items may then appear in a later issue again.

    The issue's snapshot goes too; its folder in build/ is left alone. A backup of the
    whole ledger is kept first, in .letterpress/backups/.
    """
    from letterpress.errors import LetterpressError
    from letterpress.state import State
    from letterpress.workspace import find_workspace, load_workspace

    ws = load_workspace(workspace if workspace is not None else find_workspace(Path.cwd()))
    state = State.for_workspace(ws.root)
    try:
        found = state.entries(number)
        if not found:
            raise LetterpressError(f"issue {number} is not in the ledger (letterpress ledger)")
        entry = found[0]
        if not yes:
            click.confirm(
                f"Forget issue {number} of {entry.date.isoformat()} "
                f"({len(entry.published)} items)? They may then appear in a later issue again",
                abort=True,
            )
        backup = state.forget(number)
    finally:
        state.close()
    click.echo(f"Forgot issue {number}: {len(entry.published)} items are free again.")
    click.echo(f"The ledger as it was is kept in {ws.relative(backup)}")


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
