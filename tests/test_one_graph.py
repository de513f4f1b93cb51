"""One graph from three sources (issue 9): the city's chains tied to the national data,
补链/延链 of a chain, with the Luoyang folder, the A-share data and the seed article ingested."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli

from chainkg.graph import analytics
from chainkg.graph.errors import UserError
from chainkg.ingest.alignment import match_name, normalize, read_table
from chainkg.ingest.divisions import strip_place
from chainkg.ontology.namespaces import ID_BASE

CHAIN = ID_BASE + "chain/lv-ji-xin-cai-liao-chan-ye-lian"
SKOS = "http://www.w3.org/2004/02/skos/core#"


def test_the_mapping_table_reads_and_normalizes() -> None:
    table = read_table()
    assert len(table) > 40
    assert normalize("千亿级新能源电池产业集群") == "新能源电池"
    assert normalize("铝基新材料产业链") == "铝基新材料"
    industries = {"240301": ("i:240301", "铝"), "630700": ("i:630700", "电池"),
                  "630701": ("i:630701", "锂电池"), "630702": ("i:630702", "电池化学品"),
                  "220505": ("i:220505", "膜材料"), "240600": ("i:240600", "能源金属"),
                  "270301": ("i:270301", "面板"), "270302": ("i:270302", "LED")}
    matches, _ = match_name("铝基新材料产业链", "chain", table, industries)
    assert [(m[0].rsplit("#", 1)[1], m[2]) for m in matches] == [("closeMatch", "铝")]
    assert "shenwan_chains.csv line" in matches[0][4]
    # not in the table: the matcher, with what matched in the note
    matches, _ = match_name("高端锂电池材料", "segment", table, industries)
    assert [m[2] for m in matches] == ["锂电池"] and "'锂电池'" in matches[0][4]
    # nothing to go on: reported, not guessed
    assert match_name("文旅", "chain", table, industries) == ([], [])
    # a chain named after its place is matched on what follows the place
    for named in ("安康市新能源电池产业链", "河南省洛阳市铝基新材料产业链", "阿坝藏族羌族自治州锂电池产业链"):
        assert match_name(named, "chain", table, industries)[0], named
    assert strip_place("洛阳市") == "洛阳市" and strip_place("新材料") == "新材料"


def test_chains_and_segments_are_aligned_in_the_graph(national_store) -> None:  # noqa: ANN001
    rows = national_store.rows(f"""SELECT ?p ?code ?method ?note WHERE {{
        <{CHAIN}> ?p ?i . ?i <{SKOS}notation> ?code .
        ?m a <https://w3id.org/chainkg/def#Mapping> ; <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> <{CHAIN}> ;
           <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> ?i ;
           <https://w3id.org/chainkg/def#matchMethod> ?method ; <https://w3id.org/chainkg/def#matchNote> ?note }}""")
    by_code = {r["code"]: r for r in rows}
    assert by_code["240301"]["p"] == SKOS + "closeMatch"
    assert by_code["240301"]["method"].endswith("#MappingTable")
    # every chain and segment of the Luoyang folder is aligned to something
    unaligned = national_store.rows(f"""SELECT ?x WHERE {{
        VALUES ?t {{ <https://w3id.org/chainkg/def#IndustryChain> <https://w3id.org/chainkg/def#ChainSegment> }}
        ?x a ?t FILTER NOT EXISTS {{ ?x <{SKOS}closeMatch>|<{SKOS}exactMatch>|<{SKOS}relatedMatch> ?i }} }}""")
    assert unaligned == []


def test_chain_map_shows_the_citys_listed_companies_from_the_national_data(national_app) -> None:  # noqa: ANN001
    data = national_app.test_client().get("/chain/lv-ji-xin-cai-liao-chan-ye-lian.json").get_json()
    national = {n["id"]: n for n in data["nodes"] if n.get("national")}
    assert national, "no listed company of 洛阳 on the chain map"
    for n in national.values():
        assert n["group"] == "Company" and n["code"] and n["code"] in n["label"]
    # placed under a segment (or the chain), by an edge marked as derived
    derived = [e for e in data["edges"] if e.get("derived")]
    assert {e["from"] for e in derived} == set(national)
    segments = {s["iri"]: s["companies"] for s in data["outline"]}
    placed = {c for cs in segments.values() for c in cs}
    assert ID_BASE + "company/688357.SH" in placed  # 建龙微纳, 非金属材料Ⅲ, under 高性能材料


def test_cli_gaps_of_a_chain_gives_separate_upstream_and_downstream_lists(national_store_dir: Path) -> None:
    r = run_cli("analyze", "gaps", "--region", "洛阳", "--chain", "铝基新材料产业链", "--format", "json",
                store=national_store_dir)
    assert r.returncode == 0, r.stderr
    result = json.loads(r.stdout)
    assert result["chain"]["iri"] == CHAIN
    up, down = result["upstream"], result["downstream"]
    assert up and down
    assert {g["direction"] for g in up} == {"upstream"} and {g["direction"] for g in down} == {"downstream"}
    assert not {g["iri"] for g in up} & {g["iri"] for g in down}
    for side in (up, down):
        assert [g["side_rank"] for g in side] == list(range(1, len(side) + 1))
        assert [g["score"] for g in side] == sorted((g["score"] for g in side), reverse=True)
    for g in up[:10] + down[:10]:
        assert g["local"] == 0 and g["candidates"], g["label"]
        assert g["candidates_total"] == len(g["candidates"])  # JSON: all of them
        c = g["candidates"][0]
        assert {"label", "code", "city", "province", "listing_date"} <= set(c)
        iris = [c["iri"] for c in g["candidates"]]
        assert len(iris) == len(set(iris))
    # same province first: after the first company of another province, none of Henan's
    henan = ID_BASE + "region/410000"
    for g in up + down:
        seen_other = False
        for c in g["candidates"]:
            if c.get("province_iri") != henan:
                seen_other = True
            else:
                assert not seen_other, g["label"]
    r = run_cli("analyze", "gaps", "--region", "洛阳", "--chain", "铝基新材料产业链", store=national_store_dir)
    assert r.returncode == 0, r.stderr
    assert "补链" in r.stdout and "延链" in r.stdout and "外地候选企业" in r.stdout


def test_generic_industries_do_not_outrank_material_suppliers(national_store) -> None:  # noqa: ANN001
    result = analytics.gaps(national_store, "洛阳", "工业金属")
    top = result["upstream"][:10] + result["downstream"][:10]
    assert top and not [g["label"] for g in top if g["generic"]]
    for label in ("游戏Ⅲ", "大众出版", "住宅开发", "贸易Ⅲ"):
        row = next((g for g in result["gaps"] if g["label"] == label), None)
        assert row is None or (row["generic"] and row["rank"] > 20), label
    # one company appears once, under its Chinese name
    cmoc = [c for r in result["strengths"] for c in r["local_companies"] if c["code"] == "603993.SH"]
    assert [c["label"] for c in cmoc] == ["洛阳钼业"]


def test_an_unknown_chain_is_a_clear_error(national_store) -> None:  # noqa: ANN001
    with pytest.raises(UserError, match="no industry chain called"):
        analytics.gaps(national_store, "洛阳", chain="不存在产业链")


@pytest.mark.browser
def test_chain_map_with_national_companies_in_chromium(national_server, page, artifacts) -> None:  # noqa: ANN001
    page.goto(national_server.url + "/chain/lv-ji-xin-cai-liao-chan-ye-lian")
    page.wait_for_selector('body[data-settled="true"]', state="attached", timeout=30_000)
    page.evaluate("document.getElementById('network').scrollIntoView({block: 'center'})")
    shown = page.evaluate("() => window.chainkgData.view.getIds()")
    jl = ID_BASE + "company/688357.SH"  # 建龙微纳, under 高性能材料 from the national data
    assert jl in shown
    label = page.evaluate("(id) => window.chainkgData.nodes.get(id).label", jl)
    assert "688357.SH" in label
    # the chain's side panel: its statistics, both sources agreeing on them
    panel = page.inner_text("#panel-body")
    assert "铝基新材料产业链" in panel
    assert "688357.SH" in panel and "全国数据" in panel  # the national company, marked, under its segment
    assert "2 个来源" in panel  # a statistic both the folder and the article state
    page.screenshot(path=str(artifacts / "chain-map-national.png"))
    assert page.outbound == [] and page.console_errors == []
