"""Every command and every error path of the command line, in both languages: with German
(the default, ``--lang de`` or a German locale) no English sentence reaches a person, and with
``--lang en`` no German one — apart from names and quoted sources, which are data.

How a sentence is recognised: by the small words a sentence of the other language cannot do
without ("the", "is", "not", … / „der“, „ist“, „nicht“, …), after what is data has been set
aside — quoted text („…“, "…", '…'), addresses, the names of districts, network offices and
plugins, sources, and the text of a foreign exception (``ImportError: …``, raised by a
plugin's own code).  Notes are not set aside: they are sentences, shown translated.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

import schulerfolg
from doc_sessions import page_files
from helpers import Result, boerde_text, run, run_process
from schulerfolg import districts
from schulerfolg._cli.parser import build_parser

#: Words only an English sentence has (none of them is German, nor a name in the data).
ENGLISH = frozenset(
    [
        "the",
        "is",
        "are",
        "not",
        "of",
        "and",
        "must",
        "with",
        "cannot",
        "has",
        "have",
        "or",
        "only",
        "this",
        "that",
        "which",
        "there",
        "than",
        "from",
        "should",
        "would",
        "does",
        "missing",
        "required",
        "expected",
        "got",
        "unknown",
        "invalid",
        "please",
        "error",
        "warning",
        "file",
        "folder",
        "before",
        "after",
        "until",
        "applies",
        "given",
        "give",
        "no",
        "such",
        "read",
        "written",
        "write",
        "show",
        "shows",
        "list",
        "lists",
        "print",
        "prints",
        "exit",
        "default",
        "language",
        "record",
        "records",
    ]
)
#: Words only a German sentence has.
GERMAN = frozenset(
    [
        "der",
        "die",
        "das",
        "den",
        "dem",
        "des",
        "und",
        "nicht",
        "ist",
        "sind",
        "ein",
        "eine",
        "einen",
        "einer",
        "kein",
        "keine",
        "keinen",
        "für",
        "mit",
        "oder",
        "zum",
        "zur",
        "vom",
        "bis",
        "am",
        "im",
        "ungültig",
        "fehlt",
        "erwartet",
        "unbekannt",
        "fehler",
        "warnung",
        "datei",
        "ordner",
        "geben",
        "sie",
        "wird",
        "werden",
        "kann",
        "können",
        "nur",
        "bitte",
    ]
)

DOCS = Path(__file__).resolve().parents[2] / "docs"
_QUOTED = re.compile(r"„[^“]*“|\"[^\"]*\"|'[^']*'|«[^»]*»")
_ADDRESS = re.compile(r"\b(?:https?|postgresql)://\S+|\S+@\S+\.\S+|(?:/[\w.\-]+)+/?")
_FOREIGN = re.compile(r"\b\w+(?:Error|Exception): .*$")
# Identifiers: finding codes (consultation.missing), keys, paths, choices ({text,json}).
_IDENTIFIER = re.compile(r"\{[^}]*\}|\$[\w.\[\]\"-]*|[\w-]+(?:[._-][\w-]+)+|`[^`]*`")
_DATA_LINE = re.compile(
    r"^\s*(source|Quelle|as written|wie geschrieben)\s*:|^\s+\(.*(ab|from) ",
)


def _texts_of(obj: object) -> set[str]:
    """Every text of a record and the records in it (names, roles, tasks …) but its notes,
    which are sentences for people, shown in the reader's language."""
    if isinstance(obj, str):
        return {obj}
    if attrs.has(type(obj)):
        return {
            t
            for f in attrs.fields(type(obj))
            if f.name != "note"
            for t in _texts_of(getattr(obj, f.name))
        }
    if isinstance(obj, tuple | list):
        return {t for item in obj for t in _texts_of(item)}
    return set()


