"""The library's one cattrs converter: JSON and dicts in and out, strictly, with paths.

It is private to the library (the global cattrs converter is never touched).  Structuring is
strict: no silent coercion (cattrs by default turns ``5`` into ``"5"`` and ``"false"`` into
``True``), unknown keys are refused, floats are refused where money or decimals are expected, and
every problem of a document is collected into one :class:`~schulerfolg.DocumentError` whose
problems carry JSON paths such as ``$.cost_plan[2].amount``.
"""

from __future__ import annotations

import enum
import functools
import json
import re
import tomllib
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Final, TypeVar, get_args, get_origin

import attrs
import cattrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn

from schulerfolg._errors import DocumentError, InvariantError, Problem, SchulerfolgError
from schulerfolg._model import District
from schulerfolg._money import Money, MoneyError

T = TypeVar("T")

_ISO_DATE_LENGTH: Final = 10
#: Integers with more digits than this are refused as too large before anything prints or
#: converts them: Python refuses to turn integers of more than 4300 digits (at least 640, if the
#: limit is lowered) into text, and converting huge integers to ``Decimal`` is quadratic.
_MAX_INT_DIGITS: Final = 600
_LOG10_2: Final = 0.30103


class FloatLiteral:
    """A JSON number with a fraction or exponent, kept as its text so nothing is rounded.

    Read from JSON text with ``parse_float=FloatLiteral``; every hook refuses it with a message
    that tells the user to write the number as a string.
    """

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


class LongIntLiteral:
    """A JSON integer with more than ``_MAX_INT_DIGITS`` digits, kept unconverted.

    Read from JSON text with ``parse_int``; every hook refuses it as too large, at its path.
    """

    __slots__ = ("digits",)

    def __init__(self, text: str) -> None:
        self.digits = len(text.lstrip("-"))

    def __repr__(self) -> str:
        return f"<a number with {self.digits} digits>"


def _parse_int(text: str) -> int | LongIntLiteral:
    if len(text.lstrip("-")) > _MAX_INT_DIGITS:
        return LongIntLiteral(text)
    return int(text)


def _too_large(value: object) -> str | None:
    """Describe an integer too large to print or convert safely, or return ``None``."""
    if isinstance(value, LongIntLiteral):
        return f"a number with {value.digits} digits"
    if isinstance(value, int) and not isinstance(value, bool):
        # Counting the digits exactly would mean converting the integer to text.
        digits = int(abs(value).bit_length() * _LOG10_2) + 1
        if digits > _MAX_INT_DIGITS:
            return f"a number with about {digits} digits"
    return None


