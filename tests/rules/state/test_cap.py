"""The cap rule, edge by edge: outcome, exact finding codes and key message parameters.

Every test passes ``rulebook=`` explicitly (the default rulebook depends on installed district
plugins).  Other values are tested through an overlay for Börde (15083), a district without
numeric deviations of its own (see tests/rule_helpers.py).
"""

from __future__ import annotations

from datetime import date

import attrs
import pytest

from rule_helpers import (
    ACROSS_SUMMER_2025,
    AUTUMN_2025,
    BOERDE,
    EXAMPLE,
    SCHOOL,
    SCHOOL_YEAR_2025,
    Expected,
    application,
    assert_findings,
    award,
    cap_rulebook,
    line,
    run,
)
from schulerfolg import Award, CostPlanLine, DateRange, InMemoryLedger, Money
from schulerfolg.plugins import CapBasis, CapScope

# --------------------------------------------------------------------------------------------
# Cap: state-wide 2,000.00 per school and calendar year


def _exceeded(amount: str, period: str = "2025") -> tuple[str, dict[str, str]]:
    return (
        "cap.exceeded",
        {
            "amount": amount,
            "cap": "2000.00",
            "period": period,
            "scope": "per_school",
            "basis": "calendar_year",
            "subject": SCHOOL.name,
        },
    )


@pytest.mark.parametrize(
    ("lines", "period", "expected"),
    [
        pytest.param([line("2000.00")], AUTUMN_2025, [], id="exactly-at-cap"),
        pytest.param([line("2000.01")], AUTUMN_2025, [_exceeded("2000.01")], id="one-cent-over"),
        pytest.param(
            [line("1000.00"), line("1000.01", incurred_on=date(2025, 12, 1))],
            AUTUMN_2025,
            [_exceeded("2000.01")],
            id="two-lines-one-cent-over",
        ),
        pytest.param([line("0.00")], AUTUMN_2025, [], id="nothing-requested"),
        pytest.param(
            [line("1500.00", 2025), line("1500.00", 2026)],
            SCHOOL_YEAR_2025,
            [],
            id="1500-in-2025-and-1500-in-2026",
        ),
        pytest.param(
            [line("2000.00", 2025), line("2000.00", 2026)],
            SCHOOL_YEAR_2025,
            [],
            id="cap-in-each-of-two-years",
        ),
        pytest.param(
            [line("2500.00", 2025), line("1500.00", 2026)],
            SCHOOL_YEAR_2025,
            [_exceeded("2500.00", "2025")],
            id="2500-in-2025-only",
        ),
        pytest.param(
            [line("1999.99", 2025), line("2000.01", 2026)],
            SCHOOL_YEAR_2025,
            [_exceeded("2000.01", "2026")],
            id="one-cent-over-in-2026-only",
        ),
        pytest.param(
            [line("2000.01", 2025), line("2000.01", 2026)],
            SCHOOL_YEAR_2025,
            [_exceeded("2000.01", "2025"), _exceeded("2000.01", "2026")],
            id="over-in-both-years",
        ),
    ],
)
def test_cap_per_school_and_calendar_year(
    lines: list[CostPlanLine], period: DateRange, expected: Expected
) -> None:
    assert_findings(run(application(lines=lines, period=period)), expected)


def test_cap_counts_in_full_for_each_school_of_a_joint_offer() -> None:
    other = attrs.evolve(SCHOOL, name="Grundschule Am Schwanenteich", number="12345")
    app = application(lines=[line("2000.01")], schools=(SCHOOL, other))
    decision = run(app)
    assert decision.codes() == ("cap.exceeded", "cap.exceeded")
    assert [f.params["subject"] for f in decision.findings] == [SCHOOL.name, other.name]


# --------------------------------------------------------------------------------------------
# Cap together with earlier awards in the ledger


def _with_earlier(amount: str, earlier: str, total: str) -> tuple[str, dict[str, str]]:
    return (
        "cap.exceeded_with_earlier_awards",
        {
            "amount": amount,
            "earlier": earlier,
            "total": total,
            "cap": "2000.00",
            "period": "2025",
            "subject": SCHOOL.name,
        },
    )