def _names() -> list[str]:
    """Names that are data: districts, their slugs and seats, network offices, plugins, and
    every text of the directory's records (as the sources and the example file write them)."""
    names = {d.name for d in districts()} | {d.slug for d in districts()}
    example = page_files(DOCS / "directory.md")["stendal-verzeichnis.toml"]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "verzeichnis.toml"
        path.write_text(example, encoding="utf-8")
        names |= {t for t in _texts_of(schulerfolg.load_directory(path)) if len(t) > 3}
    names |= {d.seat for d in districts() if d.seat}
    names |= {office.name for office in schulerfolg.network_offices()}
    for report in schulerfolg.plugins.default_registry().reports:
        names |= {report.name, report.distribution, report.title or ""}
    plugins = schulerfolg.plugins.default_registry().rulebooks.values()
    names |= {book.overlay.plugin.name for book in plugins if book.overlay is not None}
    return sorted((name for name in names if name), key=len, reverse=True)


NAMES = _names()


def sentences(text: str) -> Iterator[str]:
    """The lines of ``text`` with the data set aside."""
    for line in text.splitlines():
        if _DATA_LINE.search(line):
            continue
        # Names first: a name may hold quotes, addresses or dots that the rules below cut.
        for name in NAMES:
            line = line.replace(name, "")
        line = _FOREIGN.sub("", line)
        line = _ADDRESS.sub("", _QUOTED.sub("", line))
        line = _IDENTIFIER.sub("", line)
        yield line


def words_of(text: str, language_words: frozenset[str]) -> list[str]:
    """The other language's words in ``text``, with their lines."""
    found = []
    for line in sentences(text):
        hits = [w for w in re.findall(r"[A-Za-zÄÖÜäöüß']+", line) if w.lower() in language_words]
        if hits:
            found.append(f"{hits}: {line.strip()}")
    return found


# --------------------------------------------------------------------------------------------
# The command lines: every command, its help, and every error path


