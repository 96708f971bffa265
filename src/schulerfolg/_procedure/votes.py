"""Votes: a vote record — each member's ballot, absence or exclusion for a conflict of
interest — counted under the voting body's rules of procedure.  The result (quorate or not,
approved, rejected) is computed from the record, never typed in, and explained: the counts, the
rule applied and its source.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from enum import StrEnum
from fractions import Fraction
from typing import Final

import attrs

from schulerfolg._core.i18n import DEFAULT_LANGUAGE, N_, translations
from schulerfolg._core.invariants import Checked, Problems, duplicates, to_member
from schulerfolg._core.provenance import Source, source_text
from schulerfolg._parameters.history import ParameterValue
from schulerfolg._parameters.voting import (
    Majority,
    MajorityBasis,
    Quorum,
    Threshold,
    TieRule,
    VotingBody,
)
from schulerfolg._rules.rulebook import Rulebook
from schulerfolg.errors import Problem, Text, VoteError

#: The parameter that names a district's voting body.
VOTING_BODY: Final = "procedure.voting_body"


class Choice(StrEnum):
    """A member's ballot."""

    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"
    ABSENT = "absent"


class VoteOutcome(StrEnum):
    """What a vote decided."""

    APPROVED = "approved"
    REJECTED = "rejected"
    NOT_QUORATE = "not_quorate"


def _choice(value: Choice) -> Choice:
    """``Ballot.choice`` as a :class:`Choice` (converter)."""
    return to_member(Choice, value, field="choice", owner="Ballot", label=Ballot._label)


@attrs.frozen(kw_only=True)
class Ballot(Checked):
    """One member's ballot (or absence)."""

    _label = N_("ballot")

    member: str
    choice: Choice = attrs.field(converter=_choice)

    _not_blank = ("member",)


@attrs.frozen(kw_only=True)
class VoteRecord(Checked):
    """The record of one vote on one application: the day, every ballot, and the members
    excluded for a conflict of interest (Befangenheit).  Voting members without a ballot count as
    absent."""

    _label = N_("vote")

    application_id: str
    held_on: date
    ballots: tuple[Ballot, ...]
    excluded: tuple[str, ...] = ()

    _not_blank = ("application_id",)

    def _problems(self) -> Problems:
        yield from duplicates("ballots", (ballot.member for ballot in self.ballots))
        yield from duplicates("excluded", self.excluded)


@attrs.frozen(kw_only=True)
class VoteResult:
    """A counted vote: the outcome, the counts, what the rules required, and where the rules
    come from."""

    application_id: str
    body: str
    held_on: date
    outcome: VoteOutcome
    quorate: bool
    eligible: int
    present: int
    yes: int
    no: int
    abstentions: int
    absent: int
    excluded: int
    quorum_required: int
    majority_of: int
    majority_required: int
    tie: bool
    decided_by_chair: bool
    quorum_rule: Quorum
    majority_rule: Majority
    tie_rule: TieRule
    source: Source
    provisional: bool

    @property
    def approved(self) -> bool:
        """True if the proposal was carried."""
        return self.outcome is VoteOutcome.APPROVED

    def explain(self, language: str = DEFAULT_LANGUAGE) -> str:
        """The result for people, in ``language``: the counts, the rules applied and their
        source."""
        tr = translations(language).gettext
        parts = [
            tr(_QUORUM_TEXT).format(
                body=self.body,
                present=self.present,
                eligible=self.eligible,
                excluded=self.excluded,
                required=self.quorum_required,
                rule=_rule_text(self.quorum_rule.threshold, self.quorum_rule.share, tr),
            )
        ]
        if self.quorate:
            basis = (
                tr(_OF_MEMBERS)
                if self.majority_rule.basis is MajorityBasis.MEMBERS
                else tr(_OF_CAST_WITH if self.majority_rule.abstentions_count else _OF_CAST)
            )
            rule = _rule_text(self.majority_rule.threshold, self.majority_rule.share, tr)
            parts.append(
                tr(_MAJORITY_TEXT).format(
                    yes=self.yes,
                    no=self.no,
                    abstentions=self.abstentions,
                    required=self.majority_required,
                    of=self.majority_of,
                    rule=f"{rule} {basis}",
                )
            )
            if self.tie:
                parts.append(tr(_CHAIR_TEXT if self.decided_by_chair else _TIE_TEXT))
        parts.append(tr(_OUTCOME_TEXT[self.outcome]))
        source = source_text(self.source)
        flag = tr(_PROVISIONAL_TEXT) if self.provisional else ""
        parts.append(tr(_SOURCE_TEXT).format(source=source, provisional=flag))
        return " ".join(parts)


