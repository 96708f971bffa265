"""The award ledger as text for people, in German or English: an application's history, an
approval, a refused event with what it lacks, and a district's standing (budget and caps,
awarded and remaining) in a year."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any, Final

from schulerfolg._core.i18n import DEFAULT_LANGUAGE, N_, translations
from schulerfolg._core.money import Money
from schulerfolg._core.provenance import source_text
from schulerfolg._core.texts import day_text, render_text, value_text
from schulerfolg._parameters.values import Cap
from schulerfolg._procedure.lifecycle import (
    ApplicationEvent,
    ApplicationEventKind,
    ApplicationHistory,
    ApplicationState,
)
from schulerfolg._procedure.standing import Approval, BudgetStanding, CapStanding
from schulerfolg._rules.messages import LABELS
from schulerfolg.errors import Need, TransitionError

STATE_LABELS: Final[Mapping[ApplicationState, str]] = MappingProxyType(
    {
        ApplicationState.DRAFT: N_("draft"),
        ApplicationState.CONSULTED: N_("consulted"),
        ApplicationState.SUBMITTED: N_("submitted"),
        ApplicationState.CHECKED: N_("checked"),
        ApplicationState.IN_VOTE: N_("put to the vote"),
        ApplicationState.VOTED: N_("voted on"),
        ApplicationState.APPROVED: N_("approved"),
        ApplicationState.REJECTED: N_("rejected"),
        ApplicationState.RUNNING: N_("running"),
        ApplicationState.COMPLETED: N_("completed"),
        ApplicationState.WITHDRAWN: N_("withdrawn"),
    }
)
EVENT_LABELS: Final[Mapping[ApplicationEventKind, str]] = MappingProxyType(
    {
        ApplicationEventKind.CONSULTED: N_("consultation at the network office"),
        ApplicationEventKind.SUBMITTED: N_("application submitted"),
        ApplicationEventKind.DECISION_RECORDED: N_("the rules' decision recorded"),
        ApplicationEventKind.PUT_TO_VOTE: N_("put to the vote"),
        ApplicationEventKind.VOTE_RECORDED: N_("vote recorded"),
        ApplicationEventKind.APPROVED: N_("approved"),
        ApplicationEventKind.REJECTED: N_("rejected"),
        ApplicationEventKind.STARTED: N_("offer started"),
        ApplicationEventKind.COMPLETED: N_("offer completed"),
        ApplicationEventKind.WITHDRAWN: N_("withdrawn"),
        ApplicationEventKind.REDUCED: N_("award reduced"),
    }
)
_HISTORY: Final = N_("Application {id}: {state}")
_NO_EVENTS: Final = N_("The ledger holds no events of this application.")
_ELIGIBLE: Final = N_("eligible")
_INELIGIBLE: Final = N_("ineligible")
_GRANT: Final = N_("grant notice of {issuer}: {amount}")
_REDUCED_TO: Final = N_("now {amount}")
_APPROVED: Final = N_("Approved: {id}, {amount}.")
_ALREADY: Final = N_("{id} was approved already on {day}; nothing was written.")
_BUDGET_AFTER: Final = N_("Budget {year}: {remaining} left after this approval.")
_NO_BUDGET: Final = N_("Budget {year}: no budget is set for the district; not checked.")
_STANDING: Final = N_("{district}, {year}")
_BUDGET: Final = N_("Budget: {budget}, awarded {awarded}, left {remaining}")
_BUDGET_UNSET: Final = N_("Budget: none is set (no budget check); awarded {awarded}")
_CAP: Final = N_("Cap {amount} {scope} {basis}:")
_CAP_LINE: Final = N_("{subject}, {period}: awarded {awarded}, left {remaining}")
_NO_AWARDS: Final = N_("No awards in this year.")
_SOURCE: Final = N_("Source: {source}")
_PROVISIONAL: Final = N_(" (provisional)")
_NOT_ALLOWED: Final = N_("refused: '{event}' is not allowed in state '{state}'.")
_LACKS: Final = N_("refused: '{event}' in state '{state}' lacks:")


def _event_line(event: ApplicationEvent, language: str) -> str:
    tr = translations(language).gettext
    text = tr(EVENT_LABELS[event.kind])
    if event.decision is not None and event.kind is ApplicationEventKind.DECISION_RECORDED:
        text += ": " + tr(_ELIGIBLE if event.decision.eligible else _INELIGIBLE)
    if event.grant_notice is not None:
        notice = event.grant_notice
        text += " — " + tr(_GRANT).format(
            issuer=notice.issuer, amount=value_text(notice.total, language)
        )
    if event.cost_plan is not None:
        total = sum((line.amount for line in event.cost_plan), Money.zero())
        text += " — " + tr(_REDUCED_TO).format(amount=value_text(total, language))
    if event.vote_result is not None:
        text += " — " + event.vote_result.explain(language)
    who = f"{event.actor.name} ({event.actor.role})"
    note = f" — {event.note}" if event.note else ""
    return f"{day_text(event.on, language)}  {text}  [{who}]{note}"


def need_text(need: Need, language: str = DEFAULT_LANGUAGE) -> str:
    """One thing a refused change lacks, in ``language``."""
    return render_text(need, language)


def refusal_text(error: TransitionError, language: str = DEFAULT_LANGUAGE) -> str:
    """A refused event for people: the event, the state, and each thing missing on its line."""
    tr = translations(language).gettext
    labels = {
        "event": _label(EVENT_LABELS, ApplicationEventKind, error.event, tr),
        "state": _label(STATE_LABELS, ApplicationState, error.state, tr),
    }
    if not error.needs:
        return tr(_NOT_ALLOWED).format(**labels)
    lines = [tr(_LACKS).format(**labels)]
    lines += [f"  - {need_text(need, language)}" for need in error.needs]
    return "\n".join(lines)


def _label(labels: Mapping[Any, str], kind: Any, value: str, tr: Any) -> str:
    try:
        return str(tr(labels[kind(value)]))
    except (KeyError, ValueError):  # not a state or event of the table ("?")
        return value


def history_text(history: ApplicationHistory, language: str = DEFAULT_LANGUAGE) -> str:
    """An application's history: its state, then one line per event."""
    tr = translations(language).gettext
    head = tr(_HISTORY).format(id=history.application_id, state=tr(STATE_LABELS[history.state]))
    if not history.events:
        return f"{head}\n{tr(_NO_EVENTS)}"
    return "\n".join([head, *(_event_line(event, language) for event in history.events)])


