"""Failure classes of the ten ``dev10`` articles (benchmarks/devset, manifest-O1/O2.json).

Ten cities in no other set (镇江 衢州 吉安 开封 湛江 唐山 大同 德州 南宁 六盘水), gold written blind by two
annotators, scored once unseen with the code of the session's start (4427a2c: 0.767 / 0.921 / 0.461)
and with that session's rules (8872e70: 0.761 / 0.921 / 0.458), development material since. Each
class fixed is tested here on texts written for this file (no name of a dev10 article is used):

- a district's article that cites its city's bodies (锚定市委、市政府…目标) speaks from the district when it
  names the district far more often than the city, and a city's that cites its province's bodies from the city;
  a division written right before one of its own (某市|某区举行…) is that one's address, not what the article is about;
- officials at a ceremony (市委书记某某宣布项目开工, 某某、某某等市领导还观摩了…) are neither firms nor projects;
- a district before a firm named after its city (某区|某市某某电池有限公司年产10GWh…项目) is where the
  project is, no part of the firm's or the project's name;
- a paragraph copied from a printed page keeps a space at each of its line breaks (…特种 纸六大产业链…): such
  spaces, far apart in a long line, are dropped; spaces close together (a headline of segments) stay;
- 等 inside a word of a project's name (高等级, 同等) does not end a list there;
- a sentence that starts with 其中 and names no place is about what the sentence before named, in its place;
- where another city lies (广州 in an article about 湛江) is no statement of the article: no partOf for it.
"""

from __future__ import annotations

from textkit import extract_at, names, pairs

from chainkg.ingest.text.sentences import prepare


def test_a_districts_article_that_cites_its_city() -> None:
    r = extract_at("“十四五”期间,贵州省六盘水市钟山区紧扣铝产业集聚区定位,锚定市委、市政府产业集群目标,"
                   "举全区之力推动铝产业转型升级。钟山区引进铝加工企业12家。钟山区某某铝业投资5亿元建设技改项目。"
                   "钟山区铝产业集群产值达100亿元。钟山区还将新建标准化厂房11处。")
    assert r["document"]["main_region"] == "钟山区"
    r = extract_at("“南充是传统的丝绸之都,落户南充,看中的就是上下游优势。”9月25日,"
                   "由省委、省政府主办的企业四川行活动举行。南充签约项目46个,总投资439亿元。南充将发力培育优势产业。南充还引进企业12家。")
    assert r["document"]["main_region"] == "南充市"
    r = extract_at("当天,湖州市南浔区举行重大项目集中签约活动,共涉及项目105个。今年以来,南浔区积极投身“在湖州看见”"
                   "主题实践,总投资20亿元的某某起重机项目开工。")
    assert r["document"]["main_region"] == "南浔区"


def test_officials_at_a_ceremony_are_no_names() -> None:
    r = extract_at("活动会场设在某某新材料有限公司年产5万吨电池材料项目现场。市委书记张某中宣布项目开工,"
                   "市长田某良讲话。张某中、田某良等市领导还观摩了某某新材料有限公司研发中心。")
    found = names(r)
    assert not any("张某中" in n or "田某良" in n for n in found)
    assert not any(n.startswith("市委书记") for n in found)


def test_a_district_before_a_firm_named_after_its_city() -> None:
    r = extract_at("活动会场设在路北区唐山某某电池有限公司年产10GWh新能源重卡电芯项目现场。")
    assert "唐山某某电池有限公司" in names(r, "Company")
    assert "路北区唐山某某电池有限公司" not in names(r)
    assert any(s.endswith("电芯项目") and o == "路北区" for s, o in pairs(r, "locatedIn"))


def test_the_line_breaks_of_a_printed_page() -> None:
    text = ("其间,我市聚焦现代化产业集群培育,形成了新材料、新能源、集成电路、高端装备、生命健康、特种 纸六大产业链集群,"
            "2024年,六大产业链实现产值2061亿元,占全市规上工业比重从2021年的49%提升 至68.4%,六大产业链对经济的"
            "“压舱石”作用更加明显。一批核心主业强、创新能力强、战略引领强的企业蓬勃发展,累计培育国家专精特 新“小巨人”"
            "企业45家,引进时代锂电、先导稀材等15个百亿级项目,累计完成制造业投资超1500亿元,年均增速 达到27.4%。")
    r = extract_at(text)
    assert {"特种纸产业链", "高端装备产业链"} <= names(r, "IndustryChain")
    assert "特种 纸" not in " ".join(s.norm for s in prepare(text).sentences)
    headline = "张某中宣布开工 田某良讲话 李某义苏某成等出席"
    assert prepare(headline).sentences[0].norm == headline


def test_deng_inside_a_word_of_a_projects_name() -> None:
    r = extract_at("某某钢铁零碳高等级薄钢板工厂项目开工建设。")
    assert "某某钢铁零碳高等级薄钢板工厂项目" in names(r, "Project")
    assert "级薄钢板工厂项目" not in names(r)


def test_qizhong_goes_on_in_the_place_of_the_sentence_before() -> None:
    r = extract_at("昨日,福州市举行产业链招商“云签约”活动。“云签约”活动中,马尾区在欧洲等地设11个分会场,"
                   "与恒某新材料有限公司、光某精密股份有限公司等11家企业集中签约,涉及新材料等7条产业链。"
                   "其中,高端化工新材料产业链有某某改性工程新材料项目,将助力打造千亿产业集群。")
    assert ("某某改性工程新材料项目", "马尾区") in pairs(r, "locatedIn")


def test_where_another_city_lies_is_no_statement() -> None:
    r = extract_at("广东省湛江市绿色钢铁产业产值达600亿元,湛江市徐闻县海上风电场建成投产。"
                   "湛江与广州的石化产业基地同列全省五大石化产业基地。湛江市引进项目20个。")
    part = pairs(r, "partOf")
    assert ("湛江市", "广东省") in part
    assert not any(s.startswith("广州") for s, _o in part)
