"""Projections of the RDF graph onto networkx graphs of entities.

What becomes a node: an instance of one of ``ENTITY_CLASSES`` (companies,
chains, segments, clusters, sectors, industries, policies, projects, regions,
designations, organizations). What becomes an edge: a triple between two such
nodes, one edge per predicate (a ``MultiDiGraph``, so that two relations between
the same pair stay apart). Statements, sentences, observations, metrics and
units are not nodes: statistics are attached to their subject when a node is
opened, provenance is looked up then too.

All queries return pyoxigraph terms (``store.select``) or their TSV serialization, whatever the
backend: a projection reads many terms, and rdflib's per-term objects would cost 2-5x (DESIGN.md).
The shape of the queries matters as much: for a set of nodes, one ``VALUES ?s { … } ?s ?p ?o``
fetch of every outgoing triple, sorted out in Python, is 5-10x faster on
Oxigraph than joining ``VALUES`` lists of predicates or classes (measured on
2,000 nodes: 0.16 s against 1.5 s; benchmarks/bench_views.py). That fetch (``_fetch``) reads
TSV, in chunks on two threads: see there.

Node attributes: ``iri``, ``label`` (zh, falling back to en or the IRI),
``label_en``, ``class`` (local name, e.g. ``Company``), ``aliases`` (list), and
per view ``role`` (``focus``, ``chain``, ``segment``), ``position``/``order``
(segments), ``chain`` (the chain a segment belongs to, in cluster maps),
``leader`` (chain leaders), ``anchor`` (the node whose expansion brought it in)
and ``more`` (entity neighbours left out of the view). Edge attributes:
``relation`` (local name), ``predicate`` (IRI), ``label`` (zh label of the
predicate), ``label_en``, and ``weight`` where the data has one. The graph
attribute ``omitted`` counts entities a limit left out.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import pyoxigraph as ox

from chainkg.graph.exports.schema import GraphSource
from chainkg.graph.results import tsv_literal
from chainkg.graph.store import GraphStore
from chainkg.ontology.namespaces import CKG, ONTOLOGY_GRAPH, PREFIXES

RDF_TYPE = PREFIXES["rdf"] + "type"
RDFS = PREFIXES["rdfs"]
SKOS = PREFIXES["skos"]
ORG = PREFIXES["org"]
RDFS_LABEL = RDFS + "label"
SKOS_ALT = SKOS + "altLabel"
_CKG = str(CKG)

#: Classes whose instances are nodes, most specific first (a node gets the first that fits).
ENTITY_CLASSES: dict[str, str] = {
    str(CKG.Company): "Company",
    str(CKG.IndustryChain): "IndustryChain",
    str(CKG.ChainSegment): "ChainSegment",
    str(CKG.IndustryCluster): "IndustryCluster",
    str(CKG.Sector): "Sector",
    str(CKG.Industry): "Industry",
    str(CKG.Policy): "Policy",
    str(CKG.Project): "Project",
    str(CKG.Region): "Region",
    str(CKG.Designation): "Designation",
    ORG + "Organization": "Organization",
}
_CLASS_RANK = {iri: i for i, iri in enumerate(ENTITY_CLASSES)}
_CLASS_VALUES = " ".join(f"<{c}>" for c in ENTITY_CLASSES)

#: Which neighbours a limited view keeps first: the structure of the economy before its members.
KEEP_FIRST = ["IndustryChain", "IndustryCluster", "ChainSegment", "Policy", "Sector", "Project", "Region",
              "Company", "Industry", "Designation", "Organization"]
_KEEP_RANK = {name: i for i, name in enumerate(KEEP_FIRST)}

#: Largest view any builder returns; beyond it a view says what it left out.
MAX_NODES = 5000


def _values(iris: Iterable[str]) -> str:
    return " ".join(f"<{i}>" for i in iris)


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def predicate_labels(store: GraphStore, lang: str = "zh") -> dict[str, str]:
    """Labels of the ontology's terms in ``lang`` (``ckg:chainLeader`` -> 链主 or "chain leader")."""
    return {
        r[0].value: r[1].value
        for r in store.select(
            f"""SELECT ?p ?l WHERE {{ GRAPH <{ONTOLOGY_GRAPH}> {{
                ?p <{RDFS}label> ?l FILTER(lang(?l) = "{lang}") }} }}"""
        )
    }


