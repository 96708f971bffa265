"""Exact money: construction, arithmetic, explicit rounding, babel formatting and strict parsing."""

from __future__ import annotations

import decimal
from decimal import ROUND_DOWN, ROUND_FLOOR, ROUND_HALF_EVEN, Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from schulerfolg import (
    Money,
    MoneyError,
    SchulerfolgError,
    format_money,
    money_sum,
    parse_money,
    round_to_cent,
)

MAX_AMOUNT = Decimal("999999999999.99")  # the documented guard (schulerfolg._money.MAX_AMOUNT)
MAX_CENTS = 99_999_999_999_999
LOCALES = ("de_DE", "en")


def cents_to_money(cents: int) -> Money:
    return Money(Decimal(cents).scaleb(-2))


# Whole cents over the full accepted range, and a third of it for sums of three that must not
# overflow the guard.
any_cents = st.integers(min_value=-MAX_CENTS, max_value=MAX_CENTS)
any_money = any_cents.map(cents_to_money)
small_cents = st.integers(min_value=-MAX_CENTS // 3, max_value=MAX_CENTS // 3)
small_money = small_cents.map(cents_to_money)
non_negative_money = st.integers(min_value=0, max_value=MAX_CENTS).map(cents_to_money)


# --------------------------------------------------------------------------------------------
# Construction


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2000.50", Decimal("2000.50")),
        ("  2000.50 ", Decimal("2000.50")),
        ("-17.3", Decimal("-17.30")),
        ("0", Decimal("0.00")),
        (2000, Decimal("2000.00")),
        (-5, Decimal("-5.00")),
        (Decimal("2000.5"), Decimal("2000.50")),
        (Decimal("1E+3"), Decimal("1000.00")),
        (Money("3.10"), Decimal("3.10")),
    ],
)
def test_money_from_str_int_decimal(value: object, expected: Decimal) -> None:
    money = Money(value)  # type: ignore[arg-type]
    assert money.amount == expected
    assert money.amount.as_tuple().exponent == -2  # always held in cents
    assert money.currency == "EUR"


