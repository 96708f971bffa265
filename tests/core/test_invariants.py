"""The ``Checked`` mixin: every broken invariant of an object reported together."""

from __future__ import annotations

from typing import ClassVar

import attrs
import pytest

from schulerfolg._core.invariants import Checked, Problems
from schulerfolg.errors import InvariantError


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
