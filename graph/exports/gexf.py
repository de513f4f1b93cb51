"""GEXF 1.3 for Gephi, written as a stream.

Why not ``networkx.write_gexf``: on a projection of RDF data it fails or writes
files Gephi misreads, on nearly every point below. It raises ``TypeError`` on
``None``, ``Decimal``, ``datetime.date`` and rdflib ``Literal`` values; takes a
list value for a dynamic attribute; types ``numpy.int64`` as ``int`` (not a
GEXF type) and ``2**70`` as ``long`` (overflows in Gephi); types a column from
its first value, so a column holding ``1`` and ``"x"`` is ``long`` and does not
read back; copies control characters into the XML (the file no longer parses);
turns a node attribute ``id`` into the node's id and ``start`` into a dynamic
spell; writes ``weight="0"``; and builds the whole document as an ElementTree
before writing a byte. This writer settles each column's type in a first pass
(:mod:`chainkg.graph.exports.schema`) and then prints one node or edge at a
time, so memory does not grow with the graph.

What a file carries, and the Gephi decisions:

- GEXF 1.3 (``http://gexf.net/1.3``), valid against the official XSD (with the
  viz namespace defect of that XSD worked around as its README says), a static
  graph, ``defaultedgetype`` from the graph's directedness.
- Node id: the node (an IRI), cleaned of control characters. Node ``label``:
  the Chinese ``label`` (falling back to ``label_en``, then the IRI's local
  name), whitespace collapsed as ``xs:token`` requires. ``label_en`` and
  ``class`` are the first two attribute columns.
- ``viz:color`` from the node's ``class`` with a fixed palette
  (:data:`~chainkg.graph.exports.schema.PALETTE`); ``viz:size`` linearly scaled
  into ``[min_size, max_size]`` from ``size_by`` (a numeric attribute, or
  ``"degree"``, the default, which also adds an integer ``degree`` column);
  ``viz:position`` only for nodes that have numeric ``x`` and ``y`` (a computed
  layout): Gephi places the others itself.
- Attribute columns: one GEXF type each (``values.ColumnTyper``): ``double`` for
  decimals, ``string`` for dates, ``integer``/``long``/``biginteger`` by range,
  ``list*`` types for lists (JSON array text), absent values omitted. Column
  id = title = the attribute name, so Gephi's column ids are readable.
- Reserved names: Gephi's importer gives ``id``, ``label``, ``type``, ``kind``,
  ``start``, ``end``, ``pid``, ``weight`` (and the dynamic and visual names in
  :data:`~chainkg.graph.exports.schema.RESERVED`) a meaning; an attribute that
  merely has such a name is exported as ``attr_<name>``. Gephi column ids are
  case-insensitive, so ``Revenue`` and ``revenue`` become ``Revenue`` and
  ``revenue_2``.
- Edges: every edge has its own id (``e0``, ``e1``, ...); its ``relation`` is
  written as the GEXF 1.3 ``kind`` attribute, which is what Gephi uses to keep
  parallel edges apart (edges with the same source, target *and* kind are
  merged by Gephi's importer), and also as a ``relation`` column; ``label`` is
  the edge label. Edge ``type`` is never written per edge (the graph's default
  says directed or undirected), so an attribute named ``type`` cannot flip it.
- Weights: a positive or negative weight is written as is (Gephi warns about
  negative weights but keeps them). Gephi drops an edge whose weight is 0, so by
  default (``zero_weight="epsilon"``) such an edge gets weight 1e-9 and its
  stated weight goes in a ``weight_stated`` column; ``"drop"`` leaves it out,
  ``"keep"`` writes ``0.0``. A weight that is not a number is not written as the
  weight (Gephi would use 1.0) and goes to ``weight_stated`` too.
- Text: control characters are removed (XML 1.0 cannot carry them); tab, line
  feed and carriage return inside attribute values are written as character
  references so that they read back unchanged; emoji and CJK are written as
  UTF-8.

:func:`read_gexf` reads a file back with networkx's reader, taught the GEXF 1.3
types that networkx does not know (``biginteger``, ``bigdecimal``, the list
types, ``short``, ``byte``, ``char``): plain ``networkx.read_gexf`` raises
``KeyError`` on those, and reads ``liststring`` as one string.
"""

from __future__ import annotations

import datetime as _dt
import io
import json
import os
import re
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import IO, Any

