"""``schulerfolg check``: application documents against their district's rules — one in full,
or many (files, a folder, JSON Lines) with one result each and a summary."""

from __future__ import annotations

import argparse
import contextlib
import itertools
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TextIO

import attrs

from schulerfolg._cli.batch import (
    INVALID,
    Document,
    Result,
    Tally,
    check_document,
    exit_code,
    progress,
    read_documents,
    result_line,
    summary_text,
)
from schulerfolg._cli.exits import EXIT_ELIGIBLE, EXIT_INELIGIBLE
from schulerfolg._cli.options import UsageError, read_input
from schulerfolg._cli.registry import registry_for, warn_failed
from schulerfolg._cli.text import render_decision_text
from schulerfolg._core.i18n import N_
from schulerfolg._directory.districts import district
from schulerfolg._directory.documents import from_json, to_json
from schulerfolg._model.application import Application
from schulerfolg._rules.evaluation import Decision, evaluate
from schulerfolg._rules.ledger import Award, AwardLedger, InMemoryLedger
from schulerfolg._rules.rulebook import Rulebook
from schulerfolg.errors import DocumentError, InvariantError, Problem, Text


def _rulebook(args: argparse.Namespace, application: Application) -> tuple[Application, Rulebook]:
    if args.district is not None:
        application = attrs.evolve(application, district=district(args.district))
    registry = registry_for(args)
    warn_failed(args, registry)
    return application, registry.rulebook(application.district)


def _ledger(name: str | None, stdin: TextIO) -> AbstractContextManager[AwardLedger | None]:
    """The earlier awards of ``check --ledger``: a ledger database (SQLite file, PostgreSQL),
    opened for the check and closed after it, or a JSON list of awards."""
    if name is None:
        return contextlib.nullcontext(None)
    # The ledger's modules (SQLite, PostgreSQL, the lifecycle) only when --ledger is given: a
    # check without one starts in a third of the time.
    from schulerfolg._cli.ledger import is_ledger_database
    from schulerfolg._procedure.opening import open_ledger  # (the same reason)

    if name != "-" and is_ledger_database(name):
        return open_ledger(name)
    data, source = read_input(name, stdin)
    awards = from_json(data, tuple[Award, ...], source=source)
    try:
        return contextlib.nullcontext(InMemoryLedger(awards))
    except InvariantError as exc:
        ids = [award.application_id for award in awards]
        raise DocumentError(
            [
                Problem.of(f"$[{index}].application_id", Text(N_("awarded twice in the ledger")))
                for index, value in enumerate(ids)
                if value in ids[:index]
            ],
            source=source,
        ) from exc


def check(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    if args.ledger == "-" and "-" in args.files:
        raise UsageError(
            Text(N_("standard input (-) can be read only once: for the ledger or a document"))
        )
    documents = read_documents(args.files, stdin)
    if _single(args.files):
        first = list(itertools.islice(documents, 2))
        if len(first) == 1:
            return _check_one(args, first[0], stdin, stdout)
        documents = itertools.chain(first, documents)
    return _check_batch(args, documents, stdin, stdout)


def _single(names: Sequence[str]) -> bool:
    """One document named as one: a file or standard input, not a folder or JSON Lines."""
    if len(names) != 1:
        return False
    name = names[0]
    return name == "-" or (Path(name).suffix != ".jsonl" and not Path(name).is_dir())


def _check_one(args: argparse.Namespace, document: Document, stdin: TextIO, stdout: TextIO) -> int:
    """One document: its decision in full (text or JSON); an invalid document's problems also
    as JSON on stdout with ``--format json``."""
    if document.unreadable is not None:
        raise UsageError(
            Text(
                N_("cannot read {name}: {reason}"),
                {"name": document.source, "reason": document.unreadable},
            )
        )
    try:
        application = from_json(document.text, Application, source=document.source)
    except DocumentError as exc:
        if args.format == "json":
            stdout.write(
                Result(source=document.source, status=INVALID, problems=exc.problems).json_line()
                + "\n"
            )
        raise
    application, rulebook = _rulebook(args, application)
    with _ledger(args.ledger, stdin) as ledger:
        decision = evaluate(application, rulebook, on=args.on, ledger=ledger)
    if args.format == "json":
        stdout.write(to_json(decision) + "\n")
    else:
        stdout.write(render_decision_text(decision, rulebook, args.lang) + "\n")
    return EXIT_ELIGIBLE if decision.eligible else EXIT_INELIGIBLE


def _check_batch(
    args: argparse.Namespace, documents: Iterable[Document], stdin: TextIO, stdout: TextIO
) -> int:
    """Many documents: one result per document (a line of text, or of JSON), written as it
    comes; a summary for people; the exit code of the worst result.  Documents are read, and
    results kept, one at a time (only their counts stay)."""
    registry = registry_for(args)
    warn_failed(args, registry)
    target = district(args.district) if args.district is not None else None
    rulebooks: dict[str, Rulebook] = {}
    tally = Tally()
    with _ledger(args.ledger, stdin) as ledger:

        def read(document: Document) -> Application:
            application = from_json(document.text, Application, source=document.source)
            if target is not None:
                application = attrs.evolve(application, district=target)
            return application

        def decide(application: Application) -> Decision:
            key = application.district.key
            if key not in rulebooks:
                rulebooks[key] = registry.rulebook(application.district)
            return evaluate(application, rulebooks[key], on=args.on, ledger=ledger)

        for document in progress(documents, args.stderr, stdout):
            result = check_document(document, read, decide)
            tally.add(result)
            if args.format == "json":
                stdout.write(result.json_line() + "\n")
            else:
                stdout.write(result_line(result, args.lang) + "\n")
    if args.format == "text":
        stdout.write("\n" + summary_text(tally, args.lang) + "\n")
    elif args.stderr.isatty():
        args.stderr.write(summary_text(tally, args.lang) + "\n")
    return exit_code(tally)