@dataclass
class _Subject:
    """What one fetch learned about a subject: its classes, labels, aliases, IRI objects."""

    classes: list[str] = field(default_factory=list)
    label: str | None = None
    label_en: str | None = None
    aliases: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # (predicate, object IRI)


#: IRIs per query of ``_fetch``, and how many of its queries run at once.
FETCH_CHUNK = 2500
FETCH_THREADS = 2

_TSV = ox.QueryResultsFormat.TSV
_TYPE_CELL, _LABEL_CELL, _ALT_CELL = f"<{RDF_TYPE}>", f"<{RDFS_LABEL}>", f"<{SKOS_ALT}>"


def _fetch(store: GraphStore, iris: Iterable[str]) -> dict[str, _Subject]:
    """Every outgoing triple of ``iris``, sorted into ``_Subject`` records.

    One ``VALUES`` query per ``FETCH_CHUNK`` IRIs, serialized as TSV by the engine and read
    here, ``FETCH_THREADS`` of them at a time (pyoxigraph lets go of the GIL while it
    evaluates and serializes). Measured on the largest region of the generated 100k graph
    (8,667 entities, 107,000 triples, load average about 2): one query read as terms 0.80-0.89 s,
    read as TSV 0.76 s, four as TSV on two threads 0.45-0.52 s. The engine's cost is in
    writing the rows out, not in finding them (counting them takes 0.18 s), and a ``FILTER``
    to write fewer costs as much as it saves.
    """
    iris = list(dict.fromkeys(iris))
    out: dict[str, _Subject] = {}
    if not iris:
        return out

    def tsv(chunk: list[str]) -> bytes:
        return store.select(f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {_values(chunk)} }} ?s ?p ?o }}"
                            ).serialize(format=_TSV)

    chunks = [iris[i:i + FETCH_CHUNK] for i in range(0, len(iris), FETCH_CHUNK)]
    if len(chunks) == 1:
        _read_tsv(tsv(chunks[0]), out)
    else:
        with ThreadPoolExecutor(FETCH_THREADS) as pool:
            for data in pool.map(tsv, chunks):  # in order: the records keep the order of the rows
                _read_tsv(data, out)
    return {s[1:-1]: rec for s, rec in out.items()}


def _read_tsv(data: bytes, out: dict[str, _Subject]) -> None:
    """Sort TSV rows ``?s ?p ?o`` into ``out``, keyed by the subject's cell (``<iri>``)."""
    lines = data.decode("utf-8").split("\n")
    for line in lines[1:]:
        if not line:
            continue
        s, p, o = line.split("\t")
        rec = out.get(s)
        if rec is None:
            rec = out[s] = _Subject()
        first = o[0]
        if first == "<":
            if o[1] == "<":  # a quoted triple
                continue
            if p == _TYPE_CELL:
                rec.classes.append(o[1:-1])
            elif o != s:
                rec.links.append((p[1:-1], o[1:-1]))
        elif first == "_" or (p != _LABEL_CELL and p != _ALT_CELL):
            continue  # a blank node, or a literal that is not a name
        elif p == _LABEL_CELL:
            value, lang = tsv_literal(o)
            if lang == "en":
                if rec.label_en is None or value < rec.label_en:
                    rec.label_en = value
            elif lang in ("", "zh") or lang.startswith("zh"):
                if rec.label is None or value < rec.label:
                    rec.label = value
        else:
            value = tsv_literal(o)[0]
            if value not in rec.aliases:
                rec.aliases.append(value)


def _entity_class(classes: list[str]) -> str | None:
    best = None
    for c in classes:
        if c in _CLASS_RANK and (best is None or _CLASS_RANK[c] < _CLASS_RANK[best]):
            best = c
    return best


def _node_attrs(iri: str, rec: _Subject) -> dict | None:
    cls = _entity_class(rec.classes)
    if cls is None:
        return None
    attrs = {"iri": iri, "class": ENTITY_CLASSES[cls], "aliases": sorted(rec.aliases),
             "label": rec.label or rec.label_en or _local(iri)}
    if rec.label_en:
        attrs["label_en"] = rec.label_en
    return attrs


