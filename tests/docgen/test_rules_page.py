"""The rules reference in docs/rules.md is generated from the code
(:mod:`schulerfolg._docgen.rules_page`) and must be up to date."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from schulerfolg import Severity, state_rulebook
from schulerfolg._docgen.__main__ import main
from schulerfolg._docgen.rules_page import REGENERATE, render_rules_reference
from schulerfolg.plugins import PARAMETER_SPECS, STATE_CODES, STATE_RULES

RULES_MD = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


@pytest.fixture(scope="module")
def reference() -> str:
    return render_rules_reference(state_rulebook())


def test_docs_rules_md_is_up_to_date(reference: str) -> None:
    assert RULES_MD.exists(), f"docs/rules.md is missing; generate it with: {REGENERATE}"
    on_disk = RULES_MD.read_text(encoding="utf-8")
    assert on_disk == reference, (
        f"docs/rules.md is out of date with the rules in the code; regenerate it with: {REGENERATE}"
    )


def test_default_rulebook_is_the_state_rulebook(reference: str) -> None:
    assert render_rules_reference() == reference


def test_output_is_deterministic(reference: str) -> None:
    assert render_rules_reference(state_rulebook()) == reference


def test_every_rule_id_appears(reference: str) -> None:
    for rule in STATE_RULES:
        assert f"`{rule.id}`" in reference, rule.id


def test_every_finding_code_appears(reference: str) -> None:
    for code in STATE_CODES:
        assert f"| `{code}` |" in reference, code


def test_every_parameter_appears(reference: str) -> None:
    for name in PARAMETER_SPECS:
        assert f"### `{name}`" in reference, name


def test_every_finding_code_has_a_known_severity(reference: str) -> None:
    # Severities come from the FindingCode records declared beside the rules (no longer from
    # reading the rules' source): one record per code, with its severity and message.
    book = state_rulebook()
    declared = {record.code for rule in STATE_RULES for record in rule.codes}
    assert set(book.codes) == declared == set(STATE_CODES)
    for code in declared:
        records = {record for rule in STATE_RULES for record in rule.codes if record.code == code}
        assert records == {book.codes[code]}, f"{code} is declared differently by two rules"
        record = book.codes[code]
        assert isinstance(record.severity, Severity), code
        assert record.severity.value in {"error", "warning", "info"}, code
        assert record.template, code
        assert f"| `{code}` | {record.severity.value} |" in reference, code
    assert book.codes["deadline.moved"].severity is Severity.INFO
    assert book.codes["submission.not_submitted"].severity is Severity.INFO
    assert book.codes["cap.exceeded"].severity is Severity.ERROR


def test_main_prints_the_reference(reference: str, monkeypatch: pytest.MonkeyPatch) -> None:
    buffer = io.BytesIO()
    stdout = io.TextIOWrapper(buffer, encoding="ascii")  # the output is UTF-8 regardless
    monkeypatch.setattr(sys, "stdout", stdout)
    assert main([]) == 0
    stdout.flush()
    assert buffer.getvalue().decode("utf-8") == reference


def test_main_refuses_options(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 2
    assert "usage:" in capsys.readouterr().err
