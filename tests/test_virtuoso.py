"""The core of chainkg on Virtuoso 7 (Debian's virtuoso-opensource), a server started by the tests.

Build, ingest, replace, drop, every gallery query, a chain view and an export, through
the same code as on the embedded store. Virtuoso has no usable default graph (a query
without a dataset reads every graph, and a triple once per graph that holds it), so the
merged default graph is the named graph ``graph/merged`` (graph/backends/remote.py);
these tests check that counts still come out once per triple.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from conftest import ROOT, SHARED
from servers import VirtuosoServer

from chainkg.graph.exports import write_network
from chainkg.graph.scopes import scope_network
from chainkg.graph.store import GraphStore, open_store
from chainkg.ingest.dispatch import build, ingest_path
from chainkg.server.app import create_app

SEED = SHARED / "corpus" / "luoyang-2024-new-industrialization.txt"
CMOC = "https://w3id.org/chainkg/id/company/603993.SH"
LUOYANG = ROOT / "ingest" / "regions" / "luoyang"


@pytest.fixture(scope="module")
def virtuoso() -> Iterator[VirtuosoServer]:
    server = VirtuosoServer()
    yield server
    server.stop()


@pytest.fixture()
def store(virtuoso: VirtuosoServer) -> GraphStore:
    virtuoso.clear()
    return open_store(virtuoso.spec)


def count(store: GraphStore, query: str) -> int:
    return int(store.rows(query)[0]["n"])


def test_build_ingest_and_set_semantics(store: GraphStore) -> None:
    build(store)
    sources = {s.graph.rsplit("/", 1)[-1]: s for s in store.sources()}
    assert {"ontology", "region-luoyang"} <= set(sources)
    ingest_path(store, SEED, date="2025-09-30")
    # the company is typed by the folder and by the article: once in the default graph
    assert count(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ <{CMOC}> a ckg:Company }}") == 1
    assert count(store, "SELECT (COUNT(?c) AS ?n) WHERE { ?c a ckg:Company }") == \
        count(store, "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a ckg:Company }")
    # GRAPH ?g reaches each source's own copy, and never the merge or Virtuoso's own graphs
    graphs = {r["g"] for r in store.rows(f"SELECT ?g WHERE {{ GRAPH ?g {{ <{CMOC}> a ckg:Company }} }}")}
    assert graphs == {"https://w3id.org/chainkg/graph/region-luoyang",
                      "https://w3id.org/chainkg/graph/article-luoyang-2024-new-industrialization"}


def test_replace_and_drop_keep_shared_triples(store: GraphStore, tmp_path: Path) -> None:
    build(store)
    ingest_path(store, SEED, date="2025-09-30")
    article = "https://w3id.org/chainkg/graph/article-luoyang-2024-new-industrialization"
    folder = tmp_path / "luoyang"
    shutil.copytree(LUOYANG, folder)
    stats = folder / "statistics.csv"
    lines = stats.read_text(encoding="utf-8").splitlines(keepends=True)
    stats.write_text("".join(lines[:-5]), encoding="utf-8")  # the folder loses five statistics
    before = store.graph_sizes()["https://w3id.org/chainkg/graph/region-luoyang"]
    ingest_path(store, folder)
    after = store.graph_sizes()["https://w3id.org/chainkg/graph/region-luoyang"]
    assert after < before
    assert store.drop_graph(article)
    # the company is still stated by the folder
    assert count(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ <{CMOC}> a ckg:Company }}") == 1
    assert article not in {s.graph for s in store.sources()}
    assert not store.ask(f"ASK {{ GRAPH <{article}> {{ ?s ?p ?o }} }}")
    # nothing of the article's own is left in the merge
    assert count(store, """SELECT (COUNT(*) AS ?n) WHERE { ?s ckg:inDocument ?d
                             FILTER(CONTAINS(STR(?d), "luoyang-2024-new-industrialization")) }""") == 0


def test_gallery_views_and_exports(store: GraphStore) -> None:
    build(store)
    app = create_app({"TESTING": True}, store=store)
    client = app.test_client()
    from chainkg.server.gallery import load_queries

    for name in load_queries():
        r = client.get(f"/queries/{name}.json")
        assert r.status_code == 200, (name, r.data[:300])
    r = client.get("/chain/lv-ji-xin-cai-liao-chan-ye-lian.json")
    assert r.status_code == 200
    labels = {n["label"] for n in r.get_json()["nodes"]}
    assert "铝基新材料产业链" in labels
    r = client.get("/sparql", query_string={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?c a ckg:Company }"},
                   headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200 and r.get_json()["results"]["bindings"][0]["n"]["value"] == "2"
    buf = io.BytesIO()
    write_network(scope_network(store, "chain", "铝基新材料产业链"), buf, "gexf")
    g = nx.read_gexf(io.BytesIO(buf.getvalue()))
    assert "铝基新材料产业链" in {d["label"] for _, d in g.nodes(data=True)}
