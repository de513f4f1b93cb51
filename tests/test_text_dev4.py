"""Failure classes of the ten ``dev4`` articles (benchmarks/devset, manifest-I1/I2.json).

Ten cities in no other set (无锡 东莞 长春 南昌 绍兴 蚌埠 衡阳 长治 德阳 贵阳), gold written blind by
two annotators, scored once unseen (0.688 / 0.883 / 0.378) and development material since.
Each class fixed is tested here on texts written for this file in the styles of those
articles (no name of a dev4 article is used):

- a 名单 reprinted as a table (``序号 | 所属产业链 | 企业名称 | 镇街``, or an HTML ``<table>``):
  the rows were dropped as navigation; each cell is now typed by its column and each row
  gives the firm's chain (``leadsChain`` in a list of 链主) and place;
- ``A和B产业集群`` with no count is one name (the annotators kept 44 of 44 such names whole),
  and ``…、A和B等五大产业集群`` has five items when the count says five;
- a list of other articles' headlines (``- · 《某某》栏目设置[05/29]``) and ``摘要:`` lines are page
  furniture, so a journal's name in them is not the article's place;
- a zone the title opens with (某省某市高新区全方位推动…) is the article's place, and it is in the
  city written before it, not only in the province;
- a firm whose name starts with a word jieba calls a verb (联想…) keeps it after a clause verb
  (引入了联想智算、…);
- a counted list whose head is described after the count (A、B…8个优势明显、有竞争力的标志性产业集群);
- kinds of firms in a list (行业龙头, 世界500强), a period before 公司 (上半年公司实现…) and 更多外资…项目
  are no names.
"""

from __future__ import annotations

from typing import Any

from textkit import extract_at, forms, names, rels

from chainkg.ingest.text import extract
from chainkg.ingest.text.decode import html_to_text
from chainkg.ingest.text.sentences import prepare


def ex(text: str, date: str = "2024-06-30") -> dict[str, Any]:
    return extract_at(text, date)


TABLE = """2024年5月,肇庆市工业和信息化局发布首批重点产业链“链主”企业名单。
名单中8家企业分属新能源汽车、金属加工等重点产业链。
序号 | 所属产业链 | “链主”企业名称 | 所在镇街 | 牵头部门 |
1 | 新能源汽车 | 肇庆小鹏新能源投资有限公司 | 高要区 | 肇庆市发展和改革局 |
2 | 金属加工(铝型材) | 广东鸿图科技股份有限公司 | 四会市 | 肇庆市工业和信息化局 |
3 | 电子信息 | 风华高新科技股份有限公司 | 端州区 | 肇庆市工业和信息化局 |
"""


def test_a_table_of_chain_leaders_gives_firms_chains_places_and_who_leads() -> None:
    r = ex(TABLE)
    assert {"肇庆小鹏新能源投资有限公司", "广东鸿图科技股份有限公司", "风华高新科技股份有限公司"} <= names(r, "Company")
    assert {"新能源汽车产业链", "金属加工产业链", "电子信息产业链"} <= names(r, "IndustryChain")
    assert "肇庆市发展和改革局" in names(r, "Organization")
    assert not any(n.startswith("肇庆市发展") and n != "肇庆市发展和改革局" for n in names(r))
    got = rels(r)
    assert ("肇庆小鹏新能源投资有限公司", "leadsChain", "新能源汽车产业链") in got
    assert ("广东鸿图科技股份有限公司", "leadsChain", "金属加工产业链") in got
    assert ("风华高新科技股份有限公司", "locatedIn", "端州区") in got
    assert not any(n.startswith("企业分属") for n in names(r))
    # the header row is furniture; each row is a sentence of its own
    prep = prepare(TABLE)
    assert [d["reason"] for d in prep.dropped] == ["table header"]
    rows = [s for s in prep.sentences if s.columns]
    assert len(rows) == 3 and rows[0].columns[2] == "“链主”企业名称"
    assert TABLE[rows[0].start:rows[0].end].startswith("1 | 新能源汽车")


def test_a_table_of_projects_gives_developers_and_places() -> None:
    text = ("一季度全市集中签约一批重点项目。\n"
            "项目名称 | 建设单位 | 建设地点 | 总投资(亿元)\n"
            "年产10万吨电池级碳酸锂项目 | 宜春赣锋锂业有限公司 | 袁州区 | 25\n"
            "高性能铜箔项目 | 宜春铜博科技有限公司 | 樟树市 | 12\n")
    r = ex(text)
    got = rels(r)
    assert ("年产10万吨电池级碳酸锂项目", "developedBy", "宜春赣锋锂业有限公司") in got
    assert ("高性能铜箔项目", "locatedIn", "樟树市") in got
    assert ("宜春铜博科技有限公司", "inChain", "高性能铜箔项目") not in got


