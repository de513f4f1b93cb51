"""Built-in, nationwide vocabulary: divisions, macro-regions, national programmes, central bodies.

Why: the extractor must work on an article from any Chinese city even when the
graph knows nothing about that city yet. What is built in here is the same for
every city (GB/T 2260 divisions, national programmes and designations of MIIT
and the State Council, central government bodies); nothing is specific to one
article or one region. Anything local (companies, chains, clusters) comes from
the graph's gazetteer or from the patterns in ``entities.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from chainkg.ingest.divisions import COUNTY, divisions


@dataclass(frozen=True)
class RegionInfo:
    """One administrative division, with the short form the gazetteer may match."""

    code: str
    name: str
    level: str  # province | prefecture | county
    parent: str | None
    short: str | None


#: Short forms that are also ordinary words in economic texts; only the full name counts.
_SHORT_BLOCK = {"白银", "安康", "东方", "中山", "通化", "永安", "开放", "长乐", "和平", "新华", "平安",
                "长安", "城关", "新城", "宝山", "吉安", "太和", "和田", "普洱"}


@lru_cache(maxsize=1)
def regions() -> dict[str, RegionInfo]:
    """All divisions by code (from ``chainkg.ingest.divisions``, GB/T 2260).

    Counties are matched by their full name only (昆山市, not 昆山): a two-character
    county short form is too often an ordinary word or a brand.
    """
    out: dict[str, RegionInfo] = {}
    for code, d in divisions().items():
        short = d.short if d.level != COUNTY and d.short not in _SHORT_BLOCK else None
        out[code] = RegionInfo(code, d.name, d.level, d.parent, short)
    return out


@lru_cache(maxsize=1)
def county_short_forms() -> frozenset[str]:
    """The short forms (two characters or more) of all counties: 平果 for 平果市, 田东 for 田东县.

    Not matched on their own (see ``regions``); a word that is one of them may still be a place where
    the context says so (平果工业区: a zone named by its county)."""
    return frozenset(d.short for d in divisions().values() if d.level == COUNTY and d.short and len(d.short) >= 2)


#: Nationwide programmes, policies and designations (type Policy): name -> aliases.
NATIONAL_PROGRAMMES: dict[str, list[str]] = {
    "新型工业化": [],
    "新质生产力": [],
    "专精特新": ["专精特新企业", "专精特新中小企业"],
    "专精特新“小巨人”": ["专精特新“小巨人”企业", "专精特新小巨人企业", "专精特新小巨人", "“小巨人”企业",
                     "小巨人企业"],
    "制造业单项冠军": ["单项冠军企业", "制造业单项冠军企业", "单项冠军示范企业"],
    "高新技术企业": ["国家高新技术企业"],
    "科技型中小企业": [],
    "创新型中小企业": [],
    "瞪羚企业": [],
    "独角兽企业": [],
    "智能制造示范工厂": [],
    "绿色工厂": ["绿色工厂(园区)"],
    "首台(套)重大技术装备": ["首台套重大技术装备", "首台(套)"],
    "乡村振兴": ["乡村振兴战略"],
    "一带一路": ["“一带一路”", "“一带一路”倡议"],
    "碳达峰碳中和": ["双碳", "“双碳”"],
    "制造强国": ["制造强国战略"],
    "中部地区崛起": ["中部崛起"],
    "西部大开发": ["西部大开发战略", "新时代西部大开发"],
    "东北全面振兴": ["东北振兴", "东北地区全面振兴"],
    "黄河流域生态保护和高质量发展": [],
    "长江经济带发展": [],
    "长三角一体化发展": ["长三角一体化"],
    "京津冀协同发展": [],
    "粤港澳大湾区建设": [],
    "东数西算": ["“东数西算”"],
    "工业互联网创新发展工程": [],
    "中国制造2025": ["《中国制造2025》"],
    "链长制": ["“链长制”", "产业链链长制"],
}

#: Regions above the divisions that articles name as places (type Region, no division code): name ->
#: aliases. An article courts investors from them (赴粤港澳大湾区招商) or places itself in them (融入成渝地区双城
#: 经济圈); the development set's annotators typed 粤港澳大湾区, 长江三角洲地区 and 成渝地区 as Region three
#: times as required entities and eight times as optional ones. They are never the place a firm or
#: project of the article is in (``extract.py`` keeps them out of the places of a sentence). Zones named
#: 经济区 or 新区 (北部湾经济区, 两江新区) are not here: the zone pattern finds them, as places.
MACRO_REGIONS: dict[str, list[str]] = {
    "粤港澳大湾区": [],
    "长江三角洲": ["长三角", "长三角地区", "长江三角洲地区", "长三角区域"],
    "珠江三角洲": ["珠三角", "珠三角地区", "珠江三角洲地区"],
    "京津冀": ["京津冀地区"],
    "成渝地区双城经济圈": ["成渝地区", "成渝经济圈", "成渝双城经济圈", "成渝地区经济圈"],
    "长江经济带": [],
    "黄河流域": [],
    "海峡西岸经济区": [],
    "环渤海地区": ["环渤海"],
    "长江中游城市群": [],
    "中原城市群": [],
    "关中平原城市群": ["关中城市群"],
    "兰西城市群": ["兰州—西宁城市群"],
    "成渝城市群": [],
    "北部湾城市群": [],
    "呼包鄂榆城市群": [],
    "东北地区": [],
    "中部地区": [],
    "西部地区": [],
}

#: Firms known across the country by a short name (type Company): name -> other forms. City articles
#: name them alone, with no list and no legal suffix around them (引进京东方, 与宇通客车合作), where the
#: patterns of entities.py find no firm (on the 78 development articles this list moved entities F1
#: 0.906 -> 0.909, relations 0.784 -> 0.785: a firm found is also placed where the sentence says).
#: Only names that are no common word are here (长城汽车, not 长城; 吉利汽车, not 吉利; 美的集团, not 美的);
#: the A-share data set, once ingested, adds every listed firm through ``gazetteer_for(graph)``.
NATIONAL_FIRMS: dict[str, list[str]] = {
    # vehicles and machinery
    "比亚迪": [], "蔚来": ["蔚来汽车"], "小鹏汽车": [], "理想汽车": [], "零跑汽车": [], "长城汽车": [],
    "吉利汽车": ["吉利控股", "吉利控股集团"], "奇瑞汽车": ["奇瑞"], "长安汽车": [], "上汽集团": ["上汽"],
    "一汽集团": ["中国一汽"], "东风汽车": ["东风集团"], "广汽集团": ["广汽"], "北汽集团": ["北汽"],
    "江淮汽车": [], "宇通客车": ["宇通"], "金龙客车": [], "赛力斯": [], "特斯拉": [], "三一重工": ["三一集团"],
    "徐工": ["徐工集团", "徐工机械"], "中联重科": [], "柳工": [], "潍柴": ["潍柴动力"], "玉柴": [],
    "中国中车": [], "中国商飞": ["商飞"], "中国航空工业集团": ["航空工业", "中航工业"],
    "中国船舶": ["中国船舶集团"], "中国电科": ["中国电子科技集团"], "航天科技集团": ["中国航天科技集团"],
    "航天科工集团": ["中国航天科工集团"], "东方电气": [], "东方风电": [], "东方汽轮机": [], "国机重装": [],
    "哈电集团": [], "上海电气": [], "特变电工": [], "正泰": ["正泰集团"], "西门子": [], "博世": [],
    # batteries, new energy and materials
    "宁德时代": [], "亿纬锂能": [], "国轩高科": [], "中创新航": [], "欣旺达": [], "蜂巢能源": [],
    "孚能科技": [], "赣锋锂业": [], "天齐锂业": [], "华友钴业": [], "格林美": [], "容百科技": [],
    "当升科技": [], "贝特瑞": [], "璞泰来": [], "恩捷股份": [], "星源材质": [], "新宙邦": [], "天赐材料": [],
    "隆基绿能": ["隆基"], "通威": ["通威股份", "通威集团"], "晶科能源": [], "天合光能": [], "晶澳科技": [],
    "阿特斯": [], "协鑫": ["协鑫集团"], "TCL中环": [], "万华化学": [], "恒力集团": [], "荣盛石化": [],
    "盛虹集团": [], "恒逸石化": [], "中国石化": ["中石化"], "中国石油": ["中石油"], "中国海油": ["中海油"],
    "国家电网": [], "南方电网": [], "中国宝武": ["宝武集团"], "鞍钢": ["鞍钢集团"], "河钢": ["河钢集团"],
    "首钢": ["首钢集团"], "中国建材": ["中国建材集团"], "海螺水泥": [], "金风科技": [], "明阳智能": [],
    "远景能源": [],
    # electronics, computing and the internet
    "华为": [], "小米": ["小米集团"], "联想集团": [], "中兴通讯": [], "京东方": [], "维信诺": [],
    "天马微电子": ["深天马"], "华星光电": [], "惠科": ["惠科股份"], "立讯精密": [], "歌尔": ["歌尔股份"],
    "舜宇": ["舜宇光学"], "蓝思科技": [], "富士康": [], "中芯国际": [], "长江存储": [], "长鑫存储": [],
    "华虹": ["华虹集团"], "紫光集团": [], "龙芯中科": ["龙芯"], "海光信息": [], "科大讯飞": [], "海康威视": [],
    "大华股份": [], "腾讯": [], "阿里巴巴": [], "百度": [], "京东": [], "字节跳动": [], "美团": [],
    "网易": [], "拼多多": [], "海尔": ["海尔集团"], "美的集团": [], "格力电器": ["格力"], "海信": ["海信集团"],
    "TCL": ["TCL集团"], "三星": [], "英特尔": [], "微软": [],
}

#: Central government bodies and national institutions (type Organization): name -> aliases.
CENTRAL_ORGS: dict[str, list[str]] = {
    "国务院": ["中华人民共和国国务院"],
    "国务院办公厅": ["国办"],
    "工业和信息化部": ["工信部", "国家工业和信息化部"],
    "国家发展和改革委员会": ["国家发展改革委", "国家发改委"],
    "科学技术部": ["科技部"],
    "财政部": [],
    "商务部": [],
    "生态环境部": [],
    "自然资源部": [],
    "交通运输部": [],
    "农业农村部": [],
    "教育部": [],
    "人力资源和社会保障部": ["人社部"],
    "国家统计局": [],
    "国务院国有资产监督管理委员会": ["国务院国资委", "国资委"],
    "中国人民银行": ["人民银行", "央行"],
    "国家市场监督管理总局": ["市场监管总局"],
    "国家知识产权局": [],
    "国家能源局": [],
    "海关总署": [],
    "国家税务总局": [],
    "中国证券监督管理委员会": ["中国证监会", "证监会"],
    "中国科学院": ["中科院"],
    "中国工程院": [],
    "上海证券交易所": ["上交所"],
    "深圳证券交易所": ["深交所"],
    "北京证券交易所": ["北交所"],
}
