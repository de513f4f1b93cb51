"""RDF dumps of the store: Turtle, N-Triples, N-Quads, TriG, JSON-LD.

Why pyoxigraph and not rdflib: DESIGN.md measured rdflib's serializers as the slow
path; Oxigraph's serializers read the store's indexes and write as they go, so a
dump of millions of triples never exists in memory as Python objects (the store's
``dump``). rdflib is used only to convert the odd rdflib graph handed in
(:func:`dump_rdflib_graph`).

What each dump holds:

- ``nquads``, ``trig``, ``jsonld`` (dataset formats) without ``graph``: the
  whole dataset with its named graphs (one per source, so provenance survives).
- ``turtle``, ``ntriples``, ``rdfxml`` (triple formats) without ``graph``: the merged
  default graph, each triple once.
- Any format with ``graph=IRI``: that one named graph, as plain triples (in a
  dataset format, in the default graph).
- :func:`dump_construct`: the result of a SPARQL CONSTRUCT (``chainkg export
  --query FILE.rq``), in any format, streamed from the query.

Prefixes: the project's (``chainkg.ontology.PREFIXES``) in Turtle, TriG and RDF/XML,
so files read like the ontology. The formats are those of ``chainkg.graph.formats``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import IO

import pyoxigraph as ox
import rdflib

from chainkg.graph.formats import RDF_FORMATS as _ALL_RDF
from chainkg.graph.formats import Format, by_name
from chainkg.graph.store import GraphStore, to_ox
from chainkg.ontology.namespaces import PREFIXES

__all__ = [
    "RDF_FORMATS",
    "dump_construct",
    "dump_rdflib_graph",
    "dump_store",
    "rdf_format",
]

#: The dump formats, by name (turtle, ntriples, jsonld, rdfxml, nquads, trig).
RDF_FORMATS: dict[str, Format] = {f.name: f for f in _ALL_RDF}


def rdf_format(name: str) -> Format:
    """The format for a name, extension or media type (``ttl``, ``text/turtle``, ``.nq`` …).

    Raises ``ValueError`` naming the formats there are.
    """
    f = by_name(name, "rdf")
    if f is None:
        raise ValueError(f"unknown RDF format {name!r}; choose one of {', '.join(RDF_FORMATS)}")
    return f


def _fmt(fmt: str | Format) -> Format:
    return fmt if isinstance(fmt, Format) else rdf_format(fmt)


Output = str | os.PathLike[str] | IO[bytes]


def dump_store(store: GraphStore, out: Output, fmt: str | Format = "trig", *, graph: str | None = None) -> None:
    """Dump the store or one graph of it (see the module docstring); ``out`` is a path or a binary stream."""
    store.dump(out, _fmt(fmt), graph=str(graph) if graph is not None else None)


def dump_construct(store: GraphStore, query: str, out: Output, fmt: str | Format = "turtle", *,
                   prefixes: Mapping[str, str] | None = None) -> int:
    """Run a SPARQL CONSTRUCT (or DESCRIBE) and write its triples to ``out``.

    The default graph is the merge of all sources. Raises ``ValueError`` if the query is
    not a CONSTRUCT/DESCRIBE, and the store's ``QueryError`` (with the position) if it
    does not parse. Returns the number of triples written.
    """
    from chainkg.graph.sparql_text import analyze

    if analyze(query).form not in ("CONSTRUCT", "DESCRIBE"):
        raise ValueError("the query must be a CONSTRUCT or DESCRIBE query")
    f = _fmt(fmt)
    count = 0

    def counted(it: Iterable[ox.Triple]) -> Iterable[ox.Triple]:
        nonlocal count
        for t in it:
            count += 1
            yield t

    ox.serialize(counted(store.construct(query)), out, f.ox,  # type: ignore[arg-type]
                 prefixes=dict(PREFIXES if prefixes is None else prefixes) if f.prefixed else None)
    return count


def dump_rdflib_graph(graph: rdflib.Graph, out: Output, fmt: str | Format = "turtle", *,
                      prefixes: Mapping[str, str] | None = None) -> None:
    """Dump an rdflib graph (or the triples of a Dataset) with Oxigraph's writer.

    For small graphs built in Python (a projection, a CONSTRUCT run through
    rdflib): converts terms one at a time instead of using rdflib's serializers.
    """
    f = _fmt(fmt)
    pfx = dict(PREFIXES if prefixes is None else prefixes) if f.prefixed else None
    if f.datasets and isinstance(graph, rdflib.Dataset):
        quads = (
            ox.Quad(
                to_ox(s),
                to_ox(p),
                to_ox(o),
                ox.DefaultGraph() if g is None or g == rdflib.graph.DATASET_DEFAULT_GRAPH_ID else to_ox(g),
            )
            for s, p, o, g in graph.quads((None, None, None, None))
        )
        ox.serialize(quads, out, f.ox, prefixes=pfx)  # type: ignore[arg-type]
        return
    triples: Iterable[ox.Triple | ox.Quad] = (ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph)
    if f.datasets:
        triples = (ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)  # type: ignore[union-attr]
    ox.serialize(triples, out, f.ox, prefixes=pfx)  # type: ignore[arg-type]
