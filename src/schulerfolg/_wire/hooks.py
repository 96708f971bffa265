"""The strict structure hooks: no silent coercion, floats refused where amounts or decimals are
expected, a list required where a list is, every refused value reported at its own path.

cattrs by default turns ``5`` into ``"5"``, ``"false"`` into ``True`` and ``"abc"`` into
``('a', 'b', 'c')``; none of that happens here.
"""

from __future__ import annotations

import enum
import functools
import re
import types
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any, Final, Union, get_args, get_origin

import attrs
import cattrs
from cattrs.errors import IterableValidationError, IterableValidationNote
from cattrs.gen import make_dict_structure_fn

from schulerfolg._core.dates import date_reason
from schulerfolg._core.exact import parse_fraction
from schulerfolg._core.i18n import N_
from schulerfolg._core.invariants import is_blank
from schulerfolg._core.money import Money
from schulerfolg._wire.literals import FloatLiteral, describe_text, too_large_text
from schulerfolg.errors import InvariantError, MoneyError, Text

_ISO_DATE_LENGTH: Final = 10
#: Integers below this size are never "too large" (see ``literals.too_large``).
_SMALL: Final = 10**15


class WrongTypeError(TypeError):
    """A value of the wrong JSON type; its message is shown as is (problem code ``type``), its
    :class:`Text` in the reader's language."""

    def __init__(self, text: Text) -> None:
        super().__init__(str(text))
        self.text = text


class BadValueError(ValueError):
    """A value of the right JSON type that is not allowed (problem code ``invalid``), with its
    :class:`Text`."""

    def __init__(self, text: Text) -> None:
        super().__init__(str(text))
        self.text = text


def _expected(expected: Text, value: object) -> Text:
    return Text(
        N_("expected {expected}, got {got}"), {"expected": expected, "got": describe_text(value)}
    )


_AN_EXACT_DECIMAL: Final = N_('a decimal written as a string (like "0.6")')
_FLOATS_REFUSED: Final = N_("{problem}; floats are refused because they are not exact")


def structure_str(value: object, _: type) -> str:
    if type(value) is not str:
        raise WrongTypeError(_expected(Text(N_("text")), value))
    if is_blank(value):  # white space or zero-width characters only
        raise BadValueError(Text(N_("must not be empty")))
    if value.isascii():  # no lone surrogate possible: skip the costly encoding check
        return value
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise BadValueError(
            Text(N_("not valid Unicode text (it contains a lone surrogate)"))
        ) from None
    return value


def structure_int(value: object, _: type) -> int:
    if type(value) is int and -_SMALL < value < _SMALL:  # the common case
        return value
    if (large := too_large_text(value)) is not None:
        raise BadValueError(Text(N_("too large: {large}"), {"large": large}))
    if type(value) is not int:
        raise WrongTypeError(_expected(Text(N_("a whole number")), value))
    return value


def structure_bool(value: object, _: type) -> bool:
    if type(value) is not bool:
        raise WrongTypeError(_expected(Text(N_("true or false")), value))
    return value


_DECIMAL_TEXT: Final = re.compile(r"-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")


def structure_decimal(value: object, _: type) -> Decimal:
    if isinstance(value, FloatLiteral | float):
        raise WrongTypeError(
            Text(_FLOATS_REFUSED, {"problem": _expected(Text(_AN_EXACT_DECIMAL), value)})
        )
    if (large := too_large_text(value)) is not None:
        raise BadValueError(Text(N_("too large: {large}"), {"large": large}))
    if isinstance(value, Decimal):  # Python callers may pass Decimals directly
        result = value
    elif isinstance(value, bool) or not isinstance(value, str | int):
        raise WrongTypeError(_expected(Text(_AN_EXACT_DECIMAL), value))
    elif isinstance(value, str) and not _DECIMAL_TEXT.fullmatch(value):
        # Decimal() would also take "1_000", "+.5" or non-ASCII digits; the wire format does not.
        raise BadValueError(
            Text(N_('not a decimal number: {value} (write it like "0.6")'), {"value": repr(value)})
        )
    else:
        try:
            result = Decimal(value)
        except InvalidOperation:
            raise BadValueError(
                Text(N_("not a decimal number: {value}"), {"value": repr(value)})
            ) from None
    if not result.is_finite():
        raise BadValueError(Text(N_("not a finite number: {value}"), {"value": repr(value)}))
    return result