@given(any_cents)
def test_money_from_str_int_and_decimal_agree(cents: int) -> None:
    amount = Decimal(cents).scaleb(-2)
    assert Money(str(amount)) == Money(amount)
    if cents % 100 == 0:
        assert Money(cents // 100) == Money(amount)


def test_float_refused_with_advice() -> None:
    with pytest.raises(MoneyError) as excinfo:
        Money(0.1)  # type: ignore[arg-type]
    message = str(excinfo.value)
    assert "float" in message
    assert "string" in message
    assert "Decimal" in message


@pytest.mark.parametrize("value", [True, False])
def test_bool_refused(value: bool) -> None:
    with pytest.raises(MoneyError, match="bool"):
        Money(value)


@pytest.mark.parametrize(
    "value", ["0.001", "2000.505", Decimal("0.125"), Decimal("-1.999"), Decimal("1E-3")]
)
def test_more_than_two_decimals_refused(value: object) -> None:
    with pytest.raises(MoneyError, match="more than two decimal places"):
        Money(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "value",
    [
        "2000.500",
        "10.000",
        " 10.000 ",
        "0.000",
        "-0.000",
        "1200.0000000",
        Decimal("2000.500"),
        Decimal("10.000"),
        Decimal("0.000"),
        Decimal("0E-3"),
        Decimal("-1.000"),
    ],
)
def test_extra_zero_decimals_refused_like_any_third_decimal(value: object) -> None:
    # Regression (#11): "2000.500" was read as 2000.50.  The written digits count, not the
    # value: a third decimal place is refused even when it is a zero, from text and from a
    # Decimal alike (a Decimal carries the places it was written with).
    with pytest.raises(MoneyError, match="more than two decimal places"):
        Money(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "value",
    [Decimal("NaN"), Decimal("sNaN"), Decimal("Infinity"), Decimal("-Infinity"), "NaN", "inf"],
)
def test_non_finite_refused(value: object) -> None:
    with pytest.raises(MoneyError):
        Money(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "value",
    ["", "  ", "abc", "2,000.50", "2.000,50", "1e3", "€5", "5 EUR", "+-5", None, [1], object()],
)
def test_other_input_refused(value: object) -> None:
    with pytest.raises(MoneyError):
        Money(value)  # type: ignore[arg-type]


def test_money_error_is_a_library_error_and_a_value_error() -> None:
    with pytest.raises(SchulerfolgError):
        Money("abc")
    with pytest.raises(ValueError, match="not an amount"):
        Money("abc")


def test_max_amount_is_the_limit() -> None:
    assert Money(MAX_AMOUNT).amount == MAX_AMOUNT
    assert Money(-MAX_AMOUNT).amount == -MAX_AMOUNT
    for beyond in ("1000000000000.00", "-1000000000000.00", 10**12, Decimal("1E+15")):
        with pytest.raises(MoneyError, match="larger than"):
            Money(beyond)  # type: ignore[arg-type]


def test_adding_beyond_max_amount_refused() -> None:
    with pytest.raises(MoneyError):
        Money(MAX_AMOUNT) + Money("0.01")


def test_scale_does_not_matter_for_equality_and_hash() -> None:
    assert Money("5") == Money("5.00") == Money("5.0") == Money(5) == Money(Decimal("5"))
    assert hash(Money("5")) == hash(Money("5.00"))
    assert len({Money("5"), Money("5.00"), Money(5)}) == 1
    assert repr(Money("5")) == "Money('5.00')"
    assert str(Money("5")) == "5.00 EUR"
    assert Money("5") != Money("5.01")


def test_money_is_not_equal_to_plain_numbers() -> None:
    assert Money("5") != Decimal("5")
    assert Money("5") != 5
    assert Money("5") != "5.00"


def test_money_is_frozen() -> None:
    money = Money("1.00")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        money.amount = Decimal("2.00")  # type: ignore[misc]


def test_zero_and_truth() -> None:
    assert Money.zero() == Money("0.00")
    assert not Money.zero()
    assert Money("0.01")
    assert Money("-0.01").is_negative()
    assert not Money.zero().is_negative()
    assert not Money("0.01").is_negative()


# --------------------------------------------------------------------------------------------
# Exact arithmetic


@given(small_money, small_money, small_money)
def test_addition_is_associative(a: Money, b: Money, c: Money) -> None:
    assert (a + b) + c == a + (b + c)


@given(any_money, small_money)
def test_addition_is_commutative(a: Money, b: Money) -> None:
    try:
        total = a + b
    except MoneyError:
        with pytest.raises(MoneyError):
            b + a
    else:
        assert total == b + a


@given(small_money, small_money)
def test_adding_then_subtracting_gives_back_the_amount(a: Money, b: Money) -> None:
    assert a + b - b == a
    assert a - b + b == a
    assert a - a == Money.zero()
    negated = -a
    assert -negated == a
    assert a + (-b) == a - b


@given(small_cents, small_cents)
def test_addition_matches_integer_cents(x: int, y: int) -> None:
    assert cents_to_money(x) + cents_to_money(y) == cents_to_money(x + y)
    assert cents_to_money(x) - cents_to_money(y) == cents_to_money(x - y)


def test_ten_times_ten_cents_is_exactly_one_euro() -> None:
    dimes = [Money("0.10")] * 10
    assert sum(dimes) == Money("1.00")
    assert money_sum(dimes) == Money("1.00")
    assert Money("0.10") + Money("0.20") == Money("0.30")  # 0.1 + 0.2 != 0.3 in float


@given(st.lists(st.integers(min_value=-(10**9), max_value=10**9), max_size=60))
def test_sum_of_many_amounts_is_exact(cents: list[int]) -> None:
    amounts = [cents_to_money(c) for c in cents]
    expected = cents_to_money(sum(cents))
    assert money_sum(amounts) == expected
    assert money_sum(iter(amounts)) == expected  # any iterable, consumed once
    if amounts:
        assert sum(amounts) == expected  # the built-in sum() starts from 0


def test_sum_of_nothing() -> None:
    assert money_sum([]) == Money.zero()
    assert sum([], Money.zero()) == Money.zero()


def test_money_does_not_mix_with_plain_numbers() -> None:
    with pytest.raises(TypeError):
        Money("1.00") + Decimal("1.00")  # type: ignore[operator]
    with pytest.raises(TypeError):
        Money("1.00") + 1  # type: ignore[operator]
    with pytest.raises(TypeError):
        1 + Money("1.00")  # type: ignore[operator]
    with pytest.raises(TypeError):
        Money("1.00") - 0.5  # type: ignore[operator]


def test_money_is_exact_whatever_the_thread_decimal_precision() -> None:
    with decimal.localcontext(prec=6):
        assert Money("12345.67") + Money("0.01") == Money("12345.68")
        assert Money("1234567.00").amount == Decimal("1234567.00")


# --------------------------------------------------------------------------------------------
# Ordering


@given(any_cents, any_cents)
def test_ordering_follows_the_amount(x: int, y: int) -> None:
    a, b = cents_to_money(x), cents_to_money(y)
    assert (a < b) == (x < y)
    assert (a <= b) == (x <= y)
    assert (a > b) == (x > y)
    assert (a >= b) == (x >= y)
    assert (a == b) == (x == y)


@given(st.lists(any_cents, max_size=20))
def test_sorting_and_max(cents: list[int]) -> None:
    amounts = [cents_to_money(c) for c in cents]
    assert sorted(amounts) == [cents_to_money(c) for c in sorted(cents)]
    if cents:
        assert max(amounts) == cents_to_money(max(cents))
        assert min(amounts) == cents_to_money(min(cents))


def test_ordering_examples_and_refusals() -> None:
    assert Money("-0.01") < Money.zero() < Money("0.01") < Money("10") < Money("100.00")
    with pytest.raises(TypeError):
        assert Money("1") < 2  # type: ignore[operator]
    with pytest.raises(TypeError):
        assert Money("1") >= Decimal("2")  # type: ignore[operator]


# --------------------------------------------------------------------------------------------
# Rounding


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0.125", "0.13"),
        ("0.135", "0.14"),  # half-even would give 0.14 too; 0.125 is the distinguishing case
        ("0.145", "0.15"),
        ("0.124", "0.12"),
        ("0.1249999", "0.12"),
        ("0.005", "0.01"),
        ("2.675", "2.68"),  # the classic float trap: round(2.675, 2) == 2.67
        ("1999.995", "2000.00"),
        ("7", "7.00"),
        ("0.10", "0.10"),
        # ROUND_HALF_UP rounds ties away from zero, as "kaufmännisch runden" does for negatives.
        ("-0.125", "-0.13"),
        ("-0.135", "-0.14"),
        ("-0.124", "-0.12"),
        ("-2.675", "-2.68"),
    ],
)
def test_round_to_cent_half_up(value: str, expected: str) -> None:
    result = round_to_cent(Decimal(value))
    assert isinstance(result, Money)
    assert result == Money(expected)


