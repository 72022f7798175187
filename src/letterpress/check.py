"""`letterpress check --issue N`: a preflight of a built issue, for a person or for CI.

It reads what `compile` wrote (build/issue-N/email.html, email.txt, issue.json) and prints
what would go wrong in an inbox; letterpress.preflight lists the checks, and
letterpress.manifest checks that the files are the set one compile wrote. Errors exit 2;
warnings exit 0, or 1 with --strict; `--json` prints the findings as a list.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from letterpress.cli_options import built_option, debug_option, issue_option, workspace_option

if TYPE_CHECKING:
    from letterpress.preflight import Finding

EXIT_OK, EXIT_WARNINGS, EXIT_ERRORS = 0, 1, 2
# Seconds for one link with --links: enough for a slow server, not for a dead one.
LINK_TIMEOUT = 10.0


@click.command()
@issue_option
@workspace_option
@built_option
@click.option("--links", is_flag=True, help="Also visit every link (HEAD, else GET) at once.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=LINK_TIMEOUT,
    show_default=True,
    help="Seconds to wait for one link with --links.",
)
@click.option("--strict", is_flag=True, help="Exit with status 1 if there is any warning.")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as a JSON list.")
@debug_option
def check(
    number: int,
    workspace: Path | None,
    out: Path | None,
    links: bool,
    timeout: float,
    strict: bool,
    as_json: bool,
) -> None:
    """Check a built issue before it is sent: size, images, links, subject, text.

    Exit status: 0 when nothing is wrong (or only warnings), 1 for warnings with --strict,
    2 for any error, or when the issue is not built.
    """
    import json
    from dataclasses import asdict

    from letterpress.link_visits import check_links
    from letterpress.manifest import verify_manifest
    from letterpress.preflight import check_issue, links_to_visit
    from letterpress.workspace import find_workspace

    if out is None:
        root = workspace if workspace is not None else find_workspace(Path.cwd())
        out = root / "build"
    folder = out / f"issue-{number}"
    missing = [n for n in ("email.html", "issue.json") if not (folder / n).is_file()]
    if missing:
        click.secho(
            f"Error: issue {number} is not built ({_shown(folder / missing[0])} is missing): "
            f"build it first with letterpress compile --issue {number}",
            fg="red",
            err=True,
        )
        sys.exit(EXIT_ERRORS)
    findings = verify_manifest(folder) + check_issue(folder)
    if links:
        findings += check_links(links_to_visit(folder), timeout=timeout)
    if as_json:
        click.echo(json.dumps([asdict(f) for f in findings], ensure_ascii=False, indent=2))
    else:
        _print_findings(number, findings)
    sys.exit(exit_status(findings, strict))


def exit_status(findings: Sequence[Finding], strict: bool) -> int:
    if any(f.level == "error" for f in findings):
        return EXIT_ERRORS
    if strict and findings:
        return EXIT_WARNINGS
    return EXIT_OK


def _print_findings(number: int, findings: Sequence[Finding]) -> None:
    colours = {"error": "red", "warning": "yellow"}
    for finding in findings:
        label = click.style(f"{finding.level} {finding.code}", fg=colours[finding.level])
        where, message = _unrepeated(finding)
        click.echo(f"{where}: {label}: {message}")
    errors = sum(f.level == "error" for f in findings)
    warnings = len(findings) - errors
    if not findings:
        click.echo(f"Issue {number}: no problems found.")
    else:
        click.echo(f"Issue {number}: {_count(errors, 'error')}, {_count(warnings, 'warning')}.")


def _unrepeated(finding: Finding) -> tuple[str, str]:
    """Where and what, each saying once what the line already says.

    The JSON keeps every field whole; a person reading "https://x.org/a: error link-broken:
    https://x.org/a answers 404" or "issue.json: preheader: warning preheader:" reads the
    same words twice.
    """
    where = finding.where.removesuffix(f": {finding.code}")
    message = finding.message
    if message.startswith(f"{finding.where} "):
        message = message.removeprefix(f"{finding.where} ")
    return where, message


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
