"""The switches of plugin loading (:mod:`schulerfolg.plugins._selection`): no plugins at all,
strict mode, and the selection of one plugin where several claim a district (Dessau-Roßlau:
the built-in and the declarative duplicate) — as arguments and as environment variables.

Nothing here mocks ``importlib.metadata``: the test distributions are installed for real (see
``tests/plugin-dists.txt``); tests that need them FAIL with that hint when they are missing.
"""

from __future__ import annotations

from datetime import date

import pytest

import schulerfolg
from helpers import PluginSite, in_district, probe_module, reports_by_name
from schulerfolg import evaluate, state_rulebook, to_dict
from schulerfolg._core.texts import message_text
from schulerfolg.errors import PluginConflictError, PluginError
from schulerfolg.plugins import (
    NO_PLUGINS_ENV,
    SELECT_ENV,
    STRICT_ENV,
    DistrictPlugin,
    DistrictReport,
    DistrictRules,
    PluginRegistry,
    PluginStatus,
    default_registry,
    reset_plugin_cache,
)

DESSAU, BOERDE, HARZ, SAALEKREIS = "15001", "15083", "15085", "15088"
ANHALT_BITTERFELD, JERICHOWER_LAND = "15082", "15086"
EXAMPLE = schulerfolg.example_application()

#: No SCHULERFOLG_* plugin settings from outside, and no cached registries across tests.
pytestmark = pytest.mark.usefixtures("plugin_env")


# --------------------------------------------------------------------------------------------
# No plugins


def test_no_plugins_env_turns_plugins_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(NO_PLUGINS_ENV, "1")
    registry = default_registry()
    assert registry.reports == ()
    assert registry.rulebook(DESSAU) is state_rulebook()


def test_the_default_registry_follows_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # One registry per setting, cached: a changed environment is seen without resetting.
    with_plugins = default_registry()
    assert default_registry() is with_plugins
    monkeypatch.setenv(NO_PLUGINS_ENV, "1")
    without = default_registry()
    assert without is not with_plugins
    assert without.reports == ()
    monkeypatch.delenv(NO_PLUGINS_ENV)
    assert default_registry() is with_plugins


def test_no_plugins_works_whatever_is_selected(monkeypatch: pytest.MonkeyPatch) -> None:
    # The way out must always work: with no plugins, a selection has nothing to choose from and
    # is not checked.
    monkeypatch.setenv(NO_PLUGINS_ENV, "1")
    monkeypatch.setenv(SELECT_ENV, f"{DESSAU}=schulerfolg,{BOERDE}=nobody")
    registry = default_registry()
    assert (registry.reports, registry.selected) == ((), frozenset())
    assert registry.rulebook(DESSAU) is state_rulebook()
    quiet = PluginRegistry.discover(enabled=False, select={BOERDE: "nobody"})
    assert quiet.district_report(BOERDE) == DistrictReport(
        district=BOERDE, rules=DistrictRules.STATE_WIDE
    )


# --------------------------------------------------------------------------------------------
# Strict mode


def test_strict_argument_raises_naming_the_broken_distribution(installed: None) -> None:
    with pytest.raises(PluginError) as info:
        PluginRegistry.discover(strict=True, select={DESSAU: "schulerfolg"})
    message = str(info.value)
    assert message.startswith("strict plugin mode: ")
    for name in ("halle-saale", "mansfeld-suedharz", "no-such-district", "saalekreis"):
        assert f"schulerfolg-test-broken/{name} 0.0.1" in message
    assert "claim" not in message  # Dessau is resolved by the selection
    german = message_text(info.value, "de")
    assert german.startswith("strenger Plugin-Modus: Plugin schulerfolg-test-broken/")
    assert (
        "Plugin schulerfolg-test-broken/mansfeld-suedharz 0.0.1: ist für die Plugin-API-Version 99 "
        "geschrieben; dieses schulerfolg unterstützt 1"
    ) in german


def test_strict_argument_also_refuses_conflicts(installed: None) -> None:
    with pytest.raises(PluginError, match="schulerfolg-test-duplicate"):
        PluginRegistry.discover(strict=True)