@pytest.mark.parametrize("rounding", [ROUND_HALF_EVEN, ROUND_DOWN, ROUND_FLOOR])
def test_round_to_cent_ignores_the_thread_context_rounding(rounding: str) -> None:
    with decimal.localcontext(rounding=rounding):
        assert round_to_cent(Decimal("0.125")) == Money("0.13")
        assert round_to_cent(Decimal("-0.125")) == Money("-0.13")
        assert round_to_cent(Decimal("0.126")) == Money("0.13")
        assert round_to_cent(Decimal("0.999")) == Money("1.00")


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=5, allow_nan=False))
def test_round_to_cent_is_nearest_cent_ties_away_from_zero(value: Decimal) -> None:
    rounded = round_to_cent(value).amount
    error = abs(rounded - value)
    assert error <= Decimal("0.005")
    if error == Decimal("0.005"):
        assert abs(rounded) > abs(value)
    # The same in any thread context.
    with decimal.localcontext(rounding=ROUND_HALF_EVEN):
        assert round_to_cent(value).amount == rounded


@given(any_money)
def test_round_to_cent_keeps_whole_cents(money: Money) -> None:
    assert round_to_cent(money.amount) == money


def test_round_to_cent_refuses_what_is_not_money() -> None:
    with pytest.raises(MoneyError):
        round_to_cent(Decimal("NaN"))
    with pytest.raises(MoneyError):
        round_to_cent(Decimal("999999999999.995"))


