"""Writes over HTTP, against gunicorn: SPARQL 1.1 Update at /update and the Graph Store Protocol at
/rdf-graph-store, only with the bearer token, each request one transaction."""

from __future__ import annotations

import json
import shutil
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import LiveServer, start_server, stop_server
from SPARQLWrapper import JSON, POST, SPARQLWrapper
from test_sparql_endpoint import assert_clean_4xx, get, request

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
G = "http://example.org/graph/test"
GSP = "/rdf-graph-store?graph=" + urllib.parse.quote(G, safe="")


@pytest.fixture(scope="module")
def rw(built_store_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    store_dir = tmp_path_factory.mktemp("rw") / "store"
    shutil.copytree(built_store_dir, store_dir)
    server = start_server(store_dir, {"CHAINKG_UPDATE_TOKEN": ""}, "--update-token", TOKEN)
    yield server
    stop_server(server)


def update(server: LiveServer, text: str, headers: dict[str, str] | None = None, path: str = "/update"
           ) -> tuple[int, dict, bytes]:
    return request(server, "POST", path, text, {"Content-Type": "application/sparql-update", **AUTH,
                                                 **(headers or {})})


def ask(server: LiveServer, query: str) -> bool:
    status, _, body = get(server, query, "application/sparql-results+json")
    assert status == 200, body
    return json.loads(body)["boolean"]


def test_read_only_service_has_no_write_endpoints(live_server: LiveServer) -> None:
    for method, path in [("POST", "/update"), ("GET", GSP), ("PUT", GSP), ("DELETE", GSP)]:
        status, _, body = request(live_server, method, path, "INSERT DATA { <a:a> <a:b> <a:c> }",
                                  {"Content-Type": "application/sparql-update", **AUTH})
        assert_clean_4xx(status, body, 404)


def test_token_is_required(rw: LiveServer) -> None:
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"},
                    {"Authorization": f"Bearer {TOKEN}x"}):
        status, hdrs, body = request(rw, "POST", "/update", "INSERT DATA { <a:x> <a:y> <a:z> }",
                                     {"Content-Type": "application/sparql-update", **headers})
        assert_clean_4xx(status, body, 401)
        assert hdrs["www-authenticate"].startswith("Bearer")
    assert not ask(rw, "ASK { <a:x> <a:y> <a:z> }")


def test_update_is_applied_and_seen_by_queries(rw: LiveServer) -> None:
    status, _, body = update(rw, f"INSERT DATA {{ GRAPH <{G}> {{ <a:s> <a:p> \"洛阳\" }} }}")
    assert status == 204, body
    assert ask(rw, 'ASK { <a:s> <a:p> "洛阳" }')  # the query workers see the write at once
    status, _, body = request(rw, "POST", "/update", "update=" + urllib.parse.quote(f"DROP GRAPH <{G}>"),
                              {"Content-Type": "application/x-www-form-urlencoded", **AUTH})
    assert status == 204, body
    assert not ask(rw, 'ASK { <a:s> <a:p> "洛阳" }')


def test_sparqlwrapper_update(rw: LiveServer) -> None:
    sw = SPARQLWrapper(rw.url + "/sparql", updateEndpoint=rw.url + "/update")
    sw.addCustomHttpHeader("Authorization", f"Bearer {TOKEN}")
    sw.setMethod(POST)
    sw.setQuery("INSERT DATA { <a:wrapper> <a:p> 1 }")
    sw.query()
    sw.setQuery("ASK { <a:wrapper> <a:p> 1 }")
    sw.setMethod("GET")
    sw.setReturnFormat(JSON)
    assert sw.query().convert()["boolean"] is True


def test_update_is_one_transaction(rw: LiveServer) -> None:
    update(rw, "CREATE SILENT GRAPH <http://example.org/exists>")
    status, _, body = update(rw, "INSERT DATA { <a:half> <a:p> 1 } ; CREATE GRAPH <http://example.org/exists>")
    assert_clean_4xx(status, body, 400)
    assert b"nothing was changed" in body
    assert not ask(rw, "ASK { <a:half> <a:p> 1 }")


@pytest.mark.parametrize("text, word", [
    ("LOAD <http://127.0.0.1:9/data.ttl>", b"LOAD"),
    ("INSERT DATA { <a:l> <a:p> 1 } ; LOAD <http://127.0.0.1:9/x> INTO GRAPH <a:g>", b"LOAD"),
    ("INSERT { <a:s> <a:p> ?o } WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", b"SERVICE"),
    ("SELECT * WHERE { ?s ?p ?o }", b"query"),
    ("INSERT DATA { <a:s> <a:p> ", b"syntax"),
])
def test_refused_updates(rw: LiveServer, text: str, word: bytes) -> None:
    status, _, body = update(rw, text)
    assert_clean_4xx(status, body, 400)
    assert word in body
    assert not ask(rw, "ASK { <a:l> <a:p> 1 }")


def test_update_protocol_errors(rw: LiveServer) -> None:
    status, _, body = request(rw, "GET", "/update?update=CLEAR%20ALL", headers=AUTH)
    assert_clean_4xx(status, body, 405)
    status, _, body = request(rw, "POST", "/update", "CLEAR ALL", {"Content-Type": "text/plain", **AUTH})
    assert_clean_4xx(status, body, 415)
    status, _, body = request(rw, "POST", "/update", "update=CLEAR%20NAMED&update=CLEAR%20DEFAULT",
                              {"Content-Type": "application/x-www-form-urlencoded", **AUTH})
    assert_clean_4xx(status, body, 400)
    status, _, body = update(rw, "CLEAR ALL", {"Content-Type": "application/sparql-update; charset=UTF-16"})
    assert_clean_4xx(status, body, 415)
    status, _, body = update(rw, "WITH <a:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
                             path="/update?using-graph-uri=http%3A%2F%2Fexample.org%2Fg")
    assert_clean_4xx(status, body, 400)
    assert ask(rw, "ASK { ?s a <https://w3id.org/chainkg/def#IndustryChain> }")  # nothing was cleared


