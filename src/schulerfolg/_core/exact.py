"""Exact numbers written as text: a fraction such as ``"2/3"`` or ``"0.5"`` (shares of a quorum or
a majority), read without floats."""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Final

_FRACTION_TEXT: Final = re.compile(r"-?[0-9]+(?:/[0-9]+|\.[0-9]+)?")


def parse_fraction(text: str) -> Fraction | None:
    """The fraction ``text`` writes (``"2/3"``, ``"1/2"``, ``"0.5"``), or ``None`` if it is
    not one (other spellings, a zero denominator)."""
    if not _FRACTION_TEXT.fullmatch(text):
        return None
    try:
        return Fraction(text)
    except ZeroDivisionError:
        return None
