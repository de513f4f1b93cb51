"""Failure classes of unseen real articles, each tested on sentences in the styles of real text.

The classes come from the three articles that were held out of the development set
(benchmarks/devset, split ``blind``: 安徽, 江西, 重庆两江新区), read as examples of kinds of
failure and not as cases to patch, and from three articles written for these tests in styles
the other fixtures lack, with their gold written before the extractor was first run on them:

| fixture (tests/text_fixtures) | style | first run: entities / statistics / relations F1 |
| --- | --- | --- |
| xiangyang-2024-signing-release | press release of a signing ceremony | 0.90 / 1.00 / 0.76 |
| xinxiang-2024-statistics-bulletin | statistics bulletin with sections | 0.33 / 0.96 / 0.00 |
| shouguang-2024-county-news | county news with portal furniture and quoted speech | 1.00 / 1.00 / 0.95 |
| henan-2024-cluster-plan | provincial plan summary, seven clusters, targets | 0.93 / 1.00 / 0.13 |
| wuxi-2024-chain-leaders | city news on a published list of chain leaders | 0.97 / 0.78 / 0.88 |
| wuhan-2024-zone-auto-news | development-zone news with a byline and indents | 0.90 / 1.00 / 0.82 |
| hunan-2024-chain-mechanism | provincial news on the chain-leader system | 1.00 / 0.94 / 1.00 |
| pingguo-2024-county-reprint | county-level city reprint with 相关阅读 headlines | 0.80 / 0.91 / 0.75 |

Each row was written (text and gold) after the fixes of the rows above it and before the
extractor was run on it. The first run is the honest generalisation check; what it showed (a
legal name cut at a verb the stop list had just learnt, 锻造; an ownership kind read as a
brand, 国有控股; an industry given figures and never called 产业链; a programme inside quoted
speech; clusters named by the head as written, 制造业集群, in relation ends; a published list
and an objectless 入选 in the next sentence; a bare zone word referring back, 经开区; a title's
figure repeated by the lead; other articles' headlines after 相关阅读) is fixed and tested here
and in test_text_scores.py. The first runs are far better than the held-out real articles
(docs/text-extraction.md): articles written for a test are cleaner than real pages.
"""

from __future__ import annotations

from textkit import extract_at as ex
from textkit import forms, names, rels, subject_rows
from textkit import metric_rows as stats

# ---- name boundaries -------------------------------------------------------------------------

def test_a_verb_or_particle_inside_a_candidate_starts_a_clause() -> None:
    r = ex("这标志着江西产业集群发展进入新阶段。我省自2014年起部署产业集群培育发展工作。")
    clusters = names(r, "IndustryCluster")
    assert not any("标志" in n or "部署" in n for n in clusters), clusters


def test_clauses_and_slogans_before_a_head_are_not_names() -> None:
    """Seen in the dev3 articles (the former holdout G): a head noun after a clause, a slogan or a list item
    of its own was read as a chain or cluster of that name."""
    r = ex("东城区再添产业集群。我市高度重视特色产业集群培育。坚持建链引龙头、补链抓深耕、强链育集群的思路，"
           "推行产业链办、集群促进组织、行业商会、产业链联盟协同机制。区委书记、区长带头担任产业链链长。"
           "入选集群中小企业产值占集群总产值的比重高于六成。", "2025-06-30")
    found = names(r, "IndustryCluster") | names(r, "IndustryChain")
    assert not found, found


def test_a_verb_after_a_conjunction_stays_in_a_coordinated_name() -> None:
    r = ex("入选的有新城区的智能传输及感知器件产业集群、新城区的电子材料产业集群。", "2025-06-30")
    assert any("智能传输及感知器件产业集群" in f for f in forms(r, "IndustryCluster")), names(r, "IndustryCluster")
    assert "器件产业集群" not in names(r, "IndustryCluster")


