"""``schulerfolg plugins``, ``schulerfolg rules`` and ``schulerfolg check`` with real installed
plugin distributions: broken ones, a second plugin for Dessau-Roßlau, and the Harz example.

Install them from the repository root with ``pip install -r tests/plugin-dists.txt``; tests
that need them FAIL with that hint otherwise.  Cases that set SCHULERFOLG_* environment
variables run the CLI in a subprocess (``sys.executable -m schulerfolg``) so that no cached
registry leaks between tests; the others call ``main`` in-process with a clean environment.
The plugin texts (``rules`` as text, the layer in ``check``'s text) are in ``test_text.py``.
"""

from __future__ import annotations

import json
from importlib.metadata import version
from pathlib import Path

import pytest

import schulerfolg
from helpers import in_district, only_plugin_warnings, run, run_process, write_application
from schulerfolg import Applicant, ApplicantKind, Application, evaluate, to_dict
from schulerfolg.plugins import NO_PLUGINS_ENV, SELECT_ENV, STRICT_ENV, PluginRegistry

LIBRARY_VERSION = version("schulerfolg")
DESSAU, BOERDE = "15001", "15083"
EXAMPLE = schulerfolg.example_application()
REPORT_KEYS = {
    "name",
    "distribution",
    "version",
    "entry_point",
    "api_version",
    "district",
    "title",
    "status",
    "error",
}

#: No SCHULERFOLG_* plugin settings from outside, and no cached registries across tests.
pytestmark = pytest.mark.usefixtures("plugin_env")


#: A youth-welfare sponsor applying with a school, 1,800 EUR in 2025: eligible under Dessau's
#: PLUS+ rules, ineligible where only schools may apply.
DESSAU_APPLICATION = in_district(
    EXAMPLE,
    DESSAU,
    applicant=Applicant(name="Jugendhilfe Dessau e.V.", kind=ApplicantKind.FREE_YOUTH_WELFARE),
)


# --------------------------------------------------------------------------------------------
# schulerfolg plugins


def test_plugins_text_lists_every_plugin(installed: None) -> None:
    result = run("plugins", "--lang", "en")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    for report in PluginRegistry.discover(strict=False, select={}).reports:
        heads = [line for line in lines if line.startswith(f"{report.name} {report.version}")]
        assert len(heads) == 1, report.name
        if report.api_version is not None:
            assert f", plugin API {report.api_version}" in heads[0]
        if report.error:
            assert f"    {report.error}" in lines
    assert (
        "schulerfolg/salzlandkreis 0.1.0, plugin API 1, for Salzlandkreis (15089): active" in lines
    )
    assert "schulerfolg-harz/harz 1.0.0, plugin API 1, for Harz (15085): active" in lines
    assert (
        "schulerfolg-test-broken/halle-saale 0.0.1, for Stadt Halle (Saale) (15002): "
        "failed, left out"
    ) in lines
    # Named after no district: loaded to learn its district (Halle), which then refuses.
    assert (
        "schulerfolg-test-broken/no-such-district 0.0.1, for Stadt Halle (Saale) (15002): "
        "failed, left out"
    ) in lines
    assert (
        "    plugin schulerfolg-test-broken/no-such-district 0.0.1: the entry point's name "
        "'no-such-district' is not a district; the plugin declares Stadt Halle (Saale) (15002), "
        "so name its entry point 'halle-saale'"
    ) in lines
    assert (
        "schulerfolg-test-broken/mansfeld-suedharz 0.0.1, plugin API 99, "
        "for Mansfeld-Südharz (15087): failed, left out"
    ) in lines
    conflict = "in conflict with another plugin for the district"
    dessau = "schulerfolg/dessau-rosslau 0.1.0, plugin API 1, for Stadt Dessau-Roßlau (15001)"
    assert f"{dessau}: {conflict}" in lines
    # Then every district: whether it can be decided, under which rules, and why not.
    districts = lines[lines.index("Districts:") + 1 :]
    assert "Stadt Halle (Saale) (15002): cannot be decided: its plugin failed" in districts
    assert "Stadt Dessau-Roßlau (15001): cannot be decided: several plugins claim it" in districts
    assert "Börde (15083): decided under the state-wide rules" in districts
    assert "Harz (15085): decided under the plugin schulerfolg-harz/harz 1.0.0" in districts
    assert len([line for line in districts if not line.startswith("    ")]) == 14


