"""RDF dumps (chainkg.graph.exports.rdf), parsed back with rdflib: same triples and graphs."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from chainkg.graph.exports import RDF_FORMATS, dump_construct, dump_rdflib_graph, dump_store
from chainkg.graph.exports.rdf import rdf_format
from chainkg.graph.results import QueryError
from chainkg.graph.store import GraphStore, open_store

# rdflib's own parsers use its deprecated ConjunctiveGraph API internally
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib.*")

XSD = "http://www.w3.org/2001/XMLSchema#"
CKG = "https://w3id.org/chainkg/def#"
ID = "https://w3id.org/chainkg/id/"
G1 = ox.NamedNode("https://w3id.org/chainkg/graph/luoyang-2024")
G2 = ox.NamedNode("https://w3id.org/chainkg/graph/a-share")
G3 = ox.NamedNode("https://w3id.org/chainkg/graph/default")
CATALOG = "https://w3id.org/chainkg/graph/catalog"

CMOC = ox.NamedNode(ID + "company/603993.SH")
LUOYANG = ox.NamedNode(ID + "region/410300")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")


def quads() -> list[ox.Quad]:
    def typed(v: str, t: str) -> ox.Literal:
        return ox.Literal(v, datatype=ox.NamedNode(XSD + t))

    return [
        ox.Quad(CMOC, LABEL, ox.Literal("洛阳钼业", language="zh"), G1),
        ox.Quad(CMOC, LABEL, ox.Literal("CMOC", language="en"), G1),
        ox.Quad(CMOC, ox.NamedNode(CKG + "locatedIn"), LUOYANG, G1),
        ox.Quad(CMOC, ox.NamedNode(CKG + "revenue"), typed("1E30", "double"), G1),
        ox.Quad(CMOC, ox.NamedNode(CKG + "value"), typed("1000.50", "decimal"), G1),
        ox.Quad(CMOC, ox.NamedNode(CKG + "big"), typed(str(2**70), "integer"), G1),
        ox.Quad(CMOC, ox.NamedNode(CKG + "since"), typed("2024-01-01", "date"), G2),
        ox.Quad(CMOC, ox.NamedNode(CKG + "note"), ox.Literal('ctrl \x01 "q" \n 😀 <&>'), G2),
        # the same triple in two graphs: kept per graph, once in the merged default graph
        ox.Quad(CMOC, LABEL, ox.Literal("洛阳钼业", language="zh"), G2),
        ox.Quad(LUOYANG, LABEL, ox.Literal("洛阳市", language="zh"), G3),
    ]


@pytest.fixture(params=["memory"])
def store(request) -> GraphStore:
    s = open_store(request.param)
    for g in (G1, G2, G3):
        s.replace_graph(g.value, [q.triple for q in quads() if q.graph_name == g], label=g.value, kind="test",
                        location="test")
    return s


def to_rdflib(term):
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        if term.datatype.value == XSD + "string":
            return rdflib.Literal(term.value)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))
    raise TypeError(term)


def expected_quads(graph=None):
    """What the store holds in its sources (Oxigraph keeps typed literals in canonical form)."""
    reference = ox.Store()
    reference.extend(quads())
    out = set()
    for q in reference.quads_for_pattern(None, None, None, None):
        if graph is not None and q.graph_name != graph:
            continue
        g = None if isinstance(q.graph_name, ox.DefaultGraph) else rdflib.URIRef(q.graph_name.value)
        out.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object), g))
    return out


def expected_triples(graph=None):
    return {(s, p, o) for s, p, o, _g in expected_quads(graph)}


def parse(data: bytes, fmt: str) -> rdflib.Dataset:
    ds = rdflib.Dataset()
    ds.parse(data=data, format=RDF_FORMATS[fmt].rdflib)
    return ds


def dataset_quads(ds: rdflib.Dataset):
    """Every quad but the catalog's (which says when the graphs were written)."""
    out = set()
    for s, p, o, g in ds.quads((None, None, None, None)):
        gid = None if g is None or g == rdflib.graph.DATASET_DEFAULT_GRAPH_ID else g
        if isinstance(gid, rdflib.Graph):
            gid = gid.identifier
            if gid == rdflib.graph.DATASET_DEFAULT_GRAPH_ID:
                gid = None
        if gid is not None and str(gid) == CATALOG:
            continue
        out.add((s, p, o, gid))
    return out


def same_literals(a, b) -> bool:
    """Equal as RDF terms (lexical form, datatype, language), not just by value."""
    key = lambda t: (t[0], t[1], t[2], t[2].datatype if isinstance(t[2], rdflib.Literal) else None)  # noqa: E731
    return {key(t) for t in a} == {key(t) for t in b}


@pytest.mark.parametrize("fmt", ["nquads", "trig", "jsonld"])
def test_dataset_formats_keep_named_graphs(store, fmt):
    buf = io.BytesIO()
    dump_store(store, buf, fmt)
    got = dataset_quads(parse(buf.getvalue(), fmt))
    assert got == expected_quads()


