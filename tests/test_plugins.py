"""District plugins through real installed entry points: discovery, isolation, strict mode,
conflicts and selection, whole validation, traces, diffs and declarative (TOML) plugins.

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

import sys
from collections.abc import Iterator
from datetime import date
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import attrs
import pytest

import schulerfolg
from schulerfolg import (
    Application,
    DocumentError,
    Finding,
    Money,
    Parameter,
    ParameterSpec,
    ParameterValue,
    Rule,
    RuleContext,
    RuleError,
    Source,
    evaluate,
    state_rulebook,
    to_dict,
)
from schulerfolg.plugins import (
    NO_PLUGINS_ENV,
    SELECT_ENV,
    STRICT_ENV,
    DistrictPlugin,
    Message,
    PluginConflictError,
    PluginError,
    PluginRegistry,
    PluginReport,
    PluginStatus,
    default_registry,
    district_diff,
    find_plugins,
    load_declarative_plugin,
    reset_plugin_cache,
)

LIBRARY_VERSION = version("schulerfolg")
TEST_DISTRIBUTIONS = {
    "schulerfolg-harz": "1.0.0",
    "schulerfolg-test-broken": "0.0.1",
    "schulerfolg-test-duplicate": "0.0.1",
}
INSTALL_HINT = "run `pip install -r tests/plugin-dists.txt` from the repository root"
BUILT_INS = (
    ("altmarkkreis-salzwedel", "schulerfolg.plugins.altmarkkreis_salzwedel:plugin"),
    ("burgenlandkreis", "schulerfolg.plugins.burgenlandkreis:plugin"),
    ("dessau-rosslau", "schulerfolg.plugins.dessau_rosslau:plugin"),
    ("magdeburg", "schulerfolg.plugins.magdeburg:plugin"),
    ("salzlandkreis", "schulerfolg.plugins.salzlandkreis:plugin"),
    ("stendal", "schulerfolg.plugins.stendal:plugin"),
    ("wittenberg", "schulerfolg.plugins.wittenberg:plugin"),
)
DESSAU, HALLE, BOERDE, HARZ, MSH, SAALEKREIS = "15001", "15002", "15083", "15085", "15087", "15088"
TEST_SOURCE = Source(reference="tests/test_plugins.py", title="Test fixture")
EXAMPLE = schulerfolg.example_application()


@pytest.fixture(scope="module")
def installed() -> None:
    """Fail (never skip) when the test plugin distributions are not installed."""
    problems = []
    for name, expected in TEST_DISTRIBUTIONS.items():
        try:
            found = version(name)
        except PackageNotFoundError:
            problems.append(f"{name} is not installed")
            continue
        if found != expected:
            problems.append(f"{name} {found} is installed, the tests need {expected}")
    if problems:
        pytest.fail("; ".join(problems) + f" — {INSTALL_HINT}")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No SCHULERFOLG_* plugin settings from outside, and no cached registries across tests."""
    for name in (STRICT_ENV, SELECT_ENV, NO_PLUGINS_ENV):
        monkeypatch.delenv(name, raising=False)
    reset_plugin_cache()
    yield
    reset_plugin_cache()


@pytest.fixture
def registry(installed: None) -> PluginRegistry:
    """Every installed plugin, with the built-in plugin selected for Dessau-Roßlau."""
    return PluginRegistry.discover(strict=False, select={DESSAU: "schulerfolg"})


def in_district(application: Application, key: str, **changes: Any) -> Application:
    """``application`` moved to another district (its schools too)."""
    target = schulerfolg.district(key)
    return attrs.evolve(
        application,
        district=target,
        schools=tuple(attrs.evolve(school, district=target) for school in application.schools),
        **changes,
    )


def reports_by_name(registry: PluginRegistry) -> dict[str, PluginReport]:
    return {report.name: report for report in registry.reports}


# --------------------------------------------------------------------------------------------
# Discovery


