"""The failure classes seen on real articles (benchmarks/devset), on sentences written for these tests.

Each test names the class; the sentences are in the styles real articles have (lists with
a shared head, short names, reprint prose), from cities the other tests do not use.
"""

from __future__ import annotations

from textkit import extract_at as ex
from textkit import forms, names, pairs, rels
from textkit import subject_rows as stats

# ---------------------------------------------------------------- lists that share one head


def test_items_before_etc_and_a_count_share_the_head() -> None:
    r = ex("昆明市聚焦电子信息、生物医药、高端装备等三条产业链，推动产业集聚发展。")
    assert {"电子信息产业链", "生物医药产业链", "高端装备产业链"} <= names(r, "IndustryChain")
    assert ("昆明市", 3, "条") in stats(r)  # the count is about the city, not about each chain
    assert {("电子信息产业链", "locatedIn", "昆明市")} <= rels(r)


def test_the_count_decides_a_final_he() -> None:
    r = ex("海口市重点培育汽车及零部件和智能家电两个产业集群。")
    assert {"汽车及零部件产业集群", "智能家电产业集群"} <= names(r, "IndustryCluster")
    assert ("海口市", 2, "个") in stats(r)


def test_conjunctions_inside_listed_items_stay() -> None:
    r = ex("南宁市围绕软件和信息服务、智能网联与新能源汽车、半导体及光电等12条重点产业链，实施链长制。")
    got = names(r, "IndustryChain")
    assert {"软件和信息服务产业链", "智能网联与新能源汽车产业链", "半导体及光电产业链"} <= got
    assert not got & {"信息服务产业链", "新能源汽车产业链", "光电产业链"}


def test_two_lists_share_one_head() -> None:
    r = ex("呼和浩特市培育出乳业、光伏材料2个千亿级和现代化工、生物医药、大数据3个百亿级产业集群。")
    clusters = names(r, "IndustryCluster")
    assert {"乳业产业集群", "光伏材料产业集群", "现代化工产业集群", "生物医药产业集群",
            "大数据产业集群"} <= clusters
    got = stats(r)
    assert ("呼和浩特市", 2, "个") in got and ("呼和浩特市", 3, "个") in got
    assert ("乳业产业集群", 1000, "亿元") in got and ("大数据产业集群", 100, "亿元") in got


def test_modifiers_after_the_count_are_not_names() -> None:
    r = ex("石化化工、装备制造、粮油加工……一批临港产业集群正在海南沿海加快崛起。")
    assert {"石化化工产业集群", "装备制造产业集群", "粮油加工产业集群"} <= names(r, "IndustryCluster")
    assert "临港产业集群" not in names(r)
    assert ("装备制造产业集群", "locatedIn", "海南") in rels(r)  # as written


def test_adjectives_before_de_are_not_items() -> None:
    r = ex("兰州市致力打造全国最完整、最具竞争力的有色金属产业集群。")
    assert names(r, "IndustryCluster") == {"有色金属产业集群"}


# ---------------------------------------------------------------- short names, brands, institutes


def test_short_company_names_in_a_list() -> None:
    r = ex("重庆两江新区集聚了长安汽车、赛力斯、蓝黑科技等整车企业，以及一批零部件配套企业。")
    assert {"长安汽车", "赛力斯", "蓝黑科技"} <= names(r, "Company")
    assert "两江新区" in forms(r, "Region")


def test_a_list_of_products_is_not_a_list_of_companies() -> None:
    r = ex("项目覆盖正极、负极、隔膜、电解液等关键材料和电池构件等配套项目。")
    assert not names(r, "Company")


def test_brands_with_a_strong_tail_and_bare_company_names() -> None:
    r = ex("以汾酒集团为龙头，杏花村酒业持续扩产；盾构机在中信重工下线。呼和浩特市的蒙草生态公司入选名单。")
    assert {"汾酒集团", "杏花村酒业", "中信重工", "蒙草生态公司"} <= names(r, "Company")


def test_institutes_and_laboratories_are_organizations() -> None:
    r = ex("昆明市依托昆明理工大学建设的稀贵金属综合利用国家重点实验室获批建设，"
           "云南省4个创新实验室之一落户呈贡。")
    orgs = names(r, "Organization")
    assert {"昆明理工大学", "稀贵金属综合利用国家重点实验室"} <= orgs
    assert "云南省4个创新实验室" not in orgs and "创新实验室" not in orgs
    assert ("稀贵金属综合利用国家重点实验室", "locatedIn", "昆明市") in rels(r)


# ---------------------------------------------------------------- projects and places in names


def test_projects_named_by_their_suffix() -> None:
    r = ex("天马微电子正加快建设新型显示产业园，其柔性屏智能工厂已投产；"
           "包钢投资建设的稀土钢板材升级改造项目开工。全市实施重点工业项目300个。")
    projects = names(r, "Project")
    assert {"新型显示产业园", "柔性屏智能工厂", "稀土钢板材升级改造项目"} <= projects
    assert not any("重点工业" in p for p in projects)
    got = rels(r)
    assert ("稀土钢板材升级改造项目", "developedBy", "包钢") in got or \
        ("稀土钢板材升级改造项目", "developedBy", "包钢投资") not in got
    assert ("新型显示产业园", "developedBy", "天马微电子") in got


