"""Layering an overlay: every problem of a declaration found at once, each with its path and
code, and nothing applied."""

from __future__ import annotations

import io
import typing
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

import attrs
import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.support import Translations
from hypothesis import given
from hypothesis import strategies as st

import schulerfolg
from rule_helpers import (
    CAP,
    TEST_LAYER,
    TEST_SOURCE,
    overlay,
    parameter,
    rule,
    snapshot,
    state,
)
from schulerfolg import Money, OverlayError, Severity
from schulerfolg._core.texts import message_text, render_text
from schulerfolg.plugins import (
    PLUGIN_API_VERSION,
    STATE_RULES,
    ArgKind,
    Cap,
    CapBasis,
    CapScope,
    DistrictPlugin,
    FindingCode,
    Layer,
    LayerKind,
    Overlay,
    Parameter,
    ParameterSpec,
    ParameterValue,
)


@pytest.mark.parametrize(
    ("changes", "problem", "path", "code"),
    [
        pytest.param(
            {"parameters": (parameter("educational_offer.no_such", 1),)},
            "unknown parameter 'educational_offer.no_such' (did you mean 'educational_offer.cap'?)",
            "$.parameters[0].name",
            "unknown_parameter",
            id="unknown-parameter",
        ),
        pytest.param(
            {"replaced_rules": (rule("test.new", replaces="no.such.rule"),)},
            "rule 'test.new' replaces unknown rule 'no.such.rule'",
            "$.replaced_rules[0].replaces",
            "unknown_rule",
            id="replaces-unknown-rule",
        ),
        pytest.param(
            {"replaced_rules": (rule("test.new"),)},
            "replacing rule 'test.new' does not name the rule it replaces",
            "$.replaced_rules[0].replaces",
            "missing",
            id="replacement-without-target",
        ),
        pytest.param(
            {"disabled_rules": ("no.such.rule",)},
            "cannot disable unknown rule 'no.such.rule'",
            "$.disabled_rules[0]",
            "unknown_rule",
            id="disables-unknown-rule",
        ),
        pytest.param(
            {"disabled_rules": ("cap.amout",)},
            "cannot disable unknown rule 'cap.amout' (did you mean 'cap.amount'?)",
            "$.disabled_rules[0]",
            "unknown_rule",
            id="disables-a-misspelt-rule",
        ),
        pytest.param(
            {"parameters": (parameter("educational_offer.capp", 1),)},
            "unknown parameter 'educational_offer.capp' (did you mean 'educational_offer.cap'?)",
            "$.parameters[0].name",
            "unknown_parameter",
            id="misspelt-parameter",
        ),
        pytest.param(
            {"added_rules": (rule("test.twice"), rule("test.twice"))},
            "rule id 'test.twice' is used twice",
            "$.added_rules[1].id",
            "duplicate",
            id="duplicate-rule-ids",
        ),
        pytest.param(
            {"added_rules": (rule("cap.amount"),)},
            "rule id 'cap.amount' is already used by the state-wide base",
            "$.added_rules[0].id",
            "conflict",
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
            "$.parameters[1].name",
            "duplicate",
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
            "$.replaced_rules[1].replaces",
            "duplicate",
            id="replaced-twice",
        ),
        pytest.param(
            {
                "replaced_rules": (rule("test.a", replaces="cap.amount"),),
                "disabled_rules": ("cap.amount",),
            },
            "rule 'cap.amount' is both replaced and disabled",
            "$.disabled_rules[0]",
            "conflict",
            id="replaced-and-disabled",
        ),
        pytest.param(
            {"disabled_rules": ("cap.amount", "cap.amount")},
            "rule 'cap.amount' is disabled twice",
            "$.disabled_rules[1]",
            "duplicate",
            id="disabled-twice",
        ),
        pytest.param(
            {"added_rules": (rule("test.reads", parameters=("no.such.parameter",)),)},
            "rule 'test.reads' reads unknown parameter 'no.such.parameter'",
            "$.added_rules[0].parameters[0]",
            "unknown_parameter",
            id="rule-reads-unknown-parameter",
        ),
        pytest.param(
            {"parameter_specs": (ParameterSpec(name=CAP, value_type=Cap, description="again"),)},
            f"parameter spec {CAP!r} already exists in the state-wide base",
            "$.parameter_specs[0].name",
            "conflict",
            id="spec-already-exists",
        ),
    ],
)
def test_overlay_problem(changes: Mapping[str, Any], problem: str, path: str, code: str) -> None:
    before = snapshot(state())
    with pytest.raises(OverlayError) as caught:
        state().with_overlay(overlay(**changes))
    assert len(caught.value.problems) == 1, caught.value.problems
    (found,) = caught.value.problems
    assert found.message == problem
    assert (found.path, found.code) == (path, code)
    assert caught.value.layer == TEST_LAYER.name
    assert caught.value.layer_version == TEST_LAYER.version
    assert str(TEST_LAYER) in str(caught.value)
    assert snapshot(state()) == before
    # Each problem is a text for German readers too (not one English word of it left).
    assert found.text is not None
    german = render_text(found.text, "de")
    assert german != found.message
    assert german in message_text(caught.value, "de")


