"""Generate the rules reference (``docs/rules.md``) from the rule engine itself.

Everything in the reference comes from the code and the bundled data: the rules of a
:class:`~schulerfolg.Rulebook` with their sources, parameters and finding codes; the message
template of every finding code with its German translation from the catalog; and the value
history of every parameter.  The severity a code is raised with is read from the source of the
modules that define the rules' checks (the ``Finding.make(...)`` calls), so it cannot drift
either.  ``tests/test_docgen.py`` fails when ``docs/rules.md`` is out of date; regenerate it
with::

    python -m schulerfolg._docgen > docs/rules.md

The output is deterministic: the same code and data give the same text, byte for byte.
"""

from __future__ import annotations

import ast
import enum
import inspect
import json
import sys
import types
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, Final, Union, get_args, get_origin

import attrs

from schulerfolg._engine import LayerKind, Rule, Rulebook, Severity, state_rulebook
from schulerfolg._model import Source
from schulerfolg._money import Money
from schulerfolg._parameters import ParameterSpec, ParameterValue, unstructure_value

#: The command that regenerates ``docs/rules.md``.
REGENERATE: Final = "python -m schulerfolg._docgen > docs/rules.md"

_NOT_DETERMINED: Final = "not determined"


# --------------------------------------------------------------------------------------------
# Markdown helpers


def _cell(text: str) -> str:
    """Text made safe for one Markdown table cell (no line breaks, pipes escaped)."""
    return " ".join(text.split()).replace("|", "\\|")


def _code(text: str) -> str:
    """An inline code span that survives any backticks in ``text``."""
    fence = "`"
    while fence in text:
        fence += "`"
    padding = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{padding}{text}{padding}{fence}"


def _link_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def _source(source: Source) -> str:
    """A source as a Markdown link where its reference is a URL, else as title and citation."""
    reference = source.reference.strip()
    if reference.startswith(("https://", "http://")):
        title = source.title or reference
        return f"[{_link_text(title)}](<{reference}>)"
    if source.title:
        return f"{source.title} ({reference})"
    return reference


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
    ]
    lines.extend("| " + " | ".join(_cell(value) for value in row) + " |" for row in rows)
    return lines


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=False)


# --------------------------------------------------------------------------------------------
# Severities, read from the rules' source code


def _severity_of(node: ast.expr | None) -> str:
    """The severity an expression names: ``Severity.INFO`` → ``"info"``."""
    if node is None:
        return Severity.ERROR.value
    if isinstance(node, ast.Attribute) and node.attr in Severity.__members__:
        return Severity[node.attr].value
    if isinstance(node, ast.Constant) and node.value in {s.value for s in Severity}:
        return str(node.value)
    return _NOT_DETERMINED


