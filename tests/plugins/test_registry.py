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

from concurrent.futures import ThreadPoolExecutor
from datetime import date
from importlib.metadata import version
from types import SimpleNamespace
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import schulerfolg
from helpers import BUILT_INS, PluginSite, built_in_plugin, in_district, probe_module
from schulerfolg import evaluate, state_rulebook, to_dict
from schulerfolg._core.texts import message_text, render_text
from schulerfolg.errors import PluginConflictError, PluginError
from schulerfolg.plugins import (
    DistrictPlugin,
    DistrictReport,
    DistrictRules,
    Layer,
    LayerKind,
    PluginRegistry,
    PluginReport,
    PluginStatus,
    find_plugins,
)

LIBRARY_VERSION = version("schulerfolg")
HALLE, MSH, SAALEKREIS = "15002", "15087", "15088"
#: Districts no installed plugin claims: the in-memory and entry-point plugins below claim them.
ANHALT_BITTERFELD, BOERDE, JERICHOWER_LAND = "15082", "15083", "15086"
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
    error = _refused(registry, "15001")
    assert [(p.path, p.code) for p in error.problems][:1] == [("$", "type")]
    assert registry.rulebook("15083").overlay is None  # every other district keeps working


def test_the_registry_is_read_only() -> None:
    registry = PluginRegistry.from_plugins([(built_in_plugin("wittenberg"), "schulerfolg", "1")])
    with pytest.raises(TypeError):
        registry.rulebooks["15083"] = registry.rulebook("15091")  # type: ignore[index]
    with pytest.raises(TypeError):
        registry.failures["15083"] = ()  # type: ignore[index]


# --------------------------------------------------------------------------------------------
# Plugins in hand (from_plugins): what the reports of plugins and districts say


def _refused(registry: PluginRegistry, key: str) -> PluginError:
    """The error with which ``registry`` refuses to decide district ``key``."""
    with pytest.raises(PluginError) as info:
        registry.rulebook(key)
    return info.value


def _origin(error: PluginError) -> tuple[str | None, str | None, str | None]:
    """The plugin an error names: distribution, entry point, version."""
    return (error.distribution, error.entry_point, error.version)


def refusal_end(key: str = BOERDE) -> str:
    """How a district's refusal ends, after the errors of its failed plugins (English)."""
    return (
        "; fix or uninstall it, or set SCHULERFOLG_NO_PLUGINS=1 to use only the state-wide "
        f"rules, or select a working plugin with SCHULERFOLG_PLUGIN_SELECT={key}=DISTRIBUTION"
    )


REFUSAL_END = refusal_end()
REFUSAL_END_DE = (
    "; beheben oder deinstallieren Sie es, setzen Sie SCHULERFOLG_NO_PLUGINS=1, um nur die "
    "landesweiten Regeln anzuwenden, oder wählen Sie ein funktionierendes Plugin mit "
    "SCHULERFOLG_PLUGIN_SELECT=15083=DISTRIBUTION"
)
UNKNOWN_RULE = "$.disabled_rules[0]: cannot disable unknown rule 'no.such.rule'"
UNKNOWN_RULE_DE = (
    "$.disabled_rules[0]: die unbekannte Regel 'no.such.rule' kann nicht abgeschaltet werden"
)
MISSPELT_RULE = (
    "$.disabled_rules[0]: cannot disable unknown rule 'cap.amout' (did you mean 'cap.amount'?)"
)
ATLANTIS = (
    "unknown district: 'Atlantis' (use a key such as '15001', a slug such as 'dessau-rosslau' or "
    "a name; `schulerfolg districts` lists them)"
)


def _plugin(name: str, district: object = BOERDE, **changes: Any) -> DistrictPlugin:
    """A plugin for ``district`` that changes nothing but ``changes``."""
    return DistrictPlugin(api_version=1, district=district, name=name, **changes)  # type: ignore[arg-type]


def _broken(name: str, rule: str = "no.such.rule") -> DistrictPlugin:
    """A plugin for Börde that disables a rule that does not exist: it fails to validate."""
    return _plugin(name, disabled_rules=(rule,))


def _active(name: str, distribution: str, version: str, district: str = BOERDE) -> PluginReport:
    return PluginReport(
        name=f"{distribution}/{name}",
        distribution=distribution,
        version=version,
        entry_point=name,
        api_version=1,
        district=district,
        title=name,
        status=PluginStatus.ACTIVE,
    )


