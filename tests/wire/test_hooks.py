"""The strict structure hooks at the wire boundary: amounts, blank text, enumerations — each
documented statement of docs/json-format.md checked against the code, and the regressions of
issue #11."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

import schulerfolg
from schulerfolg import Application, DocumentError, from_dict, from_json
from schulerfolg._core.invariants import BLANK_CHARACTERS, blank, blank_items, is_blank
from schulerfolg._directory.programme import example_application_text
from schulerfolg._wire.toml_files import read_toml

_ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2060", "\ufeff")


def _example() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(example_application_text())
    return document


def _problems(document: object, cls: type[Any] = Application) -> list[tuple[str, str, str]]:
    with pytest.raises(DocumentError) as caught:
        from_json(document, cls) if isinstance(document, str) else from_dict(document, cls)
    return [(p.path, p.code, p.message) for p in caught.value.problems]


# --------------------------------------------------------------------------------------------
# Amounts: at most two decimal places, as written (#11)


@pytest.mark.parametrize("amount", ["1200.000", "1200.500", " 1200.00000 ", Decimal("1200.000")])
def test_an_amount_with_extra_zero_decimals_is_refused(amount: object) -> None:
    # Regression (#11): "1200.000" was read as 1200.00 although the format refuses a third
    # decimal place.  A Decimal given to from_dict counts its places like the text.
    document = _example()
    document["cost_plan"][0]["amount"] = amount
    expected = f"not an amount: {amount!r} has more than two decimal places"
    assert _problems(document) == [("$.cost_plan[0].amount", "invalid", expected)]


def test_an_amount_with_extra_zero_decimals_is_refused_in_json_text() -> None:
    text = example_application_text().replace('"1800.00"', '"1800.000"')
    assert _problems(text) == [
        (
            "$.requested_amount",
            "invalid",
            "not an amount: '1800.000' has more than two decimal places",
        )
    ]


def test_an_amount_with_extra_zero_decimals_is_refused_in_a_toml_document(tmp_path: Path) -> None:
    path = tmp_path / "amount.toml"
    path.write_text('source = "eu"\namount = "10.000"\n', encoding="utf-8")
    assert _problems(read_toml(path), schulerfolg.FundingAmount) == [
        ("$.amount", "invalid", "not an amount: '10.000' has more than two decimal places")
    ]


def test_amounts_with_two_or_fewer_places_are_still_read() -> None:
    document = _example()
    for index, amount in enumerate(("1200", "250.0", "350.00")):
        document["cost_plan"][index]["amount"] = amount
    assert from_dict(document, Application) == schulerfolg.example_application()


# --------------------------------------------------------------------------------------------
# Blank text: white space and the zero-width characters (#11)


@pytest.mark.parametrize("text", [*_ZERO_WIDTH, "\u200b\u200c\u200d\u2060\ufeff", " \u200b\t"])
def test_text_of_only_zero_width_characters_is_refused_as_empty(text: str) -> None:
    # Regression (#11): "\u200b" counted as real text.
    document = _example()
    document["title"] = text
    document["call"] = text  # an optional field: blank is refused there too
    document["documents"] = ["cost_plan", text]
    assert _problems(document) == [
        ("$.title", "invalid", "must not be empty"),
        ("$.documents[1]", "invalid", "must not be empty"),
        ("$.call", "invalid", "must not be empty"),
    ]


@pytest.mark.parametrize("text", ["\u200bx", "x\ufeff", "\u200dß", "\u200f\u05d0"])
def test_text_with_a_visible_character_besides_zero_width_ones_is_kept_as_it_is(
    text: str,
) -> None:
    document = _example()
    document["title"] = text
    assert from_dict(document, Application).title == text


def test_blank_is_one_definition_for_the_wire_and_the_model() -> None:
    assert all(is_blank(ch) for ch in BLANK_CHARACTERS)
    assert is_blank("")
    assert is_blank(" \u3000\u200b\ufeff")
    assert not is_blank("\u200bx")
    assert not is_blank("-")
    # Every character Python counts as white space is in the set (str.strip's own set).
    space = {chr(code) for code in range(sys.maxunicode + 1) if chr(code).isspace()}
    assert space <= set(BLANK_CHARACTERS)
    assert set(BLANK_CHARACTERS) - space == set(_ZERO_WIDTH)


@attrs.frozen
class _Named:
    name: str


@pytest.mark.parametrize("text", _ZERO_WIDTH)
def test_the_model_invariants_refuse_zero_width_text_as_empty(text: str) -> None:
    # Regression (#11): blank() and blank_items() used str.strip alone.
    assert [field for field, _ in blank(_Named(text), "name")] == ["name"]
    assert [field for field, _ in blank_items("tasks", ["x", text])] == ["tasks[1]"]
    office = schulerfolg.network_offices()[0]
    with pytest.raises(schulerfolg.InvariantError) as caught:
        attrs.evolve(office, tasks=("Beratung", text))
    assert [(p.path, p.message) for p in caught.value.problems] == [
        ("$.tasks[1]", "must not be empty")
    ]


@pytest.mark.parametrize("text", _ZERO_WIDTH)
def test_a_model_built_in_python_refuses_a_zero_width_name(text: str) -> None:
    # Regression (#11), through Checked's fast path for the fields that must not be blank.
    with pytest.raises(schulerfolg.InvariantError) as caught:
        schulerfolg.Applicant(name=text, kind=schulerfolg.ApplicantKind.SCHOOL)
    assert [(p.path, p.message) for p in caught.value.problems] == [("$.name", "must not be empty")]


# --------------------------------------------------------------------------------------------
# District references: the tolerance docs/json-format.md lists, nothing more (#11)


@pytest.mark.parametrize(
    "reference",
    ["Dessau-Roßlau!", "15001.", "dessau-rosslau\ud800", "\uff11\uff15\uff10\uff10\uff11"],
)
def test_a_loose_district_reference_is_refused_with_a_suggestion(reference: str) -> None:
    # Regression (#11): these resolved to Dessau-Roßlau.
    document = _example()
    document["schools"][0]["district"] = reference
    [(path, code, message)] = _problems(document)
    assert (path, code) == ("$.schools[0].district", "invalid")
    assert message.startswith(f"unknown district: {reference!r} — did you mean ")
    assert "Stadt Dessau-Roßlau (15001)" in message


@pytest.mark.parametrize(
    "reference", ["15001", "15001000", "dessau-rosslau", " DESSAU ROSSLAU ", "Stadt Dessau-Roßlau"]
)
def test_a_documented_district_spelling_is_read(reference: str) -> None:
    document = _example()
    document["schools"][0]["district"] = reference
    assert from_dict(document, Application).schools[0].district.key == "15001"


# --------------------------------------------------------------------------------------------
# Documented codes: json-format.md checked against the code


@pytest.mark.parametrize("key", ["kind", "address"])
def test_a_repeated_key_is_refused_as_a_whole_with_code_syntax(key: str) -> None:
    # json-format.md, "Objects and keys": a repeated key is refused as a whole, code `syntax`
    # at `$`, with this message.
    text = example_application_text().replace('"kind": "school",', f'"kind": "school", "{key}": 1,')
    assert _problems(text) == [
        ("$", "syntax", f"not valid JSON: the key '{key}' appears twice in one object")
    ]


@pytest.mark.parametrize(
    ("path", "value", "code"),
    [
        (("applicant", "kind"), None, "type"),
        (("target_groups", 0), None, "type"),
        (("schools", 0, "school_type"), None, "type"),
        (("applicant", "kind"), 1, "type"),
        (("applicant", "kind"), True, "type"),
        (("applicant", "kind"), [], "type"),
        (("applicant", "kind"), {}, "type"),
        (("applicant", "kind"), "School", "invalid"),
    ],
)
def test_an_enumeration_value_of_another_json_type_has_code_type(
    path: tuple[str | int, ...], value: object, code: str
) -> None:
    # json-format.md, "Enumerations": another string is `invalid`; a number, a boolean, `null`,
    # a list or an object is `type`.  Either way the message lists the allowed values.
    document = _example()
    target: Any = document
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    [(where, found, message)] = _problems(document)
    assert found == code
    assert message.startswith("expected one of ")
    assert where.startswith("$")


# --------------------------------------------------------------------------------------------
# A field's validator


@pytest.mark.parametrize("year", [0, 9999, 10**20])
def test_a_field_validator_s_problem_is_reported_once_at_the_field(year: int) -> None:
    # The year's validator names its field relative to the object ("$.year"); read from a
    # document, the problem was reported at "$.year.year".
    problems = _problems({"year": year}, schulerfolg.CalendarYear)
    assert [(path, code) for path, code, _ in problems] == [("$.year", "invalid")]
    nested = _problems({"start_year": year}, schulerfolg.SchoolYear)
    assert [(path, code) for path, code, _ in nested] == [("$.start_year", "invalid")]
