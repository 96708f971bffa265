"""Exact money: :class:`Money`, explicit rounding, strict parsing and babel formatting.

Money is a :class:`decimal.Decimal` in euro with at most two decimal places.  Floats are refused
everywhere, because ``0.1 + 0.2`` is not ``0.3`` in binary floating point.  Rounding only happens
where the domain rounds, through :func:`round_to_cent`, which names its rule.
"""

from __future__ import annotations

import decimal
import functools
import re
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import ClassVar, Final

import attrs
from babel import Locale
from babel.numbers import NumberFormatError, format_currency, parse_decimal

from schulerfolg._core.i18n import N_
from schulerfolg.errors import MoneyError, Text

CENT: Final = Decimal("0.01")
#: The largest amount the library accepts (a guard against typos such as a pasted IBAN).
MAX_AMOUNT: Final = Decimal("999999999999.99")

_MAX_WHOLE: Final = int(MAX_AMOUNT)
#: Integers up to this size (about 600 digits) are printed in messages, larger ones are not.
_PRINTABLE_BITS: Final = 2000

#: The decimal context of all money arithmetic: wide enough for every allowed amount, so results
#: never depend on the precision or rounding of the caller's thread context.
MONEY_CONTEXT: Final = decimal.Context(prec=40, rounding=ROUND_HALF_UP, Emin=-99, Emax=99)

_PLAIN_DECIMAL: Final = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
#: The smallest exponent of an amount's digits as written: two decimal places at most.
_CENT_EXPONENT: Final = -2


#: Text already in the wire format's shape (cents given, at most 12 whole digits): exact and
#: within range as it stands, so it needs none of the general checks.
_CENTS_TEXT: Final = re.compile(r"-?[0-9]{1,12}\.[0-9]{2}")


def _not_an_amount(template: str, value: object, **values: object) -> MoneyError:
    """A :class:`MoneyError` saying why ``value`` (shown as its ``repr``) is not an amount."""
    return MoneyError(Text(template, {"value": repr(value), **values}))


def _too_large(shown: object) -> MoneyError:
    return MoneyError(
        Text(
            N_("not an amount: {value} is larger than {limit}"),
            {"value": shown, "limit": shown_amount(MAX_AMOUNT)},
        )
    )


def _to_decimal(value: object) -> Decimal:
    """Read an exact amount; refuse floats, booleans, non-finite values and more than two
    decimal places as written (``"2.000"`` too: its third place is written, if zero)."""
    if type(value) is str and _CENTS_TEXT.fullmatch(value):
        amount = Decimal(value)
        return amount.copy_abs() if amount.is_zero() else amount  # -0.00 is 0.00
    if isinstance(value, Money):
        return value.amount
    if isinstance(value, (bool, float)):
        raise _not_an_amount(
            N_(
                "not an amount: {value} is a {type}; pass the amount as a string "
                "such as '2000.50' or as a Decimal, never as a float"
            ),
            value,
            type=type(value).__name__,
        )
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int):
        if abs(value) > _MAX_WHOLE:
            # Checked before converting: huge integers are slow to convert and cannot be printed.
            if value.bit_length() <= _PRINTABLE_BITS:
                raise _too_large(repr(value))
            raise _too_large(Text(N_("a huge integer")))
        amount = Decimal(value)
    elif isinstance(value, str):
        text = value.strip()
        if not _PLAIN_DECIMAL.fullmatch(text):
            raise _not_an_amount(N_("not an amount: {value} (write it like '2000.50')"), value)
        amount = Decimal(text)
    else:
        raise _not_an_amount(
            N_("not an amount: {value} is a {type}"), value, type=type(value).__name__
        )
    if not amount.is_finite():
        raise _not_an_amount(N_("not an amount: {value} is not finite"), value)
    if abs(amount) > MAX_AMOUNT:
        raise _too_large(repr(value))
    # The places as written count, not the value: "2000.500" (or Decimal("2000.500")) claims a
    # third decimal place, even a zero one, and an amount has two at most.
    exponent = amount.as_tuple().exponent
    assert isinstance(exponent, int)  # a finite Decimal's exponent is a number
    if exponent < _CENT_EXPONENT:
        raise _not_an_amount(N_("not an amount: {value} has more than two decimal places"), value)
    # Normalise the scale to cents so that Money("5") and Money("5.00") are equal and print alike.
    cents = amount.quantize(CENT, context=MONEY_CONTEXT)
    # -0.00 is 0.00: a zero never prints with a minus sign.
    return cents.copy_abs() if cents.is_zero() else cents


