"""The ``schulerfolg`` command line: subcommands, output formats, exit codes and error reports.

Most tests drive :func:`schulerfolg._cli.main.main` in-process with string streams; a few run the
real ``python -m schulerfolg`` and the installed console script to prove the entry points work.
The text rendered for people is tested in ``test_text.py``; the plugin commands and options
with real installed plugin distributions in ``test_main_plugins.py``.

Documents whose outcome is asserted are evaluated in Börde (15083) under the state-wide rules
only: the module turns district plugins off (``SCHULERFOLG_NO_PLUGINS=1``), so an installed
plugin (built in or third party) cannot change what these tests are about, the command line.
The tests marked "with plugins" run the bundled example (Wittenberg, 15091) with every
installed plugin and assert only what holds under any district rules.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import schulerfolg
from helpers import (
    BOERDE,
    Result,
    assert_no_traceback,
    boerde_text,
    in_district,
    only_plugin_warnings,
    over_the_cap,
    run,
    run_process,
)
from schulerfolg import Application, Award, Decision, from_json, to_dict, to_json
from schulerfolg._cli.exits import (
    EXIT_ELIGIBLE,
    EXIT_INELIGIBLE,
    EXIT_INTERNAL,
    EXIT_INVALID,
    EXIT_RULE_FAILED,
)
from schulerfolg._directory.programme import example_application_text

EXAMPLE_FILE = Path(schulerfolg.__file__).parent / "data" / "examples" / "application.json"

#: Evaluate under the state-wide rules (also in subprocesses, which inherit the variable).
pytestmark = pytest.mark.usefixtures("state_rules_only")


def example() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(example_application_text())
    return document


def test_exit_codes_are_the_documented_ones() -> None:
    assert (EXIT_ELIGIBLE, EXIT_INELIGIBLE, EXIT_INVALID, EXIT_RULE_FAILED, EXIT_INTERNAL) == (
        0,
        1,
        2,
        3,
        4,
    )


# --------------------------------------------------------------------------------------------
# check: the bundled example


@pytest.mark.usefixtures("with_plugins")
def test_check_the_bundled_example_file() -> None:
    result = run("check", str(EXAMPLE_FILE))
    assert result.code == EXIT_ELIGIBLE
    assert only_plugin_warnings(result.err)
    assert "WB-2025-017" in result.out


@pytest.mark.usefixtures("with_plugins")
def test_check_the_bundled_example_as_json() -> None:
    result = run("check", "--format", "json", str(EXAMPLE_FILE))
    assert result.code == EXIT_ELIGIBLE
    document = json.loads(result.out)
    assert document["outcome"] == "eligible"
    assert document["application_id"] == "WB-2025-017"
    assert isinstance(document["findings"], list)
    for finding in document["findings"]:
        assert {"code", "severity"} <= set(finding)
    decision = from_json(result.out, Decision)
    assert decision.eligible
    assert to_json(decision) == result.out.rstrip("\n")


def test_json_output_round_trips_into_a_decision() -> None:
    result = run("check", "--format", "json", "-", stdin=over_the_cap())
    assert result.code == EXIT_INELIGIBLE
    document = json.loads(result.out)
    assert document["outcome"] == "ineligible"
    assert document["district"] == BOERDE
    assert [f["code"] for f in document["findings"]] == ["cap.exceeded"]
    assert all(f["severity"] in {"error", "warning", "info"} for f in document["findings"])
    decision = from_json(result.out, Decision)
    assert isinstance(decision, Decision)
    assert decision.codes() == ("cap.exceeded",)
    assert decision.evaluated_on == date(2025, 6, 30)
    assert to_json(decision) == result.out.rstrip("\n")
    assert {use.name for use in decision.parameters} >= {"educational_offer.cap"}


def test_json_output_is_deterministic() -> None:
    first = run("check", "--format", "json", "-", stdin=over_the_cap())
    second = run("check", "--format", "json", "-", stdin=over_the_cap())
    assert first.out == second.out


# --------------------------------------------------------------------------------------------
# check: outcomes and text output


def test_ineligible_through_the_district_option() -> None:
    document = json.loads(over_the_cap())
    document["district"] = "15091"
    for school in document["schools"]:
        school["district"] = "15091"
    result = run("check", "--district", "boerde", "-", stdin=json.dumps(document))
    assert result.code == EXIT_INELIGIBLE
    assert "Börde (15083)" in result.out


def test_unknown_language_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    result = run("check", "--lang", "fr", "-", stdin=boerde_text())
    assert result.code == EXIT_INVALID
    assert result.out == ""
    assert "--lang" in result.err + capsys.readouterr().err


def test_earlier_awards_from_a_ledger(tmp_path: Path) -> None:
    application = from_json(boerde_text(), Application)
    earlier = attrs.evolve(
        Award.from_application(application, awarded_on=date(2025, 3, 1)),
        application_id="BK-2025-001",
    )
    ledger = tmp_path / "ledger.json"
    ledger.write_text(to_json((earlier,)), encoding="utf-8")
    result = run("check", "--ledger", str(ledger), "-", stdin=boerde_text())
    assert result.code == EXIT_INELIGIBLE
    assert "cap.exceeded_with_earlier_awards" in result.out
    assert "3.600,00\xa0€" in result.out


def test_an_invalid_ledger_names_its_path(tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.json"
    ledger.write_text('[{"application_id": 1}]', encoding="utf-8")
    result = run("check", "--ledger", str(ledger), "-", stdin=boerde_text())
    assert result.code == EXIT_INVALID
    assert "$[0]" in result.err
    assert "ledger.json" in result.err
    assert_no_traceback(result)


# --------------------------------------------------------------------------------------------
# check --on


@pytest.mark.parametrize("day", ["01.07.2025", "2025-07-01", "1.7.2025"])
def test_on_accepts_german_and_iso_dates(day: str) -> None:
    result = run("check", "--format", "json", "--on", day, "-", stdin=boerde_text())
    assert result.code == EXIT_ELIGIBLE
    assert json.loads(result.out)["evaluated_on"] == "2025-07-01"


def test_on_is_needed_without_a_submission_date() -> None:
    text = boerde_text(submission_date=None)
    without = run("check", "-", stdin=text)
    assert without.code == EXIT_INVALID
    assert "--on" in without.err
    assert_no_traceback(without)
    with_on = run("check", "--on", "2025-06-30", "-", stdin=text)
    assert with_on.code in (EXIT_ELIGIBLE, EXIT_INELIGIBLE)


def test_on_before_the_rules_start_names_the_parameter(capsys: pytest.CaptureFixture[str]) -> None:
    result = run("check", "--on", "2010-01-01", "-", stdin=boerde_text())
    assert result.code == EXIT_INVALID
    assert result.out == ""
    assert "educational_offer." in result.err
    assert "01.01.2010" in result.err  # the day as a German reader writes it
    assert_no_traceback(result, capsys)


# --------------------------------------------------------------------------------------------
# check: malformed input -> exit 2, a message on stderr, never a traceback


def test_invalid_json(capsys: pytest.CaptureFixture[str]) -> None:
    result = run("check", "-", stdin='{"id": "x",')
    assert result.code == EXIT_INVALID
    assert result.out == ""
    assert "$: kein gültiges JSON" in result.err  # German, the default
    assert "<stdin>" in result.err
    assert_no_traceback(result, capsys)


def test_non_utf8_bytes_in_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes(boerde_text().encode("latin-1", errors="replace"))
    result = run("check", str(path))
    assert result.code == EXIT_INVALID
    assert "$: kein UTF-8-Text: ungültiges Startbyte" in result.err
    assert str(path) in result.err
    assert_no_traceback(result, capsys)


def test_non_utf8_bytes_on_stdin(capsys: pytest.CaptureFixture[str]) -> None:
    result = run("check", "-", stdin=b'{"id": "\xff"}')
    assert result.code == EXIT_INVALID
    assert "UTF-8" in result.err
    assert_no_traceback(result, capsys)


def test_a_float_amount_names_its_path(capsys: pytest.CaptureFixture[str]) -> None:
    result = run("check", "-", stdin=boerde_text(requested_amount=1800.0))
    assert result.code == EXIT_INVALID
    assert "$.requested_amount" in result.err
    assert result.out == ""
    assert_no_traceback(result, capsys)


def test_several_problems_are_reported_together() -> None:
    document = json.loads(boerde_text())
    document["requested_amount"] = 1800.5
    document["period"]["start"] = "2025-02-30"
    document["cost_plan"][1]["amount"] = "250.001"
    result = run("check", "-", stdin=json.dumps(document))
    assert result.code == EXIT_INVALID
    for path in ("$.requested_amount", "$.period.start", "$.cost_plan[1].amount"):
        assert path in result.err
    assert_no_traceback(result)


def test_a_missing_key_names_its_path() -> None:
    document = json.loads(boerde_text())
    del document["applicant"]["name"]
    result = run("check", "-", stdin=json.dumps(document))
    assert result.code == EXIT_INVALID
    assert "$.applicant.name" in result.err


def test_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere.json"
    result = run("check", str(missing))
    assert result.code == EXIT_INVALID
    assert "nowhere.json" in result.err
    assert result.out == ""
    assert_no_traceback(result, capsys)


def test_a_directory_instead_of_a_file(tmp_path: Path) -> None:
    result = run("check", str(tmp_path))
    assert result.code == EXIT_INVALID
    assert str(tmp_path) in result.err
    assert_no_traceback(result)


def test_an_unknown_district_option(capsys: pytest.CaptureFixture[str]) -> None:
    result = run("check", "--district", "Atlantis", "-", stdin=boerde_text())
    assert result.code == EXIT_INVALID
    assert "Atlantis" in result.err
    assert "unbekannte Gebietskörperschaft" in result.err
    assert_no_traceback(result, capsys)


def test_an_unknown_district_in_the_document() -> None:
    result = run("check", "-", stdin=boerde_text(district="99999"))
    assert result.code == EXIT_INVALID
    assert "$.district" in result.err


USAGE_ERRORS = [
    pytest.param(["check", "--on", "31.02.2024", "-"], "--on", id="impossible-date"),
    pytest.param(["check", "--on", "tomorrow", "-"], "--on", id="not-a-date"),
    pytest.param(["frobnicate"], "frobnicate", id="unknown-subcommand"),
    pytest.param([], "BEFEHL", id="no-arguments"),
    pytest.param(["check"], "DATEI", id="check-without-file"),
    pytest.param(["check", "--format", "xml", "-"], "--format", id="unknown-format"),
]


@pytest.mark.parametrize(("argv", "named"), USAGE_ERRORS)
def test_usage_errors_exit_2(
    argv: list[str], named: str, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run(*argv, stdin=boerde_text())
    assert result.code == EXIT_INVALID
    assert result.out == ""
    seen = capsys.readouterr()
    # Everything goes to the stderr stream given to main(), nothing to the process's own.
    assert seen.err == ""
    assert named in result.err
    assert "Verwendung:" in result.err  # German by default
    assert "Traceback" not in result.err + seen.out
    english = run(*argv, "--lang", "en", stdin=boerde_text()) if argv else run("--lang", "en")
    assert "usage:" in english.err


@pytest.mark.parametrize(("argv", "named"), USAGE_ERRORS)
def test_usage_errors_go_to_the_given_stderr(argv: list[str], named: str) -> None:
    result = run(*argv, stdin=boerde_text())
    assert result.code == EXIT_INVALID
    assert named in result.err


def test_usage_errors_in_a_real_process() -> None:
    result = run_process("check", "--on", "31.02.2024", "-", stdin=boerde_text().encode())
    assert result.code == EXIT_INVALID
    assert "--on" in result.err
    assert "31.02.2024" in result.err
    assert "Traceback" not in result.all
    bare = run_process()
    assert bare.code == EXIT_INVALID
    assert "Verwendung:" in bare.err
    assert bare.out == ""


# --------------------------------------------------------------------------------------------
# Reading standard input


def test_read_from_stdin_as_text() -> None:
    result = run("check", "-", stdin=boerde_text())
    assert result.code == EXIT_ELIGIBLE


def test_read_from_stdin_as_bytes() -> None:
    result = run("check", "-", stdin=boerde_text().encode("utf-8"))
    assert result.code == EXIT_ELIGIBLE


def test_real_process_reads_stdin(tmp_path: Path) -> None:
    result = run_process("check", "--lang", "en", "-", stdin=over_the_cap().encode(), cwd=tmp_path)
    assert result.code == EXIT_INELIGIBLE
    assert "cap.exceeded" in result.out
    assert "Outcome: ineligible" in result.out


@pytest.mark.usefixtures("with_plugins")
def test_real_process_checks_the_example_file(tmp_path: Path) -> None:
    result = run_process("check", "--format", "json", str(EXAMPLE_FILE), cwd=tmp_path)
    assert result.code == EXIT_ELIGIBLE
    assert json.loads(result.out)["outcome"] == "eligible"


def test_real_process_bad_input_has_no_traceback() -> None:
    result = run_process("check", "-", stdin=b"\xff\xfe{not json")
    assert result.code == EXIT_INVALID
    assert "$:" in result.err
    assert "Traceback" not in result.all


def test_the_console_script() -> None:
    script = Path(sys.executable).parent / "schulerfolg"
    if not script.exists():
        pytest.skip("the console script is not installed next to the interpreter")
    completed = subprocess.run(
        [str(script), "check", "--district", BOERDE, str(EXAMPLE_FILE)],
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == EXIT_ELIGIBLE
    assert "Börde" in completed.stdout.decode("utf-8")


# --------------------------------------------------------------------------------------------
# example


@pytest.mark.usefixtures("with_plugins")
def test_example_is_accepted_by_check() -> None:
    printed = run("example")
    assert printed.code == EXIT_ELIGIBLE
    assert printed.err == ""
    assert json.loads(printed.out) == example()
    checked = run("check", "-", stdin=printed.out)
    assert checked.code == EXIT_ELIGIBLE


def test_example_is_eligible_under_the_state_rules_in_boerde() -> None:
    printed = run("example")
    checked = run("check", "--district", BOERDE, "-", stdin=printed.out)
    assert checked.code == EXIT_ELIGIBLE


@pytest.mark.parametrize("key", ["15083", "boerde", "Börde"])
def test_example_with_a_district(key: str) -> None:
    printed = run("example", "--district", key)
    assert printed.code == EXIT_ELIGIBLE
    document = json.loads(printed.out)
    assert document["district"] == BOERDE
    assert {school["district"] for school in document["schools"]} == {BOERDE}
    assert document == to_dict(in_district(schulerfolg.example_application(), BOERDE))
    checked = run("check", "--format", "json", "-", stdin=printed.out)
    assert checked.code == EXIT_ELIGIBLE
    assert json.loads(checked.out)["district"] == BOERDE


def test_example_with_an_unknown_district() -> None:
    result = run("example", "--district", "Atlantis")
    assert result.code == EXIT_INVALID
    assert "Atlantis" in result.err
    assert result.out == ""


# --------------------------------------------------------------------------------------------
# districts and --version


def test_districts_as_text() -> None:
    result = run("districts")
    assert result.code == EXIT_ELIGIBLE
    lines = result.out.splitlines()
    assert len(lines) == 14
    assert any(line.startswith("15083") and "Börde" in line for line in lines)
    assert any(line.startswith("15091") and "Wittenberg" in line for line in lines)


def test_districts_as_json() -> None:
    result = run("districts", "--format", "json")
    assert result.code == EXIT_ELIGIBLE
    listing = json.loads(result.out)
    assert len(listing) == 14
    assert len({item["key"] for item in listing}) == 14
    for item in listing:
        assert set(item) == {"key", "ags", "slug", "name", "kind", "seat"}
        assert item["key"].startswith("15")
        assert item["ags"].startswith(item["key"])
    boerde = next(item for item in listing if item["key"] == BOERDE)
    assert boerde["name"] == "Börde"
    assert boerde["slug"] == "boerde"
    assert [item["key"] for item in listing] == [d.key for d in schulerfolg.districts()]


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    result = run("--version")
    assert result.code == EXIT_ELIGIBLE
    printed = result.out + capsys.readouterr().out
    assert printed.strip() == f"schulerfolg {schulerfolg.__version__}"


def test_version_goes_to_the_given_stdout() -> None:
    assert run("--version").out.strip() == f"schulerfolg {schulerfolg.__version__}"


def test_version_in_a_real_process() -> None:
    result = run_process("--version")
    assert result.code == EXIT_ELIGIBLE
    assert result.out.strip() == f"schulerfolg {schulerfolg.__version__}"


# --------------------------------------------------------------------------------------------
# Property: whatever arrives on stdin, check exits 0, 1 or 2 and never prints a traceback


JsonPath = tuple[str | int, ...]


def document_paths(value: Any, prefix: JsonPath = ()) -> Iterator[JsonPath]:
    if prefix:
        yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from document_paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from document_paths(item, (*prefix, index))


BOERDE_EXAMPLE = to_dict(in_district(schulerfolg.example_application(), BOERDE))
PATHS = sorted(document_paths(BOERDE_EXAMPLE), key=str)
DELETE = object()

json_leaves = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    | st.sampled_from(
        [
            "2025-02-30",
            "2025-09-01",
            "0.00",
            "-1.00",
            "2000.01",
            "1e5",
            "31.12.2025",
            "school",
            "pupils",
            "15083",
            "",
        ]
    )
)
json_values = st.recursive(
    json_leaves,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=8,
)


@st.composite
def mutated_documents(draw: st.DrawFn) -> str:
    document = json.loads(json.dumps(BOERDE_EXAMPLE))
    for path in draw(st.lists(st.sampled_from(PATHS), max_size=3)):
        value = draw(json_values | st.just(DELETE))
        target: Any = document
        try:
            for step in path[:-1]:
                target = target[step]
            if value is DELETE:
                del target[path[-1]]
            else:
                target[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed or replaced the container
    return json.dumps(document, ensure_ascii=False)


def assert_clean_exit(result: Result, *, json_output: bool = False) -> None:
    assert result.code in (EXIT_ELIGIBLE, EXIT_INELIGIBLE, EXIT_INVALID), result
    assert "Traceback" not in result.all
    assert "internal error" not in result.err
    if result.code == EXIT_INVALID:
        assert result.err.startswith("schulerfolg:")
        if not json_output:
            assert result.out == ""
        elif result.out:  # a document's problems, for tools (not a usage error)
            problems = json.loads(result.out)["invalid"]["problems"]
            assert problems
            assert all(set(problem) == {"path", "code", "message"} for problem in problems)


@given(st.binary(max_size=300))
def test_arbitrary_bytes_on_stdin(data: bytes) -> None:
    assert_clean_exit(run("check", "-", stdin=data))


@given(json_values.map(lambda value: json.dumps(value, ensure_ascii=False)) | st.text(max_size=80))
def test_json_ish_text_on_stdin(text: str) -> None:
    assert_clean_exit(run("check", "-", stdin=text))


@given(
    mutated_documents(),
    st.sampled_from([[], ["--format", "json"], ["--lang", "en"], ["--on", "2025-07-01"]]),
)
def test_mutated_applications_on_stdin(text: str, options: list[str]) -> None:
    result = run("check", "--district", BOERDE, *options, "-", stdin=text)
    assert_clean_exit(result, json_output="--format" in options)
    if result.code != EXIT_INVALID and "--format" in options:
        assert from_json(result.out, Decision).district == BOERDE


def test_a_ledger_that_awards_an_application_twice_is_invalid_input(tmp_path: Path) -> None:
    award = schulerfolg.to_dict(
        schulerfolg.Award.from_application(
            schulerfolg.example_application(), awarded_on=date(2025, 5, 1)
        )
    )
    ledger = tmp_path / "ledger.json"
    ledger.write_text(json.dumps([award, award]), encoding="utf-8")
    result = run("check", "--ledger", str(ledger), "-", stdin=boerde_text())
    assert result.code == EXIT_INVALID
    assert "$[1].application_id" in result.err
    assert "ledger.json" in result.err


@pytest.mark.parametrize(
    ("environ", "first_line"),
    [
        ({}, "Antrag: WB-2025-017"),
        ({"LANG": "en_GB.UTF-8"}, "Application: WB-2025-017"),
        ({"LANG": "de_DE.UTF-8"}, "Antrag: WB-2025-017"),
        ({"LANG": "fr_FR.UTF-8"}, "Antrag: WB-2025-017"),  # not spoken: German
        ({"LANG": "de_DE.UTF-8", "LC_ALL": "en_US.UTF-8"}, "Application: WB-2025-017"),
        ({"LC_MESSAGES": "en_US", "LANG": "de_DE"}, "Application: WB-2025-017"),
        ({"LANG": "C.UTF-8"}, "Antrag: WB-2025-017"),
    ],
)
def test_the_language_comes_from_the_locale_unless_lang_says(
    monkeypatch: pytest.MonkeyPatch, environ: dict[str, str], first_line: str
) -> None:
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    result = run("check", "-", stdin=boerde_text())
    assert result.out.splitlines()[0] == first_line
    explicit = run("check", "-", "--lang", "de", stdin=boerde_text())
    assert explicit.out.splitlines()[0] == "Antrag: WB-2025-017"


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["check"],
        ["deadlines"],
        ["ledger"],
        ["ledger", "approve"],
        ["ledger", "standing"],
        ["schema"],
    ],
    ids=lambda argv: " ".join(argv) or "top",
)
def test_help_speaks_german_by_default_and_english_on_request(argv: list[str]) -> None:
    german = run(*argv, "--help")
    assert german.code == 0
    assert german.out.startswith("Verwendung: schulerfolg")
    assert "diese Hilfe zeigen und beenden" in german.out
    assert "show this help message" not in german.out
    assert "positional arguments" not in german.out
    english = run(*argv, "--help", "--lang", "en")
    assert english.out.startswith("usage: schulerfolg")
    assert "show this help message and exit" in english.out


def test_the_last_lang_wins_and_options_are_not_abbreviated() -> None:
    result = run("check", "-", "--lang", "de", "--lang", "en", stdin=boerde_text())
    assert result.out.startswith("Application:")
    abbreviated = run("check", "-", "--form", "json", stdin=boerde_text())
    assert abbreviated.code == 2
    assert "--form" in abbreviated.err
