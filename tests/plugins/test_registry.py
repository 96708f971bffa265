"""The registry of district plugins (:mod:`schulerfolg.plugins._registry`): one report per
plugin in discovery order, a failed plugin isolated from every other district, and the plugin
layer named in decision traces.

Nothing here mocks ``importlib.metadata``: the test distributions are installed for real, from
the repository root, with

    pip install -r tests/plugin-dists.txt

(``examples/schulerfolg-harz``, ``tests/plugin_dists/schulerfolg-test-broken`` and
``tests/plugin_dists/schulerfolg-test-duplicate``).  Tests that need them FAIL with that hint
when they are missing.  Other plugin distributions may be installed too, as long as none claims
Halle, Mansfeld-Südharz or Saalekreis (the districts of the broken test plugins, which must fall
back to the state-wide rules) or Dessau-Roßlau.
"""

from __future__ import annotations

from datetime import date
from importlib.metadata import version

import attrs
import pytest

import schulerfolg
from helpers import BUILT_INS, built_in_plugin, in_district
from schulerfolg import evaluate, to_dict
from schulerfolg.errors import PluginError
from schulerfolg.plugins import DistrictRules, PluginRegistry, PluginStatus, find_plugins

LIBRARY_VERSION = version("schulerfolg")
HALLE, MSH, SAALEKREIS = "15002", "15087", "15088"
EXAMPLE = schulerfolg.example_application()

#: No SCHULERFOLG_* plugin settings from outside, and no cached registries across tests.
pytestmark = pytest.mark.usefixtures("plugin_env")


# --------------------------------------------------------------------------------------------
# Reports


def test_reports_follow_the_discovery_order(installed: None, registry: PluginRegistry) -> None:
    assert [report.name for report in registry.reports] == [f.layer_name for f in find_plugins()]


# --------------------------------------------------------------------------------------------
# Isolation: a broken plugin is reported with its distribution, version and cause


def test_every_other_district_keeps_working(installed: None, registry: PluginRegistry) -> None:
    # The districts whose plugin failed — to import (Halle: its entry point's name says which
    # district it was for), to validate (the others) — refuse to decide rather than silently
    # ignore their own rules, naming the distribution and the cause ...
    for key, cause in (
        (HALLE, "ImportError"),
        (MSH, "plugin API version 99"),
        (SAALEKREIS, "unknown rule"),
    ):
        assert registry.report_for(key) is None
        with pytest.raises(PluginError, match="schulerfolg-test-broken") as info:
            registry.rulebook(key)
        assert cause in str(info.value)
    # ... and every plugin that loaded is in effect for its district.
    active = [r for r in registry.reports if r.status is PluginStatus.ACTIVE]
    assert {r.name for r in active} >= {
        *(f"schulerfolg/{name}" for name in BUILT_INS),
        "schulerfolg-harz/harz",
    }
    for report in active:
        assert report.district is not None
        layer = registry.layer_for(report.district)
        assert layer is not None
        assert (layer.name, layer.version) == (report.name, report.version)


# --------------------------------------------------------------------------------------------
# Layers in decision traces


def test_decision_traces_name_the_plugin_layer_and_version(
    installed: None, registry: PluginRegistry
) -> None:
    # Salzlandkreis: the cap comes from the built-in plugin, the applicant kinds from the state.
    app = in_district(EXAMPLE, "15089")
    decision = evaluate(app, rulebook=registry.rulebook("15089"))
    uses = {use.name: use for use in decision.parameters}
    cap = uses["educational_offer.cap"]
    assert (cap.layer, cap.layer_version) == ("schulerfolg/salzlandkreis", LIBRARY_VERSION)
    assert cap.value.valid_from == date(2022, 8, 1)
    assert to_dict(cap.value.value) == {
        "amount": "2000.00",
        "scope": "per_school",
        "basis": "calendar_year",
    }
    documents = uses["educational_offer.additional_documents"]
    assert (documents.layer, documents.value.valid_from) == (
        "schulerfolg/salzlandkreis",
        date(2023, 4, 25),
    )
    kinds = uses["educational_offer.eligible_applicant_kinds"]
    assert (kinds.layer, kinds.layer_version) == ("state", schulerfolg.__version__)
    assert {use.layer for use in decision.rules} == {"state"}


# --------------------------------------------------------------------------------------------
# A failed plugin beside a working one (a regression from the review)


def test_a_failed_plugin_beside_a_working_one_makes_its_district_refuse() -> None:
    built_in = built_in_plugin("dessau-rosslau")
    broken = attrs.evolve(built_in, name="broken", disabled_rules=("no.such.rule",))
    registry = PluginRegistry.from_plugins([(built_in, "schulerfolg", "1"), (broken, "other", "1")])
    with pytest.raises(PluginError, match="other") as info:
        registry.rulebook("15001")
    # The refusal names the failed plugin as attributes and lists its structured problems.
    assert (info.value.distribution, info.value.version) == ("other", "1")
    assert [(p.path, p.code) for p in info.value.problems] == [
        ("$.disabled_rules[0]", "unknown_rule")
    ]
    # Regression (#11): the working plugin was listed as "active" although its district
    # refused to decide; it is "blocked", and the district says why it cannot be decided.
    statuses = {report.distribution: report.status for report in registry.reports}
    assert statuses == {"schulerfolg": PluginStatus.BLOCKED, "other": PluginStatus.FAILED}
    assert registry.report_for("15001") is None
    district = registry.district_report("15001")
    assert (district.decidable, district.rules) == (False, DistrictRules.PLUGIN_FAILED)
    chosen = PluginRegistry.from_plugins(
        [(built_in, "schulerfolg", "1"), (broken, "other", "1")], select={"15001": "schulerfolg"}
    )
    assert chosen.rulebook("15001").overlay is not None
    statuses = {report.distribution: report.status for report in chosen.reports}
    assert statuses == {"schulerfolg": PluginStatus.ACTIVE, "other": PluginStatus.FAILED}
    assert chosen.district_report("15001").decidable


def test_a_malformed_python_declaration_is_left_out_not_fatal() -> None:
    built_in = built_in_plugin("dessau-rosslau")
    malformed = attrs.evolve(built_in, name="malformed", parameters=("oops",))
    registry = PluginRegistry.from_plugins([(malformed, "other", "1")])
    (report,) = registry.reports
    assert report.status is PluginStatus.FAILED
    assert "malformed declaration" in (report.error or "")
    with pytest.raises(PluginError) as info:
        registry.rulebook("15001")
    assert [(p.path, p.code) for p in info.value.problems][:1] == [("$", "type")]
    assert registry.rulebook("15083").overlay is None  # every other district keeps working


def test_the_registry_is_read_only() -> None:
    registry = PluginRegistry.from_plugins([(built_in_plugin("wittenberg"), "schulerfolg", "1")])
    with pytest.raises(TypeError):
        registry.rulebooks["15083"] = registry.rulebook("15091")  # type: ignore[index]
    with pytest.raises(TypeError):
        registry.failures["15083"] = ()  # type: ignore[index]
