"""Hypothesis's entry point (group ``hypothesis`` in pyproject.toml): when Hypothesis is
imported in an environment where schulerfolg is installed, it calls :func:`_hypothesis_setup_hook`,
which registers the strategies for ``st.from_type``.  ``import schulerfolg`` itself never
imports Hypothesis; the library is imported here only when Hypothesis is."""

from __future__ import annotations

import sys


def _hypothesis_setup_hook() -> None:
    """Register :func:`schulerfolg.strategies.for_type` for every public type."""
    loading = sys.modules.get("schulerfolg.strategies")
    if loading is not None and not hasattr(loading, "register"):
        # schulerfolg.strategies is being imported and has just imported Hypothesis: it
        # registers itself when its import is complete (importing it here would be a cycle).
        return
    # Imported here, when Hypothesis loads its plugins: not when this module is found.
    from schulerfolg import strategies

    strategies.register()
