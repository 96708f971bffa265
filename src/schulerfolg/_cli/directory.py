"""``schulerfolg directory …``: the network as data — network offices, who is the contact for an
audience, sponsors, schools, school social workers and figures — from the bundled data and a
district's own directory files (``--file``, repeatable), as text for people, JSON or CSV for
tools; ``directory check`` reports every problem of every file given.

Exit codes: 0 (also when a query finds nothing: the text says so), 2 for a file with mistakes
or an unknown district, sponsor or audience.
"""

from __future__ import annotations

import argparse
import csv
import json
from collections.abc import Callable, Sequence
from typing import Any, Final, TextIO

from schulerfolg._cli.exits import EXIT_ELIGIBLE, EXIT_INVALID
from schulerfolg._cli.options import UsageError
from schulerfolg._core.i18n import N_, translations
from schulerfolg._core.suggest import close_matches, either
from schulerfolg._core.texts import message_text
from schulerfolg._directory.districts import district
from schulerfolg._directory.documents import to_dict
from schulerfolg._directory.network import directory_problems, load_directory
from schulerfolg._model.directory import Directory
from schulerfolg._model.enums import Audience, SponsorKind
from schulerfolg._model.organisations import District
from schulerfolg._reporting import directory_text as text
from schulerfolg.errors import Text

#: Words a German reader may type for an audience, beside its value (folded: lower case).
AUDIENCE_WORDS: Final = {
    "eltern": Audience.PARENTS,
    "sorgeberechtigte": Audience.PARENTS,
    "schueler": Audience.PUPILS,
    "schüler": Audience.PUPILS,
    "kinder": Audience.PUPILS,
    "jugendliche": Audience.PUPILS,
    "lehrkraefte": Audience.TEACHERS,
    "lehrkräfte": Audience.TEACHERS,
    "lehrer": Audience.TEACHERS,
    "lehrerinnen": Audience.TEACHERS,
    "schülerinnen": Audience.PUPILS,
    "schuelerinnen": Audience.PUPILS,
    "kinder und jugendliche": Audience.PUPILS,
    "schulsozialarbeiter:innen": Audience.SCHOOL_SOCIAL_WORKERS,
    "schulsozialarbeiterinnen": Audience.SCHOOL_SOCIAL_WORKERS,
    "fachkräfte": Audience.YOUTH_WELFARE,
    "fachkraefte": Audience.YOUTH_WELFARE,
    "schulfördervereine": Audience.SCHOOL_SUPPORT_ASSOCIATIONS,
    "schulfoerdervereine": Audience.SCHOOL_SUPPORT_ASSOCIATIONS,
    "schulen": Audience.SCHOOLS,
    "schulsozialarbeit": Audience.SCHOOL_SOCIAL_WORKERS,
    "schulsozialarbeiter": Audience.SCHOOL_SOCIAL_WORKERS,
    "jugendhilfe": Audience.YOUTH_WELFARE,
    "traeger": Audience.YOUTH_WELFARE,
    "träger": Audience.YOUTH_WELFARE,
    "foerdervereine": Audience.SCHOOL_SUPPORT_ASSOCIATIONS,
    "fördervereine": Audience.SCHOOL_SUPPORT_ASSOCIATIONS,
    "vertretungen": Audience.REPRESENTATIVES,
    "beratungsstellen": Audience.COUNSELLING_SERVICES,
    "gremien": Audience.COMMITTEES,
    "ehrenamtliche": Audience.VOLUNTEERS,
}


def audience_named(value: str) -> Audience:
    """An audience by its value (``parents``) or a German word (``Eltern``); a usage error
    with the audiences like it, else the known ones."""
    folded = value.strip().casefold()
    found = AUDIENCE_WORDS.get(folded)
    if found is not None:
        return found
    try:
        return Audience(folded)
    except ValueError:
        pass
    names = [a.value for a in Audience] + sorted(AUDIENCE_WORDS)
    like = close_matches(folded, names)
    if like:
        message = Text(
            N_("unknown audience: {value} — did you mean {names}?"),
            {"value": repr(value), "names": either(like)},
        )
    else:
        message = Text(
            N_("unknown audience: {value}; known: {names}"),
            {"value": repr(value), "names": ", ".join(a.value for a in Audience)},
        )
    raise UsageError(message)


def _directory(args: argparse.Namespace) -> Directory:
    return load_directory(*args.file)


def _district(args: argparse.Namespace) -> District | None:
    return district(args.district) if args.district is not None else None


