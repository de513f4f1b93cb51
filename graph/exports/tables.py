"""Node and edge tables in the layout of Gephi's spreadsheet (CSV) import.

Why: some people open the network in a spreadsheet or pandas, and Gephi's
"Import spreadsheet" wizard reads exactly two tables: nodes with ``Id`` and
``Label`` first, edges with ``Source``, ``Target``, ``Type``, ``Id``,
``Label``, ``Weight``. Any further column is an attribute.

Layout and decisions:

- ``nodes.csv``: ``Id`` (the IRI), ``Label`` (Chinese), then the same attribute
  columns as the GEXF file (``label_en``, ``class``, ..., ``degree``), with the
  same renaming of names Gephi reserves (``attr_type``, ``attr_start``...).
- ``edges.csv``: ``Source``, ``Target``, ``Type`` (``Directed``/``Undirected``),
  ``Id`` (``e0``...), ``Label``, ``Weight``, ``Kind`` (the relation, which
  Gephi uses to keep parallel edges apart), then the attribute columns
  (``relation``, ..., ``weight_stated``). Weights follow the same zero-weight
  policy as GEXF; an empty ``Weight`` lets Gephi use 1.
- CSV carries no types. Each column still holds one type, printed the same way
  as in GEXF (``true``/``false``, integers whole, ``repr`` of doubles, JSON
  arrays for lists), and ``columns.json`` beside the tables gives each column's
  GEXF type so a program can read the values back typed (:func:`read_tables`).
- UTF-8 *without* a byte order mark (a BOM would glue itself to ``Id`` and Gephi
  would no longer recognise the column), comma-separated, RFC 4180 quoting
  (line breaks inside a quoted value are allowed), absent values empty.
- Viz (colour, size, position) is not carried: the spreadsheet import ignores
  it. ``class`` and ``degree`` are there for Gephi's partition and ranking.

The tables are written into a directory or into one zip file (also to a
non-seekable stream, e.g. an HTTP response).
"""

from __future__ import annotations

import csv
import io
import json
import os
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

from chainkg.graph.exports.schema import ExportPlan, scan
from chainkg.graph.exports.values import LIST_TYPES

__all__ = [
    "EDGE_HEADER",
    "NODE_HEADER",
    "TABLES_MEDIA_TYPE",
    "read_tables",
    "write_tables_dir",
    "write_tables_zip",
]

TABLES_MEDIA_TYPE = "application/zip"
NODE_HEADER = ("Id", "Label")
EDGE_HEADER = ("Source", "Target", "Type", "Id", "Label", "Weight", "Kind")


def _plan(graph: Any, options: Mapping[str, Any]) -> ExportPlan:
    return scan(graph, **options)


def _columns_doc(plan: ExportPlan) -> dict[str, dict[str, str]]:
    nodes = {"Id": "string", "Label": "string"}
    nodes.update({c.title: c.type for c in plan.node_columns})
    edges = {
        "Source": "string",
        "Target": "string",
        "Type": "string",
        "Id": "string",
        "Label": "string",
        "Weight": "double",
        "Kind": "string",
    }
    edges.update({c.title: c.type for c in plan.edge_columns})
    return {"nodes": nodes, "edges": edges}


def _write_nodes(plan: ExportPlan, fh: IO[str]) -> None:
    cols = plan.node_columns
    index = {id(c): i + 2 for i, c in enumerate(cols)}
    w = csv.writer(fh)
    w.writerow([*NODE_HEADER, *(c.title for c in cols)])
    width = len(cols) + 2
    for n in plan.nodes():
        row = [""] * width
        row[0] = n.id
        row[1] = n.label
        for col, val in n.values:
            row[index[id(col)]] = val
        w.writerow(row)


