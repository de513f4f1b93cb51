"""China's administrative divisions (GB/T 2260) and locating a company from its full name.

Why here: companies, statistics and chains are tied to regions by their GB/T 2260
code (``entity_iri("Region", "410300")``), so every importer needs the same list
and the same names for it. The list ships as ``gbt2260.csv`` beside this file
(source and derivation in README.md); nothing is fetched at run time.

``locate("洛阳栾川钼业集团股份有限公司")`` reads the place names a Chinese company
name starts with (省, 市, 县, in that order, each optional) and returns
``["410300", "410324"]``: the prefecture and the county, as far as the name tells.
It reads only the start of the name, where Chinese company names put their
registered place; a place name further in (中国交通建设, 华安证券) is a brand, not
a location, and is ignored. A short form is only trusted where it cannot be
mistaken: a short county name (栾川) only right after its own prefecture, a
short prefecture name only when no other prefecture shares it.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import RDF, RDFS, SKOS, Literal, URIRef

from chainkg.ontology.namespaces import CKG, entity_iri, graph_iri

if TYPE_CHECKING:  # the division list is read by the text extractor too; keep its imports light
    from chainkg.graph.store import GraphStore
    from chainkg.ingest.pipeline import SourceGraph

HERE = Path(__file__).resolve().parent
DIVISIONS_CSV = HERE / "gbt2260.csv"

#: The named graph that holds the whole division list when written on its own.
DIVISIONS_GRAPH = graph_iri("divisions")
SOURCE_NOTE = "GB/T 2260 division codes, 2020 list as shipped by the PyPI package cpca 0.5.5"

PROVINCE, PREFECTURE, COUNTY = "province", "prefecture", "county"

#: Minority names as they appear before 族 in 自治区/州/县/旗 names, to find short forms
#: (海南藏族自治州 -> 海南, 黔东南苗族侗族自治州 -> 黔东南).
_NATIONS = (
    "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 "
    "高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 "
    "普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 "
    "珞巴 基诺 各"
).split()
#: with 族, and the names of two characters or more without it, as official names also write them
#: (木垒哈萨克自治县, 察布查尔锡伯自治县, 和布克赛尔蒙古自治县); one character alone (回, 土) could be the place's own
_NATION_SUFFIXES = sorted(
    [n + "族" for n in _NATIONS] + [n for n in _NATIONS if len(n) >= 2 and n != "各"], key=len, reverse=True
)


@dataclass(frozen=True)
class Division:
    """One administrative division: its code, official name, short form, level and parent."""

    code: str
    name: str
    level: str
    parent: str | None
    short: str | None = None

    @property
    def iri(self) -> URIRef:
        return entity_iri("Region", self.code)


def short_form(name: str, level: str) -> str | None:
    """The name without its administrative suffix (洛阳市 -> 洛阳), or None if nothing useful remains.

    Why: people and company names use the short form (洛阳钼业, “洛阳”); a short form of
    one character (和县 -> 和) would match anything, so it is not offered.
    """
    base = name
    for suffix in ("特别行政区", "自治区", "自治州", "自治县", "自治旗"):
        if base.endswith(suffix):
            base = base[: -len(suffix)]
            changed = True
            while changed:
                changed = False
                for nation in _NATION_SUFFIXES:
                    if base.endswith(nation) and len(base) - len(nation) >= 2:
                        base = base[: -len(nation)]
                        changed = True
                        break
            break
    else:
        suffixes = {
            PROVINCE: ("省", "市"),
            PREFECTURE: ("地区", "市", "盟"),
            COUNTY: ("林区", "特区", "新区", "市", "县", "区", "旗"),
        }[level]
        for suffix in suffixes:
            if base.endswith(suffix):
                base = base[: -len(suffix)]
                break
    if base == name or len(base) < 2:
        return None
    return base


def _level(code: str) -> str:
    if code.endswith("0000"):
        return PROVINCE
    if code.endswith("00"):
        return PREFECTURE
    return COUNTY


@dataclass
class _Index:
    divisions: dict[str, Division]
    provinces: dict[str, str] = field(default_factory=dict)
    #: prefecture names (full, and short forms no other prefecture shares) -> code
    prefectures: dict[str, str] = field(default_factory=dict)
    #: parent code -> {full or short name -> code} of its direct children
    children: dict[str, dict[str, str]] = field(default_factory=dict)
    #: full county names that are unique nationally -> code
    counties: dict[str, str] = field(default_factory=dict)
    #: every name and short form -> codes (for resolving what a user typed)
    by_name: dict[str, list[str]] = field(default_factory=dict)


@lru_cache(maxsize=1)
def _index() -> _Index:
    rows: list[tuple[str, str]] = []
    with DIVISIONS_CSV.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            rows.append((row["code"], row["name"]))
    codes = {code for code, _ in rows}
    divisions: dict[str, Division] = {}
    for code, name in rows:
        level = _level(code)
        if level == PROVINCE:
            parent = None
        elif level == PREFECTURE:
            parent = code[:2] + "0000"
        else:
            parent = code[:4] + "00" if code[:4] + "00" in codes else code[:2] + "0000"
        divisions[code] = Division(code, name, level, parent, short_form(name, level))
    idx = _Index(divisions)
    pref_names: dict[str, list[str]] = {}
    county_full: dict[str, list[str]] = {}
    for d in divisions.values():
        names = [d.name] + ([d.short] if d.short else [])
        for n in names:
            idx.by_name.setdefault(n, []).append(d.code)
        if d.level == PROVINCE:
            for n in names:
                idx.provinces[n] = d.code
        elif d.level == PREFECTURE:
            for n in names:
                pref_names.setdefault(n, []).append(d.code)
        else:
            county_full.setdefault(d.name, []).append(d.code)
        if d.parent:
            kids = idx.children.setdefault(d.parent, {})
            for n in names:
                kids.setdefault(n, d.code)
    idx.prefectures = {n: c[0] for n, c in pref_names.items() if len(c) == 1}
    idx.counties = {n: c[0] for n, c in county_full.items() if len(c) == 1}
    return idx


def divisions() -> dict[str, Division]:
    """Every division by code (3,219 of them)."""
    return _index().divisions


def get(code: str) -> Division | None:
    """The division with this six-digit code, or None."""
    return _index().divisions.get(code)


def ancestors(code: str) -> list[str]:
    """The codes above ``code``, nearest first (410324 -> 410300, 410000)."""
    out: list[str] = []
    d = get(code)
    while d is not None and d.parent:
        out.append(d.parent)
        d = get(d.parent)
    return out


def find(name: str) -> list[str]:
    """The codes of the divisions called ``name`` (full or short form), or a code itself."""
    name = unicodedata.normalize("NFKC", name).strip()
    if name in _index().divisions:
        return [name]
    return sorted(_index().by_name.get(name, []))


def _longest(text: str, pos: int, table: dict[str, str]) -> tuple[str, int] | None:
    for length in range(min(12, len(text) - pos), 1, -1):
        code = table.get(text[pos : pos + length])
        if code is not None:
            return code, length
    return None


def locate(fullname: str) -> list[str]:
    """Division codes for a company's full name: [prefecture, county] as far as it tells.

    ``洛阳栾川钼业集团股份有限公司`` -> ``["410300", "410324"]``;
    ``江苏京源环保股份有限公司`` -> ``["320000"]`` (only the province is named);
    ``中国交通建设股份有限公司`` -> ``[]``. A county is returned with the division
    it belongs to (its prefecture, or its province or municipality when it has
    no prefecture); the province is returned only when nothing finer is named.
    When the name does not start with a place, a place in brackets that is
    nothing but a place name counts (隆华科技集团(洛阳)股份有限公司 -> 洛阳市).
    """
    text = unicodedata.normalize("NFKC", fullname).strip()
    codes, _ = _locate_prefix(text)
    if codes:
        return codes
    for inner in _BRACKETED.findall(text):
        codes, consumed = _locate_prefix(inner)
        if codes and consumed == len(inner):
            return codes
    return []


_BRACKETED = re.compile(r"\(([^()]{2,12})\)")


def strip_place(name: str) -> str:
    """``name`` without the division names it starts with, when something of at least two
    characters is left: ``安康市生物医药产业链`` -> ``生物医药产业链``, ``河南省洛阳市新材料`` -> ``新材料``;
    ``新材料`` and ``洛阳市`` are returned as they are. Chains and clusters are often named after
    their place, which says nothing about the industry they belong to."""
    text = unicodedata.normalize("NFKC", name).strip()
    _, consumed = _locate_prefix(text)
    rest = text[consumed:]
    return rest if consumed and len(rest) >= 2 else text


def _locate_prefix(text: str) -> tuple[list[str], int]:
    idx = _index()
    pos = 0
    province = prefecture = county = None
    p = _longest(text, 0, idx.provinces)
    c = _longest(text, 0, idx.prefectures)
    if c and (not p or c[1] > p[1]):
        prefecture, pos = c[0], c[1]
    elif p:
        province, pos = p[0], p[1]
        below = _longest(text, pos, idx.children.get(province, {}))
        if below:
            code = below[0]
            if idx.divisions[code].level == PREFECTURE:
                prefecture, pos = code, pos + below[1]
            else:
                county, pos = code, pos + below[1]
    else:
        k = _longest(text, 0, idx.counties)
        if k:
            county, pos = k[0], k[1]
    if prefecture and not county:
        below = _longest(text, pos, idx.children.get(prefecture, {}))
        if below:
            county, pos = below[0], pos + below[1]
    if county:
        parent = idx.divisions[county].parent
        return ([parent, county] if parent else [county]), pos
    if prefecture:
        return [prefecture], pos
    if province:
        return [province], pos
    return [], 0


def region_triples(codes: Iterable[str], *, with_ancestors: bool = True) -> Iterator[tuple]:
    """RDF for the divisions ``codes`` (and, by default, every division above them).

    Each is a ``ckg:Region`` with rdfs:label@zh (洛阳市), skos:altLabel@zh (洛阳),
    ckg:divisionCode, ckg:adminLevel and ckg:partOfRegion, so a query can climb
    from a county to its province.
    """
    wanted: set[str] = set()
    for code in codes:
        if code in _index().divisions:
            wanted.add(code)
            if with_ancestors:
                wanted.update(ancestors(code))
    for code in sorted(wanted):
        d = _index().divisions[code]
        s = d.iri
        yield s, RDF.type, CKG.Region
        yield s, RDFS.label, Literal(d.name, lang="zh")
        if d.short:
            yield s, SKOS.altLabel, Literal(d.short, lang="zh")
        yield s, CKG.divisionCode, Literal(d.code)
        yield s, CKG.adminLevel, Literal(d.level)
        if d.parent:
            yield s, CKG.partOfRegion, entity_iri("Region", d.parent)


def divisions_source() -> SourceGraph:
    """The whole division list as its own source graph (``graph/divisions``)."""
    from chainkg.ingest.pipeline import Origin, SourceGraph

    source = SourceGraph(
        graph_iri=DIVISIONS_GRAPH,
        label="行政区划代码 (GB/T 2260)",
        kind="divisions",
        location=str(DIVISIONS_CSV),
    )
    g = source.graph
    for line, code in enumerate(sorted(_index().divisions), start=2):
        source.note(entity_iri("Region", code), Origin(DIVISIONS_CSV.name, line, "code"))
    for t in region_triples(_index().divisions, with_ancestors=False):
        g.add(t)
    return source


def ingest_divisions(store: GraphStore) -> int:
    """Write the whole division list as the graph ``divisions``; returns the triple count."""
    from chainkg.ingest.pipeline import write_source

    return write_source(store, divisions_source())
