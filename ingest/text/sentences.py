"""Normalization, clean-up and sentence splitting, keeping original offsets.

Why: facts must point at the sentence they came from, with character offsets
into the document as it was given. Normalization is therefore length-preserving
(full-width ASCII -> half-width, one character for one), so an offset in the
normalized text is the same offset in the original. Real pages also repeat their
lead paragraph, carry a metadata header and end with navigation and disclaimer
lines; those are dropped here, and what was dropped is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from chainkg.ingest.text.decode import iso_date

# Full-width ASCII (U+FF01..U+FF5E) -> ASCII, ideographic and no-break space -> space.
_TABLE = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_TABLE.update({0x3000: 0x20, 0xA0: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0x200B: 0x20,
               0xFEFF: 0x20})


def normalize(text: str) -> str:
    """Length-preserving normalization (so offsets carry over unchanged)."""
    return text.translate(_TABLE)


@dataclass
class Sentence:
    """One sentence: original text, normalized text, offsets and paragraph number."""

    id: str
    text: str
    norm: str
    start: int
    end: int
    para: int


@dataclass
class Prepared:
    """An article ready for extraction."""

    original: str
    sentences: list[Sentence]
    header: dict[str, str] = field(default_factory=dict)
    dropped: list[dict[str, object]] = field(default_factory=list)
    text_dates: list[str] = field(default_factory=list)
    title: str | None = None  # a short first line without sentence punctuation


# A metadata header at the very start: "date 2024-11-22", "title: ...", "url=...".
_HEADER_ITEM = re.compile(
    r"\s*(?P<key>date|time|title|url|source|author|published|pubdate)\s*[:=]?\s*"
    r"(?P<val>\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|https?://\S+|[^\n]*?(?=\s+(?:date|url|source)\b|\n|$))",
    re.I,
)

_NAV_WORDS = re.compile(
    r"(当前位置|您的位置|您现在的位置|首页\s*[>»/]|免责声明|版权所有|版权声明|Copyright|©|ICP备|"
    r"公网安备|责任编辑|分享到|扫一扫|打印本页|关闭窗口|【打印】|【关闭】|上一篇|下一篇|相关阅读|"
    r"相关新闻|联系我们|网站地图|浏览次数|阅读量|点击数|主办单位|承办单位|技术支持|【字体|字号[:：]|"
    r"转载请注明|不代表本(站|网)观点|如有侵权|仅供参考|原标题[:：]|返回顶部|微信公众号)",
    re.I,
)
_META_LINE = re.compile(r"^(发布时间|发布日期|时间|日期|来源|作者|编辑|记者|信息来源)\s*[:]")
_BYLINE = re.compile(r"^[(\[【].{0,40}(记者|通讯员|编辑|文/图|摄|供图|来源)[^)\]】]{0,40}[)\]】]$")
_SENT = re.compile(r"[^。!?;！？；\n]*(?:[。!?;！？；]+[”’\"」』)]*|$)")
_TEXT_DATE = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日")


def parse_header(text: str) -> tuple[dict[str, str], int]:
    """Key/value items a crawler put before the article; returns them and where the text starts."""
    header: dict[str, str] = {}
    pos = 0
    first_line_end = text.find("\n")
    if first_line_end < 0:
        first_line_end = len(text)
    while True:
        m = _HEADER_ITEM.match(text, pos)
        if not m or m.start("key") >= first_line_end:
            break
        key, val = m.group("key").lower(), m.group("val").strip()
        if key in ("date", "time", "published", "pubdate"):
            d = iso_date(val)
            if not d:
                break
            header["date"] = d
        elif key == "url":
            if not val.startswith("http"):
                break
            header["url"] = val
        else:
            if not val:
                break
            header[key] = val
        pos = m.end()
    return header, pos


def _is_nav(line: str) -> str | None:
    s = line.strip()
    if not s:
        return None
    if _META_LINE.match(s) and len(s) < 120:
        return "metadata"
    if _NAV_WORDS.search(s) and (len(s) < 160 or not re.search(r"[。！？]", s)):
        return "navigation/disclaimer"
    if s.count("|") >= 2 and not re.search(r"[。！？]", s):
        return "navigation"
    if re.search(r"[>»]", s) and len(s) < 60 and not re.search(r"[。，！？]", s):
        return "navigation"
    if _BYLINE.match(s):
        return "byline"
    return None


def prepare(text: str) -> Prepared:
    """Split an article into clean sentences with offsets into ``text``.

    A sentence that appears twice (a lead paragraph repeated by the page) is
    kept once, at its last occurrence: the first copy is usually a teaser or
    the one glued to a crawler header.
    """
    header, body_start = parse_header(text)
    norm = normalize(text)
    dropped: list[dict[str, object]] = []
    raw: list[tuple[int, int, int]] = []  # (start, end, para)
    para = 0
    pos = body_start
    for line in norm[body_start:].split("\n"):
        line_start, line_end = pos, pos + len(line)
        pos = line_end + 1
        why = _is_nav(line)
        if why:
            dropped.append({"reason": why, "text": text[line_start:line_end].strip(),
                            "start": line_start})
            if why == "metadata":
                d = iso_date(line)
                if d and "date" not in header:
                    header["date"] = d
            continue
        if not line.strip():
            continue
        if para == 0 and "title" not in header:
            first = line.strip()
            if 4 <= len(first) <= 40 and not re.search(r"[。,，;；!?！？]", first):
                header.setdefault("guessed_title", text[line_start:line_end].strip())
        para += 1
        for m in _SENT.finditer(line):
            s, e = m.start() + line_start, m.end() + line_start
            while s < e and norm[s].isspace():
                s += 1
            while e > s and norm[e - 1].isspace():
                e -= 1
            if e - s < 2:
                continue
            if _BYLINE.match(norm[s:e]) or (e - s < 80 and _NAV_WORDS.search(norm[s:e])):
                dropped.append({"reason": "byline/disclaimer", "text": text[s:e], "start": s})
                continue
            raw.append((s, e, para))
    last: dict[str, int] = {}
    keys = []
    for i, (s, e, _p) in enumerate(raw):
        k = re.sub(r"[\s。.!?！？;；]+", "", norm[s:e])
        keys.append(k)
        last[k] = i
    sentences: list[Sentence] = []
    for i, (s, e, p) in enumerate(raw):
        if last[keys[i]] != i:
            dropped.append({"reason": "duplicate", "text": text[s:e], "start": s})
            continue
        sentences.append(Sentence(id=f"s{len(sentences) + 1}", text=text[s:e], norm=norm[s:e],
                                  start=s, end=e, para=p))
    text_dates = []
    for s in sentences[:3]:
        for m in _TEXT_DATE.finditer(s.norm):
            text_dates.append(m.group(0))
    title = header.pop("guessed_title", None)
    return Prepared(original=text, sentences=sentences, header=header, dropped=dropped,
                    text_dates=text_dates, title=header.get("title") or title)
