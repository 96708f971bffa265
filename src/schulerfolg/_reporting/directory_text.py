"""The directory for people and for tables: network offices, contacts by audience, sponsors,
schools, school social workers and figures as German or English text, and as rows for CSV.

Names, tasks, notes and quoted sources are data and stay as the source wrote them; labels,
kinds, days and the provisional flag are in the reader's language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Final

from babel.numbers import format_decimal

from schulerfolg._core.i18n import N_, babel_locale, translations
from schulerfolg._core.provenance import source_text
from schulerfolg._core.texts import day_text
from schulerfolg._model.directory import (
    Directory,
    OfficeContacts,
    Recorded,
    SchoolEntry,
    SchoolSocialWorker,
    SchoolSocialWorkFigure,
    SponsorEntry,
)
from schulerfolg._model.enums import Audience
from schulerfolg._model.organisations import Address, Contact, NetworkOffice
from schulerfolg._rules.messages import LABELS

#: What each audience is called (the offices' own words, „Ansprechperson für …“).
AUDIENCE_LABELS: Final[Mapping[Audience, str]] = MappingProxyType(
    {
        Audience.PUPILS: N_("children and young people"),
        Audience.PARENTS: N_("parents and guardians"),
        Audience.TEACHERS: N_("teachers"),
        Audience.SCHOOLS: N_("schools"),
        Audience.SCHOOL_SOCIAL_WORKERS: N_("school social workers"),
        Audience.YOUTH_WELFARE: N_("youth welfare professionals and sponsors"),
        Audience.SCHOOL_SUPPORT_ASSOCIATIONS: N_("school support associations"),
        Audience.REPRESENTATIVES: N_("parents' and pupils' representatives"),
        Audience.COUNSELLING_SERVICES: N_("counselling, help and support services"),
        Audience.COMMITTEES: N_("committees and decision-makers"),
        Audience.VOLUNTEERS: N_("volunteers"),
    }
)

#: School types (Schulformen) by their value.
SCHOOL_TYPE_LABELS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "primary_school": N_("primary school"),
        "secondary_school": N_("secondary school"),
        "community_school": N_("community school"),
        "comprehensive_school": N_("comprehensive school"),
        "grammar_school": N_("grammar school"),
        "special_school": N_("special school"),
        "vocational_school": N_("vocational school"),
    }
)

_SPONSOR: Final = N_("Sponsor: {sponsor}")
_SINCE: Final = N_("since {day}")
_FOR: Final = N_("Contact for: {audiences}")
_CONTACTS: Final = N_("Contacts:")
_TASKS: Final = N_("Tasks:")
_PARTNERS: Final = N_("Works with: {departments}")
_FOCUS: Final = N_("Focus: {topics}")
_AS_OF: Final = N_("As of {day}")
_UNDATED: Final = N_("As of: unknown (the source is undated)")
_SOURCE: Final = N_("Source: {source}")
_PROVISIONAL: Final = N_("Provisional: {note}")
_PHONE: Final = N_("phone {number}")
_NO_OFFICE_FOR: Final = N_("No network office names itself the contact for {audience}.")
_CONTACTS_FOR: Final = N_("Contacts for {audience}:")
_ALL_OF_OFFICE: Final = N_("(its contacts are named for other audiences)")
_NO_CONTACTS: Final = N_("(no contacts published)")
_NOTHING: Final = N_("Nothing recorded.")
_SCHOOL_SOCIAL_WORK: Final = N_("with school social work")
_NO_SCHOOL_SOCIAL_WORK: Final = N_("without school social work")
_SCHOOL_NUMBER: Final = N_("school number {number}")
_WORKS_AT: Final = N_("Schools: {schools}")
_FTE: Final = N_("FTE: {fte}")
_NOT_BUNDLED: Final = N_(
    "Nothing recorded: schools and school social workers are not bundled; a district adds "
    "them from its own directory file (--file)."
)
_EXAMPLES: Final = N_("Example projects: {projects}")
_STATE_WIDE: Final = N_("state-wide")
_FIGURE_WORKERS: Final = N_("school social workers: {count}")
_FIGURE_FTE: Final = N_("full-time equivalents (FTE): {fte}")
_FIGURE_PROJECTS: Final = N_("projects: {count}")
_FIGURE_SCHOOLS: Final = N_("schools: {count}")
_PERIOD: Final = N_("{start} to {end}")
_COORDINATION: Final = N_("{name}; sponsor: {sponsor}")
_ROLE: Final = N_("Role: {role}")


class _Writer:
    """Lines for one reader: the language's words, days and labels."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.tr: Callable[[str], str] = translations(language).gettext
        self.lines: list[str] = []

    def day(self, day: date) -> str:
        return day_text(day, self.language)

    def label(self, value: str) -> str:
        return self.tr(LABELS[value]) if value in LABELS else value

    def audience(self, audience: Audience) -> str:
        return self.tr(AUDIENCE_LABELS[audience])

    def add(self, text: str, indent: int = 0) -> None:
        self.lines.append("  " * indent + text)

    def provenance(self, record: Recorded | NetworkOffice, indent: int = 1) -> None:
        dated = (
            self.tr(_AS_OF).format(day=self.day(record.as_of))
            if record.as_of is not None
            else self.tr(_UNDATED)
        )
        self.add(f"{dated} · {self.tr(_SOURCE).format(source=source_text(record.source))}", indent)
        if record.provisional and record.note is not None:
            # A note is the message id of its translations (``_wire/toml_messages.py``).
            self.add(self.tr(_PROVISIONAL).format(note=self.tr(record.note)), indent)

    def contact(self, contact: Contact) -> str:
        parts = [contact.name]
        if contact.role:
            parts.append(contact.role)
        if contact.phone:
            parts.append(self.tr(_PHONE).format(number=contact.phone))
        if contact.email:
            parts.append(contact.email)
        return ", ".join(parts)

    def text(self) -> str:
        return "".join(line + "\n" for line in self.lines)


