"""Loading and layering a district plugin (:mod:`schulerfolg.plugins._loader`): a plugin that
fails to import, targets a future API, is malformed or exits is reported with its distribution,
version and cause; a declaration is validated whole before anything of it is applied; a
failing plugin rule becomes a :class:`~schulerfolg.errors.RuleError` naming its layer.

The installed test distributions (see ``tests/plugin-dists.txt``) provide the broken plugins;
tests that need them FAIL with that hint when they are missing.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import date
from importlib.metadata import EntryPoint
from pathlib import Path

import attrs
import pytest

import schulerfolg
from helpers import built_in_plugin, in_district, reports_by_name
from schulerfolg import evaluate, state_rulebook, to_dict
from schulerfolg._core.texts import message_text, render_text
from schulerfolg.errors import PluginError, RuleError
from schulerfolg.plugins import (
    Application,
    DistrictPlugin,
    Finding,
    FindingCode,
    FoundPlugin,
    Parameter,
    ParameterSpec,
    ParameterValue,
    PluginRegistry,
    PluginStatus,
    Rule,
    RuleContext,
    Severity,
    Source,
    load_plugin,
)

DESSAU, HALLE, BOERDE = "15001", "15002", "15083"
TEST_SOURCE = Source(reference="tests/plugins/test_loader.py", title="Test fixture")
EXAMPLE = schulerfolg.example_application()

#: No SCHULERFOLG_* plugin settings from outside, and no cached registries across tests.
pytestmark = pytest.mark.usefixtures("plugin_env")


# --------------------------------------------------------------------------------------------
# Isolation: a broken plugin is reported with its distribution, version and cause


def test_a_plugin_that_fails_to_import_is_reported(
    installed: None, registry: PluginRegistry
) -> None:
    report = reports_by_name(registry)["schulerfolg-test-broken/halle-saale"]
    assert (report.distribution, report.version, report.entry_point) == (
        "schulerfolg-test-broken",
        "0.0.1",
        "halle-saale",
    )
    assert report.status is PluginStatus.FAILED
    # Its district is known from the entry point's name although the plugin never loaded.
    assert (report.district, report.api_version) == (HALLE, None)
    assert report.error is not None
    assert report.error.startswith("plugin schulerfolg-test-broken/halle-saale 0.0.1 ")
    assert "ImportError: " in report.error
    assert "the Halle plugin needs 'halle_extras', which is not installed" in report.error


def test_a_plugin_for_a_future_api_is_reported(installed: None, registry: PluginRegistry) -> None:
    report = reports_by_name(registry)["schulerfolg-test-broken/mansfeld-suedharz"]
    assert report.status is PluginStatus.FAILED
    assert (report.distribution, report.version, report.api_version) == (
        "schulerfolg-test-broken",
        "0.0.1",
        99,
    )
    assert report.error is not None
    assert "schulerfolg-test-broken/mansfeld-suedharz 0.0.1" in report.error
    assert "plugin API version 99" in report.error


def test_a_malformed_plugin_reports_every_problem_at_once(
    installed: None, registry: PluginRegistry
) -> None:
    report = reports_by_name(registry)["schulerfolg-test-broken/saalekreis"]
    assert report.status is PluginStatus.FAILED
    assert report.error is not None
    assert "schulerfolg-test-broken/saalekreis 0.0.1" in report.error
    # Both problems in ONE report: the unknown rule id and the wrong-typed value.
    assert "rule 'saalekreis.cap' replaces unknown rule 'cap.no_such_rule'" in report.error
    # (educational_offer.cap is the plugin's first parameter)
    assert "$.parameters[0].values[0].value: expected an object" in report.error


def test_the_toml_plugin_package_is_never_imported(
    installed: None, registry: PluginRegistry
) -> None:
    # Its __init__ raises RuntimeError("must never be imported"): had discovery imported it,
    # the plugin would have FAILED.
    report = reports_by_name(registry)["schulerfolg-test-duplicate/dessau-rosslau"]
    assert report.status is PluginStatus.NOT_SELECTED
    assert report.error is None
    assert "schulerfolg_test_duplicate" not in sys.modules


def test_a_plugin_that_calls_sys_exit_while_loading_is_isolated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "exiting_plugin.py").write_text('import sys\nsys.exit("needs geodata")\n')
    monkeypatch.syspath_prepend(str(tmp_path))
    found = FoundPlugin(
        distribution="exiting",
        version="1",
        entry_point="exit",
        value="exiting_plugin:plugin",
        ep=EntryPoint(name="exit", value="exiting_plugin:plugin", group="schulerfolg.plugins"),
    )
    with pytest.raises(PluginError, match="SystemExit: needs geodata") as info:
        load_plugin(found)
    # The plugin's own words stay as they are; the library's are German.
    assert message_text(info.value, "de") == (
        "Plugin exiting/exit 1 konnte nicht geladen werden: SystemExit: needs geodata"
    )


def test_a_catalog_whose_placeholders_differ_fails_the_plugin(tmp_path: Path) -> None:
    built_in = built_in_plugin("burgenlandkreis")
    folder = tmp_path / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "bad.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "The document „{document}“ is missing."\n'
        'msgstr "Das Dokument „{dokument}“ fehlt."\n',
        encoding="utf-8",
    )
    bad = attrs.evolve(built_in, catalog_dir=tmp_path, catalog_domain="bad")
    registry = PluginRegistry.from_plugins([(bad, "bad-catalog", "1")])
    (report,) = registry.reports
    assert report.status is PluginStatus.FAILED
    assert "document.missing" in (report.error or "")


# --------------------------------------------------------------------------------------------
# In-memory plugins: a failing rule, whole validation


def _explode(application: Application, context: RuleContext) -> Iterator[Finding]:
    del application, context
    raise ZeroDivisionError("division by zero in a district rule")


def test_a_plugin_rule_that_raises_becomes_a_rule_error_naming_layer_and_rule() -> None:
    plugin = DistrictPlugin(
        api_version=1,
        district=BOERDE,
        name="exploding",
        added_rules=(
            Rule(id="boerde.explodes", description="Raises.", source=TEST_SOURCE, check=_explode),
        ),
    )
    registry = PluginRegistry.from_plugins(
        [(plugin, "schulerfolg-test-inmemory", "2.0")], strict=False, select={}
    )
    with pytest.raises(RuleError) as info:
        evaluate(in_district(EXAMPLE, BOERDE), rulebook=registry.rulebook(BOERDE))
    error = info.value
    assert error.rule_id == "boerde.explodes"
    assert (error.layer, error.layer_version) == ("schulerfolg-test-inmemory/exploding", "2.0")
    assert str(error) == (
        "rule 'boerde.explodes' of plugin schulerfolg-test-inmemory/exploding 2.0 failed: "
        "ZeroDivisionError: division by zero in a district rule"
    )
    assert isinstance(error.__cause__, ZeroDivisionError)


def _state_snapshot() -> tuple[object, ...]:
    base = state_rulebook()
    return (
        tuple((rule.id, layer) for rule, layer in base.rules),
        {name: tuple(entries) for name, entries in base.parameters.items()},
        dict(base.specs),
        dict(base.codes),
        dict(base.labels),
        base.overlay,
    )


def _never(application: Application, context: RuleContext) -> Iterator[Finding]:
    del application, context
    return iter(())


MANY_PROBLEMS = DistrictPlugin(
    api_version=1,
    district=BOERDE,
    name="many-problems",
    parameter_specs=(
        ParameterSpec(name="educational_offer.cap", value_type=int, description="Clash."),
    ),
    parameters=(
        Parameter(
            name="educational_offer.caps",
            values=(ParameterValue(value=1, valid_from=date(2022, 8, 1), source=TEST_SOURCE),),
        ),
        Parameter(
            name="educational_offer.additional_documents",
            values=(
                ParameterValue(
                    value="cooperation_agreement", valid_from=date(2022, 8, 1), source=TEST_SOURCE
                ),
            ),
        ),
    ),
    added_rules=(
        Rule(id="cap.amount", description="Clashes.", source=TEST_SOURCE, check=_never),
        Rule(
            id="boerde.reads",
            description="Reads an unknown parameter.",
            source=TEST_SOURCE,
            parameters=("boerde.unknown",),
            # The state-wide rules declare cap.exceeded otherwise.
            codes=(FindingCode(code="cap.exceeded", severity=Severity.ERROR, template="Clash."),),
            check=_never,
        ),
    ),
    replaced_rules=(
        Rule(
            id="boerde.cap",
            description="Replaces nothing.",
            source=TEST_SOURCE,
            replaces="cap.nothing",
            check=_never,
        ),
    ),
    disabled_rules=("no.such.rule",),
    catalog_dir=Path("locale"),
)

MANY_PROBLEMS_FRAGMENTS = (
    # educational_offer.additional_documents, the second parameter: a text, not a list
    "$.parameters[1].values[0].value: expected a list",
    "cannot read its message catalogs: catalog_dir is set but catalog_domain is not",
    "parameter spec 'educational_offer.cap' already exists in the state-wide base",
    "unknown parameter 'educational_offer.caps'",
    "rule 'boerde.cap' replaces unknown rule 'cap.nothing'",
    "cannot disable unknown rule 'no.such.rule'",
    "rule id 'cap.amount' is already used by the state-wide base",
    "rule 'boerde.reads' reads unknown parameter 'boerde.unknown'",
    "rule 'boerde.reads' declares finding code 'cap.exceeded' differently from where it is "
    "already declared",
)


def test_validation_is_whole_and_leaves_the_state_rulebook_unchanged() -> None:
    before = _state_snapshot()
    registry = PluginRegistry.from_plugins(
        [(MANY_PROBLEMS, "schulerfolg-test-inmemory", "1.0")], strict=False, select={}
    )
    (report,) = registry.reports
    assert report.status is PluginStatus.FAILED
    assert report.error is not None
    assert report.error.startswith("plugin schulerfolg-test-inmemory/many-problems 1.0: ")
    missing = [fragment for fragment in MANY_PROBLEMS_FRAGMENTS if fragment not in report.error]
    assert missing == [], report.error
    # Nothing of it was applied: Börde has the state-wide rules, which are unchanged.
    with pytest.raises(PluginError, match="many-problems"):
        registry.rulebook(BOERDE)  # its district refuses to decide without its rules
    assert _state_snapshot() == before
    assert evaluate(in_district(EXAMPLE, BOERDE), rulebook=state_rulebook()).eligible

    with pytest.raises(PluginError) as info:
        PluginRegistry.from_plugins(
            [(MANY_PROBLEMS, "schulerfolg-test-inmemory", "1.0")], strict=True, select={}
        )
    assert all(fragment in str(info.value) for fragment in MANY_PROBLEMS_FRAGMENTS)
    assert _state_snapshot() == before


MANY_PROBLEMS_GERMAN = (
    "seine Meldungskataloge sind nicht lesbar: catalog_dir ist gesetzt, catalog_domain aber nicht",
    "die Parameterspezifikation 'educational_offer.cap' gibt es bereits in den landesweiten Regeln",
    "unbekannter Parameter 'educational_offer.caps'",
    "die Regel 'boerde.cap' ersetzt die unbekannte Regel 'cap.nothing'",
    "die unbekannte Regel 'no.such.rule' kann nicht abgeschaltet werden",
    "die Regelkennung 'cap.amount' wird bereits von den landesweiten Regeln verwendet",
    "die Regel 'boerde.reads' liest den unbekannten Parameter 'boerde.unknown'",
    "die Regel 'boerde.reads' deklariert den Befundcode 'cap.exceeded' anders, als er bereits "
    "deklariert ist",
)


def test_a_failed_plugin_is_reported_in_german_too() -> None:
    registry = PluginRegistry.from_plugins(
        [(MANY_PROBLEMS, "schulerfolg-test-inmemory", "1.0")], strict=False, select={}
    )
    (report,) = registry.reports
    assert report.error_text is not None
    assert str(report.error_text) == report.error
    german = render_text(report.error_text, "de")
    assert german.startswith("Plugin schulerfolg-test-inmemory/many-problems 1.0: ")
    missing = [fragment for fragment in MANY_PROBLEMS_GERMAN if fragment not in german]
    assert missing == [], german
    # The text is for people: the JSON form of the report is as it was.
    assert "error_text" not in to_dict(report)
    assert to_dict(report)["error"] == report.error
    with pytest.raises(PluginError) as info:
        registry.rulebook(BOERDE)
    message = message_text(info.value, "de")
    assert message.startswith("das Plugin für Börde (15083) ist fehlgeschlagen und wurde nicht ")
    assert german in message


def test_a_valid_plugin_next_to_an_invalid_one_still_works() -> None:
    good = DistrictPlugin(
        api_version=1,
        district=HALLE,
        name="good",
        parameters=(
            Parameter(
                name="educational_offer.additional_documents",
                values=(
                    ParameterValue(
                        value=("concept",), valid_from=date(2022, 8, 1), source=TEST_SOURCE
                    ),
                ),
            ),
        ),
    )
    registry = PluginRegistry.from_plugins(
        [(MANY_PROBLEMS, "bad", "1"), (good, "good", "1")], strict=False, select={}
    )
    assert [r.status for r in registry.reports] == [PluginStatus.FAILED, PluginStatus.ACTIVE]
    app = in_district(EXAMPLE, HALLE, documents=("application_form",))
    decision = evaluate(app, rulebook=registry.rulebook(HALLE))
    assert [f.params for f in decision.errors()] == [{"document": "concept"}]


class _Halt(BaseException):
    """Neither an Exception nor KeyboardInterrupt: what a plugin must never use to escape."""


@pytest.mark.parametrize(
    "escape",
    [SystemExit(0), SystemExit("bye"), _Halt("halt")],
    ids=["SystemExit(0)", "SystemExit(text)", "BaseException"],
)
def test_a_plugin_rule_that_exits_is_a_rule_error_never_a_silent_end(
    escape: BaseException,
) -> None:
    # Regression (#11): SystemExit from a rule escaped evaluate(), and the CLI exited 0 —
    # "eligible" — with no output.
    def check(application: Application, context: RuleContext) -> Iterator[Finding]:
        del application, context
        raise escape

    plugin = DistrictPlugin(
        api_version=1,
        district=BOERDE,
        name="exiting",
        added_rules=(
            Rule(id="boerde.exits", description="Exits.", source=TEST_SOURCE, check=check),
        ),
    )
    registry = PluginRegistry.from_plugins([(plugin, "exiting", "1")], strict=False, select={})
    with pytest.raises(RuleError) as info:
        evaluate(in_district(EXAMPLE, BOERDE), rulebook=registry.rulebook(BOERDE))
    assert info.value.rule_id == "boerde.exits"
    assert info.value.__cause__ is escape


def test_a_keyboard_interrupt_in_a_rule_still_interrupts() -> None:
    def check(application: Application, context: RuleContext) -> Iterator[Finding]:
        del application, context
        raise KeyboardInterrupt

    plugin = DistrictPlugin(
        api_version=1,
        district=BOERDE,
        name="interrupted",
        added_rules=(
            Rule(id="boerde.stops", description="Stops.", source=TEST_SOURCE, check=check),
        ),
    )
    registry = PluginRegistry.from_plugins([(plugin, "stop", "1")], strict=False, select={})
    with pytest.raises(KeyboardInterrupt):
        evaluate(in_district(EXAMPLE, BOERDE), rulebook=registry.rulebook(BOERDE))


@pytest.mark.parametrize(
    ("value_type", "shown"),
    [(float, "float"), (tuple[float, ...], "tuple[float, ...]"), (int | float, "int | float")],
)
def test_a_parameter_of_the_plugins_own_typed_float_is_refused(
    value_type: object, shown: str
) -> None:
    # Regression (#11): a plugin's own parameter could bring a float into a decision's trace.
    plugin = DistrictPlugin(
        api_version=1,
        district=BOERDE,
        name="floating",
        parameter_specs=(
            ParameterSpec(name="boerde.share", value_type=value_type, description="A share."),
        ),
        parameters=(
            Parameter(
                name="boerde.share",
                values=(
                    ParameterValue(value=0.5, valid_from=date(2022, 8, 1), source=TEST_SOURCE),
                ),
            ),
        ),
    )
    registry = PluginRegistry.from_plugins([(plugin, "floating", "1")], strict=False, select={})
    with pytest.raises(PluginError) as info:
        registry.rulebook(BOERDE)
    problems = [(p.path, p.code) for p in info.value.problems]
    assert ("$.parameter_specs[0].value_type", "type") in problems
    assert f"its type {shown}" in str(info.value) or "holds a float" in str(info.value)


@pytest.mark.parametrize(
    ("api_version", "said"),
    [
        ("1", "api_version must be a whole number such as 1, not the text '1'"),
        (1.0, "api_version must be a whole number such as 1, not 1.0"),
        (True, "api_version must be a whole number such as 1, not True"),
    ],
)
def test_an_api_version_that_is_no_whole_number_is_named_as_such(
    api_version: object, said: str
) -> None:
    # Regression (#11): "1" was refused with "targets plugin API version 1; this schulerfolg
    # supports 1".
    plugin = DistrictPlugin(api_version=api_version, district=BOERDE, name="texty")  # type: ignore[arg-type]
    registry = PluginRegistry.from_plugins([(plugin, "texty", "1")], strict=False, select={})
    (report,) = registry.reports
    assert report.status is PluginStatus.FAILED
    assert report.api_version is None
    assert said in (report.error or "")
    assert "supports 1" not in (report.error or "")


def _package(tmp_path: Path, name: str) -> Path:
    """A package that must never be imported (a TOML plugin is read, not run)."""
    package = tmp_path / name
    package.mkdir()
    (package / "__init__.py").write_text('raise RuntimeError("imported a TOML plugin package")\n')
    return package


def _toml_found(name: str, value: str) -> FoundPlugin:
    return FoundPlugin(
        distribution=name,
        version="1",
        entry_point="wittenberg",
        value=value,
        ep=EntryPoint(name="wittenberg", value=value, group="schulerfolg.plugins"),
    )


WITTENBERG_TOML = (
    Path(schulerfolg.__file__).parent / "plugins" / "builtin" / "wittenberg.toml"
).read_text(encoding="utf-8")


def test_an_entry_point_naming_an_upper_case_toml_file_is_read_never_imported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Regression (#11): "pkg:plugin.TOML" was imported as Python, running the package's code.
    package = _package(tmp_path, "upper_case_plugin")
    (package / "plugin.TOML").write_text(WITTENBERG_TOML, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    found = _toml_found("upper-case", "upper_case_plugin:plugin.TOML")
    assert found.declarative
    plugin = load_plugin(found)
    assert plugin.district == "15091"
    assert "upper_case_plugin" not in sys.modules


def test_a_toml_plugin_reached_by_a_symlink_out_of_its_package_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Regression (#11): a symbolic link let a plugin read any file on the machine.
    outside = tmp_path / "elsewhere.toml"
    outside.write_text(WITTENBERG_TOML, encoding="utf-8")
    package = _package(tmp_path, "linking_plugin")
    (package / "plugin.toml").symlink_to(outside)
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(PluginError, match="the TOML file must lie inside the package"):
        load_plugin(_toml_found("linking", "linking_plugin:plugin.toml"))
    # A link inside the package is fine.
    (package / "real.toml").write_text(WITTENBERG_TOML, encoding="utf-8")
    (package / "inside.toml").symlink_to(package / "real.toml")
    assert load_plugin(_toml_found("linking", "linking_plugin:inside.toml")).district == "15091"
    assert "linking_plugin" not in sys.modules


def test_a_plugin_exception_that_cannot_say_what_it_is_still_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Regression (review of #11): an exception whose __str__ raises turned the report into an
    # internal error.
    (tmp_path / "mute_plugin.py").write_text(
        "class Mute(Exception):\n"
        "    def __str__(self):\n"
        "        raise RuntimeError('no words')\n"
        "raise Mute()\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    found = FoundPlugin(
        distribution="mute", version="1", entry_point="boerde", value="mute_plugin:plugin"
    )
    with pytest.raises(PluginError, match="failed to load: Mute: <unprintable>"):
        load_plugin(found)
    sys.modules.pop("mute_plugin", None)


def test_an_entry_point_value_that_names_nothing_is_the_plugins_failure() -> None:
    found = FoundPlugin(distribution="odd", version="1", entry_point="boerde", value="not a value!")
    with pytest.raises(PluginError) as info:
        load_plugin(found)
    assert "'not a value!' is no entry-point value (write 'module:attribute')" in str(info.value)
    assert "ist kein Wert eines Einstiegspunkts" in message_text(info.value, "de")
