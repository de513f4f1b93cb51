"""The triple store: embedded Oxigraph on disk by default, or in memory.

Why two handles on one store: rdflib is the modelling API (mapping, SHACL,
small graphs), but it turns every result term into a Python object, which costs
2-5x on large results (DESIGN.md). So ``GraphStore.ox`` is the pyoxigraph store
for hot paths (serving SPARQL, exports, projections, bulk loads) and
``GraphStore.dataset`` is an rdflib ``Dataset`` over the same data via oxrdflib.

Each source lives in its own named graph. ``replace_graph`` swaps one source in
a single transaction: the new triples go to a staging graph (one atomic
``extend``), and one SPARQL update then moves them over the old graph and records
the run in the catalog graph. A reader sees the old graph or the new one, never
half of either.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from chainkg.graph.errors import StoreError
from chainkg.ontology.namespaces import CATALOG_GRAPH, GRAPH_BASE, PREFIXES

#: Environment variable naming the default store (a directory, or ``memory``).
STORE_ENV = "CHAINKG_STORE"
DEFAULT_STORE_DIR = Path("data") / "store"
STAGING_PREFIX = GRAPH_BASE + "staging/"

_PROV = "http://www.w3.org/ns/prov#"
_DCT = "http://purl.org/dc/terms/"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_CKG = PREFIXES["ckg"]
_RDFS = PREFIXES["rdfs"]
_RDF = PREFIXES["rdf"]
_VOID = PREFIXES["void"]


def default_store_spec() -> str:
    """The store used when no ``--store`` is given: ``$CHAINKG_STORE`` or ``data/store``."""
    return os.environ.get(STORE_ENV) or str(DEFAULT_STORE_DIR)


def open_store(spec: str | os.PathLike[str] | None = None) -> GraphStore:
    """Open the store named by ``spec``: ``"memory"``, a directory, or None for the default.

    A directory is created if missing. Oxigraph allows one writer process per
    directory; a second one gets a ``StoreError`` saying so, not a RocksDB trace.
    """
    spec = str(spec) if spec is not None else default_store_spec()
    if spec == "memory":
        return GraphStore(ox.Store(), "memory")
    if spec.startswith(("http://", "https://")):
        raise StoreError(
            f"--store {spec}: remote SPARQL stores are not supported yet; "
            "use 'memory' or a directory"
        )
    path = Path(spec)
    if path.exists() and not path.is_dir():
        raise StoreError(f"--store {spec}: not a directory")
    path.mkdir(parents=True, exist_ok=True)
    try:
        store = ox.Store(str(path))
    except OSError as exc:
        msg = str(exc)
        if "lock" in msg.lower():
            raise StoreError(
                f"the store at {path} is in use by another process (is 'chainkg serve' "
                "running?); stop it first, or use another --store"
            ) from None
        raise StoreError(f"cannot open the store at {path}: {msg}") from None
    graph_store = GraphStore(store, str(path))
    graph_store.remove_stale_staging()
    return graph_store


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot store {term!r}")


def from_ox(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
    """A pyoxigraph term as an rdflib term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    if datatype == "http://www.w3.org/2001/XMLSchema#string":
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(datatype))


def triples_to_quads(
    triples: Iterable[tuple[Node, Node, Node]], graph: URIRef
) -> list[ox.Quad]:
    g = ox.NamedNode(str(graph))
    return [ox.Quad(to_ox(s), to_ox(p), to_ox(o), g) for s, p, o in triples]


#: Above this many changed triples a replacement stages the new graph instead of sending a diff.
DIFF_LIMIT = 20_000


def _data_update(removed: Iterable[ox.Quad], added: Iterable[ox.Quad]) -> str:
    """One SPARQL update that deletes and inserts exact quads (terms print as N-Triples)."""

    def block(quads: Iterable[ox.Quad]) -> str:
        by_graph: dict[str, list[str]] = {}
        for q in quads:
            by_graph.setdefault(str(q.graph_name), []).append(f"{q.subject} {q.predicate} {q.object} .")
        return " ".join(f"GRAPH {g} {{ {' '.join(lines)} }}" for g, lines in by_graph.items())

    parts = []
    if removed := list(removed):
        parts.append(f"DELETE DATA {{ {block(removed)} }}")
    if added := list(added):
        parts.append(f"INSERT DATA {{ {block(added)} }}")
    return " ;\n".join(parts) or "CLEAR SILENT GRAPH <urn:chainkg:nothing>"


@dataclass
class SourceInfo:
    """One row of the catalog: a named graph and the run that wrote it."""

    graph: str
    label: str
    kind: str
    location: str
    generated_at: str
    triples: int


