"""Dated parameters: every figure the rules use is a value history with sources.

A :class:`Parameter` holds values, each valid from a day until the next value starts or until
an explicit ``valid_until``.  Looking a parameter up for a day where no value holds is an error
(:class:`ParameterNotInForce`) that names the parameter and the day, never a silent default.

The parameters the engine knows are declared once, with their value types, in
:data:`PARAMETER_SPECS`; bundled values live in ``data/parameters.toml`` and district plugins
layer their own values on top (see :mod:`schulerfolg.plugins`).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from enum import StrEnum
from types import MappingProxyType
from typing import Any, Final

import attrs

from schulerfolg._converter import from_dict, read_table, read_toml, to_dict
from schulerfolg._errors import DocumentError, NotFoundError, Problem, SchulerfolgError
from schulerfolg._model import (
    ApplicantKind,
    Module,
    PartnerKind,
    Source,
    TargetGroup,
    _Checked,
)
from schulerfolg._money import Money

# --------------------------------------------------------------------------------------------
# Value types of parameters


class CapScope(StrEnum):
    """Whom a cap applies to."""

    PER_OFFER = "per_offer"
    PER_APPLICANT = "per_applicant"
    PER_SCHOOL = "per_school"


class CapBasis(StrEnum):
    """The period a cap counts over."""

    CALENDAR_YEAR = "calendar_year"
    SCHOOL_YEAR = "school_year"
    CALL = "call"


@attrs.frozen(kw_only=True)
class Cap(_Checked):
    """Förderobergrenze: an amount, a scope (per offer/applicant/school) and a basis
    (calendar year, school year or call)."""

    amount: Money
    scope: CapScope
    basis: CapBasis

    def _problems(self) -> Iterator[tuple[str, str]]:
        if self.amount.is_negative():
            yield "amount", f"must not be negative: {self.amount.amount}"


class ConsultationDeadline(StrEnum):
    """By when the consultation with the network office must have taken place."""

    BEFORE_SUBMISSION = "before_submission"
    BEFORE_START = "before_start"


@attrs.frozen(kw_only=True)
class ConsultationRequirement:
    """Whether a consultation (Beratungsgespräch) at the network office is required, and by when."""

    required: bool
    deadline: ConsultationDeadline = ConsultationDeadline.BEFORE_SUBMISSION


@attrs.frozen(kw_only=True)
class SubmissionDeadline(_Checked):
    """When an application must be submitted.

    Either relative to the offer (``days_before_start``: at the latest that many days before the
    offer's first day) or by calls with closing dates (``closing_dates`` and/or ``recurrence``,
    an RFC 5545 RRULE such as ``"FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=31"``): then an application
    is on time if it is submitted by the closing date of a round that closes before the offer
    starts.  Every deadline that ends on a Saturday, Sunday or public holiday in Sachsen-Anhalt
    moves to the next working day.
    """

    days_before_start: int | None = None
    closing_dates: tuple[date, ...] = ()
    recurrence: str | None = None

    def _problems(self) -> Iterator[tuple[str, str]]:
        has_calls = bool(self.closing_dates) or self.recurrence is not None
        if self.days_before_start is None and not has_calls:
            yield "days_before_start", "give days_before_start, closing_dates or a recurrence"
        if self.days_before_start is not None and has_calls:
            yield "days_before_start", "give either days_before_start or closing dates, not both"
        if self.days_before_start is not None and not 0 <= self.days_before_start <= 3660:
            yield (
                "days_before_start",
                (f"must lie between 0 and 3660 (ten years): {self.days_before_start}"),
            )
        if self.recurrence is not None:
            from schulerfolg._deadlines import recurrence_problem

            problem = recurrence_problem(self.recurrence)
            if problem:
                yield "recurrence", problem


class VotingBodyKind(StrEnum):
    """Who decides on educational offers in a district."""

    NETWORK_OFFICE = "network_office"
    ADVISORY_BOARD = "advisory_board"
    STEERING_GROUP = "steering_group"
    SELECTION_PANEL = "selection_panel"


@attrs.frozen(kw_only=True)
class VotingBody(_Checked):
    """Abstimmungsverfahren: the body that votes on applications (Beirat, Steuergruppe, …)."""

    name: str
    kind: VotingBodyKind
    voting_members: int | None = None

    def _problems(self) -> Iterator[tuple[str, str]]:
        if not self.name.strip():
            yield "name", "must not be empty"
        if self.voting_members is not None and self.voting_members < 1:
            yield "voting_members", f"must be at least 1: {self.voting_members}"


# --------------------------------------------------------------------------------------------
# Specs, values, parameters


@attrs.frozen(kw_only=True)
class ParameterSpec:
    """Declares a parameter: its stable name, its value type and what it means."""

    name: str
    value_type: Any
    description: str


#: Every parameter the state-wide rules read.  Plugins may give values only for these names
#: (or for parameters their own rules declare).  Read-only.
_SPECS: Final = (
    ParameterSpec(
        name="educational_offer.cap",
        value_type=Cap,
        description="The cap on funding for educational offers: amount, scope and basis.",
    ),
    ParameterSpec(
        name="educational_offer.eligible_applicant_kinds",
        value_type=tuple[ApplicantKind, ...],
        description="Who may apply for an educational offer.",
    ),
    ParameterSpec(
        name="educational_offer.required_partner_kinds",
        value_type=tuple[PartnerKind, ...],
        description="The application needs at least one cooperation partner of these kinds.",
    ),
    ParameterSpec(
        name="educational_offer.eligible_target_groups",
        value_type=tuple[TargetGroup, ...],
        description="The target groups an offer may address.",
    ),
    ParameterSpec(
        name="educational_offer.funding_module",
        value_type=Module,
        description="The programme module whose funding cycles the offer must lie within.",
    ),
    ParameterSpec(
        name="educational_offer.consultation",
        value_type=ConsultationRequirement,
        description="Whether a consultation at the network office is required, and by when.",
    ),
    ParameterSpec(
        name="educational_offer.required_documents",
        value_type=tuple[str, ...],
        description="Documents an application must include (document ids).",
    ),
    ParameterSpec(
        name="educational_offer.additional_documents",
        value_type=tuple[str, ...],
        description=(
            "Documents a district requires in addition to the state-wide list (document ids)."
        ),
    ),
    ParameterSpec(
        name="educational_offer.submission_deadline",
        value_type=SubmissionDeadline,
        description="When an application must be submitted.",
    ),
    ParameterSpec(
        name="procedure.voting_body",
        value_type=VotingBody,
        description="The body that votes on applications (used by the procedure layer).",
    ),
)
PARAMETER_SPECS: Final[Mapping[str, ParameterSpec]] = MappingProxyType(
    {spec.name: spec for spec in _SPECS}
)


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


class ParameterNotInForce(SchulerfolgError, LookupError):  # noqa: N818 - reads as a sentence
    """No value of a parameter holds on the day asked for."""

    def __init__(self, name: str, on: date) -> None:
        self.name = name
        self.on = on
        super().__init__(f"parameter {name!r} has no value in force on {on.isoformat()}")


@attrs.frozen(kw_only=True)
class Parameter:
    """A parameter's value history, ordered by ``valid_from``; values never overlap."""

    name: str
    values: tuple[ParameterValue, ...]

    def __attrs_post_init__(self) -> None:
        problems = list(_history_problems(self.values))
        if problems:
            from schulerfolg._errors import InvariantError

            raise InvariantError(f"Parameter {self.name!r}", problems)

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


