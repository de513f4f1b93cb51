"""The analysis pages (gaps, central industries, supply paths) and their exports, on the national data."""

from __future__ import annotations

import io
from pathlib import Path

import networkx as nx
import pytest

from chainkg.graph.exports import read_gexf
from chainkg.graph.store import GraphStore, open_store
from chainkg.ingest.dispatch import build, ingest_path

ASHARE = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "ashare-chain"
pytestmark = pytest.mark.skipif(not (ASHARE / "company.json").exists(), reason="needs ../shared/datasets")


@pytest.fixture(scope="module")
def national_store() -> GraphStore:
    store = open_store("memory")
    build(store)
    ingest_path(store, ASHARE, "ashare-chain")
    return store


@pytest.fixture(scope="module")
def national_client(national_store: GraphStore):  # noqa: ANN201
    from chainkg.server.app import create_app

    return create_app({"TESTING": True}, store=national_store).test_client()


def test_gap_page_shows_a_ranked_table_and_a_network(national_client) -> None:  # noqa: ANN001
    html = national_client.get("/analysis/gaps?region=洛阳&industry=工业金属").get_data(as_text=True)
    assert "缺口排序" in html and 'id="gap-network"' in html
    assert "洛阳钼业" in html  # a strength: the region's own company
    data = national_client.get("/analysis/gaps.json?region=洛阳&industry=工业金属").get_json()
    ranks = [g["rank"] for g in data["gaps"]]
    assert ranks == sorted(ranks) and len(ranks) > 50
    scores = [g["score"] for g in data["gaps"]]
    assert scores == sorted(scores, reverse=True)
    statuses = {n["status"] for n in data["network"]["nodes"]}
    assert statuses == {"focus", "present", "gap"}


def test_gap_network_downloads_as_gexf(national_client) -> None:  # noqa: ANN001
    resp = national_client.get("/analysis/gaps.gexf?region=洛阳&industry=工业金属")
    assert resp.status_code == 200
    g = read_gexf(io.BytesIO(resp.get_data()))
    statuses = nx.get_node_attributes(g, "status")
    assert set(statuses.values()) == {"focus", "present", "gap"}
    assert all(w > 0 for _, _, w in g.edges(data="weight"))


def test_unknown_region_is_a_400_with_a_message(national_client) -> None:  # noqa: ANN001
    resp = national_client.get("/analysis/gaps.json?region=不存在市&industry=工业金属")
    assert resp.status_code == 400
    assert "不存在市" in resp.get_json()["message"]


def test_industries_and_path_pages(national_client) -> None:  # noqa: ANN001
    rows = national_client.get("/analysis/industries.json?top=10").get_json()
    assert len(rows) == 10 and rows[0]["supplier_rank"] >= rows[-1]["supplier_rank"]
    path = national_client.get("/analysis/path.json?from=铁矿石&to=乘用车").get_json()
    assert path["path"] and path["path"][0]["label"] == "铁矿石"
    assert national_client.get("/analysis/path?from=铁矿石&to=乘用车").status_code == 200


def test_national_records_link_to_the_article_companies(national_store: GraphStore) -> None:
    from chainkg.graph.query import select_dicts

    rows = select_dicts(national_store, """SELECT DISTINCT ?c WHERE { ?c a ckg:Company ;
        rdfs:label|skos:altLabel ?n FILTER(STR(?n) = "洛阳钼业") }""")
    assert [r["c"] for r in rows] == ["https://w3id.org/chainkg/id/company/603993.SH"]


@pytest.fixture(scope="module")
def national_server(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    from conftest import run_cli, start_server, stop_server

    store_dir = tmp_path_factory.mktemp("national") / "store"
    assert run_cli("build", store=store_dir).returncode == 0
    result = run_cli("ingest", "--format", "ashare-chain", "--report", str(store_dir.parent / "report.json"),
                     str(ASHARE), store=store_dir)
    assert result.returncode == 0, result.stderr
    server = start_server(store_dir)
    yield server
    stop_server(server)


@pytest.mark.browser
def test_gap_network_draws_offline_with_the_gaps_standing_out(national_server, page, artifacts) -> None:  # noqa: ANN001
    page.goto(national_server.url + "/analysis/gaps?region=洛阳&industry=工业金属")
    page.wait_for_selector('body[data-settled="true"]', state="attached", timeout=30000)
    drawn = page.evaluate("""() => {
        const ns = window.chainkgNetwork.body.data.nodes.get();
        return {total: ns.length, dashed: ns.filter(n => n.shapeProperties && n.shapeProperties.borderDashes).length};
    }""")
    assert drawn["total"] == 60 and 0 < drawn["dashed"] < 60
    page.screenshot(path=str(artifacts / "gap-network.png"))
    assert page.outbound == [] and page.console_errors == []
    assert page.locator("table.gaps tbody tr").count() > 50