@pytest.mark.parametrize(
    ("awards", "requested", "expected"),
    [
        pytest.param([], "600.00", [], id="empty-ledger"),
        pytest.param(
            [award("WB-2025-001", line("1500.00"))],
            "600.00",
            [_with_earlier("600.00", "1500.00", "2100.00")],
            id="same-school-same-year",
        ),
        pytest.param(
            [award("WB-2025-001", line("1500.00"))], "500.00", [], id="same-school-exactly-at-cap"
        ),
        pytest.param(
            [award("WB-2025-001", line("1500.00"))],
            "500.01",
            [_with_earlier("500.01", "1500.00", "2000.01")],
            id="same-school-one-cent-over",
        ),
        pytest.param(
            [award("WB-2025-001", line("2000.00"))],
            "0.01",
            [_with_earlier("0.01", "2000.00", "2000.01")],
            id="cap-used-up-one-cent-more",
        ),
        pytest.param(
            [award("WB-2025-001", line("666.67")), award("WB-2025-002", line("666.67"))],
            "666.67",
            [_with_earlier("666.67", "1333.34", "2000.01")],
            id="three-times-666.67",
        ),
        pytest.param(
            [award("WB-2025-001", line("666.67")), award("WB-2025-002", line("666.67"))],
            "666.66",
            [],
            id="666.67-666.67-666.66-is-exactly-cap",
        ),
        pytest.param(
            [award("WB-2025-001", line("666.66")), award("WB-2025-002", line("666.66"))],
            "666.67",
            [],
            id="666.66-666.66-666.67-is-1999.99",
        ),
        pytest.param(
            [award("WB-2025-001", line("500.00"))],
            "2000.01",
            [_exceeded("2000.01")],
            id="alone-over-cap-reported-once",
        ),
        pytest.param(
            [award("WB-2024-001", line("1500.00", 2024))], "600.00", [], id="award-in-another-year"
        ),
        pytest.param(
            [award("WB-2025-001", line("1500.00"), school_keys=("grundschule am schwanenteich",))],
            "600.00",
            [],
            id="award-for-another-school",
        ),
        pytest.param(
            [award("BK-2025-001", line("1500.00"), district_key=BOERDE)],
            "600.00",
            [],
            id="award-in-another-district",
        ),
        pytest.param(
            [award(EXAMPLE.id, line("1500.00"))], "600.00", [], id="award-of-this-application"
        ),
        pytest.param(
            [award("WB-2025-001", line("1500.00"), applicant_key="jugendhilfe wittenberg ggmbh")],
            "600.00",
            [_with_earlier("600.00", "1500.00", "2100.00")],
            id="same-school-other-applicant",
        ),
        pytest.param(
            [
                award(
                    "WB-2025-001",
                    line("1000.00", 2025),
                    line("1900.00", 2026),
                    period=SCHOOL_YEAR_2025,
                )
            ],
            "1000.00",
            [],
            id="only-the-same-years-share-counts",
        ),
        pytest.param(
            [
                award(
                    "WB-2025-001",
                    line("1000.00", 2025),
                    line("1900.00", 2026),
                    period=SCHOOL_YEAR_2025,
                )
            ],
            "1000.01",
            [_with_earlier("1000.01", "1000.00", "2000.01")],
            id="same-years-share-one-cent-over",
        ),
    ],
)
def test_cap_with_earlier_awards(awards: list[Award], requested: str, expected: Expected) -> None:
    app = application(lines=[line(requested)])
    assert_findings(run(app, ledger=InMemoryLedger(tuple(awards))), expected)


def test_earlier_award_counts_only_for_the_school_it_names() -> None:
    other = attrs.evolve(SCHOOL, name="Grundschule Am Schwanenteich", number="12345")
    app = application(lines=[line("600.00")], schools=(SCHOOL, other))
    ledger = InMemoryLedger((award("WB-2025-001", line("1500.00"), school_keys=("12345",)),))
    decision = run(app, ledger=ledger)
    assert decision.codes() == ("cap.exceeded_with_earlier_awards",)
    assert decision.findings[0].params["subject"] == other.name
    assert decision.findings[0].params["total"] == "2100.00"


def test_awards_recorded_from_applications_add_up_to_the_cent() -> None:
    """Three applications of 666.67 for the same school in 2025, awarded one after another."""
    ledger = InMemoryLedger()
    for number in (1, 2):
        earlier = application(id=f"WB-2025-00{number}", lines=[line("666.67")])
        assert run(earlier, ledger=ledger).eligible
        ledger = ledger.with_award(Award.from_application(earlier, awarded_on=date(2025, 7, 1)))
    third = application(id="WB-2025-003", lines=[line("666.67")])
    decision = run(third, ledger=ledger)
    assert decision.codes() == ("cap.exceeded_with_earlier_awards",)
    assert decision.findings[0].params["earlier"] == "1333.34"
    assert decision.findings[0].params["total"] == "2000.01"
    assert run(
        attrs.evolve(third, cost_plan=(line("666.66"),), requested_amount=Money("666.66")),
        ledger=ledger,
    ).eligible


