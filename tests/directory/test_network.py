"""The directory of the network: the bundled offices, sponsors, the state coordination office
and figures, a district's own directory file on top, and the questions the source texts ask of
it — who is the contact for parents in the Altmarkkreis, which schools of a district have no
school social work, who are the school social workers of a sponsor."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import schulerfolg
from doc_sessions import page_files
from schulerfolg import Audience, DocumentError

DOCS = Path(__file__).resolve().parents[2] / "docs"
ALTMARK_PRESS_RELEASE = (
    "https://www.altmarkkreis-salzwedel.de/buerger-presseservice/presseservice/"
    "pressemitteilungen-neuigkeiten-pressebilder/esf-projekt-schulerfolg-sichern-12-2022.aspx"
)


@pytest.fixture
def stendal_file(tmp_path: Path) -> Path:
    """The complete example of docs/directory.md: a district's own (invented) directory file."""
    path = tmp_path / "stendal-verzeichnis.toml"
    path.write_text(page_files(DOCS / "directory.md")["stendal-verzeichnis.toml"], "utf-8")
    return path


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


HEADER = """
district = "15090"
source = { reference = "https://www.example.org/verzeichnis", title = "Verzeichnis" }
"""

# --------------------------------------------------------------------------------------------
# The bundled directory


def test_the_contact_for_parents_in_the_altmarkkreis_is_its_network_office() -> None:
    # „Die Netzwerkstelle ist Ansprechperson für: … Eltern …“, press release of 19.12.2022.
    directory = schulerfolg.load_directory()
    found = directory.contacts_for(Audience.PARENTS, schulerfolg.district("Altmarkkreis Salzwedel"))

    (answer,) = found
    office, contacts = answer.office, answer.contacts
    assert answer.entries == ()
    assert office.name == "Netzwerkstelle „Schulerfolg“"
    assert [c.name for c in contacts] == ["Juliane Kleinau", "Susann Droska"]
    assert office.source.reference == ALTMARK_PRESS_RELEASE
    assert office.as_of == date(2022, 12, 19)


def test_no_other_office_names_parents_among_its_audiences() -> None:
    found = schulerfolg.load_directory().contacts_for(Audience.PARENTS)
    assert [answer.office.district.key for answer in found] == ["15081"]


def test_every_office_sponsor_is_a_directory_sponsor_with_the_office_s_provenance() -> None:
    directory = schulerfolg.load_directory()
    for office in directory.network_offices:
        assert office.sponsor.id is not None
        entry = directory.sponsor(office.sponsor.id)
        assert entry is not None
        assert entry.sponsor == office.sponsor
        assert entry.district == office.district
        assert (entry.source, entry.as_of, entry.provisional) == (
            office.source,
            office.as_of,
            office.provisional,
        )


def test_sponsors_by_kind() -> None:
    directory = schulerfolg.load_directory()
    free = directory.sponsors_of(kind=schulerfolg.SponsorKind.FREE_YOUTH_WELFARE)
    assert {s.district.key for s in free if s.district} == {
        "15003",
        "15082",
        "15083",
        "15086",
        "15087",
    }
    (stendal,) = directory.sponsors_of(schulerfolg.district("Stendal"))
    assert stendal.id == "landkreis-stendal"


def test_the_state_coordination_office_and_its_sponsor() -> None:
    # „Die Landesweite Koordinierungsstelle, getragen von der Deutschen Kinder- und
    # Jugendstiftung …“ (https://www.dkjs.de/themen/alle-programme/schulerfolg-gemeinsam-sichern/)
    directory = schulerfolg.load_directory()
    office = directory.state_coordination
    assert office is not None
    sponsor = directory.sponsor(office.sponsor)
    assert sponsor is not None
    assert sponsor.name == "Deutsche Kinder- und Jugendstiftung GmbH"
    assert sponsor.district is None
    assert any("Netzwerkstellen" in task for task in office.tasks)


def test_the_altmarkkreis_counts_17_school_social_workers_on_19_december_2022() -> None:
    (figure,) = schulerfolg.load_directory().figures_of(schulerfolg.district("15081"))
    assert figure.school_social_workers == 17
    assert figure.as_of == date(2022, 12, 19)
    assert figure.source.reference == ALTMARK_PRESS_RELEASE


