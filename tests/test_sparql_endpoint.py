"""/sparql as SPARQL clients use it: SPARQLWrapper and exact requests with http.client, against gunicorn.

Stricter cases than the W3C manifest: q-values, every result format, the guard
(SERVICE, LOAD, unknown graphs: a clear 400 and no connection made), the
service description (also behind a proxy), and bad input of every kind, which
must get a 4xx with a message and never a 500 or a traceback.
"""

from __future__ import annotations

import csv
import http.client
import io
import json
import socket
import threading
import urllib.parse
from collections.abc import Iterator
from xml.etree import ElementTree

import pyoxigraph as ox
import pytest
from conftest import LiveServer
from SPARQLWrapper import CSV, JSON, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

CHAINS = """PREFIX ckg: <https://w3id.org/chainkg/def#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?chain ?label WHERE { ?chain a ckg:IndustryChain ; rdfs:label ?label . FILTER(lang(?label) = "zh") }
ORDER BY ?label"""
CONSTRUCT = """PREFIX ckg: <https://w3id.org/chainkg/def#>
CONSTRUCT { ?x ckg:locatedIn ?r } WHERE { ?x ckg:locatedIn ?r }"""
SRES = "{http://www.w3.org/2005/sparql-results#}"


def request(server: LiveServer, method: str, path: str, body: bytes | str | None = None,
            headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection(server.host, int(server.port), timeout=60)
    try:
        try:
            conn.request(method, path, body=body.encode() if isinstance(body, str) else body, headers=headers or {})
        except (BrokenPipeError, ConnectionResetError):
            # the server may answer (413) and close before a large body is all sent, as it should:
            # the answer is read all the same
            pass
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


def get(server: LiveServer, query: str, accept: str | None = None, **params: str) -> tuple[int, dict, bytes]:
    qs = urllib.parse.urlencode({"query": query, **params})
    return request(server, "GET", "/sparql?" + qs, headers={"Accept": accept} if accept else {})


def assert_clean_4xx(status: int, body: bytes, expected: int | None = None) -> None:
    assert 400 <= status < 500, (status, body[:300])
    if expected:
        assert status == expected, (status, body[:300])
    assert b"Traceback" not in body and body.strip(), body[:300]


# -- SPARQLWrapper ------------------------------------------------------------------


@pytest.mark.parametrize("method", ["GET", "POST", "POSTDIRECTLY"])
def test_sparqlwrapper_select_json(live_server: LiveServer, method: str) -> None:
    sw = SPARQLWrapper(live_server.url + "/sparql")
    sw.setQuery(CHAINS)
    sw.setReturnFormat(JSON)
    if method == "POSTDIRECTLY":
        sw.setMethod("POST")
        sw.setRequestMethod("postdirectly")
    else:
        sw.setMethod(method)
    rows = sw.query().convert()["results"]["bindings"]
    labels = [r["label"]["value"] for r in rows]
    assert "铝基新材料产业链" in labels and len(labels) == 3


def test_sparqlwrapper_formats(live_server: LiveServer) -> None:
    sw = SPARQLWrapper(live_server.url + "/sparql")
    sw.setQuery(CHAINS)
    sw.setReturnFormat(XML)
    doc = sw.query().convert()
    assert len(doc.getElementsByTagName("result")) == 3
    sw.setReturnFormat(CSV)
    rows = list(csv.reader(io.StringIO(sw.query().convert().decode())))
    assert rows[0] == ["chain", "label"] and len(rows) == 4
    sw.setReturnFormat(TSV)
    assert len(sw.query().convert().decode().strip().splitlines()) == 4
    sw.setQuery("ASK { ?s a <https://w3id.org/chainkg/def#IndustryCluster> }")
    sw.setReturnFormat(JSON)
    assert sw.query().convert()["boolean"] is True
    sw.setQuery(CONSTRUCT)
    sw.setReturnFormat(TURTLE)
    data = sw.query().convert()
    assert len(list(ox.parse(data, format=ox.RdfFormat.TURTLE))) >= 8


def test_sparqlwrapper_syntax_error(live_server: LiveServer) -> None:
    sw = SPARQLWrapper(live_server.url + "/sparql")
    sw.setQuery("SELECT * WHERE { ?s ?p }")
    sw.setReturnFormat(JSON)
    with pytest.raises(QueryBadFormed) as err:
        sw.query()
    assert "syntax error" in str(err.value).lower()


# -- content negotiation --------------------------------------------------------------


@pytest.mark.parametrize("accept, expected", [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
    ("application/sparql-results+json;q=0.1, text/tab-separated-values", "text/tab-separated-values"),
    ("text/csv", "text/csv"),
    ("application/json", "application/json"),
    ("*/*", "application/sparql-results+json"),
    ("text/*;q=0.9, application/sparql-results+json;q=0.3", "text/csv"),
])
def test_select_negotiation(live_server: LiveServer, accept: str, expected: str) -> None:
    status, headers, body = get(live_server, CHAINS, accept)
    assert status == 200, body
    assert headers["content-type"].split(";")[0] == expected
    assert "accept" in headers["vary"].lower()
    if "json" in expected:
        assert len(json.loads(body)["results"]["bindings"]) == 3
    elif "xml" in expected:
        assert len(ElementTree.fromstring(body).findall(f".//{SRES}result")) == 3
    else:
        assert len(body.decode().strip().splitlines()) == 4


@pytest.mark.parametrize("accept, expected, fmt", [
    ("text/turtle", "text/turtle", ox.RdfFormat.TURTLE),
    ("application/n-triples", "application/n-triples", ox.RdfFormat.N_TRIPLES),
    ("application/rdf+xml", "application/rdf+xml", ox.RdfFormat.RDF_XML),
    ("application/ld+json;q=0.8, text/turtle;q=0.2", "application/ld+json", ox.RdfFormat.JSON_LD),
    ("application/n-quads", "application/n-quads", ox.RdfFormat.N_QUADS),
    ("application/trig", "application/trig", ox.RdfFormat.TRIG),
    ("*/*", "text/turtle", ox.RdfFormat.TURTLE),
])
def test_construct_negotiation(live_server: LiveServer, accept: str, expected: str, fmt: ox.RdfFormat) -> None:
    status, headers, body = get(live_server, CONSTRUCT, accept)
    assert status == 200, body
    assert headers["content-type"].split(";")[0] == expected
    assert len(list(ox.parse(body, format=fmt))) >= 8


def test_describe(live_server: LiveServer) -> None:
    status, headers, body = get(live_server, "DESCRIBE <https://w3id.org/chainkg/id/company/603993.SH>",
                                "application/n-triples")
    assert status == 200 and "洛阳钼业" in body.decode()


@pytest.mark.parametrize("fmt, expected", [("csv", "text/csv"), ("xml", "application/sparql-results+xml"),
                                           ("tsv", "text/tab-separated-values"),
                                           ("application/sparql-results+xml", "application/sparql-results+xml")])
def test_format_parameter(live_server: LiveServer, fmt: str, expected: str) -> None:
    status, headers, _ = get(live_server, CHAINS, "application/sparql-results+json", format=fmt)
    assert status == 200 and headers["content-type"].startswith(expected)


def test_format_parameter_for_construct(live_server: LiveServer) -> None:
    status, headers, body = get(live_server, CONSTRUCT, None, format="jsonld")
    assert status == 200 and headers["content-type"].startswith("application/ld+json")
    json.loads(body)


def test_not_acceptable(live_server: LiveServer) -> None:
    status, _, body = get(live_server, CHAINS, "image/png")
    assert_clean_4xx(status, body, 406)
    assert b"application/sparql-results+json" in body
    status, _, body = get(live_server, CHAINS, None, format="pdf")
    assert_clean_4xx(status, body, 400)


def test_head_and_cors_preflight(live_server: LiveServer) -> None:
    status, headers, body = request(live_server, "HEAD", "/sparql?" + urllib.parse.urlencode({"query": CHAINS}))
    assert status == 200 and body == b""
    status, headers, _ = request(live_server, "OPTIONS", "/sparql", headers={
        "Origin": "http://example.org", "Access-Control-Request-Method": "POST"})
    assert status == 204 and headers["access-control-allow-origin"] == "*"


# -- protocol errors -------------------------------------------------------------------


def test_protocol_errors(live_server: LiveServer) -> None:
    status, _, body = request(live_server, "GET", "/sparql?query=ASK%20%7B", headers={"Accept": "*/*"})
    assert_clean_4xx(status, body, 400)
    assert b"syntax error" in body.lower() and b"error at 1:" in body  # the parser's own message
    status, _, body = request(live_server, "GET", "/sparql?query=ASK%7B%7D&query=ASK%7B%7D")
    assert_clean_4xx(status, body, 400)
    status, _, body = request(live_server, "POST", "/sparql", "", {"Content-Type": "application/x-www-form-urlencoded"})
    assert_clean_4xx(status, body, 400)
    assert b"missing 'query'" in body
    status, _, body = request(live_server, "POST", "/sparql", "ASK {}", {"Content-Type": "text/plain"})
    assert_clean_4xx(status, body, 415)
    status, _, body = request(live_server, "POST", "/sparql", "ASK {}")
    assert_clean_4xx(status, body, 415)
    status, _, body = request(live_server, "POST", "/sparql", "ASK {}".encode("utf-16"),
                              {"Content-Type": "application/sparql-query; charset=UTF-16"})
    assert_clean_4xx(status, body, 415)
    status, _, body = request(live_server, "PUT", "/sparql?query=ASK%7B%7D")
    assert_clean_4xx(status, body, 405)
    status, _, body = request(live_server, "POST", "/sparql", "   ", {"Content-Type": "application/sparql-query"})
    assert_clean_4xx(status, body, 400)


def test_updates_are_refused_and_change_nothing(live_server: LiveServer) -> None:
    before = get(live_server, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[2]
    drop = "DROP ALL"
    for method, path, body, headers in [
        ("GET", "/sparql?update=" + urllib.parse.quote(drop), None, {}),
        ("POST", "/sparql", "update=" + urllib.parse.quote(drop),
         {"Content-Type": "application/x-www-form-urlencoded"}),
        ("POST", "/sparql", drop, {"Content-Type": "application/sparql-update"}),
        ("POST", "/sparql", drop, {"Content-Type": "application/sparql-query"}),
        ("GET", "/sparql?query=" + urllib.parse.quote("INSERT DATA { <a:a> <a:b> <a:c> }"), None, {}),
        ("POST", "/update", drop, {"Content-Type": "application/sparql-update"}),
    ]:
        status, _, data = request(live_server, method, path, body, headers)
        assert_clean_4xx(status, data)
    assert get(live_server, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[2] == before


# -- the guard -------------------------------------------------------------------------------


@pytest.fixture()
def listener() -> Iterator[tuple[int, list[bytes]]]:
    """A TCP listener on loopback that records every connection (none may come)."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(5)
    srv.settimeout(0.2)
    seen: list[bytes] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = srv.accept()
            except OSError:
                continue
            seen.append(conn.recv(1000))
            conn.close()

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    yield srv.getsockname()[1], seen
    stop.set()
    t.join(2)
    srv.close()


def test_service_is_refused_without_a_connection(live_server: LiveServer, listener: tuple[int, list[bytes]]) -> None:
    port, seen = listener
    target = f"http://127.0.0.1:{port}/sparql"
    for query in [
        f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
        f"select * where {{ service silent <{target}> {{ ?s ?p ?o }} }}",
        f"PREFIX e: <http://127.0.0.1:{port}/>\nSELECT * WHERE {{ ?s ?p ?o . SERVICE e:sparql {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ BIND(<{target}> AS ?ep) SERVICE ?ep {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVIC\\u0045 <{target}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{target}> {{ ?s ?p ?o }} }} }}",
        f"SELECT * WHERE {{ ?s <http://e/a\\#> ?o # comment\n SERVICE <{target}> {{ ?s ?p ?o }} }}",
    ]:
        for send in ("get", "post"):
            if send == "get":
                status, _, body = get(live_server, query)
            else:
                status, _, body = request(live_server, "POST", "/sparql", query,
                                          {"Content-Type": "application/sparql-query"})
            assert_clean_4xx(status, body, 400)
            assert b"SERVICE" in body and b"never connects" in body, body
    status, _, body = get(live_server, f"LOAD <{target}>")
    assert_clean_4xx(status, body, 400)
    assert not seen, seen


def test_service_in_strings_and_comments_is_fine(live_server: LiveServer) -> None:
    query = 'SELECT ?x WHERE { BIND("SERVICE <http://127.0.0.1:9/> {}" AS ?x) } # SERVICE <http://x/> { }'
    status, _, body = get(live_server, query)
    assert status == 200 and b"SERVICE" in body
    status, _, body = get(live_server, "PREFIX service: <http://e/>\nSELECT * WHERE { ?s service:load ?o }")
    assert status == 200, body


@pytest.mark.parametrize("query, params, unknown", [
    ("SELECT * FROM <http://example.org/elsewhere> WHERE { ?s ?p ?o }", {}, "http://example.org/elsewhere"),
    ("SELECT * FROM NAMED <http://example.org/elsewhere> WHERE { GRAPH ?g { ?s ?p ?o } }", {},
     "http://example.org/elsewhere"),
    ("SELECT * WHERE { ?s ?p ?o }", {"default-graph-uri": "http://example.org/elsewhere"},
     "http://example.org/elsewhere"),
    ("SELECT * WHERE { ?s ?p ?o }", {"named-graph-uri": "https://w3id.org/chainkg/graph/nope"},
     "https://w3id.org/chainkg/graph/nope"),
])
def test_unknown_graphs_are_empty_and_named(live_server: LiveServer, query: str, params: dict[str, str],
                                            unknown: str) -> None:
    """A dataset graph that is not in the store is empty (never fetched), and the response names it."""
    status, headers, body = get(live_server, query, **params)
    assert status == 200, body
    assert json.loads(body)["results"]["bindings"] == []
    assert headers["x-chainkg-unknown-graphs"] == f"<{unknown}>"


def test_a_dataset_graph_must_be_an_iri(live_server: LiveServer) -> None:
    status, _, body = get(live_server, "SELECT * WHERE { ?s ?p ?o }", **{"default-graph-uri": "not an iri"})
    assert_clean_4xx(status, body, 400)


def test_dataset_restricts_the_query(live_server: LiveServer) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"

    def n(query: str, **params: str) -> int:
        status, _, body = get(live_server, query, "application/sparql-results+json", **params)
        assert status == 200, body
        return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])

    total = n(count)
    onto = n(count, **{"default-graph-uri": "https://w3id.org/chainkg/graph/ontology"})
    region = n(count.replace("WHERE", "FROM <https://w3id.org/chainkg/graph/region-luoyang> WHERE"))
    assert 0 < onto < total and 0 < region < total and onto + region <= total
    # the protocol's dataset overrides the query's FROM (SPARQL 1.1 Protocol 2.1.4)
    assert n(count.replace("WHERE", "FROM <https://w3id.org/chainkg/graph/region-luoyang> WHERE"),
             **{"default-graph-uri": "https://w3id.org/chainkg/graph/ontology"}) == onto
    named = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert n(named, **{"named-graph-uri": "https://w3id.org/chainkg/graph/ontology"}) == 1


# -- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize("body, ctype", [
    (bytes(range(256)) * 4, "application/sparql-query"),
    (b"\xff\xfe\x00S\x00E\x00L", "application/sparql-query"),
    (b"query=%FF%FE%00", "application/x-www-form-urlencoded"),
    (b"query=\xff\xfe", "application/x-www-form-urlencoded"),
    (b"\x00\x00\x00", "application/x-www-form-urlencoded"),
    (b"%%%%=%%%&&&=", "application/x-www-form-urlencoded"),
    (b"{" * 5000 + b"}" * 5000, "application/sparql-query"),
    (b"SELECT * WHERE " + b"{" * 300 + b"}" * 300, "application/sparql-query"),
    (b"ASK { FILTER(" + b"1+" * 60000 + b"1 > 0) }", "application/sparql-query"),
    (b"ASK { " + b" UNION ".join([b"{?s ?p ?o}"] * 20000) + b" }", "application/sparql-query"),
    (b"SELECT * WHERE { ?s ?p \"unterminated }", "application/sparql-query"),
    (b"ASK {}", "application/sparql-query; charset=latin-1"),
    (b"ASK {}", "multipart/form-data; boundary=x"),
    (b"<xml/>", "application/xml"),
])
def test_garbage_bodies_get_4xx(live_server: LiveServer, body: bytes, ctype: str) -> None:
    status, _, data = request(live_server, "POST", "/sparql", body, {"Content-Type": ctype})
    assert_clean_4xx(status, data)


def test_bad_urls_get_4xx(live_server: LiveServer) -> None:
    for path in ["/sparql?query=%FF%FE", "/sparql?query=" + "a" * 9000, "/sparql?query=ASK%7B%7D&timeout=abc",
                 "/sparql?query=ASK%7B%7D&timeout=-1", "/sparql?" + "&".join(f"x{i}=1" for i in range(1200)),
                 "/sparql?query=%00"]:
        status, _, body = request(live_server, "GET", path)
        assert_clean_4xx(status, body)


def test_request_size_limit(live_server: LiveServer) -> None:
    body = b"# " + b"x" * (3 * 1024 * 1024) + b"\nASK {}"
    status, _, data = request(live_server, "POST", "/sparql", body, {"Content-Type": "application/sparql-query"})
    assert_clean_4xx(status, data, 413)
    status, _, data = get(live_server, "ASK {}")
    assert status == 200  # and the server is fine


# -- service description ---------------------------------------------------------------------

SD = "http://www.w3.org/ns/sparql-service-description#"


def _sd(server: LiveServer, accept: str, headers: dict[str, str] | None = None, path: str = "/sparql") -> ox.Store:
    status, hdrs, body = request(server, "GET", path, headers={"Accept": accept, **(headers or {})})
    assert status == 200, body
    media = hdrs["content-type"].split(";")[0]
    fmt = {"text/turtle": ox.RdfFormat.TURTLE, "application/rdf+xml": ox.RdfFormat.RDF_XML,
           "application/ld+json": ox.RdfFormat.JSON_LD, "application/n-triples": ox.RdfFormat.N_TRIPLES}[media]
    store = ox.Store()
    store.extend(ox.parse(body, format=fmt))
    return store


@pytest.mark.parametrize("accept", ["text/turtle", "application/rdf+xml", "application/ld+json", "*/*"])
def test_service_description(live_server: LiveServer, accept: str) -> None:
    sd = _sd(live_server, accept)
    endpoint = live_server.url + "/sparql"
    assert sd.query(f"ASK {{ <{endpoint}> a <{SD}Service> ; <{SD}endpoint> <{endpoint}> ; "
                    f"<{SD}supportedLanguage> <{SD}SPARQL11Query> ; "
                    f"<{SD}resultFormat> <http://www.w3.org/ns/formats/SPARQL_Results_JSON> }}")
    rows = list(sd.query(f"""SELECT ?name ?n WHERE {{ ?svc <{SD}defaultDataset>/<{SD}namedGraph> ?g .
        ?g <{SD}name> ?name ; <{SD}graph>/<http://rdfs.org/ns/void#triples> ?n }}"""))
    graphs = {r["name"].value: int(r["n"].value) for r in rows}
    assert graphs["https://w3id.org/chainkg/graph/region-luoyang"] > 1000
    counts = list(sd.query("""SELECT ?c ?e WHERE { ?d <http://rdfs.org/ns/void#classes> ?c ;
        <http://rdfs.org/ns/void#entities> ?e }"""))
    assert int(counts[0]["c"].value) > 10 and int(counts[0]["e"].value) > 100
    # read-only: no update language
    assert not sd.query(f"ASK {{ ?s <{SD}supportedLanguage> <{SD}SPARQL11Update> }}")


def test_browser_gets_the_editor(live_server: LiveServer) -> None:
    status, headers, body = request(live_server, "GET", "/sparql", headers={
        "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"})
    assert status == 200 and headers["content-type"].startswith("text/html") and b"yasgui" in body


def test_forwarded_headers_are_ignored_by_default(live_server: LiveServer) -> None:
    sd = _sd(live_server, "text/turtle", {"X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https"})
    assert sd.query(f"ASK {{ <{live_server.url}/sparql> <{SD}endpoint> ?e }}")


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "application/sparql-results+xml",
                                    "text/csv", "text/tab-separated-values"])
def test_select_star_columns_in_query_order(live_server: LiveServer, accept: str) -> None:
    """``SELECT *`` answers its variables in the order the query names them (Oxigraph sorts them: o, p, s),
    in every result format; the rows follow their columns."""
    query = "SELECT * WHERE { ?s a ckg:IndustryChain ; ?p ?o } LIMIT 3"
    status, headers, body = get(live_server, query, accept)
    assert status == 200, body
    text = body.decode()
    if "json" in accept:
        doc = json.loads(text)
        assert doc["head"]["vars"] == ["s", "p", "o"]
        assert all(b["s"]["value"].startswith("https://w3id.org/chainkg/id/chain/") for b in doc["results"]["bindings"])
    elif "xml" in accept:
        head = ElementTree.fromstring(body).find(f"{SRES}head")
        assert [v.get("name") for v in head.findall(f"{SRES}variable")] == ["s", "p", "o"]
    elif accept == "text/csv":
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0] == ["s", "p", "o"] and len(rows) == 4
        assert all(r[0].startswith("https://w3id.org/chainkg/id/chain/") for r in rows[1:])
    else:
        lines = text.rstrip("\n").split("\n")
        assert lines[0].split("\t") == ["?s", "?p", "?o"] and len(lines) == 4
        assert all(line.split("\t")[0].startswith("<https://w3id.org/chainkg/id/chain/") for line in lines[1:])
