"""Reading parameter records strictly, and the bundled state-wide values."""

from __future__ import annotations

import typing
from datetime import date
from typing import Any

import pytest

import schulerfolg
from schulerfolg import (
    ApplicantKind,
    DocumentError,
    Module,
    Money,
    PartnerKind,
    Source,
    TargetGroup,
)
from schulerfolg._parameters.loading import read_parameters, state_parameters
from schulerfolg.plugins import (
    PARAMETER_SPECS,
    STATE_RULES,
    Cap,
    CapBasis,
    CapScope,
    ConsultationDeadline,
    ConsultationRequirement,
    ParameterSpec,
    SubmissionDeadline,
    VotingBody,
    VotingBodyKind,
)

SOURCE = Source(reference="test")


def raw(v: object, valid_from: object = "2018-08-01", **extra: object) -> dict[str, Any]:
    return {"valid_from": valid_from, "value": v, "source": {"reference": "test"}, **extra}


CAP_RECORD = {"amount": "2000.00", "scope": "per_school", "basis": "calendar_year"}


# --------------------------------------------------------------------------------------------
# read_parameters


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        pytest.param(
            "educational_offer.cap",
            CAP_RECORD,
            Cap(amount=Money("2000.00"), scope=CapScope.PER_SCHOOL, basis=CapBasis.CALENDAR_YEAR),
            id="cap",
        ),
        pytest.param(
            "educational_offer.eligible_applicant_kinds",
            ["school", "municipality"],
            (ApplicantKind.SCHOOL, ApplicantKind.MUNICIPALITY),
            id="applicant-kinds",
        ),
        pytest.param(
            "educational_offer.required_partner_kinds",
            ["other"],
            (PartnerKind.OTHER,),
            id="partner-kinds",
        ),
        pytest.param(
            "educational_offer.eligible_target_groups",
            ["pupils"],
            (TargetGroup.PUPILS,),
            id="target-groups",
        ),
        pytest.param(
            "educational_offer.funding_module",
            "network_office",
            Module.NETWORK_OFFICE,
            id="module",
        ),
        pytest.param(
            "educational_offer.consultation",
            {"required": True, "deadline": "before_start"},
            ConsultationRequirement(required=True, deadline=ConsultationDeadline.BEFORE_START),
            id="consultation",
        ),
        pytest.param(
            "educational_offer.required_documents",
            ["application_form", "cost_plan"],
            ("application_form", "cost_plan"),
            id="documents",
        ),
        pytest.param(
            "educational_offer.submission_deadline",
            {"closing_dates": ["2025-01-31", "2025-05-31"]},
            SubmissionDeadline(closing_dates=(date(2025, 1, 31), date(2025, 5, 31))),
            id="closing-dates",
        ),
        pytest.param(
            "educational_offer.submission_deadline",
            {"recurrence": "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=31;COUNT=5"},
            SubmissionDeadline(recurrence="FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=31;COUNT=5"),
            id="recurrence",
        ),
        pytest.param(
            "procedure.voting_body",
            {"name": "Beirat „Schulerfolg sichern“", "kind": "advisory_board", "voting_members": 9},
            VotingBody(
                name="Beirat „Schulerfolg sichern“",
                kind=VotingBodyKind.ADVISORY_BOARD,
                voting_members=9,
            ),
            id="voting-body",
        ),
    ],
)
def test_read_parameters_reads_each_value_with_its_spec_type(
    name: str, data: object, expected: object
) -> None:
    (parameter,) = read_parameters([{"name": name, "values": [raw(data)]}], source="test")
    assert parameter.name == name
    assert parameter.values[0].value == expected
    assert type(parameter.values[0].value) is type(expected)
    assert parameter.values[0].valid_from == date(2018, 8, 1)
    assert parameter.values[0].source == SOURCE


