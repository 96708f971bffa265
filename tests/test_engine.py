"""The rule engine: properties of decisions, the trace, failing rules and overlays.

Every evaluation passes ``rulebook=`` explicitly (the default rulebook depends on installed
district plugins).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import schulerfolg
import schulerfolg.plugins
from schulerfolg import (
    STATE_RULES,
    Application,
    Award,
    Cap,
    CapBasis,
    CapScope,
    CostPlanLine,
    DateRange,
    Decision,
    Finding,
    InMemoryLedger,
    Layer,
    LayerKind,
    Money,
    NotFoundError,
    Outcome,
    Overlay,
    OverlayError,
    Parameter,
    ParameterSpec,
    ParameterValue,
    Rule,
    Rulebook,
    RuleContext,
    RuleError,
    Severity,
    Source,
    from_json,
    money_sum,
    strategies,
    to_dict,
    to_json,
)

PARAMETERS_START = date(2018, 8, 1)
TEST_LAYER = Layer(kind=LayerKind.PLUGIN, name="test", version="1")
TEST_SOURCE = Source(reference="test")
BOERDE = "15083"
CAP = "educational_offer.cap"
STATE_CAP = Money("2000.00")

EXAMPLE = schulerfolg.example_application()
SCHOOL_YEAR_2025 = DateRange(start=date(2025, 9, 1), end=date(2026, 6, 30))

#: The eight state-wide rules, by id.
STATE_RULE_IDS = (
    "applicant.eligible_kind",
    "partner.required",
    "target_group.eligible",
    "period.within_funding_cycle",
    "cap.amount",
    "consultation.before_deadline",
    "documents.required",
    "submission.on_time",
)


def state() -> Rulebook:
    return schulerfolg.state_rulebook()


def in_boerde(application: Application) -> Application:
    where = schulerfolg.district(BOERDE)
    schools = tuple(attrs.evolve(school, district=where) for school in application.schools)
    return attrs.evolve(application, district=where, schools=schools)


def overlay(**changes: Any) -> Overlay:
    return Overlay(layer=TEST_LAYER, district=schulerfolg.district(BOERDE), **changes)


def rule(rule_id: str, check: Any = None, **changes: Any) -> Rule:
    def nothing(application: Application, context: RuleContext) -> Iterator[Finding]:
        return iter(())

    return Rule(
        id=rule_id,
        description=f"test rule {rule_id}",
        source=TEST_SOURCE,
        check=check or nothing,
        **changes,
    )


def parameter(name: str, value: object, valid_from: date = PARAMETERS_START) -> Parameter:
    return Parameter(
        name=name,
        values=(ParameterValue(value=value, valid_from=valid_from, source=TEST_SOURCE),),
    )


def by_calendar_year(lines: tuple[CostPlanLine, ...]) -> dict[int, Money]:
    totals: dict[int, Money] = {}
    for line in lines:
        totals[line.calendar_year] = totals.get(line.calendar_year, Money.zero()) + line.amount
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


# --------------------------------------------------------------------------------------------
# The trace


def test_trace_lists_every_parameter_the_rules_read() -> None:
    decision = schulerfolg.evaluate(EXAMPLE, rulebook=state())
    read = {name for rule_ in STATE_RULES for name in rule_.parameters}
    names = [use.name for use in decision.parameters]
    assert names == sorted(read)
    for use in decision.parameters:
        value, layer = state().resolve(use.name, decision.evaluated_on)
        assert use.layer == "state"
        assert layer.kind is LayerKind.STATE
        assert use.layer_version == schulerfolg.__version__
        assert use.valid_from == value.valid_from == PARAMETERS_START
        assert use.source == value.source
        assert use.source.reference.strip()
        assert use.value == to_dict(value.value)
        assert use.provisional is value.provisional
    cap = next(use for use in decision.parameters if use.name == CAP)
    assert cap.value == {"amount": "2000.00", "scope": "per_school", "basis": "calendar_year"}


def test_trace_lists_the_state_rules_in_order() -> None:
    decision = schulerfolg.evaluate(EXAMPLE, rulebook=state())
    ids = tuple(use.id for use in decision.rules)
    assert ids == tuple(rule_.id for rule_ in STATE_RULES)
    assert set(STATE_RULE_IDS) <= set(ids)
    assert ids[: len(STATE_RULE_IDS)] == STATE_RULE_IDS
    for use in decision.rules:
        assert use.layer == "state"
        assert use.layer_version == schulerfolg.__version__
        assert use.replaces is None


def test_decision_names_application_district_and_version() -> None:
    decision = schulerfolg.evaluate(EXAMPLE, rulebook=state(), on=date(2025, 7, 1))
    assert decision.application_id == EXAMPLE.id
    assert decision.district == EXAMPLE.district.key
    assert decision.evaluated_on == date(2025, 7, 1)
    assert decision.library_version == schulerfolg.__version__


# --------------------------------------------------------------------------------------------
# Rules that fail


def _boom_generator(application: Application, context: RuleContext) -> Iterator[Finding]:
    yield Finding.make("test.partial", Severity.INFO)
    raise KeyError("missing")


@pytest.mark.parametrize(
    ("check", "cause"),
    [
        pytest.param(lambda application, context: 1 / 0, ZeroDivisionError, id="raises-at-once"),
        pytest.param(_boom_generator, KeyError, id="raises-while-iterating"),
    ],
)
def test_a_failing_plugin_rule_raises_rule_error(check: Any, cause: type[Exception]) -> None:
    book = state().with_overlay(overlay(added_rules=(rule("test.boom", check),)))
    with pytest.raises(RuleError) as caught:
        schulerfolg.evaluate(in_boerde(EXAMPLE), rulebook=book)
    error = caught.value
    assert "test.boom" in str(error)
    assert "plugin test 1" in str(error)
    assert error.rule_id == "test.boom"
    assert error.layer == TEST_LAYER
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
        self, *, district_key: str, calendar_years: object, call: str | None = None
    ) -> tuple[Award, ...]:
        raise OSError("ledger offline")


def test_a_failing_state_rule_names_the_state_rules() -> None:
    with pytest.raises(RuleError) as caught:
        schulerfolg.evaluate(EXAMPLE, rulebook=state(), ledger=_OfflineLedger())
    assert caught.value.rule_id == "cap.amount"
    assert caught.value.layer.kind is LayerKind.STATE
    assert "the state-wide rules" in str(caught.value)
    assert "OSError: ledger offline" in str(caught.value)


def test_added_rules_run_after_the_state_rules_and_their_findings_count() -> None:
    def warn(application: Application, context: RuleContext) -> Iterator[Finding]:
        yield Finding.make("test.warning", Severity.WARNING, cap=context.parameter(CAP).amount)

    def refuse(application: Application, context: RuleContext) -> Iterator[Finding]:
        yield Finding.make("test.error", on=context.on)

    book = state().with_overlay(
        overlay(
            added_rules=(rule("test.warn", warn, parameters=(CAP,)), rule("test.refuse", refuse))
        )
    )
    decision = schulerfolg.evaluate(in_boerde(EXAMPLE), rulebook=book)
    assert decision.codes() == ("test.warning", "test.error")
    assert decision.findings[0].rule == "test.warn"
    assert decision.findings[0].params == {"cap": "2000.00"}
    assert decision.findings[1].params == {"on": EXAMPLE.submission_date.isoformat()}
    assert decision.outcome is Outcome.INELIGIBLE
    assert [use.id for use in decision.rules][-2:] == ["test.warn", "test.refuse"]
    assert [use.layer for use in decision.rules][-2:] == ["test", "test"]


def test_replaced_and_disabled_rules_show_in_the_trace() -> None:
    book = state().with_overlay(
        overlay(
            replaced_rules=(rule("test.cap", replaces="cap.amount"),),
            disabled_rules=("documents.required",),
        )
    )
    app = in_boerde(attrs.evolve(EXAMPLE, documents=()))
    decision = schulerfolg.evaluate(app, rulebook=book)
    assert decision.findings == ()
    uses = {use.id: use for use in decision.rules}
    assert "documents.required" not in uses
    assert "cap.amount" not in uses
    assert uses["test.cap"].replaces == "cap.amount"
    assert uses["test.cap"].layer == "test"
    assert uses["test.cap"].layer_version == "1"
    assert CAP not in {use.name for use in decision.parameters}


def test_a_rulebook_of_another_district_is_refused() -> None:
    book = state().with_overlay(overlay())
    with pytest.raises(NotFoundError):
        schulerfolg.evaluate(EXAMPLE, rulebook=book)


# --------------------------------------------------------------------------------------------
# Overlay validation


def _snapshot(book: Rulebook) -> tuple[object, ...]:
    return (
        tuple((r.id, layer) for r, layer in book.rules),
        {name: tuple(entries) for name, entries in book.parameters.items()},
        tuple(sorted(book.specs)),
        tuple(sorted(book.messages)),
        dict(book.labels),
        book.overlay,
    )


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        pytest.param(
            {"parameters": (parameter("educational_offer.no_such", 1),)},
            "unknown parameter 'educational_offer.no_such'",
            id="unknown-parameter",
        ),
        pytest.param(
            {"replaced_rules": (rule("test.new", replaces="no.such.rule"),)},
            "replaces unknown rule 'no.such.rule'",
            id="replaces-unknown-rule",
        ),
        pytest.param(
            {"replaced_rules": (rule("test.new"),)},
            "does not name the rule it replaces",
            id="replacement-without-target",
        ),
        pytest.param(
            {"disabled_rules": ("no.such.rule",)},
            "cannot disable unknown rule 'no.such.rule'",
            id="disables-unknown-rule",
        ),
        pytest.param(
            {"added_rules": (rule("test.twice"), rule("test.twice"))},
            "rule id 'test.twice' is used twice",
            id="duplicate-rule-ids",
        ),
        pytest.param(
            {"added_rules": (rule("cap.amount"),)},
            "rule id 'cap.amount' is already used by the state-wide base",
            id="reuses-state-rule-id",
        ),
        pytest.param(
            {
                "parameters": (
                    parameter(
                        CAP, Cap(amount=Money("1"), scope=CapScope.PER_OFFER, basis=CapBasis.CALL)
                    ),
                    parameter(
                        CAP, Cap(amount=Money("2"), scope=CapScope.PER_OFFER, basis=CapBasis.CALL)
                    ),
                )
            },
            f"parameter {CAP!r} is given twice",
            id="parameter-twice",
        ),
        pytest.param(
            {
                "replaced_rules": (
                    rule("test.a", replaces="cap.amount"),
                    rule("test.b", replaces="cap.amount"),
                )
            },
            "rule 'cap.amount' is replaced twice",
            id="replaced-twice",
        ),
        pytest.param(
            {
                "replaced_rules": (rule("test.a", replaces="cap.amount"),),
                "disabled_rules": ("cap.amount",),
            },
            "rule 'cap.amount' is both replaced and disabled",
            id="replaced-and-disabled",
        ),
        pytest.param(
            {"added_rules": (rule("test.reads", parameters=("no.such.parameter",)),)},
            "rule 'test.reads' reads unknown parameter 'no.such.parameter'",
            id="rule-reads-unknown-parameter",
        ),
        pytest.param(
            {"parameter_specs": (ParameterSpec(name=CAP, value_type=Cap, description="again"),)},
            f"parameter spec {CAP!r} already exists",
            id="spec-already-exists",
        ),
    ],
)
def test_overlay_problem(changes: Mapping[str, Any], problem: str) -> None:
    before = _snapshot(state())
    with pytest.raises(OverlayError) as caught:
        state().with_overlay(overlay(**changes))
    assert len(caught.value.problems) == 1, caught.value.problems
    assert problem in caught.value.problems[0]
    assert caught.value.layer == TEST_LAYER
    assert str(TEST_LAYER) in str(caught.value)
    assert _snapshot(state()) == before


def test_overlay_error_lists_every_problem_and_changes_nothing() -> None:
    before = _snapshot(state())
    bad = overlay(
        parameters=(parameter("educational_offer.no_such", 1),),
        replaced_rules=(rule("test.replacement", replaces="no.such.rule"),),
        disabled_rules=("no.such.disabled",),
        added_rules=(rule("test.twice"), rule("test.twice")),
    )
    with pytest.raises(OverlayError) as caught:
        state().with_overlay(bad)
    problems = caught.value.problems
    expected = [
        "unknown parameter 'educational_offer.no_such'",
        "rule 'test.replacement' replaces unknown rule 'no.such.rule'",
        "cannot disable unknown rule 'no.such.disabled'",
        "rule id 'test.twice' is used twice",
    ]
    assert len(problems) == len(expected), problems
    for text in expected:
        assert any(text in problem for problem in problems), (text, problems)
        assert text in str(caught.value)
    assert _snapshot(state()) == before
    assert state().overlay is None
    assert [r.id for r, _ in state().rules] == [r.id for r in STATE_RULES]


def test_a_valid_overlay_leaves_the_base_unchanged() -> None:
    before = _snapshot(state())
    book = state().with_overlay(
        overlay(
            parameters=(
                parameter(
                    CAP,
                    Cap(
                        amount=Money("3000.00"),
                        scope=CapScope.PER_SCHOOL,
                        basis=CapBasis.CALENDAR_YEAR,
                    ),
                ),
            ),
            added_rules=(rule("test.extra"),),
            disabled_rules=("documents.required",),
        )
    )
    assert _snapshot(state()) == before
    assert book.layers == (*state().layers, TEST_LAYER)
    assert state().resolve(CAP, date(2025, 1, 1))[0].value.amount == Money("2000.00")
    assert book.resolve(CAP, date(2025, 1, 1))[0].value.amount == Money("3000.00")
    assert "test.extra" in [r.id for r, _ in book.rules]
    assert "test.extra" not in [r.id for r, _ in state().rules]


# --------------------------------------------------------------------------------------------
# Dated overlay values


RAISED_FROM = date(2026, 1, 1)


def _raised_cap_rulebook() -> Rulebook:
    raised = Cap(amount=Money("3000.00"), scope=CapScope.PER_SCHOOL, basis=CapBasis.CALENDAR_YEAR)
    return state().with_overlay(overlay(parameters=(parameter(CAP, raised, RAISED_FROM),)))


@pytest.mark.parametrize(
    ("on", "layer", "cap", "codes"),
    [
        pytest.param(
            date(2025, 12, 31),
            "state",
            "2000.00",
            ("cap.exceeded",),
            id="day-before-the-overlay-value",
        ),
        pytest.param(RAISED_FROM, "test", "3000.00", (), id="first-day-of-the-overlay-value"),
        pytest.param(date(2027, 6, 1), "test", "3000.00", (), id="later"),
    ],
)
def test_overlay_value_applies_from_its_valid_from(
    on: date, layer: str, cap: str, codes: tuple[str, ...]
) -> None:
    lines = (CostPlanLine(description="Honorar", amount=Money("2500.00"), calendar_year=2026),)
    app = in_boerde(
        attrs.evolve(
            EXAMPLE,
            period=DateRange(start=date(2026, 2, 2), end=date(2026, 6, 30)),
            cost_plan=lines,
            requested_amount=Money("2500.00"),
            consultation_date=date(2025, 12, 1),
            submission_date=date(2025, 12, 15),
        )
    )
    decision = schulerfolg.evaluate(app, rulebook=_raised_cap_rulebook(), on=on)
    assert tuple(f.code for f in decision.findings if f.code.startswith("cap.")) == codes
    use = next(use for use in decision.parameters if use.name == CAP)
    assert use.layer == layer
    assert use.value["amount"] == cap
    if layer == "test":
        assert use.layer_version == "1"
        assert use.valid_from == RAISED_FROM
        assert use.source == TEST_SOURCE
    else:
        assert use.valid_from == PARAMETERS_START
        assert use.source == state().resolve(CAP, on)[0].source
    # Parameters the overlay does not touch still come from the state layer.
    assert {u.layer for u in decision.parameters if u.name != CAP} == {"state"}


def test_decision_with_overlay_values_round_trips() -> None:
    deadline = schulerfolg.SubmissionDeadline(
        closing_dates=(date(2025, 3, 31), date(2025, 5, 31)),
        recurrence="FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=15;COUNT=10",
    )
    book = state().with_overlay(
        overlay(parameters=(parameter("educational_offer.submission_deadline", deadline),))
    )
    decision = schulerfolg.evaluate(in_boerde(EXAMPLE), rulebook=book)
    use = next(u for u in decision.parameters if u.name == "educational_offer.submission_deadline")
    assert use.layer == "test"
    assert use.value["closing_dates"] == ["2025-03-31", "2025-05-31"]
    text = to_json(decision)
    assert from_json(text, Decision) == decision
    assert to_json(schulerfolg.evaluate(in_boerde(EXAMPLE), rulebook=book)) == text


# --------------------------------------------------------------------------------------------
# Regressions from the review: a rule's output, shared state and the trace


def _plugin_rulebook(*rules: Rule) -> Rulebook:
    return schulerfolg.state_rulebook().with_overlay(
        schulerfolg.Overlay(
            layer=schulerfolg.Layer(kind=schulerfolg.LayerKind.PLUGIN, name="review", version="1"),
            district=schulerfolg.district("15083"),
            added_rules=rules,
        )
    )


def _yield_text_severity(application: Application, context: RuleContext) -> Iterator[Finding]:
    yield Finding(code="cap.exceeded", severity="error")  # type: ignore[arg-type]


def _yield_not_a_finding(application: Application, context: RuleContext) -> Iterator[object]:
    yield "cap.exceeded"


def test_a_finding_with_a_text_severity_still_makes_the_application_ineligible() -> None:
    rule = Rule(
        id="review.severity",
        description="d",
        source=schulerfolg.Source(reference="r"),
        codes=("cap.exceeded",),
        check=_yield_text_severity,
    )
    app = attrs.evolve(schulerfolg.example_application(), district=schulerfolg.district("15083"))
    decision = schulerfolg.evaluate(app, rulebook=_plugin_rulebook(rule))
    assert decision.outcome is schulerfolg.Outcome.INELIGIBLE
    assert decision.errors()[0].severity is Severity.ERROR


def test_a_rule_that_yields_something_else_is_a_rule_error() -> None:
    rule = Rule(
        id="review.not_a_finding",
        description="d",
        source=schulerfolg.Source(reference="r"),
        check=_yield_not_a_finding,  # type: ignore[arg-type]
    )
    app = attrs.evolve(schulerfolg.example_application(), district=schulerfolg.district("15083"))
    with pytest.raises(schulerfolg.RuleError, match=r"review\.not_a_finding"):
        schulerfolg.evaluate(app, rulebook=_plugin_rulebook(rule))


def test_the_state_wide_base_cannot_be_changed_through_its_mappings() -> None:
    book = schulerfolg.state_rulebook()
    for mapping in (book.parameters, book.specs, book.messages, book.labels):
        with pytest.raises(TypeError):
            mapping["educational_offer.cap"] = None  # type: ignore[index]
    with pytest.raises(TypeError):
        schulerfolg.PARAMETER_SPECS["x"] = None  # type: ignore[index]


def test_changing_one_decisions_trace_does_not_change_the_next() -> None:
    app = schulerfolg.example_application()
    first = schulerfolg.evaluate(app, rulebook=schulerfolg.state_rulebook())
    expected = schulerfolg.to_json(first)
    for use in first.parameters:
        if isinstance(use.value, dict):
            use.value["tampered"] = True
        elif isinstance(use.value, list):
            use.value.append("tampered")
    second = schulerfolg.evaluate(app, rulebook=schulerfolg.state_rulebook())
    assert schulerfolg.to_json(second) == expected


def _yield_undeclared(application: Application, context: RuleContext) -> Iterator[Finding]:
    yield Finding.make("document.missing", document="x")


def test_a_rule_that_yields_a_code_it_did_not_declare_is_a_rule_error() -> None:
    rule = Rule(
        id="review.undeclared",
        description="d",
        source=schulerfolg.Source(reference="r"),
        codes=("cap.exceeded",),
        check=_yield_undeclared,
    )
    app = attrs.evolve(schulerfolg.example_application(), district=schulerfolg.district("15083"))
    with pytest.raises(schulerfolg.RuleError, match="not among its codes"):
        schulerfolg.evaluate(app, rulebook=_plugin_rulebook(rule))


def test_an_overlay_declaring_a_spec_or_message_twice_is_refused() -> None:
    spec = schulerfolg.ParameterSpec(name="review.limit", value_type=int, description="d")
    message = schulerfolg.plugins.Message(code="review.code", template="text")
    overlay = schulerfolg.Overlay(
        layer=schulerfolg.Layer(kind=schulerfolg.LayerKind.PLUGIN, name="review", version="1"),
        district=schulerfolg.district("15083"),
        parameter_specs=(spec, spec),
        messages=(message, message),
    )
    with pytest.raises(schulerfolg.OverlayError) as info:
        schulerfolg.state_rulebook().with_overlay(overlay)
    assert "parameter spec 'review.limit' is declared twice" in info.value.problems
    assert "message 'review.code' is declared twice" in info.value.problems