def approval_text(approval: Approval, language: str = DEFAULT_LANGUAGE) -> str:
    """What an approval recorded: the award and what each year's budget has left."""
    tr = translations(language).gettext
    award = approval.award
    if not approval.recorded:
        return tr(_ALREADY).format(
            id=award.application_id, day=day_text(award.awarded_on, language)
        )
    lines = [
        tr(_APPROVED).format(id=award.application_id, amount=value_text(award.total, language))
    ]
    for check in approval.budget:
        standing = check.standing
        remaining = standing.remaining
        if remaining is None:
            lines.append(tr(_NO_BUDGET).format(year=standing.calendar_year))
        else:
            left = value_text(remaining - check.requested, language)
            lines.append(tr(_BUDGET_AFTER).format(year=standing.calendar_year, remaining=left))
    return "\n".join(lines)


def standing_text(
    district: str,
    year: int,
    budget: BudgetStanding,
    cap: Cap,
    caps: Sequence[CapStanding],
    language: str = DEFAULT_LANGUAGE,
) -> str:
    """A district's standing in a year: its budget, then awarded and remaining per subject and
    period under its cap."""
    tr = translations(language).gettext
    lines = [tr(_STANDING).format(district=district, year=year)]
    awarded = value_text(budget.awarded, language)
    if budget.budget is None or budget.remaining is None:
        lines.append(tr(_BUDGET_UNSET).format(awarded=awarded))
    else:
        flag = tr(_PROVISIONAL) if budget.provisional else ""
        lines.append(
            tr(_BUDGET).format(
                budget=value_text(budget.budget, language),
                awarded=awarded,
                remaining=value_text(budget.remaining, language),
            )
            + flag
        )
        if budget.source is not None:
            lines.append("  " + tr(_SOURCE).format(source=source_text(budget.source)))
    lines.append(
        tr(_CAP).format(
            amount=value_text(cap.amount, language),
            scope=tr(LABELS[cap.scope.value]),
            basis=tr(LABELS[cap.basis.value]),
        )
    )
    if not caps:
        lines.append("  " + tr(_NO_AWARDS))
    lines += [
        "  "
        + tr(_CAP_LINE).format(
            subject=item.subject.name,
            period=item.period,
            awarded=value_text(item.awarded, language),
            remaining=value_text(item.remaining, language),
        )
        for item in caps
    ]
    return "\n".join(lines)