@pytest.mark.parametrize("flag", ["1", "true", "yes"])
def test_strict_env_var_raises_naming_the_broken_distribution(
    installed: None, monkeypatch: pytest.MonkeyPatch, flag: str
) -> None:
    monkeypatch.setenv(STRICT_ENV, flag)
    monkeypatch.setenv(SELECT_ENV, f"{DESSAU}=schulerfolg")
    reset_plugin_cache()
    with pytest.raises(PluginError, match="schulerfolg-test-broken"):
        default_registry()
    with pytest.raises(PluginError, match="schulerfolg-test-broken"):
        evaluate(in_district(EXAMPLE, BOERDE))


def test_strict_env_var_off_reports_instead(
    installed: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(STRICT_ENV, "0")
    reset_plugin_cache()
    statuses = {r.name: r.status for r in default_registry().reports}
    assert statuses["schulerfolg-test-broken/saalekreis"] is PluginStatus.FAILED


# --------------------------------------------------------------------------------------------
# Conflicts and selection (Dessau-Roßlau: the built-in and the declarative duplicate)


def test_two_plugins_for_dessau_are_a_conflict_naming_both(installed: None) -> None:
    registry = default_registry()
    with pytest.raises(PluginConflictError) as info:
        registry.rulebook(DESSAU)
    message = str(info.value)
    assert "schulerfolg 0.1.0 (schulerfolg/dessau-rosslau)" in message
    assert "schulerfolg-test-duplicate 0.0.1 (schulerfolg-test-duplicate/dessau-rosslau)" in message
    assert f"{SELECT_ENV}={DESSAU}=DISTRIBUTION" in message
    assert message_text(info.value, "de") == (
        "2 Plugins beanspruchen Stadt Dessau-Roßlau (15001): schulerfolg 0.1.0 "
        "(schulerfolg/dessau-rosslau); schulerfolg-test-duplicate 0.0.1 "
        "(schulerfolg-test-duplicate/dessau-rosslau); wählen Sie eines mit "
        f"{SELECT_ENV}={DESSAU}=DISTRIBUTION (Kommandozeile: --select-plugin)"
    )
    statuses = reports_by_name(registry)
    for name in ("schulerfolg/dessau-rosslau", "schulerfolg-test-duplicate/dessau-rosslau"):
        assert statuses[name].status is PluginStatus.CONFLICT
    # Never a silent choice, also through evaluate's default rulebook ...
    with pytest.raises(PluginConflictError):
        evaluate(in_district(EXAMPLE, DESSAU))
    # ... while the other districts are unaffected.
    assert registry.rulebook("15091").overlay is not None


@pytest.mark.parametrize(
    ("chosen", "layer", "cap", "other"),
    [
        pytest.param(
            "schulerfolg",
            "schulerfolg/dessau-rosslau",
            {"amount": "2000.00", "scope": "per_applicant", "basis": "calendar_year"},
            "schulerfolg-test-duplicate/dessau-rosslau",
            id="built-in",
        ),
        pytest.param(
            "schulerfolg-test-duplicate",
            "schulerfolg-test-duplicate/dessau-rosslau",
            {"amount": "2500.00", "scope": "per_school", "basis": "calendar_year"},
            "schulerfolg/dessau-rosslau",
            id="duplicate",
        ),
        pytest.param(
            "schulerfolg/dessau-rosslau",
            "schulerfolg/dessau-rosslau",
            {"amount": "2000.00", "scope": "per_applicant", "basis": "calendar_year"},
            "schulerfolg-test-duplicate/dessau-rosslau",
            id="by-layer-name",
        ),
    ],
)
def test_selection_by_argument_resolves_the_conflict(
    installed: None, chosen: str, layer: str, cap: dict[str, str], other: str
) -> None:
    registry = PluginRegistry.discover(strict=False, select={"dessau-rosslau": chosen})
    rulebook = registry.rulebook(DESSAU)
    assert rulebook.overlay is not None
    assert rulebook.overlay.layer.name == layer
    value, used = rulebook.resolve("educational_offer.cap", date(2025, 6, 30))
    assert to_dict(value.value) == cap
    assert used.name == layer
    statuses = reports_by_name(registry)
    assert statuses[layer].status is PluginStatus.ACTIVE
    assert statuses[other].status is PluginStatus.NOT_SELECTED
    assert DESSAU not in registry.conflicts


@pytest.mark.parametrize(
    ("setting", "layer"),
    [
        (f"{DESSAU}=schulerfolg", "schulerfolg/dessau-rosslau"),
        ("dessau-rosslau=schulerfolg-test-duplicate", "schulerfolg-test-duplicate/dessau-rosslau"),
    ],
)
def test_selection_by_env_var_resolves_the_conflict(
    installed: None, monkeypatch: pytest.MonkeyPatch, setting: str, layer: str
) -> None:
    monkeypatch.setenv(SELECT_ENV, setting)
    reset_plugin_cache()
    registry = default_registry()
    rulebook = registry.rulebook(DESSAU)
    assert rulebook.overlay is not None
    assert rulebook.overlay.layer.name == layer
    not_selected = [r.name for r in registry.reports if r.status is PluginStatus.NOT_SELECTED]
    assert len(not_selected) == 1
    assert layer not in not_selected


@pytest.mark.parametrize(
    ("select", "fragment"),
    [
        pytest.param({DESSAU: "schulerfolg-harz"}, "matches 0 of the plugins", id="dessau-harz"),
        pytest.param({HARZ: "schulerfolg"}, "matches 0 of the plugins for Harz", id="harz-lib"),
        pytest.param({BOERDE: "schulerfolg"}, "no installed plugin claims Börde", id="none"),
    ],
)
def test_a_selection_without_a_plugin_for_the_district_raises(
    installed: None, select: dict[str, str], fragment: str
) -> None:
    with pytest.raises(PluginError, match=fragment):
        PluginRegistry.discover(strict=False, select=select)


def test_selecting_a_plugin_that_fails_leaves_its_district_refusing(installed: None) -> None:
    # The selection names an installed plugin (checked from metadata, nothing imported); the
    # plugin then fails to validate, so Saalekreis refuses to decide, naming the cause.
    registry = PluginRegistry.discover(strict=False, select={SAALEKREIS: "schulerfolg-test-broken"})
    with pytest.raises(PluginError, match=r"unknown rule 'cap\.no_such_rule'"):
        registry.rulebook(SAALEKREIS)
    assert registry.rulebook(BOERDE).overlay is None  # every other district keeps working


def test_a_malformed_selection_env_var_raises(
    installed: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SELECT_ENV, "15001")
    reset_plugin_cache()
    with pytest.raises(PluginError, match="DISTRICT=DISTRIBUTION") as info:
        default_registry()
    assert message_text(info.value, "de") == (
        "die Plugin-Auswahl '15001' ist nicht lesbar; schreiben Sie "
        "GEBIETSKÖRPERSCHAFT=DISTRIBUTION, z. B. 15001=schulerfolg"
    )


# --------------------------------------------------------------------------------------------
# Selections checked against the plugins found (in hand, or from metadata)


def _plugin(name: str, district: str = BOERDE, **changes: object) -> DistrictPlugin:
    return DistrictPlugin(api_version=1, district=district, name=name, **changes)  # type: ignore[arg-type]


#: Two plugins for Börde from one distribution.
TWO_OF_ALPHA = [(_plugin("a"), "alpha", "1"), (_plugin("b"), "alpha", "2")]


def test_every_selection_that_matches_no_single_plugin_is_named() -> None:
    select = {"anhalt-bitterfeld": "y", "boerde": "x", "Jerichower Land": "z"}
    with pytest.raises(PluginError) as info:
        PluginRegistry.from_plugins(TWO_OF_ALPHA, select=select)
    assert str(info.value) == (
        "selection 15082=y: no installed plugin claims Anhalt-Bitterfeld (15082); "
        "selection 15083=x matches 0 of the plugins for Börde (15083) (alpha/a, alpha/b); "
        "selection 15086=z: no installed plugin claims Jerichower Land (15086)"
    )
    assert message_text(info.value, "de") == (
        "Auswahl 15082=y: kein installiertes Plugin beansprucht Anhalt-Bitterfeld (15082); "
        "Auswahl 15083=x trifft auf 0 der Plugins für Börde (15083) zu (alpha/a, alpha/b); "
        "Auswahl 15086=z: kein installiertes Plugin beansprucht Jerichower Land (15086)"
    )


def test_a_selection_by_distribution_must_match_one_plugin_of_the_district() -> None:
    with pytest.raises(PluginError) as info:
        PluginRegistry.from_plugins(TWO_OF_ALPHA, select={BOERDE: "alpha"})
    assert str(info.value) == (
        "selection 15083=alpha matches 2 of the plugins for Börde (15083) (alpha/a, alpha/b)"
    )
    # Its distribution/entry-point names one.
    registry = PluginRegistry.from_plugins(TWO_OF_ALPHA, select={BOERDE: "alpha/b"})
    assert [(r.name, r.status, r.error) for r in registry.reports] == [
        ("alpha/a", PluginStatus.NOT_SELECTED, None),
        ("alpha/b", PluginStatus.ACTIVE, None),
    ]
    assert registry.selected == frozenset({BOERDE})
    assert registry.district_report(BOERDE) == DistrictReport(
        district=BOERDE, rules=DistrictRules.PLUGIN, plugin="alpha/b", version="2"
    )


def test_a_selected_plugin_decides_while_a_failed_one_stays_reported() -> None:
    broken = _plugin("broken", disabled_rules=("no.such.rule",))
    plugins = [(broken, "other", "1"), (_plugin("a"), "alpha", "1"), (_plugin("b"), "beta", "2")]
    registry = PluginRegistry.from_plugins(plugins, select={"boerde": "beta"})
    error = "plugin other/broken 1: $.disabled_rules[0]: cannot disable unknown rule 'no.such.rule'"
    assert [(r.name, r.status, r.error) for r in registry.reports] == [
        ("other/broken", PluginStatus.FAILED, error),
        ("alpha/a", PluginStatus.NOT_SELECTED, None),
        ("beta/b", PluginStatus.ACTIVE, None),
    ]
    assert registry.selected == frozenset({BOERDE})
    assert [(e.distribution, e.entry_point, str(e)) for e in registry.failures[BOERDE]] == [
        ("other", "broken", error)
    ]
    assert registry.conflicts == {}
    rulebook = registry.rulebook(BOERDE)
    assert rulebook.overlay is not None
    assert rulebook.overlay.layer.name == "beta/b"
    assert registry.rulebooks == {BOERDE: rulebook}
    assert registry.district_report(BOERDE).decidable


def test_a_selection_is_checked_from_metadata_without_importing_a_plugin(
    plugin_site: PluginSite,
) -> None:
    # One distribution, two entry points for Börde (by slug and by key).
    plugin_site.install(
        "acme",
        {"boerde": "registry_probe_one:plugin", BOERDE: "registry_probe_two:plugin"},
        {"one": probe_module(BOERDE, "one"), "two": probe_module(BOERDE, "two")},
    )
    with pytest.raises(PluginError) as info:
        plugin_site.discover(select={"boerde": "acme"})
    assert str(info.value) == (
        "selection 15083=acme matches 2 of the plugins for Börde (15083) (acme/15083, acme/boerde)"
    )
    with pytest.raises(PluginError) as info:
        plugin_site.discover(select={JERICHOWER_LAND: "acme"})
    assert str(info.value) == (
        "selection 15086=acme: no installed plugin claims Jerichower Land (15086)"
    )
    assert (plugin_site.module("one"), plugin_site.module("two")) == (None, None)
    registry = plugin_site.discover(select={"boerde": "acme/boerde"})
    assert (plugin_site.module("one"), plugin_site.module("two")) == (None, None)
    assert registry.district_report(BOERDE) == DistrictReport(
        district=BOERDE, rules=DistrictRules.PLUGIN, plugin="acme/boerde", version="1.0"
    )
