"""Voting bodies as parameter values: who votes on applications in a district, and by which
rules — quorum, majority, ties, abstentions — when those are known.

A rule that is not known from a public source stays unset (``None``): the library then refuses to
compute a vote's result rather than guess a rule of procedure (see
:func:`schulerfolg.tally_vote`).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from enum import StrEnum
from typing import ClassVar

import attrs

from schulerfolg._core.invariants import Checked, duplicates


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


def _share_problems(name: str, share: Decimal) -> Iterator[tuple[str, str]]:
    if not share.is_finite() or not Decimal(0) < share <= Decimal(1):
        yield name, f"must lie above 0 and at most 1: {share}"


@attrs.frozen(kw_only=True)
class Quorum(Checked):
    """Beschlussfähigkeit: how many of the voting members (those not excluded for a conflict of
    interest) must take part: ``threshold`` ``share`` of them — more than half unless said
    otherwise (``{"threshold": "at_least", "share": "0.5"}`` for at least half)."""

    threshold: Threshold = Threshold.MORE_THAN
    share: Decimal = Decimal("0.5")

    def _problems(self) -> Iterator[tuple[str, str]]:
        yield from _share_problems("share", self.share)


@attrs.frozen(kw_only=True)
class Majority(Checked):
    """The majority a proposal needs: ``threshold`` ``share`` of the ``basis`` — the votes cast
    (abstentions count as cast only where ``abstentions_count`` says so) or the members."""

    basis: MajorityBasis = MajorityBasis.VOTES_CAST
    threshold: Threshold = Threshold.MORE_THAN
    share: Decimal = Decimal("0.5")
    abstentions_count: bool = False

    def _problems(self) -> Iterator[tuple[str, str]]:
        yield from _share_problems("share", self.share)


@attrs.frozen(kw_only=True)
class BoardMember(Checked):
    """A member of a voting body; ``voting`` is false for an advisory member."""

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

    name: str
    kind: VotingBodyKind
    voting_members: int | None = None
    members: tuple[BoardMember, ...] = ()
    quorum: Quorum | None = None
    majority: Majority | None = None
    ties: TieRule | None = None
    chair: str | None = None

    _not_blank: ClassVar[tuple[str, ...]] = ("name", "chair")

    def _problems(self) -> Iterator[tuple[str, str]]:
        if self.voting_members is not None and self.voting_members < 1:
            yield "voting_members", f"must be at least 1: {self.voting_members}"
        yield from duplicates("members", (member.name for member in self.members))
        voting = sum(1 for member in self.members if member.voting)
        if self.members and self.voting_members is not None and voting != self.voting_members:
            yield (
                "voting_members",
                f"{self.voting_members} differs from the {voting} voting members named",
            )
        names = {member.name for member in self.members}
        if self.chair is not None and self.members and self.chair not in names:
            yield "chair", f"{self.chair!r} is not a member"

    @property
    def voting_member_count(self) -> int | None:
        """The number of voting members: counted from ``members``, else ``voting_members``."""
        if self.members:
            return sum(1 for member in self.members if member.voting)
        return self.voting_members
