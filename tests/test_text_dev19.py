"""Failure classes of the ten ``dev19`` articles (benchmarks/devset, manifest-X1/X2.json).

Ten cities in no other set (周口 池州 枣庄 娄底 揭阳 河池 达州 安康 盘锦 临汾), gold written blind by two
annotators, scored unseen with the code of the session's start (188a1c6: 0.727 / 0.920 / 0.346) and after the
``dev15``-``dev18`` rounds (c6fcf69: 0.729 / 0.929 / 0.358), development material since. Each class fixed is
tested here on texts written for this file (no name of a dev19 article is used):

- a zone a project's name starts with (某某经济技术开发区100万千瓦光伏发电及配套项目) is its site, no part of the
  project's name; 举行 is no part of a zone's name (某市举行开发区…活动); a word before 建设 (品牌建设有声有色) is
  no developer; 国家 opens a state firm's name (国家电投集团…有限公司); 坐落于 opens no project; A、B等40家产业链头部
  企业 counts firms, names no chain; a time of day (06:25 大字) and 三次产业 are no counts; 一行赴 opens no firm;
- A、B等四大软磁合金项目 counts projects; 年产300万吨某材料的产能规模 is that material's capacity; a share is named
  by its whole (占全国的7.69% → 占全国比重), two shares written together (分别占广西、全国的31.23%和7.69%) each
  by its own;
- 建设者 are builders, no building (数百名一线建设者); 勾勒出 opens no project; an amount with 以上 right before a
  count (20亿元以上11户) is that count's threshold, no figure; a head, its count and its items in brackets
  (50亿级产业集群3个(石榴、豆制品、辣子鸡)) names each item; a zone after 推进 (推进辽滨经开区…) is a zone; a
  project's downstream chain (某某工程项目下游产业链) names no chain;
- a reviewer's sentences against these rules (a group and its subsidiary after 旗下, a place after 记者从, 新建 and a
  number, a figure after a from-to change, two figures after 本次 that count different things, two zones' generic
  projects, kinds of projects counted, a place or a product before a capacity, 即将, 和县, 各乡镇, 12次产业链…).
"""

from __future__ import annotations

from textkit import extract_at, names, pairs


def test_zones_before_projects() -> None:
    r = extract_at("集中签约仪式上,运城经济开发区精密智造项目,闻喜经济技术开发区100万千瓦光伏发电及配套项目。"
                   "2月26日,运城市举行开发区2022年第一次项目集中开工活动。")
    assert "闻喜经济技术开发区" in names(r, "Region")
    assert ("100万千瓦光伏发电及配套项目", "闻喜经济技术开发区") in pairs(r, "locatedIn")
    assert not any(n.startswith("运城市举行") for n in names(r))


def test_a_word_before_building() -> None:
    assert not names(extract_at("品牌建设有声有色,全市共有22个企业24个产品被评为特色品牌产品。"), "Company")


def test_state_firms_parks_and_chain_firms() -> None:
    r = extract_at("作为海上风电产业“链长”的国家电投集团汕尾风电有限公司,在汕尾先后投产3个海上风电项目。"
                   "成功吸引了中天海缆、金风科技等40家产业链头部企业落户。坐落于陆丰临港产业园的某某装备科技有限公司投产。")
    assert "国家电投集团汕尾风电有限公司" in names(r, "Company")
    assert not names(r, "IndustryChain") & {"中天海缆产业链", "金风科技产业链"}
    assert not any(n.startswith("坐落") for n in names(r))


def test_times_sectors_and_visits() -> None:
    r = extract_at("某某日报 2019-09-23 06:25 大字\n\n本次签约项目中,二产业项目多达72个,在三次产业中占比最高。"
                   "省人大常委会副主任王某一行赴川钢集团调研。")
    assert {(s["value"], s["unit"]) for s in r["statistics"]} == {(72, "个")}
    assert "川钢集团" in names(r, "Company")