def _every_help() -> list[list[str]]:
    parser = build_parser()
    found: list[list[str]] = [["--help"]]

    def walk(sub: object, prefix: list[str]) -> None:
        for action in getattr(sub, "_actions", ()):
            choices = getattr(action, "choices", None)
            if isinstance(choices, dict):
                for name, child in choices.items():
                    found.append([*prefix, name, "--help"])
                    walk(child, [*prefix, name])

    walk(parser, [])
    return found


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Documents and ledgers the command lines read."""
    root = tmp_path_factory.mktemp("languages")
    example = json.loads(boerde_text())

    def write(name: str, content: str | bytes) -> Path:
        path = root / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    def changed(**changes: object) -> str:
        return json.dumps({**example, **changes}, ensure_ascii=False)

    made = {
        "good": write("good.json", boerde_text()),
        "not_consulted": write("not_consulted.json", changed(consultation_date=None)),
        "types": write("types.json", changed(id=1, requested_amount=5, title=None)),
        "missing": write("missing.json", json.dumps({"id": "X"})),
        "unknown_key": write("unknown_key.json", changed(colour="blue")),
        "duplicate": write("duplicate.json", '{"id": "A", "id": "B"}'),
        "bad_json": write("bad_json.json", '{"id": "A",}'),
        "not_utf8": write("not_utf8.json", b'{"id": "\xff"}'),
        "nan": write("nan.json", '{"id": NaN}'),
        "list": write("list.json", "[1, 2]"),
        "period": write(
            "period.json", changed(period={"start": "2025-09-30", "end": "2025-09-01"})
        ),
        "amount": write("amount.json", changed(requested_amount="2.000,00")),
        "district": write("district.json", changed(district="wittenbrg")),
        "no_day": write("no_day.json", changed(submission_date=None)),
        "awards_twice": write(
            "awards.json",
            json.dumps([{"application_id": "A-1"}, {"application_id": "A-1"}]),
        ),
        "text": write("notes.txt", "not a ledger"),
        "empty_dir": root / "empty",
        "batch": root / "batch",
    }
    made["empty_dir"].mkdir()
    made["batch"].mkdir()
    shutil.copy(made["good"], made["batch"] / "a.json")
    shutil.copy(made["types"], made["batch"] / "b.json")
    shutil.copy(made["not_consulted"], made["batch"] / "c.json")
    ledger = root / "ledger.sqlite"
    assert run("ledger", "create", str(ledger)).code == 0
    made["ledger"] = ledger
    other = root / "other.sqlite"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE t (x)")
    made["other_db"] = other
    for name, text in page_files(DOCS / "directory.md").items():
        made[name] = write(name, text)
    return made


def command_lines(files: dict[str, Path]) -> list[tuple[list[str], str | bytes]]:
    """Every command line to walk, with its standard input."""
    f = {name: str(path) for name, path in files.items()}
    ledger = f["ledger"]
    directory = f["stendal-verzeichnis.toml"]
    event = ["--on", "2025-06-01", "--by", "Frau B"]
    lines: list[list[str]] = [
        *_every_help(),
        [],
        ["frobnicate"],
        ["check"],
        ["check", "--format", "xml", f["good"]],
        ["check", "--on", "tomorrow", f["good"]],
        ["check", "--on", "31.02.2024", f["good"]],
        ["check", "--strict-plugins=yes", f["good"]],
        ["check", f["good"]],
        ["check", f["not_consulted"]],
        *(
            ["check", f[name]]
            for name in (
                "types",
                "missing",
                "unknown_key",
                "duplicate",
                "bad_json",
                "not_utf8",
                "nan",
                "list",
                "period",
                "amount",
                "district",
                "no_day",
            )
        ),
        ["check", f["good"], "--district", "hallle"],
        ["check", f["good"], "--on", "2010-01-01"],
        ["check", str(files["good"].parent / "absent.json")],
        ["check", f["empty_dir"]],
        ["check", f["batch"]],
        ["check", "-", "-"],
        ["check", "-", "--ledger", "-"],
        ["check", f["good"], "--ledger", f["awards_twice"]],
        ["check", f["good"], "--ledger", f["text"]],
        ["check", f["good"], "--select-plugin", "garbage"],
        ["check", f["good"], "--select-plugin", "15002=nothing"],
        ["check", f["good"], "--district", "15001"],
        ["check", f["good"], "--district", "15088"],
        ["check", f["good"], "--strict-plugins"],
        ["example"],
        ["example", "--district", "nowhere"],
        ["districts"],
        ["plugins"],
        ["rules", "--district", "wittenberg"],
        ["rules", "--district", "salzlandkreis", "--on", "2026-01-07"],
        ["rules", "--district", "halle"],
        ["rules", "--district", "hallle"],
        ["deadlines", "--district", "magdeburg", "--year", "2021"],
        ["deadlines", "--district", "wittenberg", "--year", "2026"],
        ["deadlines", "--district", "boerde", "--year", "2025", "--format", "ics"],
        ["deadlines", "--district", "magdeburg", "--year", "abc"],
        ["schema", "nothing"],
        ["ledger"],
        ["ledger", "create", str(files["good"].parent / "absent" / "x.sqlite")],
        ["ledger", "history", str(files["good"].parent / "absent.sqlite"), "X-1"],
        ["ledger", "history", f["text"], "X-1"],
        ["ledger", "history", f["other_db"], "X-1"],
        ["ledger", "history", ledger, "X-1"],
        ["ledger", "consult", ledger, "NEW-1", *event],
        ["ledger", "consult", ledger, "NEW-1", "--district", "15083", *event, "--by", ""],
        ["ledger", "submit", ledger, f["good"], *event],
        ["ledger", "submit", ledger, f["good"], "--on", "2020-01-01", "--by", "Frau B"],
        ["ledger", "approve", ledger, "NOPE", "--grant-notice", f["good"], *event],
        ["ledger", "approve", ledger, "NOPE", "--grant-notice", f["text"], *event],
        ["ledger", "standing", ledger, "--district", "boerde", "--year", "2025"],
        ["ledger", "standing", ledger, "--district", "boerde", "--year", "2010"],
        ["directory"],
        ["directory", "offices"],
        ["directory", "offices", "salzlandkreis"],
        ["directory", "offices", "atlantis"],
        ["directory", "offices", "--file", f["kaputt.toml"]],
        ["directory", "contacts", "altmarkkreis-salzwedel", "--for", "Eltern"],
        ["directory", "contacts", "stendal", "--for", "parents", "--file", directory],
        ["directory", "contacts", "--for", "volunteers", "boerde"],
        ["directory", "contacts", "--for", "elter"],
        ["directory", "contacts", "--for", "niemand"],
        ["directory", "sponsors", "--kind", "free_youth_welfare"],
        ["directory", "sponsors", "--kind", "nobody"],
        ["directory", "schools", "stendal", "--without-school-social-work", "--file", directory],
        ["directory", "schools", "stendal", "--file", directory],
        ["directory", "schools", "boerde"],
        ["directory", "workers", "--sponsor", "beispiel-jugendhilfe-stendal", "-f", directory],
        ["directory", "workers", "stendal", "--file", directory, "--format", "csv"],
        ["directory", "workers", "--sponsor", "beispiel-jugendhilfe"],
        ["directory", "figures"],
        ["directory", "figures", "altmarkkreis-salzwedel"],
        ["directory", "check", f["kaputt.toml"], directory],
        ["directory", "check", str(files["good"].parent / "absent.toml")],
        ["directory", "check", f["good"]],
    ]
    return [(line, boerde_text()) for line in lines]


def _run_all(files: dict[str, Path], *language: str) -> list[tuple[list[str], Result]]:
    return [(argv, run(*argv, *language, stdin=stdin)) for argv, stdin in command_lines(files)]


def _report(problems: list[str]) -> str:
    return "\n".join(problems[:40])


def test_no_english_sentence_reaches_a_german_reader(files: dict[str, Path]) -> None:
    problems = []
    for argv, result in _run_all(files):  # German: the default
        assert result.code != 4, (argv, result.err)
        for found in words_of(result.all, ENGLISH):
            problems.append(f"{' '.join(argv)} → {found}")
    assert problems == [], _report(problems)


def test_no_german_sentence_reaches_an_english_reader(files: dict[str, Path]) -> None:
    problems = []
    for argv, result in _run_all(files, "--lang", "en"):
        assert result.code != 4, (argv, result.err)
        for found in words_of(result.all, GERMAN):
            problems.append(f"{' '.join(argv)} → {found}")
    assert problems == [], _report(problems)


def test_german_and_english_say_the_same_with_the_same_exit_codes(files: dict[str, Path]) -> None:
    german = _run_all(files, "--lang", "de")
    english = _run_all(files, "--lang", "en")
    default = _run_all(files)
    for (argv, de), (_, en), (_, plain) in zip(german, english, default, strict=True):
        assert de.code == en.code == plain.code, argv
        assert plain == de, argv  # German is the default
        assert bool(de.out) == bool(en.out), argv
        assert bool(de.err) == bool(en.err), argv


@pytest.mark.parametrize(
    "argv",
    [["--help"], ["check", "--on", "tomorrow", "-"], ["rules", "--district", "halle"]],
    ids=["help", "usage-error", "rules"],
)
def test_a_german_locale_speaks_german_without_a_flag(argv: list[str]) -> None:
    german = run_process(*argv, env={"LANG": "de_DE.UTF-8"}, stdin=boerde_text().encode())
    english = run_process(*argv, env={"LANG": "en_GB.UTF-8"}, stdin=boerde_text().encode())
    assert german.all != english.all
    assert words_of(german.all, ENGLISH) == []
    assert words_of(english.all, GERMAN) == []


def test_the_walk_finds_english_where_there_is_english() -> None:
    # The detector itself: an English sentence is found, data is not.
    assert words_of("the plugin for this district is missing", ENGLISH)
    assert not words_of("Quelle: „the title“ https://example.org/the/page", ENGLISH)
    assert not words_of("schulerfolg: ImportError: the module is missing", ENGLISH)
    assert words_of("die Datei ist nicht lesbar", GERMAN)
    assert not words_of("source: „Die bildungsbezogenen Angebote“", GERMAN)