def test_read_parameters_reads_a_history_with_all_fields() -> None:
    records = [
        {
            "name": "educational_offer.cap",
            "values": [
                raw(
                    CAP_RECORD,
                    date(2018, 8, 1),
                    valid_until=date(2025, 12, 31),
                    provisional=True,
                    note="old",
                ),
                raw({**CAP_RECORD, "amount": "3000.00"}, "2026-01-01"),
            ],
        }
    ]
    (parameter,) = read_parameters(records, source="test")
    first, second = parameter.values
    assert first.valid_until == date(2025, 12, 31)
    assert first.provisional is True
    assert first.note == "old"
    assert second.provisional is False
    assert second.value.amount == Money("3000.00")
    assert parameter.value_at(date(2025, 12, 31)) == first
    assert parameter.value_at(date(2026, 1, 1)) == second


def test_read_parameters_reports_every_problem_with_its_path() -> None:
    records = [
        {
            "name": "educational_offer.cap",
            "values": [raw(CAP_RECORD), raw({**CAP_RECORD, "amount": "abc"}, "2019-08-01")],
        },
        {"name": "educational_offer.no_such_thing", "values": [raw(1)]},
        {"name": "educational_offer.eligible_applicant_kinds", "values": [raw(["school"])]},
        {"name": "educational_offer.eligible_applicant_kinds", "values": [raw(["school"])]},
        {"name": "educational_offer.eligible_target_groups", "values": [raw(["pupils", "pupil"])]},
    ]
    with pytest.raises(DocumentError) as caught:
        read_parameters(records, source="district.toml")
    error = caught.value
    assert error.source == "district.toml"
    by_path = {problem.path: problem for problem in error.problems}
    assert list(by_path) == [
        "$.parameter[0].values[1].value.amount",
        "$.parameter[1].name",
        "$.parameter[3].name",
        "$.parameter[4].values[0].value[1]",
    ]
    assert by_path["$.parameter[1].name"].code == "unknown_parameter"
    assert "educational_offer.no_such_thing" in by_path["$.parameter[1].name"].message
    assert "given twice" in by_path["$.parameter[3].name"].message
    assert "'pupil'" in by_path["$.parameter[4].values[0].value[1]"].message
    assert "district.toml" in str(error)


@pytest.mark.parametrize(
    ("records", "path", "code"),
    [
        pytest.param({"name": "x"}, "$.parameter", "type", id="not-a-list"),
        pytest.param(
            [{"name": "educational_offer.cap"}],
            "$.parameter[0].values",
            "missing",
            id="values-missing",
        ),
        pytest.param(
            [{"name": "educational_offer.cap", "values": []}],
            "$.parameter[0].values",
            "invalid",
            id="no-values",
        ),
        pytest.param(
            [
                {
                    "name": "educational_offer.funding_module",
                    "values": [raw("network_office", extra=1)],
                }
            ],
            "$.parameter[0].values[0].extra",
            "unknown_key",
            id="unknown-key",
        ),
        pytest.param(
            [{"name": "educational_offer.cap", "values": [raw({**CAP_RECORD, "amount": 2000.5})]}],
            "$.parameter[0].values[0].value.amount",
            "type",
            id="float-amount",
        ),
        pytest.param(
            [{"name": "educational_offer.cap", "values": [raw({**CAP_RECORD, "amount": "-1.00"})]}],
            "$.parameter[0].values[0].value.amount",
            "invalid",
            id="negative-cap",
        ),
        pytest.param(
            [
                {
                    "name": "educational_offer.cap",
                    "values": [raw({**CAP_RECORD, "scope": "per_district"})],
                }
            ],
            "$.parameter[0].values[0].value.scope",
            "invalid",
            id="unknown-scope",
        ),
        pytest.param(
            [
                {
                    "name": "educational_offer.submission_deadline",
                    "values": [raw({"days_before_start": 3, "closing_dates": ["2025-01-31"]})],
                }
            ],
            "$.parameter[0].values[0].value.days_before_start",
            "invalid",
            id="deadline-both-kinds",
        ),
        pytest.param(
            [
                {
                    "name": "educational_offer.submission_deadline",
                    "values": [raw({"recurrence": "FREQ=YEARLY;BYMONTH=1"})],
                }
            ],
            "$.parameter[0].values[0].value.recurrence",
            "invalid",
            id="unbounded-recurrence",
        ),
        pytest.param(
            [
                {
                    "name": "educational_offer.funding_module",
                    "values": [raw("network_office"), raw("network_office")],
                }
            ],
            "$.parameter[0].values[1].valid_from",
            "invalid",
            id="same-start-twice",
        ),
        pytest.param(
            [
                {
                    "name": "educational_offer.funding_module",
                    "values": [raw("network_office", valid_until="2018-07-31")],
                }
            ],
            "$.parameter[0].values[0].valid_until",
            "invalid",
            id="ends-before-start",
        ),
        pytest.param(
            [
                {
                    "name": "educational_offer.funding_module",
                    "values": [raw("network_office", valid_from="2018-02-30")],
                }
            ],
            "$.parameter[0].values[0].valid_from",
            "invalid",
            id="impossible-date",
        ),
    ],
)
def test_read_parameters_problem_paths(records: object, path: str, code: str) -> None:
    with pytest.raises(DocumentError) as caught:
        read_parameters(records, source="test")
    assert [(p.path, p.code) for p in caught.value.problems] == [(path, code)]


