"""What an award must satisfy besides the caps and the budget: the grant notice that grants
it, and a reduction that only lowers it (so that no basis period of any cap can gain money)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import attrs

from schulerfolg._core.i18n import N_
from schulerfolg._core.money import Money
from schulerfolg._model.cost_plan import CostPlanLine
from schulerfolg._model.grant import GrantNotice
from schulerfolg._rules.ledger import Award
from schulerfolg.errors import Need


def reduction_problems(award: Award, cost_plan: Sequence[CostPlanLine]) -> list[Need]:
    """What a reduced cost plan lacks: the award's lines, in order, each amount not higher,
    and less in all (so that no basis period of any cap can gain money)."""
    old = award.cost_plan
    if len(cost_plan) != len(old):
        return [
            Need(
                N_("the award's {count} cost plan lines in their order, amounts lowered"),
                {"count": len(old)},
            )
        ]
    missing = [
        Need(
            N_("line {line} as awarded ('{description}', {year}), its amount not above {amount}"),
            {
                "line": index,
                "description": before.description,
                "year": before.calendar_year,
                "amount": before.amount,
            },
        )
        for index, (before, after) in enumerate(zip(old, cost_plan, strict=True), start=1)
        if attrs.evolve(after, amount=before.amount) != before or after.amount > before.amount
    ]
    if not missing and sum((line.amount for line in cost_plan), Money.zero()) == award.total:
        missing.append(Need(N_("a lower total than awarded")))
    return missing


def notice_problems(notice: GrantNotice, award: Award) -> Iterator[Need]:
    """What the grant notice lacks to be the notice of this award: its amount, and a period
    that covers the offer's."""
    if notice.total != award.total:
        yield Need(
            N_("a grant notice for the awarded {amount} (it grants {granted})"),
            {"amount": award.total, "granted": notice.total},
        )
    if not notice.period.contains_range(award.period):
        yield Need(
            N_("a grant notice whose period covers the offer's ({period})"),
            {"period": award.period},
        )
