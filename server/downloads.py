"""The download links of every page, built in one place (the ``downloads`` macro of ``_macros.html`` draws them).

Why one helper: the same data is shown by a chain map, a cluster map, a neighbourhood, the gap
analysis, the industry table and every list, and a person who sees it should be able to take it
away in the form their tool reads, under the same names everywhere: GEXF (Gephi), GraphML, the
node and edge tables (a zip of two CSV files in Gephi's spreadsheet layout), JSON, a PNG of what is
drawn, and a standalone interactive HTML file (pyvis, every script inlined: it opens offline and
can be mailed). Lists have their Datasette-style ``.json`` / ``.csv`` twins; the CSV of a list
starts with a UTF-8 byte order mark, so Excel reads the Chinese as Chinese (README, "Downloads").
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from flask import url_for

from chainkg.server.i18n import t


@dataclass
class Download:
    """One link (or, for what only the page can make, a button: the PNG of the canvas)."""

    fmt: str
    label: str
    href: str = ""
    title: str = ""
    button: bool = False
    id: str = ""
    file: bool = True  # the browser saves it (Content-Disposition: attachment) rather than showing it


def _with(url: str, params: list[tuple[str, str]] | dict[str, str] | None) -> str:
    items = list(params.items()) if isinstance(params, dict) else list(params or [])
    return url + ("?" + urlencode(items) if items else "")


def network_files(endpoint: str, params: list[tuple[str, str]] | dict[str, str] | None = None,
                  **values: str) -> list[Download]:
    """GEXF, GraphML, the CSV tables and the standalone HTML of one network (``endpoint`` takes ``fmt``)."""
    def href(fmt: str) -> str:
        return _with(url_for(endpoint, fmt=fmt, **values), params)

    return [
        Download("gexf", "GEXF", href("gexf"), t("Gephi 打开的网络文件", "the network for Gephi")),
        Download("graphml", "GraphML", href("graphml"),
                 t("yEd、Cytoscape、networkx 可读", "for yEd, Cytoscape, networkx")),
        Download("zip", t("CSV 表格 (zip)", "CSV tables (zip)"), href("zip"),
                 t("节点表和关系表（Gephi 电子表格导入格式）", "node and edge tables (Gephi's spreadsheet import)")),
        Download("html", t("交互式网页 HTML", "Interactive HTML"), href("html"),
                 t("单个离线网页文件，可邮寄", "one offline web page, to mail")),
    ]


def png(button_id: str = "png") -> Download:
    return Download("png", t("PNG 图片", "PNG image"), title=t("当前画面的图片", "a picture of what is drawn"),
                    button=True, id=button_id)


def json_link(href: str) -> Download:
    return Download("json", "JSON", href, t("机器可读的数据", "the data for programs"), file=False)


def csv_link(href: str, label: str | None = None, title: str | None = None) -> Download:
    return Download("csv", label or "CSV", href, title or t("表格（Excel 可直接打开）", "the table (opens in Excel)"))


def view_downloads(kind: str, key: str, params: list[tuple[str, str]], json_href: str) -> list[Download]:
    """A chain map, a cluster map or a neighbourhood: the same network for the same URL parameters."""
    files = network_files("exports.view_export", params, kind=kind, key=key)
    files[0].button, files[0].id = True, "gexf"  # posts the nodes on screen with their positions
    files[0].title = t("当前画面（含位置），Gephi 打开", "what is on screen, with its positions, for Gephi")
    return [files[0], *files[1:], json_link(json_href), png()]


def list_downloads(json_href: str, csv_href: str) -> list[Download]:
    return [json_link(json_href), csv_link(csv_href)]


def gap_downloads(keep: dict[str, str]) -> list[Download]:
    """Beside the gap table's own ``.json`` / ``.csv`` twins: every candidate, the gap network, its picture."""
    return [
        csv_link(_with(url_for("analysis.gap_candidates"), keep), t("候选企业 CSV", "Candidates CSV"),
                 t("每个缺口的全部候选企业", "every candidate company of every gap")),
        *network_files("analysis.gaps_download", keep),
        png("gap-png"),
    ]


def industry_downloads() -> list[Download]:
    return [*network_files("analysis.industries_download")]


def entity_downloads(path: str) -> list[Download]:
    entity = "pages.entity"
    return [
        Download("ttl", "Turtle", url_for(entity, path=path + ".ttl"), "RDF", file=False),
        Download("jsonld", "JSON-LD", url_for(entity, path=path + ".jsonld"), "RDF", file=False),
        Download("nt", "N-Triples", url_for(entity, path=path + ".nt"), "RDF", file=False),
        json_link(url_for(entity, path=path + ".json")),
    ]


def query_downloads(name: str, suffixes: list[str], params: dict[str, str]) -> list[Download]:
    """An example question's answer: its SPARQL result twins, and a CSV for Excel (with a byte order mark)."""
    out = []
    for s in suffixes:
        href = _with(url_for("canned.query_page", name=f"{name}.{s}"), params)
        out.append(Download(s, s.upper() if s != "jsonld" else "JSON-LD", href,
                            t("SPARQL 查询结果", "the SPARQL result"), file=False))
        if s == "csv":
            out.append(Download("csv-excel", "CSV (Excel)", _with(url_for("canned.query_page", name=f"{name}.csv"),
                                                                  {**params, "format": "csv-excel"}),
                                t("带 BOM 的 CSV，Excel 直接打开不乱码", "CSV with a byte order mark, for Excel")))
    return out


__all__ = ["Download", "entity_downloads", "gap_downloads", "industry_downloads", "json_link", "list_downloads",
           "network_files", "png", "query_downloads", "view_downloads"]
