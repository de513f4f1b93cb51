"""Exports of the graph: GEXF and GraphML for Gephi, CSV tables, RDF dumps.

Why a package of its own: every network view, the ``chainkg export`` command
and the download buttons write the same formats, and each format has its own
traps (see docs/exports.md). Network writers take a networkx graph (the
projections of chainkg.graph.projection) or a
:class:`~chainkg.graph.exports.schema.GraphSource` and stream; RDF dumps take
the store (pyoxigraph) and stream through Oxigraph's serializers.

For a CLI or a download button: :data:`NETWORK_FORMATS` (``gexf``,
``graphml``, ``csv``) and :func:`write_network`; :data:`RDF_FORMATS`,
:func:`dump_store` and :func:`dump_construct` for RDF.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

from chainkg.graph.exports.gexf import iter_gexf, read_gexf, write_gexf
from chainkg.graph.exports.graphml import iter_graphml, write_graphml
from chainkg.graph.exports.rdf import (
    RDF_FORMATS,
    dump_construct,
    dump_rdflib_graph,
    dump_store,
    rdf_format,
)
from chainkg.graph.exports.schema import (
    PALETTE,
    RESERVED,
    ZERO_WEIGHT_EPSILON,
    GraphSource,
    class_color,
)
from chainkg.graph.exports.tables import read_tables, write_tables_dir, write_tables_zip


@dataclass(frozen=True)
class NetworkFormat:
    """A network export format: file extension, media type and writer."""

    name: str
    extension: str
    media_type: str
    write: Callable[..., None]


NETWORK_FORMATS: dict[str, NetworkFormat] = {
    "gexf": NetworkFormat("gexf", ".gexf", "application/gexf+xml", write_gexf),
    "graphml": NetworkFormat("graphml", ".graphml", "application/graphml+xml", write_graphml),
    "csv": NetworkFormat("csv", ".zip", "application/zip", write_tables_zip),
}


def write_network(graph: Any, out: str | os.PathLike[str] | IO[bytes], fmt: str = "gexf", **options: Any) -> None:
    """Write a network (networkx graph or GraphSource) in ``fmt`` to a path or binary stream.

    ``options``: ``size_by``, ``min_size``, ``max_size``, ``zero_weight``,
    ``palette`` (all formats), ``description`` and ``last_modified`` (GEXF).
    Raises ``ValueError`` for an unknown format or a bad option value.
    """
    try:
        f = NETWORK_FORMATS[fmt.lower()]
    except KeyError:
        raise ValueError(f"unknown network format {fmt!r}; choose one of {', '.join(NETWORK_FORMATS)}") from None
    f.write(graph, out, **options)


__all__ = [
    "NETWORK_FORMATS",
    "PALETTE",
    "RDF_FORMATS",
    "RESERVED",
    "ZERO_WEIGHT_EPSILON",
    "GraphSource",
    "NetworkFormat",
    "class_color",
    "dump_construct",
    "dump_rdflib_graph",
    "dump_store",
    "iter_gexf",
    "iter_graphml",
    "rdf_format",
    "read_gexf",
    "read_tables",
    "write_gexf",
    "write_graphml",
    "write_network",
    "write_tables_dir",
    "write_tables_zip",
]
