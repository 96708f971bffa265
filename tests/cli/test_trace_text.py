"""Parameter values in words, in German and English."""

from __future__ import annotations

from datetime import date

import attrs
import pytest

import schulerfolg
from schulerfolg import Money
from schulerfolg._cli.trace_text import value_text
from schulerfolg.plugins import (
    Cap,
    CapBasis,
    CapScope,
    ConsultationDeadline,
    ConsultationRequirement,
    SubmissionDeadline,
    VotingBody,
    VotingBodyKind,
)

BOOK = schulerfolg.state_rulebook()


@attrs.frozen
class PluginValue:
    limit: int
    strict: bool = False
    amount: Money = attrs.field(factory=Money.zero)
    note: str | None = None


@pytest.mark.parametrize(
    ("value", "german", "english"),
    [
        (Money("1500.00"), "1.500,00\xa0€", "€1,500.00"),
        (date(2025, 10, 31), "31.10.2025", "31 Oct 2025"),
        ((), "keine", "none"),
        (
            Cap(amount=Money("2000.00"), scope=CapScope.PER_APPLICANT, basis=CapBasis.CALL),
            "2.000,00\xa0€ je Antragsteller:in und Aufruf",
            "€2,000.00 per applicant per call",
        ),
        (ConsultationRequirement(required=False), "nicht erforderlich", "not required"),
        (
            ConsultationRequirement(required=True, deadline=ConsultationDeadline.BEFORE_START),
            "erforderlich, vor Beginn des Angebots",
            "required, before the offer starts",
        ),
        (
            SubmissionDeadline(days_before_start=28),
            "spätestens 28 Tage vor Beginn des Angebots",
            "at the latest 28 days before the offer starts",
        ),
        (
            SubmissionDeadline(
                closing_dates=(date(2021, 1, 31),), recurrence="FREQ=YEARLY;COUNT=2"
            ),
            "Antragsschlüsse 31.01.2021; wiederkehrend: 01.01.2021, 01.01.2022",
            "closing dates 31 Jan 2021; recurring: 1 Jan 2021, 1 Jan 2022",
        ),
        (
            VotingBody(name="Beirat", kind=VotingBodyKind.ADVISORY_BOARD),
            "Beirat",
            "Beirat",
        ),
        (PluginValue(limit=90), "90; nein; 0,00\xa0€", "90; no; €0.00"),
        (PluginValue(limit=0, strict=True), "0; ja; 0,00\xa0€", "0; yes; €0.00"),
    ],
    ids=lambda item: type(item).__name__,
)
def test_values_in_words(value: object, german: str, english: str) -> None:
    # A recurring deadline's days are counted from the day the value holds from.
    assert value_text(value, BOOK, "de", anchor=date(2021, 1, 1)) == german
    assert value_text(value, BOOK, "en", anchor=date(2021, 1, 1)) == english
