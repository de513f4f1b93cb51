"""Failure classes of the ten ``dev11`` articles (benchmarks/devset, manifest-P1/P2.json).

Ten cities in no other set (宣城 平顶山 泰州 金华 郴州 邯郸 晋中 自贡 百色 东营), gold written blind by two
annotators, scored unseen with the code of two sessions (4427a2c: 0.774 / 0.917 / 0.500; e61596f: 0.777 /
0.917 / 0.502) and development material since. Each class fixed is tested here on texts written for this file
(no name of a dev11 article is used):

- the first item of a list after an adverb and a verb (某区平台重点承载|新能源汽车、…等2条产业链): jieba reads
  重点, 着力 as nouns, but before a verb they are adverbs and the verb opens a clause, so the item is the name;
- the head alone after a conjunction inside a list (平台扩容调整、平台与|产业链适配) names no chain;
- an article that speaks as a city (我市…) and names its counties one by one, the city itself only inside a
  title (《某市…方案》), is about the city, not the first county it names;
- a project named ``firm(place)…`` (a signing list's usual form) names its developer and its place;
- a zone named by its county's short form, when that is also a common word (界首工业区);
- a park after a place with a longer name of its own (某市|新材料产业示范园);
- zones written one after the other that passed a mark (A工业园区、B开发区年产值突破100亿元) each passed it;
- a date before a firm's legal name (2023年|某某铝业集团产值…) is no part of it;
- a cluster head before 名单 names a list, not a cluster (2024年度某省先进制造业集群名单), and 以上 ends a
  threshold (亿元以上|汽车零部件产业链项目), not the start of a name;
- a bare 集群 after a verb (与A集团、B集团签订|集群建设…协议) heads no list;
- 我市 after a place in the sentence (某省…名单公布,其中我市…) is the place the sentence goes on about;
- a province before its city (湖北省荆门市当前正实施…) is the city's address: the city carries out the plan;
- a 联合会 is an organization, and a national body (中国…联合会) is in no city;
- a county a project's name starts with (凤台县…项目) is a place the article names;
- a bureau before its head's title (投资促进局|局长某某) is a body; 举办 is a verb, no 办;
- a preposition (广泛应用于|汽车) is in no firm's name, an institute's kind (以研究院为龙头) names no firm,
  上马 and 类似 open no project's name, and 产业链最完整 is an attribute, no chain;
- specialised towns (A、祁县B等4个省级专业镇) are clusters, each named by its own words with its county;
- a ranking written with 企业 after it (位列中国民营企业500强企业) is the ranking, and names coordinated before
  连续多年 are all its subjects;
- a count followed by 为 and a noun (A、B等75个为开工项目) counts that noun;
- a zone named by no division is in the article's place, a zone named by the province (广西…开发区) in the
  article's city, and a park whose output passed a mark has that scale (as a cluster has);
- 城区 is a district only after its city (主城区 is a word); 主要用于, 产业链上下游优势项目 and a place's projects
  of a kind (某市工业项目, 某市招商引资项目) name no project.
"""

from __future__ import annotations

from textkit import extract_at, names, pairs, subject_rows


def test_an_item_after_an_adverb_and_a_verb() -> None:
    r = extract_at("方案明确,南湖区先进制造业平台重点承载新能源汽车、智能装备等2条产业链,"
                   "海宁市先进制造业平台主要承载光伏、时尚服装等2条产业链。")
    chains = names(r, "IndustryChain")
    assert {"新能源汽车产业链", "智能装备产业链", "光伏产业链", "时尚服装产业链"} <= chains
    assert ("新能源汽车产业链", "南湖区") in pairs(r, "locatedIn")
    assert ("光伏产业链", "海宁市") in pairs(r, "locatedIn")


def test_the_head_after_a_conjunction_inside_a_list() -> None:
    r = extract_at("方案明确平台扩容调整、平台与产业链适配、发展目标。")
    assert not any(n.endswith("产业链") for n in names(r))


