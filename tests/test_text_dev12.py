"""Failure classes of the ten ``dev12`` articles (benchmarks/devset, manifest-Q1/Q2.json).

Ten cities in no other set (威海 韶关 赣州 铜陵 许昌 咸宁 营口 汉中 北海 廊坊), gold written blind by two
annotators, scored unseen with the code of the session's start (e61596f: 0.787 / 0.903 / 0.410) and after the
dev11 round (eef426a: 0.798 / 0.903 / 0.404), development material since. Each class fixed is tested here on
texts written for this file (no name of a dev12 article is used):

- a city's article that reports its province's figures (全省32个…,其中某市6个…) and speaks of 我市 twice is the
  city's: the first person decides when the third-person words (全省, 全市) are balanced;
- the year before a designation (获评某省2023年五星级产业集群) is when, not part of its name; a star rating
  (五星级产业集群9个) is a class, no cluster; 三星级 holds no 三星;
- a place right after 获评/入选/认定为 is the designation's scope, not where the winners are;
- zones after 我市 (我市某某经济开发区) and …高新技术产业园区 are zones, and a project's name does not run on past a
  zone and 和 (A经济技术开发区和B高新技术产业园区);
- a list named before it is published (2022年度某省特色产业集群名单公示,A集群入围) is the programme A joined, even
  when A is the only one; a place inside the list's name is its scope, and 集群主导产业 is the cluster's, no chain;
- 所属 opens no project's name, 某市高质量发展项目 is a kind of project, and a lab after 与 (与某某实验室合作共建)
  is named without it and is a partner, not a body of the place;
- 以A、B为重点发展区域,打造X产业集群: X is in A and in B (and A, B are no members of X);
- a firm 位于 a park (A有限公司位于B产业园一期项目A区) is in it; 位于, 建立 and 即 open no name;
- what a project will become (将成为国内重要的A生产基地、B生产基地) is no project, and the object of the last action
  in a list of actions (对…产业发展、打造千亿级X产业集群起到…) is still a cluster; 提质增效 is no industry;
- a place then 发展/投资 (北海发展的活力, 在北海投资建设) is no firm, and two places (某市某区建设加快) no developer;
- the place in a visiting firm's name (香港某某能源集团 signing with a city) is its home, which annotators leave
  implied: no locatedIn for it, while a firm named after a place inside the article's stays there;
- a district named by a common word (老城区, 城区) is a place only where the article names its city;
- a ranking with its position (位列“2019中国民营企业500强”第42位) is the ranking, named without quotes, and a firm
  that ends the clause before the verb (…创立的某某集团,位列…) is what is ranked;
- a clause that opens with items before 等企业 and a verb (A、B等企业成为细分领域标杆) lists firms when one of the
  items has a firm's shape; a share written before 的 (全市73.54%的规上工业企业建立研发机构) is the share of what
  follows.
"""

from __future__ import annotations

from textkit import extract_at, names, pairs


def test_a_citys_article_reporting_its_provinces_figures() -> None:
    r = extract_at("近日,省工信厅公布了星级产业集群评定结果,全省32个产业集群获评,其中,吉安市6个产业集群获评。"
                   "泰和电子信息产业集群获评江西省2023年五星级产业集群,永丰碳酸钙产业集群获评江西省2023年三星级产业集群。"
                   "此外,我市泰和经济开发区被江西省认定为示范园区。近年来,我市大力实施工业倍增升级行动。")
    assert r["document"]["main_region"] == "吉安市"
    assert ("吉安市", "工业倍增升级行动") in pairs(r, "implements")


def test_ratings_and_their_scope() -> None:
    r = extract_at("近日,吉安市6个产业集群获评。此次全省共评定五星级产业集群9个、三星级产业集群19个。其中,泰和电子信息"
                   "产业集群、永丰碳酸钙产业集群获评江西省2023年五星级产业集群。我市将持续做强产业集群。")
    assert not any(n.endswith("星级产业集群") for n in names(r, "IndustryCluster"))
    assert "三星" not in names(r)
    assert ("泰和电子信息产业集群", "五星级产业集群") in pairs(r)
    assert ("泰和电子信息产业集群", "江西省") not in pairs(r, "locatedIn")


def test_zones_after_woshi_and_before_he() -> None:
    r = extract_at("此外,我市泰和经济开发区、吉安高新技术产业开发区和永丰高新技术产业园区还被认定为示范园区。")
    assert {"泰和经济开发区", "永丰高新技术产业园区"} <= names(r, "Region")
    assert not any("和" in n for n in names(r, "Project"))


