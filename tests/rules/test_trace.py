"""The trace of a decision: every parameter value and every rule used, with its layer."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import schulerfolg
from rule_helpers import (
    CAP,
    EXAMPLE,
    PARAMETERS_START,
    STATE_RULE_IDS,
    TEST_SOURCE,
    in_boerde,
    overlay,
    rule,
    state,
)
from schulerfolg import Decision, Money, ParameterUse, to_dict, to_json
from schulerfolg._core.texts import render_text
from schulerfolg.plugins import (
    STATE_RULES,
    Cap,
    CapBasis,
    CapScope,
    Layer,
    LayerKind,
    Parameter,
    ParameterValue,
)
from schulerfolg.strategies import decisions


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


def test_a_values_last_day_is_in_the_trace_and_read_back() -> None:
    until = date(2026, 12, 31)
    raised = ParameterValue(
        value=Cap(amount=Money("3000.00"), scope=CapScope.PER_SCHOOL, basis=CapBasis.CALENDAR_YEAR),
        valid_from=PARAMETERS_START,
        valid_until=until,
        source=TEST_SOURCE,
    )
    book = state().with_overlay(overlay(parameters=(Parameter(name=CAP, values=(raised,)),)))
    decision = schulerfolg.evaluate(in_boerde(EXAMPLE), rulebook=book)
    (entry,) = (e for e in to_dict(decision)["parameters"] if e["name"] == CAP)
    assert entry["valid_from"] == PARAMETERS_START.isoformat()
    assert entry["valid_until"] == "2026-12-31"
    assert entry["layer"] == "test"
    again = schulerfolg.from_json(schulerfolg.to_json(decision), schulerfolg.Decision)
    (use,) = (u for u in again.parameters if u.name == CAP)
    assert use.value.valid_until == until
    assert again == decision
    # Without a last day the trace says null.
    plain = schulerfolg.evaluate(in_boerde(EXAMPLE), rulebook=state().with_overlay(overlay()))
    assert all(e["valid_until"] is None for e in to_dict(plain)["parameters"])


#: JSON data as a parameter's value can hold it: text, whole numbers, booleans, null, nested
#: in lists and objects.
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.text(max_size=3),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3)
    ),
    max_leaves=8,
)


def _meddle(data: Any) -> None:
    """Change every list and object inside ``data``, at every depth."""
    if isinstance(data, list):
        for item in data:
            _meddle(item)
        data.append("meddled")
    elif isinstance(data, dict):
        for item in data.values():
            _meddle(item)
        data["meddled"] = True


@given(json_values)
def test_what_a_caller_does_to_a_trace_entrys_data_never_reaches_the_next_caller(
    value: Any,
) -> None:
    use = ParameterUse.of(
        "test.value",
        ParameterValue(value=value, valid_from=PARAMETERS_START, source=TEST_SOURCE),
        Layer(kind=LayerKind.PLUGIN, name="test", version="1"),
    )
    expected = to_dict(value)
    first = to_dict(use)
    assert first["value"] == expected
    _meddle(first["value"])
    first["source"]["title"] = "meddled"
    assert to_dict(use)["value"] == expected
    assert to_dict(use)["source"] == {"reference": TEST_SOURCE.reference, "title": None}


def test_an_inexact_number_deep_inside_a_traced_value_is_refused() -> None:
    entry = {
        "name": "test.value",
        "value": {"limits": [1, [2.5]]},
        "valid_from": "2025-01-01",
        "valid_until": None,
        "provisional": False,
        "source": {"reference": "r", "title": None},
        "layer": "test",
        "layer_version": "1",
    }
    text = json.dumps(entry)
    with pytest.raises(schulerfolg.DocumentError) as caught:
        schulerfolg.from_json(text, ParameterUse)
    (problem,) = caught.value.problems
    assert (problem.code, problem.message) == (
        "type",
        "a traced value may not hold a number with a fraction (2.5)",
    )
    assert problem.text is not None
    assert render_text(problem.text, "de") == (
        "ein protokollierter Wert darf nicht eine Zahl mit Nachkommastellen (2.5) enthalten"
    )
    assert schulerfolg.from_json(text.replace("2.5", "2"), ParameterUse).value.value == {
        "limits": [1, [2]]
    }


@given(decision=decisions())
def test_a_decisions_compact_json_is_its_wire_form_as_text(decision: Decision) -> None:
    # to_json(indent=None) writes a decision from the JSON text its shared trace entries keep;
    # the text must be the plain encoding of its wire form, byte for byte, every time.
    from schulerfolg._directory.documents import _encoder, _text_converter
    from schulerfolg._rules.trace import RuleUse

    # Fresh entries: the rulebook's shared ones may keep their text from an earlier test.
    decision = attrs.evolve(
        decision,
        parameters=tuple(
            ParameterUse(name=u.name, value=u.value, layer=u.layer, layer_version=u.layer_version)
            for u in decision.parameters
        ),
        rules=tuple(
            RuleUse(id=u.id, layer=u.layer, layer_version=u.layer_version, replaces=u.replaces)
            for u in decision.rules
        ),
    )
    plain = _encoder(None).encode(_text_converter().unstructure(decision))
    assert to_json(decision, indent=None) == plain
    assert to_json(decision, indent=None) == plain  # the kept text, the second time
