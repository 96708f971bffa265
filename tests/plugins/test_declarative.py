"""Declarative (TOML) district plugins read from a file
(:mod:`schulerfolg.plugins._declarative`): a valid file works like a Python plugin, and every
problem of an invalid one is reported at once with the file and the key path.  A TOML file
holds data, never code.
"""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

import schulerfolg
from helpers import in_district
from schulerfolg import DocumentError, Money, evaluate
from schulerfolg._core.texts import message_text
from schulerfolg.plugins import PluginRegistry, load_declarative_plugin

BOERDE = "15083"
EXAMPLE = schulerfolg.example_application()

#: No SCHULERFOLG_* plugin settings from outside, and no cached registries across tests.
pytestmark = pytest.mark.usefixtures("plugin_env")

VALID_TOML = """\
api_version = 1
district = "15083"
name = "Börde: declarative test plugin"
sources = [{ reference = "tests/plugins/test_declarative.py", title = "Test fixture" }]

[[parameter]]
name = "educational_offer.cap"

[[parameter.values]]
valid_from = 2022-08-01
value = { amount = "1800.00", scope = "per_offer", basis = "calendar_year" }
provisional = true
source = { reference = "tests/plugins/test_declarative.py", title = "Test fixture" }

[[parameter]]
name = "educational_offer.additional_documents"

[[parameter.values]]
valid_from = 2022-08-01
value = ["boerde_plan"]
source = { reference = "tests/plugins/test_declarative.py" }

[[documents]]
id = "boerde_plan"
en = "Börde project plan"
de = "Projektplan Börde"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "x.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_valid_declarative_plugin_works(tmp_path: Path) -> None:
    plugin = load_declarative_plugin(write(tmp_path, VALID_TOML))
    assert (plugin.api_version, plugin.district, plugin.name) == (
        1,
        BOERDE,
        "Börde: declarative test plugin",
    )
    registry = PluginRegistry.from_plugins(
        [(plugin, "schulerfolg-test-toml", "3.1")], strict=False, select={}
    )
    rulebook = registry.rulebook(BOERDE)
    app = in_district(EXAMPLE, BOERDE)  # 1,800 EUR, without the Börde plan
    decision = evaluate(app, rulebook=rulebook)
    assert decision.codes() == ("document.missing",)
    assert rulebook.message(decision.findings[0], "de") == "Das Dokument „Projektplan Börde“ fehlt."
    assert rulebook.message(decision.findings[0], "en") == (
        "The document „Börde project plan“ is missing."
    )
    cap = next(use for use in decision.parameters if use.name == "educational_offer.cap")
    assert (cap.layer, cap.layer_version, cap.value.provisional) == (
        "schulerfolg-test-toml/Börde: declarative test plugin",
        "3.1",
        True,
    )
    over = in_district(
        EXAMPLE,
        BOERDE,
        documents=(*EXAMPLE.documents, "boerde_plan"),
        cost_plan=(attrs.evolve(EXAMPLE.cost_plan[0], amount=Money("1801.00")),),
        requested_amount=Money("1801.00"),
    )
    assert evaluate(over, rulebook=rulebook).codes() == ("cap.exceeded",)


def _replace(old: str, new: str) -> str:
    assert old in VALID_TOML
    return VALID_TOML.replace(old, new, 1)


INVALID_TOML = [
    pytest.param(VALID_TOML + 'colour = "red"\n', "$.documents[0].colour", id="unknown-key-doc"),
    pytest.param('colour = "red"\n' + VALID_TOML, "$.colour", id="unknown-key-top"),
    pytest.param(
        _replace("provisional = true\n", "provisional = true\nextra = 1\n"),
        "$.parameter[0].values[0].extra",
        id="unknown-key-nested",
    ),
    pytest.param(
        _replace("api_version = 1", 'api_version = "one"'), "$.api_version", id="type-int"
    ),
    pytest.param(
        _replace("valid_from = 2022-08-01", 'valid_from = "soon"'),
        "$.parameter[0].values[0].valid_from",
        id="type-date",
    ),
    pytest.param(
        _replace('scope = "per_offer"', 'scope = "per_galaxy"'),
        "$.parameter[0].values[0].value.scope",
        id="bad-value-enum",
    ),
    pytest.param(
        _replace('amount = "1800.00"', 'amount = "-5.00"'),
        "$.parameter[0].values[0].value.amount",
        id="bad-value-negative",
    ),
    pytest.param(
        _replace('value = ["boerde_plan"]', 'value = "boerde_plan"'),
        "$.parameter[1].values[0].value",
        id="bad-value-not-a-list",
    ),
    pytest.param(
        _replace('name = "educational_offer.cap"', 'name = "educational_offer.caps"'),
        "$.parameter[0].name",
        id="unknown-parameter",
    ),
    pytest.param(
        _replace('id = "boerde_plan"', 'id = "Börde Plan"'), "$.documents[0].id", id="document-id"
    ),
    # A TOML file holds data, never code: an "expression" is just a wrong-typed string.
    pytest.param(
        _replace(
            'value = { amount = "1800.00", scope = "per_offer", basis = "calendar_year" }',
            "value = \"__import__('os')\"",
        ),
        "$.parameter[0].values[0].value",
        id="code-is-a-string",
    ),
    pytest.param(
        _replace('value = ["boerde_plan"]', "value = __import__('os')"), "$", id="code-is-no-toml"
    ),
]


@pytest.mark.parametrize(("text", "key_path"), INVALID_TOML)
def test_invalid_declarative_plugins_name_the_file_and_key_path(
    tmp_path: Path, text: str, key_path: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(DocumentError) as info:
        load_declarative_plugin(path)
    error = info.value
    assert error.source == str(path)
    assert [problem.path for problem in error.problems] == [key_path]
    assert str(path) in str(error)
    assert f"  {key_path}" in str(error)


def test_every_problem_of_a_declarative_plugin_is_reported_together(tmp_path: Path) -> None:
    text = (
        _replace("api_version = 1", 'api_version = "one"\ncolour = "red"')
        .replace('name = "educational_offer.cap"', 'name = "educational_offer.caps"')
        .replace('id = "boerde_plan"', 'id = "Plan"')
    )
    with pytest.raises(DocumentError) as info:
        load_declarative_plugin(write(tmp_path, text))
    assert [problem.path for problem in info.value.problems] == [
        "$.api_version",
        "$.colour",
        "$.parameter[0].name",
        "$.documents[0].id",
    ]
    german = message_text(info.value, "de")
    assert "  $.documents[0].id: 'Plan' ist keine Dokumentkennung (wie 'cost_plan')" in german


def test_a_code_looking_string_stays_a_string(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    payload = f"__import__('os').system('touch {marker}')"
    plugin = load_declarative_plugin(
        write(tmp_path, _replace('name = "Börde: declarative test plugin"', f'name = "{payload}"'))
    )
    assert plugin.name == payload
    assert not marker.exists()


def test_a_missing_declarative_file_is_a_document_error(tmp_path: Path) -> None:
    path = tmp_path / "missing.toml"
    with pytest.raises(DocumentError) as info:
        load_declarative_plugin(path)
    assert info.value.source == str(path)
    assert [p.code for p in info.value.problems] == ["io"]
    assert "  $: nicht lesbar: " in message_text(info.value, "de")


def test_a_declarative_plugin_translates_its_notes(tmp_path: Path) -> None:
    # A note is English, the message id; `[[translations]]` gives its German, which the
    # plugin's catalog holds beside its documents' labels — also without any document.
    text = _replace(
        'provisional = true\nsource = { reference = "tests/plugins/test_declarative.py", '
        'title = "Test fixture" }',
        'provisional = true\nnote = "The page is undated."\nsource = { reference = '
        '"tests/plugins/test_declarative.py", title = "Test fixture" }',
    ).split("[[documents]]")[0]
    text = text.replace('value = ["boerde_plan"]', "value = []")
    text += '[[translations]]\nen = "The page is undated."\nde = "Die Seite ist undatiert."\n'
    plugin = load_declarative_plugin(write(tmp_path, text))
    registry = PluginRegistry.from_plugins([(plugin, "schulerfolg-test-toml", "3.1")])
    rulebook = registry.rulebook(BOERDE)
    assert rulebook.translations("de").gettext("The page is undated.") == (
        "Die Seite ist undatiert."
    )
    assert rulebook.translations("en").gettext("The page is undated.") == "The page is undated."


def test_a_blank_translation_is_refused_at_its_path(tmp_path: Path) -> None:
    text = VALID_TOML + '[[translations]]\nen = "The page is undated."\nde = " "\n'
    with pytest.raises(DocumentError) as info:
        load_declarative_plugin(write(tmp_path, text))
    assert [problem.path for problem in info.value.problems] == ["$.translations[0].de"]
