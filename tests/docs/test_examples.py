"""The examples of the documentation pages that need no particular installation run, and
print what the pages say they print.  (docs/plugins.md walks through installing and breaking
example plugins; its sessions are run by hand in the states it describes.)"""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.mark.parametrize(
    "page", ["index.md", "model.md", "json-format.md", "procedures.md", "directory.md"]
)
def test_the_pages_examples_run(page: str) -> None:
    result = doctest.testfile(str(DOCS / page), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
