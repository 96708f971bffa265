"""Organisations and places: districts, addresses, contacts, sponsors, network offices,
cooperation partners, schools and their school social work."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import ClassVar, Final

import attrs

from schulerfolg._core.dates import DateRange
from schulerfolg._core.i18n import N_
from schulerfolg._core.invariants import Checked, Problems, blank_items, duplicates
from schulerfolg._core.provenance import Source, provisional_problems
from schulerfolg._model.enums import Audience, DistrictKind, PartnerKind, SchoolType, SponsorKind
from schulerfolg.errors import Text

_DISTRICT_KEY: Final = re.compile(r"15[0-9]{3}")
_SLUG: Final = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_POSTAL_CODE: Final = re.compile(r"[0-9]{5}")
_EMAIL: Final = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
_PUBLISHED_AT: Final = re.compile(r"\s*(?:\(at\)|\[at\]|\{at\}|\s+at\s+)\s*", re.IGNORECASE)
_PUBLISHED_DOT: Final = re.compile(r"\s*(?:\(dot\)|\[dot\]|\{dot\})\s*", re.IGNORECASE)


@attrs.frozen(kw_only=True)
class District(Checked):
    """One of the 14 districts of Sachsen-Anhalt (Landkreis or kreisfreie Stadt).

    Look districts up with :func:`schulerfolg.district` by key (``"15001"``), AGS, slug or name.
    """

    _label = N_("district")

    key: str
    ags: str
    slug: str
    name: str
    kind: DistrictKind
    seat: str | None = None
    source: Source
    as_of: date
    provisional: bool = False
    note: str | None = None

    _not_blank: ClassVar[tuple[str, ...]] = (
        "name",
        "seat",
        "note",
    )

    def _problems(self) -> Problems:
        yield from provisional_problems(self.provisional, self.note)
        if not _DISTRICT_KEY.fullmatch(self.key):
            yield (
                "key",
                Text(
                    N_("not a district key of Sachsen-Anhalt (15xxx): {key}"),
                    {"key": repr(self.key)},
                ),
            )
        if self.ags != f"{self.key}000":
            yield (
                "ags",
                Text(N_("must be the key followed by 000, got {ags}"), {"ags": repr(self.ags)}),
            )
        yield from slug_problems("slug", self.slug)

    def __str__(self) -> str:
        return f"{self.name} ({self.key})"


@attrs.frozen(kw_only=True)
class Address(Checked):
    """A postal address in Germany."""

    _label = N_("address")

    street: str
    postal_code: str
    city: str

    _not_blank: ClassVar[tuple[str, ...]] = (
        "street",
        "city",
    )

    def _problems(self) -> Problems:
        if not _POSTAL_CODE.fullmatch(self.postal_code):
            yield (
                "postal_code",
                Text(
                    N_("not a German postal code (five digits): {code}"),
                    {"code": repr(self.postal_code)},
                ),
            )


def slug_problems(name: str, value: str) -> Problems:
    """A problem if ``value`` is not a slug (lower-case ASCII words joined by ``-``)."""
    if not _SLUG.fullmatch(value):
        yield (
            name,
            Text(
                N_("not a slug (lower-case ASCII words joined by '-'): {slug}"),
                {"slug": repr(value)},
            ),
        )


def email_problems(name: str, value: str | None) -> Problems:
    """A problem if ``value`` is given and is not an e-mail address."""
    if value is not None and not _EMAIL.fullmatch(value):
        yield name, Text(N_("not an e-mail address: {address}"), {"address": repr(value)})


def normalise_email(value: str | None) -> str | None:
    """Turn a published address such as ``name(at)example.de`` into ``name@example.de``."""
    if value is None or not isinstance(value, str):
        return value
    text = _PUBLISHED_AT.sub("@", value.strip())
    return _PUBLISHED_DOT.sub(".", text)


@attrs.frozen(kw_only=True)
class Contact(Checked):
    """Ansprechpartner:in: a person with role, phone and e-mail, and — where the source says so —
    whom the person is the contact for (``audiences``; empty: the whole office's audiences)."""

    _label = N_("contact person")

    name: str
    role: str | None = None
    phone: str | None = None
    email: str | None = attrs.field(default=None, converter=normalise_email)
    audiences: tuple[Audience, ...] = ()

    _not_blank: ClassVar[tuple[str, ...]] = (
        "name",
        "role",
        "phone",
    )

    def _problems(self) -> Problems:
        yield from duplicates("audiences", self.audiences)
        yield from email_problems("email", self.email)


@attrs.frozen(kw_only=True)
class Sponsor(Checked):
    """Träger: the body that runs a network office or a project.

    ``id`` names the sponsor in the directory (``"landkreis-stendal"``), so that school social
    workers, projects and cooperation agreements can refer to it.
    """

    _label = N_("sponsor")

    name: str
    kind: SponsorKind
    department: str | None = None
    address: Address | None = None
    id: str | None = None

    _not_blank: ClassVar[tuple[str, ...]] = (
        "name",
        "department",
    )

    def _problems(self) -> Problems:
        if self.id is not None:
            yield from slug_problems("id", self.id)


@attrs.frozen(kw_only=True)
class NetworkOffice(Checked):
    """Netzwerkstelle Schulerfolg: the one network office of a district.

    ``audiences`` are whom the office is the contact for („Ansprechperson für …“);
    ``partner_departments`` the departments of its own administration it works with.
    ``as_of`` is the day its source states or was published, ``None`` where the source is
    undated; ``provisional`` marks a record resting on an inference or on conflicting sources,
    and ``note`` then says which.
    """

    _label = N_("network office")

    name: str
    district: District
    sponsor: Sponsor
    sponsor_since: date | None = None
    contacts: tuple[Contact, ...] = ()
    tasks: tuple[str, ...] = ()
    audiences: tuple[Audience, ...] = ()
    partner_departments: tuple[str, ...] = ()
    focus_topics: tuple[str, ...] = ()
    as_of: date | None = None
    source: Source
    provisional: bool = False
    note: str | None = None

    _not_blank: ClassVar[tuple[str, ...]] = ("name", "note")

    def _problems(self) -> Problems:
        for name in ("tasks", "partner_departments", "focus_topics"):
            yield from blank_items(name, getattr(self, name))
        yield from duplicates("audiences", self.audiences)
        yield from provisional_problems(self.provisional, self.note)

    def contacts_for(self, audience: Audience) -> tuple[Contact, ...]:
        """The office's contacts for ``audience``: those who name it and — where the office
        serves it — every contact who names no audience of their own."""
        serves = audience in self.audiences
        return tuple(
            c for c in self.contacts if audience in c.audiences or (serves and not c.audiences)
        )


@attrs.frozen(kw_only=True)
class CooperationPartner(Checked):
    """Kooperationspartner of an application or a network office."""

    _label = N_("cooperation partner")

    name: str
    kind: PartnerKind

    _not_blank: ClassVar[tuple[str, ...]] = ("name",)


@attrs.frozen(kw_only=True)
class School(Checked):
    """A school; ``number`` is the official school number where known."""

    _label = N_("school")

    name: str
    school_type: SchoolType
    district: District
    has_school_social_work: bool
    number: str | None = None

    _not_blank: ClassVar[tuple[str, ...]] = (
        "name",
        "number",
    )

    @property
    def key(self) -> str:
        """A stable identity for caps per school: the school number, else the folded name."""
        return self.number if self.number is not None else " ".join(self.name.casefold().split())


@attrs.frozen(kw_only=True)
class SchoolSocialWorkProject(Checked):
    """Schulsozialarbeitsprojekt: school social work at one school, staffed in FTE (VbE)."""

    _label = N_("school social work project")

    school: School
    sponsor: Sponsor
    fte: Decimal
    period: DateRange | None = None

    def _problems(self) -> Problems:
        if not self.fte.is_finite() or self.fte <= 0:
            yield "fte", Text(N_("must be more than zero: {value}"), {"value": self.fte})