def test_discovery_finds_the_built_ins_and_the_test_distributions(installed: None) -> None:
    found = find_plugins()
    built_in = [(f.entry_point, f.value) for f in found if f.distribution == "schulerfolg"]
    assert built_in == list(BUILT_INS)
    assert {f.version for f in found if f.distribution == "schulerfolg"} == {LIBRARY_VERSION}
    present = {(f.distribution, f.entry_point, f.version) for f in found}
    assert {
        ("schulerfolg-harz", "harz", "1.0.0"),
        ("schulerfolg-test-broken", "broken-import", "0.0.1"),
        ("schulerfolg-test-broken", "future-api", "0.0.1"),
        ("schulerfolg-test-broken", "malformed", "0.0.1"),
        ("schulerfolg-test-duplicate", "dessau-rosslau", "0.0.1"),
    } <= present
    duplicate = next(f for f in found if f.distribution == "schulerfolg-test-duplicate")
    assert duplicate.value == "schulerfolg_test_duplicate:plugin.toml"
    # Sorted deterministically: by distribution (case-insensitively), then entry-point name.
    keys = [(f.distribution.lower(), f.entry_point) for f in found]
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys)


def test_reports_follow_the_discovery_order(registry: PluginRegistry) -> None:
    assert [report.name for report in registry.reports] == [f.layer_name for f in find_plugins()]


def test_find_is_cached_and_reset_clears_it(installed: None) -> None:
    first = find_plugins()
    assert find_plugins() is first
    registry = default_registry()
    assert default_registry() is registry
    reset_plugin_cache()
    again = find_plugins()
    assert again is not first
    assert again == first
    assert default_registry() is not registry


def test_no_plugins_env_turns_plugins_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(NO_PLUGINS_ENV, "1")
    registry = default_registry()
    assert registry.reports == ()
    assert registry.rulebook(DESSAU) is state_rulebook()


# --------------------------------------------------------------------------------------------
# Isolation: a broken plugin is reported with its distribution, version and cause


def test_a_plugin_that_fails_to_import_is_reported(registry: PluginRegistry) -> None:
    report = reports_by_name(registry)["schulerfolg-test-broken/broken-import"]
    assert (report.distribution, report.version, report.entry_point) == (
        "schulerfolg-test-broken",
        "0.0.1",
        "broken-import",
    )
    assert report.status is PluginStatus.FAILED
    assert (report.district, report.api_version) == (None, None)
    assert report.error is not None
    assert report.error.startswith("plugin schulerfolg-test-broken/broken-import 0.0.1 ")
    assert "ImportError: " in report.error
    assert "the Halle plugin needs 'halle_extras', which is not installed" in report.error


def test_a_plugin_for_a_future_api_is_reported(registry: PluginRegistry) -> None:
    report = reports_by_name(registry)["schulerfolg-test-broken/future-api"]
    assert report.status is PluginStatus.FAILED
    assert (report.distribution, report.version, report.api_version) == (
        "schulerfolg-test-broken",
        "0.0.1",
        99,
    )
    assert report.error is not None
    assert "schulerfolg-test-broken/future-api 0.0.1" in report.error
    assert "plugin API version 99" in report.error


def test_a_malformed_plugin_reports_every_problem_at_once(registry: PluginRegistry) -> None:
    report = reports_by_name(registry)["schulerfolg-test-broken/malformed"]
    assert report.status is PluginStatus.FAILED
    assert report.error is not None
    assert "schulerfolg-test-broken/malformed 0.0.1" in report.error
    # Both problems in ONE report: the unknown rule id and the wrong-typed value.
    assert "rule 'saalekreis.cap' replaces unknown rule 'cap.no_such_rule'" in report.error
    assert "parameter 'educational_offer.cap' value 0" in report.error
    assert "expected an object" in report.error


def test_every_other_district_keeps_working(registry: PluginRegistry) -> None:
    # Halle's plugin failed on import, so nothing tells which district it was for: Halle
    # decides under the state-wide rules (and the CLI warns about the plugin) ...
    assert registry.rulebook(HALLE) is state_rulebook()
    assert evaluate(in_district(EXAMPLE, HALLE), rulebook=registry.rulebook(HALLE)).eligible
    # ... the districts whose declared plugin failed refuse to decide rather than silently
    # ignore their own rules, naming the distribution and the cause ...
    for key, cause in ((MSH, "plugin API version 99"), (SAALEKREIS, "unknown rule")):
        assert registry.report_for(key) is None
        with pytest.raises(PluginError, match="schulerfolg-test-broken") as info:
            registry.rulebook(key)
        assert cause in str(info.value)
    # ... and every plugin that loaded is in effect for its district.
    active = [r for r in registry.reports if r.status is PluginStatus.ACTIVE]
    assert {r.name for r in active} >= {
        *(f"schulerfolg/{name}" for name, _ in BUILT_INS),
        "schulerfolg-harz/harz",
    }
    for report in active:
        assert report.district is not None
        layer = registry.layer_for(report.district)
        assert layer is not None
        assert (layer.name, layer.version) == (report.name, report.version)


