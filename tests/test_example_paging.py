"""Example questions at national scale: parameters put in place of their variables (``sparql_text.bind_terms``),
one page of rows on the page with the total, answers at the defaults kept per store version."""

from __future__ import annotations

import re

import pyoxigraph as ox

from chainkg.graph.sparql_text import analyze, bind_terms, sparql_literal
from chainkg.server.app import WARMUP_PATHS


def bound(text: str, **terms: str) -> tuple[str, dict[str, str]]:
    return bind_terms(text, analyze(text), terms)


def test_a_parameter_takes_its_variables_place_in_the_where_group() -> None:
    text, left = bound('SELECT ?m WHERE { ?m rdfs:label ?l FILTER(CONTAINS(?l, ?k)) } ORDER BY ?m', k='"铝"')
    assert left == {} and 'CONTAINS(?l, "铝")' in text and "?k" not in text
    # a variable the query projects, assigns or names in VALUES stays a variable, for the VALUES block
    for query in ("SELECT ?k ?m WHERE { ?m rdfs:label ?k }", "SELECT ?m WHERE { BIND(1 AS ?k) ?m ?p ?k }",
                  "SELECT ?m WHERE { VALUES ?k { 1 } ?m ?p ?k }", "SELECT ?m WHERE { ?m ?p ?o } GROUP BY ?k",
                  "SELECT ?m WHERE { { SELECT ?k WHERE { ?k ?p ?o } } ?m ?p ?k }"):
        text, left = bound(query, k="<http://x>")
        assert left == {"k": "<http://x>"} and text == query, query


def test_a_hostile_value_stays_one_term() -> None:
    hostile = '") } SERVICE <http://127.0.0.1:9/> { ("\\'
    text, left = bound('SELECT ?m WHERE { ?m rdfs:label ?l FILTER(CONTAINS(?l, ?k)) }', k=sparql_literal(hostile))
    info = analyze(text, {"rdfs": "http://www.w3.org/2000/01/rdf-schema#"})
    assert not info.service and not info.unsure and left == {}
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://a"), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                      ox.Literal(f"x{hostile}y")))
    rows = list(store.query("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n" + text))
    assert [r["m"].value for r in rows] == ["http://a"]


def test_the_page_shows_one_page_of_rows_with_the_total(client) -> None:  # noqa: ANN001
    every = client.get("/queries/cluster-members.json").get_json()["results"]["bindings"]
    assert len(every) > 3
    page = client.get("/queries/cluster-members?size=2", headers={"Accept": "text/html"}).get_data(as_text=True)
    body = page.split('<table class="results">', 1)[1].split("</table>", 1)[0]
    assert body.count("<tr>") == 1 + 2  # the header and two rows
    assert f"{len(every)} 行" in page and "全部行见 CSV / JSON 下载" in page
    assert re.search(r'rel="next" href="[^"]*page=2', page)
    second = client.get("/queries/cluster-members?size=2&page=2", headers={"Accept": "text/html"})
    assert second.status_code == 200 and 'rel="prev"' in second.get_data(as_text=True)
    # the network is drawn from the rows shown
    data = re.search(r'id="query-network-data">(.*?)</script>', page, re.S)
    assert data and data.group(1).count('"from"') <= 2
    for bad in ("size=0", "size=x", "page=-1", "nope=1"):
        r = client.get(f"/queries/cluster-members?{bad}", headers={"Accept": "text/html"})
        assert r.status_code == 400 and b"Traceback" not in r.data, bad


def test_answers_at_the_defaults_are_kept_until_a_write(app, client) -> None:  # noqa: ANN001
    assert "/queries/chains-over-100bn" in WARMUP_PATHS and "/queries/chains-over-100bn.json" in WARMUP_PATHS
    client.get("/queries/chains-over-100bn.json")
    cache = app.extensions["chainkg_cache"]
    assert "example:chains-over-100bn:json" in cache
    client.get("/queries/chains-over-100bn.json?threshold=500")  # not the default: not kept
    assert not [k for k in cache if k.startswith("example:") and "500" in k]
