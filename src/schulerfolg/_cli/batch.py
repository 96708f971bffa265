"""``schulerfolg check`` on many documents in one process: files, folders and JSON Lines; one
result per document — a decision, the problems of an invalid document, or a failed rule —; a
summary per district and code; and the exit code of the worst result.  A document's failure
never stops the batch.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Final, TextIO

import attrs

from schulerfolg._cli.exits import EXIT_ELIGIBLE, EXIT_INELIGIBLE, EXIT_INVALID, EXIT_RULE_FAILED
from schulerfolg._cli.options import UsageError
from schulerfolg._core.i18n import N_, translations
from schulerfolg._core.texts import message_text, os_reason, render_text
from schulerfolg._directory.districts import district
from schulerfolg._directory.documents import to_json
from schulerfolg._model.application import Application
from schulerfolg._rules.evaluation import Decision
from schulerfolg._rules.findings import Severity
from schulerfolg._wire.json_text import parse_json
from schulerfolg.errors import (
    DocumentError,
    OverlayError,
    PluginError,
    Problem,
    RuleError,
    SchulerfolgError,
    Text,
)

#: The outcomes of one document, worst last.
ELIGIBLE, INELIGIBLE, INVALID, FAILED = "eligible", "ineligible", "invalid", "failed"
_EXITS: Final = {
    ELIGIBLE: EXIT_ELIGIBLE,
    INELIGIBLE: EXIT_INELIGIBLE,
    INVALID: EXIT_INVALID,
    FAILED: EXIT_RULE_FAILED,
}
#: What a folder contributes: its JSON documents and JSON Lines files, in name order.
SUFFIXES: Final = (".json", ".jsonl")


@attrs.frozen(kw_only=True)
class Document:
    """One document of a batch: where it comes from (a file, ``file:line`` of JSON Lines,
    ``<stdin>``) and its text."""

    source: str
    text: str | bytes
    #: Why the document could not be read (then ``text`` is empty).
    unreadable: Text | None = None


@attrs.frozen(kw_only=True)
class Result:
    """What checking one document gave."""

    source: str
    status: str
    district: str | None = None
    codes: tuple[str, ...] = ()
    decision: Decision | None = None
    problems: tuple[Problem, ...] = ()
    #: The error of a failed document (a rule or plugin that failed).
    failure: SchulerfolgError | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def message(self) -> str | None:
        """The failure in English (for tools), or ``None``."""
        return None if self.failure is None else str(self.failure)

    def json_line(self) -> str:
        """The result as one line of JSON (the ``--format json`` output of a batch)."""
        source = json.dumps(shown(self.source), ensure_ascii=False)
        if self.decision is not None:
            return f'{{"source":{source},"decision":{to_json(self.decision, indent=None)}}}'
        if self.status == INVALID:
            problems = [
                {"path": p.path, "code": p.code, "message": p.message} for p in self.problems
            ]
            body = json.dumps({"problems": problems}, ensure_ascii=False, separators=(",", ":"))
            return f'{{"source":{source},"invalid":{body}}}'
        body = json.dumps({"message": self.message}, ensure_ascii=False, separators=(",", ":"))
        return f'{{"source":{source},"failed":{body}}}'


def _split(text: str | bytes) -> list[tuple[int, bytes]]:
    """The non-blank lines of JSON Lines text with their numbers (from 1).  Split at line feeds
    only: JSON text may hold U+2028, U+0085 and other characters Python also calls line
    breaks, unescaped inside its strings."""
    data = text.encode("utf-8", errors="surrogateescape") if isinstance(text, str) else text
    return [
        (number, line.removesuffix(b"\r"))
        for number, line in enumerate(data.split(b"\n"), start=1)
        if line.strip()
    ]


def _lines(text: str | bytes, source: str) -> Iterator[Document]:
    """The documents of JSON Lines text, one per non-blank line."""
    for number, line in _split(text):
        yield Document(source=f"{source}:{number}", text=line)


def _stdin_documents(stdin: TextIO) -> Iterator[Document]:
    """Standard input: JSON Lines — one document per non-blank line, read as the batch comes to
    it — or one document.  JSON Lines have more than one non-blank line, the first a JSON value
    of its own (a document spread over lines never is: its first line, ``{``, is no value; a
    later line that is not one is an invalid document of the batch); so at most the first two
    non-blank lines are read before the kind of input is known."""
    stream: Iterable[str | bytes] = stdin.buffer if hasattr(stdin, "buffer") else stdin
    lines = iter(stream)  # split at line feeds only (a binary stream, or a text one's lines)
    read: list[str | bytes] = []
    found: list[tuple[int, str | bytes]] = []
    for raw in lines:
        read.append(raw)
        if raw.strip():
            found.append((len(read), _line(raw)))
            if len(found) == 2:
                break
    if len(found) < 2 or not _is_json_value(found[0][1]):
        if hasattr(stdin, "buffer"):
            data = b"".join(raw for raw in read if isinstance(raw, bytes)) + stdin.buffer.read()
            yield Document(source="<stdin>", text=data)
        else:
            text = "".join(raw for raw in read if isinstance(raw, str)) + stdin.read()
            yield Document(source="<stdin>", text=text)
        return
    for number, line in found:
        yield Document(source=f"<stdin>:{number}", text=line)
    for number, raw in enumerate(lines, start=len(read) + 1):
        if raw.strip():
            yield Document(source=f"<stdin>:{number}", text=_line(raw))


def _line(raw: str | bytes) -> str | bytes:
    """A line without its line feed (and a carriage return before it)."""
    if isinstance(raw, bytes):
        return raw.removesuffix(b"\n").removesuffix(b"\r")
    return raw.removesuffix("\n").removesuffix("\r")


def _is_json_value(line: str | bytes) -> bool:
    try:
        parse_json(line)
    except DocumentError:
        return False
    return True


def shown(source: str) -> str:
    """A source name as text that any output can carry (a file name that is not UTF-8 keeps
    its undecodable bytes as escapes)."""
    return source.encode("utf-8", errors="backslashreplace").decode("utf-8")


def read_documents(names: Sequence[str], stdin: TextIO) -> Iterator[Document]:
    """The documents named on the command line, in order: files (a ``.jsonl`` file, or JSON
    Lines on standard input, gives one document per line), and the ``.json`` and ``.jsonl``
    files of a folder in name order.

    What the names themselves get wrong (standard input twice, a folder without documents)
    is refused here, before any document is read; the documents are then read one file at a
    time, as the batch takes them.
    """
    if sum(1 for name in names if name == "-") > 1:
        raise UsageError(Text(N_("standard input (-) can be read only once")))
    folders: dict[str, list[Path]] = {}
    for name in names:
        path = Path(name)
        if name != "-" and path.is_dir():
            files = sorted(p for p in path.iterdir() if p.suffix in SUFFIXES and p.is_file())
            if not files:
                raise UsageError(
                    Text(N_("no application documents (*.json, *.jsonl) in {path}"), {"path": path})
                )
            folders[name] = files
    return _documents(names, folders, stdin)


def _documents(
    names: Sequence[str], folders: Mapping[str, list[Path]], stdin: TextIO
) -> Iterator[Document]:
    for name in names:
        if name == "-":
            yield from _stdin_documents(stdin)
            continue
        for file in folders.get(name, [Path(name)]):
            try:
                data = file.read_bytes()
            except OSError as exc:  # one document's failure: the batch goes on
                yield Document(source=str(file), text=b"", unreadable=os_reason(exc))
                continue
            if file.suffix == ".jsonl":
                yield from _lines(data, str(file))
            else:
                yield Document(source=str(file), text=data)


@attrs.define
class Tally:
    """A batch in numbers, counted as its results come — what the summary and the exit code
    need.  The results themselves are not kept: a batch may be of any size."""

    count: int = 0
    #: District key (``None``: not known) → documents by outcome.
    per_district: dict[str | None, Counter[str]] = attrs.field(factory=dict)
    #: Finding code → documents that had it; problem code → invalid documents that had it.
    codes: Counter[str] = attrs.field(factory=Counter)
    problems: Counter[str] = attrs.field(factory=Counter)

    @classmethod
    def of(cls, results: Iterable[Result]) -> Tally:
        """The tally of ``results``."""
        tally = cls()
        for result in results:
            tally.add(result)
        return tally

    def add(self, result: Result) -> None:
        """Count one more result."""
        # Plain increments: this runs once a document (Counter.update costs more per call).
        self.count += 1
        counts = self.per_district.get(result.district)
        if counts is None:
            counts = self.per_district[result.district] = Counter()
        counts[result.status] += 1
        for code in result.codes:
            self.codes[code] += 1
        if result.problems:
            for code in {p.code for p in result.problems}:  # each code once a document
                self.problems[code] += 1

    @property
    def statuses(self) -> Counter[str]:
        """Documents by outcome."""
        return sum(self.per_district.values(), Counter())


def exit_code(results: Tally | Iterable[Result]) -> int:
    """The exit code of a batch: 3 if a rule or plugin failed for any document, else 2 if any
    was invalid, else 1 if any was ineligible, else 0."""
    tally = results if isinstance(results, Tally) else Tally.of(results)
    statuses = tally.statuses
    for status in (FAILED, INVALID, INELIGIBLE):
        if statuses[status]:
            return _EXITS[status]
    return EXIT_ELIGIBLE


_STATUS: Final = {
    ELIGIBLE: N_("eligible"),
    INELIGIBLE: N_("ineligible"),
    INVALID: N_("invalid"),
    FAILED: N_("failed"),
}
_SUMMARY: Final = N_("Summary: {count} documents")
_DISTRICT: Final = N_("District")
_UNKNOWN: Final = N_("(unknown)")
_CODE: Final = N_("Finding code")
_PROBLEM: Final = N_("Problem code (invalid documents)")
_DOCUMENTS: Final = N_("Documents")


def result_line(result: Result, language: str) -> str:
    """One document's result as a line for people."""
    tr = translations(language).gettext
    text = f"{shown(result.source)}: {tr(_STATUS[result.status])}"
    if result.codes:
        text += f" ({', '.join(result.codes)})"
    if result.problems:
        text += " — " + "; ".join(
            f"{p.path}: {render_text(p.text, language) if p.text else p.message}"
            for p in result.problems
        )
    if result.failure is not None:
        text += f" — {message_text(result.failure, language)}"
    return text


def summary_text(results: Tally | Iterable[Result], language: str) -> str:
    """The batch in numbers: per district the documents by outcome, then how many documents
    had each finding code, and each problem code of the invalid ones."""
    tally = results if isinstance(results, Tally) else Tally.of(results)
    tr = translations(language).gettext
    statuses = (ELIGIBLE, INELIGIBLE, INVALID, FAILED)
    per_district: dict[str, Counter[str]] = {}
    for key, counts in tally.per_district.items():
        name = str(district(key)) if key else tr(_UNKNOWN)
        per_district.setdefault(name, Counter()).update(counts)
    codes, problems, totals = tally.codes, tally.problems, tally.statuses
    head = (
        tr(_SUMMARY).format(count=tally.count)
        + " — "
        + ", ".join(f"{tr(_STATUS[status])} {totals[status]}" for status in statuses)
    )
    lines = [head, ""]
    table = [[tr(_DISTRICT), *(tr(_STATUS[status]) for status in statuses)]]
    table += [
        [name, *(str(counts[status]) for status in statuses)]
        for name, counts in sorted(per_district.items())
    ]
    lines += _aligned(table)
    for title, counter in ((_CODE, codes), (_PROBLEM, problems)):
        if counter:
            rows = [[tr(title), tr(_DOCUMENTS)]]
            rows += [[code, str(count)] for code, count in sorted(counter.items())]
            lines += ["", *_aligned(rows)]
    return "\n".join(lines)


def _aligned(rows: list[list[str]]) -> list[str]:
    """Rows as text columns: the first left-aligned, the numbers right-aligned."""
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    return [
        "  ".join(
            cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(row)
        ).rstrip()
        for row in rows
    ]


def check_document(
    document: Document,
    read: Callable[[Document], Application],
    decide: Callable[[Application], Decision],
) -> Result:
    """Check one document — ``read`` it, then ``decide`` it (choose the rulebook, evaluate) —
    and turn whatever happens into its result: nothing a document does stops the batch."""
    if document.unreadable is not None:
        problem = Problem.of(
            "$",
            Text(N_("cannot read: {reason}"), {"reason": document.unreadable}),
            code="unreadable",
        )
        return Result(source=document.source, status=INVALID, problems=(problem,))
    try:
        application = read(document)
    except DocumentError as exc:
        return Result(source=document.source, status=INVALID, problems=exc.problems)
    except SchulerfolgError as exc:  # an unknown district given on the command line
        problem = Problem.of("$", exc.as_text())
        return Result(source=document.source, status=INVALID, problems=(problem,))
    where = application.district.key
    try:
        decision = decide(application)
    except (RuleError, OverlayError, PluginError) as exc:
        return Result(source=document.source, status=FAILED, district=where, failure=exc)
    except SchulerfolgError as exc:  # no evaluation day, a day without the state-wide values
        problem = Problem.of("$", exc.as_text())
        return Result(source=document.source, status=INVALID, district=where, problems=(problem,))
    codes = tuple(dict.fromkeys(f.code for f in decision.findings if f.severity is Severity.ERROR))
    return Result(
        source=document.source,
        status=ELIGIBLE if decision.eligible else INELIGIBLE,
        district=decision.district,
        codes=codes,
        decision=decision,
    )


def progress(documents: Iterable[Document], stream: TextIO, results: TextIO) -> Iterable[Document]:
    """The documents, with a progress bar on ``stream`` where it is a terminal and the results
    go elsewhere (a bar between result lines on one screen would garble them).  The bar counts
    the documents and their rate: how many there are is not known before they are read."""
    if not stream.isatty() or results.isatty():
        return documents
    # tqdm only for a person watching: its import is not paid by pipes, tools and tests.
    from tqdm import tqdm

    return tqdm(documents, file=stream, unit="", leave=False)
