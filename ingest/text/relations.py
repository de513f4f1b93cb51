"""Relations between the entities of a sentence, and the few that follow from the document.

Why rules tied to verbs: the relations the graph keeps (a region implements a
policy, a company is listed in a ranking, a leading project drives a cluster)
are stated with a small set of verbs (落实/推进/聚焦, 入选/入围, 带动) in a fixed
order. Relations that an article implies but never states in one sentence
(everything it reports on is in the place the sentence names, else in its city;
a city is part of its province) are added at the document level (extract.py)
and cite the sentence that implies them.

Beyond the seed's patterns, real articles state membership by lists (以A为链主,
以B、C等企业为骨干, 推动X产业链…; X产业…引进A、B、C等80多个项目), who builds what by
the sentence's subject (格林美…正加快建设P，其Q已投产), titles by 是/成为 (是国家第三批
制造业单项冠军企业), and lists by an objectless 上榜 after the list is named. On the
12 development articles of benchmarks/devset these rules and the document-level
ones took relation F1 (relaxed) from 0.15 to 0.98; on its three held-out articles,
scored once at the end, it is 0.27 (relations need both ends found first).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from chainkg.ingest.text.entities import LED_BY_RE, Mention
from chainkg.ingest.text.lexicon import regions

#: Relation names of the extraction schema -> how the graph writes them (to_rdf.py).
RELATION_NAMES = ("locatedIn", "implements", "hasScaleAtLeast", "selectedFor", "partOf",
                  "leadsChain", "inChain", "developedBy", "inCluster", "receivedAward", "drives",
                  "supportedBy", "listedIn")

_IMPLEMENT = re.compile(r"贯彻落实|深入实施|全面实施|落实|实施|推进|贯彻|推动|聚焦|开展|深化|执行|启动|推行|"
                        r"践行|抢抓|融入|服务|对接|出台|推出|印发|制定|建立|构建|按照|依照|推广|探索|培育|坚持|健全|完善")
#: Verbs that implement only a title firms are given (培育“领跑者”企业), not a concept (培育新质生产力).
_TITLE_ONLY = {"培育"}
#: A policy followed by what was done to it (《…意见》发布, 《…方案》印发): the place of the clause did it.
_IMPLEMENT_AFTER = re.compile(r"(?:正式)?(?:发布|印发|出台|施行|实施|落地)")
#: A deictic subject of another level than the article's place (我省 in a city's article): no subject.
_OTHER_LEVEL = re.compile(r"我省|全省|该省|本省|省里|我国|全国|国家")
_SELECT = re.compile(r"成功入选|入选|获批|列入|纳入|认定为|被认定为|获评|被评为|入围|跻身|荣登|位列|上榜|荣获|获得")
_SUPPORT = re.compile(r"获[^,，;；。]{0,20}支持|给予[^,，;；。]{0,20}支持|获得[^,，;；。]{0,20}(?:资金|补助|奖励)")
_SUPPORT_UNDER = re.compile(r"在([^,，;；。]{2,30}?)(?:的)?(?:支持|支撑|扶持|推动)下")
_LEADER = re.compile(r"链主(?:企业)?|(?<=产业链的)龙头(?:企业)?|(?<=产业链)龙头(?:企业)?")
_DEVELOP_BEFORE = re.compile(r"(其)?(?:计划|拟|将|预计)?总?(?:合作|共同|联合|牵头|独资|全资)?"
                             r"(?:投资|投建|建设|承建|打造|兴建)+(?:(?:约|超|近)?\d+(?:\.\d+)?(?:多|余)?(?:万|亿)元?(?:建设|打造)?)?(?:的)?$")
_SIGN_BEFORE = re.compile(r"与[^,，;；。、]{1,14}?(?:签署|签订|签约)了?(?=[^,，;；。]{0,2}$)|"
                          r"与[^,，;；。、]{1,14}?(?:签署|签订|签约)了?$")
_CLAUSE = re.compile(r"[,，;；:：。!?！？]")
#: The end of an item of a list of projects (…项目、): what follows is another firm's project.
_ITEM_END = re.compile(r"(?:项目|基地|工程|产业园)、")
_SENT_END = re.compile(r"[。!?！？;；]")
_COUNT_BEFORE = re.compile(r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千]+)(?:万)?[家个项名所]")


@dataclass
class Rel:
    """One relation with the sentence it came from."""

    s: str
    p: str
    o: str
    sentence: str
    sentence_id: str
    s_type: str | None = None
    o_type: str | None = None
    method: str = "pattern"
    confidence: float = 0.5

    def as_json(self) -> dict[str, object]:
        """The JSON object of ``chainkg extract``."""
        return {"s": self.s, "p": self.p, "o": self.o, "sentence": self.sentence,
                "s_type": self.s_type, "o_type": self.o_type, "method": self.method,
                "sentence_id": self.sentence_id, "confidence": round(self.confidence, 2)}


#: How sure each rule is (docs/text-extraction.md, "Confidence"). A relation is never more
#: certain than the less certain of its two ends (``relation_confidence``).
RULE_CONFIDENCE: dict[str, float] = {
    "gazetteer:division-hierarchy": 0.95, "pattern:chain-leader": 0.75, "pattern:developer": 0.75,
    "pattern:name-prefix": 0.75, "pattern:implement-verb": 0.7, "pattern:drive": 0.7,
    "document:main-region-programme": 0.4,
    "pattern:leader": 0.7, "pattern:zone-name": 0.7, "pattern:support": 0.65,
    "pattern:chain-members": 0.65, "statistic": 0.65, "pattern:issued": 0.6, "pattern:title": 0.6,
    "pattern:listed-on": 0.6, "pattern:support-under": 0.6, "pattern:joins-chain": 0.6,
    "pattern:zone-part": 0.6, "context:sentence-region": 0.6, "pattern:members": 0.55,
    "pattern:subject-builds": 0.55, "document:main-region": 0.5, "pattern:project-firm": 0.75,
    "pattern:sited-in": 0.65, "pattern:area-of": 0.6,
    "pattern:signs-for": 0.6, "document:named-after-firm": 0.55,
    "pattern:leaders-after": 0.5, "pattern:list-members": 0.55,
}


def relation_confidence(r: Rel, end_confidence: dict[str, float]) -> float:
    """The rule's confidence (0.75 for a selection verb: 入选, 获批 …), capped by its ends'."""
    c = RULE_CONFIDENCE.get(r.method, 0.75 if r.method.startswith("pattern:") else 0.5)
    for end in (r.s, r.o):
        if end in end_confidence:
            c = min(c, end_confidence[end])
    return c


def _clause_bounds(s: str, pos: int) -> tuple[int, int]:
    start = 0
    for m in _CLAUSE.finditer(s, 0, pos):
        start = m.end()
    m = _CLAUSE.search(s, pos)
    return start, (m.start() if m else len(s))


_SUBJECT_TYPES = ("Company", "Region", "Project", "Organization", "IndustryCluster", "IndustryChain")


def _clause_subject(s: str, flat: list[Mention], cstart: int, verb_start: int,
                    default: tuple[str, str | None], default_level: str | None = None
                    ) -> list[tuple[str, str | None]]:
    """What a clause is about: the names listed just before the verb, or the default subject.

    ``A、B产业集群入选…`` gives both A and B; ``13家企业入选…`` (a count of unnamed
    companies) gives nothing.
    """
    before = [m for m in flat if cstart <= m.start and m.end <= verb_start
              and m.type in _SUBJECT_TYPES]
    if before:
        # the coordinated names ending right before the verb, else the first name
        chain = [before[-1]]
        for m in reversed(before[:-1]):
            if re.fullmatch(r"[、和与及]", s[m.end:chain[0].start]):
                chain.insert(0, m)
            else:
                break
        if re.fullmatch(r"(?:又|也|还|已|均|都|成功|先后|分别|相继|再次|首次|连年|"
                        r"连续(?:多|\d+|[二两三四五六七八九十]+)年)*", s[chain[-1].end:verb_start]):
            return [(m.name, m.type) for m in chain]
        first = before[0]
        if len(before) > 1 and first.type == before[1].type == "Region" and before[1].start == first.end:
            first = before[1]  # 河南省平顶山市当前正实施…: the province is the city's address
        if first.type == "Region" and first is before[-1] and _COUNT_BEFORE.search(s[first.end:verb_start]):
            return []  # 黄冈市2个产业集群获批…: unnamed things of the place were selected, not the place
        return [(first.name, first.type)]
    text = s[cstart:verb_start]
    if _COUNT_BEFORE.search(text) or re.search(r"企业|公司|项目|园区|高校|单位", text):
        return []  # 13家企业入选…: a count of unnamed companies, no subject entity
    if _OTHER_LEVEL.search(text) and default_level != "province":
        return []  # 我省印发《…》 in a city's article: the province did it, and it is not named
    return [default]


#: Designations and awards only firms, plants and projects get (a place never is a 小巨人 or a 绿色工厂).
_FIRM_LEVEL = re.compile(r"企业|小巨人|冠军|工厂|车间|奖|项目|榜|品牌|产品")
#: …unless the designation ends as one for places (中小企业数字化转型试点城市, …示范区).
_PLACE_LEVEL = re.compile(r"(?:县|市|区|基地|集群|高地|之都)”?$")
#: What is entered into a published list (名单): firms, projects, clusters, chains.
_MEMBER_TYPES = ("Project", "Company", "IndustryCluster", "IndustryChain")
#: 纳入X(实施)的共有 / 列入X的有: the programme, then what was selected for it
_SELECTED_ARE = re.compile(r"(?:纳入|列入|入选)(?P<obj>[^,，;；。]{2,30}?)(?:实施|建设|培育|支持)?(?:范围)?的"
                           r"(?:共有|有|包括|分别是|是)")
#: The members named after the verb (入围,分别是:…) or opening the next sentence (它们分别是…).
_NAMED_AFTER = re.compile(r"[,，]?(?:分别是|分别为|依次是|依次为|具体是|包括)[:：]?")
_NAMED_LEAD = re.compile(r"(?:它们|其中|入选的|入围的|上榜的)?(?:分别是|分别为|依次是|依次为|具体是|包括)[:：]?")


def _in_etc_list(s: str, m: Mention, flat: list[Mention]) -> bool:
    """``m`` is an item of ``A、B、C等`` (legal names, which the list pattern leaves to their own)."""
    nxt = s[m.end:m.end + 1]
    return nxt == "、" or nxt == "等" and s[max(0, m.start - 1):m.start] == "、"


def _of_firms(lst: Mention) -> bool:
    """Whether a list is one of firms (…“链主”企业名单, 专精特新企业名单)."""
    return bool(re.search(r"(?:企业|公司)”?(?:名单|榜单|清单|目录)", lst.name))  # not …特色产业集群名单


#: 以A、B为重点发展区域(,打造…): the places a cluster or chain is built in.
_AREA_OF = re.compile(r"以(?P<places>[^,，;；。]{2,60}?)为(?:重点|核心|主要)?(?:发展)?"
                      r"(?:区域|载体|核心区|主阵地|承载区)[,，]?(?:重点)?(?:打造|发展|培育|建设|做强|壮大)")

#: Between the last member and a verb of entering a list: quotes, 等, a count of them, an adverb
#: (“A”、“B”两家获批, A成功入选).
_BEFORE_ENTERED = re.compile(r"”?(?:等)?(?:[两二三四五六七八九十\d]+[家个项])?(?:成功|均|已|也)*")


def sentence_relations(s: str, original: str, sid: str, mentions: list[Mention],
                       default: tuple[str, str | None], default_level: str | None = None,
                       prev_list: Mention | None = None) -> list[Rel]:
    """Relations stated in one normalized sentence ``s`` (``default``: the article's place)."""
    flat = [m for m in mentions if not m.nested]
    nested = [m for m in mentions if m.nested]
    out: list[Rel] = []

    def add(sj: tuple[str, str | None], p: str, o: Mention | tuple[str, str | None],
            method: str) -> None:
        on, ot = (o.name, o.type) if isinstance(o, Mention) else o
        if sj[0] and on and sj[0] != on:
            out.append(Rel(sj[0], p, on, original, sid, sj[1], ot, method))

    region_subject = default
    for m in flat:
        if m.type == "Region" and m.entry is not None and m.entry.level in ("prefecture", "county"):
            region_subject = (m.name, "Region")
            break

    # A公司位于B产业园(一期项目), A落户B园区: the firm is in the park or the zone the sentence names
    for a, b in zip(flat, flat[1:], strict=False):
        if a.type == "Company" and b.type in ("Project", "Region") and \
                re.fullmatch(r"(?:已|现|目前|正式|成功)?(?:位于|落户|入驻|坐落于|地处)", s[a.end:b.start]) and \
                (b.type == "Region" and b.entry is None or b.type == "Project" and
                 re.search(r"(?:产业园|园区|基地)(?:[一二三四五六七八九十\d]期)?(?:项目)?$", b.name)):
            add((a.name, a.type), "locatedIn", b, "pattern:sited-in")
    # 以A园区、B开发区为重点(发展)区域,打造X产业集群: the cluster is in each of the places named as its area
    for am in _AREA_OF.finditer(s):
        places = [m for m in flat if am.start("places") <= m.start and m.end <= am.end("places")
                  and (m.type == "Region" or m.type == "Project" and re.search(r"(?:基地|园区|产业园)$", m.name))]
        made = [m for m in flat if m.start >= am.end() and m.type in ("IndustryCluster", "IndustryChain")
                and not _SENT_END.search(s, am.end(), m.start)]
        for c in made[:1]:
            for pl in places:
                add((c.name, c.type), "locatedIn", pl, "pattern:area-of")
    # implements: (region) 落实/推进/聚焦 … policy; 《…》发布; 开展“A”“B”“C”等行动
    policies = [m for m in flat if m.type == "Policy"]
    quotes = [(q.start(), q.end()) for q in re.finditer(r"“[^“”]*”", s)]
    for m in policies:
        if any(a < m.start and m.end < b and (m.start - a > 1 or b - m.end > 1) and
               not re.search(r"[,，。;；!！?？]", s[a:b]) for a, b in quotes):
            continue  # a programme named inside a longer quote (“科技型中小企业—专精特新企业—…”体系),
            # not inside quoted speech (“下一步，我们将实施种业振兴行动…”)
        cstart, cend = _clause_bounds(s, m.start)
        seg = s[cstart:m.start]
        done = False
        for v in _IMPLEMENT.finditer(seg):
            gap_chars = list(seg[v.end():])
            for o in policies:  # other programmes listed between the verb and this one
                if o is not m and cstart + v.end() <= o.start and o.end <= m.start:
                    for i in range(o.start - cstart - v.end(), o.end - cstart - v.end()):
                        gap_chars[i] = ""
            gap = "".join(gap_chars).strip("、")
            if re.search(r"\d", gap):
                continue
            if v.group(0) in _TITLE_ONLY and not m.name.endswith("企业”") and not (
                    m.method == "pattern:quoted-slogan" and m.name.endswith("企业")):
                continue
            if re.match(r"\s*(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千]+)(?:多|余)?[家个项]", s[m.end:]):
                continue  # 培育省级专精特新企业482家: a count of firms, not a programme carried out
            if len(gap) <= 6 or gap.endswith("等") or (
                    "的" in gap and len(gap) <= 24 and len(gap.rsplit("的", 1)[1]) <= 6):
                # 启动由市领导挂帅的重点产业链“链长制”: a modifier ending in 的 stands between verb and name
                for subj in _clause_subject(s, flat, cstart, cstart + v.start(), region_subject,
                                            default_level):
                    if subj[1] in ("Region", "Company", "Organization"):
                        add(_body_place(subj, flat, region_subject), "implements", m,
                            "pattern:implement-verb")
                done = True
                break
        if not done and m.method == "pattern:document-title" and _IMPLEMENT_AFTER.match(s, m.end):
            for subj in _clause_subject(s, flat, cstart, m.start, region_subject, default_level):
                if subj[1] in ("Region", "Company", "Organization"):
                    add(subj, "implements", m, "pattern:issued")

    # selectedFor / listedIn / receivedAward (+ supportedBy when support follows)
    for v in _SELECT.finditer(s):
        cstart, cend = _clause_bounds(s, v.start())
        if s[max(cstart, v.start() - 1):v.start()] == "对" or re.search(
                r"的(?:企业|项目|单位|产品|园区|城市|地区)", s[v.end():cend]):
            continue  # 对入选X的企业给予奖励: a condition on unnamed firms, not a selection
        if _SELECTED_ARE.match(s, v.start()):
            continue  # 纳入X的共有A、B: the members follow (below)
        subjects = _clause_subject(s, flat, cstart, v.start(), region_subject)
        firm_before = next((m for m in flat if m.type == "Company" and m.end == cstart - 1 and
                            s[cstart - 1:cstart] in ",，"), None)
        if subjects == [region_subject] and firm_before is not None and \
                not any(cstart <= m.start < v.start() for m in flat):
            subjects = [(firm_before.name, firm_before.type)]  # …创立的东方希望集团,位列“…500强”: the firm
        if not subjects:
            continue
        objs = [m for m in nested + flat if v.end() <= m.start < cend
                and m.type in ("Policy", "Designation")]
        # the nested designation spanning the whole object wins over a name inside it
        objs.sort(key=lambda m: (m.start, -(m.end - m.start)))
        seen_end = -1
        for o in objs:
            if o.start < seen_end:
                continue
            seen_end = o.end
            verb = v.group(0)
            if o.type == "Designation" or verb in ("入围", "跻身", "荣登", "位列", "上榜"):
                p = "listedIn"
            elif verb in ("荣获", "获得", "获评", "被评为") or o.method == "pattern:award":
                p = "receivedAward"
            else:
                p = "selectedFor"
            rest = s[o.end:]
            for subj in subjects:
                if subj[1] == "Region" and _FIRM_LEVEL.search(o.name) and not _PLACE_LEVEL.search(o.name):
                    continue  # 荣获科技进步一等奖, 获批绿色工厂 with no firm named: not the place's
                add(subj, p, o, f"pattern:{verb}")
                if p == "selectedFor" and _SUPPORT.match(re.sub(r"^[,，]", "", rest)):
                    add(subj, "supportedBy", o, "pattern:support")
    # 首批纳入三年行动计划实施的共有A、B、C: the members come after the programme
    for v in _SELECTED_ARE.finditer(s):
        objs = [m for m in flat if m.type == "Policy" and v.start("obj") <= m.start and m.end <= v.end("obj")]
        if not objs:
            continue
        _, cend = _clause_bounds(s, v.end())
        for mem in (m for m in flat if m.type in _MEMBER_TYPES and v.end() <= m.start < cend):
            add((mem.name, mem.type), "selectedFor", objs[-1], "pattern:selected-are")
    # X是(国家第N批)制造业单项冠军企业, X成为省级“领跑者”标杆: a title is a selection
    for v in re.finditer(r"(?:是|成为|获评为|被认定为|被确定为)", s):
        cstart, cend = _clause_bounds(s, v.start())
        objs = [m for m in flat if m.type == "Policy" and v.end() <= m.start <= v.end() + 12
                and m.start < cend and (m.entry is not None or m.method in (
                    "pattern:quoted-slogan", "document-alias", "pattern:list"))
                and not _CLAUSE.search(s, v.end(), m.start)]
        if not objs:
            continue
        subj = [m for m in flat if m.type in ("Company", "IndustryCluster", "IndustryChain", "Project",
                                               "Organization") and m.end <= v.start()]
        if not subj:
            continue
        sj = subj[0] if subj[0].start < cstart else subj[-1]
        if _CLAUSE.search(s, sj.end, v.start()) and sj.start > 0 and s.rfind("。", 0, sj.start) > -1:
            continue
        add((sj.name, sj.type), "selectedFor", objs[0], "pattern:title")
    # A、B、C等在内的9个项目上榜 (上榜 with no object): the list named before in the sentence
    for v in re.finditer(r"(?:上榜|入选|入围|列入|获批|通过认定)(?=[,，;；。]|$)", s):
        lists = [m for m in flat if m.type == "Policy" and m.end <= v.start()
                 and any(re.search(r"(?:清单|名单|榜|目录)》?$", f) for f in [m.name, *m.aliases])]
        if not lists and prev_list is not None:
            lists = [prev_list]  # 发布…名单。A、B、C等26家企业入选: the list of the sentence before
        if not lists:
            continue
        cstart, _ = _clause_bounds(s, v.start())
        after = lists[-1].end if lists[-1] in flat else 0
        members = [m for m in flat if (m.listed or _in_etc_list(s, m, flat) or _BEFORE_ENTERED.fullmatch(
            s, m.end, v.start())) and m.type in _MEMBER_TYPES and after <= m.start
                   and m.end <= v.start() and not _CLAUSE.search(s, m.end, v.start())]
        named = _NAMED_AFTER.match(s, v.end())
        if named:  # 青岛市3家入围,分别是:A、B、C: the members follow the verb
            members += [m for m in flat if m.type in _MEMBER_TYPES and m.start >= named.end()]
        for mem in members:
            if _of_firms(lists[-1]) and mem.type != "Company":
                continue  # 10家企业分属A、B等产业链: a list of firms has no chain on it
            add((mem.name, mem.type), "selectedFor", lists[-1], "pattern:listed-on")
    # …名单,深圳9个集群成功入选。它们分别是A、B、C: the members of the list of the sentence before
    if prev_list is not None and _NAMED_LEAD.match(s):
        for mem in (m for m in flat if m.type in _MEMBER_TYPES):
            if not _of_firms(prev_list) or mem.type == "Company":
                add((mem.name, mem.type), "selectedFor", prev_list, "pattern:listed-on")
    for m in _SUPPORT_UNDER.finditer(s):
        for o in flat:
            if o.type == "Policy" and m.start(1) <= o.start < m.end(1):
                add(region_subject, "supportedBy", o, "pattern:support-under")

    # drives: 在A、B(两大)龙头项目带动下，C和D产业集群…
    for m in re.finditer(r"带动下|引领下|牵引下|带动", s):
        drivers = [d for d in flat if d.end <= m.start() and d.type in ("Company", "Project")
                   and not _CLAUSE.search(s, d.end, m.start())]
        targets = [t for t in flat if t.start >= m.end() and t.type in ("IndustryCluster",
                                                                          "IndustryChain")]
        if m.group(0) == "带动":
            targets = [t for t in targets if not _CLAUSE.search(s, m.end(), t.start)]
        else:
            nxt = _CLAUSE.search(s, m.end())
            if nxt:
                stop = _CLAUSE.search(s, nxt.end())
                lim = stop.start() if stop else len(s)
                targets = [t for t in targets if t.start < lim]
        if not drivers or not targets:
            continue
        pairs = (list(zip(drivers, targets, strict=True)) if len(drivers) == len(targets)
                 else [(d, t) for d in drivers for t in targets])
        for d, t in pairs:
            add((d.name, d.type), "drives", t, "pattern:drive")
            add((d.name, d.type), "inCluster" if t.type == "IndustryCluster" else "inChain", t,
                "pattern:drive")

    # drives: 以A(、B)为龙头/引领，…X产业链; X产业以A和B为龙头; 以A为“航空母舰”…成为…集群
    # (以A、B为骨干: members only)
    for m in re.finditer(r"以([^,，;；。]{2,60}?)(?:等)?(?:企业)?为(龙头|引领|牵引|核心|骨干|主体|支撑|“[^”]{1,8}”)",
                         s):
        backbone = m.group(2) in ("骨干", "主体", "支撑")  # members, not drivers
        drivers = [d for d in flat if m.start(1) <= d.start and d.end <= m.end(1)
                   and d.type in ("Company", "Project")]
        cstart, _ = _clause_bounds(s, m.start())
        before = [t for t in flat if cstart <= t.start and t.end <= m.start()
                  and t.type in ("IndustryCluster", "IndustryChain")]
        nxt = _CLAUSE.search(s, m.end())
        lim_m = _CLAUSE.search(s, nxt.end()) if nxt else None
        lim = lim_m.start() if lim_m else len(s)
        targets = before[-1:] or [t for t in flat if m.end() <= t.start < lim
                                  and t.type in ("IndustryCluster", "IndustryChain")]
        if not targets:  # …,51户企业组成的“航母舰队”,成为中国最成熟的白酒产业集群
            targets = [t for t in flat if m.end() <= t.start and t.type in ("IndustryCluster",
                                                                            "IndustryChain")][:1]
        for d in drivers:
            for t in targets:
                if not backbone:
                    add((d.name, d.type), "drives", t, "pattern:leader")
                add((d.name, d.type), "inCluster" if t.type == "IndustryCluster" else "inChain", t,
                    "pattern:leader")

    # leadsChain: 链主(企业)A … X产业链 / A是X产业链链主
    led = [(x.start(), x.end()) for x in LED_BY_RE.finditer(s)]
    for m in _LEADER.finditer(s):
        if any(a <= m.start() < b for a, b in led):
            continue  # 以A为链主的X、以B为链主的Y: each firm with its own chain (below)
        chains = [c for c in flat if c.type == "IndustryChain"]
        leaders = [c for c in flat if c.type == "Company" and 0 <= c.start - m.end() <= 2
                   and not _CLAUSE.search(s, m.end(), c.start)
                   or c.type == "Company" and 0 <= m.start() - c.end <= 24
                   and not _CLAUSE.search(s, c.end, m.start())]
        for c in chains:
            for ld in leaders:
                add((ld.name, ld.type), "leadsChain", c, "pattern:chain-leader")

    # 以A为链主的X: A leads X
    for m in LED_BY_RE.finditer(s):
        firm = next((c for c in flat if c.type == "Company" and c.start == m.start("firm")), None)
        chain = next((c for c in flat if c.type == "IndustryChain" and c.start == m.start("chain")), None)
        if firm is not None and chain is not None:
            add((firm.name, firm.type), "leadsChain", chain, "pattern:chain-leader")

    # inChain: X产业链(上|的)?(重点|龙头|骨干)?企业A、B
    for c in flat:
        if c.type != "IndustryChain":
            continue
        tail = s[c.end:c.end + 12]
        mm = re.match(r"(?:上|的|上的|内)?(?:重点|龙头|骨干|配套|上下游)?企业(?:有|包括|如)?", tail)
        if mm:
            for co in flat:
                if co.type == "Company" and c.end + mm.end() <= co.start and not _CLAUSE.search(
                        s, c.end + mm.end(), co.start):
                    add((co.name, co.type), "inChain", c, "pattern:chain-members")
        for co in flat:
            if co.type in ("Company", "Project") and co.end <= c.start and re.fullmatch(
                    r"(?:加快|全面|积极)?(?:融入|进入|布局|深耕|专注|聚焦|进军)(?:了)?", s[co.end:c.start]):
                add((co.name, co.type), "inChain", c, "pattern:joins-chain")
        # A项目…是我市B产业链关键节点项目 / 重点企业: a role in the chain
        if re.match(r"(?:的)?(?:关键节点|关键|重点|重大|配套|龙头|核心|骨干|链主)+(?:项目|企业)", tail):
            k = s.rfind("是", _clause_bounds(s, c.start)[0], c.start)
            if k >= 0 and re.fullmatch(r"(?:我市|全市|我省|全省|本市|该市|[\u4e00-\u9fff]{2,3}[市省])?",
                                       s[k + 1:c.start]):
                before = [co for co in flat if co.type in ("Company", "Project") and co.end <= k]
                # the one project or firm the sentence is about, or the one in the same clause
                for co in before if len(before) == 1 else [co for co in before if not _CLAUSE.search(s, co.end, k)]:
                    add((co.name, co.type), "inChain", c, "pattern:role-in-chain")

    # members: X产业…引进A、B、C等80多个项目 (X is the sentence's subject); A、B等项目,构建了…全产业链
    groups = [m for m in flat if m.type in ("IndustryCluster", "IndustryChain")]
    if groups:
        subject_group = groups[0] if groups[0] is flat[0] or all(
            x.type == "Region" for x in flat[:flat.index(groups[0])]) else None
        if subject_group is not None and subject_group.listed and len(groups) > 1:
            subject_group = None  # 围绕A、B、C三大产业链，…依托X: which of them X is in is not said
        areas = [(am.start("places"), am.end("places")) for am in _AREA_OF.finditer(s)]
        for mem in flat:
            if mem.type not in ("Company", "Project") or any(a <= mem.start < b for a, b in areas):
                continue  # (以A基地、B园区为重点区域,打造…: the places it is built in, see above)
            target = None
            if subject_group is not None and mem.listed and mem.start > subject_group.end:
                target = subject_group
            built = re.compile(r"(?:构建|形成|组成|打造|构成|壮大|完善)了?").search(s, mem.end)
            if built:
                obj = next((g for g in groups if built.end() <= g.start <= built.end() + 12), None)
                developer = re.match(r"(?:合作|共同|联合)?(?:投资|投建|承建)?建设的?", s[mem.end:mem.end + 6])
                if obj is not None and not developer and not _SENT_END.search(s, mem.end, built.start()):
                    target = obj
            if target is not None:
                add((mem.name, mem.type), "inCluster" if target.type == "IndustryCluster" else "inChain",
                    target, "pattern:members")

    # developedBy: the sentence's company builds a project (格林美…正加快建设P, 其P)
    companies = [m for m in flat if m.type == "Company"]
    if companies and companies[0] is next((m for m in flat if m.type != "Region"), None):
        lead = companies[0]
        for pr in flat:
            if pr.type != "Project" or pr.start < lead.end:
                continue
            pre = s[max(lead.end, pr.start - 8):pr.start]
            if re.search(r"(?:建设|投资|投建|打造|布局|新建|扩建|建成|推进)(?:了)?$|^其$|[,，;；]其$", pre) and \
                    not any(c is not lead and lead.end <= c.start < pr.start for c in companies):
                add((pr.name, pr.type), "developedBy", lead, "pattern:subject-builds")

    # developedBy: a project named after its firm (X有限公司12万吨…项目)
    for pr in flat:
        if pr.type != "Project":
            continue
        for co in nested:
            if co.method in ("pattern:project-firm", "pattern:project-short-firm") and co.start == pr.start and \
                    co.end < pr.end:
                add((pr.name, pr.type), "developedBy", co, "pattern:project-firm")

    # developedBy: A(、B)与X签署P(投资合作协议): the firms that sign for a project build it
    for pr in flat:
        if pr.type != "Project":
            continue
        cstart, _ = _clause_bounds(s, pr.start)
        sign = _SIGN_BEFORE.search(s, cstart, pr.start)
        if sign:
            for co in flat:
                if co.type == "Company" and cstart <= co.start and co.end <= sign.start():
                    add((pr.name, pr.type), "developedBy", co, "pattern:signs-for")

    # developedBy: A(与B)(合作)投资建设的P / 其投资建设的P / P由A建设 (a government that decides to build
    # a park is no developer: 省政府、市委市政府决定在高新区建设…产业园)
    for pr in flat:
        if pr.type != "Project":
            continue
        cstart, _ = _clause_bounds(s, pr.start)
        before = s[cstart:pr.start]
        dm = _DEVELOP_BEFORE.search(before)
        if dm:
            vstart = cstart + dm.start()
            # A投资30亿元的P与B投资8亿元的Q: each firm builds the project after it, not the ones before
            since = max([cstart, *(m.end for m in flat
                                   if m.type == "Project" and cstart <= m.start and m.end <= vstart),
                         *(x.end() for x in _ITEM_END.finditer(s, cstart, vstart))])
            # (…A投资30亿元的智能制造产业项目、B投资21亿元的P: a project no pattern named still ends A's item)
            devs = [c for c in flat if since <= c.start and c.end <= vstart
                    and (c.type == "Company" or c.type == "Organization" and c.method != "pattern:agency")]
            if not devs and dm.group(1):
                # 其: the company the sentence is about
                devs = [c for c in flat if c.type == "Company" and c.end <= cstart][:1]
            for co in devs:
                add((pr.name, pr.type), "developedBy", co, "pattern:developer")
        for co in flat:
            if co.type in ("Company", "Organization") and pr.end <= co.start and re.fullmatch(
                    r"(?:由|系)", s[pr.end:co.start]) and re.match(r"(?:投资|投建|建设|承建)",
                                                                   s[co.end:co.end + 2]):
                add((pr.name, pr.type), "developedBy", co, "pattern:developer")
    return out


def _body_place(subj: tuple[str, str | None], flat: list[Mention],
                default: tuple[str, str | None] | None = None) -> tuple[str, str | None]:
    """A government body's programme is its place's (哈尔滨市人民政府办公厅印发… -> 哈尔滨市)."""
    if subj[1] != "Organization":
        return subj
    m = next((x for x in flat if x.name == subj[0]), None)
    if m is None or m.method != "pattern:agency":
        return subj
    from chainkg.ingest.text.entities import region_prefix

    rp = region_prefix(re.sub(r"^中共", "", subj[0]))
    info = regions().get(rp[1]) if rp else None
    if info is None and default is not None and re.match(r"(?:省|市|区|县|自治区)(?:委|政府|人民政府)?", subj[0]):
        return default  # 省政府办公厅印发…: the body of the article's own place
    return (info.name, "Region") if info is not None else subj


def region_ancestors(code: str) -> list[str]:
    """Codes of the divisions above ``code``, nearest first."""
    out = []
    regs = regions()
    cur = regs.get(code)
    while cur is not None and cur.parent:
        out.append(cur.parent)
        cur = regs.get(cur.parent)
    return out
