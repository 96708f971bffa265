"""The directory: its entries — sponsors, partners, schools, school social work projects and
workers, cooperation agreements, the state coordination office and figures — each with its
provenance (a provisional entry always says why in its note), and whole directories whose
references resolve."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from decimal import Decimal
from typing import Final, Protocol, TypeVar

import attrs
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

import schulerfolg
from schulerfolg import (
    Audience,
    ContactEntry,
    CooperationAgreement,
    Directory,
    NetworkOffice,
    OfficeContacts,
    PartnerEntry,
    PartnerKind,
    SchoolEntry,
    SchoolSocialWorker,
    SchoolSocialWorkFigure,
    SchoolSocialWorkProjectEntry,
    SchoolType,
    SponsorEntry,
    SponsorKind,
    StateCoordinationOffice,
)
from schulerfolg.strategies._basics import (
    _optional,
    _slugs,
    _tuples,
    _with_provenance,
    date_ranges,
    dates,
    districts,
    sources,
    texts,
)
from schulerfolg.strategies._organisations import (
    _audiences,
    _person,
    addresses,
    contacts,
    network_offices,
)

_T = TypeVar("_T", bound="_HasId")

# A directory stays small: a few records per table keep the strategies fast.
_MAX_RECORDS: Final = 3
_MAX_OFFICES: Final = 2


def _ftes() -> SearchStrategy[Decimal]:
    """Full-time equivalents from 0.01 to 5.00."""
    return st.decimals(min_value=Decimal("0.01"), max_value=Decimal("5.00"), places=2)


def _references(ids: Sequence[str] | None, what: str) -> SearchStrategy[str]:
    """One of ``ids``, or any slug where none are given."""
    if ids is None:
        return _slugs()
    if not ids:
        raise ValueError(f"no {what} ids to refer to")
    return st.sampled_from(tuple(ids))


def _funding_cycle_ids() -> SearchStrategy[str]:
    """The id of one of the bundled programme's funding cycles (the loader checks them)."""
    return st.deferred(lambda: st.sampled_from([c.id for c in schulerfolg.programme().cycles]))


def _provenance() -> dict[str, SearchStrategy[object]]:
    """The source and as-of day of an entry (provisional and note come with them)."""
    return {"source": sources(), "as_of": _optional(dates())}


def contact_entries() -> SearchStrategy[ContactEntry]:
    """Contacts a district records for its network office, in one of the bundled districts,
    with the audiences they are the contact for (often none: the office's)."""
    return _with_provenance(ContactEntry, district=districts(), **_person(), **_provenance())


def office_contacts() -> SearchStrategy[OfficeContacts]:
    """Answers of ``Directory.contacts_for``: an office, an audience, contacts of the office
    and contact entries of its district."""

    def build(office: NetworkOffice, audience: Audience) -> SearchStrategy[OfficeContacts]:
        entries = st.lists(
            contact_entries().map(lambda e: attrs.evolve(e, district=office.district)),
            max_size=2,
        ).map(tuple)
        return st.builds(
            OfficeContacts,
            office=st.just(office),
            audience=st.just(audience),
            contacts=st.just(office.contacts_for(audience)),
            entries=entries,
        )

    return st.tuples(network_offices(), st.sampled_from(Audience)).flatmap(lambda t: build(*t))


def sponsor_entries() -> SearchStrategy[SponsorEntry]:
    """Sponsors in the directory: any kind, in one of the bundled districts or state-wide, with
    optional department, address and contacts."""
    return _with_provenance(
        SponsorEntry,
        id=_slugs(),
        name=texts(),
        kind=st.sampled_from(SponsorKind),
        district=_optional(districts()),
        department=_optional(texts()),
        address=_optional(addresses()),
        contacts=_tuples(contacts(), max_size=2),
        **_provenance(),
    )


def partner_entries() -> SearchStrategy[PartnerEntry]:
    """Cooperation partners in the directory: any kind, in one of the bundled districts."""
    return _with_provenance(
        PartnerEntry,
        id=_slugs(),
        name=texts(),
        kind=st.sampled_from(PartnerKind),
        district=districts(),
        contacts=_tuples(contacts(), max_size=2),
        **_provenance(),
    )


def school_entries(*, school_social_work: bool | None = None) -> SearchStrategy[SchoolEntry]:
    """Schools in the directory, of any type in one of the bundled districts; with school social
    work or without as ``school_social_work`` says (``None``: either)."""
    return _with_provenance(
        SchoolEntry,
        id=_slugs(),
        name=texts(),
        school_type=st.sampled_from(SchoolType),
        district=districts(),
        has_school_social_work=(
            st.booleans() if school_social_work is None else st.just(school_social_work)
        ),
        number=_optional(st.from_regex(r"[0-9]{4,8}", fullmatch=True)),
        address=_optional(addresses()),
        **_provenance(),
    )


