"""Lists at national scale: paged, sortable tables with facets, and their JSON and CSV twins.

Why one mechanism: the company list (4,587 companies), the gap table (265 industries),
search results and the industry table are the same problem, a few thousand rows a
person wants to narrow down; each page must stay small (the company list was one
1.2 MB page) and each has a ``.json`` and a ``.csv`` twin that say the same thing.
Datasette's facets are the model: next to the table, for each facet column, the values
of the rows that pass the *other* filters, with their counts; choosing one filters the
table; several facets combine with AND.

Why in Python over rows rather than SPARQL queries per page: the rows of one list are
read from the store once per store version (the server caches them, ``server.context.cached``),
and then a page needs no query at all. Measured on the company list with the national data
(4,588 rows, 6 facets, this machine under a load average of 2-3): reading the rows 0.85 s,
once; one page with every facet's counts 30-75 ms; a single facet count as a SPARQL
``GROUP BY`` with the same joins (exchange filter, province through ``partOfRegion*``) 63 ms,
and a page needs one per facet plus the page itself, about 0.5 s.
"""

from __future__ import annotations

import csv
import io
import math
import threading
from collections import Counter, OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

#: Largest page a client may ask for.
MAX_PAGE_SIZE = 200
DEFAULT_PAGE_SIZE = 50
#: Values listed per facet (the rest are counted in ``more``).
FACET_VALUES = 30


@dataclass(frozen=True)
class Column:
    """One column: its key in the rows, its zh and en headers, and whether it sorts as a number."""

    key: str
    zh: str
    en: str
    numeric: bool = False


@dataclass(frozen=True)
class Facet:
    """A column people filter on (its values are strings; a row may have several, a list)."""

    key: str
    zh: str
    en: str


@dataclass
class Table:
    """The definition of one list: its columns, facets, free-text fields and default order."""

    name: str
    columns: list[Column]
    facets: list[Facet]
    text: tuple[str, ...] = ("label",)
    default_sort: str = "label"
    default_desc: bool = False
    id_key: str = "iri"
    extra: dict[str, Any] = field(default_factory=dict)
    #: How a page shows a coded value, per column: ``{"side": {"upstream": ("上游 · 补链", "upstream")}}``.
    #: The rows, the facets' URL values, the JSON and the CSV keep the code, the same in both languages.
    labels: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)

    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.columns]

    def shown(self, key: str, value: Any, lang: str = "zh") -> Any:  # noqa: ANN401 - a cell's value
        """``value`` of column ``key`` as a page in ``lang`` shows it."""
        names = self.labels.get(key, {})
        if isinstance(value, list | tuple):
            return [self.shown(key, v, lang) for v in value]
        pair = names.get(str(value)) if value is not None else None
        return (pair[1] if lang == "en" else pair[0]) if pair else value


@dataclass
class Query:
    """What a request asks of a table: filters (facet -> value), text, order and page."""

    filters: dict[str, str] = field(default_factory=dict)
    q: str = ""
    sort: str | None = None
    desc: bool | None = None
    page: int = 1
    size: int = DEFAULT_PAGE_SIZE


def _values(row: Mapping[str, Any], key: str) -> list[str]:
    v = row.get(key)
    if v is None or v == "":
        return []
    if isinstance(v, list | tuple | set):
        return [str(x) for x in v]
    return [str(v)]


def _passes(row: Mapping[str, Any], filters: dict[str, str], skip: str | None = None) -> bool:
    return all(value in _values(row, key) for key, value in filters.items() if key != skip)


def _matches(row: Mapping[str, Any], needle: str, fields: Iterable[str]) -> bool:
    return any(needle in str(row.get(f) or "").casefold() for f in fields)


def _sort_key(numeric: bool):  # noqa: ANN202 - a key function
    def key(row: Mapping[str, Any], col: str) -> tuple:
        v = row.get(col)
        if v is None or v == "":
            return (1, 0, "")
        if numeric:
            try:
                return (0, float(v), "")
            except (TypeError, ValueError):
                return (0, math.inf, str(v))
        return (0, 0, str(v))

    return key


#: The order and facets of the last lists asked for, by (rows, text, filters, sort): paging through a list,
#: or asking for its first page again, does not filter, count and sort 100,000 rows again.
_ORDERED: OrderedDict[tuple, tuple[list, list, list]] = OrderedDict()
_ORDERED_KEEP = 32
_ORDERED_LOCK = threading.Lock()


