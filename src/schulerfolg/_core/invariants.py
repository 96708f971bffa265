"""Invariants of immutable objects: every broken invariant of an object reported together.

A class mixes in :class:`Checked` and yields ``(field, message)`` pairs from ``_problems``; the
mixin raises them all at once as one :class:`~schulerfolg.errors.InvariantError` whose
problems carry the field as a path relative to the object (``$.end``).
"""

from __future__ import annotations

import decimal
from collections import Counter
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import ClassVar, Final

from schulerfolg._core.i18n import N_
from schulerfolg._core.money import Money, shown_amount
from schulerfolg.errors import InvariantError, Problem, Text

#: What ``_problems`` yields: the offending field (``"end"``, ``"cost_plan[2].amount"``) and why
#: (a :class:`~schulerfolg.errors.Text`, to be shown in the reader's language; or plain English).
Problems = Iterator[tuple[str, Text | str]]

#: Digits kept when adding shares exactly; a sum needing more is certainly not exactly 1.
_EXACT_DIGITS: Final = 100


def as_problems(problems: Iterable[tuple[str, Text | str]]) -> list[Problem]:
    """``(field, message)`` pairs as problems with paths relative to the object (a message
    given as a :class:`~schulerfolg.errors.Text` is kept for readers of other languages)."""
    return [Problem.of(f"$.{field}", message) for field, message in problems]


class Checked:
    """Mixin: after ``__init__``, check the text fields named in ``_not_blank`` and run
    ``_problems``; raise every problem at once."""

    __slots__ = ()

    #: Text fields that must not be blank (``None`` is fine where the field allows it).
    _not_blank: ClassVar[tuple[str, ...]] = ()
    #: Whether the class checks more than blank text (it overrides ``_problems``).
    _more_checks: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        cls._more_checks = cls._problems is not Checked._problems

    def __attrs_post_init__(self) -> None:
        # The common case — nothing wrong — builds no generator and no list.
        for name in self._not_blank:
            value = getattr(self, name)
            if isinstance(value, str) and not value.strip():
                break
        else:
            if not self._more_checks:
                return
            problems = self._problems()
            first = next(problems, None)
            if first is None:
                return
        found = [*blank(self, *self._not_blank), *self._problems()]
        raise InvariantError(type(self).__name__, as_problems(found))

    def _problems(self) -> Problems:
        """Problems beyond blank text; a class that has any overrides this."""
        return iter(())


def blank(obj: object, *names: str) -> Problems:
    for name in names:
        value = getattr(obj, name)
        if isinstance(value, str) and not value.strip():
            yield name, Text(N_("must not be empty"))


def blank_items(name: str, values: Iterable[str]) -> Problems:
    for index, value in enumerate(values):
        if not value.strip():
            yield f"{name}[{index}]", Text(N_("must not be empty"))


def duplicates(name: str, values: Iterable[object]) -> Problems:
    items = tuple(values)
    if len(set(items)) == len(items):  # the common case, without counting
        return
    repeated = sorted(str(v) for v, n in Counter(items).items() if n > 1)
    if repeated:
        yield name, Text(N_("listed more than once: {items}"), {"items": ", ".join(repeated)})


def exact_sum(*values: Decimal) -> Decimal | None:
    """Add exactly, whatever the caller's decimal context; ``None`` if the sum cannot be held
    exactly (too many digits, or too large), which also means it is not a small number like 1."""
    context = decimal.Context(
        prec=_EXACT_DIGITS, traps=[decimal.Inexact, decimal.Overflow, decimal.InvalidOperation]
    )
    total = Decimal(0)
    try:
        for value in values:
            total = context.add(total, value)
    except decimal.DecimalException:
        return None
    return total


def not_negative(name: str, amount: Money) -> Problems:
    if amount.is_negative():
        yield name, Text(N_("must not be negative: {amount}"), {"amount": shown_amount(amount)})
