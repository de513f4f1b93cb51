"""One way to answer a list request: HTML page, ``.json`` and ``.csv`` twins of the same rows.

Every paged list of the service (companies and the other classes under ``/browse/…``, the
gap table, the industry table, search results) goes through ``respond``: strict parameters
(``page``, ``size`` up to 200, ``sort``, ``desc``, ``q`` and the table's facets, each a 400
with a message when wrong), ``chainkg.graph.listing.run`` for the page and facet counts,
and the twin chosen by the URL's suffix. The CSV twin holds every row that passes the
filters, in order, not one page.
"""

from __future__ import annotations

from typing import Any

from flask import Response, render_template, request

from chainkg.graph import listing
from chainkg.server.http import args, bad, int_arg

RESERVED = {"page", "size", "sort", "desc", "q", "format", "lang"}  # lang: the page language (i18n)


def query_of(table: listing.Table, *, keep: set[str] = frozenset()) -> listing.Query:
    """The table query of this request's URL parameters (``keep``: parameters of the page itself)."""
    params = args()
    filters = {k: v for k, v in params.items() if k not in RESERVED and k not in keep and v != ""}
    sort = params.get("sort") or None
    problem = listing.check(table, filters, sort)
    if problem:
        bad(400, problem)
    desc = params.get("desc")
    if desc not in (None, "", "0", "1"):
        bad(400, "desc is 0 or 1")
    text = "" if "q" in keep else params.get("q", "")[:200]  # a page whose own q is its question (search)
    return listing.Query(filters=filters, q=text, sort=sort,
                         desc=None if desc in (None, "") else desc == "1",
                         page=int_arg(params, "page", 1, 1, 100000),
                         size=int_arg(params, "size", listing.DEFAULT_PAGE_SIZE, 1, listing.MAX_PAGE_SIZE))


def fmt_of(path: str | None = None) -> str:
    path = path or request.path
    for suffix in ("json", "csv"):
        if path.endswith("." + suffix) or args().get("format") == suffix:
            return suffix
    return "html"


def respond(table: listing.Table, rows: list[dict[str, Any]], *, title: tuple[str, str], filename: str,
            keep: dict[str, str] | None = None, template: str = "list.html", link: Any = None,  # noqa: ANN401
            ignore: set[str] = frozenset(), **context: Any) -> Response | str:  # noqa: ANN401
    """The page, JSON or CSV of ``rows`` as the request asks. ``keep``: the page's own parameters
    (carried into every link), ``link(row)``: the URL a row's name links to, ``ignore``: other
    parameters the page reads itself."""
    keep = keep or {}
    query = query_of(table, keep=set(keep) | set(ignore))
    result = listing.run(table, rows, query)
    fmt = fmt_of()
    if fmt == "csv":
        return csv_response(listing.to_csv(table, result["all_rows"]), filename)
    if fmt == "json":
        from flask import jsonify

        out = listing.public(result)
        if link is not None:
            out["rows"] = [{**r, "url": link(r)} for r in out["rows"]]
        return jsonify(out)
    return render_template(template, result=result, table=table, title=title, keep=keep, link=link,
                           state=_state(query, keep), **context)


#: The UTF-8 byte order mark: Excel reads a CSV without one in the machine's code page (GBK on a Chinese
#: Windows, 1252 elsewhere), so the Chinese turns to mojibake; with it, Excel, LibreOffice, pandas
#: (``encoding="utf-8-sig"``) and Python's csv read it right. SPARQL results keep the W3C's plain text/csv.
BOM = "\ufeff"


def csv_response(body: str, filename: str) -> Response:
    """A table as a CSV download that opens in Excel: a byte order mark, UTF-8, ``attachment``."""
    return Response(BOM + body, content_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{_quote(filename)}.csv"})


def _state(query: listing.Query, keep: dict[str, str]) -> dict[str, str]:
    state = {**keep, **query.filters}
    if query.q:
        state["q"] = query.q
    if query.sort:
        state["sort"] = query.sort
        state["desc"] = "1" if query.desc else "0"
    if query.size != listing.DEFAULT_PAGE_SIZE:
        state["size"] = str(query.size)
    return state


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")
