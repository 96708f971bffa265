"""The failure table of docs/failures.md, walked row by row through the Python API and the
command line.

Each row of the table has a scenario here that brings the fault about for real — a document
with problems, a plugin distribution installed on ``sys.path`` (a ``.dist-info`` folder with its
entry points, as pip leaves one) whose module fails in the row's way, an SQLite file that is no
ledger, a standard output that is a full disk — and returns what the API raised and what the
command exited with.  The table must name that exception class and that exit code; a row
without a scenario, or a scenario without a row, fails.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from textwrap import dedent

import attrs
import pytest

import schulerfolg
from helpers import in_district, write_application
from schulerfolg import evaluate, from_json, open_ledger, to_json
from schulerfolg.errors import (
    DocumentError,
    LedgerError,
    NoEvaluationDateError,
    ParameterNotInForceError,
    PluginConflictError,
    PluginError,
    RuleError,
)
from schulerfolg.plugins import PluginRegistry, reset_plugin_cache

PAGE = Path(__file__).parents[2] / "docs" / "failures.md"
BOERDE, JERICHOWER_LAND, ANHALT_BITTERFELD = "15083", "15086", "15082"
EXAMPLE = schulerfolg.example_application()

pytestmark = pytest.mark.usefixtures("plugin_env")


@attrs.frozen
class Seen:
    """What a scenario saw: the exception class the API raised (``None``: the row has no API
    side) and the command's exit code."""

    raised: str | None
    exit: int


# --------------------------------------------------------------------------------------------
# Installing a plugin distribution for real: a .dist-info folder on a path entry


PLUGIN_HEAD = """\
from schulerfolg.plugins import DistrictPlugin, Finding, Rule, Source

SOURCE = Source(reference="https://example.org/test-plugin", title="Test plugin")
"""


def _valid_plugin(district: str, name: str, check: str = "") -> str:
    """The source of a module whose ``plugin`` is a valid plugin for ``district``, with an
    added rule whose body is ``check`` (Python statements; by default it finds nothing)."""
    body = dedent(check).strip() or "return iter(())"
    lines = "\n".join("    " + line for line in body.splitlines())
    return (
        PLUGIN_HEAD
        + f"\n\ndef check(application, context):\n{lines}\n    yield from ()\n\n\n"
        + f"plugin = DistrictPlugin(api_version=1, district={district!r}, name={name!r}, "
        + "added_rules=(Rule(id='test.rule', description='A test rule.', source=SOURCE, "
        + "check=check),))\n"
    )


