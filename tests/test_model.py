"""The domain model: invariants, e-mail normalisation, co-financing, applications and cost plans."""

from __future__ import annotations

import decimal
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import schulerfolg
from schulerfolg import (
    Address,
    Applicant,
    ApplicantKind,
    Application,
    CalendarYear,
    CoFinancing,
    Contact,
    CooperationPartner,
    CostPlanError,
    CostPlanLine,
    DateRange,
    District,
    FundingAmount,
    FundingCycle,
    FundingSource,
    GrantNotice,
    InvariantError,
    Module,
    Money,
    NetworkOffice,
    PartnerKind,
    Programme,
    School,
    SchoolSocialWorkProject,
    SchoolType,
    SchoolYear,
    SchulerfolgError,
    Source,
    Sponsor,
    SponsorKind,
    TargetGroup,
    normalise_email,
)

# --------------------------------------------------------------------------------------------
# Valid objects of every class, built directly


def wittenberg() -> District:
    return schulerfolg.district("15091")


def a_source() -> Source:
    return Source(reference="https://www.schulerfolg-sichern.de/", title="Schulerfolg sichern")


def an_address() -> Address:
    return Address(street="Lerchenbergstraße 1", postal_code="06886", city="Wittenberg")


def a_contact() -> Contact:
    return Contact(
        name="Anna Muster", role="Koordinatorin", phone="03491 123456", email="a.muster@example.de"
    )


def a_sponsor() -> Sponsor:
    return Sponsor(
        name="Jugendhilfe Wittenberg gGmbH",
        kind=SponsorKind.FREE_YOUTH_WELFARE,
        department="Schulsozialarbeit",
        address=an_address(),
    )


def a_network_office() -> NetworkOffice:
    return NetworkOffice(
        name="Netzwerkstelle Schulerfolg Wittenberg",
        district=wittenberg(),
        sponsor=a_sponsor(),
        contacts=(a_contact(),),
        tasks=("Akteure vernetzen",),
        audiences=("Schulen",),
        partner_departments=("Jugendamt",),
        focus_topics=("Übergang Schule–Beruf",),
        as_of=date(2024, 11, 7),
        source=a_source(),
    )


def a_partner() -> CooperationPartner:
    return CooperationPartner(name="Förderverein e.V.", kind=PartnerKind.SCHOOL_SUPPORT_ASSOCIATION)


def a_school(**changes: Any) -> School:
    school = School(
        name="Sekundarschule „Am Lerchenberg“",
        school_type=SchoolType.SECONDARY_SCHOOL,
        district=wittenberg(),
        has_school_social_work=True,
        number="12345",
    )
    return attrs.evolve(school, **changes)


def a_project() -> SchoolSocialWorkProject:
    return SchoolSocialWorkProject(school=a_school(), sponsor=a_sponsor(), fte=Decimal("0.75"))


def shares(
    eu: str, state: str, municipal: str, module: Module = Module.NETWORK_OFFICE
) -> CoFinancing:
    return CoFinancing(
        module=module,
        eu_share=Decimal(eu),
        state_share=Decimal(state),
        municipal_share=Decimal(municipal),
        source=a_source(),
    )


def a_co_financing() -> CoFinancing:
    return shares("0.6", "0.3", "0.1", Module.SCHOOL_SOCIAL_WORK)


def a_cycle() -> FundingCycle:
    return FundingCycle(
        id="esf-plus-2024",
        name="ESF+ 2024–2028",
        period=DateRange(start=date(2024, 8, 1), end=date(2028, 7, 31)),
        modules=(Module.SCHOOL_SOCIAL_WORK, Module.NETWORK_OFFICE),
        co_financing=(a_co_financing(),),
        source=a_source(),
    )


def a_programme() -> Programme:
    return Programme(name="Schulerfolg sichern", guideline=a_source(), cycles=(a_cycle(),))


def a_funding_amount() -> FundingAmount:
    return FundingAmount(source=FundingSource.EU, amount=Money("6000.00"))


