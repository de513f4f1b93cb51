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

from pyshacl import validate as shacl_validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

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


def _with_external_types(data: Graph, store: GraphStore | None) -> Graph:
    """``data`` plus the ontology (types of ckg:AtLeast etc.) and the stored types of what it points at."""
    merged = Graph()
    merged += data
    merged += ontology_graph()
    if store is None:
        return merged
    typed = set(merged.subjects(RDF.type, None))
    external = {o for o in data.objects() if isinstance(o, URIRef) and o not in typed} - set(
        data.objects(None, RDF.type)
    )
    if not external:
        return merged
    values = " ".join(f"<{iri}>" for iri in external)
    for row in store.ox.query(
        f"SELECT ?s ?t WHERE {{ VALUES ?s {{ {values} }} GRAPH ?g {{ ?s a ?t }} }}"
    ):
        merged.add((URIRef(row["s"].value), RDF.type, URIRef(row["t"].value)))
    return merged


def validate(data: Graph, store: GraphStore | None = None) -> list[Violation]:
    """The violations of ``data`` against ontology/shapes.ttl; empty when it conforms."""
    conforms, report, _ = shacl_validate(
        _with_external_types(data, store),
        shacl_graph=shapes_graph(),
        inference="none",
        allow_warnings=True,
    )
    if conforms:
        return []
    out = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        severity = report.value(result, SH.resultSeverity)
        if severity != SH.Violation:
            continue
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        out.append(
            Violation(
                focus=str(report.value(result, SH.focusNode)),
                path=str(path) if isinstance(path, URIRef) else None,
                message=str(report.value(result, SH.resultMessage) or "does not conform"),
                value=str(value) if isinstance(value, URIRef | Literal) else None,
                severity="Violation",
            )
        )
    return sorted(out, key=lambda v: (v.focus, v.path or "", v.message))
