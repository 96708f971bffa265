"""Builders shared by the rules tests (``tests/rules``): the example application changed, cost
plan lines, earlier awards, test rules and overlays for Börde (15083), and the checks every
decision must pass.

Plain functions, not fixtures: the parametrize tables call them at import time
(``from rule_helpers import ...``; ``tests`` is on the import path).  Every evaluation passes
``rulebook=`` explicitly (the default rulebook depends on installed district plugins).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from typing import Any

import attrs

import schulerfolg
from helpers import in_district
from schulerfolg import (
    Application,
    Award,
    CostPlanLine,
    DateRange,
    Decision,
    Finding,
    InMemoryLedger,
    Money,
    Outcome,
    Rulebook,
    Severity,
    Source,
    money_sum,
)
from schulerfolg.plugins import (
    PLUGIN_API_VERSION,
    Cap,
    CapBasis,
    CapScope,
    DistrictPlugin,
    Layer,
    LayerKind,
    Overlay,
    Parameter,
    ParameterValue,
    Rule,
    RuleContext,
)

#: The first day every state-wide parameter holds.
PARAMETERS_START = date(2018, 8, 1)
TEST_LAYER = Layer(kind=LayerKind.PLUGIN, name="test", version="1")
TEST_SOURCE = Source(reference="test")
#: A district without numeric deviations of its own: overlays for tests are layered over it.
BOERDE = "15083"
CAP = "educational_offer.cap"

EXAMPLE = schulerfolg.example_application()
SCHOOL = EXAMPLE.schools[0]
SCHOOL_KEY = SCHOOL.key
APPLICANT_KEY = EXAMPLE.applicant.key
HOME = EXAMPLE.district.key  # Wittenberg, 15091

#: The example's period: Monday 2025-09-01 to 2025-12-19, in the 2024–2028 funding cycle.
AUTUMN_2025 = DateRange(start=date(2025, 9, 1), end=date(2025, 12, 19))
#: Autumn 2025 to summer 2026: two calendar years, one school year.
SCHOOL_YEAR_2025 = DateRange(start=date(2025, 9, 1), end=date(2026, 6, 30))
#: Early June to end of September 2025: one calendar year, two school years.
ACROSS_SUMMER_2025 = DateRange(start=date(2025, 6, 2), end=date(2025, 9, 30))

#: The eight state-wide rules, by id.
STATE_RULE_IDS = (
    "applicant.eligible_kind",
    "partner.required",
    "target_group.eligible",
    "period.within_funding_cycle",
    "cap.amount",
    "consultation.before_deadline",
    "documents.required",
    "submission.on_time",
)

#: The state-wide codes that are not errors.
INFO_CODES = frozenset({"deadline.moved", "submission.not_submitted"})


# --------------------------------------------------------------------------------------------
# Rulebooks and overlays


def state() -> Rulebook:
    return schulerfolg.state_rulebook()


def in_boerde(application: Application) -> Application:
    return in_district(application, BOERDE)


def overlay(**changes: Any) -> Overlay:
    """A test plugin for Börde declaring ``changes``, as layered (layer ``test 1``)."""
    plugin = DistrictPlugin(api_version=PLUGIN_API_VERSION, district=BOERDE, name="test", **changes)
    return Overlay(plugin=plugin, layer=TEST_LAYER, district=schulerfolg.district(BOERDE))


def rule(rule_id: str, check: Any = None, **changes: Any) -> Rule:
    def nothing(application: Application, context: RuleContext) -> Iterator[Finding]:
        return iter(())

    return Rule(
        id=rule_id,
        description=f"test rule {rule_id}",
        source=TEST_SOURCE,
        check=check or nothing,
        **changes,
    )


def parameter(name: str, value: object, valid_from: date = PARAMETERS_START) -> Parameter:
    return Parameter(
        name=name,
        values=(ParameterValue(value=value, valid_from=valid_from, source=TEST_SOURCE),),
    )


def overlay_rulebook(
    values: Mapping[str, object], *, valid_from: date = PARAMETERS_START
) -> Rulebook:
    """The state-wide rulebook with a Börde overlay giving ``values`` from ``valid_from``."""
    parameters = tuple(parameter(name, value, valid_from) for name, value in values.items())
    return state().with_overlay(overlay(parameters=parameters))


def snapshot(book: Rulebook) -> tuple[object, ...]:
    """Everything a rulebook holds, to show that layering an overlay changed nothing of it."""
    return (
        tuple((r.id, layer) for r, layer in book.rules),
        {name: tuple(entries) for name, entries in book.parameters.items()},
        tuple(sorted(book.specs)),
        tuple(sorted(book.codes)),
        dict(book.labels),
        book.overlay,
    )


def cap_rulebook(scope: CapScope, basis: CapBasis, amount: str = "2000.00") -> Rulebook:
    return overlay_rulebook({CAP: Cap(amount=Money(amount), scope=scope, basis=basis)})


# --------------------------------------------------------------------------------------------
# Applications and awards


def line(
    amount: str, year: int = 2025, *, incurred_on: date | None = None, description: str = "Honorar"
) -> CostPlanLine:
    return CostPlanLine(
        description=description, amount=Money(amount), calendar_year=year, incurred_on=incurred_on
    )


def application(
    *,
    lines: Sequence[CostPlanLine] | None = None,
    period: DateRange | None = None,
    district: str | None = None,
    **changes: Any,
) -> Application:
    """The example application, changed; the cost plan always adds up to the request."""
    period = period or AUTUMN_2025
    cost_plan = tuple(lines) if lines is not None else (line("1800.00", period.start.year),)
    if district is not None:
        where = schulerfolg.district(district)
        changes["district"] = where
        changes.setdefault(
            "schools", tuple(attrs.evolve(school, district=where) for school in EXAMPLE.schools)
        )
    return attrs.evolve(
        EXAMPLE,
        period=period,
        cost_plan=cost_plan,
        requested_amount=money_sum(item.amount for item in cost_plan),
        **changes,
    )


def award(
    application_id: str,
    *lines: CostPlanLine,
    period: DateRange | None = None,
    district_key: str = HOME,
    applicant_key: str = APPLICANT_KEY,
    school_keys: tuple[str, ...] = (SCHOOL_KEY,),
    call: str | None = None,
) -> Award:
    years = sorted({item.calendar_year for item in lines})
    return Award(
        application_id=application_id,
        district_key=district_key,
        applicant_key=applicant_key,
        school_keys=school_keys,
        call=call,
        period=period or DateRange(start=date(years[0], 1, 5), end=date(years[-1], 6, 30)),
        cost_plan=lines,
        awarded_on=date(years[0], 1, 2),
    )


# --------------------------------------------------------------------------------------------
# Decisions


def run(
    app: Application,
    *,
    rulebook: Rulebook | None = None,
    on: date | None = None,
    ledger: InMemoryLedger | None = None,
) -> Decision:
    """Evaluate and check what holds for every decision: findings name the rule that found
    them (one of its declared codes, with the declared severity), and the outcome follows the
    error findings."""
    book = rulebook if rulebook is not None else state()
    decision = schulerfolg.evaluate(app, rulebook=book, on=on, ledger=ledger)
    for finding in decision.findings:
        record = book.rule(finding.rule).code(finding.code)
        assert record is not None, finding
        assert record.severity is finding.severity, finding
    has_error = any(f.severity is Severity.ERROR for f in decision.findings)
    assert decision.outcome is (Outcome.INELIGIBLE if has_error else Outcome.ELIGIBLE)
    return decision


Expected = Sequence[tuple[str, Mapping[str, str]]]


def assert_findings(decision: Decision, expected: Expected) -> None:
    """The findings are exactly ``expected`` (codes in order), each carrying the given params."""
    assert decision.codes() == tuple(code for code, _ in expected), decision.findings
    for finding, (_, params) in zip(decision.findings, expected, strict=True):
        for name, value in params.items():
            assert finding.params[name] == value, (name, finding)
    errors = [code for code, _ in expected if code not in INFO_CODES]
    assert decision.eligible is (not errors)
