"""Analytics on the industry supply network: gaps (补链/强链), centrality, communities, paths.

Why a projection: the questions here are graph questions (who is within three
hops upstream, what is between two industries), which networkx answers
directly; the RDF graph is read once through the store's ``select`` (pyoxigraph terms,
no rdflib term objects, DESIGN.md) into a weighted ``DiGraph`` whose edges point from the
supplying industry to the supplied one (``ckg:UpstreamLink`` with its
``ckg:weight``; a bare ``ckg:upstreamOf`` between two industries counts with
weight 1).

Every function returns plain JSON-ready data (dicts, lists, str, int, float), so
the CLI prints it, the server renders it, and tests compare it.

Arguments naming a region or an industry accept what a person types: a Chinese
name (洛阳, 洛阳市, 工业金属, 林业Ⅱ), a code (410300, 240300, sw2021-240300) or an
IRI. An industry above level 3 stands for the level-3 industries under it, since
the upstream data links level-3 industries; an ``ckg:IndustryChain`` stands for
the industries its segments are mapped to (``ckg:inIndustry``).
"""

from __future__ import annotations

import math
import re
from collections import Counter, deque
from dataclasses import dataclass
from itertools import islice
from typing import Any

import networkx as nx

from chainkg.graph.errors import UserError
from chainkg.graph.store import GraphStore
from chainkg.ontology.namespaces import CKG, PREFIXES

_CKG = str(CKG)
_RDFS = PREFIXES["rdfs"]
_SKOS = PREFIXES["skos"]
_RDF = PREFIXES["rdf"]
_PREFIXES = (
    f"PREFIX ckg: <{_CKG}>\nPREFIX rdfs: <{_RDFS}>\nPREFIX skos: <{_SKOS}>\n"
    f"PREFIX rdf: <{_RDF}>\n"
)
LEVEL_ORDER = {"province": 0, "prefecture": 1, "county": 2}

#: How much one more hop away weakens a link in the gap score.
HOP_DECAY = 0.5


def _query(store: GraphStore, body: str) -> list[dict[str, str]]:
    """Run a SELECT on the union of all graphs; rows as {variable: lexical value}."""
    result = store.select(_PREFIXES + body)
    names = [v.value for v in result.variables]
    rows = []
    for solution in result:
        row = {}
        for name in names:
            term = solution[name]
            if term is not None:
                row[name] = term.value
        rows.append(row)
    return rows


def _lit(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# -- the projection ---------------------------------------------------------------


#: The last industry network built, per store and version (a query worker keeps it between jobs).
_NETWORK: dict[tuple[str, str], nx.DiGraph] = {}


def industry_network(store: GraphStore) -> nx.DiGraph:
    """The industries and their weighted upstream edges (supplier -> supplied), a copy the caller may change.

    Built once per store version (0.6-1 s on the generated 100k graph, where the path, gaps and
    industries analyses each need it) and copied for each call (a few milliseconds).

    Node attributes: ``label`` (zh), ``notation``, ``level`` (1-3 from the code,
    None if unknown), ``broader`` (parent IRI), ``companies`` (how many
    companies are in it, nationally). Edge attribute: ``weight`` (float; the sum
    if several links join the same pair).
    """
    key = (store.location, store.version())
    if key not in _NETWORK:
        _NETWORK.clear()
        _NETWORK[key] = _build_industry_network(store)
    return _NETWORK[key].copy()


def _build_industry_network(store: GraphStore) -> nx.DiGraph:
    g = nx.DiGraph()
    for row in _query(
        store,
        """SELECT ?i ?label ?notation ?broader WHERE {
             ?i a ckg:Industry .
             OPTIONAL { ?i skos:prefLabel ?label FILTER(langMatches(lang(?label), "zh")) }
             OPTIONAL { ?i skos:notation ?notation }
             OPTIONAL { ?i skos:broader ?broader } }""",
    ):
        i = row["i"]
        notation = row.get("notation")
        attrs = g.nodes[i] if i in g else {}
        attrs.update(
            label=row.get("label") or attrs.get("label") or _local(i),
            notation=notation,
            level=_shenwan_level(notation),
            broader=row.get("broader"),
            companies=0,
        )
        g.add_node(i, **attrs)
    industries = set(g.nodes)
    for row in _query(
        store,
        """SELECT ?u ?d ?w WHERE {
             ?l a ckg:UpstreamLink ; ckg:upstreamIndustry ?u ; ckg:downstreamIndustry ?d .
             OPTIONAL { ?l ckg:weight ?w } }""",
    ):
        _add_edge(g, row["u"], row["d"], float(row.get("w", 1)))
    # plain upstreamOf between two industries, where no weighted link joins them: the difference taken
    # here (0.05 s on the 100k graph) rather than by FILTER NOT EXISTS in the query (0.66 s)
    weighted = set(g.edges)
    for row in _query(store, "SELECT ?u ?d WHERE { ?u ckg:upstreamOf ?d }"):
        u, d = row["u"], row["d"]
        if u in industries and d in industries and (u, d) not in weighted:
            _add_edge(g, u, d, 1.0)
    # companies per industry: every ckg:inIndustry less those of chains, segments and clusters (the other
    # things the property is said of). Each triple is once in the merged default graph, so no DISTINCT. On
    # the generated 100k graph the join with ?c a ckg:Company took 2.3 s, these two counts 0.2 s.
    for row in _query(store, "SELECT ?i (COUNT(?c) AS ?n) WHERE { ?c ckg:inIndustry ?i } GROUP BY ?i"):
        if row["i"] in g:
            g.nodes[row["i"]]["companies"] = int(row["n"])
    for row in _query(
        store,
        """SELECT ?i (COUNT(?x) AS ?n) WHERE { VALUES ?k { ckg:IndustryChain ckg:ChainSegment ckg:IndustryCluster }
             ?x a ?k ; ckg:inIndustry ?i } GROUP BY ?i""",
    ):
        if row["i"] in g:
            g.nodes[row["i"]]["companies"] -= int(row["n"])
    return g


def _add_edge(g: nx.DiGraph, u: str, d: str, w: float) -> None:
    for n in (u, d):
        if n not in g:
            g.add_node(n, label=_local(n), notation=None, level=None, broader=None, companies=0)
    if g.has_edge(u, d):
        g[u][d]["weight"] += w
    else:
        g.add_edge(u, d, weight=w)


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _shenwan_level(notation: str | None) -> int | None:
    if not notation or not re.fullmatch(r"\d{6}", notation):
        return None
    return 1 if notation.endswith("0000") else 2 if notation.endswith("00") else 3


# -- resolving what a person typed -----------------------------------------------------


@dataclass(frozen=True)
class Resolved:
    """An entity found for a typed name: its IRI, label, class, and the other candidates."""

    iri: str
    label: str
    kind: str
    others: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"iri": self.iri, "label": self.label, "kind": self.kind,
                "others": list(self.others)}


