"""Dated values and parameter histories.

A :class:`ParameterValue` is the library's one dated-value record — a value, the day it holds
from (and, optionally, until), its source and whether it is provisional.  The parameter history,
the decision trace and the diff of a district plugin all hold these records, shared, never
copied.  A :class:`Parameter` is a value history: a value holds from its day until the next
value starts or until its ``valid_until``.  Looking a parameter up for a day where no value
holds is an error, never a silent default.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import attrs

from schulerfolg._core.i18n import N_
from schulerfolg._core.invariants import Problems, as_problems
from schulerfolg._core.provenance import Source
from schulerfolg.errors import InvariantError, Text


@attrs.frozen(kw_only=True)
class ParameterValue:
    """One value of a parameter, valid from ``valid_from`` (until the next value or
    ``valid_until``), with its source and whether it is provisional (inferred or unverified)."""

    value: Any
    valid_from: date
    valid_until: date | None = None
    provisional: bool = False
    source: Source
    note: str | None = None


@attrs.frozen(kw_only=True)
class Parameter:
    """A parameter's value history, ordered by ``valid_from``; values never overlap."""

    name: str
    values: tuple[ParameterValue, ...]

    def __attrs_post_init__(self) -> None:
        problems = list(history_problems(self.values))
        if problems:
            raise InvariantError(
                f"Parameter {self.name!r}",
                as_problems(problems),
                label=Text(N_("parameter {name}"), {"name": repr(self.name)}),
            )

    def value_at(self, on: date) -> ParameterValue | None:
        """The value in force on ``on``, or ``None``."""
        found = None
        for index, value in enumerate(self.values):
            if value.valid_from > on:
                break
            next_start = self.values[index + 1].valid_from if index + 1 < len(self.values) else None
            ends_before = value.valid_until is not None and value.valid_until < on
            if not ends_before and (next_start is None or on < next_start):
                found = value
        return found


def history_problems(values: Sequence[ParameterValue]) -> Problems:
    if not values:
        yield "values", Text(N_("must have at least one value"))
    for index, value in enumerate(values):
        if value.valid_until is not None and value.valid_until < value.valid_from:
            yield f"values[{index}].valid_until", Text(N_("ends before valid_from"))
        if index and value.valid_from <= values[index - 1].valid_from:
            yield (
                f"values[{index}].valid_from",
                Text(
                    N_("values must be in order of valid_from, each starting after the one before")
                ),
            )
        elif (
            index
            and (until := values[index - 1].valid_until) is not None
            and (until >= value.valid_from)
        ):
            yield (
                f"values[{index}].valid_from",
                Text(
                    N_("overlaps the value before, which holds until {until}"),
                    {"until": until.isoformat()},
                ),
            )
