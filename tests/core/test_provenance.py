"""Provenance: a source must name where a fact comes from."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
import pytest

from schulerfolg import InvariantError, SchulerfolgError, Source


def a_source() -> Source:
    return Source(reference="https://www.schulerfolg-sichern.de/", title="Schulerfolg sichern")


def fields(error: InvariantError) -> list[str]:
    return list(error.fields)


# --------------------------------------------------------------------------------------------
# Every class: valid objects build; each broken invariant raises and names its field


VALID: dict[str, Callable[[], object]] = {
    "Source": a_source,
}


@pytest.mark.parametrize("name", sorted(VALID))
def test_valid_objects_build(name: str) -> None:
    obj = VALID[name]()
    assert type(obj).__name__ == name
    assert attrs.evolve(obj) == obj  # rebuilding re-checks and gives an equal object


BROKEN: list[tuple[str, dict[str, Any], str]] = [
    ("Source", {"reference": ""}, "reference"),
    ("Source", {"title": "   "}, "title"),
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
    assert all(isinstance(p.message, str) and p.message for p in error.problems)
    assert all(p.path.startswith("$.") and p.code == "invalid" for p in error.problems)
    assert f"{field}: " in str(error)
    assert isinstance(error, SchulerfolgError)
    assert isinstance(error, ValueError)


def test_every_model_class_has_invariant_cases() -> None:
    assert {name for name, _, _ in BROKEN} == set(VALID)


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