def test_overlay_problems_in_german() -> None:
    bad = overlay(
        parameters=(parameter("educational_offer.capp", 1),),
        replaced_rules=(rule("test.replacement", replaces="no.such.rule"),),
        disabled_rules=("cap.amout",),
    )
    with pytest.raises(OverlayError) as caught:
        state().with_overlay(bad)
    assert message_text(caught.value, "de") == (
        f"{TEST_LAYER.name} {TEST_LAYER.version}: "
        "$.parameters[0].name: unbekannter Parameter 'educational_offer.capp' "
        "(meinten Sie 'educational_offer.cap'?); "
        "$.replaced_rules[0].replaces: die Regel 'test.replacement' ersetzt die unbekannte Regel "
        "'no.such.rule'; "
        "$.disabled_rules[0]: die unbekannte Regel 'cap.amout' (meinten Sie 'cap.amount'?) kann "
        "nicht abgeschaltet werden"
    )


def test_overlay_error_lists_every_problem_and_changes_nothing() -> None:
    before = snapshot(state())
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
        assert any(text in problem.message for problem in problems), (text, problems)
        assert text in str(caught.value)
    for problem in problems:
        assert problem.path.startswith("$.")
        assert str(problem) in str(caught.value)
    assert snapshot(state()) == before
    assert state().overlay is None
    assert [r.id for r, _ in state().rules] == [r.id for r in STATE_RULES]


def test_an_overlay_declaring_a_spec_or_message_twice_is_refused() -> None:
    # Finding codes (with their messages) come with the rules that raise them: two rules of a
    # plugin may not declare one code differently, nor may a plugin redeclare a state-wide code.
    spec = ParameterSpec(name="review.limit", value_type=int, description="d")
    first = FindingCode(code="review.code", severity=Severity.WARNING, template="text")
    again = FindingCode(code="review.code", severity=Severity.WARNING, template="text")
    other = FindingCode(code="review.code", severity=Severity.ERROR, template="other text")
    clash = FindingCode(code="cap.exceeded", severity=Severity.ERROR, template="Clash.")
    plugin = DistrictPlugin(
        api_version=PLUGIN_API_VERSION,
        district="15083",
        name="review",
        parameter_specs=(spec, spec),
        added_rules=(
            rule("review.a", codes=(first,)),
            rule("review.b", codes=(again,)),  # the same declaration twice is no clash
            rule("review.c", codes=(other,)),
            rule("review.d", codes=(clash,)),
        ),
    )
    bad = Overlay(
        plugin=plugin,
        layer=Layer(kind=LayerKind.PLUGIN, name="review", version="1"),
        district=schulerfolg.district("15083"),
    )
    with pytest.raises(OverlayError) as info:
        schulerfolg.state_rulebook().with_overlay(bad)
    problems = {(p.path, p.code): p.message for p in info.value.problems}
    assert problems == {
        ("$.parameter_specs[1].name", "duplicate"): (
            "parameter spec 'review.limit' is declared twice"
        ),
        ("$.added_rules[2].codes[0]", "conflict"): (
            "rule 'review.c' declares finding code 'review.code' differently from where it is "
            "already declared (severity, template differ)"
        ),
        ("$.added_rules[3].codes[0]", "conflict"): (
            "rule 'review.d' declares finding code 'cap.exceeded' differently from where it is "
            "already declared (template, args differ)"
        ),
    }
    assert "parameter spec 'review.limit' is declared twice" in str(info.value)
    german = {(p.path, p.code): render_text(p.text, "de") for p in info.value.problems if p.text}
    assert german == {
        ("$.parameter_specs[1].name", "duplicate"): (
            "die Parameterspezifikation 'review.limit' ist zweimal deklariert"
        ),
        ("$.added_rules[2].codes[0]", "conflict"): (
            "die Regel 'review.c' deklariert den Befundcode 'review.code' anders, als er bereits "
            "deklariert ist (severity, template weichen ab)"
        ),
        ("$.added_rules[3].codes[0]", "conflict"): (
            "die Regel 'review.d' deklariert den Befundcode 'cap.exceeded' anders, als er bereits "
            "deklariert ist (template, args weichen ab)"
        ),
    }


def _values(*values: object) -> tuple[ParameterValue, ...]:
    return tuple(
        ParameterValue(value=value, valid_from=date(2018 + year, 8, 1), source=TEST_SOURCE)
        for year, value in enumerate(values)
    )


