"""Projections of the RDF graph onto networkx graphs of entities.

What becomes a node: an instance of one of ``ENTITY_CLASSES`` (companies,
chains, segments, clusters, sectors, industries, policies, projects, regions,
designations, organizations). What becomes an edge: a triple between two such
nodes, one edge per predicate (a ``MultiDiGraph``, so that two relations between
the same pair stay apart). Statements, sentences, observations, metrics and
units are not nodes: statistics are attached to their subject as a node
attribute, provenance is looked up when a node is opened.

All queries go to pyoxigraph directly (``store.ox``): a projection reads many
terms, and rdflib's per-term objects would cost 2-5x (DESIGN.md).

Node attributes: ``iri``, ``label`` (zh, falling back to en or the IRI),
``label_en``, ``class`` (local name, e.g. ``Company``), ``aliases`` (list), and
per view ``role``/``position``/``order``/``leader``. Edge attributes:
``relation`` (local name), ``predicate`` (IRI), ``label`` (zh label of the
predicate), and ``weight`` where the data has one.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx
import pyoxigraph as ox

from chainkg.graph.store import GraphStore
from chainkg.ontology.namespaces import CKG, ONTOLOGY_GRAPH, PREFIXES

RDFS = PREFIXES["rdfs"]
SKOS = PREFIXES["skos"]
ORG = PREFIXES["org"]

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

_CLASS_VALUES = " ".join(f"<{c}>" for c in ENTITY_CLASSES)


def _values(iris: Iterable[str]) -> str:
    return " ".join(f"<{i}>" for i in iris)


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def predicate_labels(store: GraphStore) -> dict[str, str]:
    """zh labels of the ontology's properties (``ckg:chainLeader`` -> 链主)."""
    return {
        r["p"].value: r["l"].value
        for r in store.ox.query(
            f"""SELECT ?p ?l WHERE {{ GRAPH <{ONTOLOGY_GRAPH}> {{
                ?p <{RDFS}label> ?l FILTER(lang(?l) = "zh") }} }}"""
        )
    }


def describe_nodes(store: GraphStore, iris: Iterable[str]) -> dict[str, dict]:
    """Class, labels and aliases of each IRI that is an entity; others are left out."""
    iris = list(dict.fromkeys(iris))
    if not iris:
        return {}
    info: dict[str, dict] = {}
    order = list(ENTITY_CLASSES)
    for r in store.ox.query(
        f"SELECT ?s ?c WHERE {{ VALUES ?s {{ {_values(iris)} }} VALUES ?c {{ {_CLASS_VALUES} }} ?s a ?c }}",
        use_default_graph_as_union=True,
    ):
        s, c = r["s"].value, r["c"].value
        cur = info.get(s)
        if cur is None or order.index(c) < order.index(cur["class_iri"]):
            info[s] = {"iri": s, "class_iri": c, "class": ENTITY_CLASSES[c], "aliases": []}
    for r in store.ox.query(
        f"""SELECT ?s ?p ?l WHERE {{ VALUES ?s {{ {_values(info)} }} VALUES ?p {{ <{RDFS}label> <{SKOS}altLabel> }}
            ?s ?p ?l }} ORDER BY ?s ?p ?l""",
        use_default_graph_as_union=True,
    ):
        node = info[r["s"].value]
        lit: ox.Literal = r["l"]
        if r["p"].value == SKOS + "altLabel":
            if lit.value not in node["aliases"]:
                node["aliases"].append(lit.value)
        elif lit.language == "en":
            node.setdefault("label_en", lit.value)
        elif lit.language in (None, "", "zh") or lit.language.startswith("zh"):
            node.setdefault("label", lit.value)
    for node in info.values():
        node.setdefault("label", node.get("label_en") or _local(node["iri"]))
        del node["class_iri"]
    return info


def network(store: GraphStore, iris: Iterable[str], *, labels: dict[str, str] | None = None) -> nx.MultiDiGraph:
    """The entities among ``iris`` and every relation between two of them."""
    nodes = describe_nodes(store, iris)
    g = nx.MultiDiGraph()
    for iri, attrs in nodes.items():
        g.add_node(iri, **attrs)
    if len(nodes) < 2:
        return g
    labels = labels if labels is not None else predicate_labels(store)
    values = _values(nodes)
    for r in store.ox.query(
        f"""SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?s {{ {values} }} ?s ?p ?o
              FILTER(isIRI(?o) && ?p != <{PREFIXES['rdf']}type> && ?o != ?s) }}""",
        use_default_graph_as_union=True,
    ):
        s, p, o = r["s"].value, r["p"].value, r["o"].value
        if o in nodes:
            g.add_edge(s, o, key=p, relation=_local(p), predicate=p, label=labels.get(p, _local(p)))
    return g


def _select(store: GraphStore, sparql: str) -> list[str]:
    return [r[0].value for r in store.ox.query(sparql, use_default_graph_as_union=True)]


