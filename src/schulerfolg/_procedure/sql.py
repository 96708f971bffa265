"""The award ledger's tables, their migrations and the SQL of one transaction — shared by the
SQLite and PostgreSQL ledgers (each brings its connection, its placeholders and its locks).

Documents (applications, events, awards) are stored as the JSON of the documented formats;
money in the running budget totals as whole cents.  Look-ups go through the index tables
``award_periods`` (district, period) and ``award_subjects`` (district, applicant or school), so
approving reads the awards that can count, never every award.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from decimal import Decimal
from typing import Any, Final, TypeVar

from schulerfolg._core.i18n import N_
from schulerfolg._core.money import Money
from schulerfolg._directory.documents import from_json, to_json
from schulerfolg._model.application import Application
from schulerfolg._procedure.lifecycle import ApplicationEvent
from schulerfolg._procedure.store import period_keys, subject_keys
from schulerfolg._rules.ledger import Award
from schulerfolg.errors import Text

T = TypeVar("T")

#: What the ledger's own table says it is, and the schema version this library writes.
FORMAT: Final = "schulerfolg award ledger"
SCHEMA_VERSION: Final = 1

#: The statements that bring a ledger from version n to n + 1 (index n).  A new version appends
#: its statements; released ones never change.
MIGRATIONS: Final[tuple[tuple[str, ...], ...]] = (
    (
        "CREATE TABLE schulerfolg_ledger (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "CREATE TABLE applications ("
        " application_id TEXT PRIMARY KEY, district_key TEXT NOT NULL, document TEXT NOT NULL)",
        "CREATE TABLE events ("
        " application_id TEXT NOT NULL, position INTEGER NOT NULL, kind TEXT NOT NULL,"
        " occurred_on TEXT NOT NULL, document TEXT NOT NULL,"
        " PRIMARY KEY (application_id, position))",
        "CREATE TABLE awards ("
        " application_id TEXT PRIMARY KEY, district_key TEXT NOT NULL, document TEXT NOT NULL)",
        "CREATE TABLE award_periods ("
        " district_key TEXT NOT NULL, period TEXT NOT NULL, application_id TEXT NOT NULL,"
        " PRIMARY KEY (district_key, period, application_id))",
        "CREATE TABLE award_subjects ("
        " district_key TEXT NOT NULL, scope TEXT NOT NULL, subject_key TEXT NOT NULL,"
        " application_id TEXT NOT NULL,"
        " PRIMARY KEY (district_key, scope, subject_key, application_id))",
        "CREATE INDEX award_periods_by_award ON award_periods (application_id)",
        "CREATE INDEX award_subjects_by_award ON award_subjects (application_id)",
        "CREATE TABLE budget_totals ("
        " district_key TEXT NOT NULL, calendar_year INTEGER NOT NULL,"
        " awarded_cents BIGINT NOT NULL, PRIMARY KEY (district_key, calendar_year))",
    ),
)

#: ``execute(sql, parameters)`` → the rows (empty for statements without a result).
Execute = Callable[[str, Sequence[Any]], list[tuple[Any, ...]]]


def cents(amount: Money) -> int:
    """An amount as whole cents (exact: money has at most two decimal places)."""
    return int(amount.amount.scaleb(2))


def from_cents(value: int) -> Money:
    """Whole cents as an amount."""
    return Money(Decimal(value).scaleb(-2))


def migrate(execute: Execute, version: int, library_version: str) -> None:
    """Bring the ledger from schema ``version`` to :data:`SCHEMA_VERSION` (in the caller's
    transaction) and record the version."""
    for statements in MIGRATIONS[version:]:
        for statement in statements:
            execute(statement, ())
    upsert = (
        "INSERT INTO schulerfolg_ledger (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
    )
    execute(upsert, ("format", FORMAT))
    execute(upsert, ("schema_version", str(SCHEMA_VERSION)))
    execute(upsert, ("written_by", f"schulerfolg {library_version}"))


def recorded_version(rows: list[tuple[Any, ...]]) -> tuple[str | None, int | None]:
    """The format and schema version in the rows of ``schulerfolg_ledger``."""
    meta = {str(key): str(value) for key, value in rows}
    version = meta.get("schema_version")
    return meta.get("format"), int(version) if version and version.isdigit() else None


def newer_schema(version: int) -> Text:
    """Why a ledger of a newer schema than this library's is refused."""
    return Text(
        N_(
            "schema version {version} is newer than this library's ({supported}); "
            "update schulerfolg"
        ),
        {"version": version, "supported": SCHEMA_VERSION},
    )


def not_recorded(reason: str) -> Text:
    """Why a change failed in the database (``reason``: the database's own words)."""
    return Text(N_("the change was not recorded: {reason}"), {"reason": reason})


def _marks(count: int) -> str:
    return ", ".join("?" * count)


