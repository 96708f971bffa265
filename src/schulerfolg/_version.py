"""The installed library version (from the distribution's metadata)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("schulerfolg")
except PackageNotFoundError:  # pragma: no cover - a source tree that was never installed
    __version__ = "0+unknown"