def test_the_toml_plugin_package_is_never_imported(registry: PluginRegistry) -> None:
    # Its __init__ raises RuntimeError("must never be imported"): had discovery imported it,
    # the plugin would have FAILED.
    report = reports_by_name(registry)["schulerfolg-test-duplicate/dessau-rosslau"]
    assert report.status is PluginStatus.NOT_SELECTED
    assert report.error is None
    assert "schulerfolg_test_duplicate" not in sys.modules


# --------------------------------------------------------------------------------------------
# Strict mode


def test_strict_argument_raises_naming_the_broken_distribution(installed: None) -> None:
    with pytest.raises(PluginError) as info:
        PluginRegistry.discover(strict=True, select={DESSAU: "schulerfolg"})
    message = str(info.value)
    assert message.startswith("strict plugin mode: ")
    for name in ("broken-import", "future-api", "malformed"):
        assert f"schulerfolg-test-broken/{name} 0.0.1" in message
    assert "claim" not in message  # Dessau is resolved by the selection


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
    assert statuses["schulerfolg-test-broken/malformed"] is PluginStatus.FAILED


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
        pytest.param({SAALEKREIS: "schulerfolg-test-broken"}, "no installed plugin", id="failed"),
    ],
)
def test_a_selection_without_a_plugin_for_the_district_raises(
    installed: None, select: dict[str, str], fragment: str
) -> None:
    with pytest.raises(PluginError, match=fragment):
        PluginRegistry.discover(strict=False, select=select)


def test_a_malformed_selection_env_var_raises(
    installed: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SELECT_ENV, "15001")
    reset_plugin_cache()
    with pytest.raises(PluginError, match="DISTRICT=DISTRIBUTION"):
        default_registry()


# --------------------------------------------------------------------------------------------
# In-memory plugins: a failing rule, whole validation


def _explode(application: Application, context: RuleContext) -> Iterator[Finding]:
    del application, context
    raise ZeroDivisionError("division by zero in a district rule")


def test_a_plugin_rule_that_raises_becomes_a_rule_error_naming_layer_and_rule() -> None:
    plugin = DistrictPlugin(
        api_version=1,
        district=BOERDE,
        name="exploding",
        added_rules=(
            Rule(id="boerde.explodes", description="Raises.", source=TEST_SOURCE, check=_explode),
        ),
    )
    registry = PluginRegistry.from_plugins(
        [(plugin, "schulerfolg-test-inmemory", "2.0")], strict=False, select={}
    )
    with pytest.raises(RuleError) as info:
        evaluate(in_district(EXAMPLE, BOERDE), rulebook=registry.rulebook(BOERDE))
    error = info.value
    assert error.rule_id == "boerde.explodes"
    assert (error.layer.name, error.layer.version) == ("schulerfolg-test-inmemory/exploding", "2.0")
    assert str(error) == (
        "rule 'boerde.explodes' of plugin schulerfolg-test-inmemory/exploding 2.0 failed: "
        "ZeroDivisionError: division by zero in a district rule"
    )
    assert isinstance(error.__cause__, ZeroDivisionError)


def _state_snapshot() -> tuple[object, ...]:
    base = state_rulebook()
    return (
        tuple((rule.id, layer) for rule, layer in base.rules),
        {name: tuple(entries) for name, entries in base.parameters.items()},
        dict(base.specs),
        dict(base.messages),
        dict(base.labels),
        base.overlay,
    )


def _never(application: Application, context: RuleContext) -> Iterator[Finding]:
    del application, context
    return iter(())


MANY_PROBLEMS = DistrictPlugin(
    api_version=1,
    district=BOERDE,
    name="many-problems",
    parameter_specs=(
        ParameterSpec(name="educational_offer.cap", value_type=int, description="Clash."),
    ),
    parameters=(
        Parameter(
            name="educational_offer.caps",
            values=(ParameterValue(value=1, valid_from=date(2022, 8, 1), source=TEST_SOURCE),),
        ),
        Parameter(
            name="educational_offer.additional_documents",
            values=(
                ParameterValue(
                    value="cooperation_agreement", valid_from=date(2022, 8, 1), source=TEST_SOURCE
                ),
            ),
        ),
    ),
    added_rules=(
        Rule(id="cap.amount", description="Clashes.", source=TEST_SOURCE, check=_never),
        Rule(
            id="boerde.reads",
            description="Reads an unknown parameter.",
            source=TEST_SOURCE,
            parameters=("boerde.unknown",),
            check=_never,
        ),
    ),
    replaced_rules=(
        Rule(
            id="boerde.cap",
            description="Replaces nothing.",
            source=TEST_SOURCE,
            replaces="cap.nothing",
            check=_never,
        ),
    ),
    disabled_rules=("no.such.rule",),
    messages=(Message(code="cap.exceeded", template="Clash."),),
    catalog_dir=Path("locale"),
)

