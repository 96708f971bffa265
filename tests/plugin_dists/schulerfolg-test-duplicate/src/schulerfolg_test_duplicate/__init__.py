"""Test fixture: this package must never be imported (its plugin is the TOML file beside it)."""

raise RuntimeError("must never be imported")