def _rule_text(threshold: Threshold, share: Fraction, tr: Callable[[str], str]) -> str:
    template = _MORE_THAN if threshold is Threshold.MORE_THAN else _AT_LEAST
    return tr(template).format(share=str(share))


_QUORUM_TEXT: Final = N_(
    "{body}: voting members taking part: {present} of {eligible} (excluded for a conflict of "
    "interest: {excluded}); a quorum is {rule} of them: {required}."
)
_MAJORITY_TEXT: Final = N_(
    "Yes: {yes}, no: {no}, abstentions: {abstentions}; a majority is {rule}: {required} yes "
    "votes of {of}."
)
_MORE_THAN: Final = N_("more than {share}")
_AT_LEAST: Final = N_("at least {share}")
_OF_CAST: Final = N_("of the votes cast (abstentions not counted)")
_OF_CAST_WITH: Final = N_("of the votes cast (abstentions counted)")
_OF_MEMBERS: Final = N_("of the voting members")
_CHAIR_TEXT: Final = N_("Yes and no were tied; the chair's vote decided.")
_TIE_TEXT: Final = N_("Yes and no were tied; a tie carries nothing.")
_OUTCOME_TEXT: Final = {
    VoteOutcome.APPROVED: N_("The application is approved."),
    VoteOutcome.REJECTED: N_("The application is rejected."),
    VoteOutcome.NOT_QUORATE: N_("The body was not quorate; nothing was decided."),
}
_SOURCE_TEXT: Final = N_("Rules of procedure: {source}{provisional}.")
_PROVISIONAL_TEXT: Final = N_(" (provisional)")