def test_a_row_of_links_is_not_a_table() -> None:
    prep = prepare("首页 | 新闻中心 | 政务公开 | 办事服务\n江门市加快打造新能源电池产业集群。\n")
    assert [d["reason"] for d in prep.dropped] == ["navigation"]
    assert not any(s.columns for s in prep.sentences)


def test_an_html_table_is_read_as_rows() -> None:
    html = ("<html><body><p>首批链主企业名单如下：</p><table>"
            "<tr><th>序号</th><th>所属产业链</th><th>企业名称</th><th>所在地</th></tr>"
            "<tr><td>1</td><td>智能装备</td><td>佛山隆深机器人有限公司</td><td>顺德区</td></tr>"
            "</table><table><tr><td><p>全市规上工业增加值增长6.5%。</p></td></tr></table></body></html>")
    text = html_to_text(html)[0]
    assert "| 1 | 智能装备 | 佛山隆深机器人有限公司 | 顺德区" in text
    assert "全市规上工业增加值增长6.5%。" in text.splitlines()  # a layout table leaves no pipes
    r = extract(text, doc_date="2024-06-30")
    assert ("佛山隆深机器人有限公司", "leadsChain", "智能装备产业链") in rels(r)


def test_a_and_b_cluster_without_a_count_is_one_name() -> None:
    r = ex("六盘水打造煤焦化和新型建材产业集群、航空零部件和通用航空产业集群,加快发展现代化产业体系。")
    clusters = names(r, "IndustryCluster")
    assert {"煤焦化和新型建材产业集群", "航空零部件和通用航空产业集群"} <= clusters
    assert "煤焦化产业集群" not in clusters and "新型建材产业集群" not in clusters
    # a class given to both (千亿级A和B产业集群, as the seed's gold reads it) makes two
    r = ex("在两大龙头项目带动下,千亿级高端纺织和现代物流产业集群加快崛起。")
    assert {"高端纺织产业集群", "现代物流产业集群"} <= names(r, "IndustryCluster")
    # with a count that says so, the final 和 still splits (汽车及零部件和智能家电两个产业集群)
    r = ex("株洲培育汽车及零部件和智能家电两个产业集群。")
    assert {"汽车及零部件产业集群", "智能家电产业集群"} <= names(r, "IndustryCluster")


def test_a_counted_list_with_etc_keeps_an_item_with_and_whole() -> None:
    r = ex("目前,全市初步形成了装备制造、医药食品、先进材料、通用航空、电子信息和数字经济等五大产业集群。")
    clusters = names(r, "IndustryCluster")
    assert "电子信息和数字经济产业集群" in clusters
    assert "电子信息产业集群" not in clusters and "数字经济产业集群" not in clusters
    assert len(clusters) == 5


def test_headline_lists_and_abstracts_are_furniture() -> None:
    text = ("- · 《中国开发区》栏目设置[05/29]\n- · 《中国开发区》投稿方式[05/29]\n"
            "湖南株洲高新区全方位推动高质量发展\n作者:网站采编关键词:\n"
            "摘要:2021年,园区规上工业总产值增长15%。\n"
            "2021年,园区规上工业总产值增长15%,引入了联想智算、中科曙光等8个上下游项目集中签约落地。\n")
    prep = prepare(text)
    reasons = [d["reason"] for d in prep.dropped]
    assert reasons.count("related links") == 2 and "metadata" in reasons
    r = ex(text)
    assert "中国开发区" not in forms(r, "Region")
    assert r["document"]["main_region"] == "湖南株洲高新区"
    assert ("湖南株洲高新区", "partOf", "株洲") in rels(r)
    assert "联想智算" in names(r, "Company")


def test_a_counted_list_whose_head_is_described_after_the_count() -> None:
    r = ex("到2026年,打造磷化工、新能源电池材料、铝及铝加工、生态特色食品4个特色鲜明、"
           "集中度高、有竞争力的标志性产业集群。")
    assert {"磷化工产业集群", "新能源电池材料产业集群", "铝及铝加工产业集群", "生态特色食品产业集群"} <= \
        names(r, "IndustryCluster")
    # a description with no count before it is no zone: 打造具有竞争力的产业集群 names no cluster
    assert not names(ex("加快打造特色鲜明、具有竞争力的产业集群。"), "IndustryCluster")


def test_kinds_of_firms_and_periods_are_no_names() -> None:
    r = ex("今年将加大与世界500强、行业龙头、单项冠军等企业的对接力度,推动更多外资标志性项目落地建设。"
           "今年上半年公司实现产值5.12亿元,同比增长26%。")
    assert not {"行业龙头", "世界500强", "更多外资标志性项目", "上半年公司"} & names(r)


def test_a_project_named_after_its_developers_home_is_where_the_article_is() -> None:
    r = ex("在新能源产业发展上,投资20多亿元的深圳创新锂能年产10万吨磷酸铁锂正极材料项目在晋城经开区正式签约。")
    proj = "深圳创新锂能年产10万吨磷酸铁锂正极材料项目"
    assert proj in names(r, "Project")
    assert (proj, "locatedIn", "深圳市") not in rels(r) and (proj, "locatedIn", "深圳") not in rels(r)