def describe_nodes(store: GraphStore, iris: Iterable[str]) -> dict[str, dict]:
    """Class, labels and aliases of each IRI that is an entity; others are left out."""
    out = {}
    for iri, rec in _fetch(store, iris).items():
        attrs = _node_attrs(iri, rec)
        if attrs is not None:
            out[iri] = attrs
    return out


def network(store: GraphStore, iris: Iterable[str], *, labels: dict[str, str] | None = None,
            labels_en: dict[str, str] | None = None) -> nx.MultiDiGraph:
    """The entities among ``iris`` and every relation between two of them."""
    fetched = _fetch(store, iris)
    g = nx.MultiDiGraph()
    for iri, rec in fetched.items():
        attrs = _node_attrs(iri, rec)
        if attrs is not None:
            g.add_node(iri, **attrs)
    if len(g) < 2:
        return g
    labels = labels if labels is not None else predicate_labels(store)
    labels_en = labels_en if labels_en is not None else predicate_labels(store, "en")
    upstream = str(CKG.upstreamOf)
    weighted = []
    edge_attrs: dict[str, dict[str, str]] = {}  # per predicate; add_edge copies it
    for s in g.nodes:
        # dict.fromkeys: a server whose default graph is a union may give a triple twice
        for p, o in dict.fromkeys(fetched[s].links):
            if o in g:
                attrs = edge_attrs.get(p)
                if attrs is None:
                    local = _local(p)
                    attrs = edge_attrs[p] = {"relation": local, "predicate": p, "label": labels.get(p, local),
                                             "label_en": labels_en.get(p, local)}
                g.add_edge(s, o, key=p, **attrs)
                if p == upstream and g.nodes[s]["class"] == "Industry":
                    weighted.append((s, o))
    if weighted:
        _add_weights(store, g, weighted)
    return g


def _add_weights(store: GraphStore, g: nx.MultiDiGraph, pairs: list[tuple[str, str]]) -> None:
    """Weights of upstream links between industries (a ``ckg:UpstreamLink`` beside the plain triple)."""
    ups = {s for s, _ in pairs}
    for r in store.select(
        f"""SELECT ?u ?d ?w WHERE {{ VALUES ?u {{ {_values(ups)} }}
              ?l <{_CKG}upstreamIndustry> ?u ; <{_CKG}downstreamIndustry> ?d ; <{_CKG}weight> ?w }}"""
    ):
        u, d = r[0].value, r[1].value
        if g.has_edge(u, d, key=str(CKG.upstreamOf)):
            try:
                g.edges[u, d, str(CKG.upstreamOf)]["weight"] = float(r[2].value)
            except ValueError:
                pass


def _select(store: GraphStore, sparql: str) -> list[str]:
    return [r[0].value for r in store.select(sparql)]


def entity_neighbours(store: GraphStore, iris: Iterable[str]) -> dict[str, dict[str, str]]:
    """For each IRI, its entity neighbours in either direction: ``{iri: {neighbour: class}}``."""
    iris = list(dict.fromkeys(iris))
    found: dict[str, dict[str, str]] = {i: {} for i in iris}
    if not iris:
        return found
    best: dict[tuple[str, str], str] = {}
    # rows(), not the solutions' terms: a hub (the region of 8,000 companies) has tens of thousands of rows
    for r in store.rows(
        f"""SELECT ?s ?x ?c WHERE {{ VALUES ?s {{ {_values(iris)} }} {{ ?s ?p ?x }} UNION {{ ?x ?p ?s }}
              ?x a ?c }}"""
    ):
        c = r["c"]
        if c not in _CLASS_RANK:
            continue
        s, x = r["s"], r["x"]
        if x == s:
            continue
        cur = best.get((s, x))
        if cur is None or _CLASS_RANK[c] < _CLASS_RANK[cur]:
            best[(s, x)] = c
    for (s, x), c in best.items():
        found[s][x] = ENTITY_CLASSES[c]
    return found


def _ranked(neighbours: dict[str, str]) -> list[str]:
    """Neighbours in the order a limited view keeps them (see ``KEEP_FIRST``)."""
    return sorted(neighbours, key=lambda x: (_KEEP_RANK.get(neighbours[x], 99), x))


