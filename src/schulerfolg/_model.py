"""The domain model: immutable, slotted, keyword-only attrs classes named after the glossary.

Invariants (end not before start, shares summing to one, amounts not negative, a cost plan that
adds up to the requested amount, …) are checked when an object is built, and *all* broken
invariants of an object are reported together in one :class:`~schulerfolg.InvariantError`.
Business rules (caps, deadlines, eligibility) are not invariants: they live in the rule engine,
which reports every finding instead of stopping at the first.
"""

from __future__ import annotations

import decimal
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Final

import attrs

from schulerfolg._dates import CalendarYear, DateRange, SchoolYear
from schulerfolg._errors import InvariantError
from schulerfolg._money import Money, money_sum

Problems = Iterator[tuple[str, str]]

_DISTRICT_KEY: Final = re.compile(r"15[0-9]{3}")
_SLUG: Final = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_POSTAL_CODE: Final = re.compile(r"[0-9]{5}")
_EMAIL: Final = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
_DOCUMENT_ID: Final = re.compile(r"[a-z][a-z0-9_]*")
_PUBLISHED_AT: Final = re.compile(r"\s*(?:\(at\)|\[at\]|\{at\}|\s+at\s+)\s*", re.IGNORECASE)
_PUBLISHED_DOT: Final = re.compile(r"\s*(?:\(dot\)|\[dot\]|\{dot\})\s*", re.IGNORECASE)
#: Digits kept when adding shares exactly; a sum needing more is certainly not exactly 1.
_EXACT_DIGITS: Final = 100


class _Checked:
    """Mixin: run ``_problems`` after ``__init__`` and raise them all at once."""

    __slots__ = ()

    def __attrs_post_init__(self) -> None:
        problems = list(self._problems())
        if problems:
            raise InvariantError(type(self).__name__, problems)

    def _problems(self) -> Problems:
        return iter(())


def _blank(obj: object, *names: str) -> Problems:
    for name in names:
        value = getattr(obj, name)
        if isinstance(value, str) and not value.strip():
            yield name, "must not be empty"


def _blank_items(name: str, values: Iterable[str]) -> Problems:
    for index, value in enumerate(values):
        if not value.strip():
            yield f"{name}[{index}]", "must not be empty"


def _duplicates(name: str, values: Iterable[object]) -> Problems:
    items = tuple(values)
    if len(set(items)) == len(items):  # the common case, without counting
        return
    repeated = sorted(str(v) for v, n in Counter(items).items() if n > 1)
    if repeated:
        yield name, f"listed more than once: {', '.join(repeated)}"


def _exact_sum(*values: Decimal) -> Decimal | None:
    """Add exactly, whatever the caller's decimal context; ``None`` if the sum cannot be held
    exactly (too many digits, or too large), which also means it is not a small number like 1."""
    context = decimal.Context(
        prec=_EXACT_DIGITS, traps=[decimal.Inexact, decimal.Overflow, decimal.InvalidOperation]
    )
    total = Decimal(0)
    try:
        for value in values:
            total = context.add(total, value)
    except decimal.DecimalException:
        return None
    return total


def _not_negative(name: str, amount: Money) -> Problems:
    if amount.is_negative():
        yield name, f"must not be negative: {amount.amount}"


# --------------------------------------------------------------------------------------------
# Enumerations (values are the stable wire format)


class DistrictKind(StrEnum):
    """Landkreis or kreisfreie Stadt."""

    RURAL_DISTRICT = "rural_district"
    URBAN_DISTRICT = "urban_district"


class SponsorKind(StrEnum):
    """What kind of body a sponsor (Träger) is."""

    PUBLIC_YOUTH_WELFARE = "public_youth_welfare"
    FREE_YOUTH_WELFARE = "free_youth_welfare"
    SCHOOL_AUTHORITY = "school_authority"
    MUNICIPALITY = "municipality"
    SCHOOL_SUPPORT_ASSOCIATION = "school_support_association"
    NON_PROFIT_LEGAL_PERSON = "non_profit_legal_person"


class ApplicantKind(StrEnum):
    """Who applies for an educational offer: a school, or a body of one of the sponsor kinds."""

    SCHOOL = "school"
    PUBLIC_YOUTH_WELFARE = "public_youth_welfare"
    FREE_YOUTH_WELFARE = "free_youth_welfare"
    SCHOOL_AUTHORITY = "school_authority"
    MUNICIPALITY = "municipality"
    SCHOOL_SUPPORT_ASSOCIATION = "school_support_association"
    NON_PROFIT_LEGAL_PERSON = "non_profit_legal_person"


