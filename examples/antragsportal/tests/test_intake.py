"""The intake, tested with schulerfolg's public testing kit only: fixtures, strategies for
``st.from_type``, and a scenario file beside these tests."""

from __future__ import annotations

from antragsportal import intake
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import schulerfolg
import schulerfolg.testing


def test_the_example_is_taken(schulerfolg_ledger, schulerfolg_registry, schulerfolg_example,
                              schulerfolg_evaluation_day):  # fmt: skip
    book = schulerfolg_registry.rulebook(schulerfolg_example.district)
    text = schulerfolg.to_json(schulerfolg_example)
    receipt = intake(text, schulerfolg_ledger, book, on=schulerfolg_evaluation_day)
    assert receipt.taken
    assert receipt.outcome == "eligible"
    assert schulerfolg_ledger.history(schulerfolg_example.id).state.value == "submitted"


def test_a_second_submission_is_not_taken_and_says_why_in_german(
    schulerfolg_ledger, schulerfolg_registry, schulerfolg_example, schulerfolg_evaluation_day
):
    book = schulerfolg_registry.rulebook(schulerfolg_example.district)
    text = schulerfolg.to_json(schulerfolg_example)
    intake(text, schulerfolg_ledger, book, on=schulerfolg_evaluation_day)
    again = intake(text, schulerfolg_ledger, book, on=schulerfolg_evaluation_day)
    assert not again.taken
    assert again.reasons[0].startswith("abgelehnt: „Antrag eingereicht“")


def test_an_unreadable_document_is_not_taken(schulerfolg_registry, schulerfolg_evaluation_day):
    book = schulerfolg_registry.rulebook("15091")
    receipt = intake("{}", schulerfolg.MemoryLedger(), book, on=schulerfolg_evaluation_day)
    assert not receipt.taken
    assert receipt.reasons


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.from_type(schulerfolg.Application))
def test_every_valid_application_is_read_and_decided(application):
    book = schulerfolg.state_rulebook()
    day = schulerfolg.testing.EVALUATION_DAY
    receipt = intake(schulerfolg.to_json(application), schulerfolg.MemoryLedger(), book, on=day)
    assert receipt.application_id == application.id
