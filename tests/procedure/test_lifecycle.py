"""The lifecycle: every allowed and every refused transition of the table, and what each
transition needs; the history is append-only, its state derived, its events documents."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from typing import Any

import attrs
import pytest

import schulerfolg
from helpers import built_in_plugin
from schulerfolg import (
    TRANSITIONS,
    Actor,
    ApplicationEvent,
    ApplicationEventKind,
    ApplicationHistory,
    ApplicationState,
    Ballot,
    Choice,
    Decision,
    FundingAmount,
    FundingSource,
    GrantNotice,
    Procedure,
    Sponsor,
    SponsorKind,
    TransitionError,
    VoteRecord,
    from_json,
    procedure_for,
    to_json,
)
from schulerfolg._core.texts import render_text
from schulerfolg._procedure.votes import tally_value
from schulerfolg.plugins import (
    BoardMember,
    ConsultationDeadline,
    ConsultationRequirement,
    Majority,
    ParameterValue,
    PluginRegistry,
    Quorum,
    Source,
    TieRule,
    VotingBody,
    VotingBodyKind,
)

K, S = ApplicationEventKind, ApplicationState
CLERK = Actor(role="network office", name="Frau Beispiel")
START = date(2025, 5, 2)
BODY = VotingBody(
    name="Beirat",
    kind=VotingBodyKind.ADVISORY_BOARD,
    members=tuple(BoardMember(name=n) for n in ("Anna", "Bernd", "Clara")),
    quorum=Quorum(),
    majority=Majority(),
    ties=TieRule.REJECTED,
)
BOARD = ParameterValue(value=BODY, valid_from=date(2022, 8, 1), source=Source(reference="go"))
CONSULT_FIRST = ConsultationRequirement(required=True)
VOTING = Procedure(voting_body=BOARD, consultation=CONSULT_FIRST)
OFFICE = VotingBody(name="Netzwerkstelle", kind=VotingBodyKind.NETWORK_OFFICE)
ALONE = Procedure(
    voting_body=ParameterValue(
        value=OFFICE, valid_from=date(2022, 8, 1), source=Source(reference="p")
    ),
    consultation=CONSULT_FIRST,
)
UNKNOWN = Procedure(voting_body=None, consultation=CONSULT_FIRST)


@cache
def decision(eligible: bool = True) -> Decision:
    app = schulerfolg.example_application()  # eligible under Wittenberg's rules
    book = PluginRegistry.from_plugins(
        [(built_in_plugin("wittenberg"), "schulerfolg", "0.1.0")]
    ).rulebook("15091")
    if not eligible:
        app = attrs.evolve(app, documents=())
    return schulerfolg.evaluate(app, rulebook=book)


APP_ID = "WB-2025-017"


def vote(*choices: Choice, day: int = 6) -> tuple[VoteRecord, Any]:
    record = VoteRecord(
        application_id=APP_ID,
        held_on=START + timedelta(days=day),
        ballots=tuple(
            Ballot(member=name, choice=c)
            for name, c in zip(("Anna", "Bernd", "Clara"), choices, strict=False)
        ),
    )
    return record, tally_value(record, BOARD)


GRANT = GrantNotice(
    issuer="Landkreis Wittenberg",
    recipient=Sponsor(name="Sekundarschule Am Lerchenberg", kind=SponsorKind.SCHOOL_AUTHORITY),
    project="Klassenrat",
    period=schulerfolg.example_application().period,
    amounts=(FundingAmount(source=FundingSource.EU, amount=schulerfolg.Money("1800.00")),),
)


def event(kind: ApplicationEventKind, day: int = 0, **payload: Any) -> ApplicationEvent:
    """An event of ``kind`` with what it needs (unless ``payload`` says otherwise)."""
    defaults: dict[str, Any] = {}
    if kind is K.DECISION_RECORDED:
        defaults = {"decision": decision()}
    elif kind is K.VOTE_RECORDED:
        record, result = vote(Choice.YES, Choice.YES, Choice.NO, day=day)
        defaults = {"vote": record, "vote_result": result, "voting_body": BODY}
    elif kind is K.REDUCED:
        line = schulerfolg.CostPlanLine(
            description="Honorar", amount=schulerfolg.Money("900"), calendar_year=2025
        )
        defaults = {"cost_plan": (line,)}
    elif kind is K.APPROVED:
        defaults = {"decision": decision(), "grant_notice": GRANT}
    defaults.update(payload)
    return ApplicationEvent(kind=kind, on=START + timedelta(days=day), actor=CLERK, **defaults)


#: A way to each state (under the voting procedure, but for the direct approval).
PATHS: dict[ApplicationState, tuple[ApplicationEventKind, ...]] = {
    S.DRAFT: (),
    S.CONSULTED: (K.CONSULTED,),
    S.SUBMITTED: (K.CONSULTED, K.SUBMITTED),
    S.CHECKED: (K.CONSULTED, K.SUBMITTED, K.DECISION_RECORDED),
    S.IN_VOTE: (K.CONSULTED, K.SUBMITTED, K.DECISION_RECORDED, K.PUT_TO_VOTE),
    S.VOTED: (K.CONSULTED, K.SUBMITTED, K.DECISION_RECORDED, K.PUT_TO_VOTE, K.VOTE_RECORDED),
    S.APPROVED: (K.CONSULTED, K.SUBMITTED, K.DECISION_RECORDED, K.PUT_TO_VOTE, K.VOTE_RECORDED,
                 K.APPROVED),
    S.RUNNING: (K.CONSULTED, K.SUBMITTED, K.DECISION_RECORDED, K.PUT_TO_VOTE, K.VOTE_RECORDED,
                K.APPROVED, K.STARTED),
    S.COMPLETED: (K.CONSULTED, K.SUBMITTED, K.DECISION_RECORDED, K.PUT_TO_VOTE,
                  K.VOTE_RECORDED, K.APPROVED, K.STARTED, K.COMPLETED),
    S.REJECTED: (K.CONSULTED, K.SUBMITTED, K.DECISION_RECORDED, K.REJECTED),
    S.WITHDRAWN: (K.WITHDRAWN,),
}  # fmt: skip


def history_in(state: ApplicationState, procedure: Procedure = VOTING) -> ApplicationHistory:
    history = ApplicationHistory(application_id=APP_ID)
    for day, kind in enumerate(PATHS[state]):
        history = history.append(event(kind, day), procedure)
    assert history.state is state
    return history


NO_CONSULTATION = Procedure(voting_body=BOARD, consultation=ConsultationRequirement(required=False))


def procedure_for_step(state: ApplicationState, kind: ApplicationEventKind) -> Procedure:
    if (state, kind) == (S.CHECKED, K.APPROVED):
        return ALONE
    if (state, kind) == (S.DRAFT, K.SUBMITTED):
        return NO_CONSULTATION
    return VOTING


def test_every_state_is_reached_and_every_state_has_a_path() -> None:
    assert set(PATHS) == set(ApplicationState)
    assert set(TRANSITIONS.values()) | {S.DRAFT} == set(ApplicationState)


@pytest.mark.parametrize(
    ("state", "kind"), sorted(TRANSITIONS), ids=[f"{s}-{k}" for s, k in sorted(TRANSITIONS)]
)
def test_every_allowed_transition(state: ApplicationState, kind: ApplicationEventKind) -> None:
    before = history_in(state)
    after = before.append(event(kind, 20), procedure_for_step(state, kind))
    assert after.state is TRANSITIONS[(state, kind)]
    assert after.events == (*before.events, after.events[-1])


REFUSED = [
    (state, kind)
    for state in ApplicationState
    for kind in ApplicationEventKind
    if (state, kind) not in TRANSITIONS
]


@pytest.mark.parametrize(("state", "kind"), REFUSED, ids=[f"{s}-{k}" for s, k in REFUSED])
def test_every_refused_transition(state: ApplicationState, kind: ApplicationEventKind) -> None:
    before = history_in(state)
    with pytest.raises(TransitionError) as caught:
        before.append(event(kind, 20), VOTING)
    assert (caught.value.state, caught.value.event, caught.value.missing) == (
        state.value,
        kind.value,
        (),
    )
    assert f"{kind.value!r} is not allowed in state {state.value!r}" == str(caught.value)
    assert before.state is state  # nothing changed


def refused(
    history: ApplicationHistory, new: ApplicationEvent, procedure: Procedure
) -> TransitionError:
    with pytest.raises(TransitionError) as caught:
        history.append(new, procedure)
    return caught.value


def test_a_submission_needs_the_consultation_where_it_comes_first() -> None:
    error = refused(ApplicationHistory(application_id=APP_ID), event(K.SUBMITTED), VOTING)
    assert (error.state, error.event) == ("draft", "submitted")
    assert error.missing == ("a consultation at the network office before the submission",)
    before_start = Procedure(
        voting_body=None,
        consultation=ConsultationRequirement(
            required=True, deadline=ConsultationDeadline.BEFORE_START
        ),
    )
    assert (
        ApplicationHistory(application_id=APP_ID).append(event(K.SUBMITTED), before_start).state
        is S.SUBMITTED
    )


def test_an_approval_needs_a_grant_notice_and_the_decision() -> None:
    error = refused(
        history_in(S.VOTED), event(K.APPROVED, 9, grant_notice=None, decision=None), VOTING
    )
    assert error.missing == ("the rules' decision", "a grant notice")


def test_an_approval_needs_an_eligible_decision() -> None:
    error = refused(
        history_in(S.VOTED), event(K.APPROVED, 9, decision=decision(eligible=False)), VOTING
    )
    codes = sorted({f.code for f in decision(eligible=False).findings if f.severity == "error"})
    assert codes  # the rules' reasons are named
    assert error.missing == (
        f"an eligible decision of the rules at approval (refused: {', '.join(codes)})",
    )


def test_an_approval_needs_a_quorate_vote_that_approved() -> None:
    error = refused(history_in(S.CHECKED), event(K.APPROVED, 9), VOTING)
    assert error.missing == ("a quorate vote of the district's body",)
    checked = history_in(S.CHECKED)
    in_vote = checked.append(event(K.PUT_TO_VOTE, 5), VOTING)
    not_quorate, result = vote(Choice.YES)
    voted = in_vote.append(event(K.VOTE_RECORDED, 6, vote=not_quorate, vote_result=result), VOTING)
    assert refused(voted, event(K.APPROVED, 9), VOTING).missing == (
        "a quorate vote of the district's body",
    )
    no, no_result = vote(Choice.NO, Choice.NO, Choice.YES)
    voted_no = in_vote.append(event(K.VOTE_RECORDED, 6, vote=no, vote_result=no_result), VOTING)
    assert refused(voted_no, event(K.APPROVED, 9), VOTING).missing == (
        "a vote that approved the application",
    )
    # A vote that was not quorate goes to the body again.
    again = voted.append(event(K.PUT_TO_VOTE, 7), VOTING)
    assert again.state is S.IN_VOTE


def test_a_vote_result_is_counted_never_typed_in() -> None:
    record, result = vote(Choice.YES, Choice.YES, Choice.NO)
    typed = attrs.evolve(result, outcome=schulerfolg.VoteOutcome.REJECTED)
    error = refused(
        history_in(S.IN_VOTE), event(K.VOTE_RECORDED, 9, vote=record, vote_result=typed), VOTING
    )
    assert error.missing == ("the result counted from the vote record under the body's rules",)


def test_where_the_network_office_decides_alone_there_is_no_vote() -> None:
    assert refused(history_in(S.CHECKED), event(K.PUT_TO_VOTE, 9), ALONE).missing == (
        "a body that votes (the network office decides alone, or none is known)",
    )
    assert history_in(S.CHECKED).append(event(K.APPROVED, 9), ALONE).state is S.APPROVED


def test_events_keep_their_order_and_their_application() -> None:
    late = history_in(S.CONSULTED)
    error = refused(late, attrs.evolve(event(K.SUBMITTED), on=START - timedelta(days=1)), VOTING)
    assert error.missing == (f"a day not before the last event's ({START.isoformat()})",)
    other = attrs.evolve(decision(), application_id="OTHER")
    error = refused(history_in(S.SUBMITTED), event(K.DECISION_RECORDED, 9, decision=other), VOTING)
    assert error.missing == (f"a decision of application {APP_ID!r}",)
    # The kind of payload is a word of the reader's language, not a class name.
    assert render_text(error.needs[0], "de") == f"ein Prüfergebnis zum Antrag {APP_ID!r}"


def test_an_event_carries_only_what_its_kind_carries() -> None:
    with pytest.raises(schulerfolg.InvariantError) as caught:
        ApplicationEvent(kind=K.SUBMITTED, on=START, actor=CLERK, grant_notice=GRANT)
    assert caught.value.fields == ("grant_notice",)


def test_the_history_is_a_document_and_its_state_is_derived() -> None:
    history = history_in(S.COMPLETED)
    again = from_json(to_json(history), ApplicationHistory)
    assert again == history
    assert again.state is S.COMPLETED
    assert '"state":' not in to_json(history)  # never stored beside the events
    approval = again.last(K.APPROVED)
    assert approval is not None
    assert approval.decision == decision()  # the trace at the moment of approval


def test_a_history_that_breaks_the_table_is_refused_when_read() -> None:
    with pytest.raises(schulerfolg.InvariantError) as caught:
        ApplicationHistory(application_id=APP_ID, events=[event(K.STARTED)])
    assert caught.value.fields == ("events[0].kind",)


def test_the_districts_procedures() -> None:
    registry = PluginRegistry.from_plugins(
        [
            (built_in_plugin(name), "schulerfolg", "0.1.0")
            for name in ("salzlandkreis", "altmarkkreis-salzwedel", "wittenberg", "dessau-rosslau")
        ]
    )
    day = date(2025, 3, 1)
    salzland = procedure_for(registry.rulebook("15089"), day)
    assert salzland.vote_required  # the Steuergruppe votes
    assert salzland.voting_body is not None
    assert salzland.voting_body.provisional
    assert not procedure_for(registry.rulebook("15081"), day).vote_required  # the office alone
    dessau = procedure_for(registry.rulebook("15001"), day)
    assert dessau.vote_required  # its „Abstimmungsverfahren“: the body is not published
    assert dessau.voting_body is not None
    assert dessau.voting_body.provisional
    assert dessau.body is not None
    assert (dessau.body.quorum, dessau.body.majority, dessau.body.ties) == (None, None, None)
    wittenberg = procedure_for(registry.rulebook("15091"), day)
    assert wittenberg.consultation.deadline is ConsultationDeadline.BEFORE_START
    assert not procedure_for(schulerfolg.state_rulebook(), day).vote_required


def test_a_history_read_from_json_is_checked_whole() -> None:
    good = history_in(S.VOTED)
    data = schulerfolg.to_dict(good)
    typed = schulerfolg.to_dict(good)
    typed["events"][-1]["vote_result"]["outcome"] = "rejected"  # typed in, not counted
    with pytest.raises(schulerfolg.DocumentError, match="counted from the vote record"):
        schulerfolg.from_dict(typed, ApplicationHistory)
    reordered = dict(data, events=[data["events"][1], data["events"][0], *data["events"][2:]])
    with pytest.raises(schulerfolg.DocumentError) as caught:
        schulerfolg.from_dict(reordered, ApplicationHistory)
    (problem,) = caught.value.problems
    assert problem.path == "$.events[1]"
    assert "a day not before the last event's" in problem.message
    bare = dict(
        data,
        events=[
            *data["events"],
            {"kind": "approved", "on": "2025-06-01", "actor": {"role": "r", "name": "n"}},
        ],
    )
    with pytest.raises(schulerfolg.DocumentError) as caught:
        schulerfolg.from_dict(bare, ApplicationHistory)
    assert {p.message for p in caught.value.problems} == {
        "'approved' lacks the rules' decision",
        "'approved' lacks a grant notice",
    }


def test_the_events_of_a_history_cannot_be_changed_behind_its_back() -> None:
    events = [event(K.CONSULTED)]
    history = ApplicationHistory(application_id=APP_ID, events=events)
    events.append(event(K.SUBMITTED, 1))
    assert len(history.events) == 1
    assert isinstance(history.events, tuple)


def test_where_no_voting_body_is_known_nothing_is_approved_or_voted() -> None:
    checked = history_in(S.CHECKED)
    assert refused(checked, event(K.APPROVED, 9), UNKNOWN).missing == (
        "the district's voting body (who decides is not known for the day)",
    )
    assert not procedure_for(schulerfolg.state_rulebook(), date(2025, 3, 1)).known


def test_a_consultation_due_before_the_start_is_needed_to_start() -> None:
    later = ConsultationRequirement(required=True, deadline=ConsultationDeadline.BEFORE_START)
    office = Procedure(voting_body=ALONE.voting_body, consultation=later)
    history = ApplicationHistory(application_id=APP_ID)
    for day, kind in enumerate((K.SUBMITTED, K.DECISION_RECORDED, K.APPROVED)):
        history = history.append(event(kind, day), office)
    assert refused(history, event(K.STARTED, 9), office).missing == (
        "a consultation at the network office before the offer starts",
    )
    consulted = history.append(event(K.CONSULTED, 5), office)  # late, but before the start
    assert consulted.append(event(K.STARTED, 9), office).state is S.RUNNING


def test_a_vote_is_held_between_proposal_and_record_while_the_rules_hold() -> None:
    in_vote = history_in(S.IN_VOTE)  # put to the vote on day 3
    early, early_result = vote(Choice.YES, Choice.YES, day=1)
    error = refused(
        in_vote,
        event(K.VOTE_RECORDED, 9, vote=early, vote_result=early_result),
        VOTING,
    )
    assert error.missing[0].startswith("a vote held between putting it to the vote")
    old_rules = Procedure(
        voting_body=attrs.evolve(BOARD, valid_from=date(2025, 5, 20)), consultation=CONSULT_FIRST
    )
    error = refused(in_vote, event(K.VOTE_RECORDED, 9), old_rules)
    assert error.missing == ("a vote held while the body's rules hold (from 2025-05-20)",)
    other_body = Procedure(
        voting_body=attrs.evolve(BOARD, value=attrs.evolve(BODY, name="Anderer Beirat")),
        consultation=CONSULT_FIRST,
    )
    error = refused(in_vote, event(K.VOTE_RECORDED, 9), other_body)
    assert error.missing == ("the district's voting body as its rules stand",)
