"""schulerfolg: Sachsen-Anhalt's ESF+ programme „Schulerfolg sichern“ in code.

This is the one import place for users of the library: the domain model, exact money, dates
and working days, reading and writing documents, evaluating applications and their decisions,
the bundled reference data, and the co-financing split.  Errors live in :mod:`schulerfolg.errors`
(also re-exported here); everything a district plugin author needs is in
:mod:`schulerfolg.plugins`; Hypothesis strategies are in :mod:`schulerfolg.strategies`.  The
underscored modules behind these are private.  See ``docs/`` (``docs/architecture.md`` for the
map of the package).
"""

from __future__ import annotations

from datetime import date

from schulerfolg import _public
from schulerfolg._core.dates import CalendarYear, DateRange, SchoolYear, parse_date
from schulerfolg._core.money import Money, format_money, money_sum, parse_money, round_to_cent
from schulerfolg._core.provenance import Source
from schulerfolg._core.working_days import is_working_day, public_holiday, roll_forward
from schulerfolg._directory.districts import district, districts
from schulerfolg._directory.districts import district as _find_district
from schulerfolg._directory.documents import from_dict, from_json, to_dict, to_json
from schulerfolg._directory.offices import network_office, network_offices
from schulerfolg._directory.programme import example_application, programme
from schulerfolg._model.application import Applicant, Application
from schulerfolg._model.co_financing import (
    ROUNDING_RULE,
    CoFinancingSplit,
    split_co_financing,
    split_for_cycle,
)
from schulerfolg._model.cost_plan import (
    CostPlanLine,
    split_cost_plan_by_calendar_year,
    split_cost_plan_by_school_year,
)
from schulerfolg._model.enums import (
    ApplicantKind,
    DistrictKind,
    FundingSource,
    Module,
    PartnerKind,
    SchoolType,
    SponsorKind,
    TargetGroup,
)
from schulerfolg._model.grant import FundingAmount, GrantNotice
from schulerfolg._model.organisations import (
    Address,
    Contact,
    CooperationPartner,
    District,
    NetworkOffice,
    School,
    SchoolSocialWorkProject,
    Sponsor,
    normalise_email,
)
from schulerfolg._model.programme import CoFinancing, FundingCycle, Programme
from schulerfolg._procedure import calendars as _calendars
from schulerfolg._procedure.calendars import CalendarEntry, DeadlineCalendar, RelativeDeadline
from schulerfolg._procedure.ledger import Ledger
from schulerfolg._procedure.ledger_text import (
    approval_text,
    history_text,
    refusal_text,
    standing_text,
)
from schulerfolg._procedure.lifecycle import (
    TRANSITIONS,
    Actor,
    ApplicationEvent,
    ApplicationEventKind,
    ApplicationHistory,
    ApplicationState,
    Procedure,
    procedure_for,
)
from schulerfolg._procedure.memory import MemoryLedger
from schulerfolg._procedure.opening import open_ledger
from schulerfolg._procedure.postgres import PostgresLedger
from schulerfolg._procedure.schemas import document_schema
from schulerfolg._procedure.sqlite import SqliteLedger
from schulerfolg._procedure.standing import Approval, BudgetCheck, BudgetStanding, CapStanding
from schulerfolg._procedure.votes import (
    Ballot,
    Choice,
    VoteOutcome,
    VoteRecord,
    VoteResult,
    count_vote,
    tally_vote,
)
from schulerfolg._rules import evaluation as _evaluation
from schulerfolg._rules.evaluation import Decision, Outcome
from schulerfolg._rules.findings import Finding, Severity
from schulerfolg._rules.ledger import Award, AwardLedger, InMemoryLedger
from schulerfolg._rules.rulebook import Rulebook
from schulerfolg._rules.state import state_rulebook
from schulerfolg._rules.trace import ParameterUse, RuleUse
from schulerfolg._version import __version__
from schulerfolg.errors import (
    CoFinancingError,
    CostPlanError,
    DateError,
    DocumentError,
    InvariantError,
    LedgerError,
    MoneyError,
    Need,
    NoEvaluationDateError,
    NotFoundError,
    OverlayError,
    ParameterNotInForceError,
    PluginConflictError,
    PluginError,
    Problem,
    RuleError,
    SchulerfolgError,
    TransitionError,
    VoteError,
)
from schulerfolg.plugins._registry import rulebook_for


