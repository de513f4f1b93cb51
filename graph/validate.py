"""SHACL validation of a source before it is written.

Why validate a source alone: a source graph is written in one transaction, so
it is checked before the write, on its own triples. Facts it states about
entities of other sources (a text citing a company of the national data) need
those entities' types, so the ``rdf:type`` triples of every IRI the source
points at are fetched from the store and added to the data graph that is
validated (not to what is written).
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from chainkg.graph.shacl_direct import DirectShapes, check_triples, compile_direct
from chainkg.graph.shacl_sparql import CompiledShapes, compile_shapes, run_checks
from chainkg.graph.store import GraphStore, as_ox_triples, from_ox
from chainkg.ontology.namespaces import ONTOLOGY_PATH, SHAPES_PATH


@dataclass(frozen=True)
class Violation:
    """One SHACL result, reduced to what a person needs to fix the input."""

    focus: str
    path: str | None
    message: str
    value: str | None
    severity: str


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    return Graph().parse(SHAPES_PATH, format="turtle")


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    return Graph().parse(ONTOLOGY_PATH, format="turtle")


@lru_cache(maxsize=1)
def ontology_triples() -> tuple[ox.Triple, ...]:
    return tuple(as_ox_triples(ontology_graph()))


RDF_TYPE = ox.NamedNode(str(RDF.type))


def _context(data: list[ox.Triple], store: GraphStore | None) -> list[ox.Triple]:
    """Triples the check needs beside ``data``: the ontology (types of ckg:AtLeast, subclasses) and
    the stored types of the entities ``data`` points at."""
    extra = list(ontology_triples())
    if store is None:
        return extra
    typed = {t.subject for t in data if t.predicate == RDF_TYPE}
    classes = {t.object for t in data if t.predicate == RDF_TYPE}
    external = {t.object for t in data if isinstance(t.object, ox.NamedNode)} - typed - classes
    items = sorted(external, key=lambda n: n.value)
    for start in range(0, len(items), 2000):  # one query per 2,000 IRIs keeps each query small
        values = " ".join(str(iri) for iri in items[start:start + 2000])
        for row in store.select(f"SELECT DISTINCT ?s ?t WHERE {{ VALUES ?s {{ {values} }} ?s a ?t }}"):
            extra.append(ox.Triple(row["s"], RDF_TYPE, row["t"]))
    return extra


@lru_cache(maxsize=1)
def compiled_shapes() -> CompiledShapes:
    return compile_shapes(shapes_graph(), ontology_graph())


@lru_cache(maxsize=1)
def direct_shapes() -> DirectShapes:
    return compile_direct(shapes_graph(), ontology_graph())


ENGINES = ("direct", "sparql", "pyshacl")


def validate(data: Graph | Iterable, store: GraphStore | None = None, *, engine: str = "direct",
             progress: Callable[[int], None] | None = None) -> list[Violation]:
    """The violations of ``data`` (pyoxigraph triples, or an rdflib graph) against ontology/shapes.ttl;
    empty when it conforms. ``progress`` hears numbers of triples as they are checked (the direct
    and sparql engines; in all, the number of triples).

    Only the source's own subjects are checked: entities of other sources that
    it points at are there for their types, and were checked when their own
    source was ingested. ``engine`` is ``direct`` (``chainkg.graph.shacl_direct``: one pass over
    the triples, what ingest uses), ``sparql`` (``chainkg.graph.shacl_sparql``: one query per
    constraint on an in-memory copy) or ``pyshacl`` (the reference implementation).
    """
    triples = data if isinstance(data, list) and (not data or isinstance(data[0], ox.Triple)) \
        else list(as_ox_triples(data))
    subjects = {t.subject.value for t in triples}
    extra = _context(triples, store)
    if engine == "direct":
        return [Violation(focus, path, message, value, "Violation") for focus, path, message, value
                in check_triples(direct_shapes(), triples, extra, subjects, progress)]
    if engine == "sparql":
        found: set[Violation] = set()
        shapes = compiled_shapes()
        parts = _chunks(triples)
        for part, owns in parts:
            share = len(triples) / len(parts) / max(1, len(shapes.checks))
            ticks = None if progress is None else _Ticks(progress, share)
            found.update(
                Violation(focus, path, message, value, "Violation")
                for focus, path, message, value in run_checks(shapes, part, extra, ticks)
                if focus in subjects and owns(focus)
            )
        return sorted(found, key=lambda v: (v.focus, v.path or "", v.message, v.value or ""))
    if engine != "pyshacl":
        raise ValueError(f"unknown SHACL engine '{engine}' (one of {', '.join(ENGINES)})")
    merged = Graph()
    for t in chain(triples, extra):
        merged.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
    return [v for v in _pyshacl(merged) if v.focus in subjects]


#: Sources above this many triples are checked in parts, so that the in-memory store of one check
#: stays under a gigabyte (about 700 bytes a triple): a 3.6-million-triple source would need 2.5 GB.
CHUNK = 1_000_000


class _Ticks:
    """Checks done -> triples checked, in whole numbers (each check stands for ``share`` triples)."""

    def __init__(self, progress: Callable[[int], None], share: float) -> None:
        self.progress, self.share, self.done = progress, share, 0.0

    def __call__(self, n: int) -> None:
        before = int(self.done)
        self.done += n * self.share
        if int(self.done) > before:
            self.progress(int(self.done) - before)


def _chunks(triples: list[ox.Triple]) -> list[tuple[list[ox.Triple], Callable[[str], bool]]]:
    """``triples`` in parts that can be checked one at a time with the same result as all at once,
    each with the test of which focus nodes it answers for.

    Every constraint of the shapes is about one focus node: its own triples (counts, datatypes,
    languages) and the types of its values. So the triples are split by subject, every
    ``rdf:type`` triple goes into every part (a value's type is needed wherever it is used), and
    a part reports only the focus nodes whose triples it holds.
    """
    if len(triples) <= CHUNK:
        return [(triples, lambda _focus: True)]
    parts = -(-len(triples) // CHUNK)

    def part_of(iri: str) -> int:
        return zlib.crc32(iri.encode()) % parts

    types = [t for t in triples if t.predicate == RDF_TYPE]
    out: list[list[ox.Triple]] = [list(types) for _ in range(parts)]
    for t in triples:
        if t.predicate != RDF_TYPE:
            out[part_of(t.subject.value)].append(t)
    return [(part, lambda focus, i=i: part_of(focus) == i) for i, part in enumerate(out)]


def _pyshacl(merged: Graph) -> list[Violation]:
    from pyshacl import validate as shacl_validate  # here: importing it costs every command a second

    conforms, report, _ = shacl_validate(
        merged,
        shacl_graph=shapes_graph(),
        inference="none",
        allow_warnings=True,
    )
    if conforms:
        return []
    out = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        severity = report.value(result, SH.resultSeverity)
        if severity != SH.Violation:
            continue
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        out.add(
            Violation(
                focus=str(report.value(result, SH.focusNode)),
                path=str(path) if isinstance(path, URIRef) else None,
                message=str(report.value(result, SH.resultMessage) or "does not conform"),
                value=str(value) if isinstance(value, URIRef | Literal) else None,
                severity="Violation",
            )
        )
    return sorted(out, key=lambda v: (v.focus, v.path or "", v.message, v.value or ""))
