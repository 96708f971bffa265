"""Building blocks: text, money, dates, periods, years, sources and districts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any, Final, TypeVar

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

import schulerfolg
from schulerfolg import CalendarYear, DateRange, District, Money, SchoolYear, Source
from schulerfolg._core.money import MAX_AMOUNT

T = TypeVar("T")

#: The earliest day the date strategies produce by default.
FIRST_DAY: Final = date(2000, 1, 1)
#: The latest day the date strategies produce by default.
LAST_DAY: Final = date(2040, 12, 31)

_MAX_LINES: Final = 6
_MAX_LINE_AMOUNT: Final = Decimal("1000000.00")
_MAX_ITEMS: Final = 3

# Letters, digits, punctuation, symbols and the space separators: printable, no control
# characters, no surrogates, no line breaks.
_PRINTABLE: Final = st.characters(categories=("L", "M", "N", "P", "S", "Zs"))
_SLUG_CHARACTERS: Final = "abcdefghijklmnopqrstuvwxyz0123456789"


def texts(*, max_size: int = 40) -> SearchStrategy[str]:
    """Printable text with at least one character that is not white space."""
    return st.text(_PRINTABLE, min_size=1, max_size=max_size).filter(
        lambda text: bool(text.strip())
    )


def _optional(strategy: SearchStrategy[T]) -> SearchStrategy[T | None]:
    return st.none() | strategy


def _tuples(
    strategy: SearchStrategy[T], *, min_size: int = 0, max_size: int = _MAX_ITEMS
) -> SearchStrategy[tuple[T, ...]]:
    return st.lists(strategy, min_size=min_size, max_size=max_size).map(tuple)


def _slugs() -> SearchStrategy[str]:
    """Ids as the directory spells them: lower-case ASCII words joined by ``-``."""
    # Built from words rather than st.from_regex, which is several times slower to draw.
    word = st.text(_SLUG_CHARACTERS, min_size=1, max_size=8)
    return st.lists(word, min_size=1, max_size=3).map("-".join)


def _with_provenance(
    target: Callable[..., T], /, **fields: SearchStrategy[Any]
) -> SearchStrategy[T]:
    """``st.builds(target, **fields)`` with ``provisional`` and a ``note``: a provisional record
    always says why in its note, another one may have a note or none."""
    settled = st.builds(target, provisional=st.just(False), note=_optional(texts()), **fields)
    provisional = st.builds(target, provisional=st.just(True), note=texts(), **fields)
    return settled | provisional


def _as_decimal(value: Money | Decimal | int | str) -> Decimal:
    return Money(value).amount


def money(
    *,
    min_value: Money | Decimal | int | str = -MAX_AMOUNT,
    max_value: Money | Decimal | int | str = MAX_AMOUNT,
) -> SearchStrategy[Money]:
    """Exact amounts of euro (two decimal places) between ``min_value`` and ``max_value``.

    By default any valid amount, negative ones included; pass ``min_value=0`` where the model
    requires amounts that are not negative.
    """
    low, high = _as_decimal(min_value), _as_decimal(max_value)
    if low > high:
        raise ValueError(f"min_value {low} is larger than max_value {high}")
    return st.decimals(
        min_value=low, max_value=high, places=2, allow_nan=False, allow_infinity=False
    ).map(Money)


def dates(*, min_value: date = FIRST_DAY, max_value: date = LAST_DAY) -> SearchStrategy[date]:
    """Days between ``min_value`` and ``max_value`` (by default 2000–2040)."""
    return st.dates(min_value=min_value, max_value=max_value)


@st.composite
def _date_ranges(draw: st.DrawFn, min_value: date, max_value: date) -> DateRange:
    first = draw(dates(min_value=min_value, max_value=max_value))
    second = draw(dates(min_value=min_value, max_value=max_value))
    return DateRange(start=min(first, second), end=max(first, second))


def date_ranges(
    *, min_value: date = FIRST_DAY, max_value: date = LAST_DAY
) -> SearchStrategy[DateRange]:
    """Closed ranges of days (start not after end) between ``min_value`` and ``max_value``."""
    return _date_ranges(min_value, max_value)


def calendar_years(
    *, min_value: int = FIRST_DAY.year, max_value: int = LAST_DAY.year
) -> SearchStrategy[CalendarYear]:
    """Calendar years, by default 2000–2040."""
    return st.builds(CalendarYear, st.integers(min_value, max_value))


def school_years(
    *, min_value: int = FIRST_DAY.year, max_value: int = LAST_DAY.year
) -> SearchStrategy[SchoolYear]:
    """School years named by the year they start in, by default 2000/01–2040/41."""
    return st.builds(SchoolYear, st.integers(min_value, max_value))


def sources() -> SearchStrategy[Source]:
    """Provenance records: a reference and an optional title."""
    return st.builds(Source, reference=texts(max_size=60), title=_optional(texts()))


def districts() -> SearchStrategy[District]:
    """One of the 14 bundled districts of Sachsen-Anhalt (the converter reads districts by key,
    so made-up districts could not be read back)."""
    return st.deferred(lambda: st.sampled_from(schulerfolg.districts()))
