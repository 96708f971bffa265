"""Who applies, with whom, for whom, and when: the applicant's kind, the cooperation partner,
the target groups, and the offer's period within a funding cycle."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from schulerfolg._model.application import Application
from schulerfolg._model.enums import ApplicantKind, Module, PartnerKind, TargetGroup
from schulerfolg._rules.findings import Finding
from schulerfolg._rules.rule import Rule, RuleContext
from schulerfolg._rules.state import codes
from schulerfolg._rules.state.sources import (
    BURGENLANDKREIS_OFFICE_PAGE,
    PROGRAMME_CYCLES,
    STENDAL_OFFICE_PAGE,
)


def _check_applicant(application: Application, context: RuleContext) -> Iterator[Finding]:
    eligible: tuple[ApplicantKind, ...] = context.parameter(
        "educational_offer.eligible_applicant_kinds"
    )
    if application.applicant.kind not in eligible:
        yield codes.APPLICANT_KIND_NOT_ELIGIBLE.finding(
            applicant=application.applicant.name,
            kind=application.applicant.kind,
            eligible=eligible,
        )


def _check_partner(application: Application, context: RuleContext) -> Iterator[Finding]:
    kinds: tuple[PartnerKind, ...] = context.parameter("educational_offer.required_partner_kinds")
    partner_kinds = {partner.kind for partner in application.cooperation_partners}
    if application.applicant.kind is ApplicantKind.SCHOOL:
        # A school applies "in Kooperation mit" a sponsor or another partner that is not a
        # school: another school it names never counts as that partner.
        partner_kinds.discard(PartnerKind.SCHOOL)
    else:
        # A sponsor applying "in Kooperation mit Schulen" cooperates with the schools it names.
        partner_kinds.add(PartnerKind.SCHOOL)
    if not partner_kinds & set(kinds):
        yield codes.PARTNER_MISSING.finding(kinds=kinds)


def _check_target_groups(application: Application, context: RuleContext) -> Iterator[Finding]:
    eligible: tuple[TargetGroup, ...] = context.parameter(
        "educational_offer.eligible_target_groups"
    )
    for group in application.target_groups:
        if group not in eligible:
            yield codes.TARGET_GROUP_NOT_ELIGIBLE.finding(group=group, eligible=eligible)


def _check_funding_cycle(application: Application, context: RuleContext) -> Iterator[Finding]:
    module: Module = context.parameter("educational_offer.funding_module")
    if not any(
        module in cycle.modules and cycle.period.contains_range(application.period)
        for cycle in context.programme.cycles
    ):
        yield codes.PERIOD_OUTSIDE_FUNDING_CYCLE.finding(
            start=application.period.start, end=application.period.end, module=module
        )


APPLICANT_RULE: Final = Rule(
    id="applicant.eligible_kind",
    description="The applicant is of a kind that may apply (state-wide: a school).",
    source=STENDAL_OFFICE_PAGE,
    parameters=("educational_offer.eligible_applicant_kinds",),
    codes=(codes.APPLICANT_KIND_NOT_ELIGIBLE,),
    check=_check_applicant,
)
PARTNER_RULE: Final = Rule(
    id="partner.required",
    description=(
        "The application names at least one cooperation partner of an eligible kind "
        "(youth welfare sponsor, municipality, school support association, other partners); "
        "a school applying needs a partner that is not a school (another school never counts "
        "as its partner), and when a sponsor applies, the schools it names count as its "
        "school partners."
    ),
    source=BURGENLANDKREIS_OFFICE_PAGE,
    parameters=("educational_offer.required_partner_kinds",),
    codes=(codes.PARTNER_MISSING,),
    check=_check_partner,
)
TARGET_GROUP_RULE: Final = Rule(
    id="target_group.eligible",
    description="Every target group is eligible (pupils, parents/guardians, teachers).",
    source=STENDAL_OFFICE_PAGE,
    parameters=("educational_offer.eligible_target_groups",),
    codes=(codes.TARGET_GROUP_NOT_ELIGIBLE,),
    check=_check_target_groups,
)
FUNDING_CYCLE_RULE: Final = Rule(
    id="period.within_funding_cycle",
    description=(
        "The offer is time-limited and lies within one funding cycle of the module that "
        "funds educational offers."
    ),
    source=PROGRAMME_CYCLES,
    parameters=("educational_offer.funding_module",),
    codes=(codes.PERIOD_OUTSIDE_FUNDING_CYCLE,),
    check=_check_funding_cycle,
)
