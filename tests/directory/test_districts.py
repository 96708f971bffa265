"""The bundled districts and the tolerant district look-up, read through the public API."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import schulerfolg


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


def test_an_unknown_district_suggests_the_closest_ones() -> None:
    with pytest.raises(schulerfolg.NotFoundError) as caught:
        schulerfolg.district("Wittenburg")
    assert "did you mean Wittenberg (15091)?" in str(caught.value)
    with pytest.raises(schulerfolg.NotFoundError) as caught:
        schulerfolg.district("Atlantis")
    assert "did you mean" not in str(caught.value)
