"""Co-financing split: EU, Land and Kommune parts of a total, exact to the cent.

Rounding rule — largest remainder (Hare–Niemeyer): every part is first cut down to the cent;
the cents still missing to the total go one each to the parts with the largest cut-off
remainders (ties in the fixed order EU, Land, Kommune).  Why: the parts always sum exactly to
the total, each part differs from its exact share by less than one cent, and no party is
systematically favoured the way "round two parts, give the rest to the third" favours the third.
"""

from __future__ import annotations

import decimal
from decimal import ROUND_DOWN, Decimal
from typing import Final

import attrs

from schulerfolg._core.i18n import N_
from schulerfolg._core.money import CENT, MONEY_CONTEXT, Money, shown_amount
from schulerfolg._model.enums import Module
from schulerfolg._model.programme import CoFinancing, FundingCycle
from schulerfolg.errors import CoFinancingError, NotFoundError, Text

#: The name of the rounding rule used by :func:`split_co_financing`.
ROUNDING_RULE: Final = "largest remainder (Hare–Niemeyer), ties EU before Land before Kommune"


@attrs.frozen(kw_only=True)
class CoFinancingSplit:
    """The parts of a total paid by the EU, the Land and the Kommune; they sum to ``total``."""

    total: Money
    eu: Money
    state: Money
    municipal: Money
    shares: CoFinancing

    @property
    def provisional(self) -> bool:
        """True if the shares behind the split are provisional."""
        return self.shares.provisional


def allocate(total: Money, shares: tuple[Decimal, ...]) -> tuple[Money, ...]:
    """Split ``total`` by ``shares`` (summing to 1) with the largest-remainder rule."""
    if sum(shares) != 1:
        raise CoFinancingError(
            Text(N_("shares must sum to 1, they sum to {total}"), {"total": sum(shares)})
        )
    if total.is_negative():
        raise CoFinancingError(
            Text(N_("cannot split a negative total: {total}"), {"total": shown_amount(total)})
        )
    # The library's own context: the split never depends on the caller's precision.
    with decimal.localcontext(MONEY_CONTEXT):
        exact = [total.amount * share for share in shares]
        floored = [value.quantize(CENT, rounding=ROUND_DOWN) for value in exact]
        missing_cents = int((total.amount - sum(floored)) / CENT)
        order = sorted(range(len(shares)), key=lambda i: (-(exact[i] - floored[i]), i))
        for index in order[:missing_cents]:
            floored[index] += CENT
        return tuple(Money(value) for value in floored)


def split_co_financing(total: Money, shares: CoFinancing) -> CoFinancingSplit:
    """Split ``total`` into EU, Land and Kommune parts by ``shares``, exact to the cent."""
    eu, state, municipal = allocate(
        total, (shares.eu_share, shares.state_share, shares.municipal_share)
    )
    return CoFinancingSplit(total=total, eu=eu, state=state, municipal=municipal, shares=shares)


def split_for_cycle(cycle: FundingCycle, module: Module, total: Money) -> CoFinancingSplit:
    """Split ``total`` for ``module`` in ``cycle``; unknown shares raise, never guess."""
    shares = cycle.co_financing_for(module)
    if shares is None:
        raise NotFoundError(
            Text(
                N_("the co-financing shares of {module} in cycle {cycle} are not known"),
                {"module": repr(module.value), "cycle": repr(cycle.id)},
            )
        )
    return split_co_financing(total, shares)
