"""The bundled network offices (Netzwerkstellen), one per district."""

from __future__ import annotations

import functools

from schulerfolg._core.i18n import N_
from schulerfolg._directory.districts import district
from schulerfolg._directory.documents import from_dict
from schulerfolg._directory.files import data_file, shown_name
from schulerfolg._model.organisations import District, NetworkOffice
from schulerfolg._wire.toml_files import read_table, read_toml
from schulerfolg.errors import DocumentError, NotFoundError, Problem, Text


@functools.cache
def network_offices() -> tuple[NetworkOffice, ...]:
    """Every bundled network office, in district-key order."""
    source = shown_name("network_offices.toml")
    document = read_toml(data_file("network_offices.toml"), source=source)
    records = read_table(document, "network_office", source=source)
    try:
        offices = from_dict(records, tuple[NetworkOffice, ...], source=source)
    except DocumentError as exc:
        raise exc.under("$.network_office") from None
    seen: dict[str, int] = {}
    problems: list[Problem] = []
    for index, office in enumerate(offices):
        if office.district.key in seen:
            message = Text(
                N_(
                    "a second network office for {district} (the first is {first}); "
                    "there is one per district"
                ),
                {
                    "district": str(office.district),
                    "first": f"$.network_office[{seen[office.district.key]}]",
                },
            )
            problems.append(Problem.of(f"$.network_office[{index}].district", message))
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
    raise NotFoundError(
        Text(N_("no network office is recorded for {district}"), {"district": str(wanted)})
    )
