"""The state-wide rules for educational offers (bildungsbezogene Angebote).

Each rule reads its figures from dated parameters (never literals) and yields findings; the
sources are the network offices' published descriptions of the programme (the seed texts) and
``FACTS.md``.  District plugins replace, disable or add rules by id.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Final

from schulerfolg._dates import SchoolYear
from schulerfolg._deadlines import recurring_dates, roll_forward
from schulerfolg._engine import Finding, Rule, RuleContext, Severity
from schulerfolg._ledger import Award
from schulerfolg._model import (
    ApplicantKind,
    Application,
    CostPlanLine,
    Module,
    PartnerKind,
    Source,
    TargetGroup,
    school_year_of_line,
)
from schulerfolg._money import Money, money_sum
from schulerfolg._parameters import (
    Cap,
    CapBasis,
    CapScope,
    ConsultationDeadline,
    ConsultationRequirement,
    SubmissionDeadline,
)

SEED_STENDAL: Final = Source(
    reference="https://www.schulerfolg-sichern.de/das-programm/regionale-netzwerkstellen/stendal.html",
    title="Netzwerkstelle für den Schulerfolg im Landkreis Stendal (seed 001)",
)
SEED_BURGENLANDKREIS: Final = Source(
    reference="https://www.schulerfolg-sichern.de/das-programm/regionale-netzwerkstellen/burgenlandkreis.html",
    title="Netzwerkstelle gegen Schulversagen im Burgenlandkreis (seed 003)",
)
FACTS_BBA: Final = Source(
    reference="https://www.schulerfolg-sichern.de/aktuelles/detailview/artikel/startschuss-fuer-schulbezogene-projekte-zur-sicherung-des-schulerfolges.html",
    title="Startschuss für schulbezogene Projekte; caps as published by the network offices",
)
PROGRAMME_CYCLES: Final = Source(
    reference="https://mb.sachsen-anhalt.de/themen/schule-und-unterricht/schulsozialarbeit/",
    title="MB: funding cycles of the ESF+ programme",
)


# --------------------------------------------------------------------------------------------
# Who applies, with whom, for whom


def _check_applicant(application: Application, context: RuleContext) -> Iterator[Finding]:
    eligible: tuple[ApplicantKind, ...] = context.parameter(
        "educational_offer.eligible_applicant_kinds"
    )
    if application.applicant.kind not in eligible:
        yield Finding.make(
            "applicant.kind_not_eligible",
            applicant=application.applicant.name,
            kind=application.applicant.kind,
            eligible=list(eligible),
        )


def _check_partner(application: Application, context: RuleContext) -> Iterator[Finding]:
    kinds: tuple[PartnerKind, ...] = context.parameter("educational_offer.required_partner_kinds")
    partner_kinds = {partner.kind for partner in application.cooperation_partners}
    if application.applicant.kind is not ApplicantKind.SCHOOL:
        # A sponsor applying "in Kooperation mit Schulen" cooperates with the schools it names.
        partner_kinds.add(PartnerKind.SCHOOL)
    if not partner_kinds & set(kinds):
        yield Finding.make("partner.missing", kinds=list(kinds))


def _check_target_groups(application: Application, context: RuleContext) -> Iterator[Finding]:
    eligible: tuple[TargetGroup, ...] = context.parameter(
        "educational_offer.eligible_target_groups"
    )
    for group in application.target_groups:
        if group not in eligible:
            yield Finding.make("target_group.not_eligible", group=group, eligible=list(eligible))


def _check_funding_cycle(application: Application, context: RuleContext) -> Iterator[Finding]:
    module: Module = context.parameter("educational_offer.funding_module")
    if not any(
        module in cycle.modules and cycle.period.contains_range(application.period)
        for cycle in context.programme.cycles
    ):
        yield Finding.make(
            "period.outside_funding_cycle",
            start=application.period.start,
            end=application.period.end,
            module=module,
        )


# --------------------------------------------------------------------------------------------
# The cap


def _scope_subjects(application: Application, scope: CapScope) -> list[tuple[str, str]]:
    """(key, name) of whom the cap counts for: the offer, the applicant, or each school."""
    if scope is CapScope.PER_OFFER:
        return [(application.id, application.title)]
    if scope is CapScope.PER_APPLICANT:
        return [(application.applicant.key, application.applicant.name)]
    # An offer for several schools counts in full against each school's cap (no pro-rating).
    return [(school.key, school.name) for school in application.schools]


def _award_counts(award: Award, scope: CapScope, key: str) -> bool:
    if scope is CapScope.PER_OFFER:
        return False  # an offer is one application; earlier awards are other offers
    if scope is CapScope.PER_APPLICANT:
        return award.applicant_key == key
    return key in award.school_keys


def _by_basis(
    lines: tuple[CostPlanLine, ...],
    basis: CapBasis,
    application: Application,
    call: str | None,
    unplaced: list[CostPlanLine] | None = None,
) -> dict[str, Money]:
    """Amounts per basis period, keyed by the period's display name."""
    totals: dict[str, Money] = {}
    if basis is CapBasis.CALL:
        totals[call or ""] = money_sum(line.amount for line in lines)
        return totals
    for line in lines:
        if basis is CapBasis.CALENDAR_YEAR:
            name = str(line.calendar_year)
        else:
            year = school_year_of_line(line, application.period)
            if year is None:
                if unplaced is not None:
                    unplaced.append(line)
                continue
            name = str(year)
        totals[name] = totals.get(name, Money.zero()) + line.amount
    return dict(sorted(totals.items()))


