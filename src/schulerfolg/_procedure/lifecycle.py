"""An application's lifecycle as an append-only history of dated events.

The state is derived from the events, never stored beside them.  The allowed transitions are
one explicit table, :data:`TRANSITIONS`; an event that the table does not allow in the current
state, or that lacks what it needs — a consultation record where the district requires one
before submission, the rules' decision, a quorate vote that approved where the district's body
votes, a grant notice — is refused with a :class:`~schulerfolg.errors.TransitionError` naming
the state, the event and what is missing, and the history stays as it was.

Events are documents (the converter reads and writes them) and form the audit trail: who (a
role and a name), when, what, and — at the moment of approval — the rules' decision with its
trace.  An award may be ``reduced`` while the offer is approved or running (the award ledger
checks the amounts).  Settlement events (proof of use, reclaim) follow in later work after
``completed``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from enum import StrEnum
from types import MappingProxyType
from typing import ClassVar, Final

import attrs

from schulerfolg._core.i18n import N_
from schulerfolg._core.invariants import Checked, Problems, to_member
from schulerfolg._model.cost_plan import CostPlanLine
from schulerfolg._model.grant import GrantNotice
from schulerfolg._parameters.history import ParameterValue
from schulerfolg._parameters.values import ConsultationDeadline, ConsultationRequirement
from schulerfolg._parameters.voting import VotingBody, VotingBodyKind
from schulerfolg._procedure.votes import VOTING_BODY, VoteRecord, VoteResult, count_vote
from schulerfolg._rules.evaluation import Decision
from schulerfolg._rules.rulebook import Rulebook
from schulerfolg.errors import (
    FieldTypeError,
    Need,
    ParameterNotInForceError,
    Problem,
    Text,
    TransitionError,
    VoteError,
)


class ApplicationState(StrEnum):
    """Where an application stands."""

    DRAFT = "draft"
    CONSULTED = "consulted"
    SUBMITTED = "submitted"
    CHECKED = "checked"
    IN_VOTE = "in_vote"
    VOTED = "voted"
    APPROVED = "approved"
    REJECTED = "rejected"
    RUNNING = "running"
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"


class ApplicationEventKind(StrEnum):
    """What happened."""

    CONSULTED = "consulted"
    SUBMITTED = "submitted"
    DECISION_RECORDED = "decision_recorded"
    PUT_TO_VOTE = "put_to_vote"
    VOTE_RECORDED = "vote_recorded"
    APPROVED = "approved"
    REJECTED = "rejected"
    STARTED = "started"
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"
    REDUCED = "reduced"


S, E = ApplicationState, ApplicationEventKind
#: The allowed transitions: (state, event) → the state after it.  Nothing else is allowed.
TRANSITIONS: Final[Mapping[tuple[ApplicationState, ApplicationEventKind], ApplicationState]] = (
    MappingProxyType(
        {
            (S.DRAFT, E.CONSULTED): S.CONSULTED,
            (S.DRAFT, E.SUBMITTED): S.SUBMITTED,
            (S.DRAFT, E.WITHDRAWN): S.WITHDRAWN,
            (S.CONSULTED, E.CONSULTED): S.CONSULTED,
            (S.CONSULTED, E.SUBMITTED): S.SUBMITTED,
            (S.CONSULTED, E.WITHDRAWN): S.WITHDRAWN,
            # A consultation may follow the submission where it is due before the offer starts.
            (S.SUBMITTED, E.CONSULTED): S.SUBMITTED,
            (S.SUBMITTED, E.DECISION_RECORDED): S.CHECKED,
            (S.SUBMITTED, E.WITHDRAWN): S.WITHDRAWN,
            (S.CHECKED, E.CONSULTED): S.CHECKED,
            (S.CHECKED, E.DECISION_RECORDED): S.CHECKED,
            (S.CHECKED, E.PUT_TO_VOTE): S.IN_VOTE,
            (S.CHECKED, E.APPROVED): S.APPROVED,
            (S.CHECKED, E.REJECTED): S.REJECTED,
            (S.CHECKED, E.WITHDRAWN): S.WITHDRAWN,
            (S.IN_VOTE, E.CONSULTED): S.IN_VOTE,
            (S.IN_VOTE, E.VOTE_RECORDED): S.VOTED,
            (S.IN_VOTE, E.WITHDRAWN): S.WITHDRAWN,
            # A vote that was not quorate, or a new proposal, goes to the body again.
            (S.VOTED, E.CONSULTED): S.VOTED,
            (S.VOTED, E.PUT_TO_VOTE): S.IN_VOTE,
            (S.VOTED, E.APPROVED): S.APPROVED,
            (S.VOTED, E.REJECTED): S.REJECTED,
            (S.VOTED, E.WITHDRAWN): S.WITHDRAWN,
            (S.APPROVED, E.CONSULTED): S.APPROVED,
            (S.APPROVED, E.STARTED): S.RUNNING,
            # A reduced award frees money; the offer goes on.
            (S.APPROVED, E.REDUCED): S.APPROVED,
            (S.RUNNING, E.REDUCED): S.RUNNING,
            (S.APPROVED, E.WITHDRAWN): S.WITHDRAWN,
            (S.RUNNING, E.COMPLETED): S.COMPLETED,
            (S.RUNNING, E.WITHDRAWN): S.WITHDRAWN,
        }
    )
)
del S, E


def _application_event_kind(value: ApplicationEventKind) -> ApplicationEventKind:
    """``ApplicationEvent.kind`` as a :class:`ApplicationEventKind` (converter)."""
    return to_member(
        ApplicationEventKind,
        value,
        field="kind",
        owner="ApplicationEvent",
        label=ApplicationEvent._label,
    )


@attrs.frozen(kw_only=True)
class Actor(Checked):
    """Who recorded an event: a role (``"clerk"``, ``"network office"``, ``"applicant"``, …)
    and a name."""

    _label = N_("person recording the event")

    role: str
    name: str

    _not_blank: ClassVar[tuple[str, ...]] = ("role", "name")


#: What each kind of event carries besides day, actor and note (all others stay empty).
PAYLOAD: Final[Mapping[ApplicationEventKind, tuple[str, ...]]] = MappingProxyType(
    {
        ApplicationEventKind.DECISION_RECORDED: ("decision",),
        ApplicationEventKind.VOTE_RECORDED: ("vote", "vote_result", "voting_body"),
        ApplicationEventKind.APPROVED: ("decision", "grant_notice"),
        ApplicationEventKind.REDUCED: ("cost_plan",),
    }
)
#: Each payload field, with what an event lacks without it.
_NEEDS: Final = {
    "decision": N_("the rules' decision"),
    "vote": N_("the vote record"),
    "vote_result": N_("the vote's counted result"),
    "voting_body": N_("the voting body the vote was counted under"),
    "grant_notice": N_("a grant notice"),
    "cost_plan": N_("the award's reduced cost plan"),
}


#: What a payload of another application is, in a refusal ("a decision of application 'x'"):
#: words whose German translations take the same article (neuter: ein Prüfergebnis, …).
_DECISION: Final = N_("decision")
_VOTE: Final = N_("vote record")
_RESULT: Final = N_("vote result")


def _listing(problems: Sequence[Problem]) -> Text:
    """Problems as one text, ``path: message; path: message``, each message in the reader's
    language (the fields are the only template: nothing to translate)."""
    values: dict[str, object] = {}
    for index, problem in enumerate(problems):
        message = problem.text if problem.text is not None else Text.plain(problem.message)
        values[f"p{index}"] = Text("{path}: {message}", {"path": problem.path, "message": message})
    template = "; ".join(f"{{p{index}}}" for index in range(len(problems)))
    # Never an empty template: gettext gives the catalog's header for it.
    return Text(template, values) if template else Text("{none}", {"none": ""})


@attrs.frozen(kw_only=True)
class ApplicationEvent(Checked):
    """One dated event of an application's procedure: its ``kind``, the day ``on``, the
    ``actor``, a ``note``, and what the kind carries (:data:`PAYLOAD`): the rules' decision,
    the vote record with its counted result and the body (with its rules) it was counted under,
    the grant notice, an award's reduced cost plan."""

    _label = N_("event of an application")

    kind: ApplicationEventKind = attrs.field(converter=_application_event_kind)
    on: date
    actor: Actor
    note: str | None = None
    decision: Decision | None = None
    vote: VoteRecord | None = None
    vote_result: VoteResult | None = None
    voting_body: VotingBody | None = None
    grant_notice: GrantNotice | None = None
    cost_plan: tuple[CostPlanLine, ...] | None = None

    _not_blank: ClassVar[tuple[str, ...]] = ("note",)

    def _problems(self) -> Problems:
        # What a kind needs but lacks is the history's to refuse (it names state and event);
        # what a kind never carries is a malformed event.
        carried = PAYLOAD.get(self.kind, ())
        for name in _NEEDS:
            if name not in carried and getattr(self, name) is not None:
                yield name, Text(N_("a {kind} event does not carry it"), {"kind": self.kind.value})


