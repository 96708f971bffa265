"""The rules reference in docs/rules.md is generated from the code and must be up to date."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from schulerfolg import PARAMETER_SPECS, STATE_RULES, state_rulebook
from schulerfolg._docgen import REGENERATE, main, raised_severities, render_rules_reference
from schulerfolg._messages import CORE_MESSAGES

RULES_MD = Path(__file__).resolve().parent.parent / "docs" / "rules.md"


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
    for code in CORE_MESSAGES:
        assert f"| `{code}` |" in reference, code


def test_every_parameter_appears(reference: str) -> None:
    for name in PARAMETER_SPECS:
        assert f"### `{name}`" in reference, name


def test_every_finding_code_has_a_known_severity() -> None:
    severities = raised_severities(STATE_RULES)
    declared = {code for rule in STATE_RULES for code in rule.codes}
    assert set(CORE_MESSAGES) <= declared
    for code in declared:
        assert severities.get(code), f"no Finding.make({code!r}, …) found in the rules' source"
        assert set(severities[code]) <= {"error", "warning", "info"}, code
    assert severities["deadline.moved"] == ("info",)
    assert severities["submission.not_submitted"] == ("info",)
    assert severities["cap.exceeded"] == ("error",)


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