def test_using_graph_uri(rw: LiveServer) -> None:
    update(rw, "INSERT DATA { GRAPH <http://example.org/src> { <a:doc> a <a:Document> } }")
    status, _, body = update(rw, "INSERT { GRAPH <http://example.org/dst> { ?s a <a:Copied> } } WHERE { ?s a ?t }",
                             path="/update?using-graph-uri=" + urllib.parse.quote("http://example.org/src", safe=""))
    assert status == 204, body
    assert ask(rw, "ASK { GRAPH <http://example.org/dst> { <a:doc> a <a:Copied> } }")
    assert not ask(rw, "ASK { GRAPH <http://example.org/dst> { ?x a <a:Copied> FILTER(?x != <a:doc>) } }")


# -- graph store protocol --------------------------------------------------------------------

TTL = """@prefix ex: <http://example.org/> .
ex:a ex:p "一" ; ex:q ex:b .
ex:b ex:p "二" .
"""


def gsp(server: LiveServer, method: str, body: bytes | str | None = None, ctype: str = "text/turtle",
        path: str = GSP, accept: str | None = None) -> tuple[int, dict, bytes]:
    headers = {**AUTH}
    if body is not None:
        headers["Content-Type"] = ctype
    if accept:
        headers["Accept"] = accept
    return request(server, method, path, body, headers)


def triples(body: bytes, fmt: ox.RdfFormat = ox.RdfFormat.TURTLE) -> set[tuple[str, str, str]]:
    return {(t.subject.value, t.predicate.value, str(t.object)) for t in ox.parse(body, format=fmt)}


def test_graph_store_protocol(rw: LiveServer) -> None:
    gsp(rw, "DELETE")
    status, _, body = gsp(rw, "GET")
    assert_clean_4xx(status, body, 404)
    status, _, body = gsp(rw, "PUT", TTL)
    assert status == 201, body
    status, headers, body = gsp(rw, "GET", accept="text/turtle")
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    assert len(triples(body)) == 3
    status, headers, body = gsp(rw, "GET", accept="application/n-triples")
    assert len(triples(body, ox.RdfFormat.N_TRIPLES)) == 3
    status, headers, body = gsp(rw, "HEAD")
    assert status == 200 and body == b""
    # PUT replaces, POST merges
    status, _, body = gsp(rw, "PUT", '<http://example.org/c> <http://example.org/p> "三" .',
                          "application/n-triples")
    assert status == 204, body
    assert len(triples(gsp(rw, "GET", accept="text/turtle")[2])) == 1
    status, _, _ = gsp(rw, "POST", TTL)
    assert status == 204
    assert len(triples(gsp(rw, "GET", accept="text/turtle")[2])) == 4
    assert ask(rw, f'ASK {{ GRAPH <{G}> {{ <http://example.org/a> <http://example.org/p> "一" }} }}')
    status, _, _ = gsp(rw, "DELETE")
    assert status == 204
    assert_clean_4xx(*gsp(rw, "GET")[::2], 404)
    assert_clean_4xx(*gsp(rw, "DELETE")[::2], 404)


def test_graph_store_bad_bodies_change_nothing(rw: LiveServer) -> None:
    gsp(rw, "PUT", TTL)
    for body, ctype, expected in [
        ("<http://example.org/a> <p> broken .", "text/turtle", 400),
        (b"\xff\xfe\x00garbage", "text/turtle", 400),
        ('{"@id": ', "application/ld+json", 400),
        (TTL, "text/html", 415),
        (TTL, "application/x-www-form-urlencoded", 415),
    ]:
        status, _, data = gsp(rw, "PUT", body, ctype)
        assert_clean_4xx(status, data, expected)
    assert len(triples(gsp(rw, "GET", accept="text/turtle")[2])) == 3
    for path in ["/rdf-graph-store", "/rdf-graph-store?default&graph=" + urllib.parse.quote(G),
                 "/rdf-graph-store?graph=not%20an%20iri"]:
        status, _, data = gsp(rw, "GET", path=path)
        assert_clean_4xx(status, data, 400)


def test_graph_store_default_graph(rw: LiveServer) -> None:
    status, _, body = gsp(rw, "PUT", '<http://example.org/d> <http://example.org/p> "默认" .',
                          "application/n-triples", path="/rdf-graph-store?default")
    assert status == 204, body
    status, _, body = gsp(rw, "GET", path="/rdf-graph-store?default", accept="application/n-triples")
    assert triples(body, ox.RdfFormat.N_TRIPLES) == {("http://example.org/d", "http://example.org/p", '"默认"')}
    status, _, _ = gsp(rw, "DELETE", path="/rdf-graph-store?default")
    assert status == 204
    status, _, body = gsp(rw, "GET", path="/rdf-graph-store?default", accept="application/n-triples")
    assert body.strip() == b""


def test_service_description_lists_update_when_writable(rw: LiveServer) -> None:
    status, _, body = request(rw, "GET", "/sparql", headers={"Accept": "text/turtle"})
    assert b"sd:SPARQL11Update" in body
