"""The library's version: the one place it is written (the build reads it from here, see
``[tool.hatch.version]`` in pyproject.toml), so importing the library reads no metadata."""

__version__ = "0.1.0"
