"""The analysis pages (gaps, central industries, supply paths) and their exports, on the national data."""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import urlencode

import networkx as nx
import pytest
from conftest import new_store

from chainkg.graph.exports import read_gexf
from chainkg.graph.store import GraphStore
from chainkg.ingest.dispatch import build, ingest_path

ASHARE = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "ashare-chain"
METALS = {"region": "洛阳", "industry": "工业金属"}
pytestmark = pytest.mark.skipif(not (ASHARE / "company.json").exists(), reason="needs ../shared/datasets")


@pytest.fixture(scope="module")
def national_store(backend: str, servers: list) -> GraphStore:
    """The bundled graph and the A-share data on each test backend (embedded, an Oxigraph server)."""
    store = new_store(backend, servers)
    build(store)
    ingest_path(store, ASHARE, "ashare-chain")
    return store


@pytest.fixture(scope="module")
def national_client(national_store: GraphStore):  # noqa: ANN201
    from chainkg.server.app import create_app

    return create_app({"TESTING": True}, store=national_store).test_client()


def test_gap_page_shows_a_ranked_table_and_a_network(national_client) -> None:  # noqa: ANN001
    html = national_client.get("/analysis/gaps", query_string=METALS).get_data(as_text=True)
    assert "补链" in html and "延链" in html and 'id="gap-network"' in html
    assert "洛阳钼业" in html  # a strength: the region's own company
    data = national_client.get("/analysis/gaps.json", query_string=METALS).get_json()
    ranks = [g["rank"] for g in data["gaps"]]
    assert ranks == sorted(ranks) and len(ranks) > 50
    scores = [g["score"] for g in data["gaps"]]
    assert scores == sorted(scores, reverse=True)
    statuses = {n["status"] for n in data["network"]["nodes"]}
    assert statuses == {"focus", "present", "gap"}


def test_gap_network_downloads_as_gexf(national_client) -> None:  # noqa: ANN001
    resp = national_client.get("/analysis/gaps.gexf", query_string=METALS)
    assert resp.status_code == 200
    g = read_gexf(io.BytesIO(resp.get_data()))
    statuses = nx.get_node_attributes(g, "status")
    assert set(statuses.values()) == {"focus", "present", "gap"}
    assert all(w > 0 for _, _, w in g.edges(data="weight"))


def test_unknown_region_is_a_400_with_a_message(national_client) -> None:  # noqa: ANN001
    resp = national_client.get("/analysis/gaps.json", query_string={"region": "不存在市", "industry": "工业金属"})
    assert resp.status_code == 400
    assert "不存在市" in resp.get_json()["message"]


def test_industries_and_path_pages(national_client) -> None:  # noqa: ANN001
    data = national_client.get("/analysis/industries.json?size=10").get_json()
    rows = data["rows"]
    assert len(rows) == 10 and rows[0]["supplier_rank"] >= rows[-1]["supplier_rank"]
    assert data["count"] > 250 and {f["key"] for f in data["facets"]} == {"sector"}
    metals = national_client.get("/analysis/industries.json", query_string={"sector": "有色金属"}).get_json()
    assert metals["rows"] and all(r["sector"] == "有色金属" for r in metals["rows"])
    csv_text = national_client.get("/analysis/industries.csv").get_data(as_text=True)
    assert csv_text.lstrip("\ufeff").startswith("label,notation,sector") and csv_text.count("\n") == data["count"] + 1
    path = national_client.get("/analysis/path.json?from=铁矿石&to=乘用车").get_json()
    assert path["path"] and path["path"][0]["label"] == "铁矿石"
    assert national_client.get("/analysis/path?from=铁矿石&to=乘用车").status_code == 200


def test_national_records_link_to_the_article_companies(national_store: GraphStore) -> None:
    from chainkg.graph.query import select_dicts

    rows = select_dicts(national_store, """SELECT DISTINCT ?c WHERE { ?c a ckg:Company ;
        rdfs:label|skos:altLabel ?n FILTER(STR(?n) = "洛阳钼业") }""")
    assert [r["c"] for r in rows] == ["https://w3id.org/chainkg/id/company/603993.SH"]


@pytest.mark.browser
def test_gap_network_draws_offline_with_the_gaps_standing_out(national_server, page, artifacts) -> None:  # noqa: ANN001
    page.goto(national_server.url + "/analysis/gaps?" + urlencode(METALS))
    page.wait_for_selector('body[data-settled="true"]', state="attached", timeout=30000)
    drawn = page.evaluate("""() => {
        const ns = window.chainkgNetwork.body.data.nodes.get();
        return {total: ns.length, dashed: ns.filter(n => n.shapeProperties && n.shapeProperties.borderDashes).length};
    }""")
    assert drawn["total"] == 60 and 0 < drawn["dashed"] < 60
    page.screenshot(path=str(artifacts / "gap-network.png"))
    assert page.outbound == [] and page.console_errors == []
    assert page.locator("table.gaps tbody tr").count() > 50