def _address(address: Address | None) -> str:
    if address is None:
        return ""
    return f", {address.street}, {address.postal_code} {address.city}"


def offices_text(
    directory: Directory,
    offices: Iterable[NetworkOffice],
    language: str,
    *,
    with_coordination: bool = False,
) -> str:
    """The network offices: sponsor, audiences, contacts, tasks, partners, provenance; with
    ``with_coordination`` the state coordination office after them."""
    out = _Writer(language)
    for office in offices:
        if out.lines:
            out.add("")
        out.add(f"{office.name} — {office.district}")
        sponsor = office.sponsor
        said = f"{sponsor.name} ({out.label(sponsor.kind.value)})"
        if sponsor.department:
            said += f", {sponsor.department}"
        said += _address(sponsor.address)
        if office.sponsor_since is not None:
            said += ", " + out.tr(_SINCE).format(day=out.day(office.sponsor_since))
        out.add(out.tr(_SPONSOR).format(sponsor=said), 1)
        if office.audiences:
            names = ", ".join(out.audience(a) for a in office.audiences)
            out.add(out.tr(_FOR).format(audiences=names), 1)
        if office.contacts:
            out.add(out.tr(_CONTACTS), 1)
            for contact in office.contacts:
                out.add(out.contact(contact), 2)
        if office.tasks:
            out.add(out.tr(_TASKS), 1)
            for task in office.tasks:
                out.add(f"- {task}", 2)
        if office.partner_departments:
            departments = "; ".join(office.partner_departments)
            out.add(out.tr(_PARTNERS).format(departments=departments), 1)
        if office.focus_topics:
            out.add(out.tr(_FOCUS).format(topics="; ".join(office.focus_topics)), 1)
        out.provenance(office)
    coordination = directory.state_coordination
    if with_coordination and coordination is not None:
        if out.lines:
            out.add("")
        carrier = directory.sponsor(coordination.sponsor)
        name = carrier.name if carrier is not None else coordination.sponsor
        out.add(out.tr(_COORDINATION).format(name=coordination.name, sponsor=name))
        if coordination.role:
            out.add(out.tr(_ROLE).format(role=coordination.role), 1)
        if coordination.audiences:
            names = ", ".join(out.audience(a) for a in coordination.audiences)
            out.add(out.tr(_FOR).format(audiences=names), 1)
        if coordination.tasks:
            out.add(out.tr(_TASKS), 1)
            for task in coordination.tasks:
                out.add(f"- {task}", 2)
        out.provenance(coordination)
    return out.text() if out.lines else out.tr(_NOTHING) + "\n"


def contacts_text(found: Iterable[OfficeContacts], audience: Audience, language: str) -> str:
    """Who is the contact for ``audience``, office by office: the office's contacts (with its
    source) and those its district records (each with its own)."""
    out = _Writer(language)
    listed = tuple(found)
    if not listed:
        out.add(out.tr(_NO_OFFICE_FOR).format(audience=out.audience(audience)))
        return out.text()
    out.add(out.tr(_CONTACTS_FOR).format(audience=out.audience(audience)))
    for item in listed:
        office = item.office
        out.add(f"{office.name} — {office.district}", 1)
        for contact in item.contacts:
            out.add(out.contact(contact), 2)
        if item.contacts or not item.entries:
            if not item.contacts:
                out.add(out.tr(_ALL_OF_OFFICE if office.contacts else _NO_CONTACTS), 2)
            out.provenance(office, 2)
        for entry in item.entries:
            out.add(out.contact(entry.contact), 2)
            out.provenance(entry, 3)
    return out.text()