def test_a_district_before_a_de_names_its_cluster() -> None:
    r = ex("全市新增三个集群：江北区的工业软件产业集群、江北区的智能家电产业集群和渝北区的汽车电子产业集群。",
           "2025-06-30")
    clusters = forms(r, "IndustryCluster")
    assert {"江北区工业软件产业集群", "渝北区汽车电子产业集群"} <= clusters, clusters
    assert ("渝北区汽车电子产业集群", "locatedIn", "渝北区") in rels(r) or \
        ("汽车电子产业集群", "locatedIn", "渝北区") in rels(r), rels(r)


def test_the_members_of_a_published_list_named_after_it() -> None:
    """The list is published, the members follow the verb (入围，分别是：…) or open the next sentence
    (它们分别是…): each is selected for the list, which is also named as its programme."""
    r = ex("日前，省工业和信息化厅公布了2025年度省级特色产业集群名单。我市2家入围，分别是：东港区海洋装备特色产业集群、"
           "西湖区丝绸纺织特色产业集群。\n近日，省商务厅公示2025年省级外贸转型升级基地名单，全市3个基地成功入选。\n"
           "它们分别是城东区的汽车零部件产业集群、城西区的光伏产业集群、南山区的电子信息产业集群。", "2025-06-30")
    forms_of = {f: {e["name"], *e["aliases"]} for e in r["entities"] for f in [e["name"], *e["aliases"]]}
    selected = {(s, o) for s, p, o in rels(r) if p == "selectedFor"}
    for full in ("东港区海洋装备特色产业集群", "西湖区丝绸纺织特色产业集群"):
        assert any(full in forms_of.get(s, ()) and o == "省级特色产业集群名单" for s, o in selected), selected
    assert sum(1 for _, o in selected if o == "省级外贸转型升级基地名单") == 3, selected
    assert "省级特色产业集群" in forms(r, "Policy")


def test_products_at_the_core_of_a_field_are_not_firms() -> None:
    r = ex("在智能终端领域，本市以智能手机、平板电脑为核心，辐射可穿戴设备等细分领域。"
           "在装备领域，以恒达重工、远航机械为龙头，带动配套企业60余家。", "2025-06-30")
    firms = names(r, "Company")
    assert not {"智能手机", "平板电脑"} & firms, firms
    assert {"恒达重工", "远航机械"} <= firms, firms


def test_selected_before_a_de_names_no_list_and_comment_boxes_carry_no_figures() -> None:
    r = ex("加上去年入选的城南区轨道交通装备产业集群，全市省级示范集群达到4个。\n文章评论\n"
           "现在有0人对本文发表评论 查看所有评论", "2025-06-30")
    assert not any(n.startswith("的") for n in names(r)), names(r)
    assert all(v != 0 for _, v, _ in stats(r)), stats(r)


def test_a_provincial_article_is_not_placed_in_its_venue_city() -> None:
    """我省/全省 throughout, one city named as the venue: the chains are the province's, not the city's."""
    r = ex("3月25日，省级重点产业链链主企业年度评价交流活动在太原举行。我省首批十大重点产业链累计营收4751.7亿元。"
           "我省培育新增了新型储能、铜基新材料2条省级重点产业链，全省链主企业达到37户。", "2024-03-26")
    assert "新型储能产业链" in names(r, "IndustryChain")
    assert not any(p == "locatedIn" and o.startswith("太原") for _, p, o in rels(r)), rels(r)


def test_titles_of_people_are_not_industries() -> None:
    r = ex("两江新区党工委委员、管委会副主任、汽车产业链链长李洁透露上述信息。")
    chains = names(r, "IndustryChain")
    assert "汽车产业链" in chains
    assert not any("委员" in n or "主任" in n for n in chains), chains


def test_list_items_that_each_start_with_a_place_keep_it() -> None:
    r = ex("我省共培育省级产业集群118个，其中，贵溪铜及铜加工、南昌高新区光电及通信、上饶经开区光伏等6个"
           "产业集群营收超过千亿元。", "2026-03-19")
    assert {"南昌高新区光电及通信产业集群", "上饶经开区光伏产业集群"} <= names(r, "IndustryCluster")


