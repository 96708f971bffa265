"""A valid plugin for Halle (Saale), 15002, registered under an entry point named after no
district: the registry loads it to learn its district, and that district refuses to decide
(its rules would otherwise be missing without a word)."""

from __future__ import annotations

from schulerfolg.plugins import DistrictPlugin

plugin = DistrictPlugin(
    api_version=1,
    district="15002",
    name="Halle (Saale): under a misnamed entry point (test fixture)",
)