def _award_by_basis(award: Award, basis: CapBasis, application: Application) -> dict[str, Money]:
    if basis is CapBasis.CALL and award.call != application.call:
        return {}
    totals: dict[str, Money] = {}
    for line in award.cost_plan:
        if basis is CapBasis.CALENDAR_YEAR:
            name = str(line.calendar_year)
        elif basis is CapBasis.SCHOOL_YEAR:
            year = school_year_of_line(line, award.period)
            # An earlier award whose undated line spans two school years counts in both
            # (the conservative reading: the cap is never silently under-counted).
            names = (
                [str(year)]
                if year is not None
                else [str(SchoolYear(line.calendar_year - 1)), str(SchoolYear(line.calendar_year))]
            )
            for item in names:
                totals[item] = totals.get(item, Money.zero()) + line.amount
            continue
        else:
            name = award.call or ""
        totals[name] = totals.get(name, Money.zero()) + line.amount
    return totals


def _check_cap(application: Application, context: RuleContext) -> Iterator[Finding]:
    cap: Cap = context.parameter("educational_offer.cap")
    if cap.basis is CapBasis.CALL and application.call is None:
        # Without the call, earlier awards of the same call cannot be found: never guess.
        yield Finding.make("cap.call_unknown")
        return
    unplaced: list[CostPlanLine] = []
    requested = _by_basis(application.cost_plan, cap.basis, application, application.call, unplaced)
    for line in unplaced:
        yield Finding.make("cap.period_unknown", line=line.description)
    years = {line.calendar_year for line in application.cost_plan}
    if cap.basis is CapBasis.SCHOOL_YEAR:
        years |= {year + 1 for year in years} | {year - 1 for year in years}
    earlier_awards = [
        award
        for award in context.ledger.awards(
            district_key=application.district.key,
            calendar_years=frozenset(years),
            call=application.call if cap.basis is CapBasis.CALL else None,
        )
        if award.application_id != application.id
    ]
    for key, name in _scope_subjects(application, cap.scope):
        earlier: dict[str, Money] = {}
        for award in earlier_awards:
            if _award_counts(award, cap.scope, key):
                for period, amount in _award_by_basis(award, cap.basis, application).items():
                    earlier[period] = earlier.get(period, Money.zero()) + amount
        for period, amount in requested.items():
            before = earlier.get(period, Money.zero())
            if amount > cap.amount:
                yield Finding.make(
                    "cap.exceeded",
                    subject=name,
                    period=period,
                    amount=amount,
                    cap=cap.amount,
                    scope=cap.scope,
                    basis=cap.basis,
                )
            elif amount and amount + before > cap.amount:
                yield Finding.make(
                    "cap.exceeded_with_earlier_awards",
                    subject=name,
                    period=period,
                    amount=amount,
                    earlier=before,
                    total=amount + before,
                    cap=cap.amount,
                    scope=cap.scope,
                    basis=cap.basis,
                )


# --------------------------------------------------------------------------------------------
# Procedure: consultation, documents, deadline


def _submitted_on(application: Application, context: RuleContext) -> date:
    return application.submission_date or context.on


def _check_consultation(application: Application, context: RuleContext) -> Iterator[Finding]:
    requirement: ConsultationRequirement = context.parameter("educational_offer.consultation")
    if not requirement.required:
        return
    consulted = application.consultation_date
    if requirement.deadline is ConsultationDeadline.BEFORE_SUBMISSION:
        limit = _submitted_on(application, context)
        too_late = consulted is not None and consulted > limit
    else:
        # "before the project starts": a consultation on the first day itself is too late.
        limit = application.period.start
        too_late = consulted is not None and consulted >= limit
    if consulted is None:
        yield Finding.make("consultation.missing", deadline=requirement.deadline)
    elif too_late:
        yield Finding.make(
            "consultation.too_late",
            consulted=application.consultation_date,
            deadline=requirement.deadline,
            limit=limit,
        )


def _check_documents(application: Application, context: RuleContext) -> Iterator[Finding]:
    required: tuple[str, ...] = context.parameter("educational_offer.required_documents")
    additional: tuple[str, ...] = context.parameter("educational_offer.additional_documents")
    provided = set(application.documents)
    for document in dict.fromkeys((*required, *additional)):
        if document not in provided:
            yield Finding.make("document.missing", document=document)