def test_figures_are_ordered_by_the_period_they_describe() -> None:
    figures = schulerfolg.load_directory().figures_of()
    state_wide = [f for f in figures if f.district is None]
    starts = [f.period.start for f in figures if f.period is not None]
    assert starts == sorted(starts)
    assert figures[-1].period is None  # the undated programme page's 355 schools, last
    assert figures[-1].schools == 355
    assert len(state_wide) < len(figures)  # with no district: all of them


# --------------------------------------------------------------------------------------------
# A district's own directory file


def test_which_schools_of_a_district_have_no_school_social_work(stendal_file: Path) -> None:
    directory = schulerfolg.load_directory(stendal_file)
    stendal = schulerfolg.district("Stendal")

    without = directory.schools_of(stendal, school_social_work=False)
    with_ = directory.schools_of(stendal, school_social_work=True)
    assert [s.id for s in without] == ["gym-beispielstadt"]
    assert [s.id for s in with_] == ["gs-am-beispielpark", "sek-beispielstadt"]
    assert directory.schools_of(schulerfolg.district("Börde")) == ()


def test_the_school_social_workers_of_a_sponsor(stendal_file: Path) -> None:
    directory = schulerfolg.load_directory(stendal_file)

    (worker,) = directory.workers(sponsor="beispiel-jugendhilfe-stendal")
    assert worker.name == "Max Muster (erfunden)"
    assert worker.schools == ("gs-am-beispielpark",)
    assert worker.fte == Decimal("1.0")
    assert worker.example_projects == (
        "Klassenrat in den Klassen 3 und 4",
        "Streitschlichter-Ausbildung",
    )
    # A bundled sponsor (the district's own, which runs its network office) is named by its id.
    (employed,) = directory.workers(sponsor="landkreis-stendal")
    assert employed.name == "Lea Beispiel (erfunden)"
    assert employed.provisional
    assert {w.id for w in directory.workers(schulerfolg.district("Stendal"))} == {
        "max-muster",
        "lea-beispiel",
    }
    assert directory.workers(schulerfolg.district("Börde")) == ()


def test_the_file_s_defaults_and_district_fill_in_its_records(stendal_file: Path) -> None:
    directory = schulerfolg.load_directory(stendal_file)
    school = directory.school("gym-beispielstadt")
    assert school is not None
    assert school.district == schulerfolg.district("15090")
    assert school.as_of == date(2026, 9, 1)
    assert school.source.title == "Netzwerkstelle für den Schulerfolg im Landkreis Stendal"


def test_a_file_s_contacts_join_its_network_office_for_their_audiences(
    stendal_file: Path,
) -> None:
    directory = schulerfolg.load_directory(stendal_file)
    (answer,) = directory.contacts_for(Audience.PARENTS, schulerfolg.district("Stendal"))
    assert answer.office.district.key == "15090"
    assert answer.contacts == ()  # the office itself names no one for parents
    (entry,) = answer.entries
    assert entry.name == "Erika Beispiel (erfunden)"
    assert entry.email == "eltern@example.org"
    # The file's contact carries the file's source and day, not the office's.
    assert entry.as_of == date(2026, 9, 1)
    assert entry.source.title == "Netzwerkstelle für den Schulerfolg im Landkreis Stendal"
    assert entry.source != answer.office.source
    # The office's own contacts stay the contacts for the audiences it names.
    (for_schools,) = directory.contacts_for(Audience.SCHOOLS, schulerfolg.district("Stendal"))
    assert [c.name for c in for_schools.contacts] == ["Grit May", "Irene Huwa", "Isabel Myrach"]
    assert for_schools.entries == ()


def test_contacts_for_a_district_without_a_network_office_are_refused(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "saalekreis.toml",
        'district = "Saalekreis"\nsource = { reference = "https://www.example.org/s" }\n'
        '[[contact]]\nname = "Erika Beispiel"\naudiences = ["parents"]\n',
    )
    with pytest.raises(DocumentError) as caught:
        schulerfolg.load_directory(path)
    assert [(p.path, p.code) for p in caught.value.problems] == [("$.contact", "unknown_reference")]


def test_a_school_s_cooperation_agreements(stendal_file: Path) -> None:
    directory = schulerfolg.load_directory(stendal_file)
    (agreement,) = directory.agreements_of("gym-beispielstadt")
    assert agreement.partner == "beratungsstelle-beispiel"
    assert agreement.signed_on == date(2025, 9, 15)
    assert directory.projects_of(sponsor="beispiel-jugendhilfe-stendal")[0].funding_cycle == (
        "esf-plus-2024"
    )