def test_plugins_text_speaks_german_by_default(installed: None) -> None:
    lines = run("plugins").out.splitlines()
    assert (
        "schulerfolg/salzlandkreis 0.1.0, Plugin-API 1, für Salzlandkreis (15089): aktiv" in lines
    )
    assert (
        "schulerfolg-test-broken/halle-saale 0.0.1, für Stadt Halle (Saale) (15002): "
        "fehlgeschlagen, nicht verwendet"
    ) in lines
    assert "Börde (15083): entschieden nach den landesweiten Regeln" in lines


def test_plugins_json_lists_every_plugin(installed: None) -> None:
    result = run("plugins", "--format", "json")
    assert result.code == 0, result.err
    document = json.loads(result.out)
    assert set(document) == {"plugins", "districts"}
    data = document["plugins"]
    registry = PluginRegistry.discover(strict=False, select={})
    assert data == to_dict(registry.reports)
    assert all(set(item) == REPORT_KEYS for item in data)
    by_name = {item["name"]: item for item in data}
    assert by_name["schulerfolg/wittenberg"] == {
        "name": "schulerfolg/wittenberg",
        "distribution": "schulerfolg",
        "version": LIBRARY_VERSION,
        "entry_point": "wittenberg",
        "api_version": 1,
        "district": "15091",
        "title": "Wittenberg: bildungsbezogene Angebote",
        "status": "active",
        "error": None,
    }
    future = by_name["schulerfolg-test-broken/mansfeld-suedharz"]
    assert (future["distribution"], future["version"], future["api_version"]) == (
        "schulerfolg-test-broken",
        "0.0.1",
        99,
    )
    assert future["status"] == "failed"
    assert "plugin API version 99" in future["error"]
    broken = by_name["schulerfolg-test-broken/halle-saale"]
    assert (broken["api_version"], broken["status"]) == (None, "failed")
    assert "ImportError" in broken["error"]
    assert broken["district"] == "15002"  # from the entry point's name
    assert by_name["schulerfolg-test-broken/no-such-district"]["district"] == "15002"
    assert by_name["schulerfolg-test-duplicate/dessau-rosslau"]["status"] == "conflict"
    districts = {item["district"]: item for item in document["districts"]}
    assert list(districts) == [d.key for d in schulerfolg.districts()]
    assert districts["15002"]["decidable"] is False
    assert districts["15002"]["rules"] == "plugin_failed"
    assert "ImportError" in districts["15002"]["error"]
    assert districts["15001"]["rules"] == "conflict"
    assert districts["15091"] == {
        "district": "15091",
        "decidable": True,
        "rules": "plugin",
        "plugin": "schulerfolg/wittenberg",
        "version": LIBRARY_VERSION,
        "error": None,
    }
    assert districts["15083"] == {
        "district": "15083",
        "decidable": True,
        "rules": "state_wide",
        "plugin": None,
        "version": None,
        "error": None,
    }


def test_plugins_with_a_selection_marks_the_other_not_selected(installed: None) -> None:
    result = run("plugins", "--format", "json", "--select-plugin", "15001=schulerfolg")
    assert result.code == 0, result.err
    statuses = {item["name"]: item["status"] for item in json.loads(result.out)["plugins"]}
    assert statuses["schulerfolg/dessau-rosslau"] == "active"
    assert statuses["schulerfolg-test-duplicate/dessau-rosslau"] == "not_selected"


