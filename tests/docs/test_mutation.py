"""Mutation testing (docs/mutation.md, tools/mutation.py): the page names every equivalent
survivor the list holds, and its table of scores covers the modules mutmut mutates; the
script reads its module names and the list as the page says."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "mutation.md"


def _tool() -> ModuleType:
    name = "schulerfolg_mutation_tool"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / "mutation.py")
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up while it is executed
        spec.loader.exec_module(module)
    return sys.modules[name]


def _score_rows() -> dict[str, list[str]]:
    """The rows of the page's table of scores, by module."""
    text = PAGE.read_text(encoding="utf-8").split("## Scores", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("| `") and len(cells) == 8:
            rows[cells[0].strip("`")] = cells[1:]
    return rows


def test_the_page_names_every_equivalent_survivor_with_its_function() -> None:
    page = PAGE.read_text(encoding="utf-8").splitlines()
    equivalents = _tool().load_equivalents()
    assert equivalents
    for entry in equivalents:
        change = entry.change
        mutant = " ".join(change.added)
        rows = [
            line
            for line in page
            if line.startswith(f"| `{change.function}` |") and f"`{mutant}`" in line
        ]
        assert len(rows) == 1, f"docs/mutation.md does not list {change} once"
        heading = f"### `{change.module}`"
        assert heading in page, heading
        # ... in the section of its module.
        section = page[page.index(heading) + 1 :]
        section = section[: next((i for i, s in enumerate(section) if s.startswith("#")), None)]
        assert rows[0] in section, f"{change} is not under {heading}"


def test_the_table_of_scores_covers_every_module_and_counts_its_equivalents() -> None:
    tool = _tool()
    rows = _score_rows()
    assert list(rows) == tool.configured_modules()
    listed = Counter(entry.change.module for entry in tool.load_equivalents())
    for module, (mutants, killed, timeout, survived, equivalent, other, score) in rows.items():
        assert int(equivalent) == listed[module], module
        counted = [int(n) for n in (killed, timeout, survived, equivalent, other)]
        assert sum(counted) == int(mutants), module
        judged = int(mutants) - int(equivalent)
        assert score == f"{100 * (int(killed) + int(timeout)) / judged:.1f} %", module


def test_every_listed_equivalent_belongs_to_a_mutated_module_and_has_a_reason() -> None:
    tool = _tool()
    modules = set(tool.configured_modules())
    entries = tool.load_equivalents()
    assert len({entry.change for entry in entries}) == len(entries), "listed twice"
    for entry in entries:
        assert entry.change.module in modules
        assert entry.change.removed
        assert entry.change.added
        assert len(entry.reason) > 20


@pytest.mark.parametrize(
    ("mutant", "function"),
    [
        ("schulerfolg._rules.caps.x_assess__mutmut_20", "assess"),
        ("schulerfolg._rules.layering.x__rule_problems__mutmut_150", "_rule_problems"),
        ("schulerfolg._rules.rulebook.xǁRulebookǁtranslations__mutmut_8", "Rulebook.translations"),
        ("schulerfolg._rules.trace.xǁRuleUseǁ__wire_form____mutmut_2", "RuleUse.__wire_form__"),
    ],
)
def test_a_mutants_function_is_named_as_the_list_names_it(mutant: str, function: str) -> None:
    assert _tool().function_of(mutant) == function


def test_modules_are_chosen_by_path_or_unique_file_name() -> None:
    tool = _tool()
    modules = tool.configured_modules()
    assert tool.select(
        ["caps", "_rules/state/cap.py", "src/schulerfolg/_rules/layering.py"], modules
    ) == [
        "_rules/caps.py",
        "_rules/state/cap.py",
        "_rules/layering.py",
    ]
    assert tool.dotted("_rules/state/cap.py") == "schulerfolg._rules.state.cap"
    assert tool.module_of("schulerfolg._rules.state.cap.x__check_cap__mutmut_1", modules) == (
        "_rules/state/cap.py"
    )
    assert tool.module_of("schulerfolg._rules.caps.x_within__mutmut_8", modules) == "_rules/caps.py"
    for wrong in ("nosuch", "codes"):
        with pytest.raises(SystemExit, match="is not a module mutmut mutates"):
            tool.select([wrong], modules)