def test_an_active_plugin_is_reported_with_its_district_and_layer() -> None:
    registry = PluginRegistry.from_plugins([(_plugin("boerde-rules"), "acme", "2.0")])
    expected = _active("boerde-rules", "acme", "2.0")
    assert registry.reports == (expected,)
    assert to_dict(registry.reports[0]) == {
        "name": "acme/boerde-rules",
        "distribution": "acme",
        "version": "2.0",
        "entry_point": "boerde-rules",
        "api_version": 1,
        "district": BOERDE,
        "title": "boerde-rules",
        "status": "active",
        "error": None,
    }
    boerde = schulerfolg.district(BOERDE)
    # The district by key, slug or as a District: the same answer.
    for district in (BOERDE, "boerde", boerde):
        assert registry.report_for(district) == expected
        assert registry.layer_for(district) == Layer(
            kind=LayerKind.PLUGIN, name="acme/boerde-rules", version="2.0"
        )
        assert registry.district_report(district) == DistrictReport(
            district=BOERDE, rules=DistrictRules.PLUGIN, plugin="acme/boerde-rules", version="2.0"
        )
    assert to_dict(registry.district_report(boerde)) == {
        "district": BOERDE,
        "decidable": True,
        "rules": "plugin",
        "plugin": "acme/boerde-rules",
        "version": "2.0",
        "error": None,
    }
    assert registry.rulebooks == {BOERDE: registry.rulebook(BOERDE)}
    assert (registry.failed(), registry.unclaimed, registry.conflicts, registry.failures) == (
        (),
        (),
        {},
        {},
    )


def test_a_district_no_plugin_claims_is_decided_under_the_state_wide_rules() -> None:
    registry = PluginRegistry.from_plugins([(_plugin("boerde-rules"), "acme", "2.0")])
    for district in (ANHALT_BITTERFELD, schulerfolg.district(ANHALT_BITTERFELD)):
        assert registry.rulebook(district) is state_rulebook()
        assert registry.layer_for(district) is None
        assert registry.report_for(district) is None
        assert registry.district_report(district) == DistrictReport(
            district=ANHALT_BITTERFELD, rules=DistrictRules.STATE_WIDE
        )
    assert to_dict(registry.district_report(ANHALT_BITTERFELD)) == {
        "district": ANHALT_BITTERFELD,
        "decidable": True,
        "rules": "state_wide",
        "plugin": None,
        "version": None,
        "error": None,
    }
    # Every district once, in key order: Börde under its plugin, the others state-wide.
    reports = registry.district_reports()
    assert [report.district for report in reports] == [d.key for d in schulerfolg.districts()]
    assert {report.district: report.rules for report in reports} == {
        d.key: DistrictRules.PLUGIN if d.key == BOERDE else DistrictRules.STATE_WIDE
        for d in schulerfolg.districts()
    }
    assert all(report.decidable for report in reports)


def test_a_district_whose_plugin_failed_refuses_naming_every_failure() -> None:
    # Two plugins for Börde fail to validate; the one after them works, but is not used.
    registry = PluginRegistry.from_plugins(
        [
            (_broken("broken"), "other", "1"),
            (_broken("misspelt", "cap.amout"), "third", "3"),
            (_plugin("boerde-rules"), "acme", "2"),
        ]
    )
    errors = [f"plugin other/broken 1: {UNKNOWN_RULE}", f"plugin third/misspelt 3: {MISSPELT_RULE}"]
    blocked = (
        "not used: another plugin for Börde (15083) failed; select this one with "
        "SCHULERFOLG_PLUGIN_SELECT=15083=acme"
    )
    failed = [
        attrs.evolve(_active(name, dist, version), status=PluginStatus.FAILED, error=error)
        for (name, dist, version), error in zip(
            [("broken", "other", "1"), ("misspelt", "third", "3")], errors, strict=True
        )
    ]
    assert registry.reports == (
        *failed,
        attrs.evolve(
            _active("boerde-rules", "acme", "2"), status=PluginStatus.BLOCKED, error=blocked
        ),
    )
    assert registry.failed() == tuple(failed)
    assert to_dict(registry.reports[2])["status"] == "blocked"
    german = [render_text(r.error_text, "de") for r in registry.reports if r.error_text]
    assert german == [
        f"Plugin other/broken 1: {UNKNOWN_RULE_DE}",
        "Plugin third/misspelt 3: $.disabled_rules[0]: die unbekannte Regel 'cap.amout' "
        "(meinten Sie 'cap.amount'?) kann nicht abgeschaltet werden",
        "nicht verwendet: ein anderes Plugin für Börde (15083) ist fehlgeschlagen; wählen Sie "
        "dieses mit SCHULERFOLG_PLUGIN_SELECT=15083=acme",
    ]
    refusal = (
        "the plugin for Börde (15083) failed and was left out, so its rules cannot be applied: "
        + " | ".join(errors)
        + REFUSAL_END
    )
    refused = _refused(registry, BOERDE)
    assert str(refused) == refusal
    assert message_text(refused, "de") == (
        "das Plugin für Börde (15083) ist fehlgeschlagen und wurde nicht verwendet, daher können "
        f"seine Regeln nicht angewandt werden: Plugin other/broken 1: {UNKNOWN_RULE_DE} | Plugin "
        "third/misspelt 3: $.disabled_rules[0]: die unbekannte Regel 'cap.amout' (meinten Sie "
        f"'cap.amount'?) kann nicht abgeschaltet werden{REFUSAL_END_DE}"
    )
    # The refusal names the first failed plugin and carries the problems of both.
    assert _origin(refused) == ("other", "broken", "1")
    assert [(p.path, p.code, p.message) for p in refused.problems] == [
        ("$.disabled_rules[0]", "unknown_rule", "cannot disable unknown rule 'no.such.rule'"),
        (
            "$.disabled_rules[0]",
            "unknown_rule",
            "cannot disable unknown rule 'cap.amout' (did you mean 'cap.amount'?)",
        ),
    ]
    assert [
        (e.distribution, e.entry_point, e.version, str(e)) for e in registry.failures[BOERDE]
    ] == [("other", "broken", "1", errors[0]), ("third", "misspelt", "3", errors[1])]
    assert registry.report_for(BOERDE) is None
    with pytest.raises(PluginError, match=r"^the plugin for Börde"):
        registry.layer_for(BOERDE)
    report = registry.district_report(schulerfolg.district(BOERDE))
    assert report == DistrictReport(
        district=BOERDE, rules=DistrictRules.PLUGIN_FAILED, error=refusal
    )
    assert report.error_text is not None
    assert render_text(report.error_text, "de") == message_text(refused, "de")
    assert to_dict(report) == {
        "district": BOERDE,
        "decidable": False,
        "rules": "plugin_failed",
        "plugin": None,
        "version": None,
        "error": refusal,
    }
    assert registry.district_report(ANHALT_BITTERFELD).decidable  # the others keep working