MANY_PROBLEMS_FRAGMENTS = (
    "parameter 'educational_offer.additional_documents' value 0",
    "cannot read its message catalogs: catalog_dir is set but catalog_domain is not",
    "parameter spec 'educational_offer.cap' already exists in the state-wide base",
    "unknown parameter 'educational_offer.caps'",
    "rule 'boerde.cap' replaces unknown rule 'cap.nothing'",
    "cannot disable unknown rule 'no.such.rule'",
    "rule id 'cap.amount' is already used by the state-wide base",
    "rule 'boerde.reads' reads unknown parameter 'boerde.unknown'",
    "message 'cap.exceeded' is already defined by the library",
)


def test_validation_is_whole_and_leaves_the_state_rulebook_unchanged() -> None:
    before = _state_snapshot()
    registry = PluginRegistry.from_plugins(
        [(MANY_PROBLEMS, "schulerfolg-test-inmemory", "1.0")], strict=False, select={}
    )
    (report,) = registry.reports
    assert report.status is PluginStatus.FAILED
    assert report.error is not None
    assert report.error.startswith("plugin schulerfolg-test-inmemory/many-problems 1.0: ")
    missing = [fragment for fragment in MANY_PROBLEMS_FRAGMENTS if fragment not in report.error]
    assert missing == [], report.error
    # Nothing of it was applied: Börde has the state-wide rules, which are unchanged.
    with pytest.raises(PluginError, match="many-problems"):
        registry.rulebook(BOERDE)  # its district refuses to decide without its rules
    assert _state_snapshot() == before
    assert evaluate(in_district(EXAMPLE, BOERDE), rulebook=state_rulebook()).eligible

    with pytest.raises(PluginError) as info:
        PluginRegistry.from_plugins(
            [(MANY_PROBLEMS, "schulerfolg-test-inmemory", "1.0")], strict=True, select={}
        )
    assert all(fragment in str(info.value) for fragment in MANY_PROBLEMS_FRAGMENTS)
    assert _state_snapshot() == before


def test_a_valid_plugin_next_to_an_invalid_one_still_works() -> None:
    good = DistrictPlugin(
        api_version=1,
        district=HALLE,
        name="good",
        parameters=(
            Parameter(
                name="educational_offer.additional_documents",
                values=(
                    ParameterValue(
                        value=("concept",), valid_from=date(2022, 8, 1), source=TEST_SOURCE
                    ),
                ),
            ),
        ),
    )
    registry = PluginRegistry.from_plugins(
        [(MANY_PROBLEMS, "bad", "1"), (good, "good", "1")], strict=False, select={}
    )
    assert [r.status for r in registry.reports] == [PluginStatus.FAILED, PluginStatus.ACTIVE]
    app = in_district(EXAMPLE, HALLE, documents=("application_form",))
    decision = evaluate(app, rulebook=registry.rulebook(HALLE))
    assert [f.params for f in decision.errors()] == [{"document": "concept"}]


# --------------------------------------------------------------------------------------------
# Layers in decision traces


def test_decision_traces_name_the_plugin_layer_and_version(registry: PluginRegistry) -> None:
    # Salzlandkreis: the cap comes from the built-in plugin, the applicant kinds from the state.
    app = in_district(EXAMPLE, "15089")
    decision = evaluate(app, rulebook=registry.rulebook("15089"))
    uses = {use.name: use for use in decision.parameters}
    cap = uses["educational_offer.cap"]
    assert (cap.layer, cap.layer_version) == ("schulerfolg/salzlandkreis", LIBRARY_VERSION)
    assert cap.valid_from == date(2022, 8, 1)
    assert cap.value == {"amount": "2000.00", "scope": "per_school", "basis": "calendar_year"}
    documents = uses["educational_offer.additional_documents"]
    assert (documents.layer, documents.valid_from) == (
        "schulerfolg/salzlandkreis",
        date(2023, 4, 25),
    )
    kinds = uses["educational_offer.eligible_applicant_kinds"]
    assert (kinds.layer, kinds.layer_version) == ("state", schulerfolg.__version__)
    assert {use.layer for use in decision.rules} == {"state"}


