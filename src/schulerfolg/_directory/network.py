"""The directory of the network: the bundled offices, sponsors, the state coordination office
and figures, and a district's own directory files (TOML or JSON) loaded on top.

A district's directory file names its ``district`` once; its records belong to that district.
``source`` and ``as_of`` at the top are the defaults of every record that gives none.  Each
file is checked as a whole: every problem (types, unknown keys, duplicate ids, references that
do not resolve, a school without school social work that has some) is reported together, with
the file and the JSON path of the offending key.  See ``docs/directory.md``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any, Final

import attrs

from schulerfolg._core.i18n import N_
from schulerfolg._core.provenance import Source
from schulerfolg._core.texts import os_reason
from schulerfolg._directory.districts import district as find_district
from schulerfolg._directory.documents import from_dict
from schulerfolg._directory.files import data_file, shown_name
from schulerfolg._directory.offices import network_offices
from schulerfolg._directory.programme import programme
from schulerfolg._model.directory import (
    ContactEntry,
    CooperationAgreement,
    Directory,
    PartnerEntry,
    SchoolEntry,
    SchoolSocialWorker,
    SchoolSocialWorkFigure,
    SchoolSocialWorkProjectEntry,
    SponsorEntry,
    StateCoordinationOffice,
)
from schulerfolg._model.organisations import District, NetworkOffice
from schulerfolg._wire.json_text import parse_json
from schulerfolg._wire.paths import unknown_key
from schulerfolg._wire.toml_files import read_toml
from schulerfolg.errors import DocumentError, NotFoundError, Problem, Text

#: The tables of a directory file, with the record type of each.
TABLES: Final[Mapping[str, type]] = {
    "contact": ContactEntry,
    "sponsor": SponsorEntry,
    "partner": PartnerEntry,
    "school": SchoolEntry,
    "school_social_work_project": SchoolSocialWorkProjectEntry,
    "school_social_worker": SchoolSocialWorker,
    "cooperation_agreement": CooperationAgreement,
    "figure": SchoolSocialWorkFigure,
}
#: Tables whose records carry their district (a district file fills in its own).
_WITH_DISTRICT: Final = frozenset({"contact", "sponsor", "partner", "school", "figure"})
#: A valid stand-in for a top-level default that is itself wrong: that default's problem is
#: reported once, at its own path, not again at every record that would have taken it (and
#: nothing of a file with a problem is used).
_STAND_INS: Final = {
    "source": {"reference": "-"},
    "district": "15001",
}
#: Tables whose records carry provenance (every one but the office contacts).
_HEADER_KEYS: Final = frozenset({"district", "source", "as_of", "state_coordination"})


@attrs.frozen(kw_only=True)
class _Parts:
    """What one file contributes, checked on its own."""

    district: District | None = None
    state_coordination: StateCoordinationOffice | None = None
    tables: Mapping[str, tuple[_Indexed, ...]] = attrs.field(factory=dict)


def _read(path: Path, source: str) -> Any:
    """A directory file's plain data: TOML by its suffix, else JSON."""
    try:
        if path.suffix.lower() == ".toml":
            return read_toml(path, source=source)
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(
            [
                Problem.of(
                    "$",
                    Text(N_("cannot read the file: {reason}"), {"reason": os_reason(exc)}),
                    code="unreadable",
                )
            ],
            source=source,
        ) from None
    return parse_json(data, source=source)


def _parts(document: object, source: str, *, bundled: bool) -> tuple[_Parts, list[Problem]]:
    """Read one directory document into records, with every problem found on the way: a record
    that cannot be read is left out of the parts (and its problems listed), so that the
    references of the others are still checked."""
    if not isinstance(document, dict):
        problem = Problem.of("$", Text(N_("expected a table of directory records")), code="type")
        return _Parts(), [problem]
    problems: list[Problem] = [
        unknown_key("$", key) for key in sorted(set(document) - _HEADER_KEYS - set(TABLES))
    ]
    district: District | None = None
    if "district" in document:
        named = document["district"]
        if not isinstance(named, str):
            problems.append(
                Problem.of("$.district", Text(N_("expected a district key or name")), code="type")
            )
        else:
            try:
                district = find_district(named)
            except NotFoundError as exc:
                problems.append(Problem.of("$.district", exc.as_text()))
    elif not bundled:
        problems.append(
            Problem.of("$.district", Text(N_("name the district this file is for")), code="missing")
        )
    defaults = _defaults(document, source, problems)
    coordination: StateCoordinationOffice | None = None
    if "state_coordination" in document:
        if not bundled:
            problems.append(
                Problem.of(
                    "$.state_coordination",
                    Text(N_("only the bundled directory records the state coordination office")),
                    code="unknown_key",
                )
            )
        else:
            try:
                coordination = from_dict(
                    {**defaults, **document["state_coordination"]},
                    StateCoordinationOffice,
                    source=source,
                )
            except DocumentError as exc:
                problems.extend(exc.under("$.state_coordination").problems)
    tables: dict[str, tuple[_Indexed, ...]] = {}
    for table, record_type in TABLES.items():
        if table in document:
            table_defaults = dict(defaults)
            if table in _WITH_DISTRICT and not bundled:
                table_defaults["district"] = (
                    district.key if district is not None else _STAND_INS["district"]
                )
            found = _records(document[table], table, record_type, table_defaults, source, problems)
            tables[table] = tuple(found)
    parts = _Parts(district=district, state_coordination=coordination, tables=tables)
    return parts, problems


