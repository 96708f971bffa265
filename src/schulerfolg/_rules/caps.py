"""The cap arithmetic, as data: whom a cap counts for, the basis periods, and per subject and
period the amount an application requests, the amount earlier awards already hold, and whether
the cap is exceeded.

One policy for placing money in a basis period, used by the cap rule and — at write time —
by the award ledger, which must re-run exactly this arithmetic:

- calendar year: the line's ``calendar_year``;
- school year: :func:`~schulerfolg._model.cost_plan.school_year_of_line`; an application's line
  that cannot be placed is reported (never guessed), an earlier award's undated line spanning
  two school years counts in both (the cap is never silently under-counted);
- call: all of an application's money counts in its call; an earlier award counts in the call
  it was awarded in.

A cap per offer counts the offer's own amounts only (an application is one offer); a cap per
applicant or per school also counts earlier awards of the same applicant or school.  An offer
for several schools counts in full against each school's cap (no pro-rating).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import attrs

from schulerfolg._core.dates import SchoolYear
from schulerfolg._core.money import Money, money_sum
from schulerfolg._model.application import Application
from schulerfolg._model.cost_plan import CostPlanLine, school_year_of_line
from schulerfolg._parameters.values import Cap, CapBasis, CapScope
from schulerfolg._rules.ledger import Award, AwardLedger, InMemoryLedger


@attrs.frozen(kw_only=True)
class CapSubject:
    """Whom a cap counts for: the offer, the applicant or one school (``key`` identifies it,
    ``name`` is shown to people)."""

    scope: CapScope
    key: str
    name: str


@attrs.frozen(kw_only=True)
class CapPeriodTotal:
    """One subject in one basis period: what the application requests, what earlier awards
    already hold, and the cap."""

    subject: CapSubject
    period: str
    requested: Money
    earlier: Money
    cap: Money

    @property
    def total(self) -> Money:
        """Requested and earlier together."""
        return self.requested + self.earlier

    @property
    def exceeded_alone(self) -> bool:
        """The application alone requests more than the cap."""
        return self.requested > self.cap

    @property
    def exceeded_with_earlier(self) -> bool:
        """Within the cap alone, but over it together with earlier awards."""
        if not self.earlier or not self.requested:  # then the total is what is requested
            return False
        return not self.exceeded_alone and self.total > self.cap


@attrs.frozen(kw_only=True)
class CapAssessment:
    """The cap arithmetic of one application: its totals per subject and basis period (in
    subject order, then period order) and the cost plan lines that could not be placed."""

    cap: Cap
    totals: tuple[CapPeriodTotal, ...]
    unplaced: tuple[CostPlanLine, ...] = ()

    @property
    def exceeded(self) -> tuple[CapPeriodTotal, ...]:
        """The totals over the cap, alone or with earlier awards."""
        return tuple(t for t in self.totals if t.exceeded_alone or t.exceeded_with_earlier)


def subjects(application: Application, scope: CapScope) -> tuple[CapSubject, ...]:
    """Whom the cap counts for: the offer, the applicant, or each school."""
    if scope is CapScope.PER_OFFER:
        return (CapSubject(scope=scope, key=application.id, name=application.title),)
    if scope is CapScope.PER_APPLICANT:
        applicant = application.applicant
        return (CapSubject(scope=scope, key=applicant.key, name=applicant.name),)
    return tuple(
        CapSubject(scope=scope, key=school.key, name=school.name) for school in application.schools
    )


def counts_for(award: Award, subject: CapSubject) -> bool:
    """Whether an earlier award counts towards ``subject``'s cap."""
    if subject.scope is CapScope.PER_OFFER:
        return False  # an offer is one application; earlier awards are other offers
    if subject.scope is CapScope.PER_APPLICANT:
        return award.applicant_key == subject.key
    return subject.key in award.school_keys


def _add(totals: dict[str, Money], period: str, amount: Money) -> None:
    before = totals.get(period)
    totals[period] = amount if before is None else before + amount