@attrs.frozen(kw_only=True)
class Procedure:
    """What the district requires of the procedure on a day: its voting body (``None`` where no
    public source names one) and when a consultation is due."""

    voting_body: ParameterValue | None
    consultation: ConsultationRequirement

    @property
    def body(self) -> VotingBody | None:
        """The voting body, or ``None`` where it is not known."""
        if self.voting_body is None:
            return None
        body: VotingBody = self.voting_body.value
        return body

    @property
    def vote_required(self) -> bool:
        """True if a body other than the network office itself votes on applications."""
        body = self.body
        return body is not None and body.kind is not VotingBodyKind.NETWORK_OFFICE

    @property
    def known(self) -> bool:
        """True if it is known who decides (a voting body, or the network office alone)."""
        return self.voting_body is not None


def procedure_for(rulebook: Rulebook, on: date) -> Procedure:
    """The procedure the district's rulebook sets on ``on``: its voting body (the network office
    itself decides alone), and its consultation requirement."""
    try:
        body_value: ParameterValue | None = rulebook.resolve(VOTING_BODY, on)[0]
    except ParameterNotInForceError:
        body_value = None  # not known from public sources: approvals are refused, not guessed
    consultation: ConsultationRequirement = rulebook.resolve("educational_offer.consultation", on)[
        0
    ].value
    return Procedure(voting_body=body_value, consultation=consultation)


