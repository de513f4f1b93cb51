"""Entity mentions in one sentence: gazetteer matches plus patterns for new names.

Why patterns and not a trained model: the service runs offline on a small
machine and must explain itself; the names of regional industry follow a few
productive patterns (…产业链, …产业集群, …股份有限公司, “…”工作举措, 《…》方案,
入选…试点, 在A、B等龙头企业带动下) whose left edge is found by cutting at verbs
and function words. Every mention records the method that found it, which
becomes ``ckg:extractionMethod`` in the graph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from chainkg.ingest.text.gazetteer import Entry, Gazetteer, tokenizer
from chainkg.ingest.text.lexicon import regions

CJK = "\u4e00-\u9fff"


@dataclass
class Mention:
    """A name found in a sentence (offsets are within the sentence)."""

    start: int
    end: int
    name: str
    type: str
    method: str
    aliases: list[str] = field(default_factory=list)
    entry: Entry | None = None  # set when the gazetteer knows it
    nested: bool = False  # may overlap other mentions (awards, designations)
    region: str | None = None  # GB/T 2260 code of a place written as part of the name
    match_forms: list[str] = field(default_factory=list)  # extra forms used only for merging

    @property
    def text_len(self) -> int:
        return self.end - self.start


# Words a name never starts with: verbs, adverbs, function words, generic modifiers.
# A candidate's left context is cut after the last of them.
STOP_WORDS = sorted(
    """
    大力发展 发展 打造 培育 壮大 做强 做大 做优 做精 做实 延伸 聚焦 围绕 建设 建成 形成 构建 推动 推进
    加快 加速 支持 引进 引育 落地 布局 提升 完善 强化 深化 实施 落实 开展 依托 带动 助推 促进 服务
    成为 作为 重点 着力 全力 持续 不断 积极 进一步 其中 包括 涵盖 以及 及其 还有 拥有 具有 实现
    突破 超过 达到 达 超 成功 入选 入围 获评 获批 认定 荣获 获得 获 列入 纳入 跻身 位列 新增 新培育
    培育出 引导 鼓励 组织 组建 推出 出台 印发 制定 发布 启动 牵头 联合 携手 参与 承担 负责 主导
    投资 投产 开工 签约 合作 对接 吸引 集聚 聚集 汇聚 瞄准 锚定 抢抓 把握 抓住 立足 面向 坚持
    深入 贯彻 学习 高质量 全面 统筹 协同 一体 加强 优化 升级 转型 培强 育强 领跑 引领 支撑
    和 与 及 或 的 在 为 是 将 把 对 向 以 从 由 被 让 使 于 至 了 已 也 都 均 共 并 而 且 之
    等 着 过 这 该 其 各 各类 各级 一批 多个 多家 首条 首个 首家 一个 一条 一家 又 再 还 更 最
    全市 全省 全区 全县 全国 我市 我省 我区 本市 本省 该市 市里 省里 今年 去年 目前 当前 近年来
    优势 主导 特色 新兴 传统 现代 重要 重大 核心 关键 主要 相关 上下游 龙头 骨干 链主 领军
    千亿级 百亿级 万亿级 五百亿级 省级 国家级 市级 省 国家 市 县 区 首批 第一批 第二批 批 整车 全链条
    """.split(),
    key=len,
    reverse=True,
)
_STOP_RE = re.compile("|".join(map(re.escape, STOP_WORDS)))
#: Single characters that do occur inside company names (信达, 超威, 新希望, 省广) are not cut at.
_COMPANY_STOP_RE = re.compile("|".join(
    map(re.escape, [w for w in STOP_WORDS if len(w) > 1 or w in "的在是将把对向由被与和及等了其从以"])))
_STOP_NO_JI_RE = re.compile("|".join(map(re.escape, [w for w in STOP_WORDS if w != "及"])))
_COUNT_RE = re.compile(r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千]+)[大个条家项只座类批种]")
_PUNCT_RE = re.compile(r"[,，;；:：。!?！？()（）\[\]【】、“”\"'‘’《》\s]")

#: Modifiers that make "X产业链" a class of chains rather than one chain.
GENERIC_HEADS = {
    "", "产业", "优势", "重点", "主导", "特色", "新兴", "传统", "现代", "全", "整个", "本地", "上下游",
    "战略性新兴", "先进制造业", "制造业", "未来", "支柱", "优势主导", "重点产业", "工业", "省级", "国家级",
    "市级", "中小企业特色", "特色优势", "千亿级", "百亿级", "万亿级", "各", "该", "全球", "区域",
    "完整", "相关", "这些", "多条", "多个", "新", "本土", "供应", "创新", "企业", "现代化", "标志性",
    "先进", "首批", "世界级", "国际", "国内", "全国", "省内", "市域", "县域", "特色产业", "产业链",
}
_MAG_CLASS = re.compile(r"^(?:[千百万]亿级|[千百]亿元?级?|\d+亿元?级)")


def trim_left(cand: str, keep_parens: bool = False, keep_ji: bool = False) -> str:
    """Cut a candidate name after the last stop word, count or punctuation mark.

    ``keep_parens`` is for company names: it keeps （苏州） and cuts only at stop
    words that cannot be part of a company's name.
    """
    stop_re = _COMPANY_STOP_RE if keep_parens else (_STOP_NO_JI_RE if keep_ji else _STOP_RE)
    cut = 0
    for m in _PUNCT_RE.finditer(cand):
        if keep_parens and m.group(0) in "()（）":
            continue
        cut = max(cut, m.end())
    for m in stop_re.finditer(cand, cut):
        cut = max(cut, m.end())
    for m in _COUNT_RE.finditer(cand, cut):
        cut = max(cut, m.end())
    rest = cand[cut:]
    rest = _MAG_CLASS.sub("", rest)
    return rest


#: Sector names that jieba tags as verbs (节能环保, 储能, 检验检测): never cut off a name.
_SECTOR_VERBS = {"节能", "制造", "储能", "检测", "检验", "显示", "服务", "生产", "运输", "养老", "托育",
                 "印刷", "包装", "装配", "冶炼", "铸造", "锻造", "物流", "创意", "设计", "研发", "种植",
                 "养殖", "加工", "智造", "通信", "计算", "存储", "传感", "安防", "照明", "测绘"}
_GAZ_FOR_TOKENS: Gazetteer | None = None


@lru_cache(maxsize=4096)
def strip_leading_verb(core: str) -> str:
    """Drop a verb jieba finds at the start of a name (抢占新能源汽车 -> 新能源汽车).

    Why jieba here: the stop-word list knows the usual verbs (发展, 打造, 做强);
    an article may use any other (抢占, 补齐, 拉长). jieba's POS tags catch
    those, with the gazetteer's names as user words so a known name is never cut.
    Only long candidates are checked, so most articles never load jieba.
    """
    if len(core) < 4:
        return core
    tk = tokenizer(_GAZ_FOR_TOKENS)
    words = [(w.word, w.flag) for w in tk.cut(core)]
    if len(words) < 2:
        return core
    word, flag = words[0]
    rest = core[len(word):]
    if flag == "v" and len(word) >= 2 and word not in _SECTOR_VERBS and len(rest) >= 2:
        return rest
    return core


def clean_name(s: str) -> str:
    """Strip spaces and stray quotes around a name."""
    return s.strip().strip("“”\"'‘’ ")


_REGION_FORMS: dict[str, str] | None = None


def region_forms() -> dict[str, str]:
    """Full names of all divisions and short forms of provinces and prefectures -> code."""
    global _REGION_FORMS
    if _REGION_FORMS is None:
        forms: dict[str, str] = {}
        for r in regions().values():
            forms.setdefault(r.name, r.code)
            if r.short:
                forms.setdefault(r.short, r.code)
        _REGION_FORMS = forms
    return _REGION_FORMS


def region_suffix(text: str) -> tuple[str, str] | None:
    """The region name ``text`` ends with (longest), as (form, code)."""
    forms = region_forms()
    for n in range(min(9, len(text)), 1, -1):
        code = forms.get(text[-n:])
        if code:
            return text[-n:], code
    return None


def region_prefix(text: str) -> tuple[str, str] | None:
    """The region name ``text`` starts with (longest), as (form, code)."""
    forms = region_forms()
    for n in range(min(9, len(text) - 2), 1, -1):
        code = forms.get(text[:n])
        if code:
            return text[:n], code
    return None


_MONEY_WORDS = re.compile(r"[零一二两三四五六七八九十百千万亿]+(?:亿|万)元?|亿元|万元|千亿|百亿|万亿")


def _valid_core(core: str) -> bool:
    if core in GENERIC_HEADS or len(core) < 2 or len(core) > 14:
        return False
    if _MONEY_WORDS.search(core):
        return False
    if re.search(r"\d", core) and not re.search(r"[A-Za-z]", core):
        return False
    return bool(re.fullmatch(rf"[{CJK}A-Za-z0-9+·]+", core))


# ---- industry chains and clusters ---------------------------------------------------------
_HEAD_RE = re.compile(r"(产业链|产业集群|制造业集群|集群)(?!群|条|供应链)")
_COORD_SPLIT = re.compile(r"[、和与及]|以及")


def chain_cluster_mentions(s: str) -> list[Mention]:
    """``A、B和C产业链`` -> one chain per item; the same for 产业集群."""
    out: list[Mention] = []
    prev_head_end = 0
    for m in _HEAD_RE.finditer(s):
        head = m.group(1)
        typ = "IndustryChain" if head == "产业链" else "IndustryCluster"
        left_start = max(0, m.start() - 40, prev_head_end)
        prev_head_end = m.end()
        left = s[left_start:m.start()]
        # the clause: from the last hard punctuation mark
        cut = max((p.end() for p in re.finditer(r"[,，;；:：。!?！？“”\"()（）]", left)), default=0)
        clause = left[cut:]
        clause_off = left_start + cut
        lead = re.match(r"[、和与及]+", clause)
        if lead:
            clause = clause[lead.end():]
            clause_off += lead.end()
        if re.search(r"[等]$", clause):
            continue
        # "A及B" without a comma-list is usually one name (生物医药及高端医疗器械)
        keep_ji = "、" not in clause
        splitter = re.compile(r"[和与]|以及") if keep_ji else _COORD_SPLIT
        items = splitter.split(clause)
        # only the first item needs cutting at verbs; later ones follow a separator
        pos = clause_off
        spans: list[tuple[int, str]] = []
        for k, it in enumerate(items):
            sep_len = 0
            if k < len(items) - 1:
                nxt = clause[pos - clause_off + len(it):]
                sep_len = 2 if nxt.startswith("以及") else 1
            spans.append((pos, it))
            pos += len(it) + sep_len
        cores: list[tuple[int, str]] = []
        for k, (p, it) in enumerate(spans):
            core = trim_left(it, keep_ji=keep_ji) if k in (0, len(spans) - 1) else it
            if k == 0:
                core = strip_leading_verb(core)
            cores.append((p + len(it) - len(core), core))
        # an item list counts only if every item is a plausible name
        if len(cores) > 1 and not all(_valid_core(c) for _, c in cores):
            cores = cores[-1:]
        for p, core in cores:
            if not _valid_core(core):
                continue
            if head == "集群" and not core.endswith(("产业", "制造业")):
                # a bare 集群 needs a sector word before it (…装备集群 is fine, 5个集群 is not)
                if len(core) < 3:
                    continue
            # a place written before or inside the name: 醴陵市陶瓷产业集群, 合肥动力电池产业链
            region = None
            start = p
            rp = region_prefix(core)
            if rp and _valid_core(core[len(rp[0]):]):
                core = core[len(rp[0]):]
                region = rp
            else:
                rs = region_suffix(s[max(0, p - 9):p])
                if rs:
                    region = rs
                    start = p - len(rs[0])
            h = "产业链" if typ == "IndustryChain" else ("产业集群" if head == "产业集群" else head)
            name = core + h
            aliases = [core, core + "产业"] if typ == "IndustryChain" else [core]
            if typ == "IndustryCluster" and head != "产业集群":
                aliases.append(core + "产业集群")
            if region:
                aliases.insert(0, region[0] + name)
            last = p == cores[-1][0]
            end = m.end() if last else p + len(core) + (len(region[0]) if rp and region else 0)
            out.append(Mention(start, end, name, typ, "pattern:head-noun", aliases,
                               region=region[1] if region else None))
            if region and start < p:
                # the place itself is a mention too (醴陵市 in 醴陵市陶瓷产业集群)
                out.append(Mention(start, p, region[0], "Region", "pattern:name-prefix",
                                   nested=True, region=region[1]))
    return out


_BECOME_RE = re.compile(r"成为[^,，;；。]{0,16}?(产业链|产业集群)")
_CLAUSE_INITIAL = re.compile(rf"^([{CJK}A-Za-z]{{2,12}}?)(?=向|实现|成为|加快|突破|达到|持续|保持|"
                             r"是|已|正|将|通过|依托|凭借|不断|迈向|跃升|规模|产值|营收)")


def become_mentions(s: str, found: list[Mention]) -> list[Mention]:
    """``X向…转型，成为首条突破千亿元产业链``: X is the chain."""
    out = []
    for m in _BECOME_RE.finditer(s):
        if any(f.start <= m.start() < f.end or m.start() <= f.start < m.end() for f in found
               if f.type in ("IndustryChain", "IndustryCluster")):
            continue
        head = m.group(1)
        before = s[: m.start()]
        clauses = [c for c in re.split(r"[,，;；]", before)]
        offs = []
        pos = 0
        for c in clauses:
            offs.append(pos)
            pos += len(c) + 1
        for c, off in reversed(list(zip(clauses, offs, strict=True))):
            c2 = c.strip()
            mm = _CLAUSE_INITIAL.match(c2)
            if mm and _valid_core(mm.group(1)) and not _STOP_RE.match(mm.group(1)):
                core = mm.group(1)
                st = off + c.index(core)
                typ = "IndustryChain" if head == "产业链" else "IndustryCluster"
                name = core + head
                aliases = [core, core + "产业"] if head == "产业链" else [core]
                out.append(Mention(st, st + len(core), name, typ, "pattern:become-head", aliases))
                break
    return out


# ---- companies ---------------------------------------------------------------------------
_LEGAL_RE = re.compile(
    rf"([{CJK}A-Za-z0-9()]{{2,30}}?)(集团股份有限公司|股份有限公司|有限责任公司|集团有限公司|有限公司|"
    r"集团公司|集团)(?![\u4e00-\u9fff]{0,1}(?:化|内|外|层面|军))"
)
#: What follows a place name in a company's short form (宁德时代, 江西铜业, 苏州银行).
COMPANY_TAILS = sorted(
    """钼业 铝业 铜业 锌业 镍业 钴业 锂业 钛业 矿业 药业 煤业 纸业 乳业 酒业 钢铁 钢 化工 石化 重工 电气 电子
    电器 科技 股份 控股 实业 机械 机床 轴承 玻璃 银行 农商银行 证券 能源 时代 动力 汽车 客车 光电 新材
    制药 生物 医药 光伏 锂电 智能 精工 精密 建工 建投 城投 交投 水务 燃气 热电 电力 发展 投资 高科 高新
    一拖 重机 特钢 铝箔 硅业 磁材 航空 船舶 纺织 食品 啤酒""".split(),
    key=len,
    reverse=True,
)
_TAIL_RE = re.compile("|".join(COMPANY_TAILS))
_AFTER_NAME = re.compile(r"$|[,，;；。、:：()（）“”\"\s]|入围|入选|获|荣|位列|跻身|是|的|在|等|和|与|"
                         r"及|为|将|已|已经|成功|公司|集团|旗下|投资|建设|实现|营收|营业|产值|年产|总部|"
                         r"带动|牵头|作为|成为|以|通过|还|也|近|上市|项目")
_GENERIC_COMPANY = {"公司", "集团", "有限公司", "企业集团", "本公司", "该公司", "子公司", "上市公司",
                    "母公司", "控股公司", "分公司", "投资公司", "国有企业集团", "企业", "国资集团"}


def company_mentions(s: str, regions_found: list[tuple[int, int]]) -> list[Mention]:
    """Legal names (…股份有限公司, …集团) and place-name short forms (江西铜业)."""
    out: list[Mention] = []
    for m in _LEGAL_RE.finditer(s):
        core = trim_left(m.group(1), keep_parens=True)
        if core.count("(") != core.count(")"):
            core = core[core.find(")") + 1:] if ")" in core else core.lstrip("(")
        if not core or len(core) < 2 or core + m.group(2) in _GENERIC_COMPANY:
            continue
        if re.fullmatch(r"[\d()]+", core):
            continue
        st = m.end(1) - len(core)
        name = core + m.group(2)
        short = re.sub(r"(集团股份有限公司|股份有限公司|有限责任公司|集团有限公司|有限公司|集团公司)$", "",
                       name)
        aliases = [short] if short != name and len(short) >= 2 else []
        # 安徽江淮汽车集团股份有限公司 also answers to 江淮汽车 (for merging, not as an alias)
        bare = re.sub(r"\([^)]*\)", "", re.sub(r"集团$", "", short))
        rp = region_prefix(bare)
        forms = [bare[len(rp[0]):]] if rp and len(bare) - len(rp[0]) >= 3 else []
        if bare != short and len(bare) >= 3:
            forms.append(bare)
        out.append(Mention(st, m.end(), name, "Company", "pattern:legal-suffix", aliases,
                           region=rp[1] if rp else None, match_forms=forms))
    for rs, re_ in regions_found:
        m = _TAIL_RE.match(s, re_)
        if not m:
            # one or two characters of brand between place and tail (苏州银行 has none; 江苏恒瑞医药 has 2)
            mm = re.compile(rf"[{CJK}]{{1,2}}").match(s, re_)
            if mm:
                m2 = _TAIL_RE.match(s, mm.end())
                if m2 and m2.group(0) not in ("发展", "投资", "科技", "智能", "能源", "汽车", "电子"):
                    m = m2
        if not m:
            continue
        if not _AFTER_NAME.match(s, m.end()):
            continue
        name = s[rs:m.end()]
        out.append(Mention(rs, m.end(), name, "Company", "pattern:place-short-form"))
    return out


# ---- enumerations governed by a company/project cue -------------------------------------------
_ENUM_CUES = [
    re.compile(r"在(?P<list>[^,，;；。等]{2,60}?)(?:等[\u4e00-\u9fff]{0,4}?)?(?:[两二三四五六七八九十\d]+[大家个])?"
               r"(?:一批)?(?:龙头|链主|重点|骨干|领军|标杆|重大)(?P<kind>企业|项目|工程)?(?:的)?"
               r"(?:带动|牵引|引领|支撑)下"),
    re.compile(r"以(?P<list>[^,，;；。等]{2,60}?)(?:等)?为(?:代表|龙头|引领|牵引|核心)"),
    re.compile(r"(?:^|[,，;；。])(?P<list>[^,，;；。、]{2,12}?)(?:是|作为|为)[^,，;；。]{0,24}?"
               r"(?:链主企业|链主|龙头企业|领军企业|骨干企业)"),
    re.compile(r"(?:龙头企业|链主企业|领军企业|骨干企业)(?P<list>[^,，;；。等]{2,60}?)(?=等|为代表|领衔|牵头|"
               r"带动)"),
    re.compile(r"(?:引进|落地|签约|集聚|培育了|拥有)(?:了)?(?P<list>[^,，;；。]{2,60}?)等(?:一批)?"
               r"(?:龙头|链主|重点|骨干|领军|知名|优质)?(?P<kind>企业|项目)"),
]
_PROJECT_SHAPE = re.compile(r"(?:\d|[一二两三四五六七八九十百千万亿]+)(?:万|亿)?(?:吨|千瓦|瓦|GW|MW|台|套|辆|片|"
                            r"平方米|亩)|年产|项目$|基地$|工程$|产业园$")


def enumeration_mentions(s: str) -> list[Mention]:
    """Items listed before 龙头企业/项目 or after 龙头企业: companies, or projects by their shape."""
    out: list[Mention] = []
    for rx in _ENUM_CUES:
        for m in rx.finditer(s):
            lst = m.group("list")
            lst_off = m.start("list")
            parts = re.split(r"(、|和|与|及|以及)", lst)
            pos = lst_off
            items: list[tuple[int, str]] = []
            for part in parts:
                if part in ("、", "和", "与", "及", "以及"):
                    pos += len(part)
                    continue
                items.append((pos, part))
                pos += len(part)
            if not items:
                continue
            p0, first = items[0]
            core0 = strip_leading_verb(trim_left(first))
            items[0] = (p0 + len(first) - len(core0), core0)
            for p, it in items:
                it = clean_name(it)
                if not (2 <= len(it) <= 16) or it in GENERIC_HEADS or it in _GENERIC_COMPANY:
                    continue
                if _STOP_RE.fullmatch(it):
                    continue
                if _PROJECT_SHAPE.search(it):
                    name = it if it.endswith(("项目", "基地", "工程", "产业园")) else it + "项目"
                    aliases = [it] if name != it else []
                    out.append(Mention(p, p + len(it), name, "Project", "pattern:leader-list",
                                       aliases))
                else:
                    out.append(Mention(p, p + len(it), it, "Company", "pattern:leader-list"))
    return out


_PROJECT_RE = re.compile(rf"([{CJK}A-Za-z0-9.]{{3,30}}?)项目")
_GENERIC_PROJECT = re.compile(r"^(?:重点|重大|工业|研发|产业化|招商|在建|新开工|续建|亿元以上|一批|"
                              r"建设|技改|技术改造|科技|示范|试点|各类|储备|签约|投资|省重点|市重点|"
                              r"产业|制造业|民生|基础设施|合作|政府|专项|攻关|建设类|重点工业|"
                              r"重点建设|重大工业|重点产业)+$")


def project_mentions(s: str) -> list[Mention]:
    """Named projects: ``年产10万吨正极材料项目``, ``比亚迪合肥基地项目`` (not 重点工业项目)."""
    out = []
    for m in _PROJECT_RE.finditer(s):
        core = trim_left(m.group(1))
        if len(core) < 3 or _GENERIC_PROJECT.match(core):
            continue
        if re.fullmatch(r"[\d.]+[个项家]?", core) or _COUNT_RE.match(core):
            continue
        developed = bool(re.search(r"(?:投资|投建|建设|承建|实施|打造)的$", s[:m.end(1) - len(core)]))
        if not (_PROJECT_SHAPE.search(core) or developed or
                re.search(r"基地|工厂|产业园|中心|生产线|产线|工程|一期|二期|三期|扩建|技改", core)):
            continue
        st = m.end(1) - len(core)
        out.append(Mention(st, m.end(), core + "项目", "Project", "pattern:project", [core]))
    return out


# ---- policies and designations ------------------------------------------------------------
_POLICY_HEADS = "|".join(sorted(
    """工作举措 举措 行动计划 行动方案 三年行动计划 三年行动 专项行动 行动 工程 计划 战略 方案 试点 政策 专项
    梯次培育 培育计划 培育工程 工作法 体系 政策体系 产业体系 现代化产业体系 现代产业体系 机制 模式 示范区 示范城市 改革
    发展战略""".split(), key=len, reverse=True))
_QUOTED_HEAD_RE = re.compile(r"“([^”]{1,20})”((?:发展|产业|工作|专项|攻坚|提升|培育|创新)?(?:"
                             + _POLICY_HEADS + r"))")
_BOOK_RE = re.compile(r"《([^》]{2,60})》")
_DOC_TAIL = re.compile(r"(方案|规划|意见|办法|措施|计划|条例|通知|政策|纲要|指南|细则|决定|行动|若干规定|"
                       r"工作要点|指导目录|清单)$")
_QUOTED_RE = re.compile(r"“([^”]{1,14})”")
_NUMERAL_IN = re.compile(r"[一二两三四五六七八九十百千双\d]")
_PLAN_ONLY = re.compile(r"^十[一二三四五六七八九]五(规划)?$")
_PROGRAMME_BEFORE = re.compile(r"(?:企业|开展|实施|推进|推行|深化|落实|启动|推广|开展了|实施了)$")
_SELECT_RE = re.compile(r"(?P<verb>成功入选|入选|入围|获批|列入|纳入|跻身|获评|被评为|认定为|荣获|荣登|"
                        r"位列|上榜)(?P<obj>[^,，;；。]{2,40}?)(?=[,，;；。、]|$|并|获|的|成为)")
_PREFIX_LEVEL = re.compile(r"^(?:国家级|省级|市级|国家|省|市|全国|首批|第[一二三四五六七八九十\d]+批)+")


def policy_mentions(s: str) -> list[Mention]:
    """Programmes and measures: quoted names with a head noun, 《…》 documents, numbered slogans."""
    out: list[Mention] = []
    for m in _QUOTED_HEAD_RE.finditer(s):
        inner = m.group(1)
        if _PLAN_ONLY.match(inner):
            continue
        name = f"“{inner}”{m.group(2)}"
        aliases = [inner + m.group(2), inner]
        # a topic noun just before the quote is part of the long name (产业发展“1+5+N”工作举措)
        pre = trim_left(s[max(0, m.start() - 8):m.start()])
        if pre and 2 <= len(pre) <= 6:
            aliases.append(pre + name)
        out.append(Mention(m.start(), m.end(), name, "Policy", "pattern:quoted-programme", aliases))
    for m in _BOOK_RE.finditer(s):
        inner = m.group(1)
        if _DOC_TAIL.search(re.sub(r"\([^)]*\)$", "", inner)):
            out.append(Mention(m.start(), m.end(), f"《{inner}》", "Policy", "pattern:document-title",
                               [inner]))
    for m in _QUOTED_RE.finditer(s):
        inner = m.group(1)
        if _PLAN_ONLY.match(inner) or any(o.start <= m.start() < o.end for o in out):
            continue
        if re.fullmatch(r"[\d.]+", inner):
            continue
        numbered = bool(_NUMERAL_IN.search(inner)) and len(inner) <= 10
        programme = bool(_PROGRAMME_BEFORE.search(s[max(0, m.start() - 4):m.start()]))
        if not (numbered or programme) or re.search(r"[为是把的]", inner):
            continue
        after = s[m.end():m.end() + 4]
        name = f"“{inner}”"
        aliases = [inner]
        head = re.match(r"(风口产业|产业|企业)", after)
        if head:
            aliases.append(name + head.group(1))
        out.append(Mention(m.start(), m.end(), name, "Policy", "pattern:quoted-slogan", aliases))
    return out


def designation_mentions(s: str) -> list[Mention]:
    """Objects of 入选/获评/荣获…: lists, pilots, rankings and awards a region or company joined.

    Rankings (…500强) become Designations; pilots, lists and awards are Policy. They may
    contain other names (国务院督查激励 contains 国务院), so they are nested mentions.
    """
    out = []
    for m in _SELECT_RE.finditer(s):
        obj = m.group("obj")
        if re.match(r"(?:\d|[一二两三四五六七八九十])", obj):
            continue
        start = m.start("obj")
        if m.group("verb") in ("荣获", "获评", "被评为") or re.search(r"(奖|激励|称号|荣誉|表彰)$", obj):
            typ = "Policy"
            kind = "award"
        elif re.search(r"\d+强$|百强$|强榜$|榜单$|排行榜$", obj):
            typ, kind = "Designation", "ranking"
        elif re.search(r"(试点|示范|名单|企业|工厂|基地|城市|园区|平台|中心|项目|计划|工程|集群)”?$", obj):
            typ, kind = "Policy", "list"
        else:
            continue
        quoted = re.search(r"“([^”]{1,14})”$", obj)
        if quoted:
            name = quoted.group(0)
            aliases = [obj, quoted.group(1)]
        else:
            stripped = _PREFIX_LEVEL.sub("", obj)
            rp = region_prefix(stripped)
            if rp:
                stripped = _PREFIX_LEVEL.sub("", stripped[len(rp[0]):])
            name = stripped if len(stripped) >= 3 else obj
            aliases = [obj] if name != obj else []
        mt = Mention(start, start + len(obj), name, typ, f"pattern:{kind}", aliases, nested=True)
        out.append(mt)
    return out


# ---- organizations -----------------------------------------------------------------------------
_AGENCY = (r"人民政府|政府|工业和信息化局|工业和信息化厅|工信局|工信厅|发展和改革委员会|发展改革委|发改委|统计局|"
           r"商务局|商务厅|科技局|科技厅|财政局|财政厅|管委会|管理委员会|生态环境局|市场监督管理局|人大常委会")
_AGENCY_RE = re.compile(rf"(?:{_AGENCY})")


def organization_mentions(s: str, regions_found: list[tuple[int, int]]) -> list[Mention]:
    """A region followed by a government body: 湖南省工业和信息化厅, 苏州市人民政府."""
    out = []
    for rs, re_ in regions_found:
        m = _AGENCY_RE.match(s, re_)
        if m:
            out.append(Mention(rs, m.end(), s[rs:m.end()], "Organization", "pattern:agency"))
    return out


def gazetteer_mentions(s: str, gaz: Gazetteer) -> list[Mention]:
    """Known names; the first entry of an ambiguous form is a placeholder resolved later."""
    out = []
    for st, en, form, entries in gaz.find(s):
        e = entries[0]
        # a place name glued to more CJK that is not a suffix is probably part of another word
        out.append(Mention(st, en, e.name, e.type, "gazetteer", [form] if form != e.name else [],
                           entry=e))
    return out


def resolve_overlaps(cands: list[Mention]) -> list[Mention]:
    """Longest non-overlapping mentions win; nested ones are kept beside them."""
    flat = [c for c in cands if not c.nested]
    nested = [c for c in cands if c.nested]
    prio = {"gazetteer": 0}
    flat.sort(key=lambda c: (-(c.end - c.start), prio.get(c.method, 1), c.start))
    taken: list[Mention] = []
    occupied = bytearray(max((c.end for c in flat), default=0) + 1)
    for c in flat:
        if any(occupied[i] for i in range(c.start, c.end)):
            continue
        for i in range(c.start, c.end):
            occupied[i] = 1
        taken.append(c)
    taken.sort(key=lambda c: c.start)
    return taken + nested


def sentence_mentions(s: str, gaz: Gazetteer) -> list[Mention]:
    """All mentions of one normalized sentence."""
    global _GAZ_FOR_TOKENS
    _GAZ_FOR_TOKENS = gaz
    gm = gazetteer_mentions(s, gaz)
    regions_found = [(m.start, m.end) for m in gm if m.type == "Region"]
    cands = list(gm)
    cc = chain_cluster_mentions(s)
    cands += cc
    cands += become_mentions(s, cc)
    cands += company_mentions(s, regions_found)
    cands += enumeration_mentions(s)
    cands += project_mentions(s)
    cands += policy_mentions(s)
    cands += organization_mentions(s, regions_found)
    cands += designation_mentions(s)
    # a gazetteer name inside a pattern's name (江西 in 江西铜业) yields to the longer one,
    # but a pattern mention that only re-finds a known name takes the known entry.
    known = {m.name: m for m in gm}
    for c in cands:
        if c.entry is None:
            for f in [c.name, *c.aliases]:
                entries = gaz.lookup(f)
                if entries and entries[0].type in (c.type, "Policy", "Organization"):
                    c.entry = entries[0]
                    c.name = entries[0].name
                    break
    del known
    nested = [c for c in cands if c.nested]
    flat_policies = [c for c in cands if not c.nested and c.type == "Policy"]
    keep = []
    for c in cands:
        if c.nested:
            # a designation that is mostly a known programme is that programme
            inner = [f for f in flat_policies if c.start <= f.start and f.end <= c.end
                     and (f.end - f.start) >= 0.6 * len(c.name)]
            if inner:
                continue
        elif c.type in ("IndustryChain", "IndustryCluster") and c.method == "pattern:head-noun":
            # 入选国家先进制造业集群: the object of a designation is not a local cluster
            if any(n.start <= c.start and c.end <= n.end for n in nested):
                continue
        keep.append(c)
    return resolve_overlaps(keep)
