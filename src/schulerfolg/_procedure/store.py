"""The storage of the award ledger: the protocol of one transaction's primitives that every
store implements (memory, SQLite, PostgreSQL), the index keys they share, and the reads built
on the primitives — the awards as the rules read them, the awards a standing counts.

The stores know nothing of the procedure (:mod:`.ledger`), which is written once over them.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from typing import Protocol

import attrs

from schulerfolg._core.dates import SchoolYear
from schulerfolg._core.money import Money
from schulerfolg._model.application import Application
from schulerfolg._parameters.values import CapBasis, CapScope
from schulerfolg._procedure.lifecycle import ApplicationEvent
from schulerfolg._rules.ledger import Award, touching


def period_keys(award: Award) -> tuple[str, ...]:
    """The period index keys of an award: each calendar year it has money in, and its call."""
    keys = [str(year) for year in sorted(award.calendar_years())]
    if award.call is not None:
        keys.append(f"call:{award.call}")
    return tuple(keys)


def subject_keys(award: Award) -> tuple[tuple[str, str], ...]:
    """The subject index keys of an award: ``("applicant", key)`` and ``("school", key)``."""
    return (("applicant", award.applicant_key), *(("school", key) for key in award.school_keys))


class LedgerStore(Protocol):
    """One transaction's access to a ledger's storage: what :class:`Ledger` needs, nothing
    more.  Reads see every transaction committed before; writes become visible together at
    commit, or not at all."""

    def lock_application(self, application_id: str) -> None:
        """Serialise this transaction with every other one that changes this application."""

    def lock_district(self, district_key: str) -> None:
        """Serialise this transaction with every other one that changes this district's
        awards (taken after :meth:`lock_application`, never before: one order, no deadlock)."""

    def application(self, application_id: str) -> Application | None:
        """The application document submitted under this id, or ``None``."""

    def put_application(self, application: Application) -> None:
        """Store a submitted application document."""

    def events(self, application_id: str) -> list[ApplicationEvent]:
        """The application's events in order (empty if there are none)."""

    def add_events(
        self, application_id: str, start: int, events: Sequence[ApplicationEvent]
    ) -> None:
        """Append ``events`` at positions ``start``, ``start + 1``, …"""

    def award(self, application_id: str) -> Award | None:
        """The application's award, or ``None``."""

    def awards_in_periods(self, district_key: str, periods: Collection[str]) -> list[Award]:
        """The district's awards with any of the period keys (see :func:`period_keys`)."""

    def awards_of_subjects(
        self, district_key: str, applicant_key: str | None, school_keys: Collection[str]
    ) -> list[Award]:
        """The district's awards of the applicant or touching any of the schools."""

    def put_award(self, award: Award) -> None:
        """Record an award with its index entries, and add its money to the budget totals."""

    def remove_award(self, award: Award) -> None:
        """Remove a recorded award, its index entries and its money from the budget totals."""

    def budget_awarded(self, district_key: str, year: int) -> Money:
        """What the district's awards hold of calendar ``year`` (a running total, no scan)."""

    def application_ids(self) -> list[str]:
        """Every application with events, sorted."""


@attrs.frozen
class StoreView:
    """A store as the rules read a ledger (:class:`~schulerfolg._rules.ledger.AwardLedger`)."""

    store: LedgerStore

    def awards(
        self,
        *,
        district_key: str,
        calendar_years: Collection[int],
        call: str | None = None,
        applicant_key: str | None = None,
        school_keys: Collection[str] | None = None,
    ) -> Iterable[Award]:
        if applicant_key is None and school_keys is None:
            periods = [str(year) for year in calendar_years]
            if call is not None:
                periods.append(f"call:{call}")
            return self.store.awards_in_periods(district_key, periods)
        found = self.store.awards_of_subjects(district_key, applicant_key, school_keys or ())
        return touching(found, calendar_years, call)


def subjects_of(award: Award, scope: CapScope) -> Iterator[str]:
    if scope is CapScope.PER_OFFER:
        yield award.application_id
    elif scope is CapScope.PER_APPLICANT:
        yield award.applicant_key
    else:
        yield from award.school_keys


def awards_touching(
    store: LedgerStore, district_key: str, basis: CapBasis, year: int
) -> tuple[list[Award], frozenset[str]]:
    """The district's awards that count in a basis period touching calendar ``year``, and
    those periods: the year; the two school years it meets; every call with money in it (all
    of each such call's money, whatever its years)."""
    if basis is CapBasis.CALENDAR_YEAR:
        return store.awards_in_periods(district_key, [str(year)]), frozenset({str(year)})
    if basis is CapBasis.SCHOOL_YEAR:
        found = store.awards_in_periods(district_key, [str(y) for y in (year - 1, year, year + 1)])
        periods = {str(SchoolYear(year - 1)), str(SchoolYear(year))}
        return found, frozenset(periods)
    calls = sorted({a.call for a in store.awards_in_periods(district_key, [str(year)]) if a.call})
    found = store.awards_in_periods(district_key, [f"call:{call}" for call in calls])
    return found, frozenset(calls)