def resolve_region(store: GraphStore, text: str) -> Resolved:
    """A ``ckg:Region`` by IRI, GB/T 2260 code, name (洛阳市) or short form (洛阳).

    When a name fits several regions the higher level wins (吉林 -> 吉林省, not
    吉林市), and the others are listed in ``Resolved.others``.
    """
    text = text.strip()
    if text.startswith(("http://", "https://")):
        rows = _query(store, f"""SELECT ?label WHERE {{ <{text}> rdfs:label ?label }}
                                 ORDER BY DESC(lang(?label) = 'zh') LIMIT 1""")
        return Resolved(text, rows[0]["label"] if rows else _local(text), "Region")
    if re.fullmatch(r"\d{6}", text):
        cond = f"?r ckg:divisionCode {_lit(text)} ."
    else:
        cond = (f"{{ ?r rdfs:label ?n }} UNION {{ ?r skos:altLabel ?n }} "
                f"FILTER(str(?n) = {_lit(text)})")
    rows = _query(
        store,
        f"""SELECT DISTINCT ?r ?label ?level WHERE {{ ?r a ckg:Region . {cond}
              OPTIONAL {{ ?r rdfs:label ?label FILTER(lang(?label) = "zh") }}
              OPTIONAL {{ ?r ckg:adminLevel ?level }} }}""",
    )
    if not rows:
        if re.fullmatch(r"\d{6}", text):
            raise UserError(f"no region with the division code {text} in the store")
        raise UserError(f"no region called '{text}' in the store (is the A-share data set "
                        "or the divisions list ingested?)")
    rows.sort(key=lambda r: (LEVEL_ORDER.get(r.get("level", ""), 9), r["r"]))
    best = rows[0]
    others = tuple(dict.fromkeys(r["r"] for r in rows[1:]))
    return Resolved(best["r"], best.get("label", text), "Region", others)