# --------------------------------------------------------------------------------------------
# What each built-in plugin changes

SALZLAND_PAGE = (
    "https://www.salzlandkreis.de/themenbereiche/kinder-jugend-familie/jugendprojekte/"
    "netzwerkstelle-schulerfolg-im-salzlandkreis"
)
DESSAU_PLUS = (
    "http://verwaltung.dessau-rosslau.de/soziales-bildung/kinder-jugend-und-familie/"
    "das-jugendamt/jugendfoerderung/netzwerkstelle-schulerfolg-fuer-dessau-rosslau/"
    "projektfoerderung-plus-projekte.html"
)
DESSAU_SEED = "seeds/004_6c88727d054023da.txt"
ALTMARK_PRESS = (
    "https://www.altmarkkreis-salzwedel.de/buerger-presseservice/presseservice/"
    "pressemitteilungen-neuigkeiten-pressebilder/esf-projekt-schulerfolg-sichern-12-2022.aspx"
)
BURGENLAND = (
    "https://www.schulerfolg-sichern.de/das-programm/regionale-netzwerkstellen/burgenlandkreis.html"
)
MAGDEBURG_CALL = "https://www.jissa.de/foerderung/foerderungen/projektfoerderung-wids.php"
STENDAL_BEIRAT = "https://www.schulerfolg-stendal.de/beirat/"
WITTENBERG_PAGE = "https://www.landkreis-wittenberg.de/de/bildungsbezogene-angebote.html"
ESF_PLUS = date(2022, 8, 1)


def _cap(amount: str, scope: str, basis: str = "calendar_year") -> dict[str, str]:
    return {"amount": amount, "scope": scope, "basis": basis}


