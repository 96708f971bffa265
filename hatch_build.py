"""The wheel's build hook: the gettext catalogs compiled (``.po`` → ``.mo``), so that an
installed library reads them without parsing ``.po`` files at start-up.

The ``.mo`` files are written into the build's own temporary folder and placed into the wheel
beside their ``.po`` files; the repository keeps only the ``.po`` files.  Editable installs
read the ``.po`` files (``schulerfolg._core.i18n``).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

LOCALE = Path("src", "schulerfolg", "locale")


def compile_catalogs(root: Path, target: Path) -> dict[str, str]:
    """Compile every ``.po`` file under the package's ``locale`` folder into ``target``; the
    compiled files by their path in the wheel."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    placed = {}
    for po in sorted((root / LOCALE).glob("*/LC_MESSAGES/*.po")):
        language = po.parent.parent.name
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=language, domain=po.stem)
        mo = target / language / po.with_suffix(".mo").name
        mo.parent.mkdir(parents=True, exist_ok=True)
        with mo.open("wb") as handle:
            write_mo(handle, catalog)
        placed[str(mo)] = po.relative_to(root / "src").with_suffix(".mo").as_posix()
    return placed


class CatalogBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    """Compile the catalogs into the wheel (not for editable installs, which read the source)."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        self._folder = tempfile.TemporaryDirectory(prefix="schulerfolg-catalogs-")
        placed = compile_catalogs(Path(self.root), Path(self._folder.name))
        build_data["force_include"].update(placed)

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        folder = getattr(self, "_folder", None)
        if folder is not None:
            folder.cleanup()
