"""Votes: counted from the record under the body's rules, every edge of quorum and majority."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import schulerfolg
from schulerfolg import (
    Ballot,
    Choice,
    VoteError,
    VoteOutcome,
    VoteRecord,
    count_vote,
    from_json,
    tally_vote,
    to_json,
)
from schulerfolg._procedure.votes import required
from schulerfolg.plugins import (
    BoardMember,
    Majority,
    MajorityBasis,
    Quorum,
    Source,
    Threshold,
    TieRule,
    VotingBody,
    VotingBodyKind,
)

SOURCE = Source(reference="https://example.org/geschaeftsordnung", title="Geschäftsordnung")
DAY = date(2025, 3, 12)
NAMES = ("Anna", "Bernd", "Clara", "Dieter", "Eva", "Frank", "Gül", "Hanna", "Ida")


def body(**changes: object) -> VotingBody:
    """A board of nine voting members and one advisory member, with the common rules: more than
    half present, more yes than no among the votes cast, a tie rejects."""
    members = (
        *(BoardMember(name=name) for name in NAMES),
        BoardMember(name="Kurt", voting=False, role="Netzwerkstelle"),
    )
    fields: dict[str, object] = {
        "name": "Beirat",
        "kind": VotingBodyKind.ADVISORY_BOARD,
        "members": members,
        "quorum": Quorum(),
        "majority": Majority(),
        "ties": TieRule.REJECTED,
        "chair": "Anna",
    }
    fields.update(changes)
    return VotingBody(**fields)  # type: ignore[arg-type]


def record(
    yes: int = 0, no: int = 0, abstain: int = 0, excluded: tuple[str, ...] = ()
) -> VoteRecord:
    """Ballots in member order: yes, then no, then abstentions; the rest are absent."""
    voters = [name for name in NAMES if name not in excluded]
    choices = [Choice.YES] * yes + [Choice.NO] * no + [Choice.ABSTAIN] * abstain
    ballots = tuple(Ballot(member=name, choice=c) for name, c in zip(voters, choices, strict=False))
    return VoteRecord(
        application_id="SDL-2025-004", held_on=DAY, ballots=ballots, excluded=excluded
    )


def count(vote: VoteRecord, board: VotingBody | None = None) -> schulerfolg.VoteResult:
    return count_vote(vote, board or body(), source=SOURCE)


def test_exactly_the_quorum_is_quorate() -> None:
    # Nine voting members: more than half is five.
    result = count(record(yes=3, no=1, abstain=1))
    assert (result.present, result.quorum_required, result.quorate) == (5, 5, True)
    assert result.outcome is VoteOutcome.APPROVED


def test_one_short_of_the_quorum_decides_nothing() -> None:
    result = count(record(yes=4))
    assert (result.present, result.quorum_required, result.quorate) == (4, 5, False)
    assert result.outcome is VoteOutcome.NOT_QUORATE
    assert not result.approved


def test_a_tie_is_rejected() -> None:
    result = count(record(yes=3, no=3))
    assert result.tie
    assert result.outcome is VoteOutcome.REJECTED
    assert (result.majority_of, result.majority_required) == (6, 4)


def test_a_tie_decided_by_the_chair() -> None:
    board = body(ties=TieRule.CHAIR_DECIDES)
    chair_yes = count(record(yes=3, no=3), board)  # Anna, the chair, votes first: yes
    assert (chair_yes.outcome, chair_yes.decided_by_chair) == (VoteOutcome.APPROVED, True)
    votes = record(yes=3, no=3)
    flipped = attrs.evolve(
        votes,
        ballots=tuple(
            attrs.evolve(b, choice=Choice.NO if b.choice is Choice.YES else Choice.YES)
            for b in votes.ballots
        ),
    )
    chair_no = count(flipped, board)
    assert (chair_no.outcome, chair_no.decided_by_chair) == (VoteOutcome.REJECTED, True)


def test_all_abstain_is_quorate_but_carries_nothing() -> None:
    result = count(record(abstain=9))
    assert result.quorate
    assert (result.majority_of, result.yes) == (0, 0)
    assert result.outcome is VoteOutcome.REJECTED


def test_abstentions_count_as_votes_cast_where_the_rules_say_so() -> None:
    counted = body(majority=Majority(abstentions_count=True))
    assert count(record(yes=3, no=2), counted).outcome is VoteOutcome.APPROVED
    assert count(record(yes=3, no=2, abstain=2), counted).outcome is VoteOutcome.REJECTED
    assert count(record(yes=3, no=2, abstain=2)).outcome is VoteOutcome.APPROVED


def test_a_majority_of_the_members() -> None:
    of_members = body(majority=Majority(basis=MajorityBasis.MEMBERS))
    result = count(record(yes=4, no=1), of_members)
    assert (result.majority_of, result.majority_required, result.outcome) == (
        9,
        5,
        VoteOutcome.REJECTED,
    )
    assert count(record(yes=5, no=1), of_members).outcome is VoteOutcome.APPROVED


def test_an_excluded_member_leaves_the_count() -> None:
    # Eight eligible: the quorum is still five, and the excluded member's seat is not absent.
    result = count(record(yes=3, no=2, excluded=("Bernd",)))
    assert (result.eligible, result.excluded, result.present, result.absent) == (8, 1, 5, 3)
    assert result.quorum_required == 5
    assert result.outcome is VoteOutcome.APPROVED
    with_four = count(record(yes=3, no=1, excluded=("Bernd",)))
    assert with_four.outcome is VoteOutcome.NOT_QUORATE


def test_an_excluded_member_may_not_vote() -> None:
    vote = record(yes=5)
    vote = attrs.evolve(vote, excluded=("Anna",))
    with pytest.raises(VoteError) as caught:
        count(vote)
    assert [(p.path, p.code) for p in caught.value.problems] == [("$.ballots[0].member", "invalid")]
    assert "conflict of interest" in str(caught.value)


def test_ballots_of_strangers_and_advisory_members_are_refused_together() -> None:
    vote = VoteRecord(
        application_id="x",
        held_on=DAY,
        ballots=(
            Ballot(member="Nobody", choice=Choice.YES),
            Ballot(member="Kurt", choice=Choice.YES),
        ),
        excluded=("Kurt",),
    )
    with pytest.raises(VoteError) as caught:
        count(vote)
    assert [p.path for p in caught.value.problems] == [
        "$.ballots[0].member",
        "$.ballots[1].member",
        "$.excluded[0]",
    ]


@pytest.mark.parametrize("unknown", ["quorum", "majority", "ties"])
def test_a_rule_that_is_not_known_is_never_guessed(unknown: str) -> None:
    with pytest.raises(VoteError) as caught:
        count(record(yes=9), body(**{unknown: None}))
    assert [(p.path, p.code) for p in caught.value.problems] == [(f"$.{unknown}", "missing")]


def test_two_thirds_at_least() -> None:
    board = body(majority=Majority(threshold=Threshold.AT_LEAST, share=Decimal("0.6667")))
    assert required(9, Decimal("0.6667"), Threshold.AT_LEAST) == 7
    assert count(record(yes=6, no=3), board).outcome is VoteOutcome.REJECTED
    assert count(record(yes=7, no=2), board).outcome is VoteOutcome.APPROVED


def test_only_a_number_of_members_is_enough_to_count() -> None:
    numbered = body(members=(), voting_members=9, chair=None)
    vote = VoteRecord(
        application_id="x",
        held_on=DAY,
        ballots=tuple(Ballot(member=f"M{i}", choice=Choice.YES) for i in range(5)),
    )
    assert count_vote(vote, numbered, source=SOURCE).outcome is VoteOutcome.APPROVED


def test_the_result_is_explained_in_both_languages() -> None:
    result = count_vote(
        record(yes=3, no=3), body(ties=TieRule.CHAIR_DECIDES), source=SOURCE, provisional=True
    )
    german = result.explain("de")
    english = result.explain("en")
    assert "6 von 9 stimmberechtigten Mitgliedern" in german
    assert "Stimme des Vorsitzes" in german
    assert "Der Antrag ist bewilligt." in german
    assert "Geschäftsordnung (vorläufig)" in german
    assert "6 of 9 voting members took part" in english
    assert "The application is approved." in english


def test_a_vote_record_and_its_result_are_documents() -> None:
    vote = record(yes=4, no=1, excluded=("Ida",))
    assert from_json(to_json(vote), VoteRecord) == vote
    result = count(vote)
    assert from_json(to_json(result), schulerfolg.VoteResult) == result


def test_a_vote_record_refuses_a_member_twice() -> None:
    with pytest.raises(schulerfolg.InvariantError) as caught:
        VoteRecord(
            application_id="x",
            held_on=DAY,
            ballots=(
                Ballot(member="Anna", choice=Choice.YES),
                Ballot(member="Anna", choice=Choice.NO),
            ),
        )
    assert caught.value.fields == ("ballots",)


def test_a_district_without_known_rules_refuses_to_count() -> None:
    # Stendal's Beirat is known by name and size only: its rules of procedure are not published.
    rulebook = schulerfolg.plugins.PluginRegistry.from_plugins(
        [(plugin, "schulerfolg", "0") for plugin in _built_in("stendal")]
    ).rulebook("15090")
    vote = VoteRecord(application_id="x", held_on=DAY, ballots=())
    with pytest.raises(VoteError) as caught:
        tally_vote(vote, rulebook)
    assert {p.path for p in caught.value.problems} == {"$.quorum", "$.majority", "$.ties"}


def test_a_district_without_a_voting_body_has_nothing_to_count() -> None:
    vote = VoteRecord(application_id="x", held_on=DAY, ballots=())
    with pytest.raises(schulerfolg.ParameterNotInForceError):
        tally_vote(vote, schulerfolg.state_rulebook())


def _built_in(name: str) -> list[schulerfolg.plugins.DistrictPlugin]:
    path = schulerfolg.plugins.find_plugins()
    return [
        schulerfolg.plugins.load_plugin(found)
        for found in path
        if found.distribution == "schulerfolg" and found.entry_point == name
    ]


@given(
    yes=st.integers(0, 9),
    no=st.integers(0, 9),
    abstain=st.integers(0, 9),
    excluded=st.integers(0, 3),
    ties=st.sampled_from(TieRule),
)
def test_the_counts_always_add_up(
    yes: int, no: int, abstain: int, excluded: int, ties: TieRule
) -> None:
    out = NAMES[-excluded:] if excluded else ()
    eligible = len(NAMES) - excluded
    yes = min(yes, eligible)
    no = min(no, eligible - yes)
    abstain = min(abstain, eligible - yes - no)
    result = count(record(yes, no, abstain, out), body(ties=ties))
    assert result.present + result.absent == result.eligible == eligible
    assert (result.yes, result.no, result.abstentions) == (yes, no, abstain)
    if result.outcome is VoteOutcome.APPROVED:
        assert result.quorate
        assert result.yes >= result.majority_required or result.decided_by_chair
    if not result.quorate:
        assert result.outcome is VoteOutcome.NOT_QUORATE
