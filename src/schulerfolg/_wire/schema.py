"""JSON Schema (draft 2020-12) of the documents, generated from the model's classes and the wire
conventions of the converter — never written by hand beside them.

The schema describes the shape (keys, types, enumerations, text that is not blank, ISO days,
amounts written as text) and is never stricter than the library: a document the schema
refuses, the library refuses too (the tests check it).  The library checks more — invariants
across fields, known districts, sums — so a document the schema accepts may still be refused,
with the library's problems.  Values with a wire form of their own (the entries of a
decision's trace) are described as objects without further constraints.
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final

import attrs

from schulerfolg._core.money import Money
from schulerfolg._model.organisations import District

DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"
#: The characters Python's ``str.strip`` removes, written out: JSON Schema's regular
#: expressions are ECMA-262's, whose ``\s`` is another set (it has U+FEFF, lacks U+001C–U+001F
#: and U+0085), and a schema must never refuse what the library reads.
_SPACE: Final = (
    "\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a"
    "\\u2028\\u2029\\u202f\\u205f\\u3000"
)
#: Text that is not blank (the converter refuses empty and white-space-only text).
TEXT: Final = {"type": "string", "pattern": f"[^{_SPACE}]"}
#: A day, as the converter reads it: ``YYYY-MM-DD``.
DAY: Final = {"type": "string", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
#: An amount: text such as ``"2000.50"`` (at most two decimal places are exact; more, or other
#: spellings, the library refuses) or a whole number.
AMOUNT: Final = {
    "type": ["string", "integer"],
    "pattern": f"^[{_SPACE}]*-?[0-9]+(\\.[0-9]+)?[{_SPACE}]*$",
}


def _ref(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    name = cls.__name__
    if name not in defs:
        defs[name] = {}  # placeholder: a class may refer to itself through its fields
        defs[name] = _object(cls, defs)
    return {"$ref": f"#/$defs/{name}"}


def _object(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for field in attrs.fields(cls):
        if not field.init:
            continue
        properties[field.name] = _schema(hints[field.name], defs)
        if field.default is attrs.NOTHING:
            required.append(field.name)
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        schema["required"] = required
    doc = (cls.__doc__ or "").strip().split("\n\n")[0]
    if doc:
        schema["description"] = " ".join(doc.split())
    return schema


def _schema(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin = typing.get_origin(tp)
    arguments = typing.get_args(tp)
    if tp is Any or tp is object:
        return {}
    if origin in (types.UnionType, typing.Union):
        return {"anyOf": [_schema(argument, defs) for argument in arguments]}
    if tp is type(None):
        return {"type": "null"}
    if origin in (tuple, list) or tp in (tuple, list):
        items = arguments[0] if arguments else Any
        return {"type": "array", "items": _schema(items, defs)}
    if origin in (dict, Mapping) or tp in (dict, Mapping):
        values = arguments[1] if len(arguments) == 2 else Any
        return {"type": "object", "additionalProperties": _schema(values, defs)}
    if tp is Money or tp is Decimal:
        return dict(AMOUNT)
    if tp is date:
        return dict(DAY)
    if tp is District:
        return {"type": "string", "description": "a district: key, AGS, slug or name"}
    if tp is Fraction:
        return {"type": "string", "description": 'an exact fraction such as "2/3" or "0.5"'}
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return {"enum": [member.value for member in tp]}
    if tp is str:
        return dict(TEXT)
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer"}
    if isinstance(tp, type) and hasattr(tp, "__wire_form__"):
        return {"type": "object"}  # a wire form of its own (trace entries)
    if isinstance(tp, type) and attrs.has(tp):
        return _ref(tp, defs)
    raise TypeError(f"no JSON Schema for {tp!r}")


def json_schema(cls: type, *, title: str, identifier: str) -> dict[str, Any]:
    """The JSON Schema of documents of ``cls``."""
    defs: dict[str, Any] = {}
    root = _ref(cls, defs)
    return {"$schema": DIALECT, "$id": identifier, "title": title, **root, "$defs": defs}
