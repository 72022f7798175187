"""The issue's own English default in the newsletter's language: the "In brief" title.

The templates translate their fixed strings themselves (letterpress.i18n). The title of the
items no section claims is part of the issue, shown by the CLI and every output, so it is
translated here, while the workspace leaves it at the English default.
"""

from __future__ import annotations

import dataclasses

from letterpress import hookimpl
from letterpress.i18n import translations
from letterpress.models import Issue
from letterpress.workspace import Newsletter, Workspace

# A msgid of the catalogs, as the templates' strings are.
IN_BRIEF = Newsletter.unsectioned_title


@hookimpl
def prepare_issue(issue: Issue, workspace: Workspace) -> Issue | None:
    if issue.unsectioned_title != IN_BRIEF:
        return None  # the workspace's own title, in whatever language it chose
    title = translations(issue.language, workspace.root).gettext(IN_BRIEF)
    if title == IN_BRIEF:
        return None
    preheader = issue.preheader
    # A preheader made of the section titles names this one last.
    if issue.unsectioned and (preheader == IN_BRIEF or preheader.endswith(f", {IN_BRIEF}")):
        preheader = preheader.removesuffix(IN_BRIEF) + title
    return dataclasses.replace(issue, unsectioned_title=title, preheader=preheader)
