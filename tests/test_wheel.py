"""The wheel works on its own: installed in a new virtual environment, far from this checkout."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest
from hatch_build import COMPILED

from tests.conftest import REPO, copy_sample

pytestmark = pytest.mark.slow


def sh(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True)
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """letterpress built as a wheel from this checkout, once for the module."""
    dist = tmp_path_factory.mktemp("dist")
    sh(sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", dist, REPO, cwd=dist)
    return next(dist.glob("letterpress-*.whl"))


def installed(wheel: Path, tmp_path: Path) -> Path:
    """A new virtual environment, outside the checkout, with the wheel installed."""
    env = tmp_path / "env"
    venv.create(env, with_pip=True)
    sh(env / "bin" / "python", "-m", "pip", "install", "-q", wheel, cwd=tmp_path)
    return env


def shell(script: str, cwd: Path, bin_dir: Path) -> subprocess.CompletedProcess[str]:
    """Run ``script`` with bash as a user would, with the virtual environment's bin first."""
    done = subprocess.run(
        ["bash", "-e", "-x", "-c", script],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def test_the_readme_first_newsletter_steps_work_as_written(wheel: Path, tmp_path: Path) -> None:
    readme = (REPO / "README.md").read_text()
    section = readme.split("## Your first newsletter", 1)[1].split("\n## ", 1)[0]
    steps = re.search(r"```sh\n(.*?)```", section, re.S)
    assert steps, "the section has no sh block"
    env = installed(wheel, tmp_path)
    empty = tmp_path / "empty"
    empty.mkdir()
    done = shell(steps.group(1), empty, env / "bin")
    assert "Wrote build/issue-1/email.html" in done.stdout
    assert "Issue 1: no problems found." in done.stdout
    folders = [p for p in empty.iterdir() if (p / "letterpress.toml").is_file()]
    assert len(folders) == 1
    data = json.loads((folders[0] / "build" / "issue-1" / "issue.json").read_text("utf-8"))
    labour = next(s for s in data["sections"] if s["name"] == "labour")
    assert [i["title"] for i in labour["items"]] == ["Cleaners at Parkside walk out"]
    assert (folders[0] / "build" / "issue-1" / "email.html").is_file()


def test_the_installed_wheel_compiles_the_sample_and_takes_a_scaffolded_plugin(
    wheel: Path, tmp_path: Path
) -> None:
    env = installed(wheel, tmp_path)
    workspace = copy_sample(tmp_path / "newsletter")

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
    assert [s["name"] for s in data["sections"]] == [
        "health",
        "palestine",
        "labour",
        "elections",
        "agenda",
    ]
    # The templates came from the installed package's data.
    assert "SOLIDARITY BULLETIN" in (workspace / "build" / "issue-12" / "email.txt").read_text()

    # A volunteer's afternoon: the commands of docs/plugins.md as written, then the scaffold's
    # own CI workflow, for each kind of plugin.
    bin_dir = env / "bin"
    guide = (REPO / "docs" / "plugins.md").read_text()
    first_steps = re.search(r"```sh\n(.*?)```", guide, re.S)
    assert first_steps and "plugin new cms-news" in first_steps.group(1)
    done = shell(first_steps.group(1), tmp_path, bin_dir)
    assert "2 passed" in done.stdout
    assert "cms-news 0.1.0  (package:" in done.stdout
    for kind in ("section", "renderer"):
        sh(bin_dir / "letterpress", "plugin", "new", f"my-{kind}", "--kind", kind, cwd=tmp_path)
    for folder in ("cms-news", "my-section", "my-renderer"):
        workflow = (tmp_path / folder / ".github" / "workflows" / "test.yml").read_text()
        commands = re.findall(r"^\s+run: (.+)$", workflow, re.M)
        assert commands == ["python -m pip install -e '.[test]'", "python -m pytest"]
        ci = shell("\n".join(commands), tmp_path / folder, bin_dir)
        assert " passed" in ci.stdout and "failed" not in ci.stdout, ci.stdout
    listed = json.loads(sh(bin_dir / "letterpress", "plugins", "--json", cwd=workspace).stdout)
    cms = next(p for p in listed if p["name"] == "cms-news")
    assert (cms["origin"], cms["version"], cms["source_types"]) == (
        "package",
        "0.1.0",
        ["cms-news"],
    )
    with (workspace / "letterpress.toml").open("a") as config:
        config.write('\n[sources.cms]\ntype = "cms-news"\npath = "cms.json"\n')
    (workspace / "cms.json").write_text(
        json.dumps(
            [{"title": "Dockers strike at the port", "summary": "The union calls a strike."}]
        )
    )
    # Issue 12 was compiled before: --refresh rebuilds it with the new source on purpose.
    refreshed = sh(bin_dir / "letterpress", "compile", "--issue", "12", "--refresh", cwd=workspace)
    assert "Dockers strike at the port" in refreshed.stdout  # among the items added
    data = json.loads((workspace / "build" / "issue-12" / "issue.json").read_text("utf-8"))
    labour = next(s for s in data["sections"] if s["name"] == "labour")
    assert "Dockers strike at the port" in [i["title"] for i in labour["items"]]


# The tests that hold the modules hatch_build.py compiles to their source.
FEED_TESTS = (
    "tests/test_feeds.py",
    "tests/test_simple_html.py",
    "tests/test_feed_text.py",
    "tests/test_feed_tree.py",
    "tests/test_feed_cdata.py",
    "tests/test_feed_encoding.py",
    "tests/test_feed_fuzz.py",
    "tests/test_feeds_http.py",
    "tests/test_feed_corpus.py",
)


def c_compiler() -> str | None:
    """The C compiler Python's extensions are built with, if this machine has it."""
    compiler = (sysconfig.get_config_var("CC") or "cc").split()[0]
    return shutil.which(compiler)


def test_the_wheel_holds_compiled_feed_modules_that_read_feeds_as_their_source_does(
    wheel: Path, tmp_path: Path
) -> None:
    if c_compiler() is None:
        pytest.skip("no C compiler here: the wheel holds the plain Python modules")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    extensions = {
        Path(n).name.split(".")[0]
        for n in names
        if n.startswith("letterpress/") and n.endswith((".so", ".pyd"))
    }
    assert extensions == set(COMPILED), "hatch_build.py fell back to plain Python"
    assert "-py3-none-any" not in wheel.name  # tagged for this interpreter and platform
    assert {"letterpress/feeds.py", "letterpress/cli.py"} <= names  # the rest stays Python
    # The wheel alone, without its dependencies (this environment has them), ahead of the
    # checkout's src/ on the path: the feed tests run against the compiled modules.
    target = tmp_path / "compiled"
    sh(sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", target, wheel,
       cwd=tmp_path)  # fmt: skip
    environment = {**os.environ, "PYTHONPATH": str(target)}
    imported = subprocess.run(
        [sys.executable, "-c", f"import letterpress.{COMPILED[0]} as m; print(m.__file__)"],
        cwd=REPO, capture_output=True, text=True, env=environment,
    )  # fmt: skip
    assert imported.returncode == 0, imported.stderr
    assert Path(imported.stdout.strip()).parent == target / "letterpress"
    assert not imported.stdout.strip().endswith(".py")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *FEED_TESTS],
        cwd=REPO, capture_output=True, text=True, env=environment,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert " passed" in done.stdout and " failed" not in done.stdout


def test_without_a_c_compiler_the_wheel_is_plain_python_and_says_so(tmp_path: Path) -> None:
    """A machine with Python alone still installs letterpress: the compilation's failure is
    a warning, and the wheel holds the modules as written."""
    dist = tmp_path / "dist"
    done = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(REPO)],
        cwd=tmp_path, capture_output=True, text=True,
        env={**os.environ, "CC": str(Path("/bin/false"))},
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "the feed modules were not compiled" in done.stdout + done.stderr
    (built,) = dist.glob("letterpress-*.whl")
    assert built.name.endswith("-py3-none-any.whl")
    with zipfile.ZipFile(built) as archive:
        names = archive.namelist()
    assert not [n for n in names if n.endswith((".so", ".pyd"))]
    assert {f"letterpress/{name}.py" for name in COMPILED} <= set(names)
