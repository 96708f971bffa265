"""The programme „Schulerfolg sichern“: funding cycles and their co-financing shares."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import ClassVar

import attrs

from schulerfolg._core.dates import DateRange
from schulerfolg._core.i18n import N_
from schulerfolg._core.invariants import Checked, Problems, duplicates, exact_sum
from schulerfolg._core.provenance import Source, provisional_problems
from schulerfolg._model.enums import Module
from schulerfolg.errors import NotFoundError, Text


@attrs.frozen(kw_only=True)
class CoFinancing(Checked):
    """The shares of EU, Land and Kommune in one module of one funding cycle; they sum to 1."""

    _label = N_("co-financing")

    module: Module
    eu_share: Decimal
    state_share: Decimal
    municipal_share: Decimal
    provisional: bool = False
    source: Source
    note: str | None = None

    _not_blank: ClassVar[tuple[str, ...]] = ("note",)

    def _problems(self) -> Problems:
        shares = ("eu_share", "state_share", "municipal_share")
        for name in shares:
            value: Decimal = getattr(self, name)
            if not value.is_finite() or not Decimal(0) <= value <= Decimal(1):
                yield name, Text(N_("must lie between 0 and 1: {value}"), {"value": value})
        total = exact_sum(self.eu_share, self.state_share, self.municipal_share)
        if total is None:
            yield "municipal_share", Text(N_("shares must sum to exactly 1, they do not"))
        elif total.is_finite() and total != 1:
            yield (
                "municipal_share",
                Text(N_("shares must sum to exactly 1, they sum to {total}"), {"total": total}),
            )


@attrs.frozen(kw_only=True)
class FundingCycle(Checked):
    """Förderrunde / Bewilligungszeitraum of the programme, with co-financing per module.

    ``provisional`` marks a cycle whose days rest on an inference (a day no source states);
    ``note`` then says which.  Each co-financing record carries its own flag.

    .. versionchanged:: 0.2.0 ``provisional`` is the cycle's own flag, no longer whether any of
       its co-financing shares is provisional.
    """

    _label = N_("funding cycle")

    id: str
    name: str
    period: DateRange
    modules: tuple[Module, ...]
    co_financing: tuple[CoFinancing, ...] = ()
    source: Source
    provisional: bool = False
    note: str | None = None

    _not_blank: ClassVar[tuple[str, ...]] = (
        "id",
        "name",
        "note",
    )

    def _problems(self) -> Problems:
        yield from provisional_problems(self.provisional, self.note)
        if not self.modules:
            yield "modules", Text(N_("must name at least one module"))
        yield from duplicates("modules", self.modules)
        yield from duplicates("co_financing", (c.module for c in self.co_financing))
        for index, share in enumerate(self.co_financing):
            if share.module not in self.modules:
                yield (
                    f"co_financing[{index}].module",
                    Text(N_("{module} is not in the cycle"), {"module": str(share.module)}),
                )

    @property
    def start(self) -> date:
        """First day of the cycle."""
        return self.period.start

    @property
    def end(self) -> date:
        """Last day of the cycle."""
        return self.period.end

    def co_financing_for(self, module: Module) -> CoFinancing | None:
        """The shares for ``module``, or ``None`` where they are not known."""
        return next((c for c in self.co_financing if c.module == module), None)


@attrs.frozen(kw_only=True)
class Programme(Checked):
    """The ESF+ programme „Schulerfolg sichern“ with its funding cycles."""

    _label = N_("programme")

    name: str
    guideline: Source
    cycles: tuple[FundingCycle, ...]

    _not_blank: ClassVar[tuple[str, ...]] = ("name",)

    def _problems(self) -> Problems:
        yield from duplicates("cycles", (c.id for c in self.cycles))

    def cycle(self, cycle_id: str) -> FundingCycle:
        """The cycle with this id."""
        for cycle in self.cycles:
            if cycle.id == cycle_id:
                return cycle
        known = ", ".join(c.id for c in self.cycles)
        raise NotFoundError(
            Text(
                N_("no funding cycle {cycle}; known cycles: {known}"),
                {"cycle": repr(cycle_id), "known": known},
            )
        )

    def cycles_on(self, day: date) -> tuple[FundingCycle, ...]:
        """The cycles running on ``day`` (cycles may overlap, e.g. the 2025 extra cycle)."""
        return tuple(c for c in self.cycles if day in c.period)
