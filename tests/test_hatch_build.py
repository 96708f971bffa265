"""The wheel's build hook compiles the catalogs into exactly what the library reads from the
``.po`` files (an installed wheel and a checkout speak alike)."""

from __future__ import annotations

import gettext
import importlib.util
from pathlib import Path

from schulerfolg._core.i18n import DOMAIN, compile_po, core_catalog_path

ROOT = Path(__file__).resolve().parents[1]


def test_the_compiled_catalog_says_what_the_po_file_says(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("hatch_build", ROOT / "hatch_build.py")
    assert spec is not None
    assert spec.loader is not None
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)

    placed = hook.compile_catalogs(ROOT, tmp_path)

    assert list(placed.values()) == [f"schulerfolg/locale/de/LC_MESSAGES/{DOMAIN}.mo"]
    with Path(next(iter(placed))).open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    from_po = compile_po(core_catalog_path("de"), language="de", domain=DOMAIN)
    assert compiled._catalog == from_po._catalog  # type: ignore[attr-defined]
    assert compiled.gettext("Application") == "Antrag"
