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


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("dessau-rosslau\ud800", "15001"),  # a lone surrogate
        ("Dessau-Roßlau!", "15001"),
        ("15001.", "15001"),
        ("15001,", "15001"),
        ("'Harz'", "15085"),
        ("Harz\u200b", "15085"),  # zero-width characters
        ("\ufeffHarz", "15085"),
        ("Har\u200dz", "15085"),
        ("Harz\u200f", "15085"),  # a direction mark
        ("\uff11\uff15\uff10\uff10\uff11", "15001"),  # full-width digits
        ("\u0661\u0665\u0660\u0660\u0661", "15001"),  # Arabic-Indic digits
        ("\uff28\uff41\uff52\uff5a", "15085"),  # full-width letters
        ("Dessau_Rosslau", "15001"),
        ("Dessau/Roßlau", "15001"),
        ("Dessau\u2013Roßlau", "15001"),  # an en dash
        ("Dessau\tRoßlau", "15001"),
        ("Dessau\u00a0Roßlau", "15001"),
        ("Bórde", "15083"),
        ("\u212areis Harz", "15085"),  # the Kelvin sign, which case-folds to k
        ("Salzlandkrei\u017f", "15089"),  # the long s, which case-folds to s
        ("Halle (Saale", "15002"),
        ("Halle ()", "15002"),
    ],
)
def test_a_reference_with_characters_no_spelling_has_is_refused_with_a_suggestion(
    query: str, key: str
) -> None:
    # Regression (#11): these resolved, because folding dropped every character that is not a
    # letter or digit and turned compatibility characters into plain ones.
    with pytest.raises(schulerfolg.NotFoundError) as caught:
        schulerfolg.district(query)
    message = str(caught.value)
    assert message.startswith(f"unknown district: {query!r} — did you mean ")
    assert f"({key})" in message


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("\tDessau-Roßlau\n", "15001"),  # white space around
        ("\u00a0Harz\u3000", "15085"),
        ("dessau - rosslau", "15001"),
        ("Dessau  Roßlau", "15001"),
        ("DESSAU-ROẞLAU", "15001"),  # capital sharp s
        ("Bo\u0308rde", "15083"),  # decomposed umlaut (as macOS writes file names)
        ("Halle(Saale)", "15002"),
        ("Stadt Halle (Saale)", "15002"),
        ("halle saale", "15002"),
        ("Kreis Harz", "15085"),
        ("Altmarkkreis-Salzwedel", "15081"),
    ],
)
def test_the_documented_tolerance_stays(query: str, key: str) -> None:
    assert schulerfolg.district(query).key == key


def test_an_unknown_district_suggests_the_closest_ones() -> None:
    with pytest.raises(schulerfolg.NotFoundError) as caught:
        schulerfolg.district("Wittenburg")
    assert "did you mean Wittenberg (15091)?" in str(caught.value)
    with pytest.raises(schulerfolg.NotFoundError) as caught:
        schulerfolg.district("Atlantis")
    assert "did you mean" not in str(caught.value)