def test_counted_projects_and_a_capacity() -> None:
    r = extract_at("随着某钢电磁、湖南某旺等四大软磁合金项目的落地,邵阳形成了年产300万吨硅铁合金软磁材料的产能规模。")
    rows = {(s["metric"], s["value"]) for s in r["statistics"]}
    assert ("软磁合金项目数量", 4) in rows and ("硅铁合金软磁材料年产能", 300) in rows


def test_shares_of_wholes() -> None:
    r = extract_at("2020年百色市蚕桑种植面积达93.14万亩,分别占广西、全国的31.23%和7.69%。"
                   "全市桑园面积96.8万亩,占全国的7.69%。")
    rows = {(s["metric"], s["value"]) for s in r["statistics"]}
    assert {("蚕桑种植面积占广西比重", 31.23), ("蚕桑种植面积占全国比重", 7.69), ("桑园面积占全国比重", 7.69)} <= rows


def test_builders_outlines_and_thresholds_before_counts() -> None:
    r = extract_at("数百名一线建设者争分夺秒,勾勒出全国领先镁合金应用新材料基地的美丽蓝图。"
                   "全市现有10亿元以上企业17户、20亿元以上11户。")
    assert not names(r, "Company") and not names(r, "Project")
    rows = {(s["metric"], s["value"], s["unit"]) for s in r["statistics"]}
    assert ("20亿元以上", 11, "户") in rows and not any(u == "亿元" for _m, _v, u in rows)


def test_a_head_its_count_and_its_items_in_brackets() -> None:
    r = extract_at("全市拥有百亿级产业集群1个(花生)、50亿级产业集群3个(大樱桃、茶叶、海参)、10亿级特色产业14个。")
    assert {"花生产业集群", "大樱桃产业集群", "茶叶产业集群", "海参产业集群"} <= names(r, "IndustryCluster")


def test_a_zone_after_a_verb_and_a_projects_chain() -> None:
    r = extract_at("某某集团推进大洼经开区、共同编制下游预留用地规划,围绕精细化工及原料工程项目下游产业链招商。")
    assert "大洼经开区" in names(r, "Region")
    assert not names(r, "IndustryChain")


def test_the_reviews_sentences() -> None:
    """Sentences a reviewer wrote against this session's rules, each once wrong."""
    firms = names(extract_at("中国建材集团旗下凯盛科技有限公司投资建设光伏玻璃项目。"), "Company")
    assert "凯盛科技有限公司" in firms and not any("旗下" in n for n in firms)
    assert "宜宾市" in names(extract_at("记者从宜宾获悉,动力电池产业链不断壮大。"), "Region")
    assert "新建区" not in names(extract_at("南昌市某某电子公司今年计划投资5亿元,新建3条生产线。"), "Region")
    r = extract_at("高新技术企业从12家增至30家,新增专精特新企业12家。")
    rows = {(s["metric"], s["value"]) for s in r["statistics"]}
    assert ("新增专精特新企业", 12) in rows
    r = extract_at("本次签约项目8个,总投资56亿元。本次开工项目8个,总投资32亿元。")
    assert sum(1 for s in r["statistics"] if s["value"] == 8) == 2
    assert len(names(extract_at("宜宾市经开区标准化厂房项目和南溪经济开发区标准化厂房项目同步推进。"), "Project")) == 2
    r = extract_at("其中,工业项目45个,农业项目16个,水利项目9个,交通项目12个,文旅项目8个。")
    assert not names(r, "IndustryChain")
    assert not names(extract_at("江北110千伏变电站项目开工。硅基10万吨项目开工。"), "Company")
    assert not names(extract_at("全市已培育3个省级产业集群,即将启动建设新材料、生物医药等产业园。"), "IndustryCluster")
    assert "和县" in names(extract_at("安徽和县经济开发区新签约项目12个。"), "Region")
    assert not any(n.startswith("各") for n in names(extract_at("宜宾市各乡镇积极发展特色产业。"), "Region"))
    assert any(s["value"] == 12 for s in extract_at("全市组织开展12次产业链供需对接活动。")["statistics"])