def _defaults(document: Mapping[str, Any], source: str, problems: list[Problem]) -> dict[str, Any]:
    """The file's top-level ``source`` and ``as_of``, checked once here (a wrong one is
    reported at its own path, and a stand-in keeps the records from repeating it)."""
    defaults: dict[str, Any] = {}
    if "source" in document:
        try:
            from_dict(document["source"], Source, source=source)
            defaults["source"] = document["source"]
        except DocumentError as exc:
            problems.extend(exc.under("$.source").problems)
            defaults["source"] = _STAND_INS["source"]
    if "as_of" in document:
        try:
            from_dict(document["as_of"], date, source=source)
            defaults["as_of"] = document["as_of"]
        except DocumentError as exc:
            problems.extend(exc.under("$.as_of").problems)
    return defaults


def _records(
    value: object,
    table: str,
    record_type: type,
    defaults: Mapping[str, Any],
    source: str,
    problems: list[Problem],
) -> list[_Indexed]:
    """The readable records of one table, each with its index in the file (the file's defaults
    filled in where a record gives none); the problems of the others go to ``problems``."""
    if not isinstance(value, list):
        problems.append(
            Problem.of(f"$.{table}", Text(N_("expected a list of tables")), code="type")
        )
        return []
    found: list[_Indexed] = []
    for index, record in enumerate(value):
        data = {**defaults, **record} if isinstance(record, dict) else record
        read: object
        try:
            read = from_dict(data, record_type, source=source)
        except DocumentError as exc:
            problems.extend(exc.under(f"$.{table}[{index}]").problems)
            read = None
        if isinstance(data, dict):
            found.append(_Indexed(index=index, record=read, raw=data, table=table))
    return found


@attrs.frozen(kw_only=True)
class _Indexed:
    """A record of a file's table: its index there (problem paths name the file's own), the
    record (``None`` if it could not be read) and its plain data, whose ids and references are
    checked even when another of its keys is wrong."""

    index: int
    record: Any
    raw: Mapping[str, Any]
    table: str

    @property
    def where(self) -> str:
        """The record's path in its file: ``$.school[2]``."""
        return f"$.{self.table}[{self.index}]"

    def text(self, key: str) -> str | None:
        """The record's ``key`` if it is a text (else the converter has said what is wrong)."""
        value = self.raw.get(key)
        return value if isinstance(value, str) else None

    def texts(self, key: str) -> list[tuple[int, str]]:
        """The texts of the list ``key``, with their positions."""
        value = self.raw.get(key)
        if not isinstance(value, list):
            return []
        return [(i, item) for i, item in enumerate(value) if isinstance(item, str)]