def test_plugins_strict_exits_3(installed: None) -> None:
    result = run(
        "plugins", "--lang", "en", "--strict-plugins", "--select-plugin", "15001=schulerfolg"
    )
    assert result.code == 3
    assert "strict plugin mode" in result.err
    assert "schulerfolg-test-broken" in result.err
    assert result.out == ""
    german = run("plugins", "--strict-plugins", "--select-plugin", "15001=schulerfolg")
    assert german.code == 3
    assert german.err.startswith("schulerfolg: strenger Plugin-Modus: Plugin schulerfolg-test-")


def test_a_malformed_selection_is_a_usage_error() -> None:
    result = run("plugins", "--lang", "en", "--select-plugin", "15001")
    assert result.code == 2
    assert "--select-plugin" in result.err
    assert "DISTRICT=DISTRIBUTION" in result.err
    german = run("plugins", "--select-plugin", "15001")
    assert german.code == 2
    assert "schreiben Sie GEBIETSKÖRPERSCHAFT=DISTRIBUTION" in german.err


# --------------------------------------------------------------------------------------------
# schulerfolg rules


def test_rules_salzlandkreis_json() -> None:
    result = run("rules", "--district", "Salzlandkreis", "--on", "2026-01-20", "--format", "json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert (data["district"], data["plugin"], data["plugin_version"], data["on"]) == (
        "15089",
        "schulerfolg/salzlandkreis",
        LIBRARY_VERSION,
        "2026-01-20",
    )
    names = [change["name"] for change in data["parameters"]]
    assert names == [
        "educational_offer.additional_documents",
        "educational_offer.cap",
        "procedure.voting_body",
    ]
    cap = data["parameters"][1]
    assert cap["district_values"] == [
        {
            "value": {"amount": "3000.00", "scope": "per_school", "basis": "calendar_year"},
            "valid_from": "2026-01-20",
            "valid_until": None,
            "provisional": True,
            "source": {
                "reference": "https://www.salzlandkreis.de/themenbereiche/kinder-jugend-familie/"
                "jugendprojekte/netzwerkstelle-schulerfolg-im-salzlandkreis",
                "title": "Netzwerkstelle „Schulerfolg im Salzlandkreis“",
            },
            "note": "„empfohlene Förderobergrenze“ raised to 3,000 EUR per school and calendar "
            "year. The Landesverwaltungsamt informed the network office on 07.01.2026 that the "
            "cap can be 3,000 EUR; the district published the raised cap on 20.01.2026. No day "
            "from which it holds is stated: the day of publication, 20.01.2026, is taken.",
        }
    ]
    assert [v["value"]["amount"] for v in cap["base_values"]] == ["2000.00"]
    assert data["rules"] == []


def test_rules_for_dessau_needs_a_selection(installed: None) -> None:
    conflict = run("rules", "--district", "dessau-rosslau")
    assert conflict.code == 3
    assert "schulerfolg-test-duplicate" in conflict.err
    chosen = run("rules", "--district", "dessau-rosslau", "--select-plugin", "15001=schulerfolg")
    assert chosen.code == 0, chosen.err
    assert "Plugin schulerfolg/dessau-rosslau" in chosen.out


# --------------------------------------------------------------------------------------------
# schulerfolg check


def test_check_dessau_is_a_conflict_naming_both_distributions(
    installed: None, tmp_path: Path
) -> None:
    result = run("check", write_application(tmp_path, DESSAU_APPLICATION))
    assert result.code == 3
    assert result.out == ""
    assert f"schulerfolg {LIBRARY_VERSION} (schulerfolg/dessau-rosslau)" in result.err
    assert (
        "schulerfolg-test-duplicate 0.0.1 (schulerfolg-test-duplicate/dessau-rosslau)" in result.err
    )
    assert "--select-plugin" in result.err


