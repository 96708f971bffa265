"""Benchmark: deciding an application against a ledger of many earlier awards.

The in-memory ledger indexes its awards by district and year (and call), so a decision reads the
awards that can count, not every award.  For ledgers of 100 to 100,000 earlier awards (spread over
the 14 districts and six years) this times ``evaluate`` of one application in Börde with a cap per
applicant — one interleaved run, the best of R rounds each — and prints the time per decision,
its ratio to the smallest ledger (flat means about 1), and the ratio of the same decision against
a ledger that scans every award (the 0.1.0 behaviour), as the plain baseline.

Run from the repository root::

    .venv/bin/python benchmarks/bench_ledger.py             # up to 100,000 awards
    .venv/bin/python benchmarks/bench_ledger.py --quick     # up to 10,000 awards
"""

from __future__ import annotations

import argparse
import gc
import time
from collections.abc import Collection, Iterable
from datetime import date
from typing import Final

import attrs

import schulerfolg
from schulerfolg import Award, CostPlanLine, InMemoryLedger, Money
from schulerfolg.plugins import Cap, CapBasis, CapScope, Parameter, ParameterValue, Source

KEYS: Final = tuple(d.key for d in schulerfolg.districts())


def awards(count: int) -> tuple[Award, ...]:
    """``count`` distinct awards over all districts and the years 2022–2027."""
    result = []
    for index in range(count):
        year = 2022 + index % 6
        result.append(
            Award(
                application_id=f"A-{index}",
                district_key=KEYS[index % len(KEYS)],
                applicant_key=f"applicant {index % 997}",
                school_keys=(f"school {index % 1499}",),
                period=schulerfolg.DateRange(start=date(year, 2, 1), end=date(year, 11, 30)),
                cost_plan=(
                    CostPlanLine(description="x", amount=Money("100.00"), calendar_year=year),
                ),
                awarded_on=date(year, 1, 15),
            )
        )
    return tuple(result)


@attrs.frozen
class ScanningLedger:
    """The baseline: every look-up scans every award."""

    entries: tuple[Award, ...]

    def awards(
        self,
        *,
        district_key: str,
        calendar_years: Collection[int],
        call: str | None = None,
        applicant_key: str | None = None,
        school_keys: Collection[str] | None = None,
    ) -> Iterable[Award]:
        years = frozenset(calendar_years)
        schools = frozenset(school_keys or ())
        return tuple(
            a
            for a in self.entries
            if a.district_key == district_key
            and (a.calendar_years() & years or (call is not None and a.call == call))
            and (
                (applicant_key is None and school_keys is None)
                or a.applicant_key == applicant_key
                or bool(schools.intersection(a.school_keys))
            )
        )


def rulebook() -> schulerfolg.Rulebook:
    """The state-wide rulebook with a cap per applicant, so earlier awards are read."""
    cap = Cap(amount=Money("2000.00"), scope=CapScope.PER_APPLICANT, basis=CapBasis.CALENDAR_YEAR)
    plugin = schulerfolg.plugins.DistrictPlugin(
        api_version=1,
        district="15083",
        name="bench",
        parameters=(
            Parameter(
                name="educational_offer.cap",
                values=(
                    ParameterValue(
                        value=cap, valid_from=date(2018, 8, 1), source=Source(reference="bench")
                    ),
                ),
            ),
        ),
    )
    return schulerfolg.plugins.PluginRegistry.from_plugins([(plugin, "bench", "1")]).rulebook(
        "15083"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="up to 10,000 awards")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    sizes = (100, 1_000, 10_000) if args.quick else (100, 1_000, 10_000, 100_000)
    book = rulebook()
    app = attrs.evolve(
        schulerfolg.example_application(),
        district=schulerfolg.district("15083"),
        applicant=attrs.evolve(schulerfolg.example_application().applicant, name="applicant 5"),
    )
    app = attrs.evolve(
        app, schools=tuple(attrs.evolve(s, district=app.district) for s in app.schools)
    )
    rounds = 200
    results: dict[int, tuple[float, float]] = {}
    for size in sizes:
        entries = awards(size)
        indexed, scanning = InMemoryLedger(entries), ScanningLedger(entries)
        best = {"indexed": float("inf"), "scan": float("inf")}
        for _ in range(args.repeat):
            for name, ledger in (("indexed", indexed), ("scan", scanning)):  # interleaved
                gc.collect()
                start = time.perf_counter()
                for _ in range(rounds):
                    schulerfolg.evaluate(app, rulebook=book, ledger=ledger)  # type: ignore[arg-type]
                best[name] = min(best[name], (time.perf_counter() - start) / rounds)
        results[size] = (best["indexed"], best["scan"])
    first = results[sizes[0]][0]
    print(f"{'awards':>8} {'indexed µs':>11} {'vs 100':>7} {'scan µs':>10} {'scan/indexed':>13}")
    for size, (indexed_time, scan_time) in results.items():
        print(
            f"{size:>8,} {indexed_time * 1e6:>11.1f} {indexed_time / first:>7.2f} "
            f"{scan_time * 1e6:>10.1f} {scan_time / indexed_time:>13.1f}"
        )


if __name__ == "__main__":
    main()
