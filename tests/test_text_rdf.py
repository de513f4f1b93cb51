"""The article's named graph: shapes, provenance, offsets, linking, idempotent re-ingest."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import RDF, Literal, URIRef
from rdflib.namespace import DCTERMS

from chainkg.graph.validate import validate
from chainkg.ingest.text import document_key, extract_file, ingest_text_paths
from chainkg.ingest.text.to_rdf import to_graph
from chainkg.ontology.namespaces import (
    CKG,
    NIF,
    QB,
    SCHEMA,
    SDMX_ATTR,
    SDMX_MEASURE,
    entity_iri,
    graph_iri,
)

XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
XSD_DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")
FIXTURES = Path(__file__).parent / "text_fixtures"
ARTICLES = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".txt", ".html"))
SEED = Path(__file__).resolve().parents[2] / "shared" / "corpus" / \
    "luoyang-2024-new-industrialization.txt"


@pytest.mark.parametrize("path", ARTICLES + ([SEED] if SEED.exists() else []),
                         ids=lambda p: p.stem)
def test_article_graph_conforms_to_the_shapes(path: Path) -> None:
    doc, result = extract_file(path)
    mapped = to_graph(result, document_key(path), doc.text)
    assert validate(mapped.graph) == []
    assert not mapped.skipped
    g = mapped.graph
    # every sentence quotes the text at its offsets
    for s in g.subjects(RDF.type, CKG.Sentence):
        begin = int(g.value(s, NIF.beginIndex))
        end = int(g.value(s, NIF.endIndex))
        assert doc.text[begin:end] == str(g.value(s, NIF.anchorOf))
    # every fact cites a sentence
    for kind in (QB.Observation, CKG.Statement):
        for x in g.subjects(RDF.type, kind):
            assert g.value(x, CKG.sentence) is not None
    assert not list(g.subjects(RDF.type, None, unique=True)) or all(
        isinstance(x, URIRef) for x in g.subjects())


def test_statistic_as_observation() -> None:
    path = FIXTURES / "suzhou-2024-q3-industry.txt"
    doc, result = extract_file(path)  # the text says 10月28日 but no year: 今年 stays open
    assert all(s["period_certainty"] in (None, "unresolved", "stated", "context")
               for s in result["statistics"])
    doc, result = extract_file(path, date="2024-10-28")
    g = to_graph(result, document_key(path), doc.text).graph
    obs = [o for o in g.subjects(RDF.type, QB.Observation)
           if g.value(o, SDMX_MEASURE.obsValue) == Literal(Decimal("3.23"), datatype=XSD_DECIMAL)]
    assert len(obs) == 1
    o = obs[0]
    assert g.value(o, SDMX_ATTR.unitMeasure) == entity_iri("Unit", "yuan")
    assert int(g.value(o, SDMX_ATTR.unitMult)) == 12
    assert str(g.value(o, CKG.unitLabel)) == "万亿元"
    assert str(g.value(o, CKG.periodLabel)) == "今年前三季度"
    assert str(g.value(o, CKG.periodCertainty)) == "inferred-from-document-date"
    assert g.value(o, CKG.subject) == entity_iri("Region", "320500")
    bound = [o for o in g.subjects(CKG.valueBound, CKG.MoreThan)]
    assert bound
    target = [o for o in g.subjects(CKG.valueStatus, CKG.Target)]
    assert target


def test_document_title_date_url_and_date_note(tmp_path: Path) -> None:
    path = tmp_path / "wuxi.txt"
    path.write_text(" date 2024-03-02 无锡市今年1—2月规上工业增加值增长6.1%。\n", encoding="utf-8")
    doc, result = extract_file(path, date="2024-03-15", source_url="https://example.org/a.html")
    g = to_graph(result, document_key(path), doc.text).graph
    d = entity_iri("SourceDocument", document_key(path))
    assert g.value(d, DCTERMS.issued) == Literal("2024-03-15", datatype=XSD_DATE)
    assert g.value(d, SCHEMA.url) == URIRef("https://example.org/a.html")
    note = str(g.value(d, CKG.documentDateNote))
    assert "option" in note and "2024-03-02" in note


def test_html_document_metadata() -> None:
    path = FIXTURES / "zhuzhou-2024-rail.html"
    doc, result = extract_file(path)
    g = to_graph(result, document_key(path), doc.text).graph
    d = entity_iri("SourceDocument", document_key(path))
    assert str(g.value(d, DCTERMS.title)) == "株洲轨道交通装备产业集群迈向世界级"
    assert g.value(d, DCTERMS.issued) == Literal("2024-07-12", datatype=XSD_DATE)
    assert g.value(d, SCHEMA.url) is not None


def test_new_entities_are_marked_extracted_with_method() -> None:
    path = FIXTURES / "hefei-2024-nev.txt"
    doc, result = extract_file(path)
    g = to_graph(result, document_key(path), doc.text).graph
    company = entity_iri("Company", "国轩高科")
    assert (company, RDF.type, CKG.Company) in g
    assert g.value(company, CKG.curation) == Literal("extracted")
    # found by a pattern, or by name in the built-in list of firms known nationwide (lexicon.NATIONAL_FIRMS)
    assert str(g.value(company, CKG.extractionMethod)).startswith(("pattern:", "gazetteer"))
    chain = entity_iri("IndustryChain", "动力电池产业链")
    assert (chain, CKG.chainLeader, company) in g


def _graph_triples(store, g: URIRef) -> set[str]:  # noqa: ANN001
    rows = store.select(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}")
    return {f"{r['s']} {r['p']} {r['o']}" for r in rows}


def test_ingest_writes_one_graph_per_article_and_reingest_is_identical(make_store) -> None:  # noqa: ANN001
    store = make_store()
    res = ingest_text_paths(store, [FIXTURES])
    assert len(res) == len(ARTICLES)
    graphs = [URIRef(r.graph) for r in res]
    assert len(set(graphs)) == len(ARTICLES)
    before = {g: _graph_triples(store, g) for g in graphs}
    again = ingest_text_paths(store, [FIXTURES])
    assert [r.triples for r in again] == [r.triples for r in res]
    assert {g: _graph_triples(store, g) for g in graphs} == before


def test_reingesting_one_article_replaces_its_graph(make_store) -> None:  # noqa: ANN001
    store = make_store()
    path = FIXTURES / "ningde-2024-battery.txt"
    first = ingest_text_paths(store, [path])[0]
    g = URIRef(first.graph)
    triples = _graph_triples(store, g)
    assert len(triples) == first.triples
    second = ingest_text_paths(store, [path])[0]
    assert second.triples == first.triples and _graph_triples(store, g) == triples
    assert g == graph_iri(document_key(path))


@pytest.mark.skipif(not SEED.exists(), reason="../shared corpus not present")
def test_entities_already_in_the_graph_are_linked_not_duplicated(make_store) -> None:  # noqa: ANN001
    from chainkg.ingest.dispatch import build

    store = make_store()
    build(store)
    ingest_text_paths(store, [SEED])
    g = graph_iri(document_key(SEED))
    # no entity minted by the article has the Chinese name of a curated entity of its class
    q = f"""
    PREFIX ckg: <https://w3id.org/chainkg/def#>
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    SELECT ?x ?y WHERE {{
      GRAPH <{g}> {{ ?x ckg:curation "extracted" ; a ?c ; rdfs:label ?l }}
      GRAPH ?h {{ ?y ckg:curation "curated" ; a ?c ; rdfs:label ?l }}
      FILTER(?x != ?y)
    }}"""
    assert list(store.select(q)) == []
    # and facts of the article point at curated entities
    q2 = f"""
    PREFIX ckg: <https://w3id.org/chainkg/def#>
    SELECT (COUNT(DISTINCT ?y) AS ?n) WHERE {{
      GRAPH <{g}> {{ ?s ?p ?y }} GRAPH ?h {{ ?y ckg:curation "curated" }} FILTER(?h != <{g}>) }}"""
    n = int(next(iter(store.select(q2)))["n"].value)
    assert n >= 5


def test_cli_ingest_and_extract(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from chainkg.server.cli import main

    assert main(["--store", "memory", "ingest", str(FIXTURES / "hefei-2024-nev.txt"),
                 "--date", "2024-07-20"]) == 0
    assert "triples" in capsys.readouterr().out
    out = tmp_path / "x.json"
    assert main(["extract", str(FIXTURES / "hefei-2024-nev.txt"), "--compact", "-o", str(out)]) == 0
    import json

    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data) == {"entities", "statistics", "relations"}
    assert main(["extract", str(FIXTURES / "hefei-2024-nev.txt"), "--date", "July"]) == 2
    assert "--date" in capsys.readouterr().err


def test_confidence_on_extracted_entities_observations_and_statements() -> None:
    path = FIXTURES / "ningde-2024-battery.txt"
    doc, result = extract_file(path, date="2024-06-30")
    for part in ("entities", "statistics", "relations"):
        assert result[part] and all(0 < x["confidence"] <= 1 for x in result[part]), part
    known = [e for e in result["entities"] if e["known"]]
    guessed = [e for e in result["entities"] if e["method"] == "pattern:company-list"]
    assert all(e["confidence"] >= 0.85 for e in known)
    assert all(e["confidence"] < 0.7 for e in guessed)
    g = to_graph(result, document_key(path), doc.text).graph
    assert validate(g) == []
    extracted = set(g.subjects(CKG.curation, Literal("extracted")))
    nodes = [*g.subjects(RDF.type, QB.Observation), *g.subjects(RDF.type, CKG.Statement),
             *[x for x in extracted if (x, RDF.type, CKG.Statement) not in g]]
    assert nodes
    for x in nodes:
        values = list(g.objects(x, CKG.confidence))
        assert len(values) == 1, x
        assert values[0].datatype == XSD_DECIMAL and 0 < values[0].toPython() <= 1
    # the shape refuses a second value or a value that is not a decimal
    stmt = next(iter(g.subjects(RDF.type, CKG.Statement)))
    g.add((stmt, CKG.confidence, Literal("high")))
    assert any("confidence" in v.message for v in validate(g))
