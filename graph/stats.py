"""Counts for the home page, ``chainkg stats`` and the service description."""

from __future__ import annotations

from chainkg.graph.store import GraphStore
from chainkg.ontology.namespaces import CATALOG_GRAPH, ONTOLOGY_GRAPH, PREFIXES


def graph_stats(store: GraphStore) -> dict:
    """Triples in the merged default graph and per named graph, and instances per class (with the zh label).

    ``triples`` counts each triple once however many sources state it; the per-graph
    counts add up to more when sources share triples.
    """
    graphs = [{"graph": g, "triples": n} for g, n in store.graph_sizes().items()]
    total = int(store.rows("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"])
    classes = [
        {
            "class": r["c"].value,
            "label": r["label"].value if r["label"] is not None else r["c"].value,
            "count": int(r["n"].value),
        }
        for r in store.select(
            f"""SELECT ?c (SAMPLE(?l) AS ?label) (COUNT(DISTINCT ?s) AS ?n) WHERE {{
                  GRAPH ?g {{ ?s a ?c }} FILTER(?g NOT IN (<{ONTOLOGY_GRAPH}>, <{CATALOG_GRAPH}>))
                  OPTIONAL {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?c <{PREFIXES['rdfs']}label> ?l FILTER(lang(?l) = "zh") }} }}
                }} GROUP BY ?c ORDER BY DESC(?n) ?c"""
        )
    ]
    return {"triples": total, "graphs": graphs, "classes": classes}
