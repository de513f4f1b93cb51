"""Failure classes of the ten ``dev15`` articles (benchmarks/devset, manifest-T1/T2.json).

Ten cities in no other set (丽水 三明 安阳 中山 鄂尔多斯 攀枝花 克拉玛依 运城 四平 三亚), gold written blind by two
annotators, scored unseen with the code of e61596f (0.675 / 0.902 / 0.233) and of 9385b4e (0.686 / 0.910 /
0.275), development material since. Each class fixed is tested here on texts written for this file (no name of
a dev15 article is used):

- the items of a counted class of industries (A、B等五大主导产业, 四大传统产业) are sector words, chains only
  where the article names them again; their count is still a statistic about the place (a scale, 四大千亿产业,
  or a selection, 三大优势产业跻身国家队, keeps them chains);
- 项目对接会 (推介会, 洽谈会) is a meeting about projects, no project named by what precedes it, so the city
  written before it still counts for the article's place;
- a firm's project of a whole chain (某某科技有限公司年产5万吨…全产业链项目) is a project, though a sector's
  chain before 项目 alone is none; 朝着 after a place opens no firm's name; 人大六次会议 is a session's number;
- a university's campus (某某大学(北京)某某校区) is the body named, its bracketed city no place of the article's;
  当地 opens no chain's name;
- 签约112个 is a count of signings (the 约 of 签约 is no 约 of approximation), 272个在谈项目 a count of projects
  under negotiation (在谈, 在建, 在产 open the counted noun), 市、县及开发区 names levels, no zone;
- a project named by the chain it builds (某县富硒水稻、大豆全产业链项目, 某市某某种养循环产业链项目) names no chain,
  and a place's project of that kind is a project; 集A、B等产业集群于一体: 集 is the verb, 换热 a sector word;
- sectors counted by their projects (涉及装备制造业项目2个、新能源项目3个) are chains, placed nowhere;
- a city's 中央商务区 and a province's 自贸港 are zones; what a zone serves as (作为海南自贸港…核心区) is no place
  of the clusters it grows, and a province's free-trade port is no part of the city; 两大千亿级产业集群 counts
  two clusters (a scale class may stand between 大 and the head);
- in a list of projects with no suffix (包含A广场、某市某某公司年产300万只铝轮毂、C建设等5个省重点项目) a firm's
  name inside an item is part of the project's, and a first item may end in 建设; 主会场 opens no project's
  name, nor does a conjunction before a bare 项目 (大气污染防治和项目建设) make one;
- a figure given again about the same subject in a clause pointing back (此次签约的36个项目) is one figure, and
  全市 before a count makes the city its subject, not the project the sentence opened with; buildings are
  counted in 栋 and 幢;
- a town after its county or city (某市某某镇党委书记…) is a place of the article, named by the town (某某镇, then
  某某 alone), part of that division; an article about a town that names a partner city more often than its
  own city is the town's (50分钟通达深圳…从深圳落户某某的企业); a town that acts is no firm.
"""

from __future__ import annotations

from textkit import extract_at, metric_rows, names, pairs


def test_a_counted_class_of_industries() -> None:
    r = extract_at("本次签约项目涵盖了智能装备、绿色化工、文旅康养等三大主导产业,以及数字农业、林下经济两大特色产业。"
                   "全市绿色化工产业产值增长12%。")
    chains = names(r, "IndustryChain")
    assert "绿色化工产业链" in chains  # named again with a figure
    assert not chains & {"智能装备产业链", "文旅康养产业链", "数字农业产业链", "林下经济产业链"}
    assert {(v, u) for _m, v, u in metric_rows(r)} >= {(3, "个"), (2, "个")}
    kept = extract_at("形成了新型储能、精细化工、光学材料四大千亿产业。氢能、锂电、碳材料三大优势产业全部跻身国家队。")
    assert {"新型储能产业链", "精细化工产业链", "氢能产业链", "碳材料产业链"} <= names(kept, "IndustryChain")


def test_a_meeting_about_projects() -> None:
    r = extract_at("5月8日,南岭市与省属企业项目对接会在省城举行。总投资20亿元的南岭市特种装备生产等12个项目成功签约。"
                   "一批大项目的签约,将为南岭高质量发展注入动能。")
    assert not any("对接" in n or n.startswith("南岭市与") for n in names(r, "Project"))


def test_a_firms_project_of_a_whole_chain_and_words_that_are_no_names() -> None:
    r = extract_at("在高新区,青川钛业科技有限公司年产5万吨高端钛材全产业链项目正加快建设。"
                   "推动青川朝着建设世界级钛产业基地的目标前行。3月2日,在市九届人大四次会议上,报告提出目标。")
    assert ("年产5万吨高端钛材全产业链项目", "青川钛业科技有限公司") in pairs(r, "developedBy")
    assert not any(n.endswith("朝着") for n in names(r, "Company"))
    assert all(u != "次" for _m, _v, u in metric_rows(r))
    assert "新能源汽车产业链项目" not in names(extract_at("全市新签约新能源汽车产业链项目12个。"), "Project")