def _take(candidates: dict[str, list[str]], room: int) -> tuple[list[str], int]:
    """Pick up to ``room`` new nodes round-robin over the sources, so one hub cannot take all the room."""
    queues = [list(v) for v in candidates.values() if v]
    picked: dict[str, None] = {}
    while queues and len(picked) < room:
        nxt = []
        for q in queues:
            while q and q[0] in picked:
                q.pop(0)
            if q and len(picked) < room:
                picked[q.pop(0)] = None
            if q:
                nxt.append(q)
        queues = nxt
    total = len({x for v in candidates.values() for x in v})
    return list(picked), total - len(picked)


def chain_members(store: GraphStore, chain: str) -> tuple[dict[str, tuple[int, int]], list[str], set[str]]:
    """A chain's segments ``{iri: (position order, order within position)}``, every entity
    linked to the chain or to one of its segments (ranked), and its leaders."""
    segments = {
        r[0].value: (int(r[1].value), int(r[2].value) if r[2] is not None else 0)
        for r in store.select(
            f"""SELECT ?seg ?po ?o WHERE {{ ?seg <{_CKG}segmentOf> <{chain}> ; <{_CKG}position> ?pos .
                  ?pos <{_CKG}positionOrder> ?po . OPTIONAL {{ ?seg <{_CKG}positionOrder> ?o }} }}"""
        )
    }
    nbrs = entity_neighbours(store, [chain, *segments])
    around: dict[str, str] = {}
    for src in (chain, *segments):
        for x, cls in nbrs[src].items():
            if x != chain and x not in segments:
                around[x] = cls
    leaders = set(_select(store, f"SELECT ?x WHERE {{ <{chain}> <{_CKG}chainLeader> ?x }}"))
    return segments, _ranked(around), leaders


#: Mapping properties whose industries' companies a chain map shows (every SKOS match, and inIndustry).
_MATCH_VALUES = " ".join(f"<{SKOS}{m}>" for m in ("exactMatch", "closeMatch", "narrowMatch", "broadMatch",
                                                  "relatedMatch")) + f" <{_CKG}inIndustry>"


def national_companies(store: GraphStore, chain: str, segments: list[str]
                       ) -> dict[str, tuple[list[str], str, str]]:
    """Listed companies of the chain's region in the industries the chain or its segments are
    aligned to (chainkg.ingest.alignment): ``{company: (segments or [chain], code, industry label)}``.

    A company goes under the segments whose industries it is in; under the chain itself only
    when no segment takes it. The region is the chain's ``ckg:locatedIn`` and every region in it.
    """
    # In three steps, each from what is small: the industries the chain and its segments are aligned to
    # and the industries under them; the regions in the chain's region; the listed companies of those
    # industries, kept when they are in one of those regions. One query joining it all took 2.8 s on the
    # generated 100k graph (the engine walked partOfRegion* for every company); these take 0.05 s.
    leaves: dict[str, tuple[set[str], str]] = {}
    for r in store.rows(f"""SELECT DISTINCT ?x ?leaf ?il WHERE {{
            VALUES ?x {{ {_values([chain, *segments])} }} VALUES ?p {{ {_MATCH_VALUES} }}
            ?x ?p ?i . ?i a <{_CKG}Industry> . ?leaf <{SKOS}broader>* ?i .
            OPTIONAL {{ ?leaf <{SKOS}prefLabel> ?il }} }}"""):
        xs, label = leaves.get(r["leaf"], (set(), r.get("il", "")))
        xs.add(r["x"])
        leaves[r["leaf"]] = (xs, label)
    regions = {r["r"] for r in store.rows(
        f"SELECT ?r WHERE {{ <{chain}> <{_CKG}locatedIn> ?region . ?r <{_CKG}partOfRegion>* ?region }}")}
    found: dict[str, tuple[set[str], str, str]] = {}
    if leaves and regions:
        for r in store.rows(f"""SELECT ?c ?leaf ?code WHERE {{ VALUES ?r {{ {_values(regions)} }}
                ?c <{_CKG}locatedIn> ?r ; <{_CKG}inIndustry> ?leaf ; <{_CKG}stockCode> ?code ; a <{_CKG}Company> .
                VALUES ?leaf {{ {_values(list(leaves))} }} }}"""):
            xs, label = leaves[r["leaf"]]
            places, code, first_label = found.get(r["c"], (set(), r["code"], label))
            places |= xs
            found[r["c"]] = (places, code, first_label)
    out = {}
    for c, (places, code, label) in sorted(found.items(), key=lambda kv: kv[1][1]):
        segs = sorted(p for p in places if p != chain)
        out[c] = (segs or [chain], code, label)
    return out


