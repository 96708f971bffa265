"""The sources the state-wide rules cite (public pages and legal citations)."""

from __future__ import annotations

from typing import Final

from schulerfolg._core.provenance import Source

STENDAL_OFFICE_PAGE: Final = Source(
    reference="https://www.schulerfolg-sichern.de/das-programm/regionale-netzwerkstellen/stendal.html",
    title="Netzwerkstelle für den Schulerfolg im Landkreis Stendal",
)
BURGENLANDKREIS_OFFICE_PAGE: Final = Source(
    reference="https://www.schulerfolg-sichern.de/das-programm/regionale-netzwerkstellen/burgenlandkreis.html",
    title="Netzwerkstelle gegen Schulversagen im Burgenlandkreis",
)
STARTSCHUSS_ARTICLE: Final = Source(
    reference="https://www.schulerfolg-sichern.de/aktuelles/detailview/artikel/startschuss-fuer-schulbezogene-projekte-zur-sicherung-des-schulerfolges.html",
    title="Startschuss für schulbezogene Projekte zur Sicherung des Schulerfolges",
)
DESSAU_ROSSLAU_OFFICE_PAGE: Final = Source(
    reference="https://www.schulerfolg-sichern.de/das-programm/regionale-netzwerkstellen/dessau-rosslau.html",
    title=(
        "Netzwerkstelle „Schulerfolg für Dessau-Roßlau“: „Entsprechende Formulare stehen … zum "
        "Download … bereit“"
    ),
)
PROGRAMME_CYCLES: Final = Source(
    reference="https://mb.sachsen-anhalt.de/themen/schule-und-unterricht/schulsozialarbeit/",
    title="Ministerium für Bildung Sachsen-Anhalt: Schulsozialarbeit",
)
