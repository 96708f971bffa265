"""The award ledger as the rules read it: earlier awards that count towards a cap.

The rules only read the ledger, through the narrow :class:`AwardLedger` protocol — "awards in
this district touching these calendar years" — so that a persistent, concurrency-safe ledger
(the procedure layer) can take its place without touching the rules.  :class:`InMemoryLedger`
is the immutable in-memory implementation for tests, scripts and embedding.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping
from datetime import date
from typing import Final, Protocol, runtime_checkable

import attrs

from schulerfolg._core.dates import DateRange
from schulerfolg._core.i18n import N_
from schulerfolg._core.money import Money, money_sum
from schulerfolg._model.application import Application
from schulerfolg._model.cost_plan import CostPlanLine
from schulerfolg.errors import InvariantError, Problem, Text


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


def touching(
    awards: Iterable[Award], calendar_years: Collection[int], call: str | None
) -> tuple[Award, ...]:
    """The awards with money in any of ``calendar_years`` or, when ``call`` is given, of that
    call — how a ledger narrows a subject's awards (read by index) to the periods asked for."""
    years = frozenset(calendar_years)
    return tuple(
        award
        for award in awards
        if award.calendar_years() & years or (call is not None and award.call == call)
    )


@runtime_checkable
class AwardLedger(Protocol):
    """Read access to earlier awards, as the rules need it."""

    def awards(
        self,
        *,
        district_key: str,
        calendar_years: Collection[int],
        call: str | None = None,
        applicant_key: str | None = None,
        school_keys: Collection[str] | None = None,
    ) -> Iterable[Award]:
        """Awards in the district with money in any of ``calendar_years`` — and, when ``call``
        is given, every award of that call whatever its years.  Given ``applicant_key`` or
        ``school_keys``, only the awards of that applicant or touching any of those schools
        (a ledger looks them up by index; none scans every award)."""
        ...


@attrs.frozen
class InMemoryLedger:
    """An immutable in-memory ledger; :meth:`with_award` returns a new ledger.

    Its awards are indexed by district and calendar year or call and by district and subject
    (applicant, school) when it is built, so a look-up reads the awards that can count, not
    every award.
    """

    entries: tuple[Award, ...] = ()
    # Positions of the entries by (district, year or "call:<call>") and by (district, "applicant"
    # or "school", key).
    _by_period: Mapping[tuple[str, object], tuple[int, ...]] = attrs.field(
        init=False, repr=False, eq=False
    )
    _by_subject: Mapping[tuple[str, str, str], tuple[int, ...]] = attrs.field(
        init=False, repr=False, eq=False
    )

    def __attrs_post_init__(self) -> None:
        counts = Counter(award.application_id for award in self.entries)
        repeated = sorted(key for key, count in counts.items() if count > 1)
        if repeated:
            problem = Problem.of(
                "$.entries",
                Text(N_("awarded twice: {applications}"), {"applications": str(repeated)}),
            )
            raise InvariantError("InMemoryLedger", [problem], label=Text(N_("award ledger")))
        by_period: dict[tuple[str, object], list[int]] = defaultdict(list)
        by_subject: dict[tuple[str, str, str], list[int]] = defaultdict(list)
        for position, award in enumerate(self.entries):
            district = award.district_key
            for year in award.calendar_years():
                by_period[(district, year)].append(position)
            if award.call is not None:
                by_period[(district, f"call:{award.call}")].append(position)
            by_subject[(district, "applicant", award.applicant_key)].append(position)
            for school in award.school_keys:
                by_subject[(district, "school", school)].append(position)
        object.__setattr__(self, "_by_period", {k: tuple(v) for k, v in by_period.items()})
        object.__setattr__(self, "_by_subject", {k: tuple(v) for k, v in by_subject.items()})

    def awards(
        self,
        *,
        district_key: str,
        calendar_years: Collection[int],
        call: str | None = None,
        applicant_key: str | None = None,
        school_keys: Collection[str] | None = None,
    ) -> Iterable[Award]:
        """Awards in the district with money in any of ``calendar_years`` — and, when ``call``
        is given, every award of that call whatever its years — restricted to the applicant or
        schools where given; in the order they were added."""
        if applicant_key is None and school_keys is None:
            periods: set[int] = set()
            for year in calendar_years:
                periods.update(self._by_period.get((district_key, year), ()))
            if call is not None:
                periods.update(self._by_period.get((district_key, f"call:{call}"), ()))
            return tuple(self.entries[position] for position in sorted(periods))
        # A subject has few awards: read them by the subject's index, then check the period.
        subjects: set[int] = set()
        if applicant_key is not None:
            subjects.update(self._by_subject.get((district_key, "applicant", applicant_key), ()))
        for school in school_keys or ():
            subjects.update(self._by_subject.get((district_key, "school", school), ()))
        return touching(
            (self.entries[position] for position in sorted(subjects)), calendar_years, call
        )

    def with_award(self, award: Award) -> InMemoryLedger:
        """A ledger with ``award`` added (an application is awarded at most once)."""
        return InMemoryLedger((*self.entries, award))


#: The ledger of a decision made without one: no earlier awards.
EMPTY_LEDGER: Final = InMemoryLedger()