def _limited(store: GraphStore, core: list[str], extra: list[str], limit: int) -> tuple[nx.MultiDiGraph, int]:
    keep = list(dict.fromkeys(core))
    kept = set(keep)
    room = max(0, limit - len(keep))
    extra = [x for x in dict.fromkeys(extra) if x not in kept]
    omitted = max(0, len(extra) - room)
    g = network(store, keep + extra[:room])
    g.graph["omitted"] = omitted
    return g, omitted


def chain_network(store: GraphStore, chain: str, *, limit: int = MAX_NODES) -> nx.MultiDiGraph:
    """A chain with its segments (ordered upstream to downstream), its companies and what
    surrounds it: clusters, sectors, regions, supporting policies, driving projects.

    At most ``limit`` nodes; the graph attribute ``omitted`` says how many were left out.
    """
    segments, around, leaders = chain_members(store, chain)
    national = national_companies(store, chain, list(segments))
    extra = [*sorted(leaders), *around, *(c for c in national if c not in around)]
    g, _ = _limited(store, [chain, *segments], extra, limit)
    for company, (places, code, industry) in national.items():
        if company not in g:
            continue
        g.nodes[company].update(national=True, code=code, industry=industry)
        for place in places:
            if place in g and not g.has_edge(company, place, key="aligned"):
                g.add_edge(company, place, key="aligned", relation="participatesIn", derived=True,
                           predicate=str(CKG.participatesIn), label="同行业（全国数据）",
                           label_en="same industry (national data)")
    for iri, attrs in g.nodes(data=True):
        if iri == chain:
            attrs["role"] = "focus"
        elif iri in segments:
            attrs["role"] = "segment"
            attrs["position"], attrs["order"] = segments[iri]
            attrs["chain"] = chain
        if iri in leaders:
            attrs["leader"] = True
    return g


def cluster_network(store: GraphStore, cluster: str, *, limit: int = MAX_NODES) -> nx.MultiDiGraph:
    """A cluster, its chains with their segments and companies, and its own members.

    At most ``limit`` nodes: the cluster, its chains and their segments first,
    then the rest in ``KEEP_FIRST`` order; ``omitted`` says how many were left out.
    """
    chains = _select(store, f"""SELECT DISTINCT ?ch WHERE {{ ?ch <{_CKG}partOfCluster> <{cluster}> ;
                                   a <{_CKG}IndustryChain> }} ORDER BY ?ch""")
    core: list[str] = [cluster, *chains]
    segment_info: dict[str, tuple[int, int, str]] = {}
    leaders: set[str] = set()
    extra: dict[str, str] = {}
    for chain in chains:
        segments, around, chain_leaders = chain_members(store, chain)
        core.extend(segments)
        for seg, (po, o) in segments.items():
            segment_info[seg] = (po, o, chain)
        leaders |= chain_leaders
        extra.update({x: "" for x in around})
    own = entity_neighbours(store, [cluster])[cluster]
    ranked = [*sorted(leaders), *_ranked(own), *extra]
    g, _ = _limited(store, core, ranked, limit)
    for iri, attrs in g.nodes(data=True):
        if iri == cluster:
            attrs["role"] = "focus"
        elif iri in chains:
            attrs["role"] = "chain"
        elif iri in segment_info:
            attrs["role"] = "segment"
            attrs["position"], attrs["order"], attrs["chain"] = segment_info[iri]
        if iri in leaders:
            attrs["leader"] = True
    return g