def resolve_industry(store: GraphStore, text: str) -> Resolved:
    """An industry (or an industry chain) by IRI, code (240300, sw2021-240300) or name.

    Names are matched against skos:prefLabel, rdfs:label, skos:altLabel and
    skos:hiddenLabel (as written, in Chinese, in English or without a language), preferring a
    preferred label, then the higher level. The name is looked up as those three literals, not
    compared with ``str()`` of every label: 0.25 s -> milliseconds on the generated 100k graph.
    """
    text = text.strip()
    if text.startswith(("http://", "https://")):
        rows = _query(store, f"""SELECT ?label ?t WHERE {{ OPTIONAL {{ <{text}> rdfs:label ?label }}
                                 OPTIONAL {{ <{text}> a ?t }} }}""")
        kinds = {r.get("t") for r in rows}
        kind = "IndustryChain" if f"{_CKG}IndustryChain" in kinds else "Industry"
        label = next((r["label"] for r in rows if "label" in r), _local(text))
        return Resolved(text, label, kind)
    code = text.removeprefix("sw2021-")
    if re.fullmatch(r"\d{6}", code):
        rows = _query(store, f"""SELECT ?i ?label WHERE {{ ?i a ckg:Industry ;
                                  skos:notation {_lit(code)} . OPTIONAL {{ ?i skos:prefLabel ?label }} }}""")
        if not rows:
            raise UserError(f"no industry with the code {code} in the store")
        return Resolved(rows[0]["i"], rows[0].get("label", code), "Industry")
    rows = _query(
        store,
        f"""SELECT DISTINCT ?i ?p ?t ?label ?notation WHERE {{
              VALUES (?p ?rank) {{ (skos:prefLabel 0) (rdfs:label 1) (skos:altLabel 2)
                                   (skos:hiddenLabel 3) }}
              VALUES ?n {{ {_lit(text)} {_lit(text)}@zh {_lit(text)}@en }} ?i ?p ?n .
              VALUES ?t {{ ckg:Industry ckg:IndustryChain }} ?i a ?t .
              OPTIONAL {{ ?i rdfs:label ?label }} OPTIONAL {{ ?i skos:notation ?notation }} }}""",
    )
    if not rows:
        raise UserError(f"no industry or industry chain called '{text}' in the store")
    rank = {f"{_SKOS}prefLabel": 0, f"{_RDFS}label": 1, f"{_SKOS}altLabel": 2,
            f"{_SKOS}hiddenLabel": 3}
    rows.sort(key=lambda r: (rank.get(r["p"], 9), _shenwan_level(r.get("notation")) or 0,
                             r["i"]))
    best = rows[0]
    kind = "IndustryChain" if best["t"] == f"{_CKG}IndustryChain" else "Industry"
    others = tuple(dict.fromkeys(r["i"] for r in rows[1:] if r["i"] != best["i"]))
    return Resolved(best["i"], best.get("label", text), kind, others)


def focus_industries(store: GraphStore, g: nx.DiGraph, target: Resolved) -> list[str]:
    """The level-3 industries of the network that ``target`` stands for.

    An industry stands for itself and every industry under it (skos:broader);
    a chain for the industries it and its segments are mapped to (ckg:inIndustry).
    """
    if target.kind == "IndustryChain":
        rows = _query(store, f"""SELECT DISTINCT ?i WHERE {{
            VALUES ?p {{ ckg:inIndustry skos:exactMatch skos:closeMatch skos:narrowMatch }}
            {{ <{target.iri}> ?p ?i }} UNION {{ ?s ckg:segmentOf <{target.iri}> ; ?p ?i }}
            ?i a ckg:Industry }}""")
        roots = [r["i"] for r in rows]
        if not roots:
            raise UserError(f"the chain '{target.label}' is aligned to no Shenwan industry (ckg:inIndustry, "
                            "skos:exactMatch, closeMatch or narrowMatch on the chain or its segments): "
                            "is the A-share data set ingested, and is its name in "
                            "ingest/alignment/shenwan_chains.csv?")
    else:
        roots = [target.iri]
    children: dict[str, list[str]] = {}
    for n, b in g.nodes(data="broader"):
        if b:
            children.setdefault(b, []).append(n)
    out: list[str] = []
    queue = deque(roots)
    seen: set[str] = set()
    while queue:
        n = queue.popleft()
        if n in seen:
            continue
        seen.add(n)
        if n in g and (g.degree(n) > 0 or not children.get(n)):
            out.append(n)
        queue.extend(children.get(n, []))
    return sorted(out)


def _within(g: nx.DiGraph, focus: list[str], hops: int, upstream: bool) -> dict[str, int]:
    """Hop distance from the focus set, walking against (upstream) or along the edges."""
    dist = {f: 0 for f in focus}
    frontier = list(focus)
    for d in range(1, hops + 1):
        nxt = []
        for n in frontier:
            for m in (g.predecessors(n) if upstream else g.successors(n)):
                if m not in dist:
                    dist[m] = d
                    nxt.append(m)
        frontier = nxt
    return dist


def _ties(
    g: nx.DiGraph, focus: list[str], dist: dict[str, int], upstream: bool
) -> dict[str, tuple[float, str, float]]:
    """How strongly each reached industry is tied to the focus: (tie, via, weight to via).

    One hop out, the tie is the sum of the weights of its edges to focus
    industries; further out, it is the strongest path's weakest link: the best,
    over its neighbours one hop nearer, of min(edge weight, that neighbour's tie).
    ``via`` is the neighbour one hop nearer that gives it.
    """
    focus_set = set(focus)
    ties: dict[str, tuple[float, str, float]] = {}

    def weight(n: str, m: str) -> float:
        return g[n][m]["weight"] if upstream else g[m][n]["weight"]

    for n in sorted(dist, key=lambda x: dist[x]):
        d = dist[n]
        if d == 0:
            continue
        nearer = [m for m in (g.successors(n) if upstream else g.predecessors(n))
                  if dist.get(m) == d - 1]
        if d == 1:
            total = sum(weight(n, m) for m in nearer if m in focus_set)
            via = max(nearer, key=lambda m: (weight(n, m), m))
            ties[n] = (total, via, weight(n, via))
        else:
            best = max(nearer, key=lambda m: (min(weight(n, m), ties[m][0]), weight(n, m), m))
            ties[n] = (min(weight(n, best), ties[best][0]), best, weight(n, best))
    return ties