class _Checker:
    """Checks what a file adds against everything loaded before it and against itself."""

    def __init__(self, known: _Loaded) -> None:
        self.known = known.directory
        #: Every id already given, per table, with the file that gave it.
        self.ids: Mapping[str, Mapping[str, str]] = known.origins

    def problems(self, parts: _Parts) -> Iterator[Problem]:
        yield from self._duplicates(parts)
        if parts.district is not None:
            yield from self._foreign_districts(parts)
        yield from self._references(parts)

    def _duplicates(self, parts: _Parts) -> Iterator[Problem]:
        for table, items in parts.tables.items():
            seen: dict[str, int] = {}
            for item in items:
                record_id = item.text("id")
                if record_id is None:
                    continue
                where = f"$.{table}[{item.index}].id"
                if record_id in seen:
                    yield Problem.of(
                        where,
                        Text(
                            N_("the id {id} is given twice in this file (first at {first})"),
                            {"id": repr(record_id), "first": f"$.{table}[{seen[record_id]}]"},
                        ),
                        code="duplicate",
                    )
                elif record_id in self.ids[table]:
                    yield Problem.of(
                        where,
                        Text(
                            N_("the id {id} is already used by {file}"),
                            {"id": repr(record_id), "file": self.ids[table][record_id]},
                        ),
                        code="duplicate",
                    )
                seen.setdefault(record_id, item.index)

    def _foreign_districts(self, parts: _Parts) -> Iterator[Problem]:
        for table in sorted(_WITH_DISTRICT & set(parts.tables)):
            for item in parts.tables[table]:
                if "district" in item.raw and item.raw["district"] is None:
                    yield Problem.of(
                        f"{item.where}.district",
                        Text(
                            N_("a district's file records only its own district ({district})"),
                            {"district": str(parts.district)},
                        ),
                    )
                found = _named_district(item.text("district"))
                if found is not None and found != parts.district:
                    yield Problem.of(
                        f"$.{table}[{item.index}].district",
                        Text(
                            N_("{found} is not the district of this file ({district})"),
                            {"found": str(found), "district": str(parts.district)},
                        ),
                    )

    def _references(self, parts: _Parts) -> Iterator[Problem]:
        known = {table: set(ids) for table, ids in self.ids.items()}
        for table, items in parts.tables.items():
            known[table] |= {found for item in items if (found := item.text("id")) is not None}
        # Whether a school has school social work, by id (None: the file's record of it is
        # wrong elsewhere, and only its existence is known).
        schools: dict[str, SchoolEntry | None] = {s.id: s for s in self.known.schools}
        for item in parts.tables.get("school", ()):
            if (school_id := item.text("id")) is not None and schools.get(school_id) is None:
                schools[school_id] = item.record
        cycles = {cycle.id for cycle in programme().cycles}

        def missing(path: str, what: str, value: str) -> Problem:
            return Problem.of(
                path,
                Text(N_("no {what} with the id {id}"), {"what": Text(what), "id": repr(value)}),
                code="unknown_reference",
            )

        def at_school(path: str, school_id: str) -> Iterator[Problem]:
            if school_id not in schools:
                yield missing(path, N_("school"), school_id)
                return
            school = schools[school_id]
            if school is not None and parts.district not in (None, school.district):
                yield _elsewhere(path, school, parts.district)
                return
            if school is not None and not school.has_school_social_work:
                yield Problem.of(
                    path,
                    Text(
                        N_(
                            "{school} is recorded without school social work "
                            "(has_school_social_work = false)"
                        ),
                        {"school": school.name},
                    ),
                    code="conflict",
                )

        def refers(item: _Indexed, key: str, table: str, what: str) -> Iterator[Problem]:
            value = item.text(key)
            if value is not None and value not in known[table]:
                yield missing(f"{item.where}.{key}", what, value)

        coordination = parts.state_coordination
        if coordination is not None and coordination.sponsor not in known["sponsor"]:
            yield missing("$.state_coordination.sponsor", N_("sponsor"), coordination.sponsor)
        for item in parts.tables.get("school_social_worker", ()):
            yield from refers(item, "sponsor", "sponsor", N_("sponsor"))
            for position, school_id in item.texts("schools"):
                yield from at_school(f"{item.where}.schools[{position}]", school_id)
        for item in parts.tables.get("school_social_work_project", ()):
            if (school_id := item.text("school")) is not None:
                yield from at_school(f"{item.where}.school", school_id)
            yield from refers(item, "sponsor", "sponsor", N_("sponsor"))
            cycle = item.text("funding_cycle")
            if cycle is not None and cycle not in cycles:
                yield Problem.of(
                    f"{item.where}.funding_cycle",
                    Text(
                        N_("no funding cycle {cycle}; known cycles: {known}"),
                        {"cycle": repr(cycle), "known": ", ".join(sorted(cycles))},
                    ),
                    code="unknown_reference",
                )
        for item in parts.tables.get("cooperation_agreement", ()):
            school_id = item.text("school")
            if school_id is not None and school_id not in schools:
                yield missing(f"{item.where}.school", N_("school"), school_id)
            elif school_id is not None:
                school = schools[school_id]
                if school is not None and parts.district not in (None, school.district):
                    yield _elsewhere(f"{item.where}.school", school, parts.district)
            yield from refers(item, "partner", "partner", N_("cooperation partner"))
            yield from refers(item, "sponsor", "sponsor", N_("sponsor"))
        offices = {office.district for office in self.known.network_offices}
        if parts.tables.get("contact") and parts.district not in (None, *offices):
            yield Problem.of(
                "$.contact",
                Text(
                    N_("no network office is recorded for {district}, so it has no contacts"),
                    {"district": str(parts.district)},
                ),
                code="unknown_reference",
            )