# RDF/XML cannot hold the control character of ckg:note (XML 1.0 has no way to write U+0001)
XML_SAFE = [f for f in RDF_FORMATS if f != "rdfxml"]


@pytest.mark.parametrize("fmt", ["turtle", "ntriples"])
def test_triple_formats_dump_the_merge_once(store, fmt):
    buf = io.BytesIO()
    dump_store(store, buf, fmt)
    g = rdflib.Graph()
    g.parse(data=buf.getvalue(), format=RDF_FORMATS[fmt].rdflib)
    got = {t for t in g if str(t[0]) not in {G1.value, G2.value, G3.value}}  # the catalog's triples are merged too
    assert got == expected_triples()
    assert same_literals(got, expected_triples())
    if fmt == "ntriples":
        lines = [ln for ln in buf.getvalue().splitlines() if not ln.startswith((b"<" + G1.value.encode(),
                                                                                 b"<" + G2.value.encode(),
                                                                                 b"<" + G3.value.encode()))]
        assert len(lines) == len(expected_triples())  # no duplicates


@pytest.mark.parametrize("fmt", XML_SAFE)
def test_one_named_graph(store, fmt):
    buf = io.BytesIO()
    dump_store(store, buf, fmt, graph=G2.value)
    ds = parse(buf.getvalue(), fmt)
    assert {(s, p, o) for s, p, o, _g in dataset_quads(ds)} == expected_triples(G2)


def test_turtle_uses_project_prefixes(store):
    buf = io.BytesIO()
    dump_store(store, buf, "turtle")
    text = buf.getvalue().decode()
    assert "@prefix ckg: <https://w3id.org/chainkg/def#> ." in text
    assert "ckg:locatedIn" in text


def test_values_survive(store):
    buf = io.BytesIO()
    dump_store(store, buf, "nquads")
    ds = parse(buf.getvalue(), "nquads")
    values = {str(p): o for _s, p, o, _g in dataset_quads(ds)}
    assert values[CKG + "big"].toPython() == 2**70
    assert values[CKG + "value"].toPython() == Decimal("1000.50")
    assert values[CKG + "since"].toPython() == dt.date(2024, 1, 1)
    assert values[CKG + "note"].toPython() == 'ctrl \x01 "q" \n 😀 <&>'


def test_construct_query(store, tmp_path):
    q = f"""PREFIX ckg: <{CKG}>
    CONSTRUCT {{ ?c ckg:locatedIn ?r . ?r ?p ?o }} WHERE {{ ?c ckg:locatedIn ?r . ?r ?p ?o }}"""
    out = tmp_path / "q.ttl"
    n = dump_construct(store, q, out, "turtle")
    g = rdflib.Graph().parse(out, format="turtle")
    expected = {
        (to_rdflib(CMOC), rdflib.URIRef(CKG + "locatedIn"), to_rdflib(LUOYANG)),
        (to_rdflib(LUOYANG), rdflib.RDFS.label, rdflib.Literal("洛阳市", lang="zh")),
    }
    assert set(g) == expected and n == 2


def test_construct_rejects_other_queries(store):
    with pytest.raises(ValueError, match="CONSTRUCT"):
        dump_construct(store, "SELECT * WHERE { ?s ?p ?o }", io.BytesIO())
    with pytest.raises(QueryError, match="syntax"):
        dump_construct(store, "CONSTRUCT WHERE { ?s ?p", io.BytesIO())


@pytest.mark.parametrize("fmt", list(RDF_FORMATS))
def test_rdflib_graph_dump(fmt):
    g = rdflib.Graph()
    g.add((rdflib.URIRef(ID + "a"), rdflib.RDFS.label, rdflib.Literal("甲", lang="zh")))
    g.add((rdflib.URIRef(ID + "a"), rdflib.URIRef(CKG + "n"), rdflib.Literal(2**70)))
    g.add((rdflib.URIRef(ID + "a"), rdflib.URIRef(CKG + "b"), rdflib.BNode()))
    buf = io.BytesIO()
    dump_rdflib_graph(g, buf, fmt)
    back = rdflib.Graph()
    for s, p, o, _g in dataset_quads(parse(buf.getvalue(), fmt)):
        back.add((s, p, o))
    assert isomorphic(back, g)


def test_format_names():
    assert rdf_format("ttl").name == "turtle"
    assert rdf_format("text/turtle").name == "turtle"
    assert rdf_format(".nq").name == "nquads"
    assert rdf_format("JSON-LD").name == "jsonld"
    assert rdf_format("application/n-triples").name == "ntriples"
    assert rdf_format("rdfxml").name == "rdfxml"
    assert rdf_format("application/rdf+xml").name == "rdfxml"
    with pytest.raises(ValueError, match="choose one of"):
        rdf_format("excel")
    assert RDF_FORMATS["trig"].extension == ".trig"
