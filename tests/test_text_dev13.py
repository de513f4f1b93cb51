"""Failure classes of the ten ``dev13`` articles (benchmarks/devset, manifest-R1/R2.json).

Ten cities in no other set (龙岩 日照 宜春 淮安 阜阳 安顺 眉山 黄冈 梧州 松原), gold written blind by two
annotators, scored unseen with the code of the session's start (e61596f: 0.750 / 0.896 / 0.534) and with the
code after the dev11 and dev12 rounds (8924ddc: 0.753 / 0.896 / 0.537), development material since. Each class
fixed is tested here on texts written for this file (no name of a dev13 article is used):

- the items named after a counted head and a dash or a colon (延伸六大产业链条——A、B、C、D、E、F) are chains, when
  they are as many as the count;
- a firm named after a dash that follows what it is (全球第一大线路板商——某某电子) is a firm;
- a paragraph copied from a printed page with only two line-break spaces far apart (…洽谈会期 间…, …肉与饲 料…)
  loses them too;
- a cluster named in quotes (“某某经开区高端装备制造创新型产业集群”) keeps the name as written, its place in it;
- results published for a programme (公布了2022年某省创新型产业集群认定结果) name the programme that the clusters
  listed after it joined (“A”、“B”两家获批), and a place whose unnamed clusters were selected (某市2个产业集群获批…)
  was not selected itself;
- a county's short form that opens a clause and acts (上高引入A锂业、B锂业, 宜丰依托…, 高安将…) is the county, and
  the firms it brought in are there;
- the kind of firm before a legal name (全球著名汽车零配件供应商|采埃孚集团…) is no part of it, and a project named
  after a group (某某集团日照生产基地项目) is built by the group; a distance (在离A工厂…), 创下, 转产, 闲置 and 作为
  open no project's name, while 离子 stays in one (钠离子…电池生产基地项目);
- the kind of firm before a short name (航空主机企业|某飞公司) is no part of it;
- items before 等关键环节的X产业链 are the segments of the one chain X, no chains of their own;
- long names before 等5个百亿级制造业项目 are projects (sectors before such a head are short words), and a project
  named after a known firm (比亚迪新能源乘用车零部件) is built by it;
- a photo caption's 图为 opens no name, and a kind of firm before 控股 (上市企业控股子公司) is no brand.
"""

from __future__ import annotations

from textkit import extract_at, names, pairs

from chainkg.ingest.text.sentences import prepare


def test_items_after_a_counted_head_and_a_dash() -> None:
    r = extract_at("绿色食品产业方面,着力延伸四大产业链条——酒与饮料、粮油加工、果蔬加工、食品包装,"
                   "全力打造千亿级食品名城。重点发展三大产业集群:新材料、生物医药和电子信息。")
    chains = names(r, "IndustryChain")
    assert {"酒与饮料产业链", "粮油加工产业链", "果蔬加工产业链", "食品包装产业链"} <= chains
    assert {"新材料产业集群", "生物医药产业集群", "电子信息产业集群"} <= names(r, "IndustryCluster")


def test_a_count_that_does_not_match_names_nothing() -> None:
    r = extract_at("着力延伸六大产业链条——酒与饮料、粮油加工,全力打造食品名城。")
    assert not {"酒与饮料产业链", "粮油加工产业链"} & names(r, "IndustryChain")


def test_a_firm_after_a_dash() -> None:
    r = extract_at("总投资22亿美元的富士康、全球第一大线路板商——星鼎电子、全球第一大键盘制造商——远方电子等相继落户。")
    assert {"星鼎电子", "远方电子"} <= names(r, "Company")


