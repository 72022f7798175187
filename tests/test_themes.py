"""Themes: picked by name, adjusted by [theme], extended file by file, installed as packages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import built, compile_issue, run
from tests.test_message import configure


def add_to_config(workspace: Path, text: str) -> None:
    config = workspace / "letterpress.toml"
    config.write_text(config.read_text("utf-8") + "\n" + text, encoding="utf-8")


def outputs(workspace: Path) -> tuple[str, str]:
    return (
        built(workspace, "email.html").read_text("utf-8"),
        built(workspace, "index.html").read_text("utf-8"),
    )


def compile_fails(workspace: Path, message: str) -> None:
    """The compile stops with exit status 1 and one line that says ``message``."""
    result = compile_issue(workspace)
    assert result.exit_code == 1
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.output


def installed_theme(site: Path, name: str, init: str) -> Path:
    """A package in ``site`` that declares a theme NAME in the letterpress.themes group."""
    package = site / f"letterpress_theme_{name}"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(init)
    dist = site / f"letterpress_theme_{name}-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: letterpress-theme-{name}\n")
    (dist / "entry_points.txt").write_text(
        f"[letterpress.themes]\n{name} = letterpress_theme_{name}\n"
    )
    return package


def test_the_digest_theme_sets_each_item_in_one_paragraph_in_its_colours(sample: Path) -> None:
    assert compile_issue(sample).exit_code == 0
    default_email, default_web = outputs(sample)
    configure(sample, theme="digest")
    result = compile_issue(sample)
    assert result.exit_code == 0, result.output
    email, web = outputs(sample)
    assert 'class="lp-digest"' in email and 'class="lp-digest"' not in default_email
    # Its accent colour, on the email's and the web edition's rules alike.
    assert "#00796b" in email and "#00796b" in web
    assert "#b3261e" not in email + web
    # A headline and its first sentence: the digest is shorter for the same items.
    assert len(email) < len(default_email) and len(web) < len(default_web)


def test_the_theme_table_sets_the_accent_and_a_logo_with_its_size_and_alt(sample: Path) -> None:
    add_to_config(
        sample,
        '[theme.colors]\naccent = "#006d5b"\n\n'
        '[theme.logo]\nsrc = "https://bulletin.example.org/logo.png"\n'
        'width = 120\nheight = 40\nalt = "Solidarity Bulletin logo"\n',
    )
    result = compile_issue(sample)
    assert result.exit_code == 0, result.output
    email, web = outputs(sample)
    assert "#006d5b" in email and "#006d5b" in web and "#b3261e" not in email
    [image] = re.findall(r"<img [^>]*logo\.png[^>]*>", email)
    assert 'alt="Solidarity Bulletin logo"' in image
    assert 'width="120"' in image and 'height="40"' in image
    assert re.search(r'<img class="logo"[^>]*width="120" height="40"', web)
    # A fresh compile passes check: the logo has its alt text, the links are http(s).
    assert run("check", "--issue", "12", "--workspace", sample).exit_code == 0


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            '[theme.colors]\naccent = "red"\n',
            'theme.colors.accent: must be a colour such as "#b3261e"',
        ),
        (
            "[theme.colours]\naccent = '#000000'\n",
            "theme.colours: unknown key 'colours'; did you mean 'colors'?",
        ),
        ("[theme.logo]\nwidth = '120'\n", "theme.logo.width: must be a whole number"),
    ],
)
def test_a_mistake_in_the_theme_table_names_the_key(sample: Path, table: str, message: str) -> None:
    add_to_config(sample, table)
    compile_fails(sample, f"letterpress.toml: {message}")


def test_an_unknown_theme_is_named_with_the_closest_one(sample: Path) -> None:
    configure(sample, theme="digets")
    compile_fails(
        sample,
        "letterpress.toml: newsletter.theme: no theme named 'digets'; did you mean 'digest'?",
    )


def test_a_workspace_theme_extends_another_and_replaces_one_template(sample: Path) -> None:
    theme = sample / "themes" / "bulletin"
    theme.mkdir(parents=True)
    (theme / "theme.toml").write_text(
        'name = "bulletin"\nextends = "digest"\n\n[colors]\naccent = "#5b2a86"\n'
    )
    # One file replaced, reaching the theme it extends through its name.
    (theme / "meta.html.j2").write_text(
        '{% include "digest:meta.html.j2" %}<p class="tag">via bulletin</p>\n'
    )
    configure(sample, theme="bulletin")
    result = compile_issue(sample)
    assert result.exit_code == 0, result.output
    email, web = outputs(sample)
    assert email.count("via bulletin") == web.count("via bulletin") > 10
    assert 'class="lp-digest"' in email  # the digest's item, which this theme did not replace
    assert "#5b2a86" in email and "#00796b" not in email  # its accent, the digest's others
    assert "#eef1f3" in email  # the digest's page colour, which it left as it was


def test_a_theme_that_extends_itself_in_a_circle_is_an_error(sample: Path) -> None:
    for name, parent in (("one", "two"), ("two", "one")):
        (sample / "themes" / name).mkdir(parents=True)
        (sample / "themes" / name / "theme.toml").write_text(f'extends = "{parent}"\n')
    configure(sample, theme="one")
    compile_fails(sample, "themes/two/theme.toml: extends 'one', which extends it back")


def test_an_installed_theme_is_found_through_its_entry_point(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = installed_theme(tmp_path / "site", "union", '"""A letterpress theme."""\n')
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    (package / "theme.toml").write_text('name = "union"\n\n[colors]\naccent = "#c62828"\n')
    (package / "header.mjml.j2").write_text(
        '{% include "default:header.mjml.j2" %}\n'
        '<mj-section css-class="lp-card"><mj-column><mj-text>'
        "<p>Union edition</p></mj-text></mj-column></mj-section>\n"
    )
    configure(sample, theme="union")
    result = compile_issue(sample)
    assert result.exit_code == 0, result.output
    email, _ = outputs(sample)
    assert "Union edition" in email and "#c62828" in email


def test_the_web_edition_and_the_list_of_issues_link_to_subscribe(sample: Path) -> None:
    assert compile_issue(sample).exit_code == 0
    _, web = outputs(sample)
    archive = (sample / "build" / "index.html").read_text("utf-8")
    link = '<a href="https://bulletin.example.org/subscribe">Subscribe</a>'
    assert web.count(link) == 2  # under the masthead and in the footer
    assert link in archive
    configure(sample, subscribe_url="")
    assert compile_issue(sample).exit_code == 0
    assert "Subscribe" not in outputs(sample)[1]


def test_a_mistake_in_a_themes_own_file_names_that_file(sample: Path) -> None:
    theme = sample / "themes" / "bulletin"
    theme.mkdir(parents=True)
    (theme / "theme.toml").write_text('[colors]\nacent = "#5b2a86"\n')
    configure(sample, theme="bulletin")
    compile_fails(
        sample,
        "themes/bulletin/theme.toml: colors.acent: unknown key 'acent'; did you mean 'accent'?",
    )


def test_an_installed_theme_that_fails_to_import_is_named(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    installed_theme(tmp_path / "site", "broken", "raise ImportError('oops')\n")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    # Installed but not chosen: it is never imported.
    assert compile_issue(sample).exit_code == 0
    configure(sample, theme="broken")
    compile_fails(
        sample,
        "theme 'broken' (letterpress.themes entry point) cannot be imported: ImportError: oops",
    )
