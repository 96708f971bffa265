"""Burgenlandkreis (15084).

Source: Netzwerkstelle gegen Schulversagen im Burgenlandkreis (seed 003,
``seeds/003_2601b98b81d2a867.txt``;
https://www.schulerfolg-sichern.de/das-programm/regionale-netzwerkstellen/burgenlandkreis.html):
„Pro Kalenderjahr können bis zu 2.000 Euro für die Durchführung eines solchen Angebots
beantragt werden.“

Override: the cap counts per offer and calendar year (not per school).  The value is stated;
the page is undated, so the day it holds from is assumed to be the ESF+ start on 01.08.2022,
when the network office sat in the district's youth welfare office (said in the value's note).
"""

from __future__ import annotations

from datetime import date
from typing import Final

from schulerfolg._model import Source
from schulerfolg._money import Money
from schulerfolg._parameters import Cap, CapBasis, CapScope
from schulerfolg.plugins._api import PLUGIN_API_VERSION, DistrictPlugin
from schulerfolg.plugins._build import parameter, value

SEED: Final = Source(
    reference="https://www.schulerfolg-sichern.de/das-programm/regionale-netzwerkstellen/"
    "burgenlandkreis.html",
    title="Netzwerkstelle gegen Schulversagen im Burgenlandkreis (seed 003)",
)

plugin: Final = DistrictPlugin(
    api_version=PLUGIN_API_VERSION,
    district="15084",
    name="Burgenlandkreis: bildungsbezogene Angebote",
    sources=(SEED,),
    parameters=(
        parameter(
            "educational_offer.cap",
            value(
                Cap(
                    amount=Money("2000.00"), scope=CapScope.PER_OFFER, basis=CapBasis.CALENDAR_YEAR
                ),
                valid_from=date(2022, 8, 1),
                source=SEED,
                note="„Pro Kalenderjahr … bis zu 2.000 Euro für die Durchführung eines "
                "solchen Angebots“; the start day is taken from the ESF+ start.",
            ),
        ),
    ),
)
