"""Evaluating an application: properties of decisions, rules that fail or break their contract,
and what rules added by an overlay do.

Every evaluation passes ``rulebook=`` explicitly (the default rulebook depends on installed
district plugins).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import schulerfolg
from rule_helpers import (
    CAP,
    EXAMPLE,
    PARAMETERS_START,
    SCHOOL_YEAR_2025,
    STATE_RULE_IDS,
    TEST_LAYER,
    application,
    in_boerde,
    line,
    overlay,
    parameter,
    rule,
    run,
    state,
)
from schulerfolg import (
    ApplicantKind,
    Application,
    Award,
    CostPlanLine,
    Decision,
    Finding,
    InMemoryLedger,
    Money,
    NoEvaluationDateError,
    NotFoundError,
    Outcome,
    ParameterNotInForceError,
    Rulebook,
    RuleError,
    Severity,
    from_json,
    money_sum,
    strategies,
    to_json,
)
from schulerfolg._core.texts import message_text
from schulerfolg.plugins import (
    PARAMETER_SPECS,
    PLUGIN_API_VERSION,
    STATE_CODES,
    ArgKind,
    DistrictPlugin,
    FindingCode,
    Layer,
    LayerKind,
    Overlay,
    ParameterSpec,
    Rule,
    RuleContext,
)

STATE_CAP = Money("2000.00")


def by_calendar_year(lines: tuple[CostPlanLine, ...]) -> dict[int, Money]:
    totals: dict[int, Money] = {}
    for item in lines:
        totals[item.calendar_year] = totals.get(item.calendar_year, Money.zero()) + item.amount
    return totals


# --------------------------------------------------------------------------------------------
# Strategies


#: Evaluation days on which every state-wide parameter holds.
evaluation_days = st.dates(min_value=PARAMETERS_START, max_value=date(2040, 12, 31))


#: Yearly totals in cents: right at the cap's edge, or anywhere up to twice the cap.
yearly_cents = st.one_of(
    st.integers(min_value=199_997, max_value=200_003),
    st.integers(min_value=0, max_value=400_000),
)


@st.composite
def cost_plans(
    draw: st.DrawFn, totals: st.SearchStrategy[int] = yearly_cents
) -> tuple[CostPlanLine, ...]:
    """Lines in 2025 and/or 2026 (the period :data:`SCHOOL_YEAR_2025`): each year's total is
    drawn first, then split into one to three lines."""
    years = draw(st.sampled_from([(2025,), (2026,), (2025, 2026)]))
    lines = []
    for year in years:
        total = draw(totals)
        cuts = sorted(draw(st.lists(st.integers(0, total), max_size=2)))
        bounds = [0, *cuts, total]
        lines.extend(
            CostPlanLine(
                description=f"Posten {year}-{index}",
                amount=Money(Decimal(high - low).scaleb(-2)),
                calendar_year=year,
            )
            for index, (low, high) in enumerate(itertools.pairwise(bounds))
        )
    return tuple(lines)


@st.composite
def near_cap_applications(draw: st.DrawFn) -> Application:
    """The example application (otherwise eligible) with a cost plan around the cap."""
    lines = draw(cost_plans())
    return attrs.evolve(
        EXAMPLE,
        period=SCHOOL_YEAR_2025,
        cost_plan=lines,
        requested_amount=money_sum(line.amount for line in lines),
    )


@st.composite
def earlier_awards(draw: st.DrawFn) -> tuple[Award, ...]:
    """Up to three earlier awards for the example's school (and maybe for other schools)."""
    count = draw(st.integers(min_value=0, max_value=3))
    awards = []
    for index in range(count):
        lines = draw(cost_plans(st.integers(min_value=0, max_value=150_000)))
        school = draw(st.sampled_from([EXAMPLE.schools[0].key, "grundschule am schwanenteich"]))
        awards.append(
            Award(
                application_id=f"WB-2025-{index:03d}",
                district_key=EXAMPLE.district.key,
                applicant_key=EXAMPLE.applicant.key,
                school_keys=(school,),
                period=SCHOOL_YEAR_2025,
                cost_plan=lines,
                awarded_on=date(2025, 5, 1),
            )
        )
    return tuple(awards)


