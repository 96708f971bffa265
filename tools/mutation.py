"""Mutation testing as a repeatable check (docs/mutation.md).

Runs mutmut over the modules listed in ``[tool.mutmut] only_mutate`` of pyproject.toml (the
state-wide rules, the layering, the evaluation and its trace, the cap arithmetic and the award
ledger it reads, and the plugin registry), then prints a table per module: mutants, killed,
timeouts, surviving, equivalent, other (no test reaches the mutant, …) and the score, and exits
1 if any module scores below the threshold (90 %).

    python tools/mutation.py                      # every module, from a clean mutants/ folder
    python tools/mutation.py _rules/caps.py       # only these modules (paths under
    python tools/mutation.py caps layering        #   src/schulerfolg/, or a unique file name)
    python tools/mutation.py --keep               # reuse mutants/: re-test changed functions

The score of a module is (killed + timeouts) / (mutants - equivalent).  A surviving mutant is
*equivalent* when no test can tell it from the original, because nothing a caller can observe
changes; each one is listed in tools/mutation-equivalent.toml with its reason, matched by
module, function and the changed lines (not by mutmut's mutant number, which shifts when the
function changes).  A listed mutant that no longer survives is reported, so the list stays
current.

Run it from the repository's virtual environment with the dev extra installed (mutmut comes
with it).  It sets HYPOTHESIS_PROFILE=dev and runs two workers (``--max-children``).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = Path("src/schulerfolg")
EQUIVALENT_FILE = ROOT / "tools" / "mutation-equivalent.toml"
MUTANTS = ROOT / "mutants"
THRESHOLD = 90.0

#: mutmut's statuses, as ``mutmut results`` prints them, by the column they count in.
KILLED = {"killed"}
TIMEOUT = {"timeout"}
SURVIVED = {"survived"}


@dataclass(frozen=True)
class Change:
    """One mutant as the equivalence list names it: module, function and changed lines."""

    module: str  # path under src/schulerfolg, e.g. "_rules/caps.py"
    function: str  # "assess", or "Rulebook.translations" for a method
    removed: tuple[str, ...]
    added: tuple[str, ...]


@dataclass(frozen=True)
class Equivalent:
    change: Change
    reason: str


@dataclass
class Row:
    module: str
    mutants: int = 0
    killed: int = 0
    timeout: int = 0
    survived: int = 0
    equivalent: int = 0
    other: int = 0

    @property
    def score(self) -> float:
        judged = self.mutants - self.equivalent
        return 100.0 if judged == 0 else 100.0 * (self.killed + self.timeout) / judged


# --------------------------------------------------------------------------------------------
# Configuration


def configured_modules() -> list[str]:
    """The modules mutmut mutates (``only_mutate``), as paths under src/schulerfolg."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["mutmut"]["only_mutate"]
    modules: list[str] = []
    for pattern in patterns:
        for path in sorted(ROOT.glob(pattern)):
            relative = path.relative_to(ROOT / PACKAGE).as_posix()
            if relative not in modules:
                modules.append(relative)
    return modules


def select(requested: Sequence[str], modules: Sequence[str]) -> list[str]:
    """The modules named on the command line: a path under src/schulerfolg (with or without
    that prefix), or a file name (``caps``, ``caps.py``) that names one module only."""
    chosen: list[str] = []
    for name in requested:
        text = name.removeprefix(f"{PACKAGE.as_posix()}/")
        text = text if text.endswith(".py") else f"{text}.py"
        found = [m for m in modules if m == text or m.endswith(f"/{text}")]
        if len(found) != 1:
            known = ", ".join(modules)
            what = "names several modules" if found else "is not a module mutmut mutates"
            raise SystemExit(f"{name!r} {what}; the modules are: {known}")
        if found[0] not in chosen:
            chosen.append(found[0])
    return chosen


def dotted(module: str) -> str:
    """``_rules/caps.py`` -> ``schulerfolg._rules.caps`` (mutmut's name for the module)."""
    return "schulerfolg." + module.removesuffix(".py").replace("/", ".").removesuffix(".__init__")