def test_a_json_directory_file_is_read_like_a_toml_one(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "halle.json",
        json.dumps(
            {
                "district": "Halle (Saale)",
                "source": {"reference": "https://www.example.org/halle", "title": "Halle"},
                "school": [
                    {
                        "id": "gs-beispiel-halle",
                        "name": "Grundschule Beispiel (erfunden)",
                        "school_type": "primary_school",
                        "has_school_social_work": False,
                    }
                ],
            }
        ),
    )
    (school,) = schulerfolg.load_directory(path).schools_of(school_social_work=False)
    assert school.district.key == "15002"


# --------------------------------------------------------------------------------------------
# Mistakes: every problem of a file at once, with the file and the path


BROKEN = (
    HEADER
    + """
unknown = 1

[[school]]
id = "gym-beispiel"
name = "Gymnasium Beispiel"
school_type = "grammar_school"
has_school_social_work = false

[[school]]
id = "gym-beispiel"
name = "Noch eins"
school_type = "gymnasium"
has_school_social_work = false

[[school]]
id = "Grundschule Beispiel"
name = ""
school_type = "primary_school"
has_school_social_work = true
district = "15001"

[[school_social_worker]]
id = "max-muster"
name = "Max Muster"
sponsor = "unbekannt"
schools = ["gym-beispiel", "gibt-es-nicht"]
fte = 1.0

[[school_social_work_project]]
id = "ssa-1"
school = "gym-beispiel"
sponsor = "landkreis-stendal"
fte = "0"
funding_cycle = "esf-2030"

[[cooperation_agreement]]
id = "kv-1"
school = "gym-beispiel"
"""
)

EXPECTED = {
    ("$.unknown", "unknown_key"),
    ("$.school[1].school_type", "invalid"),
    ("$.school[1].id", "duplicate"),
    ("$.school[2].name", "invalid"),
    ("$.school[2].district", "invalid"),
    ("$.school_social_worker[0].fte", "type"),
    ("$.school_social_worker[0].sponsor", "unknown_reference"),
    ("$.school_social_worker[0].schools[0]", "conflict"),
    ("$.school_social_worker[0].schools[1]", "unknown_reference"),
    ("$.school_social_work_project[0].fte", "invalid"),
    ("$.school_social_work_project[0].school", "conflict"),
    ("$.school_social_work_project[0].funding_cycle", "unknown_reference"),
    ("$.cooperation_agreement[0].partner", "invalid"),
}


def test_a_file_with_many_mistakes_reports_every_one_with_file_and_path(tmp_path: Path) -> None:
    path = _write(tmp_path, "kaputt.toml", BROKEN)

    with pytest.raises(DocumentError) as caught:
        schulerfolg.load_directory(path)

    error = caught.value
    assert error.source == str(path)
    assert {(p.path, p.code) for p in error.problems} == EXPECTED
    # (A record's own invariants — the id of school[2] is not a slug — are checked once its
    # fields can be read: the converter reports the blank name first, as for every document.)
    assert str(path) in str(error)


def test_nothing_of_a_file_with_mistakes_is_used(tmp_path: Path, stendal_file: Path) -> None:
    broken = _write(tmp_path, "kaputt.toml", BROKEN)
    with pytest.raises(DocumentError):
        schulerfolg.load_directory(stendal_file, broken)
    # The bundled directory is as it was; the good file still loads on its own.
    assert schulerfolg.load_directory().schools == ()
    assert len(schulerfolg.load_directory(stendal_file).schools) == 3


SCHOOL = """
[[school]]
id = "s"
name = "x"
school_type = "primary_school"
has_school_social_work = true
"""