def test_every_value_of_every_parameter_is_checked_for_its_type() -> None:
    # A wrong value does not hide the next one: each value of each parameter is reported.
    specs = tuple(
        ParameterSpec(name=name, value_type=value_type, description="d")
        for name, value_type in (
            ("test.count", int),
            ("test.number", complex),  # a type the converter cannot read back
            ("test.words", tuple[str, ...]),
            ("test.table", dict[str, int]),
        )
    )
    parameters = (
        Parameter(name="test.count", values=_values(object(), "3")),
        Parameter(name="test.number", values=_values(1j, 2j)),
        Parameter(name="test.words", values=_values(["a"], ["b"])),
        Parameter(name="test.table", values=_values({"a": 1}, {"b": 2})),
    )
    with pytest.raises(OverlayError) as caught:
        state().with_overlay(overlay(parameter_specs=specs, parameters=parameters))
    unreadable = (
        "StructureHandlerNotFoundError: Unsupported type: <class 'complex'>. Register a "
        "structure hook for it."
    )
    mutable = "is mutable; use tuples and frozen classes (decisions share parameter values)"
    assert [(p.path, p.code, p.message) for p in caught.value.problems] == [
        ("$.parameters[0].values[0].value", "type", "expected a whole number, got object"),
        ("$.parameters[0].values[1].value", "type", "expected a whole number, got text ('3')"),
        ("$.parameters[1].values[0].value", "invalid", unreadable),
        ("$.parameters[1].values[1].value", "invalid", unreadable),
        (
            "$.parameters[2].values[0].value",
            "type",
            "parameter 'test.words': ['a'] is not a tuple[str, ...]",
        ),
        (
            "$.parameters[2].values[1].value",
            "type",
            "parameter 'test.words': ['b'] is not a tuple[str, ...]",
        ),
        (
            "$.parameters[3].values[0].value",
            "type",
            f"parameter 'test.table': {{'a': 1}} {mutable}",
        ),
        (
            "$.parameters[3].values[1].value",
            "type",
            f"parameter 'test.table': {{'b': 2}} {mutable}",
        ),
    ]
    german = [render_text(p.text, "de") for p in caught.value.problems if p.text is not None]
    assert german[4] == "Parameter 'test.words': ['a'] ist nicht vom Typ tuple[str, ...]"
    assert german[6] == (
        "Parameter 'test.table': {'a': 1} ist veränderlich; verwenden Sie Tupel und "
        "unveränderliche (frozen) Klassen (Entscheidungen teilen sich Parameterwerte)"
    )


def test_a_finding_code_declared_differently_in_one_respect_names_it() -> None:
    first = FindingCode(code="test.code", severity=Severity.WARNING, template="text")
    other = FindingCode(code="test.code", severity=Severity.ERROR, template="text")
    bad = overlay(added_rules=(rule("test.a", codes=(first,)), rule("test.b", codes=(other,))))
    with pytest.raises(OverlayError) as caught:
        state().with_overlay(bad)
    (problem,) = caught.value.problems
    assert (problem.path, problem.code, problem.message) == (
        "$.added_rules[1].codes[0]",
        "conflict",
        "rule 'test.b' declares finding code 'test.code' differently from where it is already "
        "declared (severity differs)",
    )
    assert problem.text is not None
    assert render_text(problem.text, "de") == (
        "die Regel 'test.b' deklariert den Befundcode 'test.code' anders, als er bereits "
        "deklariert ist (severity weicht ab)"
    )


def _catalog(language: str, messages: Mapping[str, str]) -> Translations:
    catalog = Catalog(locale=language)
    for message_id, translated in messages.items():
        catalog.add(message_id, translated)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(fp=compiled)


def test_a_translation_must_use_the_placeholders_of_its_message() -> None:
    code = FindingCode(
        code="test.code",
        severity=Severity.WARNING,
        template="Limit {cap}.",
        args={"cap": ArgKind.MONEY},
    )
    catalogs = {
        "de": _catalog("de", {"Limit {cap}.": "Grenze {grenze}."}),
        # A state-wide message translated with its own placeholders is fine.
        "en": _catalog("en", {"The document „{document}“ is missing.": "{document} is missing."}),
    }
    bad = attrs.evolve(overlay(added_rules=(rule("test.a", codes=(code,)),)), catalogs=catalogs)
    with pytest.raises(OverlayError) as caught:
        state().with_overlay(bad)
    (problem,) = caught.value.problems
    assert (problem.path, problem.code, problem.message) == (
        "$.catalog_dir",
        "placeholders",
        "its de translation of 'test.code' uses placeholders ['grenze'], the message has ['cap']",
    )


# --------------------------------------------------------------------------------------------
# A plugin's own parameter may not hold a float (#11): binary floating point is never exact


@attrs.frozen
class _Share:
    """A float field: a float in disguise."""

    part: float