class GraphStore:
    """A pyoxigraph store with an rdflib view, and per-source graph operations."""

    def __init__(self, store: ox.Store, location: str) -> None:
        self.ox = store
        self.location = location

    @cached_property
    def dataset(self) -> Dataset:
        from oxrdflib import OxigraphStore

        return Dataset(store=OxigraphStore(store=self.ox), default_union=True)

    # -- writing ---------------------------------------------------------------

    def replace_graph(
        self,
        graph: URIRef,
        triples: Graph | Iterable[tuple[Node, Node, Node]],
        *,
        label: str,
        kind: str,
        location: str,
        software: str = "chainkg",
    ) -> int:
        """Replace the named graph ``graph`` with ``triples`` in one transaction.

        The catalog graph records what the graph is (``label``, ``kind``), where
        it came from (``location``), when and by what it was written, and its size.
        Returns the number of triples written.
        """
        target = ox.NamedNode(str(graph))
        new = set(triples_to_quads(triples, graph))
        count = len(new)
        now = datetime.now(UTC).replace(microsecond=0).isoformat()
        catalog = ox.NamedNode(str(CATALOG_GRAPH))
        new_meta = {
            ox.Quad(target, ox.NamedNode(p), o, catalog)
            for p, o in [
                (_RDF + "type", ox.NamedNode(_PROV + "Entity")),
                (_RDF + "type", ox.NamedNode(_CKG + "SourceGraph")),
                (_RDFS + "label", ox.Literal(label)),
                (_CKG + "sourceKind", ox.Literal(kind)),
                (_PROV + "wasDerivedFrom", ox.Literal(location)),
                (_PROV + "generatedAtTime", ox.Literal(now, datatype=ox.NamedNode(_XSD + "dateTime"))),
                (_PROV + "wasAttributedTo", ox.Literal(software)),
                (_VOID + "triples", ox.Literal(str(count), datatype=ox.NamedNode(_XSD + "integer"))),
            ]
        }
        old = set(self.ox.quads_for_pattern(None, None, None, target))
        old_meta = set(self.ox.quads_for_pattern(target, None, None, catalog))
        added = (new - old) | (new_meta - old_meta)
        removed = (old - new) | (old_meta - new_meta)
        if not removed:
            self.ox.extend(added)  # a first ingest: one transaction, and the cheapest write there is
        elif len(added) + len(removed) <= DIFF_LIMIT:
            self.ox.update(_data_update(removed, added))  # one transaction
        else:
            self._swap_in(graph, new, removed=old_meta, added=new_meta)
        return count

    def _swap_in(self, graph: URIRef, quads: set[ox.Quad], *, removed: set[ox.Quad], added: set[ox.Quad]) -> None:
        """Replace a graph wholesale: stage the new triples, then one update moves them over the old.

        Slower than a diff (the triples are written twice), but one transaction
        whatever the size; used when most of a large source changed.
        """
        staging = ox.NamedNode(STAGING_PREFIX + uuid.uuid4().hex)
        try:
            self.ox.extend(ox.Quad(q.subject, q.predicate, q.object, staging) for q in quads)
            self.ox.update(f"MOVE SILENT GRAPH {staging} TO <{graph}> ;\n" + _data_update(removed, added))
        finally:
            self._remove_staging(URIRef(staging.value))

    def _remove_staging(self, staging: URIRef) -> None:
        node = ox.NamedNode(str(staging))
        if self.ox.contains_named_graph(node):
            self.ox.remove_graph(node)

    def remove_stale_staging(self) -> None:
        """Drop staging graphs left by a process that died mid-write."""
        for g in list(self.ox.named_graphs()):
            if isinstance(g, ox.NamedNode) and g.value.startswith(STAGING_PREFIX):
                self.ox.remove_graph(g)

    def drop_graph(self, graph: URIRef) -> bool:
        """Remove one source graph and its catalog entry; False if there was none."""
        node = ox.NamedNode(str(graph))
        if not self.ox.contains_named_graph(node):
            return False
        g, c = f"<{graph}>", f"<{CATALOG_GRAPH}>"
        self.ox.update(f"DROP SILENT GRAPH {g} ; DELETE WHERE {{ GRAPH {c} {{ {g} ?p ?o }} }}")
        return True

    # -- reading ---------------------------------------------------------------

    def sources(self) -> list[SourceInfo]:
        """The ingested sources, newest first, from the catalog graph."""
        rows = self.ox.query(
            f"""SELECT ?g ?label ?kind ?loc ?at ?n WHERE {{ GRAPH <{CATALOG_GRAPH}> {{
                  ?g a <{_CKG}SourceGraph> ; <{_RDFS}label> ?label ;
                     <{_CKG}sourceKind> ?kind ; <{_PROV}wasDerivedFrom> ?loc ;
                     <{_PROV}generatedAtTime> ?at ; <{_VOID}triples> ?n }} }}
                ORDER BY DESC(?at) ?g"""
        )
        return [
            SourceInfo(
                r["g"].value, r["label"].value, r["kind"].value, r["loc"].value,
                r["at"].value, int(r["n"].value),
            )
            for r in rows
        ]

    def has_graph(self, graph: URIRef) -> bool:
        return self.ox.contains_named_graph(ox.NamedNode(str(graph)))

    def is_empty(self) -> bool:
        return next(iter(self.ox.quads_for_pattern(None, None, None, None)), None) is None

    def flush(self) -> None:
        if self.location != "memory":
            self.ox.flush()
