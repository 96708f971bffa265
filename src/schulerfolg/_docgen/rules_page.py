"""Generate the rules reference (``docs/rules.md``) from the rule engine itself.

Everything in the reference comes from the code and the bundled data: the rules of a
:class:`~schulerfolg.Rulebook` with their sources, parameters and finding codes; the message
template of every finding code with its German translation from the catalog; and the value
history of every parameter.  Severities and messages come from the finding code records
declared beside the rules, so they cannot drift either.  ``tests/docgen/test_rules_page.py``
fails when ``docs/rules.md`` is out of date; regenerate it with::

    python -m schulerfolg._docgen > docs/rules.md

The output is deterministic: the same code and data give the same text, byte for byte.
"""

from __future__ import annotations

from typing import Final

from schulerfolg._directory.documents import to_dict
from schulerfolg._docgen.markdown import code, json_text, source, table
from schulerfolg._docgen.value_types import value_type_lines
from schulerfolg._parameters.history import ParameterValue
from schulerfolg._rules.layers import LayerKind
from schulerfolg._rules.rule import Rule
from schulerfolg._rules.rulebook import Rulebook
from schulerfolg._rules.state import state_rulebook

#: The command that regenerates ``docs/rules.md``.
REGENERATE: Final = "python -m schulerfolg._docgen > docs/rules.md"


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
            f"and parameters with the plugin {code(overlay.layer.name)} "
            f"{overlay.layer.version} on top (see [plugins.md](plugins.md))."
        )
    return [
        "# Rules reference",
        "",
        "<!-- Generated from the rule engine by `python -m schulerfolg._docgen`; do not edit. -->",
        "",
        "This reference is generated from the code by `schulerfolg._docgen`, so it cannot drift "
        "from what the rule engine does. `tests/docgen/test_rules_page.py` fails when it is out "
        "of date; regenerate it with:",
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
        "raises `ParameterNotInForceError`; there are no silent defaults.",
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
            description += f" (Replaces the state-wide rule {code(rule.replaces)}.)"
        row = [
            str(index),
            code(rule.id),
            description,
            source(rule.source),
            ", ".join(f"[{code(name)}](#{_anchor(name)})" for name in rule.parameters) or "—",
            ", ".join(code(record.code) for record in rule.codes) or "—",
        ]
        if with_layers:
            row.append(_layer_name(rulebook, rule))
        rows.append(row)
    lines.extend(table(header, rows))
    lines.append("")
    return lines


def _codes_section(rulebook: Rulebook) -> list[str]:
    german = rulebook.translations("de")
    raised_by: dict[str, list[str]] = {}
    for rule, _ in rulebook.rules:
        for record in rule.codes:
            raised_by.setdefault(record.code, []).append(rule.id)
    lines = [
        "## Finding codes",
        "",
        "Codes are stable: software may rely on them. Each code is declared once, with its "
        "severity and message, beside the rule that raises it; a rule can raise no other code "
        "and no other severity. Messages are English templates; "
        "the placeholders in braces are filled with the finding's parameters, formatted for "
        "the reader's language (amounts and dates with babel, enum values and document ids "
        "through the labels of the message catalog). German is the default language of "
        "messages; the German text comes from the library's catalog "
        "(`locale/de/LC_MESSAGES/schulerfolg.po`).",
        "",
    ]
    rows = [
        [
            code(record.code),
            record.severity.value,
            ", ".join(code(rule_id) for rule_id in raised_by.get(record.code, [])) or "—",
            record.template,
            german.gettext(record.template),
        ]
        for record in rulebook.codes.values()
    ]
    lines.extend(
        table(["Code", "Severity", "Raised by", "Message (English)", "Message (German)"], rows)
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
        code(json_text(to_dict(value.value))),
        "yes" if value.provisional else "no",
        source(value.source),
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
        lines += [f"### {code(name)}", "", spec.description, ""]
        lines += value_type_lines(spec)
        readers = ", ".join(code(rule_id) for rule_id in read_by.get(name, []))
        lines.append(f"- **Read by:** {readers or 'no rule of this rulebook'}")
        lines.append("")
        entries = rulebook.parameters.get(name, ())
        if not entries:
            lines += [
                "No value in this rulebook. A rule that reads it raises "
                "`ParameterNotInForceError`; district plugins give it a value where they need it.",
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
        lines.extend(table(header, rows))
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