def _moved(original: date) -> Iterator[Finding]:
    moved = roll_forward(original)
    if moved != original:
        yield Finding.make("deadline.moved", Severity.INFO, original=original, moved=moved)


def _check_submission(application: Application, context: RuleContext) -> Iterator[Finding]:
    entry = context.parameter_value("educational_offer.submission_deadline")
    deadline: SubmissionDeadline = entry.value
    submitted = _submitted_on(application, context)
    if application.submission_date is None:
        yield Finding.make("submission.not_submitted", Severity.INFO, on=submitted)
    start = application.period.start
    if deadline.days_before_start is not None:
        original = start - timedelta(days=deadline.days_before_start)
        yield from _moved(original)
        last_day = roll_forward(original)
        if submitted > last_day:
            yield Finding.make("submission.late", submitted=submitted, deadline=last_day)
        return
    # Calls: on time if a round closes on or after the submission and before the offer starts.
    closing = set(deadline.closing_dates)
    if deadline.recurrence is not None:
        closing.update(recurring_dates(deadline.recurrence, entry.valid_from))
    rounds = sorted(day for day in closing if roll_forward(day) >= submitted)
    usable = [day for day in rounds if roll_forward(day) < start]
    if not usable:
        yield Finding.make("submission.no_open_call", submitted=submitted, start=start)
        return
    yield from _moved(usable[0])


STATE_RULES: Final[tuple[Rule, ...]] = (
    Rule(
        id="applicant.eligible_kind",
        description="The applicant is of a kind that may apply (state-wide: a school).",
        source=SEED_STENDAL,
        parameters=("educational_offer.eligible_applicant_kinds",),
        codes=("applicant.kind_not_eligible",),
        check=_check_applicant,
    ),
    Rule(
        id="partner.required",
        description=(
            "The application names at least one cooperation partner of an eligible kind "
            "(youth welfare sponsor, municipality, school support association, other partners); "
            "when a sponsor applies, the schools it names count as its school partners."
        ),
        source=SEED_BURGENLANDKREIS,
        parameters=("educational_offer.required_partner_kinds",),
        codes=("partner.missing",),
        check=_check_partner,
    ),
    Rule(
        id="target_group.eligible",
        description="Every target group is eligible (pupils, parents/guardians, teachers).",
        source=SEED_STENDAL,
        parameters=("educational_offer.eligible_target_groups",),
        codes=("target_group.not_eligible",),
        check=_check_target_groups,
    ),
    Rule(
        id="period.within_funding_cycle",
        description=(
            "The offer is time-limited and lies within one funding cycle of the module that "
            "funds educational offers."
        ),
        source=PROGRAMME_CYCLES,
        parameters=("educational_offer.funding_module",),
        codes=("period.outside_funding_cycle",),
        check=_check_funding_cycle,
    ),
    Rule(
        id="cap.amount",
        description=(
            "The requested amount stays within the cap in each basis period (calendar year, "
            "school year or call), alone and — for caps per applicant or per school — together "
            "with earlier awards in the ledger; a cap per offer counts the offer's own amounts "
            "(each application is one offer)."
        ),
        source=FACTS_BBA,
        parameters=("educational_offer.cap",),
        codes=(
            "cap.exceeded",
            "cap.exceeded_with_earlier_awards",
            "cap.period_unknown",
            "cap.call_unknown",
        ),
        check=_check_cap,
    ),
    Rule(
        id="consultation.before_deadline",
        description=(
            "The applicant consulted the network office before submitting (or, where a "
            "district says so, before the offer starts)."
        ),
        source=SEED_STENDAL,
        parameters=("educational_offer.consultation",),
        codes=("consultation.missing", "consultation.too_late"),
        check=_check_consultation,
    ),
    Rule(
        id="documents.required",
        description=(
            "Every required document is included: the state-wide list and the district's "
            "additional documents."
        ),
        source=FACTS_BBA,
        parameters=(
            "educational_offer.required_documents",
            "educational_offer.additional_documents",
        ),
        codes=("document.missing",),
        check=_check_documents,
    ),
    Rule(
        id="submission.on_time",
        description=(
            "The application is submitted on time; a deadline ending on a Saturday, Sunday or "
            "public holiday in Sachsen-Anhalt moves to the next working day."
        ),
        source=Source(
            reference="§ 31 Abs. 3 VwVfG i. V. m. § 1 VwVfG LSA; § 193 BGB", title="Fristberechnung"
        ),
        parameters=("educational_offer.submission_deadline",),
        codes=(
            "submission.late",
            "submission.no_open_call",
            "submission.not_submitted",
            "deadline.moved",
        ),
        check=_check_submission,
    ),
)
