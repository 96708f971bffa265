"""The award ledger: awards, filtering by district and calendar year, immutability, JSON."""

from __future__ import annotations

from datetime import date

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as hypothesis_st

import schulerfolg
from schulerfolg import (
    Award,
    AwardLedger,
    CostPlanLine,
    DateRange,
    DocumentError,
    InMemoryLedger,
    InvariantError,
    Money,
    from_dict,
    from_json,
    to_dict,
    to_json,
)

EXAMPLE = schulerfolg.example_application()


def line(amount: str, year: int, incurred_on: date | None = None) -> CostPlanLine:
    return CostPlanLine(
        description=f"Posten {year}",
        amount=Money(amount),
        calendar_year=year,
        incurred_on=incurred_on,
    )


def award(application_id: str, district_key: str, *years: int, call: str | None = None) -> Award:
    lines = tuple(line("100.00", year) for year in years)
    return Award(
        application_id=application_id,
        district_key=district_key,
        applicant_key="sekundarschule „am lerchenberg“",
        school_keys=("sekundarschule „am lerchenberg“",),
        call=call,
        period=DateRange(start=date(min(years), 1, 5), end=date(max(years), 12, 18)),
        cost_plan=lines,
        awarded_on=date(min(years), 1, 2),
    )


WB_2024 = award("WB-2024-001", "15091", 2024)
WB_2025 = award("WB-2025-001", "15091", 2025)
WB_2025_26 = award("WB-2025-002", "15091", 2025, 2026)
BK_2025 = award("BK-2025-001", "15083", 2025)
LEDGER = InMemoryLedger((WB_2024, WB_2025, WB_2025_26, BK_2025))


def ids(awards: object) -> list[str]:
    return [a.application_id for a in awards]  # type: ignore[attr-defined]


# --------------------------------------------------------------------------------------------
# Filtering


@pytest.mark.parametrize(
    ("district_key", "years", "expected"),
    [
        pytest.param("15091", {2025}, ["WB-2025-001", "WB-2025-002"], id="wittenberg-2025"),
        pytest.param("15091", {2024}, ["WB-2024-001"], id="wittenberg-2024"),
        pytest.param("15091", {2026}, ["WB-2025-002"], id="award-spanning-two-years"),
        pytest.param(
            "15091", {2024, 2026}, ["WB-2024-001", "WB-2025-002"], id="any-of-several-years"
        ),
        pytest.param(
            "15091",
            {2023, 2024, 2025, 2026, 2027},
            ["WB-2024-001", "WB-2025-001", "WB-2025-002"],
            id="all-years-in-order-of-entry",
        ),
        pytest.param("15091", {2023}, [], id="no-award-that-year"),
        pytest.param("15091", set(), [], id="no-years"),
        pytest.param("15083", {2025}, ["BK-2025-001"], id="boerde-2025"),
        pytest.param("15083", {2024}, [], id="boerde-2024"),
        pytest.param("15001", {2024, 2025, 2026}, [], id="district-without-awards"),
    ],
)
def test_awards_by_district_and_calendar_years(
    district_key: str, years: set[int], expected: list[str]
) -> None:
    assert ids(LEDGER.awards(district_key=district_key, calendar_years=years)) == expected


@pytest.mark.parametrize(
    "years",
    [
        pytest.param(frozenset({2025}), id="frozenset"),
        pytest.param([2025, 2025], id="list-with-repeats"),
        pytest.param((2025,), id="tuple"),
        pytest.param(range(2025, 2026), id="range"),
    ],
)
def test_calendar_years_may_be_any_collection(years: object) -> None:
    found = LEDGER.awards(district_key="15091", calendar_years=years)  # type: ignore[arg-type]
    assert ids(found) == ["WB-2025-001", "WB-2025-002"]


CALL_2024 = award("WB-2024-009", "15091", 2024, call="Aufruf 2024/25")
CALL_AWARDS = (WB_2025, CALL_2024, award("BK-2024-009", "15083", 2024, call="Aufruf 2024/25"))


@pytest.mark.parametrize(
    ("years", "call", "expected"),
    [
        pytest.param({2025}, None, ["WB-2025-001"], id="without-call-only-years"),
        pytest.param(
            {2025},
            "Aufruf 2024/25",
            ["WB-2025-001", "WB-2024-009"],
            id="call-adds-its-awards-of-other-years",
        ),
        pytest.param(set(), "Aufruf 2024/25", ["WB-2024-009"], id="call-alone"),
        pytest.param({2024}, "Aufruf 2024/25", ["WB-2024-009"], id="no-duplicates"),
        pytest.param(set(), "Aufruf 2025/26", [], id="other-call"),
    ],
)
def test_awards_of_a_call_whatever_their_years(
    years: set[int], call: str | None, expected: list[str]
) -> None:
    # Built here, not at import: the ledger's index is what is tested.
    found = InMemoryLedger(CALL_AWARDS).awards(
        district_key="15091", calendar_years=years, call=call
    )
    assert ids(found) == expected


