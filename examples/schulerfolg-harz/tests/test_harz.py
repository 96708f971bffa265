"""The example Harz plugin through its real, installed entry point (nothing is mocked).

Install first, from the schulerfolg repository root:  pip install -e examples/schulerfolg-harz
(or all test plugins at once:  pip install -r tests/plugin-dists.txt).

The values tested here are ILLUSTRATIVE: they are not published rules of Landkreis Harz.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from datetime import date
from importlib.metadata import PackageNotFoundError, version

import attrs
import pytest
from schulerfolg_harz import plugin

import schulerfolg
from schulerfolg import (
    Application,
    CostPlanLine,
    DateRange,
    Decision,
    Money,
    Rulebook,
    Severity,
    evaluate,
    state_rulebook,
)
from schulerfolg.plugins import (
    ENTRY_POINT_GROUP,
    PluginRegistry,
    PluginStatus,
    district_diff,
    find_plugins,
)
from schulerfolg.testing import PluginConformance

HARZ = "15085"
DISTRIBUTION = "schulerfolg-harz"
LAYER = "schulerfolg-harz/harz"
INSTALL_HINT = (
    "the example plugin distribution is not installed; run from the repository root: "
    "pip install -e examples/schulerfolg-harz   (or: pip install -r tests/plugin-dists.txt)"
)


@pytest.fixture(scope="module", autouse=True)
def installed() -> None:
    """Every test here needs the installed distribution: FAIL (never skip) without it."""
    try:
        version(DISTRIBUTION)
    except PackageNotFoundError:
        pytest.fail(INSTALL_HINT)


@pytest.fixture(scope="module")
def registry() -> PluginRegistry:
    """The installed plugins, independent of SCHULERFOLG_* settings in the environment."""
    return PluginRegistry.discover(strict=False, select={}, enabled=True)


@pytest.fixture(scope="module")
def harz(registry: PluginRegistry) -> Rulebook:
    return registry.rulebook(HARZ)


def harz_application(
    *,
    start: date = date(2026, 9, 1),
    end: date = date(2026, 12, 18),
    amounts: Sequence[str] = ("1000.00", "400.00"),
    submitted: date = date(2026, 3, 20),
    documents: Sequence[str] = (
        "application_form",
        "cost_plan",
        "concept",
        "cooperation_agreement",
        "harz_session_plan",
    ),
) -> Application:
    """The bundled example application, moved to Harz and to 2026 (1,400 EUR by default)."""
    example = schulerfolg.example_application()
    district = schulerfolg.district(HARZ)
    lines = tuple(
        CostPlanLine(description=f"Posten {index + 1}", amount=Money(amount), calendar_year=2026)
        for index, amount in enumerate(amounts)
    )
    return attrs.evolve(
        example,
        id="HZ-2026-001",
        district=district,
        schools=tuple(attrs.evolve(school, district=district) for school in example.schools),
        period=DateRange(start=start, end=end),
        cost_plan=lines,
        requested_amount=schulerfolg.money_sum(line.amount for line in lines),
        consultation_date=date(2026, 3, 10),
        submission_date=submitted,
        documents=tuple(documents),
    )


def errors(decision: Decision) -> list[str]:
    return [finding.code for finding in decision.errors()]


# --------------------------------------------------------------------------------------------
# Discovery


def test_the_entry_point_is_discovered_and_active(registry: PluginRegistry) -> None:
    found = [item for item in find_plugins() if item.distribution == DISTRIBUTION]
    assert [(f.entry_point, f.value, f.version) for f in found] == [
        ("harz", "schulerfolg_harz:plugin", "1.0.0")
    ], f"entry point group {ENTRY_POINT_GROUP}"
    report = registry.report_for(HARZ)
    assert report is not None
    assert (report.name, report.version, report.api_version, report.status) == (
        LAYER,
        "1.0.0",
        1,
        PluginStatus.ACTIVE,
    )
    assert report.error is None
    assert "not published" in (report.title or "")


def test_every_value_is_provisional_and_says_it_is_an_example(harz: Rulebook) -> None:
    assert harz.overlay is not None
    for parameter in harz.overlay.plugin.parameters:
        for value in parameter.values:
            assert value.provisional, parameter.name
            assert value.source.title is not None
            assert "Illustrative example" in value.source.title
            assert "NOT a published rule of Landkreis Harz" in value.source.title
    for rule in harz.overlay.plugin.added_rules:
        assert "Illustrative example" in (rule.source.title or "")


# --------------------------------------------------------------------------------------------
# Decisions: each declared change changes the outcome against the state-wide rules


def test_a_plain_application_is_eligible_under_both(harz: Rulebook) -> None:
    application = harz_application()
    assert evaluate(application, rulebook=harz).eligible
    assert evaluate(application, rulebook=state_rulebook()).eligible


def test_its_cap_of_1500_per_offer_and_calendar_year(harz: Rulebook) -> None:
    application = harz_application(amounts=("1200.00", "600.00"))  # 1,800 EUR in 2026
    decision = evaluate(application, rulebook=harz)
    assert errors(decision) == ["cap.exceeded"]
    finding = decision.errors()[0]
    assert (finding.params["cap"], finding.params["scope"]) == ("1500.00", "per_offer")
    cap = next(use for use in decision.parameters if use.name == "educational_offer.cap")
    assert (cap.layer, cap.layer_version, cap.value.valid_from, cap.value.provisional) == (
        LAYER,
        "1.0.0",
        date(2026, 1, 1),
        True,
    )
    # The state-wide cap (2,000 EUR per school) lets it pass.
    assert evaluate(application, rulebook=state_rulebook()).eligible


@pytest.mark.parametrize(
    ("submitted", "start", "on_time"),
    [
        pytest.param(date(2026, 3, 31), date(2026, 9, 1), True, id="on-the-31-march-closing-date"),
        pytest.param(date(2026, 4, 1), date(2026, 9, 1), False, id="1-april-no-round-before-start"),
        pytest.param(date(2026, 4, 1), date(2026, 10, 5), True, id="30-september-round"),
    ],
)
def test_its_closing_dates_31_march_and_30_september(
    harz: Rulebook, submitted: date, start: date, on_time: bool
) -> None:
    application = harz_application(submitted=submitted, start=start)
    decision = evaluate(application, rulebook=harz)
    assert ("submission.no_open_call" not in decision.codes()) is on_time
    assert decision.eligible is on_time
    # State-wide, submitting any day up to the offer's start is on time.
    assert evaluate(application, rulebook=state_rulebook()).eligible


def test_its_additional_document_with_its_german_label(harz: Rulebook) -> None:
    application = harz_application(
        documents=("application_form", "cost_plan", "concept", "cooperation_agreement")
    )
    decision = evaluate(application, rulebook=harz)
    assert errors(decision) == ["document.missing"]
    finding = decision.errors()[0]
    assert finding.params == {"document": "harz_session_plan"}
    assert harz.message(finding, "de") == "Das Dokument „Ablaufplan des Angebots“ fehlt."
    assert "session plan of the offer" in harz.message(finding, "en")
    assert evaluate(application, rulebook=state_rulebook()).eligible


def test_its_added_rule_warns_about_offers_longer_than_six_months(harz: Rulebook) -> None:
    six_months = harz_application(start=date(2026, 9, 1), end=date(2027, 2, 28))
    assert "harz.offer_too_long" not in evaluate(six_months, rulebook=harz).codes()

    longer = harz_application(start=date(2026, 9, 1), end=date(2027, 3, 1))
    decision = evaluate(longer, rulebook=harz)
    assert decision.codes() == ("harz.offer_too_long",)
    finding = decision.findings[0]
    assert (finding.severity, finding.rule) == (Severity.WARNING, "harz.offer_duration")
    assert finding.params == {"start": "2026-09-01", "end": "2027-03-01", "months": "6"}
    assert decision.eligible  # a warning, not an error
    use = next(use for use in decision.rules if use.id == "harz.offer_duration")
    assert (use.layer, use.layer_version) == (LAYER, "1.0.0")
    assert "harz.offer_too_long" not in evaluate(longer, rulebook=state_rulebook()).codes()


def test_its_german_message_renders_from_its_own_catalog(harz: Rulebook) -> None:
    longer = harz_application(start=date(2026, 9, 1), end=date(2027, 3, 1))
    finding = evaluate(longer, rulebook=harz).findings[0]
    assert harz.message(finding, "de") == (
        "Das Angebot läuft vom 01.09.2026 bis zum 01.03.2027, länger als 6 Monate "
        "(eine Beispielregel zur Veranschaulichung, keine veröffentlichte Regel des "
        "Landkreises Harz)."
    )
    english = harz.message(finding, "en")
    assert english.startswith("The offer runs from ")
    assert "longer than 6 months" in english


def test_before_2026_the_state_wide_rules_apply_unchanged(harz: Rulebook) -> None:
    example = harz_application()
    application = attrs.evolve(
        example,
        period=DateRange(start=date(2025, 9, 1), end=date(2026, 6, 30)),  # ten months
        cost_plan=(
            CostPlanLine(description="Honorar", amount=Money("1800.00"), calendar_year=2025),
        ),
        requested_amount=Money("1800.00"),
        consultation_date=date(2025, 4, 10),
        submission_date=date(2025, 4, 20),
        documents=("application_form",),
    )
    decision = evaluate(application, rulebook=harz)
    assert decision.eligible
    assert decision.codes() == ()
    assert {use.layer for use in decision.parameters} == {"state"}


# --------------------------------------------------------------------------------------------
# What the plugin changes, as the library and the CLI show it


def test_district_diff_lists_its_changes(registry: PluginRegistry) -> None:
    diff = district_diff(HARZ, registry=registry)
    assert (diff.plugin, diff.plugin_version) == (LAYER, "1.0.0")
    assert [change.name for change in diff.parameters] == [
        "educational_offer.additional_documents",
        "educational_offer.cap",
        "educational_offer.submission_deadline",
        "harz.max_offer_months",
    ]
    assert [(rule.id, rule.change.value) for rule in diff.rules] == [
        ("harz.offer_duration", "added")
    ]
    assert all(
        value.valid_from == date(2026, 1, 1) and value.provisional
        for change in diff.parameters
        for value in change.district_values
    )
    assert district_diff(HARZ, on=date(2025, 12, 31), registry=registry).parameters == ()


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    """The CLI in a subprocess, without SCHULERFOLG_* settings leaking in."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCHULERFOLG_")}
    return subprocess.run(
        [sys.executable, "-m", "schulerfolg", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=False,
        timeout=60,
    )


def test_cli_rules_shows_the_changes() -> None:
    result = _cli("rules", "--district", "harz", "--lang", "en")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("Harz (15085): plugin schulerfolg-harz/harz 1.0.0\n")
    for label in (
        "Cap (educational_offer.cap)",
        "Submission deadline (educational_offer.submission_deadline)",
        "Additional documents (educational_offer.additional_documents)",
        "Longest offer without a warning (months) (harz.max_offer_months)",
    ):
        assert f"\nParameter {label}\n" in out
    assert '"amount": "1500.00", "scope": "per_offer"' in out
    assert "BYMONTH=3,9;BYMONTHDAY=-1;UNTIL=20280731" in out
    assert "recurring: 31 Mar 2026, 30 Sept 2026, 31 Mar 2027, 30 Sept 2027, 31 Mar 2028" in out
    assert "district, from 1 Jan 2026 (provisional)" in out
    assert "NOT a published rule of Landkreis Harz" in out
    assert "\nRule harz.offer_duration: added\n" in out


def test_cli_rules_speaks_german_by_default() -> None:
    out = _cli("rules", "--district", "harz").stdout
    assert "\nParameter Längstes Angebot ohne Warnung (Monate) (harz.max_offer_months)\n" in out
    assert "\nRegel harz.offer_duration: hinzugefügt\n" in out


def test_cli_rules_json_on_a_day() -> None:
    result = _cli("rules", "--district", "15085", "--on", "2026-06-01", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["plugin"], data["plugin_version"], data["on"]) == (LAYER, "1.0.0", "2026-06-01")
    cap = next(change for change in data["parameters"] if change["name"] == "educational_offer.cap")
    assert cap["district_values"][0]["value"]["amount"] == "1500.00"
    assert cap["base_values"][0]["value"]["amount"] == "2000.00"
    assert [rule["id"] for rule in data["rules"]] == ["harz.offer_duration"]


class TestHarzKeepsTheLibrarysPromises(PluginConformance):
    """The conformance suite of the testing kit: the plugin's codes, messages, values and
    decisions keep the library's promises."""

    plugin = plugin
    on = date(2026, 3, 1)  # the example's values hold from 01.01.2026
