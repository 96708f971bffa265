"""Real processes against one ledger file or database: several approving at once exceed no cap
or budget and award nothing twice; a process killed (SIGKILL) in the middle of approvals leaves
each award fully recorded with its events or not at all."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
from pathlib import Path

import pytest

from ledger_helpers import (
    CLERK,
    SUBMITTED_ON,
    child,
    consistency_problems,
    offer,
    rulebook,
)
from schulerfolg import Money, open_ledger

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL and fork-free children")


@pytest.fixture(params=["sqlite", "postgres"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "shared.sqlite")
    return str(request.getfixturevalue("postgres_database"))


def submit(location: str, apps: list[tuple[str, str, str]]) -> list[str]:
    with open_ledger(location, create=True) as ledger:
        for application_id, applicant, amount in apps:
            app = offer(application_id, applicant, amount)
            ledger.submit(app, rulebook=rulebook(), on=SUBMITTED_ON, actor=CLERK)
    return [application_id for application_id, _, _ in apps]


def test_processes_approving_at_once_exceed_no_cap_or_budget(location: str, tmp_path: Path) -> None:
    # Twelve offers of one applicant (its cap holds three) and twelve of twelve applicants:
    # 600 EUR each, so the budget of 5,000 EUR holds eight whatever the order.
    ids = submit(
        location,
        [(f"P-A{n}", "A", "600.00") for n in range(12)]
        + [(f"P-B{n}", f"B{n}", "600.00") for n in range(12)],
    )
    go = tmp_path / "go"
    children = []
    for seed in range(6):
        order = ids[:]
        random.Random(seed).shuffle(order)  # every process tries every offer
        children.append(child(location, order, str(go)))
    go.touch()
    results = []
    for process in children:
        out, _ = process.communicate(timeout=120)
        assert process.returncode == 0
        results += [line.split() for line in out.splitlines()]
    approved = sorted(key for result, key in results if result == "approved")
    assert len(results) == 6 * 24
    assert len(approved) == len(set(approved)) == 8  # each award written once, by one process
    with open_ledger(location) as ledger:
        assert consistency_problems(ledger) == []
        held = [key for key in ids if ledger.award(key) is not None]
        assert held == [key for key in ids if key in approved]
        assert sum((ledger.award(key).total for key in held), Money.zero()) == Money("4800.00")
        assert sum(key.startswith("P-A") for key in held) <= 3


def test_a_process_killed_mid_approvals_leaves_the_ledger_consistent(location: str) -> None:
    ids = submit(location, [(f"K-{n}", f"K{n % 10}", "150.00") for n in range(60)])
    generator = random.Random(8)
    reported: set[str] = set()
    for _ in range(4):
        process = child(location, ids)
        assert process.stdout is not None
        wanted = generator.randint(2, 8)
        for _ in range(wanted):
            line = process.stdout.readline()
            if not line:
                break
            result, key = line.split()
            if result == "approved":
                reported.add(key)
        process.send_signal(signal.SIGKILL)  # most likely inside the next transaction
        process.wait(timeout=60)
        process.stdout.close()
        with open_ledger(location) as ledger:
            assert consistency_problems(ledger) == []
            # Every approval reported after its commit is there, with its events.
            assert all(ledger.award(key) is not None for key in reported)
    if not location.startswith(("host=", "postgresql://")):
        with sqlite3.connect(location) as raw:
            assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        raw.close()
    # A last process finishes the job: approvals go on where the killed ones stopped.
    process = child(location, ids)
    process.communicate(timeout=120)
    assert process.returncode == 0
    with open_ledger(location) as ledger:
        assert consistency_problems(ledger) == []
        assert ledger.budget_standing(rulebook(), "15083", 2025, on=SUBMITTED_ON).awarded == Money(
            "4950.00"
        )  # 33 offers of 150 EUR: the budget is full