def run(table: Table, rows: list[dict[str, Any]], query: Query) -> dict[str, Any]:
    """One page of ``rows`` as ``query`` asks: the rows, counts, facets with counts, and order.

    Unknown filter keys and sort columns are the caller's to refuse (``check``). ``rows`` is
    not changed; the order and facets of a (rows, text, filters, sort) are kept for the next
    pages of the same list (the 32 last ones), so ``rows`` must not change after the first call
    (the server's lists are built once per store version). Measured on the generated 100k graph's
    company list (101,370 rows, 6 facets): a page 1.55 s before, 0.3 s for a new filter, a few
    milliseconds for a page of a list already asked for.
    """
    sort = query.sort or table.default_sort
    desc = table.default_desc if query.desc is None and query.sort is None else bool(query.desc)
    needle = query.q.strip().casefold()
    key = (id(rows), table.name, needle, tuple(sorted(query.filters.items())), sort, desc)
    with _ORDERED_LOCK:
        hit = _ORDERED.get(key)
        if hit is not None and hit[0] is rows:
            _ORDERED.move_to_end(key)
    if hit is not None and hit[0] is rows:
        ordered_rows, facets = hit[1], hit[2]
    else:
        ordered_rows, facets = _order(table, rows, query, needle, sort, desc)
        with _ORDERED_LOCK:
            _ORDERED[key] = (rows, ordered_rows, facets)  # rows kept: its id is not reused while here
            while len(_ORDERED) > _ORDERED_KEEP:
                _ORDERED.popitem(last=False)
    size = max(1, min(query.size, MAX_PAGE_SIZE))
    pages = max(1, math.ceil(len(ordered_rows) / size))
    page = min(max(1, query.page), pages)
    start = (page - 1) * size
    return {
        "table": table.name,
        "total": len(rows),
        "count": len(ordered_rows),
        "page": page,
        "pages": pages,
        "size": size,
        "sort": sort,
        "desc": desc,
        "q": query.q,
        "filters": dict(query.filters),
        "columns": [{"key": c.key, "zh": c.zh, "en": c.en, "numeric": c.numeric} for c in table.columns],
        "facets": facets,
        "rows": ordered_rows[start:start + size],
        "all_rows": ordered_rows,
    }


def _order(table: Table, rows: list[dict[str, Any]], query: Query, needle: str, sort: str,
           desc: bool) -> tuple[list, list]:
    """The rows that pass, in order, and the facets with their counts."""
    base = [r for r in rows if not needle or _matches(r, needle, table.text)]
    selected = [r for r in base if _passes(r, query.filters)] if query.filters else base
    facets = []
    for f in table.facets:
        # the rows that pass every other filter: those that pass all, unless this facet is one of them
        among = [r for r in base if _passes(r, query.filters, skip=f.key)] if f.key in query.filters else selected
        counts: Counter[str] = Counter()
        for r in among:
            v = r.get(f.key)
            if isinstance(v, str):
                if v:
                    counts[v] += 1
            elif v is not None:
                counts.update(set(_values(r, f.key)))
        ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        chosen = query.filters.get(f.key)
        values = [{"value": v, "count": n, "selected": v == chosen} for v, n in ordered[:FACET_VALUES]]
        if chosen and not any(v["selected"] for v in values):
            values.append({"value": chosen, "count": counts.get(chosen, 0), "selected": True})
        facets.append({"key": f.key, "zh": f.zh, "en": f.en, "values": values,
                       "more": max(0, len(ordered) - FACET_VALUES)})
    numeric = next((c.numeric for c in table.columns if c.key == sort), False)
    key = _sort_key(numeric)
    ordered_rows = sorted(selected, key=lambda r: (key(r, sort), str(r.get(table.id_key, ""))), reverse=desc)
    if desc:  # empty values last in both directions
        ordered_rows = [r for r in ordered_rows if r.get(sort) not in (None, "")] + \
                       [r for r in ordered_rows if r.get(sort) in (None, "")]
    return ordered_rows, facets


def check(table: Table, filters: Mapping[str, str], sort: str | None) -> str | None:
    """A message for a filter or sort column the table does not have, else None."""
    facet_keys = {f.key for f in table.facets}
    for k in filters:
        if k not in facet_keys:
            return f"'{k}' is not a filter of this list (filters: {', '.join(sorted(facet_keys))})"
    if sort is not None and sort not in table.keys:
        return f"cannot sort by '{sort}' (columns: {', '.join(table.keys)})"
    return None


def public(result: dict[str, Any]) -> dict[str, Any]:
    """The JSON twin: everything but the unpaged rows."""
    return {k: v for k, v in result.items() if k != "all_rows"}


