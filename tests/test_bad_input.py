"""Bad input is refused, never a 500 (issue 12): the paths and parameters the tester found, unsafe stored links,
the redirect of ``go=1``, stale search and sources after writes through the service, and a property-based fuzz
test over every route of the app (hypothesis, bounded in examples and time)."""

from __future__ import annotations

import re
import urllib.parse

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chainkg.graph.store import open_store
from chainkg.ingest.dispatch import build

TOKEN = "bad-input-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
EVIL = "https://evil.example/phish"


@pytest.fixture(scope="module")
def hostile_app():  # noqa: ANN201
    """The bundled graph plus stored hostile links, served read-write (in memory, real query workers)."""
    from chainkg.server.app import create_app

    store = open_store("memory")
    build(store)
    store.update("""INSERT DATA { GRAPH <http://example.org/graph/hostile> {
        <javascript:alert(document.domain)> a <https://w3id.org/chainkg/def#Company> ;
            <http://www.w3.org/2000/01/rdf-schema#label> "恶意链接公司"@zh .
        <https://evil.example/phish> a <https://w3id.org/chainkg/def#Company> ;
            <http://www.w3.org/2000/01/rdf-schema#label> "钓鱼独有名称"@zh . } }""")
    app = create_app({"TESTING": True, "CHAINKG_UPDATE_TOKEN": TOKEN}, store=store)
    yield app
    store.close()


@pytest.fixture()
def web(hostile_app):  # noqa: ANN001, ANN201
    return hostile_app.test_client()


@pytest.mark.parametrize("path", ["/id/%3E", "/id/a%20b", "/id/company/%FF", "/id/%00", "/id/company/%E4%B8",
                                  "/edge.json?s=http://a&p=http://b&o=http://c%0a",
                                  "/edge.json?s=http://a&p=http://b&o=http://c%3E",
                                  "/explore?iri=http://a%3E", "/explore.json?iri=http://a&hops=x",
                                  "/explore.json?iri=http://a&limit=-1",
                                  "/chain/%FF", "/browse/%FF"])
def test_bad_paths_and_parameters_are_4xx(web, path: str) -> None:  # noqa: ANN001
    response = web.get(path)
    assert 400 <= response.status_code < 500, (path, response.status_code, response.data[:200])
    assert b"Traceback" not in response.data


def test_non_http_iris_are_never_links(web) -> None:  # noqa: ANN001
    for path in ("/search?q=恶意链接公司", "/browse/Company", "/search.json?q=恶意链接公司"):
        body = web.get(path, headers={"Accept": "text/html"}).get_data(as_text=True)
        assert "恶意链接公司" in body, path
        assert not re.search(r"""href=["']?\s*javascript:""", body, re.I), path
        assert '"url":"javascript:' not in body.replace(" ", "")


def test_go_redirects_only_to_own_pages(web) -> None:  # noqa: ANN001
    response = web.get("/search?q=钓鱼独有名称&go=1")
    assert response.status_code == 200  # the only hit is another host's IRI: the results page, no redirect
    assert "Location" not in response.headers
    own = web.get("/search?q=" + urllib.parse.quote("洛阳钼业") + "&go=1")
    if own.status_code == 302:
        location = own.headers["Location"]
        assert location.startswith("/") and not location.startswith("//")


def test_bearer_token_forms(web) -> None:  # noqa: ANN001
    """What is accepted (server/http.py): scheme ``Bearer`` in any case, spaces around the token trimmed;
    nothing else (another scheme, a token with more or less, two tokens)."""
    body = "INSERT DATA { GRAPH <http://example.org/graph/t> { <http://example.org/a> <http://example.org/b> 1 } }"
    ok = ["Bearer " + TOKEN, "bearer " + TOKEN, "BEARER   " + TOKEN + "  "]
    bad = ["Basic " + TOKEN, "Bearer", "Bearer " + TOKEN + "x", "Bearer x" + TOKEN, TOKEN, "Bearer " + TOKEN + " x",
           "Bearer\t" + TOKEN]
    for header in ok:
        response = web.post("/update", data=body, headers={"Authorization": header,
                                                           "Content-Type": "application/sparql-update"})
        assert response.status_code == 204, (header, response.data)
    for header in bad:
        response = web.post("/update", data=body, headers={"Authorization": header,
                                                           "Content-Type": "application/sparql-update"})
        assert response.status_code == 401, (header, response.status_code)


def _insert(web, graph: str, iri: str, label: str) -> None:  # noqa: ANN001
    insert = f"""INSERT DATA {{ GRAPH <{graph}> {{ <{iri}> a <https://w3id.org/chainkg/def#Company> ;
        <http://www.w3.org/2000/01/rdf-schema#label> "{label}"@zh }} }}"""
    r = web.post("/update", data=insert, headers={**AUTH, "Content-Type": "application/sparql-update"})
    assert r.status_code == 204, r.data[:300]


