"""What part of the graph a view or an export covers, by name.

A scope is ``graph`` (every entity), ``chain KEY``, ``cluster KEY``,
``region KEY`` or ``explore IRI``; KEY is the last part of the entity's IRI
(``/id/chain/KEY``) or its Chinese name. The same names drive
``chainkg export --scope`` and the download buttons of the network views.
"""

from __future__ import annotations

import networkx as nx

from chainkg.graph.errors import UserError
from chainkg.graph.exports.schema import GraphSource
from chainkg.graph.projection import chain_network, cluster_network, entity_source, neighbourhood, network
from chainkg.graph.sparql_text import sparql_literal
from chainkg.graph.store import GraphStore
from chainkg.ontology.namespaces import CKG, ID_BASE, PREFIXES, entity_iri

SCOPES = ("graph", "chain", "cluster", "region", "explore")
_CLASS_OF = {"chain": "IndustryChain", "cluster": "IndustryCluster", "region": "Region"}
_RDFS, _SKOS = PREFIXES["rdfs"], PREFIXES["skos"]


def resolve_entity(store: GraphStore, kind: str, key: str) -> str:
    """The IRI of a chain/cluster/region given its IRI, its key or a name people use."""
    if key.startswith(("http://", "https://")):
        return key
    candidate = str(entity_iri(kind, key)) if all(c.isascii() for c in key) else None
    if candidate and store.ask(f"ASK {{ <{candidate}> ?p ?o }}"):
        return candidate
    # the name as written, looked up as a literal first: the search index is built from every name of
    # the graph (43 s at 100,000 companies, for one `chainkg export --scope chain`); it stays the fallback
    # for names written another way
    names = " ".join(sparql_literal(key, lang) for lang in (None, "zh", "en"))
    rows = list(store.select(f"""SELECT DISTINCT ?x WHERE {{ VALUES ?n {{ {names} }}
                              VALUES ?p {{ <{_RDFS}label> <{_SKOS}prefLabel> <{_SKOS}altLabel> }}
                              ?x ?p ?n ; a <{CKG}{_CLASS_OF[kind]}> }} LIMIT 2"""))
    if len(rows) == 1:
        return rows[0][0].value
    from chainkg.graph.search import search_index  # pypinyin's dictionaries: 0.25 s to import

    hits = search_index(store).search(key, limit=2, classes={_CLASS_OF[kind]})
    if hits and (len(hits) == 1 or hits[0]["matched"] == key or hits[0]["label"] == key):
        return hits[0]["iri"]
    hint = f"; did you mean {', '.join(h['label'] for h in hits)}?" if hits else ""
    raise UserError(f"no {kind} named '{key}'{hint}")


def region_network(store: GraphStore, region: str) -> nx.MultiDiGraph:
    """A region, the regions within it, and every entity located in any of them."""
    ckg = str(CKG)
    rows = store.select(
        f"""SELECT DISTINCT ?x WHERE {{ {{ BIND(<{region}> AS ?x) }} UNION
              {{ ?x <{ckg}partOfRegion>+ <{region}> }} UNION
              {{ ?r <{ckg}partOfRegion>* <{region}> . ?x <{ckg}locatedIn> ?r }} }}"""
    )
    g = network(store, [r[0].value for r in rows])
    if region in g:
        g.nodes[region]["role"] = "focus"
    return g


def scope_network(store: GraphStore, scope: str, key: str | None = None, *, hops: int = 1,
                  limit: int = 200) -> nx.MultiDiGraph | GraphSource:
    """The network of a named scope (see the module docstring)."""
    if scope == "graph":
        return entity_source(store)  # streamed: the whole graph may be national
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