class SqlStore:
    """One transaction's primitives (:class:`~schulerfolg._procedure.ledger.LedgerStore`) in
    SQL, over ``execute``; ``lock(kind, key)`` serialises with other transactions (a no-op
    where the database allows one writer only)."""

    def __init__(self, execute: Execute, lock: Callable[[int, str], None], location: str) -> None:
        self._execute = execute
        self._lock = lock
        self._location = location

    def _document(self, text: str, cls: type[T], where: str) -> T:
        return from_json(text, cls, source=f"{self._location} ({where})")

    def lock_application(self, application_id: str) -> None:
        self._lock(1, application_id)

    def lock_district(self, district_key: str) -> None:
        self._lock(2, district_key)

    def application(self, application_id: str) -> Application | None:
        rows = self._execute(
            "SELECT document FROM applications WHERE application_id = ?", (application_id,)
        )
        return (
            self._document(rows[0][0], Application, f"application {application_id}")
            if rows
            else None
        )

    def put_application(self, application: Application) -> None:
        self._execute(
            "INSERT INTO applications (application_id, district_key, document) VALUES (?, ?, ?)",
            (application.id, application.district.key, to_json(application, indent=None)),
        )

    def events(self, application_id: str) -> list[ApplicationEvent]:
        rows = self._execute(
            "SELECT position, document FROM events WHERE application_id = ? ORDER BY position",
            (application_id,),
        )
        return [
            self._document(text, ApplicationEvent, f"event {position} of {application_id}")
            for position, text in rows
        ]

    def add_events(
        self, application_id: str, start: int, events: Sequence[ApplicationEvent]
    ) -> None:
        for offset, event in enumerate(events):
            self._execute(
                "INSERT INTO events (application_id, position, kind, occurred_on, document)"
                " VALUES (?, ?, ?, ?, ?)",
                (
                    application_id,
                    start + offset,
                    event.kind.value,
                    event.on.isoformat(),
                    to_json(event, indent=None),
                ),
            )

    def award(self, application_id: str) -> Award | None:
        rows = self._execute(
            "SELECT document FROM awards WHERE application_id = ?", (application_id,)
        )
        return self._document(rows[0][0], Award, f"award {application_id}") if rows else None

    def _awards(self, where: str, parameters: Sequence[Any]) -> list[Award]:
        rows = self._execute(
            "SELECT application_id, document FROM awards WHERE application_id IN "
            f"({where}) ORDER BY application_id",
            parameters,
        )
        return [self._document(text, Award, f"award {key}") for key, text in rows]

    def awards_in_periods(self, district_key: str, periods: Collection[str]) -> list[Award]:
        if not periods:
            return []
        return self._awards(
            "SELECT application_id FROM award_periods WHERE district_key = ? AND period IN "
            f"({_marks(len(periods))})",
            (district_key, *periods),
        )

    def awards_of_subjects(
        self, district_key: str, applicant_key: str | None, school_keys: Collection[str]
    ) -> list[Award]:
        parts: list[str] = []
        parameters: list[Any] = []
        if applicant_key is not None:
            parts.append(
                "SELECT application_id FROM award_subjects"
                " WHERE district_key = ? AND scope = 'applicant' AND subject_key = ?"
            )
            parameters += [district_key, applicant_key]
        if school_keys:
            parts.append(
                "SELECT application_id FROM award_subjects"
                f" WHERE district_key = ? AND scope = 'school' AND subject_key IN"
                f" ({_marks(len(school_keys))})"
            )
            parameters += [district_key, *school_keys]
        return self._awards(" UNION ".join(parts), parameters) if parts else []

    def _add_to_budget(self, award: Award, sign: int) -> None:
        years: dict[int, int] = {}
        for line in award.cost_plan:
            years[line.calendar_year] = years.get(line.calendar_year, 0) + cents(line.amount)
        for year, amount in sorted(years.items()):
            self._execute(
                "INSERT INTO budget_totals (district_key, calendar_year, awarded_cents)"
                " VALUES (?, ?, ?) ON CONFLICT (district_key, calendar_year)"
                " DO UPDATE SET awarded_cents = budget_totals.awarded_cents"
                " + excluded.awarded_cents",
                (award.district_key, year, sign * amount),
            )

    def put_award(self, award: Award) -> None:
        key, district = award.application_id, award.district_key
        self._execute(
            "INSERT INTO awards (application_id, district_key, document) VALUES (?, ?, ?)",
            (key, district, to_json(award, indent=None)),
        )
        for period in period_keys(award):
            self._execute(
                "INSERT INTO award_periods (district_key, period, application_id) VALUES (?, ?, ?)",
                (district, period, key),
            )
        for scope, subject in subject_keys(award):
            self._execute(
                "INSERT INTO award_subjects (district_key, scope, subject_key, application_id)"
                " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (district, scope, subject, key),
            )
        self._add_to_budget(award, 1)

    def remove_award(self, award: Award) -> None:
        for table in ("award_periods", "award_subjects", "awards"):
            self._execute(f"DELETE FROM {table} WHERE application_id = ?", (award.application_id,))
        self._add_to_budget(award, -1)

    def budget_awarded(self, district_key: str, year: int) -> Money:
        rows = self._execute(
            "SELECT awarded_cents FROM budget_totals WHERE district_key = ? AND calendar_year = ?",
            (district_key, year),
        )
        return from_cents(int(rows[0][0])) if rows else Money.zero()

    def application_ids(self) -> list[str]:
        rows = self._execute(
            "SELECT DISTINCT application_id FROM events ORDER BY application_id", ()
        )
        return [str(row[0]) for row in rows]