# --------------------------------------------------------------------------------------------
# Cap scopes and bases through an overlay


def _cap_finding(code: str, **params: str) -> tuple[str, dict[str, str]]:
    return (code, params)


@pytest.mark.parametrize(
    ("lines", "awards", "expected"),
    [
        pytest.param([line("2000.00")], [], [], id="exactly-at-cap"),
        pytest.param(
            [line("2000.01")],
            [],
            [
                _cap_finding(
                    "cap.exceeded",
                    subject=EXAMPLE.applicant.name,
                    scope="per_applicant",
                    period="2025",
                    amount="2000.01",
                )
            ],
            id="one-cent-over",
        ),
        pytest.param(
            [line("600.00")],
            [
                award(
                    "BK-2025-001",
                    line("1500.00"),
                    district_key=BOERDE,
                    school_keys=("grundschule am schwanenteich",),
                )
            ],
            [
                _cap_finding(
                    "cap.exceeded_with_earlier_awards",
                    subject=EXAMPLE.applicant.name,
                    scope="per_applicant",
                    earlier="1500.00",
                    total="2100.00",
                )
            ],
            id="same-applicant-other-school-counts",
        ),
        pytest.param(
            [line("600.00")],
            [
                award(
                    "BK-2025-001",
                    line("1500.00"),
                    district_key=BOERDE,
                    applicant_key="grundschule am schwanenteich",
                )
            ],
            [],
            id="other-applicant-same-school-does-not-count",
        ),
    ],
)
def test_cap_per_applicant(
    lines: list[CostPlanLine], awards: list[Award], expected: Expected
) -> None:
    book = cap_rulebook(CapScope.PER_APPLICANT, CapBasis.CALENDAR_YEAR)
    app = application(lines=lines, district=BOERDE)
    assert_findings(run(app, rulebook=book, ledger=InMemoryLedger(tuple(awards))), expected)


@pytest.mark.parametrize(
    ("lines", "period", "awards", "expected"),
    [
        pytest.param([line("2000.00")], AUTUMN_2025, [], [], id="exactly-at-cap"),
        pytest.param(
            [line("2000.01")],
            AUTUMN_2025,
            [],
            [
                _cap_finding(
                    "cap.exceeded",
                    subject=EXAMPLE.title,
                    scope="per_offer",
                    basis="calendar_year",
                    period="2025",
                    amount="2000.01",
                )
            ],
            id="one-cent-over",
        ),
        pytest.param(
            [line("1500.00", 2025), line("1500.00", 2026)],
            SCHOOL_YEAR_2025,
            [],
            [],
            id="1500-in-each-of-two-years",
        ),
        pytest.param(
            [line("600.00")],
            AUTUMN_2025,
            [award("BK-2025-001", line("1500.00"), district_key=BOERDE)],
            [],
            id="other-offers-of-the-same-school-do-not-count",
        ),
    ],
)
def test_cap_per_offer(
    lines: list[CostPlanLine], period: DateRange, awards: list[Award], expected: Expected
) -> None:
    book = cap_rulebook(CapScope.PER_OFFER, CapBasis.CALENDAR_YEAR)
    app = application(lines=lines, period=period, district=BOERDE)
    assert_findings(run(app, rulebook=book, ledger=InMemoryLedger(tuple(awards))), expected)