# --------------------------------------------------------------------------------------------
# Formatting


@pytest.mark.parametrize(
    ("amount", "locale", "expected"),
    [
        ("2000.50", "de_DE", "2.000,50\xa0€"),
        ("2000.50", "en", "€2,000.50"),
        ("2000", "de_DE", "2.000,00\xa0€"),
        ("0.05", "de_DE", "0,05\xa0€"),
        ("-1234.50", "de_DE", "-1.234,50\xa0€"),
        ("-1234.50", "en", "-€1,234.50"),
        ("999999999999.99", "de_DE", "999.999.999.999,99\xa0€"),
    ],
)
def test_format_money(amount: str, locale: str, expected: str) -> None:
    assert format_money(Money(amount), locale=locale) == expected
    assert Money(amount).format(locale) == expected


def test_format_money_defaults_to_german() -> None:
    assert format_money(Money("2000.50")) == "2.000,50\xa0€"
    assert Money("2000.50").format() == "2.000,50\xa0€"


@pytest.mark.parametrize("rounding", [ROUND_HALF_EVEN, ROUND_DOWN, ROUND_FLOOR])
def test_format_money_ignores_the_thread_context_rounding(rounding: str) -> None:
    with decimal.localcontext(rounding=rounding):
        assert format_money(Money("0.13")) == "0,13\xa0€"
        assert format_money(Money("2000.50"), locale="en") == "€2,000.50"


@given(any_money, st.sampled_from(LOCALES))
def test_format_money_is_the_same_in_any_rounding_context(money: Money, locale: str) -> None:
    plain = format_money(money, locale=locale)
    with decimal.localcontext(rounding=ROUND_HALF_EVEN):
        assert format_money(money, locale=locale) == plain
    with decimal.localcontext(rounding=ROUND_FLOOR):
        assert format_money(money, locale=locale) == plain


@given(any_money)
def test_german_format_separates_sign_with_nbsp(money: Money) -> None:
    text = format_money(money, locale="de_DE")
    assert text.endswith("\xa0€")
    assert " " not in text
    assert text.startswith("-") == money.is_negative()
    # Two decimals after the decimal comma, always.
    assert text[: -len("\xa0€")].rsplit(",", 1)[1].isdigit()
    assert len(text[: -len("\xa0€")].rsplit(",", 1)[1]) == 2


@pytest.mark.parametrize(
    "make_zero",
    [
        lambda: round_to_cent(Decimal("-0.004")),
        lambda: Money("-0"),
        lambda: Money(Decimal("-0.00")),
        lambda: parse_money("-0,00 EUR"),
    ],
    ids=["round_to_cent", "Money-str", "Money-Decimal", "parse_money"],
)
def test_zero_never_prints_with_a_minus_sign(make_zero: object) -> None:
    zero = make_zero()  # type: ignore[operator]
    assert zero == Money.zero()
    assert format_money(zero) == "0,00\xa0€"
    assert str(zero) == "0.00 EUR"


# --------------------------------------------------------------------------------------------
# Parsing


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2.000,50 €", "2000.50"),
        ("2.000,50\xa0€", "2000.50"),  # exactly what format_money(..., locale="de_DE") writes
        ("2000,50", "2000.50"),
        ("2000.50", "2000.50"),
        ("2,000.50", "2000.50"),
        ("€2,000.50", "2000.50"),
        ("2000", "2000.00"),
        ("€ 1,5", "1.50"),
        ("1,5", "1.50"),
        ("  2.000,50 EUR  ", "2000.50"),
        ("EUR 2000.50", "2000.50"),
        ("-1.234,50 €", "-1234.50"),
        ("0", "0.00"),
        ("999.999.999.999,99 €", "999999999999.99"),
    ],
)
def test_parse_money_without_locale(text: str, expected: str) -> None:
    assert parse_money(text) == Money(expected)