def a_grant_notice() -> GrantNotice:
    return GrantNotice(
        issuer="Landesverwaltungsamt",
        recipient=a_sponsor(),
        project="Schulsozialarbeit an der Sekundarschule",
        period=DateRange(start=date(2024, 8, 1), end=date(2025, 7, 31)),
        amounts=(
            FundingAmount(source=FundingSource.EU, amount=Money("6000.00")),
            FundingAmount(source=FundingSource.STATE, amount=Money("3000.00")),
            FundingAmount(source=FundingSource.MUNICIPAL, amount=Money("1000.00")),
        ),
    )


def an_applicant() -> Applicant:
    return Applicant(name="Sekundarschule „Am Lerchenberg“", kind=ApplicantKind.SCHOOL)


def a_line(
    amount: str = "100.00", year: int = 2025, on: date | None = None, text: str = "Honorar"
) -> CostPlanLine:
    return CostPlanLine(description=text, amount=Money(amount), calendar_year=year, incurred_on=on)


def an_application(**changes: Any) -> Application:
    """The bundled example (2025-09-01..2025-12-19, lines 1200 + 250 + 350 = 1800)."""
    return attrs.evolve(schulerfolg.example_application(), **changes)


def offer(period: DateRange, *lines: CostPlanLine) -> Application:
    """An application with these cost plan lines, requesting exactly their total."""
    total = sum((line.amount for line in lines), Money.zero())
    return an_application(period=period, cost_plan=lines, requested_amount=total)


def fields(error: InvariantError) -> list[str]:
    return [field for field, _ in error.problems]


# --------------------------------------------------------------------------------------------
# Every class: valid objects build; each broken invariant raises and names its field

VALID: dict[str, Callable[[], object]] = {
    "Source": a_source,
    "District": wittenberg,
    "Address": an_address,
    "Contact": a_contact,
    "Sponsor": a_sponsor,
    "NetworkOffice": a_network_office,
    "CooperationPartner": a_partner,
    "School": a_school,
    "SchoolSocialWorkProject": a_project,
    "CoFinancing": a_co_financing,
    "FundingCycle": a_cycle,
    "Programme": a_programme,
    "FundingAmount": a_funding_amount,
    "GrantNotice": a_grant_notice,
    "Applicant": an_applicant,
    "CostPlanLine": a_line,
    "Application": an_application,
}


@pytest.mark.parametrize("name", sorted(VALID))
def test_valid_objects_build(name: str) -> None:
    obj = VALID[name]()
    assert type(obj).__name__ == name
    assert attrs.evolve(obj) == obj  # rebuilding re-checks and gives an equal object