@attrs.frozen
class _Rate:
    """A float two levels down: in a tuple of a class of the plugin's own."""

    label: str
    shares: tuple[_Share, ...]


@attrs.frozen
class _Tree:
    """A class that holds itself, directly and in a tuple, and no float."""

    amount: Money
    parent: _Tree | None = None
    children: tuple[_Tree, ...] = ()


@attrs.frozen
class _WeightedTree:
    """A class that holds itself, with a float after the reference to itself."""

    parent: _WeightedTree | None
    weight: float


def _spec_problems_of(value_type: object) -> list[tuple[str, str, str]]:
    """The problems of a Börde overlay declaring one spec of ``value_type`` (nothing else)."""
    spec = ParameterSpec(name="test.share", value_type=value_type, description="A share.")
    try:
        state().with_overlay(overlay(parameter_specs=(spec,)))
    except OverlayError as exc:
        return [(p.path, p.code, p.message) for p in exc.problems]
    return []


def _float_problem(shown: str) -> tuple[str, str, str]:
    return (
        "$.parameter_specs[0].value_type",
        "type",
        f"parameter spec 'test.share': its type {shown} holds a float; use Decimal, Money or "
        "int (a float is never exact)",
    )


@pytest.mark.parametrize(
    ("value_type", "shown"),
    [
        pytest.param(float, "<class 'float'>", id="float"),
        pytest.param(tuple[float, ...], "tuple[float, ...]", id="tuple"),
        pytest.param(int | float, "int | float", id="union"),
        pytest.param(_Share, repr(_Share), id="attrs-field"),
        pytest.param(tuple[_Rate, ...], f"tuple[{__name__}._Rate, ...]", id="attrs-nested"),
        pytest.param(_WeightedTree, repr(_WeightedTree), id="holds-itself-and-a-float"),
    ],
)
def test_a_spec_whose_type_holds_a_float_is_refused(value_type: object, shown: str) -> None:
    before = snapshot(state())
    spec = ParameterSpec(name="test.share", value_type=value_type, description="A share.")
    with pytest.raises(OverlayError) as caught:
        state().with_overlay(overlay(parameter_specs=(spec,)))
    assert [(p.path, p.code, p.message) for p in caught.value.problems] == [_float_problem(shown)]
    (problem,) = caught.value.problems
    assert problem.text is not None
    assert render_text(problem.text, "de") == (
        f"Parameterspezifikation 'test.share': ihr Typ {shown} enthält eine Gleitkommazahl; "
        "verwenden Sie Decimal, Money oder int (eine Gleitkommazahl ist nie genau)"
    )
    assert snapshot(state()) == before


@pytest.mark.parametrize(
    "value_type",
    [
        pytest.param(int, id="int"),
        pytest.param(Decimal, id="decimal"),
        pytest.param(tuple[Money, ...], id="tuple-of-money"),
        pytest.param(Cap, id="attrs-without-float"),
        pytest.param(_Tree, id="holds-itself"),
        pytest.param(tuple[_Tree, ...] | None, id="holds-itself-in-a-tuple"),
    ],
)
def test_a_spec_without_a_float_is_layered(value_type: object) -> None:
    # A class that holds itself is looked at once: no endless search, and no float seen in it.
    spec = ParameterSpec(name="test.share", value_type=value_type, description="A share.")
    layered = state().with_overlay(overlay(parameter_specs=(spec,)))
    assert layered.specs["test.share"].value_type is value_type


#: Types without a float and with one: (type, holds a float).
_LEAF_TYPES: tuple[tuple[object, bool], ...] = (
    (int, False),
    (str, False),
    (bool, False),
    (Decimal, False),
    (Money, False),
    (Cap, False),
    (_Tree, False),
    (float, True),
    (_Share, True),
    (_Rate, True),
    (_WeightedTree, True),
)


def _combined(inner: st.SearchStrategy[tuple[object, bool]]) -> st.SearchStrategy[Any]:
    pairs = st.tuples(inner, inner)
    return st.one_of(
        inner.map(lambda t: (tuple[t[0], ...], t[1])),
        pairs.map(lambda p: (tuple[p[0][0], p[1][0]], p[0][1] or p[1][1])),
        pairs.map(lambda p: (typing.Union[p[0][0], p[1][0]], p[0][1] or p[1][1])),  # noqa: UP007
        inner.map(lambda t: (frozenset[t[0]], t[1])),
        inner.map(lambda t: (t[0] | None, t[1])),
    )


@given(st.recursive(st.sampled_from(_LEAF_TYPES), _combined, max_leaves=5))
def test_a_spec_is_refused_exactly_when_its_type_holds_a_float(
    case: tuple[object, bool],
) -> None:
    value_type, holds_float = case
    problems = _spec_problems_of(value_type)
    assert problems == ([_float_problem(repr(value_type))] if holds_float else [])