def test_two_plugins_for_one_district_are_a_conflict_naming_both() -> None:
    registry = PluginRegistry.from_plugins(
        [
            (_plugin("a"), "alpha", "1"),
            (_broken("broken"), "other", "1"),
            (_plugin("b"), "beta", "2"),
        ]
    )
    claims = ("alpha 1 (alpha/a)", "beta 2 (beta/b)")
    in_report = (
        "2 plugins claim Börde (15083): alpha 1 (alpha/a); beta 2 (beta/b) — select one with "
        "SCHULERFOLG_PLUGIN_SELECT=15083=DISTRIBUTION"
    )
    refusal = (
        "2 plugins claim Börde (15083): alpha 1 (alpha/a); beta 2 (beta/b); select one with "
        "SCHULERFOLG_PLUGIN_SELECT=15083=DISTRIBUTION (CLI: --select-plugin)"
    )
    assert [(r.name, r.status, r.error) for r in registry.reports] == [
        ("alpha/a", PluginStatus.CONFLICT, in_report),
        ("other/broken", PluginStatus.FAILED, f"plugin other/broken 1: {UNKNOWN_RULE}"),
        ("beta/b", PluginStatus.CONFLICT, in_report),
    ]
    conflict_text = registry.reports[0].error_text
    assert conflict_text is not None
    assert render_text(conflict_text, "de") == (
        "2 Plugins beanspruchen Börde (15083): alpha 1 (alpha/a); beta 2 (beta/b) — wählen Sie "
        "eines mit SCHULERFOLG_PLUGIN_SELECT=15083=DISTRIBUTION"
    )
    for district in (BOERDE, schulerfolg.district(BOERDE)):
        with pytest.raises(PluginConflictError) as info:
            registry.rulebook(district)
        assert str(info.value) == refusal
        assert (info.value.district, tuple(info.value.claims)) == (BOERDE, claims)
    assert message_text(info.value, "de") == (
        "2 Plugins beanspruchen Börde (15083): alpha 1 (alpha/a); beta 2 (beta/b); wählen Sie "
        "eines mit SCHULERFOLG_PLUGIN_SELECT=15083=DISTRIBUTION (Kommandozeile: --select-plugin)"
    )
    report = registry.district_report(BOERDE)
    assert report == DistrictReport(district=BOERDE, rules=DistrictRules.CONFLICT, error=refusal)
    assert report.error_text is not None
    assert render_text(report.error_text, "de") == message_text(info.value, "de")
    assert to_dict(report) == {
        "district": BOERDE,
        "decidable": False,
        "rules": "conflict",
        "plugin": None,
        "version": None,
        "error": refusal,
    }
    assert registry.conflicts == {BOERDE: claims}
    # The plugin that failed beside the conflict is still counted as failed.
    assert [str(e) for e in registry.failures[BOERDE]] == [f"plugin other/broken 1: {UNKNOWN_RULE}"]
    assert registry.rulebooks == {}
    assert registry.report_for(BOERDE) is None
    with pytest.raises(PluginConflictError):
        registry.layer_for(BOERDE)


