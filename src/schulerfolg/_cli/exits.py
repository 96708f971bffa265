"""The command line's exit codes (public API, see docs/cli.md)."""

from __future__ import annotations

from typing import Final

EXIT_ELIGIBLE: Final = 0
EXIT_INELIGIBLE: Final = 1
EXIT_INVALID: Final = 2
EXIT_RULE_FAILED: Final = 3
EXIT_INTERNAL: Final = 4
