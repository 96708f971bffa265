"""JSON values as a document author sees them: numbers kept exact, and how to name a value's
type in a message ("a number with a fraction (2000.5)", "text ('x')")."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Final

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


def parse_int(text: str) -> int | LongIntLiteral:
    if len(text.lstrip("-")) > _MAX_INT_DIGITS:
        return LongIntLiteral(text)
    return int(text)


def too_large(value: object) -> str | None:
    """Describe an integer too large to print or convert safely, or return ``None``."""
    if isinstance(value, LongIntLiteral):
        return f"a number with {value.digits} digits"
    if isinstance(value, int) and not isinstance(value, bool):
        # Counting the digits exactly would mean converting the integer to text.
        digits = int(abs(value).bit_length() * _LOG10_2) + 1
        if digits > _MAX_INT_DIGITS:
            return f"a number with about {digits} digits"
    return None


def describe(value: object) -> str:
    """Name a JSON value's type the way a JSON author thinks of it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, FloatLiteral | float):
        return f"a number with a fraction ({value!r})"
    if (large := too_large(value)) is not None:
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