def _write_json(stdout: TextIO, data: Any) -> None:
    stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _write_csv(stdout: TextIO, rows: Sequence[dict[str, str]], header: Sequence[str]) -> None:
    writer = csv.DictWriter(stdout, fieldnames=list(header), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


#: The CSV columns of each table (public: the order and the names are stable).
CSV_COLUMNS: Final = {
    "offices": (
        "district",
        "name",
        "sponsor",
        "sponsor_name",
        "sponsor_kind",
        "audiences",
        "as_of",
        "provisional",
        "source",
        "source_title",
    ),
    "contacts": (
        "district",
        "network_office",
        "name",
        "role",
        "phone",
        "email",
        "as_of",
        "provisional",
        "source",
        "source_title",
    ),
    "sponsors": (
        "id",
        "name",
        "kind",
        "district",
        "department",
        "street",
        "postal_code",
        "city",
        "as_of",
        "provisional",
        "source",
        "source_title",
    ),
    "schools": (
        "id",
        "name",
        "school_type",
        "district",
        "number",
        "has_school_social_work",
        "as_of",
        "provisional",
        "source",
        "source_title",
    ),
    "workers": (
        "id",
        "name",
        "role",
        "sponsor",
        "sponsor_name",
        "schools",
        "fte",
        "phone",
        "email",
        "example_projects",
        "as_of",
        "provisional",
        "source",
        "source_title",
    ),
    "figures": (
        "district",
        "start",
        "end",
        "school_social_workers",
        "fte",
        "projects",
        "schools",
        "as_of",
        "provisional",
        "source",
        "source_title",
    ),
}


def _answer(
    args: argparse.Namespace,
    stdout: TextIO,
    table: str,
    *,
    data: Callable[[], Any],
    rows: Callable[[], list[dict[str, str]]],
    words: Callable[[], str],
) -> int:
    """Write one query's answer as the run asks: JSON, a CSV table of ``table``'s columns,
    or text for people."""
    if args.format == "json":
        _write_json(stdout, data())
    elif args.format == "csv":
        _write_csv(stdout, rows(), CSV_COLUMNS[table])
    else:
        stdout.write(words())
    return EXIT_ELIGIBLE


def offices(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    del stdin
    directory = _directory(args)
    where = _district(args)
    found = directory.offices(where)
    coordination = directory.state_coordination if where is None else None

    def data() -> dict[str, Any]:
        answer: dict[str, Any] = {"network_offices": to_dict(found)}
        if coordination is not None:
            answer["state_coordination"] = to_dict(coordination)
        return answer

    return _answer(
        args,
        stdout,
        "offices",
        data=data,
        rows=lambda: text.office_rows(found),
        words=lambda: text.offices_text(
            directory, found, args.lang, with_coordination=where is None
        ),
    )


def contacts(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    del stdin
    directory = _directory(args)
    audience = audience_named(args.audience)
    found = directory.contacts_for(audience, _district(args))
    return _answer(
        args,
        stdout,
        "contacts",
        data=lambda: text.contact_data(found),
        rows=lambda: text.contact_rows(found),
        words=lambda: text.contacts_text(found, audience, args.lang),
    )


def sponsors(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    del stdin
    directory = _directory(args)
    kind = SponsorKind(args.kind) if args.kind is not None else None
    found = directory.sponsors_of(_district(args), kind)
    return _answer(
        args,
        stdout,
        "sponsors",
        data=lambda: to_dict(found),
        rows=lambda: text.sponsor_rows(found),
        words=lambda: text.sponsors_text(found, args.lang),
    )


def schools(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    del stdin
    directory = _directory(args)
    found = directory.schools_of(_district(args), school_social_work=args.school_social_work)
    return _answer(
        args,
        stdout,
        "schools",
        data=lambda: to_dict(found),
        rows=lambda: text.school_rows(found),
        words=lambda: text.schools_text(found, args.lang, none_recorded=not directory.schools),
    )


def workers(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    del stdin
    directory = _directory(args)
    if args.sponsor is not None and directory.sponsor(args.sponsor) is None:
        ids = [s.id for s in directory.sponsors]
        like = close_matches(args.sponsor, ids)
        hint = Text(N_(" — did you mean {names}?"), {"names": either(like)}) if like else Text("")
        raise UsageError(
            Text(
                N_(
                    "no sponsor with the id {id}{hint} "
                    "(`schulerfolg directory sponsors` lists them)"
                ),
                {"id": repr(args.sponsor), "hint": hint},
            )
        )
    found = directory.workers(_district(args), args.sponsor)
    return _answer(
        args,
        stdout,
        "workers",
        data=lambda: to_dict(found),
        rows=lambda: text.worker_rows(directory, found),
        words=lambda: text.workers_text(directory, found, args.lang),
    )


def figures(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    del stdin
    directory = _directory(args)
    found = directory.figures_of(_district(args))
    return _answer(
        args,
        stdout,
        "figures",
        data=lambda: to_dict(found),
        rows=lambda: text.figure_rows(found),
        words=lambda: text.figures_text(directory, found, args.lang),
    )


_FILE_OK: Final = N_("{file}: no problems")


def check(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    del stdin
    found = directory_problems(args.files)
    if args.format == "json":
        _write_json(
            stdout,
            [
                {
                    "file": name,
                    "valid": error is None,
                    "problems": [
                        {"path": p.path, "code": p.code, "message": p.message}
                        for p in (error.problems if error is not None else ())
                    ],
                }
                for name, error in zip(args.files, found, strict=True)
            ],
        )
    tr = translations(args.lang).gettext
    for name, error in zip(args.files, found, strict=True):
        if error is not None:
            args.stderr.write("schulerfolg: " + message_text(error, args.lang) + "\n")
        elif args.format != "json":
            stdout.write(tr(_FILE_OK).format(file=name) + "\n")
    return EXIT_INVALID if any(error is not None for error in found) else EXIT_ELIGIBLE
