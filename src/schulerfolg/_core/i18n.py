"""Translations: gettext catalogs handled with babel.

Message ids are English; German (the default language) comes from
``locale/de/LC_MESSAGES/schulerfolg.po``.  The wheel carries it compiled (``.mo``, written by
the build hook in ``hatch_build.py``; never kept in the repository), which is read as it is;
where only the ``.po`` file exists (a checkout, an editable install) it is compiled in memory
with babel on first use — reading a ``.po`` file costs ~25 ms, a third of a command's
start-up.  District plugins ship their own catalogs, which are merged over the library's with
``Translations.merge``.
"""

from __future__ import annotations

import functools
import io
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Final

from babel.support import NullTranslations, Translations

from schulerfolg.errors import NotFoundError

DOMAIN: Final = "schulerfolg"
#: Languages the library speaks; German is the default.
LANGUAGES: Final = ("de", "en")
DEFAULT_LANGUAGE: Final = "de"
# The package's catalogs (a folder in the installed package: wheels are never zipped).
_LOCALE: Final = Path(__file__).resolve().parent.parent / "locale"


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark, translate later"
    """Mark a string for extraction without translating it (``pybabel extract -k N_``)."""
    return message


def language_of(locale: str) -> str:
    """The language part of a locale name (``"de_DE"`` → ``"de"``); unknown ones raise."""
    language = locale.replace("-", "_").split("_")[0].lower()
    if language not in LANGUAGES:
        raise NotFoundError(f"unsupported language {locale!r}; use one of {', '.join(LANGUAGES)}")
    return language


def language_from_environment(environ: Mapping[str, str] | None = None) -> str:
    """The language the locale asks for — ``LC_ALL``, else ``LC_MESSAGES``, else ``LANG``, as
    POSIX orders them (``de_DE.UTF-8`` → ``de``) — if the library speaks it; else German."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            language = value.split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
            return language if language in LANGUAGES else DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def babel_locale(language: str) -> str:
    """The babel locale used for numbers and dates in a language."""
    return {"de": "de_DE", "en": "en_GB"}[language_of(language)]


def compile_po(path: Path, *, language: str, domain: str) -> Translations:
    """Compile a ``.po`` file into babel translations, in memory."""
    # babel's catalog reader is imported only here: a compiled catalog needs none of it.
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language, domain=domain)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer, domain=domain)


def core_catalog_path(language: str) -> Path:
    """Where the library's catalog for ``language`` lives."""
    return _LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def _core(language: str) -> NullTranslations:
    path = core_catalog_path(language)
    compiled = path.with_suffix(".mo")
    if compiled.exists():  # an installed wheel
        with compiled.open("rb") as handle:
            return Translations(fp=handle, domain=DOMAIN)
    if not path.exists():  # English: the message ids are the text
        return NullTranslations()
    return compile_po(path, language=language, domain=DOMAIN)


def translations(language: str, extra: Iterable[Translations] = ()) -> NullTranslations:
    """The library's translations for ``language``, with plugin catalogs merged over them."""
    base = _core(language_of(language))
    extras = tuple(extra)
    if not extras:
        return base
    merged = Translations()
    if isinstance(base, Translations):
        merged.merge(base)
    for catalog in extras:
        merged.merge(catalog)
    return merged
