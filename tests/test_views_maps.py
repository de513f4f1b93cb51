"""Chain maps, cluster maps and neighbourhoods as the server builds them: the JSON twin of each view.

The data is a made-up region, tests/data/qinglan (a new-energy-vehicle chain with nine segments,
a chain leader, fourteen companies, policies, a storage chain and a cluster), ingested through the
normal path beside the bundled Luoyang folder. Positions are checked as an analyst reads a map:
upstream left of midstream left of downstream, each company under its segment, the leader first.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import new_store
from lxml import etree

from chainkg.ingest.dispatch import build, ingest_path
from chainkg.server.app import create_app

DATA = Path(__file__).parent / "data"
ID = "https://w3id.org/chainkg/id/"
CKG = "https://w3id.org/chainkg/def#"


@pytest.fixture(scope="module")
def views_app(backend: str, servers: list):  # noqa: ANN201
    store = new_store(backend, servers)
    build(store)
    ingest_path(store, DATA / "qinglan")
    ingest_path(store, DATA / "qinglan" / "extracted.ttl")
    return create_app({"TESTING": True}, store=store)


@pytest.fixture()
def vc(views_app):  # noqa: ANN001, ANN201
    return views_app.test_client()


def by_label(data: dict) -> dict[str, dict]:
    return {n["label_zh"]: n for n in data["nodes"]}


def band_of(data: dict, node: dict) -> dict:
    return next(b for b in data["bands"] if b["x0"] <= node["x"] <= b["x1"])


def test_chain_map_orders_segments_upstream_to_downstream(vc) -> None:  # noqa: ANN001
    data = vc.get("/chain/nev.json").get_json()
    assert data["layout"] == "layered" and data["options"]["physics"]["enabled"] is False
    n = by_label(data)
    up, mid, down = (["锂矿资源", "正极材料", "负极材料"], ["动力电池", "电机电控", "汽车零部件"],
                     ["整车制造", "充换电服务", "电池回收"])
    # bands left to right: no segment, upstream, midstream, downstream
    assert [b["position"] for b in data["bands"]] == [0, 1, 2, 3]
    assert [b["x0"] for b in data["bands"]] == sorted(b["x0"] for b in data["bands"])
    for left, right in [(up, mid), (mid, down)]:
        assert max(n[s]["x"] for s in left) < min(n[s]["x"] for s in right)
    for band, position in [(up, 1), (mid, 2), (down, 3)]:
        assert [n[s]["y"] for s in band] == sorted(n[s]["y"] for s in band)  # order within a position
        assert {n[s]["position"] for s in band} == {position}
        assert {band_of(data, n[s])["position"] for s in band} == {position}
    chain = n["新能源汽车产业链"]
    assert chain["role"] == "focus" and chain["y"] < min(n[s]["y"] for s in up + mid + down)
    for ctx in ["新能源产业集群", "新能源", "青岚市", "“新能源汽车十条”"]:
        assert n[ctx]["y"] < chain["y"], ctx  # cluster, sector, region and policies above the chain


def test_companies_sit_under_their_segment(vc) -> None:  # noqa: ANN001
    data = vc.get("/chain/nev.json").get_json()
    n = by_label(data)
    members = {"锂矿资源": ["岚山锂业", "青岚矿业集团"], "动力电池": ["星能电池", "青岚时代"],
               "整车制造": ["青岚汽车集团", "远航客车"], "汽车零部件": ["岚峰热管理", "精岚汽配"]}
    segments = sorted((s for s in data["nodes"] if s.get("role") == "segment"), key=lambda s: (s["x"], s["y"]))
    for seg, companies in members.items():
        s = n[seg]
        below = [t["y"] for t in segments if band_of(data, t) is band_of(data, s) and t["y"] > s["y"]]
        for c in companies:
            assert band_of(data, n[c]) is band_of(data, s), c
            assert s["y"] < n[c]["y"] < min(below, default=10**9), c
    # a company of the chain without a segment has a band of its own
    assert band_of(data, n["青岚产业投资集团"])["position"] == 0
    # a policy backing one segment sits with that segment
    assert band_of(data, n["电池回收专项补贴"]) is band_of(data, n["电池回收"])
    assert n["电池回收专项补贴"]["y"] > n["电池回收"]["y"]


def test_chain_leader_is_marked_and_first(vc) -> None:  # noqa: ANN001
    data = vc.get("/chain/nev.json").get_json()
    n = by_label(data)
    leader = n["青岚汽车集团"]
    assert leader["leader"] is True and leader["label"].startswith("★")
    assert leader["color"]["border"] != n["远航客车"].get("color", {}).get("border")
    assert leader["y"] < n["远航客车"]["y"] or leader["x"] < n["远航客车"]["x"]  # first in its segment
    assert not any(x.get("leader") for x in data["nodes"] if x["label_zh"] != "青岚汽车集团")
    edge = next(e for e in data["edges"] if e["rel"] == "chainLeader")
    assert edge["to"] == leader["id"] and edge["label"] == "链主"
    assert data["outline"][6]["companies"][0] == leader["id"]  # the panel's list: leader first


def test_gap_segments_are_flagged(vc) -> None:  # noqa: ANN001
    data = vc.get("/chain/nev.json").get_json()
    n = by_label(data)
    assert n["电池回收"]["gap"] is True and n["电池回收"]["shapeProperties"]["borderDashes"]
    assert "gap" not in n["动力电池"]
    outline = {s["iri"]: s for s in data["outline"]}
    assert outline[n["电池回收"]["id"]]["companies"] == []
    assert [s["position"] for s in data["outline"]] == sorted(s["position"] for s in data["outline"])


def test_luoyang_chain_map(vc) -> None:  # noqa: ANN001
    data = vc.get("/chain/lv-ji-xin-cai-liao-chan-ye-lian.json").get_json()
    n = by_label(data)
    assert {"铝基新材料产业链", "新能源汽车", "高性能材料", "洛阳市"} <= set(n)
    assert [b["position"] for b in data["bands"]] == [3]
    assert n["新能源汽车"]["y"] < n["高性能材料"]["y"]  # order 1 before order 2
    assert data["omitted"] == 0


def test_classes_and_url_state(vc) -> None:  # noqa: ANN001
    data = vc.get("/chain/nev.json?hide=Company,Policy,Bogus&node=" + ID + "company/times&lang=en").get_json()
    assert data["state"]["hide"] == ["Company", "Policy"]
    assert data["state"]["node"] == ID + "company/times" and data["state"]["lang"] == "en"
    counts = {c["class"]: c["count"] for c in data["classes"]}
    assert counts["Company"] == 14 and counts["ChainSegment"] == 9 and counts["Policy"] == 2
    assert by_label(data)["青岚时代"]["label"] == "Qinglan Times"  # English labels where they exist
    assert data["title"] == "New energy vehicle industry chain"


def test_force_layout_is_seeded_and_stops(vc) -> None:  # noqa: ANN001
    data = vc.get("/chain/nev.json?layout=force").get_json()
    assert data["options"]["physics"]["enabled"] is True and data["bands"] == []
    assert data["options"]["physics"]["stabilization"]["enabled"] is True
    assert all("x" in n and "y" in n for n in data["nodes"])
    assert data["options"]["layout"]["improvedLayout"] is False
    assert vc.get("/chain/nev.json?layout=circle").status_code == 400


def test_cluster_map_groups_chains_segments_companies(vc) -> None:  # noqa: ANN001
    data = vc.get("/cluster/qinglan-new-energy.json").get_json()
    n = by_label(data)
    cluster, nev, storage = n["新能源产业集群"], n["新能源汽车产业链"], n["储能产业链"]
    assert cluster["role"] == "focus" and nev["role"] == storage["role"] == "chain"
    assert cluster["x"] < nev["x"] < n["锂矿资源"]["x"] < n["动力电池"]["x"] < n["整车制造"]["x"]
    assert storage["y"] < nev["y"] and len(data["lanes"]) == 1  # one lane per chain, by name
    assert n["电芯材料"]["chain"] == storage["id"] and n["储能电站"]["position"] == 3
    assert storage["y"] <= n["储能电池"]["y"] < nev["y"] <= n["动力电池"]["y"]
    assert n["星能电池"]["y"] > n["储能电池"]["y"] and n["青岚汽车集团"].get("leader")
    chains = [s["chain"] for s in data["outline"]]
    assert chains == sorted(chains, key=lambda c: c != storage["id"])  # the outline goes chain by chain


def test_neighbourhood_limit_says_what_it_left_out(vc) -> None:  # noqa: ANN001
    region = ID + "region/qinglan"
    full = vc.get(f"/explore.json?iri={region}&limit=500").get_json()
    assert full["omitted"] == 0 and full["layout"] == "force"
    small = vc.get(f"/explore.json?iri={region}&limit=5").get_json()
    assert len(small["nodes"]) == 5
    assert small["omitted"] == len(full["nodes"]) - 5
    kept = {x["group"] for x in small["nodes"]}
    assert "IndustryChain" in kept and "Company" not in kept  # chains before companies
    assert next(x for x in small["nodes"] if x["id"] == region)["more"] == small["omitted"]
    two = vc.get(f"/explore.json?iri={ID}company/chiyuan&hops=2").get_json()
    one = vc.get(f"/explore.json?iri={ID}company/chiyuan&hops=1").get_json()
    assert len(two["nodes"]) > len(one["nodes"]) and {x.get("hop") for x in two["nodes"]} == {0, 1, 2}
    for bad in ["hops=3", "limit=0", "limit=x", "limit=6000"]:
        assert vc.get(f"/explore.json?iri={region}&{bad}").status_code == 400, bad
    assert vc.get("/explore.json?iri=javascript:alert(1)").status_code == 400
    assert vc.get(f"/explore.json?iri={ID}company/nobody").status_code == 404


def test_expand_adds_neighbours_in_place(vc) -> None:  # noqa: ANN001
    base = vc.get(f"/explore.json?iri={ID}company/chiyuan").get_json()
    seg = ID + "segment/drive"
    assert any(x["id"] == seg for x in base["nodes"])
    more = vc.get(f"/explore.json?iri={ID}company/chiyuan&expand={seg}").get_json()
    ids = {x["id"] for x in more["nodes"]}
    assert {x["id"] for x in base["nodes"]} < ids and ID + "segment/battery" in ids
    assert more["state"]["expand"] == [seg]
    anchored = [x for x in more["nodes"] if x.get("anchor")]
    assert anchored and {x["anchor"] for x in anchored} == {seg}
    assert next(x for x in more["nodes"] if x["id"] == seg)["expanded"] is True
    # expanding in a chain map places the new nodes around the node, with the map unchanged
    chain = vc.get("/chain/nev.json").get_json()
    grown = vc.get(f"/chain/nev.json?expand={ID}designation/giant&expand={ID}company/chiyuan").get_json()
    before = {x["id"]: (x["x"], x["y"]) for x in chain["nodes"]}
    assert all(before[x["id"]] == (x["x"], x["y"]) for x in grown["nodes"] if x["id"] in before)
    assert len(grown["nodes"]) > len(chain["nodes"])


def test_views_resolve_names_and_404(vc) -> None:  # noqa: ANN001
    r = vc.get("/chain/新能源汽车产业链?layout=force")
    assert r.status_code == 302 and r.headers["Location"].endswith("/chain/nev?layout=force")
    assert vc.get("/chain/nev.json").status_code == 200
    assert vc.get("/chain/no-such-chain").status_code == 404
    assert vc.get("/cluster/nev").status_code == 404  # a chain is not a cluster
    html = vc.get("/chain/nev").get_data(as_text=True)
    assert "vis-network.min.js?v=" in html and "network.js?v=" in html and "<script>" not in html


def test_edge_json_cites_its_sentence(vc) -> None:  # noqa: ANN001
    r = vc.get("/edge.json", query_string={"s": ID + "company/qinglan-auto", "p": CKG + "participatesIn",
                                           "o": ID + "segment/vehicles"})
    f = r.get_json()
    assert f["label"] == "参与" and f["label_en"] == "participates in"
    assert f["subject"]["label"] == "青岚汽车集团" and f["object"]["label"] == "整车制造"
    assert f["citations"][0]["sentence"].startswith("下游方面，青岚汽车集团")
    assert f["citations"][0]["date"] == "2024-03-15" and f["extracted"] == []
    assert f["graphs"][0]["label"] == "region folder qinglan"
    x = vc.get("/edge.json", query_string={"s": ID + "company/qinglan-times", "p": CKG + "hasDesignation",
                                           "o": ID + "designation/giant"}).get_json()
    assert x["citations"] == [] and x["extracted"][0]["method"] == "pattern"
    assert vc.get("/edge.json", query_string={"s": ID + "company/qinglan-times", "p": CKG + "supports",
                                              "o": ID + "chain/nev"}).status_code == 404
    assert vc.get("/edge.json?s=x&p=y&o=z").status_code == 400


def gexf_nodes(body: bytes) -> dict[str, etree._Element]:
    doc = etree.parse(io.BytesIO(body))
    ns = {"g": "http://gexf.net/1.3"}
    nodes = doc.findall(".//g:node", ns) or doc.findall(".//{*}node")
    return {n.get("id"): n for n in nodes}


def test_gexf_of_the_current_view_keeps_positions(vc) -> None:  # noqa: ANN001
    data = vc.get("/chain/nev.json").get_json()
    shown = [x for x in data["nodes"] if x["group"] != "Company"]  # as if companies were filtered out
    body = {"title": "新能源汽车产业链", "name": "chain-nev",
            "nodes": [{"id": x["id"], "x": x["x"], "y": x["y"], "label": "<forged>"} for x in shown]
            + [{"id": "javascript:alert(1)", "x": 0, "y": 0}]}
    r = vc.post("/export/view.gexf", json=body)
    assert r.status_code == 200 and 'filename="chain-nev.gexf"' in r.headers["Content-Disposition"]
    raw = r.get_data()
    nodes = gexf_nodes(raw)
    assert set(nodes) == {x["id"] for x in shown}
    assert b"forged" not in raw and "新能源汽车产业链".encode() in raw
    pos = next(iter(nodes.values())).find("{*}position")
    assert pos is not None
    seg = nodes[ID + "segment/lithium"].find("{*}position")
    assert float(seg.get("x")) == by_label(data)["锂矿资源"]["x"]
    assert float(seg.get("y")) == -by_label(data)["锂矿资源"]["y"]  # Gephi's y axis points up
    assert vc.post("/export/view.gexf", json={"nope": 1}).status_code == 400


def test_gexf_link_reproduces_the_view(vc) -> None:  # noqa: ANN001
    seg = ID + "segment/drive"
    view = vc.get(f"/explore.json?iri={ID}company/chiyuan&expand={seg}").get_json()
    r = vc.get(f"/export/explore/company/chiyuan.gexf?expand={seg}")
    assert r.status_code == 200
    assert set(gexf_nodes(r.get_data())) == {x["id"] for x in view["nodes"]}
    chain = vc.get("/export/chain/nev.gexf")
    assert set(gexf_nodes(chain.get_data())) == {x["id"] for x in vc.get("/chain/nev.json").get_json()["nodes"]}