@pytest.mark.parametrize(
    ("text", "locale", "expected"),
    [
        ("2.000,50 €", "de_DE", "2000.50"),
        ("2.000,50\xa0€", "de_DE", "2000.50"),
        ("2000,50", "de_DE", "2000.50"),
        ("€ 1,5", "de_DE", "1.50"),
        ("2.000", "de_DE", "2000.00"),
        ("2,000.50", "en", "2000.50"),
        ("€2,000.50", "en", "2000.50"),
        ("2000.50", "en", "2000.50"),
        ("1,500", "en", "1500.00"),
        ("1.5", "en", "1.50"),
    ],
)
def test_parse_money_with_locale(text: str, locale: str, expected: str) -> None:
    assert parse_money(text, locale=locale) == Money(expected)


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        ("2.000,50 €", "en"),
        ("2,000.50", "de_DE"),
        ("€2,000.50", "de_DE"),
    ],
)
def test_parse_money_refuses_text_written_for_another_locale(text: str, locale: str) -> None:
    with pytest.raises(MoneyError):
        parse_money(text, locale=locale)


@pytest.mark.parametrize("text", ["2.000", "1,500", "2.000 €", "€1,000"])
def test_ambiguous_amount_refused_without_locale(text: str) -> None:
    with pytest.raises(MoneyError, match="ambiguous"):
        parse_money(text)


def test_ambiguous_amount_read_with_german_locale() -> None:
    assert parse_money("2.000", locale="de_DE") == Money("2000.00")


def test_ambiguous_amount_read_with_english_locale() -> None:
    assert parse_money("1,000", locale="en") == Money("1000.00")


@pytest.mark.parametrize(
    ("text", "locale"), [("2.000", "en"), ("2,000", "de_DE"), ("2.000,500 €", "de_DE")]
)
def test_a_typed_third_decimal_place_is_refused_even_a_zero_one(text: str, locale: str) -> None:
    # The result is Money, so a third decimal place as typed is refused like "0,125" (#11).
    with pytest.raises(MoneyError, match="more than two decimal places"):
        parse_money(text, locale=locale)


@pytest.mark.parametrize(
    "text",
    ["12,3,4", "", "   ", "abc", "1.2.3,4", "€", "EUR", "2,000.50.1", "1 000", "5,-", "NaN"],
)
def test_garbage_refused(text: str) -> None:
    with pytest.raises(MoneyError):
        parse_money(text)


@pytest.mark.parametrize("text", ["0,125 €", "0.125", "1.000.000.000.000,00 €"])
def test_parsed_amount_must_be_money(text: str) -> None:
    with pytest.raises(MoneyError):
        parse_money(text)


def test_parse_money_refuses_non_text() -> None:
    with pytest.raises(MoneyError):
        parse_money(2000)  # type: ignore[arg-type]
    with pytest.raises(MoneyError):
        parse_money(Decimal("2000"))  # type: ignore[arg-type]


@given(any_money)
def test_german_format_round_trips(money: Money) -> None:
    text = format_money(money, locale="de_DE")  # with its NBSP, as written
    assert parse_money(text, locale="de_DE") == money
    assert parse_money(text.replace("\xa0", " "), locale="de_DE") == money


@given(non_negative_money)
def test_english_format_round_trips(money: Money) -> None:
    text = format_money(money, locale="en")
    assert parse_money(text, locale="en") == money


@pytest.mark.parametrize("amount", ["-1234.50", "-0.01"])
def test_english_format_round_trips_negative_amounts(amount: str) -> None:
    money = Money(amount)
    assert parse_money(format_money(money, locale="en"), locale="en") == money


@given(any_money)
def test_german_format_round_trips_without_locale(money: Money) -> None:
    # German output always has a decimal comma and two decimals, so it cannot be ambiguous.
    assert parse_money(format_money(money, locale="de_DE")) == money


@given(non_negative_money)
def test_english_format_round_trips_without_locale(money: Money) -> None:
    # English output always has two decimals after the point, so it cannot read as German.
    assert parse_money(format_money(money, locale="en")) == money


@pytest.mark.parametrize("text", ["1_000", "1e3", "١٢٣", "+-5", "12 34 €x"])
def test_parse_money_takes_only_digits_with_separators(text: str) -> None:
    with pytest.raises(MoneyError):
        parse_money(text)
