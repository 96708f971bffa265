"""Translations: the German catalog is complete and consistent, and languages are chosen strictly.

In the spirit of python-holidays' l10n tests: the catalog is read with babel, every message the
source marks with ``N_()`` must have a non-empty, non-fuzzy German translation with the same
placeholders, and nothing in the catalog may be obsolete, stale or duplicated.  Adding a message
without translating it makes these tests fail.  (How messages render: tests/rules/test_messages.py.)
"""

from __future__ import annotations

import ast
import io
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

import schulerfolg
from schulerfolg import Finding, NotFoundError, Severity, state_rulebook
from schulerfolg._core.i18n import (
    DEFAULT_LANGUAGE,
    DOMAIN,
    LANGUAGES,
    babel_locale,
    core_catalog_path,
    language_of,
    translations,
)
from schulerfolg._rules.findings import placeholders
from schulerfolg._rules.messages import LABELS
from schulerfolg.plugins import STATE_CODES

PACKAGE_DIR = Path(schulerfolg.__file__).parent


CORE_PO = PACKAGE_DIR / "locale" / "de" / "LC_MESSAGES" / f"{DOMAIN}.po"


def load_catalog(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale="de", domain=DOMAIN)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(CORE_PO)


def entries(catalog: Catalog) -> dict[str, str]:
    """msgid -> msgstr of every real entry (the header has the empty msgid)."""
    return {str(m.id): str(m.string) for m in catalog if m.id}


def raw_msgids(path: Path) -> list[str]:
    """Every msgid as written in the file, also repeated ones (which read_po would merge)."""
    found: list[str] = []
    current: list[str] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if stripped.startswith("msgid "):
            current = [ast.literal_eval(stripped[len("msgid ") :])]
        elif stripped.startswith('"') and current is not None:
            current.append(ast.literal_eval(stripped))
        elif current is not None:
            found.append("".join(current))
            current = None
    if current is not None:
        found.append("".join(current))
    return [msgid for msgid in found if msgid]


def catalog_dir_for(source: Path) -> Path:
    """The package directory whose ``locale`` catalogs own the messages of ``source``.

    The library's own messages belong to ``src/schulerfolg/locale``; a plugin package inside the
    tree that ships its own ``locale`` directory owns its messages (they are merged at runtime).
    """
    directory = source.parent
    while directory != PACKAGE_DIR and not (directory / "locale").is_dir():
        directory = directory.parent
    return directory


def extracted_messages() -> dict[Path, set[str]]:
    """Every ``N_("...")`` string in the source and every ``note`` of its TOML data, grouped by
    the catalog directory owning it."""
    grouped: dict[Path, set[str]] = {}
    for filename, _lineno, message, _comments, _context in extract_from_dir(
        str(PACKAGE_DIR),
        # Python's N_() and the notes of the bundled TOML data and built-in plugins.
        method_map=[("**.py", "python"), ("**.toml", "schulerfolg-notes")],
        keywords={"N_": None},
        comment_tags=(),
        strip_comment_tags=True,
        # Like `pybabel extract` (which skips only hidden directories), and unlike babel's legacy
        # default here, which would skip the private subpackages (`_core`, `_rules`, ...).
        directory_filter=lambda path: not Path(path).name.startswith("."),
    ):
        text = message if isinstance(message, str) else message[0]
        owner = catalog_dir_for(PACKAGE_DIR / filename)
        grouped.setdefault(owner, set()).add(text)
    return grouped


def catalog_ids_in(directory: Path) -> set[str]:
    ids: set[str] = set()
    for path in sorted((directory / "locale").glob("de/LC_MESSAGES/*.po")):
        ids |= set(entries(load_catalog(path)))
    return ids


# --------------------------------------------------------------------------------------------
# The catalog file


def test_the_catalog_is_where_the_library_looks() -> None:
    assert core_catalog_path("de") == CORE_PO
    assert CORE_PO.is_file()


def test_catalog_header(catalog: Catalog) -> None:
    assert str(catalog.locale) == "de"
    assert catalog.charset.lower() == "utf-8"
    assert catalog.num_plurals == 2


@pytest.mark.parametrize("code", sorted(STATE_CODES))
def test_every_core_message_has_a_german_translation(catalog: Catalog, code: str) -> None:
    template = STATE_CODES[code].template
    message = catalog.get(template)
    assert message is not None, f"{code}: template not in the catalog: {template!r}"
    assert message.string, f"{code}: empty translation"
    assert not message.fuzzy, f"{code}: translation marked fuzzy"
    assert message.string != template, f"{code}: not translated"


@pytest.mark.parametrize("key", sorted(LABELS))
def test_every_label_has_a_german_translation(catalog: Catalog, key: str) -> None:
    label = LABELS[key]
    message = catalog.get(label)
    assert message is not None, f"label {key}: {label!r} not in the catalog"
    assert message.string, f"label {key}: empty translation"
    assert not message.fuzzy, f"label {key}: translation marked fuzzy"


def test_no_entry_is_fuzzy_or_empty(catalog: Catalog) -> None:
    bad = [m.id for m in catalog if m.id and (m.fuzzy or not m.string)]
    assert bad == []


