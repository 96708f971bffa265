"""The sources the state-wide rules cite (public pages and legal citations)."""

from __future__ import annotations

from typing import Final

from schulerfolg._core.provenance import Source

SEED_STENDAL: Final = Source(
    reference="https://www.schulerfolg-sichern.de/das-programm/regionale-netzwerkstellen/stendal.html",
    title="Netzwerkstelle für den Schulerfolg im Landkreis Stendal (seed 001)",
)
SEED_BURGENLANDKREIS: Final = Source(
    reference="https://www.schulerfolg-sichern.de/das-programm/regionale-netzwerkstellen/burgenlandkreis.html",
    title="Netzwerkstelle gegen Schulversagen im Burgenlandkreis (seed 003)",
)
FACTS_BBA: Final = Source(
    reference="https://www.schulerfolg-sichern.de/aktuelles/detailview/artikel/startschuss-fuer-schulbezogene-projekte-zur-sicherung-des-schulerfolges.html",
    title="Startschuss für schulbezogene Projekte; caps as published by the network offices",
)
PROGRAMME_CYCLES: Final = Source(
    reference="https://mb.sachsen-anhalt.de/themen/schule-und-unterricht/schulsozialarbeit/",
    title="MB: funding cycles of the ESF+ programme",
)
