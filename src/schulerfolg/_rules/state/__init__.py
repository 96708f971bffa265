"""The state-wide rules for educational offers (bildungsbezogene Angebote) and the state-wide
rulebook.

Each rule reads its figures from dated parameters (never literals) and raises only the finding
codes declared beside it (:mod:`schulerfolg._rules.state.codes`).  District plugins replace,
disable or add rules by id.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from schulerfolg._directory.programme import programme
from schulerfolg._parameters.loading import state_parameters
from schulerfolg._parameters.specs import PARAMETER_SPECS
from schulerfolg._rules.findings import FindingCode
from schulerfolg._rules.layers import STATE_LAYER
from schulerfolg._rules.messages import LABELS
from schulerfolg._rules.rule import Rule
from schulerfolg._rules.rulebook import Rulebook
from schulerfolg._rules.state.cap import CAP_RULE
from schulerfolg._rules.state.eligibility import (
    APPLICANT_RULE,
    FUNDING_CYCLE_RULE,
    PARTNER_RULE,
    TARGET_GROUP_RULE,
)
from schulerfolg._rules.state.procedure import CONSULTATION_RULE, DOCUMENTS_RULE, SUBMISSION_RULE

#: The state-wide rules, in the order they run (a decision's findings come in this order).
STATE_RULES: Final[tuple[Rule, ...]] = (
    APPLICANT_RULE,
    PARTNER_RULE,
    TARGET_GROUP_RULE,
    FUNDING_CYCLE_RULE,
    CAP_RULE,
    CONSULTATION_RULE,
    DOCUMENTS_RULE,
    SUBMISSION_RULE,
)

#: The finding codes of the state-wide rules, by code: a replacing rule raises these records.
STATE_CODES: Final[Mapping[str, FindingCode]] = MappingProxyType(
    {record.code: record for rule in STATE_RULES for record in rule.codes}
)


@functools.cache
def state_rulebook() -> Rulebook:
    """The state-wide rules and parameters, without any district plugin."""
    parameters = {p.name: ((p, STATE_LAYER),) for p in state_parameters()}
    return Rulebook(
        rules=tuple((rule, STATE_LAYER) for rule in STATE_RULES),
        parameters=MappingProxyType(parameters),
        specs=MappingProxyType(dict(PARAMETER_SPECS)),
        labels=MappingProxyType(dict(LABELS)),
        programme=programme(),
    )
