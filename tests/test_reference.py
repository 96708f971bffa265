"""The bundled reference data, read through the public API: districts, network offices and the
programme's funding cycles, plus the errors a corrupted copy of a data file gives."""

import tomllib
from datetime import date
from decimal import Decimal
from importlib.resources import files
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import schulerfolg
from schulerfolg import _converter

# --------------------------------------------------------------------------------------------
# Districts


def test_there_are_fourteen_districts_with_unique_keys_slugs_and_names() -> None:
    districts = schulerfolg.districts()

    assert len(districts) == 14
    assert len({d.key for d in districts}) == 14
    assert len({d.slug for d in districts}) == 14
    assert len({d.name for d in districts}) == 14
    assert [d.key for d in districts] == sorted(d.key for d in districts)


def test_district_kinds_match_the_three_urban_districts() -> None:
    urban = {
        d.key for d in schulerfolg.districts() if d.kind is schulerfolg.DistrictKind.URBAN_DISTRICT
    }

    assert urban == {"15001", "15002", "15003"}


@pytest.mark.parametrize("district", schulerfolg.districts(), ids=lambda d: d.key)
def test_ags_is_the_key_followed_by_000(district: schulerfolg.District) -> None:
    assert district.key.startswith("15")
    assert len(district.key) == 5
    assert district.ags == district.key + "000"


@pytest.mark.parametrize("district", schulerfolg.districts(), ids=lambda d: d.key)
def test_district_is_found_by_key_ags_slug_and_name(district: schulerfolg.District) -> None:
    for query in (district.key, district.ags, district.slug, district.name):
        assert schulerfolg.district(query) == district


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("Dessau-Rosslau", "15001"),
        ("dessau-roßlau", "15001"),
        ("Stadt Dessau-Roßlau", "15001"),
        ("DESSAU ROSSLAU", "15001"),
        ("Halle", "15002"),
        ("Halle (Saale)", "15002"),
        ("Stadt Halle", "15002"),
        ("halle-saale", "15002"),
        ("Magdeburg", "15003"),
        ("Landeshauptstadt Magdeburg", "15003"),
        ("Börde", "15083"),
        ("Boerde", "15083"),
        ("boerde", "15083"),
        ("Landkreis Börde", "15083"),
        ("Mansfeld-Suedharz", "15087"),
        ("mansfeld südharz", "15087"),
        ("Landkreis Stendal", "15090"),
        ("  Harz  ", "15085"),
        ("15084000", "15084"),
    ],
)
def test_district_look_up_is_tolerant_of_case_umlauts_sharp_s_and_prefixes(
    query: str, key: str
) -> None:
    assert schulerfolg.district(query).key == key


_TRANSLITERATION = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}


@settings(deadline=None)
@given(data=st.data())
def test_any_casing_and_transliteration_of_a_district_name_finds_it(data: st.DataObject) -> None:
    district = data.draw(st.sampled_from(schulerfolg.districts()))
    spelled = []
    for char in district.name:
        if char in _TRANSLITERATION and data.draw(st.booleans()):
            char = _TRANSLITERATION[char]
        spelled.append(char.upper() if data.draw(st.booleans()) else char.lower())

    assert schulerfolg.district("".join(spelled)) == district


@pytest.mark.parametrize("query", ["Atlantis", "15999", "Kreis Nirgendwo", "", "Stadt"])
def test_unknown_district_raises_not_found_naming_the_query(query: str) -> None:
    with pytest.raises(schulerfolg.NotFoundError) as caught:
        schulerfolg.district(query)

    assert repr(query) in str(caught.value)
    assert isinstance(caught.value, schulerfolg.SchulerfolgError)
    assert isinstance(caught.value, LookupError)


@settings(deadline=None)
@given(query=st.text(max_size=40))
def test_district_look_up_either_finds_a_district_or_raises_not_found(query: str) -> None:
    found: schulerfolg.District | None = None
    message = ""
    try:
        found = schulerfolg.district(query)
    except schulerfolg.NotFoundError as exc:
        message = str(exc)

    if found is None:
        assert repr(query) in message
    else:
        assert found in schulerfolg.districts()


# --------------------------------------------------------------------------------------------
# Network offices


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
    assert isinstance(office.as_of, date)
    assert date(2009, 1, 1) <= office.as_of <= date(2026, 12, 31)
    if office.sponsor_since is not None:
        assert office.sponsor_since <= office.as_of


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


def test_inferred_sponsors_say_so_in_their_source() -> None:
    # FACTS marks these sponsors [I]: Magdeburg's current DFV status, Mansfeld-Südharz's sponsor
    # read from an e-mail domain.
    for query in ("Magdeburg", "Mansfeld-Südharz"):
        title = _office(query).source.title
        assert title is not None
        assert "inferred" in title
        assert "unverified" in title


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
    assert "seeds/001_7b29ee9f622d3084.txt" in office.source.reference


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
    assert "seeds/003_2601b98b81d2a867.txt" in office.source.reference


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
    assert "Eltern" in office.audiences
    assert "seeds/000_b2e857e66814c337.txt" in office.source.reference


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
# Programme and funding cycles

_CYCLE_IDS = {"esf-2018", "esf-plus-2022", "esf-plus-2024", "esf-plus-2025-extra"}


