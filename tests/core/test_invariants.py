"""The ``Checked`` mixin: every broken invariant of an object reported together."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from datetime import date
from typing import ClassVar

import attrs
import pytest

from schulerfolg._core.invariants import Checked, Problems
from schulerfolg.errors import FieldTypeError, InvariantError


@attrs.frozen(kw_only=True)
class Named(Checked):
    name: str
    note: str | None = None
    _not_blank: ClassVar[tuple[str, ...]] = ("name", "note")


@attrs.frozen(kw_only=True)
class Ranged(Checked):
    name: str
    low: int
    high: int
    _not_blank: ClassVar[tuple[str, ...]] = ("name",)

    def _problems(self) -> Problems:
        if self.high < self.low:
            yield "high", "below low"


def test_valid_objects_build() -> None:
    assert Named(name="a").note is None
    assert Ranged(name="a", low=1, high=2).high == 2


def test_blank_text_is_refused_and_none_is_fine() -> None:
    with pytest.raises(InvariantError) as caught:
        Named(name=" ", note="")
    assert caught.value.fields == ("name", "note")
    assert [p.path for p in caught.value.problems] == ["$.name", "$.note"]


def test_blank_text_and_other_checks_are_reported_together_blank_first() -> None:
    with pytest.raises(InvariantError) as caught:
        Ranged(name="", low=2, high=1)
    assert caught.value.fields == ("name", "high")
    assert str(caught.value) == "invalid Ranged: name: must not be empty; high: below low"


def test_other_checks_alone() -> None:
    with pytest.raises(InvariantError) as caught:
        Ranged(name="a", low=2, high=1)
    assert caught.value.fields == ("high",)


def test_a_class_knows_whether_it_checks_more_than_blank_text() -> None:
    assert not Named._more_checks
    assert Ranged._more_checks


# --------------------------------------------------------------------------------------------
# A value of the wrong type (a regression of #11: a float for an amount raised AttributeError)


def _checked_public_classes() -> list[type]:
    import schulerfolg

    found = []
    for name in schulerfolg.__all__:
        cls = getattr(schulerfolg, name)
        if isinstance(cls, type) and issubclass(cls, Checked) and attrs.has(cls):
            found.append(cls)
    return sorted(found, key=lambda cls: cls.__name__)


CHECKED_CLASSES = _checked_public_classes()


def test_a_float_for_an_amount_is_the_librarys_type_error_naming_the_field() -> None:
    import schulerfolg

    line = schulerfolg.example_application().cost_plan[0]
    with pytest.raises(FieldTypeError) as info:
        attrs.evolve(line, amount=150.5)
    assert isinstance(info.value, TypeError)
    assert isinstance(info.value, InvariantError)
    assert [(p.path, p.code) for p in info.value.problems] == [("$.amount", "type")]
    assert "amount: expected Money, got a float (150.5)" in str(info.value)


def _instances() -> dict[type, object]:
    """One real instance of each checked class reachable from the bundled data: the example
    application, the programme, the offices, the directory, the state-wide rulebook's
    parameter values, and a procedure's history with a vote."""
    import schulerfolg

    roots: list[object] = [
        schulerfolg.example_application(),
        schulerfolg.programme(),
        *schulerfolg.network_offices(),
        schulerfolg.load_directory(),
        *schulerfolg.state_rulebook().parameters.values(),
    ]
    found: dict[type, object] = {}
    seen: set[int] = set()

    def walk(obj: object) -> None:
        if id(obj) in seen:
            return
        seen.add(id(obj))
        if isinstance(obj, (list, tuple, frozenset, set)):
            for item in obj:
                walk(item)
        elif isinstance(obj, Mapping):
            for item in obj.values():
                walk(item)
        elif attrs.has(type(obj)):
            if isinstance(obj, Checked):
                found.setdefault(type(obj), obj)
            for field in attrs.fields(type(obj)):
                walk(getattr(obj, field.name))

    for root in roots:
        walk(root)
    # The rest (no bundled data holds them: procedure records, directory entries the bundle
    # leaves out): one drawn by the public strategies.
    import warnings

    from hypothesis import strategies as st

    import schulerfolg.strategies

    actor = schulerfolg.Actor(name="Netzwerkstelle", role="clerk")
    event = schulerfolg.ApplicationEvent(
        kind=schulerfolg.ApplicationEventKind.SUBMITTED, on=date(2025, 3, 3), actor=actor
    )
    found.setdefault(type(event), event)
    history = schulerfolg.ApplicationHistory(application_id="WB-1", events=(event,))
    found.setdefault(type(history), history)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for cls in CHECKED_CLASSES:
            if cls not in found:
                found[cls] = st.from_type(cls).example()
    return found