def _region_companies(store: GraphStore, region: str) -> dict[str, list[dict[str, str]]]:
    """Companies located in ``region`` or any region inside it, by industry IRI; each company
    once per industry, under its Chinese name (a company with an English name too is one
    company, not two)."""
    rows = _query(
        store,
        f"""SELECT ?c ?i (SAMPLE(?l) AS ?label) (SAMPLE(?k) AS ?code) WHERE {{
              ?c a ckg:Company ; ckg:inIndustry ?i ; ckg:locatedIn ?r .
              ?r ckg:partOfRegion* <{region}> .
              OPTIONAL {{ ?c rdfs:label ?l FILTER(lang(?l) = "zh") }} OPTIONAL {{ ?c ckg:stockCode ?k }} }}
            GROUP BY ?c ?i""",
    )
    out: dict[str, list[dict[str, str]]] = {}
    for r in rows:
        out.setdefault(r["i"], []).append(
            {"iri": r["c"], "label": r.get("label", _local(r["c"])), "code": r.get("code")}
        )
    for companies in out.values():
        companies.sort(key=lambda c: c["code"] or c["iri"])
    return out


#: Shenwan level-1 sectors that sell to nearly every industry (trade, logistics, finance, property,
#: media, services, conglomerates, construction, utilities): a link to one of them says little
#: about what a chain is made of, so its score is multiplied by ``GENERIC_FACTOR``. docs/ashare-chain.md.
GENERIC_SECTORS = {
    "410000": "公用事业", "420000": "交通运输", "430000": "房地产", "450000": "商贸零售",
    "460000": "社会服务", "480000": "银行", "490000": "非银金融", "510000": "综合",
    "620000": "建筑装饰", "720000": "传媒",
}
GENERIC_FACTOR = 0.25
#: Candidate companies listed per gap in the result (all of them go to the CSV download).
CANDIDATES_SHOWN = 10


def _sector(g: nx.DiGraph, n: str) -> str | None:
    """The Shenwan level-1 code above ``n``."""
    for _ in range(4):
        a = g.nodes.get(n, {})
        if a.get("level") == 1:
            return a.get("notation")
        n = a.get("broader")
        if not n:
            return None
    return None


def specificity(g: nx.DiGraph, n: str, upstream: bool) -> float:
    """How specific a link to ``n`` is, from 0 to 1: 1 for an industry that supplies (upstream)
    or draws on (downstream) one industry only, falling like an inverse document frequency as
    it supplies more: log((N + 1) / (k + 1)) / log(N + 1), N the industries with any link,
    k those ``n`` supplies (or draws on)."""
    linked = sum(1 for x in g if g.degree(x) > 0)
    k = g.out_degree(n) if upstream else g.in_degree(n)
    return math.log((linked + 1) / (k + 1)) / math.log(linked + 1) if linked else 1.0