import networkx as nx
from networkx.readwrite.gexf import GEXFReader

from chainkg.graph.exports.schema import ExportPlan, ZeroWeight, scan
from chainkg.graph.exports.values import chunked, clean_text, format_double, write_text

__all__ = ["GEXF_MEDIA_TYPE", "iter_gexf", "read_gexf", "write_gexf"]

GEXF_MEDIA_TYPE = "application/gexf+xml"
NS_GEXF = "http://gexf.net/1.3"
NS_VIZ = "http://gexf.net/1.3/viz"

_ESC = {
    ord("&"): "&amp;",
    ord("<"): "&lt;",
    ord(">"): "&gt;",
    ord('"'): "&quot;",
    0x09: "&#9;",
    0x0A: "&#10;",
    0x0D: "&#13;",
}
_NEEDS_ESC = re.compile('[&<>"\t\n\r]')


def xml_attr(s: str) -> str:
    """Escape already-cleaned text for a double-quoted XML attribute value."""
    if _NEEDS_ESC.search(s):
        return s.translate(_ESC)
    return s


def iter_gexf(
    graph: Any,
    *,
    size_by: str | None = "degree",
    min_size: float = 5.0,
    max_size: float = 50.0,
    zero_weight: ZeroWeight = "epsilon",
    palette: Mapping[str, tuple[int, int, int]] | None = None,
    description: str | None = None,
    last_modified: _dt.date | None = None,
    chunk_size: int = 1 << 16,
) -> Iterator[str]:
    """The GEXF document for ``graph`` as text chunks (for streaming responses).

    ``graph`` is a networkx graph or a :class:`~chainkg.graph.exports.schema.GraphSource`;
    it is walked twice (types first, then output) and never copied. The options
    are those of :func:`~chainkg.graph.exports.schema.scan`; ``description``
    goes into ``<meta>``; ``last_modified`` defaults to today.
    """
    plan = scan(
        graph,
        size_by=size_by,
        min_size=min_size,
        max_size=max_size,
        zero_weight=zero_weight,
        palette=palette,
    )
    yield from _render(plan, description, last_modified or _dt.date.today(), chunk_size)


def _render(plan: ExportPlan, description: str | None, last_modified: _dt.date, chunk_size: int) -> Iterator[str]:
    head = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<gexf xmlns="{NS_GEXF}" xmlns:viz="{NS_VIZ}" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        f'xsi:schemaLocation="{NS_GEXF} {NS_GEXF}/gexf.xsd" version="1.3">\n',
        f'  <meta lastmodifieddate="{last_modified.isoformat()}">\n',
        "    <creator>chainkg</creator>\n",
    ]
    if description:
        head.append(f"    <description>{xml_attr(clean_text(description))}</description>\n")
    head.append("  </meta>\n")
    edgetype = "directed" if plan.source.directed else "undirected"
    head.append(f'  <graph defaultedgetype="{edgetype}" mode="static" idtype="string">\n')
    for cls, cols in (("node", plan.node_columns), ("edge", plan.edge_columns)):
        if not cols:
            continue
        head.append(f'    <attributes class="{cls}" mode="static">\n')
        for c in cols:
            t = xml_attr(c.title)
            head.append(f'      <attribute id="{t}" title="{t}" type="{c.type}"/>\n')
        head.append("    </attributes>\n")
    head.append(f'    <nodes count="{plan.node_count}">\n')
    yield "".join(head)

    yield from chunked(_body(plan), chunk_size)


