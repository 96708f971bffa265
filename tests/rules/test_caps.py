"""The cap arithmetic as data: subjects, basis periods, requested and earlier amounts, and what
cannot be placed — :func:`assess`, before any finding is made of it."""

from __future__ import annotations

from datetime import date

import attrs
import pytest

from rule_helpers import (
    ACROSS_SUMMER_2025,
    APPLICANT_KEY,
    AUTUMN_2025,
    EXAMPLE,
    SCHOOL,
    SCHOOL_KEY,
    SCHOOL_YEAR_2025,
    application,
    award,
    line,
)
from schulerfolg import CostPlanLine, InMemoryLedger, Money
from schulerfolg._rules.caps import (
    CapPeriodTotal,
    CapSubject,
    assess,
    counts_for,
    earlier_awards,
    subjects,
    within,
)
from schulerfolg.plugins import Cap, CapBasis, CapScope

EMPTY = InMemoryLedger()
OTHER_SCHOOL = attrs.evolve(SCHOOL, name="Grundschule Am Schwanenteich", number="12345")


def cap(scope: CapScope, basis: CapBasis = CapBasis.CALENDAR_YEAR, amount: str = "2000.00") -> Cap:
    return Cap(amount=Money(amount), scope=scope, basis=basis)


def summary(totals: tuple[CapPeriodTotal, ...]) -> list[tuple[str, str, str, str]]:
    """(subject key, period, requested, earlier) of each total, in order."""
    return [
        (t.subject.key, t.period, str(t.requested.amount), str(t.earlier.amount)) for t in totals
    ]


def test_per_school_counts_the_whole_offer_for_each_school() -> None:
    app = application(
        lines=[line("1500.00", 2025), line("500.01", 2025), line("300.00", 2026)],
        period=SCHOOL_YEAR_2025,
        schools=(SCHOOL, OTHER_SCHOOL),
    )
    result = assess(app, cap(CapScope.PER_SCHOOL), EMPTY)
    assert result.cap == cap(CapScope.PER_SCHOOL)
    assert result.unplaced == ()
    assert summary(result.totals) == [
        (SCHOOL_KEY, "2025", "2000.01", "0.00"),
        (SCHOOL_KEY, "2026", "300.00", "0.00"),
        ("12345", "2025", "2000.01", "0.00"),
        ("12345", "2026", "300.00", "0.00"),
    ]
    assert [t.subject.name for t in result.totals] == [SCHOOL.name] * 2 + [OTHER_SCHOOL.name] * 2
    assert [t.exceeded_alone for t in result.totals] == [True, False, True, False]
    assert not any(t.exceeded_with_earlier for t in result.totals)


def test_per_applicant_counts_earlier_awards_of_the_same_applicant() -> None:
    app = application(lines=[line("600.00")])
    ledger = InMemoryLedger(
        (
            # The same applicant for another school: counts.
            award("WB-2025-001", line("1000.00"), school_keys=("12345",)),
            award("WB-2025-002", line("400.00")),
            # Another applicant, another district, another year, this application: do not.
            award("WB-2025-003", line("900.00"), applicant_key="jugendhilfe wittenberg ggmbh"),
            award("BK-2025-001", line("900.00"), district_key="15083"),
            award("WB-2024-001", line("900.00", 2024)),
            award(EXAMPLE.id, line("900.00")),
        )
    )
    (total,) = assess(app, cap(CapScope.PER_APPLICANT), ledger).totals
    assert total.subject == CapSubject(
        scope=CapScope.PER_APPLICANT, key=APPLICANT_KEY, name=EXAMPLE.applicant.name
    )
    assert (total.period, total.requested, total.earlier) == (
        "2025",
        Money("600.00"),
        Money("1400.00"),
    )
    assert total.total == Money("2000.00")
    assert not total.exceeded_alone
    assert not total.exceeded_with_earlier  # exactly at the cap
    more = assess(application(lines=[line("600.01")]), cap(CapScope.PER_APPLICANT), ledger)
    assert more.totals[0].exceeded_with_earlier


def test_per_offer_ignores_earlier_awards() -> None:
    app = application(lines=[line("1500.00")])
    ledger = InMemoryLedger((award("WB-2025-001", line("1500.00")),))
    (total,) = assess(app, cap(CapScope.PER_OFFER), ledger).totals
    assert total.subject == CapSubject(scope=CapScope.PER_OFFER, key=app.id, name=app.title)
    assert total.earlier == Money.zero()
    assert not total.exceeded_with_earlier
    # The same earlier award counts against a cap per school.
    (per_school,) = assess(app, cap(CapScope.PER_SCHOOL), ledger).totals
    assert per_school.earlier == Money("1500.00")
    assert per_school.exceeded_with_earlier


