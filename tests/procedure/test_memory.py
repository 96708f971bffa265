"""The in-memory ledger's transactions: writes applied together, and undone together — each
change is journalled before it is made — when applying them is interrupted anywhere."""

from __future__ import annotations

from typing import Any

import pytest

from ledger_helpers import APPROVED_ON, offer, rulebook
from rule_helpers import BOERDE
from schulerfolg import Award, LedgerError, MemoryLedger, Money
from schulerfolg._procedure import memory


def test_a_commit_interrupted_after_its_writes_is_undone() -> None:
    ledger = MemoryLedger()
    app = offer("M-1", "A", "700.00")

    def interrupted(journal: Any) -> None:
        raise KeyboardInterrupt

    def change() -> None:
        with ledger._transaction(write=True) as store:
            store.put_application(app)
            store.put_award(Award.from_application(app, awarded_on=APPROVED_ON))
            store.pending.append(interrupted)  # type: ignore[attr-defined]

    with pytest.raises(KeyboardInterrupt):
        change()
    assert ledger.application("M-1") is None
    assert ledger.award("M-1") is None
    assert ledger.awards(district_key=BOERDE, calendar_years=[2025]) == []
    assert ledger.budget_standing(rulebook(), BOERDE, 2025, on=APPROVED_ON).awarded == Money.zero()


@pytest.mark.parametrize("changes_before", range(5))  # a put makes five changes here
def test_a_write_interrupted_in_its_middle_is_undone(
    monkeypatch: pytest.MonkeyPatch, changes_before: int
) -> None:
    ledger = MemoryLedger()
    kept = Award.from_application(offer("M-0", "A", "300.00"), awarded_on=APPROVED_ON)
    with ledger._transaction(write=True) as store:
        store.put_award(kept)
    set_ = memory._Journal.set
    calls = iter(range(changes_before, -1, -1))

    def interrupting(self: Any, table: Any, key: object, value: object) -> None:
        if next(calls) == 0:
            raise KeyboardInterrupt
        set_(self, table, key, value)

    monkeypatch.setattr(memory._Journal, "set", interrupting)
    with pytest.raises(KeyboardInterrupt), ledger._transaction(write=True) as store:
        store.put_award(Award.from_application(offer("M-1", "A", "700.00"), awarded_on=APPROVED_ON))
    monkeypatch.undo()
    assert ledger.award("M-1") is None
    assert ledger.awards(district_key=BOERDE, calendar_years=[2025]) == [kept]
    assert list(
        ledger.awards(district_key=BOERDE, calendar_years=[2025], applicant_key=kept.applicant_key)
    ) == [kept]
    assert ledger.budget_standing(rulebook(), BOERDE, 2025, on=APPROVED_ON).awarded == Money(
        "300.00"
    )


def test_an_award_is_never_written_twice() -> None:
    ledger = MemoryLedger()
    award = Award.from_application(offer("M-1", "A", "700.00"), awarded_on=APPROVED_ON)
    with ledger._transaction(write=True) as store:
        store.put_award(award)
    with (
        pytest.raises(LedgerError, match="the award of 'M-1' changed"),
        ledger._transaction(write=True) as store,
    ):
        store.put_award(award)
    standing = ledger.budget_standing(rulebook(), BOERDE, 2025, on=APPROVED_ON)
    assert standing.awarded == Money("700.00")