def _body(plan: ExportPlan) -> Iterator[str]:
    ids: dict[int, str] = {}  # id(Column) -> escaped title

    def col_id(col: Any) -> str:
        k = id(col)
        t = ids.get(k)
        if t is None:
            t = ids[k] = xml_attr(col.title)
        return t

    for n in plan.nodes():
        parts = [f'      <node id="{xml_attr(n.id)}" label="{xml_attr(n.label)}">']
        if n.values:
            parts.append("<attvalues>")
            for col, val in n.values:
                parts.append(f'<attvalue for="{col_id(col)}" value="{xml_attr(val)}"/>')
            parts.append("</attvalues>")
        r, g, b = n.color
        parts.append(f'<viz:color r="{r}" g="{g}" b="{b}"/>')
        if n.size is not None:
            parts.append(f'<viz:size value="{format_double(n.size)}"/>')
        if n.position is not None:
            x, y, z = n.position
            zs = f' z="{format_double(z)}"' if z is not None else ""
            parts.append(f'<viz:position x="{format_double(x)}" y="{format_double(y)}"{zs}/>')
        parts.append("</node>\n")
        yield "".join(parts)
    yield f'    </nodes>\n    <edges count="{plan.edge_count}">\n'

    # records that share their values list share kind, label and weight too (ExportPlan.edges):
    # the rest of their line is printed once
    tails: dict[int, tuple[list, str]] = {}
    for e in plan.edges():
        hit = tails.get(id(e.values))
        if hit is not None and hit[0] is e.values:
            tail = hit[1]
        else:
            tail = _edge_tail(e, col_id)
            if len(tails) < 4096:
                tails[id(e.values)] = (e.values, tail)
        yield f'      <edge id="{e.id}" source="{xml_attr(e.source)}" target="{xml_attr(e.target)}"{tail}'
    yield "    </edges>\n  </graph>\n</gexf>\n"


def _edge_tail(e: Any, col_id: Any) -> str:
    """An edge's line after its id, source and target."""
    attrs = ""
    if e.kind is not None:
        attrs += f' kind="{xml_attr(e.kind)}"'
    if e.label is not None:
        attrs += f' label="{xml_attr(e.label)}"'
    if e.weight is not None:
        attrs += f' weight="{format_double(e.weight)}"'
    if e.values:
        vals = "".join(f'<attvalue for="{col_id(col)}" value="{xml_attr(val)}"/>' for col, val in e.values)
        return f"{attrs}><attvalues>{vals}</attvalues></edge>\n"
    return f"{attrs}/>\n"


def write_gexf(
    graph: Any,
    out: str | os.PathLike[str] | IO[bytes],
    **options: Any,
) -> None:
    """Write ``graph`` as GEXF 1.3 to a path or a binary file object.

    Options: see :func:`iter_gexf`. Writes UTF-8 as it goes; at most one chunk
    of text is held in memory.
    """
    write_text(iter_gexf(graph, **options), out)


# -- reading back ------------------------------------------------------------------------


def _list_of(conv: Any) -> Any:
    def parse(text: str) -> list[Any]:
        return [conv(v) for v in json.loads(text)]

    return parse


def _bool(v: Any) -> bool:
    if isinstance(v, bool):
        return v
    return str(v).strip().lower() in ("true", "1")


class _FullGEXFReader(GEXFReader):
    """networkx's GEXF reader with every GEXF 1.3 attribute type."""

    def construct_types(self) -> None:
        super().construct_types()
        self.python_type.update(
            {
                "integer": int,
                "long": int,
                "short": int,
                "byte": int,
                "biginteger": int,
                "double": float,
                "float": float,
                "bigdecimal": Decimal,
                "char": str,
                "string": str,
                "anyURI": str,
                "liststring": _list_of(str),
                "listchar": _list_of(str),
                "listboolean": _list_of(_bool),
                "listinteger": _list_of(int),
                "listlong": _list_of(int),
                "listshort": _list_of(int),
                "listbyte": _list_of(int),
                "listbiginteger": _list_of(int),
                "listdouble": _list_of(float),
                "listfloat": _list_of(float),
                "listbigdecimal": _list_of(lambda v: Decimal(str(v))),
            }
        )


def read_gexf(source: str | os.PathLike[str] | IO[bytes] | bytes) -> nx.Graph:
    """Read a GEXF file (or bytes) with networkx, knowing all GEXF 1.3 types.

    Returns what ``networkx.read_gexf`` returns (a MultiDiGraph when there are
    parallel edges): nodes keyed by id, ``label``, attribute values typed by
    their column (lists as lists, big integers whole), ``viz`` dicts, edge
    ``id``/``label``/``weight``. The GEXF ``kind`` of an edge is added as ``kind``
    (networkx ignores it).
    """
    if isinstance(source, bytes | bytearray):
        source = io.BytesIO(bytes(source))
    reader = _FullGEXFReader(version="1.3")
    g = reader(source)
    kinds = {e.get("id"): e.get("kind") for e in reader.xml.iter(f"{{{NS_GEXF}}}edge") if e.get("kind") is not None}
    if kinds:
        for _u, _v, d in g.edges(data=True):
            k = kinds.get(d.get("id"))
            if k is not None:
                d["kind"] = k
    return g
