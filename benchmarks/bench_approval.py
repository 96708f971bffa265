"""Benchmark: approving an application in the award ledger, against ledgers of 100 to 100,000
earlier awards, for the in-memory, SQLite and (where a server is given) PostgreSQL stores.

An approval is the whole write transaction: the rules' evaluation with every cap (against the
earlier awards of the applicant, read by index), the budget check (a running total), and the
writes of the award, its index entries and its events.  All earlier awards are in one district
and one year (the worst case for the district's indexes) and five share each applicant, so
every timed approval has the same number of earlier awards to count whatever the ledger's size.

One interleaved run: round by round, each (store, size) approves its next application, in a new
(seeded) order each round, so that a slower moment of the machine hits every size alike; the
median per approval is printed with its ratio to the smallest ledger (flat means about 1) and —
for SQLite and PostgreSQL — its ratio to a bare single-row insert-and-commit on the same
database, interleaved in the same run.

Run from the repository root::

    .venv/bin/python benchmarks/bench_approval.py --quick        # up to 10,000 awards
    .venv/bin/python benchmarks/bench_approval.py                # up to 100,000 awards
    .venv/bin/python benchmarks/bench_approval.py --postgres "host=/tmp/pg user=postgres"
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from typing import Final

import attrs

import schulerfolg
from schulerfolg import (
    Actor,
    Application,
    Award,
    CostPlanLine,
    DateRange,
    FundingAmount,
    FundingSource,
    GrantNotice,
    Ledger,
    Money,
    Sponsor,
    SponsorKind,
    open_ledger,
)
from schulerfolg.plugins import (
    PLUGIN_API_VERSION,
    Budget,
    Cap,
    CapBasis,
    CapScope,
    ConsultationRequirement,
    DistrictPlugin,
    Parameter,
    ParameterValue,
    PluginRegistry,
    Source,
    VotingBody,
    VotingBodyKind,
)

BOERDE: Final = "15083"
YEAR: Final = 2025
SOURCE: Final = Source(reference="benchmarks/bench_approval.py", title="benchmark values")
CLERK: Final = Actor(role="Netzwerkstelle", name="Benchmark")


def rulebook() -> schulerfolg.Rulebook:
    """Börde with a cap per applicant and year, a large budget, the network office deciding."""
    values = {
        "educational_offer.cap": Cap(
            amount=Money("2000.00"), scope=CapScope.PER_APPLICANT, basis=CapBasis.CALENDAR_YEAR
        ),
        "educational_offer.budget": Budget(amount=Money("900000000.00")),
        "educational_offer.consultation": ConsultationRequirement(required=False),
        "procedure.voting_body": VotingBody(
            name="Netzwerkstelle", kind=VotingBodyKind.NETWORK_OFFICE
        ),
    }
    plugin = DistrictPlugin(
        api_version=PLUGIN_API_VERSION,
        district=BOERDE,
        name="bench",
        parameters=tuple(
            Parameter(
                name=name,
                values=(ParameterValue(value=value, valid_from=date(2024, 1, 1), source=SOURCE),),
            )
            for name, value in values.items()
        ),
    )
    return PluginRegistry.from_plugins([(plugin, "bench", "1.0")]).rulebook(BOERDE)


BASE: Final = schulerfolg.example_application()
WHERE: Final = schulerfolg.district(BOERDE)


def application(application_id: str, subject: int) -> Application:
    """An offer of 100 EUR in Börde by applicant number ``subject``."""
    return attrs.evolve(
        BASE,
        id=application_id,
        district=WHERE,
        schools=tuple(attrs.evolve(school, district=WHERE) for school in BASE.schools),
        applicant=attrs.evolve(BASE.applicant, name=f"Schule {subject}"),
        period=DateRange(start=date(YEAR, 9, 1), end=date(YEAR, 12, 15)),
        cost_plan=(
            CostPlanLine(description="Honorar", amount=Money("100.00"), calendar_year=YEAR),
        ),
        requested_amount=Money("100.00"),
    )


def earlier(count: int) -> list[Award]:
    """``count`` awards of 100 EUR, five per applicant."""
    return [
        Award.from_application(application(f"E-{index}", index // 5), awarded_on=date(YEAR, 7, 1))
        for index in range(count)
    ]


def fill(ledger: Ledger, awards: list[Award]) -> None:
    """Load the earlier awards in one transaction (the store's own primitives: loading is not
    what is measured)."""
    with ledger._transaction(write=True) as store:
        for award in awards:
            store.put_award(award)


def grant(app: Application) -> GrantNotice:
    return GrantNotice(
        issuer="Landesverwaltungsamt Sachsen-Anhalt",
        recipient=Sponsor(name=app.applicant.name, kind=SponsorKind.SCHOOL_AUTHORITY),
        project=app.title,
        period=app.period,
        amounts=(FundingAmount(source=FundingSource.EU, amount=app.requested_amount),),
    )


@attrs.define
class Case:
    """One store at one size: its ledger, the applications to approve, and the timings."""

    store: str
    size: int
    ledger: Ledger
    apps: list[Application]
    bare: Callable[[int], None] | None
    approvals: list[float] = attrs.field(factory=list)
    inserts: list[float] = attrs.field(factory=list)


def sqlite_bare(path: str) -> Callable[[int], None]:
    """A bare single-row insert-and-commit on the same file, with the ledger's settings."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")
    connection.execute(
        "CREATE TABLE IF NOT EXISTS bench_bare (id INTEGER PRIMARY KEY, payload TEXT)"
    )

    def insert(number: int) -> None:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute(
            "INSERT INTO bench_bare (id, payload) VALUES (?, ?)", (number, "x" * 200)
        )
        connection.execute("COMMIT")

    return insert


