"""Failure classes of the 15 former holdout articles (benchmarks/devset, split ``dev2``).

Those articles (15 provinces, gold by others) were scored three times as a holdout and are
development material now. Their misses were read class by class; each class fixed is tested
here on sentences written for this file in the styles of real articles (no name of a dev2
article is used):

- a verb or adverb that opens the clause glued to the name (紧盯产业链…, 力争X集团…, 已有X有限公司…,
  A与B签署P项目, 旗下X有限责任公司, 我们年产…项目), seen in 9 of the 15 articles;
- a class of firm before a legal name (整车制造企业X集团) and ``(集团)`` inside a legal name;
- a project named after the firm that builds it (X有限公司年产N万吨…项目): the firm, the project
  under both forms, and ``developedBy`` (the project written without the firm in relations, as
  annotators of two articles wrote it; a third wrote the full name); a firm that signs for a
  project (A与X签署P投资合作协议);
- a development zone named by a place the division list lacks (X经济开发区, X开发区), then written
  by its place alone; the article's place when it names it most;
- a second list joined to the first by 和 after the first one's head (…2个千亿产业集群和A、B4个
  百亿产业集群) and chains named by one character (镍、铜、钴等3个产业链).
"""

from __future__ import annotations

from typing import Any

from textkit import extract_at, names
from textkit import pairs as rels


def ex(text: str, date: str = "2024-06-30") -> dict[str, Any]:
    return extract_at(text, date)



def test_clause_opening_verbs_are_not_part_of_names() -> None:
    r = ex("岳阳市紧盯产业链短板精准招商,力争湘北重机集团全年产值增长两成。"
           "目前已有岳阳云启新材料有限公司落户园区。"
           "岳阳云启新材料有限公司与岳阳经开区签署年产5万吨锂电隔膜项目投资协议。")
    all_names = names(r)
    assert "湘北重机集团" in all_names
    assert "岳阳云启新材料有限公司" in all_names
    assert "年产5万吨锂电隔膜项目" in all_names
    for bad in ("紧盯产业链", "力争湘北重机集团", "已有岳阳云启新材料有限公司"):
        assert bad not in all_names, bad
    assert not any("签署" in n for n in all_names)


def test_a_class_of_firm_before_a_legal_name_is_not_part_of_it() -> None:
    r = ex("芜湖拥有全国第一家民营整车制造企业江淮星途汽车集团,并引进多家配套企业。"
           "芜湖远大物产(集团)有限责任公司旗下芜湖新港物流有限责任公司完成扩建。")
    companies = names(r, "Company")
    assert "江淮星途汽车集团" in companies
    assert "芜湖远大物产(集团)有限责任公司" in companies
    assert "芜湖新港物流有限责任公司" in companies
    assert not any(n.startswith(("制造企业", "整车", "旗下")) for n in companies)
    assert not any(n.endswith("(集团") for n in companies)


def test_a_project_named_after_its_firm_is_developed_by_it() -> None:
    r = ex("眉山市重大工业项目加快推进,眉山天府锂能科技有限公司年产8万吨磷酸铁锂项目已于3月开工。")
    proj = next(e for e in r["entities"] if e["type"] == "Project")
    assert proj["name"] == "眉山天府锂能科技有限公司年产8万吨磷酸铁锂项目"
    assert "年产8万吨磷酸铁锂项目" in proj["aliases"]
    assert "眉山天府锂能科技有限公司" in names(r, "Company")
    # in relations the project is written without its firm, which is the other end
    assert ("年产8万吨磷酸铁锂项目", "眉山天府锂能科技有限公司") in rels(r, "developedBy")


def test_a_zone_named_by_an_unlisted_place_is_the_articles_place() -> None:
    text = ("近日,记者从临港经济开发区获悉,临港全年工业产值突破500亿元。"
            "临港重点发展精细化工产业集群,引进了一批链上企业。"
            "临港正全力推进临港化工新材料产业园项目建设,园区配套日趋完善。"
            "该区所在的潍坊市将继续支持临港建设。")
    r = ex(text)
    assert r["document"]["main_region"] == "临港经济开发区"
    zone = next(e for e in r["entities"] if e["name"] == "临港经济开发区")
    assert zone["type"] == "Region" and "临港" in zone["aliases"]
    assert "临港" not in names(r, "Company")  # the bare place is the zone, not a firm
    assert ("精细化工产业集群", "临港经济开发区") in rels(r, "locatedIn")


def test_a_two_character_word_before_a_zone_word_is_no_zone() -> None:
    r = ex("全省推动开发区改革创新,各类开发区工业产值增长8.2%。")
    assert not any(e["type"] == "Region" and e["name"].endswith("开发区") for e in r["entities"])


