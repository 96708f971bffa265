"""Applications for one district on one day, built from the district's parameters in force
that day (read from its rulebook, never copied): eligible ones — within the cap, an applicant
kind that may apply, the partners, target groups and documents it asks for, a consultation
before submission, a start after the next closing date — and ineligible ones, each breaking
one of those rules.  Every drawn application is evaluated: what is promised is what the rules
decide."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import attrs
from hypothesis import assume
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

import schulerfolg
from schulerfolg import (
    ApplicantKind,
    Application,
    CooperationPartner,
    CostPlanLine,
    DateRange,
    District,
    Money,
    Rulebook,
)
from schulerfolg.plugins import CapBasis, default_registry


def _value(book: Rulebook, name: str, on: date) -> Any:
    return book.resolve(name, on)[0].value


def _start_after(book: Rulebook, where: District, on: date) -> date:
    """The first day an offer submitted on ``on`` may start: after the next closing date where
    the district runs calls, else the next day (or the days the deadline asks for)."""
    deadline = _value(book, "educational_offer.submission_deadline", on)
    if deadline.days_before_start is not None:
        return on + timedelta(days=deadline.days_before_start + 1)
    for year in (on.year, on.year + 1, on.year + 2):
        calendar = schulerfolg.deadline_calendar(where, year, rulebook=book)
        for entry in calendar.entries:
            if entry.deadline.last_day >= on:
                return entry.deadline.last_day + timedelta(days=1)
    return on + timedelta(days=1)


@st.composite
def _built(draw: st.DrawFn, where: District, on: date, book: Rulebook) -> Application:
    """An application that meets the parameters in force (not yet evaluated)."""
    cap = _value(book, "educational_offer.cap", on)
    kinds = _value(book, "educational_offer.eligible_applicant_kinds", on)
    partners = _value(book, "educational_offer.required_partner_kinds", on)
    groups = _value(book, "educational_offer.eligible_target_groups", on)
    documents = (
        *_value(book, "educational_offer.required_documents", on),
        *_value(book, "educational_offer.additional_documents", on),
    )
    example = schulerfolg.example_application()
    start = _start_after(book, where, on) + timedelta(days=draw(st.integers(0, 45)))
    end = start + timedelta(days=draw(st.integers(0, 60)))
    end = min(end, date(start.year, 12, 31))  # one calendar year: one line places it
    cents = draw(st.integers(100, int(cap.amount.amount * 100)))
    amount = Money(Decimal(cents).scaleb(-2))
    partner_kinds = (
        draw(st.lists(st.sampled_from(partners), min_size=1, max_size=2)) if partners else []
    )
    application = attrs.evolve(
        example,
        id=draw(st.from_regex(r"[A-Z]{2}-20[0-9]{2}-[0-9]{3}", fullmatch=True)),
        district=where,
        applicant=attrs.evolve(example.applicant, kind=draw(st.sampled_from(kinds))),
        cooperation_partners=tuple(
            CooperationPartner(name=f"Partner {index + 1}", kind=kind)
            for index, kind in enumerate(partner_kinds)
        ),
        schools=tuple(attrs.evolve(school, district=where) for school in example.schools),
        target_groups=tuple(draw(st.lists(st.sampled_from(groups), min_size=1, unique=True))),
        period=DateRange(start=start, end=end),
        cost_plan=(CostPlanLine(description="Honorar", amount=amount, calendar_year=start.year),),
        requested_amount=amount,
        consultation_date=on - timedelta(days=draw(st.integers(1, 60))),
        submission_date=on,
        documents=tuple(dict.fromkeys(documents)),
        call=f"{start.year}-1" if cap.basis is CapBasis.CALL else None,
    )
    return application


@st.composite
def _eligible(draw: st.DrawFn, where: District, on: date, book: Rulebook) -> Application:
    application = draw(_built(where, on, book))
    decision = schulerfolg.evaluate(application, rulebook=book, on=on)
    assume(decision.eligible)  # a day or district whose rules ask more than these: none drawn
    return application


@st.composite
def _ineligible(draw: st.DrawFn, where: District, on: date, book: Rulebook) -> Application:
    # Built from the parameters, not from an eligible application: on a day no application can
    # be eligible (after a funding cycle's last deadline), ineligible ones still exist.
    application = draw(_built(where, on, book))
    cap = _value(book, "educational_offer.cap", on)
    kinds = set(_value(book, "educational_offer.eligible_applicant_kinds", on))
    breakages = ["over the cap", "no documents"]
    if set(ApplicantKind) - kinds:
        breakages.append("an applicant who may not apply")
    broken = draw(st.sampled_from(breakages))
    if broken == "over the cap":
        amount = cap.amount + Money(Decimal(draw(st.integers(1, 100_000))).scaleb(-2))
        line = attrs.evolve(application.cost_plan[0], amount=amount)
        application = attrs.evolve(application, cost_plan=(line,), requested_amount=amount)
    elif broken == "no documents":
        application = attrs.evolve(application, documents=())
    else:
        kind = draw(st.sampled_from(sorted(set(ApplicantKind) - kinds)))
        application = attrs.evolve(
            application, applicant=attrs.evolve(application.applicant, kind=kind)
        )
    decision = schulerfolg.evaluate(application, rulebook=book, on=on)
    assume(not decision.eligible)
    return application


def district_applications(
    district: District | str,
    *,
    on: date,
    eligible: bool | None = None,
    rulebook: Rulebook | None = None,
) -> SearchStrategy[Application]:
    """Applications in ``district`` submitted on ``on``, eligible (``True``), ineligible
    (``False``) or either (``None``) under the district's rules — its rulebook from the
    installed plugins unless ``rulebook`` is given — as they are in force that day."""
    where = district if isinstance(district, District) else schulerfolg.district(district)
    book = rulebook if rulebook is not None else default_registry().rulebook(where)
    if eligible is True:
        return _eligible(where, on, book)
    if eligible is False:
        return _ineligible(where, on, book)
    return st.one_of(_eligible(where, on, book), _ineligible(where, on, book))
