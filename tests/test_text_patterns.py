"""Each extraction pattern on sentences written for these tests (several cities, none from the seed)."""

from __future__ import annotations

from typing import Any

import pytest
from textkit import extract_at as ex
from textkit import metric_rows as stats
from textkit import names, rels


def stat(r: dict[str, Any], value: float, unit: str) -> dict[str, Any]:
    found = [s for s in r["statistics"] if s["value"] == value and s["unit"] == unit]
    assert found, f"no statistic {value} {unit} in {stats(r)}"
    return found[0]


# ---------------------------------------------------------------- entities


def test_regions_with_hierarchy() -> None:
    r = ex("江苏省苏州市昆山市今年新增规上工业企业210家。")
    assert {"江苏省", "苏州市", "昆山市"} <= names(r, "Region")
    assert ("昆山市", "partOf", "苏州市") in rels(r)
    assert ("苏州市", "partOf", "江苏省") in rels(r)


def test_region_short_forms_and_no_false_districts() -> None:
    r = ex("合肥加快建设城市区内的工业园区，示范区和开发区同步推进。")
    assert names(r, "Region") == {"合肥市"}
    ent = next(e for e in r["entities"] if e["name"] == "合肥市")
    assert "合肥" in ent["aliases"] and ent["code"] == "340100"


def test_company_legal_names_and_short_forms() -> None:
    r = ex("宁德时代新能源科技股份有限公司与青拓集团有限公司签约，江西铜业入围世界500强。")
    got = names(r, "Company")
    assert {"宁德时代新能源科技股份有限公司", "青拓集团有限公司", "江西铜业"} <= got
    assert ("江西铜业", "listedIn", "世界500强") in rels(r)


def test_company_with_place_in_brackets() -> None:
    r = ex("华为技术（苏州）有限公司投资建设的研发中心项目开工。")
    assert "华为技术(苏州)有限公司" in names(r, "Company")
    assert ("研发中心项目", "developedBy", "华为技术(苏州)有限公司") in rels(r)


def test_chain_names_coordination_and_left_edge() -> None:
    r = ex("株洲大力发展先进硬质材料、轨道交通装备和中小航空发动机产业链。")
    assert {"先进硬质材料产业链", "轨道交通装备产业链", "中小航空发动机产业链"} <= names(r, "IndustryChain")


def test_chain_left_edge_cut_by_pos_tagging() -> None:
    r = ex("合肥全力抢占新能源汽车产业链制高点。")
    assert "新能源汽车产业链" in names(r, "IndustryChain")


def test_counted_chains_are_not_names() -> None:
    r = ex("芜湖培育了3大产业集群、12条重点产业链和8个省级特色产业集群。")
    assert not names(r, "IndustryChain") and not names(r, "IndustryCluster")
    assert any(m.endswith("产业集群数量") and (v, u) == (3, "个") for m, v, u in stats(r))
    assert any(s[1] == 12 and s[2] == "条" for s in stats(r))


def test_cluster_with_magnitude_class_and_place_prefix() -> None:
    r = ex("万亿级电子信息和千亿级装备制造产业集群加快成长，醴陵市陶瓷产业集群入选省级名单。")
    clusters = names(r, "IndustryCluster")
    assert {"电子信息产业集群", "装备制造产业集群", "陶瓷产业集群"} <= clusters
    cluster = next(e for e in r["entities"] if e["name"] == "陶瓷产业集群")
    assert "醴陵市陶瓷产业集群" in cluster["aliases"]
    assert ("陶瓷产业集群", "locatedIn", "醴陵市") in rels(r)


def test_chain_becomes_subject_of_a_later_clause() -> None:
    r = ex("动力电池向储能领域延伸，成为全市第二条突破五百亿元产业链。")
    assert "动力电池产业链" in names(r, "IndustryChain")
    s = stat(r, 500, "亿元")
    assert s["subject"] == "动力电池产业链" and s["bound"] == "AtLeast"
    assert ("动力电池产业链", "hasScaleAtLeast", "500亿元") in rels(r)


def test_policies_quoted_titled_numbered() -> None:
    r = ex("苏州深入实施“智改数转”三年行动计划，落实《关于加快制造业高质量发展的若干政策》，"
           "推进“1+5+N”政策体系，推动中小企业“上云用数赋智”。")
    pol = names(r, "Policy")
    assert "“智改数转”三年行动计划" in pol
    assert "《关于加快制造业高质量发展的若干政策》" in pol
    assert "“1+5+N”政策体系" in pol or "“1+5+N”" in pol
    assert "“上云用数赋智”" in pol
    # relation ends are names as the article writes them (苏州 here; 苏州市 is an alias)
    assert ("苏州", "implements", "“智改数转”三年行动计划") in rels(r)