BROKEN: list[tuple[str, dict[str, Any], str]] = [
    ("Source", {"reference": ""}, "reference"),
    ("Source", {"title": "   "}, "title"),
    ("District", {"key": "16001", "ags": "16001000"}, "key"),
    ("District", {"key": "1509"}, "key"),
    ("District", {"ags": "15091001"}, "ags"),
    ("District", {"slug": "Witten Berg"}, "slug"),
    ("District", {"slug": "wittenberg-"}, "slug"),
    ("District", {"name": ""}, "name"),
    ("District", {"seat": " "}, "seat"),
    ("Address", {"street": ""}, "street"),
    ("Address", {"city": "\t"}, "city"),
    ("Address", {"postal_code": "6886"}, "postal_code"),
    ("Address", {"postal_code": "0688A"}, "postal_code"),
    ("Contact", {"name": ""}, "name"),
    ("Contact", {"role": " "}, "role"),
    ("Contact", {"phone": ""}, "phone"),
    ("Contact", {"email": "name@"}, "email"),
    ("Contact", {"email": "no-at-sign"}, "email"),
    ("Sponsor", {"name": ""}, "name"),
    ("Sponsor", {"department": " "}, "department"),
    ("NetworkOffice", {"name": ""}, "name"),
    ("NetworkOffice", {"tasks": ("Akteure vernetzen", " ")}, "tasks[1]"),
    ("NetworkOffice", {"audiences": ("",)}, "audiences[0]"),
    ("NetworkOffice", {"partner_departments": ("",)}, "partner_departments[0]"),
    ("NetworkOffice", {"focus_topics": ("a", "b", "")}, "focus_topics[2]"),
    ("CooperationPartner", {"name": " "}, "name"),
    ("School", {"name": ""}, "name"),
    ("School", {"number": " "}, "number"),
    ("SchoolSocialWorkProject", {"fte": Decimal(0)}, "fte"),
    ("SchoolSocialWorkProject", {"fte": Decimal("-0.5")}, "fte"),
    ("SchoolSocialWorkProject", {"fte": Decimal("NaN")}, "fte"),
    ("SchoolSocialWorkProject", {"fte": Decimal("Infinity")}, "fte"),
    ("CoFinancing", {"eu_share": Decimal("1.1")}, "eu_share"),
    ("CoFinancing", {"state_share": Decimal("-0.1")}, "state_share"),
    ("CoFinancing", {"municipal_share": Decimal("NaN")}, "municipal_share"),
    ("CoFinancing", {"municipal_share": Decimal("0.2")}, "municipal_share"),
    ("CoFinancing", {"note": ""}, "note"),
    ("FundingCycle", {"id": ""}, "id"),
    ("FundingCycle", {"name": " "}, "name"),
    ("FundingCycle", {"modules": (), "co_financing": ()}, "modules"),
    ("FundingCycle", {"modules": (Module.SCHOOL_SOCIAL_WORK,) * 2}, "modules"),
    ("FundingCycle", {"co_financing": (a_co_financing(), a_co_financing())}, "co_financing"),
    ("Programme", {"name": ""}, "name"),
    ("Programme", {"cycles": (a_cycle(), a_cycle())}, "cycles"),
    ("FundingAmount", {"amount": Money("-0.01")}, "amount"),
    ("GrantNotice", {"issuer": ""}, "issuer"),
    ("GrantNotice", {"project": " "}, "project"),
    ("GrantNotice", {"amounts": ()}, "amounts"),
    ("GrantNotice", {"amounts": (a_funding_amount(), a_funding_amount())}, "amounts"),
    ("Applicant", {"name": ""}, "name"),
    ("CostPlanLine", {"description": ""}, "description"),
    ("CostPlanLine", {"amount": Money("-1.00")}, "amount"),
    ("CostPlanLine", {"calendar_year": 0}, "calendar_year"),
    ("CostPlanLine", {"calendar_year": 10_000}, "calendar_year"),
    ("CostPlanLine", {"incurred_on": date(2024, 12, 31)}, "incurred_on"),
    ("Application", {"id": ""}, "id"),
    ("Application", {"title": " "}, "title"),
    ("Application", {"call": ""}, "call"),
    ("Application", {"schools": ()}, "schools"),
    ("Application", {"target_groups": ()}, "target_groups"),
    ("Application", {"target_groups": (TargetGroup.PUPILS, TargetGroup.PUPILS)}, "target_groups"),
    ("Application", {"documents": ("concept", "cost_plan", "concept")}, "documents"),
    ("Application", {"documents": ("concept", "Cost-Plan")}, "documents[1]"),
    ("Application", {"documents": ("1st_form",)}, "documents[0]"),
    ("Application", {"requested_amount": Money("1799.99")}, "requested_amount"),
    ("Application", {"requested_amount": Money("-1800.00")}, "requested_amount"),
    ("Application", {"cost_plan": (), "requested_amount": Money(0)}, "cost_plan"),
]


@pytest.mark.parametrize(
    ("name", "changes", "field"),
    BROKEN,
    ids=[f"{name}-{field}-{i}" for i, (name, _, field) in enumerate(BROKEN)],
)
def test_broken_invariant_names_the_field(name: str, changes: dict[str, Any], field: str) -> None:
    valid = VALID[name]()
    with pytest.raises(InvariantError) as excinfo:
        attrs.evolve(valid, **changes)
    error = excinfo.value
    assert error.cls_name == name
    assert field in fields(error)
    assert all(isinstance(message, str) and message for _, message in error.problems)
    assert f"{field}: " in str(error)
    assert isinstance(error, SchulerfolgError)
    assert isinstance(error, ValueError)


def test_every_model_class_has_invariant_cases() -> None:
    assert {name for name, _, _ in BROKEN} == set(VALID)


