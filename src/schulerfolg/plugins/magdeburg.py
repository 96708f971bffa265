"""Landeshauptstadt Magdeburg (15003): the 2021 call „Willkommen in der Schule“.

Source: https://www.jissa.de/foerderung/foerderungen/projektfoerderung-wids.php (the call) and
https://www.schulerfolg-sichern.de/das-programm/regionale-netzwerkstellen/magdeburg.html:
up to 2,000 EUR per school in the call; closing date (Antragsschluss) 31.01.2021; required
documents: application form with situation analysis, cost and financing plan, concept,
cooperation agreements, confirmation of non-profit status, recognition under § 75 SGB VIII and
the staff conference resolution (Beschluss der Gesamtkonferenz).  Open to all school types,
including schools without school social work (as state-wide).

These values hold for the 2021 call only (01.01.2021–31.12.2021, before the ESF+ cycle);
later calls are not published in the sources, so the state-wide rules apply outside it.  The
closing date 31.01.2021 was a Sunday and moves to Monday 01.02.2021.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from schulerfolg._model import Source
from schulerfolg._money import Money
from schulerfolg._parameters import Cap, CapBasis, CapScope, SubmissionDeadline
from schulerfolg.plugins._api import PLUGIN_API_VERSION, DistrictPlugin
from schulerfolg.plugins._build import parameter, value

CALL: Final = Source(
    reference="https://www.jissa.de/foerderung/foerderungen/projektfoerderung-wids.php",
    title="Magdeburg: Aufruf „Willkommen in der Schule“ 2021",
)
CALL_START: Final = date(2021, 1, 1)
CALL_END: Final = date(2021, 12, 31)

plugin: Final = DistrictPlugin(
    api_version=PLUGIN_API_VERSION,
    district="15003",
    name="Magdeburg: Aufruf „Willkommen in der Schule“ (2021)",
    sources=(CALL,),
    parameters=(
        parameter(
            "educational_offer.cap",
            value(
                Cap(amount=Money("2000.00"), scope=CapScope.PER_SCHOOL, basis=CapBasis.CALL),
                valid_from=CALL_START,
                valid_until=CALL_END,
                source=CALL,
                note="„bis zu 2.000 Euro je Schule“ in the 2021 call.",
            ),
        ),
        parameter(
            "educational_offer.submission_deadline",
            value(
                SubmissionDeadline(closing_dates=(date(2021, 1, 31),)),
                valid_from=CALL_START,
                valid_until=CALL_END,
                source=CALL,
                note="Antragsschluss 31.01.2021.",
            ),
        ),
        parameter(
            "educational_offer.additional_documents",
            value(
                (
                    "situation_analysis",
                    "cost_plan",
                    "concept",
                    "cooperation_agreement",
                    "non_profit_confirmation",
                    "recognition_75_sgb_viii",
                    "staff_conference_resolution",
                ),
                valid_from=CALL_START,
                valid_until=CALL_END,
                source=CALL,
            ),
        ),
    ),
)