def sponsors_text(sponsors: Iterable[SponsorEntry], language: str) -> str:
    """Sponsors with their kind, district and provenance."""
    out = _Writer(language)
    for sponsor in sponsors:
        where = str(sponsor.district) if sponsor.district is not None else out.tr(_STATE_WIDE)
        said = f"{sponsor.name} ({out.label(sponsor.kind.value)}) — {where}"
        out.add(f"{said} [{sponsor.id}]")
        where_exactly = [sponsor.department] if sponsor.department else []
        if sponsor.address is not None:
            address = sponsor.address
            where_exactly.append(f"{address.street}, {address.postal_code} {address.city}")
        if where_exactly:
            out.add(", ".join(where_exactly), 1)
        for contact in sponsor.contacts:
            out.add(out.contact(contact), 1)
        out.provenance(sponsor)
    return out.text() if out.lines else out.tr(_NOTHING) + "\n"


def schools_text(
    schools: Iterable[SchoolEntry], language: str, *, none_recorded: bool = False
) -> str:
    """Schools with their type and whether they have school social work (``none_recorded``:
    the directory has no school at all, which the empty answer says)."""
    out = _Writer(language)
    for school in schools:
        kind = out.tr(SCHOOL_TYPE_LABELS[school.school_type.value])
        work = out.tr(
            _SCHOOL_SOCIAL_WORK if school.has_school_social_work else _NO_SCHOOL_SOCIAL_WORK
        )
        said = f"{school.name} ({kind}), {work}"
        if school.number:
            said += ", " + out.tr(_SCHOOL_NUMBER).format(number=school.number)
        out.add(f"{said} [{school.id}]")
        out.provenance(school)
    if not out.lines:
        return out.tr(_NOT_BUNDLED if none_recorded else _NOTHING) + "\n"
    return out.text()


def workers_text(directory: Directory, workers: Iterable[SchoolSocialWorker], language: str) -> str:
    """School social workers: role, sponsor, schools, FTE, contact and example projects."""
    out = _Writer(language)
    for worker in workers:
        said = worker.name + (f", {worker.role}" if worker.role else "")
        out.add(f"{said} [{worker.id}]")
        employer = directory.sponsor(worker.sponsor)
        name = employer.name if employer is not None else worker.sponsor
        out.add(out.tr(_SPONSOR).format(sponsor=name), 1)
        if worker.schools:
            names = []
            for school_id in worker.schools:
                school = directory.school(school_id)
                names.append(school.name if school is not None else school_id)
            out.add(out.tr(_WORKS_AT).format(schools="; ".join(names)), 1)
        if worker.fte is not None:
            out.add(out.tr(_FTE).format(fte=_number(worker.fte, language)), 1)
        if worker.contact is not None:
            out.add(out.contact(worker.contact), 1)
        if worker.example_projects:
            projects = "; ".join(worker.example_projects)
            out.add(out.tr(_EXAMPLES).format(projects=projects), 1)
        out.provenance(worker)
    if not out.lines:
        none = not directory.school_social_workers
        return out.tr(_NOT_BUNDLED if none else _NOTHING) + "\n"
    return out.text()


def figures_text(
    directory: Directory, figures: Iterable[SchoolSocialWorkFigure], language: str
) -> str:
    """Dated figures of school social work, oldest first, and the state coordination office
    with the state-wide ones."""
    out = _Writer(language)
    for figure in figures:
        parts = []
        if figure.school_social_workers is not None:
            parts.append(out.tr(_FIGURE_WORKERS).format(count=figure.school_social_workers))
        if figure.fte is not None:
            parts.append(out.tr(_FIGURE_FTE).format(fte=_number(figure.fte, language)))
        if figure.projects is not None:
            parts.append(out.tr(_FIGURE_PROJECTS).format(count=figure.projects))
        if figure.schools is not None:
            parts.append(out.tr(_FIGURE_SCHOOLS).format(count=figure.schools))
        where = str(figure.district) if figure.district is not None else out.tr(_STATE_WIDE)
        when = ""
        if figure.period is not None:
            when = (
                " ("
                + out.tr(_PERIOD).format(
                    start=out.day(figure.period.start), end=out.day(figure.period.end)
                )
                + ")"
            )
        out.add(f"{where}{when}: {', '.join(parts)}")
        if figure.note and not figure.provisional:
            out.add(out.tr(figure.note), 1)
        out.provenance(figure)
    return out.text() if out.lines else out.tr(_NOTHING) + "\n"


def _number(value: Decimal, language: str) -> str:
    return format_decimal(value, locale=babel_locale(language))


def _common(record: Recorded | NetworkOffice) -> dict[str, str]:
    return {
        "as_of": record.as_of.isoformat() if record.as_of is not None else "",
        "provisional": "true" if record.provisional else "false",
        "source": record.source.reference,
        "source_title": record.source.title or "",
    }


