"""Organisations: addresses, contacts, sponsors, cooperation partners, schools, network
offices and school social work projects."""

from __future__ import annotations

from decimal import Decimal
from typing import Final

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from schulerfolg import (
    Address,
    Audience,
    Contact,
    CooperationPartner,
    NetworkOffice,
    PartnerKind,
    School,
    SchoolSocialWorkProject,
    SchoolType,
    Sponsor,
    SponsorKind,
)
from schulerfolg.strategies._basics import (
    _optional,
    _slugs,
    _tuples,
    _with_provenance,
    date_ranges,
    dates,
    districts,
    sources,
    texts,
)


def addresses() -> SearchStrategy[Address]:
    """German postal addresses with a five-digit postal code."""
    return st.builds(
        Address,
        street=texts(),
        postal_code=st.from_regex(r"[0-9]{5}", fullmatch=True),
        city=texts(),
    )


_EMAIL_WORD: Final = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?", fullmatch=True)


def emails() -> SearchStrategy[str]:
    """E-mail addresses the model accepts (``name@host.example.de``)."""
    local = st.from_regex(
        r"[A-Za-z0-9_%+-]([A-Za-z0-9._%+-]{0,14}[A-Za-z0-9_%+-])?", fullmatch=True
    )
    hosts = st.lists(_EMAIL_WORD, min_size=1, max_size=3).map(".".join)
    top = st.from_regex(r"[a-z]{2,6}", fullmatch=True)
    return st.builds(lambda name, host, tld: f"{name}@{host}.{tld}", local, hosts, top)


def _audiences() -> SearchStrategy[tuple[Audience, ...]]:
    """A few distinct audiences, or none."""
    return st.lists(st.sampled_from(Audience), max_size=3, unique=True).map(tuple)


def _person() -> dict[str, SearchStrategy[object]]:
    """What a contact person has: a name, optional role, phone and (valid) e-mail address, and
    the audiences they are the contact for (often none: the whole office's)."""
    return {
        "name": texts(),
        "role": _optional(texts()),
        "phone": _optional(st.from_regex(r"\+?[0-9][0-9 /-]{4,14}[0-9]", fullmatch=True)),
        "email": _optional(emails()),
        "audiences": _audiences(),
    }


def contacts() -> SearchStrategy[Contact]:
    """Contact persons with optional role, phone and (valid) e-mail address, and the audiences
    they are the contact for (often none: the whole office's)."""
    return st.builds(Contact, **_person())


def sponsors() -> SearchStrategy[Sponsor]:
    """Sponsors (Träger) of any kind, with optional department, address and id (a slug)."""
    return st.builds(
        Sponsor,
        name=texts(),
        kind=st.sampled_from(SponsorKind),
        department=_optional(texts()),
        address=_optional(addresses()),
        id=_optional(_slugs()),
    )


def cooperation_partners() -> SearchStrategy[CooperationPartner]:
    """Cooperation partners of any kind."""
    return st.builds(CooperationPartner, name=texts(), kind=st.sampled_from(PartnerKind))


def schools() -> SearchStrategy[School]:
    """Schools of any type in one of the bundled districts."""
    return st.builds(
        School,
        name=texts(),
        school_type=st.sampled_from(SchoolType),
        district=districts(),
        has_school_social_work=st.booleans(),
        number=_optional(st.from_regex(r"[0-9]{4,8}", fullmatch=True)),
    )


def network_offices() -> SearchStrategy[NetworkOffice]:
    """Network offices (Netzwerkstellen) in one of the bundled districts, with the audiences
    they serve, an optional as-of day, and a note wherever one is provisional."""
    return _with_provenance(
        NetworkOffice,
        name=texts(),
        district=districts(),
        sponsor=sponsors(),
        sponsor_since=_optional(dates()),
        contacts=_tuples(contacts()),
        tasks=_tuples(texts()),
        audiences=_audiences(),
        partner_departments=_tuples(texts()),
        focus_topics=_tuples(texts()),
        as_of=_optional(dates()),
        source=sources(),
    )


def school_social_work_projects() -> SearchStrategy[SchoolSocialWorkProject]:
    """School social work projects staffed with 0.01 to 5.00 full-time equivalents."""
    return st.builds(
        SchoolSocialWorkProject,
        school=schools(),
        sponsor=sponsors(),
        fte=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("5.00"), places=2),
        period=_optional(date_ranges()),
    )
