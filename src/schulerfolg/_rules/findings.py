"""Findings and finding codes.

A :class:`FindingCode` is the one record of a finding code: the code, its severity, the message
template and the kinds of the message's parameters, declared once — beside the rule that raises
it (:attr:`Rule.codes <schulerfolg.plugins.Rule.codes>`).  A rule builds its findings from these
records (:meth:`FindingCode.finding`); the engine refuses a finding whose code the rule did not
declare, or whose severity differs from the declared one.  The rules reference, the message
rendering and the catalog checks all read these records.
"""

from __future__ import annotations

import functools
import string
from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from types import MappingProxyType

import attrs

from schulerfolg._core.i18n import N_
from schulerfolg._core.invariants import to_member
from schulerfolg._core.money import Money


class Severity(StrEnum):
    """How much a finding weighs: only errors make an application ineligible."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class ArgKind(StrEnum):
    """How a message argument is formatted for people."""

    TEXT = "text"
    MONEY = "money"
    DATE = "date"
    LONG_DATE = "long_date"
    LABEL = "label"
    LABELS = "labels"
    NUMBER = "number"


def placeholders(template: str) -> set[str]:
    """The ``{names}`` a brace-format template uses."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def canonical(value: object) -> str:
    """A message parameter as canonical text: amounts ``"2000.00"``, dates ISO, enums by value,
    lists joined with commas."""
    if isinstance(value, Money):
        return str(value.amount)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, tuple) and all(isinstance(item, str) for item in value):
        # Cached for text only: (1,) == (True,) would share an entry and make the result depend
        # on what came first.
        return _canonical_tuple(value)
    if isinstance(value, list | tuple):
        return ",".join(canonical(item) for item in value)
    raise TypeError(f"cannot put {type(value).__name__} into a finding: {value!r}")


@functools.lru_cache(maxsize=1024)
def _canonical_tuple(values: tuple[str, ...]) -> str:
    # Rules pass the same parameter tuples (eligible kinds, partner kinds) again and again.
    return ",".join(canonical(item) for item in values)


def _severity(value: Severity) -> Severity:
    """``Finding.severity`` as a :class:`Severity` (converter)."""
    # Rules pass members; only text (from a document or a test) needs the enum's look-up.
    if type(value) is Severity:
        return value
    return to_member(Severity, value, field="severity", owner="Finding", label=N_("finding"))


def _code_severity(value: Severity) -> Severity:
    """``FindingCode.severity`` as a :class:`Severity` (converter)."""
    return to_member(
        Severity, value, field="severity", owner="FindingCode", label=N_("finding code")
    )


@attrs.frozen(kw_only=True)
class Finding:
    """One thing a rule found: a stable ``code``, a ``severity``, the ``rule`` that found it,
    and message parameters as canonical strings (amounts ``"2000.00"``, dates ISO)."""

    code: str
    severity: Severity = attrs.field(converter=_severity)
    rule: str = ""
    params: dict[str, str] = attrs.field(factory=dict, hash=False)

    @classmethod
    def make(cls, code: str, severity: Severity = Severity.ERROR, **params: object) -> Finding:
        """Build a finding; Money, dates, enums, ints and lists are written canonically.

        Prefer :meth:`FindingCode.finding`, which takes the severity from the code's record.
        """
        return cls(
            code=code,
            severity=severity,
            params={name: canonical(value) for name, value in params.items()},
        )


def _read_only(args: Mapping[str, ArgKind]) -> Mapping[str, ArgKind]:
    # Declared once and shared by every rulebook: nobody may change it afterwards.
    return MappingProxyType(dict(args))


@attrs.frozen(kw_only=True)
class FindingCode:
    """A finding code, declared once: ``code``, ``severity``, the English message ``template``
    and the kind of each of its ``{placeholders}`` (``args``), which are the finding's
    parameters.  Templates are gettext message ids; translations come from the catalogs."""

    code: str
    severity: Severity = attrs.field(converter=_code_severity)
    template: str
    args: Mapping[str, ArgKind] = attrs.field(factory=dict, converter=_read_only, hash=False)

    def __attrs_post_init__(self) -> None:
        names = placeholders(self.template)
        odd = sorted(name for name in names if not name.isidentifier())
        if odd:
            raise ValueError(f"message {self.code!r}: placeholders must be plain names, not {odd}")
        if names != set(self.args):
            raise ValueError(
                f"message {self.code!r}: placeholders {sorted(names)} differ from the declared "
                f"arguments {sorted(self.args)}"
            )

    def finding(self, **params: object) -> Finding:
        """A finding of this code with these message parameters (written canonically)."""
        return Finding(
            code=self.code,
            severity=self.severity,
            params={name: canonical(value) for name, value in params.items()},
        )