def _kind(value: object) -> str:
    """Name a JSON value's type the way a JSON author thinks of it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, FloatLiteral | float):
        return f"a number with a fraction ({value!r})"
    if (large := _too_large(value)) is not None:
        return large
    if isinstance(value, int):
        return f"a number ({value})"
    if isinstance(value, str):
        return f"text ({value!r})"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, date):
        return f"a date ({value})"
    return type(value).__name__


class _WrongTypeError(TypeError):
    """A value of the wrong JSON type; its message is shown as is."""


def _structure_str(value: object, _: type) -> str:
    if type(value) is not str:
        raise _WrongTypeError(f"expected text, got {_kind(value)}")
    if not value.strip():
        raise ValueError("must not be empty")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("not valid Unicode text (it contains a lone surrogate)") from None
    return value


def _structure_int(value: object, _: type) -> int:
    if (large := _too_large(value)) is not None:
        raise ValueError(f"too large: {large}")
    if type(value) is not int:
        raise _WrongTypeError(f"expected a whole number, got {_kind(value)}")
    return value


def _structure_bool(value: object, _: type) -> bool:
    if type(value) is not bool:
        raise _WrongTypeError(f"expected true or false, got {_kind(value)}")
    return value


_DECIMAL_TEXT: Final = re.compile(r"-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")


def _structure_decimal(value: object, _: type) -> Decimal:
    if isinstance(value, FloatLiteral | float):
        raise _WrongTypeError(
            f'expected a decimal written as a string (like "0.6"), got {_kind(value)}; '
            "floats are refused because they are not exact"
        )
    if (large := _too_large(value)) is not None:
        raise ValueError(f"too large: {large}")
    if isinstance(value, Decimal):  # Python callers may pass Decimals directly
        result = value
    elif isinstance(value, bool) or not isinstance(value, str | int):
        raise _WrongTypeError(
            f'expected a decimal written as a string (like "0.6"), got {_kind(value)}'
        )
    elif isinstance(value, str) and not _DECIMAL_TEXT.fullmatch(value):
        # Decimal() would also take "1_000", "+.5" or non-ASCII digits; the wire format does not.
        raise ValueError(f'not a decimal number: {value!r} (write it like "0.6")')
    else:
        try:
            result = Decimal(value)
        except InvalidOperation:
            raise ValueError(f"not a decimal number: {value!r}") from None
    if not result.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    return result


def _structure_money(value: object, _: type) -> Money:
    if isinstance(value, FloatLiteral | float):
        raise _WrongTypeError(
            f'not an amount: {_kind(value)}; write amounts as strings such as "2000.50", '
            "floats are refused because they are not exact"
        )
    if (large := _too_large(value)) is not None:
        raise ValueError(f"not an amount: {large} is too large")
    if value is None or isinstance(value, bool | Mapping | list | tuple):
        raise _WrongTypeError(
            f'not an amount: expected a string such as "2000.50", got {_kind(value)}'
        )
    try:
        return Money(value)  # type: ignore[arg-type]
    except MoneyError as exc:
        raise ValueError(str(exc)) from None


def _structure_date(value: object, _: type) -> date:
    # TOML gives real dates; JSON gives text, which must be ISO (the wire format is canonical).
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if type(value) is not str:
        raise _WrongTypeError(f'expected a date like "2024-07-31", got {_kind(value)}')
    if len(value) != _ISO_DATE_LENGTH or value[4:5] != "-" or value[7:8] != "-":
        raise ValueError(f"not a date: {value!r} (write dates as YYYY-MM-DD)")
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"not a date: {value!r} ({exc})") from None


def _structure_district(value: object, _: type) -> District:
    from schulerfolg._reference import district

    if type(value) is not str:
        raise _WrongTypeError(f'expected a district key or name like "15001", got {_kind(value)}')
    try:
        return district(value)
    except SchulerfolgError as exc:
        raise ValueError(str(exc)) from None


@functools.cache
def _enum_members(cls: type[enum.Enum]) -> dict[object, enum.Enum]:
    return {member.value: member for member in cls}


def _structure_enum(value: object, cls: type[enum.Enum]) -> enum.Enum:
    members = _enum_members(cls)
    if type(value) in (str, int) and value in members:
        return members[value]
    allowed = ", ".join(repr(v) for v in members)
    error = ValueError if type(value) is str else _WrongTypeError
    raise error(f"expected one of {allowed}, got {_kind(value)}")


def _unstructure_enum(member: enum.Enum) -> Any:
    return member.value


def _is_homogeneous_tuple(tp: Any) -> bool:
    args = get_args(tp)
    return get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis


def _tuple_hook_factory(tp: Any, converter: cattrs.Converter) -> Callable[[object, type], Any]:
    element_type = get_args(tp)[0]
    element_hook = converter.get_structure_hook(element_type)

    def structure(value: object, _: type) -> tuple[Any, ...]:
        # cattrs would turn the text "abc" into ('a', 'b', 'c'); a list is required.
        if not isinstance(value, list | tuple):
            raise _WrongTypeError(f"expected a list, got {_kind(value)}")
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


def _is_model_class(tp: Any) -> bool:
    return isinstance(tp, type) and attrs.has(tp) and tp not in (Money, District)


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
        # The built-in validators (instance_of, ge, le, …) do not look at the instance.
        validator(None, field, result)
        return result

    return structure


def _class_hook_factory(cls: type, converter: cattrs.Converter) -> Callable[[object, type], Any]:
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
        if not isinstance(value, Mapping):
            raise _WrongTypeError(f"expected an object, got {_kind(value)}")
        return generated(value, cls)

    return structure


@functools.cache
def converter() -> cattrs.Converter:
    """The library's private, strict converter (built once per process)."""
    conv = cattrs.Converter(forbid_extra_keys=True)
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(bool, _structure_bool)
    # StrEnum comes before str in a StrEnum's MRO, so this wins over the str hook above.
    conv.register_structure_hook(enum.StrEnum, _structure_enum)
    conv.register_structure_hook(enum.Enum, _structure_enum)
    conv.register_structure_hook(Decimal, _structure_decimal)
    conv.register_structure_hook(date, _structure_date)
    conv.register_structure_hook(Money, _structure_money)
    conv.register_structure_hook(District, _structure_district)
    conv.register_structure_hook_factory(_is_homogeneous_tuple, _tuple_hook_factory)
    conv.register_structure_hook_factory(_is_model_class, _class_hook_factory)

    conv.register_unstructure_hook(Decimal, str)
    conv.register_unstructure_hook(date, date.isoformat)
    conv.register_unstructure_hook(Money, lambda money: str(money.amount))
    conv.register_unstructure_hook(District, lambda district: district.key)
    # Registered by class, not by predicate: cattrs looks classes up first, and a StrEnum is a
    # str, so a predicate hook would lose to cattrs' pass-through for str and leave members in
    # the output (which the strict enum hook then refuses to read back).
    conv.register_unstructure_hook(enum.StrEnum, _unstructure_enum)
    conv.register_unstructure_hook(enum.Enum, _unstructure_enum)
    return conv


