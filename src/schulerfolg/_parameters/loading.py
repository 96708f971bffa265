"""Reading parameter records (the bundled state-wide values and declarative plugins) strictly:
each value read with the type its spec declares, every problem reported with its path."""

from __future__ import annotations

import functools
from collections.abc import Mapping

import attrs

from schulerfolg._core.i18n import N_
from schulerfolg._core.suggest import did_you_mean_text
from schulerfolg._directory.documents import from_dict
from schulerfolg._directory.files import data_file, shown_name
from schulerfolg._parameters.history import Parameter, ParameterValue, history_problems
from schulerfolg._parameters.specs import PARAMETER_SPECS, ParameterSpec
from schulerfolg._wire.toml_files import read_table, read_toml
from schulerfolg.errors import DocumentError, Problem, Text


@attrs.frozen(kw_only=True)
class _ParameterRecord:
    """A parameter as a file writes it: values not yet read with their spec's type."""

    name: str
    values: tuple[ParameterValue, ...]


def read_parameters(
    records: object,
    *,
    source: str,
    specs: Mapping[str, ParameterSpec] = PARAMETER_SPECS,
    path: str = "$.parameter",
) -> tuple[Parameter, ...]:
    """Read a list of parameter records (``name`` and dated ``values``) strictly.

    Each value is read with the type its spec declares.  Every problem, with its path, is
    raised together as one :class:`~schulerfolg.DocumentError` naming ``source``.
    """
    try:
        raw = from_dict(records, tuple[_ParameterRecord, ...], source=source)
    except DocumentError as exc:
        raise exc.under(path) from None
    problems: list[Problem] = []
    parameters: list[Parameter] = []
    seen: set[str] = set()
    for index, record in enumerate(raw):
        where = f"{path}[{index}]"
        spec = specs.get(record.name)
        if spec is None:
            hint = did_you_mean_text(record.name, specs)
            problems.append(
                Problem.of(
                    f"{where}.name",
                    Text(
                        N_("unknown parameter {name}{hint}; known: {known}"),
                        {
                            "name": repr(record.name),
                            "hint": hint if hint is not None else "",
                            "known": ", ".join(sorted(specs)),
                        },
                    ),
                    code="unknown_parameter",
                )
            )
            continue
        if record.name in seen:
            problems.append(
                Problem.of(
                    f"{where}.name",
                    Text(N_("parameter {name} is given twice"), {"name": repr(record.name)}),
                )
            )
            continue
        seen.add(record.name)
        values: list[ParameterValue] = []
        for position, item in enumerate(record.values):
            try:
                value = from_dict(item.value, spec.value_type)
            except DocumentError as exc:
                problems.extend(exc.under(f"{where}.values[{position}].value").problems)
                continue
            values.append(attrs.evolve(item, value=value))
        if len(values) != len(record.values):
            continue
        history = list(history_problems(values))
        if history:
            problems.extend(Problem.of(f"{where}.{field}", message) for field, message in history)
            continue
        parameters.append(Parameter(name=record.name, values=tuple(values)))
    if problems:
        raise DocumentError(problems, source=source)
    return tuple(parameters)


@functools.cache
def state_parameters() -> tuple[Parameter, ...]:
    """The state-wide parameter values bundled in ``data/parameters.toml``."""
    name = shown_name("parameters.toml")
    document = read_toml(data_file("parameters.toml"), source=name)
    return read_parameters(read_table(document, "parameter", source=name), source=name)
