"""Invariants of immutable objects: every broken invariant of an object reported together.

A class mixes in :class:`Checked` and yields ``(field, message)`` pairs from ``_problems``; the
mixin raises them all at once as one :class:`~schulerfolg.errors.InvariantError` whose
problems carry the field as a path relative to the object (``$.end``).
"""

from __future__ import annotations

import decimal
import types
import typing
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any, ClassVar, Final, TypeVar

import attrs

from schulerfolg._core.i18n import N_
from schulerfolg._core.money import Money, shown_amount
from schulerfolg.errors import (
    FieldTypeError,
    InvariantError,
    Problem,
    SchulerfolgError,
    Text,
)

E = TypeVar("E", bound=Enum)

#: What ``_problems`` yields: the offending field (``"end"``, ``"cost_plan[2].amount"``) and why
#: (a :class:`~schulerfolg.errors.Text`, to be shown in the reader's language; or plain English).
Problems = Iterator[tuple[str, Text | str]]

#: Digits kept when adding shares exactly; a sum needing more is certainly not exactly 1.
_EXACT_DIGITS: Final = 100


def as_problems(problems: Iterable[tuple[str, Text | str]]) -> list[Problem]:
    """``(field, message)`` pairs as problems with paths relative to the object (a message
    given as a :class:`~schulerfolg.errors.Text` is kept for readers of other languages)."""
    return [Problem.of(f"$.{field}" if field else "$", message) for field, message in problems]


class Checked:
    """Mixin: after ``__init__``, check the text fields named in ``_not_blank`` and run
    ``_problems``; raise every problem at once."""

    __slots__ = ()

    #: Text fields that must not be blank (``None`` is fine where the field allows it).
    _not_blank: ClassVar[tuple[str, ...]] = ()
    #: Whether the class checks more than blank text (it overrides ``_problems``).
    _more_checks: ClassVar[bool] = False
    #: What an object of the class is, for people: a message id (``N_("cost plan line")``),
    #: shown in the reader's language where an error names the object.
    _label: ClassVar[str | None] = None

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        cls._more_checks = cls._problems is not Checked._problems

    def __attrs_post_init__(self) -> None:
        try:
            # The common case — nothing wrong — builds no generator and no list.
            for name in self._not_blank:
                value = getattr(self, name)
                if isinstance(value, str) and is_blank(value):
                    break
            else:
                if not self._more_checks:
                    return
                problems = self._problems()
                first = next(problems, None)
                if first is None:
                    return
            found = [*blank(self, *self._not_blank), *self._problems()]
        except (TypeError, AttributeError, ValueError, ArithmeticError) as exc:
            if isinstance(exc, SchulerfolgError):
                raise
            # A check met a value of the wrong type (a float for an amount, a text for a
            # date): say which fields, as the library's error, not the check's stumble.
            wrong = wrong_types(self) or [
                # Nothing to name: still the library's error, saying what the check met.
                ("", Text(N_("a value of a wrong type: {error}"), {"error": repr(exc)}))
            ]
            typed = [attrs.evolve(problem, code="type") for problem in as_problems(wrong)]
            raise FieldTypeError(type(self).__name__, typed, label=label_of(self)) from None
        raise InvariantError(type(self).__name__, as_problems(found), label=label_of(self))

    def _problems(self) -> Problems:
        """Problems beyond blank text; a class that has any overrides this."""
        return iter(())


def label_of(thing: object) -> Text | None:
    """What ``thing`` (an object or a class) is, for people: its class's ``_label`` as a
    :class:`~schulerfolg.errors.Text`, or ``None`` where the class has none."""
    label = getattr(thing, "_label", None)
    return Text(label) if isinstance(label, str) else None