@pytest.mark.parametrize(
    ("text", "path", "code"),
    [
        ('source = { reference = "https://x.example" }\n', "$.district", "missing"),
        ('district = "Atlantis"\n', "$.district", "invalid"),
        ("district = 15090\n", "$.district", "type"),
        (HEADER + 'school = "none"\n', "$.school", "type"),
        (
            HEADER + "[state_coordination]\nname = 'x'\nsponsor = 'dkjs'\n",
            "$.state_coordination",
            "unknown_key",
        ),
        (
            HEADER + "[[sponsor]]\nid = 'dkjs'\nname = 'x'\nkind = 'municipality'\n",
            "$.sponsor[0].id",
            "duplicate",
        ),
        (
            HEADER + "[[partner]]\nid = 'p'\nname = 'x'\nkind = 'other'\ndistrict = '15001'\n",
            "$.partner[0].district",
            "invalid",
        ),
        (HEADER + "[[figure]]\nnote = 'nichts'\n", "$.figure[0].school_social_workers", "invalid"),
        (HEADER + SCHOOL + "provisional = true\n", "$.school[0].note", "invalid"),
        ("district = 'Stendal'\n" + SCHOOL, "$.school[0].source", "missing"),
    ],
)
def test_each_kind_of_mistake_names_its_path(
    tmp_path: Path, text: str, path: str, code: str
) -> None:
    file = _write(tmp_path, "verzeichnis.toml", text)
    with pytest.raises(DocumentError) as caught:
        schulerfolg.load_directory(file)
    assert (path, code) in {(p.path, p.code) for p in caught.value.problems}


def test_a_wrong_top_level_default_is_reported_once_at_its_own_path(tmp_path: Path) -> None:
    text = 'district = "Atlantis"\nsource = "nur Text"\nas_of = "gestern"\n' + SCHOOL + SCHOOL
    path = _write(tmp_path, "kopf.toml", text.replace('id = "s"', 'id = "s2"', 1))
    with pytest.raises(DocumentError) as caught:
        schulerfolg.load_directory(path)
    assert sorted((p.path, p.code) for p in caught.value.problems) == [
        ("$.as_of", "invalid"),
        ("$.district", "invalid"),
        ("$.source", "type"),
    ]


def test_a_file_cannot_record_another_district_s_schools_or_none(
    tmp_path: Path, stendal_file: Path
) -> None:
    harz = _write(
        tmp_path,
        "harz.json",
        json.dumps(
            {
                "district": "Harz",
                "source": {"reference": "https://www.example.org/harz"},
                "sponsor": [
                    {"id": "landesweit", "name": "X", "kind": "municipality", "district": None}
                ],
                "school_social_worker": [
                    {
                        "id": "fremd",
                        "name": "Fremd",
                        "sponsor": "landkreis-harz",
                        "schools": ["gs-am-beispielpark"],
                    }
                ],
            }
        ),
    )
    with pytest.raises(DocumentError) as caught:
        schulerfolg.load_directory(stendal_file, harz)
    assert sorted((p.path, p.code) for p in caught.value.problems) == [
        ("$.school_social_worker[0].schools[0]", "conflict"),
        ("$.sponsor[0].district", "invalid"),
    ]


def test_one_person_holds_at_most_one_full_post(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "fte.toml",
        HEADER + '[[school_social_worker]]\nid = "w"\nname = "W"\nsponsor = "landkreis-stendal"'
        '\nfte = "1e30"\n',
    )
    with pytest.raises(DocumentError) as caught:
        schulerfolg.load_directory(path)
    assert [(p.path, p.code) for p in caught.value.problems] == [
        ("$.school_social_worker[0].fte", "invalid")
    ]


def test_an_id_given_by_an_earlier_file_is_a_duplicate(tmp_path: Path, stendal_file: Path) -> None:
    again = _write(tmp_path, "noch-einmal.toml", stendal_file.read_text("utf-8"))
    with pytest.raises(DocumentError) as caught:
        schulerfolg.load_directory(stendal_file, again)
    assert caught.value.source == str(again)
    assert any(str(stendal_file) in p.message for p in caught.value.problems)


def test_files_that_cannot_be_read_or_parsed(tmp_path: Path) -> None:
    with pytest.raises(DocumentError) as caught:
        schulerfolg.load_directory(tmp_path / "fehlt.toml")
    assert [(p.path, p.code) for p in caught.value.problems] == [("$", "unreadable")]
    bad = _write(tmp_path, "kaputt.json", "{district: 1}")
    with pytest.raises(DocumentError) as caught:
        schulerfolg.load_directory(bad)
    assert [p.code for p in caught.value.problems] == ["syntax"]


def test_a_toml_file_with_a_byte_order_mark_is_read(tmp_path: Path, stendal_file: Path) -> None:
    # As Windows editors save UTF-8.
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + stendal_file.read_bytes())
    assert len(schulerfolg.load_directory(path).schools) == 3