def _as_tuple(events: Iterable[ApplicationEvent]) -> tuple[ApplicationEvent, ...]:
    # A list handed in would stay changeable behind the history's back: append-only means a tuple.
    if isinstance(events, (str, bytes)) or not isinstance(events, Iterable):
        message = Text(
            N_("expected a list of events, got a {type} ({value})"),
            {"type": type(events).__name__, "value": repr(events)},
        )
        raise FieldTypeError(
            "ApplicationHistory",
            [Problem.of("$.events", message, code="type")],
            label=Text(N_("history of an application")),
        )
    return tuple(events)


@attrs.frozen(kw_only=True)
class ApplicationHistory(Checked):
    """The append-only history of one application; its state is derived from the events.

    Built or read, a history is checked whole: every event allowed by the table in its turn,
    carrying what its kind needs, in date order, of this application, each vote's result as
    counted from its record under the body stored with it.  :meth:`append` checks an event
    also against the district's procedure on the day.
    """

    _label = N_("history of an application")

    application_id: str
    events: tuple[ApplicationEvent, ...] = attrs.field(default=(), converter=_as_tuple)

    _not_blank: ClassVar[tuple[str, ...]] = ("application_id",)

    def _problems(self) -> Problems:
        state = ApplicationState.DRAFT
        for index, event in enumerate(self.events):
            history = ApplicationHistory._unchecked(self.application_id, self.events[:index])
            missing = [*history._needs(event)]
            after = TRANSITIONS.get((state, event.kind))
            if after is None:
                yield (
                    f"events[{index}].kind",
                    Text(
                        N_("{event} is not allowed in state {state}"),
                        {"event": repr(event.kind.value), "state": repr(state.value)},
                    ),
                )
                return
            for item in missing:
                yield (
                    f"events[{index}]",
                    Text(
                        N_("{event} lacks {need}"), {"event": repr(event.kind.value), "need": item}
                    ),
                )
            state = after

    @classmethod
    def _unchecked(
        cls, application_id: str, events: tuple[ApplicationEvent, ...]
    ) -> ApplicationHistory:
        # A history whose events were checked already: the one before event n while it is
        # checked, or the result of an append.
        history = object.__new__(cls)
        object.__setattr__(history, "application_id", application_id)
        object.__setattr__(history, "events", events)
        return history

    @property
    def state(self) -> ApplicationState:
        """The state the events lead to (the table applied in order)."""
        state = ApplicationState.DRAFT
        for event in self.events:
            after = TRANSITIONS.get((state, event.kind))
            if after is None:  # pragma: no cover - refused when the history was built
                raise TransitionError(state=state.value, event=event.kind.value)
            state = after
        return state

    def last(self, kind: ApplicationEventKind | str) -> ApplicationEvent | None:
        """The latest event of ``kind``, or ``None``."""
        wanted = ApplicationEventKind(kind)
        return next((e for e in reversed(self.events) if e.kind is wanted), None)

    def append(
        self, event: ApplicationEvent, procedure: Procedure, *, also_missing: Sequence[Need] = ()
    ) -> ApplicationHistory:
        """The history with ``event`` added, if the table allows it and it has what it needs
        under ``procedure``; else :class:`~schulerfolg.errors.TransitionError`, and this
        history stays as it was.  ``also_missing`` is what the caller's own checks found
        missing (the award ledger's money): refused together with the rest."""
        state = self.state
        if (state, event.kind) not in TRANSITIONS:
            raise TransitionError(state=state.value, event=event.kind.value)
        missing = [*self._needs(event), *self._procedure_needs(event, procedure), *also_missing]
        if missing:
            raise TransitionError(state=state.value, event=event.kind.value, missing=missing)
        # The checks of building a history ran for this event just now and for the earlier ones
        # when they were appended: the longer history needs no second pass over all of them.
        return ApplicationHistory._unchecked(self.application_id, (*self.events, event))

    def _needs(self, event: ApplicationEvent) -> Iterator[Need]:
        """What ``event`` needs whatever the district: its payload, its day, its application,
        an eligible decision at approval, a vote result counted from its record."""
        for name in PAYLOAD.get(event.kind, ()):
            if getattr(event, name) is None:
                yield Need(_NEEDS[name])
        if self.events and event.on < self.events[-1].on:
            yield Need(N_("a day not before the last event's ({day})"), {"day": self.events[-1].on})
        payloads = ((event.decision, _DECISION), (event.vote, _VOTE), (event.vote_result, _RESULT))
        for payload, label in payloads:
            if payload is not None and payload.application_id != self.application_id:
                yield Need(
                    N_("a {kind} of application '{application}'"),
                    {"kind": Text(label), "application": self.application_id},
                )
        if event.kind is ApplicationEventKind.APPROVED:
            decision = event.decision
            if decision is not None and not decision.eligible:
                codes = sorted({f.code for f in decision.findings if f.severity.value == "error"})
                yield Need(
                    N_("an eligible decision of the rules at approval (refused: {codes})"),
                    {"codes": ", ".join(codes)},
                )
        elif event.kind is ApplicationEventKind.VOTE_RECORDED:
            yield from self._vote_needs(event)

    def _vote_needs(self, event: ApplicationEvent) -> Iterator[Need]:
        vote, result, body = event.vote, event.vote_result, event.voting_body
        if vote is None or result is None or body is None:
            return  # reported as missing
        put = self.last(ApplicationEventKind.PUT_TO_VOTE)
        if put is not None and not put.on <= vote.held_on <= event.on:
            yield Need(
                N_("a vote held between putting it to the vote ({put}) and recording it ({day})"),
                {"put": put.on, "day": event.on},
            )
        try:
            counted = count_vote(vote, body, source=result.source, provisional=result.provisional)
        except VoteError as exc:
            yield Need(
                N_("a vote that can be counted: {problems}"), {"problems": _listing(exc.problems)}
            )
            return
        # The result is computed from the record, never typed in.
        if result != counted:
            yield Need(N_("the result counted from the vote record under the body's rules"))

    def _procedure_needs(self, event: ApplicationEvent, procedure: Procedure) -> Iterator[Need]:
        """What ``event`` needs under the district's procedure on the day."""
        kind = event.kind
        if kind is ApplicationEventKind.SUBMITTED:
            requirement = procedure.consultation
            if (
                requirement.required
                and requirement.deadline is ConsultationDeadline.BEFORE_SUBMISSION
                and self.last(ApplicationEventKind.CONSULTED) is None
            ):
                yield Need(N_("a consultation at the network office before the submission"))
        elif kind is ApplicationEventKind.STARTED:
            requirement = procedure.consultation
            consulted = self.last(ApplicationEventKind.CONSULTED)
            if requirement.required and (consulted is None or not consulted.on < event.on):
                yield Need(N_("a consultation at the network office before the offer starts"))
        elif kind in (ApplicationEventKind.PUT_TO_VOTE, ApplicationEventKind.VOTE_RECORDED):
            if not procedure.vote_required:
                yield Need(
                    N_("a body that votes (the network office decides alone, or none is known)")
                )
            elif kind is ApplicationEventKind.VOTE_RECORDED:
                yield from _body_in_force(event, procedure)
        elif kind is ApplicationEventKind.APPROVED:
            yield from self._approval_procedure(procedure)

    def _approval_procedure(self, procedure: Procedure) -> Iterator[Need]:
        if not procedure.known:
            yield Need(N_("the district's voting body (who decides is not known for the day)"))
        elif procedure.vote_required:
            voted = self.last(ApplicationEventKind.VOTE_RECORDED)
            result = voted.vote_result if voted is not None else None
            if result is None or not result.quorate:
                yield Need(N_("a quorate vote of the district's body"))
            elif not result.approved:
                yield Need(N_("a vote that approved the application"))


def _body_in_force(event: ApplicationEvent, procedure: Procedure) -> Iterator[Need]:
    """The vote was counted under the body the district names, on the day it was held."""
    value = procedure.voting_body
    assert value is not None  # a vote is required, so a body is known
    if event.voting_body is not None and event.voting_body != value.value:
        yield Need(N_("the district's voting body as its rules stand"))
    if event.vote is not None:
        held = event.vote.held_on
        until = value.valid_until
        if held < value.valid_from or (until is not None and held > until):
            yield Need(
                N_("a vote held while the body's rules hold (from {day})"),
                {"day": value.valid_from},
            )
