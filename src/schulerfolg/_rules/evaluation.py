"""Evaluating an application: every rule of a rulebook runs, and the :class:`Decision` holds
the outcome (eligible if and only if no finding is an error), all findings, and the trace of
every parameter value and rule used.  Decisions are deterministic: the same input gives
byte-identical JSON.

:func:`evaluate` takes the rulebook it evaluates under; it never discovers plugins.  Choosing a
district's default rulebook is the plugins layer's job (``schulerfolg.evaluate`` does both).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import StrEnum
from typing import Any

import attrs

from schulerfolg._core.i18n import N_
from schulerfolg._model.application import Application
from schulerfolg._rules.findings import Finding, Severity
from schulerfolg._rules.layers import LayerKind
from schulerfolg._rules.ledger import EMPTY_LEDGER, AwardLedger
from schulerfolg._rules.rule import Rule, RuleContext
from schulerfolg._rules.rulebook import Rulebook
from schulerfolg._rules.trace import ParameterUse, RuleUse
from schulerfolg._version import __version__
from schulerfolg.errors import (
    NoEvaluationDateError,
    NotFoundError,
    ParameterNotInForceError,
    RuleError,
    Text,
)


class Outcome(StrEnum):
    """The result of an evaluation."""

    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"


@attrs.frozen(kw_only=True)
class Decision:
    """The answer for one application: outcome, every finding, and the trace behind it."""

    application_id: str
    district: str
    evaluated_on: date
    outcome: Outcome
    findings: tuple[Finding, ...]
    parameters: tuple[ParameterUse, ...]
    rules: tuple[RuleUse, ...]
    library_version: str

    def __compact_json__(
        self, encode: Callable[[Any], str], unstructure: Callable[[Any], Any]
    ) -> str:
        """The decision as compact JSON text (``to_json(decision, indent=None)``), byte for
        byte the text of its wire form: its own fields encoded now, its trace entries from
        the JSON text each keeps (they are shared by every decision that used them)."""
        head = encode(
            {
                "application_id": self.application_id,
                "district": self.district,
                "evaluated_on": self.evaluated_on.isoformat(),
                "outcome": self.outcome.value,
                "findings": unstructure(self.findings),
            }
        )
        parameters = ", ".join(use.json_text(encode) for use in self.parameters)
        rules = ", ".join(use.json_text(encode) for use in self.rules)
        return (
            f'{head[:-1]}, "parameters": [{parameters}], "rules": [{rules}], '
            f'"library_version": {encode(self.library_version)}}}'
        )

    @property
    def eligible(self) -> bool:
        """True if no finding is an error."""
        return self.outcome is Outcome.ELIGIBLE

    def errors(self) -> tuple[Finding, ...]:
        """The findings of severity error."""
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    def codes(self) -> tuple[str, ...]:
        """The codes of all findings, in order."""
        return tuple(f.code for f in self.findings)


def _checked(finding: object, rule: Rule) -> Finding:
    """A rule's output must be a Finding of a code the rule declares, with the declared
    severity and text parameters; otherwise the rule is broken."""
    if not isinstance(finding, Finding):
        raise TypeError(f"yielded a {type(finding).__name__}, not a Finding")
    record = rule.code(finding.code)
    if record is None:
        declared = tuple(code.code for code in rule.codes)
        raise TypeError(f"yielded {finding.code!r}, which is not among its codes {declared}")
    if finding.severity is not record.severity:
        raise TypeError(
            f"yielded {finding.code!r} as {finding.severity.value}, declared as "
            f"{record.severity.value}"
        )
    params = finding.params
    if not all(type(value) is str for value in params.values()):
        bad = sorted(name for name, value in params.items() if type(value) is not str)
        raise TypeError(f"finding {finding.code!r} has parameters that are not text: {bad}")
    # A copy of the parameters: a rule may yield one stored finding in many evaluations.
    return Finding(code=record.code, severity=record.severity, rule=rule.id, params=dict(params))


def check_district(rulebook: Rulebook, application: Application) -> None:
    """Refuse (:class:`~schulerfolg.errors.NotFoundError`) a rulebook of another district than
    the application's (a rulebook without a district plugin fits every district)."""
    overlay = rulebook.overlay
    if overlay is not None and overlay.district != application.district:
        raise NotFoundError(
            Text(
                N_("the rulebook is for {rulebook}, the application for {application}"),
                {"rulebook": str(overlay.district), "application": str(application.district)},
            )
        )


def evaluate(
    application: Application,
    rulebook: Rulebook,
    *,
    on: date | None = None,
    ledger: AwardLedger | None = None,
) -> Decision:
    """Evaluate ``application`` under ``rulebook`` on the day ``on``.

    ``on`` defaults to the application's submission date; without either,
    :class:`~schulerfolg.errors.NoEvaluationDateError` is raised, so that a decision never
    depends on the day it happens to be computed.  Every rule runs; a rule that raises anything
    but ``KeyboardInterrupt`` (``SystemExit`` too) becomes a
    :class:`~schulerfolg.errors.RuleError` naming the rule and its layer.
    """
    day = on if on is not None else application.submission_date
    if day is None:
        raise NoEvaluationDateError(
            Text(
                N_(
                    "no evaluation day: give one (`--on DATE` on the command line, `on` in "
                    "Python) or give the application a submission_date"
                )
            )
        )
    check_district(rulebook, application)
    context = RuleContext(
        rulebook,
        district=application.district,
        on=day,
        ledger=ledger if ledger is not None else EMPTY_LEDGER,
    )
    findings: list[Finding] = []
    for rule, layer in rulebook.rules:
        try:
            # Appended as they come: a rule that fails fails the whole evaluation anyway.
            for finding in rule.check(application, context):
                findings.append(_checked(finding, rule))
        except ParameterNotInForceError as exc:
            if layer.kind is LayerKind.STATE:
                raise  # the day lies outside the bundled data: an input problem
            raise _rule_error(rule, layer.name, layer.version, False, exc) from exc
        except KeyboardInterrupt:
            raise  # the person at the keyboard, not the rule
        except BaseException as exc:
            # Also SystemExit and the like: a rule that ends the process would otherwise leave
            # the command with exit code 0 and no decision — read as "eligible".
            state_wide = layer.kind is LayerKind.STATE
            raise _rule_error(rule, layer.name, layer.version, state_wide, exc) from exc
    errors = [finding for finding in findings if finding.severity is Severity.ERROR]
    outcome = Outcome.INELIGIBLE if errors else Outcome.ELIGIBLE
    return Decision(
        application_id=application.id,
        district=application.district.key,
        evaluated_on=day,
        outcome=outcome,
        findings=tuple(findings),
        parameters=context.uses(),
        rules=rulebook.rule_uses(),
        library_version=__version__,
    )


def _rule_error(
    rule: Rule, layer: str, version: str, state_wide: bool, cause: BaseException
) -> RuleError:
    return RuleError(
        rule_id=rule.id, layer=layer, layer_version=version, state_wide=state_wide, cause=cause
    )
