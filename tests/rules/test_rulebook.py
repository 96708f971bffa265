"""The rulebook: resolving dated parameters through the layers, and a base that an overlay
never changes."""

from __future__ import annotations

from datetime import date

import attrs
import pytest

import schulerfolg
from rule_helpers import (
    CAP,
    EXAMPLE,
    PARAMETERS_START,
    TEST_LAYER,
    TEST_SOURCE,
    in_boerde,
    overlay,
    parameter,
    rule,
    snapshot,
    state,
)
from schulerfolg import (
    CostPlanLine,
    DateRange,
    Decision,
    Money,
    NotFoundError,
    ParameterNotInForceError,
    Rulebook,
    from_json,
    to_dict,
    to_json,
)
from schulerfolg.plugins import PARAMETER_SPECS, Cap, CapBasis, CapScope, SubmissionDeadline


def test_a_valid_overlay_leaves_the_base_unchanged() -> None:
    before = snapshot(state())
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
    assert snapshot(state()) == before
    assert book.layers == (*state().layers, TEST_LAYER)
    assert state().resolve(CAP, date(2025, 1, 1))[0].value.amount == Money("2000.00")
    assert book.resolve(CAP, date(2025, 1, 1))[0].value.amount == Money("3000.00")
    assert "test.extra" in [r.id for r, _ in book.rules]
    assert "test.extra" not in [r.id for r, _ in state().rules]


def test_the_state_wide_base_cannot_be_changed_through_its_mappings() -> None:
    book = schulerfolg.state_rulebook()
    for mapping in (book.parameters, book.specs, book.codes, book.labels):
        with pytest.raises(TypeError):
            mapping["educational_offer.cap"] = None  # type: ignore[index]
    with pytest.raises(TypeError):
        PARAMETER_SPECS["x"] = None  # type: ignore[index]


def test_resolve_unknown_or_not_in_force() -> None:
    rulebook = schulerfolg.state_rulebook()
    with pytest.raises(NotFoundError, match=r"educational_offer\.no_such"):
        rulebook.resolve("educational_offer.no_such", date(2025, 1, 1))
    with pytest.raises(ParameterNotInForceError) as caught:
        rulebook.resolve("educational_offer.cap", date(2018, 7, 31))
    assert caught.value.name == "educational_offer.cap"
    assert caught.value.on == date(2018, 7, 31)
    assert str(caught.value) == (
        "parameter 'educational_offer.cap' has no value in force on 2018-07-31"
    )
    assert isinstance(caught.value, LookupError)
    assert isinstance(caught.value, schulerfolg.SchulerfolgError)


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
    assert to_dict(use)["value"]["amount"] == cap
    assert use.value.value.amount == Money(cap)
    if layer == "test":
        assert use.layer_version == "1"
        assert use.value.valid_from == RAISED_FROM
        assert use.value.source == TEST_SOURCE
    else:
        assert use.value.valid_from == PARAMETERS_START
        assert use.value.source == state().resolve(CAP, on)[0].source
    # Parameters the overlay does not touch still come from the state layer.
    assert {u.layer for u in decision.parameters if u.name != CAP} == {"state"}


def test_decision_with_overlay_values_round_trips() -> None:
    deadline = SubmissionDeadline(
        closing_dates=(date(2025, 3, 31), date(2025, 5, 31)),
        recurrence="FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=15;COUNT=10",
    )
    book = state().with_overlay(
        overlay(parameters=(parameter("educational_offer.submission_deadline", deadline),))
    )
    decision = schulerfolg.evaluate(in_boerde(EXAMPLE), rulebook=book)
    use = next(u for u in decision.parameters if u.name == "educational_offer.submission_deadline")
    assert use.layer == "test"
    assert use.value.value == deadline
    assert to_dict(use)["value"]["closing_dates"] == ["2025-03-31", "2025-05-31"]
    text = to_json(decision)
    assert from_json(text, Decision) == decision
    assert to_json(schulerfolg.evaluate(in_boerde(EXAMPLE), rulebook=book)) == text


def test_an_unknown_parameter_suggests_the_closest_names() -> None:
    with pytest.raises(schulerfolg.NotFoundError, match=r"did you mean 'educational_offer\.cap'"):
        schulerfolg.state_rulebook().resolve("educational_offer.capp", date(2025, 1, 1))