def to_csv(table: Table, rows: Iterable[Mapping[str, Any]]) -> str:
    """Rows (all of them, filtered and ordered, not paged) as CSV with the table's columns."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow([c.key for c in table.columns])
    for r in rows:
        w.writerow(["|".join(_values(r, c.key)) for c in table.columns])
    return out.getvalue()


__all__ = ["Column", "Facet", "MAX_PAGE_SIZE", "Query", "Table", "check", "public", "run", "to_csv"]


# -- the lists ----------------------------------------------------------------------------------

_CKG = "https://w3id.org/chainkg/def#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"

COMPANIES = Table(
    name="companies",
    columns=[Column("label", "企业", "Company"), Column("code", "代码", "Code"),
             Column("exchange", "交易所", "Exchange"), Column("sector", "申万一级", "Sector"),
             Column("industry", "申万三级行业", "Industry"), Column("province", "省份", "Province"),
             Column("city", "城市", "City"), Column("listing_date", "上市日期", "Listed"),
             Column("kind", "类别", "Class")],
    facets=[Facet("province", "省份", "Province"), Facet("city", "城市", "City"),
            Facet("sector", "申万一级", "Sector"), Facet("industry", "行业", "Industry"),
            Facet("exchange", "交易所", "Exchange"), Facet("kind", "类别", "Class")],
    text=("label", "code", "aliases", "full_name"),
    default_sort="code",
    labels={"kind": {"listed": ("上市公司", "listed"), "other": ("其他企业", "other")}},
)


def company_rows(store: Any) -> list[dict[str, Any]]:  # noqa: ANN401 - a GraphStore
    """Every company, one row each: name, code, exchange, Shenwan sector and industry, province,
    city, listing date, and whether it is listed (has a stock code).

    Why one scan per property joined here, not one ``GROUP BY`` with an OPTIONAL per column: on the
    generated national graph (101,370 companies, ``benchmarks/gen_national.py --companies 100000``)
    the single query took 43 s and 760 MB (every OPTIONAL multiplies the rows before the grouping,
    and ``partOfRegion*`` is walked once per company); the scans of one property each take 10 s in all, and the region
    hierarchy (a few thousand divisions) and the industries (hundreds) are walked once in Python.
    """
    rows: dict[str, dict[str, Any]] = {r["c"]: {} for r in store.rows(f"SELECT ?c WHERE {{ ?c a <{_CKG}Company> }}")}

    def scan(pattern: str) -> Iterable[tuple[dict[str, Any], str]]:
        # without the class in the pattern the engine scans one index instead of joining two: half the time
        for r in store.rows(f"SELECT ?c ?v WHERE {{ {pattern} }}"):
            row = rows.get(r["c"])
            if row is not None:
                yield row, r["v"]

    for key, pattern in (("label", f'?c <{_RDFS}label> ?v FILTER(lang(?v) = "zh")'),
                         ("code", f"?c <{_CKG}stockCode> ?v"), ("exchange", f"?c <{_CKG}exchange> ?v"),
                         ("listing_date", f"?c <{_CKG}listingDate> ?v"),
                         ("full_name", "?c <https://schema.org/legalName> ?v")):
        for row, value in scan(pattern):
            row.setdefault(key, value)
    aliases: dict[int, set[str]] = {}
    for row, value in scan(f"?c <{_SKOS}altLabel> ?v"):
        aliases.setdefault(id(row), set()).add(value)
    # industries: their label and their sector (two levels up), once per industry
    industry: dict[str, tuple[str, str | None]] = {}
    for r in store.rows(f"""SELECT ?i ?l ?sl WHERE {{ {{ SELECT DISTINCT ?i WHERE {{ ?x <{_CKG}inIndustry> ?i }} }}
            ?i <{_SKOS}prefLabel> ?l .
            OPTIONAL {{ ?i <{_SKOS}broader>/<{_SKOS}broader> ?s . ?s <{_SKOS}prefLabel> ?sl }} }}"""):
        industry.setdefault(r["i"], (r["l"], r.get("sl")))
    for row, value in scan(f"?c <{_CKG}inIndustry> ?v"):
        if "industry" not in row and value in industry:
            row["industry"], sector = industry[value]
            if sector:
                row["sector"] = sector
    # regions: the city is the prefecture a company is located in; the province is found up its parents
    level: dict[str, str] = {}
    name: dict[str, str] = {}
    parents: dict[str, list[str]] = {}
    for r in store.rows(f"""SELECT ?r ?level ?l ?up WHERE {{ ?r <{_CKG}adminLevel> ?level .
            OPTIONAL {{ ?r <{_RDFS}label> ?l FILTER(lang(?l) = "zh") }}
            OPTIONAL {{ ?r <{_CKG}partOfRegion> ?up }} }}"""):
        level[r["r"]] = r["level"]
        if "l" in r:
            name.setdefault(r["r"], r["l"])
        if "up" in r:
            parents.setdefault(r["r"], []).append(r["up"])
    province: dict[str, str | None] = {}

    def province_of(region: str) -> str | None:
        if region not in province:
            province[region] = None  # a cycle in partOfRegion stops here
            todo, seen = [region], {region}
            while todo:
                here = todo.pop()
                if level.get(here) == "province" and here in name:
                    province[region] = name[here]
                    break
                for up in parents.get(here, ()):
                    if up not in seen:
                        seen.add(up)
                        todo.append(up)
        return province[region]

    for row, where in scan(f"?c <{_CKG}locatedIn> ?v"):
        if "city" not in row and level.get(where) == "prefecture" and where in name:
            row["city"] = name[where]
        if "province" not in row and province_of(where):
            row["province"] = province_of(where)
    out = []
    for iri, row in rows.items():
        row["iri"] = iri
        row.setdefault("label", iri.rsplit("/", 1)[-1])
        row["aliases"] = "|".join(sorted(aliases.get(id(row), ())))
        row["kind"] = "listed" if row.get("code") else "other"
        out.append(row)
    return out


def entity_table(class_name: str, zh: str, en: str) -> Table:
    """The list of one class other than companies: name, English name, aliases, region, sources."""
    return Table(
        name=class_name,
        columns=[Column("label", zh, en), Column("label_en", "英文名", "English name"),
                 Column("aliases", "别名", "Aliases"), Column("region", "地区", "Region"),
                 Column("curation", "来源方式", "Curation")],
        facets=[Facet("region", "地区", "Region"), Facet("curation", "来源方式", "Curation")],
        text=("label", "label_en", "aliases"),
        labels={"curation": {"curated": ("人工整理", "curated"), "extracted": ("机器抽取", "extracted")}},
    )


def entity_rows(store: Any, class_iri: str) -> list[dict[str, Any]]:  # noqa: ANN401 - a GraphStore
    rows = store.rows(f"""SELECT ?e (SAMPLE(?l) AS ?label) (SAMPLE(?le) AS ?label_en)
            (GROUP_CONCAT(DISTINCT ?a; separator="|") AS ?aliases) (SAMPLE(?rl) AS ?region)
            (SAMPLE(?cu) AS ?curation) WHERE {{
          ?e a <{class_iri}> .
          OPTIONAL {{ ?e <{_RDFS}label> ?l FILTER(lang(?l) = "zh") }}
          OPTIONAL {{ ?e <{_RDFS}label> ?le FILTER(lang(?le) = "en") }}
          OPTIONAL {{ ?e <{_SKOS}altLabel> ?a }} OPTIONAL {{ ?e <{_CKG}curation> ?cu }}
          OPTIONAL {{ ?e <{_CKG}locatedIn>|<{_CKG}partOfRegion> ?r . ?r <{_RDFS}label> ?rl FILTER(lang(?rl) = "zh") }}
        }} GROUP BY ?e""")
    for r in rows:
        r["iri"] = r.pop("e")
        r.setdefault("label", r.get("label_en") or r["iri"].rsplit("/", 1)[-1])
        r["aliases"] = [a for a in (r.get("aliases") or "").split("|") if a][:8]
    return rows


GAPS = Table(
    name="gaps",
    columns=[Column("side_rank", "#", "#", numeric=True), Column("label", "行业", "Industry"),
             Column("notation", "代码", "Code"), Column("side", "方向", "Side"),
             Column("distance", "跳数", "Hops", numeric=True), Column("weight", "权重", "Weight", numeric=True),
             Column("specificity", "专属度", "Specificity", numeric=True),
             Column("sector", "申万一级", "Sector"), Column("elsewhere", "外地企业", "Elsewhere", numeric=True),
             Column("score", "得分", "Score", numeric=True), Column("top_candidates", "候选企业", "Candidates")],
    facets=[Facet("side", "方向", "Side"), Facet("sector", "申万一级", "Sector"),
            Facet("distance", "跳数", "Hops"), Facet("generic", "通用行业", "Generic")],
    text=("label", "notation", "top_candidates"),
    default_sort="score", default_desc=True,
    labels={"side": {"upstream": ("上游 · 补链", "upstream · 补链"),
                     "downstream": ("下游 · 延链", "downstream · 延链")},
            "generic": {"generic": ("通用/服务", "generic, services"), "material": ("材料/部件", "materials, parts")}},
)

CANDIDATES = Table(
    name="candidates",
    columns=[Column("n", "#", "#", numeric=True), Column("gap", "缺口行业", "Gap industry"),
             Column("gap_code", "行业代码", "Industry code"),
             Column("side", "方向", "Side"), Column("gap_rank", "缺口名次", "Gap rank", numeric=True),
             Column("label", "候选企业", "Candidate"), Column("code", "股票代码", "Code"),
             Column("city", "城市", "City"), Column("province", "省份", "Province"),
             Column("listing_date", "上市日期", "Listed"), Column("same_province", "同省", "Same province")],
    facets=[Facet("side", "方向", "Side"), Facet("province", "省份", "Province")],
    default_sort="n",
    labels={"side": GAPS.labels["side"], "same_province": {"yes": ("是", "yes")}},
)

#: The value of a gap row's ``side`` (the same in both languages; the pages show ``GAPS.labels``).
SIDES = {"upstream": "upstream", "downstream": "downstream"}


def gap_rows(result: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The gaps of an ``analytics.gaps`` result as table rows (both sides)."""
    out = []
    for side in ("upstream", "downstream"):
        for g in result.get(side, []):
            out.append({**g, "side": SIDES[side], "distance": g["distance"],
                        "generic": "generic" if g.get("generic") else "material",
                        "top_candidates": [c["label"] for c in g.get("candidates", [])[:3]]})
    return out


