"""What the award ledger reports: an approval with the checks it passed, and the standing of a
district's budget and of each cap — awarded and remaining per subject and period.

The budget arithmetic lives here (the caps' arithmetic is :mod:`schulerfolg._rules.caps`): a
district's yearly budget for educational offers is the dated parameter
``educational_offer.budget``; an award counts against the budget of every calendar year it has
money in, with that year's money.  Where no budget is in force, nothing is checked, and the
check says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Final

import attrs

from schulerfolg._core.i18n import N_
from schulerfolg._core.money import Money
from schulerfolg._core.provenance import Source
from schulerfolg._model.application import Application
from schulerfolg._model.cost_plan import split_cost_plan_by_calendar_year
from schulerfolg._parameters.history import ParameterValue
from schulerfolg._parameters.values import Budget
from schulerfolg._procedure.lifecycle import ApplicationHistory
from schulerfolg._rules.caps import CapSubject
from schulerfolg._rules.evaluation import Decision
from schulerfolg._rules.ledger import Award
from schulerfolg._rules.rulebook import Rulebook
from schulerfolg.errors import Need, ParameterNotInForceError

#: The parameter of a district's yearly budget for educational offers.
BUDGET: Final = "educational_offer.budget"


@attrs.frozen(kw_only=True)
class BudgetStanding:
    """A district's budget for educational offers in one calendar year: the budget in force
    (``None``: no budget is set, nothing is checked), what approved awards hold of it, and its
    source."""

    district_key: str
    calendar_year: int
    budget: Money | None
    awarded: Money
    source: Source | None = None
    provisional: bool = False

    @property
    def checked(self) -> bool:
        """True if a budget is in force for the year (else there is no budget check)."""
        return self.budget is not None

    @property
    def remaining(self) -> Money | None:
        """What is left of the budget (negative if a lowered budget is overspent)."""
        return None if self.budget is None else self.budget - self.awarded


@attrs.frozen(kw_only=True)
class BudgetCheck:
    """An approval against one year's budget: the standing before it and the amount the
    application adds in that year."""

    standing: BudgetStanding
    requested: Money

    @property
    def exceeded(self) -> bool:
        """True if the budget is set and the application does not fit in what remains."""
        remaining = self.standing.remaining
        return remaining is not None and self.requested > remaining

    def problem(self) -> Need:
        """What an exceeded budget lacks, in the words of a refused transition."""
        standing = self.standing
        return Need(
            N_(
                "room in the district's budget for {year}: {remaining} of {budget} left, "
                "{requested} requested"
            ),
            {
                "year": standing.calendar_year,
                "remaining": standing.remaining,
                "budget": standing.budget,
                "requested": self.requested,
            },
        )


@attrs.frozen(kw_only=True)
class CapStanding:
    """One subject of a cap in one basis period: the cap in force, what awards hold of it."""

    district_key: str
    subject: CapSubject
    period: str
    cap: Money
    awarded: Money

    @property
    def remaining(self) -> Money:
        """What is left under the cap (negative if a lowered cap is overspent)."""
        return self.cap - self.awarded


@attrs.frozen(kw_only=True)
class Approval:
    """An approved application as the ledger recorded it: the award, the rules' decision at
    the moment of approval (computed inside the write transaction, against every award recorded
    before it), the budget checks and the history after it.

    ``recorded`` is False where the application was approved already: then nothing was written
    and the earlier approval is returned (approving is idempotent by application id).
    """

    award: Award
    decision: Decision
    budget: tuple[BudgetCheck, ...]
    history: ApplicationHistory
    recorded: bool = True


def budget_value(rulebook: Rulebook, year: int, on: date) -> ParameterValue | None:
    """The budget for calendar ``year``: the value in force on ``on`` where ``on`` lies in
    ``year``, else the value in force on 1 January of ``year``; ``None`` where none is."""
    day = on if on.year == year else date(year, 1, 1)
    try:
        return rulebook.resolve(BUDGET, day)[0]
    except ParameterNotInForceError:
        return None


def budget_standing(
    rulebook: Rulebook, district_key: str, year: int, on: date, awarded: Money
) -> BudgetStanding:
    """The standing of the district's ``year`` budget given what awards hold of it."""
    value = budget_value(rulebook, year, on)
    if value is None:
        return BudgetStanding(
            district_key=district_key, calendar_year=year, budget=None, awarded=awarded
        )
    budget: Budget = value.value
    return BudgetStanding(
        district_key=district_key,
        calendar_year=year,
        budget=budget.amount,
        awarded=awarded,
        source=value.source,
        provisional=value.provisional,
    )


def requested_per_year(application: Application) -> dict[int, Money]:
    """The application's money per calendar year (what it would add to each year's budget)."""
    return {
        year.year: amount
        for year, amount in split_cost_plan_by_calendar_year(application.cost_plan).items()
    }


def exceeded(checks: Iterable[BudgetCheck]) -> list[Need]:
    """What the exceeded budgets lack, for a refused approval."""
    return [check.problem() for check in checks if check.exceeded]
