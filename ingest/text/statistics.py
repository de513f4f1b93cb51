"""Statistics: every number with its unit, metric, subject, qualifier and period.

Why this shape: Chinese economic prose packs several facts into one sentence
(``产值达1286亿元，同比增长15.3%``; ``营收、利润分别增长12.1%、8.4%``;
``高于全国、全省1.2、0.5个百分点``) and leaves the metric or subject of a later
clause implicit. Each number is therefore read with the clause before it
(value after noun: ``工业互联网平台15个``) or the noun phrase after it (count before noun:
``48家专精特新企业``); a clause that starts with a comparison (较, 同比, 高于, 占)
inherits the metric of the clause before, and parallel lists are paired item by
item. Numbers that are names, dates, ranks or class labels (“1+5+N”, 10月8日, 500强,
超50亿元企业) are not statistics. Some metrics are only known from the article around a
sentence (the total a breakdown 按县区划分:A区4项… breaks down, the noun before a from-to change,
a figure pointed back to with 此次): ``document_stats`` revises them once all sentences are read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from chainkg.ingest.text.entities import Mention, region_prefix
from chainkg.ingest.text.numbers import (
    MAGNITUDE,
    NUM_RE,
    decimal_str,
    is_chinese_numeral,
    json_number,
    parse_number,
    split_magnitude,
)
from chainkg.ingest.text.periods import Period, find_periods

#: Base units: written form -> (base unit for the graph, extra power of ten).
UNITS: dict[str, tuple[str, int]] = {
    "个百分点": ("个百分点", 0), "百分点": ("个百分点", 0), "%": ("%", 0), "‰": ("‰", 0),
    "平方公里": ("平方公里", 0), "平方千米": ("平方公里", 0), "平方米": ("平方米", 0),
    "千瓦时": ("千瓦时", 0), "万千瓦": ("千瓦", 4), "千瓦": ("千瓦", 0), "兆瓦": ("兆瓦", 0),
    "吉瓦时": ("吉瓦时", 0), "兆瓦时": ("兆瓦时", 0), "吉瓦": ("吉瓦", 0), "GWh": ("GWh", 0),
    "GW": ("GW", 0), "MW": ("MW", 0),
    "台(套)": ("台(套)", 0), "台套": ("台(套)", 0), "标准箱": ("标准箱", 0), "人次": ("人次", 0),
    "美元": ("美元", 0), "欧元": ("欧元", 0), "元": ("元", 0), "家": ("家", 0), "个": ("个", 0),
    "项": ("项", 0), "条": ("条", 0), "台": ("台", 0), "套": ("套", 0), "吨": ("吨", 0),
    "倍": ("倍", 0), "人": ("人", 0), "名": ("名", 0), "所": ("所", 0), "座": ("座", 0),
    "辆": ("辆", 0), "件": ("件", 0), "款": ("款", 0), "颗": ("颗", 0), "片": ("片", 0),
    "户": ("户", 0), "亩": ("亩", 0), "公里": ("公里", 0), "艘": ("艘", 0), "架": ("架", 0),
    "部": ("部", 0), "位": ("位", 0), "大": ("个", 0), "批": ("批", 0), "支": ("支", 0),
    "升": ("升", 0), "立方米": ("立方米", 0), "千克": ("千克", 0), "公斤": ("千克", 0),
    "只": ("只", 0), "场": ("场", 0), "次": ("次", 0), "头": ("头", 0), "成": ("成", 0),
    "种": ("种", 0),  # 4000种零部件产品, 200多种: a count of kinds (一种 is masked as a word)
    "栋": ("栋", 0), "幢": ("幢", 0),  # 建3栋仓库: buildings
}
COUNT_UNITS = {"家", "个", "项", "条", "台", "套", "台(套)", "台套", "人", "名", "所", "座", "辆", "件",
               "款", "颗", "片", "户", "艘", "架", "部", "位", "大", "批", "支", "只", "场", "次", "种", "栋", "幢"}
_UNIT_ALT = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
#: Magnitudes after Arabic digits: the unit ones (万, 亿, 万亿) and those multiplied out (千, 千万).
_MAG_ALT = "|".join(sorted([*MAGNITUDE, "千", "百"], key=len, reverse=True))
#: Words before a bare magnitude that make it an amount (上万人, 超千家, 突破万亿元).
_BARE_BEFORE = re.compile(r"(?:[上近超逾过破]|突破|超过|达到|达|约|逾|跨)$")
_SEP = r"\s*(?:、|和|及|与|或)\s*"

STAT_RE = re.compile(
    rf"(?:(?P<nums>{NUM_RE}(?:{_SEP}{NUM_RE})*)(?P<range>\s*[-~～—至]\s*{NUM_RE})?)?"
    r"(?P<approx>余|多)?(?:[ \u00a0](?=\S))?"
    rf"(?P<mag>{_MAG_ALT})?"
    rf"(?P<unit>{_UNIT_ALT})"
    r"(?:/(?P<per>亩|平方米|吨|人|户|年|千瓦时|辆|台)(?![\u4e00-\u9fff]*[/]))?"  # 投资强度500万元/亩: a rate
    r"(?P<post>以上|左右|以内)?"
)
_NUM_SPLIT = re.compile(_SEP)
_BARE_MAG_RE = re.compile(r"(?P<num>\d+(?:\.\d+)?)(?P<mag>万亿|亿|万)(?=[,，;；。!?！？、)）(（\s]|$)")
_INDEX_RE = re.compile(r"(指数|系数|得分|评分|综合指数)(?:达到|达|为|是|升至|提升至)?"
                       r"(?P<num>\d+(?:\.\d+)?)(?![\d.%]|个|分|家|项)")
_CLASS_RE = re.compile(r"(?P<n>[一二两三四五六七八九]?[千百万]|\d+)(?P<mag>亿|万亿)(?:元)?级")  # 五千亿级: 5000

_MASKS = [
    re.compile(r"“[^”]{0,30}”"),
    re.compile(r"《[^》]{0,60}》"),
    re.compile(r"(?:\d+|[一二三四五六七八九十百千]+)强"),
    re.compile(r"第[\d一二三四五六七八九十百千]+"),
    re.compile(r"\d{1,2}月\d{1,2}日"),
    re.compile(r"(?<!\d)(?:19|20)\d{2}(?=年)"),
    re.compile(r"[一二两三四五六七八九十]位数"),
    re.compile(r"近[一二三四五六七八九十\d]+年"),
    re.compile(r"[A-Za-z]+\d+(?:\.\d+)?|\d+(?:\.\d+)?[A-Za-z](?![WwHh])"),
    re.compile(r"[一二两三四五六七八九十]+(?:是|要|手|批|些|方面|系列|体化|流|线|级|线|种|起|道)"),
    re.compile(r"首[台套个条家批]"),
    # 1000兆瓦级机组, 28纳米级工艺, 十万吨级码头: a class of size, not a figure
    re.compile(r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千万]+)(?:万千瓦|千瓦|兆瓦|吉瓦|万吨|吨|千伏|伏|纳米|英寸|米)级"),
    re.compile(r"(?:排名|排|位居|居|列)(?:升至|上升至|提升至|跃升至|提高到|为|第)?\d+位"),
    re.compile(r"(?:前|近|连续|过去|头)?(?:\d+|[一二两三四五六七八九十]+)个多?月"),
]

_STATUS_FORECAST = re.compile(r"将|预计|有望|可望|预期")
_STATUS_TARGET = re.compile(r"力争|争取|目标|确保|计划|要达到|到20\d\d年")
_BOUND_BEFORE = [
    (re.compile(r"(?:不低于|不少于|突破|超出|达到以上)$"), "AtLeast", ">="),
    (re.compile(r"(?:超过|超|逾|过|高达)$"), "MoreThan", ">"),
    (re.compile(r"(?:近|接近|(?<![签合预节制条公邀契履违特相])约|大约|将近|上)$"), "Approximately", "~"),
    (re.compile(r"(?:不足|不到|少于)$"), "LessThan", "<"),
    (re.compile(r"(?:不超过|不高于|控制在|最高|最多)$"), "AtMost", "<="),
]
_QUAL_WORDS = re.compile(r"(?:将|预计|有望|可望|力争|争取|确保|实现|累计达|分别达|分别为|总计|合计|共计|"
                         r"共|达到|达|突破|超过|超出|超|逾|近|接近|(?<![签合预节制条公邀契履违特相])约|大约|不足|不到|"
                         r"不超过|不低于|不少于|增至|升至|提升至|提高到|提高至|扩大到|扩大至|达至|为|至|是|(?<!以)上|高达)+$")
_LEAD_WORDS = re.compile(r"^(?:[、和及与并且而等]|其中|尤其是|特别是|同时|此外|另外|其次|全年|目前|当前|"
                         r"已经|已|现已|共|累计|总计|合计|分别|力争|争取|预计|有望|确保|计划|将)+")
_NOT_SUBJECT_BEFORE = re.compile(r"(?:高于|低于|高出|较|比|占|居|超过|领先|快于|慢于|全国|全省)$")
_SUBJ_WORDS = re.compile(r"^(?:全市|全省|全区|全县|全州|全国|我市|我省|我区|我县|本市|该市|全市域)+(?:的)?")
_COMPARE_START = re.compile(r"^(?:较|同比|环比|比|增长|提高|提升|下降|降低|增加|减少|高于|低于|高出|低|占|"
                            r"增幅|增速|年均|平均|分别|其中|位居|居|排名)")
_NP_STOP = re.compile(r"[,，;；:：。!?！？、()（）]|\d|为|是|"
                      r"在(?![谈建产研库营手][\u4e00-\u9fff]{0,3}(?:项目|企业|订单|工程))|"  # 272个在谈项目
                      r"(?:和|与|及)(?=[^\u4e00-\u9fff]|"
                      r"[\u4e00-\u9fff]{0,3}\d)|的|将|已|均|共|占|达|分别|等|被|从|(?<![意方导面])向|以(?!上)|实现|完成|"
                      r"超过|突破|带动|累计|同比|合计|总计")
_MONEY = {"元", "美元", "欧元"}
#: A class label opening a counted noun (3个500亿级集群, 10个300-500亿级集群, 5个千亿级产业集群).
_NP_CLASS = re.compile(r"(?:\d+(?:\.\d+)?(?:[-~—至]\d+(?:\.\d+)?)?|[一二两三四五六七八九十百千]+)"
                       r"(?:(?:(?:万亿|亿|万)元?|万千瓦|千瓦|兆瓦|吉瓦|万吨|吨|千伏|纳米|英寸)级|"
                       r"(?:万亿|亿)元(?=产业集群|集群|产业链))")  # 两个300亿元产业集群: a class without 级
#: The state of counted things before their noun (32个已认定的市级产业主题园区, 15个新签约的项目).
#: The stages of a project (or a firm's arrival) that counts of them are about: one list for the
#: two patterns below and ``_DONE_AFTER``.
_STAGES = r"开工建设|建成投产|竣工投产|开[(（]复[)）]工|开复工|复工|开工|竣工|投产|落地|签约|建成|完工|达产"
_STATE_BEFORE = re.compile(rf"(?:(?:已经|已|新|累计)(?:{_STAGES}|认定|获批|入选)的?|新的)(?=[\u4e00-\u9fff“])")
#: The verb of the last of parallel clauses before a count (开工2个重点项目、签约7个项目).
_PARALLEL_VERB = re.compile(rf"、((?:新|集中|累计)?(?:{_STAGES}|引进|新增|认定|培育|招引))$")
#: Adverbs that end a clause's subject noun before its verb (工业投资高速|增长).
_ADVERB_END = re.compile(r"(?:高速|快速|持续|稳步|大幅|较快|平稳|迅速|明显|继续)$")
#: A share written as 占X(amount)的N%: the metric is the share of X.
_SHARE_OF = re.compile(r"占(?P<np>[^,，;；:：\d]{2,20}?)(?:\d+(?:\.\d+)?(?:万亿|亿|万)?元)?的$")
#: A threshold opening a counted noun (94个5000万元以上项目, 12个亿元以上项目).
_NP_THRESHOLD = re.compile(r"(?P<amount>(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千]+)?(?:万亿|亿|万|千)?元)"
                           r"(?:及以上|以上)的?(?=[\u4e00-\u9fff])")
#: What a counted noun is counted by: 6个产业集群营收超过千亿元, 12家企业产值超百亿元.
_COUNT_THRESHOLD = re.compile(
    r"(?:的)?(?:营业收入|营收|产值|规模|主营业务收入|销售收入|收入|税收|投资额|投资)?(?:均|都)?"
    r"(?:超过|超|突破|达到|达|过|在|逾|高于)(?P<amount>(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千万]+)"
    r"(?:万亿|亿|万|千)?元)(?:以上)?")
#: The class an amount names when a noun follows it (超50亿元企业12家, 超4000亿元产业集群1个).
_THRESHOLD_NOUN = re.compile(r"(?:以上)?(?:的)?(?:[\u4e00-\u9fff]{0,4}?)"
                             r"(?:工业企业|企业|公司|项目|大项目|园区|龙头企业|集团|产业集群|集群|产业链)")
_CLAUSE_END = re.compile(r"[,，;；:：。!?！？]")
#: What happened to the counted things, when it ends the clause (33个项目已竣工或部分竣工, 55个项目顺利竣工):
#: part of the metric, a count of projects that started or finished.
_DONE_AFTER = re.compile(r"(?:已经|已|顺利|相继|先后|全部|陆续|集中|均|全面)?"
                         rf"((?:{_STAGES})"
                         r"(?:或部分(?:竣工|投产|建成|开工))?)(?=[,，;；。]|$)")


@dataclass
class Stat:
    """One statistic, in the schema of the gold files plus the fields the graph needs."""

    subject: str
    metric: str
    value: Decimal
    unit: str
    period: Period | None
    sentence: str
    sentence_id: str
    value_text: str
    unit_base: str
    unit_mult: int
    bound: str | None = None
    status: str | None = None
    qualifier: str = ""
    subject_type: str | None = None
    compared_to: str | None = None
    extra: dict[str, object] = field(default_factory=dict)
    confidence: float = 0.8

    def as_json(self) -> dict[str, object]:
        """The JSON object of ``chainkg extract``."""
        p = self.period
        return {
            "subject": self.subject,
            "metric": self.metric,
            "value": json_number(self.value),
            "unit": self.unit,
            "period": p.label if p else "",
            "sentence": self.sentence,
            "qualifier": self.qualifier,
            "bound": self.bound,
            "status": self.status,
            "value_text": self.value_text,
            "unit_base": self.unit_base,
            "unit_mult": self.unit_mult,
            "period_start": p.start if p else None,
            "period_end": p.end if p else None,
            "period_certainty": p.certainty if p else None,
            "compared_to": self.compared_to,
            "subject_type": self.subject_type,
            "sentence_id": self.sentence_id,
            "confidence": round(self.confidence, 2),
        }


@dataclass
class _Hit:
    start: int
    end: int
    num_start: int
    values: list[tuple[Decimal, str]]
    mag: str
    unit: str
    approx: str
    post: str
    after_noun: str = ""  # count before noun: the noun phrase that follows
    kind: str = "value"  # value | count | index | class
    raw_mag: str = ""  # the magnitude as written (千万), ``mag`` is the one the unit keeps (万)
    per: str = ""  # the denominator of a rate (万元/亩: 亩)


def _masked(s: str, mentions: list[Mention]) -> bytearray:
    mask = bytearray(len(s) + 1)
    for rx in _MASKS:
        for m in rx.finditer(s):
            for i in range(m.start(), m.end()):
                mask[i] = 1
    for m in mentions:
        if m.nested or not re.search(r"\d|[一二两三四五六七八九十百千万]", m.name):
            continue
        if m.type in ("Project", "Company", "Policy", "Designation", "Organization"):
            for i in range(m.start, m.end):
                mask[i] = 1
    return mask


def _hits(s: str, mask: bytearray, periods: list[tuple[int, int, Period]]) -> list[_Hit]:
    for a, b, _ in periods:
        for i in range(a, b):
            mask[i] = 1
    out: list[_Hit] = []
    for m in STAT_RE.finditer(s):
        nums = m.group("nums")
        unit = m.group("unit")
        mag = m.group("mag") or ""
        start = m.start()
        if unit == "台" and s[m.end():m.end() + 1] in ("阶", "账"):
            continue  # 千亿台阶: a step, not machines
        if re.search(r"\d[:：]\s?$", s[max(0, m.start() - 3):m.start()]):
            continue  # 2019-09-23 06:25 大字: a time of day (and the page's font button), no count
        if unit == "次" and re.match(r"产业(?!链|集群)", s[m.end():]):
            continue  # 三次产业: the three sectors of an economy, no count (12次产业链对接活动 is one)
        if unit == "项" and s[m.end():m.end() + 1] == "目" and re.search(r"[\u4e00-\u9fffA-Za-z]$", s[:m.start()]) \
                and not re.search(r"(?:有|共|个|了|新增|签约|开工|实施|建设)$", s[:m.start()]):
            continue  # 尼龙6项目: a number inside a project's name, not six items
        if not nums:
            # 上万人, 超千家, 突破万亿元: a bare magnitude after an approximation word
            if mag and start > 0 and _BARE_BEFORE.search(s[max(0, start - 2):start]) and \
                    not mask[start]:
                value, keep = split_magnitude("", mag)
                out.append(_Hit(start, m.end(), start, [(value, "")], keep, unit, "",
                                m.group("post") or "", raw_mag=mag))
            continue
        if mask[start] or mask[m.start("unit")]:
            continue
        if unit == "大" and not re.match(r"[\u4e00-\u9fff“]", s[m.end():m.end() + 1]):
            continue
        if unit == "位" and s[m.end():m.end() + 1] == "数":
            continue
        if start > 0 and re.match(r"[A-Za-z.\d]", s[start - 1]):
            continue
        raw = _NUM_SPLIT.split(nums)
        if all(is_chinese_numeral(r) for r in raw):
            if start > 0 and s[start - 1] in "数几好若":
                continue  # 数千家, 几十个: an unknown number
            if re.fullmatch(r"[十百千万亿]+", raw[0]) and not mag.startswith("万") and not \
                    _BARE_BEFORE.search(s[max(0, start - 2):start]) and \
                    re.match(r"(?:\([^)]{0,12}\))?[\u4e00-\u9fff]", s[m.end():]) and unit in _MONEY:
                continue  # 千亿元海上风电产业基地: a class label (see _CLASS_RE), not a figure
        values: list[tuple[Decimal, str]] = []
        keep = mag
        ok = True
        for r in raw:
            try:
                v, keep = split_magnitude(r, mag)
                values.append((v, r))
            except (ValueError, ArithmeticError):
                ok = False
        if not ok or not values:
            continue
        if all(is_chinese_numeral(r) for _, r in values):
            # 一个, 一家, 两大 ... are words, not statistics, unless a magnitude or money follows
            single = unit in COUNT_UNITS and not mag
            written = values[0][1]
            if single and (values[0][0] <= 1 or len(written) > 1 and "十" not in written
                           and not written.endswith(("百", "千")) and
                           not re.search(r"[十百千万]", written)):
                continue
            if start > 0 and single and values[0][0] < 10 and s[start - 1] in "统唯万之第其单同逐划合专初再每":
                continue  # 统一个, 唯一家: a numeral inside a word
            if unit == "大" and not re.match(r"(?:[千百万]亿级?|万亿级?)?(?:重点|主导|优势|新兴|特色|支柱|战略性新兴|"
                                             r"战略性|未来|传统|先进制造业|制造业|主要|重大|核心|关键)?"
                                             r"(?:产业集群|集群|产业链|产业基地|基地|领域|[\u4e00-\u9fff]{2,6}项目|"
                                             r"板块|园区|行动|工程|平台|片区|方向|任务|体系)|"
                                             r"(?:重点|主导|优势|新兴|特色|支柱|战略性新兴|未来|传统)产业",
                                             s[m.end():]):
                continue  # 三大产业, 四大发明: fixed phrases, not counts
            if unit == "次" and re.match(r"(?:全体|常务)?(?:会议|全会|大会)", s[m.end():]) and \
                    "届" in s[max(0, start - 8):start]:
                continue  # 市十一届人大六次会议: the session's number, not a count
            if unit == "元" and not mag and not re.search(r"[万亿]", written):
                continue  # 三元前驱体, 一元化: a word, not an amount of money
        rng = m.group("range")
        if rng:
            try:
                hi, _k = split_magnitude(re.sub(r"^\s*[-~～—至到]\s*", "", rng), mag)
                values = [values[-1], (hi, rng)]
            except (ValueError, ArithmeticError):
                pass
        h = _Hit(start, m.end(), start, values, keep, unit, m.group("approx") or "",
                 m.group("post") or "", raw_mag=mag, per=m.group("per") or "")
        if rng:
            h.kind = "range"
        out.append(h)
    # 管理资产规模超300亿: a magnitude with no unit after it, at the end of a clause
    for m in _BARE_MAG_RE.finditer(s):
        if mask[m.start()] or any(h.start <= m.start() < h.end for h in out):
            continue
        if m.start() > 0 and re.match(r"[A-Za-z.\d]", s[m.start() - 1]):
            continue
        v, keep = split_magnitude(m.group("num"), m.group("mag"))
        out.append(_Hit(m.start(), m.end(), m.start(), [(v, m.group("num"))], keep, "", "", "",
                        raw_mag=m.group("mag")))
    for m in _INDEX_RE.finditer(s):
        if mask[m.start("num")]:
            continue
        if any(h.start <= m.start("num") < h.end for h in out):
            continue
        v = Decimal(m.group("num"))
        out.append(_Hit(m.start("num"), m.end("num"), m.start("num"), [(v, m.group("num"))], "",
                        "", "", "", kind="index"))
    out.sort(key=lambda h: h.start)
    # 4.7个、2.1个百分点: the unit written once, at the end of the list
    for a, b in zip(out, out[1:], strict=False):
        if a.unit == "个" and b.unit in ("个百分点", "百分点") and \
                re.fullmatch(r"\s*(?:、|和|及|与)\s*", s[a.end:b.start]):
            a.unit = b.unit
    # 12.1%、8.4%: adjacent values of one unit form one parallel list
    merged: list[_Hit] = []
    for h in out:
        if merged and h.kind == "value" and merged[-1].kind == "value" and \
                merged[-1].unit == h.unit and merged[-1].mag == h.mag and \
                re.fullmatch(r"\s*(?:、|和|及|与)\s*", s[merged[-1].end:h.start]):
            merged[-1].values.extend(h.values)
            merged[-1].end = h.end
            continue
        merged.append(h)
    return merged


def _bare_alias(m: Mention, s: str) -> bool:
    """A later mention of a chain or cluster by its bare sector word (数据中心 in 超大型数据中心14个):
    a word of the clause, not its subject."""
    return m.method == "document-alias" and m.type in ("IndustryChain", "IndustryCluster") and \
        not re.search(r"产业|集群|链", s[m.start:m.end])


def _clause_start(s: str, pos: int) -> int:
    best = 0
    for m in _CLAUSE_END.finditer(s, 0, pos):
        best = m.end()
    return best


def _strip_spans(text: str, offset: int, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for a, b in spans:
        for i in range(max(a, offset), min(b, offset + len(text))):
            chars[i - offset] = ""
    return "".join(chars)


def _bound(pre: str, approx: str, post: str) -> tuple[str | None, str]:
    for rx, name, sym in _BOUND_BEFORE:
        m = rx.search(pre)
        if m:
            return name, sym + f" ({m.group(0)})"
    if post == "以上":
        return "AtLeast", ">= (以上)"
    if approx in ("余", "多"):
        return "MoreThan", f"> ({approx})"
    if post == "左右":
        return "Approximately", "~ (左右)"
    if post == "以内":
        return "AtMost", "<= (以内)"
    return None, ""


def _status(clause_before: str, doc_date: date | None = None) -> str | None:
    for m in _STATUS_TARGET.finditer(clause_before):
        y = re.match(r"到(20\d\d)年", m.group(0))
        if y and doc_date is not None and int(y.group(1)) < doc_date.year:
            continue  # 增长到2024年 in a 2025 article: a past year, not a target
        return "Target"
    if _STATUS_FORECAST.search(clause_before):
        return "Forecast"
    return None


#: 从A增至B, 由A提升到B: the noun before 从/由 is the metric of both (增至 and 升至 too, not 增 alone)
_FROM_TO = re.compile(r"(?:(?P<from>由|从)|(?:增长|上升|提高|提升|增加|扩大|跃升|攀升|下降|减少|降低|[增升降涨])?"
                      r"(?P<to>到|至))"
                      r"(?:(?:19|20)\d\d年(?:底|末)?)?(?:的)$")
_NP_VERB = re.compile(r"连续|连跨|实现|达到|达|突破|超过|增长|提升|提高|位居|稳居|居|是|为|由|从|较|比|同比|首次|"
                      r"跃居|迈上|跨上|跃上")


def _subject_np(clause: str) -> str:
    """The noun a clause starts with, up to its first verb (地区生产总值连跨两个千亿台阶 -> 地区生产总值)."""
    c = _clean_metric(clause)
    m = _NP_VERB.search(c)
    np = c[:m.start()] if m else ""
    return np if 2 <= len(np) <= 12 else ""


def _clean_metric(seg: str) -> str:
    seg = seg.strip()
    prev = None
    while prev != seg:
        prev = seg
        seg = _LEAD_WORDS.sub("", seg)
        seg = _SUBJ_WORDS.sub("", seg)
        seg = _QUAL_WORDS.sub("", seg)
        seg = seg.strip(" ，,、")
    return seg


#: 75个为开工项目: after a count, 为 and the noun the counted are.
_COUNT_IS = re.compile(r"为(?P<np>[\u4e00-\u9fff]{2,8}?(?:项目|企业|园区|集群|产业链|基地))(?=[,，;；。]|$)")


def _enum_items(seg: str, k: int) -> list[str] | None:
    """Split ``营收、利润较…`` or ``高于全国、全省`` into k variants of the segment."""
    m = None
    for mm in re.finditer(r"([\u4e00-\u9fffA-Za-z]{1,8}?)((?:、[\u4e00-\u9fffA-Za-z]{1,8}?)+)"
                          r"(?=较|同比|环比|比|分别|增长|提高|下降|均|占|$|[,，])", seg):
        m = mm
    if not m:
        return None
    items = [m.group(1)] + m.group(2).split("、")[1:]
    if len(items) != k:
        # the first item may have swallowed a verb (高于全国): keep its last two chars
        return None
    first = items[0]
    # cut the first item after a comparison verb
    cm = re.search(r"(高于|低于|高出|超过|快于|慢于|领先)", first)
    head = first[: cm.end()] if cm else ""
    if cm:
        items[0] = first[cm.end():]
    return [seg[: m.start()] + head + it + seg[m.end():] for it in items]


def sentence_stats(
    s: str,
    original: str,
    sid: str,
    mentions: list[Mention],
    default_subject: tuple[str, str | None],
    doc_date: date | None,
    carried_period: Period | None,
    known_forms: dict[str, tuple[str, str]],
) -> tuple[list[Stat], Period | None]:
    """Statistics of one normalized sentence ``s``; returns them and the period to carry on."""
    all_periods = find_periods(s, doc_date)
    # 较“十三五”末, 比上年: a baseline of a comparison, not the period of the statistic
    periods = [x for x in all_periods
               if not re.search(r"(较|比|相比|对比|与|同比)$", s[max(0, x[0] - 2):x[0]])]
    mask = _masked(s, mentions)
    hits = _hits(s, mask, all_periods)
    flat = [m for m in mentions if not m.nested]
    out: list[Stat] = []
    sent_period = periods[0][2] if periods else None
    base_metric = ""
    prev_stats: list[Stat] = []
    prev_end = 0
    regions_here = [m for m in flat if m.type == "Region" and m.entry is not None
                    and m.entry.level in ("prefecture", "county")
                    and not _NOT_SUBJECT_BEFORE.search(s[max(0, m.start - 2):m.start])]
    prev_subjects: list[tuple[str, str | None]] = []
    last_from_np = ""
    lead = next((m for m in flat if m.type != "Region"), None)
    sentence_subject = lead if lead is not None and lead.type in ("Company", "Project") and \
        re.fullmatch(r"[^,，;；。]{0,12}", s[:lead.start]) and not lead.listed and \
        not any(m.type == "Region" and m.end <= lead.start for m in flat) else None
    # class labels: 千亿级 X产业集群, A、B等4个千亿级产业集群 -> an (approximate) scale of each
    # cluster or chain the label was written with (the entity patterns record it)
    labelled: set[int] = set()
    for t in flat:
        if not t.klass or t.type not in ("IndustryCluster", "IndustryChain"):
            continue
        cm = _CLASS_RE.search(t.klass.strip("“”") + ("" if t.klass.endswith("级") else "级"))
        if not cm:
            continue
        labelled.add(id(t))
        n = parse_number(cm.group("n"))
        digit = cm.group("n")[:-1]
        if digit and cm.group("n")[-1] in "千百万" and parse_number(digit) == sum(m.klass == t.klass for m in flat):
            n = parse_number(cm.group("n")[-1])  # A、B、C等“三千亿级”集群: three of 千亿级, not 3000 each
        head = "集群" if t.type == "IndustryCluster" else "产业链"
        out.append(Stat(
            subject=t.name, metric=f"{head}规模", value=n, unit=cm.group("mag") + "元",
            period=None, sentence=original, sentence_id=sid, value_text=t.klass,
            unit_base="元", unit_mult=MAGNITUDE[cm.group("mag")], bound="AtLeast",
            qualifier=f">= ({t.klass}, class label)", subject_type=t.type, confidence=0.5))
    for cm in _CLASS_RE.finditer(s):
        targets = [m for m in flat if m.type in ("IndustryCluster", "IndustryChain")
                   and m.start >= cm.end() and m.start - cm.end() <= 20 and id(m) not in labelled
                   and not m.listed and not _CLAUSE_END.search(s, cm.end(), m.start)]
        n = parse_number(cm.group("n"))
        for t in targets:
            head = "集群" if t.type == "IndustryCluster" else "产业链"
            out.append(Stat(
                subject=t.name, metric=f"{head}规模", value=n, unit=cm.group("mag") + "元",
                period=None, sentence=original, sentence_id=sid, value_text=cm.group(0),
                unit_base="元", unit_mult=MAGNITUDE[cm.group("mag")], bound="AtLeast",
                qualifier=f">= ({cm.group(0)}, class label)", subject_type=t.type, confidence=0.45))
    thresholds: set[int] = set()  # ends of amounts that are the threshold of a count before them
    for idx, h in enumerate(hits):
        cstart = _clause_start(s, h.start)
        if h.end in thresholds and not any(m.listed for m in flat if m.end <= h.start and
                                           m.type in ("IndustryChain", "IndustryCluster", "Company")
                                           and m.start >= cstart):
            continue  # 110个产业集群营收超过百亿元: the amount says which were counted
        if prev_end > cstart:
            seg_start = prev_end
        else:
            seg_start = cstart
            if cstart > 0 and s[cstart - 1] in "。!?！？;；":
                base_metric = ""
        seg_raw = s[seg_start:h.start]
        pre_clause = s[cstart:h.start]
        # period: the last one written before the number in this sentence, else the first
        per = None
        for a, _b, p in periods:
            if a < h.start:
                per = p
        per = per or sent_period
        if per is None and carried_period is not None:
            per = Period(carried_period.label, carried_period.start, carried_period.end, "context")
        after = s[h.end:]
        unit_label = (h.mag or "") + (h.unit if h.unit != "大" else "个")
        base, extra_mult = UNITS.get(h.unit, (h.unit, 0))
        if h.per:
            unit_label, base = f"{unit_label}/{h.per}", f"{base}/{h.per}"
        mult = (MAGNITUDE.get(h.mag, 0) if h.mag else 0) + extra_mult
        if h.kind == "index":
            unit_label, base, mult = "", "", 0
        if base in _MONEY and h.post == "以上" and re.match(r"\d+(?:\.\d+)?(?:户|家|个|项)", after):
            continue  # …10亿元以上企业17户、20亿元以上11户: the threshold of the count after it, no figure
        if base in _MONEY and re.match(r"(?:产业集群|集群|产业链)", after) and \
                re.search(r"(?:\d+|[一二两三四五六七八九十]+)个$", s[max(0, h.start - 3):h.start]):
            continue  # A、B两个300亿元产业集群: the amount is the clusters' class (a scale of each, see above)
        if base in _MONEY and re.match(r"(?:及以上|以上)?的(?:大|重大|重点)?(?:项目|企业)", after) and \
                re.search(r"(?:过|超|超过|逾)$", s[max(0, h.start - 2):h.start]):
            continue  # 一批过50亿元的项目: the threshold of a class of projects, no figure of its own
        # threshold modifiers: 超50亿元企业12家, 营收超百亿元企业达到6家
        if base in _MONEY and _THRESHOLD_NOUN.match(after):
            rest_clause = after[: (_CLAUSE_END.search(after).start() if _CLAUSE_END.search(after)
                                   else len(after))]
            if any(hh.start > h.end and hh.start < h.end + len(rest_clause) + 1
                   for hh in hits[idx + 1:]):
                continue
        # a count inside a list's zone (A、B等8个万亿元级产业链群): a statistic about the region
        in_list = [m for m in flat if m.listed and m.start < h.start <= m.end
                   and m.type in ("IndustryChain", "IndustryCluster") and h.unit in COUNT_UNITS]
        if not in_list and h.unit in COUNT_UNITS:
            # A、B等24个…项目, A、B等7户…企业: the count of a list of firms or projects
            in_list = [m for m in flat if (m.listed or s[max(0, m.start - 1):m.start] == "、") and
                       m.type in ("Company", "Project", "Region") and
                       m.end <= h.start and re.fullmatch(r"(?:等等|等|……|…)(?:在内的?)?", s[m.end:h.start])]
        # apposition: 比亚迪、蔚来两大整车龙头 (a count of named firms or projects, not a statistic;
        # a count of listed industries is one: 新一代信息技术、新材料、新能源三个新兴产业)
        if h.unit in COUNT_UNITS and len(h.values) == 1 and not in_list and not re.match(
                r"[\u4e00-\u9fff]{0,8}?产业(?!链|集群|群)", after) and (
                h.unit == "大" or re.match(r"[\u4e00-\u9fff]{0,4}?(?:龙头|企业|公司|集团|项目|品牌|厂商|车企)", after)):
            before = s[cstart:h.start]
            if before and "、" in before and re.search(r"[\u4e00-\u9fff]$", before):
                n_items = len(re.split(r"[、和]", before))
                if Decimal(n_items) == h.values[0][0]:
                    continue
        bound, qual = _bound(s[max(cstart, h.start - 4):h.start], h.approx, h.post)
        status = _status(pre_clause, doc_date)
        lead_year = re.match(r"(?:到|至|力争到)(20\d\d)年", s)
        if status is None and lead_year and (doc_date is None or int(lead_year.group(1)) >= doc_date.year) and \
                not _STATUS_FORECAST.search(pre_clause):
            status = "Target"  # 到2027年，…: the whole sentence states targets
        if status:
            word = (_STATUS_TARGET.search(pre_clause) or _STATUS_FORECAST.search(pre_clause)
                    or _STATUS_TARGET.search(s[:h.start]) or _STATUS_FORECAST.search(s[:h.start]))
            w = word.group(0) if word else ""
            label = "forecast" if status == "Forecast" else "target"
            if qual:
                qual = qual[:-1] + f", {label})"
                if w and w not in qual:
                    qual = qual.replace("(", f"({w}", 1)
            else:
                qual = f"{label} ({w})" if w else label
        # metric -----------------------------------------------------------------------
        subjects: list[Mention] = [m for m in flat if seg_start <= m.start and m.end <= h.start
                                   and m.type in ("IndustryChain", "IndustryCluster", "Company",
                                                  "Project") and not _bare_alias(m, s)]
        distributive = False
        if in_list:
            subjects = []  # the listed names are what is counted, not the subject
        elif not subjects and idx > 0 and seg_start == prev_end and re.match(r"[\u4e00-\u9fff]{0,6}?[各均]", seg_raw):
            # 现代物流、食品加工、文化旅游等3个产业各达到2000亿: each of the names the count before counted
            counted = hits[idx - 1].start
            subjects = [m for m in flat if m.listed and cstart <= m.start < counted
                        and m.type in ("IndustryChain", "IndustryCluster", "Company")
                        and re.fullmatch(r"[^,，;；。]*", s[m.start:counted]) is not None]
            distributive = bool(subjects)  # the names stand before the count: the metric is all after it
        elif h.end in thresholds and (listed := [m for m in flat if m.listed and cstart <= m.start and
                                                 m.end <= h.start and m.type in ("IndustryChain",
                                                                                 "IndustryCluster", "Company")]):
            subjects = listed
            # A、B、C等6个产业集群营收超过千亿元: each listed one passed the threshold (a collective N大
            # total, 八大产业集群营业收入突破万亿元, has no count before a threshold)
            seg_start = max(seg_start, subjects[-1].end)
            seg_raw = s[seg_start:h.start]
        elif len(subjects) > 1 and len(h.values) == 1 and subjects[-1].grouped and not re.search(
                r"均|各|分别|每", s[subjects[-1].end:h.start]) and all(
                re.fullmatch(r"[、和与及]|等?", s[a.end:b.start])
                for a, b in zip(subjects, subjects[1:], strict=False)):
            # one figure after several names (A、B、C等八大产业集群营业收入突破万亿元): their total,
            # about the place, not each of them
            seg_start = max(seg_start, subjects[-1].end)
            seg_raw = s[seg_start:h.start]
            subjects = []
        if len(subjects) > 1 and len(h.values) == 1 and all(m.type in ("Company", "Project") for m in subjects) \
                and not re.search(r"均|各|分别|每", s[subjects[-1].end:h.start]):
            # 以江淮汽车、TCL家用电器为龙头的…两大主导产业: one figure after several firms is not
            # each firm's; it is the place's
            seg_start = max(seg_start, subjects[-1].end)
            seg_raw = s[seg_start:h.start]
            subjects = []
        if len(subjects) > 1:
            # names listed together (A、B产业链) are all subjects; otherwise the last one is
            # (由A公司投资建设的B项目年产能…: B)
            coordinated = all(re.fullmatch(r"[、和与及]", s[a.end:b.start])
                              for a, b in zip(subjects, subjects[1:], strict=False))
            if not coordinated:
                last = subjects[-1]
                seg_start = max(seg_start, last.end)
                seg_raw = s[seg_start:h.start]
                subjects = [last]
        # 总投资130亿元的奇瑞…项目、总投资100亿元的信义…项目: the amount is of the project after its 的,
        # and its metric starts after the item before
        owner = next((m for m in flat if (m.start == h.end + 1 and s[h.end:h.end + 1] == "的" or
                                          m.start == h.end and m.type == "Project") and
                      m.type in ("Project", "Company", "IndustryChain", "IndustryCluster")), None)
        if owner is not None:
            k = max(s.rfind("、", seg_start, h.start), s.rfind("的", seg_start, h.start))
            if k >= 0:
                seg_start = k + 1
                seg_raw = s[seg_start:h.start]
            subjects = [owner]
        seg_regions = [m for m in flat if m.type == "Region" and seg_start <= m.start
                       and m.end <= h.start
                       and not _NOT_SUBJECT_BEFORE.search(s[max(0, m.start - 2):m.start])]
        spans = [(a, b) for a, b, _ in periods] + [(m.start, m.end) for m in
                                                   ([] if distributive else subjects) + seg_regions]
        if not subjects and seg_regions:
            # 京山市、沙洋县先后有28个项目…: one figure of several places is one statistic (their
            # total), about the first of them; parallel values (分别) still pair one by one. Zones written
            # one after the other that passed a mark (A园区、B开发区、C工业园区年产值突破100亿元) each passed it
            each = len(h.values) == 1 and bound in ("AtLeast", "MoreThan") and len(seg_regions) > 1 and \
                all(m.entry is None for m in seg_regions) and all(
                    re.fullmatch(r"[、和与及]", s[a.end:b.start]) for a, b in zip(seg_regions, seg_regions[1:],
                                                                               strict=False)) and \
                not re.search(r"合计|共|累计|总计|总和", seg_raw)
            subjects = seg_regions if len(h.values) > 1 or each else seg_regions[:1]
        seg = _strip_spans(seg_raw, seg_start, spans)
        count_np = ""
        rel = None
        if (h.unit in COUNT_UNITS or h.unit == "元" and h.mag) and after[:1] and \
                (re.match(r"[\u4e00-\u9fffA-Za-z“]", after[:1]) or h.unit in COUNT_UNITS and
                 (_NP_CLASS.match(after) or _NP_THRESHOLD.match(after))) and not after.startswith(
                    ("以上", "左右", "的", "为", "是", "和", "与", "及", "或", "等")):
            stop_pos = len(after)
            # 10家具有引领带动作用的“领跑者”企业: the noun is after the relative clause
            rel = re.match(r"(?:具有|具备|拥有|涵盖|覆盖|年产|年营收)[^,，。;；:：]{1,16}?的(?=[\u4e00-\u9fff“])",
                           after)
            np_from = rel.end() if rel else 0
            label = _NP_CLASS.match(after, np_from)
            if not label and h.unit in COUNT_UNITS and (label := _NP_THRESHOLD.match(after, np_from)):
                # 94个5000万元以上项目: the amount says which projects were counted, no figure of its own
                # the amount's own hit ends after 以上 (STAT_RE's post), or before 及以上
                amount_end = label.end("amount")
                thresholds.add(h.end + amount_end + (2 if after.startswith("以上", amount_end) else 0))
            if not label and h.unit in COUNT_UNITS:
                label = _STATE_BEFORE.match(after, np_from)  # 32个已认定的市级园区: their state is part of it
            if label:
                np_from_scan = label.end()  # 3个500亿级集群: the class label is part of the noun
            else:
                np_from_scan = np_from
            for mm in _NP_STOP.finditer(after, np_from_scan):
                if mm.group(0) in "(（" and re.match(r"[(（][\u4e00-\u9fff]{1,3}[)）][\u4e00-\u9fff]",
                                                     after[mm.start():]):
                    continue  # 6个市(县)区: a bracket inside the noun
                if mm.group(0) in ")）" and "(" in after[np_from_scan:mm.start()]:
                    continue
                if not mask[h.end + mm.start()]:
                    stop_pos = mm.start()
                    break
            count_np = after[np_from:stop_pos]
            if count_np.endswith("“"):
                count_np = count_np[:-1]
            if count_np.count("“") > count_np.count("”"):
                count_np += "”"
        elif h.unit in COUNT_UNITS and (be := _COUNT_IS.match(after)):
            count_np = be.group("np")  # A、B等75个为开工项目, 有129个为产业项目: what the count is of
        elif h.unit == "元" and (fund := re.match(r"的([\u4e00-\u9fff]{2,14}?(?:基金|资金))", after)):
            count_np = fund.group(1) + "规模"  # 10亿元的产业股权投资母基金设立: the size of the fund
        elif h.unit == "%" and (rate := re.match(r"的(增速|增幅|增长率|涨幅|降幅|贡献率)", after)):
            count_np = rate.group(1)  # 依然保持了1.66%的增速: the rate is named after the number
        metric = ""
        compared = None
        cleaned = _clean_metric(seg)
        # from A to B (从2012年的2311亿元上升至2021年的3100亿元): the metric is the noun before 从/由
        fm = _FROM_TO.search(seg_raw)
        if fm and (not count_np or base in _MONEY):
            np = _clean_metric(_strip_spans(seg_raw[:fm.start()], seg_start, spans))
            if not np and fm.group("to") is not None and last_from_np:
                np = last_from_np
            if not np:
                prev_c = s[_clause_start(s, max(0, cstart - 1)):max(0, cstart - 1)]
                np = _subject_np(_strip_spans(prev_c, _clause_start(s, max(0, cstart - 1)),
                                              [(m.start, m.end) for m in flat if m.type == "Region"]))
            if np:
                cleaned = np
                last_from_np = np
        prev_clause = s[_clause_start(s, max(0, cstart - 1)):max(0, cstart - 1)] if cstart else ""
        baseline = re.fullmatch(r"(?:较|比|与|同)[^,，;；]{1,14}?(?:相比|比较)?", prev_clause)
        if baseline and cleaned and seg_start == cstart:
            compared = baseline.group(0)
            cleaned = compared + cleaned
        if owner is not None and base in _MONEY:
            count_np = ""  # the noun after the amount is its owner, not its metric
        money_np = bool(count_np) and base in _MONEY
        if money_np and re.match(r"上升|增长|提高|提升|增加|下降|减少|降低|跃升|攀升|扩大|达到|突破|实现|建设|用于|"
                                 r"增至|升至|同比|比上年|较", count_np):
            money_np, count_np = False, ""  # 2311亿元上升至…: a verb follows, not a noun
        if count_np and not money_np:
            # 26个集群为协同区, 15个集群入选…核心区: what they are counted as belongs to the metric
            pred = re.match(r"(为|入选|入围|进入|列入|纳入|成为|获评|被评为|认定为)([^,，;；。]{2,24}?)"
                            r"(?=[,，;；。]|$)", after[len(count_np) + (rel.end() if rel else 0):])
            if pred:
                count_np = count_np + pred.group(1) + pred.group(2)
            elif done := _DONE_AFTER.match(after[len(count_np) + (rel.end() if rel else 0):]):
                count_np = count_np + done.group(1)  # 33个项目已竣工: the count is of finished projects
            if in_list and re.search(r"[和及与、]", count_np):
                # 4个千亿级和汽车、…4个百亿级产业集群: the first count shares the list's head
                head = re.search(r"(产业链群|产业链|产业集群|产业群|集群)$", in_list[0].name)
                count_np = re.split(r"[和及与、]", count_np)[0] + (head.group(1) if head else "")
            thr = _COUNT_THRESHOLD.match(after, len(count_np) + (rel.end() if rel else 0))
            if thr and h.unit != "大":
                # 6个产业集群营收超过千亿元: what they are counted by is part of the metric
                count_np = count_np + thr.group(0)
                thresholds.add(h.end + thr.end("amount"))
            verb = re.sub(r"(?:了|的|有)$", "", _clean_metric(_strip_spans(pre_clause, cstart, spans)))
            if verb and len(verb) <= 10 and not _COMPARE_START.match(verb) and not re.search(
                    r"[,，;；、]|其中|包括|分别|以上|^(?:有|达|达到|共有|拥有)$", verb):
                # 参与共建1个国家级集群, 毫米波雷达布局20多个城市: what the clause says of the counted
                # things belongs to the metric
                count_np = verb + count_np
            elif verb and (last := _PARALLEL_VERB.search(pre_clause)):
                count_np = last.group(1) + count_np  # 开工2个重点项目、签约7个项目: each count its own verb
            metric = count_np if count_np.endswith(("数", "量", "任务", "速", "幅", "率", "规模")) or \
                h.unit not in COUNT_UNITS else count_np + "数量"
            pre = _clean_metric(_strip_spans(pre_clause, cstart, spans))
            if pre and len(pre) <= 6 and not _COMPARE_START.match(pre) and "规模" not in pre:
                pass
            base_metric = count_np
        elif money_np:
            head_types = {"产业链": "IndustryChain", "产业集群": "IndustryCluster", "集群": "IndustryCluster"}
            ht = next((t for w, t in head_types.items() if count_np.startswith(w)), None)
            if ht:
                metric = count_np.replace("产业集群", "集群") + "规模"
                cands = [m for m in flat if m.type == ht and m.start < h.start]
                if cands and not subjects:
                    subjects = [cands[-1]]
            else:
                metric = cleaned + count_np
            base_metric = metric
        elif not cleaned and subjects:
            heads = {"IndustryChain": "产业链", "IndustryCluster": "集群", "Company": "企业",
                     "Project": "项目"}
            head = heads.get(subjects[0].type, "")  # a region as subject: the count names no noun
            metric = head + ("规模" if base in _MONEY else "")
        elif not cleaned or _COMPARE_START.match(cleaned):
            metric = (base_metric + cleaned) if base_metric else cleaned
            if not base_metric and cleaned and cstart > 0 and seg_start == cstart:
                # 全区工业投资高速增长,同比增长27.4%: what grows is named in the clause before
                prev_c = s[_clause_start(s, cstart - 1):cstart - 1]
                np = _ADVERB_END.sub("", _subject_np(prev_c))
                if len(np) >= 2:
                    metric = np + cleaned
            cm = re.search(r"(较[^,，]*?(?:末|年|期|同期)|同比|环比|高于[^,，、]*|低于[^,，、]*|"
                           r"高出[^,，、]*|占[^,，、]*)", cleaned)
            if cm:
                compared = cm.group(1)
        else:
            metric = cleaned
            base_metric = cleaned
        metric = metric.replace("分别", "").strip(" ，,、")
        if base == "%" and metric in ("的", "") and (share := _SHARE_OF.search(pre_clause)):
            metric = "占" + share.group("np") + "比重"  # 占该区规上工业总产值177.20亿元的74.36%
        elif base == "%" and metric in ("的", "") and (of := re.match(r"的([\u4e00-\u9fff]{2,20}?)(?=[,，;；。]|$)",
                                                                   after)):
            metric = of.group(1) + "占比"  # 全市73.54%的规上工业企业建立研发机构: the share of what follows
        if h.unit in COUNT_UNITS and re.fullmatch(r"(?:共有|共|有|拥有|达到|达|为|计)", metric) and subjects \
                and re.search(r"(?:项目|企业|集群|产业链|园区|平台|基地)$", subjects[0].name):
            metric = subjects[0].name + "数量"  # 涉化新能源项目有7项: a class of things, counted
        if h.unit and h.unit not in COUNT_UNITS and base not in _MONEY and base not in ("%", "个百分点", "倍", "‰") \
                and h.kind == "value":
            # 年产10万吨动力电池材料, 形成21万辆份电动汽车底盘总成: what is produced names the measure
            pm = re.match(r"(?:份)?([\u4e00-\u9fff]{2,12}?)(?=[,，;；。、:：(（]|$|的|和|及|与|以|项目|等)", after)
            if pm and not re.match(r"以上|左右|以内|同比|增长|下降|提高|提升|增加|减少|达到|实现|完成|的|为|是|"
                                   r"和|与|及|或|等|其中|占|比|较", pm.group(1)):
                metric = (metric if metric != "数值" else "") + pm.group(1)
        if len(subjects) == 1 and subjects[0].type in ("IndustryChain", "IndustryCluster") and \
                metric != "数值":
            # 新能源汽车产业链…产量: the industry is part of what is measured (新能源汽车产量)
            core = re.sub(r"(?:产业链群|产业链|产业集群|产业群|集群|产业)$", "", subjects[0].name)
            if core and core not in metric and len(core) <= 10:
                metric = core + metric
        # confidence (docs/text-extraction.md): a number, its unit and a metric read from its own
        # clause is high; a metric carried over from the clause before, a bare magnitude (上万人),
        # an index or a unit-less amount lower; no metric at all low
        conf = 0.8
        if not cleaned and not count_np and not subjects or _COMPARE_START.match(cleaned or "x"):
            conf = 0.65
        if h.kind == "index" or not h.values[0][1]:
            conf = min(conf, 0.6)
        if not h.unit and h.kind != "index":
            conf = min(conf, 0.5)
        if not metric:
            metric = "数值"
            conf = 0.4
        values = h.values
        # parallel lists: 营收、利润…12.1%、8.4%; 高于全国、全省1.2、0.5个百分点; 分别…15个和9个
        metrics = [metric] * len(values)
        if len(values) > 1 and h.kind != "range":
            variants = _enum_items(metric, len(values))
            if variants:
                metrics = variants
            elif cleaned.startswith("分别") or seg_raw.lstrip("，,").startswith("分别"):
                cands = [p for p in prev_stats if p.unit_base != base or True][-len(values):]
                if len(cands) == len(values):
                    tail = _clean_metric(cleaned[2:]) if cleaned.startswith("分别") else cleaned
                    metrics = [re.sub(r"数量$", "", c.metric) + tail for c in cands]
        elif len(values) == 1 and (cleaned.startswith("分别") or "分别" in seg_raw):
            pass
        subj_list: list[tuple[str, str | None]]
        if subjects:
            subj_list = [(m.name, m.type) for m in subjects]
        elif prev_subjects and not in_list and not (cstart > 0 and s[cstart - 1] in "。!?！？;；"):
            subj_list = prev_subjects  # the clause goes on about the same names
        elif sentence_subject is not None and sentence_subject.end <= h.start and not seg_regions \
                and not in_list and not _SUBJ_WORDS.match(s[cstart:h.start]):  # (…,全市40个项目: the city's)
            # 太钢集团是不锈钢产业链链主，2023年营业收入超过…: the sentence is about its first name
            subj_list = [(sentence_subject.name, sentence_subject.type)]
        else:
            before = [m for m in regions_here if m.end <= h.start]
            subj_list = [(before[-1].name, "Region")] if before else [default_subject]
        if (subjects or (prev_subjects and subj_list is prev_subjects)) and h.end not in thresholds:
            prev_subjects = subj_list
        if len(values) > 1 and len(subj_list) == len(values):
            pairs = list(zip(values, metrics, subj_list, strict=True))
        elif len(values) > 1:
            pairs = [(v, mt, subj_list[0]) for v, mt in zip(values, metrics, strict=True)]
        else:
            pairs = [(values[0], metrics[0], sj) for sj in subj_list]
        for (val, written), mt, (sn, st) in pairs:
            b = bound
            q = qual
            if h.kind == "range":
                pass
            stat = Stat(
                subject=sn, metric=mt, value=val, unit=unit_label, period=per, sentence=original,
                sentence_id=sid, value_text=written + (h.approx or "") + (h.raw_mag or "") + h.unit
                + (f"/{h.per}" if h.per else ""),
                unit_base=base, unit_mult=mult, bound=b, status=status, qualifier=q,
                subject_type=st, compared_to=compared,
                confidence=conf if len(values) == 1 or metrics[0] != metrics[-1] else min(conf, 0.7))
            out.append(stat)
            prev_stats.append(stat)
        prev_end = h.end
    carry = periods[-1][2] if periods else carried_period
    del known_forms
    return out, carry


def stat_key(st: Stat) -> tuple[str, str, str, str]:
    """Identity of a statistic within one document (to drop exact repeats)."""
    return (st.subject, st.metric, decimal_str(st.value), st.unit)


# ---- passes over the whole article's statistics -----------------------------------------------
def document_stats(stats: list[Stat], sentences: list[Any]) -> list[Stat]:
    """The article's statistics after the passes that need more than one sentence or the others of its own:
    repeats pointed back to, breakdowns, totals, from-to changes, capacities and shares (each below)."""
    stats = _without_repeats_of_this(stats)
    _breakdown_metrics(stats, sentences)
    _totals_of_the_counted(stats)
    _from_to_metrics(stats)
    _capacities_named_after(stats)
    _shares_of_a_whole(stats)
    return stats


_BREAKDOWN = re.compile(r"(?:^|[。;；])\s*(?:按[\u4e00-\u9fff]{1,8}?(?:划分|分类|来分|分|统计|看)|"
                        r"分[\u4e00-\u9fff]{1,4}看)[:：,，]")


def _breakdown_metrics(stats: list[Stat], sentences: list[Any]) -> None:
    """The items of a breakdown take the metric of the total they break down (…省重点前期项目共32项。
    按县区划分:海港区4项…;北戴河区1项…; 按行业分:战略性新兴产业16项…): an item names only its part (a
    place, a sector) before its number, the counted noun is the total's.

    Why: the sentence of an item has no noun for its count (the metric came out as 数值, or as the
    part's own name), while an annotator writes the total's noun into each item's metric."""
    para_of = {x.id: x.para for x in sentences}
    text_of = {x.id: x.norm for x in sentences}
    marked: dict[int, int] = {}  # paragraph -> position of its first breakdown marker's sentence
    for k, x in enumerate(sentences):
        if _BREAKDOWN.search(x.norm) and x.para not in marked:
            marked[x.para] = k
    if not marked:
        return
    order = {x.id: k for k, x in enumerate(sentences)}
    rewritten: set[int] = set()
    for i, st in enumerate(stats):
        para = para_of.get(st.sentence_id)
        if para not in marked or order[st.sentence_id] < marked[para] or st.unit not in COUNT_UNITS:
            continue
        sent = text_of[st.sentence_id]
        at = sent.find(st.value_text)
        clause = re.split(r"[,，;；:：。]", sent[:at])[-1] if at >= 0 else None
        if clause is None or not (st.metric == "数值" or st.metric in (clause, st.subject) and len(clause) <= 10):
            continue
        base = next((b for b in reversed(stats[:i]) if b.unit == st.unit and b.metric != "数值" and
                     id(b) not in rewritten and order[b.sentence_id] < marked[para] and
                     para - para_of[b.sentence_id] <= 3), None)
        if base is None:
            continue
        noun = re.sub(r"(?:共|共计|合计|总数|数量)$", "", base.metric)
        part = "" if st.metric == "数值" or clause == st.subject else clause
        st.metric = part + noun + ("" if noun.endswith("数量") else "数量")
        rewritten.add(id(st))


_FROM_TO_COUNT = re.compile(r"(?:^|(?<=[,，;；:：、]))(?:其中)?(?P<np>[\u4e00-\u9fff]{2,14}?)(?:从|由)"
                            r"(?:\d{4}年(?:底|末)?的?)?(?P<a>\d+(?:\.\d+)?)(?P<u>[家个项户名人])(?:增至|增加到|增加至|提高到|提升到|增长到|上升到|"
                            r"扩大到|跃升至|达到)(?P<q>[\u4e00-\u9fff]{0,6}?)(?P<b>\d+(?:\.\d+)?)(?P=u)")


def _from_to_metrics(stats: list[Stat]) -> None:
    """Both counts of a change written from-to (高新技术企业从2021年的6家增至有效期内55家) are counts of the noun
    before 从: the statistics module reads the second one's metric off the words between (增至有效期内) and the
    first one's with the verb in it; an annotator writes the noun, with what qualifies the second. The two are
    the first pair of the sentence's figures with the values in order (新增专精特新企业12家 after them is its own)."""
    done: set[int] = set()
    for st in stats:
        if id(st) in done:
            continue
        for m in _FROM_TO_COUNT.finditer(st.sentence):
            same = [x for x in stats if x.sentence_id == st.sentence_id and x.unit == m.group("u") and
                    id(x) not in done]
            first = next((k for k, x in enumerate(same) if decimal_str(x.value) == m.group("a")), None)
            if first is None:
                continue
            second = next((x for x in same[first + 1:] if decimal_str(x.value) == m.group("b")), None)
            if second is None:
                continue
            np = m.group("np")
            noun = np + ("" if np.endswith(("数", "量")) else "数量")
            same[first].metric = noun
            second.metric = m.group("q") + noun
            if second.period is not None and second.period.label and second.period.label in m.group(0):
                second.period = None  # (the year written is the start's, 从2021年的6家; the end is now)
            done.update((id(same[first]), id(second)))


_SHARES_OF = re.compile(r"(?P<np>[\u4e00-\u9fff]{2,12}?)(?:达|为)?[\d.]+[\u4e00-\u9fff]{0,3}[,，]"
                        r"分别占(?P<a>[\u4e00-\u9fff]{2,6})[、和](?P<b>[\u4e00-\u9fff]{2,6})的(?P<x>[\d.]+)%[、和](?P<y>[\d.]+)%")


def _shares_of_a_whole(stats: list[Stat]) -> None:
    """A share of a whole is named by the whole (占全国的7.69% → 占全国比重), and two shares written together
    (蚕桑种植面积达93.14万亩,分别占广西、全国的31.23%和7.69%) are each the noun's share of its own whole."""
    for st in stats:
        if st.unit != "%":
            continue
        pair = next((m for m in _SHARES_OF.finditer(st.sentence)
                     if decimal_str(st.value) in (m.group("x"), m.group("y"))), None)
        if pair:
            whole = pair.group("a") if decimal_str(st.value) == pair.group("x") else pair.group("b")
            np = re.sub(r"^(?:年|全市|全县|全区)+", "", pair.group("np"))
            rp = region_prefix(np)
            st.metric = f"{np[len(rp[0]):] if rp and len(np) - len(rp[0]) >= 2 else np}占{whole}比重"
        elif re.search(r"占[\u4e00-\u9fff]{1,8}的$", st.metric):
            st.metric = st.metric[:-1] + "比重"


def _capacities_named_after(stats: list[Stat]) -> None:
    """A quantity followed by what it is of and 的产能/产量 (形成了年产300万吨硅铁合金软磁材料的产能规模) is that
    capacity: the metric is the product and 产能, not the clause before the number."""
    for st in stats:
        at = st.sentence.find(st.value_text)
        cap = re.match(r"([\u4e00-\u9fff]{2,14}?)的(产能|产量)", st.sentence[at + len(st.value_text):]) \
            if at >= 0 and st.unit not in COUNT_UNITS and st.unit_base not in ("元", "%") else None
        if cap:
            st.metric = cap.group(1) + ("年" if "年产" in st.sentence[max(0, at - 3):at] else "") + cap.group(2)


def _totals_of_the_counted(stats: list[Stat]) -> None:
    """A bare total after a count of the same unit in the sentence (新签约落地项目7个,总数达45个) is the total of
    what that count counted: its metric takes the counted noun (新签约落地项目总数), which an annotator keys on."""
    for prev, st in zip(stats, stats[1:], strict=False):
        if st.metric in ("总数", "总量", "总计", "合计", "累计") and prev.sentence_id == st.sentence_id and \
                prev.unit == st.unit and prev.metric not in ("数值", st.metric):
            # (新增规上企业23家,总数达到410家: the total is of all, not of the new ones)
            st.metric = re.sub(r"^(?:新增|新认定|新培育|新引进)|数量$", "", prev.metric) + st.metric


def _without_repeats_of_this(stats: list[Stat]) -> list[Stat]:
    """Drop a figure the article gives again about the same subject when the clause points back to it
    (签约项目36个… 此次签约的36个项目涉及…; 全市62个重大项目集中开工… 此次开工的重大项目共有62个): an
    annotator (ANNOTATION.md) writes each figure once. Without 此次/本次/这批 the same number may be another
    figure (5个集群, 5条产业链), so it stays."""
    kept: list[Stat] = []
    for st in stats:
        at = st.sentence.find(st.value_text)
        clause = re.split(r"[,，;；。]", st.sentence[:at])[-1] if at >= 0 else ""
        if re.search(r"此次|本次|这次|这批|上述", clause) and any(
                (k.subject, k.value, k.unit) == (st.subject, st.value, st.unit) and _shared_noun(st.metric, k.metric)
                for k in kept):
            continue
        kept.append(st)
    return kept


def _shared_noun(a: str, b: str) -> bool:
    """Whether two metrics share four characters in a row (签约项目, 重大项目): the same counted thing, named
    twice (本次签约项目8个… 本次开工项目8个 share only 本次 and 项目: two figures)."""
    a, b = a.replace("数量", ""), b.replace("数量", "")
    return any(a[i:i + 4] in b for i in range(len(a) - 3))
