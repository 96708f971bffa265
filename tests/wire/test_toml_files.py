"""TOML files in: syntax and encoding errors become document errors naming the file."""

from __future__ import annotations

from pathlib import Path

import pytest

import schulerfolg
from schulerfolg._wire.toml_files import read_toml


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
