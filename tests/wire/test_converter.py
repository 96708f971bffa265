"""The strict converter: round trips for every public type, and malformed documents.

Every malformed document must raise :class:`schulerfolg.DocumentError` (never another
exception), with the JSON path of each problem.
"""

from __future__ import annotations

import ast
import copy
import enum
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import schulerfolg
from schulerfolg import strategies
from schulerfolg._core import dates, money, provenance
from schulerfolg._directory.programme import example_application_text
from schulerfolg._model import (
    application,
    cost_plan,
    directory,
    enums,
    grant,
    organisations,
    programme,
)
from schulerfolg.strategies import for_type

# --------------------------------------------------------------------------------------------
# Round trips

#: The modules that define the model; the rule engine's public types and the co-financing split
#: are tested elsewhere.
_MODEL_MODULES = (
    enums,
    organisations,
    directory,
    programme,
    grant,
    cost_plan,
    application,
    dates,
    money,
    provenance,
)


def _defined_classes(module: ModuleType) -> set[str]:
    """The names of the classes ``module``'s source defines (public types show their public
    home as ``__module__``, so the source tells where a class is defined)."""
    assert module.__file__ is not None
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    return {node.name for node in tree.body if isinstance(node, ast.ClassDef)}


_MODEL_CLASSES = {
    obj
    for module in _MODEL_MODULES
    for name in _defined_classes(module)
    if isinstance(obj := vars(module)[name], type)
}


def _public_types() -> list[type[Any]]:
    """Every public model type: attrs classes and enumerations exported by ``schulerfolg``."""
    found: list[type[Any]] = []
    for name in schulerfolg.__all__:
        obj = getattr(schulerfolg, name)
        if not isinstance(obj, type) or obj not in _MODEL_CLASSES:
            continue
        if attrs.has(obj) or issubclass(obj, enum.Enum):
            found.append(obj)
    return found


PUBLIC_TYPES = _public_types()


def test_public_types_are_found() -> None:
    names = {tp.__name__ for tp in PUBLIC_TYPES}
    assert {"Money", "DateRange", "District", "Application", "TargetGroup"} <= names
    assert len(names) >= 29  # 21 classes and 8 enumerations when this was written


def test_every_public_type_has_a_strategy() -> None:
    assert set(PUBLIC_TYPES) <= set(strategies.TYPES)


def test_for_type_refuses_other_types() -> None:
    with pytest.raises(TypeError, match="no strategy"):
        for_type(schulerfolg.Problem)


# One test per type; drawing inside the test needs no deadline (a whole application is built).
@pytest.mark.parametrize("tp", PUBLIC_TYPES, ids=lambda tp: tp.__name__)
@settings(deadline=None)
@given(data=st.data())
def test_round_trip(tp: type[Any], data: st.DataObject) -> None:
    obj = data.draw(for_type(tp), label=tp.__name__)

    plain = schulerfolg.to_dict(obj)
    assert schulerfolg.from_dict(plain, tp) == obj
    # The plain data really is plain JSON data: it survives a trip through json unchanged.
    assert json.loads(json.dumps(plain)) == plain

    text = schulerfolg.to_json(obj)
    assert schulerfolg.from_json(text, tp) == obj
    assert schulerfolg.from_json(text.encode("utf-8"), tp) == obj
    assert schulerfolg.from_json(schulerfolg.to_json(obj, indent=None), tp) == obj

    # Deterministic: the same object, or an equal one read back, is written the same way.
    assert schulerfolg.to_json(obj) == text
    assert schulerfolg.to_json(schulerfolg.from_json(text, tp)) == text


def test_importing_schulerfolg_does_not_import_hypothesis() -> None:
    code = "import sys, schulerfolg; sys.exit('hypothesis' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True)
    assert result.returncode == 0, result.stderr.decode()


