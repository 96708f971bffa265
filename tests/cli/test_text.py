"""The command line's text for people (:mod:`schulerfolg._cli.text`): a decision in German and
English, and what a district's plugin changes (``schulerfolg rules``).

The text is produced through the real command line (``main`` in-process).  Decisions on Börde
(15083) documents are taken under the state-wide rules only (``SCHULERFOLG_NO_PLUGINS=1``); the
plugin texts use the installed plugins with a clean plugin environment.
"""

from __future__ import annotations

from datetime import date
from importlib.metadata import version
from pathlib import Path

import pytest

import schulerfolg
from helpers import (
    assert_no_traceback,
    boerde_text,
    in_district,
    only_plugin_warnings,
    over_the_cap,
    run,
    write_application,
)
from schulerfolg._cli.exits import EXIT_ELIGIBLE, EXIT_INELIGIBLE

LIBRARY_VERSION = version("schulerfolg")
EXAMPLE = schulerfolg.example_application()

pytestmark = pytest.mark.usefixtures("plugin_env")


# --------------------------------------------------------------------------------------------
# A decision (check), under the state-wide rules


@pytest.mark.usefixtures("state_rules_only")
def test_eligible_in_boerde() -> None:
    result = run("check", "-", stdin=boerde_text())
    assert result.code == EXIT_ELIGIBLE
    assert "Ergebnis: förderfähig" in result.out
    assert "Börde (15083)" in result.out
    assert "(keine)" in result.out


@pytest.mark.usefixtures("state_rules_only")
def test_ineligible_over_the_cap() -> None:
    result = run("check", "-", stdin=over_the_cap())
    assert result.code == EXIT_INELIGIBLE
    assert "cap.exceeded" in result.out
    assert "Ergebnis: nicht förderfähig" in result.out
    assert "2.100,00\xa0€" in result.out
    assert "2.000,00\xa0€" in result.out
    assert only_plugin_warnings(result.err)


@pytest.mark.usefixtures("state_rules_only")
def test_english_and_german_text(capsys: pytest.CaptureFixture[str]) -> None:
    german = run("check", "-", stdin=over_the_cap())
    english = run("check", "--lang", "en", "-", stdin=over_the_cap())
    assert german.code == english.code == EXIT_INELIGIBLE
    assert "Ergebnis:" in german.out
    assert "Outcome:" not in german.out
    assert "Outcome: ineligible" in english.out
    assert "Ergebnis:" not in english.out
    assert "Findings:" in english.out
    assert "€2,100.00" in english.out
    assert "[error] cap.exceeded" in english.out
    assert "[Fehler] cap.exceeded" in german.out
    assert "Evaluated for: 30 Jun 2025" in english.out
    assert "Geprüft zum: 30.06.2025" in german.out
    assert_no_traceback(german, capsys)


@pytest.mark.usefixtures("state_rules_only")
def test_on_appears_in_the_text_output() -> None:
    result = run("check", "--on", "2025-07-01", "-", stdin=boerde_text())
    assert "Geprüft zum: 01.07.2025" in result.out


# --------------------------------------------------------------------------------------------
# A decision under a district plugin


def test_check_text_names_the_plugin_layer(installed: None, tmp_path: Path) -> None:
    application = in_district(EXAMPLE, "15089", submission_date=date(2025, 6, 30))
    result = run("check", write_application(tmp_path, application), "--lang", "en")
    assert result.code == 0, result.err
    name = "Salzlandkreis: Steuergruppe „bildungsbezogene Angebote“"
    assert f"({name} {LIBRARY_VERSION}, from 25 Apr 2023, provisional; " in result.out
    assert "  Cap: €2,000.00 per school per calendar year\n      (" in result.out
    assert "(state-wide, from 1 Aug 2018" in result.out