def test_a_second_list_after_a_head_and_one_character_chains() -> None:
    r = ex("渭南市大力培育装备制造、食品加工2个千亿产业集群和数字经济、文化旅游、现代物流3个百亿产业集群,"
           "依托现有基础重点发展镍、铜、钴等3个细分产业链。")
    clusters = names(r, "IndustryCluster")
    assert {"数字经济产业集群", "文化旅游产业集群", "现代物流产业集群"} <= clusters
    assert not any(n.startswith("和") for n in clusters)
    assert {"镍产业链", "铜产业链", "钴产业链"} <= names(r, "IndustryChain")


def test_an_industry_given_a_figure_after_a_period_or_adverb_is_a_chain() -> None:
    r = ex("绿色食品产业保持较快发展,2023年绿色食品产业实现产值860亿元,同比增长7.5%。"
           "生物技术产业累计完成投资120亿元。")
    chains = names(r, "IndustryChain")
    assert {"绿色食品产业链", "生物技术产业链"} <= chains
    assert not any(n.startswith(("2023年", "年")) for n in chains)


def test_the_short_name_an_article_gives_a_zone_refers_to_it() -> None:
    r = ex("柳州市柳东经济技术开发区(柳州国家高新技术产业开发区)(以下简称“开发区”)加快发展。"
           "开发区形成新能源汽车产业集群,开发区全年完成工业投资80亿元。"
           "开发区引进柳州智行动力电池项目。柳州市将继续支持开发区发展。")
    zone = "柳州市柳东经济技术开发区"
    assert r["document"]["main_region"] == zone
    assert "开发区" in next(e for e in r["entities"] if e["name"] == zone)["aliases"]
    assert ("新能源汽车产业集群", zone) in rels(r, "locatedIn")
    assert ("柳州智行动力电池项目", zone) in rels(r, "locatedIn")


def test_lists_of_short_named_firms() -> None:
    r = ex("园区聚集以丰瑞锂能、鑫泰锰业、科沃德、睿思达等企业为代表的储能材料产业。"
           "鲁北重工集团与国电、华能、三峡、龙源四大能源企业开展战略合作。"
           "园区内既有博世、大陆、电装等全球零部件巨头,也有零跑、岚图等新势力品牌。")
    companies = names(r, "Company")
    assert {"丰瑞锂能", "鑫泰锰业", "科沃德", "睿思达"} <= companies
    assert {"国电", "华能", "三峡", "龙源"} <= companies
    assert {"博世", "电装", "零跑", "岚图"} <= companies
    assert not any(n.startswith(("既有", "也有", "聚集")) for n in companies)


def test_a_count_that_does_not_match_the_list_is_no_list_of_firms() -> None:
    r = ex("全市推动研发、生产、销售三大环节企业协同发展。")
    assert not names(r, "Company")


def test_a_place_read_across_a_word_boundary_is_no_place() -> None:
    r = ex("企业通过技术创新、管理创新和市场开拓,提升了产业链竞争力。")
    assert not names(r, "Region")


def test_a_zone_committee_is_one_body() -> None:
    r = ex("22日,苏州工业园区管委会召开年度工作会议。")
    assert any(e["name"].endswith("管委会") and e["type"] == "Organization" for e in r["entities"])
    assert not any(e["name"].endswith("管委") for e in r["entities"])


def test_adverbs_before_building_verbs_are_no_firms() -> None:
    r = ex("常德将高水平建设一批创新平台,高标准建设临澧新材料产业园,先后投资建设了3个项目;"
           "大力推动芙蓉实验室建设。")
    assert not ({"高水平", "高标准", "先后"} & names(r, "Company"))
    assert "芙蓉实验室" in names(r, "Organization")
    assert not any(n.startswith("大力") for n in names(r))


def test_a_long_project_named_after_its_firm() -> None:
    r = ex("昌吉泰和(新疆)新能源科技有限公司年产3000万kVAh新型钠离子长时储能电池生产基地项目顺利投产。")
    firm = "昌吉泰和(新疆)新能源科技有限公司"
    assert firm in names(r, "Company")
    proj = next(e for e in r["entities"] if e["type"] == "Project")
    assert proj["name"].startswith(firm) and proj["name"].endswith("生产基地项目")
    assert (proj["name"][len(firm):], firm) in rels(r, "developedBy")


def test_the_industries_a_new_cluster_follows_are_clusters() -> None:
    r = ex("数据显示,该产业全年产值将超800亿元,成为继智能装备、商业航天、生物制造之后的第四个千亿产业集群。")
    assert {"智能装备产业集群", "商业航天产业集群", "生物制造产业集群"} <= names(r, "IndustryCluster")


def test_an_industry_only_called_x_chanye_keeps_that_name_in_relations() -> None:
    r = ex("无锡市物联网产业全年产值将超4000亿元,同比增长12%。")
    assert "物联网产业链" in names(r, "IndustryChain")
    ends = {s for s, _o in rels(r, "locatedIn")}
    assert "物联网产业" in ends and "物联网产业链" not in ends