class PartnerKind(StrEnum):
    """Kinds of cooperation partner (Kooperationspartner) named by the network offices."""

    SCHOOL = "school"
    SCHOOL_SUPERVISION = "school_supervision"
    SCHOOL_AUTHORITY = "school_authority"
    PUBLIC_YOUTH_WELFARE = "public_youth_welfare"
    FREE_YOUTH_WELFARE = "free_youth_welfare"
    COUNSELLING_CENTRE = "counselling_centre"
    SCHOOL_SUPPORT_ASSOCIATION = "school_support_association"
    MUNICIPALITY = "municipality"
    HEALTH_OFFICE = "health_office"
    YOUTH_EMPLOYMENT_AGENCY = "youth_employment_agency"
    PARENTS_COUNCIL = "parents_council"
    POLITICS = "politics"
    OTHER = "other"


class SchoolType(StrEnum):
    """Schulform."""

    PRIMARY_SCHOOL = "primary_school"  # Grundschule
    SECONDARY_SCHOOL = "secondary_school"  # Sekundarschule
    COMMUNITY_SCHOOL = "community_school"  # Gemeinschaftsschule
    COMPREHENSIVE_SCHOOL = "comprehensive_school"  # Gesamtschule
    GRAMMAR_SCHOOL = "grammar_school"  # Gymnasium
    SPECIAL_SCHOOL = "special_school"  # Förderschule
    VOCATIONAL_SCHOOL = "vocational_school"  # Berufsbildende Schule


class TargetGroup(StrEnum):
    """Zielgruppe of an educational offer."""

    PUPILS = "pupils"
    PARENTS = "parents"
    TEACHERS = "teachers"


class Module(StrEnum):
    """Programme module; co-financing differs per module and cycle."""

    SCHOOL_SOCIAL_WORK = "school_social_work"
    NETWORK_OFFICE = "network_office"
    STATE_COORDINATION = "state_coordination"


class FundingSource(StrEnum):
    """Where a part of a grant's money comes from."""

    EU = "eu"
    STATE = "state"
    MUNICIPAL = "municipal"
    OWN_CONTRIBUTION = "own_contribution"


# --------------------------------------------------------------------------------------------
# Provenance


@attrs.frozen(kw_only=True)
class Source(_Checked):
    """Where a fact, figure or rule comes from: a URL, a seed text or a legal citation."""

    reference: str
    title: str | None = None

    def _problems(self) -> Problems:
        yield from _blank(self, "reference", "title")


# --------------------------------------------------------------------------------------------
# Districts, sponsors, contacts, network offices


@attrs.frozen(kw_only=True)
class District(_Checked):
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

    def _problems(self) -> Problems:
        yield from _blank(self, "name", "seat")
        if not _DISTRICT_KEY.fullmatch(self.key):
            yield "key", f"not a district key of Sachsen-Anhalt (15xxx): {self.key!r}"
        if self.ags != f"{self.key}000":
            yield "ags", f"must be the key followed by 000, got {self.ags!r}"
        if not _SLUG.fullmatch(self.slug):
            yield "slug", f"not a slug (lower-case ASCII words joined by '-'): {self.slug!r}"

    def __str__(self) -> str:
        return f"{self.name} ({self.key})"


@attrs.frozen(kw_only=True)
class Address(_Checked):
    """A postal address in Germany."""

    street: str
    postal_code: str
    city: str

    def _problems(self) -> Problems:
        yield from _blank(self, "street", "city")
        if not _POSTAL_CODE.fullmatch(self.postal_code):
            yield "postal_code", f"not a German postal code (five digits): {self.postal_code!r}"


def normalise_email(value: str | None) -> str | None:
    """Turn a published address such as ``name(at)example.de`` into ``name@example.de``."""
    if value is None or not isinstance(value, str):
        return value
    text = _PUBLISHED_AT.sub("@", value.strip())
    return _PUBLISHED_DOT.sub(".", text)