def test_the_trace_speaks_german_by_default(installed: None, tmp_path: Path) -> None:
    application = in_district(EXAMPLE, "15089", submission_date=date(2025, 6, 30))
    out = run("check", write_application(tmp_path, application)).out
    trace = out[out.index("Verwendete Parameter:") :]
    assert "  Förderobergrenze: 2.000,00\xa0€ je Schule und Kalenderjahr\n" in trace
    assert "  Antragsfrist: spätestens am Tag des Beginns des Angebots\n" in trace
    assert "(landesweit, ab 01.08.2018" in trace
    assert "educational_offer." not in trace  # labels, not keys
    assert "{" not in trace  # no JSON


# --------------------------------------------------------------------------------------------
# What a district's plugin changes (rules)

SALZLAND_SOURCE = (
    "Netzwerkstelle „Schulerfolg im Salzlandkreis“ https://www.salzlandkreis.de/themenbereiche/"
    "kinder-jugend-familie/jugendprojekte/netzwerkstelle-schulerfolg-im-salzlandkreis"
)


def test_rules_salzlandkreis_text() -> None:
    result = run("rules", "--district", "salzlandkreis", "--lang", "en")
    assert result.code == 0, result.err
    out = result.out
    assert out.startswith(
        f"Salzlandkreis (15089): plugin schulerfolg/salzlandkreis {LIBRARY_VERSION}\n"
    )
    assert "\nParameter Cap (educational_offer.cap)\n" in out
    assert (
        "  district, from 1 Aug 2022 (provisional): €2,000.00 per school per calendar year\n" in out
    )
    assert (
        "  district, from 20 Jan 2026 (provisional): €3,000.00 per school per calendar year\n"
        in out
    )
    assert (
        '      as written: {"amount": "3000.00", "scope": "per_school", '
        '"basis": "calendar_year"}\n' in out
    )
    assert "  state-wide, from 1 Aug 2018 (provisional): " in out
    assert f"      source: {SALZLAND_SOURCE}\n" in out
    assert "\nParameter Additional documents (educational_offer.additional_documents)\n" in out
    assert "  district, from 25 Apr 2023 (provisional): none\n" in out
    assert "\nParameter Deciding body (procedure.voting_body)\n" in out
    assert "  state-wide: (no value)\n" in out
    assert "\nRule " not in out  # the Salzlandkreis plugin changes no rule


def test_rules_text_speaks_german_by_default() -> None:
    out = run("rules", "--district", "salzlandkreis").out
    assert out.startswith(
        f"Salzlandkreis (15089): Plugin schulerfolg/salzlandkreis {LIBRARY_VERSION}\n"
    )
    assert "\nParameter Förderobergrenze (educational_offer.cap)\n" in out
    assert (
        "  Gebietskörperschaft, ab 20.01.2026 (vorläufig): "
        "3.000,00\xa0€ je Schule und Kalenderjahr\n" in out
    )
    assert "  landesweit, ab 01.08.2018 (vorläufig): " in out
    assert f"      Quelle: {SALZLAND_SOURCE}\n" in out
    assert "  landesweit: (kein Wert)\n" in out


@pytest.mark.parametrize(
    ("on", "day", "amount"),
    [
        ("2026-01-06", "6 Jan 2026", "2000.00"),
        ("2026-01-19", "19 Jan 2026", "2000.00"),
        ("2026-01-20", "20 Jan 2026", "3000.00"),
    ],
)
def test_rules_salzlandkreis_on_a_day(on: str, day: str, amount: str) -> None:
    result = run("rules", "--district", "15089", "--on", on, "--lang", "en")
    assert result.code == 0, result.err
    assert f"plugin schulerfolg/salzlandkreis {LIBRARY_VERSION}, in force on {day}\n" in result.out
    cap = result.out.split("\nParameter Cap (educational_offer.cap)\n")[1].split("\nParameter ")[0]
    district_lines = [line for line in cap.splitlines() if line.startswith("  district")]
    assert len(district_lines) == 1
    written = [line for line in cap.splitlines() if "as written" in line]
    assert f'"amount": "{amount}"' in written[0]


def test_rules_for_a_district_without_plugin() -> None:
    result = run("rules", "--district", "Jerichower Land", "--lang", "en")
    assert result.code == 0, result.err
    assert result.out == "Jerichower Land (15086): no district plugin; the state-wide rules apply\n"
