"""A plugin for Halle (Saale), 15002, whose module cannot be imported."""

from __future__ import annotations

raise ImportError(
    "schulerfolg-test-broken: the Halle plugin needs 'halle_extras', which is not installed"
)