def test_read_parameters_with_own_path_and_specs() -> None:
    specs = {
        "district.bonus": ParameterSpec(
            name="district.bonus", value_type=Money, description="A test parameter."
        )
    }
    (parameter,) = read_parameters(
        [{"name": "district.bonus", "values": [raw("10.00")]}],
        source="plugin.toml",
        specs=specs,
        path="$.plugin.parameter",
    )
    assert parameter.values[0].value == Money("10.00")
    with pytest.raises(DocumentError) as caught:
        read_parameters(
            [
                {"name": "district.bonus", "values": [raw("ten")]},
                {"name": "educational_offer.cap", "values": [raw(CAP_RECORD)]},
            ],
            source="plugin.toml",
            specs=specs,
            path="$.plugin.parameter",
        )
    assert [p.path for p in caught.value.problems] == [
        "$.plugin.parameter[0].values[0].value",
        "$.plugin.parameter[1].name",
    ]


def test_read_parameters_of_nothing() -> None:
    assert read_parameters([], source="empty") == ()


# --------------------------------------------------------------------------------------------
# The bundled state-wide values


def _has_type(v: object, tp: Any) -> bool:
    origin = typing.get_origin(tp)
    if origin is tuple:
        (item, _) = typing.get_args(tp)
        return isinstance(v, tuple) and all(isinstance(x, item) for x in v)
    return isinstance(v, tp)


def test_state_parameters_all_carry_a_source() -> None:
    parameters = state_parameters()
    assert parameters
    for parameter in parameters:
        for entry in parameter.values:
            assert isinstance(entry.source, Source), parameter.name
            assert entry.source.reference.strip(), parameter.name


def test_provisional_state_values_explain_themselves() -> None:
    for parameter in state_parameters():
        for entry in parameter.values:
            if entry.provisional:
                assert entry.note is not None, parameter.name
                assert entry.note.strip(), parameter.name


def test_state_parameters_are_known_and_unique() -> None:
    names = [parameter.name for parameter in state_parameters()]
    assert len(names) == len(set(names))
    assert set(names) <= set(PARAMETER_SPECS)


def test_every_parameter_the_state_rules_read_is_declared_and_bundled() -> None:
    bundled = {parameter.name: parameter for parameter in state_parameters()}
    read = {name for rule in STATE_RULES for name in rule.parameters}
    assert read
    for name in sorted(read):
        assert name in PARAMETER_SPECS, name
        assert name in bundled, name
        entry = bundled[name].value_at(date(2025, 1, 1))
        assert entry is not None, name
        assert _has_type(entry.value, PARAMETER_SPECS[name].value_type), (name, entry.value)


def test_state_cap_is_2000_per_school_and_calendar_year() -> None:
    rulebook = schulerfolg.state_rulebook()
    entry, layer = rulebook.resolve("educational_offer.cap", date(2025, 1, 1))
    assert entry.value == Cap(
        amount=Money("2000.00"), scope=CapScope.PER_SCHOOL, basis=CapBasis.CALENDAR_YEAR
    )
    assert entry.valid_from == date(2018, 8, 1)
    assert layer.name == "state"
