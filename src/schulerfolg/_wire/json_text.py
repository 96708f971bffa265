"""JSON text in and out: numbers with fractions kept as text (never rounded), integers too long
to convert kept unconverted, repeated keys and the non-JSON constants refused."""

from __future__ import annotations

import json
from typing import Any, Final

from schulerfolg._core.i18n import N_
from schulerfolg._wire.hooks import BadValueError
from schulerfolg._wire.literals import FloatLiteral, parse_int
from schulerfolg.errors import DocumentError, Problem, Text

#: What Python's JSON reader says of bad JSON (``JSONDecodeError.msg``, CPython 3.11–3.13),
#: translated through the catalog where a reader sees it.
JSON_MESSAGES: Final = (
    N_("Expecting value"),
    N_("Expecting property name enclosed in double quotes"),
    N_("Expecting ':' delimiter"),
    N_("Expecting ',' delimiter"),
    N_("Unterminated string starting at"),
    N_("Invalid control character at"),
    N_("Invalid \\escape"),
    N_("Invalid \\uXXXX escape"),
    N_("Extra data"),
    N_("Illegal trailing comma before end of object"),
    N_("Illegal trailing comma before end of array"),
)


#: What Python says of JSON nested too deeply (a ``RecursionError``), translated alike.
DEPTH_MESSAGES: Final = (
    N_("maximum recursion depth exceeded while decoding a JSON array from a unicode string"),
    N_("maximum recursion depth exceeded while decoding a JSON object from a unicode string"),
    N_("maximum recursion depth exceeded"),
)


#: Why bytes are no UTF-8 text (``UnicodeDecodeError.reason``), translated where a reader sees it.
UTF8_REASONS: Final = (
    N_("invalid start byte"),
    N_("invalid continuation byte"),
    N_("unexpected end of data"),
)


def utf8_reason(reason: str) -> Text:
    """The decoder's reason as a :class:`Text` (translated where it is a known one)."""
    return Text.foreign(reason, known=UTF8_REASONS)


def _reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        # json would silently keep the last value; a repeated key is almost always a mistake.
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise BadValueError(
                    Text(N_("the key {key} appears twice in one object"), {"key": repr(key)})
                )
            seen.add(key)
    return result


def _reject_constant(name: str) -> Any:
    raise BadValueError(Text(N_("{name} is not a number JSON allows"), {"name": name}))


#: One decoder for every document: ``json.loads`` with these options builds a new one per call.
_DECODER: Final = json.JSONDecoder(
    parse_float=FloatLiteral,
    parse_int=parse_int,
    parse_constant=_reject_constant,
    object_pairs_hook=_reject_duplicate_keys,
)


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
                    Problem.of(
                        "$",
                        Text(
                            N_("not UTF-8 text: {reason} at byte {start}"),
                            {"reason": utf8_reason(exc.reason), "start": exc.start},
                        ),
                        code="encoding",
                    )
                ],
                source=source,
            ) from None
    if not isinstance(text, str):
        raise TypeError(
            f"the JSON object must be str, bytes or bytearray, not {type(text).__name__}"
        )
    try:
        # A leading byte-order mark (as Windows editors write UTF-8) is not part of the text.
        text = text.removeprefix("\ufeff")
        return _DECODER.decode(text)
    except json.JSONDecodeError as exc:
        reason = Text.foreign(exc.msg, known=JSON_MESSAGES)
        message = Text(
            N_("not valid JSON: {reason} (line {line}, column {column})"),
            {"reason": reason, "line": exc.lineno, "column": exc.colno},
        )
        raise DocumentError([Problem.of("$", message, code="syntax")], source=source) from None
    except (ValueError, RecursionError) as exc:
        inner = getattr(exc, "text", None)
        if not isinstance(inner, Text):  # Python's own words (a recursion limit)
            inner = Text(str(exc)) if str(exc) in DEPTH_MESSAGES else Text.plain(str(exc))
        message = Text(N_("not valid JSON: {reason}"), {"reason": inner})
        raise DocumentError([Problem.of("$", message, code="syntax")], source=source) from None
