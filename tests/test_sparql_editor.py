"""The example questions (/queries/…, with .csv/.json twins) and the query editor at /sparql in headless
Chromium, against gunicorn; no request may leave 127.0.0.1 (the editor must work with the network cut off)."""

from __future__ import annotations

import csv
import io
import json
import urllib.parse

import pytest
from conftest import LiveServer
from test_sparql_endpoint import assert_clean_4xx, request

from chainkg.server.gallery import QUERIES_DIR, load_queries, parse_file

EMPTY_UNTIL_ASHARE = {"shenwan-upstream", "companies-by-industry"}


def test_every_example_file_parses() -> None:
    files = sorted(QUERIES_DIR.glob("*.rq"))
    assert len(files) >= 12
    for f in files:
        c = parse_file(f)
        assert c.title_zh and c.title_en and c.description, f
        assert any("\u4e00" <= ch <= "\u9fff" for ch in c.title_zh), f


def test_gallery(live_server: LiveServer) -> None:
    status, headers, body = request(live_server, "GET", "/queries", headers={"Accept": "text/html"})
    assert status == 200
    page = body.decode()
    assert "哪些产业链规模突破千亿元？" in page and "洛阳钼业属于哪些产业链和集群？" in page
    status, _, body = request(live_server, "GET", "/queries.json")
    listed = json.loads(body)
    assert len(listed) >= 12 and all(q["url"].startswith(live_server.url) for q in listed)


@pytest.mark.parametrize("name", list(load_queries()))
def test_each_example_runs(live_server: LiveServer, name: str) -> None:
    canned = load_queries()[name]
    status, headers, body = request(live_server, "GET", f"/queries/{name}", headers={"Accept": "text/html"})
    assert status == 200, body[:500]
    assert canned.title_zh in body.decode()
    if canned.form in ("CONSTRUCT", "DESCRIBE"):
        status, headers, body = request(live_server, "GET", f"/queries/{name}.ttl")
        assert status == 200 and headers["content-type"].startswith("text/turtle")
        assert b"ckg:" in body or body.strip() == b""
        return
    status, headers, body = request(live_server, "GET", f"/queries/{name}.json")
    assert status == 200 and headers["content-type"].startswith("application/sparql-results+json")
    rows = json.loads(body)["results"]["bindings"]
    if name in EMPTY_UNTIL_ASHARE:
        assert rows == [], f"{name} needs the A-share data (test_examples_on_the_national_data)"
    else:
        assert rows, f"{name} returns no rows on the Luoyang data"
    status, headers, body = request(live_server, "GET", f"/queries/{name}.csv")
    assert status == 200 and headers["content-type"].startswith("text/csv")
    assert len(list(csv.reader(io.StringIO(body.decode())))) == len(rows) + 1


def test_known_answers(live_server: LiveServer) -> None:
    def rows(path: str) -> list[dict]:
        status, _, body = request(live_server, "GET", path)
        assert status == 200, body
        return json.loads(body)["results"]["bindings"]

    names = {r["name"]["value"] for r in rows("/queries/chains-over-100bn.json")}
    assert names == {"铝基新材料产业链", "新能源电池产业集群", "绿色石化产业集群"}
    assert {r["name"]["value"] for r in rows("/queries/chains-over-100bn.json?threshold=500")} >= {"光电产业链"}
    targets = {r["targetLabel"]["value"] for r in rows("/queries/company-chains-clusters.json")}
    assert "全球企业1000强" in targets
    zz = rows("/queries/company-chains-clusters.json?company=" + urllib.parse.quote("id:company/zhong-zhou-shi-dai"))
    assert {r["sourceLabel"]["value"] for r in zz} == {"中州时代"}
    assert "新能源电池产业集群" in {r["targetLabel"]["value"] for r in zz}
    profit = {r["metric"]["value"]: r["value"]["value"] for r in rows("/queries/profit-vs-13th-fyp.json")}
    assert profit["规上工业利润较“十三五”末增长"] == "46.6"
    assert rows("/queries/policies-supporting.json")[0]["policyLabel"]["value"] == "双试点"


@pytest.mark.parametrize("name", sorted(EMPTY_UNTIL_ASHARE))
def test_examples_on_the_national_data(national_server: LiveServer, name: str) -> None:
    """The examples that read the A-share data answer rows once it is in (on the Luoyang data alone they
    are empty, which the test above checks), as JSON and as CSV with the same number of rows."""
    status, _, body = request(national_server, "GET", f"/queries/{name}.json")
    assert status == 200, body[:300]
    rows = json.loads(body)["results"]["bindings"]
    assert len(rows) >= 5, f"{name}: {len(rows)} rows on the national data"
    status, _, body = request(national_server, "GET", f"/queries/{name}.csv")
    assert status == 200 and len(list(csv.reader(io.StringIO(body.decode())))) == len(rows) + 1