def requested(
    application: Application, basis: CapBasis
) -> tuple[dict[str, Money], tuple[CostPlanLine, ...]]:
    """The application's amounts per basis period (sorted by period name), and the lines that
    cannot be placed in a school year."""
    if basis is CapBasis.CALL:
        return {
            application.call or "": money_sum(line.amount for line in application.cost_plan)
        }, ()
    totals: dict[str, Money] = {}
    unplaced: list[CostPlanLine] = []
    for line in application.cost_plan:
        if basis is CapBasis.CALENDAR_YEAR:
            _add(totals, str(line.calendar_year), line.amount)
            continue
        year = school_year_of_line(line, application.period)
        if year is None:
            unplaced.append(line)
        else:
            _add(totals, str(year), line.amount)
    return dict(sorted(totals.items())), tuple(unplaced)


def awarded(award: Award, basis: CapBasis, call: str | None) -> dict[str, Money]:
    """An earlier award's amounts per basis period; for a cap per call, only if the award is
    of the application's ``call``."""
    if basis is CapBasis.CALL and award.call != call:
        return {}
    totals: dict[str, Money] = {}
    for line in award.cost_plan:
        if basis is CapBasis.CALENDAR_YEAR:
            _add(totals, str(line.calendar_year), line.amount)
        elif basis is CapBasis.SCHOOL_YEAR:
            year = school_year_of_line(line, award.period)
            years = (
                (year,)
                if year is not None
                else (SchoolYear(line.calendar_year - 1), SchoolYear(line.calendar_year))
            )
            for item in years:
                _add(totals, str(item), line.amount)
        else:
            _add(totals, award.call or "", line.amount)
    return totals


def earlier_awards(application: Application, cap: Cap, ledger: AwardLedger) -> list[Award]:
    """The ledger's awards that may count: in the district, of the cap's subjects (the
    applicant, or any of the schools), touching the application's years (a school year reaches
    into the years on either side) or, per call, of its call.  A cap per offer counts no
    earlier award."""
    if cap.scope is CapScope.PER_OFFER:
        return []  # an offer is one application; earlier awards are other offers
    if isinstance(ledger, InMemoryLedger) and not ledger.entries:
        return []  # the common case of a decision without a ledger: no keys to compute
    basis = cap.basis
    years = {line.calendar_year for line in application.cost_plan}
    if basis is CapBasis.SCHOOL_YEAR:
        years |= {year + 1 for year in years} | {year - 1 for year in years}
    per_applicant = cap.scope is CapScope.PER_APPLICANT
    return [
        award
        for award in ledger.awards(
            district_key=application.district.key,
            calendar_years=frozenset(years),
            call=application.call if basis is CapBasis.CALL else None,
            applicant_key=application.applicant.key if per_applicant else None,
            school_keys=None if per_applicant else frozenset(s.key for s in application.schools),
        )
        if award.application_id != application.id
    ]


def _earlier_totals(
    awards: Iterable[Award], subject: CapSubject, basis: CapBasis, call: str | None
) -> Mapping[str, Money]:
    totals: dict[str, Money] = {}
    for award in awards:
        if counts_for(award, subject):
            for period, amount in awarded(award, basis, call).items():
                _add(totals, period, amount)
    return totals


def within(application: Application, cap: Cap, ledger: AwardLedger) -> bool:
    """True when nothing can exceed the cap: every line placed, every amount requested within
    it, and no earlier award counting — the common case, answered without :func:`assess`."""
    amounts, unplaced = requested(application, cap.basis)
    if unplaced or any(amount > cap.amount for amount in amounts.values()):
        return False
    return not earlier_awards(application, cap, ledger)


def assess(application: Application, cap: Cap, ledger: AwardLedger) -> CapAssessment:
    """The cap arithmetic of ``application`` under ``cap`` with the earlier awards of
    ``ledger``.  A cap per call needs the application's call (see the cap rule)."""
    amounts, unplaced = requested(application, cap.basis)
    awards = earlier_awards(application, cap, ledger)
    totals: list[CapPeriodTotal] = []
    for subject in subjects(application, cap.scope):
        earlier = _earlier_totals(awards, subject, cap.basis, application.call) if awards else {}
        totals.extend(
            CapPeriodTotal(
                subject=subject,
                period=period,
                requested=amount,
                earlier=earlier.get(period, Money.zero()),
                cap=cap.amount,
            )
            for period, amount in amounts.items()
        )
    return CapAssessment(cap=cap, totals=tuple(totals), unplaced=unplaced)