def test_a_plugin_for_no_known_district_makes_every_district_refuse() -> None:
    # Its district cannot be told, so any district's rules may be missing: none decides, except
    # one whose plugin is selected explicitly.
    plugins = [
        (_plugin("boerde-rules"), "acme", "1"),
        (_plugin("nowhere", "Atlantis"), "acme", "1"),
        # Not a DistrictPlugin at all (though it has a name).
        (SimpleNamespace(name="fake"), "acme", "1"),
    ]
    registry = PluginRegistry.from_plugins(plugins)  # type: ignore[arg-type]
    errors = [
        f"plugin acme/nowhere 1: {ATLANTIS}",
        "plugin acme/fake 1: the entry point gave a SimpleNamespace, not a "
        "schulerfolg.plugins.DistrictPlugin (or a function returning one)",
    ]
    refused, fake = (
        PluginReport(
            name=f"acme/{name}",
            distribution="acme",
            version="1",
            entry_point=name,
            status=PluginStatus.FAILED,
            error=error,
        )
        for name, error in zip(["nowhere", "fake"], errors, strict=True)
    )
    assert registry.unclaimed == (refused, fake)
    # Börde's plugin works, but is not in effect while no district decides (#11 review).
    blocked = attrs.evolve(
        _active("boerde-rules", "acme", "1"),
        status=PluginStatus.BLOCKED,
        error="not used: a plugin whose district cannot be told failed, so no district is "
        "decided; select this one with SCHULERFOLG_PLUGIN_SELECT=15083=acme",
    )
    assert registry.reports == (blocked, refused, fake)
    assert registry.report_for(BOERDE) is None
    assert registry.reports[0].error_text is not None
    assert render_text(registry.reports[0].error_text, "de") == (
        "nicht verwendet: ein Plugin, dessen Gebietskörperschaft nicht zu erkennen ist, ist "
        "fehlgeschlagen, daher wird keine Gebietskörperschaft entschieden; wählen Sie dieses mit "
        "SCHULERFOLG_PLUGIN_SELECT=15083=acme"
    )
    assert registry.failed() == (refused, fake)
    assert to_dict(registry.unclaimed[0]) == {
        "name": "acme/nowhere",
        "distribution": "acme",
        "version": "1",
        "entry_point": "nowhere",
        "api_version": None,
        "district": None,
        "title": None,
        "status": "failed",
        "error": f"plugin acme/nowhere 1: {ATLANTIS}",
    }
    german = [render_text(r.error_text, "de") for r in registry.unclaimed if r.error_text]
    assert german == [
        "Plugin acme/nowhere 1: unbekannte Gebietskörperschaft: 'Atlantis' (geben Sie einen "
        "Schlüssel wie '15001', einen Slug wie 'dessau-rosslau' oder einen Namen an; "
        "`schulerfolg districts` listet sie auf)",
        "Plugin acme/fake 1: der Einstiegspunkt lieferte ein SimpleNamespace, kein "
        "schulerfolg.plugins.DistrictPlugin (und keine Funktion, die eines liefert)",
    ]
    for key in (ANHALT_BITTERFELD, BOERDE):
        name = str(schulerfolg.district(key))
        refusal = (
            f"the plugin for {name} failed and was left out, so its rules cannot be applied: "
            + " | ".join(errors)
            + refusal_end(key)
        )
        error = _refused(registry, key)
        assert str(error) == refusal
        assert _origin(error) == ("acme", "nowhere", "1")
        assert registry.district_report(key) == DistrictReport(
            district=key, rules=DistrictRules.PLUGIN_FAILED, error=refusal
        )
    assert not any(report.decidable for report in registry.district_reports())
    assert registry.rulebooks == {}
    # A selected plugin decides its district all the same.
    chosen = PluginRegistry.from_plugins(plugins, select={"boerde": "acme"})  # type: ignore[arg-type]
    assert chosen.district_report(BOERDE) == DistrictReport(
        district=BOERDE, rules=DistrictRules.PLUGIN, plugin="acme/boerde-rules", version="1"
    )
    assert chosen.rulebooks == {BOERDE: chosen.rulebook(BOERDE)}
    assert chosen.reports[0] == _active("boerde-rules", "acme", "1")
    assert not chosen.district_report(ANHALT_BITTERFELD).decidable


def test_a_plugin_whose_name_is_no_text_has_no_title() -> None:
    registry = PluginRegistry.from_plugins([(_plugin(42), "acme", "1")])  # type: ignore[arg-type]
    (report,) = registry.reports
    assert (report.name, report.entry_point, report.title, report.status) == (
        "acme/42",
        "42",
        None,
        PluginStatus.ACTIVE,
    )


def test_strict_mode_names_every_failure_and_conflict_once() -> None:
    plugins: list[tuple[DistrictPlugin, str, str]] = [
        (_plugin("a"), "alpha", "1"),
        (_broken("broken"), "other", "1"),
        (_plugin("b"), "beta", "2"),
        (_plugin("nowhere", "Atlantis"), "acme", "1"),
        (_plugin("anhalt", ANHALT_BITTERFELD), "acme", "1"),
    ]
    with pytest.raises(PluginError) as info:
        PluginRegistry.from_plugins(plugins, strict=True)
    # The conflict, reported for both plugins, is named once.
    assert str(info.value) == (
        "strict plugin mode: 2 plugins claim Börde (15083): alpha 1 (alpha/a); beta 2 (beta/b) — "
        "select one with SCHULERFOLG_PLUGIN_SELECT=15083=DISTRIBUTION | plugin other/broken 1: "
        f"{UNKNOWN_RULE} | plugin acme/nowhere 1: {ATLANTIS}"
    )
    assert message_text(info.value, "de") == (
        "strenger Plugin-Modus: 2 Plugins beanspruchen Börde (15083): alpha 1 (alpha/a); beta 2 "
        "(beta/b) — wählen Sie eines mit SCHULERFOLG_PLUGIN_SELECT=15083=DISTRIBUTION | Plugin "
        f"other/broken 1: {UNKNOWN_RULE_DE} | Plugin acme/nowhere 1: unbekannte "
        "Gebietskörperschaft: 'Atlantis' (geben Sie einen Schlüssel wie '15001', einen Slug wie "
        "'dessau-rosslau' oder einen Namen an; `schulerfolg districts` listet sie auf)"
    )
    # Without the faults, strict mode builds the registry as usual.
    working = PluginRegistry.from_plugins([plugins[0], plugins[4]], strict=True)
    assert [r.status for r in working.reports] == [PluginStatus.ACTIVE, PluginStatus.ACTIVE]


