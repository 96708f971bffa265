"""Everything a district plugin author needs, in one namespace; and discovery, the registry and
the diff of district plugins.

A district publishes its rules as a :class:`DistrictPlugin` (Python) or a TOML file
(declarative) in a separately installed distribution, registered under the entry-point group
``schulerfolg.plugins``.  The library's built-in districts are declarative files in
``schulerfolg/plugins/builtin/``, registered through the same group and read by the same
reader.  See ``docs/plugins.md``.

Names are imported on first use (PEP 562); the names this namespace shares with
:mod:`schulerfolg` (``Money``, ``Application``, …) are read from there, their public home.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from schulerfolg import _public

if TYPE_CHECKING:
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
    from schulerfolg._rules.caps import (
        CapAssessment,
        CapPeriodTotal,
        CapSubject,
    )
    from schulerfolg._rules.caps import (
        assess as assess_cap,
    )
    from schulerfolg._rules.deadlines import Deadline, DeadlineKind, submission_deadlines
    from schulerfolg._rules.findings import ArgKind, Finding, FindingCode, Severity
    from schulerfolg._rules.layers import Layer, LayerKind
    from schulerfolg._rules.ledger import Award, AwardLedger
    from schulerfolg._rules.overlay import DistrictPlugin, Overlay
    from schulerfolg._rules.rule import Check, Rule, RuleContext
    from schulerfolg._rules.rulebook import Rulebook
    from schulerfolg._rules.state import STATE_CODES, STATE_RULES, state_rulebook
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
        DistrictReport,
        DistrictRules,
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

#: Where each public name is defined (``module`` or ``module:attribute``); read on first use.
_EXPORTS: Final = {
    "ApplicantKind": "schulerfolg",
    "Application": "schulerfolg",
    "Award": "schulerfolg",
    "AwardLedger": "schulerfolg",
    "DateRange": "schulerfolg",
    "Finding": "schulerfolg",
    "Module": "schulerfolg",
    "Money": "schulerfolg",
    "PartnerKind": "schulerfolg",
    "Rulebook": "schulerfolg",
    "Severity": "schulerfolg",
    "Source": "schulerfolg",
    "TargetGroup": "schulerfolg",
    "state_rulebook": "schulerfolg",
    "Parameter": "schulerfolg._parameters.history",
    "ParameterValue": "schulerfolg._parameters.history",
    "PARAMETER_SPECS": "schulerfolg._parameters.specs",
    "ParameterSpec": "schulerfolg._parameters.specs",
    "Budget": "schulerfolg._parameters.values",
    "Cap": "schulerfolg._parameters.values",
    "CapBasis": "schulerfolg._parameters.values",
    "CapScope": "schulerfolg._parameters.values",
    "ConsultationDeadline": "schulerfolg._parameters.values",
    "ConsultationRequirement": "schulerfolg._parameters.values",
    "SubmissionDeadline": "schulerfolg._parameters.values",
    "BoardMember": "schulerfolg._parameters.voting",
    "Majority": "schulerfolg._parameters.voting",
    "MajorityBasis": "schulerfolg._parameters.voting",
    "Quorum": "schulerfolg._parameters.voting",
    "Threshold": "schulerfolg._parameters.voting",
    "TieRule": "schulerfolg._parameters.voting",
    "VotingBody": "schulerfolg._parameters.voting",
    "VotingBodyKind": "schulerfolg._parameters.voting",
    "CapAssessment": "schulerfolg._rules.caps",
    "CapPeriodTotal": "schulerfolg._rules.caps",
    "CapSubject": "schulerfolg._rules.caps",
    "assess_cap": "schulerfolg._rules.caps:assess",
    "Deadline": "schulerfolg._rules.deadlines",
    "DeadlineKind": "schulerfolg._rules.deadlines",
    "submission_deadlines": "schulerfolg._rules.deadlines",
    "ArgKind": "schulerfolg._rules.findings",
    "FindingCode": "schulerfolg._rules.findings",
    "Layer": "schulerfolg._rules.layers",
    "LayerKind": "schulerfolg._rules.layers",
    "DistrictPlugin": "schulerfolg._rules.overlay",
    "Overlay": "schulerfolg._rules.overlay",
    "Check": "schulerfolg._rules.rule",
    "Rule": "schulerfolg._rules.rule",
    "RuleContext": "schulerfolg._rules.rule",
    "STATE_CODES": "schulerfolg._rules.state",
    "STATE_RULES": "schulerfolg._rules.state",
    "OverlayError": "schulerfolg.errors",
    "ParameterNotInForceError": "schulerfolg.errors",
    "PluginConflictError": "schulerfolg.errors",
    "PluginError": "schulerfolg.errors",
    "RuleError": "schulerfolg.errors",
    "DocumentLabel": "schulerfolg.plugins._declarative",
    "load_declarative_plugin": "schulerfolg.plugins._declarative",
    "read_declarative_plugin": "schulerfolg.plugins._declarative",
    "DistrictDiff": "schulerfolg.plugins._diff",
    "ParameterChange": "schulerfolg.plugins._diff",
    "RuleChange": "schulerfolg.plugins._diff",
    "RuleChangeKind": "schulerfolg.plugins._diff",
    "diff_rulebook": "schulerfolg.plugins._diff",
    "district_diff": "schulerfolg.plugins._diff",
    "ENTRY_POINT_GROUP": "schulerfolg.plugins._finder",
    "FoundPlugin": "schulerfolg.plugins._finder",
    "find_plugins": "schulerfolg.plugins._finder",
    "PLUGIN_API_VERSION": "schulerfolg.plugins._loader",
    "SUPPORTED_API_VERSIONS": "schulerfolg.plugins._loader",
    "load_plugin": "schulerfolg.plugins._loader",
    "DistrictReport": "schulerfolg.plugins._registry",
    "DistrictRules": "schulerfolg.plugins._registry",
    "PluginRegistry": "schulerfolg.plugins._registry",
    "PluginReport": "schulerfolg.plugins._registry",
    "PluginStatus": "schulerfolg.plugins._registry",
    "default_registry": "schulerfolg.plugins._registry",
    "reset_plugin_cache": "schulerfolg.plugins._registry",
    "rulebook_for": "schulerfolg.plugins._registry",
    "NO_PLUGINS_ENV": "schulerfolg.plugins._selection",
    "SELECT_ENV": "schulerfolg.plugins._selection",
    "STRICT_ENV": "schulerfolg.plugins._selection",
    "parse_selection": "schulerfolg.plugins._selection",
}

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
    "DistrictReport",
    "DistrictRules",
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

if not TYPE_CHECKING:  # type checkers read the imports above; a misspelt name is an error
    __getattr__, __dir__ = _public.exports_of(__name__, _EXPORTS)