#: district → (entry point, {parameter: [(value, valid_from, valid_until, provisional, source)]})
BUILT_IN_CHANGES: dict[str, tuple[str, dict[str, list[tuple[Any, date, date | None, bool, str]]]]]
BUILT_IN_CHANGES = {
    # Press release of 19.12.2022 (seed 000): the network office implements the offers.
    "15081": (
        "altmarkkreis-salzwedel",
        {
            "procedure.voting_body": [
                (
                    {
                        "name": "Netzwerkstelle „Schulerfolg“ des Altmarkkreises Salzwedel",
                        "kind": "network_office",
                        "voting_members": None,
                    },
                    ESF_PLUS,
                    None,
                    True,
                    ALTMARK_PRESS,
                )
            ]
        },
    ),
    # Seed 003: „Pro Kalenderjahr … bis zu 2.000 Euro für … eines solchen Angebots“.
    "15084": (
        "burgenlandkreis",
        {
            "educational_offer.cap": [
                (_cap("2000.00", "per_offer"), ESF_PLUS, None, False, BURGENLAND),
            ]
        },
    ),
    # PLUS+ page and seed 004: youth-welfare sponsors, 2,000 EUR per applicant and year.
    "15001": (
        "dessau-rosslau",
        {
            "educational_offer.cap": [
                (_cap("2000.00", "per_applicant"), ESF_PLUS, None, True, DESSAU_PLUS),
            ],
            "educational_offer.eligible_applicant_kinds": [
                (["public_youth_welfare", "free_youth_welfare"], ESF_PLUS, None, True, DESSAU_SEED),
            ],
            "educational_offer.required_partner_kinds": [
                (["school"], ESF_PLUS, None, True, DESSAU_SEED),
            ],
        },
    ),
    # jissa.de: the 2021 call „Willkommen in der Schule“, 01.01.–31.12.2021 only.
    "15003": (
        "magdeburg",
        {
            "educational_offer.additional_documents": [
                (
                    [
                        "situation_analysis",
                        "cost_plan",
                        "concept",
                        "cooperation_agreement",
                        "non_profit_confirmation",
                        "recognition_75_sgb_viii",
                        "staff_conference_resolution",
                    ],
                    date(2021, 1, 1),
                    date(2021, 12, 31),
                    False,
                    MAGDEBURG_CALL,
                )
            ],
            "educational_offer.cap": [
                (
                    _cap("2000.00", "per_school", "call"),
                    date(2021, 1, 1),
                    date(2021, 12, 31),
                    False,
                    MAGDEBURG_CALL,
                )
            ],
            "educational_offer.submission_deadline": [
                (
                    {
                        "days_before_start": None,
                        "closing_dates": ["2021-01-31"],
                        "recurrence": None,
                    },
                    date(2021, 1, 1),
                    date(2021, 12, 31),
                    False,
                    MAGDEBURG_CALL,
                )
            ],
        },
    ),
    # salzlandkreis.de entries of 24.04.2023, 17.05.2023, 02.11.2023 and 20.01.2026.
    "15089": (
        "salzlandkreis",
        {
            "educational_offer.additional_documents": [
                (["staff_conference_resolution"], ESF_PLUS, None, True, SALZLAND_PAGE),
                ([], date(2023, 4, 25), None, True, SALZLAND_PAGE),
            ],
            "educational_offer.cap": [
                (_cap("2000.00", "per_school"), ESF_PLUS, None, False, SALZLAND_PAGE),
                (_cap("3000.00", "per_school"), date(2026, 1, 7), None, False, SALZLAND_PAGE),
            ],
            "procedure.voting_body": [
                (
                    {
                        "name": "Steuergruppe „bildungsbezogene Angebote“",
                        "kind": "steering_group",
                        "voting_members": None,
                    },
                    ESF_PLUS,
                    None,
                    True,
                    SALZLAND_PAGE,
                )
            ],
        },
    ),
    # schulerfolg-stendal.de/beirat: founded January 2016, 9 voting members.
    "15090": (
        "stendal",
        {
            "procedure.voting_body": [
                (
                    {
                        "name": "Beirat „Schulerfolg sichern“",
                        "kind": "advisory_board",
                        "voting_members": 9,
                    },
                    date(2016, 1, 1),
                    None,
                    True,
                    STENDAL_BEIRAT,
                )
            ]
        },
    ),
    # landkreis-wittenberg.de: 2,000 EUR per school and calendar year, cooperation agreement,
    # consultation before the project starts.
    "15091": (
        "wittenberg",
        {
            "educational_offer.additional_documents": [
                (["cooperation_agreement"], ESF_PLUS, None, False, WITTENBERG_PAGE),
            ],
            "educational_offer.cap": [
                (_cap("2000.00", "per_school"), ESF_PLUS, None, False, WITTENBERG_PAGE),
            ],
            "educational_offer.consultation": [
                (
                    {"required": True, "deadline": "before_start"},
                    ESF_PLUS,
                    None,
                    False,
                    WITTENBERG_PAGE,
                ),
            ],
        },
    ),
}


@pytest.mark.parametrize("key", sorted(BUILT_IN_CHANGES))
def test_district_diff_lists_exactly_what_each_built_in_changes(
    registry: PluginRegistry, key: str
) -> None:
    entry_point, expected = BUILT_IN_CHANGES[key]
    diff = district_diff(key, registry=registry)
    assert (diff.district, diff.plugin, diff.plugin_version, diff.on) == (
        key,
        f"schulerfolg/{entry_point}",
        LIBRARY_VERSION,
        None,
    )
    assert diff.rules == ()  # no built-in adds, replaces or disables a rule
    got = {
        change.name: [
            (v.value, v.valid_from, v.valid_until, v.provisional, v.source.reference)
            for v in change.district_values
        ]
        for change in diff.parameters
    }
    assert got == expected
    assert [change.name for change in diff.parameters] == sorted(expected)
    state = state_rulebook()
    for change in diff.parameters:
        base = state.parameters.get(change.name, ())
        assert len(change.base_values) == (len(base[0][0].values) if base else 0)


@pytest.mark.parametrize(
    ("on", "amount"), [(date(2026, 1, 6), "2000.00"), (date(2026, 1, 7), "3000.00")]
)
def test_district_diff_on_a_day_shows_the_value_in_force(
    registry: PluginRegistry, on: date, amount: str
) -> None:
    diff = district_diff("salzlandkreis", on=on, registry=registry)
    cap = next(change for change in diff.parameters if change.name == "educational_offer.cap")
    assert [v.value["amount"] for v in cap.district_values] == [amount]
    assert [v.value["amount"] for v in cap.base_values] == ["2000.00"]


def test_district_diff_outside_a_plugins_values_is_empty(registry: PluginRegistry) -> None:
    diff = district_diff("15003", on=date(2022, 9, 1), registry=registry)
    assert diff.plugin == "schulerfolg/magdeburg"
    assert diff.parameters == ()


