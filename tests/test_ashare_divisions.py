"""GB/T 2260 divisions and locating a company from its full name (chainkg.ingest.divisions)."""

from __future__ import annotations

import pytest
from rdflib import RDF, SKOS, Literal

from chainkg.graph.store import open_store
from chainkg.ingest.divisions import (
    DIVISIONS_GRAPH,
    ancestors,
    divisions,
    find,
    get,
    ingest_divisions,
    locate,
    region_triples,
    short_form,
)
from chainkg.ontology.namespaces import CKG, entity_iri


def test_the_list():
    d = divisions()
    assert len(d) == 3219
    assert get("410300").name == "洛阳市" and get("410300").level == "prefecture"
    assert get("410324").parent == "410300"
    assert get("419001").parent == "410000"  # 济源: a county-level city under the province
    assert get("110105").parent == "110000"  # 朝阳区 of 北京市 (no 市辖区 placeholder)
    assert "市辖区" not in {x.name for x in d.values()}
    assert ancestors("410324") == ["410300", "410000"]


@pytest.mark.parametrize(
    "name, level, short",
    [("洛阳市", "prefecture", "洛阳"), ("栾川县", "county", "栾川"), ("河南省", "province", "河南"),
     ("广西壮族自治区", "province", "广西"), ("新疆维吾尔自治区", "province", "新疆"),
     ("西藏自治区", "province", "西藏"), ("海南藏族自治州", "prefecture", "海南"),
     ("黔东南苗族侗族自治州", "prefecture", "黔东南"), ("和县", "county", None),
     ("锡林郭勒盟", "prefecture", "锡林郭勒"), ("浦东新区", "county", "浦东")],
)
def test_short_forms(name, level, short):
    assert short_form(name, level) == short


@pytest.mark.parametrize(
    "fullname, codes",
    [
        ("洛阳栾川钼业集团股份有限公司", ["410300", "410324"]),
        ("洛阳建龙微纳新材料股份有限公司", ["410300"]),
        ("隆华科技集团(洛阳)股份有限公司", ["410300"]),
        ("隆华科技集团（洛阳）股份有限公司", ["410300"]),
        ("江苏京源环保股份有限公司", ["320000"]),
        ("深圳市奇信集团股份有限公司", ["440300"]),
        ("北京同益中新材料科技股份有限公司", ["110000"]),
        ("吉林化纤股份有限公司", ["220000"]),
        ("吉林市某某股份有限公司", ["220200"]),
        ("重庆市涪陵榨菜集团股份有限公司", ["500000", "500102"]),
        ("江阴市恒润重工股份有限公司", ["320200", "320281"]),
        ("中国交通建设股份有限公司", []),
        ("华安证券股份有限公司", []),  # 华安 is a county in Fujian, not where this company is
        ("量子高科(中国)生物股份有限公司", []),
    ],
)
def test_locate(fullname, codes):
    assert locate(fullname) == codes


def test_find():
    assert find("洛阳") == ["410300"] and find("洛阳市") == ["410300"] and find("410300") == ["410300"]
    assert find("火星") == []


def test_region_triples_climb_to_the_province():
    triples = set(region_triples(["410324"]))
    subjects = {s for s, _, _ in triples}
    assert subjects == {entity_iri("Region", c) for c in ("410324", "410300", "410000")}
    ly = entity_iri("Region", "410300")
    assert (ly, SKOS.altLabel, Literal("洛阳", lang="zh")) in triples
    assert (ly, RDF.type, CKG.Region) in triples


def test_divisions_graph_passes_shacl():
    store = open_store("memory")
    n = ingest_divisions(store)
    assert n > 3219 * 4 and store.has_graph(DIVISIONS_GRAPH)