def test_a_campus_and_the_word_local() -> None:
    r = extract_at("在石油城实训基地,华北能源大学(北京)白沙校区学生进行操作培训。"
                   "2019年当地石油化工产业总产值达1421亿元。")
    assert "华北能源大学(北京)白沙校区" in names(r, "Organization")
    assert "北京市" not in names(r, "Region")
    assert "石油化工产业链" in names(r, "IndustryChain")
    assert not any(n.startswith("当地") for n in names(r))


def test_counts_of_signings_and_projects_under_negotiation() -> None:
    r = extract_at("全市推送项目线索586个,签约112个。此外,全市272个在谈项目已建立台账。"
                   "市、县及开发区开展招商活动760余次。")
    rows = {(m, v) for m, v, _u in metric_rows(r)}
    assert ("签约", 112) in rows
    assert any(v == 272 and "在谈项目" in m for m, v in rows)
    assert not any(n.startswith("县及") for n in names(r, "Region"))


def test_projects_named_by_a_chain_and_clusters_gathered_in_one_place() -> None:
    r = extract_at("以及引资额1.2亿元的安平县富硒水稻、大豆全产业链项目,"
                   "引资额1.2亿元的四平禾丰种养深加工循环产业链项目。"
                   "四平是集换热设备、专用汽车和农机装备等产业集群于一体的装备制造基地。")
    assert not names(r, "IndustryChain") & {"富硒水稻产业链", "大豆产业链", "禾丰种养深加工循环产业链"}
    assert "四平禾丰种养深加工循环产业链项目" in names(r, "Project")
    assert "换热设备产业集群" in names(r, "IndustryCluster")


def test_sectors_counted_by_their_projects() -> None:
    r = extract_at("此次签约的20个项目,涉及装备制造业项目2个、新能源项目3个、现代物流项目5个,其中续建项目8个、"
                   "新开工项目12个。")
    chains = names(r, "IndustryChain")
    assert {"装备制造产业链", "新能源产业链", "现代物流产业链"} <= chains
    assert not any(n.startswith(("续建", "新开工")) for n in chains)
    assert not any(x["p"] == "locatedIn" and x["s"] in chains for x in r["relations"])


def test_a_business_district_and_a_free_trade_port() -> None:
    r = extract_at("三亚中央商务区作为海南自贸港现代服务业核心承载区,正加速培育现代金融、现代商贸两大千亿级产业集群。")
    assert {"三亚中央商务区", "海南自贸港"} <= names(r, "Region")
    located = pairs(r, "locatedIn")
    assert ("现代金融产业集群", "三亚中央商务区") in located
    assert not any(o == "海南自贸港" for _s, o in located)
    assert ("海南自贸港", "三亚市") not in pairs(r, "partOf")
    assert any(v == 2 and u == "个" for _m, v, u in metric_rows(r))


def test_a_list_of_projects_with_no_suffix_and_figures_given_again() -> None:
    r = extract_at("鹤壁市重大项目集中开工仪式举行。随着主会场中原物流产业小镇项目的培土奠基,"
                   "全市40个重大项目正式集中开工。鹤壁市逐步形成生态保护和项目建设协同发展的新局面。"
                   "此次开工的重大项目共有40个,包含红渠精神主题广场、林县林丰铝电公司年产300万只铝轮毂、"
                   "林县地下综合管廊建设等5个省重点项目,光远电子玻纤研发中心建设、某某研究所科研中心建设等项目。")
    projects = names(r, "Project")
    assert "中原物流产业小镇项目" in projects
    assert not any(n.startswith(("随着", "生态保护和")) for n in projects)
    assert {"红渠精神主题广场项目", "林县林丰铝电公司年产300万只铝轮毂项目", "光远电子玻纤研发中心建设项目"} <= projects
    assert sum(1 for _m, v, _u in metric_rows(r) if v == 40) == 1


def test_buildings_are_counted() -> None:
    r = extract_at("项目一期建设厂房12栋、办公楼两栋,二期新建研发楼3幢。")
    assert {(v, u) for _m, v, u in metric_rows(r)} >= {(12, "栋"), (2, "栋"), (3, "幢")}


def test_a_town_and_its_article() -> None:
    r = extract_at("2月27日上午,深中合作(沙溪)产业园正式揭牌。中山市沙溪镇党委书记等镇领导,近年来从深圳落户沙溪的东迪、"
                   "卓臻等10家企业代表出席仪式。园区至深圳中心区仅需50分钟。近三年落户沙溪的深圳企业超10家。"
                   "东迪光电投资超3亿元建设FPC生产基地。下一步,沙溪镇将依托深中合作产业园,持续实施亿元企业安家工程。")
    assert "沙溪镇" in names(r, "Region")
    assert "沙溪镇" not in names(r, "Company")
    assert ("沙溪镇", "中山市") in pairs(r, "partOf")
    assert r["document"]["main_region"] == "沙溪镇"
    assert ("东迪光电", "沙溪镇") in pairs(r, "locatedIn")
    assert not any(o == "深圳" or o == "深圳市" for _s, o in pairs(r, "locatedIn"))
