"""One language at a time: the page language (zh or en) of a request, and the words of the pages in both.

Why pairs in place and not gettext catalogues: every string of the interface is written
where it is used as ``T('中文', 'English')`` (templates), ``t(zh, en)`` (Python) or
``T("中文", "English")`` (the page scripts, which read the page's ``<html lang>``), so a
person editing a page sees both words side by side and cannot add one without the other;
there are two languages and no translators' tool chain to feed. ``tests/test_languages.py``
reads these pairs back out of the sources and fails when a page in one language shows a
string of the other.

Which language: ``?lang=en`` or ``?lang=zh`` in the URL, remembered in a cookie
(``chainkg_lang``) so that every link of the site keeps it without carrying the parameter;
without either, Chinese (the language of the data and of most of its users). A shared URL
with ``lang=`` opens in that language.

Error messages are written in English where they are raised (they are also what a program
or curl gets); ``message()`` gives the Chinese of the ones a person meets on a page (a page
parameter, an unknown entity, an analysis without the national data). A message without a
Chinese version is shown as it is, under a Chinese heading.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

from flask import Flask, Response, g, has_request_context, request

LANGS = ("zh", "en")
COOKIE = "chainkg_lang"
COOKIE_MAX_AGE = 365 * 24 * 3600

#: The HTTP status names, for error pages.
STATUS = {
    400: ("请求有误", "Bad Request"), 401: ("需要登录", "Unauthorized"), 403: ("不允许", "Forbidden"),
    404: ("找不到", "Not Found"), 405: ("不支持此方法", "Method Not Allowed"),
    406: ("无法提供所要的格式", "Not Acceptable"), 409: ("冲突", "Conflict"), 413: ("请求过大", "Payload Too Large"),
    414: ("网址过长", "URI Too Long"), 415: ("不支持的内容类型", "Unsupported Media Type"),
    429: ("请求过多", "Too Many Requests"), 431: ("请求头过大", "Request Header Fields Too Large"),
    500: ("服务器内部错误", "Internal Server Error"), 503: ("服务暂时不可用", "Service Unavailable"),
}

#: The hint of every analysis page before the national data is in (the same words on each page).
NO_NATIONAL_DATA = (
    "没有行业上游数据。先导入 A 股产业链数据：",
    "No upstream data between industries yet. Import the A-share chain data first:",
)

#: What kind of source a named graph is (``SourceInfo.kind``), as a page names it.
SOURCE_KINDS = {
    "region-folder": ("地区资料", "region folder"), "article": ("文章", "article"),
    "ashare-chain": ("A 股产业链数据", "A-share chain data"), "ontology": ("本体", "ontology"),
    "rdf-file": ("RDF 文件", "RDF file"), "divisions": ("行政区划", "administrative divisions"),
    "alignment": ("申万行业对应（派生）", "Shenwan alignment (derived)"),
    "consistency": ("数据冲突（派生）", "conflicts (derived)"),
    "graph-store": ("图存储协议写入", "Graph Store Protocol"),
    "review": ("审核决定", "review decisions"), "graph": ("命名图", "named graph"),
}


def source_kind(kind: str) -> str:
    return pick(SOURCE_KINDS[kind]) if kind in SOURCE_KINDS else kind


#: Chinese for the English error messages people meet on pages: (pattern, Chinese with the groups).
MESSAGES: list[tuple[re.Pattern[str], str]] = [(re.compile(p), zh) for p, zh in [
    (r"^no entity <(.+)> in this graph$", r"图中没有实体 <\1>"),
    (r"^no entity with the path (.+) in this graph$", r"图中没有路径为 \1 的实体"),
    (r"^no (chain|cluster|entity) <(.+)> in this graph$", r"图中没有 <\2>"),
    (r"^no (chain|cluster|region) named '(.+)'; did you mean (.+)\?$", r"没有名为“\2”的对象；是否要找：\3？"),
    (r"^no (chain|cluster|region) named '(.+)'$", r"没有名为“\2”的对象"),
    (r"^no region called '(.+)'(.*)$", r"没有名为“\1”的地区\2"),
    (r"^no industry called '(.+)'(.*)$", r"没有名为“\1”的行业\2"),
    (r"^no industry (.+)$", r"没有行业 \1"),
    (r"^unknown class '(.+)'$", r"没有“\1”这个类别"),
    (r"^unknown view '(.+)'$", r"没有“\1”这种视图"),
    (r"^unknown network format '(.+)' \(one of (.+)\)$", r"没有“\1”这种网络格式（可用：\2）"),
    (r"^unknown RDF format '(.+)' \(one of (.+)\)$", r"没有“\1”这种 RDF 格式（可用：\2）"),
    (r"^no example query named '(.+)'; see /queries$", r"没有名为“\1”的示例问题；见 /queries"),
    (r"^no such relation in this graph$", "图中没有这条关系"),
    (r"^give the entity as \?iri=…$", "请用 ?iri=… 指定实体"),
    (r"^give \?from=…&to=…$", "请用 ?from=…&to=… 指定上游和下游行业"),
    (r"^give \?region=…&chain=… or \?region=…&industry=…$", "请用 ?region=…&chain=… 或 ?region=…&industry=… 指定"),
    (r"^(\w+) must be a whole number$", r"\1 应为整数"),
    (r"^(\w+) is between (\d+) and (\d+)$", r"\1 应在 \2 到 \3 之间"),
    (r"^layout is 'layered' or 'force' \(neighbourhoods: 'force'\)$",
     "layout 应为 layered 或 force（关系图只能用 force）"),
    (r"^the URL is not percent-encoded UTF-8$", "网址不是百分号编码的 UTF-8"),
    (r"^desc is 0 or 1$", "desc 应为 0 或 1"),
    (r"^unknown filter '(.+)'(.*)$", r"没有筛选项“\1”\2"),
    (r"^cannot sort by '(.+)'(.*)$", r"不能按“\1”排序\2"),
    (r"^this service is read-only \(no update token is configured\)$", "此服务只读（未配置更新令牌）"),
    (r"^(.+) has no upstream data: (.+)$", r"\1 没有上游数据：\2"),
    (r"^the query did not finish within the time limit of (.+) s and was stopped; make it more selective, "
     r"or add a LIMIT$", r"查询在 \1 秒的时限内没有完成，已被停止；请缩小查询范围或加上 LIMIT"),
    (r"^The requested URL was not found on the server\..*$", "服务器上没有这个网址。请检查拼写，或从首页进入。"),
    (r"^The method is not allowed for the requested URL\.$", "此网址不支持这种请求方法。"),
]]


def lang() -> str:
    """The language of this request's page: ``?lang=``, else the remembered choice, else Chinese."""
    if not has_request_context():
        return "zh"
    if "chainkg_lang" not in g:
        asked = request.args.get("lang", "")
        g.chainkg_lang = asked if asked in LANGS else (request.cookies.get(COOKIE) if request.cookies.get(COOKIE)
                                                       in LANGS else "zh")
    return g.chainkg_lang