def test_several_broken_invariants_are_reported_together() -> None:
    with pytest.raises(InvariantError) as excinfo:
        Address(street="", postal_code="123", city=" ")
    assert sorted(fields(excinfo.value)) == ["city", "postal_code", "street"]

    with pytest.raises(InvariantError) as excinfo:
        an_application(
            title="",
            schools=(),
            target_groups=(),
            documents=("concept", "concept", "Bad Id"),
            requested_amount=Money("1.00"),
        )
    assert set(fields(excinfo.value)) == {
        "title",
        "schools",
        "target_groups",
        "documents",
        "documents[2]",
        "requested_amount",
    }
    message = str(excinfo.value)
    assert message.startswith("invalid Application: ")
    for field in ("title", "schools", "target_groups", "documents[2]", "requested_amount"):
        assert f"{field}: " in message


def test_district_with_wrong_key_reports_key_and_ags() -> None:
    with pytest.raises(InvariantError) as excinfo:
        attrs.evolve(wittenberg(), key="16001")
    assert set(fields(excinfo.value)) == {"key", "ags"}


# --------------------------------------------------------------------------------------------
# Frozen and keyword-only


@pytest.mark.parametrize("name", sorted(VALID))
def test_objects_are_frozen(name: str) -> None:
    obj = VALID[name]()
    first_field = attrs.fields(type(obj))[0].name
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(obj, first_field, getattr(obj, first_field))


@pytest.mark.parametrize("name", sorted(VALID))
def test_objects_are_keyword_only(name: str) -> None:
    obj = VALID[name]()
    values = [getattr(obj, field.name) for field in attrs.fields(type(obj))]
    with pytest.raises(TypeError):
        type(obj)(*values)
    assert type(obj)(**attrs.asdict(obj, recurse=False)) == obj


def test_frozen_examples() -> None:
    application = an_application()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        application.requested_amount = Money("0")  # type: ignore[misc]
    with pytest.raises(TypeError):
        Address("Lerchenbergstraße 1", "06886", "Wittenberg")  # type: ignore[misc]


# --------------------------------------------------------------------------------------------
# Contact e-mails


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("name(at)example.de", "name@example.de"),
        ("name [at] example [dot] de", "name@example.de"),
        ("name (at) example (dot) de", "name@example.de"),
        ("name{at}example{dot}de", "name@example.de"),
        ("vorname.name(AT)landkreis-wittenberg(DOT)de", "vorname.name@landkreis-wittenberg.de"),
        ("name@example.de", "name@example.de"),
        ("  name@example.de ", "name@example.de"),
        (None, None),
    ],
)
def test_contact_normalises_published_emails(published: str | None, expected: str | None) -> None:
    assert Contact(name="Anna Muster", email=published).email == expected
    assert normalise_email(published) == expected


@pytest.mark.parametrize(
    "bad",
    ["name@", "no-at-sign", "@example.de", "name@example", "name@@example.de", "name(at)", ""],
)
def test_contact_rejects_invalid_emails(bad: str) -> None:
    with pytest.raises(InvariantError) as excinfo:
        Contact(name="Anna Muster", email=bad)
    assert fields(excinfo.value) == ["email"]


local_parts = st.from_regex(r"[a-z0-9]+(?:[._-][a-z0-9]+){0,2}", fullmatch=True)
labels = st.from_regex(r"[a-z0-9]+(?:-[a-z0-9]+)?", fullmatch=True)
tlds = st.sampled_from(["de", "com", "org", "info"])
at_marks = st.sampled_from(["(at)", "[at]", "{at}", " (at) ", " [at] ", "(AT)", " at "])
dot_marks = st.sampled_from(["(dot)", "[dot]", "{dot}", " (dot) ", " [dot] ", "(Dot)", "."])


@given(local_parts, labels, tlds, at_marks, dot_marks)
def test_published_forms_normalise_to_the_address(
    local: str, domain: str, tld: str, at: str, dot: str
) -> None:
    contact = Contact(name="Anna Muster", email=f"{local}{at}{domain}{dot}{tld}")
    assert contact.email == f"{local}@{domain}.{tld}"


@given(
    st.lists(
        st.sampled_from(
            ["a", "b", ".", "@", " ", "at", "dot", "(at)", "[at]", "(dot)", "[dot]", "(", ")", "x"]
        ),
        max_size=12,
    ).map("".join)
)
def test_normalise_email_is_idempotent(text: str) -> None:
    once = normalise_email(text)
    assert normalise_email(once) == once


