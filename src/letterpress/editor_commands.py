"""The editor's commands: `letterpress items` explains the machine, `new-issue` starts an issue."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from letterpress.cli_options import (
    debug_option,
    issue_option,
    plugins_print_to_stderr,
    tell,
    workspace_option,
)

if TYPE_CHECKING:
    from letterpress.section_model import Prediction


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
        built, report = plan_issue(ws, number, options=RunOptions(offline=offline, explain=True))
    issue = built.issue
    predictions = built.sorted.predictions
    rows: list[dict[str, Any]] = []
    for item in issue.items:
        status = "featured" if item is issue.featured else "in"
        if item.uncertain:
            status = "uncertain"
        rows.append(_row(item, status, item.placement or "no section", predictions))
    rows += [
        _row(i, "carried", "no room: waits for the next issue", predictions) for i in built.carried
    ]
    carried = {i.id for i in built.carried}
    rows += [
        _row(i, "dropped", why, predictions) for i, why in report.dropped if i.id not in carried
    ]
    # The items the machine was least sure of come first: they are the editor's to place.
    rows.sort(key=lambda row: row["status"] != "uncertain")
    for warning in report.warnings:
        tell(f"warning: {warning}", "yellow")
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    uncertain = sum(row["status"] == "uncertain" for row in rows)
    click.echo(f"Issue {number}: {len(issue.items)} items in, {len(rows) - len(issue.items)} out")
    if uncertain:
        click.echo(
            f"{uncertain} uncertain, first: in no section but close to one; place each with "
            f'[items.ID] section = "NAME" (or section = false) in issues/{number}.toml'
        )
    for row in rows:
        date = (row["published"] or row["event_start"] or "")[:10] or "-"
        click.echo(
            f"{row['id']}  {row['status']:<9} {row['section'] or '-':<12} "
            f"{row['source']:<10} {date:<10}  {_short(row['title'])}"
        )
        if not row["probabilities"]:
            click.echo(f"{'':12}{row['why']}")
            continue
        click.echo(f"{'':12}{_odds(row['probabilities'])}")
        # What pushed it towards its section, or towards the one it nearly went to.
        closest = row["section"] or next(iter(row["probabilities"]))
        pushes = [r for r in row["reasons"] if r["section"] == closest]
        if pushes:
            said = ", ".join(f"{r['push']:+.2f} {r['feature']}" for r in pushes)
            click.echo(f"{'':12}{closest}: {said}")


def _row(item: Any, status: str, why: str, predictions: dict[str, Prediction]) -> dict[str, Any]:
    prediction = predictions.get(item.id)
    return {
        "id": item.id,
        "status": status,
        "section": item.section,
        "score": item.score,
        "uncertain": item.uncertain or None,
        "source": item.source,
        "published": item.published.isoformat() if item.published else None,
        "event_start": item.event_start.isoformat() if item.event_start else None,
        "title": item.title,
        "why": why,
        "probabilities": (
            {
                k: round(v, 3)
                for k, v in sorted(prediction.probabilities.items(), key=lambda kv: -kv[1])
            }
            if prediction
            else {}
        ),
        "reasons": [
            {"section": section, "feature": feature, "push": round(push, 3)}
            for section, feature, push in (prediction.reasons if prediction else ())
        ],
    }


def _odds(probabilities: dict[str, float]) -> str:
    return "  ".join(f"{label} {p:.2f}" for label, p in list(probabilities.items())[:3])


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
    if previous is not None and previous >= date:
        # Its window, from the previous issue's date to its own, would hold no day at all.
        raise click.ClickException(
            f"issue {number - 1} is dated {previous.isoformat()}: an issue {number} dated "
            f"{date.isoformat()} would gather the items of no day at all; nothing was written "
            f"(pass --date with a later day, or edit issues/{number - 1}.toml)"
        )
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
# section = false                   # in no section (In brief): the machine learns from both
# title = "A better headline"
# summary = "A better summary."
'''