def office_rows(offices: Iterable[NetworkOffice]) -> list[dict[str, str]]:
    """One row per network office (CSV)."""
    return [
        {
            "district": office.district.key,
            "name": office.name,
            "sponsor": office.sponsor.id or "",
            "sponsor_name": office.sponsor.name,
            "sponsor_kind": office.sponsor.kind.value,
            "audiences": ";".join(a.value for a in office.audiences),
            **_common(office),
        }
        for office in offices
    ]


def contact_rows(found: Iterable[OfficeContacts]) -> list[dict[str, str]]:
    """One row per contact found for an audience, each with its own provenance; an office that
    serves the audience but names nobody for it has a row with empty contact columns (CSV)."""
    rows = []
    for item in found:
        office = item.office
        listed: list[tuple[Contact | None, Recorded | NetworkOffice]] = [
            (contact, office) for contact in item.contacts
        ]
        listed += [(entry.contact, entry) for entry in item.entries]
        for contact, record in listed or [(None, office)]:
            rows.append(
                {
                    "district": office.district.key,
                    "network_office": office.name,
                    "name": contact.name if contact else "",
                    "role": (contact.role or "") if contact else "",
                    "phone": (contact.phone or "") if contact else "",
                    "email": (contact.email or "") if contact else "",
                    **_common(record),
                }
            )
    return rows


def contact_data(found: Iterable[OfficeContacts]) -> list[dict[str, object]]:
    """Who is the contact for an audience, for tools (JSON): per office, its contacts and
    those its district records, each with its source, as-of day and flag."""

    def listed(contact: Contact, record: Recorded | NetworkOffice) -> dict[str, object]:
        return {
            "name": contact.name,
            "role": contact.role,
            "phone": contact.phone,
            "email": contact.email,
            "audiences": [a.value for a in contact.audiences],
            "as_of": record.as_of.isoformat() if record.as_of else None,
            "provisional": record.provisional,
            "note": record.note,
            "source": {"reference": record.source.reference, "title": record.source.title},
        }

    return [
        {
            "district": item.office.district.key,
            "network_office": item.office.name,
            "audience": item.audience.value,
            "contacts": [listed(c, item.office) for c in item.contacts]
            + [listed(e.contact, e) for e in item.entries],
        }
        for item in found
    ]


def sponsor_rows(sponsors: Iterable[SponsorEntry]) -> list[dict[str, str]]:
    """One row per sponsor (CSV)."""
    return [
        {
            "id": sponsor.id,
            "name": sponsor.name,
            "kind": sponsor.kind.value,
            "district": sponsor.district.key if sponsor.district is not None else "",
            "department": sponsor.department or "",
            "street": sponsor.address.street if sponsor.address else "",
            "postal_code": sponsor.address.postal_code if sponsor.address else "",
            "city": sponsor.address.city if sponsor.address else "",
            **_common(sponsor),
        }
        for sponsor in sponsors
    ]


def school_rows(schools: Iterable[SchoolEntry]) -> list[dict[str, str]]:
    """One row per school (CSV)."""
    return [
        {
            "id": school.id,
            "name": school.name,
            "school_type": school.school_type.value,
            "district": school.district.key,
            "number": school.number or "",
            "has_school_social_work": "true" if school.has_school_social_work else "false",
            **_common(school),
        }
        for school in schools
    ]


def worker_rows(
    directory: Directory, workers: Iterable[SchoolSocialWorker]
) -> list[dict[str, str]]:
    """One row per school social worker (CSV); lists joined by ``;``."""
    rows = []
    for worker in workers:
        sponsor = directory.sponsor(worker.sponsor)
        rows.append(
            {
                "id": worker.id,
                "name": worker.name,
                "role": worker.role or "",
                "sponsor": worker.sponsor,
                "sponsor_name": sponsor.name if sponsor is not None else "",
                "schools": ";".join(worker.schools),
                "fte": str(worker.fte) if worker.fte is not None else "",
                "phone": worker.contact.phone or "" if worker.contact else "",
                "email": worker.contact.email or "" if worker.contact else "",
                "example_projects": ";".join(worker.example_projects),
                **_common(worker),
            }
        )
    return rows


def figure_rows(figures: Iterable[SchoolSocialWorkFigure]) -> list[dict[str, str]]:
    """One row per figure (CSV)."""

    def count(value: object) -> str:
        return "" if value is None else str(value)

    return [
        {
            "district": figure.district.key if figure.district is not None else "",
            "start": figure.period.start.isoformat() if figure.period else "",
            "end": figure.period.end.isoformat() if figure.period else "",
            "school_social_workers": count(figure.school_social_workers),
            "fte": count(figure.fte),
            "projects": count(figure.projects),
            "schools": count(figure.schools),
            **_common(figure),
        }
        for figure in figures
    ]
