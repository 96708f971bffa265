"""The JSON Schemas: generated from the model, published in docs/schemas/, valid for every
bundled and generated document, and never stricter than the library — a document the schema
refuses, the library refuses too."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import schulerfolg
from helpers import run
from schulerfolg import strategies
from schulerfolg._procedure.schemas import DOCUMENTS, document_schema

DOCS = Path(__file__).resolve().parents[2] / "docs" / "schemas"


def validator(name: str) -> jsonschema.Draft202012Validator:
    schema = document_schema(name)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_the_published_schema_is_the_generated_one(name: str) -> None:
    published = json.loads((DOCS / f"{name}.json").read_text(encoding="utf-8"))
    assert published == document_schema(name), f"regenerate: schulerfolg schema {name}"


@pytest.mark.parametrize("name", DOCUMENTS)
def test_the_command_prints_the_schema(name: str) -> None:
    result = run("schema", name)
    assert result.code == 0
    assert json.loads(result.out) == document_schema(name)


def test_the_bundled_example_is_valid() -> None:
    text = schulerfolg.to_json(schulerfolg.example_application())
    validator("application").validate(json.loads(text))
    decision = schulerfolg.evaluate(schulerfolg.example_application())
    validator("decision").validate(json.loads(schulerfolg.to_json(decision)))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(strategies.applications())
def test_generated_applications_and_their_decisions_are_valid(
    application: schulerfolg.Application,
) -> None:
    validator("application").validate(schulerfolg.to_dict(application))
    decision = schulerfolg.evaluate(
        application, rulebook=schulerfolg.state_rulebook(), on=date(2025, 6, 30)
    )
    validator("decision").validate(json.loads(schulerfolg.to_json(decision)))


@settings(max_examples=20, deadline=None)
@given(strategies.grant_notices(), strategies.awards())
def test_generated_grant_notices_and_awards_are_valid(
    notice: schulerfolg.GrantNotice, award: schulerfolg.Award
) -> None:
    validator("grant-notice").validate(schulerfolg.to_dict(notice))
    validator("award").validate(schulerfolg.to_dict(award))


def _mutations(document: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """A document with one key dropped, one value replaced, or one key added — at any depth."""
    paths: list[tuple[Any, ...]] = []

    def walk(value: Any, path: tuple[Any, ...]) -> None:
        paths.append(path)
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, (*path, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, (*path, index))

    walk(document, ())
    replacements = st.one_of(
        st.none(), st.booleans(), st.integers(-3, 3), st.text(max_size=5),
        st.sampled_from(["2025-13-01", "1.005", " ", "15083", "x"]), st.just([]), st.just({}),
    )  # fmt: skip

    @st.composite
    def mutated(draw: st.DrawFn) -> dict[str, Any]:
        copy = json.loads(json.dumps(document))
        path = draw(st.sampled_from(paths[1:]))
        parent = copy
        for step in path[:-1]:
            parent = parent[step]
        action = draw(st.sampled_from(["drop", "replace", "add"]))
        if action == "drop" and isinstance(parent, dict):
            del parent[path[-1]]
        elif action == "add" and isinstance(parent, dict):
            parent["unexpected_key"] = 1
        else:
            parent[path[-1]] = draw(replacements)
        return copy

    return mutated()


EXAMPLE = json.loads(schulerfolg.to_json(schulerfolg.example_application()))


@settings(max_examples=200, deadline=None)
@given(_mutations(EXAMPLE))
def test_what_the_schema_refuses_the_library_refuses(document: dict[str, Any]) -> None:
    if validator("application").is_valid(document):
        return  # the library may still refuse it: it checks more
    with pytest.raises(schulerfolg.DocumentError):
        schulerfolg.from_dict(document, schulerfolg.Application)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(strategies.decisions(), strategies.application_histories(), strategies.vote_records())
def test_generated_decisions_histories_and_votes_are_valid(
    decision: schulerfolg.Decision,
    history: schulerfolg.ApplicationHistory,
    vote: schulerfolg.VoteRecord,
) -> None:
    validator("decision").validate(json.loads(schulerfolg.to_json(decision)))
    validator("history").validate(json.loads(schulerfolg.to_json(history)))
    validator("vote-record").validate(json.loads(schulerfolg.to_json(vote)))


@pytest.mark.parametrize(
    ("key", "value"),
    [("title", "\ufeffx"), ("title", "\x1cx"), ("requested_amount", "\x851800.00")],
)
def test_what_python_reads_as_text_or_an_amount_the_schema_accepts(key: str, value: str) -> None:
    # JSON Schema's expressions are ECMA-262's: the schema spells Python's white space out.
    document = dict(EXAMPLE, **{key: value})
    schulerfolg.from_dict(document, schulerfolg.Application)  # the library reads it
    assert validator("application").is_valid(document)