def neighbourhood(store: GraphStore, iri: str, *, hops: int = 1, limit: int = 200) -> tuple[nx.MultiDiGraph, int]:
    """Entities within ``hops`` links of ``iri``, at most ``limit`` of them.

    Returns the network and how many neighbours were left out by the limit, so
    a view can say so (GraphDB-style link limit: a hub does not drown the page).
    The room is shared round-robin among the nodes of each hop, chains,
    clusters and segments before companies (``KEEP_FIRST``). Each node gets
    ``hop`` (its distance) and ``more`` (its entity neighbours not shown).
    """
    seen: dict[str, int] = {iri: 0}
    frontier = [iri]
    omitted = 0
    limit = max(1, min(limit, MAX_NODES))
    known: dict[str, dict[str, str]] = {}
    for hop in range(1, max(1, hops) + 1):
        if not frontier:
            break
        nbrs = entity_neighbours(store, frontier)
        known.update(nbrs)
        candidates = {s: [x for x in _ranked(nbrs[s]) if x not in seen] for s in frontier}
        picked, left = _take(candidates, max(0, limit - len(seen)))
        omitted += left
        for x in picked:
            seen[x] = hop
        frontier = picked
    g = network(store, seen)
    rest = entity_neighbours(store, [n for n in g if n not in known])
    known.update(rest)
    for n, attrs in g.nodes(data=True):
        attrs["hop"] = seen.get(n, 0)
        more = sum(1 for x in known.get(n, {}) if x not in g)
        if more:
            attrs["more"] = more
    if iri in g:
        g.nodes[iri]["role"] = "focus"
    g.graph["omitted"] = omitted
    return g, omitted


def expand(store: GraphStore, g: nx.MultiDiGraph, anchors: Iterable[str], *, limit: int = 100) -> int:
    """Add to ``g``, in place, up to ``limit`` entity neighbours of each anchor and every
    relation between the nodes; new nodes get ``anchor``. Returns how many were left out."""
    anchors = [a for a in dict.fromkeys(anchors) if a in g]
    if not anchors:
        return 0
    nbrs = entity_neighbours(store, anchors)
    added: dict[str, str] = {}
    omitted = 0
    left: dict[str, int] = {}
    for a in anchors:
        new = [x for x in _ranked(nbrs[a]) if x not in g and x not in added]
        room = max(0, min(limit, MAX_NODES - len(g) - len(added)))
        left[a] = max(0, len(new) - room)
        omitted += left[a]
        for x in new[:room]:
            added[x] = a
    for a in anchors:
        g.nodes[a]["expanded"] = True
        if left[a]:
            g.nodes[a]["more"] = left[a]
        else:
            g.nodes[a].pop("more", None)
    if not added:
        return omitted
    h = network(store, [*g.nodes, *added])
    for n, attrs in h.nodes(data=True):
        if n in g:
            continue
        g.add_node(n, **attrs, anchor=added.get(n, ""))
    for s, o, k, d in h.edges(keys=True, data=True):
        if not g.has_edge(s, o, key=k):
            g.add_edge(s, o, key=k, **d)
    return omitted


def entity_network(store: GraphStore) -> nx.MultiDiGraph:
    """Every entity of the store and every relation between entities, as a networkx graph.

    For a whole national graph use ``entity_source``, which streams the same nodes and
    edges without building the graph in memory.
    """
    iris = _select(store, f"SELECT DISTINCT ?s WHERE {{ VALUES ?c {{ {_CLASS_VALUES} }} ?s a ?c }}")
    return network(store, iris)


#: Predicates that never join two entities (statistics, statements, sentences, labels, the
#: qualified upstream links): the whole-graph export does not scan them for relations.
PLUMBING = {RDF_TYPE, RDFS_LABEL, SKOS_ALT, PREFIXES["rdf"] + "subject", PREFIXES["rdf"] + "predicate",
            PREFIXES["rdf"] + "object", _CKG + "sentence", _CKG + "curation", _CKG + "extractionMethod",
            _CKG + "confidence", _CKG + "subject", _CKG + "metric", _CKG + "inDocument", _CKG + "position",
            _CKG + "valueBound", _CKG + "valueStatus", _CKG + "upstreamIndustry", _CKG + "downstreamIndustry",
            PREFIXES["qb"] + "dataSet", PREFIXES["sdmx-attribute"] + "unitMeasure",
            PREFIXES["sdmx-dimension"] + "refArea", PREFIXES["skos"] + "inScheme", PREFIXES["skos"] + "member",
            PREFIXES["skos"] + "topConceptOf", PREFIXES["skos"] + "hasTopConcept"}


