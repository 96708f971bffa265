"""The award ledger: earlier awards that count towards a cap.

The rule engine only reads the ledger, through the narrow :class:`AwardLedger` protocol:
"awards in this district touching these calendar years".  This keeps the door open for a
persistent, concurrency-safe ledger later without touching the rules.  :class:`InMemoryLedger`
is the immutable in-memory implementation for tests, scripts and embedding.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date
from typing import Protocol, runtime_checkable

import attrs

from schulerfolg._dates import DateRange
from schulerfolg._errors import InvariantError
from schulerfolg._model import Application, CostPlanLine
from schulerfolg._money import Money, money_sum


@attrs.frozen(kw_only=True)
class Award:
    """An approved educational offer as the caps see it: who, for which schools, how much when.

    ``cost_plan`` holds the approved lines (year and, where known, day of each amount).
    """

    application_id: str
    district_key: str
    applicant_key: str
    school_keys: tuple[str, ...]
    call: str | None = None
    period: DateRange
    cost_plan: tuple[CostPlanLine, ...]
    awarded_on: date

    @classmethod
    def from_application(cls, application: Application, *, awarded_on: date) -> Award:
        """The award that approving ``application`` in full would record."""
        return cls(
            application_id=application.id,
            district_key=application.district.key,
            applicant_key=application.applicant.key,
            school_keys=tuple(school.key for school in application.schools),
            call=application.call,
            period=application.period,
            cost_plan=application.cost_plan,
            awarded_on=awarded_on,
        )

    @property
    def total(self) -> Money:
        """The awarded amount over all years."""
        return money_sum(line.amount for line in self.cost_plan)

    def calendar_years(self) -> frozenset[int]:
        """The calendar years the award has money in."""
        return frozenset(line.calendar_year for line in self.cost_plan)


@runtime_checkable
class AwardLedger(Protocol):
    """Read access to earlier awards, as the rule engine needs it."""

    def awards(
        self, *, district_key: str, calendar_years: Collection[int], call: str | None = None
    ) -> Iterable[Award]:
        """Awards in the district with money in any of ``calendar_years`` — and, when ``call``
        is given, every award of that call whatever its years."""
        ...


@attrs.frozen
class InMemoryLedger:
    """An immutable in-memory ledger; :meth:`with_award` returns a new ledger."""

    entries: tuple[Award, ...] = ()

    def __attrs_post_init__(self) -> None:
        ids = [award.application_id for award in self.entries]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise InvariantError("InMemoryLedger", [("entries", f"awarded twice: {repeated}")])

    def awards(
        self, *, district_key: str, calendar_years: Collection[int], call: str | None = None
    ) -> Iterable[Award]:
        """Awards in the district with money in any of ``calendar_years`` — and, when ``call``
        is given, every award of that call whatever its years."""
        years = frozenset(calendar_years)
        return tuple(
            award
            for award in self.entries
            if award.district_key == district_key
            and (award.calendar_years() & years or (call is not None and award.call == call))
        )

    def with_award(self, award: Award) -> InMemoryLedger:
        """A ledger with ``award`` added (an application is awarded at most once)."""
        return InMemoryLedger((*self.entries, award))


EMPTY_LEDGER = InMemoryLedger()
