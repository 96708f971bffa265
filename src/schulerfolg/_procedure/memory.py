"""The in-memory award ledger: for tests, scripts and embedding — and the model the stateful
tests hold the SQLite and PostgreSQL ledgers against.

A write transaction holds the ledger's lock and collects its writes; they are applied together
when the transaction ends without an error, each change recorded in a journal before it is
made, so that a refused or failing change — even one interrupted while it is applied — leaves
nothing behind.  Look-ups go
through the same indexes (district and period, district and subject) as the database ledgers
and the budget totals are kept running, so nothing scans every award.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Final

from schulerfolg._core.i18n import N_
from schulerfolg._core.money import Money
from schulerfolg._model.application import Application
from schulerfolg._procedure.ledger import Ledger
from schulerfolg._procedure.lifecycle import ApplicationEvent
from schulerfolg._procedure.store import LedgerStore, period_keys, subject_keys
from schulerfolg._rules.ledger import Award
from schulerfolg.errors import LedgerError, Text

_Key = tuple[str, ...]


class _MemoryState:
    """The committed data: documents, events, awards, their indexes and the budget totals.
    Index values are dicts used as insertion-ordered sets."""

    def __init__(self) -> None:
        self.applications: dict[str, Application] = {}
        self.events: dict[str, tuple[ApplicationEvent, ...]] = {}
        self.awards: dict[str, Award] = {}
        self.by_period: dict[_Key, dict[str, None]] = {}
        self.by_subject: dict[_Key, dict[str, None]] = {}
        self.budget: dict[tuple[str, int], Money] = {}


_MISSING: Final = object()


class _Journal:
    """The value every entry a transaction's writes touch had before, recorded before each
    change: undoing restores them exactly, wherever a write was interrupted."""

    def __init__(self) -> None:
        self.entries: list[tuple[dict[Any, Any], object, object]] = []

    def set(self, table: dict[Any, Any], key: object, value: object) -> None:
        self.entries.append((table, key, table.get(key, _MISSING)))
        table[key] = value

    def delete(self, table: dict[Any, Any], key: object) -> None:
        self.entries.append((table, key, table.get(key, _MISSING)))
        table.pop(key, None)

    def undo(self) -> None:
        for table, key, before in reversed(self.entries):
            if before is _MISSING:
                table.pop(key, None)
            else:
                table[key] = before


class _MemoryStore:
    """One transaction over :class:`_MemoryState`: reads see the committed data, writes wait
    in ``pending`` until :meth:`commit`."""

    def __init__(self, state: _MemoryState) -> None:
        self.state = state
        self.pending: list[Callable[[_Journal], None]] = []

    def commit(self) -> None:
        """Apply the writes in order; if one fails (or the thread is interrupted), undo every
        change made, last first."""
        journal = _Journal()
        try:
            for write in self.pending:
                write(journal)
        except BaseException:
            journal.undo()
            raise

    def lock_application(self, application_id: str) -> None:
        """The ledger's lock is held for the whole transaction already."""

    def lock_district(self, district_key: str) -> None:
        """The ledger's lock is held for the whole transaction already."""

    def application(self, application_id: str) -> Application | None:
        return self.state.applications.get(application_id)

    def put_application(self, application: Application) -> None:
        def write(journal: _Journal) -> None:
            if application.id in self.state.applications:  # read under the lock: never
                raise LedgerError(
                    ":memory:",
                    Text(
                        N_("application {application} stored twice"),
                        {"application": repr(application.id)},
                    ),
                )
            journal.set(self.state.applications, application.id, application)

        self.pending.append(write)

    def events(self, application_id: str) -> list[ApplicationEvent]:
        return list(self.state.events.get(application_id, ()))

    def add_events(
        self, application_id: str, start: int, events: Sequence[ApplicationEvent]
    ) -> None:
        def write(journal: _Journal) -> None:
            before = self.state.events.get(application_id, ())
            if len(before) != start:  # read under the lock: never
                raise LedgerError(
                    ":memory:",
                    Text(
                        N_("the history of {application} changed"),
                        {"application": repr(application_id)},
                    ),
                )
            journal.set(self.state.events, application_id, (*before, *events))

        self.pending.append(write)

    def award(self, application_id: str) -> Award | None:
        return self.state.awards.get(application_id)

    def _read(self, index: dict[_Key, dict[str, None]], keys: Iterator[_Key]) -> list[Award]:
        found: dict[str, None] = {}
        for key in keys:
            found.update(index.get(key, {}))
        return [self.state.awards[application_id] for application_id in found]

    def awards_in_periods(self, district_key: str, periods: Collection[str]) -> list[Award]:
        return self._read(self.state.by_period, ((district_key, period) for period in periods))

    def awards_of_subjects(
        self, district_key: str, applicant_key: str | None, school_keys: Collection[str]
    ) -> list[Award]:
        keys: list[_Key] = [(district_key, "school", school) for school in school_keys]
        if applicant_key is not None:
            keys.insert(0, (district_key, "applicant", applicant_key))
        return self._read(self.state.by_subject, iter(keys))

    def put_award(self, award: Award) -> None:
        self.pending.append(lambda journal: self._change(journal, award, +1))

    def remove_award(self, award: Award) -> None:
        self.pending.append(lambda journal: self._change(journal, award, -1))

    def _change(self, journal: _Journal, award: Award, sign: int) -> None:
        """Add (``sign`` 1) or remove (-1) an award with its index entries and budget money,
        each change recorded in ``journal`` first."""
        state, district, application_id = self.state, award.district_key, award.application_id
        if (application_id in state.awards) == (sign > 0):  # read under the lock: never
            raise LedgerError(
                ":memory:",
                Text(
                    N_("the award of {application} changed"), {"application": repr(application_id)}
                ),
            )
        keys: list[tuple[dict[_Key, dict[str, None]], _Key]] = [
            (state.by_period, (district, period)) for period in period_keys(award)
        ]
        keys += [(state.by_subject, (district, *subject)) for subject in subject_keys(award)]
        if sign > 0:
            journal.set(state.awards, application_id, award)
        else:
            journal.delete(state.awards, application_id)
        for index, key in keys:
            if key not in index:
                journal.set(index, key, {})
            if sign > 0:
                journal.set(index[key], application_id, None)
            else:
                journal.delete(index[key], application_id)
        for line in award.cost_plan:
            total = (district, line.calendar_year)
            before = state.budget.get(total, Money.zero())
            after = before + line.amount if sign > 0 else before - line.amount
            journal.set(state.budget, total, after)

    def budget_awarded(self, district_key: str, year: int) -> Money:
        return self.state.budget.get((district_key, year), Money.zero())

    def application_ids(self) -> list[str]:
        return sorted(self.state.events)


class MemoryLedger(Ledger):
    """An award ledger in memory, safe to share between threads; gone when the process ends.

    .. versionadded:: 0.2.0
    """

    location = ":memory:"

    def __init__(self) -> None:
        self._state = _MemoryState()
        self._lock = threading.RLock()

    @contextmanager
    def _transaction(self, *, write: bool) -> Iterator[LedgerStore]:
        with self._lock:
            store = _MemoryStore(self._state)
            yield store
            if write:
                store.commit()