def entity_source(store: GraphStore) -> GraphSource:
    """The nodes and edges of ``entity_network``, streamed for the exporters (GEXF, GraphML, CSV).

    Why: ``entity_network`` asks for every entity's triples in one query and builds a
    networkx graph, which at 100,000 companies is a query of millions of characters and
    gigabytes of Python objects. Here one pass reads every entity's class, labels and
    aliases (one small record per entity), and the relations are read predicate by
    predicate (the store's predicate index), skipping ``PLUMBING``: on 480,000 triples
    (10,000 companies) a scan of every triple with an IRI object took 4.6 s and the
    relations alone 3.5 s. The exporters read a source twice (column types, then the
    file); the relations are kept from the first pass as (subject, predicate, object)
    strings, with one attribute dict per predicate.
    """
    cache: dict[str, Any] = {}

    def entities() -> dict[str, dict]:
        if "nodes" in cache:
            return cache["nodes"]
        rank: dict[str, str] = {}
        for r in store.select(f"SELECT ?s ?c WHERE {{ VALUES ?c {{ {_CLASS_VALUES} }} ?s a ?c }}"):
            iri, cls = r[0].value, r[1].value
            cur = rank.get(iri)
            if cur is None or _CLASS_RANK[cls] < _CLASS_RANK[cur]:
                rank[iri] = cls
        out: dict[str, dict] = {iri: {"iri": iri, "class": ENTITY_CLASSES[c], "aliases": []} for iri, c in rank.items()}
        for r in store.select(f"""SELECT ?s ?p ?l WHERE {{ VALUES ?p {{ <{RDFS_LABEL}> <{SKOS_ALT}> }}
                                   ?s ?p ?l FILTER(isLiteral(?l)) }}"""):
            attrs = out.get(r[0].value)
            if attrs is None:
                continue
            lit = r[2]
            if r[1].value == SKOS_ALT:
                attrs["aliases"].append(lit.value)
            elif lit.language == "en":
                if "label_en" not in attrs or lit.value < attrs["label_en"]:
                    attrs["label_en"] = lit.value
            elif lit.language in ("", "zh", None) or (lit.language or "").startswith("zh"):
                if "label" not in attrs or lit.value < attrs["label"]:
                    attrs["label"] = lit.value
        for iri, attrs in out.items():
            attrs["aliases"] = sorted(set(attrs["aliases"]))
            attrs["label"] = attrs.get("label") or attrs.get("label_en") or _local(iri)
        cache["nodes"] = out
        return out

    def relations() -> list[tuple[str, str, str, dict]]:
        if "edges" in cache:
            return cache["edges"]
        known = entities()
        zh, en = predicate_labels(store), predicate_labels(store, "en")
        weights = {(r[0].value, r[1].value): r[2].value for r in store.select(
            f"""SELECT ?u ?d ?w WHERE {{ ?l <{_CKG}upstreamIndustry> ?u ; <{_CKG}downstreamIndustry> ?d ;
                                          <{_CKG}weight> ?w }}""")}
        upstream = str(CKG.upstreamOf)
        out: list[tuple[str, str, str, dict]] = []
        for p in [r[0].value for r in store.select("SELECT DISTINCT ?p WHERE { ?s ?p ?o }")]:
            if p in PLUMBING:
                continue
            local = _local(p)
            attrs = {"relation": local, "predicate": p, "label": zh.get(p, local), "label_en": en.get(p, local)}
            for r in store.select(f"SELECT ?s ?o WHERE {{ ?s <{p}> ?o FILTER(isIRI(?o) && ?s != ?o) }}"):
                s_iri, o_iri = r[0].value, r[1].value
                if s_iri not in known or o_iri not in known:
                    continue
                edge = attrs
                if p == upstream and (s_iri, o_iri) in weights:
                    try:
                        edge = {**attrs, "weight": float(weights[(s_iri, o_iri)])}
                    except ValueError:
                        pass
                out.append((s_iri, o_iri, p, edge))
        cache["edges"] = out
        return out

    return GraphSource(nodes=lambda: iter(entities().items()),
                       edges=lambda: ((s, o, d) for s, o, _, d in relations()), directed=True)


def list_entities(store: GraphStore, class_name: str) -> list[dict]:
    """Instances of one entity class with their labels, sorted by zh label."""
    class_iri = next((c for c, n in ENTITY_CLASSES.items() if n == class_name), None)
    if class_iri is None:
        return []
    iris = _select(store, f"SELECT DISTINCT ?s WHERE {{ ?s a <{class_iri}> }}")
    return sorted(describe_nodes(store, iris).values(), key=lambda n: n["label"])
