"""The one way a source enters the store: build, validate, write in one transaction.

Importers differ in what they read; they agree on this: they build a
``SourceGraph`` (every triple of one source, plus where in the input each
subject and predicate came from) and call ``write_source``. SHACL runs first;
if anything fails, an ``IngestError`` names the file, line and field and the
store is untouched.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, URIRef

from chainkg.graph.store import GraphStore
from chainkg.graph.validate import Violation, validate
from chainkg.ingest.errors import IngestError, Problem


@dataclass
class Origin:
    """Where a subject, or one of its properties, was read from."""

    file: str
    line: int | None = None
    field: str | None = None


@dataclass
class SourceGraph:
    """Everything one source says, ready to be validated and written."""

    graph_iri: URIRef
    label: str
    kind: str
    location: str
    graph: Graph = field(default_factory=Graph)
    #: (subject, predicate) -> origin; (subject, None) -> origin of the row.
    origins: dict[tuple[URIRef, URIRef | None], Origin] = field(default_factory=dict)

    def note(self, subject: URIRef, origin: Origin, predicate: URIRef | None = None) -> None:
        """Remember where ``subject`` (or its ``predicate``) came from, first mention wins."""
        self.origins.setdefault((subject, predicate), origin)

    def locate(self, violation: Violation) -> Problem:
        focus = URIRef(violation.focus)
        path = URIRef(violation.path) if violation.path else None
        origin = self.origins.get((focus, path)) or self.origins.get((focus, None))
        what = violation.message
        if violation.value is not None and violation.value not in what:
            what += f" (value: {violation.value})"
        if origin is None:
            prop = f" {violation.path}" if violation.path else ""
            return Problem(self.location, None, None, f"<{focus}>{prop}: {what}")
        field_name = origin.field
        if path is not None and (focus, path) not in self.origins:
            field_name = _local_name(path)
        return Problem(origin.file, origin.line, field_name, what)


def _local_name(iri: URIRef) -> str:
    s = str(iri)
    return s.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def write_source(store: GraphStore, source: SourceGraph, *, check: bool = True) -> int:
    """Validate ``source`` against the SHACL shapes and write it as one transaction.

    Returns the number of triples written. Raises ``IngestError`` (nothing
    written) when the shapes are violated.
    """
    if check:
        violations = validate(source.graph, store)
        if violations:
            raise IngestError([source.locate(v) for v in violations])
    return store.replace_graph(
        source.graph_iri,
        source.graph,
        label=source.label,
        kind=source.kind,
        location=source.location,
    )
