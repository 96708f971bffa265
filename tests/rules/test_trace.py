"""The trace of a decision: every parameter value and every rule used, with its layer."""

from __future__ import annotations

import attrs
import pytest

import schulerfolg
from rule_helpers import (
    CAP,
    EXAMPLE,
    PARAMETERS_START,
    STATE_RULE_IDS,
    in_boerde,
    overlay,
    rule,
    state,
)
from schulerfolg import to_dict
from schulerfolg.plugins import STATE_RULES, LayerKind


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
        # The trace holds the dated value record itself, shared with the parameter's history.
        assert use.value is value
        assert use.value.valid_from == value.valid_from == PARAMETERS_START
        assert use.value.source == value.source
        assert use.value.source.reference.strip()
        plain = to_dict(use)
        assert plain["value"] == to_dict(value.value)
        assert plain["valid_from"] == PARAMETERS_START.isoformat()
        assert plain["provisional"] is value.provisional
    cap = next(use for use in decision.parameters if use.name == CAP)
    assert to_dict(cap)["value"] == {
        "amount": "2000.00",
        "scope": "per_school",
        "basis": "calendar_year",
    }


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


def test_changing_one_decisions_trace_does_not_change_the_next() -> None:
    # Trace entries are shared between decisions (never copied), so they cannot be changed.
    app = schulerfolg.example_application()
    first = schulerfolg.evaluate(app, rulebook=schulerfolg.state_rulebook())
    expected = schulerfolg.to_json(first)
    for use in first.parameters:
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            use.value = None  # type: ignore[misc]
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            use.value.value = None  # type: ignore[misc]
        hash(use.value.value)  # the value itself is immutable too (tuples, frozen classes)
    second = schulerfolg.evaluate(app, rulebook=schulerfolg.state_rulebook())
    assert schulerfolg.to_json(second) == expected
    assert all(a is b for a, b in zip(first.parameters, second.parameters, strict=True))


def test_changing_a_decisions_data_does_not_change_another_decision() -> None:
    # to_dict hands out copies of the shared trace; to_json shares it only on the way to text.
    app = schulerfolg.example_application()
    first = schulerfolg.evaluate(app, rulebook=schulerfolg.state_rulebook())
    second = schulerfolg.evaluate(app, rulebook=schulerfolg.state_rulebook())
    expected_json, expected_data = schulerfolg.to_json(second), schulerfolg.to_dict(second)
    data = schulerfolg.to_dict(first)
    for entry in data["parameters"]:
        entry["source"]["title"] = "changed"
        if isinstance(entry["value"], dict):
            entry["value"].clear()
        elif isinstance(entry["value"], list):
            entry["value"].append("changed")
        entry["name"] = "changed"
    for entry in data["rules"]:
        entry["id"] = "changed"
    assert schulerfolg.to_json(second) == expected_json
    assert schulerfolg.to_dict(second) == expected_data
    assert schulerfolg.to_json(first) == expected_json.replace(
        schulerfolg.to_dict(second)["application_id"], schulerfolg.to_dict(first)["application_id"]
    )


def test_a_rulebooks_day_table_is_read_only() -> None:
    book = schulerfolg.state_rulebook()
    decision = schulerfolg.evaluate(schulerfolg.example_application(), rulebook=book)
    table = book.day_table(decision.evaluated_on)
    assert set(table) == {use.name for use in decision.parameters}
    with pytest.raises(TypeError):
        table["educational_offer.cap"] = decision.parameters[0]  # type: ignore[index]


def test_a_traced_value_read_back_may_not_hold_an_inexact_number() -> None:
    decision = schulerfolg.evaluate(
        schulerfolg.example_application(), rulebook=schulerfolg.state_rulebook()
    )
    text = schulerfolg.to_json(decision).replace('"2000.00"', "2000.5", 1)
    with pytest.raises(schulerfolg.DocumentError) as caught:
        schulerfolg.from_json(text, schulerfolg.Decision)
    assert any(p.code == "type" and "fraction" in p.message for p in caught.value.problems)
