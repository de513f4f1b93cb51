"""SHACL Core shapes, checked as SPARQL queries on Oxigraph (``chainkg validate --engine sparql``).

Ingest no longer runs this engine but ``chainkg.graph.shacl_direct`` (one pass over the triples; on
the 3.6-million-triple national file this one took 98 s of a 232 s ingest); it stays as a second,
independent reading of the shapes that the tests hold the direct checker to, value for value.

Why our own checker: pyshacl walks the data graph node by node in Python and
takes 5-9 s for the 76,000 triples of the national A-share data set, more than
the whole import may take. The shapes in ``ontology/shapes.ttl`` use a small
part of SHACL Core on simple paths, and each of those constraints is one
SPARQL query; Oxigraph answers all of them in well under a second. pyshacl
stays the reference: ``chainkg validate --engine pyshacl`` runs it, and the
tests check that both engines report the same violations.

Supported: ``sh:targetClass`` (with the ontology's ``rdfs:subClassOf``), property shapes with
an IRI ``sh:path`` and ``sh:minCount``, ``sh:maxCount``, ``sh:datatype``
(with a well-formedness check of xsd:date, xsd:dateTime, xsd:decimal and
xsd:integer), ``sh:class``, ``sh:nodeKind sh:IRI``, ``sh:in``,
``sh:pattern``, ``sh:minLength``, ``sh:minInclusive``, ``sh:uniqueLang``, ``sh:or`` of ``sh:class``
alternatives and ``sh:qualifiedValueShape [ sh:languageIn (...) ]`` with
``sh:qualifiedMinCount``. A shape using anything else is refused when the
shapes are loaded, so nothing is silently left unchecked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD

from chainkg.graph.store import to_ox

TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
CASTS = {XSD.date: "xsd:date", XSD.decimal: "xsd:decimal", XSD.integer: "xsd:integer",
         XSD.dateTime: "xsd:dateTime"}
KNOWN = {SH.path, SH.minCount, SH.maxCount, SH.datatype, SH["class"], SH.nodeKind, SH["in"], SH.pattern,
         SH.minLength, SH.minInclusive, SH.uniqueLang, SH["or"], SH.qualifiedValueShape, SH.qualifiedMinCount,
         SH.message, SH.name, SH.description, SH.severity, RDF.type}


class UnsupportedShape(ValueError):
    """A shape uses a SHACL feature this checker does not implement."""


@dataclass
class Check:
    """One constraint as a query; its rows are (focus, value) of the violations."""

    path: str
    message: str
    query: str
    has_value: bool


@dataclass
class CompiledShapes:
    checks: list[Check] = field(default_factory=list)


def _iri(term: URIRef) -> str:
    return f"<{term}>"


def _lit(term: Literal) -> str:
    return str(to_ox(term))


def or_classes(shapes: Graph, node: BNode | URIRef) -> list[URIRef]:
    """The ``sh:class`` alternatives of an ``sh:or`` list (both checkers read shapes this way)."""
    out = []
    for alt in Collection(shapes, node):
        cls = shapes.value(alt, SH["class"])
        if cls is None or set(shapes.predicates(alt)) - {SH["class"]}:
            raise UnsupportedShape(f"sh:or alternative {alt} is not a plain sh:class")
        out.append(cls)
    return out


class Hierarchy:
    """Class membership through the ontology's ``rdfs:subClassOf``, as VALUES lists.

    Why not the path ``rdf:type/rdfs:subClassOf*`` in the queries: with an
    unbound end Oxigraph evaluates the zero-length path over every term of the
    graph, and one such check took minutes on 35,000 triples. The subclasses
    are expanded here instead, once.
    """

    def __init__(self, ontology: Graph) -> None:
        self.ontology = ontology

    def subclasses(self, classes: Iterable[URIRef]) -> str:
        found: set[URIRef] = set()
        for cls in classes:
            found.update(self.ontology.transitive_subjects(RDFS.subClassOf, cls))
            found.add(cls)
        return " ".join(sorted(_iri(c) for c in found))

    def is_a(self, var: str, classes: Iterable[URIRef], name: str) -> str:
        """A pattern that holds when ``var`` is an instance of one of ``classes``."""
        return f"{var} {TYPE} ?{name} . VALUES ?{name} {{ {self.subclasses(classes)} }}"


def compile_shapes(shapes: Graph, ontology: Graph) -> CompiledShapes:
    """Every (target class, property constraint) of ``shapes`` as a SPARQL query."""
    compiled = CompiledShapes()
    hierarchy = Hierarchy(ontology)
    for node_shape in sorted(set(shapes.subjects(SH.targetClass, None))):
        for target in shapes.objects(node_shape, SH.targetClass):
            focus = hierarchy.is_a("?focus", [target], "focusType")
            for prop in shapes.objects(node_shape, SH.property):
                compiled.checks.extend(_property_checks(shapes, prop, focus, hierarchy))
    return compiled


def property_path(shapes: Graph, prop: BNode | URIRef) -> URIRef:
    """The IRI path of a property shape; ``UnsupportedShape`` for a constraint or path that neither
    checker handles (both checkers read shapes this way)."""
    unknown = set(shapes.predicates(prop)) - KNOWN
    if unknown:
        raise UnsupportedShape(f"property shape {prop} uses {', '.join(sorted(map(str, unknown)))}")
    path = shapes.value(prop, SH.path)
    if not isinstance(path, URIRef):
        raise UnsupportedShape(f"property shape {prop}: only IRI paths are supported")
    return path


def _property_checks(shapes: Graph, prop: BNode | URIRef, focus: str, hierarchy: Hierarchy) -> list[Check]:
    path = property_path(shapes, prop)
    p = _iri(path)
    message = str(shapes.value(prop, SH.message) or f"violates a constraint on {path}")
    checks: list[str] = []
    value_checks: list[str] = []

    def values(condition: str) -> None:
        value_checks.append(f"SELECT ?focus ?value WHERE {{ {focus} ?focus {p} ?value . {condition} }}")

    # minCount 1 and maxCount 1, the common cases, without grouping: on 420,000 triples the
    # 202 checks took 7 s with GROUP BY … HAVING for every count, and 3 s this way.
    if (n := shapes.value(prop, SH.minCount)) is not None:
        if int(n) == 1:
            checks.append(f"SELECT DISTINCT ?focus WHERE {{ {focus} FILTER NOT EXISTS {{ ?focus {p} ?v }} }}")
        else:
            checks.append(
                f"SELECT ?focus WHERE {{ {focus} OPTIONAL {{ ?focus {p} ?v }} }} "
                f"GROUP BY ?focus HAVING (COUNT(DISTINCT ?v) < {int(n)})"
            )
    if (n := shapes.value(prop, SH.maxCount)) is not None:
        if int(n) == 1:
            checks.append(f"SELECT DISTINCT ?focus WHERE {{ {focus} ?focus {p} ?a , ?b FILTER(!sameTerm(?a, ?b)) }}")
        else:
            checks.append(
                f"SELECT ?focus WHERE {{ {focus} ?focus {p} ?v }} GROUP BY ?focus "
                f"HAVING (COUNT(DISTINCT ?v) > {int(n)})"
            )
    if (dt := shapes.value(prop, SH.datatype)) is not None:
        if dt == RDF.langString:
            values("FILTER(!isLiteral(?value) || lang(?value) = \"\")")
        elif dt in CASTS:
            values(f"BIND({CASTS[dt]}(STR(?value)) AS ?cast) "
                   f"FILTER(!isLiteral(?value) || datatype(?value) != {_iri(dt)} || !BOUND(?cast)"
                   + ")")
        else:
            values(f"FILTER(!isLiteral(?value) || datatype(?value) != {_iri(dt)} || lang(?value) != \"\")")
    if (cls := shapes.value(prop, SH["class"])) is not None:
        values(f"FILTER NOT EXISTS {{ {hierarchy.is_a('?value', [cls], 'valueType')} }}")
    if (kind := shapes.value(prop, SH.nodeKind)) is not None:
        if kind != SH.IRI:
            raise UnsupportedShape(f"property shape {prop}: only sh:nodeKind sh:IRI is supported")
        values("FILTER(!isIRI(?value))")
    if (lst := shapes.value(prop, SH["in"])) is not None:
        members = " ".join(_iri(m) if isinstance(m, URIRef) else _lit(m) for m in Collection(shapes, lst))
        values(f"FILTER NOT EXISTS {{ VALUES ?allowed {{ {members} }} FILTER(sameTerm(?value, ?allowed)) }}")
    if (pattern := shapes.value(prop, SH.pattern)) is not None:
        values(f"FILTER(isBlank(?value) || !REGEX(STR(?value), {_lit(Literal(str(pattern)))}))")
    if (n := shapes.value(prop, SH.minInclusive)) is not None:
        values(f"FILTER(!isLiteral(?value) || !(?value >= {_lit(n)}))")
    if (n := shapes.value(prop, SH.minLength)) is not None:
        values(f"FILTER(isBlank(?value) || STRLEN(STR(?value)) < {int(n)})")
    if shapes.value(prop, SH.uniqueLang) == Literal(True):
        checks.append(
            f"SELECT DISTINCT ?focus WHERE {{ {focus} ?focus {p} ?a , ?b . "
            f"FILTER(!sameTerm(?a, ?b) && lang(?a) != \"\" && lang(?a) = lang(?b)) }}"
        )
    if (alts := shapes.value(prop, SH["or"])) is not None:
        values(f"FILTER NOT EXISTS {{ {hierarchy.is_a('?value', or_classes(shapes, alts), 'valueType')} }}")
    if (qvs := shapes.value(prop, SH.qualifiedValueShape)) is not None:
        langs = shapes.value(qvs, SH.languageIn)
        if langs is None or set(shapes.predicates(qvs)) - {SH.languageIn}:
            raise UnsupportedShape(f"property shape {prop}: only sh:languageIn qualified shapes are supported")
        tests = " || ".join(f"langMatches(lang(?v), {_lit(Literal(str(tag)))})" for tag in Collection(shapes, langs))
        n = int(shapes.value(prop, SH.qualifiedMinCount) or 0)
        checks.append(
            f"SELECT ?focus WHERE {{ {focus} OPTIONAL {{ ?focus {p} ?v FILTER(isLiteral(?v) && ({tests})) }} }} "
            f"GROUP BY ?focus HAVING (COUNT(DISTINCT ?v) < {n})"
        )
    prefix = "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"
    return [Check(str(path), message, prefix + q, False) for q in checks] + [
        Check(str(path), message, prefix + q, True) for q in value_checks
    ]


def run_checks(compiled: CompiledShapes, triples: Iterable, extra: Iterable = (),
               tick: Callable[[int], None] | None = None) -> list[tuple[str, str, str, str | None]]:
    """(focus, path, message, value) of every violation in ``triples`` with ``extra`` beside them (pyoxigraph
    or rdflib terms). ``tick`` hears ``n`` for each of the ``n`` checks done (a progress bar).

    The triples go into an in-memory Oxigraph store, where each check is one query.
    They are written as N-Triples and bulk-loaded (Rust end to end): 1.8 s for 420,000
    triples, against 4.1 s for an ``extend`` that makes each quad a Python object first.
    """
    from chainkg.graph.store import as_ox_triples

    store = ox.Store()
    store.bulk_load(ox.serialize(as_ox_triples(triples), format=ox.RdfFormat.N_TRIPLES),
                    format=ox.RdfFormat.N_TRIPLES)
    g = ox.DefaultGraph()
    store.extend(ox.Quad(t.subject, t.predicate, t.object, g) for t in as_ox_triples(extra))
    found = []
    for check in compiled.checks:
        for row in store.query(check.query):
            value = row["value"].value if check.has_value else None
            found.append((row["focus"].value, check.path, check.message, value))
        if tick is not None:
            tick(1)
    return found
