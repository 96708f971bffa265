"""Organisations and places: invariants, e-mail normalisation and identity keys."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import schulerfolg
from helpers import invariant_tests
from schulerfolg import (
    Address,
    Audience,
    Contact,
    CooperationPartner,
    District,
    InvariantError,
    NetworkOffice,
    PartnerKind,
    School,
    SchoolSocialWorkProject,
    SchoolType,
    Source,
    Sponsor,
    SponsorKind,
    normalise_email,
)
from schulerfolg._model import organisations


def wittenberg() -> District:
    return schulerfolg.district("15091")


def a_source() -> Source:
    return Source(reference="https://www.schulerfolg-sichern.de/", title="Schulerfolg sichern")


def an_address() -> Address:
    return Address(street="Lerchenbergstraße 1", postal_code="06886", city="Wittenberg")


def a_contact() -> Contact:
    return Contact(
        name="Anna Muster", role="Koordinatorin", phone="03491 123456", email="a.muster@example.de"
    )


def a_sponsor() -> Sponsor:
    return Sponsor(
        name="Jugendhilfe Wittenberg gGmbH",
        kind=SponsorKind.FREE_YOUTH_WELFARE,
        department="Schulsozialarbeit",
        address=an_address(),
    )


def a_network_office() -> NetworkOffice:
    return NetworkOffice(
        name="Netzwerkstelle Schulerfolg Wittenberg",
        district=wittenberg(),
        sponsor=a_sponsor(),
        contacts=(a_contact(),),
        tasks=("Akteure vernetzen",),
        audiences=(Audience.SCHOOLS,),
        partner_departments=("Jugendamt",),
        focus_topics=("Übergang Schule–Beruf",),
        as_of=date(2024, 11, 7),
        source=a_source(),
    )


def a_partner() -> CooperationPartner:
    return CooperationPartner(name="Förderverein e.V.", kind=PartnerKind.SCHOOL_SUPPORT_ASSOCIATION)


def a_school(**changes: Any) -> School:
    school = School(
        name="Sekundarschule „Am Lerchenberg“",
        school_type=SchoolType.SECONDARY_SCHOOL,
        district=wittenberg(),
        has_school_social_work=True,
        number="12345",
    )
    return attrs.evolve(school, **changes)


def a_project() -> SchoolSocialWorkProject:
    return SchoolSocialWorkProject(school=a_school(), sponsor=a_sponsor(), fte=Decimal("0.75"))


def fields(error: InvariantError) -> list[str]:
    return list(error.fields)


# --------------------------------------------------------------------------------------------
# Every class: valid objects build; each broken invariant raises and names its field


VALID: dict[str, Callable[[], object]] = {
    "District": wittenberg,
    "Address": an_address,
    "Contact": a_contact,
    "Sponsor": a_sponsor,
    "NetworkOffice": a_network_office,
    "CooperationPartner": a_partner,
    "School": a_school,
    "SchoolSocialWorkProject": a_project,
}


BROKEN: list[tuple[str, dict[str, Any], str]] = [
    ("District", {"key": "16001", "ags": "16001000"}, "key"),
    ("District", {"key": "1509"}, "key"),
    ("District", {"ags": "15091001"}, "ags"),
    ("District", {"slug": "Witten Berg"}, "slug"),
    ("District", {"slug": "wittenberg-"}, "slug"),
    ("District", {"name": ""}, "name"),
    ("District", {"seat": " "}, "seat"),
    ("Address", {"street": ""}, "street"),
    ("Address", {"city": "\t"}, "city"),
    ("Address", {"postal_code": "6886"}, "postal_code"),
    ("Address", {"postal_code": "0688A"}, "postal_code"),
    ("Contact", {"name": ""}, "name"),
    ("Contact", {"role": " "}, "role"),
    ("Contact", {"phone": ""}, "phone"),
    ("Contact", {"email": "name@"}, "email"),
    ("Contact", {"email": "no-at-sign"}, "email"),
    ("Sponsor", {"name": ""}, "name"),
    ("Sponsor", {"department": " "}, "department"),
    ("NetworkOffice", {"name": ""}, "name"),
    ("NetworkOffice", {"tasks": ("Akteure vernetzen", " ")}, "tasks[1]"),
    ("NetworkOffice", {"provisional": True}, "note"),
    ("NetworkOffice", {"note": " "}, "note"),
    ("Sponsor", {"id": "Landkreis Stendal"}, "id"),
    ("NetworkOffice", {"audiences": (Audience.SCHOOLS, Audience.SCHOOLS)}, "audiences"),
    ("Contact", {"audiences": (Audience.PARENTS, Audience.PARENTS)}, "audiences"),
    ("NetworkOffice", {"partner_departments": ("",)}, "partner_departments[0]"),
    ("NetworkOffice", {"focus_topics": ("a", "b", "")}, "focus_topics[2]"),
    ("CooperationPartner", {"name": " "}, "name"),
    ("School", {"name": ""}, "name"),
    ("School", {"number": " "}, "number"),
    ("SchoolSocialWorkProject", {"fte": Decimal(0)}, "fte"),
    ("SchoolSocialWorkProject", {"fte": Decimal("-0.5")}, "fte"),
    ("SchoolSocialWorkProject", {"fte": Decimal("NaN")}, "fte"),
    ("SchoolSocialWorkProject", {"fte": Decimal("Infinity")}, "fte"),
]

(
    test_valid_objects_build,
    test_broken_invariant_names_the_field,
    test_every_model_class_has_invariant_cases,
    test_objects_are_frozen,
    test_objects_are_keyword_only,
) = invariant_tests(VALID, BROKEN, organisations)


# --------------------------------------------------------------------------------------------
# Frozen and keyword-only


def test_district_with_wrong_key_reports_key_and_ags() -> None:
    with pytest.raises(InvariantError) as excinfo:
        attrs.evolve(wittenberg(), key="16001")
    assert set(fields(excinfo.value)) == {"key", "ags"}


# --------------------------------------------------------------------------------------------
# Contact e-mails


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("name(at)example.de", "name@example.de"),
        ("name [at] example [dot] de", "name@example.de"),
        ("name (at) example (dot) de", "name@example.de"),
        ("name{at}example{dot}de", "name@example.de"),
        ("vorname.name(AT)landkreis-wittenberg(DOT)de", "vorname.name@landkreis-wittenberg.de"),
        ("name@example.de", "name@example.de"),
        ("  name@example.de ", "name@example.de"),
        (None, None),
    ],
)
def test_contact_normalises_published_emails(published: str | None, expected: str | None) -> None:
    assert Contact(name="Anna Muster", email=published).email == expected
    assert normalise_email(published) == expected


@pytest.mark.parametrize(
    "bad",
    ["name@", "no-at-sign", "@example.de", "name@example", "name@@example.de", "name(at)", ""],
)
def test_contact_rejects_invalid_emails(bad: str) -> None:
    with pytest.raises(InvariantError) as excinfo:
        Contact(name="Anna Muster", email=bad)
    assert fields(excinfo.value) == ["email"]


local_parts = st.from_regex(r"[a-z0-9]+(?:[._-][a-z0-9]+){0,2}", fullmatch=True)


labels = st.from_regex(r"[a-z0-9]+(?:-[a-z0-9]+)?", fullmatch=True)


tlds = st.sampled_from(["de", "com", "org", "info"])


at_marks = st.sampled_from(["(at)", "[at]", "{at}", " (at) ", " [at] ", "(AT)", " at "])


dot_marks = st.sampled_from(["(dot)", "[dot]", "{dot}", " (dot) ", " [dot] ", "(Dot)", "."])


@given(local_parts, labels, tlds, at_marks, dot_marks)
def test_published_forms_normalise_to_the_address(
    local: str, domain: str, tld: str, at: str, dot: str
) -> None:
    contact = Contact(name="Anna Muster", email=f"{local}{at}{domain}{dot}{tld}")
    assert contact.email == f"{local}@{domain}.{tld}"


@given(
    st.lists(
        st.sampled_from(
            ["a", "b", ".", "@", " ", "at", "dot", "(at)", "[at]", "(dot)", "[dot]", "(", ")", "x"]
        ),
        max_size=12,
    ).map("".join)
)
def test_normalise_email_is_idempotent(text: str) -> None:
    once = normalise_email(text)
    assert normalise_email(once) == once


@given(local_parts, labels, tlds, at_marks, dot_marks)
def test_contact_normalisation_survives_evolve(
    local: str, domain: str, tld: str, at: str, dot: str
) -> None:
    contact = Contact(name="Anna Muster", email=f"{local}{at}{domain}{dot}{tld}")
    assert attrs.evolve(contact, name="Bernd Beispiel").email == contact.email
    assert attrs.evolve(contact, email=contact.email) == contact
    assert attrs.evolve(contact) == contact


# --------------------------------------------------------------------------------------------
# Identity keys


def test_school_key_is_the_number_when_known() -> None:
    assert a_school(number="12345").key == "12345"
    assert a_school(number="12345", name="Andere Schule").key == "12345"


def test_school_key_folds_the_name_without_number() -> None:
    school = a_school(number=None, name="  Sekundarschule   „Am LERCHENBERG“ ")
    assert school.key == "sekundarschule „am lerchenberg“"
    assert a_school(number=None, name="Schule an der Straße").key == (
        a_school(number=None, name="SCHULE AN DER STRASSE").key
    )
    assert a_school(number=None, name="Schule A").key != a_school(number=None, name="Schule B").key


@given(
    st.lists(st.sampled_from(["Grundschule", "Am", "See", "Nord", "Ölberg", "Straße"]), min_size=1),
    st.sampled_from([" ", "  ", "\t", " \n "]),
)
def test_school_key_ignores_case_and_spacing(words: list[str], gap: str) -> None:
    plain = a_school(number=None, name=" ".join(words))
    shouted = a_school(number=None, name=f"{gap}{gap.join(w.upper() for w in words)}{gap}")
    assert plain.key == shouted.key
    assert plain.key == " ".join(words).casefold()
