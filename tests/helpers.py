"""Plain helpers shared by the test modules (``from helpers import ...``; ``tests`` is on the
import path through ``pythonpath`` in pyproject.toml).  Fixtures live in ``conftest.py``."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import pytest

import schulerfolg
from schulerfolg import Application, InvariantError, SchulerfolgError, to_dict, to_json
from schulerfolg._cli.main import main
from schulerfolg._core.invariants import Checked
from schulerfolg.plugins import (
    DistrictPlugin,
    PluginRegistry,
    PluginReport,
    load_declarative_plugin,
    reset_plugin_cache,
)

#: The plugin distributions the plugin tests need, with the versions they expect; install them
#: from the repository root with ``pip install -r tests/plugin-dists.txt``.
TEST_DISTRIBUTIONS = {
    "schulerfolg-harz": "1.0.0",
    "schulerfolg-test-broken": "0.0.1",
    "schulerfolg-test-duplicate": "0.0.1",
}
INSTALL_HINT = "run `pip install -r tests/plugin-dists.txt` from the repository root"
BOERDE = "15083"
#: The built-in district plugins: TOML files in schulerfolg/plugins/builtin/, by entry point.
BUILT_INS = (
    "altmarkkreis-salzwedel",
    "burgenlandkreis",
    "dessau-rosslau",
    "magdeburg",
    "salzlandkreis",
    "stendal",
    "wittenberg",
)
BUILT_IN_DIR = Path(schulerfolg.__file__).parent / "plugins" / "builtin"


def in_district(application: Application, key: str, **changes: Any) -> Application:
    """``application`` moved to the district ``key`` (its schools too), with ``changes``."""
    target = schulerfolg.district(key)
    return attrs.evolve(
        application,
        district=target,
        schools=tuple(attrs.evolve(school, district=target) for school in application.schools),
        **changes,
    )


def built_in_plugin(name: str) -> DistrictPlugin:
    """The built-in plugin ``name`` (e.g. ``"dessau-rosslau"``), read from its TOML file."""
    return load_declarative_plugin(BUILT_IN_DIR / f"{name}.toml")


def reports_by_name(registry: PluginRegistry) -> dict[str, PluginReport]:
    return {report.name: report for report in registry.reports}


#: The prefix of the modules a :class:`PluginSite` installs (the ``plugin_site`` fixture of
#: ``tests/plugins`` forgets them after each test).
PROBE_PREFIX = "registry_probe_"


def probe_module(district: str, name: str, extra: str = "", *, delay: float = 0.0) -> str:
    """The source of a plugin module: ``plugin()`` returns a ``DistrictPlugin`` for ``district``
    named ``name`` (with ``extra``: more keyword arguments, as source text), and records each
    call in the module's list ``calls`` (after sleeping ``delay`` seconds)."""
    return (
        "import time\n"
        "from schulerfolg.plugins import DistrictPlugin\n"
        "calls = []\n"
        "def plugin():\n"
        "    calls.append(1)\n"
        f"    time.sleep({delay!r})\n"
        f"    return DistrictPlugin(api_version=1, district={district!r}, name={name!r}, {extra})\n"
    )


