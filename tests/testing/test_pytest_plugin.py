"""The testing kit's pytest plugin, as a downstream test suite uses it: loaded through its entry
point, its fixtures isolated from installed plugins, the ledger of each implementation."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

SUITE = """
from datetime import date

import schulerfolg


def test_the_fixtures(schulerfolg_registry, schulerfolg_example, schulerfolg_evaluation_day):
    assert schulerfolg_evaluation_day == date(2025, 6, 30)
    book = schulerfolg_registry.rulebook(schulerfolg_example.district)
    day = schulerfolg_evaluation_day
    decision = schulerfolg.evaluate(schulerfolg_example, rulebook=book, on=day)
    assert decision.eligible
    layers = {report.name for report in schulerfolg_registry.reports}
    assert all(name.startswith("schulerfolg/") for name in layers), layers


def test_the_ledger(schulerfolg_ledger):
    assert schulerfolg_ledger.application_ids() == []
"""


def test_a_downstream_suite_gets_the_fixtures(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_downstream=SUITE)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-q")
    outcomes = result.parseoutcomes()
    assert outcomes.get("failed", 0) == 0, result.stdout.str()
    assert outcomes["passed"] >= 3  # the fixtures, the memory and the SQLite ledger


def test_a_plugin_under_test_replaces_its_districts_built_in() -> None:
    from schulerfolg.plugins import PLUGIN_API_VERSION, DistrictPlugin
    from schulerfolg.testing import builtin_registry

    mine = DistrictPlugin(api_version=PLUGIN_API_VERSION, district="15090", name="mine")
    registry = builtin_registry(mine)
    overlay = registry.rulebook("15090").overlay
    assert overlay is not None
    assert overlay.layer.name == "under-test/mine"
    assert registry.rulebook("15091").overlay is not None  # the other built-ins stay
