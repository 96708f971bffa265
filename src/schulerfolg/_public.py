"""Making re-exported names show their public home: ``__module__`` of a public class or function
is set to the public module that owns it, so that reprs, tracebacks and the API docs show
``schulerfolg.Money``, never ``schulerfolg._core.money.Money``.

Annotations are resolved first, in the module that wrote them (``from __future__ import
annotations`` keeps them as text, which is evaluated in the namespace ``__module__`` names).
"""

from __future__ import annotations

import contextlib
import importlib
import sys
import typing
from collections.abc import Callable, Iterable, Mapping

import attrs


def _private(module: str) -> bool:
    parts = module.split(".")
    return parts[0] == "schulerfolg" and any(part.startswith("_") for part in parts[1:])


def claim(module: str, namespace: Mapping[str, object], names: Iterable[str]) -> None:
    """Set ``__module__`` of each class and function among ``names`` that a private module of
    :mod:`schulerfolg` defines to ``module``, after resolving its annotations."""
    owned = [
        namespace[name]
        for name in names
        if (isinstance(namespace[name], type) or callable(namespace[name]))
        and _private(getattr(namespace[name], "__module__", None) or "")
    ]
    for obj in owned:
        if isinstance(obj, type) and attrs.has(obj):
            attrs.resolve_types(obj)
        # Where a hint cannot be resolved, the annotations stay as written.
        with contextlib.suppress(NameError, TypeError, AttributeError):
            obj.__annotations__ = typing.get_type_hints(obj)
    for obj in owned:
        obj.__module__ = module


def exports_of(
    namespace: str, exports: Mapping[str, str]
) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """A module's ``__getattr__`` and ``__dir__`` for names imported on first use (PEP 562).

    ``exports`` maps each public name to ``"module"`` or ``"module:attribute"`` (where the name
    is an alias).  A public module then costs nothing until a name is asked for: the command
    line imports only what its command needs.  A name first asked for is set in the module's
    namespace (so the next lookup is a plain one); with it, every exported name whose private
    module is imported by then is claimed for ``namespace`` as :func:`claim` does — so an object
    obtained through the public API shows its public home whichever name was asked for first.
    A name this namespace shares with another public module is given as that module (e.g.
    ``"schulerfolg"``), which stays its public home.  A public subpackage (``errors``,
    ``plugins``) is reached as an attribute too, as a package's submodules are.
    """
    settled: set[str] = set()

    def resolve(name: str) -> object:
        module, _, attribute = exports[name].partition(":")
        value = getattr(importlib.import_module(module), attribute or name)
        claim(namespace, {name: value}, [name])
        setattr(sys.modules[namespace], name, value)
        settled.add(name)
        return value

    def getattr_(name: str) -> object:
        if name not in exports:
            if not name.startswith("_"):
                try:
                    return importlib.import_module(f"{namespace}.{name}")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{namespace}.{name}":
                        raise
            raise AttributeError(f"module {namespace!r} has no attribute {name!r}")
        value = resolve(name)
        for other, target in exports.items():
            module = target.partition(":")[0]
            if other not in settled and _private(module) and module in sys.modules:
                resolve(other)
        return value

    def dir_() -> list[str]:
        return sorted(set(vars(sys.modules[namespace])) | set(exports))

    return getattr_, dir_