#: Plugins for different districts, for none, and two for Jerichower Land (a conflict).
_MIXED: tuple[tuple[DistrictPlugin, str, str], ...] = (
    (_plugin("boerde"), "acme", "1"),
    (_plugin("anhalt", ANHALT_BITTERFELD), "acme", "1"),
    (_plugin("nowhere", "Atlantis"), "acme", "1"),
    (_plugin("jl-one", JERICHOWER_LAND), "one", "1"),
    (_broken("broken"), "other", "1"),
    (_plugin("jl-two", JERICHOWER_LAND), "two", "1"),
)


@given(st.permutations(_MIXED))
def test_reports_follow_the_order_the_plugins_were_found_in(
    plugins: list[tuple[DistrictPlugin, str, str]],
) -> None:
    registry = PluginRegistry.from_plugins(plugins)
    assert [report.name for report in registry.reports] == [
        f"{dist}/{plugin.name}" for plugin, dist, _ in plugins
    ]
    assert [report.name for report in registry.unclaimed] == ["acme/nowhere"]


def test_a_districts_rulebook_is_built_once() -> None:
    registry = PluginRegistry.from_plugins([(_plugin("boerde-rules"), "acme", "1")])
    first = registry.rulebook(BOERDE)
    assert first.overlay is not None
    assert registry.rulebook("boerde") is first
    assert registry.rulebook(schulerfolg.district(BOERDE)) is first
    assert registry.rulebooks[BOERDE] is first


# --------------------------------------------------------------------------------------------
# Installed plugins (entry points): the entry point's name is the district, loaded lazily

BOERDE_RULES = probe_module(BOERDE, "Börde rules")


def test_a_districts_plugins_are_loaded_only_when_it_is_asked_for(
    plugin_site: PluginSite,
) -> None:
    plugin_site.install(
        "acme",
        {
            "boerde": "registry_probe_boerde:plugin",
            "anhalt-bitterfeld": "registry_probe_anhalt:plugin",
        },
        {"boerde": BOERDE_RULES, "anhalt": probe_module("Anhalt-Bitterfeld", "Anhalt rules")},
    )
    registry = plugin_site.discover()
    # Found and attributed from metadata alone: nothing imported yet.
    assert (plugin_site.module("boerde"), plugin_site.module("anhalt")) == (None, None)
    assert registry.unclaimed == ()
    # Asking for Börde loads Börde's plugin, and only that.
    boerde = PluginReport(
        name="acme/boerde",
        distribution="acme",
        version="1.0",
        entry_point="boerde",
        api_version=1,
        district=BOERDE,
        title="Börde rules",
        status=PluginStatus.ACTIVE,
    )
    assert registry.report_for(BOERDE) == boerde
    assert registry.layer_for(BOERDE) == Layer(
        kind=LayerKind.PLUGIN, name="acme/boerde", version="1.0"
    )
    loaded = plugin_site.module("boerde")
    assert loaded is not None
    assert loaded.calls == [1]
    assert plugin_site.module("anhalt") is None
    # The views of all districts load every plugin, in discovery order (by entry point).
    anhalt = attrs.evolve(
        boerde,
        name="acme/anhalt-bitterfeld",
        entry_point="anhalt-bitterfeld",
        district=ANHALT_BITTERFELD,
        title="Anhalt rules",
    )
    assert registry.reports == (anhalt, boerde)
    assert plugin_site.module("anhalt") is not None
    assert loaded.calls == [1]  # Börde's plugin was not loaded again


