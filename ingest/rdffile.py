"""RDF files (Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML) as one source each.

Decisions:
- One file, one named graph (``graph/file-<name>``): quads of a TriG or N-Quads
  file are merged into it, so that dropping the file's source drops all it said.
- Blank nodes are replaced by IRIs minted from the file's content and the
  order in which they appear (``id/genid/<digest>-<n>``): re-ingesting the same
  file then yields exactly the same triples, which rdflib's random blank node
  ids would not.
- pyoxigraph parses (fast, and its syntax errors carry line and column).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef

from chainkg.graph.store import from_ox
from chainkg.ingest.errors import IngestError, Problem
from chainkg.ingest.pipeline import SourceGraph
from chainkg.ontology.namespaces import ID_BASE, graph_iri, slugify

FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".turtle": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
}


def is_rdf_file(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in FORMATS


def parse_rdf_file(path: str | Path) -> Graph:
    """The triples of an RDF file, blank nodes skolemized; ``IngestError`` on a syntax error."""
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise IngestError(Problem(str(path), None, None,
                                  "unknown RDF format; use one of " + ", ".join(sorted(FORMATS))))
    data = path.read_bytes()
    digest = hashlib.sha1(data).hexdigest()[:12]
    skolem: dict[str, URIRef] = {}

    def term(t: ox.NamedNode | ox.BlankNode | ox.Literal):  # noqa: ANN202
        if isinstance(t, ox.BlankNode):
            if t.value not in skolem:
                skolem[t.value] = URIRef(f"{ID_BASE}genid/{digest}-{len(skolem)}")
            return skolem[t.value]
        return from_ox(t)

    graph = Graph()
    try:
        for q in ox.parse(data, format=fmt, base_iri=path.resolve().as_uri()):
            graph.add((term(q.subject), term(q.predicate), term(q.object)))
    except SyntaxError as exc:
        line = exc.lineno if isinstance(exc.lineno, int) else None
        raise IngestError(Problem(str(path), line, None, f"syntax error: {exc.msg}")) from None
    except ValueError as exc:
        raise IngestError(Problem(str(path), None, None, f"cannot read as RDF: {exc}")) from None
    return graph


def read_rdf_file(path: str | Path) -> SourceGraph:
    """The ``SourceGraph`` of one RDF file; raises ``IngestError`` on a syntax error."""
    path = Path(path)
    graph = parse_rdf_file(path)
    if len(graph) == 0:
        raise IngestError(Problem(str(path), None, None, "holds no triples"))
    return SourceGraph(
        graph_iri=graph_iri("file-" + slugify(path.name)),
        label=f"RDF file {path.name}",
        kind="rdf-file",
        location=path.name,
        graph=graph,
    )
