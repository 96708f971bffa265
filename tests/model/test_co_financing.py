"""Co-financing split: EU, Land and Kommune parts by the largest-remainder rule."""

from __future__ import annotations

import decimal
from decimal import ROUND_DOWN, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import schulerfolg
from schulerfolg import (
    ROUNDING_RULE,
    CoFinancing,
    CoFinancingSplit,
    InvariantError,
    Module,
    Money,
    NotFoundError,
    SchulerfolgError,
    Source,
    programme,
    split_co_financing,
    split_for_cycle,
)
from schulerfolg._model.co_financing import allocate

CENT = Decimal("0.01")
SOURCE = Source(reference="https://example.org/foerderaufruf", title="Förderaufruf")

# Totals from 0.00 to 10,000,000.00 EUR, in whole cents.
totals = st.integers(min_value=0, max_value=10**9).map(lambda cents: Money(Decimal(cents) * CENT))


@st.composite
def share_triples(draw: st.DrawFn) -> tuple[Decimal, Decimal, Decimal]:
    """Three shares summing to exactly 1, built from integer percentages or thousandths."""
    scale = draw(st.sampled_from([100, 1000]))
    eu = draw(st.integers(min_value=0, max_value=scale))
    state = draw(st.integers(min_value=0, max_value=scale - eu))
    municipal = scale - eu - state
    exponent = -2 if scale == 100 else -3
    return (
        Decimal(eu).scaleb(exponent),
        Decimal(state).scaleb(exponent),
        Decimal(municipal).scaleb(exponent),
    )


def co_financing(
    eu: str | Decimal, state: str | Decimal, municipal: str | Decimal, *, provisional: bool = False
) -> CoFinancing:
    return CoFinancing(
        module=Module.SCHOOL_SOCIAL_WORK,
        eu_share=Decimal(eu),
        state_share=Decimal(state),
        municipal_share=Decimal(municipal),
        provisional=provisional,
        source=SOURCE,
    )


def parts_of(split: CoFinancingSplit) -> tuple[Money, Money, Money]:
    return split.eu, split.state, split.municipal


# --------------------------------------------------------------------------------------------
# Examples


def test_split_1000_by_60_30_10() -> None:
    split = split_co_financing(Money("1000.00"), co_financing("0.6", "0.3", "0.1"))
    assert parts_of(split) == (Money("600.00"), Money("300.00"), Money("100.00"))
    assert split.total == Money("1000.00")


def test_split_of_the_documented_example() -> None:
    split = split_co_financing(Money("45678.91"), co_financing("0.6", "0.3", "0.1"))
    assert parts_of(split) == (Money("27407.35"), Money("13703.67"), Money("4567.89"))


def test_split_of_zero() -> None:
    split = split_co_financing(Money("0.00"), co_financing("0.6", "0.3", "0.1"))
    assert parts_of(split) == (Money(0), Money(0), Money(0))


def test_a_whole_share_takes_everything() -> None:
    split = split_co_financing(Money("123.45"), co_financing("0", "1", "0"))
    assert parts_of(split) == (Money(0), Money("123.45"), Money(0))


def test_the_largest_remainder_gets_the_cent_not_the_first_part() -> None:
    # 0.01 by 0.333/0.333/0.334: exact 0.00333, 0.00333, 0.00334 -> the Kommune's remainder wins.
    split = split_co_financing(Money("0.01"), co_financing("0.333", "0.333", "0.334"))
    assert parts_of(split) == (Money(0), Money(0), Money("0.01"))


def test_two_missing_cents_go_to_the_two_largest_remainders() -> None:
    # 0.02 by 0.333/0.333/0.334: exact 0.00666, 0.00666, 0.00668 -> the Kommune first, then the
    # EU, which ties with the Land and comes first.
    split = split_co_financing(Money("0.02"), co_financing("0.333", "0.333", "0.334"))
    assert parts_of(split) == (Money("0.01"), Money(0), Money("0.01"))


def test_rounding_each_part_alone_would_not_add_up() -> None:
    # 10.01 by thirds-ish shares: every exact part ends in ...x333, ...x333, ...x334 cents.
    split = split_co_financing(Money("10.01"), co_financing("0.333", "0.333", "0.334"))
    assert sum(parts_of(split), Money(0)) == Money("10.01")
    assert parts_of(split) == (Money("3.33"), Money("3.33"), Money("3.35"))


# --------------------------------------------------------------------------------------------
# Ties: EU before Land before Kommune


