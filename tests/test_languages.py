"""The newsletter's language sets every fixed string of the templates, its dates and direction."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import time
from pathlib import Path

import pytest

from letterpress.i18n import PACKAGE_LOCALE, longdate, text_direction, translations
from letterpress.render import make_environment
from letterpress.workspace import load_workspace
from tests.conftest import REPO, built, compile_issue
from tests.test_message import configure

TEMPLATES = REPO / "src" / "letterpress" / "themes" / "default"
OUTPUTS = ("email.html", "email.txt", "index.html")
# The templates' fixed English strings as a reader sees them in the sample issue, and the
# sample footer's own sentences: none may be left in a Dutch or French edition.
ENGLISH = (
    "Issue 12",
    "20 June 2024",
    "In brief",
    "Read more",
    "LINKS",
    "View in your browser",
    "Unsubscribe",
    "Subscribe",
    "In this issue",
    "Skip to the content",
    "All issues",
    "Atom feed",
    "written by volunteers",
    "Read past issues",
)
TRANSLATED = {
    "nl": ("Nummer 12 · 20 juni 2024", "Lees meer", "VERWIJZINGEN", "Uitschrijven", "Kort"),
    "fr": ("Numéro 12 · 20 juin 2024", "Lire la suite", "LIENS", "Se désabonner", "En bref"),
}
# Python's msgids, which no template extraction finds: the default titles assemble translates.
MESSAGES_IN_CODE = {"In brief", "Health", "Palestine", "Labour", "Elections", "Agenda"}


def in_language(workspace: Path, language: str, *, with_locale: bool = True) -> Path:
    """The sample workspace in ``language``, with or without the sample's own catalogs."""
    if not with_locale:
        shutil.rmtree(workspace / "locale")
    configure(workspace, language=language)
    return workspace


def texts(workspace: Path) -> dict[str, str]:
    files = {name: built(workspace, name).read_text("utf-8") for name in OUTPUTS}
    files["build/index.html"] = (workspace / "build" / "index.html").read_text("utf-8")
    return files


def test_the_english_edition_has_every_string_the_others_must_not(sample: Path) -> None:
    assert compile_issue(sample).exit_code == 0
    everything = "\n".join(texts(sample).values())
    assert [s for s in ENGLISH if s not in everything] == []


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_the_dutch_and_french_editions_contain_no_english_template_strings(
    sample: Path, language: str
) -> None:
    result = compile_issue(in_language(sample, language))
    assert result.exit_code == 0, result.output
    for name, text in texts(sample).items():
        left = [s for s in ENGLISH if s in text]
        assert left == [], f"{language} {name} still says {left}"
    everything = "\n".join(texts(sample).values())
    assert [s for s in TRANSLATED[language] if s not in everything] == []
    html = built(sample, "email.html").read_text("utf-8")
    assert f'<html lang="{language}" dir="ltr"' in html
    # The title of the items no section claims is the issue's: the CLI says it too.
    assert re.search(rf"{TRANSLATED[language][-1]}\s+\d+ items", result.stdout)


def test_a_dutch_edition_without_the_workspaces_catalog_still_translates_the_package(
    sample: Path,
) -> None:
    assert compile_issue(in_language(sample, "nl", with_locale=False)).exit_code == 0
    html = built(sample, "email.html").read_text("utf-8")
    assert "Lees meer" in html and "Uitschrijven" in html
    # The sample footer's own sentences have no translation anywhere: they stay as written.
    assert "written by volunteers" in html


def test_the_package_footer_speaks_the_language_in_the_html_and_the_text(sample: Path) -> None:
    (sample / "templates" / "footer.j2").unlink()  # the sample's own footer words
    assert compile_issue(in_language(sample, "nl")).exit_code == 0
    sentence = "Je ontvangt Solidarity Bulletin omdat je je erop hebt ingeschreven."
    assert sentence in built(sample, "email.html").read_text("utf-8")
    assert sentence in " ".join(built(sample, "email.txt").read_text("utf-8").split())


def test_a_workspace_adds_a_language_without_touching_the_package(sample: Path) -> None:
    catalog = sample / "locale" / "es" / "LC_MESSAGES" / "letterpress.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_text(
        'msgid ""\nmsgstr ""\n"Language: es\\n"\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "Read more"\nmsgstr "Leer más"\n\n'
        'msgid "Issue %(number)s"\nmsgstr "Número %(number)s"\n',
        encoding="utf-8",
    )
    configure(sample, language="es")
    assert compile_issue(sample).exit_code == 0
    html = built(sample, "email.html").read_text("utf-8")
    assert "Leer más" in html and "Número 12 · 20 de junio de 2024" in html
    assert "Unsubscribe" in html  # untranslated: English, never an empty string


def test_a_workspace_catalog_rewords_one_string_and_the_package_gives_the_rest(
    sample: Path,
) -> None:
    in_language(sample, "nl")
    catalog = sample / "locale" / "nl" / "LC_MESSAGES" / "letterpress.po"
    catalog.write_text(
        catalog.read_text("utf-8") + '\nmsgid "Read more"\nmsgstr "Verder lezen"\n',
        encoding="utf-8",
    )
    assert compile_issue(sample).exit_code == 0
    html = built(sample, "email.html").read_text("utf-8")
    assert "Verder lezen" in html and "Lees meer" not in html
    assert "Uitschrijven" in html and "Het Solidariteitsbulletin" in html


def test_a_regional_language_uses_its_base_languages_catalog(sample: Path) -> None:
    configure(sample, language="nl-BE")
    assert compile_issue(sample).exit_code == 0
    html = built(sample, "email.html").read_text("utf-8")
    assert '<html lang="nl-BE"' in html and "Lees meer" in html and "20 juni 2024" in html


