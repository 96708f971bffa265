"""The finding codes of the state-wide rules: public API, each declared once beside the rule
that raises it, with its severity and the kinds of its message's parameters."""

from __future__ import annotations

from rule_helpers import INFO_CODES
from schulerfolg import Severity
from schulerfolg._rules.findings import placeholders
from schulerfolg._rules.state import codes as state_codes
from schulerfolg.plugins import STATE_CODES, STATE_RULES, FindingCode

#: The codes are public API: stable, documented in docs/rules.md.
CODES = {
    "applicant.kind_not_eligible",
    "cap.call_unknown",
    "cap.exceeded",
    "cap.exceeded_with_earlier_awards",
    "cap.period_unknown",
    "consultation.missing",
    "consultation.too_late",
    "deadline.moved",
    "document.missing",
    "partner.missing",
    "period.outside_funding_cycle",
    "submission.late",
    "submission.no_open_call",
    "submission.not_submitted",
    "target_group.not_eligible",
}


def _declared() -> list[FindingCode]:
    return [value for value in vars(state_codes).values() if isinstance(value, FindingCode)]


def test_the_codes_are_stable() -> None:
    assert set(STATE_CODES) == CODES
    assert {record.code for record in _declared()} == CODES


def test_every_code_is_declared_once_and_raised_by_one_rule() -> None:
    declared = _declared()
    assert len(declared) == len({record.code for record in declared})
    raised_by = {
        record.code: [r.id for r in STATE_RULES if record in r.codes] for record in declared
    }
    assert all(len(rules) == 1 for rules in raised_by.values()), raised_by
    for rule in STATE_RULES:
        for record in rule.codes:
            assert STATE_CODES[record.code] is record


def test_placeholders_are_the_declared_arguments() -> None:
    for record in _declared():
        assert placeholders(record.template) == set(record.args), record.code
        assert record.template.strip(), record.code


def test_only_the_informational_codes_are_not_errors() -> None:
    not_errors = {record.code for record in _declared() if record.severity is not Severity.ERROR}
    assert not_errors == INFO_CODES
    assert all(STATE_CODES[code].severity is Severity.INFO for code in INFO_CODES)
