"""What part of the graph a view or an export covers, by name.

A scope is ``graph`` (every entity), ``chain KEY``, ``cluster KEY``,
``region KEY`` or ``explore IRI``; KEY is the last part of the entity's IRI
(``/id/chain/KEY``) or its Chinese name. The same names drive
``chainkg export --scope`` and the download buttons of the network views.
"""

from __future__ import annotations

import networkx as nx

from chainkg.graph.errors import UserError
from chainkg.graph.projection import chain_network, cluster_network, entity_network, neighbourhood, network
from chainkg.graph.search import search_index
from chainkg.graph.store import GraphStore
from chainkg.ontology.namespaces import CKG, ID_BASE, entity_iri

SCOPES = ("graph", "chain", "cluster", "region", "explore")
_CLASS_OF = {"chain": "IndustryChain", "cluster": "IndustryCluster", "region": "Region"}


def resolve_entity(store: GraphStore, kind: str, key: str) -> str:
    """The IRI of a chain/cluster/region given its IRI, its key or a name people use."""
    if key.startswith(("http://", "https://")):
        return key
    candidate = str(entity_iri(kind, key)) if all(c.isascii() for c in key) else None
    if candidate and bool(store.ox.query(f"ASK {{ GRAPH ?g {{ <{candidate}> ?p ?o }} }}")):
        return candidate
    hits = search_index(store).search(key, limit=2, classes={_CLASS_OF[kind]})
    if hits and (len(hits) == 1 or hits[0]["matched"] == key or hits[0]["label"] == key):
        return hits[0]["iri"]
    hint = f"; did you mean {', '.join(h['label'] for h in hits)}?" if hits else ""
    raise UserError(f"no {kind} named '{key}'{hint}")


def region_network(store: GraphStore, region: str) -> nx.MultiDiGraph:
    """A region, the regions within it, and every entity located in any of them."""
    ckg = str(CKG)
    rows = store.ox.query(
        f"""SELECT DISTINCT ?x WHERE {{ {{ BIND(<{region}> AS ?x) }} UNION
              {{ ?x <{ckg}partOfRegion>+ <{region}> }} UNION
              {{ ?r <{ckg}partOfRegion>* <{region}> . ?x <{ckg}locatedIn> ?r }} }}""",
        use_default_graph_as_union=True,
    )
    g = network(store, [r[0].value for r in rows])
    if region in g:
        g.nodes[region]["role"] = "focus"
    return g


def scope_network(store: GraphStore, scope: str, key: str | None = None, *, hops: int = 1,
                  limit: int = 200) -> nx.MultiDiGraph:
    """The network of a named scope (see the module docstring)."""
    if scope == "graph":
        return entity_network(store)
    if scope not in SCOPES:
        raise UserError(f"unknown scope '{scope}' (one of {', '.join(SCOPES)})")
    if not key:
        raise UserError(f"scope '{scope}' needs a key or a name")
    if scope == "explore":
        iri = key if key.startswith(("http://", "https://")) else ID_BASE + key
        return neighbourhood(store, iri, hops=hops, limit=limit)[0]
    iri = resolve_entity(store, scope, key)
    builder = {"chain": chain_network, "cluster": cluster_network, "region": region_network}[scope]
    return builder(store, iri)
