"""Votes: counted from the record under the body's rules, every edge of quorum and majority."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

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
    ConsultationDeadline,
    ConsultationRequirement,
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
        "$.ballots[1].member",  # Kurt is excluded and voted
        "$.ballots[0].member",  # nobody of that name
        "$.ballots[1].member",  # Kurt is an advisory member
        "$.excluded[0]",  # ... so he cannot be excluded from voting either
    ]


@pytest.mark.parametrize("unknown", ["quorum", "majority", "ties"])
def test_a_rule_that_is_not_known_is_never_guessed(unknown: str) -> None:
    with pytest.raises(VoteError) as caught:
        count(record(yes=9), body(**{unknown: None}))
    assert [(p.path, p.code) for p in caught.value.problems] == [(f"$.{unknown}", "missing")]


def test_two_thirds_at_least() -> None:
    board = body(majority=Majority(threshold=Threshold.AT_LEAST, share="2/3"))
    assert board.majority is not None
    assert board.majority.share == Fraction(2, 3)
    assert required(9, Fraction(2, 3), Threshold.AT_LEAST) == 6
    assert required(3, Fraction(2, 3), Threshold.AT_LEAST) == 2
    assert required(30000, Fraction(2, 3), Threshold.AT_LEAST) == 20000
    assert required(9, Fraction(1, 2), Threshold.MORE_THAN) == 5
    assert count(record(yes=5, no=3), board).outcome is VoteOutcome.REJECTED
    assert count(record(yes=6, no=3), board).outcome is VoteOutcome.APPROVED
    assert from_json(to_json(board), VotingBody) == board  # the share is written "2/3"
    assert '"share": "2/3"' in to_json(board)


def test_shares_are_exact_and_reachable() -> None:
    with pytest.raises(TypeError, match=r"not 0\.5"):
        Quorum(share=0.5)  # type: ignore[arg-type]
    with pytest.raises(schulerfolg.InvariantError, match="can never be reached"):
        Majority(threshold=Threshold.MORE_THAN, share="1")


def test_a_tie_never_carries_even_at_least_half() -> None:
    board = body(
        members=tuple(BoardMember(name=n) for n in NAMES[:4]),
        chair=None,
        majority=Majority(threshold=Threshold.AT_LEAST),
    )
    result = count(record(yes=2, no=2), board)
    assert (result.tie, result.outcome) == (True, VoteOutcome.REJECTED)


def test_the_chair_breaks_a_tie_only_of_the_votes_cast() -> None:
    # Of the members, 2 yes of 9 is no majority, whatever the chair says.
    of_members = body(ties=TieRule.CHAIR_DECIDES, majority=Majority(basis=MajorityBasis.MEMBERS))
    result = count(record(yes=3, no=3), of_members)
    assert (result.outcome, result.decided_by_chair) == (VoteOutcome.REJECTED, False)
    counted = body(ties=TieRule.CHAIR_DECIDES, majority=Majority(abstentions_count=True))
    assert count(record(yes=2, no=2, abstain=1), counted).outcome is VoteOutcome.REJECTED


def test_a_tie_the_chair_cannot_break_is_said_so() -> None:
    board = body(ties=TieRule.CHAIR_DECIDES)
    votes = record(yes=3, no=3)
    absent_chair = attrs.evolve(
        votes,
        ballots=(
            *(b for b in votes.ballots if b.member != "Anna"),
            Ballot(member="Gül", choice=Choice.YES),
        ),
    )
    result = count(absent_chair, board)
    assert (result.tie, result.decided_by_chair, result.outcome) == (
        True,
        False,
        VoteOutcome.REJECTED,
    )
    assert "a tie carries nothing" in result.explain("en")
    with pytest.raises(schulerfolg.InvariantError, match="needs one"):
        body(ties=TieRule.CHAIR_DECIDES, chair=None)
    with pytest.raises(schulerfolg.InvariantError, match="not a voting member"):
        body(chair="Kurt")


def test_text_values_are_read_as_their_enumerations() -> None:
    board = body(ties="chair_decides", kind="advisory_board")
    assert board.ties is TieRule.CHAIR_DECIDES
    assert Ballot(member="Anna", choice="yes").choice is Choice.YES
    with pytest.raises(ValueError, match="maybe"):
        Ballot(member="Anna", choice="maybe")
    assert ConsultationRequirement(required=True, deadline="before_start").deadline is (
        ConsultationDeadline.BEFORE_START
    )


def test_a_body_known_by_its_number_still_refuses_what_cannot_be() -> None:
    numbered = body(members=(), voting_members=3, chair=None)
    votes = VoteRecord(
        application_id="x",
        held_on=DAY,
        ballots=(Ballot(member="M1", choice=Choice.YES),),
        excluded=("M1", "M2", "M3", "M4"),
    )
    with pytest.raises(VoteError) as caught:
        count_vote(votes, numbered, source=SOURCE)
    assert [p.path for p in caught.value.problems] == ["$.excluded", "$.ballots[0].member"]


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
    assert "teilnehmende stimmberechtigte Mitglieder: 6 von 9" in german
    assert "beschlussfähig ist das Gremium bei mehr als 1/2 von ihnen: 5" in german
    assert (
        "die Mehrheit ist mehr als 1/2 der abgegebenen Stimmen (Enthaltungen nicht gezählt)"
        in german
    )
    assert "Stimme des Vorsitzes" in german
    assert "Der Antrag ist bewilligt." in german
    assert "Geschäftsordnung https://example.org/geschaeftsordnung (vorläufig)" in german
    assert "voting members taking part: 6 of 9" in english
    assert "a majority is more than 1/2 of the votes cast (abstentions not counted): 4" in english
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