@pytest.mark.parametrize("path", [
    "/queries/company-chains-clusters.json?company=" + urllib.parse.quote("<http://x> } ; DROP ALL #"),
    "/queries/company-chains-clusters.json?company=" + urllib.parse.quote("http://x> } SERVICE <http://127.0.0.1:9/"),
    "/queries/chains-over-100bn.json?threshold=" + urllib.parse.quote("1) } SERVICE <http://127.0.0.1:9/> { ("),
    "/queries/chains-over-100bn.json?threshold=1&threshold=2",
    "/queries/chains-over-100bn.pdf",
    "/queries/chains-over-100bn?threshold=abc",
])
def test_parameters_cannot_change_the_query(live_server: LiveServer, path: str) -> None:
    status, _, body = request(live_server, "GET", path)
    assert_clean_4xx(status, body)
    status, _, body = request(live_server, "GET", "/queries/nope")
    assert_clean_4xx(status, body, 404)


def test_string_parameters_are_escaped(live_server: LiveServer) -> None:
    hostile = '") } SERVICE <http://127.0.0.1:9/> { ("\\'
    status, _, body = request(live_server, "GET", "/queries/find-entity.json?text=" + urllib.parse.quote(hostile))
    assert status == 200 and json.loads(body)["results"]["bindings"] == []
    status, _, body = request(live_server, "GET", "/queries/find-entity.json?text=" + urllib.parse.quote("CMOC"))
    assert "洛阳钼业" in {r["name"]["value"] for r in json.loads(body)["results"]["bindings"]}


# -- in Chromium ---------------------------------------------------------------------------


@pytest.mark.browser
def test_editor_runs_an_example_offline(live_server: LiveServer, page, artifacts) -> None:  # noqa: ANN001
    page.goto(live_server.url + "/sparql")
    page.wait_for_selector(".yasqe .CodeMirror")
    editor_text = page.evaluate("window.yasgui.getTab().getQuery()")
    # the prefixes are declared by the server: the editor opens with the query alone, above the fold,
    # and the page lists the prefixes in a collapsed block
    assert "PREFIX" not in editor_text and "ckg:IndustryChain" in editor_text
    box = page.locator(".yasqe .CodeMirror").bounding_box()
    assert box and box["y"] + 60 < page.viewport_size["height"], box
    assert page.locator("details#prefixes").get_attribute("open") is None
    assert "https://w3id.org/chainkg/def#" in page.inner_text("details#prefixes table", timeout=5000) or \
        "https://w3id.org/chainkg/def#" in page.locator("details#prefixes").text_content()
    page.click("#example-list a.example[data-name='chains-over-100bn']")
    page.wait_for_selector("body[data-query-done]")
    page.wait_for_selector(".yasr table tbody tr")
    table = page.inner_text(".yasr table")
    assert "铝基新材料产业链" in table and "绿色石化产业集群" in table
    # result IRIs of this graph open the entity page of this service, not w3id.org
    hrefs = page.eval_on_selector_all(".yasr table a[href]", "els => els.map(a => a.href)")
    local = [h for h in hrefs if h.startswith(live_server.url + "/id/")]
    assert local, hrefs
    assert not [h for h in hrefs if h.startswith("https://w3id.org/chainkg/id/")], hrefs
    page.screenshot(path=str(artifacts / "sparql-editor.png"))
    assert page.outbound == [], page.outbound
    assert page.console_errors == [], page.console_errors


@pytest.mark.browser
def test_editor_draws_a_network(live_server: LiveServer, page, artifacts) -> None:  # noqa: ANN001
    page.goto(live_server.url + "/sparql?example=cluster-members")
    page.wait_for_selector("body[data-query-done]")
    page.wait_for_selector("#network-panel:not([hidden]) canvas")
    assert int(page.get_attribute("#query-network", "data-edges")) >= 2
    page.click("#example-list a.example[data-name='relation-network']")  # a CONSTRUCT
    for _ in range(100):
        if int(page.get_attribute("#query-network", "data-edges") or 0) > 10:
            break
        page.wait_for_timeout(100)
    assert int(page.get_attribute("#query-network", "data-edges")) > 10
    page.screenshot(path=str(artifacts / "sparql-network.png"))
    assert page.outbound == [] and page.console_errors == []


@pytest.mark.browser
def test_editor_shows_errors_and_typed_queries(live_server: LiveServer, page) -> None:  # noqa: ANN001
    page.goto(live_server.url + "/sparql")
    page.wait_for_selector(".yasqe .CodeMirror")
    page.evaluate("() => { window.yasgui.getTab().setQuery("
                  "'SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }'); return true; }")
    page.evaluate("() => { window.yasgui.getTab().query().catch(() => {}); return true; }")
    page.wait_for_selector(".yasr .errorResult, .yasr .error", timeout=10000)
    assert "SERVICE" in page.inner_text(".yasr")
    assert page.outbound == []


@pytest.mark.browser
def test_example_page_in_the_browser(live_server: LiveServer, page) -> None:  # noqa: ANN001
    page.goto(live_server.url + "/queries/company-chains-clusters")
    assert "全球企业1000强" in page.inner_text("table.results")
    page.wait_for_selector("#query-network canvas")
    page.select_option("select[name=company]", label="中州时代")
    page.click("form.params button")
    page.wait_for_load_state()
    assert "company=" in page.url
    assert page.outbound == [] and page.console_errors == []
