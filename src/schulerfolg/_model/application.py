"""Applications for educational offers (bildungsbezogene Angebote) and their cost plans.

Business rules (caps, deadlines, eligibility) are not invariants: they live in the rules layer,
which reports every finding instead of stopping at the first.
"""

from __future__ import annotations

import re
from datetime import date
from typing import ClassVar, Final

import attrs

from schulerfolg._core.dates import CalendarYear, DateRange, SchoolYear, shown_day, shown_period
from schulerfolg._core.i18n import N_
from schulerfolg._core.invariants import Checked, Problems, duplicates, not_negative
from schulerfolg._core.money import Money, money_sum, shown_amount
from schulerfolg._model.cost_plan import (
    CostPlanLine,
    split_cost_plan_by_calendar_year,
    split_cost_plan_by_school_year,
)
from schulerfolg._model.enums import ApplicantKind, TargetGroup
from schulerfolg._model.organisations import Address, CooperationPartner, District, School
from schulerfolg.errors import Text

_DOCUMENT_ID: Final = re.compile(r"[a-z][a-z0-9_]*")


@attrs.frozen(kw_only=True)
class Applicant(Checked):
    """Antragsteller:in: who applies, and of which kind."""

    _label = N_("applicant")

    name: str
    kind: ApplicantKind
    address: Address | None = None

    _not_blank: ClassVar[tuple[str, ...]] = ("name",)

    @property
    def key(self) -> str:
        """A stable identity for caps per applicant: the folded name."""
        return " ".join(self.name.casefold().split())


@attrs.frozen(kw_only=True)
class Application(Checked):
    """Antrag for an educational offer (bildungsbezogenes Angebot) at a network office."""

    _label = N_("application")

    id: str
    title: str
    district: District
    applicant: Applicant
    cooperation_partners: tuple[CooperationPartner, ...] = ()
    schools: tuple[School, ...]
    target_groups: tuple[TargetGroup, ...]
    period: DateRange
    cost_plan: tuple[CostPlanLine, ...]
    requested_amount: Money
    consultation_date: date | None = None
    submission_date: date | None = None
    documents: tuple[str, ...] = ()
    call: str | None = None

    _not_blank: ClassVar[tuple[str, ...]] = (
        "id",
        "title",
        "call",
    )

    def _problems(self) -> Problems:
        if not self.schools:
            yield "schools", Text(N_("must name at least one school"))
        if not self.target_groups:
            yield "target_groups", Text(N_("must name at least one target group"))
        yield from duplicates("target_groups", self.target_groups)
        yield from duplicates("documents", self.documents)
        for index, document in enumerate(self.documents):
            if not _DOCUMENT_ID.fullmatch(document):
                yield (
                    f"documents[{index}]",
                    Text(N_("not a document id (like 'cost_plan'): {id}"), {"id": repr(document)}),
                )
        yield from not_negative("requested_amount", self.requested_amount)
        if not self.cost_plan:
            yield "cost_plan", Text(N_("must have at least one line"))
        years = range(self.period.start.year, self.period.end.year + 1)
        for index, line in enumerate(self.cost_plan):
            if 1 <= line.calendar_year <= 9998 and line.calendar_year not in years:
                yield (
                    f"cost_plan[{index}].calendar_year",
                    _outside(line.calendar_year, self.period),
                )
            if line.incurred_on is not None and line.incurred_on not in self.period:
                yield (
                    f"cost_plan[{index}].incurred_on",
                    _outside(shown_day(line.incurred_on), self.period),
                )
        total = self.cost_plan_total
        if self.cost_plan and total != self.requested_amount:
            yield (
                "requested_amount",
                Text(
                    N_("{requested} differs from the cost plan total {total}"),
                    {
                        "requested": shown_amount(self.requested_amount),
                        "total": shown_amount(total),
                    },
                ),
            )

    @property
    def cost_plan_total(self) -> Money:
        """The sum of all cost plan lines."""
        return money_sum(line.amount for line in self.cost_plan)

    def amounts_by_calendar_year(self) -> dict[CalendarYear, Money]:
        """The cost plan summed per calendar year, in year order."""
        return split_cost_plan_by_calendar_year(self.cost_plan)

    def amounts_by_school_year(self) -> dict[SchoolYear, Money]:
        """The cost plan summed per school year; see :func:`split_cost_plan_by_school_year`."""
        return split_cost_plan_by_school_year(self.cost_plan, self.period)


def _outside(when: int | date, period: DateRange) -> Text:
    """A year or a day of the cost plan is outside the offer's period."""
    return Text(
        N_("{when} is outside the offer's period {period}"),
        {"when": when, "period": shown_period(period)},
    )
