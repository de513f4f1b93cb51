"""The store behind one interface: embedded Oxigraph (on disk or in memory) or a remote SPARQL server.

Everything above ``chainkg.graph`` talks to a ``GraphStore``; nothing else touches
pyoxigraph's store or a server's endpoints. The interface is small, and each method is
one thing a SPARQL 1.1 server can do: run a query and hand back its serialized result
(``run``), or its solutions and triples as pyoxigraph terms (``select``, ``ask``,
``construct``; a remote answer is parsed by pyoxigraph, so both backends give the same
terms); apply an update (``update``); replace, drop and read one named graph; list the
graphs with their sizes; dump. Two implementations:

- ``chainkg.graph.backends.embedded.EmbeddedStore``: pyoxigraph in this process, on
  disk (``data/store``) or in memory; queries can run in killable worker processes.
- ``chainkg.graph.backends.remote.RemoteStore``: any SPARQL 1.1 server through the
  Query, Update and Graph Store protocols (Oxigraph server, Virtuoso, Fuseki …).

One dataset layout, whatever the backend:

- each source (a region folder, an article, an import) is one named graph;
- the catalog graph records what each source is and when it was written (PROV-O);
- the default graph that queries see is the **merge** of all named graphs, each triple
  once however many sources state it (set semantics). Oxigraph's own "union default
  graph" counts a triple once per graph that holds it (oxigraph/oxigraph#1919, fixed
  after 0.5), and so do Virtuoso and GraphDB without a dataset, so the merge is kept
  by chainkg itself: every write of a source also adds its triples to the merge, and
  removes the ones no other source states any more, in the same transaction
  (docs/CONTRACTS.md gives the cost). Where a server has no usable default graph
  (Virtuoso) the merge is a named graph that queries name as their default graph.
"""

from __future__ import annotations

import abc
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from chainkg.graph.errors import StoreError, UserError
from chainkg.graph.formats import Format
from chainkg.graph.results import QueryError, QueryJob, QueryResult
from chainkg.ontology.namespaces import CATALOG_GRAPH, GRAPH_BASE, PREFIXES

#: Environment variable naming the default store (a directory, ``memory`` or a server's URL).
STORE_ENV = "CHAINKG_STORE"
DEFAULT_STORE_DIR = Path("data") / "store"
STAGING_PREFIX = GRAPH_BASE + "staging/"

_PROV = "http://www.w3.org/ns/prov#"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_CKG = PREFIXES["ckg"]
_RDFS = PREFIXES["rdfs"]
_RDF = PREFIXES["rdf"]
_VOID = PREFIXES["void"]

Term = ox.NamedNode | ox.BlankNode | ox.Literal
#: What ``replace_graph`` takes: pyoxigraph triples (the fast path), or an rdflib graph / triples.
Triples = Iterable[ox.Triple] | Graph | Iterable[tuple[Node, Node, Node]]


def default_store_spec() -> str:
    """The store used when no ``--store`` is given: ``$CHAINKG_STORE`` or ``data/store``."""
    return os.environ.get(STORE_ENV) or str(DEFAULT_STORE_DIR)


def is_remote_spec(spec: str) -> bool:
    scheme = spec.split("://", 1)[0] if "://" in spec else ""
    return scheme.rsplit("+", 1)[-1] in ("http", "https")


def open_store(spec: str | os.PathLike[str] | None = None, *, read_only: bool = False) -> GraphStore:
    """Open the store named by ``spec``: ``"memory"``, a directory, a server URL, or None for the default.

    A server URL is ``http(s)://…`` (the kind of server is asked from the server), or
    ``oxigraph+http://…``, ``virtuoso+http://…``, ``fuseki+http://…``, ``sparql+http://…``
    to say it (see ``chainkg.graph.backends.remote``). A directory is created if missing.
    Oxigraph allows one writer process per directory: with ``read_only`` a store that
    another process holds is opened for reading; without it such a store raises a
    ``StoreLocked`` (a ``StoreError``) that says so, and which process holds it.
    """
    spec = str(spec) if spec is not None else default_store_spec()
    if is_remote_spec(spec):
        from chainkg.graph.backends.remote import RemoteStore

        return RemoteStore.from_spec(spec)
    from chainkg.graph.backends.embedded import EmbeddedStore

    if spec == "memory":
        return EmbeddedStore.memory()
    return EmbeddedStore.open(Path(spec), read_only=read_only)


