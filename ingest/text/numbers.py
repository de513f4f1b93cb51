"""Numbers as Chinese articles write them: 1286.5, 1,140, 2.3万, 3千, 千亿, 一千二, 两千五亿.

Why: statistics are stored as ``xsd:decimal`` with a unit and a power-of-ten
multiplier, so ``千亿元`` must become 1000 x 10^8 元 and ``1.8万家`` 1.8 x 10^4 家,
exactly, without float rounding.

Chinese numerals are read by cn2an (``normal`` mode: 一千二 = 1200, 三万五 = 35000,
一百零五 = 105, 十二万 = 120000, 二〇二三 = 2023). Our own code covers what cn2an
refuses or gets inexact, each marked where it is used: a bare magnitude (千, 万亿),
a section abbreviated before a big unit (两千五亿 = 2500亿; cn2an raises on it, and
the old hand-written reader gave 2005亿), a trailing digit after a big unit (一亿二 =
1.2亿), and Arabic digits with a magnitude (1.2万, 2.5万亿), which cn2an returns as
floats.

How a statistic keeps its unit (the gold convention, ANNOTATION.md): the number
"as written" stays with the magnitude the text puts before the base unit, and the
magnitude words that are not units (千, 百, 十 before 万/亿) are multiplied out:
1.8万家 = 1.8 万家, 7万亿元 = 7 万亿元, 3千万元 = 3000 万元, 3千家 = 3000 家. A number
written only in characters is converted and keeps its last big unit (万 or 亿):
千亿元 = 1000 亿元, 万亿元 = 10000 亿元, 两千五亿元 = 2500 亿元, 十二万人 = 12 万人,
上万人 = 1 万人 (see ``split_magnitude``).
"""

from __future__ import annotations

import re
import warnings
from decimal import Decimal, InvalidOperation

CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
            "七": 7, "八": 8, "九": 9}
CN_SMALL = {"十": 10, "百": 100, "千": 1000}
CN_BIG = {"万": 10**4, "亿": 10**8}
CN_NUM_CHARS = "零〇一二两三四五六七八九十百千万亿"

#: Magnitude words between a number and its base unit, as powers of ten.
MAGNITUDE = {"万亿": 12, "千亿": 11, "百亿": 10, "十亿": 9, "亿": 8, "千万": 7, "百万": 6,
             "十万": 5, "万": 4}
#: The magnitudes a unit keeps as written (亿元, 万家, 万亿元); the others are multiplied out.
UNIT_MAGNITUDES = ("万亿", "亿", "万")

#: An Arabic number, or a Chinese one (big units inside: 三万五千, 一亿二千万).
NUM_RE = (r"(?:\d+(?:,\d{3})*(?:\.\d+)?|[零〇一二两三四五六七八九十百千万亿]*"
          r"[零〇一二两三四五六七八九十百千](?:点[零〇一二三四五六七八九]+)?)")

_cn2an = None


def _cn2an_int(s: str) -> int | None:
    """cn2an's reading of an integer numeral, or None when it refuses it."""
    global _cn2an
    if _cn2an is None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import cn2an

        _cn2an = cn2an
    try:
        v = _cn2an.cn2an(s, "normal")
    except (ValueError, KeyError, TypeError):
        return None
    return v if isinstance(v, int) else None