class PluginSite:
    """A folder of installed plugin distributions (``*.dist-info`` folders with entry points of
    the group ``schulerfolg.plugins``, and the modules they name) — real metadata, as pip leaves
    it, read by :meth:`PluginRegistry.discover` once the folder is on ``sys.path``."""

    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.root = root
        self.monkeypatch = monkeypatch
        root.mkdir(parents=True, exist_ok=True)

    def install(
        self,
        distribution: str,
        entry_points: dict[str, str],
        modules: dict[str, str] | None = None,
        version: str = "1.0",
    ) -> None:
        """Install ``distribution`` with these entry points (name → value) and modules (name
        without :data:`PROBE_PREFIX` → source; an entry point's value names them with it)."""
        info = self.root / f"{distribution.replace('-', '_')}-{version}.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: {distribution}\nVersion: {version}\n", encoding="utf-8"
        )
        lines = "".join(f"{name} = {value}\n" for name, value in entry_points.items())
        (info / "entry_points.txt").write_text(f"[schulerfolg.plugins]\n{lines}", encoding="utf-8")
        for module, source in (modules or {}).items():
            (self.root / f"{PROBE_PREFIX}{module}.py").write_text(source, encoding="utf-8")

    def use(self) -> None:
        """Make this folder the only place plugins are installed (for the rest of the test):
        every other folder on ``sys.path`` that holds distributions is left out (the library's
        built-in plugins and the test distributions too)."""
        kept = [entry for entry in sys.path if not _holds_distributions(entry)]
        self.monkeypatch.setattr(sys, "path", [str(self.root), *kept])
        reset_plugin_cache()

    def discover(self, **options: Any) -> PluginRegistry:
        """The registry a program builds with this folder as the only place plugins are
        installed (:meth:`use`)."""
        self.use()
        return PluginRegistry.discover(**options)

    @staticmethod
    def module(name: str) -> ModuleType | None:
        """The installed module ``name`` if it has been imported, else ``None``."""
        return sys.modules.get(f"{PROBE_PREFIX}{name}")


def _holds_distributions(entry: str) -> bool:
    try:
        return any(name.endswith(".dist-info") for name in os.listdir(entry or "."))
    except OSError:
        return False


@attrs.frozen
class Result:
    """What one run of the command line left: exit code, stdout and stderr."""

    code: int
    out: str
    err: str

    @property
    def all(self) -> str:
        return self.out + self.err


def run(*argv: str, stdin: str | bytes = "") -> Result:
    """Run the CLI's ``main`` in-process; bytes on stdin arrive through a binary buffer like a
    real pipe."""
    stream: io.TextIOBase
    if isinstance(stdin, bytes):
        stream = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    else:
        stream = io.StringIO(stdin)
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdin=stream, stdout=out, stderr=err)
    return Result(code, out.getvalue(), err.getvalue())


def run_process(
    *argv: str,
    stdin: bytes = b"",
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
) -> Result:
    """Run ``python -m schulerfolg`` in a fresh interpreter.

    Without ``env`` the process inherits this one's environment; with ``env`` it gets this
    environment without any SCHULERFOLG_* setting, plus ``env``.
    """
    environment = dict(os.environ)
    if env is not None:
        environment = {k: v for k, v in environment.items() if not k.startswith("SCHULERFOLG_")}
        environment.update(env)
    environment["PYTHONIOENCODING"] = "utf-8"
    completed = subprocess.run(
        [sys.executable, "-m", "schulerfolg", *argv],
        input=stdin,
        capture_output=True,
        timeout=60,
        cwd=cwd,
        env=environment,
        check=False,
    )
    return Result(
        completed.returncode, completed.stdout.decode("utf-8"), completed.stderr.decode("utf-8")
    )


def write_application(tmp_path: Path, application: Application) -> str:
    """``application`` as a JSON file in ``tmp_path`` (named after its district); its path."""
    path = tmp_path / f"{application.district.slug}.json"
    path.write_text(to_json(application), encoding="utf-8")
    return str(path)


def assert_no_traceback(result: Result, captured: pytest.CaptureFixture[str] | None = None) -> None:
    """No traceback in the result, nor (given ``capsys``) on the process's own streams."""
    assert "Traceback" not in result.all
    if captured is not None:
        seen = captured.readouterr()
        assert "Traceback" not in seen.out + seen.err


def only_plugin_warnings(err: str) -> bool:
    """True if stderr holds nothing but warnings about plugins that were left out."""
    return all(
        line.startswith(
            (
                "schulerfolg: warning: plugin left out: ",
                "schulerfolg: Warnung: Plugin nicht verwendet: ",
            )
        )
        for line in err.splitlines()
    )


def boerde_text(**changes: Any) -> str:
    """The bundled example moved to Börde, as JSON text, with top-level ``changes`` (any JSON,
    also invalid values)."""
    document = to_dict(in_district(schulerfolg.example_application(), BOERDE))
    document.update(changes)
    return json.dumps(document, ensure_ascii=False)