@pytest.mark.parametrize(
    ("selection", "code"),
    [
        # The built-in PLUS+ rules: youth-welfare sponsors apply → eligible.
        ("15001=schulerfolg", 0),
        # The duplicate only changes the cap: state-wide, only schools apply → ineligible.
        ("dessau-rosslau=schulerfolg-test-duplicate", 1),
    ],
)
def test_check_dessau_with_a_selection(
    installed: None, tmp_path: Path, selection: str, code: int
) -> None:
    result = run(
        "check",
        write_application(tmp_path, DESSAU_APPLICATION),
        "--select-plugin",
        selection,
        "--lang",
        "en",
    )
    assert result.code == code, result.err
    assert only_plugin_warnings(result.err)
    assert ("applicant.kind_not_eligible" in result.out) is (code == 1)


BOERDE_CASES = [
    pytest.param(in_district(EXAMPLE, BOERDE), 0, id="eligible"),
    pytest.param(in_district(EXAMPLE, BOERDE, consultation_date=None), 1, id="not-consulted"),
]


@pytest.mark.parametrize(("application", "state_code"), BOERDE_CASES)
def test_a_broken_plugin_never_stops_check_for_another_district(
    installed: None, tmp_path: Path, application: Application, state_code: int
) -> None:
    registry = PluginRegistry.discover(strict=False, select={})
    assert any(r.distribution == "schulerfolg-test-broken" for r in registry.reports)
    # The exit code the application implies under Börde's rules as installed (the state-wide
    # rules unless some other distribution ships a Börde plugin).
    decision = evaluate(application, rulebook=registry.rulebook(BOERDE))
    expected = 0 if decision.eligible else 1
    if registry.report_for(BOERDE) is None:
        assert expected == state_code
    result = run("check", write_application(tmp_path, application), "--format", "json")
    assert result.code == expected, result.err
    assert only_plugin_warnings(result.err)
    assert json.loads(result.out)["outcome"] == decision.outcome.value


def test_check_strict_plugins_exits_3_naming_the_broken_distribution(
    installed: None, tmp_path: Path
) -> None:
    path = write_application(tmp_path, in_district(EXAMPLE, BOERDE))
    result = run("check", path, "--strict-plugins", "--select-plugin", "15001=schulerfolg")
    assert result.code == 3
    assert result.out == ""
    assert "schulerfolg-test-broken" in result.err
    assert "claim" not in result.err


def test_check_strict_env_var_exits_3_naming_the_broken_distribution(
    installed: None, tmp_path: Path
) -> None:
    path = write_application(tmp_path, in_district(EXAMPLE, BOERDE))
    result = run_process(
        "check", "--lang", "en", path, env={STRICT_ENV: "1", SELECT_ENV: "15001=schulerfolg"}
    )
    assert result.code == 3, result.err
    assert result.out == ""
    assert "strict plugin mode" in result.err
    assert "schulerfolg-test-broken" in result.err
    relaxed = run_process("check", path, env={STRICT_ENV: "0"})
    assert relaxed.code in (0, 1), relaxed.err


def test_check_dessau_selection_by_env_var(installed: None, tmp_path: Path) -> None:
    path = write_application(tmp_path, DESSAU_APPLICATION)
    assert run_process("check", path, env={}).code == 3
    chosen = run_process("check", path, "--format", "json", env={SELECT_ENV: "15001=schulerfolg"})
    assert chosen.code == 0, chosen.err
    decision = json.loads(chosen.out)
    layers = {use["name"]: use["layer"] for use in decision["parameters"]}
    assert layers["educational_offer.cap"] == "schulerfolg/dessau-rosslau"


def test_check_with_plugins_disabled_by_env_var(installed: None, tmp_path: Path) -> None:
    path = write_application(tmp_path, DESSAU_APPLICATION)
    result = run_process("check", path, "--lang", "en", env={NO_PLUGINS_ENV: "1"})
    assert result.code == 1, result.err  # state-wide: only schools apply
    assert "applicant.kind_not_eligible" in result.out
    listing = run_process("plugins", env={NO_PLUGINS_ENV: "1"})
    assert listing.code == 0, listing.err
    assert listing.out.startswith("keine Plugins geladen\n\nGebietskörperschaften:\n")
    assert listing.out.count(": entschieden nach den landesweiten Regeln\n") == 14