@attrs.frozen(kw_only=True)
class Contact(_Checked):
    """Ansprechpartner:in: a person with role, phone and e-mail."""

    name: str
    role: str | None = None
    phone: str | None = None
    email: str | None = attrs.field(default=None, converter=normalise_email)

    def _problems(self) -> Problems:
        yield from _blank(self, "name", "role", "phone")
        if self.email is not None and not _EMAIL.fullmatch(self.email):
            yield "email", f"not an e-mail address: {self.email!r}"


@attrs.frozen(kw_only=True)
class Sponsor(_Checked):
    """Träger: the body that runs a network office or a project."""

    name: str
    kind: SponsorKind
    department: str | None = None
    address: Address | None = None

    def _problems(self) -> Problems:
        yield from _blank(self, "name", "department")


@attrs.frozen(kw_only=True)
class NetworkOffice(_Checked):
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

    def _problems(self) -> Problems:
        yield from _blank(self, "name")
        for name in ("tasks", "audiences", "partner_departments", "focus_topics"):
            yield from _blank_items(name, getattr(self, name))


@attrs.frozen(kw_only=True)
class CooperationPartner(_Checked):
    """Kooperationspartner of an application or a network office."""

    name: str
    kind: PartnerKind

    def _problems(self) -> Problems:
        yield from _blank(self, "name")


@attrs.frozen(kw_only=True)
class School(_Checked):
    """A school; ``number`` is the official school number where known."""

    name: str
    school_type: SchoolType
    district: District
    has_school_social_work: bool
    number: str | None = None

    def _problems(self) -> Problems:
        yield from _blank(self, "name", "number")

    @property
    def key(self) -> str:
        """A stable identity for caps per school: the school number, else the folded name."""
        return self.number if self.number is not None else " ".join(self.name.casefold().split())


@attrs.frozen(kw_only=True)
class SchoolSocialWorkProject(_Checked):
    """Schulsozialarbeitsprojekt: school social work at one school, staffed in FTE (VbE)."""

    school: School
    sponsor: Sponsor
    fte: Decimal
    period: DateRange | None = None

    def _problems(self) -> Problems:
        if not self.fte.is_finite() or self.fte <= 0:
            yield "fte", f"must be more than zero: {self.fte}"


# --------------------------------------------------------------------------------------------
# Programme, cycles, co-financing, grants


@attrs.frozen(kw_only=True)
class CoFinancing(_Checked):
    """The shares of EU, Land and Kommune in one module of one funding cycle; they sum to 1."""

    module: Module
    eu_share: Decimal
    state_share: Decimal
    municipal_share: Decimal
    provisional: bool = False
    source: Source
    note: str | None = None

    def _problems(self) -> Problems:
        yield from _blank(self, "note")
        shares = ("eu_share", "state_share", "municipal_share")
        for name in shares:
            value: Decimal = getattr(self, name)
            if not value.is_finite() or not Decimal(0) <= value <= Decimal(1):
                yield name, f"must lie between 0 and 1: {value}"
        total = _exact_sum(self.eu_share, self.state_share, self.municipal_share)
        if total is None:
            yield "municipal_share", "shares must sum to exactly 1, they do not"
        elif total.is_finite() and total != 1:
            yield "municipal_share", f"shares must sum to exactly 1, they sum to {total}"


@attrs.frozen(kw_only=True)
class FundingCycle(_Checked):
    """Förderrunde / Bewilligungszeitraum of the programme, with co-financing per module."""

    id: str
    name: str
    period: DateRange
    modules: tuple[Module, ...]
    co_financing: tuple[CoFinancing, ...] = ()
    source: Source

    def _problems(self) -> Problems:
        yield from _blank(self, "id", "name")
        if not self.modules:
            yield "modules", "must name at least one module"
        yield from _duplicates("modules", self.modules)
        yield from _duplicates("co_financing", (c.module for c in self.co_financing))
        for index, share in enumerate(self.co_financing):
            if share.module not in self.modules:
                yield f"co_financing[{index}].module", f"{share.module} is not in the cycle"

    @property
    def start(self) -> date:
        """First day of the cycle."""
        return self.period.start

    @property
    def end(self) -> date:
        """Last day of the cycle."""
        return self.period.end

    @property
    def provisional(self) -> bool:
        """True if any of the cycle's co-financing figures is provisional."""
        return any(share.provisional for share in self.co_financing)

    def co_financing_for(self, module: Module) -> CoFinancing | None:
        """The shares for ``module``, or ``None`` where they are not known."""
        return next((c for c in self.co_financing if c.module == module), None)