def over_the_cap() -> str:
    """A Börde application of 2,100 EUR in 2025: over the 2,000 EUR cap per calendar year."""
    return boerde_text(
        cost_plan=[
            {
                "description": "Honorar",
                "amount": "1500.00",
                "calendar_year": 2025,
                "incurred_on": None,
            },
            {
                "description": "Material",
                "amount": "600.00",
                "calendar_year": 2025,
                "incurred_on": "2025-10-01",
            },
        ],
        requested_amount="2100.00",
    )


def checked_classes(module: ModuleType) -> set[str]:
    """The classes ``module`` itself defines that check invariants: ``Checked`` subclasses with
    their own ``_problems`` or text fields that must not be blank."""

    def defined_here(cls: type) -> bool:
        # `__module__` names the public home; attrs named the generated `__init__` after the
        # module that defined the class.
        code = getattr(cls.__init__, "__code__", None)
        return code is not None and f" {module.__name__}." in code.co_filename

    return {
        name
        for name, cls in vars(module).items()
        if isinstance(cls, type)
        and issubclass(cls, Checked)
        and defined_here(cls)
        and ("_problems" in vars(cls) or bool(vars(cls).get("_not_blank")))
    }


# --------------------------------------------------------------------------------------------
# The shared invariant tests of the model's modules


def invariant_tests(
    valid: dict[str, Callable[[], Any]],
    broken: list[tuple[str, dict[str, Any], str]],
    module: ModuleType | None = None,
) -> tuple[Callable[..., None], ...]:
    """The tests every module of immutable checked classes passes: valid objects build and
    rebuild, each broken invariant raises naming its field, every checked class of ``module``
    has cases, and objects are frozen and keyword-only.  Assign the result to the module's
    ``test_…`` names."""

    @pytest.mark.parametrize("name", sorted(valid))
    def test_valid_objects_build(name: str) -> None:
        obj = valid[name]()
        assert type(obj).__name__ == name
        assert attrs.evolve(obj) == obj  # rebuilding re-checks and gives an equal object

    @pytest.mark.parametrize(
        ("name", "changes", "field"),
        broken,
        ids=[f"{name}-{field}-{i}" for i, (name, _, field) in enumerate(broken)],
    )
    def test_broken_invariant_names_the_field(
        name: str, changes: dict[str, Any], field: str
    ) -> None:
        with pytest.raises(InvariantError) as excinfo:
            attrs.evolve(valid[name](), **changes)
        error = excinfo.value
        assert error.cls_name == name
        assert field in error.fields
        assert all(isinstance(p.message, str) and p.message for p in error.problems)
        assert all(p.path.startswith("$.") and p.code == "invalid" for p in error.problems)
        assert f"{field}: " in str(error)
        assert isinstance(error, SchulerfolgError)
        assert isinstance(error, ValueError)

    def test_every_model_class_has_invariant_cases() -> None:
        assert {name for name, _, _ in broken} == set(valid)
        if module is not None:
            assert set(valid) == checked_classes(module)

    @pytest.mark.parametrize("name", sorted(valid))
    def test_objects_are_frozen(name: str) -> None:
        obj = valid[name]()
        first_field = attrs.fields(type(obj))[0].name
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            setattr(obj, first_field, getattr(obj, first_field))

    @pytest.mark.parametrize("name", sorted(valid))
    def test_objects_are_keyword_only(name: str) -> None:
        obj = valid[name]()
        values = [getattr(obj, field.name) for field in attrs.fields(type(obj))]
        with pytest.raises(TypeError):
            type(obj)(*values)
        assert type(obj)(**attrs.asdict(obj, recurse=False)) == obj

    return (
        test_valid_objects_build,
        test_broken_invariant_names_the_field,
        test_every_model_class_has_invariant_cases,
        test_objects_are_frozen,
        test_objects_are_keyword_only,
    )