def test_register_lets_from_type_build_valid_objects() -> None:
    strategies.register()
    strategies.register()  # a second call does no harm

    @settings(max_examples=10, database=None, deadline=None)
    @given(st.from_type(schulerfolg.Application), st.from_type(schulerfolg.Money))
    def check(application: schulerfolg.Application, amount: schulerfolg.Money) -> None:
        assert application.cost_plan_total == application.requested_amount
        assert isinstance(amount, schulerfolg.Money)

    check()


def test_example_round_trips() -> None:
    example = schulerfolg.example_application()
    assert schulerfolg.from_dict(schulerfolg.to_dict(example), schulerfolg.Application) == example
    assert schulerfolg.from_json(schulerfolg.to_json(example), schulerfolg.Application) == example


def test_enums_are_written_as_plain_text() -> None:
    plain = schulerfolg.to_dict(schulerfolg.example_application())
    assert type(plain["target_groups"][0]) is str
    assert type(plain["applicant"]["kind"]) is str


# --------------------------------------------------------------------------------------------
# Malformed documents

DELETE = object()


def _example() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(example_application_text())
    return document


_EXAMPLE = _example()


def changed(*edits: tuple[str, object], base: dict[str, Any] | None = None) -> dict[str, Any]:
    """A deep copy of the example application (or ``base``) with edits applied.

    Each edit is ``(path, value)`` with a dotted path such as ``"cost_plan.0.amount"``; the value
    ``DELETE`` removes the key.
    """
    document = copy.deepcopy(_EXAMPLE if base is None else base)
    for path, value in edits:
        *parents, last = (int(part) if part.isdigit() else part for part in path.split("."))
        target: Any = document
        for part in parents:
            target = target[part]
        if value is DELETE:
            del target[last]
        else:
            target[last] = value
    return document


def as_json(document: object) -> str:
    return json.dumps(document, ensure_ascii=False)


def json_with(path: str, literal: str) -> str:
    """The example as JSON text with the value at ``path`` replaced by a raw JSON literal."""
    marker = "\u0000MARKER\u0000"
    return as_json(changed((path, marker))).replace(json.dumps(marker), literal)


@attrs.frozen
class Text:
    """A document given as JSON text or bytes (read with ``from_json``)."""

    value: str | bytes


_CO_FINANCING: dict[str, Any] = {
    "module": "network_office",
    "eu_share": "0.6",
    "state_share": "0",
    "municipal_share": "0.4",
    "provisional": True,
    "source": {"reference": "https://www.lkjl.de/", "title": "Landkreis Jerichower Land"},
    "note": None,
}

_CONTACT: dict[str, Any] = {
    "name": "Anna Beispiel",
    "role": "Koordinatorin",
    "phone": "03491 123456",
    "email": "anna.beispiel@example.de",
}


def case(
    document: object,
    paths: list[str],
    message: str | None = None,
    *,
    cls: type[Any] = schulerfolg.Application,
    id: str,
) -> Any:
    return pytest.param(document, cls, paths, message, id=id)


