"""The graph layer: the store (embedded Oxigraph, or in memory), SHACL validation,
networkx projections, analytics and exports. Imports only ``chainkg.ontology``."""
