"""Gap analysis, centrality, communities and supply paths (chainkg.graph.analytics).

A small hand-made network pins the scoring down exactly; the A-share data set
(skipped when absent) checks the question the issue asks: 洛阳 and 工业金属.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from conftest import new_store
from rdflib import RDF, RDFS, SKOS, Literal, URIRef

from chainkg.graph import analytics
from chainkg.graph.errors import UserError
from chainkg.ontology.namespaces import CKG, entity_iri, graph_iri

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "datasets" / "ashare-chain"
DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")


def ind(code: str) -> URIRef:
    return entity_iri("Industry", f"sw2021-{code}")


def region(code: str) -> URIRef:
    return entity_iri("Region", code)


@pytest.fixture(scope="module")
def toy(backend, servers):  # noqa: ANN001
    """Ore -(3)-> Metal -(2)-> Parts -(1)-> Machines; Coal -(1)-> Metal; Metal -(1)-> Cans.

    Region 410300 (Luoyang, with county 410324) has a Parts company; elsewhere
    there are 4 Ore, 1 Coal, 2 Cans companies.
    """
    names = {"240000": "有色金属", "240300": "工业金属", "240301": "铝", "110101": "矿石",
             "110102": "煤", "110103": "零件", "110104": "机器", "110105": "罐"}
    t = []
    for code, name in names.items():
        s = ind(code)
        t += [(s, RDF.type, CKG.Industry), (s, SKOS.notation, Literal(code)),
              (s, SKOS.prefLabel, Literal(name, lang="zh")), (s, RDFS.label, Literal(name, lang="zh"))]
    t += [(ind("240300"), SKOS.broader, ind("240000")), (ind("240301"), SKOS.broader, ind("240300"))]
    for up, down, w in [("110101", "240301", 3), ("240301", "110103", 2), ("110103", "110104", 1),
                        ("110102", "240301", 1), ("240301", "110105", 1)]:
        link = entity_iri("UpstreamLink", f"sw2021-{up}-{down}")
        t += [(link, RDF.type, CKG.UpstreamLink), (link, CKG.upstreamIndustry, ind(up)),
              (link, CKG.downstreamIndustry, ind(down)),
              (link, CKG.weight, Literal(str(w), datatype=DECIMAL)),
              (ind(up), CKG.upstreamOf, ind(down))]
    t += [(region("410300"), RDF.type, CKG.Region), (region("410300"), RDFS.label, Literal("洛阳市", lang="zh")),
          (region("410300"), SKOS.altLabel, Literal("洛阳", lang="zh")),
          (region("410300"), CKG.divisionCode, Literal("410300")),
          (region("410300"), CKG.adminLevel, Literal("prefecture")),
          (region("410324"), RDF.type, CKG.Region), (region("410324"), CKG.partOfRegion, region("410300")),
          (region("410324"), RDFS.label, Literal("栾川县", lang="zh"))]
    companies = [("600001.SH", "110103", "410324")] + [
        (f"60000{i}.SH", "110101", None) for i in range(2, 6)] + [
        ("000001.SZ", "110102", None), ("000002.SZ", "110105", None), ("000003.SZ", "110105", None)]
    for code, industry, where in companies:
        c = entity_iri("Company", code)
        t += [(c, RDF.type, CKG.Company), (c, RDFS.label, Literal("公司" + code, lang="zh")),
              (c, CKG.stockCode, Literal(code)), (c, CKG.inIndustry, ind(industry))]
        if where:
            t.append((c, CKG.locatedIn, region(where)))
    store = new_store(backend, servers)
    store.replace_graph(graph_iri("toy"), t, label="toy", kind="test", location="test")
    return store


def test_toy_gaps_are_ranked_with_reasons(toy):
    result = analytics.gaps(toy, "洛阳", "工业金属", hops=2)
    assert result["region"]["iri"] == str(region("410300"))
    assert [f["label"] for f in result["focus"]] == ["铝"]
    by_label = {r["label"]: r for r in result["gaps"] + result["strengths"]}
    ore = by_label["矿石"]
    assert (ore["direction"], ore["distance"], ore["weight"], ore["elsewhere"], ore["local"]) == (
        "upstream", 1, 3, 4, 0)
    # weight 3 x 0.5^0 x specificity (ore supplies 1 of the 6 linked industries) x sector 1 x (1 + log2(5))
    spec = math.log(7 / 2) / math.log(7)
    assert ore["specificity"] == pytest.approx(spec, abs=1e-3) and not ore["generic"]
    assert ore["score"] == pytest.approx(3 * spec * (1 + 2.321928), abs=1e-3)
    assert [r["label"] for r in result["upstream"]] == ["矿石", "煤"]
    assert [r["label"] for r in result["downstream"]] == ["罐", "机器"]
    assert [c["code"] for c in ore["candidates"]] == ["600002.SH", "600003.SH", "600004.SH", "600005.SH"]
    machines = by_label["机器"]
    # two hops: the weakest link of its strongest path (铝 -2-> 零件 -1-> 机器) is 1
    assert (machines["distance"], machines["weight"], machines["via"]["label"]) == (2, 1, "零件")
    # 零件 has a company in 栾川县, inside 洛阳市: a strength, not a gap
    parts = by_label["零件"]
    assert parts["status"] == "present" and parts["local"] == 1
    assert parts["local_companies"][0]["code"] == "600001.SH"
    assert [r["label"] for r in result["strengths"]] == ["零件"]
    assert [r["label"] for r in result["gaps"]] == ["矿石", "罐", "煤", "机器"]
    assert [r["rank"] for r in result["gaps"]] == [1, 2, 3, 4]
    assert "本地无企业" in ore["reason"] and "外地4家" in ore["reason"]
    statuses = {n["label"]: n["status"] for n in result["network"]["nodes"]}
    assert statuses == {"铝": "focus", "零件": "present", "矿石": "gap", "罐": "gap",
                        "煤": "gap", "机器": "gap"}
    assert {"source": str(ind("110101")), "target": str(ind("240301")), "weight": 3} in \
        result["network"]["edges"]
    json.dumps(result)  # plain data, for the CLI and the server


def test_toy_hops_limit_and_names(toy):
    one = analytics.gaps(toy, "410300", "sw2021-240300", hops=1)
    assert "机器" not in {r["label"] for r in one["gaps"]}
    same = analytics.gaps(toy, str(region("410300")), str(ind("240300")), hops=1)
    assert one["gaps"] == same["gaps"]
    assert analytics.gaps(toy, "洛阳市", "240300", hops=1, limit=2)["gaps"] == one["gaps"][:2]


def test_unknown_names_are_user_errors(toy):
    with pytest.raises(UserError, match="no region called '火星'"):
        analytics.gaps(toy, "火星", "工业金属")
    with pytest.raises(UserError, match="no industry"):
        analytics.gaps(toy, "洛阳", "不存在的行业")
    with pytest.raises(UserError, match="hops"):
        analytics.gaps(toy, "洛阳", "工业金属", hops=0)


def _pagerank_solved(edges: list[tuple[str, str, float]], *, reverse: bool, alpha: float = 0.85) -> dict[str, float]:
    """Weighted PageRank as the solution of (I - alpha (M + D)) r = (1 - alpha) / n, with numpy."""
    import numpy as np

    if reverse:
        edges = [(b, a, w) for a, b, w in edges]
    names = sorted({x for a, b, _ in edges for x in (a, b)})
    index = {name: i for i, name in enumerate(names)}
    n = len(names)
    m = np.zeros((n, n))
    for a, b, w in edges:
        m[index[b], index[a]] += w
    out = m.sum(axis=0)
    for j in range(n):
        m[:, j] = m[:, j] / out[j] if out[j] else 1.0 / n  # a dangling node links to every node
    r = np.linalg.solve(np.eye(n) - alpha * m, np.full(n, (1 - alpha) / n))
    return {name: float(r[index[name]]) for name in names}


def test_toy_path_centrality_communities(toy):
    path = analytics.supply_path(toy, "矿石", "机器")
    assert [p["label"] for p in path["path"]] == ["矿石", "铝", "零件", "机器"]
    assert path["hops"] == 3 and path["direction"] == "forward"
    assert [e["weight"] for e in path["edges"]] == [3, 2, 1]
    back = analytics.supply_path(toy, "机器", "矿石")
    assert back["direction"] == "reverse" and back["hops"] == 3
    # 工业金属 stands for 铝
    assert analytics.supply_path(toy, "工业金属", "罐")["hops"] == 1
    none = analytics.supply_path(toy, "煤", "矿石")
    assert none["path"] == [] and none["direction"] is None

    rows = analytics.centrality(toy, top=None)
    # the ranks against PageRank solved exactly (a linear system, not power iteration) on the reversed network
    toy_edges = [("矿石", "铝", 3), ("铝", "零件", 2), ("零件", "机器", 1), ("煤", "铝", 1), ("铝", "罐", 1)]
    expected = _pagerank_solved(toy_edges, reverse=True)
    assert {r["label"]: r["supplier_rank"] for r in rows} == pytest.approx(expected, abs=1e-5)
    assert {r["label"]: r["demand_rank"] for r in rows} == pytest.approx(_pagerank_solved(toy_edges, reverse=False),
                                                                        abs=1e-5)
    assert [r["label"] for r in rows][:3] == ["铝", "矿石", "零件"]  # the metal everything passes through, its ore
    metal = next(r for r in rows if r["label"] == "铝")
    assert (metal["in_weight"], metal["out_weight"], metal["betweenness"] > 0) == (4, 3, True)
    assert analytics.centrality(toy, by="betweenness", top=1)[0]["label"] == "铝"

    groups = analytics.communities(toy)
    assert sorted(m["label"] for c in groups for m in c["members"]) == sorted(
        ["矿石", "煤", "铝", "零件", "机器", "罐"])
    assert groups == analytics.communities(toy)  # reproducible


# -- the real data set ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def national(backend, servers):  # noqa: ANN001
    if not (DATA / "company.json").is_file():
        pytest.skip(f"the A-share chain data set is not at {DATA} (see ../shared/datasets/README.md)")
    from chainkg.ingest.ashare import ingest_ashare

    store = new_store(backend, servers)
    ingest_ashare(store, DATA, check=False)  # SHACL is covered in test_ashare.py
    return store


def test_luoyang_industrial_metals(national):
    result = analytics.gaps(national, "洛阳", "工业金属")
    assert result["region"]["label"] == "洛阳市"
    assert [f["notation"] for f in result["focus"]] == ["240301", "240302", "240303"]
    gaps = result["gaps"]
    assert len(gaps) > 100 and all(g["local"] == 0 for g in gaps)
    assert gaps[0]["rank"] == 1 and gaps[0]["distance"] == 1
    assert [g["score"] for g in gaps] == sorted((g["score"] for g in gaps), reverse=True)
    strengths = {r["label"]: r for r in result["strengths"]}
    assert "洛阳钼业" in [c["label"] for c in strengths["钼"]["local_companies"]]
    assert result["summary"]["present"] == len(result["strengths"])
    assert len(result["network"]["nodes"]) <= 60


def test_national_path_and_communities(national):
    path = analytics.supply_path(national, "铁矿石", "乘用车")
    assert path["hops"] >= 1 and path["path"][0]["label"] == "铁矿石"
    groups = analytics.communities(national)
    net = analytics.industry_network(national)
    linked = {n for n in net if net.degree(n) > 0}
    assert {m["iri"] for c in groups for m in c["members"]} == linked
    assert sum(c["size"] for c in groups) == len(linked)


def test_cli_analyze_gaps(national, monkeypatch, capsys):
    from chainkg.server import cli
    from chainkg.server.commands import analyze

    monkeypatch.setattr(analyze, "store_of", lambda args: national)
    assert cli.main(["analyze", "gaps", "--region", "洛阳", "--industry", "工业金属",
                     "--limit", "5"]) == 0
    out = capsys.readouterr().out
    assert "补链" in out and "强链" in out and "洛阳钼业" in out
    assert cli.main(["analyze", "gaps", "--region", "洛阳", "--industry", "工业金属",
                     "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["gaps"][0]["rank"] == 1
    assert cli.main(["analyze", "path", "铁矿石", "乘用车"]) == 0
    assert "铁矿石" in capsys.readouterr().out
    assert cli.main(["analyze", "path", "--from", "铁矿石", "--to", "乘用车"]) == 0  # as the path page suggests
    assert "铁矿石" in capsys.readouterr().out
    assert cli.main(["analyze", "path", "--from", "铁矿石"]) == 2
    assert "give two industries" in capsys.readouterr().err
    assert cli.main(["analyze", "centrality", "--top", "3"]) == 0
    header = capsys.readouterr().out.splitlines()[0]
    assert "供给中心度" in header and "上游权重" in header
    assert not any(raw in header for raw in ("supplier_rank", "demand_rank", "in_weight", "out_weight"))
    assert cli.main(["analyze", "centrality", "--top", "3", "--lang", "en"]) == 0
    header = capsys.readouterr().out.splitlines()[0]
    assert "supplier rank" in header and "upstream weight" in header and "行业" not in header
    assert cli.main(["analyze", "communities"]) == 0
    assert cli.main(["analyze", "gaps", "--region", "火星", "--industry", "工业金属"]) == 2
    assert "no region called" in capsys.readouterr().err
