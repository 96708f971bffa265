"""The award ledger of the procedure: applications, their lifecycle events and the awards, in
one store, changed only in transactions that re-check what they change.

One protocol of storage (:class:`LedgerStore`, one transaction's primitives) and one class of
procedure (:class:`Ledger`) written once over it; three stores: in memory
(:mod:`.memory`), SQLite (:mod:`.sqlite`) and PostgreSQL (:mod:`.postgres`).

Approving an application evaluates the rules — every cap, against every award recorded before
it — and checks the district's budget **inside the write transaction**, then writes the award
and the events in the same transaction.  The stores serialise such transactions (SQLite: one
writer, ``BEGIN IMMEDIATE``; PostgreSQL: transaction-level advisory locks per application and
per district; memory: a lock), so two clerks approving at the same moment can never together
exceed a cap or a budget, and a transaction that fails or is killed leaves nothing behind.
Approving is idempotent by application id: an application approved already is never awarded
twice.
"""

from __future__ import annotations

import abc
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import date
from types import TracebackType
from typing import Final, Protocol

import attrs

from schulerfolg._core.dates import SchoolYear
from schulerfolg._core.i18n import N_
from schulerfolg._core.money import Money
from schulerfolg._model.application import Application
from schulerfolg._model.cost_plan import CostPlanLine
from schulerfolg._model.grant import GrantNotice
from schulerfolg._parameters.values import Cap, CapBasis, CapScope
from schulerfolg._procedure.lifecycle import (
    TRANSITIONS,
    Actor,
    ApplicationEvent,
    ApplicationEventKind,
    ApplicationHistory,
    ApplicationState,
    Procedure,
    procedure_for,
)
from schulerfolg._procedure.standing import (
    Approval,
    BudgetCheck,
    BudgetStanding,
    CapStanding,
    budget_standing,
    exceeded,
    requested_per_year,
)
from schulerfolg._rules import caps
from schulerfolg._rules.evaluation import evaluate
from schulerfolg._rules.ledger import Award, touching
from schulerfolg._rules.rulebook import Rulebook
from schulerfolg.errors import LedgerError, Need, NotFoundError, TransitionError

K = ApplicationEventKind
#: The states in which an application holds an award.
AWARDED_STATES: Final = frozenset(
    {ApplicationState.APPROVED, ApplicationState.RUNNING, ApplicationState.COMPLETED}
)


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
class _StoreView:
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


def _reduction_problems(award: Award, cost_plan: Sequence[CostPlanLine]) -> list[Need]:
    """What a reduced cost plan lacks: the award's lines, in order, each amount not higher,
    and less in all (so that no basis period of any cap can gain money)."""
    old = award.cost_plan
    if len(cost_plan) != len(old):
        return [
            Need(
                N_("the award's {count} cost plan lines in their order, amounts lowered"),
                {"count": len(old)},
            )
        ]
    missing = [
        Need(
            N_("line {line} as awarded ('{description}', {year}), its amount not above {amount}"),
            {
                "line": index,
                "description": before.description,
                "year": before.calendar_year,
                "amount": before.amount,
            },
        )
        for index, (before, after) in enumerate(zip(old, cost_plan, strict=True))
        if attrs.evolve(after, amount=before.amount) != before or after.amount > before.amount
    ]
    if not missing and sum((line.amount for line in cost_plan), Money.zero()) == award.total:
        missing.append(Need(N_("a lower total than awarded")))
    return missing