def test_a_citys_article_that_names_its_counties() -> None:
    r = extract_at("记者从市经信局获悉,《嘉兴市先进制造业平台适配方案》发布。我市每个县(市、区)调整为1个平台。"
                   "方案明确,南湖区先进制造业平台重点承载新能源汽车、智能装备等2条产业链,海宁市先进制造业平台重点承载"
                   "光伏、时尚服装等2条产业链,平湖市先进制造业平台重点承载航空航天、智能装备等2条产业链,桐乡市先进制造业"
                   "平台重点承载化纤、时尚服装等2条产业链。我市将强化用地保障。")
    assert r["document"]["main_region"] == "嘉兴市"
    assert ("光伏产业链", "海宁市") in pairs(r, "locatedIn")


def test_a_project_named_firm_then_place() -> None:
    r = extract_at("宜宾市前三季度签约工业项目12个,包括川南锐能(南溪)20GWh储能电池项目、蜀江新材(宜宾)5万吨"
                   "负极材料项目等。中德(江安)国际合作产业园加快建设。")
    assert {"川南锐能", "蜀江新材"} <= names(r, "Company")
    built = pairs(r, "developedBy")
    assert ("川南锐能(南溪)20GWh储能电池项目", "川南锐能") in built
    assert ("蜀江新材(宜宾)5万吨负极材料项目", "蜀江新材") in built
    assert ("川南锐能(南溪)20GWh储能电池项目", "南溪") in pairs(r, "locatedIn")
    assert "中德" not in names(r)


def test_a_zone_named_by_a_county_short_form_that_is_a_word() -> None:
    r = extract_at("阜阳市强力推进园区建设,界首工业区年产值突破300亿元。")
    assert "界首工业区" in names(r, "Region")


def test_a_park_with_a_long_name_after_its_place() -> None:
    r = extract_at("推进园区建设,宜宾临港新材料产业示范园年产值突破200亿元。")
    assert "宜宾临港新材料产业示范园" in names(r, "Region")


def test_zones_that_passed_a_mark_each_passed_it() -> None:
    r = extract_at("阜阳市推进园区建设,太和工业园区、颍东经济开发区年产值突破100亿元。"
                   "京山市、沙洋县先后有28个项目开工。")
    rows = subject_rows(r)
    assert ("太和工业园区", 100, "亿元") in rows
    assert ("颍东经济开发区", 100, "亿元") in rows
    assert ("沙洋县", 28, "个") not in rows  # a count of two places is their total, about the first


def test_a_date_before_a_legal_name() -> None:
    r = extract_at("2023年某某铝业集团产值超200亿元。")
    assert "某某铝业集团" in names(r, "Company")
    assert not any(n.startswith("2023") for n in names(r))


def test_a_list_named_after_clusters_and_a_threshold() -> None:
    r = extract_at("近日,2024年度安徽省先进制造业集群名单公布,其中我市汽车零部件集群榜上有名,为全省唯一的汽车零部件"
                   "产业集群。全市开工亿元以上汽车零部件产业链项目57个。")
    assert not any(n.startswith(("度", "上")) for n in names(r))
    assert "汽车零部件产业链" in names(r, "IndustryChain")
    assert ("汽车零部件产业集群", "安徽省") not in pairs(r, "locatedIn")


def test_a_bare_cluster_after_a_verb() -> None:
    r = extract_at("与江北汽车集团、东川汽车集团签订集群建设合作框架协议。")
    assert not names(r, "IndustryCluster")
    assert {"江北汽车集团", "东川汽车集团"} <= names(r, "Company")


def test_a_province_before_its_city_carries_out_nothing() -> None:
    r = extract_at("湖北省荆门市当前正实施化工新材料产业提升行动计划,力争产值规模达到1000亿元。")
    assert ("荆门市", "化工新材料产业提升行动计划") in pairs(r, "implements")
    assert ("湖北省", "化工新材料产业提升行动计划") not in pairs(r, "implements")


