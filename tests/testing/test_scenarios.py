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
    (pytester.path / "checks.schulerfolg.json").write_text(json.dumps(scenarios), encoding="utf-8")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-q")
    outcomes = result.parseoutcomes()
    assert (outcomes["passed"], outcomes["failed"]) == (1, 1), result.stdout.str()
    assert (
        "scenario 'wrong' in checks.schulerfolg.json: outcome 'eligible', expected 'ineligible'; "
        "codes [], expected ['cap.exceeded']"
    ) in result.stdout.str()


def test_a_scenario_file_with_a_mistake_says_what_it_is(pytester: pytest.Pytester) -> None:
    scenario = {"name": "typo", "exmaple": True, "on": "2025-06-30", "expect": {}}
    (pytester.path / "typo.schulerfolg.json").write_text(json.dumps(scenario), encoding="utf-8")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-q")
    expected = "scenario 'typo' in typo.schulerfolg.json: unknown keys ['exmaple']"
    assert expected in result.stdout.str()


def scenario(**changes: object) -> dict[str, object]:
    base: dict[str, object] = {"example": True, "on": "2025-06-30", "expect": {"outcome": "x"}}
    return {**base, **changes}


@pytest.mark.parametrize(
    ("scenario", "message"),
    [
        (scenario(on="2025-13-01"), "not a date"),
        (scenario(expect={"outcome": "x", "code": []}), "'expect' has"),
        (scenario(expect={"outcome": "x", "codes": "a"}), "'codes' is"),
        ({**scenario(), "application_file": "none.json", "example": None}, "name the application"),
        (scenario(district="Atlantis"), "unknown district"),
        (
            {"application_file": "none.json", "on": "2025-06-30", "expect": {"outcome": "x"}},
            "none.json",
        ),
    ],
    ids=[
        "bad-date",
        "unknown-expect-key",
        "codes-not-a-list",
        "two-applications",
        "district",
        "missing-file",
    ],
)
def test_a_mistake_in_a_scenario_fails_with_one_line_saying_it(
    pytester: pytest.Pytester, scenario: dict[str, object], message: str
) -> None:
    (pytester.path / "bad.schulerfolg.json").write_text(json.dumps(scenario), encoding="utf-8")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-q")
    assert result.parseoutcomes()["failed"] == 1
    assert message in result.stdout.str()
    assert "Traceback" not in result.stdout.str()


def test_other_projects_json_files_are_not_collected(pytester: pytest.Pytester) -> None:
    (pytester.path / "login.scenario.json").write_text('{"steps": ["login"]}', encoding="utf-8")
    pytester.makepyfile(test_nothing="def test_nothing():\n    pass\n")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-q")
    assert result.parseoutcomes() == {"passed": 1}