MALFORMED = [
    # Wrong JSON types
    case(changed(("title", 5)), ["$.title"], "expected text, got a number", id="number-for-text"),
    case(
        changed(("schools.0.has_school_social_work", "true")),
        ["$.schools[0].has_school_social_work"],
        "expected true or false",
        id="text-for-bool",
    ),
    case(changed(("schools", {})), ["$.schools"], "expected a list", id="object-for-list"),
    case(changed(("applicant", [])), ["$.applicant"], "expected an object", id="list-for-object"),
    case(
        changed(("target_groups", "pupils")),
        ["$.target_groups"],
        "expected a list, got text",
        id="string-for-list-of-enums",
    ),
    case(
        changed(("documents", "abc")),
        ["$.documents"],
        "expected a list, got text",
        id="string-for-list-of-text",
    ),
    case(changed(("title", None)), ["$.title"], "got null", id="null-for-required-text"),
    case(
        changed(("cost_plan.0", "Honorar")),
        ["$.cost_plan[0]"],
        "expected an object",
        id="text-for-list-item-object",
    ),
    case(
        changed(("cost_plan.0.calendar_year", True)),
        ["$.cost_plan[0].calendar_year"],
        "expected a whole number, got a boolean",
        id="bool-for-int",
    ),
    case(
        changed(("cost_plan.0.calendar_year", 2025.0)),
        ["$.cost_plan[0].calendar_year"],
        "expected a whole number",
        id="float-for-int",
    ),
    # Missing and unknown keys
    case(changed(("title", DELETE)), ["$.title"], "required key missing", id="missing-top-level"),
    case(
        changed(("applicant.kind", DELETE)),
        ["$.applicant.kind"],
        "required key missing",
        id="missing-nested",
    ),
    case(
        changed(("period.end", DELETE)), ["$.period.end"], "required key missing", id="missing-end"
    ),
    case(changed(("budget", "1800.00")), ["$.budget"], "unknown key", id="extra-key-top-level"),
    case(
        changed(("cost_plan.1.vat", "19")),
        ["$.cost_plan[1].vat"],
        "unknown key",
        id="extra-key-in-list-item",
    ),
    case(
        changed(("applicant.address.country", "DE")),
        ["$.applicant.address.country"],
        "unknown key",
        id="extra-key-deeply-nested",
    ),
    case(
        changed(("period.end date", "2025-12-19")),
        ['$.period["end date"]'],
        "unknown key",
        id="extra-key-not-a-name",
    ),
    case({**_EXAMPLE, 1: "x"}, ["$"], "keys must be text", id="extra-key-not-text"),
    # Money
    case(
        Text(json_with("requested_amount", "12.5")),
        ["$.requested_amount"],
        "floats are refused",
        id="json-float-for-money",
    ),
    case(
        changed(("cost_plan.0.amount", 1200.0)),
        ["$.cost_plan[0].amount"],
        "floats are refused",
        id="python-float-for-money",
    ),
    case(
        changed(("cost_plan.0.amount", "-1200.00")),
        # The application's own checks (the total) wait until all its fields could be read.
        ["$.cost_plan[0].amount"],
        "must not be negative",
        id="negative-line-amount",
    ),
    case(
        changed(("requested_amount", "-1800.00")),
        ["$.requested_amount"],
        "must not be negative",
        id="negative-requested-amount",
    ),
    case(
        changed(("cost_plan.0.amount", "1200.001")),
        ["$.cost_plan[0].amount"],
        "more than two decimal places",
        id="three-decimals",
    ),
    case(
        changed(("cost_plan.0.amount", "1.200,00")),
        ["$.cost_plan[0].amount"],
        "not an amount",
        id="german-amount-text",
    ),
    case(
        changed(("requested_amount", 10**30)),
        ["$.requested_amount"],
        "larger than",
        id="huge-amount",
    ),
    case(
        Text(json_with("requested_amount", "1" + "0" * 5000)),
        ["$.requested_amount"],
        "5001 digits",
        id="json-5000-digit-amount",
    ),
    case(
        changed(("requested_amount", 1799)),
        ["$.requested_amount"],
        "differs from the cost plan total",
        id="cost-plan-total-differs",
    ),
    # Dates and periods
    case(
        changed(("period.start", "01.09.2025")),
        ["$.period.start"],
        "YYYY-MM-DD",
        id="german-date-in-json",
    ),
    case(
        changed(("consultation_date", "31.02.2024")),
        ["$.consultation_date"],
        "not a date",
        id="impossible-german-date",
    ),
    case(
        changed(("consultation_date", "2024-13-01")),
        ["$.consultation_date"],
        "month must be in 1..12",
        id="month-13",
    ),
    case(
        changed(("submission_date", "2024-02-30")),
        ["$.submission_date"],
        "day is out of range",
        id="february-30",
    ),
    case(
        changed(("consultation_date", 20240101)),
        ["$.consultation_date"],
        "expected a date",
        id="number-for-date",
    ),
    case(
        changed(("period.end", "2025-08-01")),
        ["$.period.end"],
        "before it starts",
        id="end-before-start",
    ),
    case(
        changed(("cost_plan.0.calendar_year", 10**20)),
        ["$.cost_plan[0].calendar_year"],
        "not a year",
        id="huge-calendar-year",
    ),
    case(
        Text(json_with("cost_plan.0.calendar_year", "9" * 5000)),
        ["$.cost_plan[0].calendar_year"],
        "too large",
        id="json-5000-digit-year",
    ),
    case(
        changed(("cost_plan.0.calendar_year", 10**5000)),
        ["$.cost_plan[0].calendar_year"],
        "too large",
        id="python-5000-digit-year",
    ),
    case(
        changed(("cost_plan.0.calendar_year", 2024)),
        ["$.cost_plan[0].calendar_year"],
        "outside the offer's period",
        id="line-year-outside-period",
    ),
    case(
        changed(("cost_plan.2.incurred_on", "2025-01-05")),
        ["$.cost_plan[2].incurred_on"],
        "outside the offer's period",
        id="line-date-outside-period",
    ),
    # Text and reference data
    case(changed(("district", "99999")), ["$.district"], "unknown district", id="unknown-district"),
    case(
        changed(("schools.0.district", "Atlantis")),
        ["$.schools[0].district"],
        "unknown district",
        id="unknown-school-district",
    ),
    case(changed(("title", "")), ["$.title"], "must not be empty", id="empty-string"),
    case(
        changed(("applicant.address.city", " \t ")),
        ["$.applicant.address.city"],
        "must not be empty",
        id="whitespace-only-string",
    ),
    case(
        changed(("applicant.address.postal_code", "6886")),
        ["$.applicant.address.postal_code"],
        "five digits",
        id="short-postal-code",
    ),
    case(
        changed(("documents.1", "Cost Plan")),
        ["$.documents[1]"],
        "not a document id",
        id="bad-document-id",
    ),
    # Lists and enumerations
    case(
        changed(("target_groups", [])),
        ["$.target_groups"],
        "at least one target group",
        id="empty-target-groups",
    ),
    case(
        changed(("target_groups", ["pupils", "teachers", "pupils"])),
        ["$.target_groups"],
        "listed more than once: pupils",
        id="duplicate-target-groups",
    ),
    case(
        changed(("target_groups", ["Pupils"])),
        ["$.target_groups[0]"],
        "expected one of 'pupils'",
        id="enum-wrong-case",
    ),
    case(
        changed(("applicant.kind", "School")),
        ["$.applicant.kind"],
        "expected one of 'school'",
        id="enum-wrong-case-nested",
    ),
    case(changed(("schools", [])), ["$.schools"], "at least one school", id="no-schools"),
    # The document as a whole
    case([_EXAMPLE], ["$"], "expected an object, got a list", id="top-level-list"),
    case(Text("[]"), ["$"], "expected an object, got a list", id="json-top-level-list"),
    case(
        Text(as_json(_EXAMPLE).encode("utf-8").replace("ß".encode(), b"\xdf")),
        ["$"],
        "not UTF-8",
        id="non-utf8-bytes",
    ),
    case(Text(as_json(_EXAMPLE)[:-20]), ["$"], "not valid JSON", id="truncated-json"),
    case(Text("{'id': 'WB-2025-017'}"), ["$"], "not valid JSON", id="single-quoted-json"),
    case(Text(json_with("requested_amount", "NaN")), ["$"], "NaN", id="json-nan"),
    case(
        Text(json_with("cost_plan.0.calendar_year", "-Infinity")),
        ["$"],
        "Infinity",
        id="json-infinity",
    ),
    case(
        {},
        ["$.id", "$.title", "$.district", "$.applicant", "$.cost_plan", "$.requested_amount"],
        "required key missing",
        id="empty-object",
    ),
    case(
        changed(
            ("title", 5),
            ("applicant.kind", DELETE),
            ("period.end", "2025-02-30"),
            ("cost_plan.1.amount", 2.5),
            ("schools.0.district", "Atlantis"),
            ("target_groups", ["pupils", "Parents"]),
            ("notes", "x"),
        ),
        [
            "$.title",
            "$.applicant.kind",
            "$.period.end",
            "$.cost_plan[1].amount",
            "$.schools[0].district",
            "$.target_groups[1]",
            "$.notes",
        ],
        id="several-problems-at-once",
    ),
    # Other documents
    case(
        changed(("municipal_share", "0.3"), base=_CO_FINANCING),
        ["$.municipal_share"],
        "shares must sum to exactly 1, they sum to 0.9",
        cls=schulerfolg.CoFinancing,
        id="shares-do-not-sum-to-one",
    ),
    case(
        changed(("municipal_share", "0.4000000000000000000000000000001"), base=_CO_FINANCING),
        ["$.municipal_share"],
        "shares must sum to exactly 1",
        cls=schulerfolg.CoFinancing,
        id="shares-off-by-a-tiny-amount",
    ),
    case(
        changed(("eu_share", "1e999999999"), base=_CO_FINANCING),
        ["$.eu_share", "$.municipal_share"],
        "must lie between 0 and 1",
        cls=schulerfolg.CoFinancing,
        id="huge-share",
    ),
    case(
        changed(("eu_share", 0.6), base=_CO_FINANCING),
        ["$.eu_share"],
        "floats are refused",
        cls=schulerfolg.CoFinancing,
        id="python-float-for-share",
    ),
    case(
        changed(("eu_share", "NaN"), base=_CO_FINANCING),
        ["$.eu_share"],
        "not a decimal number",
        cls=schulerfolg.CoFinancing,
        id="nan-share",
    ),
    case(
        changed(("email", "anna.beispiel@example"), base=_CONTACT),
        ["$.email"],
        "not an e-mail address",
        cls=schulerfolg.Contact,
        id="email-without-domain",
    ),
    case(
        changed(("email", "anna beispiel@example.de"), base=_CONTACT),
        ["$.email"],
        "not an e-mail address",
        cls=schulerfolg.Contact,
        id="email-with-space",
    ),
    case(
        changed(("email", ["anna.beispiel@example.de"]), base=_CONTACT),
        ["$.email"],
        "expected text",
        cls=schulerfolg.Contact,
        id="email-as-list",
    ),
    case(
        {"year": 10**20},
        ["$.year"],
        "must lie between 1 and 9998",
        cls=schulerfolg.CalendarYear,
        id="calendar-year-out-of-range",
    ),
    case(
        "15001",
        ["$"],
        "expected an object",
        cls=schulerfolg.DateRange,
        id="text-for-date-range",
    ),
    case(
        "2000.5O",
        ["$"],
        "not an amount",
        cls=schulerfolg.Money,
        id="money-with-letter-o",
    ),
]


