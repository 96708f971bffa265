"""The programme and money: co-financing, funding cycles, grants; applications with their
cost plans."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

import schulerfolg
from schulerfolg import (
    Applicant,
    ApplicantKind,
    Application,
    CoFinancing,
    CostPlanLine,
    DateRange,
    FundingAmount,
    FundingCycle,
    FundingSource,
    GrantNotice,
    Module,
    Programme,
    TargetGroup,
)
from schulerfolg.strategies._basics import (
    _MAX_ITEMS,
    _MAX_LINE_AMOUNT,
    _MAX_LINES,
    FIRST_DAY,
    LAST_DAY,
    _optional,
    _tuples,
    date_ranges,
    dates,
    districts,
    money,
    sources,
    texts,
)
from schulerfolg.strategies._organisations import (
    addresses,
    cooperation_partners,
    schools,
    sponsors,
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
    provisional = draw(st.booleans())
    return FundingCycle(
        id=draw(st.from_regex(r"[a-z][a-z0-9-]{0,20}", fullmatch=True)),
        name=draw(texts()),
        period=draw(date_ranges()),
        modules=tuple(modules),
        co_financing=tuple(draw(co_financings(module=module)) for module in financed),
        source=draw(sources()),
        provisional=provisional,
        note=draw(texts() if provisional else _optional(texts())),
    )


def funding_cycles() -> SearchStrategy[FundingCycle]:
    """Funding cycles with at least one module and co-financing only for their modules; a
    provisional cycle says why in its note."""
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
