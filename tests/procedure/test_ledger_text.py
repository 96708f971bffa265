"""The ledger's texts for people: refusals with days and amounts in the reader's format, in
German (the default) and English."""

from __future__ import annotations

from datetime import date

import pytest

from ledger_helpers import CLERK, SUBMITTED_ON, approve, offer, rulebook
from schulerfolg import MemoryLedger, TransitionError
from schulerfolg._procedure.ledger_text import need_text, refusal_text
from schulerfolg.errors import Need


def budget_refusal() -> TransitionError:
    ledger = MemoryLedger()
    apps = [offer(f"T-{n}", name, "1800.00") for n, name in enumerate("ABC")]
    for app in apps:
        ledger.submit(app, rulebook=rulebook(), on=SUBMITTED_ON, actor=CLERK)
    approve(ledger, apps[0])
    approve(ledger, apps[1])
    with pytest.raises(TransitionError) as caught:
        approve(ledger, apps[2])
    return caught.value


def test_a_refusal_in_german_formats_amounts_for_german_readers() -> None:
    assert refusal_text(budget_refusal()) == (
        "abgelehnt: „bewilligt“ im Stand „geprüft“ fehlt:\n"
        "  - Platz im Budget der Gebietskörperschaft für 2025: 1.400,00\xa0€ von 5.000,00\xa0€ "
        "verfügbar, 1.800,00\xa0€ beantragt"
    )


def test_a_refusal_in_english() -> None:
    assert refusal_text(budget_refusal(), "en") == (
        "refused: 'approved' in state 'checked' lacks:\n"
        "  - room in the district's budget for 2025: €1,400.00 of €5,000.00 left, "
        "€1,800.00 requested"
    )


def test_the_english_message_of_the_error_stays_plain() -> None:
    assert budget_refusal().missing == (
        "room in the district's budget for 2025: 1400.00 EUR of 5000.00 EUR left, "
        "1800.00 EUR requested",
    )


def test_a_transition_the_table_does_not_allow() -> None:
    error = TransitionError(state="withdrawn", event="approved")
    assert (
        refusal_text(error) == "abgelehnt: „bewilligt“ ist im Stand „zurückgezogen“ nicht möglich."
    )


def test_days_in_needs_are_formatted_for_the_reader() -> None:
    need = Need("a day not before the last event's ({day})", {"day": date(2025, 7, 10)})
    assert str(need) == "a day not before the last event's (2025-07-10)"
    assert need_text(need) == "ein Tag nicht vor dem des letzten Ereignisses (10.07.2025)"
    assert need_text(need, "en") == "a day not before the last event's (10 Jul 2025)"


def test_a_plain_text_need_keeps_its_braces() -> None:
    need = Need.plain("a {literal} text")
    assert str(need) == "a {literal} text"
