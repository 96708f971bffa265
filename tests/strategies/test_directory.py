"""Generated directories keep what the strategy promises — ids unique per table, references
that resolve, workers and projects only at schools with school social work — and the queries
over any such directory hold: a sponsor's workers are the sponsor's, schools with and without
school social work partition the schools, and the contacts for an audience come only from
offices that serve it or have a contact naming it."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schulerfolg import Audience, Directory, District, strategies

FAST = settings(max_examples=60, deadline=None)


def _districts_of(directory: Directory) -> st.SearchStrategy[District | None]:
    found = {school.district for school in directory.schools}
    found |= {office.district for office in directory.network_offices}
    return st.sampled_from([None, *sorted(found, key=lambda d: d.key)])


@FAST
@given(strategies.directories())
def test_references_resolve(directory: Directory) -> None:
    tables = (
        directory.sponsors,
        directory.partners,
        directory.schools,
        directory.projects,
        directory.school_social_workers,
        directory.agreements,
    )
    for records in tables:
        ids = [record.id for record in records]
        assert len(ids) == len(set(ids))
    sponsors = {s.id for s in directory.sponsors}
    partners = {p.id for p in directory.partners}
    schools = {s.id: s for s in directory.schools}
    for worker in directory.school_social_workers:
        assert worker.sponsor in sponsors
        assert all(schools[school].has_school_social_work for school in worker.schools)
    for project in directory.projects:
        assert project.sponsor in sponsors
        assert schools[project.school].has_school_social_work
    for agreement in directory.agreements:
        assert agreement.school in schools
        assert agreement.partner is None or agreement.partner in partners
        assert agreement.sponsor is None or agreement.sponsor in sponsors
    for office in directory.network_offices:
        assert office.sponsor.id is None or office.sponsor.id in sponsors
    if directory.state_coordination is not None:
        assert directory.state_coordination.sponsor in sponsors
    assert len({o.district for o in directory.network_offices}) == len(directory.network_offices)


@FAST
@given(strategies.directories())
def test_a_sponsors_workers_are_the_sponsors(directory: Directory) -> None:
    for sponsor in directory.sponsors:
        found = directory.workers(sponsor=sponsor.id)
        assert all(worker.sponsor == sponsor.id for worker in found)
        assert len(found) == sum(w.sponsor == sponsor.id for w in directory.school_social_workers)
        assert directory.sponsor(sponsor.id) == sponsor


@FAST
@given(st.data())
def test_schools_with_and_without_school_social_work_partition_the_schools(
    data: st.DataObject,
) -> None:
    directory = data.draw(strategies.directories())
    where = data.draw(_districts_of(directory))
    every = directory.schools_of(where)
    with_work = directory.schools_of(where, school_social_work=True)
    without = directory.schools_of(where, school_social_work=False)
    assert all(s.has_school_social_work for s in with_work)
    assert not any(s.has_school_social_work for s in without)
    assert Counter(s.id for s in with_work) + Counter(s.id for s in without) == Counter(
        s.id for s in every
    )
    assert not {s.id for s in with_work} & {s.id for s in without}


@FAST
@given(strategies.directories(), st.sampled_from(Audience))
def test_contacts_for_an_audience_come_from_offices_serving_it(
    directory: Directory, audience: Audience
) -> None:
    for answer in directory.contacts_for(audience):
        office = answer.office
        assert office in directory.network_offices
        assert answer.entries or (
            audience in office.audiences
            or any(audience in contact.audiences for contact in office.contacts)
        )
        assert set(answer.contacts) <= set(office.contacts)
        assert all(entry.district == office.district for entry in answer.entries)


@settings(max_examples=20, deadline=None)
@given(strategies.directories())
def test_every_record_of_a_directory_is_valid_and_provisional_ones_say_why(
    directory: Directory,
) -> None:
    records = [
        *directory.network_offices,
        *directory.sponsors,
        *directory.partners,
        *directory.schools,
        *directory.projects,
        *directory.school_social_workers,
        *directory.agreements,
        *directory.figures,
    ]
    if directory.state_coordination is not None:
        records.append(directory.state_coordination)
    for record in records:
        assert not record.provisional or record.note is not None


def test_references_to_nothing_are_refused() -> None:
    with pytest.raises(ValueError, match="sponsor"):
        strategies.school_social_workers(sponsors=[])
    with pytest.raises(ValueError, match="partner or sponsor"):
        strategies.cooperation_agreements(partners=[], sponsors=[])