def test_two_line_break_spaces_far_apart() -> None:
    line = ("5月27日,某市城市推介暨经贸合作洽谈会在沪举办,某市向全球企业、研发机构及创新创业人才抛出合作“绣球”、"
            "共商发展大计。洽谈会期 间,某市共签约38个项目,总引资296.7亿元。目前,某市正打造绿色食品、新一代信息技术、"
            "新型装备制造三个制造业主导产业。绿色食品产业方面,着力延伸产业链条,酒与饮料、肉与饲 料等加快发展,"
            "全力打造千亿级中国食品名城。")
    text = "".join(s.norm for s in prepare(line).sentences)
    assert "会期间" in text and "饲料" in text


def test_results_of_a_programme_and_quoted_names() -> None:
    r = extract_at("吉安市2个产业集群获批江西省创新型产业集群。7月29日,省科技厅公布了2022年江西省创新型产业集群"
                   "认定结果,吉安市“井冈山经开区电子信息创新型产业集群”、“泰和高新区生物医药创新型产业集群”两家获批。")
    assert {"井冈山经开区电子信息创新型产业集群", "泰和高新区生物医药创新型产业集群"} <= names(r, "IndustryCluster")
    selected = {(sj, o.removeprefix("江西省")) for sj, o in pairs(r, "selectedFor")}
    assert ("井冈山经开区电子信息创新型产业集群", "创新型产业集群") in selected
    assert ("泰和高新区生物医药创新型产业集群", "创新型产业集群") in selected
    assert not any(sj.startswith("吉安") for sj, _o in selected)
    assert "强龙头、补链条、聚集群" not in names(extract_at("坚持“强龙头、补链条、聚集群”。"))


def test_a_county_short_form_that_acts() -> None:
    r = extract_at("宜春市加快锂电产业发展。上高引入天星锂业、领航锂业等企业;奉新、宜丰依托资源优势,加快布局。")
    assert {"上高县", "宜丰县"} <= names(r, "Region")
    assert ("天星锂业", "上高县") in {(sj, o if o.endswith("县") else o + "县") for sj, o in pairs(r, "locatedIn")}


def test_a_kind_of_firm_before_a_group_that_builds() -> None:
    r = extract_at("7月8日,全球著名汽车零配件供应商远孚集团日照生产基地项目举行签约仪式。在离长城汽车工厂几公里之外,"
                   "某某锂业创下宜春单体新能源项目投资纪录。")
    assert "远孚集团" in names(r, "Company")
    assert ("远孚集团日照生产基地项目", "远孚集团") in pairs(r, "developedBy")
    assert not any(n.startswith(("全球著名", "离", "创下")) for n in names(r))


def test_kinds_and_segments() -> None:
    r = extract_at("航空主机企业星飞公司加快发展,作为贵州航空产业城的核心。建立了覆盖基础锂盐、正负极材料、电解液、"
                   "动力电池等关键环节的锂电产业链。某某(新疆)新能源科技有限公司年产3000吨钠离子电池生产基地项目投产。")
    assert "星飞公司" in names(r, "Company")
    assert not any(n.startswith(("航空主机", "作为")) for n in names(r))
    assert names(r, "IndustryChain") == {"锂电产业链"}
    assert any("钠离子" in n for n in names(r, "Project"))


def test_projects_before_a_sector_worded_head() -> None:
    r = extract_at("百亿元重大项目取得突破,星颍光伏电池及组件、比亚迪新能源乘用车零部件、昊东再生金属产业园等3个百亿级"
                   "制造业项目加快推进。既有智能装备、汽车零部件、新材料等先进制造业项目。比亚迪在当地加快布局。")
    projects = names(r, "Project")
    assert {"星颍光伏电池及组件项目", "比亚迪新能源乘用车零部件项目"} <= projects
    assert not {"汽车零部件项目", "智能装备项目"} & projects
    assert any(sj.startswith("比亚迪新能源") and o == "比亚迪" for sj, o in pairs(r, "developedBy"))


def test_captions_and_kinds_of_firm() -> None:
    r = extract_at("图为吉安高新区电子信息产业园三期项目。全市拥有上市企业及上市企业控股子公司19家。")
    assert not any(n.startswith("图为") for n in names(r))
    assert "上市企业控股" not in names(r, "Company")