def chain_network(store: GraphStore, chain: str) -> nx.MultiDiGraph:
    """A chain with its segments (ordered upstream to downstream), its companies and what
    surrounds it: clusters, sectors, regions, supporting policies, driving projects."""
    c = f"<{chain}>"
    ckg = str(CKG)
    segments = {
        r["seg"].value: (int(r["po"].value), int(r["o"].value) if r["o"] is not None else 0)
        for r in store.ox.query(
            f"""SELECT ?seg ?po ?o WHERE {{ ?seg <{ckg}segmentOf> {c} ; <{ckg}position> ?pos .
                  ?pos <{ckg}positionOrder> ?po . OPTIONAL {{ ?seg <{ckg}positionOrder> ?o }} }}""",
            use_default_graph_as_union=True,
        )
    }
    around = _select(
        store,
        f"""SELECT DISTINCT ?x WHERE {{
              {{ ?x <{ckg}participatesIn> {c} }} UNION {{ {c} <{ckg}chainLeader> ?x }}
              UNION {{ {c} <{ckg}partOfCluster> ?x }} UNION {{ {c} <{ckg}inSector> ?x }}
              UNION {{ {c} <{ckg}locatedIn> ?x }} UNION {{ ?x <{ckg}supports> {c} }}
              UNION {{ ?x <{ckg}drives> {c} }} UNION {{ {c} <{ckg}inIndustry> ?x }}
              UNION {{ VALUES ?seg {{ {_values(segments) or '<urn:none>'} }}
                       {{ ?x <{ckg}participatesIn> ?seg }} UNION {{ ?x <{ckg}supports> ?seg }} }} }}""",
    )
    g = network(store, [chain, *segments, *around])
    leaders = set(_select(store, f"SELECT ?x WHERE {{ {c} <{ckg}chainLeader> ?x }}"))
    for iri, attrs in g.nodes(data=True):
        if iri == chain:
            attrs["role"] = "focus"
        elif iri in segments:
            attrs["role"] = "segment"
            attrs["position"], attrs["order"] = segments[iri]
        if iri in leaders:
            attrs["leader"] = True
    return g


def cluster_network(store: GraphStore, cluster: str) -> nx.MultiDiGraph:
    """A cluster, its chains with their segments and companies, and its own members."""
    c = f"<{cluster}>"
    ckg = str(CKG)
    chains = _select(store, f"SELECT DISTINCT ?ch WHERE {{ ?ch <{ckg}partOfCluster> {c} ; a <{ckg}IndustryChain> }}")
    nodes: dict[str, None] = dict.fromkeys([cluster, *chains])
    for chain in chains:
        nodes.update(dict.fromkeys(chain_network(store, chain).nodes))
    nodes.update(dict.fromkeys(_select(
        store,
        f"""SELECT DISTINCT ?x WHERE {{ {{ ?x <{ckg}partOfCluster> {c} }} UNION {{ ?x <{ckg}drives> {c} }}
              UNION {{ ?x <{ckg}supports> {c} }} UNION {{ {c} <{ckg}locatedIn> ?x }}
              UNION {{ {c} <{ckg}inSector> ?x }} }}""",
    )))
    g = network(store, nodes)
    if cluster in g:
        g.nodes[cluster]["role"] = "focus"
    return g


def neighbourhood(store: GraphStore, iri: str, *, hops: int = 1, limit: int = 200) -> tuple[nx.MultiDiGraph, int]:
    """Entities within ``hops`` links of ``iri``, at most ``limit`` of them.

    Returns the network and how many neighbours were left out by the limit, so
    a view can say so (GraphDB-style link limit: a hub does not drown the page).
    """
    seen: dict[str, None] = {iri: None}
    frontier = [iri]
    omitted = 0
    for _ in range(max(1, hops)):
        if not frontier:
            break
        found = _select(
            store,
            f"""SELECT DISTINCT ?x WHERE {{ VALUES ?s {{ {_values(frontier)} }}
                  {{ ?s ?p ?x }} UNION {{ ?x ?p ?s }} FILTER(isIRI(?x))
                  VALUES ?c {{ {_CLASS_VALUES} }} ?x a ?c }} ORDER BY ?x""",
        )
        new = [x for x in found if x not in seen]
        room = max(0, limit - len(seen))
        omitted += max(0, len(new) - room)
        new = new[:room]
        seen.update(dict.fromkeys(new))
        frontier = new
    g = network(store, seen)
    if iri in g:
        g.nodes[iri]["role"] = "focus"
    return g, omitted


def entity_network(store: GraphStore) -> nx.MultiDiGraph:
    """Every entity of the store and every relation between entities (for exports)."""
    iris = _select(store, f"SELECT DISTINCT ?s WHERE {{ VALUES ?c {{ {_CLASS_VALUES} }} ?s a ?c }}")
    return network(store, iris)


def list_entities(store: GraphStore, class_name: str) -> list[dict]:
    """Instances of one entity class with their labels, sorted by zh label."""
    class_iri = next((c for c, n in ENTITY_CLASSES.items() if n == class_name), None)
    if class_iri is None:
        return []
    iris = _select(store, f"SELECT DISTINCT ?s WHERE {{ ?s a <{class_iri}> }}")
    return sorted(describe_nodes(store, iris).values(), key=lambda n: n["label"])