def _ids(params: list[Any]) -> list[str]:
    return [param.id for param in params]


def test_malformed_cases_are_distinct_and_many() -> None:
    ids = _ids(MALFORMED)
    assert len(ids) == len(set(ids))
    assert len(MALFORMED) >= 30
    documents = [(param.values[0], param.values[1]) for param in MALFORMED]
    for index, document in enumerate(documents):
        assert all(document != other for other in documents[index + 1 :]), ids[index]


def _read(document: object, cls: type[Any]) -> object:
    if isinstance(document, Text):
        return schulerfolg.from_json(document.value, cls)
    return schulerfolg.from_dict(document, cls)


@pytest.mark.parametrize(("document", "cls", "paths", "message"), MALFORMED)
def test_malformed_document_is_refused_with_paths(
    document: object, cls: type[Any], paths: list[str], message: str | None
) -> None:
    try:
        _read(document, cls)
    except schulerfolg.DocumentError as exc:
        error = exc
    else:
        pytest.fail("the malformed document was accepted")
    found = [problem.path for problem in error.problems]
    missing = [path for path in paths if path not in found]
    assert not missing, f"paths {missing} not reported; got {error}"
    if message is not None:
        assert any(message in problem.message for problem in error.problems), str(error)
    assert all(problem.path.startswith("$") for problem in error.problems)
    assert all(problem.message for problem in error.problems)


