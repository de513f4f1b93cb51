"""Periods as written (“十四五”末, 今年1-8月, 上半年, 1—9月) and what dates they cover.

Why: a statistic without its period is wrong the day the next report comes out,
and a period guessed silently is worse. The written label is always kept; dates
are added only when they follow from the label ("stated") or from the label and
the document date ("inferred-from-document-date"); otherwise the certainty says
"unresolved".
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from chainkg.ingest.text.numbers import CN_DIGIT, parse_cn_int

#: Five-year plans (“十四五” = the 14th, 2021-2025).
_PLAN = r"[\"“”']?十[一二三四五六七八九]五[\"“”']?"
_CN_OR_AR = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
_YEAR = r"(?:(?:19|20)\d{2}|[一二〇零三四五六七八九]{4})年"
_REL_YEAR = r"(?:今年|去年|前年|明年|本年|当年|上年)"
_SUB = (
    r"(?:上半年|下半年|前三季度|第?[一二三四1-4]季度|[一二三四1-4]季度|全年|年底|年末|年初|"
    + _CN_OR_AR + r"\s*[-—–~至到]\s*" + _CN_OR_AR + r"月(?:份)?|"
    + _CN_OR_AR + r"月(?:份|底|末)?(?!\d{0,2}日))"
)
PERIOD_RE = re.compile(
    r"(?:截至|截止|到|至)?"
    r"(?:(?P<plan>" + _PLAN + r")(?P<plansuf>末|期间|以来|时期|初|前期)?"
    r"|(?P<year>" + _YEAR + r")(?P<ysub>" + _SUB + r")?(?P<ysuf>以来|底|末|前)?"
    r"|(?P<rel>" + _REL_YEAR + r")(?P<rsub>" + _SUB + r")?(?P<rsuf>以来)?"
    r"|(?P<sub>(?:上半年|下半年|前三季度|第?[一二三四]季度|"
    + _CN_OR_AR + r"\s*[-—–~至到]\s*" + _CN_OR_AR + r"月(?:份)?)))"
)


@dataclass
class Period:
    """A period: the label as written and, when it can be known, its first and last day."""

    label: str
    start: str | None = None
    end: str | None = None
    certainty: str = "unresolved"  # stated | inferred-from-document-date | context | unresolved


def _num(s: str) -> int:
    s = s.strip()
    if s.isdigit():
        return int(s)
    return parse_cn_int(s)


def _year(s: str) -> int:
    s = s.rstrip("年")
    if s.isdigit():
        return int(s)
    return int("".join(str(CN_DIGIT[ch]) for ch in s))


def _span(year: int, sub: str | None) -> tuple[date, date]:
    if not sub or sub in ("全年",):
        return date(year, 1, 1), date(year, 12, 31)
    sub = sub.replace("份", "")
    if sub in ("年底", "年末"):
        return date(year, 12, 31), date(year, 12, 31)
    if sub == "年初":
        return date(year, 1, 1), date(year, 1, 31)
    if sub == "上半年":
        return date(year, 1, 1), date(year, 6, 30)
    if sub == "下半年":
        return date(year, 7, 1), date(year, 12, 31)
    if sub == "前三季度":
        return date(year, 1, 1), date(year, 9, 30)
    m = re.fullmatch(r"第?([一二三四1-4])季度", sub)
    if m:
        q = _num(m.group(1))
        return date(year, 3 * q - 2, 1), date(year, 3 * q, calendar.monthrange(year, 3 * q)[1])
    m = re.fullmatch(r"(.+?)\s*[-—–~至到]\s*(.+?)月", sub)
    if m:
        a, b = _num(m.group(1)), _num(m.group(2))
        return date(year, a, 1), date(year, b, calendar.monthrange(year, b)[1])
    m = re.fullmatch(r"(.+?)月(底|末)?", sub)
    if m:
        mo = _num(m.group(1))
        last = date(year, mo, calendar.monthrange(year, mo)[1])
        return (last if m.group(2) else date(year, mo, 1)), last
    raise ValueError(sub)


def resolve(m: re.Match[str], doc_date: date | None) -> Period:
    """Turn one ``PERIOD_RE`` match into a Period, using the document date where needed."""
    label = m.group(0)
    try:
        if m.group("plan"):
            n = _num(re.sub(r"[^一二三四五六七八九十]", "", m.group("plan"))[:-1])
            # 1st plan 1953-57, 2nd 1958-62, then 1963-65 was a readjustment; 3rd from 1966.
            first = 1953 + 5 * (n - 1) if n <= 2 else 1966 + 5 * (n - 3)
            last = first + 4
            suf = m.group("plansuf")
            if suf == "末":
                return Period(label, f"{last}-12-31", f"{last}-12-31", "stated")
            if suf == "初":
                return Period(label, f"{first}-01-01", f"{first}-12-31", "stated")
            if suf == "以来":
                if doc_date:
                    return Period(label, f"{first}-01-01", doc_date.isoformat(),
                                  "inferred-from-document-date")
                return Period(label, f"{first}-01-01", None, "stated")
            return Period(label, f"{first}-01-01", f"{last}-12-31", "stated")
        if m.group("year"):
            y = _year(m.group("year"))
            s, e = _span(y, m.group("ysub"))
            if m.group("ysuf") in ("底", "末"):
                s = e = date(y, 12, 31)
            if m.group("ysuf") == "以来":
                if doc_date:
                    return Period(label, s.isoformat(), doc_date.isoformat(),
                                  "inferred-from-document-date")
                return Period(label, s.isoformat(), None, "stated")
            return Period(label, s.isoformat(), e.isoformat(), "stated")
        if not doc_date:
            return Period(label)
        if m.group("rel"):
            shift = {"今年": 0, "本年": 0, "当年": 0, "去年": -1, "上年": -1, "前年": -2,
                     "明年": 1}[m.group("rel")]
            s, e = _span(doc_date.year + shift, m.group("rsub"))
            return Period(label, s.isoformat(), e.isoformat(), "inferred-from-document-date")
        s, e = _span(doc_date.year, m.group("sub"))
        if e > doc_date:  # a period not over yet at publication: it is last year's
            s, e = _span(doc_date.year - 1, m.group("sub"))
        return Period(label, s.isoformat(), e.isoformat(), "inferred-from-document-date")
    except (ValueError, KeyError):
        return Period(label)


def find_periods(text: str, doc_date: date | None) -> list[tuple[int, int, Period]]:
    """All periods written in ``text`` with their spans."""
    out = []
    for m in PERIOD_RE.finditer(text):
        if m.group(0):
            out.append((m.start(), m.end(), resolve(m, doc_date)))
    return out
