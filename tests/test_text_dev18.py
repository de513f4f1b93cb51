"""Failure classes of the ten ``dev18`` articles (benchmarks/devset, manifest-W1/W2.json).

Ten cities in no other set (邵阳 宿州 泰安 随州 阳江 贵港 内江 延安 锦州 晋城), gold written blind by two
annotators, scored unseen with the code of the session's start (188a1c6: 0.819 / 0.867 / 0.626) and after the
``dev15``-``dev17`` rounds (84a40a1: 0.827 / 0.899 / 0.626), development material since. Each class fixed is
tested here on texts written for this file (no name of a dev18 article is used):

- a county's article at its city's event (某市重大项目动工活动某县分会场…我县集中签约…全县上下): the county is
  the article's place, named by its short form where it acts (某县正抢抓…, 某县16项指标…, 某县分会场);
- a division's name inside a person's after a title (县政协主席张宜春) is no place; 临港产业等三大产业集群 names
  临港产业集群; a quoted label with 具体部署 or 工作安排 (省委“1310”具体部署) is a programme;
- 联动/引入 open no university's name, and universities listed each with 大学 share no head; 地处 opens no
  project; 获批为2024年度省级特色专业园区 names the programme without 为 and the year;
- A、B两个300亿元产业集群: the amount is the clusters' class without 级 (a scale of each, the count of 300亿元
  clusters), no figure of its own; a person's title and name before a verb (综合部部长王某一边指着生产线) open no
  project; 分两期建设 names no developer, 采用 opens no project (采用智能化生产线);
- 随州市三产业集群 counts three clusters, names none; 入选2024年湖北省县域特色产业集群 names the province's
  programme without the year (the province in its name); a list's name after 入围 is left to the published list;
- both counts of a change written from-to (高新技术企业从2021年的6家增至有效期内55家) count the noun before 从,
  the second with what qualifies it and without the start's year.
"""

from __future__ import annotations

from textkit import extract_at, names, pairs


def test_a_countys_article_at_its_citys_event() -> None:
    r = extract_at("8月28日,2023年第三季度湛江市重大项目动工活动遂溪分会场活动举行。县委书记张某出席。"
                   "本次活动,我县集中签约、动工、竣工项目共48个,总投资241亿元。县委副书记主持活动。"
                   "当前,遂溪正抢抓机遇,全县上下形成了抓项目的良好氛围。今年上半年,遂溪16项经济指标增速均排全市第一。")
    assert "遂溪县" in names(r, "Region")
    assert r["document"]["main_region"] == "遂溪县"


def test_people_heads_and_labels() -> None:
    r = extract_at("县人大常委会主任叶某,县政协主席张宜春等领导出席活动。"
                   "加快打造绿色能源、大食品、临港产业等三大产业集群。认真落实省委“1310”具体部署和市委“433”工作安排。")
    assert "宜春市" not in names(r, "Region")
    assert "临港产业集群" in names(r, "IndustryCluster")
    assert {"“1310”具体部署", "“433”工作安排"} <= names(r, "Policy")


def test_universities_sites_and_approved_programmes() -> None:
    r = extract_at("联动榆林大学、西安石油大学等高校搭建7个成果转化基地,引入西安交通大学等7家技术转移中心。"
                   "子长县地处陕北能源化工基地和关中平原城市群交汇地带。子长工业园区正式获批为2024年度省级特色专业园区。")
    orgs = names(r, "Organization")
    assert {"榆林大学", "西安石油大学", "西安交通大学"} <= orgs
    assert not any(n.startswith(("联动", "引入")) for n in orgs)
    assert not any(n.startswith("子长县地处") for n in names(r))
    assert any(o.endswith("特色专业园区") and not o.startswith("为") for _s, o in pairs(r, "selectedFor"))


def test_clusters_classed_by_an_amount() -> None:
    r = extract_at("致力打造先进装备制造、食品加工两个300亿元产业集群;新能源、生物医药两个200亿元产业集群。")
    rows = {(s["subject"], s["metric"], s["value"]) for s in r["statistics"]}
    assert ("食品加工产业集群", "集群规模", 300) in rows and ("生物医药产业集群", "集群规模", 200) in rows
    assert any(m == "300亿元产业集群数量" and v == 2 for _s, m, v in rows)
    assert sum(1 for _s, _m, v in rows if v == 300) == 2


def test_a_person_pointing_at_a_line() -> None:
    r = extract_at("锦州基地综合部部长王成立一边指着生产线一边向记者介绍。")
    assert not names(r, "Project")


def test_phases_and_what_a_project_uses() -> None:
    r = extract_at("项目分两期建设,采用智能化生产线,建成后年产值10亿元。")
    assert not names(r, "Company") and not names(r, "Project")


def test_a_provinces_programme_entered_in_a_year() -> None:
    r = extract_at("黄冈市三产业集群入选2024年湖北省县域特色产业集群。"
                   "我市浠水县新材料产业集群入选2024年湖北省县域特色产业集群。")
    assert not any(n.startswith("市三") for n in names(r, "IndustryCluster"))
    assert ("浠水县新材料产业集群", "湖北省县域特色产业集群") in pairs(r, "selectedFor")


def test_counts_of_a_change_from_to() -> None:
    r = extract_at("高新技术企业从2021年的6家增至有效期内55家;科技型中小企业入库数从2021年的17家增至135家。")
    rows = {(s["metric"], s["value"], s["period"]) for s in r["statistics"]}
    assert ("高新技术企业数量", 6, "2021年") in rows
    assert ("有效期内高新技术企业数量", 55, "") in rows
    assert ("科技型中小企业入库数", 135, "") in rows
