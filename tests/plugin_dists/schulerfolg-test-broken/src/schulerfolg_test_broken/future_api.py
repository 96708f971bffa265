"""A plugin for Mansfeld-Südharz, 15087, written for a plugin API this schulerfolg lacks."""

from __future__ import annotations

from schulerfolg.plugins import DistrictPlugin

plugin = DistrictPlugin(
    api_version=99,
    district="15087",
    name="Mansfeld-Südharz: written for plugin API 99 (test fixture)",
)
