"""The public errors: one module, one base class, the culprit as attributes, one Problem shape."""

from __future__ import annotations

import inspect
import pickle
from datetime import date

import pytest

import schulerfolg
from schulerfolg import errors
from schulerfolg.errors import (
    DocumentError,
    InvariantError,
    OverlayError,
    ParameterNotInForceError,
    PluginConflictError,
    PluginError,
    Problem,
    RuleError,
    SchulerfolgError,
)

#: The records beside the errors: what a document lacks (Problem), what a change lacks (Need),
#: a text for people in any language (Text).
RECORDS = ("Problem", "Need", "Text")
ERROR_CLASSES = [getattr(errors, name) for name in errors.__all__ if name not in RECORDS]


@pytest.mark.parametrize("cls", ERROR_CLASSES, ids=lambda cls: cls.__name__)
def test_every_public_error_is_named_error_derives_from_the_base_and_says_when(cls: type) -> None:
    assert cls.__name__.endswith("Error")
    assert issubclass(cls, SchulerfolgError)
    assert cls.__module__ == "schulerfolg.errors"
    assert "versionadded" in (cls.__doc__ or "")


def test_every_public_error_is_also_at_the_top_level() -> None:
    for cls in [*ERROR_CLASSES, *(getattr(errors, name) for name in RECORDS)]:
        assert getattr(schulerfolg, cls.__name__) is cls


def test_no_other_module_defines_a_public_error() -> None:
    for module in (schulerfolg, schulerfolg.plugins):
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isclass(obj) and issubclass(obj, BaseException):
                assert obj.__module__ == "schulerfolg.errors", name


def test_problem_re_roots_its_path() -> None:
    problem = Problem(path="$.amount", message="m", code="type")
    assert problem.under("$.cost_plan[2]") == Problem(
        path="$.cost_plan[2].amount", message="m", code="type"
    )
    assert str(problem) == "$.amount: m"
    assert Problem(path="$", message="m").code == "invalid"


def test_document_error_lists_every_problem_and_its_source() -> None:
    error = DocumentError(
        [Problem(path="$.a", message="x"), Problem(path="$.b", message="y")], source="f.json"
    )
    assert str(error) == "2 problems in f.json:\n  $.a: x\n  $.b: y"
    moved = error.under("$.items[0]")
    assert [p.path for p in moved.problems] == ["$.items[0].a", "$.items[0].b"]
    assert moved.source == "f.json"


def test_invariant_error_names_its_fields() -> None:
    error = InvariantError("DateRange", [Problem(path="$.end", message="ends before it starts")])
    assert error.fields == ("end",)
    assert str(error) == "invalid DateRange: end: ends before it starts"


def test_errors_carry_their_culprit_as_attributes() -> None:
    missing = ParameterNotInForceError("educational_offer.cap", date(2017, 1, 1))
    assert (missing.name, missing.on) == ("educational_offer.cap", date(2017, 1, 1))
    cause = ZeroDivisionError("division by zero")
    rule = RuleError(rule_id="r", layer="dist/ep", layer_version="2", state_wide=False, cause=cause)
    assert (rule.rule_id, rule.layer, rule.layer_version, rule.state_wide) == (
        "r",
        "dist/ep",
        "2",
        False,
    )
    assert rule.cause is cause
    assert str(rule) == "rule 'r' of plugin dist/ep 2 failed: ZeroDivisionError: division by zero"
    overlay = OverlayError(
        layer="x", layer_version="1", problems=[Problem(path="$.a", message="m")]
    )
    assert str(overlay) == "x 1: $.a: m"
    plugin = PluginError("m", distribution="d", entry_point="e", version="1")
    assert (plugin.distribution, plugin.entry_point, plugin.version, plugin.problems) == (
        "d",
        "e",
        "1",
        (),
    )
    conflict = PluginConflictError("m", district="15001", claims=["a", "b"])
    assert (conflict.district, conflict.claims) == ("15001", ("a", "b"))
    assert isinstance(conflict, PluginError)


def _one_of_each() -> list[SchulerfolgError]:
    problem = Problem(path="$.amount", message="must not be negative")
    return [
        errors.SchulerfolgError("plain"),
        errors.DocumentError([problem], source="antrag.json"),
        errors.InvariantError("Application", [problem]),
        errors.CostPlanError("CostPlanLine", [problem]),
        errors.FieldTypeError("CostPlanLine", [problem]),
        errors.NotFoundError("no district 'Atlantis'"),
        errors.MoneyError("not an amount"),
        errors.DateError("not a date"),
        errors.CoFinancingError("shares do not add up"),
        errors.ParameterNotInForceError("educational_offer.cap", date(2018, 7, 31)),
        errors.NoEvaluationDateError("no evaluation day"),
        errors.RuleError(
            rule_id="cap.amount",
            layer="state",
            layer_version="1",
            state_wide=True,
            cause=ValueError("boom"),
        ),
        errors.OverlayError(layer="harz", layer_version="1.0", problems=[problem]),
        errors.VoteError([problem]),
        errors.TransitionError(
            state="checked",
            event="approved",
            missing=[errors.Need("a day not before the last event's ({day})", {"day": "x"})],
        ),
        errors.LedgerError("amt.sqlite", "not an SQLite database"),
        errors.PluginError("broken", distribution="d", entry_point="e", problems=[problem]),
        errors.PluginConflictError("two plugins", district="15001", claims=["a", "b"]),
    ]


@pytest.mark.parametrize("error", _one_of_each(), ids=lambda error: type(error).__name__)
def test_every_error_pickles_with_its_message_and_culprit(error: SchulerfolgError) -> None:
    # For multiprocessing and task queues: an error crossing a process keeps what it says.
    restored = pickle.loads(pickle.dumps(error))
    assert type(restored) is type(error)
    assert str(restored) == str(error)
    assert {k: v for k, v in vars(restored).items() if k != "cause"} == {
        k: v for k, v in vars(error).items() if k != "cause"
    }


def test_the_catalogue_of_errors_is_complete() -> None:
    assert {type(error) for error in _one_of_each()} >= set(ERROR_CLASSES)


def test_a_refused_transition_is_said_in_german_and_english() -> None:
    from schulerfolg import message_text

    refused = errors.TransitionError(
        state="submitted", event="approved", missing=[errors.Need("a grant notice")]
    )
    assert str(refused) == "'approved' in state 'submitted' lacks: a grant notice"
    assert message_text(refused, "de") == (
        "'approved' im Stand 'submitted': es fehlt: ein Zuwendungsbescheid"
    )
    not_allowed = errors.TransitionError(state="rejected", event="approved")
    assert str(not_allowed) == "'approved' is not allowed in state 'rejected'"
    assert "nicht möglich" in message_text(not_allowed, "de")


def test_a_plain_text_is_never_translated() -> None:
    from schulerfolg._core.texts import render_text

    # A foreign message that happens to be a message of the catalog stays as it was written.
    assert render_text(errors.Text.plain("unknown key"), "de") == "unknown key"
    assert render_text(errors.Text("unknown key"), "de") == "unbekannter Schlüssel"