def _finding_calls(tree: ast.AST) -> Iterator[tuple[str, str]]:
    """(code, severity) of every ``Finding.make("code", …)`` and ``Finding(code=…, …)``."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        keywords = {kw.arg: kw.value for kw in node.keywords if kw.arg is not None}
        func = node.func
        if (
            isinstance(func, ast.Attribute)
            and func.attr == "make"
            and (
                (isinstance(func.value, ast.Name) and func.value.id == "Finding")
                or (isinstance(func.value, ast.Attribute) and func.value.attr == "Finding")
            )
        ):
            code = node.args[0] if node.args else keywords.get("code")
            severity = node.args[1] if len(node.args) > 1 else keywords.get("severity")
        elif (isinstance(func, ast.Name) and func.id == "Finding") or (
            isinstance(func, ast.Attribute) and func.attr == "Finding"
        ):
            code = keywords.get("code")
            severity = keywords.get("severity")
            if severity is None:  # the constructor has no default severity
                continue
        else:
            continue
        if isinstance(code, ast.Constant) and isinstance(code.value, str):
            yield code.value, _severity_of(severity)


def _module_source(rule: Rule) -> tuple[str, str] | None:
    module = inspect.getmodule(rule.check)
    if module is None:
        return None
    try:
        return module.__name__, inspect.getsource(module)
    except (OSError, TypeError):
        return None


def raised_severities(rules: Iterable[Rule]) -> dict[str, tuple[str, ...]]:
    """For each finding code, the severities the rules' modules raise it with, sorted.

    The modules that define the rules' ``check`` functions are parsed (never imported anew or
    run); a code raised through a variable rather than a literal is not found.
    """
    sources = {found[0]: found[1] for rule in rules if (found := _module_source(rule))}
    severities: dict[str, set[str]] = {}
    for name in sorted(sources):
        for code, severity in _finding_calls(ast.parse(sources[name])):
            severities.setdefault(code, set()).add(severity)
    return {code: tuple(sorted(found)) for code, found in sorted(severities.items())}


# --------------------------------------------------------------------------------------------
# Value types


_PRIMITIVE_NAMES: Final[dict[Any, str]] = {
    str: "text",
    int: "integer",
    bool: "boolean",
    date: "date",
    Money: "money",
    Decimal: "decimal",
    Any: "any",
    type(None): "null",
}


def _type_name(tp: Any, enums: dict[str, type[enum.Enum]]) -> str:
    """A value type in JSON terms: ``list[PartnerKind]``, ``integer | null``, ``Cap``."""
    origin = get_origin(tp)
    args = get_args(tp)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return f"list[{_type_name(args[0], enums)}]"
    if origin is tuple:
        return "list[" + ", ".join(_type_name(arg, enums) for arg in args) + "]"
    if origin is Union or origin is types.UnionType:
        return " | ".join(_type_name(arg, enums) for arg in args)
    if tp in _PRIMITIVE_NAMES:
        return _PRIMITIVE_NAMES[tp]
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        enums[tp.__name__] = tp
        return tp.__name__
    if isinstance(tp, type):
        return tp.__name__
    return str(tp)


def _default(field: attrs.Attribute[Any]) -> str | None:
    default: object = field.default
    if default is attrs.NOTHING:
        return None
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        factory: Any = default
        if factory.takes_self:
            return None
        default = factory.factory()
    return _json(unstructure_value(default))


def _object_fields(cls: type, enums: dict[str, type[enum.Enum]], objects: dict[str, str]) -> None:
    """Describe the attrs class ``cls`` (and the attrs classes inside it) into ``objects``."""
    if cls.__name__ in objects or cls in (Money,):
        return
    attrs.resolve_types(cls)
    parts: list[str] = []
    nested: list[type] = []
    for field in attrs.fields(cls):
        if not field.init:
            continue
        parts.append(
            f"{field.name}: {_type_name(field.type, enums)}"
            + (f" = {default}" if (default := _default(field)) is not None else "")
        )
        nested.extend(_attrs_classes(field.type))
    objects[cls.__name__] = "{" + ", ".join(parts) + "}"
    for inner in nested:
        _object_fields(inner, enums, objects)


def _attrs_classes(tp: Any) -> Iterator[type]:
    if isinstance(tp, type) and attrs.has(tp) and tp is not Money:
        yield tp
    for arg in get_args(tp):
        yield from _attrs_classes(arg)


def _value_type_lines(spec: ParameterSpec) -> list[str]:
    enums: dict[str, type[enum.Enum]] = {}
    objects: dict[str, str] = {}
    lines = [f"- **Value type:** {_code(_type_name(spec.value_type, enums))}"]
    for cls in _attrs_classes(spec.value_type):
        _object_fields(cls, enums, objects)
    for name, fields in objects.items():
        lines.append(f"  - {_code(name)}: an object {_code(fields)}")
    for name in sorted(enums):
        values = ", ".join(_code(str(member.value)) for member in enums[name])
        lines.append(f"  - {_code(name)}: one of {values}")
    return lines


# --------------------------------------------------------------------------------------------
# The document


def _intro(rulebook: Rulebook) -> list[str]:
    if rulebook.overlay is None:
        which = (
            "This page describes the **state-wide rulebook** (`schulerfolg.state_rulebook()`): "
            "the rules and parameter values that hold in every district of Sachsen-Anhalt "
            "unless a district plugin changes them (see [plugins.md](plugins.md))."
        )
    else:
        overlay = rulebook.overlay
        which = (
            f"This page describes the rulebook of **{overlay.district}**: the state-wide rules "
            f"and parameters with the plugin {_code(overlay.layer.name)} "
            f"{overlay.layer.version} on top (see [plugins.md](plugins.md))."
        )
    return [
        "# Rules reference",
        "",
        "<!-- Generated from the rule engine by `python -m schulerfolg._docgen`; do not edit. -->",
        "",
        "This reference is generated from the code by `schulerfolg._docgen`, so it cannot drift "
        "from what the rule engine does. `tests/test_docgen.py` fails when it is out of date; "
        "regenerate it with:",
        "",
        "```sh",
        REGENERATE,
        "```",
        "",
        which,
        "",
        "How an application is checked:",
        "",
        "- `schulerfolg.evaluate(application)` runs **every** rule of the rulebook and collects "
        "all findings; it never stops at the first one.",
        "- Each finding has a stable **code**, a **severity** and message parameters. The "
        "outcome is `eligible` if and only if no finding has severity `error`; `info` findings "
        "only explain something (for example a deadline that moved to the next working day).",
        "- Rules read every figure from **dated parameters**, never from literals. The value "
        "used is the one in force on the evaluation day: the `on` argument (CLI: `--on`), "
        "else the application's submission date. A parameter without a value on that day "
        "raises `ParameterNotInForce`; there are no silent defaults.",
        "- The decision records every parameter value it used, with its source, the day it "
        "holds from, whether it is provisional, and the layer (state-wide or a district plugin) "
        "that supplied it. See [cli.md](cli.md) for the JSON form of a decision.",
        "- A value marked **provisional** is inferred or not confirmed by a primary source; its "
        "note says why.",
        "",
        "Contents: [Rules](#rules) · [Finding codes](#finding-codes) · [Parameters](#parameters)",
        "",
    ]


def _layer_name(rulebook: Rulebook, rule: Rule) -> str:
    for candidate, layer in rulebook.rules:
        if candidate is rule:
            return "state-wide" if layer.kind is LayerKind.STATE else f"{layer}"
    return ""


def _rules_section(rulebook: Rulebook) -> list[str]:
    lines = [
        "## Rules",
        "",
        "The rules run in this order; the findings of a decision come in the same order.",
        "",
    ]
    with_layers = rulebook.overlay is not None
    header = ["#", "Rule id", "What it checks", "Source", "Parameters read", "Finding codes"]
    if with_layers:
        header.append("Layer")
    rows: list[list[str]] = []
    for index, (rule, _) in enumerate(rulebook.rules, start=1):
        description = rule.description
        if rule.replaces is not None:
            description += f" (Replaces the state-wide rule {_code(rule.replaces)}.)"
        row = [
            str(index),
            _code(rule.id),
            description,
            _source(rule.source),
            ", ".join(f"[{_code(name)}](#{_anchor(name)})" for name in rule.parameters) or "—",
            ", ".join(_code(code) for code in rule.codes) or "—",
        ]
        if with_layers:
            row.append(_layer_name(rulebook, rule))
        rows.append(row)
    lines.extend(_table(header, rows))
    lines.append("")
    return lines


def _all_codes(rulebook: Rulebook) -> list[str]:
    """Finding codes in rule order, then any message without a rule, sorted."""
    codes: list[str] = []
    for rule, _ in rulebook.rules:
        codes.extend(code for code in rule.codes if code not in codes)
    codes.extend(sorted(code for code in rulebook.messages if code not in codes))
    return codes


def _codes_section(rulebook: Rulebook) -> list[str]:
    severities = raised_severities(rule for rule, _ in rulebook.rules)
    german = rulebook.translations("de")
    raised_by: dict[str, list[str]] = {}
    for rule, _ in rulebook.rules:
        for code in rule.codes:
            raised_by.setdefault(code, []).append(rule.id)
    lines = [
        "## Finding codes",
        "",
        "Codes are stable: software may rely on them. The severity is the one the rule raises "
        "the code with (read from the rule's source code). Messages are English templates; "
        "the placeholders in braces are filled with the finding's parameters, formatted for "
        "the reader's language (amounts and dates with babel, enum values and document ids "
        "through the labels of the message catalog). German is the default language of "
        "messages; the German text comes from the library's catalog "
        "(`locale/de/LC_MESSAGES/schulerfolg.po`).",
        "",
    ]
    rows: list[list[str]] = []
    for code in _all_codes(rulebook):
        message = rulebook.messages.get(code)
        template = message.template if message is not None else ""
        translated = german.gettext(template) if template else ""
        rows.append(
            [
                _code(code),
                ", ".join(severities.get(code, (_NOT_DETERMINED,))),
                ", ".join(_code(rule_id) for rule_id in raised_by.get(code, [])) or "—",
                template or "(no message)",
                translated or "(no message)",
            ]
        )
    lines.extend(
        _table(["Code", "Severity", "Raised by", "Message (English)", "Message (German)"], rows)
    )
    lines.append("")
    return lines


def _anchor(name: str) -> str:
    """The GitHub-style anchor of a ``### `name` `` heading."""
    return "".join(ch for ch in name.lower() if ch.isalnum() or ch in "-_ ").replace(" ", "-")


