"""JSON text in and out: numbers with fractions kept as text (never rounded), integers too long
to convert kept unconverted, repeated keys and the non-JSON constants refused."""

from __future__ import annotations

import json
from typing import Any, Final

from schulerfolg._wire.literals import FloatLiteral, parse_int
from schulerfolg.errors import DocumentError, Problem


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
                    Problem(
                        path="$",
                        message=f"not UTF-8 text: {exc.reason} at byte {exc.start}",
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
        message = f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        raise DocumentError(
            [Problem(path="$", message=message, code="syntax")], source=source
        ) from None
    except (ValueError, RecursionError) as exc:
        raise DocumentError(
            [Problem(path="$", message=f"not valid JSON: {exc}", code="syntax")], source=source
        ) from None
