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
from collections.abc import Collection, Iterable, Sequence
from contextlib import AbstractContextManager
from datetime import date
from types import TracebackType
from typing import Final

import attrs

from schulerfolg._core.i18n import N_
from schulerfolg._core.money import Money
from schulerfolg._model.application import Application
from schulerfolg._model.cost_plan import CostPlanLine
from schulerfolg._model.grant import GrantNotice
from schulerfolg._parameters.values import Cap
from schulerfolg._procedure.awards import notice_problems, reduction_problems
from schulerfolg._procedure.lifecycle import (
    Actor,
    ApplicationEvent,
    ApplicationEventKind,
    ApplicationHistory,
    ApplicationState,
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
from schulerfolg._procedure.store import LedgerStore, StoreView, awards_touching, subjects_of
from schulerfolg._rules import caps
from schulerfolg._rules.evaluation import check_district, evaluate
from schulerfolg._rules.ledger import Award
from schulerfolg._rules.rulebook import Rulebook
from schulerfolg.errors import LedgerError, Need, NotFoundError, Text, TransitionError

K = ApplicationEventKind
#: The states in which an application holds an award.
AWARDED_STATES: Final = frozenset(
    {ApplicationState.APPROVED, ApplicationState.RUNNING, ApplicationState.COMPLETED}
)


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
                StoreView(store).awards(
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
        call's money), in subject and period order, each subject named as the application of
        its first award writes it.  A report: it reads the awards of those periods and their
        applications."""
        cap: Cap = rulebook.resolve("educational_offer.cap", on)[0].value
        names: dict[str, str] = {}
        with self._transaction(write=False) as store:
            found, wanted = awards_touching(store, district_key, cap.basis, year)
            # People read a subject by its name as an application wrote it, not by its key
            # (a school's key is its case-folded name): the stored applications have them.
            for award in found:
                application = store.application(award.application_id)
                if application is not None:
                    for named in caps.subjects(application, cap.scope):
                        names.setdefault(named.key, named.name)
        totals: dict[tuple[str, str], Money] = {}
        for award in found:
            for subject_key in subjects_of(award, cap.scope):
                for period, amount in caps.awarded(award, cap.basis, award.call).items():
                    if period in wanted:
                        key = (subject_key, period)
                        totals[key] = totals.get(key, Money.zero()) + amount
        return tuple(
            CapStanding(
                district_key=district_key,
                subject=caps.CapSubject(
                    scope=cap.scope, key=subject, name=names.get(subject, subject)
                ),
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
            raise NotFoundError(
                Text(
                    N_("the application is {found}, not {wanted}"),
                    {"found": repr(application.id), "wanted": repr(application_id)},
                )
            )
        with self._transaction(write=True) as store:
            store.lock_application(application_id)
            history = self._history(store, application_id)
            if application is not None:
                check_district(rulebook, application)
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
                    check_district(rulebook, stored)
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
            check_district(rulebook, application)
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
            decision = evaluate(application, rulebook, on=day, ledger=StoreView(store))
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
            missing = [*notice_problems(grant_notice, award), *exceeded(checks)]
            history = history.append(event, procedure, also_missing=missing)
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
            check_district(rulebook, application)
            history = self._history(store, application_id)
            award = store.award(application_id)
            missing = [] if award is None else reduction_problems(award, plan)
            history_after = history.append(event, procedure_for(rulebook, on), also_missing=missing)
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
            raise LedgerError(
                self.location,
                Text(
                    N_("no submitted application {application}"),
                    {"application": repr(application_id)},
                ),
            )
        return application
