"""Failure classes of the ten ``dev16`` articles (benchmarks/devset, manifest-U1/U2.json).

Ten cities in no other set (莆田 萍乡 茂名 商丘 湘潭 六安 菏泽 秦皇岛 鞍山 红河), gold written blind by two
annotators, scored unseen with the code of the session's start (188a1c6: 0.689 / 0.821 / 0.267) and after the
``dev15`` round (7b83f0a: 0.695 / 0.829 / 0.279), development material since. Each class fixed is tested here
on texts written for this file (no name of a dev16 article is used):

- the items of a breakdown (按县区划分:A区4项…;B县1项…; 按行业分:某产业16项…) take the metric of the total they
  break down (…省重点项目共32项);
- two zones written together with one short name (某某经开区某某综保区(以下简称“两区”)): the short name is the
  first's, which the article is then about; 综保区 is a zone word; 督促 and 协调 open no name; works of a kind
  (污水处理厂、配套道路等基础设施项目) are no firms;
- what leads a sector (以激光为引领的新一代信息技术产业) is a segment, no firm; a group's subsidiary
  (某钢集团信息产业有限公司) is one firm; a date before a park (那么2021年9月某某数字产业园) is no part of its
  name; a government that decides to build a park is no developer of it; a county's 工业园 (某某工业园) is a zone;
- 以A产业园为依托 names the park without 以; the parks a core radiates to (辐射A工业园、B工业园和C产业园) are each a
  name (和 after 工业园 ends one); 供应给 opens no firm's name; 尼龙6项目 holds no count of six;
- A和B这两大“链主”企业 names two firms (这 points at the count); 做好 opens no brand (统筹做好兴实业、扩投资);
- a counted head, then 包括 and its items (形成七大特色产业集群,包括A、B…), names each item, a reference mark
  after the last ([1]) ending the list;
- 以A、B为代表的整车制造 (零部件配套) names firms; 以 opens no laboratory's name; 中国汽车产业集群品牌50强 is a
  ranking, no cluster;
- a city's 医药港 (某市现代医药港) is a zone; 10亿元的…母基金 is the fund's size; a bare total after a count
  (新签约落地项目7个,总数达45个) is the total of what was counted; A和B“两大核心产业” counts the list, no programme;
- a city and its province named in no sentence together (a breadcrumb, a sentence about the province) give no
  partOf; a place's short name in quotes (某某综保区(以下简称“两区”)) is no programme, a programme's is one;
- a quoted label a place carries out (贯彻“六稳”, 把“双招双引”…作为第一抓手) is a programme;
- a project named after its firm by the firm's short name (某某化纤年产3.5万吨…项目, 某某铝业技改扩能项目,
  晶澳25GW…项目) is developed by that firm; 年产 and 第一期 are no firms, nor is a sector before 年产.
"""

from __future__ import annotations

from textkit import extract_at, names, pairs


def test_the_items_of_a_breakdown_take_the_totals_noun() -> None:
    r = extract_at("截止2021年11月底,保定市入选省重点前期项目共30项,总投资300亿元。\n"
                   "按县区划分:竞秀区4项,总投资35亿元;莲池区1项,总投资1亿元;市直2项,总投资8亿元。\n"
                   "按行业分:战略性新兴产业16项,总投资70亿元;现代服务业2项,总投资6亿元。")
    rows = {(s["subject"], s["metric"], s["value"]) for s in r["statistics"] if s["unit"] == "项"}
    assert ("竞秀区", "入选省重点前期项目数量", 4) in rows
    assert ("莲池区", "入选省重点前期项目数量", 1) in rows
    assert any(m == "战略性新兴产业入选省重点前期项目数量" and v == 16 for _s, m, v in rows)
    assert not any(m == "数值" for _s, m, _v in rows)


def test_two_zones_with_one_short_name() -> None:
    r = extract_at("初秋时节,在文山经开区文山综保区(以下简称“两区”),某某铜箔(二期)项目施工现场一派繁忙。今年以来,“两区”"
                   "着力提升有色金属新材料产业链集聚度。“两区”完成规模以上工业总产值605.3亿元。现场督促协调宏达光伏单晶"
                   "拉棒、某某正极材料等重点项目建设30余次。污水处理厂、配套道路、输变电网等基础设施项目有序推进。")
    assert {"文山经开区", "文山综保区"} <= names(r, "Region")
    assert r["document"]["main_region"] == "文山经开区"
    assert ("有色金属新材料产业链", "文山经开区") in pairs(r, "locatedIn")
    assert not any(n.startswith(("现场", "督促")) for n in names(r))
    assert not names(r, "Company") & {"污水处理厂", "配套道路", "输变电网"}


def test_leads_of_sectors_subsidiaries_dates_and_governments() -> None:
    r = extract_at("2011年11月,辽宁省政府、营口市委市政府决定在营口高新区建设辽宁光电产业园。"
                   "园区围绕以激光为引领的新一代信息技术产业,以电池为引领的新能源技术产业开展建设。"
                   "成功引进本钢集团信息产业有限公司、本钢节能技术有限公司。"
                   "如果说融合加快推进产业化进程,那么2021年9月营口数字产业园正式开园。")
    firms = names(r, "Company")
    assert "本钢集团信息产业有限公司" in firms and "信息产业有限公司" not in firms
    assert not firms & {"激光", "电池"}
    assert not any(n.startswith("那么") for n in names(r))
    assert not pairs(r, "developedBy")