@functools.total_ordering
@attrs.frozen(init=False, order=False)
class Money:
    """An exact amount of euro, at most two decimal places.

    Build it from a string, an ``int`` or a ``Decimal``: ``Money("2000.50")``.  A float raises
    :class:`MoneyError`, and so does a third decimal place as written, even a zero one
    (``"2000.500"``, ``Decimal("2000.500")``): round with :func:`round_to_cent` first.
    Addition and subtraction are exact and independent of the thread's decimal context.  There
    is no multiplication: a share of an amount is computed on
    ``money.amount`` (a :class:`~decimal.Decimal`) and becomes money again only through
    :func:`round_to_cent` or the co-financing split, which name their rounding.
    """

    amount: Decimal

    #: The programme pays in euro only.
    currency: ClassVar[str] = "EUR"

    def __init__(self, amount: Money | Decimal | int | str) -> None:
        object.__setattr__(self, "amount", _to_decimal(amount))

    @classmethod
    def zero(cls) -> Money:
        """Return 0.00 EUR."""
        return _ZERO_MONEY

    @classmethod
    def _exact(cls, amount: Decimal) -> Money:
        # For results of adding or subtracting amounts: already exact to the cent and finite,
        # so only the range and the sign of zero need checking (a hot path in the caps).
        if abs(amount) > MAX_AMOUNT:
            raise _too_large(str(amount))
        money = object.__new__(cls)
        object.__setattr__(money, "amount", amount.copy_abs() if amount.is_zero() else amount)
        return money

    def __add__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        return Money._exact(MONEY_CONTEXT.add(self.amount, other.amount))

    def __radd__(self, other: object) -> Money:
        # Lets the built-in sum() start from 0.
        if other == 0:
            return self
        return NotImplemented

    def __sub__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        return Money._exact(MONEY_CONTEXT.subtract(self.amount, other.amount))

    def __neg__(self) -> Money:
        return Money(-self.amount)

    def __lt__(self, other: Money) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        return self.amount < other.amount

    # Written out (not derived by total_ordering): caps compare amounts in the hot path.
    def __gt__(self, other: Money) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        return self.amount > other.amount

    def __bool__(self) -> bool:
        return bool(self.amount)

    def __str__(self) -> str:
        return f"{self.amount} EUR"

    def __repr__(self) -> str:
        return f"Money('{self.amount}')"

    def is_negative(self) -> bool:
        """True if the amount is below zero."""
        return self.amount < 0

    def format(self, locale: str = "de_DE") -> str:
        """Format for people with babel, e.g. ``'2.000,50 €'`` (de_DE) or ``'€2,000.50'`` (en).

        The German output separates number and sign with a non-breaking space (U+00A0).
        """
        return format_money(self, locale=locale)


def shown_amount(amount: Money | Decimal) -> str:
    """An amount as a value of a problem's :class:`~schulerfolg.errors.Text`: the bare number
    in every language (``1800.00``), as these messages have always shown amounts (a ``Money``
    value would be rendered by babel, also in English: ``€1,800.00``)."""
    return str(amount.amount if isinstance(amount, Money) else amount)


_ZERO_MONEY: Final = Money(0)


def money_sum(amounts: Iterable[Money]) -> Money:
    """Add amounts exactly; the sum of nothing is 0.00 EUR."""
    total = _ZERO_MONEY.amount
    for amount in amounts:
        total = MONEY_CONTEXT.add(total, amount.amount)
    return Money._exact(total)


def round_to_cent(value: Decimal) -> Money:
    """Round a computed euro value to the cent, half up ("kaufmännisch runden").

    This is the one rounding rule for single amounts in the library; it is applied explicitly by
    the code that computes an amount, never implicitly by formatting.
    """
    if isinstance(value, float):  # pragma: no cover - guarded for untyped callers
        raise MoneyError(Text(N_("round_to_cent takes a Decimal, not a float")))
    return Money(value.quantize(CENT, rounding=ROUND_HALF_UP, context=MONEY_CONTEXT))


@functools.cache
def _locale(name: str) -> Locale:
    return Locale.parse(name)


