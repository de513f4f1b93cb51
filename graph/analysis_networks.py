"""Analyses as networks, for drawing and for export (GEXF, GraphML, CSV).

The gap analysis and the industry supply network come out of
``chainkg.graph.analytics`` as dicts and a plain ``DiGraph``; the exporters and
the views want the same node and edge attributes as every other network
(``label``, ``class``, ``relation``, ``weight``), so they are converted here.
"""

from __future__ import annotations

import networkx as nx

from chainkg.graph import analytics
from chainkg.graph.store import GraphStore
from chainkg.ontology.namespaces import CKG


def gap_network(result: dict) -> nx.MultiDiGraph:
    """The network of a ``analytics.gaps`` result: focus, present and missing industries."""
    g = nx.MultiDiGraph()
    for n in result["network"]["nodes"]:
        attrs = {"label": n["label"], "class": "Industry", "notation": n.get("notation"), "status": n["status"],
                 "local_companies": n.get("local", 0), "companies_elsewhere": n.get("elsewhere", 0),
                 "distance": n.get("distance", 0), "direction": n.get("direction"), "score": n.get("score"),
                 "rank": n.get("rank")}
        g.add_node(n["id"], **{k: v for k, v in attrs.items() if v is not None})
    for e in result["network"]["edges"]:
        g.add_edge(e["source"], e["target"], key=str(CKG.upstreamOf), relation="upstreamOf", label="上游于",
                   weight=e["weight"])
    return g


def industry_supply_network(store: GraphStore) -> nx.MultiDiGraph:
    """The weighted upstream network of industries (Shenwan), with company counts and centrality."""
    plain = analytics.industry_network(store)
    plain.remove_nodes_from([n for n in list(plain) if plain.degree(n) == 0])
    ranks = {r["iri"]: r for r in analytics.centrality(store, top=None)}
    g = nx.MultiDiGraph()
    for n, a in plain.nodes(data=True):
        r = ranks.get(n, {})
        g.add_node(n, label=a.get("label") or n.rsplit("/", 1)[-1], **{"class": "Industry"},
                   notation=a.get("notation"), companies=a.get("companies", 0),
                   supplier_rank=r.get("supplier_rank"), demand_rank=r.get("demand_rank"),
                   betweenness=r.get("betweenness"))
    for u, v, w in plain.edges(data="weight"):
        g.add_edge(u, v, key=str(CKG.upstreamOf), relation="upstreamOf", label="上游于", weight=w)
    return g