def _companies_of(store: GraphStore, industries: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Every company of ``industries``, with code, listing date, city and province, by industry."""
    if not industries:
        return {}
    values = " ".join(f"<{i}>" for i in industries)
    rows = _query(
        store,
        f"""SELECT ?i ?c (SAMPLE(?l) AS ?label) (SAMPLE(?k) AS ?code) (SAMPLE(?d) AS ?date)
                   (SAMPLE(?city) AS ?city_iri) (SAMPLE(?cl) AS ?city_label)
                   (SAMPLE(?prov) AS ?province_iri) (SAMPLE(?pl) AS ?province_label) WHERE {{
              VALUES ?i {{ {values} }}
              ?c ckg:inIndustry ?i ; a ckg:Company .
              OPTIONAL {{ ?c rdfs:label ?l FILTER(lang(?l) = "zh") }}
              OPTIONAL {{ ?c ckg:stockCode ?k }} OPTIONAL {{ ?c ckg:listingDate ?d }}
              OPTIONAL {{ ?c ckg:locatedIn ?city . ?city ckg:adminLevel "prefecture" ; rdfs:label ?cl
                          FILTER(lang(?cl) = "zh") }}
              OPTIONAL {{ ?c ckg:locatedIn/ckg:partOfRegion* ?prov . ?prov ckg:adminLevel "province" ;
                          rdfs:label ?pl FILTER(lang(?pl) = "zh") }} }}
            GROUP BY ?i ?c""",
    )
    out: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        out.setdefault(r["i"], []).append({
            "iri": r["c"], "label": r.get("label", _local(r["c"])), "code": r.get("code"),
            "listing_date": r.get("date"), "city": r.get("city_label"), "city_iri": r.get("city_iri"),
            "province": r.get("province_label"), "province_iri": r.get("province_iri"),
        })
    return out


def _province_of(store: GraphStore, region: str) -> str | None:
    rows = _query(store, f"""SELECT ?p WHERE {{ <{region}> ckg:partOfRegion* ?p .
                               ?p ckg:adminLevel "province" }} LIMIT 1""")
    return rows[0]["p"] if rows else None


def _nearest_first(companies: list[dict[str, Any]], province: str | None) -> list[dict[str, Any]]:
    """Same province first, then those with a known place, then the rest; by code within each."""
    def key(c: dict[str, Any]) -> tuple:
        same = province is not None and c.get("province_iri") == province
        return (0 if same else 1 if c.get("province_iri") else 2, c.get("code") or c["iri"])

    return sorted(companies, key=key)


def resolve_chain(store: GraphStore, text: str, region: Resolved | None = None) -> Resolved:
    """An industry chain (or cluster) by IRI or name (label or alias), preferring one of ``region``.

    Several chains of the same name in different regions: the one located in ``region``;
    otherwise the name is ambiguous and the candidates are named.
    """
    text = text.strip()
    if text.startswith(("http://", "https://")):
        cond = f"VALUES ?c {{ <{text}> }}"
    else:
        cond = (f"{{ ?c rdfs:label ?n }} UNION {{ ?c skos:altLabel ?n }} "
                f"FILTER(str(?n) = {_lit(text)})")
    rows = _query(store, f"""SELECT DISTINCT ?c ?label ?r WHERE {{ {cond}
        VALUES ?t {{ ckg:IndustryChain ckg:IndustryCluster }} ?c a ?t .
        OPTIONAL {{ ?c rdfs:label ?label FILTER(lang(?label) = "zh") }}
        OPTIONAL {{ ?c ckg:locatedIn ?r }} }}""")
    if not rows:
        raise UserError(f"no industry chain called '{text}' in the store "
                        "('chainkg query' lists them: SELECT ?c WHERE { ?c a ckg:IndustryChain })")
    chains = {r["c"]: r for r in rows}
    if len(chains) > 1 and region is not None:
        here = {r["c"] for r in rows if r.get("r") == region.iri}
        if len(here) == 1:
            chains = {c: chains[c] for c in here}
    if len(chains) > 1:
        raise UserError(f"'{text}' names {len(chains)} chains: " + ", ".join(sorted(chains))
                        + "; give the IRI")
    best = next(iter(chains.values()))
    return Resolved(best["c"], best.get("label", text), "IndustryChain")


def gaps(
    store: GraphStore,
    region: str,
    industry: str | None = None,
    hops: int = 3,
    *,
    chain: str | None = None,
    limit: int | None = None,
    network_limit: int = 60,
    candidates: int = CANDIDATES_SHOWN,
) -> dict[str, Any]:
    """Gap analysis of ``industry`` (or of the chain ``chain``) in ``region``: 补链 and 延链.

    Walks up to ``hops`` upstream and downstream of the focus industries (an industry and
    those under it; a chain: the industries it and its segments are aligned to, see
    ``chainkg.ingest.alignment``). Each industry reached is *upstream* (the chain buys from
    it: a 补链 gap when the region has no company in it) or *downstream* (it buys from the
    chain: a 延链 extension), whichever side it is nearer on (an industry linked both ways
    at the same distance goes to the side of the stronger tie, and says ``also``).
    The score of an industry, documented in docs/ashare-chain.md:

        score = weight x 0.5^(distance - 1) x specificity x sector x (1 + log2(1 + elsewhere))

    - ``weight``: the data set's weight of the tie to the focus (one hop: the summed
      weights of its edges to focus industries; further: the weakest link of the
      strongest path, ``_ties``);
    - ``distance``: hops from the focus; each hop halves the score;
    - ``specificity``: 1 for a link only this kind of industry has, down to about 0.15 for
      an industry that supplies (or draws on) a third of all industries (``specificity``);
    - ``sector``: ``GENERIC_FACTOR`` (0.25) for trade, logistics, finance, property, media,
      services, conglomerates, construction and utilities (``GENERIC_SECTORS``), else 1,
      so they outrank a material or component supplier only with four times its weight;
    - ``elsewhere``: listed companies in the industry outside the region (the candidates).

    Each gap lists its candidate companies outside the region (name, code, city, province,
    listing date), same province first; ``candidates`` of them in the result (0: all),
    all of them in ``candidates_total`` and the CSV download.

    Returns ``region``, ``industry`` (what was analysed: an industry or the chain),
    ``focus``, ``upstream`` and ``downstream`` (the gaps of each side, ranked), ``gaps``
    (both sides in one ranking, for the network and older callers), ``strengths`` (linked
    industries the region has companies in, 强链), ``summary`` and ``network``.
    """
    if hops < 1:
        raise UserError("--hops must be at least 1")
    if not industry and not chain:
        raise UserError("give an industry or a chain")
    g = industry_network(store)
    reg = resolve_region(store, region)
    ind = resolve_chain(store, chain, reg) if chain else resolve_industry(store, industry or "")
    focus = focus_industries(store, g, ind)
    if not focus:
        raise UserError(f"'{ind.label}' has no industries in the upstream network")
    local = _region_companies(store, reg.iri)
    province = _province_of(store, reg.iri)
    up = _within(g, focus, hops, upstream=True)
    down = _within(g, focus, hops, upstream=False)
    focus_set = set(focus)
    local_iris = {c["iri"] for cs in local.values() for c in cs}

    def node_info(n: str) -> dict[str, Any]:
        a = g.nodes[n]
        here = local.get(n, [])
        return {
            "iri": n,
            "label": a.get("label"),
            "notation": a.get("notation"),
            "local": len(here),
            "elsewhere": max(a.get("companies", 0) - len(here), 0),
            "local_companies": here,
        }

    tie_up = _ties(g, focus, up, upstream=True)
    tie_down = _ties(g, focus, down, upstream=False)
    rows: list[dict[str, Any]] = []
    for n in sorted(set(up) | set(down)):
        if n in focus_set:
            continue
        sides = []
        if n in up:
            sides.append((up[n], -tie_up[n][0], "upstream", tie_up[n]))
        if n in down:
            sides.append((down[n], -tie_down[n][0], "downstream", tie_down[n]))
        sides.sort(key=lambda x: (x[0], x[1], x[2]))
        distance, _, direction, (weight, via, via_w) = sides[0]
        info = node_info(n)
        spec = specificity(g, n, upstream=direction == "upstream")
        sector = _sector(g, n)
        factor = GENERIC_FACTOR if sector in GENERIC_SECTORS else 1.0
        score = (weight * HOP_DECAY ** (distance - 1) * spec * factor
                 * (1 + math.log2(1 + info["elsewhere"])))
        info.update(
            distance=distance,
            direction=direction,
            also=sides[1][2] if len(sides) == 2 else None,
            weight=_num(weight),
            via={"iri": via, "label": g.nodes[via].get("label"), "weight": _num(via_w)},
            specificity=round(spec, 3),
            generic=sector in GENERIC_SECTORS,
            sector=GENERIC_SECTORS.get(sector or "") or (g.nodes.get(_industry_iri_of(g, sector), {})
                                                          .get("label") if sector else None),
            score=round(score, 3),
            status="present" if info["local"] else "gap",
        )
        info["reason"] = _reason(info)
        rows.append(info)
    rows.sort(key=lambda r: (-r["score"], r["distance"], r["notation"] or r["iri"]))
    gap_rows = [r for r in rows if r["status"] == "gap"]
    companies = _companies_of(store, [r["iri"] for r in gap_rows])
    for rank, r in enumerate(gap_rows, start=1):
        r["rank"] = rank
        found = [c for c in companies.get(r["iri"], []) if c["iri"] not in local_iris]
        ordered = _nearest_first(found, province)
        r["candidates_total"] = len(ordered)
        r["candidates"] = ordered[:candidates] if candidates else ordered
    sides: dict[str, list[dict[str, Any]]] = {"upstream": [], "downstream": []}
    for r in gap_rows:
        sides[r["direction"]].append(r)
    for side in sides.values():
        for rank, r in enumerate(side, start=1):
            r["side_rank"] = rank
    strengths = sorted((r for r in rows if r["status"] == "present"),
                       key=lambda r: (-r["local"], -r["score"], r["iri"]))
    focus_rows = [dict(node_info(n), status="focus", distance=0) for n in focus]

    def cut(xs: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return xs[:limit] if limit else xs

    return {
        "region": reg.to_json(),
        "industry": ind.to_json(),
        "chain": ind.to_json() if ind.kind == "IndustryChain" else None,
        "province": province,
        "hops": hops,
        "scoring": ("weight x 0.5^(distance-1) x specificity x sector (0.25 for generic sectors) "
                    "x (1 + log2(1 + elsewhere))"),
        "focus": focus_rows,
        "summary": {
            "focus": len(focus_rows),
            "focus_with_local_companies": sum(1 for r in focus_rows if r["local"]),
            "reached": len(rows),
            "present": len(strengths),
            "gaps": len(gap_rows),
            "upstream": len(sides["upstream"]),
            "downstream": len(sides["downstream"]),
            "upstream_reached": sum(1 for r in rows if r["direction"] == "upstream"),
            "downstream_reached": sum(1 for r in rows if r["direction"] == "downstream"),
        },
        "upstream": cut(sides["upstream"]),
        "downstream": cut(sides["downstream"]),
        "gaps": cut(gap_rows),
        "strengths": strengths,
        "network": _gap_network(g, focus_rows, strengths, gap_rows, network_limit),
    }


def _industry_iri_of(g: nx.DiGraph, notation: str | None) -> str | None:
    if notation is None:
        return None
    for n, a in g.nodes(data=True):
        if a.get("notation") == notation:
            return n
    return None


def _num(x: float) -> int | float:
    return int(x) if float(x).is_integer() else round(x, 3)


def _reason(r: dict[str, Any]) -> str:
    side = {"upstream": "上游（补链）", "downstream": "下游（延链）"}[r["direction"]]
    via = r["via"]
    if r["distance"] == 1:
        text = f"{side}直接关联，权重{r['weight']}（最强：{via['label']} {via['weight']}）；"
    else:
        text = f"{side}{r['distance']}跳，经{via['label']}，链路强度{r['weight']}；"
    if r.get("generic"):
        text += f"{r['sector']}属通用/服务行业，得分×{GENERIC_FACTOR}；"
    if r["local"]:
        names = "、".join(c["label"] for c in r["local_companies"][:3])
        text += f"本地已有{r['local']}家（{names}）"
    else:
        text += "本地无企业"
    text += f"，外地{r['elsewhere']}家上市公司可招引"
    return text


def _gap_network(
    g: nx.DiGraph,
    focus: list[dict[str, Any]],
    strengths: list[dict[str, Any]],
    gap_rows: list[dict[str, Any]],
    limit: int,
) -> dict[str, list[dict[str, Any]]]:
    chosen: dict[str, dict[str, Any]] = {}
    for r in focus:
        chosen[r["iri"]] = r
    for r in strengths:
        if len(chosen) >= limit:
            break
        chosen[r["iri"]] = r
    for r in gap_rows:
        if len(chosen) >= limit:
            break
        chosen[r["iri"]] = r
    nodes = [
        {
            "id": iri,
            "label": r["label"],
            "notation": r["notation"],
            "status": r["status"],
            "distance": r.get("distance", 0),
            "direction": r.get("direction"),
            "local": r["local"],
            "elsewhere": r["elsewhere"],
            "score": r.get("score"),
            "rank": r.get("rank"),
        }
        for iri, r in chosen.items()
    ]
    edges = [
        {"source": u, "target": d, "weight": _num(w)}
        for u, d, w in g.subgraph(chosen).edges(data="weight")
    ]
    edges.sort(key=lambda e: (e["source"], e["target"]))
    return {"nodes": nodes, "edges": edges}


# -- centrality, communities, paths ----------------------------------------------------


def _pagerank(g: nx.DiGraph, alpha: float = 0.85, tol: float = 1e-10) -> dict[str, float]:
    """Weighted PageRank by power iteration (networkx's own needs scipy, not a dependency)."""
    n = g.number_of_nodes()
    if n == 0:
        return {}
    rank = dict.fromkeys(g, 1.0 / n)
    out_w = {u: sum(w for _, _, w in g.out_edges(u, data="weight")) for u in g}
    for _ in range(200):
        dangling = alpha * sum(rank[u] for u in g if out_w[u] == 0) / n
        new = dict.fromkeys(g, (1.0 - alpha) / n + dangling)
        for u, v, w in g.edges(data="weight"):
            new[v] += alpha * rank[u] * w / out_w[u]
        err = sum(abs(new[u] - rank[u]) for u in g)
        rank = new
        if err < n * tol:
            break
    return rank


def centrality(store: GraphStore, *, top: int | None = 20, by: str = "supplier_rank"
               ) -> list[dict[str, Any]]:
    """How central each industry is in the upstream network.

    - ``supplier_rank``: PageRank on the reversed, weighted network: industries
      that many industries depend on, directly or through others (key inputs);
    - ``demand_rank``: PageRank along the edges: industries that draw on many;
    - ``betweenness``: share of shortest supply paths passing through it (brokers);
    - ``in_weight``/``out_weight``: summed weights of its upstream / downstream edges.
    """
    g = industry_network(store)
    g.remove_nodes_from([n for n in list(g) if g.degree(n) == 0])
    if by not in ("supplier_rank", "demand_rank", "betweenness", "in_weight", "out_weight"):
        raise UserError(f"cannot rank by '{by}'")
    supplier = _pagerank(g.reverse(copy=True))
    demand = _pagerank(g)
    between = nx.betweenness_centrality(g, normalized=True)
    rows = []
    for n, a in g.nodes(data=True):
        rows.append({
            "iri": n,
            "label": a.get("label"),
            "notation": a.get("notation"),
            "companies": a.get("companies", 0),
            "supplier_rank": round(supplier.get(n, 0.0), 6),
            "demand_rank": round(demand.get(n, 0.0), 6),
            "betweenness": round(between.get(n, 0.0), 6),
            "in_weight": _num(sum(w for _, _, w in g.in_edges(n, data="weight"))),
            "out_weight": _num(sum(w for _, _, w in g.out_edges(n, data="weight"))),
            "in_degree": g.in_degree(n),
            "out_degree": g.out_degree(n),
        })
    rows.sort(key=lambda r: (-r[by], r["iri"]))
    return rows[:top] if top else rows


def communities(store: GraphStore, *, resolution: float = 1.0, seed: int = 42
                ) -> list[dict[str, Any]]:
    """Groups of industries that supply each other more than the rest (Louvain, weighted).

    The network is taken undirected (a supply tie in either direction, weights
    added). ``seed`` makes the result reproducible. Each community is named by
    the level-1 sector most of its members belong to.
    """
    g = industry_network(store)
    g.remove_nodes_from([n for n in list(g) if g.degree(n) == 0])
    u = nx.Graph()
    u.add_nodes_from(sorted(g))  # insertion order matters to Louvain: fix it
    for a, b, w in sorted(g.edges(data="weight")):
        if u.has_edge(a, b):
            u[a][b]["weight"] += w
        else:
            u.add_edge(a, b, weight=w)
    parts = nx.community.louvain_communities(u, weight="weight", resolution=resolution,
                                             seed=seed)
    full = industry_network(store)

    def sector(n: str) -> str | None:
        seen = 0
        while full.nodes[n].get("broader") and seen < 5:
            n = full.nodes[n]["broader"]
            seen += 1
            if n not in full:
                return None
        return full.nodes[n].get("label")

    out = []
    for members in parts:
        members = sorted(members, key=lambda n: (-u.degree(n, weight="weight"), n))
        sectors = Counter(s for s in (sector(n) for n in members) if s)
        internal = u.subgraph(members).size(weight="weight")
        out.append({
            "size": len(members),
            "name": sectors.most_common(1)[0][0] if sectors else None,
            "sectors": dict(sectors.most_common()),
            "internal_weight": _num(internal),
            "members": [
                {"iri": n, "label": g.nodes[n].get("label"), "notation": g.nodes[n].get("notation"),
                 "strength": _num(u.degree(n, weight="weight"))}
                for n in members
            ],
        })
    out.sort(key=lambda c: (-c["size"], c["members"][0]["iri"]))
    for i, c in enumerate(out, start=1):
        c["id"] = i
    return out


def supply_path(store: GraphStore, source: str, target: str) -> dict[str, Any]:
    """The shortest supply path from ``source`` (upstream) to ``target`` (downstream).

    An industry above level 3 stands for the level-3 industries under it (the
    best path between any of them is taken). Fewest hops first; among equally short paths, the one whose weakest link is
    strongest, then the largest total weight. If ``target`` does not depend on
    ``source`` but the other way round, that path is returned with
    ``direction: "reverse"``. ``path`` is empty when neither is reachable.
    """
    g = industry_network(store)
    src = resolve_industry(store, source)
    dst = resolve_industry(store, target)
    ends = {}
    for name, r in (("source", src), ("target", dst)):
        ends[name] = [n for n in focus_industries(store, g, r) if g.degree(n) > 0]
        if not ends[name]:
            raise UserError(f"the {name} '{r.label}' has no upstream links")
    best, direction = _best_of(g, ends["source"], ends["target"]), "forward"
    if best is None:
        best, direction = _best_of(g, ends["target"], ends["source"]), "reverse"
    result: dict[str, Any] = {"source": src.to_json(), "target": dst.to_json(),
                              "direction": direction if best else None, "hops": None,
                              "path": [], "edges": []}
    if best is None:
        return result
    result["hops"] = len(best) - 1
    result["path"] = [{"iri": n, "label": g.nodes[n].get("label"),
                       "notation": g.nodes[n].get("notation")} for n in best]
    result["edges"] = [{"source": a, "target": b, "weight": _num(g[a][b]["weight"])}
                       for a, b in zip(best, best[1:], strict=False)]
    return result


def _path_key(g: nx.DiGraph, p: list[str]) -> tuple:
    """Fewest hops, then the strongest weakest link, then the largest total weight."""
    ws = [g[x][y]["weight"] for x, y in zip(p, p[1:], strict=False)]
    return (len(p), -min(ws, default=0), -sum(ws), p)


def _best_of(g: nx.DiGraph, sources: list[str], targets: list[str]) -> list[str] | None:
    found = [p for a in sources for b in targets if a != b
             for p in [_best_path(g, a, b)] if p is not None]
    return min(found, key=lambda p: _path_key(g, p)) if found else None


def _best_path(g: nx.DiGraph, a: str, b: str) -> list[str] | None:
    try:
        paths = list(islice(nx.all_shortest_paths(g, a, b), 5000))
    except nx.NetworkXNoPath:
        return None
    if not paths:
        return None
    return min(paths, key=lambda p: _path_key(g, p))


__all__ = [
    "Resolved",
    "centrality",
    "communities",
    "focus_industries",
    "gaps",
    "industry_network",
    "resolve_chain",
    "resolve_industry",
    "resolve_region",
    "specificity",
    "supply_path",
]
