"""Findings and finding codes: a code is declared once, with its severity, message template and
the kinds of the message's parameters, and its findings carry canonical text parameters."""

from __future__ import annotations

from datetime import date

import attrs
import pytest

from schulerfolg import Finding, Money, Severity
from schulerfolg._rules.findings import canonical, placeholders
from schulerfolg.plugins import ArgKind, FindingCode, Module, TargetGroup

LATE = FindingCode(
    code="test.late",
    severity=Severity.WARNING,
    template="Submitted on {submitted}, {amount} requested.",
    args={"submitted": ArgKind.DATE, "amount": ArgKind.MONEY},
)


def test_a_code_builds_findings_with_its_declared_severity() -> None:
    finding = LATE.finding(submitted=date(2025, 7, 1), amount=Money("2500"))
    assert finding == Finding(
        code="test.late",
        severity=Severity.WARNING,
        params={"submitted": "2025-07-01", "amount": "2500.00"},
    )
    assert finding.rule == ""  # the engine fills in the rule that raised it


def test_a_code_without_placeholders_needs_no_arguments() -> None:
    record = FindingCode(code="test.plain", severity="info", template="Nothing to fill in.")
    assert record.severity is Severity.INFO
    assert dict(record.args) == {}
    assert record.finding().params == {}


@pytest.mark.parametrize(
    ("template", "args"),
    [
        pytest.param("Submitted on {submitted}.", {}, id="placeholder-not-declared"),
        pytest.param("Submitted.", {"submitted": ArgKind.DATE}, id="argument-not-used"),
        pytest.param(
            "Submitted on {submitted}.", {"on": ArgKind.DATE}, id="placeholder-and-argument-differ"
        ),
    ],
)
def test_placeholders_must_be_the_declared_arguments(
    template: str, args: dict[str, ArgKind]
) -> None:
    with pytest.raises(ValueError, match="differ from the declared arguments") as caught:
        FindingCode(code="test.bad", severity=Severity.ERROR, template=template, args=args)
    assert "'test.bad'" in str(caught.value)


@pytest.mark.parametrize("template", ["Positional {0}.", "Attribute {a.b}.", "Item {a[0]}."])
def test_placeholders_must_be_plain_names(template: str) -> None:
    with pytest.raises(ValueError, match="plain names"):
        FindingCode(code="test.bad", severity=Severity.ERROR, template=template, args={})


def test_a_code_is_immutable_and_its_arguments_read_only() -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        LATE.severity = Severity.ERROR  # type: ignore[misc]
    with pytest.raises(TypeError):
        LATE.args["extra"] = ArgKind.TEXT  # type: ignore[index]


def test_placeholders() -> None:
    assert placeholders("{subject}, {period}: {amount} requested") == {
        "subject",
        "period",
        "amount",
    }
    assert placeholders("no placeholders, {{escaped}} braces") == set()


@pytest.mark.parametrize(
    ("value", "text"),
    [
        pytest.param(Money("2000"), "2000.00", id="money"),
        pytest.param(date(2025, 6, 30), "2025-06-30", id="date"),
        pytest.param(Module.NETWORK_OFFICE, "network_office", id="enum"),
        pytest.param(3, "3", id="int"),
        pytest.param("text", "text", id="text"),
        pytest.param([TargetGroup.PUPILS, TargetGroup.TEACHERS], "pupils,teachers", id="list"),
    ],
)
def test_parameters_are_written_canonically(value: object, text: str) -> None:
    assert canonical(value) == text
    assert Finding.make("test.any", Severity.INFO, value=value).params == {"value": text}


@pytest.mark.parametrize("value", [2.5, True, None, {"a": 1}])
def test_other_parameters_are_refused(value: object) -> None:
    with pytest.raises(TypeError, match="cannot put"):
        canonical(value)


def test_finding_make_defaults_to_an_error() -> None:
    assert Finding.make("test.any").severity is Severity.ERROR


def test_canonical_does_not_depend_on_what_it_saw_before() -> None:
    # Tuples of text are cached; (1,) == (True,) must not share an entry.
    from schulerfolg._rules.findings import canonical

    assert canonical((1,)) == "1"
    with pytest.raises(TypeError):
        canonical((True,))
    assert canonical(("a", "b")) == "a,b"


def test_a_rule_with_codes_given_as_text_says_what_they_must_be() -> None:
    from schulerfolg.plugins import Rule, Source

    with pytest.raises(TypeError, match="codes must be FindingCode records"):
        Rule(
            id="x",
            description="d",
            source=Source(reference="r"),
            codes=("document.missing",),  # type: ignore[arg-type]
            check=lambda application, context: (),
        )
