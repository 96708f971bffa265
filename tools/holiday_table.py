"""Write ``src/schulerfolg/_core/holiday_table.py``: Sachsen-Anhalt's public holidays, taken
from the installed ``holidays`` package, as a table the library reads without importing it.

Why: asking ``holidays`` for Germany imports all of its ~300 country modules (about 100 ms),
which alone would triple the start-up of ``schulerfolg check``.  The table is that package's
answer written down, not a list of our own: ``tests/core/test_holiday_table.py`` compares it
day by day with the installed ``holidays`` and fails with this command when they differ::

    python tools/holiday_table.py

Years outside the table are still answered by ``holidays`` itself, at run time.
"""

from __future__ import annotations

import sys
from pathlib import Path

import holidays

FIRST_YEAR = 2000
LAST_YEAR = 2060
TARGET = Path(__file__).resolve().parents[1] / "src" / "schulerfolg" / "_core" / "holiday_table.py"


def render() -> str:
    """The module's text for the installed ``holidays`` package."""
    calendar = holidays.country_holidays(
        "DE", subdiv="ST", language="de", years=range(FIRST_YEAR, LAST_YEAR + 1)
    )
    rows = "".join(
        f'    ("{day.isoformat()}", "{name}"),\n' for day, name in sorted(calendar.items())
    )
    return (
        '"""Public holidays in Sachsen-Anhalt (Germany, subdivision ST), '
        f"{FIRST_YEAR}–{LAST_YEAR}: generated\n"
        f"by ``tools/holiday_table.py`` from holidays {holidays.__version__} "
        "(python-holidays); do not edit.\n\n"
        "Checked day by day against the installed ``holidays`` by "
        "``tests/core/test_holiday_table.py``.\n"
        '"""\n\n'
        "from typing import Final\n\n"
        "#: The ``holidays`` release the table was written from.\n"
        f'HOLIDAYS_VERSION: Final = "{holidays.__version__}"\n'
        "#: The first and last year the table covers (both whole).\n"
        f"FIRST_YEAR: Final = {FIRST_YEAR}\n"
        f"LAST_YEAR: Final = {LAST_YEAR}\n\n"
        "#: ``(ISO day, German name)`` of every public holiday in those years, in order.\n"
        "HOLIDAYS: Final[tuple[tuple[str, str], ...]] = (\n"
        f"{rows})\n"
    )


def _days(text: str) -> list[str]:
    return [line for line in text.splitlines() if "holidays " not in line and "VERSION" not in line]


def main() -> int:
    """Write the table (``--check``: only say whether it is current; exit 1 if not)."""
    text = render()
    if "--check" in sys.argv[1:]:
        # The days and names, not the release that wrote them: a newer holidays that changes no
        # holiday leaves the table current.
        current = _days(TARGET.read_text(encoding="utf-8")) == _days(text)
        print("current" if current else f"out of date: run python {Path(__file__).name}")
        return 0 if current else 1
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