def to_member(
    enum: type[E], value: object, *, field: str, owner: str, label: str | None = None
) -> E:
    """``value`` as a member of ``enum`` (an attrs converter's body), or the library's error
    naming ``owner``'s ``field`` (``owner`` the class's name, ``label`` what it is for people,
    a message id): :class:`~schulerfolg.errors.FieldTypeError` for a value that is neither a
    member nor a text, :class:`~schulerfolg.errors.InvariantError` listing the allowed values
    for an unknown text."""
    if isinstance(value, enum):
        return value
    shown = Text(label) if label is not None else None  # only on the way to an error
    where = f"$.{field}"
    allowed = ", ".join(repr(member.value) for member in enum)
    if not isinstance(value, str):
        message = Text(
            N_("expected one of {allowed}, got a {type} ({value})"),
            {"allowed": allowed, "type": type(value).__name__, "value": repr(value)},
        )
        raise FieldTypeError(owner, [Problem.of(where, message, code="type")], label=shown)
    try:
        return enum(value)
    except ValueError:
        message = Text(
            N_("{value} is not one of {allowed}"), {"value": repr(value), "allowed": allowed}
        )
        raise InvariantError(owner, [Problem.of(where, message)], label=shown) from None


#: What blank text is made of: the characters Python counts as white space (``str.isspace``,
#: what ``str.strip()`` removes) and the invisible ones that take no room — the zero-width
#: space, non-joiner and joiner, the left-to-right and right-to-left marks (U+200B–U+200F),
#: the word joiner (U+2060) and the zero-width no-break space or byte-order mark (U+FEFF).
BLANK_CHARACTERS: Final = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
    "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff"
)


def is_blank(text: str) -> bool:
    """True if ``text`` is empty or made only of :data:`BLANK_CHARACTERS`: the one definition
    of blank text, for the wire's text hook and the model's invariants alike."""
    # Most texts start with a letter: then they are not blank, and nothing is copied.
    if text and text[0] not in _BLANK_SET:
        return False
    return not text.strip(BLANK_CHARACTERS)


_BLANK_SET: Final = frozenset(BLANK_CHARACTERS)


def wrong_types(obj: object) -> list[tuple[str, Text | str]]:
    """The fields of an attrs object whose value does not have the field's declared type (as far
    as it can be told at run time: classes, ``X | None``, tuples, mappings), with why."""
    cls = type(obj)
    if not attrs.has(cls):  # pragma: no cover - Checked mixes into attrs classes only
        return []
    try:
        hints = typing.get_type_hints(cls)
    except (NameError, TypeError):  # pragma: no cover - every model class resolves
        return []
    found: list[tuple[str, Text | str]] = []
    for field in attrs.fields(cls):
        hint = hints.get(field.name)
        value = getattr(obj, field.name)
        if hint is None:
            continue
        if not _fits(value, hint):
            found.append((field.name, _expected(hint, value)))
            continue
        # A tuple[X, ...] holds only X: each element that is not is named by its index.
        args = typing.get_args(hint)
        if typing.get_origin(hint) is tuple and len(args) == 2 and args[1] is Ellipsis:
            found.extend(
                (f"{field.name}[{index}]", _expected(args[0], item))
                for index, item in enumerate(value)
                if not _fits(item, args[0])
            )
    return found


def _expected(hint: Any, value: object) -> Text:
    return Text(
        N_("expected {expected}, got a {type} ({value})"),
        {"expected": _hint_name(hint), "type": type(value).__name__, "value": repr(value)},
    )


def _fits(value: object, hint: Any) -> bool:
    """Whether ``value`` has the type ``hint`` at its outer level (unknown forms fit)."""
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        return any(_fits(value, arg) for arg in typing.get_args(hint))
    if hint is None or hint is type(None):
        return value is None
    if origin is not None:
        hint = origin
    if hint is typing.Any or not isinstance(hint, type):
        return True
    if hint is float:  # an annotation of float accepts int, never the other way round
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if hint is date:  # a datetime is a date, but never a day
        return type(value) is date
    if issubclass(hint, Mapping):  # a declared mapping takes any mapping
        return isinstance(value, Mapping)
    return isinstance(value, hint)


def _hint_name(hint: Any) -> str:
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        return " | ".join(_hint_name(arg) for arg in typing.get_args(hint))
    if hint is type(None):
        return "None"
    if origin is not None:
        hint = origin
    return hint.__name__ if isinstance(hint, type) else str(hint)


def blank(obj: object, *names: str) -> Problems:
    for name in names:
        value = getattr(obj, name)
        if isinstance(value, str) and is_blank(value):
            yield name, Text(N_("must not be empty"))


def blank_items(name: str, values: Iterable[str]) -> Problems:
    for index, value in enumerate(values):
        if is_blank(value):
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
