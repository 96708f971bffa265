"""Reading and writing documents: the library's converter, whose district references resolve
against the bundled districts, and the public ``from_dict``/``to_dict``/``from_json``/``to_json``.
"""

from __future__ import annotations

import functools
import json
from typing import Any, TypeVar

import cattrs

from schulerfolg._directory.districts import district
from schulerfolg._wire.converter import make_converter, structure
from schulerfolg._wire.json_text import parse_json

T = TypeVar("T")


@functools.cache
def converter() -> cattrs.Converter:
    """The library's document converter (built once per process)."""
    return make_converter(district)


@functools.cache
def _text_converter() -> cattrs.Converter:
    # For to_json: the data is turned into text at once and never handed out, so the cached
    # wire forms of shared objects (a decision's trace) need no copies.
    return make_converter(district, fresh=False)


def from_dict(data: object, cls: type[T], *, source: str | None = None) -> T:
    """Build ``cls`` from plain data (dicts, lists, strings …), strictly.

    Raises :class:`~schulerfolg.DocumentError` listing every problem with its JSON path.
    """
    return structure(converter(), data, cls, source=source)


def to_dict(obj: object) -> Any:
    """Turn a model object into plain JSON-compatible data (the documented wire format)."""
    return converter().unstructure(obj)


def from_json(text: str | bytes, cls: type[T], *, source: str | None = None) -> T:
    """Build ``cls`` from JSON text or UTF-8 bytes; see :func:`from_dict` for the errors."""
    return from_dict(parse_json(text, source=source), cls, source=source)


@functools.lru_cache(maxsize=8)
def _encoder(indent: int | None) -> json.JSONEncoder:
    # One encoder per indent: json.dumps with these options builds a new one per call.
    return json.JSONEncoder(ensure_ascii=False, indent=indent)


def to_json(obj: object, *, indent: int | None = 2) -> str:
    """Write a model object as JSON text (stable key order, UTF-8 characters kept)."""
    if indent is None:
        # An object that keeps JSON text of its shared parts writes itself from it (a
        # decision: its trace entries) — the same text, byte for byte.
        compact = getattr(obj, "__compact_json__", None)
        if compact is not None:
            text: str = compact(_encoder(None).encode, _text_converter().unstructure)
            return text
    return _encoder(indent).encode(_text_converter().unstructure(obj))
