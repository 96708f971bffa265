"""The public surface: three import places with explicit ``__all__``, every public class and
function showing its public home (``__module__``), annotations resolvable there."""

from __future__ import annotations

import inspect
import typing

import pytest

import schulerfolg
import schulerfolg.errors
import schulerfolg.plugins
import schulerfolg.strategies

PUBLIC_MODULES = (schulerfolg, schulerfolg.errors, schulerfolg.plugins, schulerfolg.strategies)
PUBLIC_NAMES = {module.__name__ for module in PUBLIC_MODULES}


def exported() -> list[tuple[str, str, object]]:
    return [
        (module.__name__, name, getattr(module, name))
        for module in PUBLIC_MODULES
        for name in module.__all__
    ]


@pytest.mark.parametrize("module", PUBLIC_MODULES, ids=lambda module: module.__name__)
def test_all_lists_only_what_exists(module: object) -> None:
    for name in module.__all__:  # type: ignore[attr-defined]
        assert hasattr(module, name), name


def test_every_library_class_and_function_shows_its_public_home() -> None:
    wrong = [
        f"{where}.{name}: {obj.__module__}"
        for where, name, obj in exported()
        if (inspect.isclass(obj) or inspect.isfunction(obj))
        and obj.__module__.startswith("schulerfolg")
        and obj.__module__ not in PUBLIC_NAMES
    ]
    assert wrong == []


def test_a_name_exported_twice_is_the_same_object() -> None:
    # The strategies are a namespace of their own (strategies.districts builds districts).
    seen: dict[str, object] = {}
    for where, name, obj in exported():
        if where != "schulerfolg.strategies":
            assert seen.setdefault(name, obj) is obj, name


def test_annotations_of_public_classes_resolve_in_their_public_home() -> None:
    for _, _name, obj in exported():
        if inspect.isclass(obj) and obj.__module__ in PUBLIC_NAMES:
            typing.get_type_hints(obj)  # raises NameError if they cannot be resolved


def test_importing_schulerfolg_does_not_import_hypothesis() -> None:
    import subprocess
    import sys

    code = "import sys, schulerfolg, schulerfolg.plugins; print('hypothesis' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr


def test_public_subpackages_are_attributes_and_classes_show_their_home_whatever_came_first() -> (
    None
):
    # Names are imported on first use (PEP 562); an object from the public API shows its public
    # home even when its class was never asked for by name, and the subpackages are attributes.
    import subprocess
    import sys

    code = (
        "import schulerfolg\n"
        "decision = schulerfolg.evaluate(schulerfolg.example_application())\n"
        "assert type(decision).__module__ == 'schulerfolg', type(decision).__module__\n"
        "assert schulerfolg.errors.DocumentError is schulerfolg.DocumentError\n"
        "assert schulerfolg.plugins.Rule.__module__ == 'schulerfolg.plugins'\n"
        "try:\n"
        "    schulerfolg.no_such_name\n"
        "except AttributeError:\n"
        "    pass\n"
        "else:\n"
        "    raise AssertionError('an unknown name resolved')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
