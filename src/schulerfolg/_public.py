"""Making re-exported names show their public home: ``__module__`` of a public class or function
is set to the public module that owns it, so that reprs, tracebacks and the API docs show
``schulerfolg.Money``, never ``schulerfolg._core.money.Money``.

Annotations are resolved first, in the module that wrote them (``from __future__ import
annotations`` keeps them as text, which is evaluated in the namespace ``__module__`` names).
"""

from __future__ import annotations

import contextlib
import typing
from collections.abc import Iterable, Mapping

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
