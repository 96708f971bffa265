"""The eligibility rules, edge by edge: applicant, partners, schools, target groups and the
funding cycle.

Every test passes ``rulebook=`` explicitly (the default rulebook depends on installed district
plugins).  Other values are tested through an overlay for Börde (15083), a district without
numeric deviations of its own (see tests/rule_helpers.py).
"""

from __future__ import annotations

from datetime import date

import attrs
import pytest

from rule_helpers import (
    BOERDE,
    EXAMPLE,
    SCHOOL,
    Expected,
    application,
    assert_findings,
    overlay_rulebook,
    run,
)
from schulerfolg import (
    ApplicantKind,
    CooperationPartner,
    DateRange,
    Outcome,
    PartnerKind,
    TargetGroup,
)

# --------------------------------------------------------------------------------------------
# Applicant, partners, schools, target groups


def _partner(kind: PartnerKind) -> CooperationPartner:
    return CooperationPartner(name=f"Partner ({kind.value})", kind=kind)


@pytest.mark.parametrize(
    ("partners", "expected"),
    [
        pytest.param((), ["partner.missing"], id="no-partner"),
        pytest.param((_partner(PartnerKind.SCHOOL),), ["partner.missing"], id="only-a-school"),
        pytest.param(
            (_partner(PartnerKind.SCHOOL), _partner(PartnerKind.SCHOOL)),
            ["partner.missing"],
            id="two-schools",
        ),
        *(
            pytest.param((_partner(kind),), [], id=f"{kind.value}")
            for kind in PartnerKind
            if kind is not PartnerKind.SCHOOL
        ),
        pytest.param(
            (_partner(PartnerKind.SCHOOL), _partner(PartnerKind.MUNICIPALITY)),
            [],
            id="school-and-municipality",
        ),
    ],
)
def test_partner_required(partners: tuple[CooperationPartner, ...], expected: list[str]) -> None:
    decision = run(application(cooperation_partners=partners))
    assert list(decision.codes()) == expected
    if expected:
        kinds = decision.findings[0].params["kinds"].split(",")
        assert "school" not in kinds
        assert "school_support_association" in kinds


def test_school_without_school_social_work_is_eligible() -> None:
    school = attrs.evolve(SCHOOL, has_school_social_work=False)
    decision = run(application(schools=(school,)))
    assert decision.outcome is Outcome.ELIGIBLE
    assert decision.findings == ()


@pytest.mark.parametrize("kind", [pytest.param(kind, id=kind.value) for kind in ApplicantKind])
def test_applicant_kind(kind: ApplicantKind) -> None:
    applicant = attrs.evolve(EXAMPLE.applicant, kind=kind)
    decision = run(application(applicant=applicant))
    if kind is ApplicantKind.SCHOOL:
        assert decision.findings == ()
    else:
        assert_findings(
            decision,
            [
                (
                    "applicant.kind_not_eligible",
                    {"kind": kind.value, "eligible": "school", "applicant": applicant.name},
                )
            ],
        )


@pytest.mark.parametrize(
    "groups",
    [
        pytest.param(groups, id="+".join(groups))
        for groups in [("pupils",), ("parents",), ("teachers",), ("pupils", "parents", "teachers")]
    ],
)
def test_every_target_group_is_eligible_state_wide(groups: tuple[str, ...]) -> None:
    app = application(target_groups=tuple(TargetGroup(group) for group in groups))
    assert run(app).findings == ()


@pytest.mark.parametrize(
    ("groups", "expected"),
    [
        pytest.param((TargetGroup.PUPILS,), [], id="pupils"),
        pytest.param(
            (TargetGroup.PUPILS, TargetGroup.TEACHERS),
            [("target_group.not_eligible", {"group": "teachers", "eligible": "pupils"})],
            id="pupils+teachers",
        ),
        pytest.param(
            (TargetGroup.PARENTS, TargetGroup.PUPILS, TargetGroup.TEACHERS),
            [
                ("target_group.not_eligible", {"group": "parents"}),
                ("target_group.not_eligible", {"group": "teachers"}),
            ],
            id="all-three",
        ),
    ],
)
def test_target_groups_restricted_by_overlay(
    groups: tuple[TargetGroup, ...], expected: Expected
) -> None:
    book = overlay_rulebook({"educational_offer.eligible_target_groups": (TargetGroup.PUPILS,)})
    assert_findings(
        run(application(district=BOERDE, target_groups=groups), rulebook=book), expected
    )


# --------------------------------------------------------------------------------------------
# Funding cycles


def _outside(start: str, end: str) -> tuple[str, dict[str, str]]:
    return (
        "period.outside_funding_cycle",
        {"start": start, "end": end, "module": "network_office"},
    )


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        pytest.param(
            DateRange(start=date(2015, 6, 1), end=date(2015, 7, 31)),
            [_outside("2015-06-01", "2015-07-31")],
            id="2015-before-any-cycle",
        ),
        pytest.param(
            DateRange(start=date(2015, 8, 3), end=date(2015, 12, 18)), [], id="first-cycle"
        ),
        pytest.param(
            DateRange(start=date(2017, 9, 4), end=date(2017, 12, 15)), [], id="2017-in-2015-cycle"
        ),
        pytest.param(
            DateRange(start=date(2018, 8, 1), end=date(2018, 12, 14)), [], id="2018-cycle-start"
        ),
        pytest.param(
            DateRange(start=date(2018, 7, 31), end=date(2018, 12, 14)),
            [_outside("2018-07-31", "2018-12-14")],
            id="across-the-2015-and-2018-cycles",
        ),
        pytest.param(
            DateRange(start=date(2022, 7, 1), end=date(2022, 8, 31)),
            [_outside("2022-07-01", "2022-08-31")],
            id="across-two-cycles",
        ),
        pytest.param(
            DateRange(start=date(2028, 6, 1), end=date(2028, 7, 31)), [], id="last-cycle-end"
        ),
        pytest.param(
            DateRange(start=date(2028, 6, 1), end=date(2028, 8, 1)),
            [_outside("2028-06-01", "2028-08-01")],
            id="one-day-after-last-cycle",
        ),
    ],
)
def test_period_within_a_funding_cycle(period: DateRange, expected: Expected) -> None:
    start = period.start
    app = application(
        period=period,
        submission_date=date(start.year, 1, 2),
        consultation_date=date(start.year, 1, 2),
    )
    # Parameters hold from 2018-08-01: evaluate an earlier offer on a day inside that range.
    on = max(start, date(2018, 8, 1))
    assert_findings(run(app, on=on), expected)
