"""Bundled reference data: the 14 districts, their network offices, the programme and its cycles.

The data are TOML files in ``schulerfolg/data`` read through the library's converter (never hand
parsed), each record with its source and as-of date.  They are read once per process.
"""

from __future__ import annotations

import functools
import unicodedata
from importlib.resources import files
from pathlib import Path

from schulerfolg._converter import (
    from_dict,
    from_json,
    read_table,
    read_toml,
    structure_district_record,
)
from schulerfolg._errors import DocumentError, NotFoundError, Problem
from schulerfolg._model import Application, District, NetworkOffice, Programme

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def _data_file(name: str) -> Path:
    return Path(str(files("schulerfolg") / "data" / name))


def fold_name(text: str) -> str:
    """Fold a district name or slug for tolerant look-up.

    Case, umlaut spelling (``ö``/``oe``), ``ß``/``ss``, punctuation and spacing are ignored:
    ``"Dessau-Rosslau"``, ``"dessau-roßlau"`` and ``"DESSAU ROSSLAU"`` fold alike.  (The
    district index also stores the plain-vowel spelling, so ``"Borde"`` finds Börde.)
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


@functools.cache
def districts() -> tuple[District, ...]:
    """The 14 districts of Sachsen-Anhalt, in key order."""
    file = _data_file("districts.toml")
    document = read_toml(file, source="schulerfolg/data/districts.toml")
    records = read_table(document, "district", source="schulerfolg/data/districts.toml")
    problems: list[Problem] = []
    found: list[District] = []
    for index, record in enumerate(records):
        try:
            found.append(structure_district_record(record))
        except DocumentError as exc:
            problems.extend(exc.under(f"$.district[{index}]").problems)
    if problems:
        raise DocumentError(problems, source="schulerfolg/data/districts.toml")
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
    ``"Stadt Dessau-Roßlau"`` all find Dessau-Roßlau.  An unknown district raises
    :class:`~schulerfolg.NotFoundError`.
    """
    if not isinstance(query, str):
        return _district_uncached(query)
    return _district_cached(query)


@functools.lru_cache(maxsize=1024)
def _district_cached(query: str) -> District:
    # Documents name their district again and again; folding the name is the costly part.
    return _district_uncached(query)


def _district_uncached(query: str) -> District:
    found = None
    if isinstance(query, str):
        index = _district_index()
        found = index.get(fold_name(query))
        lowered = query.strip().casefold()
        for prefix in _NAME_PREFIXES:
            if found is None and lowered.startswith(prefix):
                found = index.get(fold_name(lowered[len(prefix) :]))
    if found is None:
        raise NotFoundError(
            f"unknown district: {query!r} (use a key such as '15001', a slug such as "
            "'dessau-rosslau' or a name; `schulerfolg districts` lists them)"
        )
    return found


@functools.cache
def programme() -> Programme:
    """The programme „Schulerfolg sichern“ with its funding cycles and co-financing shares."""
    file = _data_file("programme.toml")
    name = "schulerfolg/data/programme.toml"
    return from_dict(read_toml(file, source=name), Programme, source=name)


@functools.cache
def network_offices() -> tuple[NetworkOffice, ...]:
    """Every bundled network office, in district-key order."""
    source = "schulerfolg/data/network_offices.toml"
    document = read_toml(_data_file("network_offices.toml"), source=source)
    records = read_table(document, "network_office", source=source)
    try:
        offices = from_dict(records, tuple[NetworkOffice, ...], source=source)
    except DocumentError as exc:
        raise exc.under("$.network_office") from None
    seen: dict[str, int] = {}
    problems: list[Problem] = []
    for index, office in enumerate(offices):
        if office.district.key in seen:
            problems.append(
                Problem(
                    path=f"$.network_office[{index}].district",
                    message=f"a second network office for {office.district} "
                    f"(the first is $.network_office[{seen[office.district.key]}]); "
                    "there is one per district",
                )
            )
        seen.setdefault(office.district.key, index)
    if problems:
        raise DocumentError(problems, source=source)
    return tuple(sorted(offices, key=lambda office: office.district.key))


def network_office(query: str | District) -> NetworkOffice:
    """The network office of a district (by key, slug, name or :class:`District`)."""
    wanted = query if isinstance(query, District) else district(query)
    for office in network_offices():
        if office.district == wanted:
            return office
    raise NotFoundError(f"no network office is recorded for {wanted}")


def example_application_text() -> str:
    """The bundled example application document (JSON text)."""
    return _data_file("examples/application.json").read_text(encoding="utf-8")


def example_application() -> Application:
    """The bundled example application, read and validated through the converter."""
    return from_json(
        example_application_text(), Application, source="schulerfolg/data/examples/application.json"
    )
