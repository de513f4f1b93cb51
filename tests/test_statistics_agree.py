"""Statistics that agree (issue 9): one figure stated by the curated folder and by the article
it was taken from is one observation with both provenances; disagreements are kept and shown
as conflicts; a document has one publication date, and its 今年 resolves the same everywhere."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from pathlib import Path

from chainkg.graph.describe import describe
from chainkg.graph.store import open_store
from chainkg.ingest.consistency import CONSISTENCY_GRAPH
from chainkg.ingest.dispatch import build, ingest_path
from chainkg.ontology.namespaces import ID_BASE

FOLDER = "https://w3id.org/chainkg/graph/region-luoyang"
ARTICLE = "https://w3id.org/chainkg/graph/article-luoyang-2024-new-industrialization"
CKG = "https://w3id.org/chainkg/def#"
OBS = f"""SELECT ?g ?o ?s ?v ?k ?u ?t ?cur WHERE {{ GRAPH ?g {{ ?o a <http://purl.org/linked-data/cube#Observation> ;
    <{CKG}subject> ?s ; <http://purl.org/linked-data/sdmx/2009/measure#obsValue> ?v ;
    <http://purl.org/linked-data/sdmx/2009/attribute#unitMult> ?k ;
    <http://purl.org/linked-data/sdmx/2009/attribute#unitMeasure> ?u ; <{CKG}sentence> ?se ; <{CKG}curation> ?cur }}
    ?se <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf> ?t }}"""


def _key(r: dict) -> tuple:
    value = (Decimal(r["v"]) * Decimal(10) ** int(r["k"])).normalize()
    return r["s"], value, r["u"], re.sub(r"\s+", "", unicodedata.normalize("NFKC", r["t"]))


def test_each_curated_statistic_the_article_also_finds_is_one_observation(national_store) -> None:  # noqa: ANN001
    rows = national_store.rows(OBS)
    curated = [r for r in rows if r["g"] == FOLDER]
    extracted = {}
    for r in rows:
        if r["g"] == ARTICLE:
            extracted.setdefault(_key(r), set()).add(r["o"])
    both = [(r, extracted[_key(r)]) for r in curated if _key(r) in extracted]
    assert len(both) >= 50, "the article extraction finds most of the folder's statistics"
    for r, iris in both:
        assert iris == {r["o"]}, r  # the same figure: one IRI, stated by both sources
    # one description: the curated metric and period, each source with its own sentence
    multi = national_store.rows(f"""SELECT ?o WHERE {{ ?o a <http://purl.org/linked-data/cube#Observation> ;
        <{CKG}metric> ?m1, ?m2 FILTER(?m1 != ?m2) }} LIMIT 1""")
    assert multi == []
    cmoc_city = describe(national_store, ID_BASE + "region/410300")
    shared = [s for s in cmoc_city["statistics"] if {FOLDER, ARTICLE} <= set(s["graphs"])]
    assert len(shared) >= 50
    s = shared[0]
    assert s["curation"] == "curated"
    assert {c["curation"] for c in s["citations"]} == {"curated", "extracted"}


def test_a_document_has_one_publication_date(national_store) -> None:  # noqa: ANN001
    docs = national_store.rows(f"""SELECT ?d (COUNT(DISTINCT ?date) AS ?n) (SAMPLE(?date) AS ?issued) WHERE {{
        ?d a <{CKG}SourceDocument> ; <http://purl.org/dc/terms/issued> ?date }} GROUP BY ?d""")
    assert docs and all(d["n"] == "1" for d in docs)
    # the article is the folder's document: its sentences are in it, its 今年 is 2025 like the folder's
    assert {d["d"] for d in docs} == {ID_BASE + "document/lyd-2025-09-30"}
    years = national_store.rows(f"""SELECT DISTINCT ?g ?start WHERE {{ GRAPH ?g {{ ?o <{CKG}periodLabel> ?l ;
        <{CKG}periodStart> ?start FILTER(CONTAINS(?l, "今年")) }} }}""")
    assert years and {r["start"][:4] for r in years} == {"2025"}
    conflicts = national_store.rows(f"SELECT ?c WHERE {{ GRAPH <{CONSISTENCY_GRAPH}> {{ ?c a <{CKG}Conflict> }} }}")
    assert conflicts == []  # the two sources agree on every figure they share


CONFLICTING = """@prefix ckg: <https://w3id.org/chainkg/def#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix qb: <http://purl.org/linked-data/cube#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix sm: <http://purl.org/linked-data/sdmx/2009/measure#> .
@prefix sa: <http://purl.org/linked-data/sdmx/2009/attribute#> .
<https://w3id.org/chainkg/id/observation/other-1> a qb:Observation ; qb:dataSet ckg:StatisticsDataSet ;
    ckg:subject <https://w3id.org/chainkg/id/region/410300> ;
    ckg:metric <https://w3id.org/chainkg/id/metric/gong-ye-li-run-lv> ;
    sm:obsValue "6.5"^^xsd:decimal ; sa:unitMeasure <https://w3id.org/chainkg/id/unit/percent> ;
    sa:unitMult "0"^^xsd:integer ; ckg:periodLabel "“十四五”" ; ckg:curation "curated" .
<https://w3id.org/chainkg/id/metric/gong-ye-li-run-lv> a ckg:Metric ; rdfs:label "工业利润率"@zh .
<https://w3id.org/chainkg/id/unit/percent> a ckg:Unit ; rdfs:label "%"@zh .
"""


def test_disagreeing_sources_are_both_kept_and_shown_as_a_conflict(tmp_path: Path) -> None:
    store = open_store("memory")
    build(store)
    obs = store.rows(f"""SELECT ?o ?u WHERE {{ ?o <{CKG}metric> <{ID_BASE}metric/gong-ye-li-run-lv> ;
        <http://purl.org/linked-data/sdmx/2009/attribute#unitMeasure> ?u }}""")
    assert obs, "the folder states 工业利润率"
    text = CONFLICTING.replace("https://w3id.org/chainkg/id/unit/percent", obs[0]["u"])
    (tmp_path / "other.ttl").write_text(text, encoding="utf-8")
    (result,) = ingest_path(store, tmp_path / "other.ttl")
    rows = store.rows(f"""SELECT ?a ?b ?kind ?note WHERE {{ GRAPH <{CONSISTENCY_GRAPH}> {{ ?c a <{CKG}Conflict> ;
        <{CKG}conflictKind> ?kind ; <http://www.w3.org/2000/01/rdf-schema#comment> ?note ;
        <{CKG}observation> ?a, ?b FILTER(STR(?a) < STR(?b)) }} }}""")
    assert [r["kind"] for r in rows] == ["value"] and "6.5" in rows[0]["note"] and "6.34" in rows[0]["note"]
    assert store.ask(f"ASK {{ <{ID_BASE}observation/other-1> <{CKG}conflictsWith> <{obs[0]['o']}> }}")
    page = describe(store, ID_BASE + "region/410300")
    assert [c["kind"] for c in page["conflicts"]] == ["value"]
    both = [s for s in page["statistics"] if s["conflicts"]]
    assert {s["value"] for s in both} == {"6.5", "6.34"}  # both kept
    # the page shows it
    from chainkg.server.app import create_app

    html = create_app({"TESTING": True}, store=store).test_client().get("/id/region/410300").get_data(as_text=True)
    assert "数据冲突" in html and "6.5" in html
    # dropping the disagreeing source takes the conflict away
    from chainkg.ingest.dispatch import refresh_derived

    store.drop_graph(result.graph)
    refresh_derived(store)
    assert not store.has_graph(CONSISTENCY_GRAPH)