def test_a_national_federation_is_in_no_city() -> None:
    r = extract_at("荆门市是中国化学纤维工业联合会命名的化纤名城,荆门市引进企业12家。")
    assert "中国化学纤维工业联合会" in names(r, "Organization")
    assert not any(s == "中国化学纤维工业联合会" for s, _o in pairs(r, "locatedIn"))


def test_a_county_that_starts_a_projects_name() -> None:
    r = extract_at("淮南市签约项目17个,其中凤台县煤电一体化项目、寿县绿色建材产业园项目等本地项目9个。")
    assert {"凤台县", "寿县"} <= names(r, "Region")


def test_bodies_and_verbs_ending_like_them() -> None:
    r = extract_at("6月11日,淮南市举办招商签约仪式。淮南市投资促进局局长王某某说,签约项目17个。")
    assert "淮南市投资促进局" in names(r, "Organization")
    assert "淮南市举办" not in names(r)


def test_clauses_that_only_look_like_names() -> None:
    r = extract_at("某某钢铁的冷轧钢、涂镀板等产品,广泛应用于汽车、造船等领域。“以研究院为龙头,引入新华催化、东方材料等"
                   "总投资55亿元的9个关联项目。”某某新材料科技有限公司正推动上马年产100万件汽车内饰零部件项目。"
                   "力争产值规模达到5000亿元,成为全球规模最大、产业链最完整的尼龙新材料产业基地。")
    assert not {"广泛应用于汽车", "研究院", "产值产业链"} & names(r)
    assert "年产100万件汽车内饰零部件项目" in names(r, "Project")


def test_specialised_towns_are_clusters() -> None:
    r = extract_at("梯次培育清徐老陈醋、文水皮革、交城骏枣等3个省级专业镇,认定了12个市级专业镇,推动省、市、县三级专业镇"
                   "建设。")
    clusters = names(r, "IndustryCluster")
    assert {"清徐老陈醋", "文水皮革", "交城骏枣"} <= clusters
    assert not any(n.endswith("级") for n in clusters)


def test_a_ranking_written_with_qiye() -> None:
    r = extract_at("东方控股、西山集团连续多年位列中国民营企业500强企业。")
    listed = pairs(r, "listedIn")
    assert ("东方控股", "中国民营企业500强") in listed
    assert ("西山集团", "中国民营企业500强") in listed
    assert "中国民营企业500强企业" not in names(r)


def test_a_count_then_wei_and_its_noun() -> None:
    r = extract_at("176个重大项目中,A水泥生产线搬迁改造、B智造园等75个为开工项目,年度计划投资145亿元。"
                   "本次活动中,有129个为产业项目。")
    rows = {(x["metric"], x["value"]) for x in r["statistics"]}
    assert ("开工项目数量", 75) in rows
    assert ("产业项目数量", 129) in rows


def test_zones_in_the_articles_city() -> None:
    r = extract_at("百色市强力推进涉铝园区建设,田东工业园区、广西高新技术产业开发区年产值突破100亿元。")
    parts = pairs(r, "partOf")
    assert ("田东工业园区", "百色市") in parts
    assert ("广西高新技术产业开发区", "百色市") in parts
    assert ("广西高新技术产业开发区", "广西") not in parts
    assert ("田东工业园区", "100亿元") in pairs(r, "hasScaleAtLeast")


def test_words_that_only_look_like_places_and_projects() -> None:
    r = extract_at("罡山镇地处主城区。产业园项目用地约500亩,主要用于智能家居产业链上下游优势项目的集聚。"
                   "前三季度,宜宾市工业项目签约12个,宜宾市招商引资项目履约率为91%。")
    assert "城区" not in names(r, "Region")
    assert not names(r, "Project") & {"主要用于智能家居产业链上下游优势项目", "智能家居产业链上下游优势项目",
                                      "宜宾市工业项目", "宜宾市招商引资项目"}
