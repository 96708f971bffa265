"""Strategies for the procedure's records and results: who recorded an event, awards, ballots
and votes, decisions (the state-wide rules' own), and short histories."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

import schulerfolg
from schulerfolg import (
    Actor,
    ApplicationEvent,
    ApplicationEventKind,
    ApplicationHistory,
    Award,
    Ballot,
    Choice,
    Decision,
    VoteRecord,
)
from schulerfolg.strategies._basics import dates, texts
from schulerfolg.strategies._programme import applications


def actors() -> SearchStrategy[Actor]:
    """Who records an event: a role and a name."""
    return st.builds(Actor, role=texts(max_size=20), name=texts(max_size=30))


def awards() -> SearchStrategy[Award]:
    """The award that approving a generated application in full records."""
    return st.builds(
        lambda application, day: Award.from_application(application, awarded_on=day),
        applications(),
        dates(),
    )


def ballots() -> SearchStrategy[Ballot]:
    """One member's ballot (yes, no, abstain or absent)."""
    return st.builds(Ballot, member=texts(max_size=20), choice=st.sampled_from(Choice))


@st.composite
def _vote_records(draw: st.DrawFn) -> VoteRecord:
    members = draw(st.lists(texts(max_size=20), min_size=1, max_size=9, unique=True))
    excluded = draw(st.lists(st.sampled_from(members), max_size=len(members) - 1, unique=True))
    voting = [member for member in members if member not in excluded]
    choices = draw(st.lists(st.sampled_from(Choice), min_size=len(voting), max_size=len(voting)))
    return VoteRecord(
        application_id=draw(st.from_regex(r"[A-Z]{2}-20[0-9]{2}-[0-9]{3}", fullmatch=True)),
        held_on=draw(dates()),
        ballots=tuple(Ballot(member=m, choice=c) for m, c in zip(voting, choices, strict=True)),
        excluded=tuple(excluded),
    )


def vote_records() -> SearchStrategy[VoteRecord]:
    """A vote: each member's ballot, some members excluded for a conflict of interest."""
    return _vote_records()


@st.composite
def _decisions(draw: st.DrawFn) -> Decision:
    application = draw(applications())
    day = draw(dates(min_value=date(2018, 8, 1), max_value=date(2030, 12, 31)))
    return schulerfolg.evaluate(application, rulebook=schulerfolg.state_rulebook(), on=day)


def decisions() -> SearchStrategy[Decision]:
    """The state-wide rules' decisions on generated applications, with their traces."""
    return _decisions()


@st.composite
def _histories(draw: st.DrawFn) -> ApplicationHistory:
    application_id = draw(st.from_regex(r"[A-Z]{2}-20[0-9]{2}-[0-9]{3}", fullmatch=True))
    first = draw(dates())
    actor = draw(actors())
    kinds = draw(
        st.sampled_from(
            [
                (),
                ("consulted",),
                ("submitted",),
                ("consulted", "submitted"),
                ("submitted", "withdrawn"),
                ("consulted", "withdrawn"),
            ]
        )
    )
    events = tuple(
        ApplicationEvent(
            kind=ApplicationEventKind(kind), on=first + timedelta(days=index), actor=actor
        )
        for index, kind in enumerate(kinds)
    )
    return ApplicationHistory(application_id=application_id, events=events)


def application_histories() -> SearchStrategy[ApplicationHistory]:
    """Short, valid histories: consultations, submissions and withdrawals in their order."""
    return _histories()
