"""SHACL validation of a source before it is written.

Why validate a source alone: a source graph is written in one transaction, so
it is checked before the write, on its own triples. Facts it states about
entities of other sources (a text citing a company of the national data) need
those entities' types, so the ``rdf:type`` triples of every IRI the source
points at are fetched from the store and added to the data graph that is
validated (not to what is written).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

from pyshacl import validate as shacl_validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from chainkg.graph.shacl_sparql import CompiledShapes, compile_shapes, run_checks
from chainkg.graph.store import GraphStore
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


def _context(data: Graph, store: GraphStore | None) -> list[tuple[URIRef, URIRef, URIRef]]:
    """Triples the check needs beside ``data``: the ontology (types of ckg:AtLeast, subclasses) and
    the stored types of the entities ``data`` points at."""
    extra = list(ontology_graph())
    if store is None:
        return extra
    typed = set(data.subjects(RDF.type, None))
    external = {o for o in data.objects() if isinstance(o, URIRef) and o not in typed} - set(
        data.objects(None, RDF.type)
    )
    if not external:
        return extra
    values = " ".join(f"<{iri}>" for iri in external)
    for row in store.ox.query(f"SELECT DISTINCT ?s ?t WHERE {{ VALUES ?s {{ {values} }} GRAPH ?g {{ ?s a ?t }} }}"):
        extra.append((URIRef(row["s"].value), RDF.type, URIRef(row["t"].value)))
    return extra


@lru_cache(maxsize=1)
def compiled_shapes() -> CompiledShapes:
    return compile_shapes(shapes_graph(), ontology_graph())


ENGINES = ("sparql", "pyshacl")


def validate(data: Graph, store: GraphStore | None = None, *, engine: str = "sparql") -> list[Violation]:
    """The violations of ``data`` against ontology/shapes.ttl; empty when it conforms.

    Only the source's own subjects are checked: entities of other sources that
    it points at are there for their types, and were checked when their own
    source was ingested. ``engine`` is ``sparql`` (``chainkg.graph.shacl_sparql``,
    fast) or ``pyshacl`` (the reference implementation).
    """
    subjects = {str(s) for s in data.subjects()}
    extra = _context(data, store)
    if engine == "sparql":
        found = {
            Violation(focus, path, message, value, "Violation")
            for focus, path, message, value in run_checks(compiled_shapes(), chain(data, extra))
            if focus in subjects
        }
        return sorted(found, key=lambda v: (v.focus, v.path or "", v.message, v.value or ""))
    if engine != "pyshacl":
        raise ValueError(f"unknown SHACL engine '{engine}' (one of {', '.join(ENGINES)})")
    merged = Graph()
    merged += data
    for triple in extra:
        merged.add(triple)
    return [v for v in _pyshacl(merged) if v.focus in subjects]


def _pyshacl(merged: Graph) -> list[Violation]:
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