# --------------------------------------------------------------------------------------------
# Properties


@settings(deadline=None)
@given(strategies.applications(), evaluation_days)
def test_no_application_over_the_cap_in_a_calendar_year_is_eligible(
    application: Application, on: date
) -> None:
    decision = schulerfolg.evaluate(application, rulebook=state(), on=on)
    over = {
        year
        for year, amount in by_calendar_year(application.cost_plan).items()
        if amount > STATE_CAP
    }
    exceeded = [f for f in decision.findings if f.code == "cap.exceeded"]
    if over:
        assert decision.outcome is Outcome.INELIGIBLE
        for year in over:
            for school in application.schools:
                assert any(
                    f.params["period"] == str(year) and f.params["subject"] == school.name
                    for f in exceeded
                ), (year, school.name, decision.findings)
    assert {f.params["period"] for f in exceeded} == {str(year) for year in over}
    # Without earlier awards nothing else about the cap can be found.
    assert all(f.code == "cap.exceeded" for f in decision.findings if f.code.startswith("cap."))


@settings(deadline=None)
@given(near_cap_applications())
def test_near_the_cap_eligible_if_and_only_if_every_calendar_year_is_within(
    application: Application,
) -> None:
    decision = schulerfolg.evaluate(application, rulebook=state())
    within = all(amount <= STATE_CAP for amount in by_calendar_year(application.cost_plan).values())
    assert decision.eligible is within
    assert set(decision.codes()) <= {"cap.exceeded"}


@settings(deadline=None)
@given(near_cap_applications(), earlier_awards())
def test_near_the_cap_with_earlier_awards(
    application: Application, awards: tuple[Award, ...]
) -> None:
    decision = schulerfolg.evaluate(application, rulebook=state(), ledger=InMemoryLedger(awards))
    school = application.schools[0].key
    earlier: dict[int, Money] = {}
    for award in awards:
        if school in award.school_keys:
            for year, amount in by_calendar_year(award.cost_plan).items():
                earlier[year] = earlier.get(year, Money.zero()) + amount
    expected = []
    for year, amount in sorted(by_calendar_year(application.cost_plan).items()):
        before = earlier.get(year, Money.zero())
        if amount > STATE_CAP:
            expected.append(("cap.exceeded", str(year), None))
        elif amount + before > STATE_CAP:
            expected.append(
                ("cap.exceeded_with_earlier_awards", str(year), str((amount + before).amount))
            )
    found = [(f.code, f.params["period"], f.params.get("total")) for f in decision.findings]
    assert found == expected
    assert decision.eligible is (not expected)


@settings(deadline=None)
@given(strategies.applications(), evaluation_days)
def test_decisions_are_deterministic_and_round_trip(application: Application, on: date) -> None:
    first = schulerfolg.evaluate(application, rulebook=state(), on=on)
    second = schulerfolg.evaluate(application, rulebook=state(), on=on)
    text = to_json(first)
    assert to_json(second) == text
    assert text.encode() == to_json(second).encode()
    assert from_json(text, Decision) == first
    assert to_json(from_json(text, Decision)) == text
    # The same application read back from its JSON gets the same decision, byte for byte.
    again = from_json(to_json(application), Application)
    assert to_json(schulerfolg.evaluate(again, rulebook=state(), on=on)) == text


@settings(deadline=None)
@given(strategies.applications(), evaluation_days)
def test_eligible_if_and_only_if_no_error(application: Application, on: date) -> None:
    decision = schulerfolg.evaluate(application, rulebook=state(), on=on)
    has_error = any(f.severity is Severity.ERROR for f in decision.findings)
    assert (decision.outcome is Outcome.ELIGIBLE) is (not has_error)
    assert decision.eligible is (not has_error)
    assert decision.errors() == tuple(f for f in decision.findings if f.severity is Severity.ERROR)
    assert decision.codes() == tuple(f.code for f in decision.findings)
    assert decision.evaluated_on == on
    assert all(f.rule in STATE_RULE_IDS for f in decision.findings)


