"""Small helpers for writing Python district plugins (used by the built-in ones)."""

from __future__ import annotations

from datetime import date
from typing import Any

from schulerfolg._model import Source
from schulerfolg._parameters import Parameter, ParameterValue


def value(
    value: Any,
    *,
    valid_from: date,
    source: Source,
    provisional: bool = False,
    valid_until: date | None = None,
    note: str | None = None,
) -> ParameterValue:
    """One dated parameter value with its source."""
    return ParameterValue(
        value=value,
        valid_from=valid_from,
        valid_until=valid_until,
        provisional=provisional,
        source=source,
        note=note,
    )


def parameter(name: str, *values: ParameterValue) -> Parameter:
    """A parameter history from dated values (in order of ``valid_from``)."""
    return Parameter(name=name, values=values)