class Ledger(abc.ABC):
    """The award ledger: applications with their lifecycle events, and the awards that count
    towards caps and budgets — one protocol for the in-memory, SQLite and PostgreSQL stores.

    It is also an :class:`~schulerfolg.AwardLedger`: pass it to :func:`schulerfolg.evaluate`
    as ``ledger`` to decide against the awards recorded so far.  Use it as a context manager
    (or call :meth:`close`).
    """

    #: Where the ledger lives (a file path, a database, ``":memory:"``), for messages.
    location: str

    @abc.abstractmethod
    def _transaction(self, *, write: bool) -> AbstractContextManager[LedgerStore]:
        """A transaction over the store: committed when the block ends, rolled back when it
        raises.  A write transaction is serialised with every other write of the ledger."""

    def close(self) -> None:  # noqa: B027 - a store without resources needs no closing
        """Release the store's resources (a database connection)."""

    def __enter__(self) -> Ledger:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # --- reading -----------------------------------------------------------------------

    def awards(
        self,
        *,
        district_key: str,
        calendar_years: Collection[int],
        call: str | None = None,
        applicant_key: str | None = None,
        school_keys: Collection[str] | None = None,
    ) -> Iterable[Award]:
        """Earlier awards as the rules read them (see :class:`~schulerfolg.AwardLedger`)."""
        with self._transaction(write=False) as store:
            return list(
                _StoreView(store).awards(
                    district_key=district_key,
                    calendar_years=calendar_years,
                    call=call,
                    applicant_key=applicant_key,
                    school_keys=school_keys,
                )
            )

    def award(self, application_id: str) -> Award | None:
        """The application's current award (after reductions), or ``None``."""
        with self._transaction(write=False) as store:
            return store.award(application_id)

    def application(self, application_id: str) -> Application | None:
        """The submitted application document, or ``None``."""
        with self._transaction(write=False) as store:
            return store.application(application_id)

    def history(self, application_id: str) -> ApplicationHistory:
        """The application's history (empty, in state ``draft``, if the ledger has none)."""
        with self._transaction(write=False) as store:
            return ApplicationHistory(
                application_id=application_id, events=store.events(application_id)
            )

    def application_ids(self) -> list[str]:
        """Every application the ledger has events of, sorted."""
        with self._transaction(write=False) as store:
            return store.application_ids()

    def budget_standing(
        self, rulebook: Rulebook, district_key: str, year: int, *, on: date
    ) -> BudgetStanding:
        """The district's budget for ``year`` (as in force on ``on``, see
        :func:`~schulerfolg._procedure.standing.budget_value`), awarded and remaining."""
        with self._transaction(write=False) as store:
            awarded = store.budget_awarded(district_key, year)
        return budget_standing(rulebook, district_key, year, on, awarded)

    def cap_standings(
        self, rulebook: Rulebook, district_key: str, year: int, *, on: date
    ) -> tuple[CapStanding, ...]:
        """Awarded and remaining under the district's cap in force on ``on``, per subject
        (each offer, applicant or school with awards) and basis period touching ``year`` (the
        year; the two school years it meets; each call with money in it, with all of that
        call's money), in subject and period order.  A report: it reads the awards of those
        periods."""
        cap: Cap = rulebook.resolve("educational_offer.cap", on)[0].value
        with self._transaction(write=False) as store:
            found, wanted = _awards_touching(store, district_key, cap.basis, year)
        totals: dict[tuple[str, str], Money] = {}
        for award in found:
            for subject_key in _subjects_of(award, cap.scope):
                for period, amount in caps.awarded(award, cap.basis, award.call).items():
                    if period in wanted:
                        key = (subject_key, period)
                        totals[key] = totals.get(key, Money.zero()) + amount
        return tuple(
            CapStanding(
                district_key=district_key,
                subject=caps.CapSubject(scope=cap.scope, key=subject, name=subject),
                period=period,
                cap=cap.amount,
                awarded=amount,
            )
            for (subject, period), amount in sorted(totals.items())
        )

    # --- writing -----------------------------------------------------------------------

    def submit(
        self,
        application: Application,
        *,
        rulebook: Rulebook,
        on: date,
        actor: Actor,
        note: str | None = None,
    ) -> ApplicationHistory:
        """Record the submission of ``application`` (stored with it)."""
        event = ApplicationEvent(kind=K.SUBMITTED, on=on, actor=actor, note=note)
        return self.record(
            event, application_id=application.id, rulebook=rulebook, application=application
        )

    def record(
        self,
        event: ApplicationEvent,
        *,
        application_id: str,
        rulebook: Rulebook,
        application: Application | None = None,
    ) -> ApplicationHistory:
        """Append ``event`` to the application's history under the district's procedure on the
        event's day, and return the history.  A ``submitted`` event brings the application
        document (``application``); a ``withdrawn`` event frees the application's award.
        Approvals and reductions go through :meth:`approve` and :meth:`reduce`, which check
        the money.  Refused with :class:`~schulerfolg.errors.TransitionError`; nothing changes.
        """
        if event.kind in (K.APPROVED, K.REDUCED):
            method = "approve" if event.kind is K.APPROVED else "reduce"
            raise TransitionError(
                state=self.history(application_id).state.value,
                event=event.kind.value,
                missing=[Need(N_("the ledger's {method}()"), {"method": method})],
            )
        if (application is not None) != (event.kind is K.SUBMITTED):
            raise TransitionError(
                state=self.history(application_id).state.value,
                event=event.kind.value,
                missing=[
                    Need(N_("the application document with the submission, and only with it"))
                ],
            )
        if application is not None and application.id != application_id:
            raise NotFoundError(f"the application is {application.id!r}, not {application_id!r}")
        with self._transaction(write=True) as store:
            store.lock_application(application_id)
            history = self._history(store, application_id)
            if application is not None:
                _same_district(rulebook, application)
                before = store.application(application_id)
                if before is not None and before != application:
                    raise TransitionError(
                        state=history.state.value,
                        event=event.kind.value,
                        missing=[
                            Need(N_("the application document submitted before under this id"))
                        ],
                    )
            else:
                stored = store.application(application_id)
                if stored is not None:
                    _same_district(rulebook, stored)
            after = history.append(event, procedure_for(rulebook, event.on))
            if application is not None and store.application(application_id) is None:
                store.put_application(application)
            if event.kind is K.WITHDRAWN:
                award = store.award(application_id)
                if award is not None:
                    store.lock_district(award.district_key)
                    store.remove_award(award)
            store.add_events(application_id, len(history.events), [event])
            return after

    def withdraw(
        self,
        application_id: str,
        *,
        rulebook: Rulebook,
        on: date,
        actor: Actor,
        note: str | None = None,
    ) -> ApplicationHistory:
        """Record the withdrawal; an award the application held is freed."""
        event = ApplicationEvent(kind=K.WITHDRAWN, on=on, actor=actor, note=note)
        return self.record(event, application_id=application_id, rulebook=rulebook)

    def approve(
        self,
        application_id: str,
        *,
        rulebook: Rulebook,
        on: date,
        actor: Actor,
        grant_notice: GrantNotice,
        note: str | None = None,
    ) -> Approval:
        """Approve the submitted application: inside one write transaction, evaluate it under
        ``rulebook`` against every award recorded so far (the day of its submission, else
        ``on``, chooses the rules), check the district's budget for each year it has money in
        and that the grant notice grants the award (its total, a period covering the offer's),
        record the decision (where the history is at ``submitted``) and the approval with the
        grant notice, and write the award.  Refused — nothing written — with a
        :class:`~schulerfolg.errors.TransitionError` listing everything missing (an eligible
        decision, a vote, room in the budget, …).  An application approved already is
        returned as it was approved (``recorded=False``)."""
        with self._transaction(write=True) as store:
            store.lock_application(application_id)
            application = self._submitted(store, application_id)
            _same_district(rulebook, application)
            history = self._history(store, application_id)
            earlier = store.award(application_id)
            approved = history.last(K.APPROVED)
            if earlier is not None and approved is not None and history.state in AWARDED_STATES:
                assert approved.decision is not None  # an approval always carries it
                return Approval(
                    award=earlier,
                    decision=approved.decision,
                    budget=(),
                    history=history,
                    recorded=False,
                )
            district_key = application.district.key
            store.lock_district(district_key)
            day = application.submission_date or on
            decision = evaluate(application, rulebook, on=day, ledger=_StoreView(store))
            procedure = procedure_for(rulebook, on)
            start = len(history.events)
            new: list[ApplicationEvent] = []
            if history.state is ApplicationState.SUBMITTED:
                new.append(
                    ApplicationEvent(
                        kind=K.DECISION_RECORDED, on=on, actor=actor, decision=decision
                    )
                )
                history = history.append(new[-1], procedure)
            checks = tuple(
                BudgetCheck(
                    standing=budget_standing(
                        rulebook, district_key, year, on, store.budget_awarded(district_key, year)
                    ),
                    requested=amount,
                )
                for year, amount in requested_per_year(application).items()
            )
            event = ApplicationEvent(
                kind=K.APPROVED,
                on=on,
                actor=actor,
                note=note,
                decision=decision,
                grant_notice=grant_notice,
            )
            award = Award.from_application(application, awarded_on=on)
            missing = [*_notice_problems(grant_notice, award), *exceeded(checks)]
            history = _append_with(history, event, procedure, missing)
            store.put_award(award)
            store.add_events(application_id, start, [*new, event])
            return Approval(award=award, decision=decision, budget=checks, history=history)

    def reduce(
        self,
        application_id: str,
        cost_plan: Sequence[CostPlanLine],
        *,
        rulebook: Rulebook,
        on: date,
        actor: Actor,
        note: str | None = None,
    ) -> ApplicationHistory:
        """Reduce an approved application's award to ``cost_plan`` — the awarded lines in
        their order, amounts lowered — and record it; the money freed counts no more."""
        plan = tuple(cost_plan)
        event = ApplicationEvent(kind=K.REDUCED, on=on, actor=actor, note=note, cost_plan=plan)
        with self._transaction(write=True) as store:
            store.lock_application(application_id)
            application = self._submitted(store, application_id)
            _same_district(rulebook, application)
            history = self._history(store, application_id)
            award = store.award(application_id)
            missing = [] if award is None else _reduction_problems(award, plan)
            history_after = _append_with(history, event, procedure_for(rulebook, on), missing)
            assert award is not None  # the table allows a reduction only of an award
            store.lock_district(award.district_key)
            store.remove_award(award)
            store.put_award(attrs.evolve(award, cost_plan=plan))
            store.add_events(application_id, len(history.events), [event])
            return history_after

    # --- helpers -----------------------------------------------------------------------

    def _history(self, store: LedgerStore, application_id: str) -> ApplicationHistory:
        return ApplicationHistory(
            application_id=application_id, events=store.events(application_id)
        )

    def _submitted(self, store: LedgerStore, application_id: str) -> Application:
        application = store.application(application_id)
        if application is None:
            raise LedgerError(self.location, f"no submitted application {application_id!r}")
        return application


