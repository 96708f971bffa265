"""Value types of parameters described in JSON terms for the rules reference."""

from __future__ import annotations

import enum
import types
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any, Final, Union, get_args, get_origin

import attrs

from schulerfolg._core.money import Money
from schulerfolg._directory.documents import to_dict
from schulerfolg._docgen.markdown import code, json_text
from schulerfolg._parameters.specs import ParameterSpec

_PRIMITIVE_NAMES: Final[dict[Any, str]] = {
    str: "text",
    int: "integer",
    bool: "boolean",
    date: "date",
    Money: "money",
    Decimal: "decimal",
    Any: "any",
    type(None): "null",
}


def _type_name(tp: Any, enums: dict[str, type[enum.Enum]]) -> str:
    """A value type in JSON terms: ``list[PartnerKind]``, ``integer | null``, ``Cap``."""
    origin = get_origin(tp)
    args = get_args(tp)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return f"list[{_type_name(args[0], enums)}]"
    if origin is tuple:
        return "list[" + ", ".join(_type_name(arg, enums) for arg in args) + "]"
    if origin is Union or origin is types.UnionType:
        return " | ".join(_type_name(arg, enums) for arg in args)
    if tp in _PRIMITIVE_NAMES:
        return _PRIMITIVE_NAMES[tp]
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        enums[tp.__name__] = tp
        return tp.__name__
    if isinstance(tp, type):
        return tp.__name__
    return str(tp)


def _default(field: attrs.Attribute[Any]) -> str | None:
    default: object = field.default
    if default is attrs.NOTHING:
        return None
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        factory: Any = default
        if factory.takes_self:
            return None
        default = factory.factory()
    return json_text(to_dict(default))


def _object_fields(cls: type, enums: dict[str, type[enum.Enum]], objects: dict[str, str]) -> None:
    """Describe the attrs class ``cls`` (and the attrs classes inside it) into ``objects``."""
    if cls.__name__ in objects or cls in (Money,):
        return
    attrs.resolve_types(cls)
    parts: list[str] = []
    nested: list[type] = []
    for field in attrs.fields(cls):
        if not field.init:
            continue
        parts.append(
            f"{field.name}: {_type_name(field.type, enums)}"
            + (f" = {default}" if (default := _default(field)) is not None else "")
        )
        nested.extend(_attrs_classes(field.type))
    objects[cls.__name__] = "{" + ", ".join(parts) + "}"
    for inner in nested:
        _object_fields(inner, enums, objects)


def _attrs_classes(tp: Any) -> Iterator[type]:
    if isinstance(tp, type) and attrs.has(tp) and tp is not Money:
        yield tp
    for arg in get_args(tp):
        yield from _attrs_classes(arg)


def value_type_lines(spec: ParameterSpec) -> list[str]:
    enums: dict[str, type[enum.Enum]] = {}
    objects: dict[str, str] = {}
    lines = [f"- **Value type:** {code(_type_name(spec.value_type, enums))}"]
    for cls in _attrs_classes(spec.value_type):
        _object_fields(cls, enums, objects)
    for name, fields in objects.items():
        lines.append(f"  - {code(name)}: an object {code(fields)}")
    for name in sorted(enums):
        values = ", ".join(code(str(member.value)) for member in enums[name])
        lines.append(f"  - {code(name)}: one of {values}")
    return lines
