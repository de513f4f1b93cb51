"""Counts for the home page, ``chainkg stats`` and the service description."""

from __future__ import annotations

from chainkg.graph.store import GraphStore
from chainkg.ontology.namespaces import CATALOG_GRAPH, ONTOLOGY_GRAPH, PREFIXES


def graph_stats(store: GraphStore) -> dict:
    """Triples per named graph and instances per class (with the class's zh label)."""
    graphs = [
        {"graph": r["g"].value, "triples": int(r["n"].value)}
        for r in store.ox.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g")
    ]
    classes = [
        {
            "class": r["c"].value,
            "label": r["label"].value if r["label"] is not None else r["c"].value,
            "count": int(r["n"].value),
        }
        for r in store.ox.query(
            f"""SELECT ?c (SAMPLE(?l) AS ?label) (COUNT(DISTINCT ?s) AS ?n) WHERE {{
                  GRAPH ?g {{ ?s a ?c }} FILTER(?g NOT IN (<{ONTOLOGY_GRAPH}>, <{CATALOG_GRAPH}>))
                  OPTIONAL {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?c <{PREFIXES['rdfs']}label> ?l FILTER(lang(?l) = "zh") }} }}
                }} GROUP BY ?c ORDER BY DESC(?n) ?c"""
        )
    ]
    return {"triples": sum(g["triples"] for g in graphs), "graphs": graphs, "classes": classes}