def test_empty_ledger_has_no_awards() -> None:
    assert ids(InMemoryLedger().awards(district_key="15091", calendar_years={2025})) == []


def test_in_memory_ledger_is_an_award_ledger() -> None:
    assert isinstance(LEDGER, AwardLedger)
    assert isinstance(InMemoryLedger(), AwardLedger)


# --------------------------------------------------------------------------------------------
# Immutability and duplicates


def test_with_award_returns_a_new_ledger() -> None:
    empty = InMemoryLedger()
    one = empty.with_award(WB_2025)
    two = one.with_award(BK_2025)
    assert empty.entries == ()
    assert one.entries == (WB_2025,)
    assert two.entries == (WB_2025, BK_2025)
    assert one is not empty
    assert ids(empty.awards(district_key="15091", calendar_years={2025})) == []
    assert ids(one.awards(district_key="15083", calendar_years={2025})) == []
    assert ids(two.awards(district_key="15083", calendar_years={2025})) == ["BK-2025-001"]


def test_ledger_and_award_are_frozen() -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        LEDGER.entries = ()  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        WB_2025.application_id = "other"  # type: ignore[misc]
    assert isinstance(LEDGER.entries, tuple)


def test_duplicate_application_ids_are_refused_when_built() -> None:
    again = attrs.evolve(BK_2025, application_id=WB_2025.application_id)
    with pytest.raises(InvariantError, match="WB-2025-001"):
        InMemoryLedger((WB_2025, BK_2025, again))


def test_duplicate_application_ids_are_refused_when_added() -> None:
    ledger = InMemoryLedger((WB_2025,))
    with pytest.raises(InvariantError, match="awarded twice"):
        ledger.with_award(WB_2025)
    with pytest.raises(InvariantError, match="WB-2025-001"):
        ledger.with_award(attrs.evolve(WB_2024, application_id="WB-2025-001"))
    assert ledger.entries == (WB_2025,)


def test_a_repeated_id_is_reported_with_the_ledgers_name_and_path() -> None:
    with pytest.raises(InvariantError) as caught:
        InMemoryLedger((WB_2025, WB_2024, attrs.evolve(WB_2024, district_key="15083")))
    error = caught.value
    assert error.cls_name == "InMemoryLedger"
    assert [(p.path, p.message) for p in error.problems] == [
        ("$.entries", "awarded twice: ['WB-2024-001']")
    ]
    assert str(error) == "invalid award ledger: entries: awarded twice: ['WB-2024-001']"


def test_all_repeated_ids_are_named() -> None:
    with pytest.raises(InvariantError) as caught:
        InMemoryLedger((WB_2025, WB_2025, WB_2024, WB_2024))
    message = str(caught.value)
    assert "WB-2024-001" in message
    assert "WB-2025-001" in message


# --------------------------------------------------------------------------------------------
# Awards


def test_award_from_application() -> None:
    awarded = Award.from_application(EXAMPLE, awarded_on=date(2025, 7, 15))
    assert awarded.application_id == EXAMPLE.id
    assert awarded.district_key == EXAMPLE.district.key == "15091"
    assert awarded.applicant_key == EXAMPLE.applicant.key
    assert awarded.school_keys == tuple(school.key for school in EXAMPLE.schools)
    assert awarded.call == EXAMPLE.call
    assert awarded.period == EXAMPLE.period
    assert awarded.cost_plan == EXAMPLE.cost_plan
    assert awarded.awarded_on == date(2025, 7, 15)
    assert awarded.total == EXAMPLE.requested_amount == Money("1800.00")
    assert awarded.calendar_years() == frozenset({2025})


def test_award_from_application_with_call_and_several_schools_and_years() -> None:
    other = attrs.evolve(EXAMPLE.schools[0], name="Grundschule Am Schwanenteich", number="12345")
    lines = (line("1500.00", 2025), line("0.01", 2026, date(2026, 6, 30)))
    application = attrs.evolve(
        EXAMPLE,
        schools=(EXAMPLE.schools[0], other),
        period=DateRange(start=date(2025, 9, 1), end=date(2026, 6, 30)),
        cost_plan=lines,
        requested_amount=Money("1500.01"),
        call="Aufruf 2025",
    )
    awarded = Award.from_application(application, awarded_on=date(2025, 8, 1))
    assert awarded.school_keys == (
        "sekundarschule „am beispielpark“ (erfundenes beispiel)",
        "12345",
    )
    assert awarded.call == "Aufruf 2025"
    assert awarded.total == Money("1500.01")
    assert awarded.calendar_years() == frozenset({2025, 2026})


