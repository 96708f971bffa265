"""``schulerfolg directory``: the directory's questions from the command line, as text in both
languages, JSON and CSV, and every problem of a district's directory files with file and path."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from doc_sessions import page_files
from helpers import run

DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    """The example directory file of docs/directory.md and its broken sibling, written out."""
    made = {}
    for name, text in page_files(DOCS / "directory.md").items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        made[name] = str(path)
    return made


def test_the_contact_for_parents_in_the_altmarkkreis_in_both_languages() -> None:
    german = run("directory", "contacts", "15081", "--for", "Eltern")
    english = run(
        "directory", "contacts", "altmarkkreis-salzwedel", "--for", "parents", "--lang", "en"
    )

    assert german.code == english.code == 0
    assert german.out.splitlines()[0] == "Ansprechpersonen für Eltern und Sorgeberechtigte:"
    assert english.out.splitlines()[0] == "Contacts for parents and guardians:"
    for result in (german, english):
        assert "Juliane Kleinau, Koordinatorin Netzwerkstelle" in result.out
        assert "Susann Droska, Projektassistenz" in result.out
    assert "Tel. 03901 840 607" in german.out
    assert "phone 03901 840 607" in english.out


def test_no_office_for_an_audience_says_so_and_exits_0() -> None:
    result = run("directory", "contacts", "boerde", "--for", "volunteers")
    assert result.code == 0
    assert result.out == ("Keine Netzwerkstelle nennt sich Ansprechperson für Ehrenamtliche.\n")


def test_an_unknown_audience_is_a_usage_error_with_a_suggestion() -> None:
    result = run("directory", "contacts", "--for", "elter")
    assert result.code == 2
    assert result.out == ""
    assert "unbekannte Zielgruppe: 'elter' – meinten Sie eltern?" in result.err


def test_schools_without_school_social_work(files: dict[str, str]) -> None:
    example = files["stendal-verzeichnis.toml"]
    text = run("directory", "schools", "Stendal", "--without-school-social-work", "-f", example)
    data = run(
        "directory",
        "schools",
        "Stendal",
        "--without-school-social-work",
        "-f",
        example,
        "--format",
        "json",
    )
    assert text.code == data.code == 0
    assert text.out.startswith("Gymnasium Beispielstadt (erfunden) (Gymnasium), ohne")
    (school,) = json.loads(data.out)
    assert school["id"] == "gym-beispielstadt"
    assert school["district"] == "15090"
    assert school["has_school_social_work"] is False
    assert school["source"]["reference"].startswith("https://")


def test_the_school_social_workers_of_a_sponsor_as_a_table(files: dict[str, str]) -> None:
    example = files["stendal-verzeichnis.toml"]
    result = run(
        "directory", "workers", "--sponsor", "landkreis-stendal", "-f", example, "--format", "csv"
    )
    assert result.code == 0
    (row,) = list(csv.DictReader(io.StringIO(result.out)))
    assert row["name"] == "Lea Beispiel (erfunden)"
    assert row["sponsor_name"] == "Landkreis Stendal"
    assert row["fte"] == "0.75"
    assert row["provisional"] == "true"


def test_an_unknown_sponsor_suggests_the_ids_like_it(files: dict[str, str]) -> None:
    example = files["stendal-verzeichnis.toml"]
    result = run("directory", "workers", "--sponsor", "beispiel-jugendhilfe", "-f", example)
    assert result.code == 2
    assert "meinten Sie beispiel-jugendhilfe-stendal?" in result.err


def test_offices_show_provisional_records_and_unknown_days() -> None:
    result = run("directory", "offices", "Mansfeld-Südharz")
    assert result.code == 0
    assert "Stand: unbekannt (die Quelle ist undatiert)" in result.out
    assert "Vorläufig: Die Seite nennt keinen Träger" in result.out
    data = json.loads(run("directory", "offices", "--format", "json").out)
    assert len(data["network_offices"]) == 13
    assert data["state_coordination"]["sponsor"] == "dkjs"


def test_directory_check_reports_every_problem_with_file_and_path(files: dict[str, str]) -> None:
    broken, good = files["kaputt.toml"], files["stendal-verzeichnis.toml"]
    result = run("directory", "check", broken, good)
    assert result.code == 2
    assert f"schulerfolg: 5 Probleme in {broken}:" in result.err
    for path in (
        "$.school[1].school_type",
        "$.school_social_worker[0].fte",
        "$.school[1].id",
        "$.school_social_worker[0].sponsor",
        "$.school_social_worker[0].schools[0]",
    ):
        assert f"  {path}: " in result.err
    assert result.out == f"{good}: keine Probleme\n"


def test_directory_check_as_json(files: dict[str, str]) -> None:
    broken, good = files["kaputt.toml"], files["stendal-verzeichnis.toml"]
    result = run("directory", "check", broken, good, "--format", "json")
    assert result.code == 2
    first, second = json.loads(result.out)
    assert (first["file"], first["valid"]) == (broken, False)
    assert {p["code"] for p in first["problems"]} == {
        "invalid",
        "type",
        "duplicate",
        "unknown_reference",
        "conflict",
    }
    assert second == {"file": good, "valid": True, "problems": []}


def test_a_query_with_a_broken_file_exits_2_and_shows_nothing(files: dict[str, str]) -> None:
    result = run("directory", "schools", "--file", files["kaputt.toml"])
    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith("schulerfolg: ungültige Eingabe: 5 Probleme in ")