@pytest.mark.parametrize(
    ("lines", "period", "awards", "expected"),
    [
        pytest.param(
            [
                line("1500.00", incurred_on=date(2025, 7, 1)),
                line("1500.00", incurred_on=date(2025, 8, 15)),
            ],
            ACROSS_SUMMER_2025,
            [],
            [],
            id="1500-in-each-of-two-school-years",
        ),
        pytest.param(
            [
                line("2000.00", incurred_on=date(2025, 7, 31)),
                line("2000.00", incurred_on=date(2025, 8, 1)),
            ],
            ACROSS_SUMMER_2025,
            [],
            [],
            id="cap-on-31-july-and-on-1-august",
        ),
        pytest.param(
            [line("2000.01", incurred_on=date(2025, 8, 1))],
            ACROSS_SUMMER_2025,
            [],
            [
                _cap_finding(
                    "cap.exceeded",
                    period="2025/26",
                    amount="2000.01",
                    basis="school_year",
                    scope="per_school",
                )
            ],
            id="one-cent-over-in-2025-26",
        ),
        pytest.param(
            [line("1500.00", 2025), line("600.00", 2026)],
            SCHOOL_YEAR_2025,
            [],
            [_cap_finding("cap.exceeded", period="2025/26", amount="2100.00")],
            id="two-calendar-years-one-school-year",
        ),
        pytest.param(
            [line("100.00", description="Arbeitsmaterialien")],
            ACROSS_SUMMER_2025,
            [],
            [_cap_finding("cap.period_unknown", line="Arbeitsmaterialien")],
            id="undated-line-spanning-two-school-years",
        ),
        pytest.param(
            [line("2000.00")], AUTUMN_2025, [], [], id="undated-line-within-one-school-year"
        ),
        pytest.param(
            [line("600.00", incurred_on=date(2025, 9, 15))],
            ACROSS_SUMMER_2025,
            [
                award(
                    "BK-2025-001",
                    line("1500.00", 2025, incurred_on=date(2025, 10, 1)),
                    period=AUTUMN_2025,
                    district_key=BOERDE,
                )
            ],
            [
                _cap_finding(
                    "cap.exceeded_with_earlier_awards",
                    period="2025/26",
                    earlier="1500.00",
                    total="2100.00",
                )
            ],
            id="earlier-award-same-school-year",
        ),
        pytest.param(
            [line("600.00", incurred_on=date(2025, 9, 15))],
            ACROSS_SUMMER_2025,
            [
                award(
                    "BK-2025-001",
                    line("1500.00", 2026),
                    period=SCHOOL_YEAR_2025,
                    district_key=BOERDE,
                )
            ],
            [
                _cap_finding(
                    "cap.exceeded_with_earlier_awards",
                    period="2025/26",
                    earlier="1500.00",
                    total="2100.00",
                )
            ],
            id="earlier-award-next-calendar-year-same-school-year",
        ),
        pytest.param(
            [line("600.00", incurred_on=date(2025, 9, 15))],
            ACROSS_SUMMER_2025,
            [
                award(
                    "BK-2025-001",
                    line("1500.00", 2025, incurred_on=date(2025, 3, 1)),
                    district_key=BOERDE,
                )
            ],
            [],
            id="earlier-award-previous-school-year",
        ),
        pytest.param(
            [line("600.00", incurred_on=date(2025, 9, 15))],
            ACROSS_SUMMER_2025,
            [
                award(
                    "BK-2025-001",
                    line("1500.00", 2025),
                    period=ACROSS_SUMMER_2025,
                    district_key=BOERDE,
                )
            ],
            [_cap_finding("cap.exceeded_with_earlier_awards", period="2025/26", earlier="1500.00")],
            id="earlier-undated-award-counts-in-both-school-years",
        ),
        pytest.param(
            # The same undated award counts in the earlier of its two school years as well.
            [line("600.00", incurred_on=date(2025, 6, 16))],
            ACROSS_SUMMER_2025,
            [
                award(
                    "BK-2025-001",
                    line("1500.00", 2025),
                    period=ACROSS_SUMMER_2025,
                    district_key=BOERDE,
                )
            ],
            [
                _cap_finding(
                    "cap.exceeded_with_earlier_awards",
                    period="2024/25",
                    earlier="1500.00",
                    total="2100.00",
                )
            ],
            id="earlier-undated-award-counts-in-the-earlier-school-year-too",
        ),
        pytest.param(
            # A line of March 2026 lies in school year 2025/26, which began in 2025: an award
            # of December 2025 counts with it, although the application has no money in 2025.
            [line("600.00", 2026, incurred_on=date(2026, 3, 2))],
            SCHOOL_YEAR_2025,
            [
                award(
                    "BK-2025-001",
                    line("1500.00", 2025, incurred_on=date(2025, 12, 1)),
                    period=AUTUMN_2025,
                    district_key=BOERDE,
                )
            ],
            [
                _cap_finding(
                    "cap.exceeded_with_earlier_awards",
                    period="2025/26",
                    earlier="1500.00",
                    total="2100.00",
                )
            ],
            id="december-award-counts-in-the-school-year-of-a-march-line",
        ),
    ],
)
def test_cap_per_school_and_school_year(
    lines: list[CostPlanLine], period: DateRange, awards: list[Award], expected: Expected
) -> None:
    book = cap_rulebook(CapScope.PER_SCHOOL, CapBasis.SCHOOL_YEAR)
    app = application(
        lines=lines,
        period=period,
        district=BOERDE,
        submission_date=period.start,
        consultation_date=date(2025, 5, 1),
    )
    assert_findings(run(app, rulebook=book, ledger=InMemoryLedger(tuple(awards))), expected)


