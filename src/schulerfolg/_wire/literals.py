"""JSON values as a document author sees them: numbers kept exact, and how to name a value's
type in a message ("a number with a fraction (2000.5)", "text ('x')")."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Final

from schulerfolg._core.i18n import N_
from schulerfolg.errors import Text

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
    large = too_large_text(value)
    return None if large is None else str(large)


def too_large_text(value: object) -> Text | None:
    """:func:`too_large` as a :class:`Text`."""
    if isinstance(value, LongIntLiteral):
        return Text(N_("a number with {digits} digits"), {"digits": value.digits})
    if isinstance(value, int) and not isinstance(value, bool):
        # Counting the digits exactly would mean converting the integer to text.
        digits = int(abs(value).bit_length() * _LOG10_2) + 1
        if digits > _MAX_INT_DIGITS:
            return Text(N_("a number with about {digits} digits"), {"digits": digits})
    return None


def describe(value: object) -> str:
    """Name a JSON value's type the way a JSON author thinks of it (English)."""
    return str(describe_text(value))


def describe_text(value: object) -> Text:
    """Name a JSON value's type the way a JSON author thinks of it, as a :class:`Text`."""
    if value is None:
        return Text(N_("null"))
    if isinstance(value, bool):
        return Text(N_("a boolean ({value})"), {"value": str(value).lower()})
    if isinstance(value, FloatLiteral | float):
        return Text(N_("a number with a fraction ({value})"), {"value": repr(value)})
    if (large := too_large_text(value)) is not None:
        return large
    if isinstance(value, int):
        return Text(N_("a number ({value})"), {"value": value})
    if isinstance(value, str):
        return Text(N_("text ({value})"), {"value": repr(value)})
    if isinstance(value, Mapping):
        return Text(N_("an object"))
    if isinstance(value, list | tuple):
        return Text(N_("a list"))
    if isinstance(value, date):
        return Text(N_("a date ({value})"), {"value": value.isoformat()})
    return Text.plain(type(value).__name__)