@settings(deadline=None)
@given(near_cap_applications(), earlier_awards())
def test_decisions_with_a_ledger_round_trip(
    application: Application, awards: tuple[Award, ...]
) -> None:
    decision = schulerfolg.evaluate(application, rulebook=state(), ledger=InMemoryLedger(awards))
    assert from_json(to_json(decision), Decision) == decision


def test_decision_names_application_district_and_version() -> None:
    decision = schulerfolg.evaluate(EXAMPLE, rulebook=state(), on=date(2025, 7, 1))
    assert decision.application_id == EXAMPLE.id
    assert decision.district == EXAMPLE.district.key
    assert decision.evaluated_on == date(2025, 7, 1)
    assert decision.library_version == schulerfolg.__version__


# --------------------------------------------------------------------------------------------
# Rules that fail


#: Finding codes of the test rules: a rule may raise only the codes it declares.
PARTIAL = FindingCode(code="test.partial", severity=Severity.INFO, template="A partial result.")
TEST_WARNING = FindingCode(
    code="test.warning",
    severity=Severity.WARNING,
    template="The cap is {cap}.",
    args={"cap": ArgKind.MONEY},
)
TEST_ERROR = FindingCode(
    code="test.error",
    severity=Severity.ERROR,
    template="Refused on {on}.",
    args={"on": ArgKind.DATE},
)


def _boom_generator(application: Application, context: RuleContext) -> Iterator[Finding]:
    yield PARTIAL.finding()
    raise KeyError("missing")


@pytest.mark.parametrize(
    ("check", "cause"),
    [
        pytest.param(lambda application, context: 1 / 0, ZeroDivisionError, id="raises-at-once"),
        pytest.param(_boom_generator, KeyError, id="raises-while-iterating"),
    ],
)
def test_a_failing_plugin_rule_raises_rule_error(check: Any, cause: type[Exception]) -> None:
    book = state().with_overlay(overlay(added_rules=(rule("test.boom", check, codes=(PARTIAL,)),)))
    with pytest.raises(RuleError) as caught:
        schulerfolg.evaluate(in_boerde(EXAMPLE), rulebook=book)
    error = caught.value
    assert "test.boom" in str(error)
    assert "plugin test 1" in str(error)
    assert error.rule_id == "test.boom"
    assert error.layer == TEST_LAYER.name
    assert error.layer_version == TEST_LAYER.version
    assert error.state_wide is False
    assert isinstance(error.__cause__, cause)
    assert isinstance(error, schulerfolg.SchulerfolgError)


def test_a_failing_replacement_rule_names_the_plugin() -> None:
    replacement = rule("test.cap", lambda application, context: [][0], replaces="cap.amount")
    book = state().with_overlay(overlay(replaced_rules=(replacement,)))
    with pytest.raises(RuleError, match=r"'test\.cap' of plugin test 1 failed: IndexError"):
        schulerfolg.evaluate(in_boerde(EXAMPLE), rulebook=book)


class _OfflineLedger:
    """A ledger whose store is unreachable."""

    def awards(
        self,
        *,
        district_key: str,
        calendar_years: object,
        call: str | None = None,
        applicant_key: str | None = None,
        school_keys: object = None,
    ) -> tuple[Award, ...]:
        raise OSError("ledger offline")


def test_a_failing_state_rule_names_the_state_rules() -> None:
    with pytest.raises(RuleError) as caught:
        schulerfolg.evaluate(EXAMPLE, rulebook=state(), ledger=_OfflineLedger())
    assert caught.value.rule_id == "cap.amount"
    assert caught.value.layer == "state"
    assert caught.value.layer_version == schulerfolg.__version__
    assert caught.value.state_wide is True
    assert "the state-wide rules" in str(caught.value)
    assert "OSError: ledger offline" in str(caught.value)