def test_a_single_item_named_with_its_place_is_one_cluster() -> None:
    r = ex("例如，合肥市先进光伏和新型储能集群利用钙钛矿技术重塑能源版图。")
    assert any("先进光伏和新型储能集群" in f for f in forms(r, "IndustryCluster"))
    assert not names(r, "Company")


# ---- the region an article speaks from -----------------------------------------------------

def test_an_article_that_speaks_as_a_province_is_about_the_province() -> None:
    r = ex("江西日报讯 我省坚持分类指导、梯次发展。全省已培育省级先进制造业集群14个，南昌高新区、"
           "上饶经开区等园区加快发展。省政府新闻办介绍，我省集群营收增长9.8%。", "2026-03-19")
    assert r["document"]["main_region"] == "江西省"


def test_a_place_in_a_name_below_the_articles_region_adds_the_region() -> None:
    r = ex("我省坚持梯次发展，江西产业集群加快崛起。全省已形成一批集群，南昌高新区光电及通信产业集群营收超过"
           "千亿元。省工业和信息化厅表示，我省将继续推进。", "2026-03-19")
    got = rels(r)
    assert ("南昌高新区光电及通信产业集群", "locatedIn", "南昌高新区") in got
    assert any(s == "南昌高新区光电及通信产业集群" and p == "locatedIn" and o.startswith("江西")
               for s, p, o in got), got


def test_the_division_a_zone_is_built_on_is_a_region_too() -> None:
    r = ex("重庆两江新区加快形成万亿级汽车产业集群。2021年，两江新区汽车产业产值2037亿元。", "2022-05-23")
    assert any(e["name"].startswith("重庆") and e["type"] == "Region" for e in r["entities"])
    assert any(p == "partOf" and o.startswith("重庆") for _s, p, o in rels(r))


# ---- organizations, programmes ---------------------------------------------------------------

def test_bodies_after_a_bare_level_word() -> None:
    r = ex("记者从省政府新闻办、省工业和信息化厅联合召开的新闻发布会上获悉。")
    assert {"省政府新闻办", "省工业和信息化厅"} <= names(r, "Organization")


def test_programmes_that_designate_clusters_by_level_are_policies() -> None:
    r = ex("目前，安徽已拥有1个国家级先进制造业集群，并培育出10个省级先进制造业集群。", "2025-05-20")
    assert {"国家级先进制造业集群", "省级先进制造业集群"} <= names(r, "Policy")
    assert not names(r, "IndustryCluster")


def test_a_programme_after_another_and_a_system_after_its_verb() -> None:
    r = ex("安徽实施了一系列新兴产业集群发展工程和未来产业培育壮大工程。我省系统构建了“市级—省级—国家先进"
           "制造业集群”和“省级产业集群—国家中小企业特色产业集群”的双梯度培育体系。", "2025-05-20")
    assert {"新兴产业集群发展工程", "未来产业培育壮大工程", "双梯度培育体系"} <= names(r, "Policy")


def test_a_programme_inside_quoted_speech_is_implemented() -> None:
    r = ex("寿光已培育蔬菜种业企业56家。寿光市农业农村局负责人介绍：“下一步，我们将实施种业振兴行动，"
           "推动产业集群发展。”", "2024-07-15")
    assert ("寿光", "implements", "种业振兴行动") in rels(r) or \
        ("寿光市", "implements", "种业振兴行动") in rels(r)


# ---- firms named by what they do -------------------------------------------------------------

def test_firms_at_the_start_of_a_clause_that_says_what_they_do() -> None:
    r = ex("新能源核心配套加速布局。赣锋锂电投资100亿元布局新型电池科技产业园。太蓝科技投资8亿元建设半固态"
           "锂电池生产线。长安新能源联合中国汽研开发超集电驱。渝江压铸向新能源核心零部件供应商转型。"
           "光能荣能研发轻量化产品。长安汽车建成全球研发中心。", "2022-05-23")
    assert {"赣锋锂电", "太蓝科技", "长安新能源", "中国汽研", "渝江压铸", "光能荣能", "长安汽车"} <= \
        names(r, "Company")
    assert ("新型电池科技产业园", "developedBy", "赣锋锂电") in rels(r)
    assert ("太蓝科技" in {s["subject"] for s in r["statistics"] if s["value"] == 8})


