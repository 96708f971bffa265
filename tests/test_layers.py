"""Imports flow one way through the layers of the package, and no module imports itself back.

Every import statement of every module under ``src/schulerfolg`` is read from the source (module
level, inside functions and under ``if TYPE_CHECKING:`` alike) and checked against the declared
layer order: a module may import modules of its own layer or of lower layers, never of a higher
one, and the graph of imports between modules has no cycle.  A function-level import is allowed
only with a comment saying why (an optional or expensive dependency).  The last tests plant an
upward import, a cycle and an unexplained function-level import, and show that each is found.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

import schulerfolg

SRC = Path(schulerfolg.__file__).resolve().parent

#: The layers, lowest first; a module belongs to the longest prefix that names it.  Why this
#: order: see docs/architecture.md.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("schulerfolg.errors", "schulerfolg._version", "schulerfolg._public"),
    ("schulerfolg._core",),
    ("schulerfolg._model",),
    ("schulerfolg._wire",),
    ("schulerfolg._directory",),
    ("schulerfolg._parameters",),
    ("schulerfolg._rules",),
    ("schulerfolg._procedure",),
    ("schulerfolg.plugins",),
    ("schulerfolg._reporting",),
    ("schulerfolg._cli", "schulerfolg._docgen"),
    ("schulerfolg",),
    ("schulerfolg.strategies", "schulerfolg.testing", "schulerfolg.__main__"),
)


def module_name(path: Path) -> str:
    """``schulerfolg._rules.rulebook`` for ``src/schulerfolg/_rules/rulebook.py``."""
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def sources() -> dict[str, str]:
    """Every module of the package, by name, with its source text."""
    return {module_name(path): path.read_text(encoding="utf-8") for path in SRC.rglob("*.py")}


def layer_of(module: str) -> int:
    """The index of the layer a module belongs to."""
    best, found = -1, -1
    for index, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best:
                best, found = len(prefix), index
    if found < 0:
        raise AssertionError(f"{module} belongs to no declared layer")
    return found


def _target(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    if node.level == 0:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def imports(
    module: str, source: str, *, is_package: bool = False
) -> Iterator[tuple[str, int, bool]]:
    """``(imported module, line, inside a function)`` for every import of the package's own
    modules; ``from package import name`` counts as importing ``package.name`` if that is a
    module of ours, else ``package``."""
    tree = ast.parse(source)
    functions = [
        node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    ]
    nested = {id(sub) for func in functions for sub in ast.walk(func)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "schulerfolg":
                    yield alias.name, node.lineno, id(node) in nested
        elif isinstance(node, ast.ImportFrom):
            target = _target(node, module, is_package)
            if target.split(".")[0] != "schulerfolg":
                continue
            for alias in node.names:
                yield f"{target}.{alias.name}", node.lineno, id(node) in nested


def violations(modules: Mapping[str, str]) -> list[str]:
    """Every upward import, cycle and unexplained function-level import among ``modules``."""
    found: list[str] = []
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, source in modules.items():
        lines = source.splitlines()
        package = (
            name == "schulerfolg"
            or (SRC / name.removeprefix("schulerfolg.").replace(".", "/") / "__init__.py").exists()
        )
        for target, line, in_function in imports(name, source, is_package=package):
            while target not in modules and "." in target:
                target = target.rsplit(".", 1)[0]  # `from module import name`: the module
            if target == name:
                continue
            if layer_of(target) > layer_of(name):
                found.append(f"{name}:{line} imports {target} from a higher layer")
            if in_function:
                said = lines[line - 1] + (lines[line - 2] if line >= 2 else "")
                if "#" not in said:
                    found.append(f"{name}:{line} imports {target} inside a function, unexplained")
            parent = name if package else name.rsplit(".", 1)[0]
            # A package's own __init__ importing its submodules is how packages work.
            if not target.startswith(parent + ".") or not package:
                graph[name].add(target)
    found.extend(f"import cycle: {' -> '.join(cycle)}" for cycle in _cycles(graph))
    return found


def _cycles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    cycles: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return cycles


def test_every_module_belongs_to_a_layer() -> None:
    for name in sources():
        layer_of(name)


def test_imports_flow_one_way_and_have_no_cycle() -> None:
    assert violations(sources()) == []


def test_the_rules_layer_never_discovers_plugins() -> None:
    rules = {
        name: text for name, text in sources().items() if name.startswith("schulerfolg._rules")
    }
    assert rules
    for name, text in rules.items():
        assert all(
            not target.startswith("schulerfolg.plugins") for target, _, _ in imports(name, text)
        )


def planted(name: str, line: str) -> dict[str, str]:
    """The package's modules with ``line`` added to module ``name``."""
    modules = sources()
    modules[name] = modules[name] + "\n" + line + "\n"
    return modules


def test_a_planted_upward_import_is_found() -> None:
    # The engine choosing a district's rulebook itself: the cycle issue #7 removed.
    modules = planted(
        "schulerfolg._rules.evaluation",
        "def _default(key):\n"
        "    # the default rulebook\n"
        "    from schulerfolg.plugins import rulebook_for\n"
        "    return rulebook_for(key)",
    )
    found = violations(modules)
    assert any(
        "schulerfolg._rules.evaluation" in item
        and "schulerfolg.plugins" in item
        and "higher layer" in item
        for item in found
    ), found


def test_a_planted_module_level_upward_import_is_found() -> None:
    found = violations(
        planted("schulerfolg._core.money", "from schulerfolg._model.enums import Module")
    )
    assert found == [
        f"schulerfolg._core.money:{len(sources()['schulerfolg._core.money'].splitlines()) + 2} "
        "imports schulerfolg._model.enums from a higher layer"
    ]


def test_a_planted_cycle_is_found() -> None:
    found = violations(
        planted("schulerfolg._rules.findings", "from schulerfolg._rules import evaluation")
    )
    assert any(
        item.startswith("import cycle:") and "schulerfolg._rules.findings" in item for item in found
    ), found


def test_an_unexplained_function_level_import_is_found() -> None:
    found = violations(
        planted(
            "schulerfolg._rules.evaluation",
            "def _late():\n    from schulerfolg._core import money\n    return money",
        )
    )
    assert any("inside a function, unexplained" in item for item in found), found


@pytest.mark.parametrize(
    ("module", "expected"),
    [
        ("schulerfolg.errors", 0),
        ("schulerfolg._core.money", 1),
        ("schulerfolg._rules.state.cap", 6),
        ("schulerfolg.plugins._registry", 8),
        ("schulerfolg", 11),
        ("schulerfolg.strategies._basics", 12),
    ],
)
def test_layer_of(module: str, expected: int) -> None:
    assert layer_of(module) == expected
