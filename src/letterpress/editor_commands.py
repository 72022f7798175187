"""The editor's commands: `letterpress items` explains the machine, `new-issue` starts an issue."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import click

from letterpress.cli_options import (
    debug_option,
    issue_option,
    plugins_print_to_stderr,
    tell,
    workspace_option,
)


@click.command()
@issue_option
@workspace_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON, for other programs.")
@click.option("--offline", is_flag=True, help="Fetch nothing; use the feeds' cached copies.")
@debug_option
def items(number: int, workspace: Path | None, as_json: bool, offline: bool) -> None:
    """Every candidate item of an issue: its id, source, date, section, and why.

    Copy an id from here into issues/N.toml to pin, drop, move or rewrite that item.
    Nothing is written.
    """
    from letterpress.pipeline import RunOptions, plan_issue
    from letterpress.workspace import find_workspace, load_workspace

    ws = load_workspace(workspace if workspace is not None else find_workspace(Path.cwd()))
    with plugins_print_to_stderr():
        built, report = plan_issue(ws, number, options=RunOptions(offline=offline))
    issue = built.issue
    rows: list[dict[str, Any]] = []
    for item in issue.items:
        status = "featured" if item is issue.featured else "in"
        rows.append(_row(item, status, item.placement or "no section"))
    rows += [_row(i, "carried", "no room: waits for the next issue") for i in built.carried]
    carried = {i.id for i in built.carried}
    rows += [_row(i, "dropped", why) for i, why in report.dropped if i.id not in carried]
    for warning in report.warnings:
        tell(f"warning: {warning}", "yellow")
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    click.echo(f"Issue {number}: {len(issue.items)} items in, {len(rows) - len(issue.items)} out")
    for row in rows:
        date = (row["published"] or "")[:10] or "-"
        click.echo(
            f"{row['id']}  {row['status']:<8} {row['section'] or '-':<12} "
            f"{row['source']:<10} {date:<10}  {_short(row['title'])}"
        )
        click.echo(f"{'':12}{row['why']}")


def _row(item: Any, status: str, why: str) -> dict[str, Any]:
    return {
        "id": item.id,
        "status": status,
        "section": item.section,
        "score": item.score,
        "source": item.source,
        "published": item.published.isoformat() if item.published else None,
        "title": item.title,
        "why": why,
    }


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@click.command("new-issue")
@workspace_option
@click.option(
    "--date",
    "date_text",
    metavar="YYYY-MM-DD",
    help="The new issue's date (default: today).",
)
@debug_option
def new_issue(workspace: Path | None, date_text: str | None) -> None:
    """Write issues/N.toml for the next issue, with its date and window, ready to edit."""
    from letterpress.issue_file import load_issue_settings
    from letterpress.state import State
    from letterpress.workspace import find_workspace, load_workspace
    from letterpress.write import write_atomically

    ws = load_workspace(workspace if workspace is not None else find_workspace(Path.cwd()))
    try:
        date = dt.date.fromisoformat(date_text) if date_text else dt.date.today()
    except ValueError as error:
        raise click.BadParameter(f"{date_text!r} is not a date such as 2024-07-04") from error
    on_disk = [int(p.stem) for p in ws.issues_dir.glob("*.toml") if p.stem.isdigit()]
    state = State.for_workspace(ws.root)
    try:
        compiled = [n for (n,) in state.db.execute("SELECT number FROM issues")]
        number = max([0, *on_disk, *compiled]) + 1
        previous = state.previous_issue_date(number)
    finally:
        state.close()
    if previous is None and number > 1 and (ws.issues_dir / f"{number - 1}.toml").is_file():
        previous = load_issue_settings(ws, number - 1, date).date
    path = ws.issues_dir / f"{number}.toml"
    since = previous or date - dt.timedelta(days=ws.newsletter.window_days)
    where = f"issue {number - 1} went out" if previous else "the default window"
    write_atomically(
        path, ISSUE_FILE.format(number=number, date=date, since=since, where=where).encode()
    )
    click.echo(
        f"Wrote {ws.relative(path)}: issue {number}, {date.isoformat()}, items since {since}"
    )
    click.echo(
        f"Next: edit it, then letterpress items --issue {number} and compile --issue {number}"
    )


ISSUE_FILE = '''# Issue {number}. Edit what you need; every line is optional.
# letterpress items --issue {number} lists the candidate items and their ids.

title = ""
date = {date}
# Items from this date on: when {where}.
since = {since}
intro = """
"""

# featured = "ID"                   # an item shown first, apart from the sections
# sections = ["health", "labour"]   # these sections first, in this order
# max_items = 8                     # per section, or {{health = 5}}; the rest waits for the next

# [items.ID]                        # one table per item you want to correct
# pin = true                        # always in, whatever its date or an earlier issue
# drop = true                       # never in
# section = "labour"                # in this section, whatever its words
# title = "A better headline"
# summary = "A better summary."
'''
