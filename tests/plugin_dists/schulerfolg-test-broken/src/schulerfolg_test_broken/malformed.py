"""A plugin for Saalekreis, 15088, with two problems that must be reported together:
it replaces a rule id the state-wide rules do not have, and it gives ``educational_offer.cap``
a bare amount instead of a :class:`~schulerfolg.Cap`."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from schulerfolg.plugins import (
    Application,
    DistrictPlugin,
    Finding,
    Money,
    Parameter,
    ParameterValue,
    Rule,
    RuleContext,
    Source,
)

SOURCE = Source(reference="tests/plugin_dists/schulerfolg-test-broken", title="Test fixture")


def _never(application: Application, context: RuleContext) -> Iterator[Finding]:
    del application, context
    return iter(())


plugin = DistrictPlugin(
    api_version=1,
    district="15088",
    name="Saalekreis: malformed (test fixture)",
    sources=(SOURCE,),
    parameters=(
        Parameter(
            name="educational_offer.cap",
            values=(
                ParameterValue(value=Money("1500.00"), valid_from=date(2022, 8, 1), source=SOURCE),
            ),
        ),
    ),
    replaced_rules=(
        Rule(
            id="saalekreis.cap",
            description="Replaces a rule that does not exist.",
            source=SOURCE,
            replaces="cap.no_such_rule",
            check=_never,
        ),
    ),
)