def test_a_broken_catalog_names_its_file(sample: Path) -> None:
    catalog = sample / "locale" / "nl" / "LC_MESSAGES" / "letterpress.po"
    catalog.parent.mkdir(parents=True, exist_ok=True)
    catalog.write_text('msgid "Read more"\nLees meer\n', encoding="utf-8")
    configure(sample, language="nl")
    result = compile_issue(sample)
    assert result.exit_code == 1
    assert "locale/nl/LC_MESSAGES/letterpress.po" in result.stderr
    assert "Traceback" not in result.output


def test_an_edited_catalog_is_read_again(tmp_path: Path) -> None:
    """The preview runs for hours: a translator's save shows in the next build."""
    catalog = tmp_path / "locale" / "nl" / "LC_MESSAGES" / "letterpress.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_text('msgid "Read more"\nmsgstr "Lees verder"\n', encoding="utf-8")
    assert translations("nl", tmp_path).gettext("Read more") == "Lees verder"
    catalog.write_text('msgid "Read more"\nmsgstr "Meer lezen"\n', encoding="utf-8")
    later = time.time() + 5
    os.utime(catalog, (later, later))
    assert translations("nl", tmp_path).gettext("Read more") == "Meer lezen"


def test_a_right_to_left_language_sets_dir_on_the_email_and_the_web_page(sample: Path) -> None:
    configure(sample, language="ar")
    assert compile_issue(sample).exit_code == 0
    html = built(sample, "email.html").read_text("utf-8")
    assert '<html lang="ar" dir="rtl"' in html
    assert "direction:rtl" in html and "text-align:right" in html
    assert '<html lang="ar" dir="rtl">' in built(sample, "index.html").read_text("utf-8")
    assert [text_direction(lang) for lang in ("he", "fa", "ur", "nl", "fr", "en-GB")] == [
        "rtl",
        "rtl",
        "rtl",
        "ltr",
        "ltr",
        "ltr",
    ]


def test_longdate_is_written_by_babel_in_the_language() -> None:
    day = dt.date(2024, 6, 20)
    assert longdate(day, "en") == "20 June 2024"
    assert longdate(day, "en-US") == "June 20, 2024"
    assert longdate(day, "nl") == "20 juni 2024"
    assert longdate(day, "fr") == "20 juin 2024"
    assert longdate(day, "de") == "20. Juni 2024"
    assert longdate(day, "xx") == "20 June 2024"  # a language Babel does not know


def test_the_longdate_filter_keeps_its_name_and_arguments(sample: Path) -> None:
    env = make_environment(load_workspace(sample))
    template = env.from_string("{{ day|longdate('fr') }} / {{ day|longdate }}")
    assert template.render(day=dt.date(2024, 7, 1)) == "1 juillet 2024 / 1 July 2024"


def template_messages() -> set[str]:
    """Every msgid the package's templates use, as pybabel extract (babel.cfg) finds them."""
    from babel.messages.extract import extract_from_dir

    options = {"trim_blocks": "True", "lstrip_blocks": "True"}
    found = extract_from_dir(
        str(TEMPLATES),
        method_map=[("**.j2", "jinja2")],
        options_map={"**.j2": options},
        keywords={"_": None, "gettext": None},
    )
    return {message for _, _, message, _, _ in found if isinstance(message, str)}


def catalog(path: Path) -> dict[str, str]:
    from babel.messages.pofile import read_po

    with path.open("rb") as file:
        read = read_po(file, abort_invalid=True)
    return {str(m.id): str(m.string) for m in read if m.id and not m.fuzzy}


def test_the_template_and_catalogs_hold_exactly_the_templates_strings() -> None:
    wanted = template_messages() | MESSAGES_IN_CODE
    assert {"Read more", "Issue %(number)s", "Unsubscribe", "Links"} <= wanted
    regenerate = "update src/letterpress/locale/letterpress.pot and each .po (see babel.cfg)"
    assert set(catalog(PACKAGE_LOCALE / "letterpress.pot")) == wanted, regenerate
    for language in ("nl", "fr"):
        translated = catalog(PACKAGE_LOCALE / language / "LC_MESSAGES" / "letterpress.po")
        assert set(translated) == wanted, f"{language}: {regenerate}"
        for msgid, msgstr in translated.items():
            assert msgstr, f"{language}: {msgid!r} has no translation"
            placeholders = sorted(re.findall(r"%\(\w+\)s", msgid))
            assert sorted(re.findall(r"%\(\w+\)s", msgstr)) == placeholders, msgid


def test_default_section_titles_follow_the_language_and_written_ones_stay(sample: Path) -> None:
    in_language(sample, "nl")
    config = sample / "letterpress.toml"
    config.write_text(
        config.read_text().replace("[sections.labour]", '[sections.labour]\ntitle = "Werk"')
    )
    assert compile_issue(sample).exit_code == 0
    data = json.loads(built(sample, "issue.json").read_text("utf-8"))
    titles = [s["title"] for s in data["sections"]]
    assert titles[:4] == ["Gezondheid", "Palestina", "Werk", "Verkiezingen"]
    assert data["unsectioned"] and ">Kort</h2>" in built(sample, "email.html").read_text("utf-8")
    assert "GEZONDHEID" in built(sample, "email.txt").read_text("utf-8")


def test_a_language_without_a_catalog_is_a_warning_and_stays_english(sample: Path) -> None:
    in_language(sample, "de")
    result = compile_issue(sample)
    assert result.exit_code == 0
    assert "language 'de' has no catalog" in result.stderr
    assert "Read more" in built(sample, "email.html").read_text("utf-8")
