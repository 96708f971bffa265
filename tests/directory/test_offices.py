"""The bundled network offices, read through the public API, plus the errors a corrupted copy
of their data file gives."""

from __future__ import annotations

import tomllib
from datetime import date
from importlib.resources import files
from pathlib import Path

import attrs
import pytest

import schulerfolg
from schulerfolg._wire.toml_files import read_toml


def _office(query: str) -> schulerfolg.NetworkOffice:
    return schulerfolg.network_office(query)


def _contact(office: schulerfolg.NetworkOffice, name: str) -> schulerfolg.Contact:
    matches = [c for c in office.contacts if c.name == name]
    assert len(matches) == 1, f"{name} not listed once for {office.name}: {office.contacts}"
    return matches[0]


def test_network_offices_are_one_per_district_in_key_order() -> None:
    offices = schulerfolg.network_offices()
    keys = [o.district.key for o in offices]

    assert keys == sorted(keys)
    assert len(keys) == len(set(keys))


def test_every_district_but_saalekreis_has_a_network_office() -> None:
    # The Saalekreis sponsor was not found in any source, so no record is kept for it.
    recorded = {o.district.key for o in schulerfolg.network_offices()}

    assert recorded == {d.key for d in schulerfolg.districts()} - {"15088"}
    with pytest.raises(schulerfolg.NotFoundError, match="Saalekreis"):
        schulerfolg.network_office("Saalekreis")


@pytest.mark.parametrize("office", schulerfolg.network_offices(), ids=lambda o: o.district.key)
def test_every_network_office_names_its_source_and_date(office: schulerfolg.NetworkOffice) -> None:
    assert office.name.strip()
    assert office.source.reference.strip()
    assert office.source.title is not None
    assert office.source.title.strip()
    if office.as_of is not None:  # None: the source is undated, and no day is borrowed
        assert date(2009, 1, 1) <= office.as_of <= date(2026, 12, 31)
        if office.sponsor_since is not None:
            assert office.sponsor_since <= office.as_of


#: The as-of day of each network office: the day its source states or was published, else
#: unknown (``None``) — never a day borrowed from another table.
AS_OF = {
    # Pressemitteilung of 19.12.2022 (https://www.altmarkkreis-salzwedel.de/…-12-2022.aspx)
    "15081": date(2022, 12, 19),
    # newest dated entry of https://www.salzlandkreis.de/…/netzwerkstelle-schulerfolg-im-salzlandkreis
    "15089": date(2026, 1, 20),
}


@pytest.mark.parametrize("office", schulerfolg.network_offices(), ids=lambda o: o.district.key)
def test_an_office_s_as_of_day_is_its_source_s_or_unknown(
    office: schulerfolg.NetworkOffice,
) -> None:
    assert office.as_of == AS_OF.get(office.district.key)


@pytest.mark.parametrize("office", schulerfolg.network_offices(), ids=lambda o: o.district.key)
def test_every_network_office_district_resolves(office: schulerfolg.NetworkOffice) -> None:
    district = office.district

    assert schulerfolg.district(district.key) == district
    assert office in schulerfolg.network_offices()
    for query in (district.key, district.slug, district.name):
        assert schulerfolg.network_office(query) == office
    assert schulerfolg.network_office(district) == office


@pytest.mark.parametrize("office", schulerfolg.network_offices(), ids=lambda o: o.district.key)
def test_published_emails_come_out_normalised(office: schulerfolg.NetworkOffice) -> None:
    for contact in office.contacts:
        if contact.email is not None:
            assert "(at)" not in contact.email
            assert contact.email.count("@") == 1


def test_network_office_look_up_by_unknown_district_raises_not_found() -> None:
    with pytest.raises(schulerfolg.NotFoundError, match="Atlantis"):
        schulerfolg.network_office("Atlantis")


def test_inferred_sponsors_are_provisional_and_say_why() -> None:
    # Magdeburg's current sponsor and Mansfeld-Südharz's sponsor (read from an e-mail domain)
    # are inferred: flagged, with the reason in the note, not in the source's title.
    for query, reason in (("Magdeburg", "2021"), ("Mansfeld-Südharz", "twsd.de")):
        office = _office(query)
        assert office.provisional
        assert office.note is not None
        assert reason in office.note


