"""The 14 districts of Sachsen-Anhalt and the tolerant look-up of a district by key, AGS,
slug or name."""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Final

from schulerfolg._core.i18n import N_
from schulerfolg._core.suggest import close_matches, either
from schulerfolg._directory.files import data_file, shown_name
from schulerfolg._model.organisations import District
from schulerfolg._wire.converter import make_converter, structure
from schulerfolg._wire.toml_files import read_table, read_toml
from schulerfolg.errors import DocumentError, NotFoundError, Problem, Text

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def fold_name(text: str) -> str:
    """Fold a district name or slug for tolerant look-up.

    Case, umlaut spelling (``ö``/``oe``), ``ß``/``ss``, punctuation and spacing are ignored:
    ``"Dessau-Rosslau"``, ``"dessau-roßlau"`` and ``"DESSAU ROSSLAU"`` fold alike.  (The
    district index also stores the plain-vowel spelling, so ``"Borde"`` finds Börde.)  A
    query is folded only once it is written as a reference may be (:func:`_well_formed`);
    anything folds for the suggestions of a query that is not.
    """
    text = text.casefold().translate(_UMLAUTS)
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if ch.isalnum())


def _fold_variants(text: str) -> set[str]:
    # "Börde" may be typed as "Boerde" or "Borde": index both foldings.
    plain = unicodedata.normalize("NFKD", text.casefold().replace("ß", "ss"))
    plain = "".join(ch for ch in plain if ch.isalnum())
    return {fold_name(text), plain}


_NAME_PREFIXES = ("stadt ", "landeshauptstadt ", "landkreis ", "kreis ")

#: A word of a reference: ASCII letters and digits, the umlauts (composed, or a vowel with a
#: combining diaeresis) and ``ß`` — nothing a district's key, AGS, slug or name could not be
#: spelt with.  Checked before normalising and case folding, which would make ``K`` of the
#: Kelvin sign or ``s`` of the long s.
_WORD: Final = "(?:[A-Za-z0-9ÄÖÜäöüßẞ]|[AOUaou]\u0308)+"
#: Words joined by spaces or a hyphen.
_WORDS: Final = f"{_WORD}(?:(?: +| *- *){_WORD})*"
#: A reference as it may be written: words, and at the end a part in parentheses
#: (``Halle (Saale)``).  Anything else — other punctuation, other digits or dashes, invisible
#: characters, lone surrogates — is no spelling of a district.
_REFERENCE: Final = re.compile(f"{_WORDS}(?: *\\( *{_WORDS} *\\))?")


@functools.cache
def districts() -> tuple[District, ...]:
    """The 14 districts of Sachsen-Anhalt, in key order."""
    name = shown_name("districts.toml")
    records = read_table(
        read_toml(data_file("districts.toml"), source=name), "district", source=name
    )
    # A record converter: the district file holds whole districts, not references to them.
    records_converter = make_converter()
    problems: list[Problem] = []
    found: list[District] = []
    for index, record in enumerate(records):
        try:
            found.append(structure(records_converter, record, District))
        except DocumentError as exc:
            problems.extend(exc.under(f"$.district[{index}]").problems)
    if problems:
        raise DocumentError(problems, source=name)
    return tuple(sorted(found, key=lambda d: d.key))


@functools.cache
def _district_index() -> dict[str, District]:
    index: dict[str, District] = {}
    for item in districts():
        names = {item.key, item.ags, item.slug, item.name}
        lowered = item.name.casefold()
        for prefix in _NAME_PREFIXES:
            if lowered.startswith(prefix):
                names.add(item.name[len(prefix) :])
        for name in list(names):
            if "(" in name:  # "Halle (Saale)" is also just "Halle"
                names.add(name.split("(")[0].strip())
        for name in names:
            for folded in _fold_variants(name):
                index.setdefault(folded, item)
    return index


def district(query: str) -> District:
    """Look up a district by key (``"15001"``), AGS (``"15001000"``), slug or name.

    Names are matched tolerantly: ``"Dessau-Rosslau"``, ``"dessau-roßlau"`` and
    ``"Stadt Dessau-Roßlau"`` all find Dessau-Roßlau.  Only letters, the digits 0–9, spaces,
    hyphens and a final part in parentheses make a reference: ``"Dessau-Roßlau!"`` or
    ``"１５００１"`` find nothing.  An unknown district raises :class:`~schulerfolg.NotFoundError`
    (with the districts like it).
    """
    if not isinstance(query, str):
        return _district_uncached(query)
    return _district_cached(query)


@functools.lru_cache(maxsize=1024)
def _district_cached(query: str) -> District:
    # Documents name their district again and again; folding the name is the costly part.
    return _district_uncached(query)


def _well_formed(query: str) -> str | None:
    """``query`` case-folded, if it is written as a reference may be, else ``None``.

    White space around it is ignored and an umlaut may be composed or decomposed (``ö`` or
    ``o`` with U+0308); the rest is :data:`_REFERENCE`.
    """
    text = query.strip()
    if not _REFERENCE.fullmatch(text):
        return None
    return unicodedata.normalize("NFC", text).casefold()


def _district_uncached(query: str) -> District:
    found = None
    lowered = _well_formed(query) if isinstance(query, str) else None
    if lowered is not None:
        index = _district_index()
        found = index.get(fold_name(lowered))
        for prefix in _NAME_PREFIXES:
            if found is None and lowered.startswith(prefix):
                found = index.get(fold_name(lowered[len(prefix) :]))
    if found is None:
        raise NotFoundError(_unknown(query))
    return found


def _unknown(query: object) -> Text:
    """The message on an unknown district: the districts like it, and how to name one."""
    advice = Text(
        N_(
            "use a key such as '15001', a slug such as 'dessau-rosslau' or a name; "
            "`schulerfolg districts` lists them"
        )
    )
    names = _suggestions(query)
    if names:
        return Text(
            N_("unknown district: {query} — did you mean {names}? ({advice})"),
            {"query": repr(query), "names": either(names), "advice": advice},
        )
    return Text(
        N_("unknown district: {query} ({advice})"), {"query": repr(query), "advice": advice}
    )


def _suggestions(query: object) -> list[str]:
    """The districts whose key, slug or folded name is like ``query`` (as they print)."""
    if not isinstance(query, str):
        return []
    index = _district_index()
    # Any script's digits count as theirs here ("١٥٠٠١" is like "15001"), never in a look-up.
    digits = "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in query)
    matches = close_matches(fold_name(digits), index)
    return list(dict.fromkeys(str(index[match]) for match in matches))