@attrs.frozen(kw_only=True)
class Programme(_Checked):
    """The ESF+ programme „Schulerfolg sichern“ with its funding cycles."""

    name: str
    guideline: Source
    cycles: tuple[FundingCycle, ...]

    def _problems(self) -> Problems:
        yield from _blank(self, "name")
        yield from _duplicates("cycles", (c.id for c in self.cycles))

    def cycle(self, cycle_id: str) -> FundingCycle:
        """The cycle with this id."""
        from schulerfolg._errors import NotFoundError

        for cycle in self.cycles:
            if cycle.id == cycle_id:
                return cycle
        known = ", ".join(c.id for c in self.cycles)
        raise NotFoundError(f"no funding cycle {cycle_id!r}; known cycles: {known}")

    def cycles_on(self, day: date) -> tuple[FundingCycle, ...]:
        """The cycles running on ``day`` (cycles may overlap, e.g. the 2025 extra cycle)."""
        return tuple(c for c in self.cycles if day in c.period)


@attrs.frozen(kw_only=True)
class FundingAmount(_Checked):
    """One part of a grant: an amount from one funding source."""

    source: FundingSource
    amount: Money

    def _problems(self) -> Problems:
        yield from _not_negative("amount", self.amount)


@attrs.frozen(kw_only=True)
class GrantNotice(_Checked):
    """Zuwendungsbescheid: the approving authority's notice of a grant."""

    issuer: str
    recipient: Sponsor
    project: str
    period: DateRange
    issued_on: date | None = None
    amounts: tuple[FundingAmount, ...]
    source: Source | None = None

    def _problems(self) -> Problems:
        yield from _blank(self, "issuer", "project")
        if not self.amounts:
            yield "amounts", "must list at least one amount"
        yield from _duplicates("amounts", (a.source for a in self.amounts))

    @property
    def total(self) -> Money:
        """The grant's total over all funding sources."""
        return money_sum(a.amount for a in self.amounts)


# --------------------------------------------------------------------------------------------
# Applications for educational offers


@attrs.frozen(kw_only=True)
class Applicant(_Checked):
    """Antragsteller:in: who applies, and of which kind."""

    name: str
    kind: ApplicantKind
    address: Address | None = None

    def _problems(self) -> Problems:
        yield from _blank(self, "name")

    @property
    def key(self) -> str:
        """A stable identity for caps per applicant: the folded name."""
        return " ".join(self.name.casefold().split())


@attrs.frozen(kw_only=True)
class CostPlanLine(_Checked):
    """One line of the Kosten- und Finanzierungsplan.

    ``calendar_year`` is the year the cost falls in; ``incurred_on`` (optional) the day, which
    places the line in a school year when the offer spans two.
    """

    description: str
    amount: Money
    calendar_year: int
    incurred_on: date | None = None

    def _problems(self) -> Problems:
        yield from _blank(self, "description")
        yield from _not_negative("amount", self.amount)
        if not 1 <= self.calendar_year <= 9998:
            yield "calendar_year", f"not a year: {self.calendar_year}"
        elif self.incurred_on is not None and self.incurred_on.year != self.calendar_year:
            yield (
                "incurred_on",
                (f"{self.incurred_on.isoformat()} is not in calendar year {self.calendar_year}"),
            )


class CostPlanError(InvariantError):
    """A cost plan cannot be split as asked (a line cannot be placed in a school year)."""