@pytest.mark.parametrize(
    ("total", "shares", "expected"),
    [
        ("0.01", ("0.5", "0.5", "0"), ("0.01", "0", "0")),  # EU before Land
        ("0.01", ("0", "0.5", "0.5"), ("0", "0.01", "0")),  # Land before Kommune
        ("0.01", ("0.5", "0", "0.5"), ("0.01", "0", "0")),  # EU before Kommune
        ("0.01", ("0.2", "0.4", "0.4"), ("0", "0.01", "0")),  # Land and Kommune tie above EU
        ("0.02", ("0.25", "0.25", "0.5"), ("0.01", "0", "0.01")),  # 0.005, 0.005, 0.01
        ("1.01", ("0.5", "0.5", "0"), ("0.51", "0.50", "0")),
    ],
)
def test_ties_go_eu_before_land_before_kommune(
    total: str, shares: tuple[str, str, str], expected: tuple[str, str, str]
) -> None:
    split = split_co_financing(Money(total), co_financing(*shares))
    assert parts_of(split) == tuple(Money(value) for value in expected)


def test_tie_of_two_with_two_missing_cents() -> None:
    # 0.03 by 0.25/0.25/0.5: exact 0.0075, 0.0075, 0.015 -> floors 0, 0, 0.01; two cents missing;
    # the EU and the Land tie on the largest remainder and both get one.
    split = split_co_financing(Money("0.03"), co_financing("0.25", "0.25", "0.5"))
    assert parts_of(split) == (Money("0.01"), Money("0.01"), Money("0.01"))


def test_tie_order_is_not_a_favour_across_many_totals() -> None:
    # With 1/2-1/2-0 every odd cent goes to the EU, never to the Land, never more than one cent.
    shares = co_financing("0.5", "0.5", "0")
    for cents in range(0, 200):
        total = Money(Decimal(cents) * CENT)
        split = split_co_financing(total, shares)
        assert split.eu - split.state == (Money("0.01") if cents % 2 else Money(0))
        assert split.municipal == Money(0)


# --------------------------------------------------------------------------------------------
# Properties


def exact_parts(total: Money, shares: tuple[Decimal, ...]) -> list[Decimal]:
    return [total.amount * share for share in shares]


@given(totals, share_triples())
def test_parts_sum_exactly_to_the_total(total: Money, shares: tuple[Decimal, ...]) -> None:
    split = split_co_financing(total, co_financing(*shares))
    assert split.eu + split.state + split.municipal == total
    assert split.total == total


@given(totals, share_triples())
def test_each_part_is_within_one_cent_of_its_exact_share(
    total: Money, shares: tuple[Decimal, ...]
) -> None:
    split = split_co_financing(total, co_financing(*shares))
    for part, exact in zip(parts_of(split), exact_parts(total, shares), strict=True):
        assert abs(part.amount - exact) < CENT
        # Largest remainder only ever rounds up from the cut-down value, by one cent at most.
        floor = exact.quantize(CENT, rounding=ROUND_DOWN)
        assert part.amount in (floor, floor + CENT)
        assert not part.is_negative()


@given(totals, share_triples())
def test_extra_cents_go_to_the_largest_remainders_with_the_fixed_tie_order(
    total: Money, shares: tuple[Decimal, ...]
) -> None:
    split = split_co_financing(total, co_financing(*shares))
    exact = exact_parts(total, shares)
    floors = [value.quantize(CENT, rounding=ROUND_DOWN) for value in exact]
    remainders = [value - floor for value, floor in zip(exact, floors, strict=True)]
    got_cent = [part.amount != floor for part, floor in zip(parts_of(split), floors, strict=True)]
    for winner in range(3):
        for loser in range(3):
            if got_cent[winner] and not got_cent[loser]:
                assert (remainders[winner], -winner) > (remainders[loser], -loser)


@given(totals, share_triples())
def test_a_zero_share_gets_nothing(total: Money, shares: tuple[Decimal, ...]) -> None:
    split = split_co_financing(total, co_financing(*shares))
    for part, share in zip(parts_of(split), shares, strict=True):
        if share == 0:
            assert part == Money(0)


@given(totals, share_triples())
def test_allocate_agrees_with_split_co_financing(total: Money, shares: tuple[Decimal, ...]) -> None:
    assert allocate(total, shares) == parts_of(split_co_financing(total, co_financing(*shares)))


@given(totals, st.lists(st.integers(min_value=0, max_value=20), min_size=1, max_size=6))
def test_allocate_sums_exactly_for_any_number_of_parts(total: Money, weights: list[int]) -> None:
    if sum(weights) == 0:
        weights = [*weights[:-1], 1]
    # Only weights whose quotients are exact decimals give shares summing to exactly 1.
    denominator = Decimal(sum(weights))
    shares = [Decimal(weight) / denominator for weight in weights]
    if sum(shares) != 1:  # not exact in decimal (e.g. thirds): nothing to test
        return
    parts = allocate(total, tuple(shares))
    assert sum(parts, Money(0)) == total
    assert len(parts) == len(weights)