def test_same_offer_is_fine_per_school_year_but_not_per_calendar_year() -> None:
    lines = [
        line("1500.00", incurred_on=date(2025, 7, 1)),
        line("1500.00", incurred_on=date(2025, 8, 15)),
    ]
    app = application(
        lines=lines,
        period=ACROSS_SUMMER_2025,
        district=BOERDE,
        submission_date=date(2025, 6, 2),
        consultation_date=date(2025, 5, 1),
    )
    by_school_year = cap_rulebook(CapScope.PER_SCHOOL, CapBasis.SCHOOL_YEAR)
    by_calendar_year = cap_rulebook(CapScope.PER_SCHOOL, CapBasis.CALENDAR_YEAR)
    assert run(app, rulebook=by_school_year).eligible
    assert run(app, rulebook=by_calendar_year).codes() == ("cap.exceeded",)


CALL = "Aufruf 2025"


@pytest.mark.parametrize(
    ("lines", "period", "call", "awards", "expected"),
    [
        pytest.param([line("2000.00")], AUTUMN_2025, CALL, [], [], id="exactly-at-cap"),
        pytest.param(
            [line("1000.01", 2025), line("1000.00", 2026)],
            SCHOOL_YEAR_2025,
            CALL,
            [],
            [_cap_finding("cap.exceeded", period=CALL, amount="2000.01", basis="call")],
            id="one-call-counts-across-calendar-years",
        ),
        pytest.param(
            [line("600.00")],
            AUTUMN_2025,
            CALL,
            [award("BK-2025-001", line("1500.00"), district_key=BOERDE, call=CALL)],
            [
                _cap_finding(
                    "cap.exceeded_with_earlier_awards",
                    period=CALL,
                    earlier="1500.00",
                    total="2100.00",
                )
            ],
            id="earlier-award-same-call",
        ),
        pytest.param(
            [line("600.00")],
            AUTUMN_2025,
            CALL,
            [award("BK-2025-001", line("1500.00"), district_key=BOERDE, call="Aufruf 2024")],
            [],
            id="earlier-award-other-call",
        ),
        pytest.param(
            [line("600.00")],
            AUTUMN_2025,
            None,
            [award("BK-2025-001", line("1500.00"), district_key=BOERDE)],
            # Without the call, earlier awards of the call cannot be found: never guessed.
            [("cap.call_unknown", {})],
            id="no-call-is-a-finding",
        ),
    ],
)
def test_cap_per_school_and_call(
    lines: list[CostPlanLine],
    period: DateRange,
    call: str | None,
    awards: list[Award],
    expected: Expected,
) -> None:
    book = cap_rulebook(CapScope.PER_SCHOOL, CapBasis.CALL)
    app = application(lines=lines, period=period, call=call, district=BOERDE)
    assert_findings(run(app, rulebook=book, ledger=InMemoryLedger(tuple(awards))), expected)


def test_cap_per_call_counts_earlier_award_of_the_same_call_in_another_calendar_year() -> None:
    """Regression: the ledger was once asked only for the application's calendar years."""
    book = cap_rulebook(CapScope.PER_SCHOOL, CapBasis.CALL)
    call = "Aufruf 2024/25"
    earlier = award(
        "BK-2024-001",
        line("1500.00", 2024),
        period=DateRange(start=date(2024, 11, 4), end=date(2024, 12, 20)),
        district_key=BOERDE,
        call=call,
    )
    app = application(lines=[line("600.00")], call=call, district=BOERDE)
    decision = run(app, rulebook=book, ledger=InMemoryLedger((earlier,)))
    assert decision.codes() == ("cap.exceeded_with_earlier_awards",)
    assert decision.findings[0].params["total"] == "2100.00"


def test_a_raised_cap_applies_through_the_overlay() -> None:
    book = cap_rulebook(CapScope.PER_SCHOOL, CapBasis.CALENDAR_YEAR, amount="3000.00")
    assert run(application(lines=[line("3000.00")], district=BOERDE), rulebook=book).eligible
    decision = run(application(lines=[line("3000.01")], district=BOERDE), rulebook=book)
    assert decision.codes() == ("cap.exceeded",)
    assert decision.findings[0].params["cap"] == "3000.00"
