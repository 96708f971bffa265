"""Parameter specs: every parameter declared once, with its stable name, value type and
meaning.  :data:`PARAMETER_SPECS` are the parameters the state-wide rules read."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final

import attrs

from schulerfolg._model.enums import ApplicantKind, Module, PartnerKind, TargetGroup
from schulerfolg._parameters.values import (
    Budget,
    Cap,
    ConsultationRequirement,
    SubmissionDeadline,
)
from schulerfolg._parameters.voting import VotingBody


@attrs.frozen(kw_only=True)
class ParameterSpec:
    """Declares a parameter: its stable name, its value type and what it means."""

    name: str
    value_type: Any
    description: str


#: Every parameter the state-wide rules read.  Plugins may give values only for these names
#: (or for parameters their own rules declare).  Read-only.
_SPECS: Final = (
    ParameterSpec(
        name="educational_offer.cap",
        value_type=Cap,
        description="The cap on funding for educational offers: amount, scope and basis.",
    ),
    ParameterSpec(
        name="educational_offer.eligible_applicant_kinds",
        value_type=tuple[ApplicantKind, ...],
        description="Who may apply for an educational offer.",
    ),
    ParameterSpec(
        name="educational_offer.required_partner_kinds",
        value_type=tuple[PartnerKind, ...],
        description="The application needs at least one cooperation partner of these kinds.",
    ),
    ParameterSpec(
        name="educational_offer.eligible_target_groups",
        value_type=tuple[TargetGroup, ...],
        description="The target groups an offer may address.",
    ),
    ParameterSpec(
        name="educational_offer.funding_module",
        value_type=Module,
        description="The programme module whose funding cycles the offer must lie within.",
    ),
    ParameterSpec(
        name="educational_offer.consultation",
        value_type=ConsultationRequirement,
        description="Whether a consultation at the network office is required, and by when.",
    ),
    ParameterSpec(
        name="educational_offer.required_documents",
        value_type=tuple[str, ...],
        description="Documents an application must include (document ids).",
    ),
    ParameterSpec(
        name="educational_offer.additional_documents",
        value_type=tuple[str, ...],
        description=(
            "Documents a district requires in addition to the state-wide list (document ids)."
        ),
    ),
    ParameterSpec(
        name="educational_offer.submission_deadline",
        value_type=SubmissionDeadline,
        description="When an application must be submitted.",
    ),
    ParameterSpec(
        name="educational_offer.budget",
        value_type=Budget,
        description=(
            "The district's yearly budget for educational offers (checked at approval by the "
            "award ledger; without a value in force there is no budget check)."
        ),
    ),
    ParameterSpec(
        name="procedure.voting_body",
        value_type=VotingBody,
        description="The body that votes on applications (used by the procedure layer).",
    ),
)
PARAMETER_SPECS: Final[Mapping[str, ParameterSpec]] = MappingProxyType(
    {spec.name: spec for spec in _SPECS}
)
