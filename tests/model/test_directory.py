"""The directory's records: each keeps its invariants (ids are slugs, FTE above zero, a
provisional record says why, an agreement names a partner or a sponsor, a figure gives a
figure), and the queries answer from the records alone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from helpers import invariant_tests
from schulerfolg import (
    Audience,
    Contact,
    ContactEntry,
    CooperationAgreement,
    DateRange,
    Directory,
    NetworkOffice,
    PartnerEntry,
    PartnerKind,
    SchoolEntry,
    SchoolSocialWorker,
    SchoolSocialWorkFigure,
    SchoolSocialWorkProjectEntry,
    SchoolType,
    Source,
    Sponsor,
    SponsorEntry,
    SponsorKind,
    StateCoordinationOffice,
    district,
)
from schulerfolg._model import directory

SOURCE = Source(reference="https://www.example.org/verzeichnis", title="Verzeichnis")
STENDAL = district("15090")


def a_contact_entry() -> ContactEntry:
    return ContactEntry(
        name="Erika Beispiel",
        district=STENDAL,
        email="eltern(at)example.org",
        audiences=(Audience.PARENTS,),
        source=SOURCE,
    )


def a_sponsor() -> SponsorEntry:
    return SponsorEntry(
        id="beispiel-traeger",
        name="Beispiel-Träger e.V.",
        kind=SponsorKind.FREE_YOUTH_WELFARE,
        district=STENDAL,
        source=SOURCE,
    )


def a_partner() -> PartnerEntry:
    return PartnerEntry(
        id="beratung",
        name="Beratungsstelle",
        kind=PartnerKind.COUNSELLING_CENTRE,
        district=STENDAL,
        source=SOURCE,
    )


def a_school(school_id: str = "gs-beispiel", *, work: bool = True) -> SchoolEntry:
    return SchoolEntry(
        id=school_id,
        name=f"Schule {school_id}",
        school_type=SchoolType.PRIMARY_SCHOOL,
        district=STENDAL,
        has_school_social_work=work,
        source=SOURCE,
        as_of=date(2026, 9, 1),
    )


def a_project() -> SchoolSocialWorkProjectEntry:
    return SchoolSocialWorkProjectEntry(
        id="ssa-1",
        school="gs-beispiel",
        sponsor="beispiel-traeger",
        fte=Decimal("0.5"),
        source=SOURCE,
    )


def a_worker() -> SchoolSocialWorker:
    return SchoolSocialWorker(
        id="max-muster",
        name="Max Muster",
        sponsor="beispiel-traeger",
        schools=("gs-beispiel",),
        fte=Decimal("1.0"),
        example_projects=("Klassenrat",),
        source=SOURCE,
    )


def an_agreement() -> CooperationAgreement:
    return CooperationAgreement(
        id="kv-1",
        school="gs-beispiel",
        partner="beratung",
        signed_on=date(2025, 9, 15),
        source=SOURCE,
    )


def a_coordination_office() -> StateCoordinationOffice:
    return StateCoordinationOffice(
        name="Landesweite Koordinierungsstelle", sponsor="dkjs", tasks=("beraten",), source=SOURCE
    )


def a_figure() -> SchoolSocialWorkFigure:
    return SchoolSocialWorkFigure(district=STENDAL, school_social_workers=22, source=SOURCE)


VALID: dict[str, Callable[[], object]] = {
    "SponsorEntry": a_sponsor,
    "PartnerEntry": a_partner,
    "SchoolEntry": a_school,
    "SchoolSocialWorkProjectEntry": a_project,
    "SchoolSocialWorker": a_worker,
    "CooperationAgreement": an_agreement,
    "StateCoordinationOffice": a_coordination_office,
    "SchoolSocialWorkFigure": a_figure,
    "Recorded": lambda: directory.Recorded(source=SOURCE),
    "ContactEntry": a_contact_entry,
}

BROKEN: list[tuple[str, dict[str, Any], str]] = [
    ("ContactEntry", {"name": ""}, "name"),
    ("ContactEntry", {"email": "eltern(at)"}, "email"),
    ("ContactEntry", {"audiences": (Audience.PARENTS, Audience.PARENTS)}, "audiences"),
    ("SchoolSocialWorker", {"fte": Decimal("1.5")}, "fte"),
    ("SchoolSocialWorkProjectEntry", {"fte": Decimal("1e30")}, "fte"),
    ("Recorded", {"provisional": True}, "note"),
    ("Recorded", {"note": " "}, "note"),
    ("SponsorEntry", {"id": "Beispiel Träger"}, "id"),
    ("SponsorEntry", {"name": ""}, "name"),
    ("SponsorEntry", {"provisional": True}, "note"),
    ("PartnerEntry", {"id": "-x"}, "id"),
    ("SchoolEntry", {"number": " "}, "number"),
    ("SchoolEntry", {"id": "GS"}, "id"),
    ("SchoolSocialWorkProjectEntry", {"fte": Decimal(0)}, "fte"),
    ("SchoolSocialWorkProjectEntry", {"fte": Decimal("NaN")}, "fte"),
    ("SchoolSocialWorkProjectEntry", {"funding_cycle": ""}, "funding_cycle"),
    ("SchoolSocialWorker", {"fte": Decimal("-1")}, "fte"),
    ("SchoolSocialWorker", {"schools": ("a", "a")}, "schools"),
    ("SchoolSocialWorker", {"schools": ("",)}, "schools[0]"),
    ("SchoolSocialWorker", {"example_projects": (" ",)}, "example_projects[0]"),
    ("CooperationAgreement", {"partner": None}, "partner"),
    ("CooperationAgreement", {"school": "Grundschule Beispiel"}, "school"),
    ("SchoolSocialWorkProjectEntry", {"sponsor": "Landkreis-Stendal"}, "sponsor"),
    ("SchoolSocialWorker", {"schools": ("GS",)}, "schools[0]"),
    ("SchoolSocialWorker", {"sponsor": "Träger"}, "sponsor"),
    ("StateCoordinationOffice", {"sponsor": "DKJS"}, "sponsor"),
    ("StateCoordinationOffice", {"audiences": (Audience.SCHOOLS, Audience.SCHOOLS)}, "audiences"),
    ("StateCoordinationOffice", {"tasks": ("",)}, "tasks[0]"),
    ("SchoolSocialWorkFigure", {"school_social_workers": None}, "school_social_workers"),
    ("SchoolSocialWorkFigure", {"schools": -1}, "schools"),
]

(
    test_valid_objects_build,
    test_broken_invariant_names_the_field,
    test_every_model_class_has_invariant_cases,
    test_objects_are_frozen,
    test_objects_are_keyword_only,
) = invariant_tests(VALID, BROKEN, directory)


def test_entries_give_the_model_s_own_objects() -> None:
    assert a_sponsor().sponsor == Sponsor(
        id="beispiel-traeger", name="Beispiel-Träger e.V.", kind=SponsorKind.FREE_YOUTH_WELFARE
    )
    assert a_partner().partner.kind is PartnerKind.COUNSELLING_CENTRE
    school = a_school().school
    assert (school.name, school.district, school.has_school_social_work) == (
        "Schule gs-beispiel",
        STENDAL,
        True,
    )


def _office(*contacts: Contact, audiences: tuple[Audience, ...]) -> NetworkOffice:
    return NetworkOffice(
        name="Netzwerkstelle",
        district=STENDAL,
        sponsor=Sponsor(name="Landkreis Stendal", kind=SponsorKind.PUBLIC_YOUTH_WELFARE),
        contacts=contacts,
        audiences=audiences,
        source=SOURCE,
    )


def test_an_office_s_contacts_for_an_audience() -> None:
    general = Contact(name="A")
    parents = Contact(name="B", audiences=(Audience.PARENTS,))
    office = _office(general, parents, audiences=(Audience.SCHOOLS, Audience.PARENTS))
    # For an audience the office serves: who names it, and who names no audience …
    assert office.contacts_for(Audience.PARENTS) == (general, parents)
    assert office.contacts_for(Audience.SCHOOLS) == (general,)
    # … for another one, only who names it; for anyone else, nobody.
    assert _office(general, parents, audiences=()).contacts_for(Audience.PARENTS) == (parents,)
    assert office.contacts_for(Audience.TEACHERS) == ()


def test_a_district_s_contact_entries_join_its_office_s_answer() -> None:
    office = _office(Contact(name="A"), audiences=(Audience.SCHOOLS,))
    entry = a_contact_entry()
    found = Directory(network_offices=(office,), contacts=(entry,))
    (answer,) = found.contacts_for(Audience.PARENTS)
    assert (answer.contacts, answer.entries) == ((), (entry,))
    (answer,) = found.contacts_for(Audience.SCHOOLS)
    assert (answer.contacts, answer.entries) == ((Contact(name="A"),), ())
    assert found.contacts_for(Audience.TEACHERS) == ()
    assert entry.contact.email == "eltern@example.org"


def test_queries_filter_by_district_kind_sponsor_and_school_social_work() -> None:
    other = attrs.evolve(a_school("gs-anderswo", work=False), district=district("15001"))
    found = Directory(
        sponsors=(a_sponsor(),),
        schools=(a_school(), a_school("gym", work=False), other),
        school_social_workers=(a_worker(),),
        projects=(a_project(),),
        agreements=(an_agreement(),),
        figures=(a_figure(), attrs.evolve(a_figure(), district=None, schools=355)),
    )
    assert [s.id for s in found.schools_of(STENDAL, school_social_work=False)] == ["gym"]
    assert [s.id for s in found.schools_of(school_social_work=False)] == ["gym", "gs-anderswo"]
    assert found.sponsors_of(kind=SponsorKind.MUNICIPALITY) == ()
    assert found.workers(STENDAL, "beispiel-traeger") == (a_worker(),)
    assert found.workers(district("15001")) == ()
    assert found.workers(sponsor="anderer") == ()
    assert found.projects_of(STENDAL) == (a_project(),)
    assert found.agreements_of("gs-beispiel") == (an_agreement(),)
    assert [f.school_social_workers for f in found.figures_of(STENDAL)] == [22]
    assert [f.schools for f in found.figures_of()] == [None, 355]  # all: district and state


def test_a_worker_without_schools_counts_for_the_sponsor_s_district() -> None:
    worker = attrs.evolve(a_worker(), schools=())
    found = Directory(sponsors=(a_sponsor(),), school_social_workers=(worker,))
    assert found.workers(STENDAL) == (worker,)
    assert found.workers(district("15001")) == ()


def test_figures_without_a_period_come_last() -> None:
    dated = attrs.evolve(
        a_figure(), period=DateRange(start=date(2016, 8, 1), end=date(2017, 7, 31))
    )
    found = Directory(figures=(a_figure(), dated))
    assert found.figures_of(STENDAL) == (dated, a_figure())