# --------------------------------------------------------------------------------------------
# Errors with paths


def _join(path: str, field: str) -> str:
    return f"{path}{field}" if field.startswith("[") else f"{path}.{field}"


def _unknown_key(path: str, key: object) -> Problem:
    if not isinstance(key, str):
        return Problem(
            path=path, message=f"unknown key: {_kind(key)}, keys must be text", code="unknown_key"
        )
    # A key that is not a plain name is quoted, so that "[0]" or "a.b" cannot pass for a path.
    where = f"{path}.{key}" if key.isidentifier() else f"{path}[{json.dumps(key)}]"
    return Problem(path=where, message="unknown key", code="unknown_key")


def _leaf_problems(exc: BaseException, path: str) -> list[Problem]:
    if isinstance(exc, InvariantError):
        return [Problem(path=_join(path, field), message=msg) for field, msg in exc.problems]
    if isinstance(exc, ForbiddenExtraKeysError):
        keys = sorted(exc.extra_fields, key=lambda k: (0, k) if isinstance(k, str) else (1, ""))
        return [_unknown_key(path, key) for key in keys]
    if isinstance(exc, KeyError):
        return [Problem(path=path, message="required key missing", code="missing")]
    if isinstance(exc, _WrongTypeError):
        return [Problem(path=path, message=str(exc), code="type")]
    if isinstance(exc, ValueError | TypeError):
        return [Problem(path=path, message=str(exc))]
    return [Problem(path=path, message=f"invalid value ({type(exc).__name__}: {exc})")]


def problems_from(exc: BaseException, path: str = "$") -> list[Problem]:
    """Turn a (nested) cattrs validation error into problems with JSON paths."""
    if isinstance(exc, ClassValidationError | IterableValidationError):
        found: list[Problem] = []
        with_notes, without_notes = exc.group_exceptions()
        for inner, note in with_notes:
            if isinstance(exc, IterableValidationError):
                inner_path = f"{path}[{getattr(note, 'index', '?')!r}]"
            else:
                inner_path = f"{path}.{getattr(note, 'name', '?')}"
            found.extend(problems_from(inner, inner_path))
        for inner in without_notes:
            found.extend(problems_from(inner, path))
        return found
    return _leaf_problems(exc, path)


# --------------------------------------------------------------------------------------------
# Public entry points