def test_award_ledger_flow_from_applications() -> None:
    first = Award.from_application(EXAMPLE, awarded_on=date(2025, 7, 15))
    ledger = InMemoryLedger().with_award(first)
    assert ids(ledger.awards(district_key="15091", calendar_years={2025})) == [EXAMPLE.id]
    assert ids(ledger.awards(district_key="15091", calendar_years={2026})) == []
    with pytest.raises(InvariantError):
        ledger.with_award(Award.from_application(EXAMPLE, awarded_on=date(2025, 8, 1)))


# --------------------------------------------------------------------------------------------
# JSON


@pytest.mark.parametrize(
    "value",
    [
        pytest.param(WB_2025, id="one-year"),
        pytest.param(WB_2025_26, id="two-years"),
        pytest.param(award("WB-2025-009", "15091", 2025, call="Aufruf 2025"), id="with-call"),
        pytest.param(
            Award.from_application(EXAMPLE, awarded_on=date(2025, 7, 15)), id="from-example"
        ),
    ],
)
def test_award_round_trips_through_dict_and_json(value: Award) -> None:
    data = to_dict(value)
    assert from_dict(data, Award) == value
    assert from_json(to_json(value), Award) == value
    assert to_json(from_json(to_json(value), Award)) == to_json(value)


def test_award_wire_format() -> None:
    data = to_dict(Award.from_application(EXAMPLE, awarded_on=date(2025, 7, 15)))
    assert data["application_id"] == "WB-2025-017"
    assert data["district_key"] == "15091"
    assert data["awarded_on"] == "2025-07-15"
    assert data["period"] == {"start": "2025-09-01", "end": "2025-12-19"}
    assert data["cost_plan"][0]["amount"] == "1200.00"
    assert data["call"] is None


def test_award_from_dict_reports_every_problem_with_its_path() -> None:
    data = to_dict(WB_2025)
    data["cost_plan"][0]["amount"] = "12.345"
    data["awarded_on"] = "2025-02-30"
    del data["district_key"]
    with pytest.raises(DocumentError) as caught:
        from_dict(data, Award)
    paths = {problem.path for problem in caught.value.problems}
    assert {"$.cost_plan[0].amount", "$.awarded_on", "$.district_key"} <= paths


def _naive(
    ledger: InMemoryLedger,
    district_key: str,
    years: frozenset[int],
    call: str | None,
    applicant: str | None = None,
    schools: frozenset[str] | None = None,
) -> tuple[Award, ...]:
    def of_subject(award: Award) -> bool:
        if applicant is None and schools is None:
            return True
        return award.applicant_key == applicant or bool(set(award.school_keys) & (schools or set()))

    return tuple(
        award
        for award in ledger.entries
        if award.district_key == district_key
        and (award.calendar_years() & years or (call is not None and award.call == call))
        and of_subject(award)
    )


@hypothesis_st.composite
def ledgers(draw: hypothesis_st.DrawFn) -> InMemoryLedger:
    """Small ledgers over three districts, a few years and calls: many look-ups match."""
    count = draw(hypothesis_st.integers(0, 8))
    entries = []
    for index in range(count):
        years = draw(hypothesis_st.sets(hypothesis_st.integers(2024, 2027), min_size=1, max_size=2))
        made = award(
            f"A-{index}",
            draw(hypothesis_st.sampled_from(["15083", "15091", "15001"])),
            *years,
            call=draw(hypothesis_st.sampled_from([None, "2025-1", "2025-2"])),
        )
        entries.append(
            attrs.evolve(
                made,
                applicant_key=draw(hypothesis_st.sampled_from(["applicant 1", "applicant 2"])),
                school_keys=tuple(
                    draw(
                        hypothesis_st.sets(
                            hypothesis_st.sampled_from(["s1", "s2", "s3"]), min_size=1
                        )
                    )
                ),
            )
        )
    return InMemoryLedger(tuple(entries))


@given(
    ledger=ledgers(),
    district=hypothesis_st.sampled_from(["15083", "15091", "15001"]),
    years=hypothesis_st.frozensets(hypothesis_st.integers(2023, 2028), max_size=3),
    call=hypothesis_st.sampled_from([None, "2025-1", "2025-2", "other"]),
    applicant=hypothesis_st.sampled_from([None, "applicant 1", "applicant 2"]),
    schools=hypothesis_st.one_of(
        hypothesis_st.none(),
        hypothesis_st.frozensets(hypothesis_st.sampled_from(["s1", "s2", "s3"])),
    ),
)
def test_the_indexed_look_up_finds_exactly_what_a_full_scan_finds(
    ledger: InMemoryLedger,
    district: str,
    years: frozenset[int],
    call: str | None,
    applicant: str | None,
    schools: frozenset[str] | None,
) -> None:
    found = tuple(
        ledger.awards(
            district_key=district,
            calendar_years=years,
            call=call,
            applicant_key=applicant,
            school_keys=schools,
        )
    )
    assert found == _naive(ledger, district, years, call, applicant, schools)
