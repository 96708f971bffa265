"""The command line's text for people: what a district's plugin changes against the
state-wide rules (``schulerfolg rules``)."""

from __future__ import annotations

import json
from typing import Final, TextIO

from schulerfolg._cli.trace_text import PARAMETER_LABELS, value_text
from schulerfolg._core.i18n import N_
from schulerfolg._core.provenance import source_text
from schulerfolg._core.texts import day_text
from schulerfolg._directory.documents import to_dict
from schulerfolg._model.organisations import District
from schulerfolg._rules.rulebook import Rulebook
from schulerfolg.plugins._diff import DistrictDiff, RuleChangeKind

_DIFF: Final = {
    "no_plugin": N_("{district}: no district plugin; the state-wide rules apply"),
    "plugin": N_("{district}: plugin {plugin} {version}"),
    "plugin_on": N_("{district}: plugin {plugin} {version}, in force on {day}"),
    "parameter": N_("Parameter {label}"),
    "district": N_("district"),
    "state": N_("state-wide"),
    "from": N_("from {day}"),
    "from_until": N_("from {day} until {until}"),
    "provisional": N_("provisional"),
    "as_written": N_("as written"),
    "source": N_("source"),
    "note": N_("note"),
    "no_value": N_("(no value)"),
    "nothing": N_("(no parameter or rule of the plugin differs on that day)"),
    "rule": N_("Rule {id}: {change}"),
    "rule_replaces": N_("Rule {id}: {change} (replaces {replaces})"),
}
#: How a plugin changes a rule, for people.
_CHANGES: Final = {
    RuleChangeKind.ADDED: N_("added"),
    RuleChangeKind.REPLACED: N_("replaced"),
    RuleChangeKind.DISABLED: N_("disabled"),
}


def write_diff_text(
    diff: DistrictDiff, target: District, rulebook: Rulebook, language: str, stdout: TextIO
) -> None:
    """What a district's plugin changes, as text for people in ``language``: each parameter
    by its label with the district's and the state-wide values (in words and as written), and
    each rule the plugin adds, replaces or disables."""
    tr = rulebook.translations(language).gettext
    if diff.plugin is None:
        stdout.write(tr(_DIFF["no_plugin"]).format(district=target) + "\n")
        return
    head = _DIFF["plugin_on"] if diff.on else _DIFF["plugin"]
    day = day_text(diff.on, language) if diff.on else ""
    stdout.write(
        tr(head).format(district=target, plugin=diff.plugin, version=diff.plugin_version, day=day)
        + "\n"
    )
    for change in diff.parameters:
        label = PARAMETER_LABELS.get(change.name) or rulebook.labels.get(change.name)
        shown = f"{tr(label)} ({change.name})" if label is not None else change.name
        stdout.write("\n" + tr(_DIFF["parameter"]).format(label=shown) + "\n")
        for side, values in (
            (_DIFF["district"], change.district_values),
            (_DIFF["state"], change.base_values),
        ):
            name = tr(side)
            for item in values:
                since = day_text(item.valid_from, language)
                when = (
                    tr(_DIFF["from_until"]).format(
                        day=since, until=day_text(item.valid_until, language)
                    )
                    if item.valid_until
                    else tr(_DIFF["from"]).format(day=since)
                )
                flag = f" ({tr(_DIFF['provisional'])})" if item.provisional else ""
                words = value_text(item.value, rulebook, language, anchor=item.valid_from)
                stdout.write(f"  {name}, {when}{flag}: {words}\n")
                written = json.dumps(to_dict(item.value), ensure_ascii=False)
                stdout.write(f"      {tr(_DIFF['as_written'])}: {written}\n")
                stdout.write(f"      {tr(_DIFF['source'])}: {source_text(item.source)}\n")
                if item.note:
                    # A note is the message id of its translations (the plugin's catalog).
                    stdout.write(f"      {tr(_DIFF['note'])}: {tr(item.note)}\n")
            if not values:
                stdout.write(f"  {name}: {tr(_DIFF['no_value'])}\n")
    if not diff.parameters and not diff.rules:
        stdout.write("  " + tr(_DIFF["nothing"]) + "\n")
    for rule in diff.rules:
        template = _DIFF["rule_replaces"] if rule.replaces else _DIFF["rule"]
        line = tr(template).format(
            id=rule.id, change=tr(_CHANGES[rule.change]), replaces=rule.replaces
        )
        # A rule's description, like a note, is the message id of its translations.
        stdout.write(f"\n{line}\n  {tr(rule.description)}\n")