def test_added_rules_run_after_the_state_rules_and_their_findings_count() -> None:
    def warn(application: Application, context: RuleContext) -> Iterator[Finding]:
        yield TEST_WARNING.finding(cap=context.parameter(CAP).amount)

    def refuse(application: Application, context: RuleContext) -> Iterator[Finding]:
        yield TEST_ERROR.finding(on=context.on)

    book = state().with_overlay(
        overlay(
            added_rules=(
                rule("test.warn", warn, parameters=(CAP,), codes=(TEST_WARNING,)),
                rule("test.refuse", refuse, codes=(TEST_ERROR,)),
            )
        )
    )
    decision = schulerfolg.evaluate(in_boerde(EXAMPLE), rulebook=book)
    assert decision.codes() == ("test.warning", "test.error")
    assert decision.findings[0].rule == "test.warn"
    assert decision.findings[0].severity is Severity.WARNING
    assert decision.findings[0].params == {"cap": "2000.00"}
    assert decision.findings[1].params == {"on": EXAMPLE.submission_date.isoformat()}
    assert decision.outcome is Outcome.INELIGIBLE
    assert [use.id for use in decision.rules][-2:] == ["test.warn", "test.refuse"]
    assert [use.layer for use in decision.rules][-2:] == ["test", "test"]


def test_a_rulebook_of_another_district_is_refused() -> None:
    book = state().with_overlay(overlay())
    with pytest.raises(NotFoundError) as caught:
        schulerfolg.evaluate(EXAMPLE, rulebook=book)
    assert str(caught.value) == (
        "the rulebook is for Börde (15083), the application for Wittenberg (15091)"
    )
    assert message_text(caught.value, "de") == (
        "das Regelwerk gilt für Börde (15083), der Antrag für Wittenberg (15091)"
    )


def test_a_rule_sees_the_applications_district_and_day() -> None:
    seen = []

    def look(application: Application, context: RuleContext) -> Iterator[Finding]:
        seen.append((context.district, context.on))
        return iter(())

    book = state().with_overlay(overlay(added_rules=(rule("test.look", look),)))
    app = in_boerde(EXAMPLE)
    schulerfolg.evaluate(app, rulebook=book, on=date(2025, 7, 1))
    assert seen == [(app.district, date(2025, 7, 1))]
    assert seen[0][0].key == "15083"


def test_a_plugin_rule_reading_its_parameter_before_it_holds_is_a_rule_error() -> None:
    # Outside the bundled data a state-wide parameter is an input problem; a plugin parameter
    # that does not hold yet is the plugin's fault, attributed to its rule and layer.
    def read(application: Application, context: RuleContext) -> Iterator[Finding]:
        context.parameter("test.limit")
        return iter(())

    book = state().with_overlay(
        overlay(
            parameter_specs=(ParameterSpec(name="test.limit", value_type=int, description="d"),),
            parameters=(parameter("test.limit", 3, valid_from=date(2030, 1, 1)),),
            added_rules=(rule("test.read", read, parameters=("test.limit",)),),
        )
    )
    with pytest.raises(RuleError) as caught:
        schulerfolg.evaluate(in_boerde(EXAMPLE), rulebook=book)
    error = caught.value
    assert (error.rule_id, error.layer, error.layer_version) == ("test.read", "test", "1")
    assert error.state_wide is False
    assert isinstance(error.cause, ParameterNotInForceError)
    assert error.__cause__ is error.cause
    assert str(error).startswith(
        "rule 'test.read' of plugin test 1 failed: ParameterNotInForceError: "
    )


# --------------------------------------------------------------------------------------------
# Regressions from the review: a rule's output


def _plugin_rulebook(*rules: Rule) -> Rulebook:
    plugin = DistrictPlugin(
        api_version=PLUGIN_API_VERSION, district="15083", name="review", added_rules=rules
    )
    return schulerfolg.state_rulebook().with_overlay(
        Overlay(
            plugin=plugin,
            layer=Layer(kind=LayerKind.PLUGIN, name="review", version="1"),
            district=schulerfolg.district("15083"),
        )
    )


