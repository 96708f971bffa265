"""Hypothesis strategies that build valid :mod:`schulerfolg` objects, for property-based tests.

This module needs Hypothesis (the ``test`` extra: ``pip install schulerfolg[test]``); importing
:mod:`schulerfolg` itself never imports Hypothesis.  Use the functions here directly::

    from hypothesis import given
    from schulerfolg import strategies

    @given(strategies.applications())
    def test_round_trip(application): ...

Every strategy produces objects that satisfy all invariants of their class: text is printable
and never blank, amounts are exact, a co-financing's shares sum to exactly 1, an
application's cost plan lies within its period and adds up to the requested amount, a
provisional record says why in its note, and every reference between the entries of a
directory resolves.

Hypothesis cannot infer valid objects from the attrs classes on its own (it does not understand
the invariants).  So the library registers these strategies for ``st.from_type`` through
Hypothesis's ``hypothesis`` entry point: wherever schulerfolg is installed,
``st.from_type(Money)`` and ``st.from_type(Application)`` build valid objects (the registration
runs when Hypothesis is imported; :func:`register` does it by hand).
``st.builds(Application)`` never uses the registration for the class it builds.  When in doubt,
simply call the functions of this module, or :func:`for_type`.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any, Final, TypeVar, cast

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from schulerfolg import (
    Actor,
    Address,
    Applicant,
    ApplicantKind,
    Application,
    ApplicationHistory,
    Audience,
    Award,
    Ballot,
    CalendarYear,
    CoFinancing,
    Contact,
    ContactEntry,
    CooperationAgreement,
    CooperationPartner,
    CostPlanLine,
    DateRange,
    Decision,
    Directory,
    District,
    DistrictKind,
    FundingAmount,
    FundingCycle,
    FundingSource,
    GrantNotice,
    Module,
    Money,
    NetworkOffice,
    OfficeContacts,
    PartnerEntry,
    PartnerKind,
    Programme,
    School,
    SchoolEntry,
    SchoolSocialWorker,
    SchoolSocialWorkFigure,
    SchoolSocialWorkProject,
    SchoolSocialWorkProjectEntry,
    SchoolType,
    SchoolYear,
    Source,
    Sponsor,
    SponsorEntry,
    SponsorKind,
    StateCoordinationOffice,
    TargetGroup,
    VoteRecord,
    _public,
)
from schulerfolg.strategies._basics import (
    FIRST_DAY,
    LAST_DAY,
    calendar_years,
    date_ranges,
    dates,
    districts,
    money,
    school_years,
    sources,
    texts,
)
from schulerfolg.strategies._directory import (
    contact_entries,
    cooperation_agreements,
    directories,
    office_contacts,
    partner_entries,
    school_entries,
    school_social_work_figures,
    school_social_work_project_entries,
    school_social_workers,
    sponsor_entries,
    state_coordination_offices,
)
from schulerfolg.strategies._districts import district_applications
from schulerfolg.strategies._organisations import (
    addresses,
    contacts,
    cooperation_partners,
    emails,
    network_offices,
    school_social_work_projects,
    schools,
    sponsors,
)
from schulerfolg.strategies._procedure import (
    actors,
    application_histories,
    awards,
    ballots,
    decisions,
    vote_records,
)
from schulerfolg.strategies._programme import (
    applicants,
    applications,
    co_financings,
    cost_plan_lines,
    funding_amounts,
    funding_cycles,
    grant_notices,
    programmes,
)

__all__ = [
    "FIRST_DAY",
    "LAST_DAY",
    "TYPES",
    "actors",
    "addresses",
    "applicants",
    "application_histories",
    "applications",
    "awards",
    "ballots",
    "calendar_years",
    "co_financings",
    "contact_entries",
    "contacts",
    "cooperation_agreements",
    "cooperation_partners",
    "cost_plan_lines",
    "date_ranges",
    "dates",
    "decisions",
    "directories",
    "district_applications",
    "districts",
    "emails",
    "for_type",
    "funding_amounts",
    "funding_cycles",
    "grant_notices",
    "money",
    "network_offices",
    "office_contacts",
    "partner_entries",
    "programmes",
    "register",
    "school_entries",
    "school_social_work_figures",
    "school_social_work_project_entries",
    "school_social_work_projects",
    "school_social_workers",
    "school_years",
    "schools",
    "sources",
    "sponsor_entries",
    "sponsors",
    "state_coordination_offices",
    "texts",
    "vote_records",
]

T = TypeVar("T")


_FACTORIES: Final[dict[type[Any], Callable[[], SearchStrategy[Any]]]] = {
    Money: money,
    DateRange: date_ranges,
    CalendarYear: calendar_years,
    SchoolYear: school_years,
    Source: sources,
    District: districts,
    Address: addresses,
    Contact: contacts,
    Sponsor: sponsors,
    NetworkOffice: network_offices,
    CooperationPartner: cooperation_partners,
    School: schools,
    SchoolSocialWorkProject: school_social_work_projects,
    CoFinancing: co_financings,
    FundingCycle: funding_cycles,
    Programme: programmes,
    FundingAmount: funding_amounts,
    GrantNotice: grant_notices,
    Applicant: applicants,
    CostPlanLine: cost_plan_lines,
    Application: applications,
    Actor: actors,
    Award: awards,
    Ballot: ballots,
    VoteRecord: vote_records,
    Decision: decisions,
    ApplicationHistory: application_histories,
    SponsorEntry: sponsor_entries,
    PartnerEntry: partner_entries,
    SchoolEntry: school_entries,
    SchoolSocialWorkProjectEntry: school_social_work_project_entries,
    SchoolSocialWorker: school_social_workers,
    CooperationAgreement: cooperation_agreements,
    StateCoordinationOffice: state_coordination_offices,
    SchoolSocialWorkFigure: school_social_work_figures,
    Directory: directories,
    ContactEntry: contact_entries,
    OfficeContacts: office_contacts,
}

_ENUMS: Final[tuple[type[enum.Enum], ...]] = (
    DistrictKind,
    SponsorKind,
    ApplicantKind,
    PartnerKind,
    SchoolType,
    TargetGroup,
    Module,
    FundingSource,
    Audience,
)

#: Every public type :func:`for_type` knows, in a stable order.
TYPES: Final[tuple[type[Any], ...]] = (*_FACTORIES, *_ENUMS)


def for_type(tp: type[T]) -> SearchStrategy[T]:
    """The strategy for a public :mod:`schulerfolg` type (a model class, :class:`Money`, a date
    range or year, or an enumeration); ``TypeError`` for any other type."""
    factory = _FACTORIES.get(tp)
    if factory is not None:
        return cast(SearchStrategy[T], factory())
    if tp in _ENUMS:
        return cast(SearchStrategy[T], st.sampled_from(cast(type[enum.Enum], tp)))
    raise TypeError(f"schulerfolg.strategies has no strategy for {tp!r}")


def register() -> None:
    """Register :func:`for_type` with Hypothesis for every model class and :class:`Money`, so
    that ``st.from_type(Application)`` builds valid objects.  Calling it again does no harm."""
    for tp in _FACTORIES:
        st.register_type_strategy(tp, for_type(tp))


_public.claim(__name__, globals(), __all__)
# Registered for st.from_type whichever was imported first: Hypothesis (its entry point
# imports this module) or this module (which imported Hypothesis before it was complete).
register()
