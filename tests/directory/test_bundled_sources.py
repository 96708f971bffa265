"""Every source the bundled data shows people is a public document — its title and its address
(or a legal citation) — never a research note or an internal file."""

from __future__ import annotations

import re

import attrs
import pytest

from schulerfolg import load_directory, network_offices, programme, state_rulebook
from schulerfolg._core.provenance import Source
from schulerfolg.testing import builtin_registry

INTERNAL = re.compile(r"seed|FACTS|\[[SI?]\]", re.IGNORECASE)
#: A research note's file, where a reference is not a web address.
NOTE_FILE = re.compile(r"\.txt\b|\.md\b", re.IGNORECASE)


def _sources(obj: object, seen: set[int]) -> list[Source]:
    """Every :class:`Source` reachable from ``obj`` (attrs records, tuples, mappings)."""
    if id(obj) in seen:
        return []
    seen.add(id(obj))
    if isinstance(obj, Source):
        return [obj]
    if attrs.has(type(obj)):
        return [s for f in attrs.fields(type(obj)) for s in _sources(getattr(obj, f.name), seen)]
    if isinstance(obj, tuple | list):
        return [s for item in obj for s in _sources(item, seen)]
    if isinstance(obj, dict) or hasattr(obj, "items"):
        return [s for value in dict(obj).values() for s in _sources(value, seen)]  # type: ignore[call-overload]
    return []


def bundled_sources() -> list[Source]:
    seen: set[int] = set()
    found = _sources(programme(), seen) + _sources(network_offices(), seen)
    found += _sources(load_directory(), seen)
    found += _sources(state_rulebook().parameters, seen)
    found += [rule.source for rule, _layer in state_rulebook().rules]
    registry = builtin_registry()
    for key in sorted(registry.rulebooks):
        book = registry.rulebooks[key]
        found += _sources(book.parameters, seen)
        found += [rule.source for rule, _layer in book.rules]
        if book.overlay is not None:
            found += _sources(book.overlay.plugin, seen)
    return list({(s.reference, s.title): s for s in found}.values())


def test_the_bundled_data_has_sources() -> None:
    assert len(bundled_sources()) > 20


@pytest.mark.parametrize("source", bundled_sources(), ids=lambda s: s.reference[:60])
def test_every_bundled_source_is_a_public_document(source: Source) -> None:
    assert source.reference.startswith(("https://", "http://")) or "§" in source.reference, (
        f"not a public address or a legal citation: {source.reference!r}"
    )
    assert not INTERNAL.search(source.reference), source.reference
    if not source.reference.startswith(("https://", "http://")):
        assert not NOTE_FILE.search(source.reference), source.reference
    assert not INTERNAL.search(source.title or ""), source.title


def _notes(obj: object, seen: set[int]) -> list[str]:
    """Every ``note`` reachable from ``obj`` (what `rules` and the directory show people)."""
    if id(obj) in seen or isinstance(obj, str):
        return []
    seen.add(id(obj))
    found: list[str] = []
    if attrs.has(type(obj)):
        for field in attrs.fields(type(obj)):
            value = getattr(obj, field.name)
            if field.name == "note" and isinstance(value, str):
                found.append(value)
            else:
                found += _notes(value, seen)
    elif isinstance(obj, tuple | list):
        found = [n for item in obj for n in _notes(item, seen)]
    elif isinstance(obj, dict) or hasattr(obj, "items"):
        found = [n for value in dict(obj).values() for n in _notes(value, seen)]  # type: ignore[call-overload]
    return found


def bundled_notes() -> list[str]:
    seen: set[int] = set()
    found = _notes(programme(), seen) + _notes(load_directory(), seen)
    found += _notes(state_rulebook().parameters, seen)
    registry = builtin_registry()
    for key in sorted(registry.rulebooks):
        found += _notes(registry.rulebooks[key].parameters, seen)
    return sorted(set(found))


def test_the_bundled_data_has_notes() -> None:
    assert len(bundled_notes()) > 20


@pytest.mark.parametrize("note", bundled_notes(), ids=lambda n: n[:50])
def test_no_note_shown_to_people_carries_a_research_marker(note: str) -> None:
    # Notes say in words what is inferred or conflicting ("inferred", "unverified"); the
    # research notes' markers ([I], [?], [S/I]) mean nothing to a reader.
    assert not INTERNAL.search(note), note