def test_metaphors_in_quotes_are_not_policies() -> None:
    r = ex("制造业是经济的“压舱石”，龙头企业发挥“排头兵”作用，小企业从“幼苗”长成“大树”。")
    assert not names(r, "Policy")


def test_national_programmes_and_central_bodies() -> None:
    r = ex("株洲新增国家级专精特新“小巨人”企业12家，获工业和信息化部认定。")
    assert "专精特新“小巨人”" in names(r, "Policy")
    assert "工业和信息化部" in names(r, "Organization")


def test_designations_rankings_and_awards() -> None:
    r = ex("西安市入选国家服务型制造示范城市，陕汽集团入围中国企业500强，西安市荣获国务院督查激励。")
    assert ("西安市", "selectedFor", "服务型制造示范城市") in rels(r)
    assert ("陕汽集团", "listedIn", "中国企业500强") in rels(r)
    assert ("西安市", "receivedAward", "国务院督查激励") in rels(r)
    assert "中国企业500强" not in names(r)  # rankings are designations, not entities
    assert any(d["name"] == "中国企业500强" for d in r["designations"])


def test_leading_companies_and_projects_in_a_list() -> None:
    r = ex("在奇瑞汽车、年产30万辆整车项目等龙头企业带动下，芜湖新能源汽车产业集群加快壮大。")
    assert "奇瑞汽车" in names(r, "Company")
    assert "年产30万辆整车项目" in names(r, "Project")
    assert ("奇瑞汽车", "drives", "新能源汽车产业集群") in rels(r)


def test_named_projects_only() -> None:
    r = ex("全市实施重点工业项目300个，年产5万吨正极材料项目和比亚迪合肥基地项目建成投产。")
    proj = names(r, "Project")
    assert {"年产5万吨正极材料项目", "比亚迪合肥基地项目"} <= proj
    assert not any("重点工业" in p for p in proj)


def test_agency_of_a_region() -> None:
    r = ex("记者从湖南省工业和信息化厅获悉，全省制造业增加值增长7%。")
    assert "湖南省工业和信息化厅" in names(r, "Organization")


# ---------------------------------------------------------------- statistics


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [("产值达1286亿元。", 1286, "亿元"), ("投资5000万元。", 5000, "万元"), ("增长12.5%。", 12.5, "%"),
     ("高于全省0.8个百分点。", 0.8, "个百分点"), ("培育企业120家。", 120, "家"),
     ("建成平台15个。", 15, "个"), ("完成技改8项。", 8, "项"), ("新增生产线6条。", 6, "条"),
     ("淘汰设备300台(套)。", 300, "台(套)"), ("减排二氧化碳12万吨。", 12, "万吨"),
     ("总数增长3倍。", 3, "倍"), ("规划面积30平方公里。", 30, "平方公里"),
     ("出口整车2.3万辆。", 2.3, "万辆"), ("装机容量达到5GW。", 5, "GW"),
     ("产能达到6万升。", 6, "万升")],
)
def test_units(text: str, value: float, unit: str) -> None:
    r = ex("苏州市" + text)
    stat(r, value, unit)


def test_chinese_numerals_and_magnitudes() -> None:
    r = ex("合肥新能源汽车产业营收突破千亿元，集成电路产业超百亿元，新增企业一千家，从业人员上万人。")
    assert stat(r, 1000, "亿元")["bound"] == "AtLeast"
    assert stat(r, 100, "亿元")["bound"] == "MoreThan"
    stat(r, 1000, "家")
    assert stat(r, 1, "万人")["qualifier"]


def test_words_with_numerals_are_not_statistics() -> None:
    r = ex("一手抓创新，一批企业保持两位数增长，排名全省第一，近十年最好，三大产业协调发展。")
    assert r["statistics"] == []


def test_dates_ranks_and_names_are_not_statistics() -> None:
    r = ex("10月8日，浙江省召开大会，3家企业进入中国民营企业500强，“415X”产业集群建设提速。")
    assert stats(r) == [("企业进入中国民营企业500强数量", 3, "家")]


def test_parallel_lists_are_paired() -> None:
    r = ex("全市营收、利润分别增长12.1%、8.4%，增速高于全国、全省1.2、0.5个百分点。")
    got = {(s["metric"], s["value"]) for s in r["statistics"]}
    assert ("营收增长", 12.1) in got and ("利润增长", 8.4) in got
    assert ("营收、利润分别增长增速高于全国", 1.2) in got or any(
        v == 1.2 and "全国" in m for m, v in got)
    assert any(v == 0.5 and "全省" in m for m, v in got)


def test_respectively_pairs_with_places() -> None:
    r = ex("福清市、闽侯县分别引进项目15个和9个，总投资分别为120亿元和80亿元。")
    by = {(s["subject"], s["value"], s["unit"]) for s in r["statistics"]}
    assert {("福清市", 15, "个"), ("闽侯县", 9, "个"), ("福清市", 120, "亿元"),
            ("闽侯县", 80, "亿元")} <= by


