"""The functions of :mod:`schulerfolg` that join the layers: evaluating an application and
drawing a district's deadline calendar under the district's rules as the installed plugins give
them (the rule engine below knows no plugins; the plugin registry above knows no calendars)."""

from __future__ import annotations

from datetime import date

from schulerfolg._directory.districts import district as find_district
from schulerfolg._model.application import Application
from schulerfolg._model.organisations import District
from schulerfolg._procedure import calendars
from schulerfolg._procedure.calendars import DeadlineCalendar
from schulerfolg._rules import evaluation
from schulerfolg._rules.evaluation import Decision
from schulerfolg._rules.ledger import AwardLedger
from schulerfolg._rules.rulebook import Rulebook
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
    return evaluation.evaluate(application, rulebook, on=on, ledger=ledger)


def deadline_calendar(
    district: District | str, year: int, *, rulebook: Rulebook | None = None
) -> DeadlineCalendar:
    """The deadlines of ``district`` (a :class:`District`, key or name) in the calendar year
    ``year``: each fixed closing date with the working day it really ends on and its sources,
    and the deadlines counted back from each offer's start.

    ``rulebook`` defaults to the district's rules (its plugin, if one is installed).
    """
    target = district if isinstance(district, District) else find_district(district)
    if rulebook is None:
        rulebook = rulebook_for(target)
    return calendars.deadline_calendar(rulebook, target, year)