def structure_fraction(value: object, _: type) -> Fraction:
    """A fraction written as text: ``"2/3"``, ``"1/2"`` or ``"0.5"`` — exact, never a float."""
    if type(value) is not str:
        raise WrongTypeError(_expected(Text(N_('a fraction written as text (like "2/3")')), value))
    fraction = parse_fraction(value)
    if fraction is None:
        raise BadValueError(
            Text(
                N_('not a fraction: {value} (write it like "2/3" or "0.5")'), {"value": repr(value)}
            )
        )
    return fraction


def structure_money(value: object, _: type) -> Money:
    if type(value) is str:  # the wire format: the common case needs none of the checks below
        try:
            return Money(value)
        except MoneyError as exc:
            raise BadValueError(exc.as_text()) from None
    if isinstance(value, FloatLiteral | float):
        raise WrongTypeError(
            Text(
                N_(
                    'not an amount: {got}; write amounts as strings such as "2000.50", '
                    "floats are refused because they are not exact"
                ),
                {"got": describe_text(value)},
            )
        )
    if (large := too_large_text(value)) is not None:
        raise BadValueError(Text(N_("not an amount: {large} is too large"), {"large": large}))
    if value is None or isinstance(value, bool | Mapping | list | tuple):
        raise WrongTypeError(
            Text(
                N_('not an amount: expected a string such as "2000.50", got {got}'),
                {"got": describe_text(value)},
            )
        )
    try:
        return Money(value)  # type: ignore[arg-type]
    except MoneyError as exc:
        raise BadValueError(exc.as_text()) from None


def structure_date(value: object, _: type) -> date:
    # TOML gives real dates; JSON gives text, which must be ISO (the wire format is canonical).
    if type(value) is date:
        return value
    if type(value) is not str:
        if isinstance(value, date) and not isinstance(value, datetime):
            return value
        raise WrongTypeError(_expected(Text(N_('a date like "2024-07-31"')), value))
    if len(value) != _ISO_DATE_LENGTH or value[4] != "-" or value[7] != "-":
        raise BadValueError(
            Text(N_("not a date: {value} (write dates as YYYY-MM-DD)"), {"value": repr(value)})
        )
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise BadValueError(
            Text(
                N_("not a date: {value} ({reason})"),
                {"value": repr(value), "reason": date_reason(exc)},
            )
        ) from None


@functools.cache
def _enum_members(cls: type[enum.Enum]) -> dict[object, enum.Enum]:
    return {member.value: member for member in cls}


def structure_enum(value: object, cls: type[enum.Enum]) -> enum.Enum:
    """An enumeration read strictly by its values (text or whole numbers, never booleans)."""
    members = _enum_members(cls)
    if type(value) in (str, int):
        member = members.get(value)
        if member is not None:
            return member
    allowed = ", ".join(repr(v) for v in members)
    error = BadValueError if type(value) is str else WrongTypeError
    raise error(
        Text(
            N_("expected one of {allowed}, got {got}"),
            {"allowed": allowed, "got": describe_text(value)},
        )
    )


def unstructure_enum(member: enum.Enum) -> Any:
    return member.value


def is_homogeneous_tuple(tp: Any) -> bool:
    args = get_args(tp)
    return get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis


