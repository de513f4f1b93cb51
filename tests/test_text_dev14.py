"""Failure classes of the ten ``dev14`` articles (benchmarks/devset, manifest-S1/S2.json).

Ten cities in no other set (舟山 漳州 焦作 宿迁 呼和浩特 昆明 乐山 张掖 沧州 渭南), gold written blind by two
annotators, scored unseen with the code of the session's start (e61596f: 0.752 / 0.937 / 0.491) and with the
code after the dev11-dev13 rounds (cfefe76: 0.762 / 0.937 / 0.522), development material since. Each class
fixed is tested here on texts written for this file (no name of a dev14 article is used):

- a space after a decimal point (总投资16. 36亿元, a forum's reformatting) is no end of the number;
- what a project is, written before a dash and its name (两岸最大石化产业合作项目——某某一体化), is no project;
- 工商城市 holds the word 城市, not a county written as 商城市;
- 再生 and 回收 are sector words jieba tags as verbs (再生纤维产业链);
- a district before a group's project (某区|某某集团原料药生产基地项目) is the site, no part of the group's name;
- a period between a city and a zone word (某市一季度|开发区…) makes no zone; 盘活, 压实 and 主要有 open no name;
- a group's legal name may hold a place in brackets (某某科技集团(深圳)有限公司), and in a list of firms' projects
  (A投资30亿元的某某产业项目、B投资21亿元的P) a project no pattern named still ends A's item: B builds P, not A;
- 以科技为引领 names an idea, no firm.
"""

from __future__ import annotations

from textkit import extract_at, names, pairs

from chainkg.ingest.text.sentences import prepare


def test_a_space_after_a_decimal_point() -> None:
    r = extract_at("临渭区本次集中开工项目6个,总投资16. 36亿元,年度计划投资7. 05亿元。")
    assert {(x["value"], x["unit"]) for x in r["statistics"]} >= {(16.36, "亿元"), (7.05, "亿元")}
    assert "1. 产业" in "".join(s.norm for s in prepare("1. 产业发展。").sentences)


def test_what_a_project_is_before_a_dash() -> None:
    r = extract_at("上个月,海峡两岸最大石化产业合作项目——某某炼化一体化再度传来喜讯。")
    assert not any(n.startswith("海峡两岸最大") for n in names(r))


def test_words_that_hold_place_names() -> None:
    r = extract_at("这座新兴工商城市如何破题。全球首条再生纤维产业链每天都在上演变废为宝的故事。")
    assert "商城县" not in names(r, "Region")
    assert "再生纤维产业链" in names(r, "IndustryChain")


def test_a_district_before_a_groups_project_and_periods() -> None:
    r = extract_at("焦作市一季度开发区共签约12个项目。马村区丽华集团原料药生产基地项目开工。盘活裕丰公司闲置厂房。"
                   "压实产业链兵团责任。")
    assert "丽华集团" in names(r, "Company")
    assert ("丽华集团原料药生产基地项目", "丽华集团") in pairs(r, "developedBy")
    assert not any(n.startswith(("焦作市一季度", "盘活", "压实", "马村区丽华")) for n in names(r))


def test_a_groups_legal_name_and_list_items() -> None:
    r = extract_at("主要有中天科技集团(深圳)有限公司投资30亿元的智能制造产业项目、兰州远投集团投资21.2亿元的"
                   "晋丰源120万吨捣固炼焦项目等重点项目。盐山县以科技为引领,推动管道装备制造业发展。")
    assert "中天科技集团(深圳)有限公司" in names(r, "Company")
    built = pairs(r, "developedBy")
    assert ("晋丰源120万吨捣固炼焦项目", "兰州远投集团") in built
    assert not any(o.startswith("中天") for _sj, o in built)
    assert "科技" not in names(r)