def test_a_plugin_under_an_entry_point_named_after_no_district_makes_its_district_refuse(
    plugin_site: PluginSite,
) -> None:
    plugin_site.install(
        "acme",
        {"boerde": "registry_probe_boerde:plugin", "nowhere": "registry_probe_nowhere:plugin"},
        {"boerde": BOERDE_RULES, "nowhere": probe_module("Jerichower Land", "JL rules")},
    )
    registry = plugin_site.discover()
    assert plugin_site.module("nowhere") is None  # not loaded before a district is asked for
    misnamed = (
        "plugin acme/nowhere 1.0: the entry point's name 'nowhere' is not a district; the plugin "
        "declares Jerichower Land (15086), so name its entry point 'jerichower-land'"
    )
    report = PluginReport(
        name="acme/nowhere",
        distribution="acme",
        version="1.0",
        entry_point="nowhere",
        district=JERICHOWER_LAND,
        status=PluginStatus.FAILED,
        error=misnamed,
    )
    assert registry.unclaimed == (report,)
    assert registry.unclaimed[0].error_text is not None
    assert render_text(registry.unclaimed[0].error_text, "de") == (
        "Plugin acme/nowhere 1.0: der Name des Einstiegspunkts 'nowhere' ist keine "
        "Gebietskörperschaft; das Plugin erklärt Jerichower Land (15086), benennen Sie seinen "
        "Einstiegspunkt daher 'jerichower-land'"
    )
    error = _refused(registry, JERICHOWER_LAND)
    assert str(error) == (
        "the plugin for Jerichower Land (15086) failed and was left out, so its rules cannot be "
        f"applied: {misnamed}{refusal_end(JERICHOWER_LAND)}"
    )
    assert _origin(error) == ("acme", "nowhere", "1.0")
    assert not registry.district_report(JERICHOWER_LAND).decidable
    # Its failure counts for the district it declares, which no entry point names.
    assert list(registry.failures) == [JERICHOWER_LAND]
    assert [str(error) for error in registry.failures[JERICHOWER_LAND]] == [misnamed]
    # Every other district keeps working.
    assert registry.district_report(BOERDE) == DistrictReport(
        district=BOERDE, rules=DistrictRules.PLUGIN, plugin="acme/boerde", version="1.0"
    )
    assert registry.district_report(ANHALT_BITTERFELD).decidable
    assert registry.reports == (
        attrs.evolve(_active("boerde", "acme", "1.0"), title="Börde rules"),
        report,
    )


@pytest.mark.parametrize(
    ("module", "cause"),
    [
        pytest.param(
            "raise RuntimeError('broken on import')\n",
            "plugin acme/nowhere 1.0 failed to load: RuntimeError: broken on import",
            id="fails-to-import",
        ),
        pytest.param(
            probe_module("Atlantis", "Atlantis rules"),
            "it declares 'Atlantis', which is no district",
            id="declares-no-district",
        ),
    ],
)
def test_a_plugin_under_a_misnamed_entry_point_for_no_telling_which_district_stops_all(
    plugin_site: PluginSite, module: str, cause: str
) -> None:
    plugin_site.install(
        "acme",
        {"boerde": "registry_probe_boerde:plugin", "nowhere": "registry_probe_nowhere:plugin"},
        {"boerde": BOERDE_RULES, "nowhere": module},
    )
    error = (
        "plugin acme/nowhere 1.0: the entry point's name 'nowhere' is not a district, and the "
        f"plugin does not say which district it is for ({cause}); name the entry point after its "
        "district (a key, slug or name such as 'dessau-rosslau') or uninstall it"
    )
    registry = plugin_site.discover()
    assert [(r.district, r.status, r.error) for r in registry.unclaimed] == [
        (None, PluginStatus.FAILED, error)
    ]
    for key in (BOERDE, ANHALT_BITTERFELD):
        refused = _refused(registry, key)
        assert str(refused) == (
            f"the plugin for {schulerfolg.district(key)} failed and was left out, so its rules "
            f"cannot be applied: {error}{refusal_end(key)}"
        )
        assert _origin(refused) == ("acme", "nowhere", "1.0")
    assert registry.rulebooks == {}
    # Börde's own plugin, selected, decides all the same.
    chosen = plugin_site.discover(select={BOERDE: "acme/boerde"})
    assert chosen.district_report(BOERDE).decidable
    assert not chosen.district_report(ANHALT_BITTERFELD).decidable


def test_an_entry_point_named_after_another_district_than_its_plugins_is_refused(
    plugin_site: PluginSite,
) -> None:
    plugin_site.install(
        "acme",
        {
            "boerde": "registry_probe_elsewhere:plugin",
            # The district by key where the plugin says "Jerichower Land": the same district.
            JERICHOWER_LAND: "registry_probe_jl:plugin",
        },
        {
            "elsewhere": probe_module("anhalt-bitterfeld", "Anhalt rules"),
            "jl": probe_module("Jerichower Land", "JL rules"),
        },
    )
    registry = plugin_site.discover()
    mismatch = (
        "plugin acme/boerde 1.0: the entry point 'boerde' names Börde (15083), but the plugin "
        "declares Anhalt-Bitterfeld (15082); an entry point must be named after the district its "
        "plugin is for"
    )
    error = _refused(registry, BOERDE)
    assert str(error) == (
        "the plugin for Börde (15083) failed and was left out, so its rules cannot be applied: "
        f"{mismatch}{REFUSAL_END}"
    )
    assert message_text(error, "de") == (
        "das Plugin für Börde (15083) ist fehlgeschlagen und wurde nicht verwendet, daher können "
        "seine Regeln nicht angewandt werden: Plugin acme/boerde 1.0: der Einstiegspunkt 'boerde' "
        "nennt Börde (15083), das Plugin aber erklärt Anhalt-Bitterfeld (15082); ein "
        "Einstiegspunkt muss nach der Gebietskörperschaft benannt sein, für die sein Plugin gilt"
        f"{REFUSAL_END_DE}"
    )
    assert _origin(error) == ("acme", "boerde", "1.0")
    assert tuple(error.problems) == ()
    (failure,) = registry.failures[BOERDE]
    assert (failure.distribution, failure.entry_point, failure.version, str(failure)) == (
        "acme",
        "boerde",
        "1.0",
        mismatch,
    )
    # It counts against the district its entry point names, not the one it declares.
    assert registry.reports[1] == PluginReport(
        name="acme/boerde",
        distribution="acme",
        version="1.0",
        entry_point="boerde",
        api_version=1,
        district=BOERDE,
        title="Anhalt rules",
        status=PluginStatus.FAILED,
        error=mismatch,
    )
    assert registry.district_report(ANHALT_BITTERFELD) == DistrictReport(
        district=ANHALT_BITTERFELD, rules=DistrictRules.STATE_WIDE
    )
    assert registry.reports[0] == PluginReport(
        name=f"acme/{JERICHOWER_LAND}",
        distribution="acme",
        version="1.0",
        entry_point=JERICHOWER_LAND,
        api_version=1,
        district=JERICHOWER_LAND,
        title="JL rules",
        status=PluginStatus.ACTIVE,
    )