def from_dict(data: object, cls: type[T], *, source: str | None = None) -> T:
    """Build ``cls`` from plain data (dicts, lists, strings …), strictly.

    Raises :class:`~schulerfolg.DocumentError` listing every problem with its JSON path.
    """
    try:
        return converter().structure(data, cls)
    except (ClassValidationError, IterableValidationError) as exc:
        raise DocumentError(problems_from(exc), source=source) from None
    except (ValueError, TypeError, KeyError, InvariantError) as exc:
        raise DocumentError(_leaf_problems(exc, "$"), source=source) from None


def to_dict(obj: object) -> Any:
    """Turn a model object into plain JSON-compatible data (the documented wire format)."""
    return converter().unstructure(obj)


def _reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        # json would silently keep the last value; a repeated key is almost always a mistake.
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise ValueError(f"the key {key!r} appears twice in one object")
            seen.add(key)
    return result


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def parse_json(text: str | bytes, *, source: str | None = None) -> Any:
    """Read JSON text (``bytes`` must be UTF-8); numbers with fractions become
    :class:`FloatLiteral` so that they can be refused with a clear message, never rounded, and
    integers too long to convert become :class:`LongIntLiteral`, refused as too large."""
    if isinstance(text, bytes | bytearray):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise DocumentError(
                [
                    Problem(
                        path="$",
                        message=f"not UTF-8 text: {exc.reason} at byte {exc.start}",
                        code="encoding",
                    )
                ],
                source=source,
            ) from None
    try:
        return json.loads(
            text,
            parse_float=FloatLiteral,
            parse_int=_parse_int,
            parse_constant=_reject_constant,
            object_pairs_hook=_reject_duplicate_keys,
        )
    except json.JSONDecodeError as exc:
        message = f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        raise DocumentError(
            [Problem(path="$", message=message, code="syntax")], source=source
        ) from None
    except (ValueError, RecursionError) as exc:
        raise DocumentError(
            [Problem(path="$", message=f"not valid JSON: {exc}", code="syntax")], source=source
        ) from None


def from_json(text: str | bytes, cls: type[T], *, source: str | None = None) -> T:
    """Build ``cls`` from JSON text or UTF-8 bytes; see :func:`from_dict` for the errors."""
    return from_dict(parse_json(text, source=source), cls, source=source)


def to_json(obj: object, *, indent: int | None = 2) -> str:
    """Write a model object as JSON text (stable key order, UTF-8 characters kept)."""
    return json.dumps(to_dict(obj), ensure_ascii=False, indent=indent)


def read_toml(path: Path, *, source: str | None = None) -> dict[str, Any]:
    """Read a TOML file into plain data; a syntax error becomes a :class:`DocumentError`."""
    name = source or str(path)
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise DocumentError(
            [Problem(path="$", message=f"not valid TOML: {exc}", code="syntax")], source=name
        ) from None
    except UnicodeDecodeError as exc:
        raise DocumentError(
            [Problem(path="$", message=f"not UTF-8 text: {exc.reason}", code="encoding")],
            source=name,
        ) from None


def read_table(document: Mapping[str, Any], key: str, *, source: str) -> list[Any]:
    """The one top-level array of tables ``key`` of a data file; any other key is refused."""
    value = document.get(key)
    if not isinstance(value, list):
        raise DocumentError(
            [Problem(path=f"$.{key}", message="expected a list of tables", code="type")],
            source=source,
        )
    extra = sorted(set(document) - {key})
    if extra:
        raise DocumentError(
            [Problem(path=f"$.{k}", message="unknown key", code="unknown_key") for k in extra],
            source=source,
        )
    return value


def structure_district_record(data: object, *, source: str | None = None) -> District:
    """Build a full :class:`District` record (the converter otherwise reads districts by key)."""
    generated = make_dict_structure_fn(District, converter(), _cattrs_forbid_extra_keys=True)
    if not isinstance(data, Mapping):
        raise DocumentError(
            [Problem(path="$", message=f"expected an object, got {_kind(data)}", code="type")],
            source=source,
        )
    try:
        return generated(data, District)
    except ClassValidationError as exc:
        raise DocumentError(problems_from(exc), source=source) from None
    except InvariantError as exc:
        raise DocumentError(_leaf_problems(exc, "$"), source=source) from None
