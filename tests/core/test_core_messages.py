"""The messages of money, dates, invariants, the model and the district look-up in German:
each error keeps its text, English ``str()`` is unchanged, and no English word remains."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from datetime import date

import pytest

from schulerfolg import message_text
from schulerfolg._core.dates import DateRange, parse_date
from schulerfolg._core.money import Money, parse_money
from schulerfolg._core.recurrence import recurrence_problem, recurrence_problem_text
from schulerfolg._core.suggest import did_you_mean, did_you_mean_text
from schulerfolg._core.texts import render_text
from schulerfolg._directory.districts import district
from schulerfolg._model.organisations import Address
from schulerfolg.errors import SchulerfolgError

#: English messages whose rendering for a reader differs from ``str()`` (days by babel).
RENDERED = {
    "invalid period: end: ends (2025-01-01) before it starts (2025-02-01)": (
        "invalid period: end: ends (1 Jan 2025) before it starts (1 Feb 2025)"
    ),
}


@pytest.mark.parametrize(
    ("call", "english", "german"),
    [
        (
            lambda: parse_money("1,200"),
            "ambiguous amount: '1,200' reads as 1.200 as de_DE, 1200 as en; write it "
            "unambiguously, e.g. '2.000,00' or '2000.00'",
            "mehrdeutiger Betrag: '1,200' ergibt 1.200 nach de_DE, 1200 nach en; schreiben Sie "
            "ihn eindeutig, z. B. '2.000,00' oder '2000.00'",
        ),
        (
            lambda: parse_money("1.2.3", locale="en"),
            "not an amount: '1.2.3' (en: '1.2.3' is not a valid decimal number)",
            "kein Betrag: '1.2.3' (en: '1.2.3' ist keine gültige Dezimalzahl)",
        ),
        (
            lambda: Money("1.005"),
            "not an amount: '1.005' has more than two decimal places",
            "kein Betrag: '1.005' hat mehr als zwei Nachkommastellen",
        ),
        (
            lambda: Money(10**700),
            "not an amount: a huge integer is larger than 999999999999.99",
            "kein Betrag: eine sehr große ganze Zahl ist größer als 999999999999.99",
        ),
        (
            lambda: parse_date("31.02.2024"),
            "not a date: '31.02.2024' (day is out of range for month)",
            "kein Datum: '31.02.2024' (diesen Tag hat der Monat nicht)",
        ),
        (
            lambda: parse_date("2024-13-01"),
            "not a date: '2024-13-01' (month must be in 1..12)",
            "kein Datum: '2024-13-01' (der Monat muss zwischen 1 und 12 liegen)",
        ),
        (
            lambda: parse_date("yesterday"),
            "not a date: 'yesterday' (write it as 2024-07-31 or 31.07.2024)",
            "kein Datum: 'yesterday' (schreiben Sie es als 2024-07-31 oder 31.07.2024)",
        ),
        (
            lambda: DateRange(start=date(2025, 2, 1), end=date(2025, 1, 1)),
            "invalid period: end: ends (2025-01-01) before it starts (2025-02-01)",
            "ungültige Angaben (Zeitraum): end: endet (01.01.2025) vor dem Beginn (01.02.2025)",
        ),
        (
            lambda: Address(street="Markt 1", postal_code="1234", city=" "),
            "invalid address: city: must not be empty; "
            "postal_code: not a German postal code (five digits): '1234'",
            "ungültige Angaben (Anschrift): city: darf nicht leer sein; postal_code: keine "
            "deutsche Postleitzahl (fünf Ziffern): '1234'",
        ),
        (
            lambda: district("hallle"),
            "unknown district: 'hallle' — did you mean Stadt Halle (Saale) (15002)? (use a key "
            "such as '15001', a slug such as 'dessau-rosslau' or a name; `schulerfolg districts` "
            "lists them)",
            "unbekannte Gebietskörperschaft: 'hallle' — meinten Sie Stadt Halle (Saale) (15002)? "
            "(geben Sie einen Schlüssel wie '15001', einen Slug wie 'dessau-rosslau' oder einen "
            "Namen an; `schulerfolg districts` listet sie auf)",
        ),
    ],
)
def test_errors_speak_german_and_keep_their_english(
    call: Callable[[], object], english: str, german: str
) -> None:
    with pytest.raises(SchulerfolgError) as excinfo:
        call()
    error = excinfo.value
    assert str(error) == english
    # Rendered for an English reader, days are written as English writes them.
    assert message_text(error, "en") == RENDERED.get(english, english)
    assert german in message_text(error, "de")
    assert message_text(pickle.loads(pickle.dumps(error)), "de") == message_text(error, "de")


def test_suggestions_and_recurrences_as_texts() -> None:
    hint = did_you_mean_text("abc", ["abd", "abe"])
    assert hint is not None
    assert str(hint) == did_you_mean("abc", ["abd", "abe"]) == " (did you mean 'abd' or 'abe'?)"
    assert render_text(hint, "de") == " (meinten Sie 'abd' oder 'abe'?)"
    assert did_you_mean_text("zzz", ["abc"]) is None
    problem = recurrence_problem_text("FREQ=DAILY")
    assert problem is not None
    assert str(problem) == recurrence_problem("FREQ=DAILY")
    assert render_text(problem, "de").startswith("eine Wiederholung muss enden")