def test_stendal_network_office_and_contacts() -> None:
    office = _office("Stendal")

    assert office.name == "Netzwerkstelle für den Schulerfolg im Landkreis Stendal"
    assert office.sponsor.name == "Landkreis Stendal"
    assert office.sponsor.kind is schulerfolg.SponsorKind.PUBLIC_YOUTH_WELFARE
    assert office.sponsor.department == "Jugendamt"
    assert office.sponsor.address == schulerfolg.Address(
        street="Hospitalstraße 1-2", postal_code="39567", city="Hansestadt Stendal"
    )
    assert office.sponsor_since == date(2022, 8, 1)
    assert [c.name for c in office.contacts] == ["Grit May", "Irene Huwa", "Isabel Myrach"]
    assert _contact(office, "Grit May").phone == "03931 607205"
    assert _contact(office, "Grit May").email == "schulsozialarbeit@landkreis-stendal.de"
    assert _contact(office, "Irene Huwa").phone == "03931 607190"
    assert _contact(office, "Irene Huwa").email == "schulsozialarbeit@landkreis-stendal.de"
    assert _contact(office, "Isabel Myrach").phone == "03931 607222"
    assert _contact(office, "Isabel Myrach").email == "isabel.myrach@landkreis-stendal.de"
    assert "Mobile Jugendberufsagentur" in office.partner_departments
    assert office.source.reference == (
        "https://www.schulerfolg-sichern.de/das-programm/regionale-netzwerkstellen/stendal.html"
    )


def test_burgenlandkreis_network_office_and_contacts() -> None:
    office = _office("Burgenlandkreis")

    assert office.name == "Netzwerkstelle gegen Schulversagen im Burgenlandkreis"
    assert office.sponsor.name == "Burgenlandkreis"
    assert office.sponsor.department == "Jugendamt"
    assert office.sponsor.address is not None
    assert office.sponsor.address.postal_code == "06618"
    assert office.sponsor.address.city == "Naumburg"
    assert _contact(office, "Ellen Liedtke").phone == "03445 731368"
    assert _contact(office, "Ellen Liedtke").email == "Liedtke.Ellen@blk.de"
    assert _contact(office, "Sarah Kirsch").phone == "03445 731369"
    assert _contact(office, "Sarah Kirsch").email == "Kirsch.Sarah@blk.de"
    assert "Jugendberufsagentur" in office.partner_departments
    assert any("Kinderschutz" in topic for topic in office.focus_topics)
    assert any("Schulverweigerung" in topic for topic in office.focus_topics)
    assert office.source.reference == (
        "https://www.schulerfolg-sichern.de/das-programm/regionale-netzwerkstellen/"
        "burgenlandkreis.html"
    )


def test_altmarkkreis_network_office_and_contacts() -> None:
    office = _office("Altmarkkreis Salzwedel")

    assert office.sponsor.name == "Altmarkkreis Salzwedel"
    assert office.sponsor.kind is schulerfolg.SponsorKind.PUBLIC_YOUTH_WELFARE
    assert office.sponsor_since == date(2022, 8, 1)
    assert office.as_of == date(2022, 12, 19)
    kleinau = _contact(office, "Juliane Kleinau")
    assert kleinau.role == "Koordinatorin Netzwerkstelle"
    assert kleinau.phone == "03901 840 607"
    assert kleinau.email == "Juliane.Kleinau@Altmarkkreis-Salzwedel.de"
    droska = _contact(office, "Susann Droska")
    assert droska.role == "Projektassistenz"
    assert droska.phone == "03901 840 606"
    assert droska.email == "Susann.Droska@Altmarkkreis-Salzwedel.de"
    assert len(office.tasks) == 5
    assert len(office.audiences) == 9
    assert schulerfolg.Audience.PARENTS in office.audiences
    assert office.source.reference.startswith("https://www.altmarkkreis-salzwedel.de/")


def test_dessau_rosslau_network_office() -> None:
    office = _office("Dessau-Rosslau")

    assert office.name == "Netzwerkstelle „Schulerfolg für Dessau-Roßlau“"
    assert office.sponsor.name == "Stadt Dessau-Roßlau"
    assert office.sponsor.address == schulerfolg.Address(
        street="Friedrich-Naumann-Straße 12", postal_code="06844", city="Dessau-Roßlau"
    )
    assert "Bildungsbüro" in office.partner_departments
    assert office.contacts == ()