def t(zh: str, en: str) -> str:
    """The one of ``zh`` and ``en`` in the page's language."""
    return en if lang() == "en" else zh


def pick(pair: tuple[str, str] | list[str]) -> str:
    """``t(*pair)`` for the (zh, en) pairs of the tables (class names, columns, facets)."""
    return t(pair[0], pair[1] if len(pair) > 1 and pair[1] else pair[0])


def status_name(code: int, default: str = "") -> str:
    zh, en = STATUS.get(code, (default or "错误", default or "Error"))
    return t(zh, en)


def message(text: str) -> str:
    """An error message in the page's language (the English one when no Chinese is known)."""
    if lang() == "en" or not text:
        return text
    for pattern, zh in MESSAGES:
        if pattern.match(text):
            return pattern.sub(zh, text)
    return text


def switch_url(to: str) -> str:
    """This page's URL in the other language (its other parameters kept)."""
    params = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]
    params.append(("lang", to))
    return request.path + "?" + urlencode(params)


def _remember(response: Response) -> Response:
    """``?lang=`` is remembered for the next pages (a cookie, a year); pages vary with it."""
    asked = request.args.get("lang", "")
    if asked in LANGS and request.cookies.get(COOKIE) != asked:
        response.set_cookie(COOKIE, asked, max_age=COOKIE_MAX_AGE, samesite="Lax", httponly=True)
    if response.mimetype == "text/html":
        response.vary.add("Cookie")
    return response


def init_app(app: Flask) -> None:
    """``T``, ``lang``, ``switch_url`` … in every template; the language remembered after each request."""
    app.after_request(_remember)

    @app.context_processor
    def _words() -> dict:
        return {"T": t, "lang": lang(), "pick": pick, "switch_url": switch_url, "status_name": status_name,
                "message": message, "NO_NATIONAL_DATA": NO_NATIONAL_DATA, "source_kind": source_kind}
