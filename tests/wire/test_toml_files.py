"""TOML files in: syntax and encoding errors become document errors naming the file."""

from __future__ import annotations

from pathlib import Path

import pytest

import schulerfolg
from schulerfolg._wire.toml_files import read_table, read_toml


def _copy(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_toml_syntax_error_names_the_file(tmp_path: Path) -> None:
    path = _copy(tmp_path, "network_offices.toml", "[[network_office]]\nname = \n")

    with pytest.raises(schulerfolg.DocumentError) as caught:
        read_toml(path)

    assert caught.value.source == str(path)
    assert str(path) in str(caught.value)
    (problem,) = caught.value.problems
    assert problem.path == "$"
    assert problem.code == "syntax"


@pytest.mark.parametrize(("key", "path"), [("", '$[""]'), ("a b", '$["a b"]'), ("x.y", '$["x.y"]')])
def test_an_unknown_key_of_a_data_file_that_is_no_plain_name_is_quoted_in_its_path(
    tmp_path: Path, key: str, path: str
) -> None:
    # Found by the fuzz property (tests/wire/test_fuzz.py): the path was "$." or "$.a b".
    document = read_toml(_copy(tmp_path, "data.toml", f'"{key}" = 1\n[[district]]\nkey = "1"\n'))
    with pytest.raises(schulerfolg.DocumentError) as caught:
        read_table(document, "district", source="data.toml")
    assert [(p.path, p.code) for p in caught.value.problems] == [(path, "unknown_key")]


def test_a_table_key_that_is_no_plain_name_is_quoted_in_its_path() -> None:
    with pytest.raises(schulerfolg.DocumentError) as caught:
        read_table({}, "a b", source="data.toml")
    assert [(p.path, p.code) for p in caught.value.problems] == [('$["a b"]', "type")]
