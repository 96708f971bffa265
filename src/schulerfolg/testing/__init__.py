"""The testing kit for embedders and plugin authors (never imported by ``import schulerfolg``).

- :mod:`schulerfolg.testing.pytest_plugin` — pytest fixtures (registered through the
  ``pytest11`` entry point wherever the library is installed): ``schulerfolg_registry``,
  ``schulerfolg_example``, ``schulerfolg_evaluation_day``, ``schulerfolg_ledger``;
  :func:`builtin_registry` for a registry of the built-in plugins and a plugin under test;
- :class:`PluginConformance` — the conformance suite a plugin's tests subclass;
- the Hypothesis strategies live in :mod:`schulerfolg.strategies` (registered for
  ``st.from_type`` through Hypothesis's entry point).
"""

from schulerfolg.testing.conformance import PluginConformance
from schulerfolg.testing.pytest_plugin import EVALUATION_DAY, builtin_registry

__all__ = ["EVALUATION_DAY", "PluginConformance", "builtin_registry"]