def _append_with(
    history: ApplicationHistory,
    event: ApplicationEvent,
    procedure: Procedure,
    missing: list[Need],
) -> ApplicationHistory:
    """``history.append(event)``, refused with everything missing at once: what the history
    lacks and ``missing`` (what the money lacks)."""
    from_state = history.state
    try:
        after = history.append(event, procedure)
    except TransitionError as exc:
        if (from_state, event.kind) not in TRANSITIONS:
            raise
        raise TransitionError(
            state=exc.state, event=exc.event, missing=[*exc.needs, *missing]
        ) from None
    if missing:
        raise TransitionError(state=from_state.value, event=event.kind.value, missing=missing)
    return after


def _notice_problems(notice: GrantNotice, award: Award) -> Iterator[Need]:
    """What the grant notice lacks to be the notice of this award: its amount, and a period
    that covers the offer's."""
    if notice.total != award.total:
        yield Need(
            N_("a grant notice for the awarded {amount} (it grants {granted})"),
            {"amount": award.total, "granted": notice.total},
        )
    if not notice.period.contains_range(award.period):
        yield Need(
            N_("a grant notice whose period covers the offer's ({period})"),
            {"period": award.period},
        )


def _same_district(rulebook: Rulebook, application: Application) -> None:
    overlay = rulebook.overlay
    if overlay is not None and overlay.district != application.district:
        raise NotFoundError(
            f"the rulebook is for {overlay.district}, the application for {application.district}"
        )


def _subjects_of(award: Award, scope: CapScope) -> Iterator[str]:
    if scope is CapScope.PER_OFFER:
        yield award.application_id
    elif scope is CapScope.PER_APPLICANT:
        yield award.applicant_key
    else:
        yield from award.school_keys


def _awards_touching(
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