def test_school_year_placement_reports_a_line_it_cannot_place() -> None:
    undated = line("100.00", description="Arbeitsmaterialien")  # 2025 spans two school years
    app = application(
        lines=[
            line("700.00", incurred_on=date(2025, 7, 1)),
            undated,
            line("800.00", incurred_on=date(2025, 8, 15)),
            line("200.00", incurred_on=date(2025, 9, 1)),
        ],
        period=ACROSS_SUMMER_2025,
    )
    result = assess(app, cap(CapScope.PER_SCHOOL, CapBasis.SCHOOL_YEAR), EMPTY)
    assert result.unplaced == (undated,)
    assert summary(result.totals) == [
        (SCHOOL_KEY, "2024/25", "700.00", "0.00"),
        (SCHOOL_KEY, "2025/26", "1000.00", "0.00"),
    ]


def test_an_earlier_undated_award_across_two_school_years_counts_in_both() -> None:
    app = application(lines=[line("100.00", incurred_on=date(2025, 9, 15))])
    earlier = award("WB-2025-001", line("1500.00", 2025), period=ACROSS_SUMMER_2025)
    result = assess(app, cap(CapScope.PER_SCHOOL, CapBasis.SCHOOL_YEAR), InMemoryLedger((earlier,)))
    assert summary(result.totals) == [(SCHOOL_KEY, "2025/26", "100.00", "1500.00")]


def test_per_call_counts_all_money_in_the_call_and_only_awards_of_that_call() -> None:
    app = application(
        lines=[line("1000.00", 2025), line("1000.01", 2026)],
        period=SCHOOL_YEAR_2025,
        call="Aufruf 2025",
    )
    ledger = InMemoryLedger(
        (
            award("WB-2024-001", line("300.00", 2024), call="Aufruf 2025"),
            award("WB-2025-001", line("900.00"), call="Aufruf 2024"),
        )
    )
    (total,) = assess(app, cap(CapScope.PER_SCHOOL, CapBasis.CALL), ledger).totals
    assert (total.period, total.requested, total.earlier) == (
        "Aufruf 2025",
        Money("2000.01"),
        Money("300.00"),
    )
    assert total.exceeded_alone
    assert not total.exceeded_with_earlier  # reported once, as exceeded alone


def test_subjects_follow_the_scope() -> None:
    app = application(schools=(SCHOOL, OTHER_SCHOOL), period=AUTUMN_2025)
    assert [s.key for s in subjects(app, CapScope.PER_SCHOOL)] == [SCHOOL_KEY, "12345"]
    assert [s.key for s in subjects(app, CapScope.PER_APPLICANT)] == [APPLICANT_KEY]
    assert [s.key for s in subjects(app, CapScope.PER_OFFER)] == [app.id]


def _exceeds(app: object, the_cap: Cap, ledger: InMemoryLedger) -> bool:
    result = assess(app, the_cap, ledger)  # type: ignore[arg-type]
    return bool(result.unplaced or result.exceeded)


def test_within_agrees_with_assess_on_the_golden_applications() -> None:
    # `within` is the rule's quick answer; it must never say "within" where assess finds more.
    from golden import generate
    from schulerfolg import Application, Award, from_dict

    apps = [from_dict(doc, Application) for doc in generate.application_documents(count=300)]
    ledger = InMemoryLedger(
        tuple(Award.from_application(a, awarded_on=a.period.start) for a in apps[:60])
    )
    caps_to_try = [
        cap(scope, basis, amount)
        for scope in CapScope
        for basis in (CapBasis.CALENDAR_YEAR, CapBasis.SCHOOL_YEAR)
        for amount in ("800.00", "2000.00")
    ]
    answers = set()
    for app in apps:
        for the_cap in caps_to_try:
            quick = within(app, the_cap, ledger)
            answers.add(quick)
            if quick:
                assert not _exceeds(app, the_cap, ledger), (app.id, the_cap)
    assert answers == {True, False}


def test_an_earlier_undated_award_counts_in_the_earlier_of_its_two_school_years_too() -> None:
    app = application(
        lines=[line("100.00", incurred_on=date(2025, 6, 16))], period=ACROSS_SUMMER_2025
    )
    earlier = award("WB-2025-001", line("1500.00", 2025), period=ACROSS_SUMMER_2025)
    result = assess(app, cap(CapScope.PER_SCHOOL, CapBasis.SCHOOL_YEAR), InMemoryLedger((earlier,)))
    assert summary(result.totals) == [(SCHOOL_KEY, "2024/25", "100.00", "1500.00")]


def test_a_school_year_reaches_back_into_the_previous_calendar_year() -> None:
    # March 2026 lies in school year 2025/26: an award of December 2025 counts with it.
    app = application(
        lines=[line("100.00", 2026, incurred_on=date(2026, 3, 2))], period=SCHOOL_YEAR_2025
    )
    december = award(
        "WB-2025-001", line("1500.00", 2025, incurred_on=date(2025, 12, 1)), period=AUTUMN_2025
    )
    result = assess(
        app, cap(CapScope.PER_SCHOOL, CapBasis.SCHOOL_YEAR), InMemoryLedger((december,))
    )
    assert summary(result.totals) == [(SCHOOL_KEY, "2025/26", "100.00", "1500.00")]