def format_money(amount: Money, *, locale: str = "de_DE") -> str:
    """Format an amount in euro for ``locale`` with babel (``'2.000,50\\xa0€'`` for de_DE)."""
    # Money already holds exactly two places; ROUND_HALF_UP makes babel's quantize a no-op
    # whatever decimal context the caller's thread happens to have.
    with decimal.localcontext(rounding=ROUND_HALF_UP):
        return format_currency(amount.amount, "EUR", locale=_locale(locale))


_TYPED_NUMBER: Final = re.compile(r"[0-9]+(?:[.,\u00a0\u202f ][0-9]+)*")

_CURRENCY_MARKS = ("€", "EUR", "Euro", "euro", "eur")


def parse_money(text: str, *, locale: str | None = None) -> Money:
    """Parse an amount a person typed, strictly, with babel.

    With ``locale`` (``"de_DE"``, ``"en"`` …) the text must be written for that locale.  Without
    it the text is read as German *and* as English: if only one reading is valid, or both agree,
    that value is taken; if they disagree (``"2.000"`` is 2000 in German, 2 in English) the input
    is ambiguous and refused.  A euro sign or "EUR" before or after the number is allowed.

    >>> parse_money("2.000,50 €")
    Money('2000.50')
    >>> parse_money("2,000.50")
    Money('2000.50')
    """
    if not isinstance(text, str):
        raise _not_an_amount(N_("not an amount: {value} is not text"), text)
    number = text.strip().replace("\xa0", " ")
    sign = ""
    if number.startswith(("-", "\u2212")):
        # "-€1,234.50" (English) puts the sign before the euro sign.
        sign, number = "-", number[1:].strip()
    for mark in _CURRENCY_MARKS:
        if number.endswith(mark):
            number = number[: -len(mark)].strip()
            break
        if number.startswith(mark):
            number = number[len(mark) :].strip()
            break
    if not number or (number.startswith(("-", "\u2212")) and sign):
        raise _not_an_amount(N_("not an amount: {value}"), text)
    if not _TYPED_NUMBER.fullmatch(number):
        # babel would also read "1_000", "1e3" or Arabic-Indic digits; people type none of these.
        raise _not_an_amount(N_("not an amount: {value} (digits with . or , only)"), text)
    number = sign + number
    locales = [locale] if locale is not None else ["de_DE", "en"]
    readings: dict[str, Decimal] = {}
    reasons: list[Text] = []
    for name in locales:
        try:
            readings[name] = parse_decimal(number, locale=_locale(name), strict=True)
        except NumberFormatError as exc:
            # Punctuation and fields only: nothing to translate (no catalog entry).
            reasons.append(Text("{locale}: {reason}", {"locale": name, "reason": _babel(exc)}))
    readings = {name: value for name, value in readings.items() if value.is_finite()}
    if not readings:
        if not reasons:
            raise _not_an_amount(N_("not an amount: {value}"), text)
        raise _not_an_amount(
            N_("not an amount: {value} ({reasons})"), text, reasons=Text.joined(reasons, "; ")
        )
    values = set(readings.values())
    if len(values) > 1:
        shown = [
            Text(N_("{value} as {locale}"), {"value": value, "locale": name})
            for name, value in readings.items()
        ]
        raise _not_an_amount(
            N_(
                "ambiguous amount: {value} reads as {readings}; write it unambiguously, "
                "e.g. '2.000,00' or '2000.00'"
            ),
            text,
            readings=Text.joined(shown, ", "),
        )
    return Money(values.pop())


#: babel's own words on a number it cannot read (English whatever the locale), for the cases
#: people meet; the groups are babel's values (its quoting kept).
_BABEL_REASONS: Final = (
    (
        re.compile(r"(?P<value>.+) is not a valid decimal number"),
        N_("{value} is not a valid decimal number"),
    ),
    (
        re.compile(
            r"(?P<value>.+) is not a properly formatted decimal number\. "
            r"Did you mean (?P<proper>.+)\? Or maybe (?P<alternative>.+)\?"
        ),
        N_(
            "{value} is not a properly formatted decimal number. "
            "Did you mean {proper}? Or maybe {alternative}?"
        ),
    ),
    (
        re.compile(
            r"(?P<value>.+) is not a properly formatted decimal number\. "
            r"Did you mean (?P<proper>.+)\?"
        ),
        N_("{value} is not a properly formatted decimal number. Did you mean {proper}?"),
    ),
)


def _babel(error: NumberFormatError) -> Text:
    """Why babel cannot read a number, as a :class:`Text`: a text for the common cases, else
    babel's own words as they are."""
    return Text.foreign(str(error), patterns=_BABEL_REASONS)
