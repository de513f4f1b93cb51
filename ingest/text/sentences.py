"""Normalization, clean-up and sentence splitting, keeping original offsets.

Why: facts must point at the sentence they came from, with character offsets
into the document as it was given. Normalization is therefore length-preserving
(full-width ASCII -> half-width, one character for one), so an offset in the
normalized text is the same offset in the original. Real pages also repeat their
lead paragraph, carry a metadata header and end with navigation and disclaimer
lines; those are dropped here, and what was dropped is reported.

Reprints (an article copied by a portal or a local site) add their own furniture,
measured on the 12 development articles of benchmarks/devset, where 9 carry some:
breadcrumbs (``人民网>>湖南频道``), source and date lines (``2023-06-09 17:22:51
来源:湖北日报``, ``供稿: | 2025/9/17``), button rows (``订阅已订阅已收藏收藏小字号``,
``扫描二维码,分享此文章``), photo credits (``蔡石娇 摄``, ``(乔薇 摄)``), picture
placeholders (``(资料图片)``), and news datelines glued to the lead (``中新网 钦州12月27日
电 (…)``, ``浙江在线6月21日讯(记者 …)``). A dateline becomes a sentence of its own, so
that the place in it is kept but does not become the subject of the lead. A
sentence broken over two lines by the copy (a line that ends inside a clause: after
a comma or 、, or with 《 or “ left open; or a figure the page set apart a few blank lines
below, ``…比重超`` then ``70%,同比增长…``) is joined to the next line; its ``norm``
then has the line break removed and is no longer aligned character for character
with its ``text`` (the sentence's ``start``/``end`` still are). The same holds for a
paragraph copied from a printed page, whose line breaks became spaces inside words
(``特种 纸``): those spaces are left out of ``norm`` (``_wrap_spaces``).
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
    #: for a row of a table: the header's cells, and each cell's (start, end) in ``norm``
    columns: tuple[str, ...] = ()
    cells: tuple[tuple[int, int], ...] = ()


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
    r"转载请注明|不代表本(站|网)观点|如有侵权|仅供参考|原标题[:：]|返回顶部|微信公众号|"
    r"发表评论|查看所有评论|我要评论|网友评论|文章评论|条评论|"
    # a site's banner (某某新闻网-主流媒体,某某城市门户): its city is not the article's
    r"城市门户|新闻门户|门户网站|主流媒体[,，]|网-主流媒体)",
    re.I,
)
_META_LINE = re.compile(r"^(发布时间|发布日期|时间|日期|来源|作者|编辑|记者|信息来源|出处|供稿|稿源|责任编辑|"
                        r"通讯员|审核|校对|摘要|关键词|关键字)\s*[:]")
#: An item of a list of other articles: ``- · 《中国高新区》栏目设置[05/29]``, ``·标题 2024-05-29``.
_LINK_ITEM = re.compile(r"^(?:[-*]\s*)?[·•](?:\s*[-*•·])*\s*[^。！？!?]{2,60}?\s*"
                        r"(?:[\[(（【]\d{2,4}[-/.]\d{1,2}(?:[-/.]\d{1,2})?[\])）】]|\d{4}[-/.]\d{1,2}[-/.]\d{1,2})?$")
#: A key of page metadata anywhere in a short line (``2023-06-09 17:22 来源:湖北日报``).
_META_ANY = re.compile(r"(?:来源|出处|供稿|稿源|作者|责任编辑|编辑|发布时间|发布日期)\s*[:]")
_DATE_LINE = re.compile(r"^[\d\s:/.\-年月日|]+$")
#: Buttons and page chrome: a line made only of these words is dropped.
_UI_WORDS = re.compile(
    r"无障碍辅助浏览|无障碍通道|无障碍|长者助手|繁体版|简体版|繁体|简体|市民网页|会员登[陆录]|登[陆录]|注册|"
    r"已订阅|订阅|已收藏|收藏|小字号|大字号|中字号|字号|字体|\[[大中小]\]|打印|关闭|分享此文章?|分享到?|转发|发表评论|评论|"
    r"点赞|纠错|扫描二维码|二维码|全文如下|返回|上一页|下一页|首页|阅读全文|进入专题|"
    r"[大中小](?=\s|$)")
_PICTURE = re.compile(r"^[(（【\[]?(?:资料图片?|资料照片|图片|视频|配图|图片来源[^)）】\]]*)[)）】\]]?$")
_CREDIT = re.compile(r"^(?:[\u4e00-\u9fff]{2,4}\s+)*[\u4e00-\u9fff]{2,4}\s*(?:摄|供图|/摄)$")
_CREDIT_TAIL = re.compile(r"\s*[(（][^()（）]{1,20}(?:\s|/)(?:摄|供图)[)）]$")
#: A news dateline at the start of the lead: 中新网 钦州12月27日电 (记者 …), 浙江在线6月21日讯.
_DATELINE = re.compile(
    r"^\s*(?P<line>(?:[\u4e00-\u9fffA-Za-z]{2,10}\s*)?(?:[\u4e00-\u9fff]{2,8})?\s*"
    r"(?:\d{1,2}月\d{1,2}日\s*[\u4e00-\u9fff]{0,6}?|本报|本网|本台)\s*(?:电|讯))"
    r"\s*(?P<by>[(（][^()（）]{0,60}[)）])?")
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
    if len(s) < 100 and not re.search(r"[。！？]", s) and (_META_ANY.search(s) or _DATE_LINE.match(s)):
        return "metadata"
    if not _UI_WORDS.sub("", s).strip(" |·>»/-:：,，、") and _UI_WORDS.search(s):
        return "page chrome"
    if _LINK_ITEM.match(s):
        return "related links"
    if _PICTURE.match(s):
        return "picture placeholder"
    if _NAV_WORDS.search(s) and (len(s) < 160 or not re.search(r"[。！？]", s)):
        return "navigation/disclaimer"
    if s.count("|") >= 2 and not re.search(r"[。！？]", s):
        return "navigation"
    if re.search(r"[>»]", s) and len(s) < 60 and not re.search(r"[。，,！？]", s):
        return "navigation"
    if _BYLINE.match(s):
        return "byline"
    return None


#: A heading that introduces other articles' headlines (相关阅读, 推荐阅读, 相关新闻 …).
_RELATED = re.compile(r"^[【\[]?(?:相关阅读|相关新闻|推荐阅读|延伸阅读|相关链接|热点推荐|热门推荐|相关文章|猜你喜欢|"
                      r"更多阅读|往期回顾)[】\]]?\s*[:：]?\s*$")


def _pair_quotes(line: str) -> str:
    """Half-width double quotes ("上云用数赋智") as “ and ” in pairs, as the patterns read them."""
    if line.count('"') < 2:
        return line
    out, opening = [], True
    for ch in line:
        if ch == '"':
            out.append("“" if opening else "”")
            opening = not opening
        else:
            out.append(ch)
    return "".join(out)


def _joins(prev: str, nxt: str) -> bool:
    """Whether line ``nxt`` goes on with the sentence that line ``prev`` left open."""
    p, n = prev.rstrip(), nxt.strip()
    if not p or not n or _is_nav(n) or re.search(r"[。！？!?；;…”’」』)）:：—]$", p):
        return False
    if p.count("《") > p.count("》") or p.count("“") > p.count("”"):
        return bool(re.search(r"[》”]", n))
    if re.search(r"[,，、]$", p):
        return True
    # a line of prose (it has a comma) cut inside a sentence, and a next line that ends one
    return bool(re.search(r"[,，]", p) and re.search(r"[。！？!?；;]", n))


def _number_cut(prev: str, nxt: str) -> bool:
    """Whether ``nxt``, a few blank lines below a line of prose that stops inside a clause, is the figure cut
    from it (``…占工业总产值比重超`` / blank / ``70%,同比增长12.1%,…``: the page set the number apart)."""
    p, n = prev.rstrip(), nxt.strip()
    return bool(re.search(r"[,，]", p) and re.search(r"[\u4e00-\u9fff]$", p) and
                re.match(r"\d+(?:\.\d+)?\s*(?:%|[\u4e00-\u9fff]{1,3}[,，。;；])", n))


#: Words of a table's header row (名单 and project lists reprinted as ``a | b | c`` rows).
_COLUMN_WORD = re.compile(r"序号|名称|企业|公司|单位|产业链|集群|项目|镇街|园区|区县|县区|地区|所在地|属地|地点|"
                          r"部门|投资|类别|领域|行业|产品|批次|年份")


def _cells(line: str) -> list[tuple[int, int]]:
    """The (start, end) of each cell of a ``a | b | c`` line (edge pipes dropped, cells stripped)."""
    if line.count("|") < 2:
        return []
    out, pos = [], 0
    for part in line.split("|"):
        a = pos + len(part) - len(part.lstrip())
        b = pos + len(part.rstrip())
        out.append((a, b))
        pos += len(part) + 1
    if out and out[0][0] == out[0][1]:
        out = out[1:]
    if out and out[-1][0] == out[-1][1]:
        out = out[:-1]
    return out if len(out) >= 3 else []


def _tables(norm: str, lines: list[tuple[int, int]]) -> dict[int, tuple[str, ...] | None]:
    """Lines that belong to a table, by index: None for the header row, its cells for the others.

    A table is a header row of short cells, at least one of them a column word (序号, 企业名称,
    所属产业链, 镇街 …), followed by rows with about as many cells; ``|---|`` separator rows are part
    of it. A row of links (``首页 | 新闻 | 政务``) has no column word and stays navigation.
    """
    found: dict[int, tuple[str, ...] | None] = {}
    i = 0
    while i < len(lines):
        a, b = lines[i]
        cells = _cells(norm[a:b])
        heads = tuple(norm[a + x:a + y] for x, y in cells)
        if not cells or any(len(h) > 16 for h in heads) or not any(_COLUMN_WORD.search(h) for h in heads):
            i += 1
            continue
        j = i + 1
        rows = []
        while j < len(lines):
            c, d = lines[j]
            row = norm[c:d]
            row_cells = _cells(row)
            if re.fullmatch(r"[\s|:\-]+", row) and "-" in row:
                rows.append((j, None))
            elif row_cells and abs(len(row_cells) - len(cells)) <= 1:
                rows.append((j, heads))
            else:
                break
            j += 1
        if any(h for _, h in rows):
            found[i] = None
            for k, h in rows:
                found[k] = h
            i = j
        else:
            i += 1
    return found


def _logical_lines(norm: str, body_start: int, text: str, dropped: list[dict[str, object]],
                   header: dict[str, str], table_rows: dict[int, tuple[str, ...]] | None = None
                   ) -> list[list[tuple[int, int]]]:
    """Lines of the body as lists of (start, end) pieces; a broken sentence spans two pieces.
    The rows of a table are lines of their own; ``table_rows`` gets their header, by start offset."""
    lines: list[tuple[int, int]] = []
    pos = body_start
    for line in norm[body_start:].split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    tables = _tables(norm, lines)
    out: list[list[tuple[int, int]]] = []
    related = False  # after 相关阅读/推荐阅读: the portal's list of other articles' headlines
    for idx, (a, b) in enumerate(lines):
        line = norm[a:b].strip()
        if idx in tables:
            columns = tables[idx]
            if columns is None:
                dropped.append({"reason": "table header", "text": text[a:b].strip(), "start": a})
            elif table_rows is not None:
                table_rows[a] = columns
                out.append([(a, b)])
            out.append([])
            continue
        if _RELATED.match(line):
            related = True
        elif related and line and (len(line) > 60 or re.search(r"[。！？!?；;]$", line)):
            related = False  # prose again (a headline has no sentence end)
        why = "related links" if related and line else _is_nav(norm[a:b])
        if why:
            dropped.append({"reason": why, "text": text[a:b].strip(), "start": a})
            if why == "metadata":
                d = iso_date(norm[a:b])
                if d and "date" not in header:
                    header["date"] = d
            out.append([])  # keeps paragraphs apart
            continue
        if not norm[a:b].strip():
            out.append([])
            continue
        if out and out[-1] and _joins(" ".join(norm[x:y] for x, y in out[-1]), norm[a:b]):
            out[-1].append((a, b))
            continue
        # a title or quote left open (《工业重镇描绘新蓝图) may close a few lines further on
        k = len(out) - 1
        while k >= 0 and not out[k] and len(out) - k <= 4:
            k -= 1
        if k >= 0 and k < len(out) - 1 and out[k]:
            prev = " ".join(norm[x:y] for x, y in out[k])
            if (prev.count("《") > prev.count("》") or prev.count("“") > prev.count("”")) and \
                    _joins(prev, norm[a:b]) or _number_cut(prev, norm[a:b]):
                out[k].append((a, b))
                continue
        out.append([(a, b)])
    return [x for x in out if x]


_WRAP_SPACE = re.compile(r"(?<=[\u4e00-\u9fff])[ ](?=[\u4e00-\u9fff])")


#: A space after a decimal point (总投资16. 36亿元, a forum's reformatting): the number goes on after it.
_DECIMAL_SPACE = re.compile(r"(?<=\d\.) (?=\d+\s*(?:万亿|亿|万|千)?(?:元|美元|吨|%|个|家|项|亩|平方米))")


def _wrap_spaces(line: str) -> set[int]:
    """Where a long line has the spaces of the line breaks of a printed page (…成功引进时代锂 电、…特种 纸六大
    产业链…国家专精特 新…: a paragraph copied from a PDF or a print column, each break turned into a space): one
    space between two Chinese characters, three or more in a line of 150 characters at least 20 apart, or two at
    least 50 apart (…洽谈会期 间… and, far on, …肉与饲 料…: a break beside punctuation leaves no space). Chinese
    prose puts no space inside a sentence; a line with spaces closer together (names listed with spaces, a
    headline of segments) is left alone. On the development set two articles have such lines."""
    if len(line) < 150 or line.count(" ") < 2:
        return set()
    pos = [m.start() for m in _WRAP_SPACE.finditer(line)]
    if len(pos) < 2 or min(b - a for a, b in zip(pos, pos[1:], strict=False)) < (20 if len(pos) >= 3 else 50):
        return set()
    return set(pos)


def prepare(text: str) -> Prepared:
    """Split an article into clean sentences with offsets into ``text``.

    A sentence that appears twice (a lead paragraph repeated by the page) is
    kept once, at its last occurrence: the first copy is usually a teaser or
    the one glued to a crawler header.
    """
    header, body_start = parse_header(text)
    norm = normalize(text)
    dropped: list[dict[str, object]] = []
    raw: list[tuple[int, int, int, str, tuple[str, ...], tuple[tuple[int, int], ...]]] = []
    # (start, end, para, norm text, and for a table row its columns and cells)
    para = 0
    table_rows: dict[int, tuple[str, ...]] = {}
    for pieces in _logical_lines(norm, body_start, text, dropped, header, table_rows):
        if pieces[0][0] in table_rows:
            a, b = pieces[0]
            cells = _cells(norm[a:b])
            s0, e0 = a + cells[0][0], a + cells[-1][1]
            para += 1
            # the pipes become commas (one character for one), so that no name runs over a cell's edge
            raw.append((s0, e0, para, norm[s0:e0].replace("|", ","), table_rows[a],
                        tuple((a + x - s0, a + y - s0) for x, y in cells)))
            continue
        # the line's text without its breaks, and where each of its characters was
        clean_chars: list[str] = []
        where: list[int] = []
        for k, (a, b) in enumerate(pieces):
            seg_a = a
            if k:
                while seg_a < b and norm[seg_a].isspace():
                    seg_a += 1
            clean_chars.append(norm[seg_a:b])
            where.extend(range(seg_a, b))
        joined = "".join(clean_chars)
        wraps = _wrap_spaces(joined) | {m.start() for m in _DECIMAL_SPACE.finditer(joined)}
        if wraps:
            joined = "".join(c for k, c in enumerate(joined) if k not in wraps)
            where = [w for k, w in enumerate(where) if k not in wraps]
        clean = _pair_quotes(joined)
        if para == 0 and "title" not in header:
            first = clean.strip()
            if 4 <= len(first) <= 40 and not re.search(r"[。,，;；!?！？]", first):
                header.setdefault("guessed_title", text[pieces[0][0]:pieces[-1][1]].strip())
        para += 1
        offset = 0
        dl = _DATELINE.match(clean)
        if dl and re.match(r"[\u4e00-\u9fff“《]", clean[dl.end():dl.end() + 1] or "x"):
            ls, le = dl.start("line"), dl.end("line")
            while ls < le and clean[ls].isspace():
                ls += 1
            raw.append((where[ls], where[le - 1] + 1, para, clean[ls:le], (), ()))
            if dl.group("by"):
                dropped.append({"reason": "byline", "text": text[where[dl.start("by")]:
                                                                  where[dl.end("by") - 1] + 1],
                                "start": where[dl.start("by")]})
            offset = dl.end()
        for m in _SENT.finditer(clean, offset):
            s, e = m.start(), m.end()
            while s < e and clean[s].isspace():
                s += 1
            while e > s and clean[e - 1].isspace():
                e -= 1
            if e - s < 2:
                continue
            piece = clean[s:e]
            if _BYLINE.match(piece) or _CREDIT.match(piece) or (
                    e - s < 80 and _NAV_WORDS.search(piece)):
                dropped.append({"reason": "byline/disclaimer", "text": text[where[s]:where[e - 1] + 1],
                                "start": where[s]})
                continue
            tail = _CREDIT_TAIL.search(piece)
            if tail and tail.start() > 1:  # 媒体团走进五粮液集团(乔薇 摄): the credit goes
                dropped.append({"reason": "photo credit", "text": piece[tail.start():].strip(),
                                "start": where[s + tail.start()]})
                e = s + tail.start()
                piece = clean[s:e]
            raw.append((where[s], where[e - 1] + 1, para, piece, (), ()))
    last: dict[str, int] = {}
    keys = []
    for i, (_s, _e, _p, n, _c, _x) in enumerate(raw):
        k = re.sub(r"[\s。.!?！？;；]+", "", n)
        keys.append(k)
        last[k] = i
    sentences: list[Sentence] = []
    for i, (s, e, p, n, columns, cells) in enumerate(raw):
        if last[keys[i]] != i:
            dropped.append({"reason": "duplicate", "text": text[s:e], "start": s})
            continue
        sentences.append(Sentence(id=f"s{len(sentences) + 1}", text=text[s:e], norm=n,
                                  start=s, end=e, para=p, columns=columns, cells=cells))
    text_dates = []
    for s in sentences[:3]:
        for m in _TEXT_DATE.finditer(s.norm):
            text_dates.append(m.group(0))
    title = header.pop("guessed_title", None)
    return Prepared(original=text, sentences=sentences, header=header, dropped=dropped,
                    text_dates=text_dates, title=header.get("title") or title)
