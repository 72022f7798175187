"""The wheel works on its own: installed in a new virtual environment, far from this checkout."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.conftest import REPO, SAMPLE_PARTS

pytestmark = pytest.mark.slow


def sh(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True)
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done


def test_installed_wheel_compiles_the_sample_outside_the_repository(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    sh(
        sys.executable,
        "-m",
        "build",
        "--wheel",
        "--no-isolation",
        "--outdir",
        dist,
        REPO,
        cwd=tmp_path,
    )
    wheel = next(dist.glob("letterpress-*.whl"))

    env = tmp_path / "env"
    venv.create(env, with_pip=True)
    sh(env / "bin" / "python", "-m", "pip", "install", "-q", wheel, cwd=tmp_path)

    workspace = tmp_path / "newsletter"
    workspace.mkdir()
    for part in SAMPLE_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, workspace / part)
        elif source.is_file():
            shutil.copy(source, workspace / part)

    where = sh(
        env / "bin" / "python",
        "-c",
        "import letterpress; print(letterpress.__file__)",
        cwd=tmp_path,
    )
    assert str(env) in where.stdout  # the installed copy, not this checkout's src/
    done = sh(env / "bin" / "letterpress", "compile", "--issue", "12", cwd=workspace)
    assert "Wrote build/issue-12/email.html" in done.stdout
    data = json.loads((workspace / "build" / "issue-12" / "issue.json").read_text("utf-8"))
    assert [s["name"] for s in data["sections"]] == ["health", "palestine", "labour", "elections"]
    # The templates came from the installed package's data.
    assert "SOLIDARITY BULLETIN" in (workspace / "build" / "issue-12" / "email.txt").read_text()
