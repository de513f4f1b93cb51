"""The implementations of ``chainkg.graph.store.GraphStore``: embedded Oxigraph and remote SPARQL servers.

The only modules of chainkg that touch pyoxigraph's ``Store`` or a server's endpoints.
"""