def test_sectors_metrics_and_places_are_not_firms() -> None:
    r = ex("新能源核心配套加速布局。智能网联汽车产量42.7万辆。溧阳动力电池产业已集聚企业80家。"
           "国有控股企业增加值增长5.2%。当地智能网联生态不断完善。", "2022-05-23")
    assert not names(r, "Company"), names(r, "Company")


def test_an_industry_given_figures_is_a_chain() -> None:
    r = ex("全市六大主导产业增加值增长10.2%。其中，装备制造产业增长12.5%，电池及新能源汽车产业增长18.9%。"
           "高技术制造业增加值增长15.1%。", "2024-11-20")
    chains = names(r, "IndustryChain")
    assert {"装备制造产业链", "电池及新能源汽车产业链"} <= chains
    assert not any("主导" in c or "高技术" in c for c in chains), chains


# ---- statistics ------------------------------------------------------------------------------

def test_what_a_count_is_counted_by_joins_its_metric() -> None:
    r = ex("全省共培育省级产业集群118个，其中，贵溪铜及铜加工、南昌高新区光电及通信等6个产业集群营收超过"
           "千亿元，110个产业集群营收超过百亿元。", "2026-03-19")
    got = stats(r)
    assert any(v == 6 and "千亿" in m for m, v, _u in got), got
    assert any(v == 110 and "百亿" in m for m, v, _u in got), got
    assert not any(v == 100 and u == "亿元" for _m, v, u in got), got  # the threshold of the 110


def test_class_labels_and_verbs_in_counted_nouns() -> None:
    r = ex("安徽参与共建1个国家级集群。今年该省计划培育35个百亿级产业集群，其中包括3个500亿级集群和"
           "10个左右300-500亿级集群。", "2025-05-20")
    got = stats(r)
    assert any(v == 1 and "共建" in m for m, v, _u in got), got
    assert any(v == 3 and "500亿级" in m for m, v, _u in got), got
    assert any(v == 10 and "300-500亿级" in m for m, v, _u in got), got


def test_n_da_before_a_modified_noun_is_a_count() -> None:
    r = ex("实现“1269”行动计划中六大重点领域全覆盖。", "2026-03-19")
    assert any(v == 6 and "领域" in m for m, v, _u in stats(r))


def test_a_figure_repeated_in_title_and_lead_is_one() -> None:
    r = ex("重庆两江新区加快形成万亿级汽车产业集群\n作为汽车生产基地，重庆两江新区将加快形成万亿级汽车产业集群。",
           "2022-05-23")
    assert len([s for s in r["statistics"] if s["value"] == 10000]) <= 1


# ---- later classes ---------------------------------------------------------------------------

def test_listed_clusters_under_a_manufacturing_head_are_industry_clusters() -> None:
    r = ex("重点打造新型材料、新能源汽车、电子信息等七大先进制造业集群。", "2024-04-12")
    assert {"新型材料产业集群", "新能源汽车产业集群", "电子信息产业集群"} <= names(r, "IndustryCluster")


def test_a_published_list_and_an_objectless_selection_in_the_next_sentence() -> None:
    r = ex("无锡市召开推进大会，发布首批重点产业链“链主”企业名单。江苏长电科技股份有限公司、海澜集团有限公司等"
           "26家企业入选。", "2024-06-18")
    got = rels(r)
    assert any(s == "江苏长电科技股份有限公司" and p == "selectedFor" and "名单" in o for s, p, o in got), got
    assert any(v == 26 and s["subject"].startswith("无锡") for s in r["statistics"] for v in [s["value"]])


