"""RDF dumps of the store: Turtle, N-Triples, N-Quads, TriG, JSON-LD.

Why pyoxigraph and not rdflib: DESIGN.md measured rdflib's serializers (and
every term crossing oxrdflib) as the slow path; Oxigraph's serializers read the
store's indexes and write as they go, so a dump of millions of triples never
exists in memory as Python objects. rdflib is used only to convert the odd
rdflib graph handed in (:func:`dump_rdflib_graph`).

What each dump holds:

- ``nquads``, ``trig``, ``jsonld`` (dataset formats) without ``graph``: the
  whole dataset with its named graphs (one per source, so provenance survives).
- ``turtle``, ``ntriples`` (triple formats) without ``graph``: the union of all
  graphs, each triple once (Oxigraph's CONSTRUCT over the union graph removes
  duplicates).
- Any format with ``graph=IRI``: that one named graph, as plain triples (in a
  dataset format, in the default graph).
- :func:`dump_construct`: the result of a SPARQL CONSTRUCT (``chainkg export
  --query FILE.rq``), in any format, streamed from the query.

Prefixes: the project's (``chainkg.ontology.PREFIXES``) in Turtle and TriG, so
files read like the ontology.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import IO, Any

import pyoxigraph as ox
import rdflib

from chainkg.graph.store import to_ox
from chainkg.ontology.namespaces import PREFIXES

__all__ = [
    "RDF_FORMATS",
    "RdfExportFormat",
    "dump_construct",
    "dump_rdflib_graph",
    "dump_store",
    "rdf_format",
]


class RdfExportFormat:
    """One RDF dump format: its Oxigraph format, name, extension, media type."""

    __slots__ = ("name", "ox", "extension", "media_type", "rdflib_name")

    def __init__(self, name: str, fmt: ox.RdfFormat, rdflib_name: str) -> None:
        self.name = name
        self.ox = fmt
        self.extension = "." + fmt.file_extension
        self.media_type = fmt.media_type
        self.rdflib_name = rdflib_name

    @property
    def supports_datasets(self) -> bool:
        """Whether the format holds named graphs."""
        return bool(self.ox.supports_datasets)

    def __repr__(self) -> str:
        return f"RdfExportFormat({self.name!r})"


RDF_FORMATS: dict[str, RdfExportFormat] = {
    "turtle": RdfExportFormat("turtle", ox.RdfFormat.TURTLE, "turtle"),
    "ntriples": RdfExportFormat("ntriples", ox.RdfFormat.N_TRIPLES, "nt"),
    "nquads": RdfExportFormat("nquads", ox.RdfFormat.N_QUADS, "nquads"),
    "trig": RdfExportFormat("trig", ox.RdfFormat.TRIG, "trig"),
    "jsonld": RdfExportFormat("jsonld", ox.RdfFormat.JSON_LD, "json-ld"),
}
_ALIASES = {
    "ttl": "turtle",
    "nt": "ntriples",
    "n-triples": "ntriples",
    "nq": "nquads",
    "n-quads": "nquads",
    "json-ld": "jsonld",
    "application/ld+json": "jsonld",
}
for _f in list(RDF_FORMATS.values()):
    _ALIASES[_f.media_type] = _f.name


def rdf_format(name: str) -> RdfExportFormat:
    """The format for a name, extension or media type (``ttl``, ``text/turtle``...).

    Raises ``ValueError`` naming the formats there are.
    """
    key = name.strip().lower().lstrip(".")
    key = _ALIASES.get(key, key)
    try:
        return RDF_FORMATS[key]
    except KeyError:
        raise ValueError(f"unknown RDF format {name!r}; choose one of {', '.join(RDF_FORMATS)}") from None


def _ox_store(store: Any) -> ox.Store:
    ox_store = getattr(store, "ox", store)
    if not isinstance(ox_store, ox.Store):
        raise TypeError("expected a pyoxigraph Store or a GraphStore with .ox")
    return ox_store


def _fmt(fmt: str | RdfExportFormat) -> RdfExportFormat:
    return fmt if isinstance(fmt, RdfExportFormat) else rdf_format(fmt)


Output = str | os.PathLike[str] | IO[bytes]


def dump_store(
    store: Any,
    out: Output,
    fmt: str | RdfExportFormat = "trig",
    *,
    graph: str | ox.NamedNode | None = None,
    prefixes: Mapping[str, str] | None = None,
) -> None:
    """Dump the store (``GraphStore`` or pyoxigraph ``Store``) or one graph of it.

    See the module docstring for what each combination holds. ``out`` is a
    path or a binary file object; the dump streams.
    """
    s = _ox_store(store)
    f = _fmt(fmt)
    pfx = dict(PREFIXES if prefixes is None else prefixes)
    if graph is not None:
        g = graph if isinstance(graph, ox.NamedNode) else ox.NamedNode(str(graph))
        s.dump(out, f.ox, from_graph=g, prefixes=pfx)
    elif f.supports_datasets:
        s.dump(out, f.ox, prefixes=pfx)
    else:
        triples = s.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
        ox.serialize(triples, out, f.ox, prefixes=pfx)


def dump_construct(
    store: Any,
    query: str,
    out: Output,
    fmt: str | RdfExportFormat = "turtle",
    *,
    prefixes: Mapping[str, str] | None = None,
    union: bool = True,
) -> int:
    """Run a SPARQL CONSTRUCT (or DESCRIBE) and stream its triples to ``out``.

    ``union`` makes the default graph the union of all graphs (the way chainkg
    queries see the data). Raises ``ValueError`` if the query is not a
    CONSTRUCT/DESCRIBE, and lets Oxigraph's ``SyntaxError`` (with the position)
    through if it does not parse. Returns the number of triples written.
    """
    s = _ox_store(store)
    f = _fmt(fmt)
    result = s.query(query, use_default_graph_as_union=union)
    if not isinstance(result, ox.QueryTriples):
        raise ValueError("the query must be a CONSTRUCT or DESCRIBE query")
    count = 0

    def counted(it: Iterable[ox.Triple]) -> Iterable[ox.Triple]:
        nonlocal count
        for t in it:
            count += 1
            yield t

    ox.serialize(counted(result), out, f.ox, prefixes=dict(PREFIXES if prefixes is None else prefixes))
    return count




def dump_rdflib_graph(
    graph: rdflib.Graph,
    out: Output,
    fmt: str | RdfExportFormat = "turtle",
    *,
    prefixes: Mapping[str, str] | None = None,
) -> None:
    """Dump an rdflib graph (or the triples of a Dataset) with Oxigraph's writer.

    For small graphs built in Python (a projection, a CONSTRUCT run through
    rdflib): converts terms one at a time instead of using rdflib's serializers.
    """
    f = _fmt(fmt)
    pfx = dict(PREFIXES if prefixes is None else prefixes)
    if f.supports_datasets and isinstance(graph, rdflib.Dataset):
        quads = (
            ox.Quad(
                to_ox(s),
                to_ox(p),
                to_ox(o),
                ox.DefaultGraph() if g is None or g == rdflib.graph.DATASET_DEFAULT_GRAPH_ID else to_ox(g),
            )
            for s, p, o, g in graph.quads((None, None, None, None))
        )
        ox.serialize(quads, out, f.ox, prefixes=pfx)
        return
    triples = (ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph)
    if f.supports_datasets:
        triples = (ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
    ox.serialize(triples, out, f.ox, prefixes=pfx)