def _elsewhere(path: str, school: SchoolEntry, district: District | None) -> Problem:
    """A problem: a district's file refers to a school of another district."""
    return Problem.of(
        path,
        Text(
            N_("{school} is a school of {found}, not of this file's {district}"),
            {"school": school.name, "found": str(school.district), "district": str(district)},
        ),
        code="conflict",
    )


def _named_district(name: str | None) -> District | None:
    """The district a record names (``None``: none, or one the converter already refused)."""
    if name is None:
        return None
    try:
        return find_district(name)
    except NotFoundError:
        return None


def _office_sponsors(offices: Iterable[NetworkOffice]) -> tuple[SponsorEntry, ...]:
    """The network offices' sponsors as directory entries, with their office's provenance."""
    return tuple(
        SponsorEntry(
            id=office.sponsor.id,
            name=office.sponsor.name,
            kind=office.sponsor.kind,
            district=office.district,
            department=office.sponsor.department,
            address=office.sponsor.address,
            source=office.source,
            as_of=office.as_of,
            provisional=office.provisional,
            note=office.note,
        )
        for office in offices
        if office.sponsor.id is not None
    )


def _merged(directory: Directory, parts: _Parts) -> Directory:
    def added(table: str) -> tuple[Any, ...]:
        return tuple(item.record for item in parts.tables.get(table, ()) if item.record)

    return attrs.evolve(
        directory,
        contacts=directory.contacts + added("contact"),
        state_coordination=parts.state_coordination or directory.state_coordination,
        sponsors=directory.sponsors + added("sponsor"),
        partners=directory.partners + added("partner"),
        schools=directory.schools + added("school"),
        projects=directory.projects + added("school_social_work_project"),
        school_social_workers=directory.school_social_workers + added("school_social_worker"),
        agreements=directory.agreements + added("cooperation_agreement"),
        figures=directory.figures + added("figure"),
    )


@attrs.frozen(kw_only=True)
class _Loaded:
    """A directory as loaded so far, with the file that gave each id (per table)."""

    directory: Directory
    origins: Mapping[str, Mapping[str, str]]


def _add(loaded: _Loaded, document: object, source: str, *, bundled: bool) -> _Loaded:
    """``loaded`` with one file's records, all checked first; every problem raised together."""
    parts, problems = _parts(document, source, bundled=bundled)
    problems.extend(_Checker(loaded).problems(parts))
    if problems:
        raise DocumentError(problems, source=source)
    origins = {table: dict(ids) for table, ids in loaded.origins.items()}
    for table, items in parts.tables.items():
        for item in items:
            if (record_id := item.text("id")) is not None:
                origins[table].setdefault(record_id, source)
    return _Loaded(directory=_merged(loaded.directory, parts), origins=origins)


@functools.cache
def _bundled() -> _Loaded:
    """The bundled directory: the network offices and their sponsors, the state coordination
    office and its sponsor, and dated figures of school social work."""
    offices = network_offices()
    sponsors = _office_sponsors(offices)
    origins: dict[str, dict[str, str]] = {table: {} for table in TABLES}
    origins["sponsor"] = {s.id: shown_name("network_offices.toml") for s in sponsors}
    start = _Loaded(
        directory=Directory(network_offices=offices, sponsors=sponsors), origins=origins
    )
    name = shown_name("directory.toml")
    return _add(start, read_toml(data_file("directory.toml"), source=name), name, bundled=True)


def load_directory(*files: str | Path) -> Directory:
    """The bundled directory with a district's own directory files (TOML or JSON) on top.

    Each file is checked as a whole before anything of it is used: a file with mistakes raises
    :class:`~schulerfolg.DocumentError` naming the file and listing every problem with its
    JSON path (the first such file, in the order given; ``schulerfolg directory check`` reports
    every file).  Nothing is half-loaded: the directory returned holds all files or none.
    """
    loaded = _bundled()
    for file in files:
        path = Path(file)
        loaded = _add(loaded, _read(path, str(path)), str(path), bundled=False)
    return loaded.directory


def directory_problems(files: Iterable[str | Path]) -> list[DocumentError | None]:
    """Each file's problems (``None``: it has none), in the order given; each file is checked
    on top of the bundled data and of the files before it that have none.  For tools that
    report all files at once."""
    loaded = _bundled()
    found: list[DocumentError | None] = []
    for file in files:
        path = Path(file)
        try:
            loaded = _add(loaded, _read(path, str(path)), str(path), bundled=False)
        except DocumentError as exc:
            found.append(exc)
        else:
            found.append(None)
    return found
