"""Numbers as Chinese articles write them: 1286.5, 1,140, 2.3万, 千亿, 一千, 两百五十.

Why: statistics are stored as ``xsd:decimal`` with a unit and a power-of-ten
multiplier, so ``千亿元`` must become 1000 x 10^8 元 and ``1.8万家`` 1.8 x 10^4 家,
exactly, without float rounding.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
            "七": 7, "八": 8, "九": 9}
CN_SMALL = {"十": 10, "百": 100, "千": 1000}
CN_BIG = {"万": 10**4, "亿": 10**8}
CN_NUM_CHARS = "零〇一二两三四五六七八九十百千万亿"

#: Magnitude words between a number and its base unit, as powers of ten.
MAGNITUDE = {"万亿": 12, "千亿": 11, "百亿": 10, "十亿": 9, "亿": 8, "千万": 7, "百万": 6,
             "十万": 5, "万": 4}

NUM_RE = r"(?:\d+(?:,\d{3})*(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+(?:点[零〇一二三四五六七八九]+)?)"


def parse_cn_int(s: str) -> int:
    """``一千二百`` -> 1200, ``十五`` -> 15, ``两万三千`` -> 23000, ``三五`` -> 35 (digit by digit)."""
    if s and all(ch in CN_DIGIT for ch in s):
        return int("".join(str(CN_DIGIT[ch]) for ch in s))
    total, section, num = 0, 0, 0
    for ch in s:
        if ch in CN_DIGIT:
            num = CN_DIGIT[ch]
        elif ch in CN_SMALL:
            section += (num or 1) * CN_SMALL[ch]
            num = 0
        elif ch in CN_BIG:
            section += num
            total += (section or 1) * CN_BIG[ch]
            section, num = 0, 0
        else:
            raise ValueError(f"not a Chinese numeral: {s!r}")
    return total + section + num


def parse_number(s: str) -> Decimal:
    """A written number (Arabic, Chinese or mixed with 万/亿) as an exact Decimal."""
    s = s.strip().replace(",", "")
    if not s:
        raise ValueError("empty number")
    try:
        return Decimal(s)
    except InvalidOperation:
        pass
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([万亿]+)", s)
    if m:
        value = Decimal(m.group(1))
        for ch in m.group(2):
            value *= CN_BIG[ch]
        return value
    if "点" in s:
        whole, frac = s.split("点", 1)
        digits = "".join(str(CN_DIGIT[ch]) for ch in frac)
        return Decimal(parse_cn_int(whole) if whole else 0) + Decimal("0." + digits)
    return Decimal(parse_cn_int(s))


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
