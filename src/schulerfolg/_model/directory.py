"""The network as data: the entries of the directory — sponsors, cooperation partners, schools,
school social work projects and the school social workers, cooperation agreements, the state
coordination office and dated figures — each a dated, sourced record, and :class:`Directory`,
the queries over them.

Entries refer to each other by ``id`` (a slug such as ``"landkreis-stendal"``): a school social
worker names the ``sponsor`` that employs them and the ``schools`` they work at.  The loader
(``schulerfolg.load_directory``) checks that every reference resolves; the queries here take the
references as given.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import ClassVar, Final

import attrs

from schulerfolg._core.dates import DateRange
from schulerfolg._core.i18n import N_
from schulerfolg._core.invariants import Checked, Problems, blank_items, duplicates
from schulerfolg._core.provenance import Source, provisional_problems
from schulerfolg._model.enums import Audience, PartnerKind, SchoolType, SponsorKind
from schulerfolg._model.organisations import (
    Address,
    Contact,
    CooperationPartner,
    District,
    NetworkOffice,
    School,
    Sponsor,
    email_problems,
    normalise_email,
    slug_problems,
)
from schulerfolg.errors import Text

#: The most full-time equivalents one school social worker can hold: a full post is 1 VbE.
MAX_FTE_PER_PERSON: Final = Decimal(1)
#: The most a project or a figure can count; more is a typing mistake, not a post.
MAX_FTE: Final = Decimal(100_000)


@attrs.frozen(kw_only=True)
class Recorded(Checked):
    """What every directory entry carries: its ``source`` (a public page or a legal citation),
    ``as_of`` — the day the source states or was published, ``None`` where it is undated —, and
    ``provisional`` with a ``note`` saying why, for an entry resting on an inference or on
    sources that conflict."""

    source: Source
    as_of: date | None = None
    provisional: bool = False
    note: str | None = None

    _not_blank: ClassVar[tuple[str, ...]] = ("note",)

    def _problems(self) -> Problems:
        yield from provisional_problems(self.provisional, self.note)


def _reference_problems(record: object, *names: str) -> Problems:
    """References to other entries are their ids: slugs (a blank one is reported as blank)."""
    for name in names:
        value = getattr(record, name)
        if isinstance(value, str) and value.strip():
            yield from slug_problems(name, value)


def _fte_problems(name: str, fte: Decimal | None, most: Decimal = MAX_FTE) -> Problems:
    if fte is None:
        return
    if not fte.is_finite() or fte <= 0:
        yield name, Text(N_("must be more than zero: {value}"), {"value": fte})
    elif fte > most:
        yield name, Text(N_("must be at most {most}: {value}"), {"most": most, "value": fte})


@attrs.frozen(kw_only=True)
class ContactEntry(Recorded):
    """A contact person a district records for its network office (Ansprechpartner:in), with
    whom they are the contact for (``audiences``; empty: the office's audiences)."""

    _label = N_("contact person")

    name: str
    district: District
    role: str | None = None
    phone: str | None = None
    email: str | None = attrs.field(default=None, converter=normalise_email)
    audiences: tuple[Audience, ...] = ()

    _not_blank: ClassVar[tuple[str, ...]] = ("name", "role", "phone", "note")

    def _problems(self) -> Problems:
        yield from super()._problems()
        yield from duplicates("audiences", self.audiences)
        yield from email_problems("email", self.email)

    @property
    def contact(self) -> Contact:
        """The contact as a network office lists it."""
        return Contact(
            name=self.name,
            role=self.role,
            phone=self.phone,
            email=self.email,
            audiences=self.audiences,
        )


@attrs.frozen(kw_only=True)
class OfficeContacts:
    """Who is the contact for an audience at one network office: the office's own contacts
    (``contacts``, with the office's provenance) and those its district records
    (``entries``, each with its own)."""

    office: NetworkOffice
    audience: Audience
    contacts: tuple[Contact, ...] = ()
    entries: tuple[ContactEntry, ...] = ()


@attrs.frozen(kw_only=True)
class SponsorEntry(Recorded):
    """A sponsor (Träger) in the directory: of school social work, of a network office, of
    the state coordination office.  ``district`` is ``None`` for a sponsor working state-wide."""

    _label = N_("sponsor")

    id: str
    name: str
    kind: SponsorKind
    district: District | None = None
    department: str | None = None
    address: Address | None = None
    contacts: tuple[Contact, ...] = ()

    _not_blank: ClassVar[tuple[str, ...]] = ("id", "name", "department", "note")

    def _problems(self) -> Problems:
        yield from super()._problems()
        yield from slug_problems("id", self.id)

    @property
    def sponsor(self) -> Sponsor:
        """The sponsor as the rest of the model names it."""
        return Sponsor(
            id=self.id,
            name=self.name,
            kind=self.kind,
            department=self.department,
            address=self.address,
        )


@attrs.frozen(kw_only=True)
class PartnerEntry(Recorded):
    """A cooperation partner (Kooperationspartner) of the schools or the network office of a
    district: a counselling centre, a school support association, an office of the district."""

    _label = N_("cooperation partner")

    id: str
    name: str
    kind: PartnerKind
    district: District
    contacts: tuple[Contact, ...] = ()

    _not_blank: ClassVar[tuple[str, ...]] = ("id", "name", "note")

    def _problems(self) -> Problems:
        yield from super()._problems()
        yield from slug_problems("id", self.id)

    @property
    def partner(self) -> CooperationPartner:
        """The partner as an application names it."""
        return CooperationPartner(name=self.name, kind=self.kind)


@attrs.frozen(kw_only=True)
class SchoolEntry(Recorded):
    """A school of a district, with or without school social work."""

    _label = N_("school")

    id: str
    name: str
    school_type: SchoolType
    district: District
    has_school_social_work: bool
    number: str | None = None
    address: Address | None = None

    _not_blank: ClassVar[tuple[str, ...]] = ("id", "name", "number", "note")

    def _problems(self) -> Problems:
        yield from super()._problems()
        yield from slug_problems("id", self.id)

    @property
    def school(self) -> School:
        """The school as an application names it."""
        return School(
            name=self.name,
            school_type=self.school_type,
            district=self.district,
            has_school_social_work=self.has_school_social_work,
            number=self.number,
        )


@attrs.frozen(kw_only=True)
class SchoolSocialWorkProjectEntry(Recorded):
    """A school social work project (Schulsozialarbeitsprojekt): a sponsor's school social
    work at one school, staffed in full-time equivalents (VbE), over a period."""

    _label = N_("school social work project")

    id: str
    school: str
    sponsor: str
    fte: Decimal
    period: DateRange | None = None
    funding_cycle: str | None = None

    _not_blank: ClassVar[tuple[str, ...]] = ("id", "school", "sponsor", "funding_cycle", "note")

    def _problems(self) -> Problems:
        yield from super()._problems()
        yield from slug_problems("id", self.id)
        yield from _reference_problems(self, "school", "sponsor")
        yield from _fte_problems("fte", self.fte)


@attrs.frozen(kw_only=True)
class SchoolSocialWorker(Recorded):
    """A school social worker (Schulsozialarbeiter:in): employed by a ``sponsor``, working at
    one or more ``schools`` (ids of school entries), with their ``fte``, a ``contact`` where
    published, and example projects („Beispielprojekte“)."""

    _label = N_("school social worker")

    id: str
    name: str
    sponsor: str
    schools: tuple[str, ...] = ()
    role: str | None = None
    fte: Decimal | None = None
    contact: Contact | None = None
    example_projects: tuple[str, ...] = ()

    _not_blank: ClassVar[tuple[str, ...]] = ("id", "name", "sponsor", "role", "note")

    def _problems(self) -> Problems:
        yield from super()._problems()
        yield from slug_problems("id", self.id)
        yield from _reference_problems(self, "sponsor")
        yield from _fte_problems("fte", self.fte, MAX_FTE_PER_PERSON)
        yield from blank_items("schools", self.schools)
        yield from duplicates("schools", self.schools)
        for index, school in enumerate(self.schools):
            if school.strip():
                yield from slug_problems(f"schools[{index}]", school)
        yield from blank_items("example_projects", self.example_projects)


@attrs.frozen(kw_only=True)
class CooperationAgreement(Recorded):
    """A cooperation agreement (Kooperationsvereinbarung): a dated link between a school, a
    partner or sponsor it cooperates with, and — where one carries the work — the sponsor.
    ``partner`` and ``sponsor`` are ids; at least one of them is given."""

    _label = N_("cooperation agreement")

    id: str
    school: str
    partner: str | None = None
    sponsor: str | None = None
    signed_on: date | None = None
    period: DateRange | None = None

    _not_blank: ClassVar[tuple[str, ...]] = ("id", "school", "partner", "sponsor", "note")

    def _problems(self) -> Problems:
        yield from super()._problems()
        yield from slug_problems("id", self.id)
        yield from _reference_problems(self, "school", "partner", "sponsor")
        if self.partner is None and self.sponsor is None:
            yield "partner", Text(N_("name a partner, a sponsor or both"))


@attrs.frozen(kw_only=True)
class StateCoordinationOffice(Recorded):
    """The state coordination office (Landesweite Koordinierungsstelle): its sponsor and what
    it does for the programme and the network offices."""

    _label = N_("state coordination office")

    name: str
    sponsor: str
    role: str | None = None
    tasks: tuple[str, ...] = ()
    audiences: tuple[Audience, ...] = ()

    _not_blank: ClassVar[tuple[str, ...]] = ("name", "sponsor", "role", "note")

    def _problems(self) -> Problems:
        yield from super()._problems()
        yield from _reference_problems(self, "sponsor")
        yield from blank_items("tasks", self.tasks)
        yield from duplicates("audiences", self.audiences)


@attrs.frozen(kw_only=True)
class SchoolSocialWorkFigure(Recorded):
    """A dated count of school social work as a source states it, for a district or (with
    ``district`` ``None``) the whole state: workers, posts in FTE, projects, schools."""

    _label = N_("school social work figure")

    district: District | None = None
    school_social_workers: int | None = None
    fte: Decimal | None = None
    projects: int | None = None
    schools: int | None = None
    period: DateRange | None = None

    def _problems(self) -> Problems:
        yield from super()._problems()
        counts = ("school_social_workers", "projects", "schools")
        for name in counts:
            value = getattr(self, name)
            if value is not None and value < 0:
                yield name, Text(N_("must not be negative: {value}"), {"value": value})
        yield from _fte_problems("fte", self.fte)
        if all(getattr(self, name) is None for name in (*counts, "fte")):
            yield "school_social_workers", Text(N_("give at least one figure"))


def _in(district: District | None, wanted: District | None) -> bool:
    return wanted is None or district == wanted


@attrs.frozen(kw_only=True)
class Directory:
    """The directory of the network: the network offices and the state coordination office,
    sponsors, partners, schools, school social work and cooperation agreements, with queries.

    Build one with ``schulerfolg.load_directory`` (the bundled data and a district's own
    files): there, ids are unique per table and every reference between entries resolves.  A
    directory built by hand is taken as given; its queries answer what the references say.
    """

    network_offices: tuple[NetworkOffice, ...] = ()
    state_coordination: StateCoordinationOffice | None = None
    contacts: tuple[ContactEntry, ...] = ()
    sponsors: tuple[SponsorEntry, ...] = ()
    partners: tuple[PartnerEntry, ...] = ()
    schools: tuple[SchoolEntry, ...] = ()
    projects: tuple[SchoolSocialWorkProjectEntry, ...] = ()
    school_social_workers: tuple[SchoolSocialWorker, ...] = ()
    agreements: tuple[CooperationAgreement, ...] = ()
    figures: tuple[SchoolSocialWorkFigure, ...] = ()

    def offices(self, district: District | None = None) -> tuple[NetworkOffice, ...]:
        """The network offices, or the one of ``district``."""
        return tuple(o for o in self.network_offices if _in(o.district, district))

    def contacts_for(
        self, audience: Audience, district: District | None = None
    ) -> tuple[OfficeContacts, ...]:
        """Who is the contact for ``audience`` („Ansprechperson für Eltern“): each network
        office (of ``district``, or all) that serves it or has a contact naming it, with its
        contacts for it — those who name the audience and those who name none — and the
        contacts its district records for it."""
        found = []
        for office in self.offices(district):
            entries = tuple(
                e
                for e in self.contacts
                if e.district == office.district
                and (audience in e.audiences or (not e.audiences and audience in office.audiences))
            )
            serves = audience in office.audiences or any(
                audience in c.audiences for c in office.contacts
            )
            if serves or entries:
                found.append(
                    OfficeContacts(
                        office=office,
                        audience=audience,
                        contacts=office.contacts_for(audience),
                        entries=entries,
                    )
                )
        return tuple(found)

    def sponsors_of(
        self, district: District | None = None, kind: SponsorKind | None = None
    ) -> tuple[SponsorEntry, ...]:
        """The sponsors (of ``district``; of ``kind``), state-wide sponsors included when no
        district is asked for."""
        return tuple(
            s
            for s in self.sponsors
            if (district is None or s.district == district) and (kind is None or s.kind is kind)
        )

    def sponsor(self, sponsor_id: str) -> SponsorEntry | None:
        """The sponsor with this id, or ``None``."""
        return next((s for s in self.sponsors if s.id == sponsor_id), None)

    def partners_of(
        self, district: District | None = None, kind: PartnerKind | None = None
    ) -> tuple[PartnerEntry, ...]:
        """The cooperation partners (of ``district``; of ``kind``)."""
        return tuple(
            p
            for p in self.partners
            if _in(p.district, district) and (kind is None or p.kind is kind)
        )

    def schools_of(
        self, district: District | None = None, *, school_social_work: bool | None = None
    ) -> tuple[SchoolEntry, ...]:
        """The schools (of ``district``), only those with (``True``) or without (``False``)
        school social work when ``school_social_work`` says so."""
        return tuple(
            s
            for s in self.schools
            if _in(s.district, district)
            and (school_social_work is None or s.has_school_social_work is school_social_work)
        )

    def school(self, school_id: str) -> SchoolEntry | None:
        """The school with this id, or ``None``."""
        return next((s for s in self.schools if s.id == school_id), None)

    def workers(
        self, district: District | None = None, sponsor: str | None = None
    ) -> tuple[SchoolSocialWorker, ...]:
        """The school social workers (employed by the sponsor with id ``sponsor``; working at
        a school of ``district``)."""
        return tuple(
            w
            for w in self.school_social_workers
            if (sponsor is None or w.sponsor == sponsor)
            and (district is None or self._works_in(w, district))
        )

    def _works_in(self, worker: SchoolSocialWorker, district: District) -> bool:
        schools = [self.school(school_id) for school_id in worker.schools]
        if any(s is not None and s.district == district for s in schools):
            return True
        sponsor = self.sponsor(worker.sponsor)
        return not worker.schools and sponsor is not None and sponsor.district == district

    def projects_of(
        self, district: District | None = None, sponsor: str | None = None
    ) -> tuple[SchoolSocialWorkProjectEntry, ...]:
        """The school social work projects (of ``sponsor``; at schools of ``district``)."""
        return tuple(
            p
            for p in self.projects
            if (sponsor is None or p.sponsor == sponsor)
            and (district is None or _in(_district_of(self.school(p.school)), district))
        )

    def agreements_of(self, school: str) -> tuple[CooperationAgreement, ...]:
        """The cooperation agreements of the school with id ``school``."""
        return tuple(a for a in self.agreements if a.school == school)

    def figures_of(self, district: District | None = None) -> tuple[SchoolSocialWorkFigure, ...]:
        """The dated figures of ``district`` (all, with ``None``; the state-wide ones have no
        district), by the period they describe (figures without one last, by their as-of
        day)."""
        found = [f for f in self.figures if district is None or f.district == district]
        return tuple(sorted(found, key=_figure_order))


def _figure_order(figure: SchoolSocialWorkFigure) -> tuple[date, date]:
    start = figure.period.start if figure.period is not None else date.max
    return start, figure.as_of or date.max


def _district_of(school: SchoolEntry | None) -> District | None:
    return None if school is None else school.district