def test_amount_before_a_project_is_the_projects() -> None:
    r = ex("总投资130亿元的奇瑞未来一工厂及发动机项目、总投资100亿元的信义江北光伏组件盖板项目实现当年签约。",
           "2021-12-29")
    by = {(s["subject"], s["value"]) for s in r["statistics"]}
    assert ("奇瑞未来一工厂及发动机项目", 130) in by
    assert ("信义江北光伏组件盖板项目", 100) in by


def test_a_threshold_after_a_counted_list_is_passed_by_each_item() -> None:
    r = ex("我省坚持梯次发展。全省共培育省级产业集群118个，其中，贵溪铜及铜加工、南昌高新区光电及通信等6个"
           "产业集群营收超过千亿元。", "2026-03-19")
    assert ("南昌高新区光电及通信产业集群", "hasScaleAtLeast", "1000亿元") in rels(r)


def test_other_articles_headlines_are_dropped() -> None:
    r = ex("平果市铝产业实现产值286.4亿元。\n相关阅读：\n田东县召开招商引资工作推进会\n百色市工业经济运行平稳\n",
           "2024-10-21")
    assert not any("田东" in e["name"] for e in r["entities"])


def test_renamed_counties_and_a_glued_district_name() -> None:
    r = ex("京山市、沙洋县先后有28个项目集中开工。肥西经开区新港南区的项目开工。", "2021-12-29")
    regs = forms(r, "Region")
    assert "京山市" in regs
    assert not any("港南" in f for f in regs)


def test_a_counted_lead_group_after_the_first_firm_and_a_firm_named_like_a_verb() -> None:
    r = ex("烟台将以松立控股等80余家行业头部企业为引领，带动配套企业集聚。", "2025-03-02")
    assert "松立控股" in names(r, "Company"), names(r)


def test_the_chain_leader_system_named_alone_and_after_a_modifier_is_implemented() -> None:
    r = ex("十四五以来，益阳强力推行链长负责制，集全市力量推进9条产业链。", "2025-06-10")
    assert ("益阳", "implements", "链长负责制") in rels(r), rels(r)
    r = ex("2021年，芜湖市正式启动由市领导挂帅的重点产业链“链长制”。", "2021-05-01")
    assert any(s.startswith("芜湖") and p == "implements" and "链长制" in o for s, p, o in rels(r)), rels(r)
    assert "机制" not in names(ex("健全协同推进机制和管理体制。"), "Policy")


def test_clusters_named_only_by_their_level_or_kind_are_classes() -> None:
    r = ex("全市国省级产业集群达12个，形成世界级、国家级、区域级集群梯度，加快打造具有国际竞争力的产业创新集群。"
           "重点发展新能源产业集群和新兴产业集群。", "2025-10-17")
    assert names(r, "IndustryCluster") == {"新能源产业集群"}, names(r, "IndustryCluster")


def test_a_list_of_indicators_after_a_firm_word_names_no_firm() -> None:
    r = ex("高端装备产业已集聚企业800余家，龙头企业数量、研发人员规模、企业融资总额等三项指标均居全省首位。",
           "2024-02-01")
    assert not names(r, "Company"), names(r, "Company")


def test_a_project_named_after_a_firm_by_its_short_name_is_built_by_it() -> None:
    r = ex("湖南恒昊新材料有限公司的新厂房已完工。\n恒昊年产3万吨高纯石墨项目一期投资6亿元。\n"
           "华中年产5万吨电解液项目开工。", "2024-07-01")
    got = rels(r)
    assert ("恒昊年产3万吨高纯石墨项目", "developedBy", "湖南恒昊新材料有限公司") in got, got
    assert not any(s.startswith("华中") and p == "developedBy" for s, p, _ in got), got


def test_a_subsidiarys_project_with_a_yearly_capacity_and_a_firm_that_becomes_a_chain_leader() -> None:
    r = ex("山东海化集团有限公司旗下山东海化新材料有限公司二期6万吨/年高端聚氨酯项目建成投产。“这标志着海化新材成为"
           "省内化工产业链的‘链主’企业。”", "2024-03-12")
    projects = names(r, "Project")
    assert any(p.endswith("6万吨/年高端聚氨酯项目") and "旗下" not in p and not p.startswith("山东海化集团")
               for p in projects), projects
    assert "海化新材成" not in names(r, "Company"), names(r, "Company")