INSTANCES = _instances()
WRONG = (1.5, float("nan"), "text", b"bytes", None, object())


@pytest.mark.parametrize("cls", CHECKED_CLASSES, ids=lambda cls: cls.__name__)
def test_a_wrong_type_in_any_field_is_never_a_stumble(cls: type) -> None:
    # A checked object given a value of the wrong type in any field either builds (a field no
    # check reads: mypy's business) or raises the library's error — never the AttributeError
    # or TypeError of a check that stumbled over the value.
    valid = INSTANCES[cls]
    for field in attrs.fields(cls):
        if not field.init:
            continue
        for wrong in WRONG:
            # The library's error for a value it cannot take; any other error fails the test.
            with contextlib.suppress(InvariantError):
                attrs.evolve(valid, **{field.alias: wrong})


def test_a_wrong_element_in_a_list_field_is_named_by_its_index() -> None:
    # Regression (review of #11): only the outer type was looked at, so a float among the cost
    # plan lines escaped as AttributeError.
    import schulerfolg

    application = schulerfolg.example_application()
    with pytest.raises(FieldTypeError) as info:
        attrs.evolve(application, cost_plan=(1.5,))
    assert [(p.path, p.code) for p in info.value.problems] == [("$.cost_plan[0]", "type")]
    with pytest.raises(FieldTypeError, match=r"documents\[0\]: expected str"):
        attrs.evolve(application, documents=(1,))


@attrs.frozen(kw_only=True)
class Labelled(Checked):
    _label = "cost plan line"  # a message id of the core catalog
    amount: int

    def _problems(self) -> Problems:
        if self.amount < 0:
            yield "amount", "below zero"


def test_an_object_is_named_by_its_label_in_the_readers_language() -> None:
    from schulerfolg import message_text

    with pytest.raises(InvariantError) as caught:
        Labelled(amount=-1)
    error = caught.value
    assert error.cls_name == "Labelled"
    assert str(error) == "invalid cost plan line: amount: below zero"
    german = message_text(error, "de")
    assert german == "ungültige Angaben (Zeile des Kostenplans): amount: below zero"
    # A wrong type names it so too.
    with pytest.raises(FieldTypeError) as wrong:
        Labelled(amount="x")  # type: ignore[arg-type]
    assert message_text(wrong.value, "de").startswith("ungültige Angaben (Zeile des Kostenplans): ")


def _library_classes() -> list[type[Checked]]:
    import importlib
    import pkgutil

    import schulerfolg

    for module in pkgutil.walk_packages(schulerfolg.__path__, "schulerfolg."):
        if not module.name.endswith("__main__"):  # (that one runs the command line)
            importlib.import_module(module.name)
    found: list[type[Checked]] = []
    pending = list(Checked.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.partition(".")[0] == "schulerfolg" and not cls.__subclasses__():
            found.append(cls)
    return sorted(set(found), key=lambda cls: cls.__qualname__)


def test_every_checked_class_of_the_library_is_named_for_people_in_both_languages() -> None:
    from schulerfolg._core.texts import render_text
    from schulerfolg.errors import Text

    classes = _library_classes()
    assert len(classes) > 30
    unnamed = [cls.__qualname__ for cls in classes if not isinstance(cls._label, str)]
    assert unnamed == []
    untranslated = [
        cls.__qualname__
        for cls in classes
        if isinstance(cls._label, str)
        and render_text(Text(cls._label), "de") == cls._label
        and cls._label != "budget"  # the same word in German
    ]
    assert untranslated == []
