"""Rules, and what a rule sees while it checks an application."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from types import MappingProxyType
from typing import Any, Protocol

import attrs

from schulerfolg._core.provenance import Source
from schulerfolg._model.application import Application
from schulerfolg._model.organisations import District
from schulerfolg._model.programme import Programme
from schulerfolg._parameters.history import ParameterValue
from schulerfolg._rules.findings import Finding, FindingCode
from schulerfolg._rules.ledger import AwardLedger
from schulerfolg._rules.trace import ParameterUse


class ParameterSource(Protocol):
    """Where a rule's context looks parameters up (a :class:`~schulerfolg.Rulebook`)."""

    @property
    def programme(self) -> Programme:
        """The programme whose funding cycles the rules check against."""

    def use(self, name: str, on: date) -> ParameterUse:
        """The trace entry of the value of ``name`` in force on ``on``."""

    def day_table(self, on: date) -> Mapping[str, ParameterUse]:
        """The trace entries looked up so far for the day ``on``, by name (read-only)."""


#: A rule's check: the findings for an application, given what the rule may see.
Check = Callable[[Application, "RuleContext"], Iterable[Finding]]


@attrs.frozen(kw_only=True)
class Rule:
    """A rule: stable ``id``, its source, what it checks, the parameters it reads, the finding
    codes it raises (:class:`FindingCode` records; it may raise no other), and the ``check``
    function that yields findings.  ``replaces`` names the state-wide rule a district rule
    takes the place of."""

    id: str
    description: str
    source: Source
    parameters: tuple[str, ...] = ()
    codes: tuple[FindingCode, ...] = ()
    check: Check = attrs.field(eq=False, repr=False)
    replaces: str | None = None
    # The declared codes by code: every finding of every evaluation is checked against them.
    _by_code: Mapping[str, FindingCode] = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        wrong = [code for code in self.codes if not isinstance(code, FindingCode)]
        if wrong:
            raise TypeError(
                f"rule {self.id!r}: codes must be FindingCode records (the state-wide ones are "
                f"schulerfolg.plugins.STATE_CODES), not {wrong!r}"
            )
        by_code = MappingProxyType({record.code: record for record in self.codes})
        object.__setattr__(self, "_by_code", by_code)

    def code(self, code: str) -> FindingCode | None:
        """The declared record of ``code``, or ``None`` if the rule does not raise it."""
        return self._by_code.get(code)


class RuleContext:
    """What a rule sees while it checks an application: the evaluation day, the district, the
    parameters in force (each use is recorded for the decision's trace), the award ledger and
    the programme."""

    __slots__ = ("_day", "_rulebook", "_uses", "district", "ledger", "on", "programme")

    def __init__(
        self, rulebook: ParameterSource, *, district: District, on: date, ledger: AwardLedger
    ) -> None:
        self._rulebook = rulebook
        self._day = rulebook.day_table(on)
        self._uses: dict[str, ParameterUse] = {}
        self.district = district
        self.on = on
        self.ledger = ledger
        self.programme: Programme = rulebook.programme

    def parameter(self, name: str) -> Any:
        """The value of parameter ``name`` in force on the evaluation day."""
        # The trace entry is immutable and shared by every decision that used it: recording
        # it costs nothing, and no decision can change another's trace.
        use = self._day.get(name) or self._rulebook.use(name, self.on)
        self._uses[name] = use
        return use.value.value

    def parameter_value(self, name: str) -> ParameterValue:
        """The whole dated value (with ``valid_from`` and source) of ``name`` in force."""
        use = self._day.get(name) or self._rulebook.use(name, self.on)
        self._uses[name] = use
        return use.value

    def uses(self) -> tuple[ParameterUse, ...]:
        """Every parameter read so far, sorted by name."""
        return tuple(self._uses[name] for name in sorted(self._uses))
