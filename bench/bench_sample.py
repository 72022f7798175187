"""The sample workspace's items and sections, as the section stage receives them."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from _common import copy_sample


def sample_items_and_sections() -> tuple[list, list]:
    from letterpress.collect import collect, configured_sources
    from letterpress.dedupe import merge_duplicates
    from letterpress.models import Report
    from letterpress.pipeline import load_host
    from letterpress.sectioning import configured_sections
    from letterpress.source import SourceContext
    from letterpress.state import State
    from letterpress.workspace import load_workspace

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "sample"
        copy_sample(root)
        workspace = load_workspace(root)
        report = Report()
        state = State.for_workspace(root)
        context = SourceContext(
            root=root,
            language="en",
            warn=report.warn,
            issue_number=12,
            issue_date=dt.date(2024, 6, 20),
            state=state,
            offline=True,
        )
        host = load_host(workspace)
        sources = configured_sources(workspace, host, context)
        items = merge_duplicates(collect(sources, report), report)
        sections = configured_sections(workspace, host)
        state.close()
    return items, sections
