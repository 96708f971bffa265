"""Dessau-Roßlau (15001): PLUS+ „Prima Lernen An Unseren Schulen“.

Sources:
- Netzwerkstelle „Schulerfolg für Dessau-Roßlau“ (seed 004,
  ``seeds/004_6c88727d054023da.txt``): PLUS+ offers are applied for by youth-welfare sponsors
  („von Träger:innen der Jugendhilfe in Kooperation mit Schulen“) up to 2,000 EUR at the
  network office; application deadlines and the voting procedure are „klar definiert“ but not
  published in the source, so they are not modelled (the state-wide deadline applies).
- PLUS+ page, http://verwaltung.dessau-rosslau.de/soziales-bildung/kinder-jugend-und-familie/
  das-jugendamt/jugendfoerderung/netzwerkstelle-schulerfolg-fuer-dessau-rosslau/
  projektfoerderung-plus-projekte.html : „jährlich … pro Antragsteller bis zu 2.000,00 €
  vollfinanziert“.

Overrides: the cap counts per applicant per calendar year (reading „jährlich“ as the calendar
year is inferred, so the value is provisional); applicants are public or free youth-welfare
sponsors, whose cooperating schools count as their partners.  Values hold from the ESF+ start
on 01.08.2022 (the pages are undated; provisional).
"""

from __future__ import annotations

from datetime import date
from typing import Final

from schulerfolg._model import ApplicantKind, PartnerKind, Source
from schulerfolg._money import Money
from schulerfolg._parameters import Cap, CapBasis, CapScope
from schulerfolg.plugins._api import PLUGIN_API_VERSION, DistrictPlugin
from schulerfolg.plugins._build import parameter, value

PLUS_PAGE: Final = Source(
    reference="http://verwaltung.dessau-rosslau.de/soziales-bildung/kinder-jugend-und-familie/"
    "das-jugendamt/jugendfoerderung/netzwerkstelle-schulerfolg-fuer-dessau-rosslau/"
    "projektfoerderung-plus-projekte.html",
    title="Stadt Dessau-Roßlau: Projektförderung PLUS+",
)
SEED: Final = Source(
    reference="seeds/004_6c88727d054023da.txt",
    title="Netzwerkstelle „Schulerfolg für Dessau-Roßlau“: PLUS+",
)
ESF_PLUS_START: Final = date(2022, 8, 1)

plugin: Final = DistrictPlugin(
    api_version=PLUGIN_API_VERSION,
    district="15001",
    name="Dessau-Roßlau: PLUS+ (Prima Lernen An Unseren Schulen)",
    sources=(PLUS_PAGE, SEED),
    parameters=(
        parameter(
            "educational_offer.cap",
            value(
                Cap(
                    amount=Money("2000.00"),
                    scope=CapScope.PER_APPLICANT,
                    basis=CapBasis.CALENDAR_YEAR,
                ),
                valid_from=ESF_PLUS_START,
                source=PLUS_PAGE,
                provisional=True,
                note="„jährlich … pro Antragsteller“; calendar year inferred [I]; "
                "fully financed („vollfinanziert“).",
            ),
        ),
        parameter(
            "educational_offer.eligible_applicant_kinds",
            value(
                (ApplicantKind.PUBLIC_YOUTH_WELFARE, ApplicantKind.FREE_YOUTH_WELFARE),
                valid_from=ESF_PLUS_START,
                source=SEED,
                provisional=True,
                note="„von Träger:innen der Jugendhilfe in Kooperation mit Schulen“.",
            ),
        ),
        parameter(
            "educational_offer.required_partner_kinds",
            value(
                (PartnerKind.SCHOOL,),
                valid_from=ESF_PLUS_START,
                source=SEED,
                provisional=True,
                note="The cooperating schools are the partners of the applying sponsor.",
            ),
        ),
    ),
)