def test_a_list_of_working_mechanisms_named_zhi() -> None:
    r = ex("赣州全面推行链长制、首席服务员制、要素保障清单制、季度督办制“四项机制”,推动产业链协同发展。")
    policies = names(r, "Policy")
    assert {"首席服务员制", "要素保障清单制", "季度督办制"} <= policies
    assert ("赣州", "季度督办制") in rels(r, "implements") or ("赣州市", "季度督办制") in rels(r, "implements")


def test_words_ending_in_zhi_are_no_mechanisms() -> None:
    r = ex("企业完善管理体制、用工机制、薪酬编制,推动研制新品。")
    assert not names(r, "Policy")


def test_a_firm_that_signs_for_a_project_builds_it() -> None:
    r = ex("东营华瑞新材料公司与东营港经济开发区签署年产20万吨己二腈项目投资合作协议,总投资60亿元。")
    assert ("年产20万吨己二腈项目", "东营华瑞新材料公司") in rels(r, "developedBy")


def test_relations_name_a_firms_project_without_the_firm() -> None:
    r = ex("目前,攀枝花钒钛新材料有限公司年产2万吨钒电池电解液项目已落户攀枝花。")
    firm = "攀枝花钒钛新材料有限公司"
    assert ("年产2万吨钒电池电解液项目", firm) in rels(r, "developedBy")
    assert any(s == "年产2万吨钒电池电解液项目" for s, _o in rels(r, "locatedIn"))


def units(r: dict[str, Any]) -> set[tuple[float, str]]:
    return {(s["value"], s["unit"]) for s in r["statistics"]}


def test_energy_livestock_and_tenths_units() -> None:
    r = ex("全市形成12.5吉瓦时储能电池产能,建成800兆瓦时储能电站;全年出栏生猪320.5万头;"
           "八大产业投资占全市重点项目投资比重超过6成。")
    got = units(r)
    assert (12.5, "吉瓦时") in got and (800, "兆瓦时") in got
    assert (320.5, "万头") in got
    assert (6, "成") in got
    assert not any(s["metric"].startswith("时") or "时储能" in s["metric"] for s in r["statistics"])


def test_cheng_after_a_verb_is_no_unit() -> None:
    r = ex("项目已建成投产,全部完成验收。")
    assert not r["statistics"]


def test_what_a_place_is_called_is_no_project() -> None:
    r = ex("目前,开发区已成为全省重要的储能装备制造基地,建成国内规模最大氢燃料电池生产基地,"
           "正加快建设全国重要的钒钛新材料产业基地。")
    assert not names(r, "Project")
    assert "钒钛新材料产业基地" in names(r, "IndustryCluster")


def test_a_base_named_inside_a_project_is_the_project() -> None:
    r = ex("协鑫光伏宜宾基地全产业链项目成功落户。")
    assert "协鑫光伏宜宾基地全产业链项目" in names(r, "Project")


def test_a_cluster_named_with_the_national_designation_keeps_it() -> None:
    r = ex("依托株洲轨道交通装备产业国家先进制造业集群建设,巩固和扩大轨道交通产业集群优势。", "2023-06-30")
    clusters = names(r, "IndustryCluster")
    assert any(n.endswith("轨道交通装备产业国家先进制造业集群") for n in clusters)
    assert "轨道交通产业集群" in clusters
    assert not any(n.startswith(("扩大", "巩固")) for n in clusters)


def test_a_described_plan_is_no_named_programme() -> None:
    r = ex("该区把数字化转型作为推动产业发展的首要工程,制定培育发展未来产业计划,"
           "健全政银企常态化对接机制;会上各部门汇报了重点项目推进情况和工作计划。"
           "全市启动实施了专精特新企业倍增计划。")
    policies = names(r, "Policy")
    assert "专精特新企业倍增计划" in policies
    for bad in ("产业发展的首要工程", "发展未来产业计划", "健全政银企常态化对接机制", "情况和工作计划"):
        assert not any(bad in p for p in policies), bad


def test_xin_that_begins_a_programmes_name_stays() -> None:
    r = ex("园区实施新型储能产业集群培育行动,推动产业发展。")
    assert "新型储能产业集群培育行动" in names(r, "Policy")


def test_a_numbered_plan_in_quotes_is_the_regions_own() -> None:
    r = ex("宁夏“六大产业集群”建设势头正旺,重大项目全面铺开。宁夏“1+3+5”先进制造业集群建设稳步推进。")
    got = rels(r, "implements")
    assert any(o == "“六大产业集群”" for _s, o in got), got
    assert any(o.startswith("“1+3+5”") for _s, o in got), got


def test_brands_ending_in_xin_cailiao_or_an_adverb_syllable_in_a_list_of_firms() -> None:
    r = ex("园区聚集以汇科新材料、博瑞特、欣诺锂业、金源新材料等企业为代表的电池材料产业。"
           "园区重点发展化工新材料、电子材料等产业。")
    companies = names(r, "Company")
    assert {"汇科新材料", "博瑞特", "欣诺锂业", "金源新材料"} <= companies
    assert "化工新材料" not in companies