def _history_problems(values: Sequence[ParameterValue]) -> Iterator[tuple[str, str]]:
    if not values:
        yield "values", "must have at least one value"
    for index, value in enumerate(values):
        if value.valid_until is not None and value.valid_until < value.valid_from:
            yield f"values[{index}].valid_until", "ends before valid_from"
        if index and value.valid_from <= values[index - 1].valid_from:
            yield (
                f"values[{index}].valid_from",
                ("values must be in order of valid_from, each starting after the one before"),
            )
        elif (
            index
            and (until := values[index - 1].valid_until) is not None
            and (until >= value.valid_from)
        ):
            yield (
                f"values[{index}].valid_from",
                f"overlaps the value before, which holds until {until.isoformat()}",
            )


# --------------------------------------------------------------------------------------------
# Reading parameter files (bundled data and declarative plugins)


@attrs.frozen(kw_only=True)
class _RawValue:
    value: Any
    valid_from: date
    valid_until: date | None = None
    provisional: bool = False
    source: Source
    note: str | None = None


@attrs.frozen(kw_only=True)
class _RawParameter:
    name: str
    values: tuple[_RawValue, ...]


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
        raw = from_dict(records, tuple[_RawParameter, ...], source=source)
    except DocumentError as exc:
        raise exc.under(path) from None
    problems: list[Problem] = []
    parameters: list[Parameter] = []
    seen: set[str] = set()
    for index, record in enumerate(raw):
        where = f"{path}[{index}]"
        spec = specs.get(record.name)
        if spec is None:
            problems.append(
                Problem(
                    path=f"{where}.name",
                    code="unknown_parameter",
                    message=f"unknown parameter {record.name!r}; known: "
                    + ", ".join(sorted(specs)),
                )
            )
            continue
        if record.name in seen:
            problems.append(
                Problem(path=f"{where}.name", message=f"parameter {record.name!r} is given twice")
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
            values.append(
                ParameterValue(
                    value=value,
                    valid_from=item.valid_from,
                    valid_until=item.valid_until,
                    provisional=item.provisional,
                    source=item.source,
                    note=item.note,
                )
            )
        if len(values) != len(record.values):
            continue
        history = list(_history_problems(values))
        if history:
            problems.extend(
                Problem(path=f"{where}.{field}", message=message) for field, message in history
            )
            continue
        parameters.append(Parameter(name=record.name, values=tuple(values)))
    if problems:
        raise DocumentError(problems, source=source)
    return tuple(parameters)


@functools.cache
def state_parameters() -> tuple[Parameter, ...]:
    """The state-wide parameter values bundled in ``data/parameters.toml``."""
    from schulerfolg._reference import _data_file

    name = "schulerfolg/data/parameters.toml"
    document = read_toml(_data_file("parameters.toml"), source=name)
    return read_parameters(read_table(document, "parameter", source=name), source=name)


def unstructure_value(value: object) -> Any:
    """A parameter value as JSON-compatible data (for traces and diffs)."""
    return to_dict(value)


def lookup(parameters: Mapping[str, Parameter], name: str, on: date) -> ParameterValue:
    """The value of ``name`` in force on ``on`` in one layer; raises if there is none."""
    parameter = parameters.get(name)
    if parameter is None:
        raise NotFoundError(f"unknown parameter {name!r}")
    value = parameter.value_at(on)
    if value is None:
        raise ParameterNotInForce(name, on)
    return value
