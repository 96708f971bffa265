"""Landkreis Harz (15085): an EXAMPLE third-party district plugin for schulerfolg.

**Every value and rule in this module is an illustrative example, not a published rule of
Landkreis Harz.**  No Harz-specific rules for educational offers (caps, deadlines, documents)
were found in public sources, so nothing
here may be used to judge a real application.  Each value is marked ``provisional=True`` and
cites :data:`EXAMPLE_SOURCE`, whose title says exactly that.

The module shows what a plugin distribution can declare, everything from 01.01.2026 (before
that day the state-wide rules apply unchanged):

* its own **cap**: 1,500 EUR per offer and calendar year;
* its own **deadline**: calls closing on 31 March and 30 September each year, as an RFC 5545
  RRULE bounded with ``UNTIL`` (the end of the 2024–2028 funding cycle);
* an **additional document** (``harz_session_plan``) with its own label;
* an **added rule** (``harz.offer_duration``) with its own parameter
  (``harz.max_offer_months``), finding code (``harz.offer_too_long``, a warning), message and
  German catalog (``locale/de/LC_MESSAGES/schulerfolg_harz.po``).

It is registered in ``pyproject.toml`` under the entry-point group ``schulerfolg.plugins`` as
``harz = "schulerfolg_harz:plugin"``; its version in decision traces is the distribution's.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Final

from schulerfolg.plugins import (
    Application,
    ArgKind,
    Cap,
    CapBasis,
    CapScope,
    DistrictPlugin,
    Finding,
    FindingCode,
    Money,
    Parameter,
    ParameterNotInForceError,
    ParameterSpec,
    ParameterValue,
    Rule,
    RuleContext,
    Severity,
    Source,
    SubmissionDeadline,
)

__all__ = ["EXAMPLE_SOURCE", "EXAMPLE_START", "plugin"]

#: The source every value of this plugin cites: the example itself, clearly labelled.
EXAMPLE_SOURCE: Final = Source(
    reference="schulerfolg-harz 1.0.0 (examples/schulerfolg-harz/README.md)",
    title="Illustrative example only – NOT a published rule of Landkreis Harz "
    "(no Harz-specific rules were found in public sources)",
)
#: The district's network office page: it names the office and publishes no figures used here.
NETWORK_OFFICE_PAGE: Final = Source(
    reference="https://www.schulerfolg-sichern.de/harz.html",
    title="Regionale Netzwerkstelle Schulerfolg im Landkreis Harz (no BbA figures published)",
)
#: The day the example values start; before it the state-wide rules apply.
EXAMPLE_START: Final = date(2026, 1, 1)
#: Closing dates 31 March and 30 September (the last day of months 3 and 9), bounded by the
#: end of the 2024–2028 funding cycle.
CLOSING_DATES_RRULE: Final = "FREQ=YEARLY;BYMONTH=3,9;BYMONTHDAY=-1;UNTIL=20280731"

MAX_MONTHS: Final = "harz.max_offer_months"
DOCUMENT: Final = "harz_session_plan"
#: The finding code of the example rule, declared once: code, severity, message, arguments.
TOO_LONG: Final = FindingCode(
    code="harz.offer_too_long",
    severity=Severity.WARNING,
    template=(
        "The offer runs from {start} to {end}, longer than {months} months "
        "(an illustrative example rule, not a published rule of Landkreis Harz)."
    ),
    args={"start": ArgKind.DATE, "end": ArgKind.DATE, "months": ArgKind.NUMBER},
)


def _example(value: object, note: str) -> ParameterValue:
    # Each note is written out whole: it is the message id of its German translation in this
    # plugin's catalog (locale/de/LC_MESSAGES/schulerfolg_harz.po).
    return ParameterValue(
        value=value, valid_from=EXAMPLE_START, provisional=True, source=EXAMPLE_SOURCE, note=note
    )


def _add_months(day: date, months: int) -> date:
    """``day`` moved ``months`` calendar months on (clamped to the month's last day)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _check_duration(application: Application, context: RuleContext) -> Iterator[Finding]:
    """Warn when the offer runs longer than ``harz.max_offer_months`` months."""
    try:
        months: int = context.parameter(MAX_MONTHS)
    except ParameterNotInForceError:
        return  # the example rule holds from EXAMPLE_START only
    period = application.period
    if period.end >= _add_months(period.start, months):
        yield TOO_LONG.finding(start=period.start, end=period.end, months=months)


DURATION_RULE: Final = Rule(
    id="harz.offer_duration",
    description=(
        "Illustrative example: an offer running longer than harz.max_offer_months months gets "
        "a warning (not a published rule of Landkreis Harz)."
    ),
    source=EXAMPLE_SOURCE,
    parameters=(MAX_MONTHS,),
    codes=(TOO_LONG,),
    check=_check_duration,
)

plugin: Final = DistrictPlugin(
    api_version=1,  # the API version this plugin was written for (not the constant)
    district="15085",
    name="Harz: illustrative example plugin (not published rules of Landkreis Harz)",
    sources=(EXAMPLE_SOURCE, NETWORK_OFFICE_PAGE),
    parameter_specs=(
        ParameterSpec(
            name=MAX_MONTHS,
            value_type=int,
            description="Example: the longest an offer may run without a warning, in months.",
        ),
    ),
    parameters=(
        Parameter(
            name="educational_offer.cap",
            values=(
                _example(
                    Cap(
                        amount=Money("1500.00"),
                        scope=CapScope.PER_OFFER,
                        basis=CapBasis.CALENDAR_YEAR,
                    ),
                    "Illustrative example, not a rule of Landkreis Harz: 1,500 EUR per offer "
                    "and calendar year.",
                ),
            ),
        ),
        Parameter(
            name="educational_offer.submission_deadline",
            values=(
                _example(
                    SubmissionDeadline(recurrence=CLOSING_DATES_RRULE),
                    "Illustrative example, not a rule of Landkreis Harz: calls closing on "
                    "31 March and 30 September until the end of the 2024–2028 funding cycle.",
                ),
            ),
        ),
        Parameter(
            name="educational_offer.additional_documents",
            values=(
                _example(
                    (DOCUMENT,),
                    "Illustrative example, not a rule of Landkreis Harz: a session plan of the "
                    "offer.",
                ),
            ),
        ),
        Parameter(
            name=MAX_MONTHS,
            values=(
                _example(
                    6,
                    "Illustrative example, not a rule of Landkreis Harz: offers longer than six "
                    "months get a warning.",
                ),
            ),
        ),
    ),
    added_rules=(DURATION_RULE,),
    labels={
        DOCUMENT: "session plan of the offer",
        MAX_MONTHS: "Longest offer without a warning (months)",
    },
    catalog_dir=Path(__file__).parent / "locale",
    catalog_domain="schulerfolg_harz",
)