def test_placeholders_of_msgid_and_msgstr_agree(catalog: Catalog) -> None:
    mismatched = {
        msgid: (sorted(placeholders(msgid)), sorted(placeholders(msgstr)))
        for msgid, msgstr in entries(catalog).items()
        if placeholders(msgid) != placeholders(msgstr)
    }
    assert mismatched == {}


def test_brace_format_is_flagged(catalog: Catalog) -> None:
    missing = [
        m.id
        for m in catalog
        if m.id and placeholders(str(m.id)) and "python-brace-format" not in m.flags
    ]
    assert missing == []


def test_no_obsolete_entries(catalog: Catalog) -> None:
    assert dict(catalog.obsolete) == {}
    assert "#~" not in CORE_PO.read_text(encoding="utf-8")


def test_no_duplicate_entries() -> None:
    ids = raw_msgids(CORE_PO)
    assert len(ids) >= len(STATE_CODES) + len(set(LABELS.values()))
    duplicates = [msgid for msgid, count in Counter(ids).items() if count > 1]
    assert duplicates == []


def test_raw_reading_agrees_with_babel(catalog: Catalog) -> None:
    assert set(raw_msgids(CORE_PO)) == set(entries(catalog))


# --------------------------------------------------------------------------------------------
# Source and catalog in step


def test_extraction_finds_the_marked_messages() -> None:
    core = extracted_messages()[PACKAGE_DIR]
    assert {message.template for message in STATE_CODES.values()} <= core
    assert set(LABELS.values()) <= core
    assert "Outcome" in core  # the command line's own text


def test_every_marked_string_in_the_source_is_in_the_catalog() -> None:
    untranslated = {
        str(owner.relative_to(PACKAGE_DIR.parent)): sorted(messages - catalog_ids_in(owner))
        for owner, messages in extracted_messages().items()
    }
    assert {owner: ids for owner, ids in untranslated.items() if ids} == {}


def test_every_catalog_entry_is_still_used_in_the_source(catalog: Catalog) -> None:
    stale = set(entries(catalog)) - extracted_messages()[PACKAGE_DIR]
    assert stale == set()


def test_the_compiled_catalog_translates_every_entry(catalog: Catalog) -> None:
    german = translations("de")
    for msgid, msgstr in entries(catalog).items():
        assert german.gettext(msgid) == msgstr


def test_english_needs_no_catalog() -> None:
    english = translations("en")
    for message in STATE_CODES.values():
        assert english.gettext(message.template) == message.template


def test_extra_catalogs_are_merged_over_the_core() -> None:
    extra = Catalog(locale="de", domain=DOMAIN)
    extra.add("school", "Bildungseinrichtung")
    extra.add("A plugin's own text", "Ein eigener Text des Plugins")
    buffer = io.BytesIO()
    write_mo(buffer, extra)
    buffer.seek(0)
    merged = translations("de", [Translations(fp=buffer, domain=DOMAIN)])
    assert merged.gettext("school") == "Bildungseinrichtung"
    assert merged.gettext("A plugin's own text") == "Ein eigener Text des Plugins"
    assert merged.gettext("pupils") == translations("de").gettext("pupils")
    # The cached core translations are not changed by merging.
    assert translations("de").gettext("school") != "Bildungseinrichtung"


# --------------------------------------------------------------------------------------------
# Languages


@pytest.mark.parametrize(
    ("locale", "language"),
    [
        ("de", "de"),
        ("de_DE", "de"),
        ("de-AT", "de"),
        ("DE", "de"),
        ("en", "en"),
        ("en_GB", "en"),
        ("en_US", "en"),
        ("en-gb", "en"),
    ],
)
def test_language_of_accepts_german_and_english(locale: str, language: str) -> None:
    assert language_of(locale) == language


@pytest.mark.parametrize("locale", ["fr", "fr_FR", "nl", "", "deu", "english"])
def test_language_of_rejects_other_languages(locale: str) -> None:
    with pytest.raises(NotFoundError):
        language_of(locale)


def test_languages_and_default() -> None:
    assert LANGUAGES == ("de", "en")
    assert DEFAULT_LANGUAGE == "de"
    assert babel_locale("de") == "de_DE"
    assert babel_locale("en_GB") == "en_GB"
    assert babel_locale("en") == "en_GB"


def test_translations_reject_unknown_languages() -> None:
    with pytest.raises(NotFoundError):
        translations("fr")
    with pytest.raises(NotFoundError):
        state_rulebook().message(Finding(code="document.missing", severity=Severity.ERROR), "fr")


@pytest.mark.parametrize(
    ("environ", "language"),
    [
        ({}, "de"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANG": "en"}, "en"),
        ({"LANG": "de_AT@euro"}, "de"),
        ({"LANG": "C"}, "de"),
        ({"LANG": "pl_PL.UTF-8"}, "de"),
        ({"LANG": "de_DE.UTF-8", "LC_ALL": "en_US.UTF-8"}, "en"),
        ({"LANG": "de_DE.UTF-8", "LC_MESSAGES": "en_US.UTF-8"}, "en"),
        ({"LC_ALL": "", "LANG": "en_US"}, "en"),
    ],
)
def test_the_language_of_the_locale(environ: dict[str, str], language: str) -> None:
    from schulerfolg._core.i18n import language_from_environment

    assert language_from_environment(environ) == language
