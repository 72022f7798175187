"""`letterpress init [DIR]`: a new newsletter's workspace, ready to compile its first issue."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from letterpress.cli_options import debug_option

CONFIG = """\
# {name}: letterpress compile --issue 1 builds issue 1 into build/issue-1/.
# Every key is explained in letterpress's README; a misspelt one is an error naming it.

[newsletter]
name = "{name}"
language = "{language}"          # en, nl, fr ship; any other falls back to English strings
# Items that fit no section: "brief" puts them under "In brief", "drop" leaves them out.
unsectioned = "brief"
# url = "https://news.example.org/"                # where you publish build/ (web edition)
# from = "{name} <news@example.org>"
# unsubscribe_url = "https://news.example.org/unsubscribe"

# Where items come from. Text and Markdown files in sources/: one item per paragraph, or
# per file with front matter (see sources/welcome.md).
[sources.notes]
type = "text"
paths = ["sources/**/*.txt", "sources/**/*.md"]

# Partners' feeds (RSS, Atom, JSON Feed), fetched at each compile:
# [sources.partners]
# type = "rss"
# feeds = ["https://example.org/feed.xml"]

# Sections, in the order the newsletter shows them; each takes the items its words fit.
# health, palestine, labour and elections come with letterpress.
[sections.health]
[sections.labour]

# A section of your own needs no code: keywords, "*" for any ending (klimaat* finds
# Klimaatplan).
# [sections.climate]
# type = "keywords"
# title = "Climate"
# keywords = ["climate*", "klimaat*", "climat*", "COP*"]
"""

FIRST_NOTE = """\
---
title: Welcome to {name}
date: {date}
# section: labour      # a note may name its section; without one, its words place it
---
This is the first note of {name}. Every text or Markdown file in sources/ becomes an item,
placed in the section its words fit, or "In brief" when it fits none, as this one does.

Edit it, add your own, then compile again: letterpress compile --issue 1
"""

FIRST_ISSUE = '''\
# Issue 1. Every line is optional; letterpress new-issue writes the next one.
title = "Our first issue"
date = {date}
intro = """
Welcome to the first issue of {name}.
"""
'''


@click.command()
@click.argument(
    "folder",
    metavar="[DIR]",
    required=False,
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
)
@click.option("--name", help="The newsletter's name (default: the folder's name).")
@click.option(
    "--language",
    default="en",
    show_default=True,
    help="The language of the newsletter's fixed words and dates (en, nl, fr...).",
)
@debug_option
def init(folder: Path, name: str | None, language: str) -> None:
    """Start a newsletter in DIR (default: here): letterpress.toml, sources/ and issues/1.toml.

    Nothing that exists is overwritten. Then: letterpress compile --issue 1
    """
    from letterpress.workspace import CONFIG_NAME
    from letterpress.write import write_atomically

    if (folder / CONFIG_NAME).exists():
        raise click.ClickException(
            f"{folder / CONFIG_NAME} already exists: {folder} is a newsletter already; "
            "nothing was written"
        )
    if folder.exists() and not folder.is_dir():
        raise click.ClickException(f"{folder} is a file, not a folder; nothing was written")
    title = name or _title_of(folder)
    if '"' in title or "\\" in title or "\n" in title:
        raise click.BadParameter("a name without quotes or backslashes", param_hint="--name")
    if not language.replace("-", "").replace("_", "").isalnum():
        raise click.BadParameter(f"{language!r} is not a language code such as en or nl")
    today = dt.date.today().isoformat()
    files = {
        CONFIG_NAME: CONFIG.format(name=title, language=language),
        "sources/welcome.md": FIRST_NOTE.format(name=title, date=today),
        "issues/1.toml": FIRST_ISSUE.format(name=title, date=today),
    }
    written = []
    for relative, content in files.items():
        path = folder / relative
        if path.exists():  # a folder with content of its own: add what is missing only
            continue
        write_atomically(path, content.encode("utf-8"))
        written.append(relative)
    where = "here" if folder == Path(".") else f"in {folder}/"
    click.echo(f"Started {title} {where}:")
    for relative in written:
        click.echo(f"  {relative}")
    step = "" if folder == Path(".") else f"cd {folder} && "
    click.echo(f"Next: {step}letterpress compile --issue 1, then open build/issue-1/email.html")


def _title_of(folder: Path) -> str:
    """'tenants-voice' -> 'Tenants Voice': a readable default until the editor names it."""
    stem = folder.resolve().name or "Newsletter"
    return " ".join(part.capitalize() for part in stem.replace("_", "-").split("-") if part)