def test_an_entry_point_whose_plugin_declares_no_district_fails_for_the_named_one(
    plugin_site: PluginSite,
) -> None:
    plugin_site.install(
        "acme",
        {"boerde": "registry_probe_atlantis:plugin"},
        {"atlantis": probe_module("Atlantis", "x")},
    )
    registry = plugin_site.discover()
    (report,) = registry.reports
    assert (report.district, report.status, report.error) == (
        BOERDE,
        PluginStatus.FAILED,
        f"plugin acme/boerde 1.0: {ATLANTIS}",
    )
    error = _refused(registry, BOERDE)
    assert _origin(error) == ("acme", "boerde", "1.0")


def test_a_plugin_that_fails_to_import_does_not_hide_the_next_one_for_its_district(
    plugin_site: PluginSite,
) -> None:
    # acme's plugin for Börde names a module that does not exist; beta's loads, but is blocked.
    plugin_site.install("acme", {"boerde": "registry_probe_missing:plugin"})
    plugin_site.install("beta", {BOERDE: "registry_probe_boerde:plugin"}, {"boerde": BOERDE_RULES})
    registry = plugin_site.discover()
    cause = (
        "plugin acme/boerde 1.0 failed to load: ModuleNotFoundError: No module named "
        "'registry_probe_missing'"
    )
    assert registry.reports == (
        PluginReport(
            name="acme/boerde",
            distribution="acme",
            version="1.0",
            entry_point="boerde",
            district=BOERDE,
            status=PluginStatus.FAILED,
            error=cause,
        ),
        PluginReport(
            name=f"beta/{BOERDE}",
            distribution="beta",
            version="1.0",
            entry_point=BOERDE,
            api_version=1,
            district=BOERDE,
            title="Börde rules",
            status=PluginStatus.BLOCKED,
            error="not used: another plugin for Börde (15083) failed; select this one with "
            "SCHULERFOLG_PLUGIN_SELECT=15083=beta",
        ),
    )
    error = _refused(registry, BOERDE)
    assert str(error) == (
        "the plugin for Börde (15083) failed and was left out, so its rules cannot be applied: "
        f"{cause}{REFUSAL_END}"
    )
    assert _origin(error) == ("acme", "boerde", "1.0")
    (failure,) = registry.failures[BOERDE]
    assert (failure.distribution, failure.entry_point, str(failure)) == ("acme", "boerde", cause)
    assert registry.failed() == registry.reports[:1]
    # Selected, the working plugin decides.
    chosen = plugin_site.discover(select={"boerde": "beta"})
    assert chosen.district_report(BOERDE) == DistrictReport(
        district=BOERDE, rules=DistrictRules.PLUGIN, plugin=f"beta/{BOERDE}", version="1.0"
    )


def test_a_blocked_plugin_whose_distribution_has_two_for_its_district_is_selected_by_name(
    plugin_site: PluginSite,
) -> None:
    # beta brings two entry points for Börde (by slug and by key): the first fails, the second
    # works but is blocked — and the distribution alone would select both, so the hint names
    # the entry point too, and that selection decides.
    plugin_site.install(
        "beta",
        {"boerde": "registry_probe_missing:plugin", BOERDE: "registry_probe_boerde:plugin"},
        {"boerde": BOERDE_RULES},
    )
    registry = plugin_site.discover()
    reports = {report.name: report for report in registry.reports}
    assert {name: report.status for name, report in reports.items()} == {
        "beta/boerde": PluginStatus.FAILED,
        f"beta/{BOERDE}": PluginStatus.BLOCKED,
    }
    assert reports[f"beta/{BOERDE}"].error == (
        "not used: another plugin for Börde (15083) failed; select this one with "
        f"SCHULERFOLG_PLUGIN_SELECT=15083=beta/{BOERDE}"
    )
    chosen = plugin_site.discover(select={BOERDE: f"beta/{BOERDE}"})
    assert chosen.district_report(BOERDE).decidable
    # The distribution alone matches both and is refused as ambiguous.
    with pytest.raises(PluginError, match="matches 2 of the plugins"):
        plugin_site.discover(select={BOERDE: "beta"})