def test_a_list_of_firms_has_no_chains_on_it() -> None:
    r = ex("市工业和信息化局发布首批重点产业链“链主”企业名单。名单中8家企业分属新能源汽车、预制菜、储能等重点产业链。")
    assert not any(p == "selectedFor" and s.endswith("产业链") for s, p, _o in rels(r))
    # a list of clusters keeps its members (…特色产业集群名单)
    r = ex("工业和信息化部公布2024年度中小企业特色产业集群名单,"
           "南海区智能家电产业集群、顺德区小家电产业集群等3个集群入选。")
    assert any(p == "selectedFor" and s.endswith("产业集群") for s, p, _o in rels(r))


def test_what_a_verb_of_awards_gets_must_be_named() -> None:
    r = ex("该园区在国家级经开区综合发展水平考核中获评最高等级,荣获“创新型产业集群”等国字号招牌。")
    assert not {"最高等级", "“创新型产业集群”等国字号招牌"} & names(r)
    r = ex("2020年示范基地建设加快,衡水各产业链紧紧抓牢项目,全力推进。")
    assert not any(n.startswith(("2020年", "衡水各")) for n in names(r, "Project"))


# ---- the dev5 round (manifest-J1/J2.json: 九江 江门 台州 盐城 泉州 石家庄 南阳 淄博 遵义 常德; scored once
# unseen at 0.756 / 0.897 / 0.432, the same figures as the code before the dev4 round gave them)


def test_a_county_that_opens_a_projects_name_is_its_place() -> None:
    r = ex("截至6月底,宿迁市新签约重大产业项目中,"
           "沭阳恒康精密电子、泗洪金田光伏组件、泗阳远航新材料等17个项目已开工建设。")
    assert {"沭阳县", "泗洪县", "泗阳县"} <= names(r, "Region")
    got = rels(r)
    # the relation ends are what the text writes: the items without 项目, the counties by their short form
    assert ("沭阳恒康精密电子", "locatedIn", "沭阳") in got
    assert ("泗洪金田光伏组件", "locatedIn", "泗洪") in got


def test_a_chain_named_with_the_firm_that_leads_it() -> None:
    r = ex("集中力量培育以双汇为链主的肉制品加工、以平高为链主的智能电网装备、以中信重工为链主的矿山装备等优势产业。")
    assert {"双汇", "平高", "中信重工"} <= names(r, "Company")
    assert {"肉制品加工", "智能电网装备", "矿山装备"} <= names(r, "IndustryChain")
    got = rels(r)
    assert ("双汇", "leadsChain", "肉制品加工") in got and ("平高", "leadsChain", "智能电网装备") in got
    assert ("双汇", "leadsChain", "智能电网装备") not in got  # no firm leads every chain of the sentence


def test_one_firm_named_as_an_example_of_its_class() -> None:
    r = ex("依托欣旺达等链主、龙头企业的引领带动,惠城区强力推进强链、补链、延链工作。")
    assert "欣旺达" in names(r, "Company")
    r = ex("加快构建以实体经济为核心的现代化产业体系。")
    assert "实体经济" not in names(r)


def test_a_legal_name_that_starts_with_a_place_keeps_its_and() -> None:
    r = ex("其中,浙江新和成药业股份有限公司投资20亿元的维生素新材料项目签约落户。与安徽和顺新能源有限公司签约。")
    assert {"浙江新和成药业股份有限公司", "安徽和顺新能源有限公司"} <= names(r, "Company")
    r = ex("钦州港片区的远景能源有限公司加快建设。")
    assert not any(n.startswith("钦州港片区的") for n in names(r))


def test_brands_in_a_list_of_firms_may_start_with_an_adverb_syllable() -> None:
    # jieba reads 越 and 尚 as adverbs (越…越…, 尚未); in a list of brands they are first syllables
    r = ex("园区已集聚以越洋生物、尚品药业、海正医药等为主要代表的生物医药骨干企业。")
    assert {"越洋生物", "尚品药业", "海正医药"} <= names(r, "Company")


def test_a_list_of_firms_that_received_an_award() -> None:
    r = ex("芯联集成、汉天下荣获中国半导体创新企业称号。")
    assert {"芯联集成", "汉天下"} <= names(r, "Company")
    r = ex("智能制造、绿色制造入选年度典型案例。")
    assert not {"智能制造", "绿色制造"} & names(r, "Company")


def test_the_firm_that_undertakes_a_project_is_named_by_what_it_does() -> None:
    r = ex("今年3月,东方锅炉承担的“超超临界循环流化床锅炉”项目通过验收。")
    assert "东方锅炉" in names(r, "Company")
