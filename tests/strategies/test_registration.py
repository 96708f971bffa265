"""The strategies reach ``st.from_type`` through Hypothesis's entry point — in a fresh
interpreter, without calling ``register()`` — and every public type has one."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import schulerfolg
from schulerfolg import strategies

CODE = """
from hypothesis import given, settings, strategies as st
import schulerfolg

@settings(max_examples=10, database=None)
@given(st.from_type(schulerfolg.Money), st.from_type(schulerfolg.Application))
def check(money, application):
    assert isinstance(money, schulerfolg.Money)
    assert application.requested_amount == schulerfolg.money_sum(
        line.amount for line in application.cost_plan
    )

check()
print("registered")
"""


def test_from_type_works_in_a_fresh_interpreter_without_register() -> None:
    result = subprocess.run(
        [sys.executable, "-c", CODE], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "registered"


@pytest.mark.parametrize("tp", strategies.TYPES, ids=lambda tp: tp.__name__)
def test_every_public_type_has_a_strategy_that_builds_it(tp: type) -> None:
    @settings(max_examples=3, deadline=None)
    @given(st.from_type(tp))
    def builds(value: object) -> None:
        assert isinstance(value, tp)

    builds()


def test_an_award_is_what_approving_its_application_records() -> None:
    @settings(max_examples=5, deadline=None)
    @given(strategies.awards())
    def check(award: schulerfolg.Award) -> None:
        assert award.total == schulerfolg.money_sum(line.amount for line in award.cost_plan)

    check()


def test_importing_the_strategies_before_hypothesis_works_and_registers() -> None:
    code = (
        "import schulerfolg.strategies\n"
        "from hypothesis import strategies as st\n"
        "import schulerfolg\n"
        "assert isinstance(st.from_type(schulerfolg.Money).example(), schulerfolg.Money)\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
