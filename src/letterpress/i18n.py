"""The newsletter's language: the templates' fixed strings, its dates and its writing direction.

The fixed strings come from gettext catalogs a translator edits: letterpress.po files, read
as they are at run time (no compiled .mo file to ship or keep in step with its .po). The
workspace's ``locale/<lang>/LC_MESSAGES/letterpress.po`` is found before the package's, so a
workspace can add a language, or reword a few strings of one, without touching the package;
what its catalog lacks comes from the package's, and what neither has stays in English.

Babel is imported only when a catalog is read or a date written: an English newsletter with
no catalog of its own reads none.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext
from pathlib import Path
from typing import TYPE_CHECKING

from letterpress.errors import ConfigError

if TYPE_CHECKING:
    from babel import Locale

DOMAIN = "letterpress"
PACKAGE_LOCALE = Path(__file__).resolve().parent / "locale"
# Languages written right to left, for when Babel does not know the language at all.
RTL_LANGUAGES = frozenset(
    {"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ps", "sd", "syr", "ug", "ur", "yi"}
)


def locale_dirs(workspace_root: Path) -> list[Path]:
    """Where catalogs are looked for, first found first used."""
    return [workspace_root / "locale", PACKAGE_LOCALE]


def catalog_paths(language: str, workspace_root: Path) -> list[Path]:
    """The letterpress.po files for ``language``, most specific first: nl_BE before nl.

    The workspace's catalogs come before the package's for each of those.
    """
    tag = babel_tag(language)
    names = [tag] + ([tag.split("_")[0]] if "_" in tag else [])
    return [
        path
        for name in names
        for folder in locale_dirs(workspace_root)
        if (path := folder / name / "LC_MESSAGES" / f"{DOMAIN}.po").is_file()
    ]


def translations(language: str, workspace_root: Path) -> gettext.NullTranslations:
    """The templates' strings in ``language``: its catalogs chained, the first found first."""
    paths = catalog_paths(language, workspace_root)
    if not paths:
        return gettext.NullTranslations()
    # Keyed on each file's size and time too, so the long-running preview sees an edit.
    stamps = []
    for path in paths:
        stat = path.stat()
        stamps.append((path, stat.st_mtime_ns, stat.st_size))
    return _chained(language, workspace_root, tuple(stamps))


@functools.lru_cache(maxsize=16)
def _chained(
    language: str, workspace_root: Path, stamps: tuple[tuple[Path, int, int], ...]
) -> gettext.NullTranslations:
    first, *rest = (_read_catalog(path, language, workspace_root) for path, _, _ in stamps)
    for fallback in rest:
        first.add_fallback(fallback)
    return first


def _read_catalog(path: Path, language: str, workspace_root: Path) -> gettext.NullTranslations:
    """One .po file as a gettext translations object, without writing a .mo anywhere."""
    from io import BytesIO

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import PoFileError, read_po
    from babel.support import Translations

    try:
        with path.open("rb") as file:
            catalog = read_po(file, locale=babel_tag(language), domain=DOMAIN, abort_invalid=True)
    except (PoFileError, OSError, UnicodeDecodeError, ValueError) as error:
        where = _display(path, workspace_root)
        raise ConfigError(where, f"not a catalog letterpress can read: {error}") from error
    compiled = BytesIO()
    # Fuzzy entries are a translator's unchecked guesses: gettext's tools leave them out too.
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(fp=compiled, domain=DOMAIN)


def _display(path: Path, workspace_root: Path) -> str:
    try:
        return str(path.relative_to(workspace_root))
    except ValueError:
        return str(path)


def babel_tag(language: str) -> str:
    """A language as Babel names it: "nl-BE" is nl_BE."""
    return language.strip().replace("-", "_") or "en"


@functools.cache
def babel_locale(language: str) -> Locale:
    """The Babel locale for dates; a bare "en" is international English (CLDR's en_001).

    So "en" writes 20 June 2024, day before month as most English readers outside the US
    do; "en-US" writes June 20, 2024. A language Babel does not know falls back to that.
    """
    from babel import Locale, UnknownLocaleError

    tag = babel_tag(language)
    try:
        return Locale.parse("en_001" if tag == "en" else tag)
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en_001")


def longdate(value: dt.date, language: str = "en") -> str:
    """A date in full in ``language``: 20 June 2024, 20 juni 2024, 20 juin 2024."""
    from babel.dates import format_date

    return format_date(value, "long", locale=babel_locale(language))


@functools.cache
def text_direction(language: str) -> str:
    """ "rtl" for a language written right to left (Arabic, Hebrew, Persian...), else "ltr"."""
    from babel import Locale, UnknownLocaleError

    tag = babel_tag(language)
    try:
        order = Locale.parse(tag).character_order
    except (UnknownLocaleError, ValueError):
        return "rtl" if tag.split("_")[0].lower() in RTL_LANGUAGES else "ltr"
    return "rtl" if order == "right-to-left" else "ltr"
