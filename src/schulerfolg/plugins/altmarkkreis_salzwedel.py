"""Altmarkkreis Salzwedel (15081): the network office implements educational offers.

Source: press release of 19.12.2022 (seed 000, ``seeds/000_b2e857e66814c337.txt``;
https://www.altmarkkreis-salzwedel.de/buerger-presseservice/presseservice/
pressemitteilungen-neuigkeiten-pressebilder/esf-projekt-schulerfolg-sichern-12-2022.aspx):
the district is the network office's sponsor since 01.08.2022, and „Umsetzung
bildungsbezogener Angebote“ is one of the office's tasks.  That the office itself decides on
the offers is inferred from that task (provisional); no caps or deadlines of its own are
published, so the state-wide ones apply.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from schulerfolg._model import Source
from schulerfolg._parameters import VotingBody, VotingBodyKind
from schulerfolg.plugins._api import PLUGIN_API_VERSION, DistrictPlugin
from schulerfolg.plugins._build import parameter, value

PRESS_RELEASE: Final = Source(
    reference="https://www.altmarkkreis-salzwedel.de/buerger-presseservice/presseservice/"
    "pressemitteilungen-neuigkeiten-pressebilder/esf-projekt-schulerfolg-sichern-12-2022.aspx",
    title="Altmarkkreis Salzwedel: Zuwendungsbescheid für Projekt bis 31.07.2024 (seed 000)",
)

plugin: Final = DistrictPlugin(
    api_version=PLUGIN_API_VERSION,
    district="15081",
    name="Altmarkkreis Salzwedel: Netzwerkstelle „Schulerfolg“",
    sources=(PRESS_RELEASE,),
    parameters=(
        parameter(
            "procedure.voting_body",
            value(
                VotingBody(
                    name="Netzwerkstelle „Schulerfolg“ des Altmarkkreises Salzwedel",
                    kind=VotingBodyKind.NETWORK_OFFICE,
                ),
                valid_from=date(2022, 8, 1),
                source=PRESS_RELEASE,
                provisional=True,
                note="Sponsor since 01.08.2022 [S]; deciding body inferred from the task "
                "„Umsetzung bildungsbezogener Angebote“ [I].",
            ),
        ),
    ),
)
