"""The built-in district plugins keep the library's promises, checked by the same conformance
suite plugin authors use (``schulerfolg.testing.PluginConformance``)."""

from __future__ import annotations

import pytest

from helpers import BUILT_INS, built_in_plugin
from schulerfolg.testing import PluginConformance

pytest_plugins = ["pytester"]


def _suite(name: str) -> type[PluginConformance]:
    return type(f"Test{name}", (PluginConformance,), {"plugin": built_in_plugin(name)})


for _name in BUILT_INS:
    globals()[f"TestConformance_{_name.replace('-', '_')}"] = _suite(_name)


BROKEN = """
from schulerfolg.plugins import (
    PLUGIN_API_VERSION, DistrictPlugin, FindingCode, Rule, Severity, Source,
)
from schulerfolg.testing import PluginConformance

CODE = FindingCode(code="harz.too_short", severity=Severity.WARNING,
                   template="The offer lasts {days} days.", args={"days": "text"})


def check(application, context):
    return iter(())


PLUGIN = DistrictPlugin(
    api_version=PLUGIN_API_VERSION, district="15085", name="broken",
    added_rules=(Rule(id="harz.length", description="length", source=Source(reference="x"),
                      check=check, codes=(CODE,)),),
)


class TestBroken(PluginConformance):
    plugin = PLUGIN
"""


def test_a_plugin_that_breaks_a_promise_fails_naming_it(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_broken=BROKEN)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-q")
    outcomes = result.parseoutcomes()
    # Its code has no German message, and its rule's description no German translation.
    assert outcomes["failed"] == 2, result.stdout.str()
    result.stdout.fnmatch_lines(
        [
            "*promise broken — every finding code has its message in German and English*",
            "*harz.too_short: no German message*",
        ]
    )
    result.stdout.fnmatch_lines(
        [
            "*promise broken — every note and rule description is in German and English*",
            "*rule harz.length: description: no German translation of 'length'*",
        ]
    )