def _write_edges(plan: ExportPlan, fh: IO[str]) -> None:
    cols = plan.edge_columns
    base = len(EDGE_HEADER)
    index = {id(c): i + base for i, c in enumerate(cols)}
    w = csv.writer(fh)
    w.writerow([*EDGE_HEADER, *(c.title for c in cols)])
    etype = "Directed" if plan.source.directed else "Undirected"
    width = len(cols) + base
    for e in plan.edges():
        row = [""] * width
        row[0] = e.source
        row[1] = e.target
        row[2] = etype
        row[3] = e.id
        row[4] = e.label or ""
        row[5] = repr(float(e.weight)) if e.weight is not None else ""
        row[6] = e.kind or ""
        for col, val in e.values:
            row[index[id(col)]] = val
        w.writerow(row)


def write_tables_dir(graph: Any, directory: str | os.PathLike[str], **options: Any) -> tuple[Path, Path]:
    """Write ``nodes.csv``, ``edges.csv`` and ``columns.json`` into ``directory``.

    Options are those of :func:`chainkg.graph.exports.schema.scan`. Returns the
    paths of the two tables.
    """
    plan = _plan(graph, options)
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    nodes, edges = d / "nodes.csv", d / "edges.csv"
    with open(nodes, "w", encoding="utf-8", newline="") as fh:
        _write_nodes(plan, fh)
    with open(edges, "w", encoding="utf-8", newline="") as fh:
        _write_edges(plan, fh)
    (d / "columns.json").write_text(json.dumps(_columns_doc(plan), ensure_ascii=False, indent=2), encoding="utf-8")
    return nodes, edges


def write_tables_zip(graph: Any, out: str | os.PathLike[str] | IO[bytes], **options: Any) -> None:
    """Write the two tables and ``columns.json`` into one zip (path or binary stream).

    Each table is compressed as it is written; a non-seekable stream works.
    """
    plan = _plan(graph, options)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        with zf.open("nodes.csv", "w", force_zip64=True) as raw:
            with io.TextIOWrapper(raw, encoding="utf-8", newline="") as fh:
                _write_nodes(plan, fh)
        with zf.open("edges.csv", "w", force_zip64=True) as raw:
            with io.TextIOWrapper(raw, encoding="utf-8", newline="") as fh:
                _write_edges(plan, fh)
        zf.writestr("columns.json", json.dumps(_columns_doc(plan), ensure_ascii=False, indent=2))


def _typed(text: str, gexf_type: str) -> Any:
    if gexf_type in LIST_TYPES:
        return json.loads(text)
    if gexf_type in ("integer", "long", "biginteger"):
        return int(text)
    if gexf_type == "double":
        return float(text)
    if gexf_type == "boolean":
        return text == "true"
    return text


def read_tables(source: str | os.PathLike[str] | IO[bytes]) -> tuple[list[dict], list[dict]]:
    """Read tables written by this module back, typed by ``columns.json``.

    ``source`` is the directory or the zip. Returns ``(nodes, edges)``, lists of
    row dicts without the empty (absent) cells.
    """
    p = Path(source) if isinstance(source, str | os.PathLike) else None
    if p is not None and p.is_dir():
        texts = {}
        for n in ("nodes.csv", "edges.csv"):
            with open(p / n, encoding="utf-8", newline="") as fh:  # keep \r inside values
                texts[n] = fh.read()
        columns = json.loads((p / "columns.json").read_text(encoding="utf-8"))
    else:
        with zipfile.ZipFile(source) as zf:
            texts = {n: zf.read(n).decode("utf-8") for n in ("nodes.csv", "edges.csv")}
            columns = json.loads(zf.read("columns.json").decode("utf-8"))
    out = []
    for name, kind in (("nodes.csv", "nodes"), ("edges.csv", "edges")):
        types = columns[kind]
        rows = []
        for row in csv.DictReader(io.StringIO(texts[name], newline="")):
            rows.append({k: _typed(v, types[k]) for k, v in row.items() if v != ""})
        out.append(rows)
    return out[0], out[1]
