"""Failure classes of the ten ``dev8`` articles (benchmarks/devset, manifest-M1/M2.json).

Ten cities in no other set (嘉兴 咸阳 荆州 济宁 汕头 上饶 遂宁 天水 沈阳 吉林), gold written blind by two
annotators, scored once unseen (0.728 / 0.893 / 0.525, code of 12ed5d3) and development material since.
Each class fixed is tested here on texts written for this file (no name of a dev8 article is used):

- a count after projects (A基地和B产业园两个项目) is no part of the last one's name; a counted 产业 before a
  project head (两个百亿级光伏产业重大…项目) makes the items projects, not chains;
- firms listed before a designation (A、B、C等7家国家专精特新“小巨人”) are companies; fields before
  等相关企业 are not; where a listed firm comes from (来自某地的A、某地的B) is not where it is;
- sectors before 等项目 end in a sector's word (物流业, 制造业), not in a firm's (某某纸业 is a firm);
- a project's name has no clause verb (举行, 保持), no leading 给, and names of roles in a chain
  (延链补链强链项目) name none; a long name ending in 产业 before 项目 is one project, a sector's is not;
- regions sharing the head 城市群 (兰西、关中、成渝三大城市群), national strategies (西部大开发), and a
  renamed county's form that is a common word (大城市 for 大城县) is no county;
- a person who speaks (某某某在推介中介绍) and 新一轮科技 are no firms; 营商环境建设 names no developer;
- the last item of a list before 等N个…的 head has no 等 in its name.
"""

from __future__ import annotations

from typing import Any

from textkit import extract_at, names, pairs, rels


def ex(text: str, date: str = "2025-03-31") -> dict[str, Any]:
    return extract_at(text, date)


def test_counts_after_projects_and_before_a_project_head() -> None:
    r = ex("某某智能装备制造基地和某某精密制造产业园两个项目投资均过百亿元。")
    assert {"某某智能装备制造基地", "某某精密制造产业园"} <= names(r, "Project")
    assert not any("两个" in n for n in names(r, "Project"))
    r = ex("某某高效太阳能电池、某某新材料光伏焊带等两个百亿级光伏产业重大延链补链强链项目签约落地。")
    assert not names(r, "IndustryChain")
    assert not any(n.startswith("延链") for n in names(r, "Project"))


def test_firms_before_a_designation_and_fields_before_related_firms() -> None:
    r = ex("涌现出甲乙智能、丙丁科技、东岳焊割等7家国家专精特新“小巨人”。")
    assert {"甲乙智能", "丙丁科技", "东岳焊割"} <= names(r, "Company")
    r = ex("项目将入驻整机生产制造、应用展示交易、技术创新、测试飞行等相关企业。")
    assert not names(r, "Company")


def test_where_a_listed_firm_comes_from_is_not_where_it_is() -> None:
    r = ex("在7月举行的襄阳市重点项目签约仪式上,来自东莞的甲乙科技、山东的丙丁化工等12个项目选择在襄阳落户。")
    assert {"甲乙科技", "丙丁化工"} <= names(r, "Company")
    located = pairs(r, "locatedIn")
    assert not {("甲乙科技", "东莞"), ("丙丁化工", "山东")} & located
    assert ("甲乙科技", "襄阳市") in located or ("甲乙科技", "襄阳") in located


def test_sectors_and_firms_before_projects() -> None:
    r = ex("某某智能家电、甲乙耀能、丙丁纸业、戊己纸业等投资过百亿的项目签约落地。")
    assert {"丙丁纸业", "戊己纸业"} <= names(r, "Company")


def test_project_names_without_clause_verbs() -> None:
    r = ex("前几天,襄阳市举行春季项目集中开工暨低空飞行器制造及配套产业项目启动仪式。今年以来,襄阳市始终保持项目建设"
           "“力度”不减,建成投产后将给高端装备和高端化工两大产业提供新动能。")
    got = names(r, "Project")
    assert "低空飞行器制造及配套产业项目" in got
    assert not any(n.startswith(("襄阳市", "给")) for n in got)
    assert not any(n.startswith("给") for n in names(r, "IndustryChain"))
    r = ex("大力引进新能源汽车产业项目。")  # a sector's projects
    assert not names(r, "Project")


def test_regions_sharing_a_head_and_national_strategies() -> None:
    r = ex("它地处兰西、关中、成渝三大城市群的辐射重叠区,是西部大开发的重要节点。")
    assert {"兰西城市群", "关中平原城市群", "成渝城市群"} <= names(r, "Region")
    assert "大城县" not in names(r, "Region")
    assert "西部大开发" in names(r, "Policy")


def test_people_and_phrases_are_no_firms() -> None:
    r = ex("王某某在推介中介绍,某市产业基础扎实。营商环境建设方面,某市居首位。当前,新一轮科技革命加速孕育。")
    assert not names(r, "Company")


def test_the_last_item_before_a_described_head() -> None:
    r = ex("全力打造新能源、电子信息、医药化工新材料等3个综合实力和竞争力强的先进制造业集群。")
    got = names(r, "IndustryCluster")
    assert "医药化工新材料产业集群" in got
    assert not any("等" in n for n in got)
    assert ("新能源产业集群", "locatedIn", "某市") not in rels(r)
