"""The one way a source enters the store: build, validate, write in one transaction.

Importers differ in what they read; they agree on this: they build a
``SourceGraph`` (every triple of one source, plus where in the input each
subject and predicate came from) and call ``write_source``. SHACL runs first;
if anything fails, an ``IngestError`` names the file, line and field and the
store is untouched.

The triples travel as pyoxigraph terms from the parser to the store (``triples``):
an RDF file of 360,000 triples took 75 s when every term went through rdflib and back,
because each crossing builds a Python object per term. Importers that build small
graphs with rdflib's API (region folders, articles) fill ``graph`` instead, and their
triples are converted once.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Graph, URIRef

from chainkg.graph.progress import bar
from chainkg.graph.store import GraphStore, as_ox_triples
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
    #: The triples as pyoxigraph terms, when the importer built them so (else ``graph`` holds them).
    triples: list[ox.Triple] | None = None
    #: Link its entities to the store's whatever its size (``chainkg.ingest.linking.LINK_LIMIT``
    #: spares large RDF files, whose IRIs are their authors'; an importer minting IRIs sets this).
    link_any_size: bool = False

    def content(self) -> list[ox.Triple]:
        """Every triple of the source as pyoxigraph terms (converted once from ``graph`` if needed)."""
        if self.triples is None:
            self.triples = list(as_ox_triples(self.graph))
        return self.triples

    def __len__(self) -> int:
        return len(self.triples) if self.triples is not None else len(self.graph)

    def note(self, subject: URIRef, origin: Origin, predicate: URIRef | None = None) -> None:
        """Remember where ``subject`` (or its ``predicate``) came from, first mention wins."""
        self.origins.setdefault((subject, predicate), origin)

    def locate(self, violation: Violation) -> Problem:
        focus = URIRef(violation.focus)
        path = URIRef(violation.path) if violation.path else None
        origin = self.origins.get((focus, path)) or self.origins.get((focus, None))
        what = violation.message
        if violation.value is not None and violation.value not in what:
            shown = re.sub(r"[\x00-\x1f\x7f-\x9f]", lambda m: f"\\u{ord(m.group()):04x}", violation.value)
            what += f" (value: {shown})"
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


#: sources at least this large report each phase of their ingest (time taken) through ``progress``
REPORT_PHASES_FROM = 20_000


@contextmanager
def phase(progress: Callable[[str], None] | None, what: str, total: int | None = None,
          unit: str = "triples") -> Iterator[Callable[[int], None] | None]:
    """One phase of a large ingest: a bar on a terminal (``chainkg.graph.progress``) fed by the
    ``tick`` this yields, then one line with its time through ``progress``. Yields None (nothing to
    tick) when nobody follows the progress."""
    if progress is None:
        yield None
        return
    start = time.perf_counter()
    with bar(total=total, unit=unit, desc=what, summary=False) as tick:
        yield tick
    progress(f"  {what} in {time.perf_counter() - start:.1f} s")


def write_source(store: GraphStore, source: SourceGraph, *, check: bool = True, bulk: bool = False,
                 link: bool = True, progress: Callable[[str], None] | None = None) -> int:
    """Link its entities to the store's (``chainkg.ingest.linking``), validate ``source``
    against the SHACL shapes and write it as one transaction.

    Returns the number of triples written. Raises ``IngestError`` (nothing
    written) when the shapes are violated. ``bulk``: see ``GraphStore.replace_graph``.
    ``progress`` hears one line per phase (linking, validation, writing) with its time, for
    sources of at least ``REPORT_PHASES_FROM`` triples: a national file of 3.6 million
    triples takes minutes, and a silent terminal for that long looks like a hang.
    """
    if progress is not None and len(source.triples) + len(source.graph) < REPORT_PHASES_FROM:
        progress = None
    if link:
        from chainkg.ingest.linking import link_source

        with phase(progress, "linked to the entities already in the store"):
            link_source(store, source)
    triples = source.content()
    if check:
        with phase(progress, f"checked {len(triples):,} triples against the shapes", len(triples)) as tick:
            violations = validate(triples, store, progress=tick)
        if violations:
            raise IngestError([source.locate(v) for v in violations])
    with phase(progress, "written (the source's graph, the merged default graph, the catalog)",
               2 * len(triples)) as tick:
        return store.replace_graph(
            source.graph_iri,
            triples,
            label=source.label,
            kind=source.kind,
            location=source.location,
            bulk=bulk,
            progress=tick,
        )