def test_clusters_whose_names_start_with_a_place() -> None:
    r = ex("海口市美兰区数字经济产业集群和海口市龙华区数字经济产业集群入选省级特色产业集群。")
    got = forms(r, "IndustryCluster")
    assert {"海口市美兰区数字经济产业集群", "海口市龙华区数字经济产业集群"} <= got
    clusters = [e for e in r["entities"] if e["type"] == "IndustryCluster"]
    assert len(clusters) == 2  # the same industry in two districts is two clusters
    ends = {x["s"] for x in r["relations"] if x["p"] == "selectedFor"}
    assert ends == {"海口市美兰区数字经济产业集群", "海口市龙华区数字经济产业集群"}


def test_zones_below_the_division_list() -> None:
    r = ex("在中国(海南)自由贸易试验区洋浦片区，落户的海南炼化有限公司加快扩能；贵安新区已建成数据中心14个。")
    places = names(r, "Region")
    assert {"中国(海南)自由贸易试验区", "贵安新区"} <= places
    assert any(p.endswith("洋浦片区") for p in places) or "洋浦片区" in forms(r, "Region")


def test_county_short_forms_next_to_their_prefecture() -> None:
    r = ex("曲靖市新能源电池产业链已延伸至宣威、富源等县市，宣威市新增企业12家。")
    got = names(r, "Region")
    assert {"曲靖市", "宣威市", "富源县"} <= got
    assert ("富源", "partOf", "曲靖市") in rels(r)


# ---------------------------------------------------------------- name boundaries


def test_verbs_and_function_words_do_not_start_a_name() -> None:
    r = ex("银川市召开新能源汽车产业链推进会，推动打造光伏材料产业集群，这座城市产业链建设提速。")
    assert "新能源汽车产业链" in names(r, "IndustryChain")
    assert "光伏材料产业集群" in names(r, "IndustryCluster")
    assert not any(n.startswith(("召开", "推动", "打造", "座", "城市")) for n in names(r) - names(r, "Region"))


def test_a_longer_name_is_not_cut_into_a_shorter_one() -> None:
    r = ex("西宁市实施“揭榜挂帅”“科技特派员”“飞地孵化”三项科技计划，实施盐湖化工产业强链行动。")
    pol = forms(r, "Policy")
    assert {"揭榜挂帅", "科技特派员", "飞地孵化"} <= {p.strip("“”") for p in pol}
    assert ("西宁市", "implements", "“揭榜挂帅”") in rels(r)


# ---------------------------------------------------------------- relations beyond the seed's


def test_chain_leader_and_backbone_companies() -> None:
    r = ex("包头市以北方稀土为链主企业，以金力永磁、天和磁材等企业为骨干，推动稀土永磁产业链延链补链。")
    got = rels(r)
    assert ("北方稀土", "leadsChain", "稀土永磁产业链") in got
    assert {("金力永磁", "稀土永磁产业链"), ("天和磁材", "稀土永磁产业链")} <= pairs(r)


def test_members_of_the_sentences_chain_or_cluster() -> None:
    r = ex("拉萨市净土健康产业集群以藏药集团为龙头，累计引进奇正藏药、甘露藏药、雪域三宝等30多个产业链项目。")
    got = pairs(r)
    assert ("藏药集团", "净土健康产业集群") in got
    assert {("奇正藏药", "净土健康产业集群"), ("甘露藏药", "净土健康产业集群")} <= got


def test_the_place_of_the_clause_or_the_district_referred_back_to() -> None:
    r = ex("天津市滨海新区聚焦信创产业。沧州市海兴县的益达机械公司入选名单。西青区则通过资本赋能产业。"
           "2023年全区引进独角兽企业麒麟软件、飞腾信息。")
    got = rels(r)
    assert ("益达机械公司", "locatedIn", "海兴县") in got
    assert ("麒麟软件", "locatedIn", "西青区") in got


def test_titles_and_lists_a_company_or_project_is_on() -> None:
    r = ex("今年2月，海南省印发《2024年省重点项目清单》，包括洋浦炼化乙烯二期、文昌航天超算中心等在内的"
           "6个海口项目上榜。宁夏共享集团是国家级专精特新“小巨人”企业。", date="2024-03-01")
    got = rels(r)
    # the project is named 洋浦炼化乙烯二期项目; relations use the form the text writes
    assert "洋浦炼化乙烯二期项目" in {e["name"] for e in r["entities"]}
    assert ("洋浦炼化乙烯二期", "selectedFor", "《2024年省重点项目清单》") in got
    assert ("宁夏共享集团", "selectedFor", "专精特新“小巨人”") in got


def test_a_province_never_named_is_no_subject() -> None:
    r = ex("今年2月，我省印发《重点产业链培育方案》，石嘴山市有12个项目入选。", date="2024-03-01")
    assert not [x for x in r["relations"] if x["p"] == "implements"]


def test_relation_ends_are_names_as_written() -> None:
    r = ex("绵阳实施“科技城”战略。绵阳电子信息产业集群加快发展。")
    assert ("绵阳", "implements", "“科技城”战略") in rels(r)
    assert "绵阳市" in names(r, "Region")


def test_every_fact_has_a_confidence() -> None:
    r = ex("贵阳市以华为云为龙头，大数据产业链规模突破两千亿元。")
    for part in ("entities", "statistics", "relations"):
        assert all(0 < x["confidence"] <= 1 for x in r[part]), part
    by = {e["name"]: e["confidence"] for e in r["entities"]}
    assert by["贵阳市"] > by["大数据产业链"] > by["华为云"]