def evaluate(
    application: Application,
    *,
    rulebook: Rulebook | None = None,
    on: date | None = None,
    ledger: AwardLedger | None = None,
) -> Decision:
    """Evaluate ``application`` under ``rulebook`` on the day ``on``.

    ``rulebook`` defaults to the rules of the application's district: the state-wide rules
    layered with the district's plugin, if one is installed (found through the default plugin
    registry, see :mod:`schulerfolg.plugins`).  ``on`` defaults to the application's submission
    date; without either, :class:`~schulerfolg.errors.NoEvaluationDateError` is raised, so that
    a decision never depends on the day it happens to be computed.  Every rule runs; a rule that
    raises becomes a :class:`~schulerfolg.errors.RuleError` naming the rule and its layer.
    """
    if rulebook is None:
        rulebook = rulebook_for(application.district)
    return _evaluation.evaluate(application, rulebook, on=on, ledger=ledger)


def deadline_calendar(
    district: District | str, year: int, *, rulebook: Rulebook | None = None
) -> DeadlineCalendar:
    """The deadlines of ``district`` (a :class:`District`, key or name) in the calendar year
    ``year``: each fixed closing date with the working day it really ends on and its sources,
    and the deadlines counted back from each offer's start.

    ``rulebook`` defaults to the district's rules (its plugin, if one is installed).
    """
    target = district if isinstance(district, District) else _find_district(district)
    if rulebook is None:
        rulebook = rulebook_for(target)
    return _calendars.deadline_calendar(rulebook, target, year)


__all__ = [
    "ROUNDING_RULE",
    "TRANSITIONS",
    "Actor",
    "Address",
    "Applicant",
    "ApplicantKind",
    "Application",
    "ApplicationEvent",
    "ApplicationEventKind",
    "ApplicationHistory",
    "ApplicationState",
    "Approval",
    "Award",
    "AwardLedger",
    "Ballot",
    "BudgetCheck",
    "BudgetStanding",
    "CalendarEntry",
    "CalendarYear",
    "CapStanding",
    "Choice",
    "CoFinancing",
    "CoFinancingError",
    "CoFinancingSplit",
    "Contact",
    "CooperationPartner",
    "CostPlanError",
    "CostPlanLine",
    "DateError",
    "DateRange",
    "DeadlineCalendar",
    "Decision",
    "District",
    "DistrictKind",
    "DocumentError",
    "Finding",
    "FundingAmount",
    "FundingCycle",
    "FundingSource",
    "GrantNotice",
    "InMemoryLedger",
    "InvariantError",
    "Ledger",
    "LedgerError",
    "MemoryLedger",
    "Module",
    "Money",
    "MoneyError",
    "Need",
    "NetworkOffice",
    "NoEvaluationDateError",
    "NotFoundError",
    "Outcome",
    "OverlayError",
    "ParameterNotInForceError",
    "ParameterUse",
    "PartnerKind",
    "PluginConflictError",
    "PluginError",
    "PostgresLedger",
    "Problem",
    "Procedure",
    "Programme",
    "RelativeDeadline",
    "RuleError",
    "RuleUse",
    "Rulebook",
    "School",
    "SchoolSocialWorkProject",
    "SchoolType",
    "SchoolYear",
    "SchulerfolgError",
    "Severity",
    "Source",
    "Sponsor",
    "SponsorKind",
    "SqliteLedger",
    "TargetGroup",
    "TransitionError",
    "VoteError",
    "VoteOutcome",
    "VoteRecord",
    "VoteResult",
    "__version__",
    "approval_text",
    "count_vote",
    "deadline_calendar",
    "district",
    "districts",
    "document_schema",
    "evaluate",
    "example_application",
    "format_money",
    "from_dict",
    "from_json",
    "history_text",
    "is_working_day",
    "money_sum",
    "network_office",
    "network_offices",
    "normalise_email",
    "open_ledger",
    "parse_date",
    "parse_money",
    "procedure_for",
    "programme",
    "public_holiday",
    "refusal_text",
    "roll_forward",
    "round_to_cent",
    "split_co_financing",
    "split_cost_plan_by_calendar_year",
    "split_cost_plan_by_school_year",
    "split_for_cycle",
    "standing_text",
    "state_rulebook",
    "tally_vote",
    "to_dict",
    "to_json",
]

_public.claim(__name__, globals(), __all__)