def _value_row(value: ParameterValue, layer: str | None) -> list[str]:
    row = [
        value.valid_from.isoformat(),
        value.valid_until.isoformat() if value.valid_until is not None else "—",
        _code(_json(unstructure_value(value.value))),
        "yes" if value.provisional else "no",
        _source(value.source),
        value.note or "—",
    ]
    if layer is not None:
        row.insert(4, layer)
    return row


def _parameters_section(rulebook: Rulebook) -> list[str]:
    lines = [
        "## Parameters",
        "",
        "Each parameter is a value history: a value holds from its *valid from* day until the "
        "day before the next value starts, or until its *valid until* day. Values are shown as "
        "the compact JSON that a decision's trace and a district plugin's parameter file use.",
        "",
        "In the value types, `text`, `integer` and `boolean` are the JSON types; `money` is an "
        'amount written as text with at most two decimal places (`"2000.00"`); `date` is an '
        'ISO date written as text (`"2024-07-31"`); `list[X]` is a JSON array of `X`; '
        "`X | null` may also be `null`; a field with `= value` may be left out and then has "
        "that value.",
        "",
    ]
    read_by: dict[str, list[str]] = {}
    for rule, _ in rulebook.rules:
        for name in rule.parameters:
            read_by.setdefault(name, []).append(rule.id)
    with_layers = rulebook.overlay is not None
    if with_layers:
        lines += [
            "Where the district's plugin gives a parameter values, its rows come first: on a "
            "day one of its values holds, that value is used; on other days the state-wide "
            "value is.",
            "",
        ]
    for name, spec in rulebook.specs.items():
        lines += [f"### {_code(name)}", "", spec.description, ""]
        lines += _value_type_lines(spec)
        readers = ", ".join(_code(rule_id) for rule_id in read_by.get(name, []))
        lines.append(f"- **Read by:** {readers or 'no rule of this rulebook'}")
        lines.append("")
        entries = rulebook.parameters.get(name, ())
        if not entries:
            lines += [
                "No value in this rulebook. A rule that reads it raises `ParameterNotInForce`; "
                "district plugins give it a value where they need it.",
                "",
            ]
            continue
        header = ["Valid from", "Valid until", "Value", "Provisional", "Source", "Note"]
        if with_layers:
            header.insert(4, "Layer")
        rows: list[list[str]] = []
        for parameter, layer in entries:
            layer_name = None
            if with_layers:
                layer_name = "state-wide" if layer.kind is LayerKind.STATE else str(layer)
            rows.extend(_value_row(value, layer_name) for value in parameter.values)
        lines.extend(_table(header, rows))
        lines.append("")
    return lines