def _drop(web, graph: str) -> None:  # noqa: ANN001
    r = web.delete("/rdf-graph-store?graph=" + urllib.parse.quote(graph, safe=""), headers=AUTH)
    assert r.status_code == 204, r.data[:300]


def test_search_follows_writes_through_the_service(web) -> None:  # noqa: ANN001
    graph = "http://example.org/graph/fresh"
    assert web.get("/search.json?q=新鲜测试公司").get_json()["results"] == []
    _insert(web, graph, "https://w3id.org/chainkg/id/company/fresh-co", "新鲜测试公司")
    hits = web.get("/search.json?q=新鲜测试公司").get_json()["results"]
    assert [h["iri"] for h in hits] == ["https://w3id.org/chainkg/id/company/fresh-co"]
    _drop(web, graph)
    assert web.get("/search.json?q=新鲜测试公司").get_json()["results"] == []
    # through the graph store protocol, PUT
    r = web.put("/rdf-graph-store?graph=" + urllib.parse.quote(graph, safe=""), headers={
        **AUTH, "Content-Type": "text/turtle"}, data='<https://w3id.org/chainkg/id/company/gsp-co> a '
        '<https://w3id.org/chainkg/def#Company> ; <http://www.w3.org/2000/01/rdf-schema#label> "协议写入公司"@zh .')
    assert r.status_code in (201, 204)
    assert web.get("/search.json?q=协议写入公司").get_json()["results"]
    assert web.get("/id/company/gsp-co.json").status_code == 200
    _drop(web, graph)


def test_sources_follow_writes_through_the_service(web) -> None:  # noqa: ANN001
    """/sources lists every named graph (not only catalog entries) and drops a deleted one."""
    graph = "http://example.org/graph/listed"
    assert graph not in web.get("/sources?format=json").get_data(as_text=True)
    _insert(web, graph, "https://w3id.org/chainkg/id/company/listed-co", "列出测试公司")
    assert graph in {s["graph"] for s in web.get("/sources?format=json").get_json()}
    _drop(web, graph)
    assert graph not in {s["graph"] for s in web.get("/sources?format=json").get_json()}


# -- fuzz --------------------------------------------------------------------------------------------------

TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)
RAW = st.one_of(TEXT, st.sampled_from(["%FF", "%00", "%3E", "%0A", "../..", "javascript:x", "http://a", "-1",
                                       "99999999999999999999", "1e309", "NaN", "{}", "<x>", "%E4%B8", "a" * 300]))


def _routes(app) -> list[tuple[str, list[str], list[str]]]:  # noqa: ANN001
    out = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        methods = sorted(m for m in rule.methods - {"HEAD", "OPTIONS"})
        out.append((rule.rule, methods, sorted(rule.arguments)))
    return out


PARAMS = ["q", "iri", "hops", "limit", "format", "lang", "layout", "expand", "node", "hide", "s", "p", "o",
          "region", "industry", "from", "to", "top", "by", "class", "go", "query", "graph", "default", "timeout",
          "size_by", "example", "output", "default-graph-uri", "named-graph-uri"]


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(data=st.data())
def test_fuzz_every_route_never_answers_500(hostile_app, data) -> None:  # noqa: ANN001
    client = hostile_app.test_client()
    rule, methods, arguments = data.draw(st.sampled_from(_routes(hostile_app)))
    path = rule
    for name in arguments:
        value = data.draw(RAW)
        path = re.sub(r"<(?:[^:<>]+:)?" + re.escape(name) + ">", urllib.parse.quote(value, safe="%/"), path)
    params = data.draw(st.lists(st.tuples(st.sampled_from(PARAMS), RAW), max_size=4))
    query = "&".join(f"{urllib.parse.quote(k)}={urllib.parse.quote(v, safe='%')}" for k, v in params)
    method = data.draw(st.sampled_from(methods))
    accept = data.draw(st.sampled_from(["text/html", "application/json", "*/*", "text/turtle", "x/y;q=oops"]))
    body = data.draw(st.one_of(st.none(), RAW))
    ctype = data.draw(st.sampled_from(["application/sparql-query", "application/x-www-form-urlencoded",
                                       "text/turtle", "application/json", "multipart/form-data"]))
    headers = {"Accept": accept, "Content-Type": ctype, **(AUTH if data.draw(st.booleans()) else {})}
    if method in ("PUT", "DELETE", "POST") and path.startswith(("/rdf-graph-store", "/sources", "/update")):
        params = [(k, v) for k, v in params if k != "graph"] + [("graph", "http://example.org/graph/fuzz")]
        query = "&".join(f"{urllib.parse.quote(k)}={urllib.parse.quote(v, safe='%')}" for k, v in params)
    response = client.open(path + ("?" + query if query else ""), method=method, headers=headers,
                           data=body.encode("utf-8", "surrogatepass") if body is not None else None)
    assert response.status_code < 500 or response.status_code == 503, (method, path, query, response.status_code,
                                                                       response.get_data()[:300])