def test_two_national_designations_side_by_side_are_two_programmes_and_no_cluster() -> None:
    r = ex("全市共有国家先进制造业集群2个、国家中小企业特色产业集群4个。益阳有国家中小企业特色产业集群1个。",
           "2025-08-01")
    assert {"国家先进制造业集群", "国家中小企业特色产业集群"} <= names(r, "Policy"), names(r, "Policy")
    assert not names(r, "IndustryCluster"), names(r, "IndustryCluster")
    listed = ex("形成电子信息、新材料等3个省级特色产业集群。", "2025-08-01")
    assert {"电子信息产业集群", "新材料产业集群"} <= names(listed, "IndustryCluster")


def test_a_figure_set_apart_below_its_sentence_is_joined_to_it() -> None:
    r = ex("其中，全市9条重点产业链总产值占工业总产值比重超\n\n  65%，同比增长8.2%。", "2026-02-24")
    assert any(v == 65 and "比重" in m for m, v, _ in stats(r)), stats(r)


def test_a_class_label_with_a_digit_is_a_scale_or_a_count_of_the_items() -> None:
    r = ex("“3”指的是建设高端装备、新材料、电子信息等3个五千亿级产业集群。", "2019-06-21")
    assert {(s, v) for s, v, _ in subject_rows(r)} >= {("高端装备产业集群", 5000), ("新材料产业集群", 5000)}, \
        subject_rows(r)
    r = ex("钢铁新材料、化工新材料、海洋装备等“三千亿级”临港产业集群加速形成。", "2023-12-27")
    assert all(v == 1000 for s, v, _ in subject_rows(r) if s.endswith("产业集群")), subject_rows(r)


def test_an_article_whose_title_names_a_zone_of_the_city_speaks_from_the_zone() -> None:
    text = ("德阳经开区装备制造产业提质增效\n据德阳日报报道，近日，德阳经开区召开产业发展大会。"
            "装备制造产业是经开区的支柱产业，这里汇聚了东汽、宏华等龙头企业。2024年，经开区装备制造产业实现产值"
            "320亿元，占德阳全市的四成。德阳市将支持经开区继续抓好项目建设，德阳各部门协同推进。")
    placed = {(s, o) for s, p, o in rels(ex(text, "2025-03-01")) if p == "locatedIn"}
    assert ("东汽", "德阳经开区") in placed, placed
    plain = ex("德阳市装备制造产业提质增效\n德阳经开区召开大会。德阳这里汇聚了东汽、宏华等龙头企业。", "2025-03-01")
    assert ("东汽", "德阳经开区") not in {(s, o) for s, p, o in rels(plain) if p == "locatedIn"}, rels(plain)


def test_a_named_tech_firm_is_a_company_and_a_kind_of_tech_firm_is_not() -> None:
    r = ex("烟台鲁宝新材料公司与山东华橡科技公司合作建设项目。园区还引进了一家高新科技公司。", "2023-05-01")
    assert "山东华橡科技公司" in names(r, "Company"), names(r, "Company")
    assert not any("高新" in n for n in names(r, "Company")), names(r, "Company")


def test_lead_firms_listed_after_a_sentence_about_one_chain_are_in_it() -> None:
    r = ex("全市汽车零部件产业链实现产值512亿元，同比增长9.3%。拓普集团、亚太机电等龙头企业产值分别增长12%和8%。",
           "2024-01-20")
    assert ("拓普集团", "inChain", "汽车零部件产业链") in rels(r), rels(r)
    r = ex("全市汽车零部件产业链实现产值512亿元。\n拓普集团、亚太机电等龙头企业产值分别增长12%和8%。", "2024-01-20")
    assert not any(p == "inChain" for _, p, _ in rels(r)), rels(r)  # another paragraph
