"""Salzlandkreis (15089).

Source: Netzwerkstelle „Schulerfolg im Salzlandkreis“,
https://www.salzlandkreis.de/themenbereiche/kinder-jugend-familie/jugendprojekte/
netzwerkstelle-schulerfolg-im-salzlandkreis (entries of 24.04.2023, 17.05.2023, 02.11.2023 and
20.01.2026):
- the district's own Steuergruppe „bildungsbezogene Angebote“ decides (district sponsor since
  01.08.2022);
- the recommended cap per school and calendar year is 2,000 EUR, raised to 3,000 EUR after the
  Landesverwaltungsamt's information of 07.01.2026 (published by the district on 20.01.2026);
- by its decision of 24.04.2023 the steering group changed the requirement of a staff
  conference resolution (Beschluss der Gesamtkonferenz) from 25.04.2023; the stored page cuts
  the sentence off, so that it was dropped is unverified (provisional).
"""

from __future__ import annotations

from datetime import date
from typing import Final

from schulerfolg._model import Source
from schulerfolg._money import Money
from schulerfolg._parameters import Cap, CapBasis, CapScope, VotingBody, VotingBodyKind
from schulerfolg.plugins._api import PLUGIN_API_VERSION, DistrictPlugin
from schulerfolg.plugins._build import parameter, value

PAGE: Final = Source(
    reference="https://www.salzlandkreis.de/themenbereiche/kinder-jugend-familie/"
    "jugendprojekte/netzwerkstelle-schulerfolg-im-salzlandkreis",
    title="Netzwerkstelle „Schulerfolg im Salzlandkreis“",
)
SPONSOR_SINCE: Final = date(2022, 8, 1)
#: The Landesverwaltungsamt's information that the cap may be 3,000 EUR.
LVWA_NOTICE: Final = date(2026, 1, 7)
#: The day the changed staff-conference requirement took effect.
STAFF_CONFERENCE_CHANGE: Final = date(2023, 4, 25)


def _cap(amount: str) -> Cap:
    return Cap(amount=Money(amount), scope=CapScope.PER_SCHOOL, basis=CapBasis.CALENDAR_YEAR)


plugin: Final = DistrictPlugin(
    api_version=PLUGIN_API_VERSION,
    district="15089",
    name="Salzlandkreis: Steuergruppe „bildungsbezogene Angebote“",
    sources=(PAGE,),
    parameters=(
        parameter(
            "educational_offer.cap",
            value(
                _cap("2000.00"),
                valid_from=SPONSOR_SINCE,
                source=PAGE,
                note="„empfohlene Förderobergrenze“ 2,000 EUR per school and calendar year.",
            ),
            value(
                _cap("3000.00"),
                valid_from=LVWA_NOTICE,
                source=PAGE,
                note="Raised to 3,000 EUR after the LVwA information of 07.01.2026 "
                "(published 20.01.2026).",
            ),
        ),
        parameter(
            "educational_offer.additional_documents",
            value(
                ("staff_conference_resolution",),
                valid_from=SPONSOR_SINCE,
                source=PAGE,
                provisional=True,
                note="Required until the steering group's decision of 24.04.2023 [S/I].",
            ),
            value(
                (),
                valid_from=STAFF_CONFERENCE_CHANGE,
                source=PAGE,
                provisional=True,
                note="Requirement changed from 25.04.2023; that it was dropped is "
                "unverified (the source sentence is cut off) [?].",
            ),
        ),
        parameter(
            "procedure.voting_body",
            value(
                VotingBody(
                    name="Steuergruppe „bildungsbezogene Angebote“",
                    kind=VotingBodyKind.STEERING_GROUP,
                ),
                valid_from=SPONSOR_SINCE,
                source=PAGE,
                provisional=True,
                note="Named on the page; its first meeting day is not given.",
            ),
        ),
    ),
)
