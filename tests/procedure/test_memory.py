"""The in-memory ledger's transactions: writes applied together, and undone together when
applying them is interrupted."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from ledger_helpers import APPROVED_ON, offer, rulebook
from rule_helpers import BOERDE
from schulerfolg import Award, MemoryLedger, Money


def test_a_commit_interrupted_half_way_is_undone() -> None:
    ledger = MemoryLedger()
    app = offer("M-1", "A", "700.00")
    award = Award.from_application(app, awarded_on=APPROVED_ON)

    def interrupted() -> Callable[[], None]:
        raise KeyboardInterrupt

    def change() -> None:
        with ledger._transaction(write=True) as store:
            store.put_application(app)
            store.put_award(award)
            store.pending.append(interrupted)  # type: ignore[attr-defined]

    with pytest.raises(KeyboardInterrupt):
        change()
    assert ledger.application("M-1") is None
    assert ledger.award("M-1") is None
    assert ledger.awards(district_key=BOERDE, calendar_years=[2025]) == []
    standing = ledger.budget_standing(rulebook(), BOERDE, 2025, on=APPROVED_ON)
    assert standing.awarded == Money.zero()


def test_an_award_is_never_written_twice() -> None:
    ledger = MemoryLedger()
    award = Award.from_application(offer("M-1", "A", "700.00"), awarded_on=APPROVED_ON)
    with ledger._transaction(write=True) as store:
        store.put_award(award)
    with pytest.raises(AssertionError), ledger._transaction(write=True) as store:
        store.put_award(award)
    standing = ledger.budget_standing(rulebook(), BOERDE, 2025, on=APPROVED_ON)
    assert standing.awarded == Money("700.00")