class Site:
    """A folder that, on ``sys.path`` (or ``PYTHONPATH``), holds installed plugin
    distributions."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def install(
        self, distribution: str, entry_points: dict[str, str], modules: dict[str, str]
    ) -> None:
        """Install ``distribution`` 1.0 with these entry points and module sources."""
        info = self.root / f"{distribution.replace('-', '_')}-1.0.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: {distribution}\nVersion: 1.0\n", encoding="utf-8"
        )
        lines = "".join(f"{name} = {value}\n" for name, value in entry_points.items())
        (info / "entry_points.txt").write_text(f"[schulerfolg.plugins]\n{lines}", encoding="utf-8")
        for module, source in modules.items():
            (self.root / f"{module}.py").write_text(source, encoding="utf-8")

    def registry(self, monkeypatch: pytest.MonkeyPatch, **options: object) -> PluginRegistry:
        """The registry as a program with this folder on ``sys.path`` builds it."""
        monkeypatch.syspath_prepend(str(self.root))
        reset_plugin_cache()
        return PluginRegistry.discover(**options)  # type: ignore[arg-type]

    def run(self, *argv: str, stdout: int | None = None) -> subprocess.CompletedProcess[bytes]:
        """``python -m schulerfolg ARGV`` with this folder on ``PYTHONPATH``."""
        environment = {k: v for k, v in os.environ.items() if not k.startswith("SCHULERFOLG_")}
        environment["PYTHONPATH"] = os.pathsep.join(
            [str(self.root), *filter(None, [environment.get("PYTHONPATH")])]
        )
        environment["PYTHONIOENCODING"] = "utf-8"
        return subprocess.run(
            [sys.executable, "-m", "schulerfolg", *argv, "--lang", "en"],
            stdout=stdout if stdout is not None else subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=environment,
            timeout=60,
            check=False,
        )


def _err(completed: subprocess.CompletedProcess[bytes]) -> str:
    return completed.stderr.decode("utf-8")


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    before = set(sys.modules)
    yield Site(tmp_path / "site")
    for name in set(sys.modules) - before:  # the test plugin modules, imported in-process
        if name.startswith("failure_"):
            del sys.modules[name]
    reset_plugin_cache()


def _application(tmp_path: Path, key: str, **changes: object) -> str:
    return write_application(tmp_path, in_district(EXAMPLE, key, **changes))


# --------------------------------------------------------------------------------------------
# The scenarios, one per row


def document_invalid(site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Seen:
    document = json.loads(to_json(EXAMPLE))
    del document["title"]
    document["requested_amount"] = "1800.000"
    text = json.dumps(document)
    with pytest.raises(DocumentError) as info:
        from_json(text, schulerfolg.Application)
    assert {p.path for p in info.value.problems} >= {"$.title", "$.requested_amount"}
    path = tmp_path / "broken.json"
    path.write_text(text, encoding="utf-8")
    completed = site.run("check", str(path), "--format", "json")
    assert _err(completed).startswith("schulerfolg: invalid input:")
    problems = json.loads(completed.stdout)["invalid"]["problems"]
    assert {p["path"] for p in problems} >= {"$.title", "$.requested_amount"}
    return Seen(type(info.value).__name__, completed.returncode)


def input_unreadable(site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Seen:
    latin = to_json(in_district(EXAMPLE, BOERDE, title="Förderung")).encode(
        "latin-1", errors="replace"
    )
    with pytest.raises(DocumentError) as info:
        from_json(latin, schulerfolg.Application)
    assert [p.path for p in info.value.problems] == ["$"]
    path = tmp_path / "latin.json"
    path.write_bytes(latin)
    completed = site.run("check", str(path))
    missing = site.run("check", str(tmp_path / "missing.json"))
    assert missing.returncode == completed.returncode
    assert "missing.json" in _err(missing)
    return Seen(type(info.value).__name__, completed.returncode)


def no_evaluation_day(site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Seen:
    undated = in_district(EXAMPLE, BOERDE, submission_date=None)
    with pytest.raises(NoEvaluationDateError) as info:
        evaluate(undated, rulebook=schulerfolg.state_rulebook())
    completed = site.run("check", write_application(tmp_path, undated))
    assert "--on" in _err(completed)
    return Seen(type(info.value).__name__, completed.returncode)


def parameter_not_in_force(site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Seen:
    application = in_district(EXAMPLE, BOERDE)
    with pytest.raises(ParameterNotInForceError) as info:
        evaluate(application, rulebook=schulerfolg.state_rulebook(), on=date(2010, 1, 4))
    completed = site.run("check", write_application(tmp_path, application), "--on", "2010-01-04")
    return Seen(type(info.value).__name__, completed.returncode)


def plugin_unnamed(site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Seen:
    # A valid Jerichower Land plugin under an entry point named freely, and a second one that
    # cannot be loaded, so its district cannot be told.
    site.install(
        "failure-unnamed",
        {"jl-rules": "failure_unnamed:plugin"},
        {"failure_unnamed": _valid_plugin("jerichower-land", "misnamed")},
    )
    registry = site.registry(monkeypatch, strict=False, select={})
    (report,) = [r for r in registry.unclaimed if r.distribution == "failure-unnamed"]
    assert (report.status.value, report.district) == ("failed", JERICHOWER_LAND)
    with pytest.raises(PluginError) as info:
        registry.rulebook(JERICHOWER_LAND)
    assert "so name its entry point 'jerichower-land'" in str(info.value)
    assert registry.rulebook(BOERDE).overlay is None  # every other district decides
    misnamed = site.run("check", _application(tmp_path, JERICHOWER_LAND))
    assert "so name its entry point 'jerichower-land'" in _err(misnamed)
    other = site.run("check", _application(tmp_path, BOERDE))
    assert other.returncode == 0, _err(other)
    assert "warning: plugin left out: plugin failure-unnamed/jl-rules 1.0" in _err(other)
    # The district of a plugin that cannot be loaded cannot be told: no district decides.
    site.install(
        "failure-unknown",
        {"somewhere": "failure_unknown:plugin"},
        {"failure_unknown": 'raise ImportError("no module named extras")\n'},
    )
    unknown = site.registry(monkeypatch, strict=False, select={})
    with pytest.raises(PluginError, match="does not say which district it is for"):
        unknown.rulebook(BOERDE)
    everywhere = site.run("check", _application(tmp_path, BOERDE))
    assert "failure-unknown/somewhere" in _err(everywhere)
    assert everywhere.returncode == misnamed.returncode
    return Seen(type(info.value).__name__, misnamed.returncode)


def plugin_import(site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Seen:
    site.install(
        "failure-import",
        {"jerichower-land": "failure_import:plugin"},
        {"failure_import": 'import sys\nsys.exit("needs the district register")\n'},
    )
    registry = site.registry(monkeypatch, strict=False, select={})
    with pytest.raises(PluginError) as info:
        registry.rulebook(JERICHOWER_LAND)
    assert info.value.distribution == "failure-import"
    assert "SystemExit: needs the district register" in str(info.value)
    assert registry.rulebook(BOERDE).overlay is None  # every other district keeps working
    completed = site.run("check", _application(tmp_path, JERICHOWER_LAND))
    assert "the plugin for Jerichower Land (15086) failed" in _err(completed)
    assert completed.stdout == b""
    other = site.run("check", _application(tmp_path, BOERDE))
    assert other.returncode == 0, _err(other)
    return Seen(type(info.value).__name__, completed.returncode)


def plugin_claim(site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Seen:
    site.install(
        "failure-claim",
        {"jerichower-land": "failure_claim:plugin"},
        {"failure_claim": _valid_plugin("anhalt-bitterfeld", "claims another district")},
    )
    registry = site.registry(monkeypatch, strict=False, select={})
    with pytest.raises(PluginError) as info:
        registry.rulebook(JERICHOWER_LAND)
    assert "names Jerichower Land (15086), but the plugin declares Anhalt-Bitterfeld" in str(
        info.value
    )
    assert registry.rulebook(ANHALT_BITTERFELD).overlay is None
    completed = site.run("check", _application(tmp_path, JERICHOWER_LAND))
    return Seen(type(info.value).__name__, completed.returncode)


def plugin_invalid(site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Seen:
    source = _valid_plugin("jerichower-land", "text version").replace(
        "api_version=1", "api_version='1'"
    )
    site.install(
        "failure-invalid",
        {"jerichower-land": "failure_invalid:plugin"},
        {"failure_invalid": source},
    )
    registry = site.registry(monkeypatch, strict=False, select={})
    with pytest.raises(PluginError) as info:
        registry.rulebook(JERICHOWER_LAND)
    assert "api_version must be a whole number such as 1, not the text '1'" in str(info.value)
    completed = site.run("check", _application(tmp_path, JERICHOWER_LAND))
    return Seen(type(info.value).__name__, completed.returncode)


def plugin_conflict(site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Seen:
    for name in ("failure-one", "failure-two"):
        module = name.replace("-", "_")
        site.install(
            name,
            {"jerichower-land": f"{module}:plugin"},
            {module: _valid_plugin("jerichower-land", name)},
        )
    registry = site.registry(monkeypatch, strict=False, select={})
    with pytest.raises(PluginConflictError) as info:
        registry.rulebook(JERICHOWER_LAND)
    assert "failure-one" in str(info.value)
    assert "failure-two" in str(info.value)
    chosen = site.registry(monkeypatch, strict=False, select={JERICHOWER_LAND: "failure-two"})
    assert chosen.layer_for(JERICHOWER_LAND) is not None
    completed = site.run("check", _application(tmp_path, JERICHOWER_LAND))
    return Seen(type(info.value).__name__, completed.returncode)


def plugin_strict(site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Seen:
    site.install(
        "failure-strict",
        {"jerichower-land": "failure_strict:plugin"},
        {"failure_strict": 'raise ImportError("no module named jl_extras")\n'},
    )
    with pytest.raises(PluginError) as info:
        site.registry(monkeypatch, strict=True, select={"15001": "schulerfolg"})
    assert str(info.value).startswith("strict plugin mode: ")
    # Strict: even a district without a plugin is not decided.
    path = _application(tmp_path, BOERDE)
    completed = site.run("check", path, "--strict-plugins", "--select-plugin", "15001=schulerfolg")
    assert "strict plugin mode" in _err(completed)
    return Seen(type(info.value).__name__, completed.returncode)


def rule_raises(site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Seen:
    site.install(
        "failure-rule",
        {"jerichower-land": "failure_rule:plugin"},
        {"failure_rule": _valid_plugin("jerichower-land", "exits", "raise SystemExit(0)")},
    )
    registry = site.registry(monkeypatch, strict=False, select={})
    with pytest.raises(RuleError) as info:
        evaluate(in_district(EXAMPLE, JERICHOWER_LAND), rulebook=registry.rulebook(JERICHOWER_LAND))
    assert info.value.rule_id == "test.rule"
    assert isinstance(info.value.__cause__, SystemExit)
    completed = site.run("check", _application(tmp_path, JERICHOWER_LAND))
    assert completed.stdout == b""
    assert "rule 'test.rule' of plugin failure-rule/jerichower-land 1.0 failed" in _err(completed)
    # In a batch the document fails, the others are decided.
    folder = tmp_path / "batch"
    folder.mkdir()
    _application(folder, JERICHOWER_LAND)
    _application(folder, BOERDE)
    batch = site.run("check", str(folder), "--format", "json")
    results = [json.loads(line) for line in batch.stdout.decode("utf-8").splitlines()]
    assert sorted(next(k for k in result if k != "source") for result in results) == [
        "decision",
        "failed",
    ]
    assert batch.returncode == completed.returncode
    return Seen(type(info.value).__name__, completed.returncode)


def rule_bad_finding(site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Seen:
    site.install(
        "failure-finding",
        {"jerichower-land": "failure_finding:plugin"},
        {"failure_finding": _valid_plugin("jerichower-land", "yields text", "yield 'eligible'")},
    )
    registry = site.registry(monkeypatch, strict=False, select={})
    with pytest.raises(RuleError) as info:
        evaluate(in_district(EXAMPLE, JERICHOWER_LAND), rulebook=registry.rulebook(JERICHOWER_LAND))
    assert "yielded a str, not a Finding" in str(info.value)
    completed = site.run("check", _application(tmp_path, JERICHOWER_LAND))
    return Seen(type(info.value).__name__, completed.returncode)


def ledger_unusable(site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Seen:
    not_a_ledger = tmp_path / "notes.sqlite"
    not_a_ledger.write_bytes(b"these are my notes, not a database")
    with pytest.raises(LedgerError) as info:
        open_ledger(not_a_ledger)
    assert not_a_ledger.read_bytes() == b"these are my notes, not a database"  # untouched
    completed = site.run("ledger", "history", str(not_a_ledger), "WB-1")
    # A ledger that holds no application of that id is refused the same way (regression: it
    # printed an empty history and exited 0).
    ledger = tmp_path / "ledger.sqlite"
    assert site.run("ledger", "create", str(ledger)).returncode == 0
    unknown = site.run("ledger", "history", str(ledger), "WB-404")
    assert unknown.returncode == completed.returncode
    assert "holds no application 'WB-404'" in _err(unknown)
    return Seen(type(info.value).__name__, completed.returncode)


def output_unwritable(site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Seen:
    if not Path("/dev/full").exists():  # pragma: no cover - Linux has it
        pytest.skip("no /dev/full here")
    with open("/dev/full", "wb") as full:
        completed = site.run("example", stdout=full.fileno())
    assert _err(completed) == (
        "schulerfolg: cannot write to standard output: no space left on the device\n"
    )
    return Seen(None, completed.returncode)


def output_reader_gone(site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Seen:
    # Enough ineligible decisions to fill the pipe, of which the reader takes one line.
    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(60):
        _application(folder, BOERDE, id=f"WB-{number:03d}", documents=())
        (folder / "boerde.json").rename(folder / f"{number:03d}.json")
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SCHULERFOLG_")}
    process = subprocess.Popen(
        [sys.executable, "-m", "schulerfolg", "check", str(folder), "--format", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment,
    )
    assert process.stdout is not None
    assert json.loads(process.stdout.readline())["decision"]["outcome"] == "ineligible"
    process.stdout.close()
    err = process.stderr.read() if process.stderr is not None else b""
    process.wait(timeout=60)
    assert "Error" not in err.decode("utf-8"), err
    return Seen(None, process.returncode)


def output_encoding(site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Seen:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SCHULERFOLG_")}
    environment["PYTHONIOENCODING"] = "ascii"
    completed = subprocess.run(
        [sys.executable, "-m", "schulerfolg", "check", _application(tmp_path, BOERDE)],
        capture_output=True,
        env=environment,
        timeout=60,
        check=False,
    )
    # A pipe gets UTF-8 whatever the locale: every character, nothing lost.
    assert "Ergebnis: förderfähig" in completed.stdout.decode("utf-8")
    return Seen(None, completed.returncode)


def interrupted(site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Seen:
    site.install(
        "failure-interrupt",
        {"jerichower-land": "failure_interrupt:plugin"},
        {"failure_interrupt": _valid_plugin("jerichower-land", "stops", "raise KeyboardInterrupt")},
    )
    registry = site.registry(monkeypatch, strict=False, select={})
    with pytest.raises(KeyboardInterrupt) as info:
        evaluate(in_district(EXAMPLE, JERICHOWER_LAND), rulebook=registry.rulebook(JERICHOWER_LAND))
    # The command waits for its document on stdin; Ctrl-C arrives as SIGINT.  Sent while the
    # interpreter is still starting, it interrupts Python itself, not the command: try again,
    # waiting longer (a busy machine starts slowly).
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SCHULERFOLG_")}
    for wait in (1.5, 3.0, 6.0):
        process = subprocess.Popen(
            [sys.executable, "-m", "schulerfolg", "check", "-", "--lang", "en"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=environment,
        )
        time.sleep(wait)
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
        if "Traceback" not in err.decode("utf-8"):
            break
    assert err.decode("utf-8").endswith("schulerfolg: interrupted\n")
    return Seen(type(info.value).__name__, process.returncode)


SCENARIOS: dict[str, Callable[[Site, Path, pytest.MonkeyPatch], Seen]] = {
    "document-invalid": document_invalid,
    "input-unreadable": input_unreadable,
    "no-evaluation-day": no_evaluation_day,
    "parameter-not-in-force": parameter_not_in_force,
    "plugin-unnamed": plugin_unnamed,
    "plugin-import": plugin_import,
    "plugin-claim": plugin_claim,
    "plugin-invalid": plugin_invalid,
    "plugin-conflict": plugin_conflict,
    "plugin-strict": plugin_strict,
    "rule-raises": rule_raises,
    "rule-bad-finding": rule_bad_finding,
    "ledger-unusable": ledger_unusable,
    "output-unwritable": output_unwritable,
    "output-reader-gone": output_reader_gone,
    "output-encoding": output_encoding,
    "interrupted": interrupted,
}


# --------------------------------------------------------------------------------------------
# The table


@attrs.frozen
class Row:
    name: str
    python: str
    command_line: str


def _rows() -> dict[str, Row]:
    rows: dict[str, Row] = {}
    for line in PAGE.read_text(encoding="utf-8").splitlines():
        # Cells split at the pipes that are not escaped (`\|` is a pipe in a cell).
        cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip().strip("|"))]
        if len(cells) == 5 and (match := re.fullmatch(r"`([a-z-]+)`", cells[0])):
            rows[match.group(1)] = Row(name=match.group(1), python=cells[2], command_line=cells[3])
    return rows


ROWS = _rows()


def test_every_row_has_a_scenario_and_every_scenario_a_row() -> None:
    assert list(ROWS) == list(SCENARIOS)


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_the_row_says_what_the_code_does(
    name: str, site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    row = ROWS[name]
    seen = SCENARIOS[name](site, tmp_path, monkeypatch)
    if seen.raised is None:
        assert row.python.startswith("—"), row.python
    else:
        assert f"`{seen.raised}`" in row.python, (seen.raised, row.python)
    exits = re.findall(r"\*\*exit (\d)\*\*", row.command_line)
    if exits:
        # The last exit code a row names is the one its scenario ends with (strict mode, say).
        assert int(exits[-1]) == seen.exit, (row.command_line, seen.exit)
    else:
        by_result = re.search(
            r"exits? by (its|the) result( \(an ineligible application still (\d)\))?",
            row.command_line,
        )
        assert by_result is not None, row.command_line
        assert seen.exit == int(by_result.group(3) or 0), (row.command_line, seen.exit)