def test_district_diff_without_a_plugin(registry: PluginRegistry) -> None:
    diff = district_diff(HALLE, registry=registry)
    assert (diff.plugin, diff.parameters, diff.rules) == (None, (), ())


# --------------------------------------------------------------------------------------------
# Declarative plugins loaded from a path

VALID_TOML = """\
api_version = 1
district = "15083"
name = "Börde: declarative test plugin"
sources = [{ reference = "tests/test_plugins.py", title = "Test fixture" }]

[[parameter]]
name = "educational_offer.cap"

[[parameter.values]]
valid_from = 2022-08-01
value = { amount = "1800.00", scope = "per_offer", basis = "calendar_year" }
provisional = true
source = { reference = "tests/test_plugins.py", title = "Test fixture" }

[[parameter]]
name = "educational_offer.additional_documents"

[[parameter.values]]
valid_from = 2022-08-01
value = ["boerde_plan"]
source = { reference = "tests/test_plugins.py" }

[[documents]]
id = "boerde_plan"
en = "Börde project plan"
de = "Projektplan Börde"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "x.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_valid_declarative_plugin_works(tmp_path: Path) -> None:
    plugin = load_declarative_plugin(write(tmp_path, VALID_TOML))
    assert (plugin.api_version, plugin.district, plugin.name) == (
        1,
        BOERDE,
        "Börde: declarative test plugin",
    )
    registry = PluginRegistry.from_plugins(
        [(plugin, "schulerfolg-test-toml", "3.1")], strict=False, select={}
    )
    rulebook = registry.rulebook(BOERDE)
    app = in_district(EXAMPLE, BOERDE)  # 1,800 EUR, without the Börde plan
    decision = evaluate(app, rulebook=rulebook)
    assert decision.codes() == ("document.missing",)
    assert rulebook.message(decision.findings[0], "de") == "Das Dokument „Projektplan Börde“ fehlt."
    assert rulebook.message(decision.findings[0], "en") == (
        "The document „Börde project plan“ is missing."
    )
    cap = next(use for use in decision.parameters if use.name == "educational_offer.cap")
    assert (cap.layer, cap.layer_version, cap.provisional) == (
        "schulerfolg-test-toml/Börde: declarative test plugin",
        "3.1",
        True,
    )
    over = in_district(
        EXAMPLE,
        BOERDE,
        documents=(*EXAMPLE.documents, "boerde_plan"),
        cost_plan=(attrs.evolve(EXAMPLE.cost_plan[0], amount=Money("1801.00")),),
        requested_amount=Money("1801.00"),
    )
    assert evaluate(over, rulebook=rulebook).codes() == ("cap.exceeded",)


def _replace(old: str, new: str) -> str:
    assert old in VALID_TOML
    return VALID_TOML.replace(old, new, 1)


INVALID_TOML = [
    pytest.param(VALID_TOML + 'colour = "red"\n', "$.documents[0].colour", id="unknown-key-doc"),
    pytest.param('colour = "red"\n' + VALID_TOML, "$.colour", id="unknown-key-top"),
    pytest.param(
        _replace("provisional = true\n", "provisional = true\nextra = 1\n"),
        "$.parameter[0].values[0].extra",
        id="unknown-key-nested",
    ),
    pytest.param(
        _replace("api_version = 1", 'api_version = "one"'), "$.api_version", id="type-int"
    ),
    pytest.param(
        _replace("valid_from = 2022-08-01", 'valid_from = "soon"'),
        "$.parameter[0].values[0].valid_from",
        id="type-date",
    ),
    pytest.param(
        _replace('scope = "per_offer"', 'scope = "per_galaxy"'),
        "$.parameter[0].values[0].value.scope",
        id="bad-value-enum",
    ),
    pytest.param(
        _replace('amount = "1800.00"', 'amount = "-5.00"'),
        "$.parameter[0].values[0].value.amount",
        id="bad-value-negative",
    ),
    pytest.param(
        _replace('value = ["boerde_plan"]', 'value = "boerde_plan"'),
        "$.parameter[1].values[0].value",
        id="bad-value-not-a-list",
    ),
    pytest.param(
        _replace('name = "educational_offer.cap"', 'name = "educational_offer.caps"'),
        "$.parameter[0].name",
        id="unknown-parameter",
    ),
    pytest.param(
        _replace('id = "boerde_plan"', 'id = "Börde Plan"'), "$.documents[0].id", id="document-id"
    ),
    # A TOML file holds data, never code: an "expression" is just a wrong-typed string.
    pytest.param(
        _replace(
            'value = { amount = "1800.00", scope = "per_offer", basis = "calendar_year" }',
            "value = \"__import__('os')\"",
        ),
        "$.parameter[0].values[0].value",
        id="code-is-a-string",
    ),
    pytest.param(
        _replace('value = ["boerde_plan"]', "value = __import__('os')"), "$", id="code-is-no-toml"
    ),
]


@pytest.mark.parametrize(("text", "key_path"), INVALID_TOML)
def test_invalid_declarative_plugins_name_the_file_and_key_path(
    tmp_path: Path, text: str, key_path: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(DocumentError) as info:
        load_declarative_plugin(path)
    error = info.value
    assert error.source == str(path)
    assert [problem.path for problem in error.problems] == [key_path]
    assert str(path) in str(error)
    assert f"  {key_path}" in str(error)


def test_every_problem_of_a_declarative_plugin_is_reported_together(tmp_path: Path) -> None:
    text = (
        _replace("api_version = 1", 'api_version = "one"\ncolour = "red"')
        .replace('name = "educational_offer.cap"', 'name = "educational_offer.caps"')
        .replace('id = "boerde_plan"', 'id = "Plan"')
    )
    with pytest.raises(DocumentError) as info:
        load_declarative_plugin(write(tmp_path, text))
    assert [problem.path for problem in info.value.problems] == [
        "$.api_version",
        "$.colour",
        "$.parameter[0].name",
        "$.documents[0].id",
    ]


def test_a_code_looking_string_stays_a_string(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    payload = f"__import__('os').system('touch {marker}')"
    plugin = load_declarative_plugin(
        write(tmp_path, _replace('name = "Börde: declarative test plugin"', f'name = "{payload}"'))
    )
    assert plugin.name == payload
    assert not marker.exists()


def test_a_missing_declarative_file_is_a_document_error(tmp_path: Path) -> None:
    path = tmp_path / "missing.toml"
    with pytest.raises(DocumentError) as info:
        load_declarative_plugin(path)
    assert info.value.source == str(path)
    assert [p.code for p in info.value.problems] == ["io"]


# --------------------------------------------------------------------------------------------
# Regressions from the review


def test_a_plugin_that_calls_sys_exit_while_loading_is_isolated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from importlib.metadata import EntryPoint

    from schulerfolg.plugins import FoundPlugin, load_plugin

    (tmp_path / "exiting_plugin.py").write_text('import sys\nsys.exit("needs geodata")\n')
    monkeypatch.syspath_prepend(str(tmp_path))
    found = FoundPlugin(
        distribution="exiting",
        version="1",
        entry_point="exit",
        value="exiting_plugin:plugin",
        ep=EntryPoint(name="exit", value="exiting_plugin:plugin", group="schulerfolg.plugins"),
    )
    with pytest.raises(PluginError, match="SystemExit: needs geodata"):
        load_plugin(found)


def test_a_failed_plugin_beside_a_working_one_makes_its_district_refuse() -> None:
    from schulerfolg.plugins.dessau_rosslau import plugin as built_in

    broken = attrs.evolve(built_in, name="broken", disabled_rules=("no.such.rule",))
    registry = PluginRegistry.from_plugins([(built_in, "schulerfolg", "1"), (broken, "other", "1")])
    with pytest.raises(PluginError, match="other"):
        registry.rulebook("15001")
    chosen = PluginRegistry.from_plugins(
        [(built_in, "schulerfolg", "1"), (broken, "other", "1")], select={"15001": "schulerfolg"}
    )
    assert chosen.rulebook("15001").overlay is not None


def test_a_catalog_whose_placeholders_differ_fails_the_plugin(tmp_path: Path) -> None:
    from schulerfolg.plugins.burgenlandkreis import plugin as built_in

    folder = tmp_path / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "bad.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "The document „{document}“ is missing."\n'
        'msgstr "Das Dokument „{dokument}“ fehlt."\n',
        encoding="utf-8",
    )
    bad = attrs.evolve(built_in, catalog_dir=tmp_path, catalog_domain="bad")
    registry = PluginRegistry.from_plugins([(bad, "bad-catalog", "1")])
    (report,) = registry.reports
    assert report.status is PluginStatus.FAILED
    assert "document.missing" in (report.error or "")
