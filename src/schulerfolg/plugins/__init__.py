"""Everything a district plugin author needs, in one namespace; and discovery, the registry and
the diff of district plugins.

A district publishes its rules as a :class:`DistrictPlugin` (Python) or a TOML file
(declarative) in a separately installed distribution, registered under the entry-point group
``schulerfolg.plugins``.  The library's built-in districts are declarative files in
``schulerfolg/plugins/builtin/``, registered through the same group and read by the same
reader.  See ``docs/plugins.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from schulerfolg import _public
from schulerfolg._core.dates import DateRange
from schulerfolg._core.money import Money
from schulerfolg._core.provenance import Source
from schulerfolg._model.application import Application
from schulerfolg._model.enums import ApplicantKind, Module, PartnerKind, TargetGroup
from schulerfolg._parameters.history import Parameter, ParameterValue
from schulerfolg._parameters.specs import PARAMETER_SPECS, ParameterSpec
from schulerfolg._parameters.values import (
    Budget,
    Cap,
    CapBasis,
    CapScope,
    ConsultationDeadline,
    ConsultationRequirement,
    SubmissionDeadline,
)
from schulerfolg._parameters.voting import (
    BoardMember,
    Majority,
    MajorityBasis,
    Quorum,
    Threshold,
    TieRule,
    VotingBody,
    VotingBodyKind,
)
from schulerfolg._rules.caps import CapAssessment, CapPeriodTotal, CapSubject
from schulerfolg._rules.caps import assess as assess_cap
from schulerfolg._rules.deadlines import Deadline, DeadlineKind, submission_deadlines
from schulerfolg._rules.findings import ArgKind, Finding, FindingCode, Severity
from schulerfolg._rules.layers import Layer, LayerKind
from schulerfolg._rules.ledger import Award, AwardLedger
from schulerfolg._rules.overlay import DistrictPlugin, Overlay
from schulerfolg._rules.rule import Check, Rule, RuleContext
from schulerfolg._rules.rulebook import Rulebook
from schulerfolg._rules.state import STATE_RULES, state_rulebook
from schulerfolg.errors import (
    OverlayError,
    ParameterNotInForceError,
    PluginConflictError,
    PluginError,
    RuleError,
)
from schulerfolg.plugins._declarative import (
    DocumentLabel,
    load_declarative_plugin,
    read_declarative_plugin,
)
from schulerfolg.plugins._diff import (
    DistrictDiff,
    ParameterChange,
    RuleChange,
    RuleChangeKind,
    diff_rulebook,
    district_diff,
)
from schulerfolg.plugins._finder import ENTRY_POINT_GROUP, FoundPlugin, find_plugins
from schulerfolg.plugins._loader import PLUGIN_API_VERSION, SUPPORTED_API_VERSIONS, load_plugin
from schulerfolg.plugins._registry import (
    PluginRegistry,
    PluginReport,
    PluginStatus,
    default_registry,
    reset_plugin_cache,
    rulebook_for,
)
from schulerfolg.plugins._selection import (
    NO_PLUGINS_ENV,
    SELECT_ENV,
    STRICT_ENV,
    parse_selection,
)

#: The finding codes of the state-wide rules, by code: a replacing rule raises these records.
STATE_CODES: Final[Mapping[str, FindingCode]] = MappingProxyType(
    {record.code: record for rule in STATE_RULES for record in rule.codes}
)

__all__ = [
    "ENTRY_POINT_GROUP",
    "NO_PLUGINS_ENV",
    "PARAMETER_SPECS",
    "PLUGIN_API_VERSION",
    "SELECT_ENV",
    "STATE_CODES",
    "STATE_RULES",
    "STRICT_ENV",
    "SUPPORTED_API_VERSIONS",
    "ApplicantKind",
    "Application",
    "ArgKind",
    "Award",
    "AwardLedger",
    "BoardMember",
    "Budget",
    "Cap",
    "CapAssessment",
    "CapBasis",
    "CapPeriodTotal",
    "CapScope",
    "CapSubject",
    "Check",
    "ConsultationDeadline",
    "ConsultationRequirement",
    "DateRange",
    "Deadline",
    "DeadlineKind",
    "DistrictDiff",
    "DistrictPlugin",
    "DocumentLabel",
    "Finding",
    "FindingCode",
    "FoundPlugin",
    "Layer",
    "LayerKind",
    "Majority",
    "MajorityBasis",
    "Module",
    "Money",
    "Overlay",
    "OverlayError",
    "Parameter",
    "ParameterChange",
    "ParameterNotInForceError",
    "ParameterSpec",
    "ParameterValue",
    "PartnerKind",
    "PluginConflictError",
    "PluginError",
    "PluginRegistry",
    "PluginReport",
    "PluginStatus",
    "Quorum",
    "Rule",
    "RuleChange",
    "RuleChangeKind",
    "RuleContext",
    "RuleError",
    "Rulebook",
    "Severity",
    "Source",
    "SubmissionDeadline",
    "TargetGroup",
    "Threshold",
    "TieRule",
    "VotingBody",
    "VotingBodyKind",
    "assess_cap",
    "default_registry",
    "diff_rulebook",
    "district_diff",
    "find_plugins",
    "load_declarative_plugin",
    "load_plugin",
    "parse_selection",
    "read_declarative_plugin",
    "reset_plugin_cache",
    "rulebook_for",
    "state_rulebook",
    "submission_deadlines",
]

#: Names this namespace shares with :mod:`schulerfolg`, which is their public home.
_SHARED = frozenset(
    {
        "ApplicantKind",
        "Application",
        "Award",
        "AwardLedger",
        "DateRange",
        "Finding",
        "Module",
        "Money",
        "PartnerKind",
        "Rulebook",
        "Severity",
        "Source",
        "TargetGroup",
        "state_rulebook",
    }
)
_public.claim(__name__, globals(), [name for name in __all__ if name not in _SHARED])
