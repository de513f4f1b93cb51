"""The chainkg ontology: its Turtle files and the namespaces every other package uses.

This package sits at the bottom of the dependency chain
(``ontology`` <- ``graph`` <- ``ingest`` <- ``server``): it imports nothing of
chainkg's own, so anything may import it.
"""

from chainkg.ontology.namespaces import (
    CATALOG_GRAPH,
    CKG,
    GRAPH_BASE,
    ID,
    ID_BASE,
    NIF,
    ONTOLOGY_GRAPH,
    ONTOLOGY_PATH,
    PREFIXES,
    QB,
    SDMX_ATTR,
    SDMX_DIM,
    SDMX_MEASURE,
    SHAPES_PATH,
    entity_iri,
    graph_iri,
    slugify,
)

__all__ = [
    "CATALOG_GRAPH",
    "CKG",
    "GRAPH_BASE",
    "ID",
    "ID_BASE",
    "NIF",
    "ONTOLOGY_GRAPH",
    "ONTOLOGY_PATH",
    "PREFIXES",
    "QB",
    "SDMX_ATTR",
    "SDMX_DIM",
    "SDMX_MEASURE",
    "SHAPES_PATH",
    "entity_iri",
    "graph_iri",
    "slugify",
]
