"""The plain text of the sample issue, byte for byte: a change to it must be meant.

After an intended change to email.txt.j2, the sample or the wrapping, write the file anew
and read its diff before committing it:

    LETTERPRESS_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

from tests.conftest import REPO, built, compile_issue

GOLDEN = REPO / "tests" / "golden" / "email-12.txt"
UPDATE = "LETTERPRESS_UPDATE_GOLDEN"


def test_the_sample_plain_text_is_the_golden_file(sample: Path) -> None:
    result = compile_issue(sample)
    assert result.exit_code == 0, result.output
    text = built(sample, "email.txt").read_text("utf-8")
    if os.environ.get(UPDATE):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8", newline="\n")
    expected = GOLDEN.read_text("utf-8") if GOLDEN.is_file() else ""
    if text != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                text.splitlines(keepends=True),
                "tests/golden/email-12.txt",
                "build/issue-12/email.txt",
            )
        )
        raise AssertionError(
            f"email.txt of the sample differs from {GOLDEN.relative_to(REPO)}.\n"
            f"If the change is meant, write the file anew with {UPDATE}=1 (see this "
            f"module's docstring) and review its diff.\n{diff[:4000]}"
        )