def school_social_work_project_entries(
    *, schools: Sequence[str] | None = None, sponsors: Sequence[str] | None = None
) -> SearchStrategy[SchoolSocialWorkProjectEntry]:
    """School social work projects in the directory (0.01 to 5.00 full-time equivalents), at
    one of ``schools`` and run by one of ``sponsors`` (ids; any slug where not given), in one
    of the bundled funding cycles or none."""
    return _with_provenance(
        SchoolSocialWorkProjectEntry,
        id=_slugs(),
        school=_references(schools, "school"),
        sponsor=_references(sponsors, "sponsor"),
        fte=_ftes(),
        period=_optional(date_ranges()),
        funding_cycle=_optional(_funding_cycle_ids()),
        **_provenance(),
    )


def school_social_workers(
    *, sponsors: Sequence[str] | None = None, schools: Sequence[str] | None = None
) -> SearchStrategy[SchoolSocialWorker]:
    """School social workers employed by one of ``sponsors`` and working at distinct schools
    among ``schools`` (ids; any slugs where not given; an empty list: at none), with optional
    role, FTE and contact."""
    at: SearchStrategy[tuple[str, ...]] = st.just(())
    if schools is None or schools:
        pool = _slugs() if schools is None else st.sampled_from(tuple(schools))
        at = st.lists(pool, max_size=_MAX_RECORDS, unique=True).map(tuple)
    return _with_provenance(
        SchoolSocialWorker,
        id=_slugs(),
        name=texts(),
        sponsor=_references(sponsors, "sponsor"),
        schools=at,
        role=_optional(texts()),
        fte=_optional(
            # A person holds at most one full post (1 VbE).
            st.decimals(min_value=Decimal("0.01"), max_value=Decimal(1), places=2)
        ),
        contact=_optional(contacts()),
        example_projects=_tuples(texts(), max_size=2),
        **_provenance(),
    )


def cooperation_agreements(
    *,
    schools: Sequence[str] | None = None,
    partners: Sequence[str] | None = None,
    sponsors: Sequence[str] | None = None,
) -> SearchStrategy[CooperationAgreement]:
    """Cooperation agreements of one of ``schools`` with one of ``partners``, one of
    ``sponsors`` or both (ids; any slugs where not given; an empty list: never that side)."""
    school = _references(schools, "school")
    partner = _references(partners, "partner") if partners is None or partners else None
    sponsor = _references(sponsors, "sponsor") if sponsors is None or sponsors else None
    # A partner, a sponsor or both; where only one kind of id is given, that one.
    sides: list[tuple[SearchStrategy[str | None], SearchStrategy[str | None]]] = []
    if partner is not None:
        sides.append((partner, st.none()))
    if sponsor is not None:
        sides.append((st.none(), sponsor))
    if partner is not None and sponsor is not None:
        sides.append((partner, sponsor))
    if not sides:
        raise ValueError("no partner or sponsor ids to refer to")
    return st.one_of(
        *(
            _with_provenance(
                CooperationAgreement,
                id=_slugs(),
                school=school,
                partner=with_partner,
                sponsor=with_sponsor,
                signed_on=_optional(dates()),
                period=_optional(date_ranges()),
                **_provenance(),
            )
            for with_partner, with_sponsor in sides
        )
    )


def state_coordination_offices(
    *, sponsors: Sequence[str] | None = None
) -> SearchStrategy[StateCoordinationOffice]:
    """The state coordination office, run by one of ``sponsors`` (ids; any slug where not
    given), with its tasks and audiences."""
    return _with_provenance(
        StateCoordinationOffice,
        name=texts(),
        sponsor=_references(sponsors, "sponsor"),
        tasks=_tuples(texts()),
        audiences=_audiences(),
        **_provenance(),
    )


def school_social_work_figures() -> SearchStrategy[SchoolSocialWorkFigure]:
    """Dated figures of school social work for a bundled district or the state: counts that are
    not negative and FTE above zero, at least one of them given."""
    count = st.integers(0, 2000)
    figures: dict[str, SearchStrategy[object]] = {
        "school_social_workers": count,
        "fte": _ftes(),
        "projects": count,
        "schools": count,
    }
    # One figure given for certain, each of the others given or not.
    return st.one_of(
        *(
            _with_provenance(
                SchoolSocialWorkFigure,
                district=_optional(districts()),
                period=_optional(date_ranges()),
                **{
                    name: figure if name == given else _optional(figure)
                    for name, figure in figures.items()
                },
                **_provenance(),
            )
            for given in figures
        )
    )


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