def test_a_countys_industrial_park() -> None:
    r = extract_at("11月3日,总投资50亿元的某某能源年产180万吨焦化项目在芦溪工业园开工建设。")
    assert "芦溪工业园" in names(r, "Region")


def test_parks_around_a_core_and_numbers_in_names() -> None:
    r = extract_at("形成“一核三园”空间布局——以石门湾产业园为依托,向外辐射南峤工业园、北吴工业园和西亭化工新材料产业园。"
                   "当地就配套了尼龙6项目。某某科技有限公司将每年出产的己内酰胺供应给福建某某新材料有限公司。")
    found = names(r)
    assert {"石门湾产业园", "南峤工业园", "北吴工业园", "西亭化工新材料产业园"} <= found
    assert not any(n.startswith("以") or "和" in n for n in found)
    assert not any(n.startswith(("九成", "己内酰胺")) for n in names(r, "Company"))
    assert not any(s["unit"] == "项" for s in r["statistics"])


def test_two_chain_leaders_pointed_at_and_tasks() -> None:
    r = extract_at("围绕湛江钢铁公司和北海能源这两大“链主”企业补链延链强链。"
                   "统筹做好兴实业、扩投资、抓城建等10项具体经济工作。")
    firms = names(r, "Company")
    assert {"湛江钢铁公司", "北海能源"} <= firms
    assert not any("实业" in n for n in firms)


def test_a_counted_head_then_its_items() -> None:
    r = extract_at("全市形成四大特色产业集群,包括永年紧固件、清河羊绒、平乡自行车、宁晋电线电缆 [1] - "
                   "当地建立恳谈会机制。")
    assert {"永年紧固件产业集群", "清河羊绒产业集群", "平乡自行车产业集群", "宁晋电线电缆产业集群"} <= \
        names(r, "IndustryCluster")


def test_firms_that_stand_for_a_segment() -> None:
    r = extract_at("目前,株洲经开区已经形成了以北汽汽车、通达汽车为代表的整车制造,"
                   "以博世、法雷奥、克康等为代表的汽车核心关键零部件配套,以华创实验室为代表的汽车高端研发检测平台。")
    assert {"北汽汽车", "通达汽车", "博世", "法雷奥", "克康"} <= names(r, "Company")
    assert "华创实验室" in names(r, "Organization")


def test_a_ranking_of_cluster_brands() -> None:
    r = extract_at("据介绍,株洲经开区是我省重要的整车生产基地、中国汽车产业集群品牌50强。")
    assert not names(r, "IndustryCluster")


def test_a_medicine_port_its_fund_and_totals() -> None:
    r = extract_at("在聊城现代医药港,10亿元的产业股权投资母基金设立,新签约落地项目7个,总数达45个。"
                   "聊城市大力发展生物医药和高端化工“两大核心产业”。")
    assert "聊城现代医药港" in names(r, "Region")
    rows = {(s["metric"], s["value"]) for s in r["statistics"]}
    assert ("产业股权投资母基金规模", 10) in rows and ("新签约落地项目总数", 45) in rows
    assert not names(r, "Policy")


def test_a_citys_province_named_elsewhere() -> None:
    r = extract_at("江门市新签约项目12个,总投资80亿元。全省各地积极承接产业转移,广东省出台支持政策。")
    assert not pairs(r, "partOf")
    r = extract_at("广东省江门市新签约项目12个,总投资80亿元。")
    assert any(o.startswith("广东") for _s, o in pairs(r, "partOf"))


def test_short_names_of_places_and_programmes() -> None:
    r = extract_at("在文山经开区文山综保区(以下简称“两区”),项目施工现场一派繁忙。")
    assert not names(r, "Policy")
    r = extract_at("省发改委公布先进制造业和现代服务业融合发展(简称“两业融合”)产业集群名单。")
    assert any("两业融合" in n for n in names(r, "Policy"))


def test_labels_a_place_carries_out() -> None:
    r = extract_at("1月5日,金安区贯彻“六稳”重大项目集中开工仪式举行。"
                   "金安区切实把“双招双引”和项目建设作为第一抓手和第一战场。")
    assert {"“六稳”", "“双招双引”"} <= names(r, "Policy")


def test_projects_named_after_a_firms_short_name() -> None:
    built = set()
    for t in ("通化化纤年产3.5万吨生物质新型人造丝项目正式开工。", "双利铝业技改扩能项目加快推进。",
              "晶澳25GW单晶拉棒切方项目落户。", "投资300亿元的湛江石化升级改造项目将于近期动工。"):
        built |= pairs(extract_at(t), "developedBy")
    assert {o for _s, o in built} == {"通化化纤", "双利铝业", "晶澳", "湛江石化"}
    r = extract_at("新能源年产10GWh电池项目开工。建设年产1200万片晶片项目。")
    assert not names(r, "Company")
