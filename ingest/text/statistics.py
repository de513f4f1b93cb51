"""Statistics: every number with its unit, metric, subject, qualifier and period.

Why this shape: Chinese economic prose packs several facts into one sentence
(``产值达1286亿元，同比增长15.3%``; ``营收、利润分别增长12.1%、8.4%``;
``高于全国、全省1.2、0.5个百分点``) and leaves the metric or subject of a later
clause implicit. Each number is therefore read with the clause before it
(value after noun: ``工业互联网平台15个``) or the noun phrase after it (count before noun:
``48家专精特新企业``); a clause that starts with a comparison (较, 同比, 高于, 占)
inherits the metric of the clause before, and parallel lists are paired item by
item. Numbers that are names, dates, ranks or class labels (“1+5+N”, 10月8日, 500强,
超50亿元企业) are not statistics.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from chainkg.ingest.text.entities import Mention
from chainkg.ingest.text.numbers import (
    MAGNITUDE,
    NUM_RE,
    decimal_str,
    is_chinese_numeral,
    json_number,
    parse_number,
)
from chainkg.ingest.text.periods import Period, find_periods

#: Base units: written form -> (base unit for the graph, extra power of ten).
UNITS: dict[str, tuple[str, int]] = {
    "个百分点": ("个百分点", 0), "百分点": ("个百分点", 0), "%": ("%", 0), "‰": ("‰", 0),
    "平方公里": ("平方公里", 0), "平方千米": ("平方公里", 0), "平方米": ("平方米", 0),
    "千瓦时": ("千瓦时", 0), "万千瓦": ("千瓦", 4), "千瓦": ("千瓦", 0), "兆瓦": ("兆瓦", 0),
    "吉瓦": ("吉瓦", 0), "GWh": ("GWh", 0), "GW": ("GW", 0), "MW": ("MW", 0),
    "台(套)": ("台(套)", 0), "台套": ("台(套)", 0), "标准箱": ("标准箱", 0), "人次": ("人次", 0),
    "美元": ("美元", 0), "欧元": ("欧元", 0), "元": ("元", 0), "家": ("家", 0), "个": ("个", 0),
    "项": ("项", 0), "条": ("条", 0), "台": ("台", 0), "套": ("套", 0), "吨": ("吨", 0),
    "倍": ("倍", 0), "人": ("人", 0), "名": ("名", 0), "所": ("所", 0), "座": ("座", 0),
    "辆": ("辆", 0), "件": ("件", 0), "款": ("款", 0), "颗": ("颗", 0), "片": ("片", 0),
    "户": ("户", 0), "亩": ("亩", 0), "公里": ("公里", 0), "艘": ("艘", 0), "架": ("架", 0),
    "部": ("部", 0), "位": ("位", 0), "大": ("个", 0), "批": ("批", 0), "支": ("支", 0),
    "升": ("升", 0), "立方米": ("立方米", 0), "千克": ("千克", 0), "公斤": ("千克", 0),
    "只": ("只", 0), "场": ("场", 0), "次": ("次", 0),
}
COUNT_UNITS = {"家", "个", "项", "条", "台", "套", "台(套)", "台套", "人", "名", "所", "座", "辆", "件",
               "款", "颗", "片", "户", "艘", "架", "部", "位", "大", "批", "支", "只", "场", "次"}
_UNIT_ALT = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
_MAG_ALT = "|".join(sorted(MAGNITUDE, key=len, reverse=True))
_SEP = r"\s*(?:、|和|及|与|或)\s*"

STAT_RE = re.compile(
    rf"(?:(?P<nums>{NUM_RE}(?:{_SEP}{NUM_RE})*)(?P<range>\s*[-~～—至]\s*{NUM_RE})?)?"
    r"(?P<approx>余|多)?"
    rf"(?P<mag>{_MAG_ALT})?"
    rf"(?P<unit>{_UNIT_ALT})"
    r"(?P<post>以上|左右|以内)?"
)
_NUM_SPLIT = re.compile(_SEP)
_INDEX_RE = re.compile(r"(指数|系数|得分|评分|综合指数)(?:达到|达|为|是|升至|提升至)?"
                       r"(?P<num>\d+(?:\.\d+)?)(?![\d.%]|个|分|家|项)")
_CLASS_RE = re.compile(r"(?P<n>[千百万]|\d+)(?P<mag>亿|万亿)(?:元)?级")

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
]

_STATUS_FORECAST = re.compile(r"将|预计|有望|可望|预期")
_STATUS_TARGET = re.compile(r"力争|争取|目标|确保|计划|要达到|到20\d\d年")
_BOUND_BEFORE = [
    (re.compile(r"(?:不低于|不少于|突破|超出|达到以上)$"), "AtLeast", ">="),
    (re.compile(r"(?:超过|超|逾|过|高达)$"), "MoreThan", ">"),
    (re.compile(r"(?:近|接近|约|大约|将近|上)$"), "Approximately", "~"),
    (re.compile(r"(?:不足|不到|少于)$"), "LessThan", "<"),
    (re.compile(r"(?:不超过|不高于|控制在|最高|最多)$"), "AtMost", "<="),
]
_QUAL_WORDS = re.compile(r"(?:将|预计|有望|可望|力争|争取|确保|实现|累计达|分别达|分别为|总计|合计|共计|"
                         r"共|达到|达|突破|超过|超出|超|逾|近|接近|约|大约|不足|不到|不超过|不低于|不少于|"
                         r"增至|升至|提升至|提高到|提高至|扩大到|扩大至|达至|为|至|是|上|高达)+$")
_LEAD_WORDS = re.compile(r"^(?:[、和及与并且而]|其中|尤其是|特别是|同时|此外|另外|其次|全年|目前|当前|"
                         r"已经|已|现已|共|累计|总计|合计|分别|力争|争取|预计|有望|确保|计划|将)+")
_NOT_SUBJECT_BEFORE = re.compile(r"(?:高于|低于|高出|较|比|占|居|超过|领先|快于|慢于|全国|全省)$")
_SUBJ_WORDS = re.compile(r"^(?:全市|全省|全区|全县|全州|全国|我市|我省|我区|我县|本市|该市|全市域)+(?:的)?")
_COMPARE_START = re.compile(r"^(?:较|同比|环比|比|增长|提高|提升|下降|降低|增加|减少|高于|低于|高出|低|占|"
                            r"增幅|增速|年均|平均|分别|其中|位居|居|排名)")
_NP_STOP = re.compile(r"[,，;；:：。!?！？、()（）]|\d|为|是|在|和|与|及|的|将|已|均|共|占|达|分别|等|被|从|"
                      r"向|以|实现|完成|超过|突破|带动")
_MONEY = {"元", "美元", "欧元"}
_THRESHOLD_NOUN = re.compile(r"(?:以上)?(?:的)?(?:工业企业|企业|公司|项目|大项目|园区|龙头企业|集团)")
_CLAUSE_END = re.compile(r"[,，;；:：。!?！？]")


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
        if not nums:
            # 上万人, 超千家: a bare magnitude after an approximation word
            if mag and start > 0 and re.search(r"(?:[上近超逾]|突破|超过|达到|达)$", s[max(0, start - 2):start]):
                values = [(Decimal(1), mag)]
                out.append(_Hit(start, m.end(), start, values, mag, unit, "", m.group("post") or ""))
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
        values: list[tuple[Decimal, str]] = []
        ok = True
        for r in raw:
            try:
                values.append((parse_number(r), r))
            except (ValueError, ArithmeticError):
                ok = False
        if not ok or not values:
            continue
        if all(is_chinese_numeral(r) for _, r in values):
            # 一个, 一家, 两大 ... are words, not statistics, unless a magnitude or money follows
            single = unit in COUNT_UNITS and not mag
            if single and (values[0][0] <= 1 or len(values[0][1]) > 1 and "十" not in
                           values[0][1] and not values[0][1].endswith(("百", "千"))):
                continue
            if start > 0 and re.match(r"[\u4e00-\u9fff]", s[start - 1]) and single and \
                    values[0][0] < 10 and s[start - 1] not in "有达超近约共增新建成培育和与及、获在推动发展了":
                continue  # 统一个, 唯一家: a numeral inside a word
            if unit == "大" and not re.match(r"(?:产业集群|集群|产业链|主导产业|战略性新兴产业|产业基地|基地|"
                                             r"板块|园区|行动|工程)", s[m.end():]):
                continue  # 三大产业, 四大发明: fixed phrases, not counts
        rng = m.group("range")
        if rng:
            try:
                hi = parse_number(re.sub(r"^\s*[-~～—至到]\s*", "", rng))
                values = [values[-1], (hi, rng)]
            except (ValueError, ArithmeticError):
                pass
        h = _Hit(start, m.end(), start, values, mag, unit, m.group("approx") or "",
                 m.group("post") or "")
        if rng:
            h.kind = "range"
        out.append(h)
    for m in _INDEX_RE.finditer(s):
        if mask[m.start("num")]:
            continue
        if any(h.start <= m.start("num") < h.end for h in out):
            continue
        v = Decimal(m.group("num"))
        out.append(_Hit(m.start("num"), m.end("num"), m.start("num"), [(v, m.group("num"))], "",
                        "", "", "", kind="index"))
    out.sort(key=lambda h: h.start)
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


def _status(clause_before: str) -> str | None:
    if _STATUS_TARGET.search(clause_before):
        return "Target"
    if _STATUS_FORECAST.search(clause_before):
        return "Forecast"
    return None


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
    # class labels: 千亿级 X产业集群 -> an (approximate) scale of each cluster/chain listed
    for cm in _CLASS_RE.finditer(s):
        targets = [m for m in flat if m.type in ("IndustryCluster", "IndustryChain")
                   and m.start >= cm.end() and m.start - cm.end() <= 20
                   and not _CLAUSE_END.search(s, cm.end(), m.start)]
        n = parse_number(cm.group("n"))
        for t in targets:
            head = "集群" if t.type == "IndustryCluster" else "产业链"
            out.append(Stat(
                subject=t.name, metric=f"{head}规模", value=n, unit=cm.group("mag") + "元",
                period=None, sentence=original, sentence_id=sid, value_text=cm.group(0),
                unit_base="元", unit_mult=MAGNITUDE[cm.group("mag")], bound="AtLeast",
                qualifier=f">= ({cm.group(0)}, class label)", subject_type=t.type))
    for idx, h in enumerate(hits):
        cstart = _clause_start(s, h.start)
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
        mult = (MAGNITUDE.get(h.mag, 0) if h.mag else 0) + extra_mult
        if h.kind == "index":
            unit_label, base, mult = "", "", 0
        # threshold modifiers: 超50亿元企业12家, 营收超百亿元企业达到6家
        if base in _MONEY and _THRESHOLD_NOUN.match(after):
            rest_clause = after[: (_CLAUSE_END.search(after).start() if _CLAUSE_END.search(after)
                                   else len(after))]
            if any(hh.start > h.end and hh.start < h.end + len(rest_clause) + 1
                   for hh in hits[idx + 1:]):
                continue
        # apposition: 比亚迪、蔚来两大整车龙头
        if h.unit in COUNT_UNITS and len(h.values) == 1:
            before = s[cstart:h.start]
            if before and "、" in before and re.search(r"[\u4e00-\u9fff]$", before):
                n_items = len(re.split(r"[、和]", before))
                if Decimal(n_items) == h.values[0][0]:
                    continue
        bound, qual = _bound(s[max(cstart, h.start - 4):h.start], h.approx, h.post)
        status = _status(pre_clause)
        if status is None and re.match(r"(?:到|至|力争到)20\d\d年", s) and \
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
                                                  "Project")]
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
        seg_regions = [m for m in flat if m.type == "Region" and seg_start <= m.start
                       and m.end <= h.start
                       and not _NOT_SUBJECT_BEFORE.search(s[max(0, m.start - 2):m.start])]
        spans = [(a, b) for a, b, _ in periods] + [(m.start, m.end) for m in subjects + seg_regions]
        if not subjects and seg_regions:
            subjects = seg_regions
        seg = _strip_spans(seg_raw, seg_start, spans)
        count_np = ""
        if (h.unit in COUNT_UNITS or h.unit == "元" and h.mag) and after[:1] and \
                re.match(r"[\u4e00-\u9fffA-Za-z“]", after[:1]) and not after.startswith(
                    ("以上", "左右", "的", "为", "是", "和", "与", "及", "或", "等")):
            stop_pos = len(after)
            for mm in _NP_STOP.finditer(after):
                if not mask[h.end + mm.start()]:
                    stop_pos = mm.start()
                    break
            count_np = after[:stop_pos]
            if count_np.endswith("“"):
                count_np = count_np[:-1]
            if count_np.count("“") > count_np.count("”"):
                count_np += "”"
        metric = ""
        compared = None
        cleaned = _clean_metric(seg)
        prev_clause = s[_clause_start(s, max(0, cstart - 1)):max(0, cstart - 1)] if cstart else ""
        baseline = re.fullmatch(r"(?:较|比|与|同)[^,，;；]{1,14}?(?:相比|比较)?", prev_clause)
        if baseline and cleaned and seg_start == cstart:
            compared = baseline.group(0)
            cleaned = compared + cleaned
        money_np = bool(count_np) and base in _MONEY
        if count_np and not money_np:
            metric = count_np if count_np.endswith(("数", "量", "任务")) else count_np + "数量"
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
            head = heads[subjects[0].type]
            metric = head + ("规模" if base in _MONEY else "")
        elif not cleaned or _COMPARE_START.match(cleaned):
            metric = (base_metric + cleaned) if base_metric else cleaned
            cm = re.search(r"(较[^,，]*?(?:末|年|期|同期)|同比|环比|高于[^,，、]*|低于[^,，、]*|"
                           r"高出[^,，、]*|占[^,，、]*)", cleaned)
            if cm:
                compared = cm.group(1)
        else:
            metric = cleaned
            base_metric = cleaned
        metric = metric.replace("分别", "").strip(" ，,、")
        if not metric:
            metric = "数值"
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
        elif prev_subjects and not (cstart > 0 and s[cstart - 1] in "。!?！？;；"):
            subj_list = prev_subjects  # the clause goes on about the same names
        else:
            before = [m for m in regions_here if m.end <= h.start]
            subj_list = [(before[-1].name, "Region")] if before else [default_subject]
        if subjects or (prev_subjects and subj_list is prev_subjects):
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
                sentence_id=sid, value_text=written + (h.approx or "") + (h.mag or "") + h.unit,
                unit_base=base, unit_mult=mult, bound=b, status=status, qualifier=q,
                subject_type=st, compared_to=compared)
            out.append(stat)
            prev_stats.append(stat)
        prev_end = h.end
    carry = periods[-1][2] if periods else carried_period
    del known_forms
    return out, carry


def stat_key(st: Stat) -> tuple[str, str, str, str]:
    """Identity of a statistic within one document (to drop exact repeats)."""
    return (st.subject, st.metric, decimal_str(st.value), st.unit)