def candidate_rows(result: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One row per gap and candidate company (the download an analyst works from)."""
    province = result.get("province")
    out = []
    for side in ("upstream", "downstream"):
        for g in result.get(side, []):
            for c in g.get("candidates", []):
                out.append({**c, "n": len(out) + 1, "gap": g["label"], "gap_code": g["notation"], "side": SIDES[side],
                            "gap_rank": g["side_rank"],
                            "same_province": "yes" if province and c.get("province_iri") == province else ""})
    return out


INDUSTRIES = Table(
    name="industries",
    columns=[Column("label", "行业", "Industry"), Column("notation", "代码", "Code"),
             Column("sector", "申万一级", "Sector"), Column("companies", "企业", "Companies", numeric=True),
             Column("supplier_rank", "供给中心度", "Supplier rank", numeric=True),
             Column("demand_rank", "需求中心度", "Demand rank", numeric=True),
             Column("betweenness", "中介度", "Betweenness", numeric=True),
             Column("in_degree", "上游数", "Suppliers", numeric=True),
             Column("out_degree", "下游数", "Customers", numeric=True)],
    facets=[Facet("sector", "申万一级", "Sector")],
    text=("label", "notation"),
    default_sort="supplier_rank", default_desc=True,
)

def industry_rows(store: Any) -> list[dict[str, Any]]:  # noqa: ANN401 - a GraphStore
    """The industries of the supply network with their centrality and Shenwan level-1 sector."""
    from chainkg.graph import analytics

    rows = analytics.centrality(store, top=None)
    g = analytics.industry_network(store)
    for r in rows:
        n, seen = r["iri"], 0
        while g.nodes[n].get("broader") and g.nodes[n].get("level") != 1 and seen < 4:
            n, seen = g.nodes[n]["broader"], seen + 1
        r["sector"] = g.nodes[n].get("label") if n in g else None
    return rows


SEARCH = Table(
    name="search",
    columns=[Column("rank", "#", "#", numeric=True), Column("label", "名称", "Name"),
             Column("label_en", "英文名", "English name"), Column("kind", "类别", "Class"),
             Column("matched", "匹配", "Matched")],
    facets=[Facet("kind", "类别", "Class")],
    text=("label", "label_en", "matched"),
    default_sort="rank",
    labels={"kind": {"Company": ("企业", "Company"), "IndustryChain": ("产业链", "Industry chain"),
                     "ChainSegment": ("产业链环节", "Chain segment"), "IndustryCluster": ("产业集群", "Cluster"),
                     "Sector": ("产业领域", "Sector"), "Industry": ("行业", "Industry"),
                     "Policy": ("政策举措", "Policy"), "Project": ("项目", "Project"), "Region": ("行政区", "Region"),
                     "Designation": ("称号", "Designation"),
                     "Organization": ("机构", "Organization")}},
)
