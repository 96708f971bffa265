"""An example application intake on schulerfolg: check a submitted document and record the
submission in an award ledger, or say why it cannot be taken."""

from __future__ import annotations

from datetime import date

import attrs

import schulerfolg
from schulerfolg import Actor, Application, Ledger, Rulebook

__all__ = ["Receipt", "intake"]

#: Who records the submissions of the portal.
PORTAL: Actor = Actor(role="Antragsportal", name="Online-Eingang")


@attrs.frozen(kw_only=True)
class Receipt:
    """What the applicant is told: taken (and the rules' outcome), or why not."""

    taken: bool
    application_id: str | None
    outcome: str | None = None
    reasons: tuple[str, ...] = ()


def intake(text: str | bytes, ledger: Ledger, rulebook: Rulebook, *, on: date) -> Receipt:
    """Read the document, check it under ``rulebook`` on ``on`` against the ledger's awards,
    and record its submission; an unreadable document or a refused submission is not taken."""
    try:
        application: Application = schulerfolg.from_json(text, Application)
    except schulerfolg.DocumentError as error:
        return Receipt(
            taken=False, application_id=None, reasons=tuple(str(p) for p in error.problems)
        )
    decision = schulerfolg.evaluate(application, rulebook=rulebook, on=on, ledger=ledger)
    try:
        ledger.submit(application, rulebook=rulebook, on=on, actor=PORTAL)
    except schulerfolg.TransitionError as error:
        reasons = tuple(schulerfolg.refusal_text(error, "de").splitlines())
        return Receipt(taken=False, application_id=application.id, reasons=reasons)
    return Receipt(taken=True, application_id=application.id, outcome=decision.outcome.value)