def _section(s: str) -> int:
    """A numeral below 10^4 (our reader; 两千五 = 2500, 十五 = 15, 一百零五 = 105, 千 = 1000)."""
    total, num, last_unit, zero = 0, None, 0, False
    for ch in s:
        if ch in CN_DIGIT:
            num = CN_DIGIT[ch]
            if num == 0:
                zero = True
        elif ch in CN_SMALL:
            total += (1 if num is None else num) * CN_SMALL[ch]
            last_unit, num, zero = CN_SMALL[ch], None, False
        else:
            raise ValueError(f"not a Chinese numeral: {s!r}")
    if num is not None:
        # 两千五: a digit right after a unit is one order below it, unless 零 came between
        total += num * (last_unit // 10) if last_unit >= 100 and not zero else num
    return total


def _own_int(s: str) -> int:
    """Our reader for what cn2an refuses: 两千五亿, 一亿二, 千亿, 万亿, 百."""
    total, rest = 0, s
    for big, mult in (("亿", 10**8), ("万", 10**4)):
        if big in rest:
            head, rest = rest.split(big, 1)
            if big == "亿" and "万" in head:  # 万亿: 1万 x 亿
                hv = _own_int(head) if head.strip("万") else 10**4
            else:
                hv = _section(head) if head else 1
            total += hv * mult
            if rest and all(ch in CN_DIGIT for ch in rest) and len(rest) == 1 and \
                    not s.endswith("零" + rest):
                # 一亿二 = 1.2亿, 三万五 = 35000: a lone digit after a big unit
                return total + CN_DIGIT[rest] * mult // 10
    return total + (_section(rest) if rest else 0)


def parse_cn_int(s: str) -> int:
    """``一千二`` -> 1200, ``十五`` -> 15, ``两千五亿`` -> 250000000000, ``三五`` -> 35."""
    if not s:
        raise ValueError("empty numeral")
    if any(ch not in CN_NUM_CHARS for ch in s):
        raise ValueError(f"not a Chinese numeral: {s!r}")
    if all(ch in CN_DIGIT for ch in s):
        return int("".join(str(CN_DIGIT[ch]) for ch in s))  # digit by digit: 二〇二三
    if any(ch in CN_DIGIT and ch != "零" for ch in s):
        v = _cn2an_int(s)
        if v is not None:
            return v
    return _own_int(s)  # cn2an refuses: bare magnitudes, 两千五亿, 一亿二


def parse_number(s: str) -> Decimal:
    """A written number (Arabic, Chinese or mixed with 千/万/亿) as an exact Decimal."""
    s = s.strip().replace(",", "")
    if not s:
        raise ValueError("empty number")
    try:
        return Decimal(s)
    except InvalidOperation:
        pass
    # digits with a magnitude (1.2万, 3千, 2.5万亿): exact here, cn2an would give a float
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([十百千万亿]+)", s)
    if m:
        value = Decimal(m.group(1))
        for ch in m.group(2):
            value *= {**CN_SMALL, **CN_BIG}[ch]
        return value
    if "点" in s:
        whole, frac = s.split("点", 1)
        big = ""
        while frac and frac[-1] in CN_BIG:  # 一点五亿
            big = frac[-1] + big
            frac = frac[:-1]
        digits = "".join(str(CN_DIGIT[ch]) for ch in frac)
        value = Decimal(parse_cn_int(whole) if whole else 0) + Decimal("0." + (digits or "0"))
        for ch in big:
            value *= CN_BIG[ch]
        return value
    return Decimal(parse_cn_int(s))


def split_magnitude(nums: str, mag: str = "") -> tuple[Decimal, str]:
    """A number and the magnitude written after it -> (value, the magnitude the unit keeps).

    ``("1.8", "万")`` -> (1.8, 万); ``("7", "万亿")`` -> (7, 万亿); ``("3", "千万")`` ->
    (3000, 万); ``("两千五", "亿")`` -> (2500, 亿); ``("十二万", "")`` -> (12, 万);
    ``("", "万亿")`` (a bare 万亿元) -> (10000, 亿); ``("", "万")`` (上万人) -> (1, 万).
    """
    nums = nums.strip().replace(",", "")
    if nums and not is_chinese_numeral(nums):
        value = Decimal(nums) if re.fullmatch(r"\d+(?:\.\d+)?", nums) else parse_number(nums)
        if not mag or mag in UNIT_MAGNITUDES:
            return value, mag
        keep = next((u for u in UNIT_MAGNITUDES if mag.endswith(u)), "")
        power = {**MAGNITUDE, "千": 3, "百": 2, "十": 1}[mag] - (MAGNITUDE[keep] if keep else 0)
        return value * Decimal(10) ** power, keep
    # characters only: convert the whole numeral, keep its last big unit
    full = nums + mag
    if full in ("万", "亿"):
        return Decimal(1), full
    keep = "亿" if full.endswith("亿") else ("万" if full.endswith("万") else "")
    total = parse_number(full)
    if not keep:
        return total, ""
    return total / Decimal(10) ** MAGNITUDE[keep], keep


def is_chinese_numeral(s: str) -> bool:
    """True when ``s`` is written with Chinese numeral characters only."""
    return bool(s) and all(ch in CN_NUM_CHARS or ch == "点" for ch in s)


def decimal_str(d: Decimal) -> str:
    """Plain decimal notation without exponent or trailing zeros (``1E+3`` -> ``1000``)."""
    s = format(d.normalize(), "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def json_number(d: Decimal) -> int | float:
    """An int when whole, else a float, for the JSON output."""
    return int(d) if d == d.to_integral_value() else float(d)
