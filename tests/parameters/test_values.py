"""The value types of parameters: caps, submission deadlines, voting bodies."""

from __future__ import annotations

import pytest

from schulerfolg import InvariantError
from schulerfolg.plugins import SubmissionDeadline


def test_days_before_start_is_bounded() -> None:
    with pytest.raises(InvariantError, match="days_before_start"):
        SubmissionDeadline(days_before_start=1_000_000)


def test_submission_deadline_with_an_overlong_until_is_an_invariant_error() -> None:
    with pytest.raises(InvariantError):
        SubmissionDeadline(recurrence="FREQ=YEARLY;UNTIL=2025010120250101")


def test_submission_deadline_with_an_unbounded_rule_is_an_invariant_error() -> None:
    with pytest.raises(InvariantError, match="COUNT"):
        SubmissionDeadline(recurrence="FREQ=YEARLY")