def _id(record: _HasId) -> str:
    return record.id


@attrs.frozen
class _Tables:
    """The strategies of a directory's records, built once (not for every directory drawn);
    the references are drawn afterwards, from the ids the directory holds."""

    sponsors: SearchStrategy[list[SponsorEntry]]
    partners: SearchStrategy[list[PartnerEntry]]
    schools: SearchStrategy[list[SchoolEntry]]
    projects: SearchStrategy[list[SchoolSocialWorkProjectEntry]]
    workers: SearchStrategy[list[SchoolSocialWorker]]
    agreements: SearchStrategy[list[CooperationAgreement]]
    offices: SearchStrategy[list[NetworkOffice]]
    coordination: SearchStrategy[StateCoordinationOffice | None]
    figures: SearchStrategy[list[SchoolSocialWorkFigure]]


@functools.cache
def _tables() -> _Tables:
    def table(
        records: SearchStrategy[_T], max_size: int = _MAX_RECORDS
    ) -> SearchStrategy[list[_T]]:
        return st.lists(records, max_size=max_size, unique_by=_id)

    return _Tables(
        sponsors=table(sponsor_entries()),
        partners=table(partner_entries()),
        schools=table(school_entries(), _MAX_RECORDS + 1),
        projects=table(school_social_work_project_entries()),
        workers=table(school_social_workers(schools=())),
        agreements=table(cooperation_agreements()),
        offices=st.lists(
            network_offices(), max_size=_MAX_OFFICES, unique_by=lambda o: o.district.key
        ),
        coordination=_optional(state_coordination_offices()),
        figures=st.lists(school_social_work_figures(), max_size=_MAX_RECORDS),
    )


@st.composite
def _directories(draw: st.DrawFn) -> Directory:
    tables = _tables()
    sponsors = draw(tables.sponsors)
    partners = draw(tables.partners)
    schools = draw(tables.schools)
    sponsor_ids = [s.id for s in sponsors]
    partner_ids = [p.id for p in partners]
    school_ids = [s.id for s in schools]
    # Workers and projects only at schools with school social work.
    served = [s.id for s in schools if s.has_school_social_work]

    def one(ids: Sequence[str]) -> str:
        return draw(st.sampled_from(ids))

    projects = [
        attrs.evolve(project, school=one(served), sponsor=one(sponsor_ids))
        for project in (draw(tables.projects) if sponsor_ids and served else [])
    ]
    at_schools = st.lists(st.sampled_from(served), max_size=_MAX_RECORDS, unique=True)
    workers = [
        attrs.evolve(
            worker,
            sponsor=one(sponsor_ids),
            schools=tuple(draw(at_schools)) if served else (),
        )
        for worker in (draw(tables.workers) if sponsor_ids else [])
    ]
    # With a partner, a sponsor or both, of those the directory has.
    sides = [side for side, ids in (("partner", partner_ids), ("sponsor", sponsor_ids)) if ids]
    agreements = []
    for agreement in draw(tables.agreements) if school_ids and sides else []:
        named = draw(st.lists(st.sampled_from(sides), min_size=1, unique=True))
        agreements.append(
            attrs.evolve(
                agreement,
                school=one(school_ids),
                partner=one(partner_ids) if "partner" in named else None,
                sponsor=one(sponsor_ids) if "sponsor" in named else None,
            )
        )
    # One office per district, run by one of the directory's sponsors (as the loader makes an
    # entry of an office's sponsor) or by a sponsor without an id.
    runners = [None, *(entry.sponsor for entry in sponsors)]
    offices = [
        attrs.evolve(
            office,
            sponsor=draw(st.sampled_from(runners)) or attrs.evolve(office.sponsor, id=None),
        )
        for office in draw(tables.offices)
    ]
    coordination = draw(tables.coordination) if sponsor_ids else None
    if coordination is not None:
        coordination = attrs.evolve(coordination, sponsor=one(sponsor_ids))
    return Directory(
        network_offices=tuple(offices),
        state_coordination=coordination,
        sponsors=tuple(sponsors),
        partners=tuple(partners),
        schools=tuple(schools),
        projects=tuple(projects),
        school_social_workers=tuple(workers),
        agreements=tuple(agreements),
        figures=tuple(draw(tables.figures)),
    )


def directories() -> SearchStrategy[Directory]:
    """Small directories whose references resolve: ids unique per table; school social
    workers, projects and cooperation agreements refer to sponsors, partners and schools of the
    same directory, workers and projects only to schools with school social work; each network
    office (one per district) run by one of the directory's sponsors or by one without an id;
    the state coordination office, if any, run by one of its sponsors."""
    return _directories()