def test_programme_has_the_four_cycles() -> None:
    programme = schulerfolg.programme()

    assert {c.id for c in programme.cycles} == _CYCLE_IDS
    assert programme.cycle("esf-plus-2022").period == schulerfolg.DateRange(
        start=date(2022, 8, 1), end=date(2024, 7, 31)
    )
    assert programme.cycle("esf-plus-2024").period == schulerfolg.DateRange(
        start=date(2024, 8, 1), end=date(2028, 7, 31)
    )
    assert programme.cycle("esf-plus-2025-extra").start == date(2025, 1, 1)


@pytest.mark.parametrize("cycle_id", sorted(_CYCLE_IDS))
def test_shares_sum_to_one_per_module(cycle_id: str) -> None:
    cycle = schulerfolg.programme().cycle(cycle_id)

    assert cycle.co_financing
    for share in cycle.co_financing:
        assert share.module in cycle.modules
        assert share.eu_share + share.state_share + share.municipal_share == Decimal(1)


@pytest.mark.parametrize(
    ("cycle_id", "provisional"),
    [
        ("esf-2018", False),
        ("esf-plus-2022", True),
        ("esf-plus-2024", True),
        ("esf-plus-2025-extra", False),
    ],
)
def test_provisional_flags_follow_the_facts_markers(cycle_id: str, provisional: bool) -> None:
    assert schulerfolg.programme().cycle(cycle_id).provisional is provisional


def test_extra_cycle_shares_are_sixty_eu_forty_municipal() -> None:
    share = (
        schulerfolg.programme()
        .cycle("esf-plus-2025-extra")
        .co_financing_for(schulerfolg.Module.SCHOOL_SOCIAL_WORK)
    )

    assert share is not None
    assert (share.eu_share, share.state_share, share.municipal_share) == (
        Decimal("0.6"),
        Decimal(0),
        Decimal("0.4"),
    )


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 3, 1), {"esf-plus-2024", "esf-plus-2025-extra"}),
        (date(2022, 7, 31), {"esf-2018"}),
        (date(2022, 8, 1), {"esf-plus-2022"}),
        (date(2024, 12, 31), {"esf-plus-2024"}),
        (date(2028, 8, 1), set()),
    ],
)
def test_cycles_on_a_day(day: date, expected: set[str]) -> None:
    assert {c.id for c in schulerfolg.programme().cycles_on(day)} == expected


def test_unknown_cycle_raises_not_found_listing_the_known_ones() -> None:
    with pytest.raises(schulerfolg.NotFoundError, match="esf-plus-2030") as caught:
        schulerfolg.programme().cycle("esf-plus-2030")

    assert "esf-plus-2025-extra" in str(caught.value)


# --------------------------------------------------------------------------------------------
# Corrupted copies of the data files


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

    document = _converter.read_toml(path)
    read = _converter.from_dict(document, _NetworkOfficesFile, source=str(path))

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
        _converter.from_dict(_converter.read_toml(path), _NetworkOfficesFile, source=str(path))

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
        _converter.from_dict(_converter.read_toml(path), _NetworkOfficesFile, source=str(path))

    (problem,) = caught.value.problems
    assert problem.path.startswith("$.network_office[")
    assert problem.path.endswith("].sponsor.kind")
    assert "freier Träger" in problem.message
    assert "free_youth_welfare" in problem.message


def test_corrupted_programme_shares_name_the_file_and_key_path(tmp_path: Path) -> None:
    original = _data_text("programme.toml")
    cycles = tomllib.loads(original)["cycles"]
    index = next(i for i, c in enumerate(cycles) if c["id"] == "esf-plus-2024")
    text = original.replace('state_share = "0.3"', 'state_share = "0.35"', 1)
    assert text != original
    path = _copy(tmp_path, "programme.toml", text)

    with pytest.raises(schulerfolg.DocumentError) as caught:
        _converter.from_dict(_converter.read_toml(path), schulerfolg.Programme, source=str(path))

    (problem,) = caught.value.problems
    assert problem.path == f"$.cycles[{index}].co_financing[0].municipal_share"
    assert "1.05" in problem.message
    assert str(path) in str(caught.value)


def test_a_float_share_is_refused_rather_than_rounded(tmp_path: Path) -> None:
    original = _data_text("programme.toml")
    cycles = tomllib.loads(original)["cycles"]
    index = next(i for i, c in enumerate(cycles) if c["id"] == "esf-2018")
    text = original.replace('eu_share = "0.8"', "eu_share = 0.8", 1)
    assert text != original
    path = _copy(tmp_path, "programme.toml", text)

    with pytest.raises(schulerfolg.DocumentError) as caught:
        _converter.from_dict(_converter.read_toml(path), schulerfolg.Programme, source=str(path))

    (problem,) = caught.value.problems
    assert problem.path == f"$.cycles[{index}].co_financing[0].eu_share"
    assert problem.code == "type"
    assert "floats are refused" in problem.message


def test_a_toml_syntax_error_names_the_file(tmp_path: Path) -> None:
    path = _copy(tmp_path, "network_offices.toml", "[[network_office]]\nname = \n")

    with pytest.raises(schulerfolg.DocumentError) as caught:
        _converter.read_toml(path)

    assert caught.value.source == str(path)
    assert str(path) in str(caught.value)
    (problem,) = caught.value.problems
    assert problem.path == "$"
    assert problem.code == "syntax"
