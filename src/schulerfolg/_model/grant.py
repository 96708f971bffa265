"""Grants: the notice of a grant (Zuwendungsbescheid) and its amounts per funding source."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

import attrs

from schulerfolg._core.dates import DateRange
from schulerfolg._core.i18n import N_
from schulerfolg._core.invariants import Checked, Problems, duplicates, not_negative
from schulerfolg._core.money import Money, money_sum
from schulerfolg._core.provenance import Source
from schulerfolg._model.enums import FundingSource
from schulerfolg._model.organisations import Sponsor
from schulerfolg.errors import Text


@attrs.frozen(kw_only=True)
class FundingAmount(Checked):
    """One part of a grant: an amount from one funding source."""

    _label = N_("funding amount")

    source: FundingSource
    amount: Money

    def _problems(self) -> Problems:
        yield from not_negative("amount", self.amount)


@attrs.frozen(kw_only=True)
class GrantNotice(Checked):
    """Zuwendungsbescheid: the approving authority's notice of a grant."""

    _label = N_("grant notice")

    issuer: str
    recipient: Sponsor
    project: str
    period: DateRange
    issued_on: date | None = None
    amounts: tuple[FundingAmount, ...]
    source: Source | None = None

    _not_blank: ClassVar[tuple[str, ...]] = (
        "issuer",
        "project",
    )

    def _problems(self) -> Problems:
        if not self.amounts:
            yield "amounts", Text(N_("must list at least one amount"))
        yield from duplicates("amounts", (a.source for a in self.amounts))

    @property
    def total(self) -> Money:
        """The grant's total over all funding sources."""
        return money_sum(a.amount for a in self.amounts)
