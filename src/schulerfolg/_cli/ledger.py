"""``schulerfolg ledger …``: create an award ledger, record an application's lifecycle events
(consultation, submission, approval with the grant notice, reduction, withdrawal), show its
history, and show a district's standing (budget and caps: awarded and remaining) in a year.

A refused event exits 1 with what is missing on stderr — with ``--format json`` also as JSON
on stdout — and changes nothing; a ledger that cannot be used exits 2.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from schulerfolg._cli.exits import EXIT_ELIGIBLE, EXIT_INELIGIBLE
from schulerfolg._cli.options import UsageError, read_input
from schulerfolg._cli.registry import registry_for, warn_failed
from schulerfolg._core.i18n import DEFAULT_LANGUAGE, N_
from schulerfolg._directory.districts import district
from schulerfolg._directory.documents import from_json, to_dict, to_json
from schulerfolg._model.application import Application
from schulerfolg._model.cost_plan import CostPlanLine
from schulerfolg._model.grant import GrantNotice
from schulerfolg._parameters.values import Cap
from schulerfolg._procedure.ledger import Ledger
from schulerfolg._procedure.ledger_text import (
    approval_text,
    history_text,
    refusal_text,
    standing_text,
)
from schulerfolg._procedure.lifecycle import Actor, ApplicationEvent, ApplicationEventKind
from schulerfolg._procedure.opening import is_postgres_location, open_ledger
from schulerfolg._procedure.sqlite import SQLITE_MAGIC
from schulerfolg._rules.rulebook import Rulebook
from schulerfolg.errors import LedgerError, Text, TransitionError


def is_ledger_database(name: str) -> bool:
    """True if ``name`` names a ledger database (an SQLite file, a PostgreSQL connection)
    rather than a JSON list of awards."""
    if is_postgres_location(name):
        return True
    try:
        with Path(name).open("rb") as file:
            return file.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


def _actor(args: argparse.Namespace) -> Actor:
    return Actor(role=args.role, name=args.by)


def _rulebook(args: argparse.Namespace, application: Application) -> Rulebook:
    registry = registry_for(args)
    warn_failed(args, registry)
    return registry.rulebook(application.district)


def _stored(ledger: Ledger, application_id: str) -> Application:
    application = ledger.application(application_id)
    if application is None:
        raise LedgerError(
            ledger.location,
            Text(N_("no submitted application {id}"), {"id": repr(application_id)}),
        )
    return application


def _refused(args: argparse.Namespace, stdout: TextIO, error: TransitionError) -> int:
    text = refusal_text(error, getattr(args, "lang", DEFAULT_LANGUAGE))
    args.stderr.write("schulerfolg: " + text + "\n")
    if getattr(args, "format", "text") == "json":
        refusal = {
            "refused": {
                "state": error.state,
                "event": error.event,
                "missing": list(error.missing),
                "message": text,
            }
        }
        stdout.write(json.dumps(refusal, ensure_ascii=False, indent=2) + "\n")
    return EXIT_INELIGIBLE


def create(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    del stdin
    with open_ledger(args.ledger, create=True) as ledger:
        stdout.write(f"{ledger.location}\n")
    return EXIT_ELIGIBLE


def event(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    """consult, submit, withdraw: one event, then the history."""
    kind = ApplicationEventKind(args.event)
    with open_ledger(args.ledger) as ledger:
        application: Application | None = None
        if kind is ApplicationEventKind.SUBMITTED:
            data, source = read_input(args.file, stdin)
            application = from_json(data, Application, source=source)
            application_id = application.id
        else:
            application_id = args.application_id
            stored = ledger.application(application_id)
            if stored is None and args.district is None:
                raise UsageError(
                    Text(
                        N_("{id} is not submitted yet: give --district"),
                        {"id": repr(application_id)},
                    )
                )
            application = stored
        if application is not None:
            rulebook = _rulebook(args, application)
        else:
            registry = registry_for(args)
            warn_failed(args, registry)
            rulebook = registry.rulebook(district(args.district))
        event = ApplicationEvent(kind=kind, on=args.on, actor=_actor(args), note=args.note)
        try:
            history = ledger.record(
                event,
                application_id=application_id,
                rulebook=rulebook,
                application=application if kind is ApplicationEventKind.SUBMITTED else None,
            )
        except TransitionError as error:
            return _refused(args, stdout, error)
    _write_history(args, stdout, history)
    return EXIT_ELIGIBLE


def approve(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    data, source = read_input(args.grant_notice, stdin)
    notice = from_json(data, GrantNotice, source=source)
    with open_ledger(args.ledger) as ledger:
        application = _stored(ledger, args.application_id)
        try:
            approval = ledger.approve(
                args.application_id,
                rulebook=_rulebook(args, application),
                on=args.on,
                actor=_actor(args),
                grant_notice=notice,
                note=args.note,
            )
        except TransitionError as error:
            return _refused(args, stdout, error)
    if args.format == "json":
        stdout.write(to_json(approval) + "\n")
    else:
        stdout.write(approval_text(approval, args.lang) + "\n")
    return EXIT_ELIGIBLE


def reduce(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    data, source = read_input(args.cost_plan, stdin)
    lines = from_json(data, tuple[CostPlanLine, ...], source=source)
    with open_ledger(args.ledger) as ledger:
        application = _stored(ledger, args.application_id)
        try:
            history = ledger.reduce(
                args.application_id,
                lines,
                rulebook=_rulebook(args, application),
                on=args.on,
                actor=_actor(args),
                note=args.note,
            )
        except TransitionError as error:
            return _refused(args, stdout, error)
    _write_history(args, stdout, history)
    return EXIT_ELIGIBLE


def _write_history(args: argparse.Namespace, stdout: TextIO, history: Any) -> None:
    if args.format == "json":
        stdout.write(to_json(history) + "\n")
    else:
        stdout.write(history_text(history, args.lang) + "\n")


def history(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    del stdin
    with open_ledger(args.ledger) as ledger:
        history = ledger.history(args.application_id)
        if not history.events:  # an id the ledger never saw: say so, never an empty history
            raise LedgerError(
                ledger.location,
                Text(N_("holds no application {id}"), {"id": repr(args.application_id)}),
            )
    _write_history(args, stdout, history)
    return EXIT_ELIGIBLE


def standing(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    del stdin
    target = district(args.district)
    registry = registry_for(args)
    warn_failed(args, registry)
    rulebook = registry.rulebook(target)
    on = args.on or _default_day(args.year)
    cap: Cap = rulebook.resolve("educational_offer.cap", on)[0].value
    with open_ledger(args.ledger) as ledger:
        budget = ledger.budget_standing(rulebook, target.key, args.year, on=on)
        caps = ledger.cap_standings(rulebook, target.key, args.year, on=on)
    if args.format == "json":
        document = {
            "district": target.key,
            "year": args.year,
            "on": on.isoformat(),
            "budget": {**to_dict(budget), "remaining": _text(budget.remaining)},
            "cap": to_dict(cap),
            "subjects": [
                {**to_dict(item), "remaining": str(item.remaining.amount)} for item in caps
            ],
        }
        stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    else:
        stdout.write(standing_text(str(target), args.year, budget, cap, caps, args.lang) + "\n")
    return EXIT_ELIGIBLE


def _text(amount: Any) -> str | None:
    return None if amount is None else str(amount.amount)


def _default_day(year: int) -> date:
    """The day whose rules a standing shows by default: 1 January of the year (``--on`` chooses
    another; nothing depends on the day the command runs)."""
    return date(year, 1, 1)