@given(totals, share_triples(), st.booleans())
def test_provisional_mirrors_the_shares(
    total: Money, shares: tuple[Decimal, ...], provisional: bool
) -> None:
    financing = co_financing(*shares, provisional=provisional)
    split = split_co_financing(total, financing)
    assert split.provisional is provisional
    assert split.shares == financing


# --------------------------------------------------------------------------------------------
# Errors


@pytest.mark.parametrize("total", ["-0.01", "-1000.00"])
def test_a_negative_total_raises(total: str) -> None:
    with pytest.raises(ValueError, match="negative"):
        split_co_financing(Money(total), co_financing("0.6", "0.3", "0.1"))


def test_errors_of_the_split_are_schulerfolg_errors() -> None:
    # docs/model.md: every error raised on purpose derives from SchulerfolgError.
    with pytest.raises(SchulerfolgError):
        split_co_financing(Money("-0.01"), co_financing("0.6", "0.3", "0.1"))
    with pytest.raises(SchulerfolgError):
        allocate(Money("1.00"), (Decimal("0.5"), Decimal("0.6")))


@pytest.mark.parametrize(
    "shares",
    [("0.6", "0.3", "0.2"), ("0.5", "0.4", "0"), ("0.333", "0.333", "0.333"), ("1", "1", "0")],
)
def test_shares_not_summing_to_one_raise(shares: tuple[str, str, str]) -> None:
    with pytest.raises(InvariantError, match="sum"):
        co_financing(*shares)
    with pytest.raises(ValueError, match="sum to 1"):
        allocate(Money("1000.00"), tuple(Decimal(share) for share in shares))


def test_shares_outside_zero_and_one_raise() -> None:
    with pytest.raises(InvariantError):
        co_financing("1.5", "-0.5", "0")


# --------------------------------------------------------------------------------------------
# The bundled programme


def test_split_for_cycle_with_the_bundled_programme() -> None:
    cycle = programme().cycle("esf-plus-2024")
    split = split_for_cycle(cycle, Module.SCHOOL_SOCIAL_WORK, Money("1000.00"))
    assert parts_of(split) == (Money("600.00"), Money("300.00"), Money("100.00"))
    assert split.shares == cycle.co_financing_for(Module.SCHOOL_SOCIAL_WORK)
    assert split.provisional is split.shares.provisional
    assert split.provisional is True  # the 60/30 part is inferred


def test_split_for_cycle_with_confirmed_shares() -> None:
    split = split_for_cycle(
        programme().cycle("esf-plus-2025-extra"), Module.SCHOOL_SOCIAL_WORK, Money("1000.00")
    )
    assert parts_of(split) == (Money("600.00"), Money(0), Money("400.00"))
    assert split.provisional is False


@given(totals)
def test_split_for_cycle_sums_exactly(total: Money) -> None:
    split = split_for_cycle(programme().cycle("esf-plus-2024"), Module.SCHOOL_SOCIAL_WORK, total)
    assert split.eu + split.state + split.municipal == total


def test_split_for_cycle_without_known_shares_raises_not_found() -> None:
    cycle = programme().cycle("esf-plus-2024")
    assert cycle.co_financing_for(Module.NETWORK_OFFICE) is None
    with pytest.raises(NotFoundError, match="network_office") as caught:
        split_for_cycle(cycle, Module.NETWORK_OFFICE, Money("1000.00"))
    assert isinstance(caught.value, SchulerfolgError)
    assert isinstance(caught.value, LookupError)
    assert "esf-plus-2024" in str(caught.value)


def test_rounding_rule_is_exported() -> None:
    assert "ROUNDING_RULE" in schulerfolg.__all__
    assert schulerfolg.ROUNDING_RULE is ROUNDING_RULE
    assert "largest remainder" in ROUNDING_RULE
    assert "EU before Land before Kommune" in ROUNDING_RULE
    for name in ("CoFinancingSplit", "split_co_financing", "split_for_cycle"):
        assert name in schulerfolg.__all__


@pytest.mark.parametrize("precision", [8, 12, 28])
def test_the_split_does_not_depend_on_the_callers_decimal_precision(precision: int) -> None:
    shares = (
        schulerfolg.programme()
        .cycle("esf-plus-2024")
        .co_financing_for(schulerfolg.Module.SCHOOL_SOCIAL_WORK)
    )
    assert shares is not None
    total = schulerfolg.Money("9456308483.86")
    with decimal.localcontext(prec=precision):
        split = schulerfolg.split_co_financing(total, shares)
    assert split.eu + split.state + split.municipal == total