def test_two_working_plugins_of_one_distribution_are_selected_by_entry_point(
    plugin_site: PluginSite,
) -> None:
    # The distribution alone cannot tell them apart: the conflict says to name the entry point
    # too, as its list shows in parentheses.
    plugin_site.install(
        "beta",
        {"boerde": "registry_probe_boerde:plugin", BOERDE: "registry_probe_boerde:plugin"},
        {"boerde": BOERDE_RULES},
    )
    registry = plugin_site.discover()
    with pytest.raises(PluginConflictError) as info:
        registry.rulebook(BOERDE)
    message = str(info.value)
    assert message.endswith(
        "select one with SCHULERFOLG_PLUGIN_SELECT=15083=DISTRIBUTION/ENTRY-POINT, as in "
        "parentheses (CLI: --select-plugin)"
    )
    assert "(beta/boerde)" in message
    assert f"(beta/{BOERDE})" in message
    assert "wie in Klammern (Kommandozeile: --select-plugin)" in message_text(info.value, "de")
    (report, _) = [r for r in registry.reports if r.status is PluginStatus.CONFLICT]
    assert report.error is not None
    assert report.error.endswith("=15083=DISTRIBUTION/ENTRY-POINT, as in parentheses")
    chosen = plugin_site.discover(select={BOERDE: "beta/boerde"})
    assert chosen.district_report(BOERDE).plugin == "beta/boerde"


def test_a_district_asked_for_from_many_threads_at_once_is_loaded_once(
    plugin_site: PluginSite,
) -> None:
    slow = probe_module(BOERDE, "Börde rules", delay=0.05)
    plugin_site.install("acme", {"boerde": "registry_probe_slow:plugin"}, {"slow": slow})
    registry = plugin_site.discover()
    with ThreadPoolExecutor(max_workers=8) as pool:
        books = list(pool.map(lambda _: registry.rulebook(BOERDE), range(8)))
    assert books[0].overlay is not None
    assert all(book is books[0] for book in books)
    loaded = plugin_site.module("slow")
    assert loaded is not None
    assert loaded.calls == [1]
    assert registry.report_for(BOERDE) is not None
    assert registry.rulebook("boerde") is books[0]
    assert loaded.calls == [1]


def test_a_plugin_asking_for_its_own_districts_rules_while_it_loads_fails(
    plugin_site: PluginSite,
) -> None:
    # Asking for another district's rules while loading is fine; asking for its own district's
    # would need the plugin itself: it fails (never a deadlock, never endless recursion).
    asks = (
        "from schulerfolg.plugins import DistrictPlugin, default_registry\n"
        "seen = []\n"
        "def plugin():\n"
        "    seen.append(default_registry().rulebook({asked!r}).overlay)\n"
        "    return DistrictPlugin(api_version=1, district={district!r}, name='asks')\n"
    )
    plugin_site.install(
        "acme",
        {"boerde": "registry_probe_own:plugin", "anhalt-bitterfeld": "registry_probe_other:plugin"},
        {
            "own": asks.format(asked=BOERDE, district=BOERDE),
            "other": asks.format(asked=JERICHOWER_LAND, district=ANHALT_BITTERFELD),
        },
    )
    plugin_site.use()
    registry = schulerfolg.plugins.default_registry()
    other = registry.rulebook(ANHALT_BITTERFELD)
    assert other.overlay is not None
    loaded = plugin_site.module("other")
    assert loaded is not None
    assert loaded.seen == [None]  # Jerichower Land: the state-wide rules
    cause = (
        "plugin acme/boerde 1.0: a plugin for Börde (15083) asked for the rules of Börde (15083) "
        "while it was being loaded"
    )
    error = _refused(registry, BOERDE)
    assert str(error) == (
        "the plugin for Börde (15083) failed and was left out, so its rules cannot be applied: "
        f"{cause}{REFUSAL_END}"
    )
    (failed,) = registry.failed()
    assert failed.error_text is not None
    assert render_text(failed.error_text, "de") == (
        "Plugin acme/boerde 1.0: ein Plugin für Börde (15083) hat die Regeln von Börde (15083) "
        "angefordert, während es geladen wurde"
    )
    assert registry.rulebook(ANHALT_BITTERFELD) is other


def test_an_interrupted_load_is_not_remembered(plugin_site: PluginSite) -> None:
    # Ctrl-C while a district's plugin loads reaches the caller; asked again, it loads anew.
    interrupted = (
        "from schulerfolg.plugins import DistrictPlugin\n"
        "calls = []\n"
        "def plugin():\n"
        "    calls.append(1)\n"
        "    if len(calls) == 1:\n"
        "        raise KeyboardInterrupt\n"
        f"    return DistrictPlugin(api_version=1, district={BOERDE!r}, name='interrupted')\n"
    )
    plugin_site.install("acme", {"boerde": "registry_probe_stop:plugin"}, {"stop": interrupted})
    registry = plugin_site.discover()
    with pytest.raises(KeyboardInterrupt):
        registry.rulebook(BOERDE)
    assert registry.district_report(BOERDE) == DistrictReport(
        district=BOERDE, rules=DistrictRules.PLUGIN, plugin="acme/boerde", version="1.0"
    )
    loaded = plugin_site.module("stop")
    assert loaded is not None
    assert loaded.calls == [1, 1]
