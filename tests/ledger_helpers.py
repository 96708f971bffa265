"""Shared by the award ledger tests (and importable by the processes they start): a district
whose rules make every cap and the budget bite, its applications, and the check that a ledger
is consistent.

The district is Börde under a test overlay: a cap of 2,000 EUR per applicant and calendar year,
a yearly budget of 5,000 EUR, the network office deciding alone, no consultation required.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from typing import Any

import attrs
import pytest

import schulerfolg
from rule_helpers import BOERDE, application, line, overlay_rulebook
from schulerfolg import (
    Actor,
    ApplicationEventKind,
    ApplicationState,
    FundingAmount,
    FundingSource,
    GrantNotice,
    Ledger,
    Money,
    Sponsor,
    SponsorKind,
)
from schulerfolg.plugins import (
    Budget,
    Cap,
    CapBasis,
    CapScope,
    ConsultationRequirement,
    VotingBody,
    VotingBodyKind,
)

#: The tests folder, for the children's import path.
TESTS = os.path.dirname(os.path.abspath(__file__))
CAP = Money("2000.00")
BUDGET = Money("5000.00")
CLERK = Actor(role="network office", name="Frau Beispiel")
SUBMITTED_ON = date(2025, 6, 30)
APPROVED_ON = date(2025, 7, 10)

#: The environment variable naming a PostgreSQL server for the tests (a libpq connection
#: string), and the one that makes a missing server an error (set by .ci/run).
POSTGRES_ENV = "SCHULERFOLG_TEST_POSTGRES"
REQUIRE_POSTGRES_ENV = "SCHULERFOLG_REQUIRE_POSTGRES"


def rulebook(cap: Cap | None = None) -> schulerfolg.Rulebook:
    """Börde with a cap (by default per applicant and calendar year), a budget, and the network
    office deciding."""
    return overlay_rulebook(
        {
            "educational_offer.cap": cap
            or Cap(amount=CAP, scope=CapScope.PER_APPLICANT, basis=CapBasis.CALENDAR_YEAR),
            "educational_offer.budget": Budget(amount=BUDGET),
            "educational_offer.consultation": ConsultationRequirement(required=False),
            "procedure.voting_body": VotingBody(
                name="Netzwerkstelle", kind=VotingBodyKind.NETWORK_OFFICE
            ),
        }
    )


def offer(
    application_id: str, applicant: str, amount: str, year: int = 2025, school: str | None = None
) -> schulerfolg.Application:
    """An application in Börde by ``applicant`` for ``amount`` in ``year`` (September to
    December: one calendar year, one school year); for the example's school, or for school
    number ``school``."""
    base = application(district=BOERDE, lines=[line(amount, 2025)])
    period = schulerfolg.DateRange(start=date(year, 9, 1), end=date(year, 12, 15))
    schools = base.schools
    if school is not None:
        schools = (attrs.evolve(schools[0], name=f"Grundschule {school}", number=school),)
    return attrs.evolve(
        base,
        id=application_id,
        applicant=attrs.evolve(base.applicant, name=f"Schule {applicant}"),
        schools=schools,
        period=period,
        cost_plan=(line(amount, year),),
    )


def grant(app: schulerfolg.Application) -> GrantNotice:
    """A grant notice for ``app`` (the whole request from the ESF+)."""
    return GrantNotice(
        issuer="Landesverwaltungsamt Sachsen-Anhalt",
        recipient=Sponsor(name=app.applicant.name, kind=SponsorKind.SCHOOL_AUTHORITY),
        project=app.title,
        period=app.period,
        amounts=(FundingAmount(source=FundingSource.EU, amount=app.requested_amount),),
    )


def approve(ledger: Ledger, app: schulerfolg.Application, book: Any = None) -> schulerfolg.Approval:
    """Approve ``app`` in ``ledger`` on :data:`APPROVED_ON`."""
    return ledger.approve(
        app.id, rulebook=book or rulebook(), on=APPROVED_ON, actor=CLERK, grant_notice=grant(app)
    )


def consistency_problems(ledger: Ledger, scope: CapScope = CapScope.PER_APPLICANT) -> list[str]:
    """Everything wrong with a ledger: an award without its approval or an approval without
    its award (lost or written twice), a cap (per applicant or per school, in the year of the
    offers' money, which is also their school year's first) or the budget exceeded, budget
    totals that do not add up."""
    problems: list[str] = []
    per_subject: dict[tuple[str, int], Money] = {}
    per_year: dict[int, Money] = {}
    for application_id in ledger.application_ids():
        history = ledger.history(application_id)
        award = ledger.award(application_id)
        approvals = [e for e in history.events if e.kind is ApplicationEventKind.APPROVED]
        awarded = history.state in (ApplicationState.APPROVED, ApplicationState.RUNNING)
        if awarded != (award is not None) or len(approvals) > 1:
            problems.append(f"{application_id}: state {history.state}, award {award}")
        if award is None:
            continue
        subjects = award.school_keys if scope is CapScope.PER_SCHOOL else (award.applicant_key,)
        for item in award.cost_plan:
            for subject in subjects:
                key = (subject, item.calendar_year)
                per_subject[key] = per_subject.get(key, Money.zero()) + item.amount
            per_year[item.calendar_year] = (
                per_year.get(item.calendar_year, Money.zero()) + item.amount
            )
    problems += [
        f"cap exceeded: {key} {total}" for key, total in per_subject.items() if total > CAP
    ]
    problems += [
        f"budget exceeded: {year} {total}" for year, total in per_year.items() if total > BUDGET
    ]
    book = rulebook()
    for year in (2024, 2025, 2026, 2027):
        standing = ledger.budget_standing(book, BOERDE, year, on=APPROVED_ON)
        if standing.awarded != per_year.get(year, Money.zero()):
            problems.append(f"budget total {year}: {standing.awarded} != {per_year.get(year)}")
    return problems


def postgres_server() -> str | None:
    """The test PostgreSQL server's connection string; ``None`` (skip) where none is set, a
    failure where CI requires one."""
    conninfo = os.environ.get(POSTGRES_ENV)
    if not conninfo:
        if os.environ.get(REQUIRE_POSTGRES_ENV):
            pytest.fail(f"{REQUIRE_POSTGRES_ENV} is set but {POSTGRES_ENV} is not")
        return None
    return conninfo


_counter = iter(range(1_000_000))


def fresh_database(conninfo: str) -> Iterator[str]:
    """A new, empty database on the server (dropped afterwards); yields its connection string."""
    import psycopg  # the optional dependency of the PostgreSQL ledger, only for these tests

    name = f"schulerfolg_test_{os.getpid()}_{next(_counter)}"
    with psycopg.connect(conninfo, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name}")
    try:
        yield f"{conninfo} dbname={name}"
    finally:
        with psycopg.connect(conninfo, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def approve_in_turn(location: str, ids: list[str], go: str | None = None) -> None:
    """Approve ``ids`` one after the other in the ledger at ``location``, printing
    ``approved|unchanged|refused ID`` after each (flushed: a parent may kill this process at
    any moment).  With ``go``, wait until that file exists (so that processes start together).
    Run by the tests' child processes."""
    with schulerfolg.open_ledger(location) as ledger:
        while go is not None and not os.path.exists(go):
            time.sleep(0.002)
        for application_id in ids:
            app = ledger.application(application_id)
            assert app is not None
            try:
                result = "approved" if approve(ledger, app).recorded else "unchanged"
            except schulerfolg.TransitionError:
                result = "refused"
            print(result, application_id, flush=True)


def child(location: str, ids: list[str], go: str | None = None) -> subprocess.Popen[str]:
    """A new Python process running :func:`approve_in_turn`."""
    code = (
        "import sys, json, ledger_helpers; ledger_helpers.approve_in_turn(*json.loads(sys.argv[1]))"
    )
    environment = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([TESTS, os.environ.get("PYTHONPATH", "")]),
    }
    return subprocess.Popen(
        [sys.executable, "-c", code, json.dumps([location, ids, go])],
        stdout=subprocess.PIPE,
        text=True,
        env=environment,
    )
