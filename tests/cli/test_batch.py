"""``schulerfolg check`` on many documents: folders, several files, JSON Lines on stdin and in
files; one result per document, a summary whose counts are the results', the exit code of the
worst; a document's failure never stops the batch."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import schulerfolg
from helpers import in_district, run
from schulerfolg import Decision, from_json, to_json
from schulerfolg._cli.batch import (
    FAILED,
    INELIGIBLE,
    INVALID,
    Document,
    Result,
    Tally,
    check_document,
    exit_code,
    read_documents,
    summary_text,
)
from schulerfolg.errors import Problem, RuleError, Text

EXAMPLE = schulerfolg.example_application()


def eligible(key: str = "15083") -> str:
    return to_json(in_district(EXAMPLE, key), indent=None)


def ineligible() -> str:
    return to_json(in_district(EXAMPLE, "15083", documents=()), indent=None)


INVALID_TEXT = '{"id": 1}'


@pytest.fixture(autouse=True)
def _state_rules(state_rules_only: None) -> None:
    """The state-wide rules only: no installed plugin changes what the batch is about."""


def test_a_folder_gives_a_line_per_document_and_a_summary(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(eligible(), encoding="utf-8")
    (tmp_path / "b.json").write_text(ineligible(), encoding="utf-8")
    (tmp_path / "c.json").write_text(INVALID_TEXT, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a document", encoding="utf-8")
    result = run("check", str(tmp_path))
    assert result.code == 2  # an invalid document
    lines = result.out.splitlines()
    assert lines[0] == f"{tmp_path / 'a.json'}: förderfähig"
    assert lines[1].startswith(f"{tmp_path / 'b.json'}: nicht förderfähig (document.missing")
    assert lines[2].startswith(f"{tmp_path / 'c.json'}: ungültig — $.id: ")
    assert (
        "Zusammenfassung: 3 Dokumente — förderfähig 1, nicht förderfähig 1, ungültig 1, "
        "fehlgeschlagen 0"
    ) in lines
    assert any(line.startswith("Börde (15083)") and line.split()[-4:] == ["1", "1", "0", "0"]
               for line in lines)  # fmt: skip


def test_json_lines_on_stdin_give_one_json_result_per_line() -> None:
    stdin = "\n".join([eligible(), "", ineligible(), INVALID_TEXT]) + "\n"
    result = run("check", "-", "--format", "json", stdin=stdin)
    assert result.code == 2
    lines = [json.loads(line) for line in result.out.splitlines()]
    assert [line["source"] for line in lines] == ["<stdin>:1", "<stdin>:3", "<stdin>:4"]
    first = from_json(json.dumps(lines[0]["decision"]), Decision)
    assert first.eligible
    assert not from_json(json.dumps(lines[1]["decision"]), Decision).eligible
    problems = lines[2]["invalid"]["problems"]
    assert {k: problems[0][k] for k in ("path", "code")} == {"path": "$.id", "code": "type"}
    assert "Zusammenfassung" not in result.out  # tools get results only


def test_several_files_and_a_json_lines_file(tmp_path: Path) -> None:
    one = tmp_path / "one.json"
    one.write_text(eligible(), encoding="utf-8")
    many = tmp_path / "many.jsonl"
    many.write_text(f"{ineligible()}\n\n{eligible('15091')}\n", encoding="utf-8")
    result = run("check", str(one), str(many), "--lang", "en")
    assert result.code == 1  # ineligible, nothing invalid
    assert result.out.splitlines()[:3] == [
        f"{one}: eligible",
        f"{many}:1: ineligible (document.missing)",
        f"{many}:3: eligible",
    ]


def test_all_eligible_exits_0_and_one_document_is_still_one_decision() -> None:
    result = run("check", "-", stdin=eligible())
    assert result.code == 0
    assert result.out.startswith("Antrag: WB-2025-017\n")  # the full decision, as before


def test_one_invalid_document_with_json_output_gives_its_problems_as_json() -> None:
    result = run("check", "-", "--format", "json", stdin=INVALID_TEXT)
    assert result.code == 2
    assert result.err.startswith("schulerfolg: ungültige Eingabe:")  # German, the default
    line = json.loads(result.out)
    assert line["source"] == "<stdin>"
    assert {p["path"] for p in line["invalid"]["problems"]} >= {"$.id", "$.title"}


def test_an_empty_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = run("check", str(tmp_path))
    assert result.code == 2
    assert "keine Antragsdokumente (*.json, *.jsonl) in" in result.err
    english = run("check", str(tmp_path), "--lang", "en")
    assert "no application documents (*.json, *.jsonl) in" in english.err


def test_a_document_that_cannot_be_read_or_whose_rule_fails_does_not_stop_the_batch() -> None:
    never = schulerfolg.from_json  # not reached: the document could not be read
    unreadable = check_document(
        Document(source="x.json", text=b"", unreadable=Text.plain("Permission denied")),
        never,
        never,
    )
    assert unreadable.status == INVALID
    assert unreadable.problems[0].code == "unreadable"

    def failing(application: object) -> Decision:
        raise RuleError(rule_id="cap.amount", layer="test", layer_version="1", state_wide=False,
                        cause=ValueError("boom"))  # fmt: skip

    text = eligible()
    failed = check_document(
        Document(source="y.json", text=text),
        lambda document: schulerfolg.from_json(document.text, schulerfolg.Application),
        failing,
    )
    assert failed.district == "15083"  # a failed rule still counts for its district
    assert failed.status == FAILED
    assert "cap.amount" in (failed.message or "")
    assert json.loads(failed.json_line()) == {
        "source": "y.json",
        "failed": {"message": failed.message},
    }


@pytest.mark.parametrize(
    ("statuses", "code"),
    [
        ([], 0),
        (["eligible"], 0),
        (["eligible", "ineligible"], 1),
        (["ineligible", "invalid", "eligible"], 2),
        (["invalid", "failed", "ineligible"], 3),
    ],
)
def test_the_exit_code_is_the_worst_results(statuses: list[str], code: int) -> None:
    assert exit_code(Result(source="s", status=status) for status in statuses) == code


KINDS = st.lists(st.sampled_from(["eligible", "ineligible", "invalid", "other"]), max_size=12)


@settings(max_examples=20, deadline=None)
@given(KINDS)
def test_the_summary_counts_are_the_results(kinds: list[str]) -> None:
    texts = {
        "eligible": eligible(),
        "ineligible": ineligible(),
        "invalid": INVALID_TEXT,
        "other": eligible("15091"),
    }
    stdin = "".join(texts[kind] + "\n" for kind in kinds) + eligible() + "\n" + eligible() + "\n"
    result = run("check", "-", "--format", "json", stdin=stdin)
    results = [json.loads(line) for line in result.out.splitlines()]
    assert len(results) == len(kinds) + 2
    statuses = [
        "invalid" if "invalid" in line
        else ("eligible" if line["decision"]["outcome"] == "eligible" else "ineligible")
        for line in results
    ]  # fmt: skip
    text = run("check", "-", stdin=stdin).out
    head = next(line for line in text.splitlines() if line.startswith("Zusammenfassung"))
    counts = {
        "förderfähig": statuses.count("eligible"),
        "nicht förderfähig": statuses.count("ineligible"),
        "ungültig": statuses.count("invalid"),
    }
    for label, count in counts.items():
        assert f" {label} {count}," in head or head.endswith(f" {label} {count}")


def test_the_summary_in_english_names_codes_and_problems() -> None:
    results = [
        Result(source="a", status=INELIGIBLE, district="15083", codes=("cap.exceeded",)),
        Result(source="b", status=INELIGIBLE, district="15083", codes=("cap.exceeded",)),
        Result(source="c", status=INVALID),
    ]
    text = summary_text(results, "en")
    assert text.splitlines()[0] == (
        "Summary: 3 documents — eligible 0, ineligible 2, invalid 1, failed 0"
    )
    assert "cap.exceeded" in text
    assert any(line.split() == ["cap.exceeded", "2"] for line in text.splitlines())


def test_json_lines_split_at_line_feeds_only(tmp_path: Path) -> None:
    # JSON may carry U+2028 and U+0085 unescaped inside strings; Python calls them line breaks.
    texts = [
        to_json(in_district(EXAMPLE, "15083", title=title), indent=None)
        for title in ("Klassenrat\u2028Teil 2", "Klassenrat\x85x")
    ]
    many = tmp_path / "many.jsonl"
    many.write_bytes("\r\n".join(texts).encode("utf-8") + b"\n")
    result = run("check", str(many), "--format", "json")
    lines = [json.loads(line) for line in result.out.splitlines()]
    assert [line["source"] for line in lines] == [f"{many}:1", f"{many}:2"]
    assert all("decision" in line for line in lines)


def test_one_bad_line_on_stdin_is_one_invalid_document() -> None:
    stdin = "\n".join([eligible(), "{not json", eligible()]) + "\n"
    result = run("check", "-", "--format", "json", stdin=stdin)
    kinds = ["decision" if "decision" in json.loads(line) else "invalid"
             for line in result.out.splitlines()]  # fmt: skip
    assert kinds == ["decision", "invalid", "decision"]
    assert result.code == 2


def test_a_file_name_that_is_not_utf8_is_shown_escaped(tmp_path: Path) -> None:
    folder = tmp_path / "antraege"
    folder.mkdir()
    (folder / "a.json").write_text(eligible(), encoding="utf-8")
    name = os.fsdecode(b"n\xffame.json")
    (folder / name).write_text(eligible(), encoding="utf-8")
    result = run("check", str(folder), "--format", "json")
    assert result.code == 0, result.err
    sources = [json.loads(line)["source"] for line in result.out.splitlines()]
    assert sources[1].endswith("n\\udcffame.json")
    result.out.encode("utf-8")  # the output is UTF-8 text


@pytest.mark.parametrize("argv", [["-", "-"], ["--ledger", "-", "-"]])
def test_standard_input_can_be_read_only_once(argv: list[str]) -> None:
    result = run("check", *argv, stdin=eligible())
    assert result.code == 2
    assert "die Standardeingabe (-) kann nur einmal gelesen werden" in result.err


def test_one_document_from_several_names_is_a_batch(tmp_path: Path) -> None:
    one = tmp_path / "one.json"
    one.write_text(eligible(), encoding="utf-8")
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    result = run("check", str(one), str(empty))
    assert result.code == 0, result.err
    assert result.out.splitlines()[0] == f"{one}: förderfähig"


def test_documents_are_read_one_file_at_a_time(tmp_path: Path) -> None:
    # A batch of any size: a file is read when the batch comes to it, not all before the
    # first is checked (and only counts of the results are kept, see Tally).
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    first.write_text(eligible(), encoding="utf-8")
    second.write_text(eligible(), encoding="utf-8")
    documents = read_documents([str(first), str(second)], io.StringIO())
    assert next(documents).source == str(first)
    second.unlink()  # gone before the batch reaches it
    late = next(documents)
    assert (late.source, late.unreadable is not None) == (str(second), True)


def test_names_the_batch_cannot_read_are_refused_before_any_document(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(eligible(), encoding="utf-8")
    (tmp_path / "empty").mkdir()
    result = run("check", str(tmp_path / "a.json"), str(tmp_path / "empty"), "--lang", "en")
    assert (result.code, result.out) == (2, "")
    assert "no application documents (*.json, *.jsonl) in" in result.err


def test_a_tally_counts_what_the_results_say() -> None:
    results = [
        Result(source="a", status="eligible", district="15083"),
        Result(source="b", status="ineligible", district="15083", codes=("cap.exceeded",)),
        Result(
            source="c",
            status="invalid",
            problems=(
                Problem.of("$.id", "x", code="type"),
                Problem.of("$.title", "y", code="type"),
            ),
        ),
    ]
    tally = Tally.of(results)
    assert tally.count == 3
    assert dict(tally.statuses) == {"eligible": 1, "ineligible": 1, "invalid": 1}
    assert (dict(tally.codes), dict(tally.problems)) == ({"cap.exceeded": 1}, {"type": 1})
    assert exit_code(tally) == exit_code(results) == 2
    assert summary_text(tally, "en") == summary_text(results, "en")


def test_the_batch_checks_each_document_before_reading_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import schulerfolg._cli.check as check_command

    names = []
    for index in range(3):
        path = tmp_path / f"{index}.json"
        path.write_text(eligible(), encoding="utf-8")
        names.append(str(path))
    log: list[str] = []
    reading, checking = check_command.read_documents, check_command.check_document

    def read(*args: object, **kwargs: object) -> Iterator[Document]:
        for document in reading(*args, **kwargs):  # type: ignore[arg-type]
            log.append(f"read {Path(document.source).name}")
            yield document

    def check(document: Document, *args: object) -> Result:
        log.append(f"checked {Path(document.source).name}")
        return checking(document, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(check_command, "read_documents", read)
    monkeypatch.setattr(check_command, "check_document", check)
    assert run("check", *names).code == 0
    assert log == [f"{step} {index}.json" for index in range(3) for step in ("read", "checked")]


class _LoggedInput:
    """Standard input whose binary lines are logged as they are read."""

    def __init__(self, lines: list[bytes], log: list[str]) -> None:
        self.buffer = self
        self._lines = lines
        self._log = log

    def __iter__(self) -> Iterator[bytes]:
        for number, line in enumerate(self._lines, start=1):
            self._log.append(f"read line {number}")
            yield line

    def read(self) -> bytes:  # pragma: no cover - JSON Lines are never read whole
        raise AssertionError("JSON Lines on standard input must not be read whole")


def test_json_lines_on_standard_input_are_checked_as_they_come(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import schulerfolg._cli.check as check_command

    log: list[str] = []
    checking = check_command.check_document

    def check(document: Document, *args: object) -> Result:
        log.append(f"checked {document.source}")
        return checking(document, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(check_command, "check_document", check)
    lines = [eligible().replace("\n", " ").encode() + b"\n" for _ in range(4)]
    stdin = _LoggedInput(lines, log)
    out, err = io.StringIO(), io.StringIO()
    from schulerfolg._cli.main import main

    assert main(["check", "-"], stdin=stdin, stdout=out, stderr=err) == 0  # type: ignore[arg-type]
    # Two lines tell JSON Lines from one document; then each line is read when its turn comes.
    assert log == [
        "read line 1",
        "read line 2",
        "checked <stdin>:1",
        "checked <stdin>:2",
        "read line 3",
        "checked <stdin>:3",
        "read line 4",
        "checked <stdin>:4",
    ]