def tuple_hook_factory(tp: Any, converter: cattrs.Converter) -> Callable[[object, type], Any]:
    element_type = get_args(tp)[0]
    element_hook = converter.get_structure_hook(element_type)

    def structure(value: object, _: type) -> tuple[Any, ...]:
        # cattrs would turn the text "abc" into ('a', 'b', 'c'); a list is required.
        if not isinstance(value, list | tuple):
            raise WrongTypeError(_expected(Text(N_("a list")), value))
        # The common case: every element reads.  Only a failure needs the full pass below,
        # which reports every problem of the list.
        try:
            read: list[Any] | None = [element_hook(element, element_type) for element in value]
        except Exception:
            read = None
        if read is not None:
            return tuple(read)
        items: list[Any] = []
        errors: list[Exception] = []
        for index, element in enumerate(value):
            try:
                items.append(element_hook(element, element_type))
            except Exception as exc:
                exc.__notes__ = [
                    *getattr(exc, "__notes__", []),
                    IterableValidationNote(f"Structuring item {index}", index, element_type),
                ]
                errors.append(exc)
        if errors:
            raise IterableValidationError(f"While structuring {tp!r}", errors, tp)
        return tuple(items)

    return structure


def tuple_unstructure_factory(
    tp: Any, converter: cattrs.Converter
) -> Callable[[tuple[Any, ...]], list[Any]]:
    """A homogeneous tuple as a JSON list: the element hook looked up once, a list built by a
    comprehension (cattrs' own goes through a generator, which costs more per element)."""
    element_type = get_args(tp)[0]
    element_hook = converter.get_unstructure_hook(element_type)

    def unstructure(value: tuple[Any, ...]) -> list[Any]:
        return [element_hook(element) for element in value]

    return unstructure


def is_optional(tp: Any) -> bool:
    """``X | None`` (or ``Optional[X]``) of one type ``X``."""
    args = get_args(tp)
    return get_origin(tp) in (Union, types.UnionType) and len(args) == 2 and type(None) in args


def optional_hook_factory(tp: Any, converter: cattrs.Converter) -> Callable[[object, type], Any]:
    """``X | None``: ``None``, or ``X`` read by its own hook — looked up once, not per value."""
    inner_type = next(arg for arg in get_args(tp) if arg is not type(None))
    inner = converter.get_structure_hook(inner_type)

    def structure(value: object, _: type) -> Any:
        return None if value is None else inner(value, inner_type)

    return structure


def _validating_hook(
    field: attrs.Attribute[Any], converter: cattrs.Converter
) -> Callable[[object, type], Any]:
    """Structure a field and run its attrs validator at once, so that a refused value is
    reported at the field's path (``$.year``), not at the object's (``$``).

    Field validators are therefore called without the instance; checks that need other fields
    belong in the class's ``_problems`` (they run once every field could be read).
    """
    hook = converter.get_structure_hook(field.type)
    validator = field.validator
    assert validator is not None

    def structure(value: object, tp: type) -> Any:
        result = hook(value, tp)
        try:
            # The built-in validators (instance_of, ge, le, …) do not look at the instance.
            validator(None, field, result)
        except InvariantError as exc:
            raise _at_the_field(exc, field.name) from None
        return result

    return structure


def _at_the_field(error: InvariantError, name: str) -> InvariantError:
    """``error`` of a field's validator, which names the field relative to its object
    (``$.year``), with its problems relative to the field (``$``): the field's path is added
    where the problem is reported, and ``$.year.year`` would name it twice."""
    prefix = f"$.{name}"
    problems = [
        attrs.evolve(problem, path="$" + problem.path.removeprefix(prefix))
        if problem.path == prefix or problem.path.startswith((f"{prefix}.", f"{prefix}["))
        else problem
        for problem in error.problems
    ]
    return type(error)(error.cls_name, problems, label=error.label)


def class_hook_factory(cls: type, converter: cattrs.Converter) -> Callable[[object, type], Any]:
    attrs.resolve_types(cls)
    overrides: dict[str, Any] = {
        field.name: cattrs.override(struct_hook=_validating_hook(field, converter))
        for field in attrs.fields(cls)
        if field.validator is not None and field.init
    }
    generated: Callable[[Mapping[str, Any], Any], Any] = make_dict_structure_fn(
        cls, converter, _cattrs_forbid_extra_keys=True, **overrides
    )

    def structure(value: object, _: type) -> Any:
        # `type(...) is dict` first: an isinstance check against the Mapping ABC is slow.
        if type(value) is not dict and not isinstance(value, Mapping):
            raise WrongTypeError(_expected(Text(N_("an object")), value))
        return generated(value, cls)

    return structure