def _yield_text_severity(application: Application, context: RuleContext) -> Iterator[Finding]:
    yield Finding(code="cap.exceeded", severity="error")  # type: ignore[arg-type]


def _yield_not_a_finding(application: Application, context: RuleContext) -> Iterator[object]:
    yield "cap.exceeded"


def test_a_finding_with_a_text_severity_still_makes_the_application_ineligible() -> None:
    rule_ = Rule(
        id="review.severity",
        description="d",
        source=schulerfolg.Source(reference="r"),
        codes=(STATE_CODES["cap.exceeded"],),
        check=_yield_text_severity,
    )
    app = attrs.evolve(schulerfolg.example_application(), district=schulerfolg.district("15083"))
    decision = schulerfolg.evaluate(app, rulebook=_plugin_rulebook(rule_))
    assert decision.outcome is schulerfolg.Outcome.INELIGIBLE
    assert decision.errors()[0].severity is Severity.ERROR


def test_a_rule_that_yields_something_else_is_a_rule_error() -> None:
    rule_ = Rule(
        id="review.not_a_finding",
        description="d",
        source=schulerfolg.Source(reference="r"),
        check=_yield_not_a_finding,  # type: ignore[arg-type]
    )
    app = attrs.evolve(schulerfolg.example_application(), district=schulerfolg.district("15083"))
    with pytest.raises(schulerfolg.RuleError, match=r"review\.not_a_finding") as caught:
        schulerfolg.evaluate(app, rulebook=_plugin_rulebook(rule_))
    assert str(caught.value.cause) == "yielded a str, not a Finding"


def _yield_undeclared(application: Application, context: RuleContext) -> Iterator[Finding]:
    yield Finding.make("document.missing", document="x")


def test_a_rule_that_yields_a_code_it_did_not_declare_is_a_rule_error() -> None:
    rule_ = Rule(
        id="review.undeclared",
        description="d",
        source=schulerfolg.Source(reference="r"),
        codes=(STATE_CODES["cap.exceeded"],),
        check=_yield_undeclared,
    )
    app = attrs.evolve(schulerfolg.example_application(), district=schulerfolg.district("15083"))
    with pytest.raises(schulerfolg.RuleError, match="not among its codes") as caught:
        schulerfolg.evaluate(app, rulebook=_plugin_rulebook(rule_))
    assert str(caught.value.cause) == (
        "yielded 'document.missing', which is not among its codes ('cap.exceeded',)"
    )


def _yield_untyped_params(application: Application, context: RuleContext) -> Iterator[Finding]:
    params: Any = {"cap": Money("2000.00"), "amount": "1.00", "count": 3}
    yield Finding(code="cap.exceeded", severity=Severity.ERROR, params=params)


def test_a_finding_whose_parameters_are_not_text_is_a_rule_error() -> None:
    # Parameters are canonical text (FindingCode.finding writes them so); a rule that builds a
    # Finding with an amount or a number in them is broken, and each such parameter is named.
    rule_ = Rule(
        id="review.untyped",
        description="d",
        source=schulerfolg.Source(reference="r"),
        codes=(STATE_CODES["cap.exceeded"],),
        check=_yield_untyped_params,
    )
    app = attrs.evolve(schulerfolg.example_application(), district=schulerfolg.district("15083"))
    with pytest.raises(schulerfolg.RuleError) as caught:
        schulerfolg.evaluate(app, rulebook=_plugin_rulebook(rule_))
    assert caught.value.rule_id == "review.untyped"
    assert str(caught.value.cause) == (
        "finding 'cap.exceeded' has parameters that are not text: ['cap', 'count']"
    )


def _yield_as_warning(application: Application, context: RuleContext) -> Iterator[Finding]:
    yield Finding.make("cap.exceeded", Severity.WARNING)