def test_document_error_is_not_another_exception() -> None:
    # DocumentError is a ValueError too, but nothing else escapes: checked by the table above;
    # here the class relations embedders rely on.
    assert issubclass(schulerfolg.DocumentError, schulerfolg.SchulerfolgError)
    assert issubclass(schulerfolg.DocumentError, ValueError)


def test_unknown_keys_and_types_have_codes() -> None:
    with pytest.raises(schulerfolg.DocumentError) as info:
        schulerfolg.from_dict(
            changed(("budget", 1), ("title", 5), ("id", DELETE)), schulerfolg.Application
        )
    codes = {problem.path: problem.code for problem in info.value.problems}
    assert codes == {"$.budget": "unknown_key", "$.title": "type", "$.id": "missing"}


# --------------------------------------------------------------------------------------------
# How errors read


def test_document_error_renders_one_path_and_message_per_line() -> None:
    with pytest.raises(schulerfolg.DocumentError) as info:
        schulerfolg.from_dict(
            changed(("title", 5), ("cost_plan.0.amount", "1200.001")), schulerfolg.Application
        )
    lines = str(info.value).splitlines()
    assert lines[0] == "2 problems:"
    assert lines[1:] == [f"  {problem.path}: {problem.message}" for problem in info.value.problems]
    assert "  $.title: expected text, got a number (5)" in lines
    assert any(line.startswith("  $.cost_plan[0].amount: not an amount") for line in lines)


