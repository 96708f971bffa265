"""Sphinx configuration of the documentation site (MyST Markdown, the furo theme, the API
reference from the docstrings).  Build: ``sphinx-build -W -b html docs docs/_build/html``."""

from __future__ import annotations

import schulerfolg

project = "schulerfolg"
author = "the schulerfolg developers"
copyright = "2026, the schulerfolg developers"  # noqa: A001 - Sphinx's name
release = schulerfolg.__version__
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
exclude_patterns = ["_build", "schemas"]
language = "en"

myst_heading_anchors = 4
myst_enable_extensions = ["colon_fence"]

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": True}

html_theme = "furo"
html_title = "schulerfolg"
html_extra_path = ["schemas"]
