"""Set semantics (issue 9): with the Luoyang folder, the A-share data and the seed article
ingested, the default graph holds each triple once, whoever asks: the store, the SPARQL
endpoint, the CLI, the service description (VoID), the RDF dump, the views and the analyses.

The reference count never uses the merged default graph: it is the number of distinct
triples over all named graphs (``SELECT DISTINCT ?s ?p ?o { GRAPH ?g { ?s ?p ?o } }``),
so a default graph that counted a triple once per source would disagree with it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
from conftest import run_cli
from rdflib import URIRef

from chainkg.graph.store import open_store
from chainkg.ingest.dispatch import ingest_path
from chainkg.ontology.namespaces import CKG, ID_BASE

CMOC = ID_BASE + "company/603993.SH"
CLASS_COUNTS = """SELECT ?cls (COUNT(?c) AS ?n) (COUNT(DISTINCT ?c) AS ?d)
                   WHERE { ?c a ?cls } GROUP BY ?cls"""
CMOC_COUNT = f"SELECT (COUNT(*) AS ?n) WHERE {{ <{CMOC}> a <{CKG.Company}> }}"
DISTINCT_TRIPLES = """SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE {
                        GRAPH ?g { ?s ?p ?o }
                        FILTER(!STRSTARTS(STR(?g), "https://w3id.org/chainkg/graph/staging/")) } }"""


def _sparql(client, query: str) -> list[dict[str, str]]:  # noqa: ANN001
    r = client.get("/sparql", query_string={"query": query},
                   headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200, r.get_data(as_text=True)
    return [{k: v["value"] for k, v in b.items()} for b in r.get_json()["results"]["bindings"]]


def test_store_counts_each_triple_once(national_store) -> None:  # noqa: ANN001
    assert int(national_store.rows(CMOC_COUNT)[0]["n"]) == 1
    # the company is stated by three sources, each with its own copy
    graphs = national_store.rows(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ <{CMOC}> a <{CKG.Company}> }} }}")
    assert len(graphs) == 3
    rows = national_store.rows(CLASS_COUNTS)
    assert len(rows) > 20
    doubled = [r for r in rows if r["n"] != r["d"]]
    assert doubled == []
    companies = next(r for r in rows if r["cls"] == str(CKG.Company))
    assert int(companies["n"]) > 4500


def test_http_endpoint_counts_each_triple_once(national_app) -> None:  # noqa: ANN001
    client = national_app.test_client()
    assert _sparql(client, CMOC_COUNT) == [{"n": "1"}]
    rows = _sparql(client, CLASS_COUNTS)
    assert rows and all(r["n"] == r["d"] for r in rows)
    total = int(_sparql(client, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"])
    assert total == int(_sparql(client, DISTINCT_TRIPLES)[0]["n"])


def test_cli_counts_each_triple_once(national_store_dir: Path) -> None:
    r = run_cli("query", CMOC_COUNT, "--format", "json", store=national_store_dir)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["results"]["bindings"][0]["n"]["value"] == "1"
    r = run_cli("query", CLASS_COUNTS, "--format", "json", store=national_store_dir)
    rows = json.loads(r.stdout)["results"]["bindings"]
    assert rows and all(b["n"]["value"] == b["d"]["value"] for b in rows)


def test_service_description_and_dump_count_each_triple_once(national_app) -> None:  # noqa: ANN001
    client = national_app.test_client()
    distinct = int(_sparql(client, DISTINCT_TRIPLES)[0]["n"])
    r = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    sd = list(ox.parse(r.data, format=ox.RdfFormat.TURTLE))
    void_triples = ox.NamedNode("http://rdfs.org/ns/void#triples")
    default_graph = ox.NamedNode("http://www.w3.org/ns/sparql-service-description#defaultGraph")
    defaults = {t.object for t in sd if t.predicate == default_graph}
    stated = {int(t.object.value) for t in sd if t.subject in defaults and t.predicate == void_triples}
    assert stated == {distinct}
    # the N-Triples dump is the merged default graph: every line a different triple
    lines = [line for line in client.get("/export/dump.nt").get_data(as_text=True).splitlines() if line]
    assert len(lines) == len(set(lines)) == distinct


def test_views_and_analyses_list_each_entity_once(national_app) -> None:  # noqa: ANN001
    client = national_app.test_client()
    view = client.get("/chain/铝基新材料产业链.json", follow_redirects=True).get_json()
    ids = [n["id"] for n in view["nodes"]]
    assert len(ids) == len(set(ids))
    edges = [(e["from"], e["to"], e.get("predicate") or e.get("label")) for e in view["edges"]]
    assert len(edges) == len(set(edges))
    result = client.get("/analysis/gaps.json", query_string={"region": "洛阳", "industry": "钼"}).get_json()
    for row in [*result["focus"], *result["strengths"]]:
        iris = [c["iri"] for c in row["local_companies"]]
        assert len(iris) == len(set(iris)), row
    cmoc = [c for r in result["focus"] for c in r["local_companies"] if c["iri"] == CMOC]
    assert len(cmoc) == 1 and cmoc[0]["label"] == "洛阳钼业"


SHARED_TRIPLE = "<https://example.org/a> <https://example.org/p> <https://example.org/b> ."


def _count(store, triple: str = SHARED_TRIPLE) -> int:  # noqa: ANN001
    s, p, o = triple.rstrip(" .").split(" ")
    return int(store.rows(f"SELECT (COUNT(*) AS ?n) WHERE {{ {s} {p} {o} }}")[0]["n"])


def test_a_shared_triple_survives_dropping_one_source(tmp_path: Path) -> None:
    one, two = tmp_path / "one.nt", tmp_path / "two.nt"
    one.write_text(SHARED_TRIPLE + "\n<https://example.org/a> <https://example.org/q> \"1\" .\n")
    two.write_text(SHARED_TRIPLE + "\n<https://example.org/b> <https://example.org/q> \"2\" .\n")
    store = open_store("memory")
    (g1,), (g2,) = ingest_path(store, one), ingest_path(store, two)
    assert _count(store) == 1
    store.drop_graph(g1.graph)
    assert _count(store) == 1
    assert _count(store, '<https://example.org/a> <https://example.org/q> "1" .') == 0
    # re-ingest: still once, and dropping the other leaves it to the re-ingested one
    ingest_path(store, one)
    ingest_path(store, one)
    assert _count(store) == 1
    store.drop_graph(g2.graph)
    assert _count(store) == 1
    # replacing a source with one that no longer states the triple removes it
    one.write_text("<https://example.org/a> <https://example.org/q> \"1\" .\n")
    ingest_path(store, one)
    assert _count(store) == 0


def test_cli_drop_keeps_what_another_source_states(tmp_path: Path) -> None:
    store_dir = tmp_path / "store"
    one, two = tmp_path / "one.nt", tmp_path / "two.nt"
    one.write_text(SHARED_TRIPLE + "\n")
    two.write_text(SHARED_TRIPLE + "\n")
    for path in (one, two):
        assert run_cli("ingest", str(path), store=store_dir).returncode == 0
    query = "SELECT (COUNT(*) AS ?n) WHERE { <https://example.org/a> ?p ?o }"
    assert "\n1\n" in run_cli("query", query, "--format", "csv", store=store_dir).stdout.replace("\r", "")
    r = run_cli("drop", "one.nt", store=store_dir)
    assert r.returncode == 0, r.stderr
    assert "\n1\n" in run_cli("query", query, "--format", "csv", store=store_dir).stdout.replace("\r", "")
    assert run_cli("drop", "two.nt", store=store_dir).returncode == 0
    assert "\n0\n" in run_cli("query", query, "--format", "csv", store=store_dir).stdout.replace("\r", "")


def test_replacing_a_large_graph_keeps_the_merge_right(monkeypatch) -> None:  # noqa: ANN001
    # graphs above PATTERN_LIMIT are compared by look-ups (small change) or swapped by patterns (large one)
    from chainkg.graph.backends import embedded

    monkeypatch.setattr(embedded, "PATTERN_LIMIT", 20)
    ex = "https://example.org/"
    big = [(URIRef(f"{ex}s{i}"), URIRef(f"{ex}p"), URIRef(f"{ex}o{i}")) for i in range(60)]
    shared = (URIRef(f"{ex}a"), URIRef(f"{ex}p"), URIRef(f"{ex}b"))
    store = open_store("memory")
    meta = {"label": "big", "kind": "rdf-file", "location": "big.nt"}
    store.replace_graph(f"{ex}g/big", [*big, shared], **meta)
    store.replace_graph(f"{ex}g/other", [shared], **{**meta, "label": "other"})
    triples = "SELECT (COUNT(*) AS ?n) WHERE { ?s <https://example.org/p> ?o }"

    def count() -> int:
        return int(store.rows(triples)[0]["n"])

    assert count() == 61
    # a small change: one triple gone (s0), the shared one gone from big only, one new
    new = [*big[1:], (URIRef(f"{ex}s99"), URIRef(f"{ex}p"), URIRef(f"{ex}o99"))]
    store.replace_graph(f"{ex}g/big", new, **meta)
    assert count() == 61  # 59 + s99 + the shared triple the other graph still states
    assert _count(store, f"<{ex}s0> <{ex}p> <{ex}o0> .") == 0
    assert _count(store, f"<{ex}a> <{ex}p> <{ex}b> .") == 1
    assert store.graph_sizes()[f"{ex}g/big"] == 60
    # a large change (every triple): by patterns, same result rules
    other = [(URIRef(f"{ex}t{i}"), URIRef(f"{ex}p"), URIRef(f"{ex}o{i}")) for i in range(30)]
    store.replace_graph(f"{ex}g/big", other, **meta)
    assert count() == 31
    assert store.graph_sizes()[f"{ex}g/big"] == 30