def test_free_sponsors_are_recorded_as_free_youth_welfare() -> None:
    free = {
        o.district.key
        for o in schulerfolg.network_offices()
        if o.sponsor.kind is schulerfolg.SponsorKind.FREE_YOUTH_WELFARE
    }

    assert free == {"15003", "15082", "15083", "15086", "15087"}
    assert _office("Börde").sponsor.name == "Arbeiterwohlfahrt Kreisverband Börde e.V."
    assert _office("Jerichower Land").sponsor.name == "Jugendwerk Rolandmühle gGmbH"


def test_published_at_form_is_normalised_by_the_model() -> None:
    contact = schulerfolg.Contact(name="Ellen Liedtke", email="Liedtke.Ellen(at)blk.de")

    assert contact.email == "Liedtke.Ellen@blk.de"
    assert schulerfolg.normalise_email(" a [AT] b.de ") == "a@b.de"
    assert schulerfolg.normalise_email(None) is None


# --------------------------------------------------------------------------------------------
# A corrupted copy of the data file


@attrs.frozen(kw_only=True)
class _NetworkOfficesFile:
    """The shape of network_offices.toml, so that error paths name the file's own keys."""

    network_office: tuple[schulerfolg.NetworkOffice, ...]


def _data_text(name: str) -> str:
    return (files("schulerfolg") / "data" / name).read_text(encoding="utf-8")


def _index_of_district(document: dict[str, object], key: str) -> int:
    records = document["network_office"]
    assert isinstance(records, list)
    return next(i for i, record in enumerate(records) if record["district"] == key)


def _copy(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_an_unchanged_copy_of_the_network_offices_reads_cleanly(tmp_path: Path) -> None:
    path = _copy(tmp_path, "network_offices.toml", _data_text("network_offices.toml"))

    document = read_toml(path)
    read = schulerfolg.from_dict(document, _NetworkOfficesFile, source=str(path))

    assert sorted(read.network_office, key=lambda o: o.district.key) == list(
        schulerfolg.network_offices()
    )


def test_corrupted_network_offices_name_the_file_and_every_key_path(tmp_path: Path) -> None:
    original = _data_text("network_offices.toml")
    document = tomllib.loads(original)
    stendal = _index_of_district(document, "15090")
    halle = _index_of_district(document, "15002")
    text = original.replace('phone = "03931 607205"', 'phone = "03931 607205"\nfax = "1"', 1)
    text = text.replace('postal_code = "06114"', 'postal_code = "6114"', 1)
    text = text.replace('district = "15003"', 'district = "Atlantis"', 1)
    assert text.count("fax =") == 1
    path = _copy(tmp_path, "network_offices.toml", text)

    with pytest.raises(schulerfolg.DocumentError) as caught:
        schulerfolg.from_dict(read_toml(path), _NetworkOfficesFile, source=str(path))

    error = caught.value
    assert error.source == str(path)
    assert str(path) in str(error)
    paths = {p.path: p for p in error.problems}
    magdeburg = _index_of_district(document, "15003")
    assert set(paths) == {
        f"$.network_office[{stendal}].contacts[0].fax",
        f"$.network_office[{halle}].sponsor.address.postal_code",
        f"$.network_office[{magdeburg}].district",
    }
    assert paths[f"$.network_office[{stendal}].contacts[0].fax"].code == "unknown_key"
    assert "6114" in paths[f"$.network_office[{halle}].sponsor.address.postal_code"].message
    assert "Atlantis" in paths[f"$.network_office[{magdeburg}].district"].message
    for problem in error.problems:
        assert problem.path in str(error)


def test_corrupted_sponsor_kind_is_refused_with_the_allowed_values(tmp_path: Path) -> None:
    original = _data_text("network_offices.toml")
    text = original.replace('kind = "free_youth_welfare"', 'kind = "freier Träger"', 1)
    path = _copy(tmp_path, "network_offices.toml", text)

    with pytest.raises(schulerfolg.DocumentError) as caught:
        schulerfolg.from_dict(read_toml(path), _NetworkOfficesFile, source=str(path))

    (problem,) = caught.value.problems
    assert problem.path.startswith("$.network_office[")
    assert problem.path.endswith("].sponsor.kind")
    assert "freier Träger" in problem.message
    assert "free_youth_welfare" in problem.message
