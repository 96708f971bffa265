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
from schulerfolg._core.invariants import Checked, Problems, blank_items
from schulerfolg._core.provenance import Source
from schulerfolg._model.enums import DistrictKind, PartnerKind, SchoolType, SponsorKind
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

    key: str
    ags: str
    slug: str
    name: str
    kind: DistrictKind
    seat: str | None = None
    source: Source
    as_of: date

    _not_blank: ClassVar[tuple[str, ...]] = (
        "name",
        "seat",
    )

    def _problems(self) -> Problems:
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
        if not _SLUG.fullmatch(self.slug):
            yield (
                "slug",
                Text(
                    N_("not a slug (lower-case ASCII words joined by '-'): {slug}"),
                    {"slug": repr(self.slug)},
                ),
            )

    def __str__(self) -> str:
        return f"{self.name} ({self.key})"


@attrs.frozen(kw_only=True)
class Address(Checked):
    """A postal address in Germany."""

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


def normalise_email(value: str | None) -> str | None:
    """Turn a published address such as ``name(at)example.de`` into ``name@example.de``."""
    if value is None or not isinstance(value, str):
        return value
    text = _PUBLISHED_AT.sub("@", value.strip())
    return _PUBLISHED_DOT.sub(".", text)


@attrs.frozen(kw_only=True)
class Contact(Checked):
    """Ansprechpartner:in: a person with role, phone and e-mail."""

    name: str
    role: str | None = None
    phone: str | None = None
    email: str | None = attrs.field(default=None, converter=normalise_email)

    _not_blank: ClassVar[tuple[str, ...]] = (
        "name",
        "role",
        "phone",
    )

    def _problems(self) -> Problems:
        if self.email is not None and not _EMAIL.fullmatch(self.email):
            yield (
                "email",
                Text(N_("not an e-mail address: {address}"), {"address": repr(self.email)}),
            )


@attrs.frozen(kw_only=True)
class Sponsor(Checked):
    """Träger: the body that runs a network office or a project."""

    name: str
    kind: SponsorKind
    department: str | None = None
    address: Address | None = None

    _not_blank: ClassVar[tuple[str, ...]] = (
        "name",
        "department",
    )


@attrs.frozen(kw_only=True)
class NetworkOffice(Checked):
    """Netzwerkstelle Schulerfolg: the one network office of a district."""

    name: str
    district: District
    sponsor: Sponsor
    sponsor_since: date | None = None
    contacts: tuple[Contact, ...] = ()
    tasks: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()
    partner_departments: tuple[str, ...] = ()
    focus_topics: tuple[str, ...] = ()
    as_of: date
    source: Source

    _not_blank: ClassVar[tuple[str, ...]] = ("name",)

    def _problems(self) -> Problems:
        for name in ("tasks", "audiences", "partner_departments", "focus_topics"):
            yield from blank_items(name, getattr(self, name))


@attrs.frozen(kw_only=True)
class CooperationPartner(Checked):
    """Kooperationspartner of an application or a network office."""

    name: str
    kind: PartnerKind

    _not_blank: ClassVar[tuple[str, ...]] = ("name",)


@attrs.frozen(kw_only=True)
class School(Checked):
    """A school; ``number`` is the official school number where known."""

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

    school: School
    sponsor: Sponsor
    fte: Decimal
    period: DateRange | None = None

    def _problems(self) -> Problems:
        if not self.fte.is_finite() or self.fte <= 0:
            yield "fte", Text(N_("must be more than zero: {value}"), {"value": self.fte})
