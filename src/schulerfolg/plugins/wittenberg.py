"""Wittenberg (15091).

Source: Landkreis Wittenberg, „Bildungsbezogene Angebote“,
https://www.landkreis-wittenberg.de/de/bildungsbezogene-angebote.html: every school may
receive at most 2,000 EUR per calendar year; preconditions are a cooperation agreement
(Kooperationsvertrag) with a public or recognised free youth-welfare sponsor, a school support
association and/or other partners, and a consultation (Beratungsgespräch) at the network office
before the project starts.

Overrides: the cap per school and calendar year (stated, no longer provisional here); the
cooperation agreement as an additional document; the consultation deadline is the offer's
start.  The page is undated; the values hold from the ESF+ start on 01.08.2022.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from schulerfolg._model import Source
from schulerfolg._money import Money
from schulerfolg._parameters import (
    Cap,
    CapBasis,
    CapScope,
    ConsultationDeadline,
    ConsultationRequirement,
)
from schulerfolg.plugins._api import PLUGIN_API_VERSION, DistrictPlugin
from schulerfolg.plugins._build import parameter, value

PAGE: Final = Source(
    reference="https://www.landkreis-wittenberg.de/de/bildungsbezogene-angebote.html",
    title="Landkreis Wittenberg: Bildungsbezogene Angebote",
)
ESF_PLUS_START: Final = date(2022, 8, 1)

plugin: Final = DistrictPlugin(
    api_version=PLUGIN_API_VERSION,
    district="15091",
    name="Wittenberg: bildungsbezogene Angebote",
    sources=(PAGE,),
    parameters=(
        parameter(
            "educational_offer.cap",
            value(
                Cap(
                    amount=Money("2000.00"), scope=CapScope.PER_SCHOOL, basis=CapBasis.CALENDAR_YEAR
                ),
                valid_from=ESF_PLUS_START,
                source=PAGE,
                note="„max. 2.000 Euro/Kalenderjahr“ for every school.",
            ),
        ),
        parameter(
            "educational_offer.additional_documents",
            value(
                ("cooperation_agreement",),
                valid_from=ESF_PLUS_START,
                source=PAGE,
                note="Kooperationsvertrag with a youth-welfare sponsor, school support "
                "association and/or other partners.",
            ),
        ),
        parameter(
            "educational_offer.consultation",
            value(
                ConsultationRequirement(required=True, deadline=ConsultationDeadline.BEFORE_START),
                valid_from=ESF_PLUS_START,
                source=PAGE,
                note="Beratungsgespräch in der Netzwerkstelle before the project starts.",
            ),
        ),
    ),
)
