"""Parameter specs: every parameter declared once, with its name, type and meaning."""

from __future__ import annotations

from schulerfolg.plugins import PARAMETER_SPECS


def test_spec_names_match_their_keys() -> None:
    for key, spec in PARAMETER_SPECS.items():
        assert spec.name == key
        assert spec.description.strip()
