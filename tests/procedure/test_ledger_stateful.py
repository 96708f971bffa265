"""Random sequences of submissions, approvals, withdrawals and reductions against every ledger
store at once (memory, SQLite, PostgreSQL where a server runs), held against a plain model of
the caps and the budget: after each step no cap or budget is exceeded, no award is lost or
written twice, and every store agrees with the model and with the others."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import ROUND_DOWN, Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)

import ledger_helpers
from ledger_helpers import (
    APPROVED_ON,
    BUDGET,
    CAP,
    CLERK,
    SUBMITTED_ON,
    approve,
    consistency_problems,
    offer,
    rulebook,
)
from rule_helpers import line
from schulerfolg import Application, Ledger, MemoryLedger, Money, SchulerfolgError, open_ledger
from schulerfolg.plugins import Cap, CapBasis, CapScope

TABLES = ("applications", "events", "awards", "award_periods", "award_subjects", "budget_totals")


class Model:
    """What a correct ledger holds: each application's state and its awarded amount.  Every
    offer has its money in one calendar year, September to December, so its school year starts
    in that year: per calendar year and per school year the model counts alike."""

    def __init__(self, scope: CapScope) -> None:
        self.scope = scope
        self.state: dict[str, str] = {}
        self.awarded: dict[str, Money] = {}
        self.apps: dict[str, Application] = {}

    def subject(self, app: Application) -> str:
        """Whom the cap counts for."""
        if self.scope is CapScope.PER_SCHOOL:
            return app.schools[0].key
        return app.applicant.key

    def _total(self, *, subject: str | None, year: int) -> Money:
        total = Money.zero()
        for key, amount in self.awarded.items():
            app = self.apps[key]
            same_year = app.cost_plan[0].calendar_year == year
            if same_year and (subject is None or self.subject(app) == subject):
                total += amount
        return total

    def approve(self, app: Application) -> str:
        state = self.state[app.id]
        if state == "approved":
            return "unchanged"
        if state == "withdrawn":
            return "refused"
        year, amount = app.cost_plan[0].calendar_year, app.requested_amount
        within_cap = self._total(subject=self.subject(app), year=year) + amount <= CAP
        within_budget = self._total(subject=None, year=year) + amount <= BUDGET
        if within_cap and within_budget:
            self.state[app.id] = "approved"
            self.awarded[app.id] = amount
            return "approved"
        return "refused"

    def withdraw(self, app: Application) -> str:
        if self.state[app.id] == "withdrawn":
            return "refused"
        self.state[app.id] = "withdrawn"
        self.awarded.pop(app.id, None)
        return "withdrawn"

    def reduce(self, app: Application, amount: Money) -> str:
        if self.state[app.id] != "approved" or not amount < self.awarded[app.id]:
            return "refused"
        self.awarded[app.id] = amount
        return "reduced"


def outcome(action: Callable[[], Any], success: str) -> str:
    try:
        result = action()
    except SchulerfolgError:
        return "refused"
    if getattr(result, "recorded", True) is False:
        return "unchanged"
    return success


def make_machine(locations: list[str], cap: Cap) -> type[RuleBasedStateMachine]:
    book = rulebook(cap)

    class LedgerMachine(RuleBasedStateMachine):
        submitted = Bundle("submitted")

        def __init__(self) -> None:
            super().__init__()
            self.model = Model(cap.scope)
            self.ledgers: list[Ledger] = [MemoryLedger()]
            for location in locations:
                self.ledgers.append(open_ledger(location, create=True))
                _empty(self.ledgers[-1])
            self.count = 0

        def teardown(self) -> None:
            for ledger in self.ledgers:
                ledger.close()

        def _all(self, act: Callable[[Ledger], Any], success: str) -> list[str]:
            return [outcome(lambda item=item: act(item), success) for item in self.ledgers]

        @rule(
            target=submitted,
            applicant=st.sampled_from("ABC"),
            school=st.sampled_from(["1001", "1002"]),
            amount=st.sampled_from(["300.00", "700.00", "1200.00", "1800.00"]),
            year=st.sampled_from([2025, 2026]),
        )
        def submit(self, applicant: str, school: str, amount: str, year: int) -> Application:
            self.count += 1
            app = offer(f"H-{self.count}", applicant, amount, year, school)
            for ledger in self.ledgers:
                ledger.submit(app, rulebook=book, on=SUBMITTED_ON, actor=CLERK)
            self.model.state[app.id] = "submitted"
            self.model.apps[app.id] = app
            return app

        @rule(app=submitted)
        def approve(self, app: Application) -> None:
            expected = self.model.approve(app)
            got = self._all(lambda ledger: approve(ledger, app, book), "approved")
            assert got == [expected] * len(self.ledgers)

        @rule(app=submitted)
        def withdraw(self, app: Application) -> None:
            expected = self.model.withdraw(app)
            got = self._all(
                lambda ledger: ledger.withdraw(app.id, rulebook=book, on=APPROVED_ON, actor=CLERK),
                "withdrawn",
            )
            assert got == [expected] * len(self.ledgers)

        @rule(app=submitted, share=st.sampled_from(["0", "0.5", "0.999", "1"]))
        def reduce(self, app: Application, share: str) -> None:
            before = self.model.awarded.get(app.id, app.requested_amount)
            amount = Money((before.amount * Decimal(share)).quantize(Decimal("0.01"), ROUND_DOWN))
            expected = self.model.reduce(app, amount)
            year = app.cost_plan[0].calendar_year
            got = self._all(
                lambda ledger: ledger.reduce(
                    app.id,
                    (line(str(amount.amount), year),),
                    rulebook=book,
                    on=APPROVED_ON,
                    actor=CLERK,
                ),
                "reduced",
            )
            assert got == [expected] * len(self.ledgers)

        @invariant()
        def consistent_and_agreeing(self) -> None:
            expected = dict(self.model.awarded)
            for ledger in self.ledgers:
                assert consistency_problems(ledger, cap.scope) == [], ledger.location
                held = {}
                for key in ledger.application_ids():
                    award = ledger.award(key)
                    if award is not None:
                        held[key] = award.total
                assert held == expected, ledger.location

    return LedgerMachine


def _empty(ledger: Ledger) -> None:
    """Start from an empty ledger (a database reused across examples)."""
    with ledger._transaction(write=True) as store:
        execute = getattr(store, "_execute", None)
        if execute is not None:
            for table in TABLES:
                execute(f"DELETE FROM {table}", ())


@pytest.fixture
def locations(tmp_path: Path) -> Iterator[list[str]]:
    found = [str(tmp_path / "stateful.sqlite")]
    server = ledger_helpers.postgres_server()
    if server is None:
        yield found
        return
    yield from ([*found, database] for database in ledger_helpers.fresh_database(server))


CAPS = [
    Cap(amount=CAP, scope=CapScope.PER_APPLICANT, basis=CapBasis.CALENDAR_YEAR),
    Cap(amount=CAP, scope=CapScope.PER_SCHOOL, basis=CapBasis.SCHOOL_YEAR),
]


@pytest.mark.parametrize("cap", CAPS, ids=["per-applicant-calendar-year", "per-school-school-year"])
def test_every_store_keeps_caps_budgets_and_awards_like_the_model(
    locations: list[str], cap: Cap
) -> None:
    current = settings()
    run_state_machine_as_test(
        make_machine(locations, cap),
        settings=settings(
            current,
            max_examples=max(10, current.max_examples // 10),
            stateful_step_count=25,
            deadline=None,
        ),
    )