def postgres_bare(conninfo: str) -> Callable[[int], None]:
    import psycopg  # the optional dependency, only when a server is given

    connection = psycopg.connect(conninfo, autocommit=True)
    connection.execute(
        "CREATE TABLE IF NOT EXISTS bench_bare (id INTEGER PRIMARY KEY, payload TEXT)"
    )

    def insert(number: int) -> None:
        with connection.transaction():
            connection.execute(
                "INSERT INTO bench_bare (id, payload) VALUES (%s, %s)", (number, "x" * 200)
            )

    return insert


def postgres_database(server: str, name: str) -> str:
    import psycopg

    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {name}")
    return f"{server} dbname={name}"


def cases(sizes: list[int], rounds: int, folder: str, server: str | None) -> list[Case]:
    book = rulebook()
    made: list[Case] = []
    stores = ["memory", "sqlite"] + (["postgres"] if server else [])
    for size in sizes:
        awards = earlier(size)
        for store in stores:
            bare: Callable[[int], None] | None = None
            if store == "memory":
                location = ":memory:"
            elif store == "sqlite":
                location = os.path.join(folder, f"ledger-{size}.sqlite")
            else:
                assert server is not None
                location = postgres_database(server, f"schulerfolg_bench_{size}")
            ledger = open_ledger(location, create=True)
            fill(ledger, awards)
            if store == "sqlite":
                bare = sqlite_bare(location)
            elif store == "postgres":
                bare = postgres_bare(location)
            apps = [application(f"T-{n}", n % max(1, size // 5)) for n in range(rounds)]
            for app in apps:
                ledger.submit(app, rulebook=book, on=date(YEAR, 6, 30), actor=CLERK)
            made.append(Case(store=store, size=size, ledger=ledger, apps=apps, bare=bare))
            print(f"  prepared {store} with {size:,} earlier awards", flush=True)
    return made


def run(made: list[Case], rounds: int) -> None:
    book = rulebook()
    order = random.Random(20261130)
    for number in range(rounds):
        # A new order each round (seeded): no case always follows the same other one (a case
        # right after an fsync of another finds the CPU's caches cold).
        for case in order.sample(made, len(made)):
            app = case.apps[number]
            notice = grant(app)
            started = time.perf_counter()
            approval = case.ledger.approve(
                app.id, rulebook=book, on=date(YEAR, 7, 10), actor=CLERK, grant_notice=notice
            )
            case.approvals.append(time.perf_counter() - started)
            assert approval.recorded
            assert approval.decision.eligible
            if case.bare is not None:
                started = time.perf_counter()
                case.bare(number)
                case.inserts.append(time.perf_counter() - started)


def report(made: list[Case]) -> None:
    smallest: dict[str, float] = {}
    print()
    print(
        f"{'store':<9} {'earlier awards':>14} {'approval':>11} {'vs smallest':>12} "
        f"{'bare insert':>12} {'approval/insert':>16}"
    )
    for case in made:
        median = statistics.median(case.approvals)
        smallest.setdefault(case.store, median)
        line = (
            f"{case.store:<9} {case.size:>14,} {median * 1e6:>9.0f}µs "
            f"{median / smallest[case.store]:>12.2f}"
        )
        if case.inserts:
            bare = statistics.median(case.inserts)
            line += f" {bare * 1e6:>10.0f}µs {median / bare:>16.1f}"
        print(line)
    for store in dict.fromkeys(case.store for case in made):
        ratios = [
            statistics.median(case.approvals) / smallest[store]
            for case in made
            if case.store == store
        ]
        print(
            f"{store}: largest / smallest = {ratios[-1]:.2f} (flat within 1.5x: "
            f"{'yes' if max(ratios) <= 1.5 else 'NO'})"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="up to 10,000 earlier awards")
    parser.add_argument("--rounds", type=int, default=60, help="approvals per store and size")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("SCHULERFOLG_TEST_POSTGRES"),
        help="a PostgreSQL server (libpq connection string without dbname)",
    )
    args = parser.parse_args(argv)
    sizes = [100, 1_000, 10_000] if args.quick else [100, 1_000, 10_000, 100_000]
    with tempfile.TemporaryDirectory() as folder:
        made = cases(sizes, args.rounds, folder, args.postgres)
        made.sort(key=lambda case: (case.store, case.size))
        run(made, args.rounds)
        report(made)
        for case in made:
            case.ledger.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