@given(local_parts, labels, tlds, at_marks, dot_marks)
def test_contact_normalisation_survives_evolve(
    local: str, domain: str, tld: str, at: str, dot: str
) -> None:
    contact = Contact(name="Anna Muster", email=f"{local}{at}{domain}{dot}{tld}")
    assert attrs.evolve(contact, name="Bernd Beispiel").email == contact.email
    assert attrs.evolve(contact, email=contact.email) == contact
    assert attrs.evolve(contact) == contact


# --------------------------------------------------------------------------------------------
# Co-financing and funding cycles


@pytest.mark.parametrize(
    ("eu", "state", "municipal"),
    [("0.6", "0.3", "0.1"), ("0.8", "0.2", "0"), ("1", "0", "0"), ("0.60", "0.30", "0.10")],
)
def test_shares_summing_to_one_are_accepted(eu: str, state: str, municipal: str) -> None:
    co_financing = shares(eu, state, municipal)
    assert co_financing.eu_share + co_financing.state_share + co_financing.municipal_share == 1


@pytest.mark.parametrize(
    ("eu", "state", "municipal"),
    [("0.6", "0.3", "0.2"), ("0.6", "0.3", "0.09"), ("0", "0", "0"), ("0.5", "0.5", "0.0001")],
)
def test_shares_not_summing_to_one_are_refused(eu: str, state: str, municipal: str) -> None:
    with pytest.raises(InvariantError, match="sum to exactly 1") as excinfo:
        shares(eu, state, municipal)
    assert fields(excinfo.value) == ["municipal_share"]


def test_inexact_thirds_are_refused() -> None:
    third = Decimal(1) / Decimal(3)
    with pytest.raises(InvariantError, match="sum to exactly 1"):
        CoFinancing(
            module=Module.NETWORK_OFFICE,
            eu_share=third,
            state_share=third,
            municipal_share=third,
            source=a_source(),
        )
    with pytest.raises(InvariantError, match="sum to exactly 1"):
        shares("0.3333", "0.3333", "0.3333")


@given(st.integers(0, 10_000), st.integers(0, 10_000))
def test_shares_in_basis_points_accepted_iff_they_sum_to_one(eu: int, state: int) -> None:
    municipal = 10_000 - eu - state
    eu_share, state_share = Decimal(eu).scaleb(-4), Decimal(state).scaleb(-4)
    if municipal >= 0:
        built = shares(str(eu_share), str(state_share), str(Decimal(municipal).scaleb(-4)))
        assert built.eu_share == eu_share
    else:
        with pytest.raises(InvariantError):
            shares(str(eu_share), str(state_share), "0")


def test_shares_that_only_round_to_one_are_refused() -> None:
    # 29 significant digits: the default 28-digit decimal context would round the sum to 1.
    with pytest.raises(InvariantError, match="sum to exactly 1"):
        shares("0.5", "0.49999999999999999999999999999", "0")
    # The check does not depend on the thread's decimal precision.
    with decimal.localcontext(prec=2):
        assert shares("0.6", "0.3", "0.1").eu_share == Decimal("0.6")
        with pytest.raises(InvariantError, match="sum to exactly 1"):
            shares("0.333", "0.333", "0.335")


def test_cycle_refuses_co_financing_for_a_module_it_does_not_list() -> None:
    with pytest.raises(InvariantError) as excinfo:
        attrs.evolve(
            a_cycle(),
            modules=(Module.SCHOOL_SOCIAL_WORK,),
            co_financing=(a_co_financing(), shares("0.6", "0", "0.4", Module.NETWORK_OFFICE)),
        )
    assert fields(excinfo.value) == ["co_financing[1].module"]


def test_cycle_looks_up_co_financing() -> None:
    cycle = a_cycle()
    assert cycle.co_financing_for(Module.SCHOOL_SOCIAL_WORK) == a_co_financing()
    assert cycle.co_financing_for(Module.NETWORK_OFFICE) is None
    assert cycle.start == date(2024, 8, 1)
    assert cycle.end == date(2028, 7, 31)
    assert not cycle.provisional
    provisional = attrs.evolve(a_co_financing(), provisional=True)
    assert attrs.evolve(cycle, co_financing=(provisional,)).provisional


