"""Hypothesis strategies that build valid :mod:`schulerfolg` objects, for property-based tests.

This module needs Hypothesis (the ``test`` extra: ``pip install schulerfolg[test]``); importing
:mod:`schulerfolg` itself never imports Hypothesis.  Use the functions here directly::

    from hypothesis import given
    from schulerfolg import strategies

    @given(strategies.applications())
    def test_round_trip(application): ...

Every strategy produces objects that satisfy all invariants of their class: text is printable
and never blank, amounts are exact, a co-financing's shares sum to exactly 1 and an
application's cost plan lies within its period and adds up to the requested amount.

Hypothesis cannot infer valid objects from the attrs classes on its own (it does not understand
the invariants), so ``st.from_type(Application)`` works only after :func:`register` has been
called; ``st.builds(Application)`` never uses the registration for the class it builds.  When in
doubt, simply call the functions of this module, or :func:`for_type`.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any, Final, TypeVar, cast

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

import schulerfolg
from schulerfolg import (
    Address,
    Applicant,
    ApplicantKind,
    Application,
    CalendarYear,
    CoFinancing,
    Contact,
    CooperationPartner,
    CostPlanLine,
    DateRange,
    District,
    DistrictKind,
    FundingAmount,
    FundingCycle,
    FundingSource,
    GrantNotice,
    Module,
    Money,
    NetworkOffice,
    PartnerKind,
    Programme,
    School,
    SchoolSocialWorkProject,
    SchoolType,
    SchoolYear,
    Source,
    Sponsor,
    SponsorKind,
    TargetGroup,
)
from schulerfolg._core.money import MAX_AMOUNT

__all__ = [
    "FIRST_DAY",
    "LAST_DAY",
    "TYPES",
    "addresses",
    "applicants",
    "applications",
    "calendar_years",
    "co_financings",
    "contacts",
    "cooperation_partners",
    "cost_plan_lines",
    "date_ranges",
    "dates",
    "districts",
    "emails",
    "for_type",
    "funding_amounts",
    "funding_cycles",
    "grant_notices",
    "money",
    "network_offices",
    "programmes",
    "register",
    "school_social_work_projects",
    "school_years",
    "schools",
    "sources",
    "sponsors",
    "texts",
]

T = TypeVar("T")

#: The earliest day the date strategies produce by default.
FIRST_DAY: Final = date(2000, 1, 1)
#: The latest day the date strategies produce by default.
LAST_DAY: Final = date(2040, 12, 31)

_MAX_LINES: Final = 6
_MAX_LINE_AMOUNT: Final = Decimal("1000000.00")
_MAX_ITEMS: Final = 3

# Letters, digits, punctuation, symbols and the space separators: printable, no control
# characters, no surrogates, no line breaks.
_PRINTABLE: Final = st.characters(categories=("L", "M", "N", "P", "S", "Zs"))


# --------------------------------------------------------------------------------------------
# Building blocks


def texts(*, max_size: int = 40) -> SearchStrategy[str]:
    """Printable text with at least one character that is not white space."""
    return st.text(_PRINTABLE, min_size=1, max_size=max_size).filter(
        lambda text: bool(text.strip())
    )


def _optional(strategy: SearchStrategy[T]) -> SearchStrategy[T | None]:
    return st.none() | strategy


def _tuples(
    strategy: SearchStrategy[T], *, min_size: int = 0, max_size: int = _MAX_ITEMS
) -> SearchStrategy[tuple[T, ...]]:
    return st.lists(strategy, min_size=min_size, max_size=max_size).map(tuple)


def _as_decimal(value: Money | Decimal | int | str) -> Decimal:
    return Money(value).amount


def money(
    *,
    min_value: Money | Decimal | int | str = -MAX_AMOUNT,
    max_value: Money | Decimal | int | str = MAX_AMOUNT,
) -> SearchStrategy[Money]:
    """Exact amounts of euro (two decimal places) between ``min_value`` and ``max_value``.

    By default any valid amount, negative ones included; pass ``min_value=0`` where the model
    requires amounts that are not negative.
    """
    low, high = _as_decimal(min_value), _as_decimal(max_value)
    if low > high:
        raise ValueError(f"min_value {low} is larger than max_value {high}")
    return st.decimals(
        min_value=low, max_value=high, places=2, allow_nan=False, allow_infinity=False
    ).map(Money)


def dates(*, min_value: date = FIRST_DAY, max_value: date = LAST_DAY) -> SearchStrategy[date]:
    """Days between ``min_value`` and ``max_value`` (by default 2000–2040)."""
    return st.dates(min_value=min_value, max_value=max_value)


@st.composite
def _date_ranges(draw: st.DrawFn, min_value: date, max_value: date) -> DateRange:
    first = draw(dates(min_value=min_value, max_value=max_value))
    second = draw(dates(min_value=min_value, max_value=max_value))
    return DateRange(start=min(first, second), end=max(first, second))


def date_ranges(
    *, min_value: date = FIRST_DAY, max_value: date = LAST_DAY
) -> SearchStrategy[DateRange]:
    """Closed ranges of days (start not after end) between ``min_value`` and ``max_value``."""
    return _date_ranges(min_value, max_value)


def calendar_years(
    *, min_value: int = FIRST_DAY.year, max_value: int = LAST_DAY.year
) -> SearchStrategy[CalendarYear]:
    """Calendar years, by default 2000–2040."""
    return st.builds(CalendarYear, st.integers(min_value, max_value))


def school_years(
    *, min_value: int = FIRST_DAY.year, max_value: int = LAST_DAY.year
) -> SearchStrategy[SchoolYear]:
    """School years named by the year they start in, by default 2000/01–2040/41."""
    return st.builds(SchoolYear, st.integers(min_value, max_value))


def sources() -> SearchStrategy[Source]:
    """Provenance records: a reference and an optional title."""
    return st.builds(Source, reference=texts(max_size=60), title=_optional(texts()))


def districts() -> SearchStrategy[District]:
    """One of the 14 bundled districts of Sachsen-Anhalt (the converter reads districts by key,
    so made-up districts could not be read back)."""
    return st.deferred(lambda: st.sampled_from(schulerfolg.districts()))


def addresses() -> SearchStrategy[Address]:
    """German postal addresses with a five-digit postal code."""
    return st.builds(
        Address,
        street=texts(),
        postal_code=st.from_regex(r"[0-9]{5}", fullmatch=True),
        city=texts(),
    )


_EMAIL_WORD: Final = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?", fullmatch=True)


def emails() -> SearchStrategy[str]:
    """E-mail addresses the model accepts (``name@host.example.de``)."""
    local = st.from_regex(
        r"[A-Za-z0-9_%+-]([A-Za-z0-9._%+-]{0,14}[A-Za-z0-9_%+-])?", fullmatch=True
    )
    hosts = st.lists(_EMAIL_WORD, min_size=1, max_size=3).map(".".join)
    top = st.from_regex(r"[a-z]{2,6}", fullmatch=True)
    return st.builds(lambda name, host, tld: f"{name}@{host}.{tld}", local, hosts, top)


def contacts() -> SearchStrategy[Contact]:
    """Contact persons with optional role, phone and (valid) e-mail address."""
    return st.builds(
        Contact,
        name=texts(),
        role=_optional(texts()),
        phone=_optional(st.from_regex(r"\+?[0-9][0-9 /-]{4,14}[0-9]", fullmatch=True)),
        email=_optional(emails()),
    )


def sponsors() -> SearchStrategy[Sponsor]:
    """Sponsors (Träger) of any kind, with optional department and address."""
    return st.builds(
        Sponsor,
        name=texts(),
        kind=st.sampled_from(SponsorKind),
        department=_optional(texts()),
        address=_optional(addresses()),
    )


def cooperation_partners() -> SearchStrategy[CooperationPartner]:
    """Cooperation partners of any kind."""
    return st.builds(CooperationPartner, name=texts(), kind=st.sampled_from(PartnerKind))


def schools() -> SearchStrategy[School]:
    """Schools of any type in one of the bundled districts."""
    return st.builds(
        School,
        name=texts(),
        school_type=st.sampled_from(SchoolType),
        district=districts(),
        has_school_social_work=st.booleans(),
        number=_optional(st.from_regex(r"[0-9]{4,8}", fullmatch=True)),
    )


def network_offices() -> SearchStrategy[NetworkOffice]:
    """Network offices (Netzwerkstellen) in one of the bundled districts."""
    return st.builds(
        NetworkOffice,
        name=texts(),
        district=districts(),
        sponsor=sponsors(),
        sponsor_since=_optional(dates()),
        contacts=_tuples(contacts()),
        tasks=_tuples(texts()),
        audiences=_tuples(texts()),
        partner_departments=_tuples(texts()),
        focus_topics=_tuples(texts()),
        as_of=dates(),
        source=sources(),
    )


def school_social_work_projects() -> SearchStrategy[SchoolSocialWorkProject]:
    """School social work projects staffed with 0.01 to 5.00 full-time equivalents."""
    return st.builds(
        SchoolSocialWorkProject,
        school=schools(),
        sponsor=sponsors(),
        fte=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("5.00"), places=2),
        period=_optional(date_ranges()),
    )


@st.composite
def _co_financings(draw: st.DrawFn, module: Module | None) -> CoFinancing:
    # Whole percentages, so that the three shares sum to exactly 1.
    eu = draw(st.integers(0, 100))
    state = draw(st.integers(0, 100 - eu))
    municipal = 100 - eu - state
    return CoFinancing(
        module=draw(st.sampled_from(Module)) if module is None else module,
        eu_share=Decimal(eu).scaleb(-2),
        state_share=Decimal(state).scaleb(-2),
        municipal_share=Decimal(municipal).scaleb(-2),
        provisional=draw(st.booleans()),
        source=draw(sources()),
        note=draw(_optional(texts())),
    )


def co_financings(*, module: Module | None = None) -> SearchStrategy[CoFinancing]:
    """Co-financing shares (EU, Land, Kommune) in whole percent that sum to exactly 1."""
    return _co_financings(module)


@st.composite
def _funding_cycles(draw: st.DrawFn) -> FundingCycle:
    modules = draw(st.lists(st.sampled_from(Module), min_size=1, unique=True))
    financed = draw(st.lists(st.sampled_from(modules), unique=True))
    return FundingCycle(
        id=draw(st.from_regex(r"[a-z][a-z0-9-]{0,20}", fullmatch=True)),
        name=draw(texts()),
        period=draw(date_ranges()),
        modules=tuple(modules),
        co_financing=tuple(draw(co_financings(module=module)) for module in financed),
        source=draw(sources()),
    )


def funding_cycles() -> SearchStrategy[FundingCycle]:
    """Funding cycles with at least one module and co-financing only for their modules."""
    return _funding_cycles()


def programmes() -> SearchStrategy[Programme]:
    """Programmes with funding cycles of distinct ids."""
    return st.builds(
        Programme,
        name=texts(),
        guideline=sources(),
        cycles=st.lists(funding_cycles(), max_size=_MAX_ITEMS, unique_by=lambda c: c.id).map(tuple),
    )


def funding_amounts() -> SearchStrategy[FundingAmount]:
    """Parts of a grant: a funding source and an amount that is not negative."""
    return st.builds(
        FundingAmount, source=st.sampled_from(FundingSource), amount=money(min_value=0)
    )


def grant_notices() -> SearchStrategy[GrantNotice]:
    """Grant notices with at least one amount and each funding source at most once."""
    return st.builds(
        GrantNotice,
        issuer=texts(),
        recipient=sponsors(),
        project=texts(),
        period=date_ranges(),
        issued_on=_optional(dates()),
        amounts=st.lists(
            funding_amounts(), min_size=1, max_size=len(FundingSource), unique_by=lambda a: a.source
        ).map(tuple),
        source=_optional(sources()),
    )


def applicants() -> SearchStrategy[Applicant]:
    """Applicants of any kind, with an optional address."""
    return st.builds(
        Applicant, name=texts(), kind=st.sampled_from(ApplicantKind), address=_optional(addresses())
    )


@st.composite
def _cost_plan_lines(draw: st.DrawFn, period: DateRange) -> CostPlanLine:
    year = draw(st.sampled_from(period.calendar_years()))
    days = period.intersection(year.range)
    assert days is not None  # the period touches every one of its calendar years
    return CostPlanLine(
        description=draw(texts()),
        amount=draw(money(min_value=0, max_value=_MAX_LINE_AMOUNT)),
        calendar_year=year.year,
        incurred_on=draw(_optional(dates(min_value=days.start, max_value=days.end))),
    )


def cost_plan_lines(*, period: DateRange | None = None) -> SearchStrategy[CostPlanLine]:
    """Cost plan lines (at most 1,000,000.00 EUR each) whose calendar year and optional date lie
    within ``period`` (by default 2000–2040)."""
    return _cost_plan_lines(period or DateRange(start=FIRST_DAY, end=LAST_DAY))


@st.composite
def _applications(draw: st.DrawFn) -> Application:
    period = draw(date_ranges())
    cost_plan = tuple(
        draw(st.lists(cost_plan_lines(period=period), min_size=1, max_size=_MAX_LINES))
    )
    return Application(
        id=draw(st.from_regex(r"[A-Z]{2}-20[0-9]{2}-[0-9]{3}", fullmatch=True)),
        title=draw(texts(max_size=80)),
        district=draw(districts()),
        applicant=draw(applicants()),
        cooperation_partners=draw(_tuples(cooperation_partners())),
        schools=draw(_tuples(schools(), min_size=1)),
        target_groups=tuple(draw(st.lists(st.sampled_from(TargetGroup), min_size=1, unique=True))),
        period=period,
        cost_plan=cost_plan,
        requested_amount=schulerfolg.money_sum(line.amount for line in cost_plan),
        consultation_date=draw(_optional(dates())),
        submission_date=draw(_optional(dates())),
        documents=tuple(
            draw(
                st.lists(
                    st.from_regex(r"[a-z][a-z0-9_]{0,20}", fullmatch=True),
                    max_size=_MAX_ITEMS,
                    unique=True,
                )
            )
        ),
        call=draw(_optional(texts())),
    )


def applications() -> SearchStrategy[Application]:
    """Applications whose cost plan (one to six lines) lies within the offer's period and adds
    up exactly to the requested amount."""
    return _applications()


# --------------------------------------------------------------------------------------------
# By type

_FACTORIES: Final[dict[type[Any], Callable[[], SearchStrategy[Any]]]] = {
    Money: money,
    DateRange: date_ranges,
    CalendarYear: calendar_years,
    SchoolYear: school_years,
    Source: sources,
    District: districts,
    Address: addresses,
    Contact: contacts,
    Sponsor: sponsors,
    NetworkOffice: network_offices,
    CooperationPartner: cooperation_partners,
    School: schools,
    SchoolSocialWorkProject: school_social_work_projects,
    CoFinancing: co_financings,
    FundingCycle: funding_cycles,
    Programme: programmes,
    FundingAmount: funding_amounts,
    GrantNotice: grant_notices,
    Applicant: applicants,
    CostPlanLine: cost_plan_lines,
    Application: applications,
}

_ENUMS: Final[tuple[type[enum.Enum], ...]] = (
    DistrictKind,
    SponsorKind,
    ApplicantKind,
    PartnerKind,
    SchoolType,
    TargetGroup,
    Module,
    FundingSource,
)

#: Every public type :func:`for_type` knows, in a stable order.
TYPES: Final[tuple[type[Any], ...]] = (*_FACTORIES, *_ENUMS)


def for_type(tp: type[T]) -> SearchStrategy[T]:
    """The strategy for a public :mod:`schulerfolg` type (a model class, :class:`Money`, a date
    range or year, or an enumeration); ``TypeError`` for any other type."""
    factory = _FACTORIES.get(tp)
    if factory is not None:
        return cast(SearchStrategy[T], factory())
    if tp in _ENUMS:
        return cast(SearchStrategy[T], st.sampled_from(cast(type[enum.Enum], tp)))
    raise TypeError(f"schulerfolg.strategies has no strategy for {tp!r}")


def register() -> None:
    """Register :func:`for_type` with Hypothesis for every model class and :class:`Money`, so
    that ``st.from_type(Application)`` builds valid objects.  Calling it again does no harm."""
    for tp in _FACTORIES:
        st.register_type_strategy(tp, for_type(tp))
