"""Relations between the entities of a sentence, and the few that follow from the document.

Why rules tied to verbs: the relations the graph keeps (a region implements a
policy, a company is listed in a ranking, a leading project drives a cluster)
are stated with a small set of verbs (落实/推进/聚焦, 入选/入围, 带动) in a fixed
order. Relations that an article implies but never states in one sentence
(everything it reports on is in its city; a city is part of its province)
are added at the document level and cite the first sentence that names both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from chainkg.ingest.text.entities import Mention
from chainkg.ingest.text.lexicon import regions

#: Relation names of the extraction schema -> how the graph writes them (to_rdf.py).
RELATION_NAMES = ("locatedIn", "implements", "hasScaleAtLeast", "selectedFor", "partOf",
                  "leadsChain", "inChain", "developedBy", "inCluster", "receivedAward", "drives",
                  "supportedBy", "listedIn")

_IMPLEMENT = re.compile(r"贯彻落实|深入实施|全面实施|落实|实施|推进|贯彻|推动|聚焦|开展|深化|执行|启动|推行|"
                        r"践行|抢抓|融入|服务|对接")
_SELECT = re.compile(r"成功入选|入选|获批|列入|纳入|认定为|被认定为|获评|被评为|入围|跻身|荣登|位列|上榜|荣获|获得")
_SUPPORT = re.compile(r"获[^,，;；。]{0,20}支持|给予[^,，;；。]{0,20}支持|获得[^,，;；。]{0,20}(?:资金|补助|奖励)")
_SUPPORT_UNDER = re.compile(r"在([^,，;；。]{2,30}?)(?:的)?(?:支持|支撑|扶持|推动)下")
_LEADER = re.compile(r"链主(?:企业)?")
_DEVELOP_BEFORE = re.compile(r"(其)?(?:合作|共同|联合|牵头|独资|全资)?(?:投资|投建|建设|承建|打造|兴建)+"
                             r"(?:的)?$")
_CLAUSE = re.compile(r"[,，;；:：。!?！？]")
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

    def as_json(self) -> dict[str, object]:
        """The JSON object of ``chainkg extract``."""
        return {"s": self.s, "p": self.p, "o": self.o, "sentence": self.sentence,
                "s_type": self.s_type, "o_type": self.o_type, "method": self.method,
                "sentence_id": self.sentence_id}


def _clause_bounds(s: str, pos: int) -> tuple[int, int]:
    start = 0
    for m in _CLAUSE.finditer(s, 0, pos):
        start = m.end()
    m = _CLAUSE.search(s, pos)
    return start, (m.start() if m else len(s))


_SUBJECT_TYPES = ("Company", "Region", "Project", "Organization", "IndustryCluster", "IndustryChain")


def _clause_subject(s: str, flat: list[Mention], cstart: int, verb_start: int,
                    default: tuple[str, str | None]) -> list[tuple[str, str | None]]:
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
        if re.fullmatch(r"(?:又|也|还|已|均|都|成功|先后|分别|相继)*", s[chain[-1].end:verb_start]):
            return [(m.name, m.type) for m in chain]
        return [(before[0].name, before[0].type)]
    text = s[cstart:verb_start]
    if _COUNT_BEFORE.search(text) or re.search(r"企业|公司|项目|园区|高校|单位", text):
        return []  # 13家企业入选…: a count of unnamed companies, no subject entity
    return [default]


def sentence_relations(s: str, original: str, sid: str, mentions: list[Mention],
                       default: tuple[str, str | None]) -> list[Rel]:
    """Relations stated in one normalized sentence ``s``."""
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

    # implements: (region) 落实/推进/聚焦 … policy
    for m in flat:
        if m.type != "Policy":
            continue
        cstart, _ = _clause_bounds(s, m.start)
        seg = s[cstart:m.start]
        for v in _IMPLEMENT.finditer(seg):
            gap = seg[v.end():]
            if re.search(r"\d", gap):
                continue
            if len(gap) <= 6 or gap.endswith("等"):
                for subj in _clause_subject(s, flat, cstart, cstart + v.start(), region_subject):
                    if subj[1] in ("Region", "Company", "Organization"):
                        add(subj, "implements", m, "pattern:implement-verb")
                break

    # selectedFor / listedIn / receivedAward (+ supportedBy when support follows)
    for v in _SELECT.finditer(s):
        cstart, cend = _clause_bounds(s, v.start())
        subjects = _clause_subject(s, flat, cstart, v.start(), region_subject)
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
                add(subj, p, o, f"pattern:{verb}")
                if p == "selectedFor" and _SUPPORT.match(re.sub(r"^[,，]", "", rest)):
                    add(subj, "supportedBy", o, "pattern:support")
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

    # drives: 以A(、B)为龙头/引领，…X产业链
    for m in re.finditer(r"以([^,，;；。]{2,40}?)(?:等)?为(?:龙头|引领|牵引|核心)", s):
        drivers = [d for d in flat if m.start(1) <= d.start and d.end <= m.end(1)
                   and d.type in ("Company", "Project")]
        nxt = _CLAUSE.search(s, m.end())
        lim_m = _CLAUSE.search(s, nxt.end()) if nxt else None
        lim = lim_m.start() if lim_m else len(s)
        targets = [t for t in flat if m.end() <= t.start < lim
                   and t.type in ("IndustryCluster", "IndustryChain")]
        for d in drivers:
            for t in targets:
                add((d.name, d.type), "drives", t, "pattern:leader")

    # leadsChain: 链主(企业)A … X产业链 / A是X产业链链主
    for m in _LEADER.finditer(s):
        chains = [c for c in flat if c.type == "IndustryChain"]
        leaders = [c for c in flat if c.type == "Company" and abs(c.start - m.end()) <= 2
                   or c.type == "Company" and 0 <= m.start() - c.end <= 24
                   and not _CLAUSE.search(s, c.end, m.start())]
        for c in chains:
            for ld in leaders:
                add((ld.name, ld.type), "leadsChain", c, "pattern:chain-leader")

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

    # developedBy: A(与B)(合作)投资建设的P / 其投资建设的P / P由A建设
    for pr in flat:
        if pr.type != "Project":
            continue
        cstart, _ = _clause_bounds(s, pr.start)
        before = s[cstart:pr.start]
        dm = _DEVELOP_BEFORE.search(before)
        if dm:
            vstart = cstart + dm.start()
            devs = [c for c in flat if cstart <= c.start and c.end <= vstart
                    and c.type in ("Company", "Organization")]
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


def region_ancestors(code: str) -> list[str]:
    """Codes of the divisions above ``code``, nearest first."""
    out = []
    regs = regions()
    cur = regs.get(code)
    while cur is not None and cur.parent:
        out.append(cur.parent)
        cur = regs.get(cur.parent)
    return out