def test_grant_notice_total() -> None:
    assert a_grant_notice().total == Money("10000.00")


# --------------------------------------------------------------------------------------------
# Applications and cost plans


def test_example_application_adds_up() -> None:
    application = an_application()
    assert application.cost_plan_total == application.requested_amount == Money("1800.00")


def test_cost_plan_line_year_outside_period() -> None:
    lines = (a_line("1000.00", 2025), a_line("800.00", 2026))
    with pytest.raises(InvariantError) as excinfo:
        an_application(cost_plan=lines)  # period 2025-09-01..2025-12-19
    assert fields(excinfo.value) == ["cost_plan[1].calendar_year"]


def test_cost_plan_line_incurred_outside_period() -> None:
    lines = (
        a_line("1000.00", 2025, date(2025, 9, 1)),
        a_line("500.00", 2025, date(2025, 8, 31)),
        a_line("300.00", 2025, date(2025, 12, 20)),
    )
    with pytest.raises(InvariantError) as excinfo:
        an_application(cost_plan=lines)
    assert fields(excinfo.value) == ["cost_plan[1].incurred_on", "cost_plan[2].incurred_on"]


def test_cost_plan_total_must_equal_requested_amount() -> None:
    with pytest.raises(InvariantError, match="differs from the cost plan total") as excinfo:
        an_application(requested_amount=Money("1800.01"))
    assert fields(excinfo.value) == ["requested_amount"]


@given(st.lists(st.integers(0, 10**8), min_size=1, max_size=20), st.integers(-(10**6), 10**6))
def test_requested_amount_must_match_total_exactly(cents: list[int], delta: int) -> None:
    period = DateRange(start=date(2025, 9, 1), end=date(2026, 7, 31))
    lines = tuple(a_line(str(Decimal(c).scaleb(-2)), 2025 + i % 2) for i, c in enumerate(cents))
    total = Money(Decimal(sum(cents)).scaleb(-2))
    requested = Money(Decimal(sum(cents) + delta).scaleb(-2))
    if delta == 0:
        application = an_application(period=period, cost_plan=lines, requested_amount=requested)
        assert application.cost_plan_total == total
    else:
        with pytest.raises(InvariantError) as excinfo:
            an_application(period=period, cost_plan=lines, requested_amount=requested)
        assert "requested_amount" in fields(excinfo.value)


def test_amounts_by_calendar_year_across_two_years() -> None:
    period = DateRange(start=date(2025, 9, 1), end=date(2026, 7, 31))
    application = offer(
        period,
        a_line("500.00", 2026, date(2026, 3, 1)),
        a_line("1000.00", 2025),
        a_line("250.50", 2025, date(2025, 10, 1)),
        a_line("0.50", 2026),
    )
    by_year = application.amounts_by_calendar_year()
    assert by_year == {CalendarYear(2025): Money("1250.50"), CalendarYear(2026): Money("500.50")}
    assert list(by_year) == [CalendarYear(2025), CalendarYear(2026)]  # in year order
    assert by_year == schulerfolg.split_cost_plan_by_calendar_year(application.cost_plan)


def test_amounts_by_calendar_year_single_year() -> None:
    assert an_application().amounts_by_calendar_year() == {CalendarYear(2025): Money("1800.00")}


def test_amounts_by_school_year_one_school_year_over_two_calendar_years() -> None:
    period = DateRange(start=date(2025, 9, 1), end=date(2026, 7, 31))
    application = offer(
        period,
        a_line("1000.00", 2025),
        a_line("500.00", 2026),
        a_line("250.00", 2026, date(2026, 7, 31)),
    )
    assert application.amounts_by_school_year() == {SchoolYear(2025): Money("1750.00")}


