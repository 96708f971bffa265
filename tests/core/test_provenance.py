"""Provenance: a source must name where a fact comes from."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from helpers import invariant_tests
from schulerfolg import Source


def a_source() -> Source:
    return Source(reference="https://www.schulerfolg-sichern.de/", title="Schulerfolg sichern")


# --------------------------------------------------------------------------------------------
# Every class: valid objects build; each broken invariant raises and names its field


VALID: dict[str, Callable[[], object]] = {
    "Source": a_source,
}


BROKEN: list[tuple[str, dict[str, Any], str]] = [
    ("Source", {"reference": ""}, "reference"),
    ("Source", {"title": "   "}, "title"),
]

(
    test_valid_objects_build,
    test_broken_invariant_names_the_field,
    test_every_model_class_has_invariant_cases,
    test_objects_are_frozen,
    test_objects_are_keyword_only,
) = invariant_tests(VALID, BROKEN)


# --------------------------------------------------------------------------------------------
# Frozen and keyword-only