def test_document_error_names_its_source() -> None:
    with pytest.raises(schulerfolg.DocumentError) as info:
        schulerfolg.from_json("[]", schulerfolg.Application, source="antrag.json")
    assert str(info.value) == "1 problem in antrag.json:\n  $: expected an object, got a list"
    assert info.value.source == "antrag.json"


# --------------------------------------------------------------------------------------------
# Robustness: whatever the input, only DocumentError

_json_values: st.SearchStrategy[object] = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from(["2025-09-01", "1800.00", "pupils", "15091", "0.5", " "]),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)


def _paths(node: object, prefix: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found.extend(_paths(value, (*prefix, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(_paths(value, (*prefix, index)))
    return found


_EXAMPLE_PATHS = _paths(_EXAMPLE)[1:]


def _replace(path: tuple[str | int, ...], value: object) -> dict[str, Any]:
    document = copy.deepcopy(_EXAMPLE)
    target: Any = document
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return document


@given(path=st.sampled_from(_EXAMPLE_PATHS), value=_json_values)
def test_any_value_anywhere_gives_a_document_error_or_an_application(
    path: tuple[str | int, ...], value: object
) -> None:
    try:
        result = schulerfolg.from_dict(_replace(path, value), schulerfolg.Application)
    except schulerfolg.DocumentError as exc:
        result = exc
    if isinstance(result, schulerfolg.DocumentError):
        assert result.problems
        assert all(problem.path.startswith("$") for problem in result.problems)
    else:
        assert isinstance(result, schulerfolg.Application)


@given(st.binary(max_size=64) | st.text(max_size=64).map(str.encode))
def test_any_bytes_give_a_document_error_or_an_application(data: bytes) -> None:
    try:
        result: object = schulerfolg.from_json(data, schulerfolg.Application)
    except schulerfolg.DocumentError as exc:
        result = exc.problems
    assert result


@given(value=_json_values, tp=st.sampled_from(PUBLIC_TYPES))
def test_any_value_for_any_type_gives_a_document_error_or_an_object(
    value: object, tp: type[Any]
) -> None:
    try:
        result = schulerfolg.from_dict(value, tp)
    except schulerfolg.DocumentError:
        pass
    else:
        assert isinstance(result, tp)


def test_a_lone_surrogate_in_text_is_an_input_error_with_its_path() -> None:
    document = json.loads(example_application_text())
    document["id"] = "WB-2025-017-\ud800"
    with pytest.raises(schulerfolg.DocumentError) as info:
        schulerfolg.from_dict(document, schulerfolg.Application)
    assert [p.path for p in info.value.problems] == ["$.id"]