def required(total: int, share: Fraction, threshold: Threshold) -> int:
    """The least count that is ``threshold`` ``share`` of ``total``, in exact integers."""
    numerator, denominator = total * share.numerator, share.denominator
    if threshold is Threshold.MORE_THAN:
        return numerator // denominator + 1
    return -(-numerator // denominator)


def _fit_problems(record: VoteRecord, body: VotingBody) -> Iterator[Problem]:
    """Every way the record does not fit the body."""
    if body.quorum is None:
        yield Problem.of(
            "$.quorum", Text(N_("the body's quorum rule is not known")), code="missing"
        )
    if body.majority is None:
        yield Problem.of(
            "$.majority", Text(N_("the body's majority rule is not known")), code="missing"
        )
    if body.ties is None:
        yield Problem.of("$.ties", Text(N_("the body's tie rule is not known")), code="missing")
    if body.voting_member_count is None:
        yield Problem.of(
            "$.voting_members",
            Text(N_("the number of voting members is not known")),
            code="missing",
        )
    members = body.voting_member_count
    if members is not None and len(record.excluded) > members:
        yield Problem.of(
            "$.excluded",
            Text(
                N_("{excluded} excluded, more than the {members} voting members"),
                {"excluded": len(record.excluded), "members": members},
            ),
        )
    for index, ballot in enumerate(record.ballots):
        if ballot.member in record.excluded and ballot.choice is not Choice.ABSENT:
            yield Problem.of(
                f"$.ballots[{index}].member",
                Text(
                    N_("{member} is excluded for a conflict of interest"),
                    {"member": repr(ballot.member)},
                ),
            )
    if not body.members:
        return
    voting = {member.name for member in body.members if member.voting}
    names = {member.name for member in body.members}
    for index, ballot in enumerate(record.ballots):
        where = f"$.ballots[{index}].member"
        if ballot.member not in names:
            yield Problem.of(
                where,
                Text(
                    N_("{member} is not a member of {body}"),
                    {"member": repr(ballot.member), "body": body.name},
                ),
            )
        elif ballot.member not in voting:
            yield Problem.of(
                where,
                Text(N_("{member} is an advisory member"), {"member": repr(ballot.member)}),
            )
    for index, member in enumerate(record.excluded):
        if member not in voting:
            yield Problem.of(
                f"$.excluded[{index}]",
                Text(N_("{member} is not a voting member"), {"member": repr(member)}),
            )


def count_vote(
    record: VoteRecord, body: VotingBody, *, source: Source, provisional: bool = False
) -> VoteResult:
    """Count ``record`` under the rules of ``body`` (whose rules come from ``source``).

    Raises :class:`~schulerfolg.errors.VoteError` listing every problem when the record does not
    fit the body or a rule of procedure is not known — never a guessed rule.
    """
    problems = list(_fit_problems(record, body))
    if problems:
        raise VoteError(problems)
    quorum, majority, ties = body.quorum, body.majority, body.ties
    members = body.voting_member_count
    # Checked above: a missing rule or member count is a problem, never a default.
    assert quorum is not None
    assert majority is not None
    assert ties is not None
    assert members is not None
    eligible = members - len(record.excluded)
    counts = dict.fromkeys(Choice, 0)
    for ballot in record.ballots:
        if ballot.member not in record.excluded:
            counts[ballot.choice] += 1
    present = counts[Choice.YES] + counts[Choice.NO] + counts[Choice.ABSTAIN]
    if present > eligible:  # a body known by its number only: more ballots than members
        raise VoteError(
            [
                Problem.of(
                    "$.ballots",
                    Text(
                        N_("{present} took part, more than the {eligible} eligible members"),
                        {"present": present, "eligible": eligible},
                    ),
                )
            ]
        )
    quorum_required = required(eligible, quorum.share, quorum.threshold)
    quorate = eligible > 0 and present >= quorum_required
    if majority.basis is MajorityBasis.MEMBERS:
        majority_of = eligible
    else:
        majority_of = counts[Choice.YES] + counts[Choice.NO]
        if majority.abstentions_count:
            majority_of += counts[Choice.ABSTAIN]
    majority_required = required(majority_of, majority.share, majority.threshold)
    yes, no = counts[Choice.YES], counts[Choice.NO]
    carried = majority_of > 0 and yes >= majority_required
    tie = yes == no and yes > 0
    by_chair = False
    if tie:
        # A tie of yes and no never carries, whatever a threshold of "at least half" says;
        # the chair breaks it only where the majority is of the votes cast, abstentions aside
        # (elsewhere the majority rule alone decides, which a tie cannot meet).
        carried = False
        chair_counts = (
            ties is TieRule.CHAIR_DECIDES
            and majority.basis is MajorityBasis.VOTES_CAST
            and not majority.abstentions_count
            and body.chair not in record.excluded
        )
        chair = next((b.choice for b in record.ballots if b.member == body.chair), None)
        if chair_counts and chair in (Choice.YES, Choice.NO):
            carried, by_chair = chair is Choice.YES, True
    if not quorate:
        outcome = VoteOutcome.NOT_QUORATE
    else:
        outcome = VoteOutcome.APPROVED if carried else VoteOutcome.REJECTED
    return VoteResult(
        application_id=record.application_id,
        body=body.name,
        held_on=record.held_on,
        outcome=outcome,
        quorate=quorate,
        eligible=eligible,
        present=present,
        yes=yes,
        no=no,
        abstentions=counts[Choice.ABSTAIN],
        absent=eligible - present,
        excluded=len(record.excluded),
        quorum_required=quorum_required,
        majority_of=majority_of,
        majority_required=majority_required,
        tie=tie,
        decided_by_chair=by_chair,
        quorum_rule=quorum,
        majority_rule=majority,
        tie_rule=ties,
        source=source,
        provisional=provisional,
    )


def tally_vote(record: VoteRecord, rulebook: Rulebook) -> VoteResult:
    """Count ``record`` under the voting body the district's rulebook names on the day of the
    vote (the parameter ``procedure.voting_body``), citing that value's source.

    Raises :class:`~schulerfolg.errors.ParameterNotInForceError` when no voting body is known
    for that day, :class:`~schulerfolg.errors.VoteError` as :func:`count_vote` does.
    """
    value, _ = rulebook.resolve(VOTING_BODY, record.held_on)
    return tally_value(record, value)


def tally_value(record: VoteRecord, value: ParameterValue) -> VoteResult:
    """Count ``record`` under a dated voting-body value, citing its source."""
    body: VotingBody = value.value
    return count_vote(record, body, source=value.source, provisional=value.provisional)