def test_earlier_awards_are_those_of_the_caps_subjects() -> None:
    # What the ledger is asked for: only awards that can count, of the applicant for a cap per
    # applicant, of any of the schools for a cap per school, never this application's own.
    app = application(lines=[line("600.00")], schools=(SCHOOL, OTHER_SCHOOL))
    same_applicant = award("WB-2025-001", line("100.00"), school_keys=("elsewhere",))
    same_school = award("WB-2025-002", line("100.00"), applicant_key="another applicant")
    other_school = award(
        "WB-2025-003", line("100.00"), applicant_key="another applicant", school_keys=("12345",)
    )
    unrelated = award(
        "WB-2025-004", line("100.00"), applicant_key="another applicant", school_keys=("x",)
    )
    itself = award(app.id, line("100.00"))
    ledger = InMemoryLedger((same_applicant, same_school, other_school, unrelated, itself))
    per_applicant = earlier_awards(app, cap(CapScope.PER_APPLICANT), ledger)
    assert [a.application_id for a in per_applicant] == ["WB-2025-001"]
    per_school = earlier_awards(app, cap(CapScope.PER_SCHOOL), ledger)
    assert [a.application_id for a in per_school] == ["WB-2025-002", "WB-2025-003"]
    assert earlier_awards(app, cap(CapScope.PER_OFFER), ledger) == []


def test_earlier_awards_of_the_same_call_count_only_for_a_cap_per_call() -> None:
    app = application(lines=[line("600.00")], call="Aufruf 2025")
    same_call_years_ago = award("WB-2023-001", line("100.00", 2023), call="Aufruf 2025")
    ledger = InMemoryLedger((same_call_years_ago,))
    assert earlier_awards(app, cap(CapScope.PER_SCHOOL, CapBasis.CALL), ledger) == [
        same_call_years_ago
    ]
    for basis in (CapBasis.CALENDAR_YEAR, CapBasis.SCHOOL_YEAR):
        assert earlier_awards(app, cap(CapScope.PER_SCHOOL, basis), ledger) == []


@pytest.mark.parametrize(
    ("scope", "applicant_key", "school_keys", "counts"),
    [
        pytest.param(CapScope.PER_OFFER, APPLICANT_KEY, (SCHOOL_KEY,), False, id="offer-never"),
        pytest.param(CapScope.PER_APPLICANT, APPLICANT_KEY, ("x",), True, id="same-applicant"),
        pytest.param(CapScope.PER_APPLICANT, "other", (SCHOOL_KEY,), False, id="other-applicant"),
        pytest.param(
            CapScope.PER_SCHOOL, "other", ("x", SCHOOL_KEY), True, id="one-of-its-schools"
        ),
        pytest.param(CapScope.PER_SCHOOL, APPLICANT_KEY, ("x",), False, id="other-schools"),
    ],
)
def test_whom_an_earlier_award_counts_for(
    scope: CapScope, applicant_key: str, school_keys: tuple[str, ...], counts: bool
) -> None:
    earlier = award(
        "WB-2025-001", line("100.00"), applicant_key=applicant_key, school_keys=school_keys
    )
    (subject,) = subjects(application(), scope)
    assert counts_for(earlier, subject) is counts


def test_a_subject_carries_the_caps_scope() -> None:
    app = application(schools=(SCHOOL, OTHER_SCHOOL))
    assert subjects(app, CapScope.PER_SCHOOL) == (
        CapSubject(scope=CapScope.PER_SCHOOL, key=SCHOOL_KEY, name=SCHOOL.name),
        CapSubject(scope=CapScope.PER_SCHOOL, key="12345", name=OTHER_SCHOOL.name),
    )
    assert subjects(app, CapScope.PER_APPLICANT) == (
        CapSubject(scope=CapScope.PER_APPLICANT, key=APPLICANT_KEY, name=app.applicant.name),
    )


@pytest.mark.parametrize(
    ("lines", "basis", "quick"),
    [
        pytest.param([line("2000.00")], CapBasis.CALENDAR_YEAR, True, id="exactly-at-the-cap"),
        pytest.param([line("2000.01")], CapBasis.CALENDAR_YEAR, False, id="one-cent-over"),
        pytest.param(
            [line("100.00", description="Arbeitsmaterialien")],
            CapBasis.SCHOOL_YEAR,
            False,
            id="a-line-that-cannot-be-placed",
        ),
    ],
)
def test_within_answers_the_common_case_without_an_assessment(
    lines: list[CostPlanLine], basis: CapBasis, quick: bool
) -> None:
    app = application(lines=lines, period=ACROSS_SUMMER_2025)
    assert within(app, cap(CapScope.PER_SCHOOL, basis), EMPTY) is quick
