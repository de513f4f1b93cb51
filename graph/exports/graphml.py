"""GraphML with typed keys, written as a stream.

Why not ``networkx.write_graphml``, even after converting values: it needs a
converted *copy* of the graph (the whole graph twice in memory), types ``2**70``
as ``int`` (32-bit in Gephi and yEd), refuses ``None``, ``Decimal``, dates and
lists, raises on control characters (lxml) and does not rename attributes that
Gephi's GraphML importer reads as something else (``label``, ``weight``, ``x``,
``size``...). This writer shares the first pass of the GEXF writer
(:func:`chainkg.graph.exports.schema.scan`) so both files carry the same
columns, names and values.

What a file carries:

- ``<key>`` per column with ``attr.type`` from the column's GEXF type
  (:func:`~chainkg.graph.exports.values.graphml_type`): ``boolean``, ``int``,
  ``long``, ``double``, ``string``. GraphML has no big integers and no lists:
  ``biginteger`` columns are ``string`` (all digits kept), list columns are
  ``string`` holding the same JSON array text as the GEXF list types.
- The keys Gephi's GraphML importer maps to node and edge properties carry just
  that: node ``label`` (Chinese), ``x``/``y`` (layout, when computed),
  ``size`` (from ``size_by``), ``r``/``g``/``b`` (colour by class); edge
  ``label`` and ``weight`` (same zero-weight policy as GEXF). Any other
  attribute with one of these names is renamed ``attr_<name>``.
- Edge ids ``e0``, ``e1``... keep parallel edges apart for networkx and the
  relation is a ``relation`` key. (Gephi's GraphML importer has no edge kind:
  open GEXF in Gephi when parallel relations matter.)
- Absent values are omitted (no ``<data>`` element), control characters removed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from typing import IO, Any

from chainkg.graph.exports.gexf import xml_attr
from chainkg.graph.exports.schema import ZeroWeight, scan
from chainkg.graph.exports.values import chunked, format_double, graphml_type, write_text

__all__ = ["GRAPHML_MEDIA_TYPE", "iter_graphml", "write_graphml"]

GRAPHML_MEDIA_TYPE = "application/graphml+xml"
NS_GRAPHML = "http://graphml.graphdrawing.org/xmlns"


def iter_graphml(
    graph: Any,
    *,
    size_by: str | None = "degree",
    min_size: float = 5.0,
    max_size: float = 50.0,
    zero_weight: ZeroWeight = "epsilon",
    palette: Mapping[str, tuple[int, int, int]] | None = None,
    chunk_size: int = 1 << 16,
) -> Iterator[str]:
    """The GraphML document for ``graph`` as text chunks.

    Same input and options as :func:`chainkg.graph.exports.gexf.iter_gexf`.
    """
    plan = scan(
        graph,
        size_by=size_by,
        min_size=min_size,
        max_size=max_size,
        zero_weight=zero_weight,
        palette=palette,
    )
    head = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<graphml xmlns="{NS_GRAPHML}" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        f'xsi:schemaLocation="{NS_GRAPHML} {NS_GRAPHML}/1.0/graphml.xsd">\n',
    ]
    key_of: dict[int, str] = {}
    n = 0

    def key(scope: str, name: str, attr_type: str, obj: Any = None) -> str:
        nonlocal n
        kid = f"d{n}"
        n += 1
        head.append(f'  <key id="{kid}" for="{scope}" attr.name="{xml_attr(name)}" attr.type="{attr_type}"/>\n')
        if obj is not None:
            key_of[id(obj)] = kid
        return kid

    k_label = key("node", "label", "string")
    for c in plan.node_columns:
        key("node", c.title, graphml_type(c.type), c)
    k_x = k_y = k_size = None
    if plan.has_positions:
        k_x = key("node", "x", "double")
        k_y = key("node", "y", "double")
    if plan.size_range is not None:
        k_size = key("node", "size", "double")
    k_r = key("node", "r", "int")
    k_g = key("node", "g", "int")
    k_b = key("node", "b", "int")
    k_elabel = key("edge", "label", "string")
    k_weight = key("edge", "weight", "double")
    for c in plan.edge_columns:
        key("edge", c.title, graphml_type(c.type), c)
    edgedefault = "directed" if plan.source.directed else "undirected"
    head.append(f'  <graph id="G" edgedefault="{edgedefault}">\n')
    yield "".join(head)

    def body() -> Iterator[str]:
        for node in plan.nodes():
            parts = [f'    <node id="{xml_attr(node.id)}"><data key="{k_label}">{xml_attr(node.label)}</data>']
            for col, val in node.values:
                parts.append(f'<data key="{key_of[id(col)]}">{xml_attr(val)}</data>')
            if node.position is not None and k_x is not None:
                parts.append(f'<data key="{k_x}">{format_double(node.position[0])}</data>')
                parts.append(f'<data key="{k_y}">{format_double(node.position[1])}</data>')
            if node.size is not None and k_size is not None:
                parts.append(f'<data key="{k_size}">{format_double(node.size)}</data>')
            r, g, b = node.color
            parts.append(f'<data key="{k_r}">{r}</data><data key="{k_g}">{g}</data><data key="{k_b}">{b}</data>')
            yield "".join(parts) + "</node>\n"
        for e in plan.edges():
            parts = [f'    <edge id="{e.id}" source="{xml_attr(e.source)}" target="{xml_attr(e.target)}">']
            if e.label is not None:
                parts.append(f'<data key="{k_elabel}">{xml_attr(e.label)}</data>')
            if e.weight is not None:
                parts.append(f'<data key="{k_weight}">{format_double(e.weight)}</data>')
            for col, val in e.values:
                parts.append(f'<data key="{key_of[id(col)]}">{xml_attr(val)}</data>')
            yield "".join(parts) + "</edge>\n"
        yield "  </graph>\n</graphml>\n"

    yield from chunked(body(), chunk_size)


def write_graphml(
    graph: Any,
    out: str | os.PathLike[str] | IO[bytes],
    **options: Any,
) -> None:
    """Write ``graph`` as GraphML to a path or a binary file object (see :func:`iter_graphml`)."""
    write_text(iter_graphml(graph, **options), out)