def load_equivalents(path: Path = EQUIVALENT_FILE) -> list[Equivalent]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    entries = []
    for index, entry in enumerate(data.get("equivalent", [])):
        missing = {"module", "function", "removed", "added", "reason"} - set(entry)
        if missing:
            raise SystemExit(f"{path.name}: entry {index + 1} lacks {sorted(missing)}")
        change = Change(
            module=entry["module"],
            function=entry["function"],
            removed=_lines(entry["removed"]),
            added=_lines(entry["added"]),
        )
        entries.append(Equivalent(change=change, reason=" ".join(entry["reason"].split())))
    return entries


def _lines(text: str) -> tuple[str, ...]:
    """The non-blank lines of ``text``, each with its white space normalised."""
    return tuple(" ".join(line.split()) for line in text.splitlines() if line.strip())


# --------------------------------------------------------------------------------------------
# Running mutmut


def mutmut_command() -> list[str]:
    beside = Path(sys.executable).with_name("mutmut")
    found = str(beside) if beside.exists() else shutil.which("mutmut")
    if found is None:
        raise SystemExit("mutmut is not installed: pip install -e '.[dev]'")
    return [found]


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env["HYPOTHESIS_PROFILE"] = "dev"
    return env


def run_mutmut(selected: Sequence[str], everything: bool, max_children: int) -> None:
    """Run mutmut, its output going to mutants/mutmut-run.log; progress every half minute."""
    command = [*mutmut_command(), "run", "--max-children", str(max_children)]
    if not everything:
        command += [f"{dotted(module)}.*" for module in selected]
    print("$", " ".join(command), flush=True)
    MUTANTS.mkdir(exist_ok=True)
    log = MUTANTS / "mutmut-run.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=ROOT, env=environment(), stdout=out, stderr=subprocess.STDOUT
        )
        while True:
            try:
                process.wait(timeout=30)
                break
            except subprocess.TimeoutExpired:
                print(progress(log), flush=True)
            except KeyboardInterrupt:
                process.terminate()
                process.wait()
                raise
    if process.returncode != 0:
        tail = log.read_bytes()[-3000:].decode("utf-8", "replace")
        print(tail.replace("\r", "\n")[-2000:], file=sys.stderr)
        raise SystemExit(f"mutmut run failed (exit {process.returncode}); its output: {log}")


#: mutmut's progress line: "⠸ 1234/2040  🎉 1100 🫥 2  ⏰ 0  🤔 0  🙁 50 ...".
PROGRESS = re.compile(r"(\d+)/(\d+)\s+🎉 (\d+)\D+(\d+)\D+(\d+)\D+(\d+)\D+(\d+)")


def progress(log: Path) -> str:
    with log.open("rb") as handle:
        handle.seek(max(0, log.stat().st_size - 400))
        tail = handle.read().decode("utf-8", "replace")
    found = PROGRESS.findall(tail)
    if not found:
        return "  mutmut: preparing (copying, collecting which tests reach which function)"
    done, total, killed, _, _, _, survived = found[-1]
    return f"  mutmut: {done}/{total} mutants tested, {killed} killed, {survived} survived"


def results() -> dict[str, str]:
    """Every mutant's status, by mutant name (``mutmut results --all true``)."""
    command = [*mutmut_command(), "results", "--all", "true"]
    text = subprocess.run(
        command, cwd=ROOT, env=environment(), check=True, capture_output=True, text=True
    ).stdout
    statuses = {}
    for line in text.splitlines():
        name, _, status = line.strip().rpartition(": ")
        if name:
            statuses[name] = status
    return statuses


def change_of(name: str, module: str) -> Change:
    """The mutant's module, function and changed lines (``mutmut show``)."""
    command = [*mutmut_command(), "show", name]
    diff = subprocess.run(
        command, cwd=ROOT, env=environment(), check=True, capture_output=True, text=True
    ).stdout
    body = [line for line in diff.splitlines() if not line.startswith(("---", "+++", "# "))]
    removed = [line[1:] for line in body if line.startswith("-")]
    added = [line[1:] for line in body if line.startswith("+")]
    return Change(
        module=module,
        function=function_of(name),
        removed=_lines("\n".join(removed)),
        added=_lines("\n".join(added)),
    )