def test_count_before_noun_and_comparison_inherits_metric() -> None:
    r = ex("全市新增48家专精特新企业，占全省比重达11%，较上年提高2个百分点。")
    assert stat(r, 48, "家")["metric"].endswith("专精特新企业数量")
    assert "专精特新企业" in stat(r, 11, "%")["metric"]
    s = stat(r, 2, "个百分点")
    assert "较上年" in s["metric"] and s["compared_to"]


def test_threshold_classes_are_part_of_the_metric() -> None:
    r = ex("营收超50亿元企业达到12家，亿元以上项目86个。")
    assert [x[1:] for x in stats(r)] == [(12, "家"), (86, "个")]
    assert "超50亿元企业" in stat(r, 12, "家")["metric"]


def test_apposition_is_not_a_count() -> None:
    r = ex("在比亚迪、蔚来两大整车龙头带动下，产业加速集聚。")
    assert r["statistics"] == []


def test_qualifiers_and_status() -> None:
    r = ex("到2027年，常州新能源产业产值力争突破1.5万亿元，预计储能产业将超过800亿元，"
           "光伏产业近600亿元，锂电池出货量约50GWh，项目不足20个。", date="2024-10-01")
    a = stat(r, 1.5, "万亿元")
    assert (a["bound"], a["status"]) == ("AtLeast", "Target")
    assert a["period"] == "到2027年" and a["period_start"] == "2027-01-01"
    b = stat(r, 800, "亿元")
    assert (b["bound"], b["status"]) == ("MoreThan", "Forecast")
    assert stat(r, 600, "亿元")["bound"] == "Approximately"
    assert stat(r, 50, "GWh")["bound"] == "Approximately"
    assert stat(r, 20, "个")["bound"] == "LessThan"


def test_period_kept_as_written_and_baseline_is_a_comparison() -> None:
    r = ex("今年1—8月，全市规上工业增加值同比增长7.6%；较“十三五”末，工业投资增长35%。",
           date="2024-09-20")
    a = stat(r, 7.6, "%")
    assert (a["period"], a["period_start"], a["period_end"], a["period_certainty"]) == (
        "今年1—8月", "2024-01-01", "2024-08-31", "inferred-from-document-date")
    b = stat(r, 35, "%")
    assert "十三五" in b["metric"] and b["compared_to"].startswith("较")
    assert b["period"] != "“十三五”末"


def test_index_without_unit() -> None:
    r = ex("全市两化融合发展指数达到65.3，居全省前列。")
    s = stat(r, 65.3, "")
    assert "指数" in s["metric"]


def test_subject_is_the_named_chain_or_company() -> None:
    r = ex("常州光伏产业链集聚企业300余家，产值突破2000亿元。")
    s = stat(r, 2000, "亿元")
    assert s["subject"] == "光伏产业链" and s["bound"] == "AtLeast"
    assert stat(r, 300, "家")["bound"] == "MoreThan"
    assert ("光伏产业链", "hasScaleAtLeast", "2000亿元") in rels(r)


# ---------------------------------------------------------------- relations


def test_implements_and_support() -> None:
    r = ex("株洲市深入实施“制造强市”战略，成功入选国家中小企业数字化转型试点城市，获中央财政资金1亿元支持。")
    got = rels(r)
    assert ("株洲市", "implements", "“制造强市”战略") in got
    pilot = next(o for s, p, o in got if p == "selectedFor")
    assert "试点城市" in pilot
    assert ("株洲市", "supportedBy", pilot) in got


def test_leads_chain_and_developed_by() -> None:
    r = ex("国轩高科是合肥动力电池产业链链主企业，其投资建设的年产20GWh电池项目开工。")
    got = rels(r)
    assert ("国轩高科", "leadsChain", "动力电池产业链") in got
    assert ("年产20GWh电池项目", "developedBy", "国轩高科") in got


def test_leader_named_with_yi_wei() -> None:
    r = ex("以宁德时代为龙头，全市锂电新能源产业链加快集聚。")
    assert ("宁德时代", "drives", "锂电新能源产业链") in rels(r)


def test_everything_reported_is_in_the_main_region() -> None:
    r = ex("芜湖市新能源汽车产业链加快发展。奇瑞汽车等骨干企业带动明显。")
    assert ("新能源汽车产业链", "locatedIn", "芜湖市") in rels(r)


def test_relation_names_are_from_the_schema() -> None:
    from chainkg.ingest.text.relations import RELATION_NAMES

    r = ex("西安市入选国家服务型制造示范城市，陕汽集团入围中国企业500强。"
           "以比亚迪为龙头，西安新能源汽车产业链产值突破1000亿元。")
    assert {x["p"] for x in r["relations"]} <= set(RELATION_NAMES)
    for x in r["relations"]:
        assert x["sentence"] and x["sentence_id"]
