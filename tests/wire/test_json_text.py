"""JSON text in: one shared decoder, the byte-order mark (skipped at the start), non-text
input."""

from __future__ import annotations

import pytest

from schulerfolg import Application, DocumentError, from_json
from schulerfolg._wire.json_text import parse_json


def test_a_leading_byte_order_mark_is_skipped_as_windows_editors_write_one() -> None:
    assert parse_json('\ufeff{"a": 1}') == {"a": 1}
    assert parse_json('\ufeff{"a": 1}'.encode()) == {"a": 1}


def test_a_byte_order_mark_elsewhere_is_a_syntax_error() -> None:
    with pytest.raises(DocumentError) as caught:
        parse_json('{"a": \ufeff1}')
    (problem,) = caught.value.problems
    assert (problem.path, problem.code) == ("$", "syntax")


@pytest.mark.parametrize("value", [None, 12, ["{}"]])
def test_non_text_is_a_type_error_naming_the_type(value: object) -> None:
    with pytest.raises(TypeError, match="must be str, bytes or bytearray"):
        from_json(value, Application)  # type: ignore[arg-type]


def test_the_shared_decoder_keeps_no_state_between_documents() -> None:
    assert parse_json('{"a": [1, {"b": "c"}]}') == {"a": [1, {"b": "c"}]}
    with pytest.raises(DocumentError, match="appears twice"):
        parse_json('{"a": 1, "a": 2}')
    assert parse_json('{"a": 2}') == {"a": 2}
