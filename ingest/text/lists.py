"""Coordinated lists that share one head: 电子信息、生物医药、高端装备等三条产业链.

Why a parser of its own: on the 12 development articles of benchmarks/devset,
most chains, clusters and short-named companies are written this way, not one
name per head: ``推动石化及化工新材料、汽车、黄金精深加工、葡萄酒等16条重点产业链``,
``有色及贵金属、高端装备、电子信息3个千亿级和汽车、…4个百亿级产业集群``,
``亿纬动力、新宙邦、恩捷、科达利、雄韬锂电等新能源新材料头部企业``. Before the head
sit a *zone* (等, ……, a count such as 16条 / 8个 / 一批, and modifiers such as 重点,
千亿级, 临港, 长沙的优势) and, before it, the items separated by 、. What is inside an
item stays inside (软件和信创, 半导体及光子, 乘用车与智能网联汽车: real lists put 和/与/及
inside items as often as between them), except that a final ``A和B`` is split when no
other item contains 和 (``A、B和C产业链``) or when the count says so (``汽车及零部件和智能
家电两个产业集群`` is two); a single ``A和B产业集群`` with no count is one name (the
development set's annotators kept 44 of 44 whole). A count after the list is kept
(``count``): it is a statistic about the items, and it checks the split. After the count a
description may stand that ends in 的 (``8个优势明显、集中度高、有竞争力的标志性产业集群``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: Characters that end an item list to the left (hard punctuation of a clause).
_HARD = set(",，;；:：。!?！？“”\"《》「」")
_NUMERAL = r"(?:\d+|[一二两三四五六七八九十百千]+)"
_COUNT_AT = re.compile(rf"(?<!第)(?:(?:超|近|约)?{_NUMERAL}(?:多|余)?(?:个|条|家|户|大|项|类|座|只|批)|一大批|一批|"
                       r"多个|多家|多条|若干)")
_ETC = re.compile(r"等等|等|……|…")
#: a count followed by a description that ends in 的 (8个优势明显、集中度高、关联性强的标志性)
_DE_ZONE = re.compile(rf"(?<![第、])(?P<count>{_NUMERAL}(?:个|条|大))"
                      r"(?P<mods>[^,，;；:：。!?！？“”\"《》()（）\d]{4,40}的[^、的,，;；。]{0,8})$")
_ZONE_HARD = _HARD - set("“”\"")
#: a scale class written before an item (千亿级, 万亿元级, 500亿级)
_CLASS_AT = re.compile(r"(?:[一二两三四五六七八九十]?[千百万]亿|万亿|\d+亿)元?级")


@dataclass
class HeadList:
    """The items a head noun shares, with what stands between them and the head."""

    items: list[tuple[int, str]]  # (start in the sentence, text)
    zone: str = ""  # 等8个万亿元级 (between the last item and the head)
    count: int | None = None  # 8 (when the zone has a count)
    etc: bool = False  # 等 / …… in the zone: the list may be partial
    modifiers: str = ""  # 万亿元级, 重点, 长沙的优势 (after the count)
    extra: list[HeadList] = field(default_factory=list)  # an earlier list sharing the same head


def _count_value(txt: str) -> int | None:
    m = re.search(_NUMERAL, txt)
    if not m:
        return None
    from chainkg.ingest.text.numbers import parse_number

    try:
        return int(parse_number(m.group(0)))
    except (ValueError, ArithmeticError):
        return None


def _zone(left: str) -> tuple[int, str, int | None, bool, str] | None:
    """Where the zone starts in ``left`` (text right before the head), if it has 等/…/a count."""
    dm = _DE_ZONE.search(left, max(0, len(left) - 60))  # the zone is at most 55 characters long
    if dm and not re.search(r"[、和及与]$", left[:dm.start()]):
        # 打造A、B…8个优势明显、集中度高、有竞争力的标志性产业集群: the count, then what the items are like
        count = _count_value(dm.group("count"))
        return dm.start(), dm.group(0), count, False, dm.group("mods")
    best = None
    for rx in (_ETC, _COUNT_AT):
        for m in rx.finditer(left, max(0, len(left) - 18)):
            between = left[m.end():]
            if any(ch in _ZONE_HARD or ch == "、" for ch in between):
                continue
            if best is None or m.start() < best:
                # the earliest marker of the last run: 等8个 starts at 等
                best = m.start()
    if best is None:
        return None
    zone = left[best:]
    if any(ch in _ZONE_HARD or ch == "、" for ch in zone):
        return None
    etc = bool(_ETC.match(zone))
    rest = zone
    em = _ETC.match(rest)
    if em:
        rest = rest[em.end():]
        rest = re.sub(r"^在内的?", "", rest)
    cm = _COUNT_AT.match(rest)
    count = None
    mods = rest
    if cm:
        count = _count_value(cm.group(0)) if re.search(r"\d|[一二两三四五六七八九十]", cm.group(0)) and \
            cm.group(0) not in ("一批", "一大批") else None
        mods = rest[cm.end():]
    if not etc and not cm:
        return None
    return best, zone, count, etc, mods


def _scan_items(s: str, end: int, window: int) -> list[tuple[int, str]]:
    """Items separated by 、 that end at ``end``, leftwards to the clause start."""
    items: list[tuple[int, str]] = []
    if end > 0 and s[end - 1] == "、":
        return []  # 产业协会、产业链联盟: the head opens an item of its own; no item before it shares it
    lo = max(0, end - window)
    i = end
    cur_end = end
    depth = 0
    while i > lo:
        ch = s[i - 1]
        if ch in ")）":
            depth += 1
        elif ch in "(（":
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and ch == "、":
            items.append((i, s[i:cur_end]))
            cur_end = i - 1
        elif depth == 0 and ch.isspace() and (s[i:i + 1] in "(（" or s[i - 2:i - 1] in ")）"):
            pass  # 电子信息 ( 大数据 ) 四个千亿级: a reprint's spaces around half-width brackets
        elif depth == 0 and (ch in _HARD or ch.isspace() or ch in "%‰·—-"):
            break
        i -= 1
    items.append((i, s[i:cur_end]))
    items.reverse()
    return [(a, t) for a, t in items if t]


_SPLIT_AND = re.compile(r"以及|和")
_SPLIT_ANY = re.compile(r"以及|和|与|及")


def _split_final(items: list[tuple[int, str]], count: int | None, etc: bool) -> list[tuple[int, str]]:
    """Split a final ``A和B`` (see the module docstring)."""
    if not items:
        return items
    p, last = items[-1]
    inner_and = any(_SPLIT_AND.search(t) for _, t in items[:-1])
    if count is not None and len(items) == count:
        return items  # 装备制造、…、电子信息和数字经济等五大产业集群: five items, five clusters
    want = None if (etc or count is None) else count
    if want is not None:
        for rx in (_SPLIT_AND, _SPLIT_ANY):
            parts = rx.split(last)
            if len(items) - 1 + len(parts) == want and all(len(x) >= 2 for x in parts):
                return items[:-1] + _positions(p, last, parts, rx)
        return items
    classed = any(_CLASS_AT.match(x) for x in [last, *_SPLIT_AND.split(last)[1:2]])
    if inner_and or len(items) == 1 and not classed:
        # 液晶电视和服务器产业集群, 合肥市先进光伏和新型储能集群: one item and no count is one name
        # (the development set's annotators kept 44 of 44 such names whole); not when a class is
        # given to both (千亿级A和B产业集群: two clusters, as the seed's gold reads it)
        # or to each (万亿级电子信息和千亿级装备制造产业集群)
        return items
    parts = _SPLIT_AND.split(last)
    if len(parts) == 2 and all(len(x) >= 2 for x in parts):
        return items[:-1] + _positions(p, last, parts, _SPLIT_AND)
    return items


def _positions(p: int, text: str, parts: list[str], rx: re.Pattern[str]) -> list[tuple[int, str]]:
    out = []
    pos = 0
    for part in parts:
        k = text.index(part, pos)
        out.append((p + k, part))
        pos = k + len(part)
    del rx
    return out


_TWO_LISTS = re.compile(rf"^(?P<a>.+?)(?P<zone>{_NUMERAL}(?:多|余)?(?:个|条|家|大)(?P<mods>[^、和及与]{{0,8}}?))"
                        r"(?:和|及|与|以及)(?P<b>.+)$")


def head_list(s: str, head_start: int, left_limit: int = 0, window: int = 90,
              single: bool = True) -> HeadList | None:
    """The list of items before the head at ``head_start`` (None when there is none).

    ``single``: also return a one-item list when there is no zone (``X产业链``).
    """
    left = s[max(left_limit, head_start - window):head_start]
    off = head_start - len(left)
    z = _zone(left)
    if z is None:
        if not single:
            return None
        items = _scan_items(s, head_start, min(window, head_start - left_limit))
        items = [(a, t) for a, t in items if a >= left_limit]
        items = _split_final(items, None, False)
        return HeadList(items) if items else None
    zstart, zone, count, etc, mods = z
    end = off + zstart
    items = [(a, t) for a, t in _scan_items(s, end, min(window, end - left_limit)) if a >= left_limit]
    if not items and not etc and count is None:
        return None
    # 有色及贵金属、…电子信息3个千亿级和汽车、…清洁能源4个百亿级产业集群: two lists, one head
    extra: list[HeadList] = []
    for k, (p, t) in enumerate(items):
        m = _TWO_LISTS.match(t)
        if m and k < len(items):
            first = items[:k] + [(p, m.group("a"))]
            c1 = _count_value(m.group("zone"))
            extra.append(HeadList(_split_final(first, c1, False), m.group("zone"), c1, False,
                                  m.group("mods")))
            items = [(p + m.start("b"), m.group("b"))] + items[k + 1:]
            break
    items = _split_final(items, count, etc)
    if items and _LEADING_AND.match(items[0][1]):
        # …2个千亿产业集群和数字经济、化工循环…4个百亿产业集群: the 和 joins the two lists; no
        # name starts with a conjunction
        a, t = items[0]
        k = _LEADING_AND.match(t).end()
        items[0] = (a + k, t[k:])
    return HeadList(items, zone, count, etc, mods, extra)


_LEADING_AND = re.compile(r"(?:以及|和|与|及)(?=[\u4e00-\u9fff]{2})")