class StoreLocked(StoreError):
    """The embedded store is held by another process (``server`` names a running ``chainkg serve``)."""

    def __init__(self, message: str, path: Path, server: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.server = server


# -- terms ------------------------------------------------------------------------------


def to_ox(term: Node) -> Term:
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


def from_ox(term: Term) -> Node:
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


def triple_set(triples: Triples) -> set[ox.Triple]:
    """``set(as_ox_triples(triples))``, without a Python step per triple when they are pyoxigraph
    triples already (a list or set of 3.6 million of them: the type test runs in C)."""
    if isinstance(triples, list | tuple | set | frozenset) and set(map(type, triples)) <= {ox.Triple}:
        return set(triples)
    return set(as_ox_triples(triples))


def as_ox_triples(triples: Triples) -> Iterator[ox.Triple]:
    """pyoxigraph triples from pyoxigraph triples/quads, an rdflib Graph or rdflib term triples."""
    for t in triples:
        if isinstance(t, ox.Triple):
            yield t
        elif isinstance(t, ox.Quad):
            yield t.triple
        else:
            s, p, o = t
            yield ox.Triple(to_ox(s), to_ox(p), to_ox(o))  # type: ignore[arg-type]


def nt(term: Term | ox.Triple) -> str:
    """A term (or a triple, without the final dot) in N-Triples syntax, valid in SPARQL."""
    return str(term)


# -- the catalog -------------------------------------------------------------------------------


@dataclass
class SourceInfo:
    """One row of the catalog: a named graph and the run that wrote it."""

    graph: str
    label: str
    kind: str
    location: str
    generated_at: str
    triples: int


@dataclass
class SourceMeta:
    """What the catalog says about a source being written."""

    label: str
    kind: str
    location: str
    software: str = "chainkg"


def catalog_triples(graph: str, meta: SourceMeta, count: int, now: str) -> list[ox.Triple]:
    """The catalog's triples about one source graph (PROV-O and VoID)."""
    g = ox.NamedNode(graph)
    return [
        ox.Triple(g, ox.NamedNode(p), o)
        for p, o in [
            (_RDF + "type", ox.NamedNode(_PROV + "Entity")),
            (_RDF + "type", ox.NamedNode(_CKG + "SourceGraph")),
            (_RDFS + "label", ox.Literal(meta.label)),
            (_CKG + "sourceKind", ox.Literal(meta.kind)),
            (_PROV + "wasDerivedFrom", ox.Literal(meta.location)),
            (_PROV + "generatedAtTime", ox.Literal(now, datatype=ox.NamedNode(_XSD + "dateTime"))),
            (_PROV + "wasAttributedTo", ox.Literal(meta.software)),
            (_VOID + "triples", ox.Literal(str(count), datatype=ox.NamedNode(_XSD + "integer"))),
        ]
    ]


SOURCES_QUERY = f"""SELECT ?g ?label ?kind ?loc ?at ?n WHERE {{ GRAPH <{CATALOG_GRAPH}> {{
      ?g a <{_CKG}SourceGraph> ; <{_RDFS}label> ?label ;
         <{_CKG}sourceKind> ?kind ; <{_PROV}wasDerivedFrom> ?loc ;
         <{_PROV}generatedAtTime> ?at ; <{_VOID}triples> ?n }} }}
    ORDER BY DESC(?at) ?g"""


class GraphStore(abc.ABC):
    """The store interface (see the module docstring). ``location`` says where it is, for messages."""

    location: str
    read_only: bool = False
    #: "memory", "embedded" or "remote"
    kind: str = ""

    # -- queries ---------------------------------------------------------------------------------

    @abc.abstractmethod
    def run(self, job: QueryJob, *, timeout: float | None = None) -> QueryResult:
        """Run ``job`` and serialize its result as it asks (caps applied); ``QueryError`` for a bad query."""

    @abc.abstractmethod
    def select(self, sparql: str, *, timeout: float | None = None) -> ox.QuerySolutions:
        """The solutions of a SELECT on the merged default graph, as pyoxigraph terms."""

    @abc.abstractmethod
    def ask(self, sparql: str) -> bool:
        """The answer of an ASK on the merged default graph."""

    @abc.abstractmethod
    def construct(self, sparql: str) -> Iterable[ox.Triple]:
        """The triples of a CONSTRUCT or DESCRIBE on the merged default graph."""

    def rows(self, sparql: str) -> list[dict[str, str]]:
        """SELECT rows as ``{variable: lexical value}`` (unbound variables left out)."""
        result = self.select(sparql)
        names = [v.value for v in result.variables]
        out = []
        for sol in result:
            row = {}
            for name in names:
                term = sol[name]
                if term is not None:
                    row[name] = term.value
            out.append(row)
        return out

    # -- writes ----------------------------------------------------------------------------------

    @abc.abstractmethod
    def update(self, sparql: str, *, base: str | None = None) -> None:
        """Apply a SPARQL Update as one transaction, keeping the merged default graph right.

        Writes to the default graph go to ``sparql_text.DEFAULT_WRITE_GRAPH`` (see
        ``sparql_text.plan_update``). ``SyntaxError`` for a text that does not parse.
        """

    @abc.abstractmethod
    def replace_graph(self, graph: str | URIRef, triples: Triples, *, label: str, kind: str, location: str,
                      software: str = "chainkg", bulk: bool = False,
                      progress: Callable[[int], None] | None = None) -> int:
        """Replace the named graph ``graph`` with ``triples`` and record it in the catalog, in one transaction.

        Returns the number of triples written. A triple the old graph shared with another
        source stays in the merge; one no other source states leaves it. ``bulk`` allows a
        backend to load a large new source with its bulk loader: safe against a crash, but
        readers of the store meanwhile may see it partly loaded (the embedded backend says
        when it does this; the others ignore it). ``progress`` is called with numbers of
        triples as they are written, where the backend can tell (the embedded bulk load,
        twice the source's size in all: the graph and the merge).
        """

    @abc.abstractmethod
    def drop_graph(self, graph: str | URIRef) -> bool:
        """Remove one source graph, its catalog entry and what only it stated; False if there was none."""

    @abc.abstractmethod
    def graph_sizes(self) -> dict[str, int]:
        """Every named graph with its number of triples."""

    @abc.abstractmethod
    def has_graph(self, graph: str | URIRef) -> bool:
        """Whether the named graph exists."""

    @abc.abstractmethod
    def read_graph(self, graph: str | None, fmt: Format) -> bytes:
        """One named graph serialized as ``fmt`` (``graph=None``: the merged default graph)."""

    @abc.abstractmethod
    def dump(self, out: str | os.PathLike[str] | IO[bytes], fmt: Format, *, graph: str | None = None) -> None:
        """Stream the dataset (``fmt`` with named graphs: every source graph; otherwise the merge), or one graph."""

    def bulk_load(self, graph: str, data: bytes | str | os.PathLike[str], fmt: Format, *, label: str, kind: str,
                  location: str) -> int:
        """Parse an RDF document (bytes or a file) and make it the source ``graph``, without validation."""
        source = Path(data).read_bytes() if isinstance(data, str | os.PathLike) else data
        triples = (q.triple for q in ox.parse(source, format=fmt.ox, without_named_graphs=False))  # type: ignore[arg-type]
        return self.replace_graph(graph, triples, label=label, kind=kind, location=location)

    @abc.abstractmethod
    def version(self) -> str:
        """A token that changes whenever the store is written (for caches: search, counts, sources)."""

    def flush(self) -> None:  # noqa: B027 - optional for a backend
        """Make the writes so far durable (a no-op where every write already is)."""

    def close(self) -> None:  # noqa: B027 - optional for a backend
        """Release the store (worker processes, connections)."""

    def check_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"the store at {self.location} is open read-only")

    # -- shared ----------------------------------------------------------------------------------

    def sources(self) -> list[SourceInfo]:
        """The ingested sources, newest first, from the catalog graph."""
        return [
            SourceInfo(r[0].value, r[1].value, r[2].value, r[3].value, r[4].value, int(r[5].value))
            for r in self.select(SOURCES_QUERY)
        ]

    def is_empty(self) -> bool:
        return not self.ask("ASK { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }")

    def mentions(self, iri: str) -> bool:
        """Whether ``iri`` is the subject or object of any triple."""
        return self.ask(f"ASK {{ {{ <{iri}> ?p ?o }} UNION {{ ?s ?p <{iri}> }} }}")

    def query_text(self, sparql: str, *, timeout: float | None = None) -> Any:  # noqa: ANN401
        """Solutions, a boolean or triples, whichever the query's form gives (for the CLI)."""
        from chainkg.graph.sparql_text import analyze

        form = analyze(sparql).form
        if form == "ASK":
            return self.ask(sparql)
        if form in ("CONSTRUCT", "DESCRIBE"):
            return self.construct(sparql)
        if form == "SELECT":
            return self.select(sparql, timeout=timeout)
        raise UserError("not a SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE)")


__all__ = [
    "DEFAULT_STORE_DIR",
    "STORE_ENV",
    "GraphStore",
    "QueryError",
    "SourceInfo",
    "SourceMeta",
    "StoreLocked",
    "as_ox_triples",
    "catalog_triples",
    "default_store_spec",
    "from_ox",
    "open_store",
    "to_ox",
]
