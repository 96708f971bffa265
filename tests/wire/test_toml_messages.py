"""The notes of TOML data as gettext messages (:mod:`schulerfolg._wire.toml_messages`): what
``pybabel extract`` finds, and that the bundled notes reach a reader in their language."""

from __future__ import annotations

import io
from importlib.metadata import entry_points

from babel.messages.extract import extract

from helpers import run
from schulerfolg._wire.toml_messages import extract_notes

PLUGIN = """\
api_version = 1
district = "15085"
name = "Harz"

[[parameter]]
name = "educational_offer.cap"

[[parameter.values]]
valid_from = 2024-08-01
value = { amount = "1500.00", scope = "per_offer", basis = "calendar_year" }
note = "First note: the cap."

[[parameter.values]]
valid_from = 2025-08-01
value = { amount = "1800.00", scope = "per_offer", basis = "calendar_year", note = "no" }
source = { reference = "https://example.org", title = "Example", note = "Nested note." }

[notes]
note = 3
"""


def test_every_note_is_found_with_its_line() -> None:
    found = list(extract_notes(io.BytesIO(PLUGIN.encode()), {}, [], {}))
    assert [(line, message) for line, _, message, _ in found] == [
        (11, "First note: the cap."),
        (15, "no"),
        (16, "Nested note."),
    ]


def test_pybabel_finds_the_extractor_by_its_registered_name() -> None:
    (registered,) = entry_points(group="babel.extractors", name="schulerfolg-notes")
    assert registered.load() is extract_notes
    messages = [
        message for _, message, _, _ in extract("schulerfolg-notes", io.BytesIO(PLUGIN.encode()))
    ]
    assert messages == ["First note: the cap.", "no", "Nested note."]


def test_a_bundled_note_reaches_the_reader_in_their_language() -> None:
    german = run("rules", "--district", "wittenberg", "--lang", "de").out
    english = run("rules", "--district", "wittenberg", "--lang", "en").out
    assert (
        "Anmerkung: „max. 2.000 Euro/Kalenderjahr“ für jede Schule. Die Seite ist undatiert: als "
        "Anfangstag wird der 01.08.2022 (Beginn des ESF+) angenommen."
    ) in german
    assert (
        "note: „max. 2.000 Euro/Kalenderjahr“ for every school. The page is undated: the start "
        "day 01.08.2022 (the ESF+ start) is assumed."
    ) in english
    figures = run("directory", "figures", "--lang", "en").out
    assert "School social work at 355 schools of all school types" in figures
    assert "Schulsozialarbeit an 355 Schulen" in run("directory", "figures").out
