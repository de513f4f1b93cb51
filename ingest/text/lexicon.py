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
    "关中平原城市群": [],
    "东北地区": [],
    "中部地区": [],
    "西部地区": [],
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
