"""Stendal (15090): the Beirat „Schulerfolg sichern“ votes on educational offers.

Source: https://www.schulerfolg-stendal.de/beirat/ — the advisory board, founded in January
2016 and currently with 9 voting members, decides on the „Vergabe der Fördermittel für
Bildungsbezogene Angebote“.  Whether it still does so after the network office moved to the
district on 01.08.2022 is not known, so the value is provisional.  The application rules
themselves are the state-wide ones (seed 001 is Stendal's own description of them).
"""

from __future__ import annotations

from datetime import date
from typing import Final

from schulerfolg._model import Source
from schulerfolg._parameters import VotingBody, VotingBodyKind
from schulerfolg.plugins._api import PLUGIN_API_VERSION, DistrictPlugin
from schulerfolg.plugins._build import parameter, value

BEIRAT: Final = Source(
    reference="https://www.schulerfolg-stendal.de/beirat/",
    title="Beirat „Schulerfolg sichern“ im Landkreis Stendal",
)

plugin: Final = DistrictPlugin(
    api_version=PLUGIN_API_VERSION,
    district="15090",
    name="Stendal: Beirat „Schulerfolg sichern“",
    sources=(BEIRAT,),
    parameters=(
        parameter(
            "procedure.voting_body",
            value(
                VotingBody(
                    name="Beirat „Schulerfolg sichern“",
                    kind=VotingBodyKind.ADVISORY_BOARD,
                    voting_members=9,
                ),
                valid_from=date(2016, 1, 1),
                source=BEIRAT,
                provisional=True,
                note="Founded January 2016 (day not given); status after 01.08.2022 unknown [?].",
            ),
        ),
    ),
)
