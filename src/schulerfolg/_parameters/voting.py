"""Voting bodies as parameter values: who votes on applications in a district, and by which
rules — quorum, majority, ties, abstentions — when those are known.

A rule that is not known from a public source stays unset (``None``): the library then refuses to
compute a vote's result rather than guess a rule of procedure (see
:func:`schulerfolg.tally_vote`).
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import ClassVar

import attrs

from schulerfolg._core.exact import parse_fraction
from schulerfolg._core.i18n import N_
from schulerfolg._core.invariants import Checked, Problems, duplicates, to_member
from schulerfolg._wire.hooks import BadValueError
from schulerfolg.errors import Text


class VotingBodyKind(StrEnum):
    """Who decides on educational offers in a district."""

    NETWORK_OFFICE = "network_office"
    ADVISORY_BOARD = "advisory_board"
    STEERING_GROUP = "steering_group"
    SELECTION_PANEL = "selection_panel"


class Threshold(StrEnum):
    """How a count is compared with its share: more than it, or at least it."""

    MORE_THAN = "more_than"
    AT_LEAST = "at_least"


class MajorityBasis(StrEnum):
    """What a majority is counted of: the votes cast, or the body's voting members."""

    VOTES_CAST = "votes_cast"
    MEMBERS = "members"


class TieRule(StrEnum):
    """What a tie of yes and no means: the proposal fails, or the chair's vote decides."""

    REJECTED = "rejected"
    CHAIR_DECIDES = "chair_decides"


class _ShareTypeError(TypeError):
    """A value of a type no share has (a float, a boolean), with its :class:`Text`."""

    def __init__(self, text: Text) -> None:
        super().__init__(str(text))
        self.text = text


def _share(value: object) -> Fraction:
    """A share as an exact fraction: ``Fraction``, ``Decimal``, an int, or text such as
    ``"2/3"`` or ``"0.5"`` (a float is refused: one third is not a float)."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, bool | float):
        raise _ShareTypeError(
            Text(
                N_("a share is a fraction such as '1/2' or '2/3', not {value}"),
                {"value": repr(value)},
            )
        )
    if isinstance(value, Decimal | int):
        return Fraction(value)
    if isinstance(value, str) and (share := parse_fraction(value.strip())) is not None:
        return share
    raise BadValueError(
        Text(
            N_("not a share: {value} (write it like '1/2', '2/3' or '0.5')"),
            {"value": repr(value)},
        )
    )


def _share_problems(threshold: Threshold, share: Fraction) -> Problems:
    if not Fraction(0) < share <= Fraction(1):
        yield "share", Text(N_("must lie above 0 and at most 1: {share}"), {"share": share})
    elif threshold is Threshold.MORE_THAN and share == 1:
        yield "share", Text(N_("more than all members can never be reached; write at_least 1"))


def _threshold(value: Threshold) -> Threshold:
    """``threshold`` as a :class:`Threshold` (converter)."""
    return to_member(
        Threshold, value, field="threshold", owner="Threshold", label=N_("voting threshold")
    )


def _majority_basis(value: MajorityBasis) -> MajorityBasis:
    """``Majority.basis`` as a :class:`MajorityBasis` (converter)."""
    return to_member(MajorityBasis, value, field="basis", owner="Majority", label=Majority._label)


def _voting_body_kind(value: VotingBodyKind) -> VotingBodyKind:
    """``VotingBody.kind`` as a :class:`VotingBodyKind` (converter)."""
    return to_member(
        VotingBodyKind, value, field="kind", owner="VotingBody", label=VotingBody._label
    )


@attrs.frozen(kw_only=True)
class Quorum(Checked):
    """Beschlussfähigkeit: how many of the voting members (those not excluded for a conflict of
    interest) must take part: ``threshold`` ``share`` of them — more than half unless said
    otherwise (``{"threshold": "at_least", "share": "2/3"}`` for at least two thirds)."""

    _label = N_("quorum")

    threshold: Threshold = attrs.field(default=Threshold.MORE_THAN, converter=_threshold)
    share: Fraction = attrs.field(default=Fraction(1, 2), converter=_share)

    def _problems(self) -> Problems:
        yield from _share_problems(self.threshold, self.share)


@attrs.frozen(kw_only=True)
class Majority(Checked):
    """The majority a proposal needs: ``threshold`` ``share`` of the ``basis`` — the votes cast
    (abstentions count as cast only where ``abstentions_count`` says so) or the members."""

    _label = N_("majority")

    basis: MajorityBasis = attrs.field(default=MajorityBasis.VOTES_CAST, converter=_majority_basis)
    threshold: Threshold = attrs.field(default=Threshold.MORE_THAN, converter=_threshold)
    share: Fraction = attrs.field(default=Fraction(1, 2), converter=_share)
    abstentions_count: bool = False

    def _problems(self) -> Problems:
        yield from _share_problems(self.threshold, self.share)


@attrs.frozen(kw_only=True)
class BoardMember(Checked):
    """A member of a voting body; ``voting`` is false for an advisory member."""

    _label = N_("board member")

    name: str
    voting: bool = True
    role: str | None = None

    _not_blank: ClassVar[tuple[str, ...]] = ("name", "role")


@attrs.frozen(kw_only=True)
class VotingBody(Checked):
    """Abstimmungsverfahren: the body that votes on applications (Beirat, Steuergruppe, …).

    ``voting_members`` is the number of voting members where only the number is known;
    ``members`` names them where they are known (then the number must agree).  ``quorum``,
    ``majority``, ``ties`` and ``chair`` are the rules of procedure, ``None`` where no public
    source states them.
    """

    _label = N_("voting body")

    name: str
    kind: VotingBodyKind = attrs.field(converter=_voting_body_kind)
    voting_members: int | None = None
    members: tuple[BoardMember, ...] = ()
    quorum: Quorum | None = None
    majority: Majority | None = None
    ties: TieRule | None = attrs.field(default=None, converter=attrs.converters.optional(TieRule))
    chair: str | None = None

    _not_blank: ClassVar[tuple[str, ...]] = ("name", "chair")

    def _problems(self) -> Problems:
        if self.voting_members is not None and self.voting_members < 1:
            yield (
                "voting_members",
                Text(N_("must be at least 1: {count}"), {"count": self.voting_members}),
            )
        yield from duplicates("members", (member.name for member in self.members))
        voting = sum(1 for member in self.members if member.voting)
        if self.members and self.voting_members is not None and voting != self.voting_members:
            yield (
                "voting_members",
                Text(
                    N_("{count} differs from the {voting} voting members named"),
                    {"count": self.voting_members, "voting": voting},
                ),
            )
        voting_names = {member.name for member in self.members if member.voting}
        if self.chair is not None and self.members and self.chair not in voting_names:
            yield "chair", Text(N_("{chair} is not a voting member"), {"chair": repr(self.chair)})
        if self.ties is TieRule.CHAIR_DECIDES and self.chair is None:
            yield "chair", Text(N_("the chair decides ties, so the body needs one"))

    @property
    def voting_member_count(self) -> int | None:
        """The number of voting members: counted from ``members``, else ``voting_members``."""
        if self.members:
            return sum(1 for member in self.members if member.voting)
        return self.voting_members
