"""The conformance suite for district plugins: a base class a plugin author subclasses in the
plugin's own tests (as python-holidays' country tests share one base), so that the plugin keeps
the library's promises.  A plugin that breaks one fails with a message naming the promise::

    from schulerfolg.testing import PluginConformance
    from my_district_plugin import plugin

    class TestMyPlugin(PluginConformance):
        plugin = plugin

The promises: the plugin is accepted by the registry; every finding code its rules raise is
declared, with a message in German and in English using the same placeholders; every note and
every description of its rules is in German and English; every parameter value is dated and
has a source; caps and budgets are not negative; its decisions are deterministic; and what it
changes against the state-wide base can be listed (the diff).
"""

from __future__ import annotations

import string
from datetime import date
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from schulerfolg import Rulebook
    from schulerfolg.plugins import DistrictPlugin


def _fields(template: str) -> set[str]:
    """The ``{names}`` of a brace-format message."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def broken(promise: str, details: list[str]) -> str:
    """The failure message of a broken promise."""
    return f"promise broken — {promise}:\n  " + "\n  ".join(details)


class PluginConformance:
    """Subclass it, name the subclass ``Test…`` and set :attr:`plugin`; pytest collects the
    promises as tests.  :attr:`on` is the day the decisions are checked on."""

    #: The plugin under test.
    plugin: ClassVar[DistrictPlugin]
    #: The evaluation day of the determinism check (the bundled example's submission day).
    on: ClassVar[date] = date(2025, 6, 30)

    def rulebook(self) -> Rulebook:
        """The plugin layered over the state-wide base (with the other built-in districts)."""
        from schulerfolg.testing.pytest_plugin import builtin_registry  # this kit, on use

        return builtin_registry(self.plugin).rulebook(self.plugin.district)

    def test_the_plugin_is_accepted(self) -> None:
        """Promise: the registry layers the plugin without a problem."""
        from schulerfolg.errors import PluginError  # the library, when the suite runs

        try:
            self.rulebook()
        except PluginError as exc:
            problems = [str(problem) for problem in exc.problems] or [str(exc)]
            raise AssertionError(
                broken("the plugin is accepted by the registry", problems)
            ) from None

    def test_every_code_is_declared_with_messages_in_german_and_english(self) -> None:
        """Promise: every finding code of the plugin's rules is declared, and its message
        exists in German and English with the same placeholders."""
        book = self.rulebook()
        german = book.translations("de")
        problems = []
        for rule in (*self.plugin.added_rules, *self.plugin.replaced_rules):
            if not rule.codes:
                continue
            for record in rule.codes:
                if not record.template.strip():
                    problems.append(f"{record.code}: no message")
                    continue
                translated = german.gettext(record.template)
                if translated == record.template:
                    problems.append(f"{record.code}: no German message")
                elif _fields(translated) != _fields(record.template):
                    problems.append(
                        f"{record.code}: the German message uses {sorted(_fields(translated))}"
                        f", the English one {sorted(_fields(record.template))}"
                    )
        assert not problems, broken(
            "every finding code has its message in German and English", problems
        )

    def test_every_note_and_rule_description_is_in_german_and_english(self) -> None:
        """Promise: the texts ``schulerfolg rules`` shows a clerk — each note of the plugin's
        parameter values and each description of its rules, written in English — have their
        German translation in the plugin's catalogs."""
        german = self.rulebook().translations("de")
        texts = [
            (f"{parameter.name} from {value.valid_from.isoformat()}: note", value.note)
            for parameter in self.plugin.parameters
            for value in parameter.values
            if value.note
        ] + [
            (f"rule {rule.id}: description", rule.description)
            for rule in (*self.plugin.added_rules, *self.plugin.replaced_rules)
        ]
        problems = [
            f"{where}: no German translation of {text!r}"
            for where, text in texts
            if german.gettext(text) == text
        ]
        assert not problems, broken(
            "every note and rule description is in German and English", problems
        )

    def test_every_parameter_value_is_dated_and_sourced(self) -> None:
        """Promise: every value the plugin gives has a day from which it holds and a source
        with a reference."""
        problems = [
            f"{parameter.name} from {value.valid_from.isoformat()}: no source reference"
            for parameter in self.plugin.parameters
            for value in parameter.values
            if not value.source.reference.strip()
        ]
        assert not problems, broken("every parameter value is dated and sourced", problems)

    def test_caps_and_budgets_are_not_negative(self) -> None:
        """Promise: no cap and no budget below zero."""
        from schulerfolg.plugins import Budget, Cap  # the library, when the suite runs

        problems = [
            f"{parameter.name} from {value.valid_from.isoformat()}: {value.value.amount}"
            for parameter in self.plugin.parameters
            for value in parameter.values
            if isinstance(value.value, Cap | Budget) and value.value.amount.is_negative()
        ]
        assert not problems, broken("caps and budgets are not negative", problems)

    def test_decisions_are_deterministic(self) -> None:
        """Promise: the same application on the same day gives the same decision, byte for
        byte (the example application, moved into the plugin's district)."""
        import attrs  # the library's dependencies, when the suite runs

        import schulerfolg  # the library, when the suite runs

        where = schulerfolg.district(self.plugin.district)
        example = schulerfolg.example_application()
        application = attrs.evolve(
            example,
            district=where,
            schools=tuple(attrs.evolve(school, district=where) for school in example.schools),
        )
        book = self.rulebook()
        first = schulerfolg.to_json(schulerfolg.evaluate(application, rulebook=book, on=self.on))
        second = schulerfolg.to_json(schulerfolg.evaluate(application, rulebook=book, on=self.on))
        assert first == second, broken("decisions are deterministic", ["two decisions differ"])

    def test_the_changes_against_the_base_can_be_listed(self) -> None:
        """Promise: what the plugin changes against the state-wide base can be listed, every
        change with its source (what ``schulerfolg rules`` shows)."""
        import schulerfolg  # the library, when the suite runs
        from schulerfolg.plugins import diff_rulebook  # the library, when the suite runs

        diff = diff_rulebook(self.rulebook(), schulerfolg.district(self.plugin.district))
        problems = [
            f"{change.name} from {value.valid_from.isoformat()}: no source reference"
            for change in diff.parameters
            for value in change.district_values
            if not value.source.reference.strip()
        ]
        assert not problems, broken("every change against the base has a source", problems)