def test_amounts_by_school_year_with_dated_and_undated_lines() -> None:
    period = DateRange(start=date(2025, 6, 1), end=date(2026, 6, 30))
    application = offer(
        period,
        a_line("100.00", 2025, date(2025, 6, 15)),  # SY 2024/25
        a_line("200.00", 2025, date(2025, 7, 31)),  # SY 2024/25
        a_line("300.00", 2025, date(2025, 8, 1)),  # SY 2025/26
        a_line("400.00", 2026),  # undated, 2026 meets the offer only in SY 2025/26
    )
    by_year = application.amounts_by_school_year()
    assert by_year == {SchoolYear(2024): Money("300.00"), SchoolYear(2025): Money("700.00")}
    assert list(by_year) == [SchoolYear(2024), SchoolYear(2025)]
    assert by_year == schulerfolg.split_cost_plan_by_school_year(application.cost_plan, period)


def test_undated_line_spanning_two_school_years_is_an_error_naming_the_line() -> None:
    period = DateRange(start=date(2025, 6, 1), end=date(2026, 6, 30))
    application = offer(
        period,
        a_line("100.00", 2025, date(2025, 6, 15)),
        a_line("200.00", 2025, text="Material"),  # 2025 ∩ offer = 01.06.–31.12.: two school years
        a_line("300.00", 2026),
        a_line("400.00", 2025, text="Honorar"),
    )
    assert application.amounts_by_calendar_year() == {
        CalendarYear(2025): Money("700.00"),
        CalendarYear(2026): Money("300.00"),
    }
    with pytest.raises(CostPlanError) as excinfo:
        application.amounts_by_school_year()
    error = excinfo.value
    assert isinstance(error, InvariantError)
    assert fields(error) == ["cost_plan[1]", "cost_plan[3]"]
    assert "'Material'" in str(error)
    assert "incurred_on" in str(error)


@st.composite
def dated_offers(draw: st.DrawFn) -> Application:
    start = draw(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)))
    period = DateRange(start=start, end=start + timedelta(days=draw(st.integers(0, 1100))))
    lines = []
    for _ in range(draw(st.integers(1, 8))):
        day = period.start + timedelta(days=draw(st.integers(0, period.days - 1)))
        cents = draw(st.integers(0, 10**7))
        lines.append(a_line(str(Decimal(cents).scaleb(-2)), day.year, day))
    return offer(period, *lines)


@given(dated_offers())
def test_dated_lines_land_in_their_school_and_calendar_year(application: Application) -> None:
    by_school_year = application.amounts_by_school_year()
    by_calendar_year = application.amounts_by_calendar_year()
    for totals in (by_school_year, by_calendar_year):
        assert sum(totals.values(), Money.zero()) == application.requested_amount
        assert list(totals) == sorted(totals)
    for year, total in by_school_year.items():
        in_year = [
            line.amount
            for line in application.cost_plan
            if line.incurred_on is not None and line.incurred_on in year.range
        ]
        assert in_year
        assert sum(in_year, Money.zero()) == total
    assert set(by_school_year) <= set(application.period.school_years())
    assert set(by_calendar_year) <= set(application.period.calendar_years())


# --------------------------------------------------------------------------------------------
# Identity keys


def test_school_key_is_the_number_when_known() -> None:
    assert a_school(number="12345").key == "12345"
    assert a_school(number="12345", name="Andere Schule").key == "12345"


def test_school_key_folds_the_name_without_number() -> None:
    school = a_school(number=None, name="  Sekundarschule   „Am LERCHENBERG“ ")
    assert school.key == "sekundarschule „am lerchenberg“"
    assert a_school(number=None, name="Schule an der Straße").key == (
        a_school(number=None, name="SCHULE AN DER STRASSE").key
    )
    assert a_school(number=None, name="Schule A").key != a_school(number=None, name="Schule B").key


@given(
    st.lists(st.sampled_from(["Grundschule", "Am", "See", "Nord", "Ölberg", "Straße"]), min_size=1),
    st.sampled_from([" ", "  ", "\t", " \n "]),
)
def test_school_key_ignores_case_and_spacing(words: list[str], gap: str) -> None:
    plain = a_school(number=None, name=" ".join(words))
    shouted = a_school(number=None, name=f"{gap}{gap.join(w.upper() for w in words)}{gap}")
    assert plain.key == shouted.key
    assert plain.key == " ".join(words).casefold()


def test_applicant_key_folds_the_name() -> None:
    assert (
        an_applicant().key
        == Applicant(name="SEKUNDARSCHULE  „AM LERCHENBERG“", kind=ApplicantKind.SCHOOL).key
    )
