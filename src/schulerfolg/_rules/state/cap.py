"""The cap (Förderobergrenze): the findings of the cap arithmetic in
:mod:`schulerfolg._rules.caps`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from schulerfolg._model.application import Application
from schulerfolg._parameters.values import Cap, CapBasis
from schulerfolg._rules import caps
from schulerfolg._rules.findings import Finding
from schulerfolg._rules.rule import Rule, RuleContext
from schulerfolg._rules.state import codes
from schulerfolg._rules.state.sources import STARTSCHUSS_ARTICLE


def _check_cap(application: Application, context: RuleContext) -> Iterator[Finding]:
    cap: Cap = context.parameter("educational_offer.cap")
    if cap.basis is CapBasis.CALL and application.call is None:
        # Without the call, earlier awards of the same call cannot be found: never guess.
        yield codes.CAP_CALL_UNKNOWN.finding()
        return
    if caps.within(application, cap, context.ledger):
        return
    assessment = caps.assess(application, cap, context.ledger)
    for line in assessment.unplaced:
        yield codes.CAP_PERIOD_UNKNOWN.finding(line=line.description)
    # The parameters' order is the order of the decision's JSON: keep it.
    for total in assessment.totals:
        head = {"subject": total.subject.name, "period": total.period, "amount": total.requested}
        tail = {"cap": cap.amount, "scope": cap.scope, "basis": cap.basis}
        if total.exceeded_alone:
            yield codes.CAP_EXCEEDED.finding(**head, **tail)
        elif total.exceeded_with_earlier:
            yield codes.CAP_EXCEEDED_WITH_EARLIER_AWARDS.finding(
                **head, earlier=total.earlier, total=total.total, **tail
            )


CAP_RULE: Final = Rule(
    id="cap.amount",
    description=(
        "The requested amount stays within the cap in each basis period (calendar year, "
        "school year or call), alone and — for caps per applicant or per school — together "
        "with earlier awards in the ledger; a cap per offer counts the offer's own amounts "
        "(each application is one offer)."
    ),
    source=STARTSCHUSS_ARTICLE,
    parameters=("educational_offer.cap",),
    codes=(
        codes.CAP_EXCEEDED,
        codes.CAP_EXCEEDED_WITH_EARLIER_AWARDS,
        codes.CAP_PERIOD_UNKNOWN,
        codes.CAP_CALL_UNKNOWN,
    ),
    check=_check_cap,
)
