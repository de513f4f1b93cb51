"""Failure classes of the ten ``dev9`` articles (benchmarks/devset, manifest-N1/N2.json).

Ten cities in no other set (连云港 湖州 肇庆 孝感 赤峰 南充 毕节 昌吉 忻州 酒泉), gold written blind by two
annotators, scored once unseen with the code of 404262f (0.675 / 0.920 / 0.327), development material since.
Each class fixed is tested here on texts written for this file (no name of a dev9 article is used):

- a reprint's site banner (某某新闻网-主流媒体,某某城市门户) is furniture: its city is not the article's;
- a province's zone in a city written between brackets (某省(某市)大型产业集聚区) is a zone in that city;
- a project given as an example (一批代表性项目如A项目、B项目) does not start with 如;
- an award or a designation only firms, plants or projects get (科技进步一等奖, 绿色工厂, 示范项目, 小巨人)
  is never the place's when the clause names no firm.
"""

from __future__ import annotations

from typing import Any

from textkit import extract_at, names, rels


def ex(text: str, date: str = "2025-03-31") -> dict[str, Any]:
    return extract_at(text, date)


def test_a_site_banner_is_furniture() -> None:
    r = ex("保定新闻网-主流媒体,保定城市门户\n\n总投资20亿元 吴兴区32个项目签约\n\n"
           "25日,湖州市吴兴区举行重大项目集中签约活动,某某智能装备项目开工。")
    assert r["document"]["main_region"] != "保定市"
    assert "保定市" not in names(r, "Region")


def test_a_provinces_zone_in_a_city_between_brackets() -> None:
    r = ex("广东省(江门)大型产业集聚区举办重点项目签约活动,一批代表性项目如某某精密制造基地项目、"
           "某某光学新材料项目开放参观。")
    assert "广东省(江门)大型产业集聚区" in names(r, "Region")
    assert ("某某精密制造基地项目", "locatedIn", "广东省(江门)大型产业集聚区") in rels(r)
    assert not any(o == "广东省" for _s, p, o in rels(r) if p == "locatedIn")
    got = names(r, "Project")
    assert "某某精密制造基地项目" in got and not any(n.startswith("如") for n in got)


def test_awards_only_firms_get_are_not_the_places() -> None:
    r = ex("今年以来,东营市荣获科技进步一等奖2项,获批绿色工厂3家,列入第二轮中法工业合作示范项目。")
    assert not any(s == "东营市" and p in ("receivedAward", "selectedFor", "listedIn") for s, p, _o in rels(r))
