"""The web service as users reach it: gunicorn on a loopback port, a real HTTP client."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

import pytest
from rdflib import Graph


def get(server, path: str, accept: str | None = None) -> tuple[int, str, bytes]:  # noqa: ANN001
    req = urllib.request.Request(server.url + path, headers={"Accept": accept} if accept else {})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.headers.get("Content-Type", ""), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers.get("Content-Type", ""), err.read()


def post_form(server, path: str, data: dict[str, str], accept: str) -> tuple[int, str, bytes]:  # noqa: ANN001
    body = urllib.parse.urlencode(data).encode()
    req = urllib.request.Request(server.url + path, data=body, headers={
        "Accept": accept, "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return resp.status, resp.headers.get("Content-Type", ""), resp.read()


COMPANIES = "PREFIX ckg: <https://w3id.org/chainkg/def#> SELECT ?c WHERE { ?c a ckg:Company }"


def test_sparql_select_get(live_server) -> None:  # noqa: ANN001
    status, ctype, body = get(live_server, "/sparql?query=" + urllib.parse.quote(COMPANIES),
                              "application/sparql-results+json")
    assert status == 200 and ctype.startswith("application/sparql-results+json")
    iris = {b["c"]["value"] for b in json.loads(body)["results"]["bindings"]}
    assert "https://w3id.org/chainkg/id/company/603993.SH" in iris


def test_sparql_select_post_form(live_server) -> None:  # noqa: ANN001
    status, ctype, body = post_form(live_server, "/sparql", {"query": COMPANIES}, "application/sparql-results+json")
    assert status == 200
    assert len(json.loads(body)["results"]["bindings"]) == 2


def test_sparql_ask_and_construct(live_server) -> None:  # noqa: ANN001
    ask = "ASK { ?c <http://www.w3.org/2000/01/rdf-schema#label> \"洛阳钼业\"@zh }"
    status, _, body = get(live_server, "/sparql?query=" + urllib.parse.quote(ask), "application/sparql-results+json")
    assert status == 200 and json.loads(body)["boolean"] is True
    construct = "CONSTRUCT { ?c a ?t } WHERE { ?c a ?t } LIMIT 5"
    status, ctype, body = get(live_server, "/sparql?query=" + urllib.parse.quote(construct), "text/turtle")
    assert status == 200 and ctype.startswith("text/turtle")
    assert len(Graph().parse(data=body.decode(), format="turtle")) == 5


def test_sparql_syntax_error_is_400(live_server) -> None:  # noqa: ANN001
    status, _, body = get(live_server, "/sparql?query=" + urllib.parse.quote("SELECT WHERE {"))
    assert status == 400 and b"syntax" in body.lower()


def test_chain_view_contains_the_chain_nodes(live_server) -> None:  # noqa: ANN001
    status, ctype, body = get(live_server, "/chain/lv-ji-xin-cai-liao-chan-ye-lian.json")
    assert status == 200
    data = json.loads(body)
    labels = {n["label_zh"] for n in data["nodes"]}
    assert {"铝基新材料产业链", "新能源汽车", "高性能材料", "洛阳市"} <= labels
    status, ctype, html = get(live_server, "/chain/lv-ji-xin-cai-liao-chan-ye-lian", "text/html")
    assert status == 200 and "text/html" in ctype
    page = html.decode()
    assert "铝基新材料产业链" in page and "vis-network.min.js" in page
    assert "cdn" not in page.lower() and "https://unpkg" not in page


def test_cluster_view(live_server) -> None:  # noqa: ANN001
    status, _, body = get(live_server, "/cluster/xin-neng-yuan-dian-chi-chan-ye-ji-qun.json")
    assert status == 200
    labels = {n["label_zh"] for n in json.loads(body)["nodes"]}
    assert {"新能源电池产业集群", "中州时代"} <= labels


def test_entity_page_html_and_rdf(live_server) -> None:  # noqa: ANN001
    status, ctype, html = get(live_server, "/id/company/603993.SH", "text/html")
    assert status == 200 and "洛阳钼业" in html.decode()
    assert "全球企业1000强" in html.decode()  # a fact, with its sentence
    assert "洛阳钼业入围全球企业1000强" in html.decode()
    for accept, fmt in [("text/turtle", "turtle"), ("application/ld+json", "json-ld"),
                        ("application/n-triples", "nt")]:
        status, ctype, body = get(live_server, "/id/company/603993.SH", accept)
        assert status == 200 and ctype.startswith(accept), (accept, ctype)
        assert len(Graph().parse(data=body.decode(), format=fmt)) > 5


def test_home_page_lists_chains_and_clusters(live_server) -> None:  # noqa: ANN001
    status, _, html = get(live_server, "/", "text/html")
    page = html.decode()
    assert status == 200
    for name in ["铝基新材料产业链", "光电产业链", "先进合金材料产业链", "新能源电池产业集群", "绿色石化产业集群"]:
        assert name in page


def test_unknown_entity_is_404(live_server) -> None:  # noqa: ANN001
    status, _, _ = get(live_server, "/id/company/000000.SZ", "text/html")
    assert status == 404


def test_static_assets_are_served_and_cached(live_server) -> None:  # noqa: ANN001
    req = urllib.request.Request(live_server.url + "/static/vendor/vis-network/vis-network.min.js")
    with urllib.request.urlopen(req, timeout=30) as resp:
        assert resp.status == 200
        assert "max-age" in resp.headers.get("Cache-Control", "")


def test_html_pages_carry_a_csp(live_server) -> None:  # noqa: ANN001
    with urllib.request.urlopen(live_server.url + "/", timeout=30) as resp:
        csp = resp.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp


@pytest.mark.parametrize("path", ["/export/graph.gexf", "/export/chain/lv-ji-xin-cai-liao-chan-ye-lian.gexf",
                                  "/export/dump.ttl"])
def test_downloads(live_server, path: str) -> None:  # noqa: ANN001
    status, _, body = get(live_server, path)
    assert status == 200 and len(body) > 1000


@pytest.mark.parametrize("query, words", [("hops=abc", b"hops must be a whole number"), ("hops=9", b"hops is between"),
                                          ("limit=-5", b"limit is between"), ("layout=spiral", b"layout is")])
def test_view_downloads_refuse_bad_parameters(live_server, query: str, words: bytes) -> None:  # noqa: ANN001
    """A view's download takes the parameters of its page, with the same bounds: 400 with a message, not a
    silent default."""
    status, _, body = get(live_server, "/export/explore/company/603993.SH.gexf?" + query)
    assert status == 400 and words in body, body[:300]