def render_rules_reference(rulebook: Rulebook | None = None) -> str:
    """The rules reference of ``rulebook`` (default: the state-wide rulebook) as Markdown.

    Lists every rule, every finding code with its severity and its English and German message,
    and every parameter with its value type and value history.  Deterministic.
    """
    if rulebook is None:
        rulebook = state_rulebook()
    lines = [
        *_intro(rulebook),
        *_rules_section(rulebook),
        *_codes_section(rulebook),
        *_parameters_section(rulebook),
    ]
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Print the rules reference to stdout: ``python -m schulerfolg._docgen [DISTRICT]``.

    Without an argument the state-wide rulebook is described; with a district key or name,
    that district's rulebook (state-wide rules plus its plugin, if one is installed).
    """
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) > 1 or any(arg.startswith("-") for arg in args):
        sys.stderr.write(f"usage: {REGENERATE.split(' >')[0]} [DISTRICT]\n")
        return 2
    rulebook = state_rulebook()
    if args:
        from schulerfolg._reference import district
        from schulerfolg.plugins import rulebook_for

        rulebook = rulebook_for(district(args[0]))
    text = render_rules_reference(rulebook)
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
    else:  # UTF-8 whatever the locale says, so the file is the same everywhere
        sys.stdout.flush()
        buffer.write(text.encode("utf-8"))
        buffer.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
