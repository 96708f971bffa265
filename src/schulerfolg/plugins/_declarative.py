"""Declarative district plugins: a TOML file instead of Python.

A district without Python developers writes parameters (caps, deadlines, documents, voting
body), disabled rules, labels for its own documents and German translations of its notes in
TOML.  The file is read strictly
through the library's converter — unknown keys and wrong types are refused with the file, the
key path and the reason — and it can never execute code: TOML has no code, and a TOML plugin
found through an entry point is located without importing its package.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar, Final

import attrs
from babel.support import Translations

from schulerfolg._core.i18n import N_
from schulerfolg._core.invariants import Checked
from schulerfolg._core.provenance import Source
from schulerfolg._directory.documents import from_dict
from schulerfolg._parameters.history import Parameter
from schulerfolg._parameters.loading import read_parameters
from schulerfolg._rules.overlay import DistrictPlugin
from schulerfolg._wire.toml_files import read_toml
from schulerfolg.errors import DocumentError, Problem, Text

#: A document id as applications write it (the model's rule).
_DOCUMENT_ID: Final = re.compile(r"[a-z][a-z0-9_]*")


@attrs.frozen(kw_only=True)
class DocumentLabel:
    """A document a district adds, with its label in English and German."""

    id: str
    en: str
    de: str


@attrs.frozen(kw_only=True)
class Translation(Checked):
    """An English text of the plugin — a note, most often — with its German translation."""

    _label = N_("translation")

    en: str
    de: str

    _not_blank: ClassVar[tuple[str, ...]] = ("en", "de")


@attrs.frozen(kw_only=True)
class _DeclarativeFile:
    api_version: int
    district: str
    name: str
    sources: tuple[Source, ...] = ()
    disabled_rules: tuple[str, ...] = ()
    parameter: Any = ()
    documents: tuple[DocumentLabel, ...] = ()
    translations: tuple[Translation, ...] = ()


def _german(pairs: list[tuple[str, str]]) -> Translations:
    # babel's catalog writer only for a plugin that has something to translate (~4 ms of
    # start-up).
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    catalog = Catalog(locale="de", domain="schulerfolg_declarative")
    for english, german in pairs:
        catalog.add(english, german)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer, domain="schulerfolg_declarative")


def _pairs(declared: _DeclarativeFile) -> list[tuple[str, str]]:
    """What the plugin's German catalog holds: its documents' labels and its translations."""
    labels = [(item.en, item.de) for item in declared.documents]
    return labels + [(item.en, item.de) for item in declared.translations]


def _document_id_problems(documents: object) -> list[Problem]:
    """Ids of added documents must be document ids as applications write them."""
    if not isinstance(documents, list | tuple):
        return []  # the structural reading reports it
    problems = []
    for index, item in enumerate(documents):
        document_id = item.get("id") if isinstance(item, Mapping) else None
        if isinstance(document_id, str) and not _DOCUMENT_ID.fullmatch(document_id):
            message = Text(
                N_("{id} is not a document id (like 'cost_plan')"), {"id": repr(document_id)}
            )
            problems.append(Problem.of(f"$.documents[{index}].id", message))
    return problems


def read_declarative_plugin(data: object, *, source: str) -> DistrictPlugin:
    """Build a plugin from the parsed content of a TOML plugin file (see the module doc).

    The file's keys, its parameter records and its document ids are all checked before
    anything is raised, so one :class:`~schulerfolg.DocumentError` lists every problem.
    """
    problems: list[Problem] = []
    declared: _DeclarativeFile | None = None
    try:
        declared = from_dict(data, _DeclarativeFile, source=source)
    except DocumentError as exc:
        problems.extend(exc.problems)
    raw: Mapping[str, Any] = data if isinstance(data, Mapping) else {}
    records = raw.get("parameter", [])
    parameters: tuple[Parameter, ...] = ()
    if not isinstance(records, list | tuple):
        problems.append(
            Problem.of("$.parameter", Text(N_("expected a list of tables")), code="type")
        )
    else:
        try:
            parameters = read_parameters(list(records), source=source)
        except DocumentError as exc:
            problems.extend(exc.problems)
    problems.extend(_document_id_problems(raw.get("documents", [])))
    if problems or declared is None:
        raise DocumentError(problems, source=source)
    return DistrictPlugin(
        api_version=declared.api_version,
        district=declared.district,
        name=declared.name,
        sources=declared.sources,
        parameters=parameters,
        disabled_rules=declared.disabled_rules,
        labels={item.id: item.en for item in declared.documents},
        translations={"de": _german(german)} if (german := _pairs(declared)) else {},
    )


def load_declarative_plugin(path: str | Path) -> DistrictPlugin:
    """Read a declarative plugin from a TOML file.

    Every problem is raised together as one :class:`~schulerfolg.DocumentError` naming the
    file and each key path (``$.parameter[0].values[1].value.amount``).
    """
    file = Path(path)
    try:
        document = read_toml(file, source=str(file))
    except OSError as exc:
        # The system's own words (English whatever the locale).
        reason = Text.plain(str(exc.strerror or exc))
        message = Text(N_("cannot read: {reason}"), {"reason": reason})
        raise DocumentError([Problem.of("$", message, code="io")], source=str(file)) from None
    return read_declarative_plugin(document, source=str(file))