def test_a_rule_that_yields_a_declared_code_with_another_severity_is_a_rule_error() -> None:
    rule_ = Rule(
        id="review.severity_changed",
        description="d",
        source=schulerfolg.Source(reference="r"),
        codes=(STATE_CODES["cap.exceeded"],),
        check=_yield_as_warning,
    )
    app = attrs.evolve(schulerfolg.example_application(), district=schulerfolg.district("15083"))
    with pytest.raises(schulerfolg.RuleError, match="declared as error"):
        schulerfolg.evaluate(app, rulebook=_plugin_rulebook(rule_))


def test_a_rule_without_codes_may_raise_nothing() -> None:
    rule_ = Rule(
        id="review.silent",
        description="d",
        source=schulerfolg.Source(reference="r"),
        check=_yield_undeclared,
    )
    assert rule_.codes == ()
    app = attrs.evolve(schulerfolg.example_application(), district=schulerfolg.district("15083"))
    with pytest.raises(schulerfolg.RuleError, match="not among its codes"):
        schulerfolg.evaluate(app, rulebook=_plugin_rulebook(rule_))


# --------------------------------------------------------------------------------------------
# The example and the engine's contract seen through the state-wide rules


def test_example_application_is_eligible_without_findings() -> None:
    decision = run(EXAMPLE)
    assert decision.outcome is Outcome.ELIGIBLE
    assert decision.findings == ()
    assert decision.evaluated_on == EXAMPLE.submission_date


def test_all_findings_are_reported_at_once() -> None:
    app = application(
        cooperation_partners=(),
        lines=[line("2000.01")],
        consultation_date=None,
        documents=(),
        submission_date=date(2025, 9, 2),
    )
    decision = run(app)
    assert decision.codes() == (
        "partner.missing",
        "cap.exceeded",
        "consultation.missing",
        "document.missing",
        "submission.late",
    )
    assert all(f.severity is Severity.ERROR for f in decision.findings)
    assert len({f.rule for f in decision.findings}) == 5
    assert decision.outcome is Outcome.INELIGIBLE

    sponsor = attrs.evolve(EXAMPLE.applicant, kind=ApplicantKind.FREE_YOUTH_WELFARE)
    decision = run(attrs.evolve(app, applicant=sponsor))
    assert decision.codes() == ("applicant.kind_not_eligible", *decision.codes()[1:])
    assert len(decision.errors()) == len(decision.findings) >= 5


def test_no_evaluation_date() -> None:
    app = application(submission_date=None)
    with pytest.raises(NoEvaluationDateError) as caught:
        schulerfolg.evaluate(app, rulebook=schulerfolg.state_rulebook())
    assert str(caught.value) == (
        "no evaluation day: give one (`--on DATE` on the command line, `on` in Python) or give "
        "the application a submission_date"
    )
    assert message_text(caught.value, "de") == (
        "kein Prüftag: geben Sie einen an (`--on DATUM` auf der Kommandozeile, `on` in Python) "
        "oder geben Sie dem Antrag ein Antragsdatum (submission_date)"
    )


def test_evaluation_day_defaults_to_the_submission_date() -> None:
    decision = run(application(submission_date=date(2025, 7, 14)))
    assert decision.evaluated_on == date(2025, 7, 14)


@pytest.mark.parametrize(
    "on",
    [pytest.param(date(2018, 7, 31), id="day-before"), pytest.param(date(2017, 1, 1), id="2017")],
)
def test_evaluating_before_the_parameters_hold_raises(on: date) -> None:
    with pytest.raises(ParameterNotInForceError) as caught:
        schulerfolg.evaluate(EXAMPLE, rulebook=schulerfolg.state_rulebook(), on=on)
    error = caught.value
    assert error.name in PARAMETER_SPECS
    assert error.on == on
    assert error.name in str(error)
    assert on.isoformat() in str(error)


def test_evaluating_on_the_first_day_of_the_parameters_works() -> None:
    decision = run(application(), on=date(2018, 8, 1))
    assert decision.evaluated_on == date(2018, 8, 1)
