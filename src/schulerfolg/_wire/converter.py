"""The library's strict cattrs converters, built by :func:`make_converter`.

They are private to the library (the global cattrs converter is never touched) and configured
explicitly, never by an import's side effect.  Structuring is strict (see
:mod:`schulerfolg._wire.hooks`); every problem of a document is collected into one
:class:`~schulerfolg.DocumentError` whose problems carry JSON paths such as
``$.cost_plan[2].amount``.

A document names its district by key (``"15001"``): the converter resolves it with the
district look-up it is given, which lives in the directory layer above this one.  Without one,
a district is read as a full record (how the directory reads its own data file).  A class may
write its own wire form by defining ``__wire_form__(self, unstructure, *, fresh)`` and read it
back with
``__from_wire__(data, structure)``; the converter calls them (the decision trace does, to
flatten a parameter value with its provenance).
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.errors import ClassValidationError, IterableValidationError

from schulerfolg._core.i18n import N_
from schulerfolg._core.money import Money
from schulerfolg._model.organisations import District
from schulerfolg._wire import hooks
from schulerfolg._wire.literals import describe_text
from schulerfolg._wire.paths import leaf_problems, problems_from
from schulerfolg.errors import DocumentError, InvariantError, SchulerfolgError, Text

T = TypeVar("T")

#: Looks a district up by key, slug or name; raises a SchulerfolgError if there is none.
DistrictLookup = Callable[[str], District]


def _has_wire_form(tp: Any) -> bool:
    return isinstance(tp, type) and hasattr(tp, "__wire_form__")


def _district_hook(lookup: DistrictLookup) -> Callable[[object, type], District]:
    def structure(value: object, _: type) -> District:
        if type(value) is not str:
            raise hooks.WrongTypeError(
                Text(
                    N_('expected a district key or name like "15001", got {got}'),
                    {"got": describe_text(value)},
                )
            )
        try:
            return lookup(value)
        except SchulerfolgError as exc:
            raise hooks.BadValueError(exc.as_text()) from None

    return structure


def make_converter(
    districts: DistrictLookup | None = None, *, fresh: bool = True
) -> cattrs.Converter:
    """A new strict converter; ``districts`` resolves district references (see the module).

    ``fresh=False`` makes a converter for output that is consumed at once (JSON text): classes
    with their own wire form may then hand out shared, cached data instead of copies.
    """
    conv = cattrs.Converter(forbid_extra_keys=True)
    conv.register_structure_hook(str, hooks.structure_str)
    conv.register_structure_hook(int, hooks.structure_int)
    conv.register_structure_hook(bool, hooks.structure_bool)
    # StrEnum comes before str in a StrEnum's MRO, so this wins over the str hook above.
    conv.register_structure_hook(enum.StrEnum, hooks.structure_enum)
    conv.register_structure_hook(enum.Enum, hooks.structure_enum)
    conv.register_structure_hook(Decimal, hooks.structure_decimal)
    conv.register_structure_hook(Fraction, hooks.structure_fraction)
    conv.register_structure_hook(date, hooks.structure_date)
    conv.register_structure_hook(Money, hooks.structure_money)
    conv.register_structure_hook_factory(hooks.is_homogeneous_tuple, hooks.tuple_hook_factory)
    conv.register_structure_hook_factory(hooks.is_optional, hooks.optional_hook_factory)
    excluded: tuple[type, ...] = (Money,)
    if districts is not None:
        conv.register_structure_hook(District, _district_hook(districts))
        conv.register_unstructure_hook(District, lambda district: district.key)
        excluded = (Money, District)
    conv.register_structure_hook_factory(
        lambda tp: isinstance(tp, type) and attrs.has(tp) and tp not in excluded,
        hooks.class_hook_factory,
    )
    conv.register_unstructure_hook(Decimal, str)
    conv.register_unstructure_hook(Fraction, str)
    conv.register_unstructure_hook(date, date.isoformat)
    conv.register_unstructure_hook(Money, lambda money: str(money.amount))
    # Registered by class, not by predicate: cattrs looks classes up first, and a StrEnum is a
    # str, so a predicate hook would lose to cattrs' pass-through for str and leave members in
    # the output (which the strict enum hook then refuses to read back).
    conv.register_unstructure_hook(enum.StrEnum, hooks.unstructure_enum)
    conv.register_unstructure_hook(enum.Enum, hooks.unstructure_enum)
    conv.register_unstructure_hook_factory(
        hooks.is_homogeneous_tuple, hooks.tuple_unstructure_factory
    )
    conv.register_unstructure_hook_factory(
        _has_wire_form,
        # A C-level partial: no extra Python frame per object (decisions hold many entries).
        lambda tp: functools.partial(tp.__wire_form__, unstructure=conv.unstructure, fresh=fresh),
    )
    # ... and reads it back with ``__from_wire__(data, structure)`` (registered last: it wins).
    conv.register_structure_hook_factory(
        lambda tp: isinstance(tp, type) and hasattr(tp, "__from_wire__"),
        lambda tp: lambda data, _: tp.__from_wire__(data, conv.structure),
    )
    return conv


def structure(
    converter: cattrs.Converter, data: object, cls: type[T], *, source: str | None = None
) -> T:
    """Build ``cls`` from plain data with ``converter``, strictly; every problem is raised
    together as one :class:`~schulerfolg.DocumentError` with JSON paths."""
    try:
        return converter.structure(data, cls)
    except (ClassValidationError, IterableValidationError) as exc:
        raise DocumentError(problems_from(exc), source=source) from None
    except (ValueError, TypeError, KeyError, InvariantError) as exc:
        raise DocumentError(leaf_problems(exc, "$"), source=source) from None