@attrs.frozen(kw_only=True)
class Application(_Checked):
    """Antrag for an educational offer (bildungsbezogenes Angebot) at a network office."""

    id: str
    title: str
    district: District
    applicant: Applicant
    cooperation_partners: tuple[CooperationPartner, ...] = ()
    schools: tuple[School, ...]
    target_groups: tuple[TargetGroup, ...]
    period: DateRange
    cost_plan: tuple[CostPlanLine, ...]
    requested_amount: Money
    consultation_date: date | None = None
    submission_date: date | None = None
    documents: tuple[str, ...] = ()
    call: str | None = None

    def _problems(self) -> Problems:
        yield from _blank(self, "id", "title", "call")
        if not self.schools:
            yield "schools", "must name at least one school"
        if not self.target_groups:
            yield "target_groups", "must name at least one target group"
        yield from _duplicates("target_groups", self.target_groups)
        yield from _duplicates("documents", self.documents)
        for index, document in enumerate(self.documents):
            if not _DOCUMENT_ID.fullmatch(document):
                yield f"documents[{index}]", f"not a document id (like 'cost_plan'): {document!r}"
        yield from _not_negative("requested_amount", self.requested_amount)
        if not self.cost_plan:
            yield "cost_plan", "must have at least one line"
        years = range(self.period.start.year, self.period.end.year + 1)
        for index, line in enumerate(self.cost_plan):
            if 1 <= line.calendar_year <= 9998 and line.calendar_year not in years:
                yield (
                    f"cost_plan[{index}].calendar_year",
                    (f"{line.calendar_year} is outside the offer's period {self.period}"),
                )
            if line.incurred_on is not None and line.incurred_on not in self.period:
                yield (
                    f"cost_plan[{index}].incurred_on",
                    (f"{line.incurred_on.isoformat()} is outside the offer's period {self.period}"),
                )
        total = self.cost_plan_total
        if self.cost_plan and total != self.requested_amount:
            yield (
                "requested_amount",
                (f"{self.requested_amount.amount} differs from the cost plan total {total.amount}"),
            )

    @property
    def cost_plan_total(self) -> Money:
        """The sum of all cost plan lines."""
        return money_sum(line.amount for line in self.cost_plan)

    def amounts_by_calendar_year(self) -> dict[CalendarYear, Money]:
        """The cost plan summed per calendar year, in year order."""
        return split_cost_plan_by_calendar_year(self.cost_plan)

    def amounts_by_school_year(self) -> dict[SchoolYear, Money]:
        """The cost plan summed per school year; see :func:`split_cost_plan_by_school_year`."""
        return split_cost_plan_by_school_year(self.cost_plan, self.period)


def split_cost_plan_by_calendar_year(lines: Iterable[CostPlanLine]) -> dict[CalendarYear, Money]:
    """Sum cost plan lines per calendar year, in year order."""
    totals: dict[CalendarYear, Money] = {}
    for line in sorted(lines, key=lambda item: item.calendar_year):
        year = CalendarYear(line.calendar_year)
        totals[year] = totals.get(year, Money.zero()) + line.amount
    return totals


def school_year_of_line(line: CostPlanLine, period: DateRange) -> SchoolYear | None:
    """The school year a line falls in: by its date, else by where its calendar year meets the
    offer's period, if that lies within a single school year; ``None`` when it cannot be told."""
    if line.incurred_on is not None:
        return SchoolYear.containing(line.incurred_on)
    days = period.intersection(CalendarYear(line.calendar_year).range)
    if days is None:
        return None
    first, last = SchoolYear.containing(days.start), SchoolYear.containing(days.end)
    return first if first == last else None


def _unplaced_message(line: CostPlanLine, period: DateRange) -> str:
    if period.intersection(CalendarYear(line.calendar_year).range) is None:
        return (
            f"cannot tell the school year of {line.description!r}: {line.calendar_year} "
            f"lies outside the offer's period {period}"
        )
    return (
        f"cannot tell the school year of {line.description!r} ({line.calendar_year} "
        "spans two school years of the offer); give the line an incurred_on date"
    )


def split_cost_plan_by_school_year(
    lines: Iterable[CostPlanLine], period: DateRange
) -> dict[SchoolYear, Money]:
    """Sum cost plan lines per school year (01.08.–31.07.), in year order.

    A line is placed by its ``incurred_on`` date; an undated line is placed only when its
    calendar year meets the offer's ``period`` within one school year.  Lines that cannot be
    placed raise :class:`CostPlanError` naming each of them; nothing is guessed or prorated.
    """
    placed: list[tuple[SchoolYear, Money]] = []
    problems: list[tuple[str, str]] = []
    for index, line in enumerate(lines):
        year = school_year_of_line(line, period)
        if year is None:
            problems.append(
                (
                    f"cost_plan[{index}]",
                    _unplaced_message(line, period),
                )
            )
        else:
            placed.append((year, line.amount))
    if problems:
        raise CostPlanError("cost plan", problems)
    totals: dict[SchoolYear, Money] = {}
    for year, amount in sorted(placed, key=lambda item: item[0]):
        totals[year] = totals.get(year, Money.zero()) + amount
    return totals
