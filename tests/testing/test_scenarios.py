"""Scenario files: collected by the kit's pytest plugin, each scenario a test that fails saying
what was decided against what was expected."""

from __future__ import annotations

import json

import pytest

pytest_plugins = ["pytester"]


def test_a_scenario_that_expects_the_wrong_outcome_fails_saying_so(
    pytester: pytest.Pytester,
) -> None:
    scenarios = [
        {"name": "right", "example": True, "on": "2025-06-30", "expect": {"outcome": "eligible"}},
        {
            "name": "wrong",
            "example": True,
            "on": "2025-06-30",
            "expect": {"outcome": "ineligible", "codes": ["cap.exceeded"]},
        },
    ]
    (pytester.path / "checks.scenario.json").write_text(json.dumps(scenarios), encoding="utf-8")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-q")
    outcomes = result.parseoutcomes()
    assert (outcomes["passed"], outcomes["failed"]) == (1, 1), result.stdout.str()
    assert (
        "scenario 'wrong' in checks.scenario.json: outcome 'eligible', expected 'ineligible'; "
        "codes [], expected ['cap.exceeded']"
    ) in result.stdout.str()


def test_a_scenario_file_with_a_mistake_says_what_it_is(pytester: pytest.Pytester) -> None:
    scenario = {"name": "typo", "exmaple": True, "on": "2025-06-30", "expect": {}}
    (pytester.path / "typo.scenario.json").write_text(json.dumps(scenario), encoding="utf-8")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-q")
    assert "scenario 'typo' in typo.scenario.json: unknown keys ['exmaple']" in result.stdout.str()