def test_a_list_named_before_it_is_published() -> None:
    r = extract_at("近日,2022年度江苏省特色产业集群名单公示,吉安高新区电子电路特色产业集群入围。2021年,集群主导产业"
                   "实现主营业务收入206亿元,集群所属电子信息产业园被评为示范基地。")
    assert any(o == "江苏省特色产业集群" and "电子电路" in sj for sj, o in pairs(r, "selectedFor"))
    assert not any(o == "江苏省" and "电子电路" in sj for sj, o in pairs(r, "locatedIn"))
    assert not any(n.startswith(("集群主导", "集群所属")) for n in names(r))


def test_partners_and_kinds() -> None:
    r = extract_at("吉安市高质量发展项目签约301亿元。吉安市与星河实验室合作共建大湾区数据产业研究院。")
    assert "星河实验室" in names(r, "Organization")
    assert not any(s == "星河实验室" for s, _o in pairs(r, "locatedIn"))
    assert "吉安市高质量发展项目" not in names(r)


def test_the_area_a_cluster_is_built_in() -> None:
    r = extract_at("一是以吉安沿海产业基地、吉州工业园为重点发展区域,打造钢铁及深加工产业集群。"
                   "二是以南港开发区为重点区域,打造镁产品产业集群。")
    located = pairs(r, "locatedIn")
    assert ("钢铁及深加工产业集群", "吉安沿海产业基地") in located
    assert ("镁产品产业集群", "南港开发区") in located
    assert not pairs(r, "inCluster")


def test_a_firm_sited_in_a_park() -> None:
    r = extract_at("某某金果有限公司位于华星电子产业园一期项目A区,是一家从事零部件加工的企业,即某某金果有限公司。"
                   "新能源汽车建立专业生产线。")
    assert ("某某金果有限公司", "华星电子产业园一期项目") in pairs(r, "locatedIn")
    assert not any(n.startswith(("某某金果有限公司位于", "即", "新能源汽车建立")) for n in names(r))


def test_what_a_project_will_become() -> None:
    r = extract_at("某某生物科技有限公司核苷酸项目投产后,将成为国内重要的核苷生产基地、高纯度氨基酸生产基地,"
                   "对吉安市生物医药产业发展、打造千亿级生物医药产业集群起到积极推动作用。"
                   "全市推动传统产业提质增效产业集群加快发展。")
    assert not {"核苷生产基地", "高纯度氨基酸生产基地"} & names(r, "Project")
    assert "生物医药产业集群" in names(r, "IndustryCluster")
    assert not any(n.startswith("提质增效") for n in names(r))


def test_places_then_verbs() -> None:
    r = extract_at("传递着吉安发展的强劲活力。东方集团拟在吉安投资建设循环经济产业基地项目。吉安市吉州区建设加快。")
    assert not {"吉安发展", "吉安投资", "吉安市吉州区"} & names(r, "Company")


def test_a_visiting_firms_home() -> None:
    r = extract_at("4月26日,吉安市举行项目集中签约仪式,香港众和能源集团有限公司、吉安华星电子有限公司等2家企业"
                   "与吉安签约。")
    located = pairs(r, "locatedIn")
    assert not any(sj.startswith("香港众和") for sj, _o in located)
    assert any(sj.startswith("吉安华星") and o.startswith("吉安") for sj, o in located)


def test_a_district_named_by_a_common_word() -> None:
    assert "老城区" not in names(extract_at("吉安老城区建设加快,引进项目12个。"), "Region")
    assert "老城区" in names(extract_at("洛阳市老城区建设加快,引进项目12个。"), "Region")


def test_a_quoted_ranking_with_its_position() -> None:
    r = extract_at("企业家某某于1982年创立的东方远景集团,位列“2019中国民营企业500强”第42位。")
    assert ("东方远景集团", "2019中国民营企业500强") in pairs(r, "listedIn")


def test_firms_listed_before_deng_qiye_at_a_clause_start() -> None:
    r = extract_at("湖北星光兴智能光电、吉安远威复合材料等企业成为细分领域标杆。全市73.54%的规上工业企业建立研发机构。")
    assert {"湖北星光兴智能光电", "吉安远威复合材料"} <= names(r, "Company")
    assert ("规上工业企业建立研发机构占比", 73.54) in {(x["metric"], x["value"]) for x in r["statistics"]}