def function_of(name: str) -> str:
    """``…caps.x_assess__mutmut_3`` -> ``assess``; ``…xǁRulebookǁuse__mutmut_3`` ->
    ``Rulebook.use``."""
    mangled = name.rpartition("__mutmut_")[0].rpartition(".")[2]
    if mangled.startswith("xǁ"):
        _, cls, method = mangled.split("ǁ", 2)
        return f"{cls}.{method}"
    return mangled.removeprefix("x_")


def module_of(name: str, selected: Iterable[str]) -> str | None:
    for module in selected:
        if re.match(re.escape(dotted(module)) + r"\.x[_ǁ]", name):
            return module
    return None


# --------------------------------------------------------------------------------------------
# The report


def tally(
    statuses: dict[str, str], selected: Sequence[str], equivalents: Sequence[Equivalent]
) -> tuple[list[Row], list[tuple[str, Change]], list[Equivalent]]:
    """Rows per module, the surviving mutants that are not listed as equivalent, and the
    listed equivalents that matched no survivor."""
    rows = {module: Row(module=module) for module in selected}
    listed = Counter(e.change for e in equivalents)
    matched: Counter[Change] = Counter()
    open_survivors: list[tuple[str, Change]] = []
    for name, status in sorted(statuses.items()):
        module = module_of(name, selected)
        if module is None:
            continue
        row = rows[module]
        row.mutants += 1
        if status in KILLED:
            row.killed += 1
        elif status in TIMEOUT:
            row.timeout += 1
        elif status in SURVIVED:
            change = change_of(name, module)
            if listed[change] > 0:
                row.equivalent += 1
                matched[change] += 1
            else:
                row.survived += 1
                open_survivors.append((name, change))
        else:
            row.other += 1
    stale = [e for e in equivalents if e.change.module in rows and not matched[e.change]]
    return [rows[m] for m in selected], open_survivors, stale


def table(rows: Sequence[Row]) -> str:
    head = "| module | mutants | killed | timeout | survived | equivalent | other | score |"
    lines = [head, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in rows:
        lines.append(
            f"| `{r.module}` | {r.mutants} | {r.killed} | {r.timeout} | {r.survived} | "
            f"{r.equivalent} | {r.other} | {r.score:.1f} % |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Mutation testing of the rules, layering, evaluation, caps and registry."
    )
    parser.add_argument("modules", nargs="*", metavar="MODULE", help="default: every module")
    parser.add_argument(
        "--keep", action="store_true", help="reuse mutants/ from the last run (incremental)"
    )
    parser.add_argument("--max-children", type=int, default=2, help="parallel workers (2)")
    parser.add_argument("--threshold", type=float, default=THRESHOLD, help="minimum score (90)")
    args = parser.parse_args(argv)

    os.chdir(ROOT)
    modules = configured_modules()
    selected = select(args.modules, modules) if args.modules else modules
    equivalents = load_equivalents()
    unknown = sorted({e.change.module for e in equivalents} - set(modules))
    if unknown:
        raise SystemExit(f"{EQUIVALENT_FILE.name} names modules mutmut does not mutate: {unknown}")

    started = time.monotonic()
    if not args.keep and MUTANTS.exists():
        shutil.rmtree(MUTANTS)
    # A clean folder runs every mutant; with --keep, naming modules re-runs all of theirs.
    run_mutmut(selected, everything=not args.modules, max_children=args.max_children)
    rows, open_survivors, stale = tally(results(), selected, equivalents)
    minutes, seconds = divmod(round(time.monotonic() - started), 60)

    print()
    if open_survivors:
        print("Surviving mutants (kill them with a test, or list them as equivalent):")
        for name, change in open_survivors:
            print(f"  {name}  ({change.module}, {change.function})")
            for line in change.removed:
                print(f"    - {line}")
            for line in change.added:
                print(f"    + {line}")
        print()
    for entry in stale:
        change = entry.change
        print(
            f"warning: {EQUIVALENT_FILE.name}: no surviving mutant of {change.module} "
            f"{change.function} matches {' / '.join(change.added) or '(removal)'!r} any more "
            "(killed, changed or gone): update the list",
            file=sys.stderr,
        )
    print(table(rows))
    count = f"{len(selected)} module" + ("" if len(selected) == 1 else "s")
    print(f"\n{count} in {minutes} min {seconds:02d} s")
    low = [row.module for row in rows if row.score < args.threshold]
    if low:
        print(f"below {args.threshold:g} %: {', '.join(low)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
