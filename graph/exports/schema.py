"""The first pass every network exporter makes: columns, types, sizes, colours.

Why two passes: a GEXF or GraphML file declares its attribute columns, with
their types, *before* the first node, and the type of a column depends on all
of its values (one ``2**70`` makes the whole column ``biginteger``; one string
makes it ``string``). networkx's GEXF writer avoids the problem by building the
whole document as an ElementTree and fixing types from the first value seen,
which costs memory proportional to the file and produces columns that do not
parse back. Here the first pass (:func:`scan`) reads every node and edge once,
keeping only per-column counters, and the second pass (:meth:`ExportPlan.nodes`,
:meth:`ExportPlan.edges`) converts and writes one record at a time. The input is
walked twice; nothing is built twice. Edges mostly repeat a few attribute sets (the 17,324
relations of the largest region of the generated 100k graph have 4), so both passes handle an
attribute set once and reuse it for every edge that has it (``_memo_key``, at most
``_MEMO_MAX`` sets): the GEXF of that region took 0.60 s of CPU before, 0.36 s after (with
the fast path for lists in ``values.to_plain`` and the edge lines of ``gexf._body``).

The input is a networkx graph, or a :class:`GraphSource` whose ``nodes`` and
``edges`` are callables that return a fresh iterator each time, so that large
exports can stream straight from SPARQL results without a networkx graph.

Conventions of the input (chainkg.graph.projection produces them):

- node attributes: ``label`` (Chinese name), ``label_en``, ``class`` (the class
  local name or IRI, e.g. ``Company``), optional ``x``/``y``/``z`` (a computed
  layout), anything else as typed attributes;
- edge attributes: ``relation`` (predicate local name or IRI), ``label``,
  optional ``weight``, anything else as typed attributes.

Names Gephi gives a meaning to (see :data:`RESERVED`) are used only for that
meaning: ``label``, ``x``/``y``/``z`` on nodes and ``label``/``weight`` on
edges are consumed for it; any *other* attribute whose name matches a reserved
one (case-insensitively; Gephi's column ids are) is renamed ``attr_<name>``.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from chainkg.graph.exports.values import (
    ColumnTyper,
    Plain,
    clean_text,
    clean_token,
    format_value,
    number_or_none,
    text_of,
    to_plain,
)

#: Attribute names that Gephi's importers (GEXF, GraphML, spreadsheet) read as
#: something else: the node/edge id, label, edge weight, edge direction
#: (``type``) or kind, dynamic time (``start``, ``end``, ``timeset``,
#: ``interval``...), parent (``pid``), CSV endpoints (``source``, ``target``) and
#: GraphML's visual keys (``x``, ``y``, ``z``, ``size``, ``r``, ``g``, ``b``);
#: plus ``viz``, which networkx's GEXF reader fills from the viz elements.
RESERVED = frozenset(
    {
        "id",
        "label",
        "type",
        "kind",
        "start",
        "end",
        "pid",
        "weight",
        "source",
        "target",
        "timeset",
        "interval",
        "intervals",
        "timestamp",
        "timestamps",
        "spells",
        "x",
        "y",
        "z",
        "size",
        "color",
        "colour",
        "r",
        "g",
        "b",
        "viz",
    }
)

NODE_CONSUMED = frozenset({"label", "x", "y", "z"})
EDGE_CONSUMED = frozenset({"label", "weight"})

#: Weight written (GEXF ``weight``, GraphML/CSV ``weight``) for an edge whose
#: stated weight is 0 under ``zero_weight="epsilon"``: Gephi drops edges of
#: weight 0 on import; this keeps them, at a strength no layout will notice.
ZERO_WEIGHT_EPSILON = 1e-9

ZeroWeight = Literal["epsilon", "drop", "keep"]

#: Colour (r, g, b) of each class of the chainkg ontology, by local name.
PALETTE: dict[str, tuple[int, int, int]] = {
    "Company": (31, 119, 180),
    "Organization": (174, 199, 232),
    "IndustryChain": (214, 39, 40),
    "ChainSegment": (255, 127, 14),
    "ChainPosition": (197, 176, 213),
    "IndustryCluster": (148, 103, 189),
    "Sector": (44, 160, 44),
    "Industry": (23, 190, 207),
    "Policy": (227, 119, 194),
    "Project": (140, 86, 75),
    "Region": (188, 189, 34),
    "Designation": (255, 187, 120),
    "SourceDocument": (127, 127, 127),
    "Sentence": (199, 199, 199),
    "Metric": (152, 223, 138),
    "Unit": (196, 156, 148),
    "Observation": (219, 219, 141),
    "Statement": (158, 218, 229),
    "UpstreamLink": (247, 182, 210),
}
#: Colours for classes outside :data:`PALETTE`, chosen by a hash of the name so
#: that a class keeps its colour from one export to the next.
FALLBACK_PALETTE: tuple[tuple[int, int, int], ...] = (
    (102, 194, 165),
    (252, 141, 98),
    (141, 160, 203),
    (231, 138, 195),
    (166, 216, 84),
    (255, 217, 47),
    (229, 196, 148),
    (179, 179, 179),
)
NO_CLASS_COLOR = (153, 153, 153)

_LOCAL = re.compile(r"[^/#:]+$")


def local_name(iri: str) -> str:
    """The part of an IRI or CURIE after the last ``/``, ``#`` or ``:``."""
    m = _LOCAL.search(iri.rstrip("/#"))
    return m.group(0) if m else iri


def class_color(cls: str | None, palette: Mapping[str, tuple[int, int, int]] | None = None) -> tuple[int, int, int]:
    """The fixed colour of a class, given as local name, CURIE or IRI."""
    if not cls:
        return NO_CLASS_COLOR
    name = local_name(cls)
    pal = PALETTE if palette is None else palette
    if name in pal:
        return pal[name]
    if cls in pal:
        return pal[cls]
    return FALLBACK_PALETTE[zlib.crc32(name.encode("utf-8")) % len(FALLBACK_PALETTE)]


@dataclass
class GraphSource:
    """A graph given as re-iterable records instead of a networkx graph.

    ``nodes()`` yields ``(node_id, attributes)`` and ``edges()`` yields
    ``(source, target, attributes)``; each call must start a new iteration.
    Edges may name nodes that ``nodes()`` does not yield (Gephi creates them).
    """

    nodes: Callable[[], Iterable[tuple[Hashable, Mapping[str, Any]]]]
    edges: Callable[[], Iterable[tuple[Hashable, Hashable, Mapping[str, Any]]]]
    directed: bool = True


def as_source(graph: Any) -> GraphSource:
    """A :class:`GraphSource` over a networkx graph (or the source itself)."""
    if isinstance(graph, GraphSource):
        return graph
    if not hasattr(graph, "nodes") or not hasattr(graph, "edges"):
        raise TypeError(f"expected a networkx graph or GraphSource, got {type(graph).__name__}")
    return GraphSource(
        nodes=lambda: graph.nodes(data=True),
        edges=lambda: graph.edges(data=True),
        directed=bool(graph.is_directed()),
    )


def node_key(node: Hashable) -> str:
    """The exported id of a node: its text, cleaned.

    If cleaning changed the text (control characters in an id), a short hash
    of the original is appended so that two ids never collapse into one.
    """
    s = str(node)
    c = clean_text(s)
    if c != s or not c:
        c = f"{c}~{hashlib.sha1(s.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}"
    return c


@dataclass
class Column:
    """One exported attribute column."""

    key: Hashable  # the attribute name in the input (a computed column: its title)
    title: str  # the exported name (column id and title)
    typer: ColumnTyper = field(default_factory=ColumnTyper)

    @property
    def type(self) -> str:
        """GEXF type of the column (see values.ColumnTyper)."""
        return self.typer.type


class _Columns:
    """Columns of one class (node or edge), in order of first appearance."""

    def __init__(self, consumed: frozenset[str], first: Iterable[str] = ()) -> None:
        self.consumed = consumed
        self.by_key: dict[Hashable, Column | None] = {}
        self.columns: list[Column] = []
        self.used: set[str] = set()
        for k in first:
            self.add(k)

    def title_for(self, name: str) -> str:
        t = clean_token(name) or "attr"
        base = "attr_" + t if t.lower() in RESERVED else t
        cand, i = base, 2
        while cand.lower() in self.used:
            cand = f"{base}_{i}"
            i += 1
        self.used.add(cand.lower())
        return cand

    def add(self, key: Hashable) -> Column | None:
        if key in self.consumed:
            self.by_key[key] = None
            return None
        col = Column(key, self.title_for(str(key)))
        self.by_key[key] = col
        self.columns.append(col)
        return col

    def get(self, key: Hashable) -> Column | None:
        try:
            return self.by_key[key]
        except KeyError:
            return self.add(key)

    def settled(self) -> list[Column]:
        return [c for c in self.columns if c.typer.count]


@dataclass
class NodeRecord:
    """One node ready to print: every value already formatted, nothing escaped."""

    id: str
    label: str
    values: list[tuple[Column, str]]
    color: tuple[int, int, int]
    size: float | None
    position: tuple[float, float, float | None] | None


@dataclass
class EdgeRecord:
    """One edge ready to print."""

    id: str
    source: str
    target: str
    label: str | None
    kind: str | None
    weight: float | None
    values: list[tuple[Column, str]]


def _first(p: Plain | None) -> Plain | None:
    if isinstance(p, list):
        return sorted(p, key=text_of)[0] if p else None
    return p


def _label_text(value: Any) -> str | None:
    p = _first(to_plain(value))
    if p is None:
        return None
    return clean_token(text_of(p)) or None


@dataclass
class ExportPlan:
    """What :func:`scan` learnt: columns with settled types, counts, size range."""

    source: GraphSource
    node_columns: list[Column]
    edge_columns: list[Column]
    node_count: int
    edge_count: int
    size_by: str | None
    size_range: tuple[float, float] | None
    min_size: float
    max_size: float
    zero_weight: ZeroWeight
    palette: Mapping[str, tuple[int, int, int]] | None
    weight_stated: Column | None
    degree: dict[Hashable, int] | None
    has_positions: bool
    _node_cols: _Columns
    _edge_cols: _Columns

    # -- second pass -----------------------------------------------------------------

    def _size(self, value: float | None) -> float | None:
        if self.size_range is None:
            return None
        lo, hi = self.size_range
        if value is None:
            return self.min_size
        if hi == lo:
            return (self.min_size + self.max_size) / 2
        return self.min_size + (value - lo) / (hi - lo) * (self.max_size - self.min_size)

    def nodes(self) -> Iterator[NodeRecord]:
        """Second pass over the nodes, one formatted record at a time."""
        typed = {k: (c, c.typer.type) for k, c in self._node_cols.by_key.items() if c is not None}
        degree_col = self._degree_col
        degree = self.degree
        size_by = self.size_by
        for n, data in self.source.nodes():
            nid = node_key(n)
            values: list[tuple[Column, str]] = []
            label = None
            x = y = z = None
            cls = None
            size_value = None
            for k, v in data.items():
                if k == "label":
                    label = _label_text(v)
                    continue
                if k == "x":
                    x = number_or_none(v)
                    continue
                if k == "y":
                    y = number_or_none(v)
                    continue
                if k == "z":
                    z = number_or_none(v)
                    continue
                col_type = typed.get(k)
                if col_type is None:
                    continue
                p = to_plain(v)
                if p is None:
                    continue
                if k == "class":
                    c = _first(p)
                    cls = text_of(c) if c is not None else None
                if k == size_by:
                    size_value = number_or_none(p)
                values.append((col_type[0], format_value(p, col_type[1])))
            if degree_col is not None and degree is not None:
                d = degree.get(n, 0)
                values.append((degree_col, str(d)))
                size_value = float(d)
            if label is None:
                label = _label_text(data.get("label_en")) or clean_token(local_name(nid)) or nid
            pos = (x, y, z) if x is not None and y is not None else None
            yield NodeRecord(
                nid,
                label,
                values,
                class_color(cls, self.palette),
                self._size(size_value),
                pos,
            )

    def edges(self) -> Iterator[EdgeRecord]:
        """Second pass over the edges, one formatted record at a time.

        Edges with the same attributes (every ``locatedIn`` of a region, say) share one
        formatted part (``_edge_parts``), ``values`` included: records are read, never changed.
        """
        memo: dict[tuple, tuple | None] = {}
        i = -1
        for u, v, data in self.source.edges():
            i += 1
            parts = _memoized(memo, data, self._edge_parts)
            if parts is not None:
                label, kind, weight, values = parts
                yield EdgeRecord(f"e{i}", node_key(u), node_key(v), label, kind, weight, values)

    def _edge_parts(self, data: Mapping[str, Any]
                    ) -> tuple[str | None, str | None, float | None, list[tuple[Column, str]]] | None:
        """Label, kind, weight and formatted values of an edge, or ``None`` if the policy drops it."""
        by_key = self._edge_cols.by_key
        values: list[tuple[Column, str]] = []
        label = kind = None
        weight: float | None = None
        stated_value: Plain | None = None
        for k, val in data.items():
            if k == "label":
                label = _label_text(val)
                continue
            if k == "weight":
                p = to_plain(val)
                if p is None:
                    continue
                w = number_or_none(p)
                if w is None:
                    stated_value = p
                elif w == 0.0:
                    if self.zero_weight == "drop":
                        return None
                    if self.zero_weight == "epsilon":
                        weight = ZERO_WEIGHT_EPSILON
                        stated_value = 0.0
                    else:
                        weight = 0.0
                else:
                    weight = w
                continue
            col = by_key.get(k)
            if col is None:
                continue
            p = to_plain(val)
            if p is None:
                continue
            if k == "relation":
                r = _first(p)
                kind = clean_token(text_of(r)) if r is not None else None
            values.append((col, format_value(p, col.typer.type)))
        stated = self.weight_stated
        if stated_value is not None and stated is not None:
            values.append((stated, format_value(stated_value, stated.typer.type)))
        return label, kind or None, weight, values

    @property
    def _degree_col(self) -> Column | None:
        return self._node_cols.by_key.get(_DEGREE_KEY)


_DEGREE_KEY = ("chainkg", "computed degree")

#: Most distinct edge attribute sets either pass remembers (weighted edges are mostly distinct).
_MEMO_MAX = 4096


def _memo_key(data: Mapping[str, Any]) -> tuple | None:
    """The attributes of an edge as a key, with the type of each value (``1``, ``1.0`` and
    ``True`` are equal keys but print differently); ``None`` if a value cannot be hashed."""
    try:
        key = (tuple(data.items()), tuple(map(type, data.values())))
        hash(key)
    except TypeError:
        return None
    return key


_MISSING = object()


def _memoized(memo: dict[tuple, Any], data: Mapping[str, Any], compute: Callable[[Mapping[str, Any]], Any]) -> Any:  # noqa: ANN401
    """``compute(data)``, remembered in ``memo`` by the attribute set (``_memo_key``, at most ``_MEMO_MAX``)."""
    key = _memo_key(data)
    if key is None:
        return compute(data)
    value = memo.get(key, _MISSING)
    if value is _MISSING:
        value = compute(data)
        if len(memo) < _MEMO_MAX:
            memo[key] = value
    return value


def _observe_edge(data: Mapping[str, Any], ecols: _Columns, stated_typer: ColumnTyper, zero_weight: ZeroWeight
                  ) -> bool:
    """Observe one edge's values in their columns; whether ``zero_weight`` drops the edge."""
    for k, val in data.items():
        if k == "weight":
            p = to_plain(val)
            if p is None:
                continue
            w = number_or_none(p)
            if w is None:
                stated_typer.observe(p)
            elif w == 0.0:
                if zero_weight == "drop":
                    return True
                if zero_weight == "epsilon":
                    stated_typer.observe(0.0)
            continue
        col = ecols.get(k)
        if col is None:
            continue
        p = to_plain(val)
        if p is not None:
            col.typer.observe(p)
    return False


def scan(
    graph: Any,
    *,
    size_by: str | None = "degree",
    min_size: float = 5.0,
    max_size: float = 50.0,
    zero_weight: ZeroWeight = "epsilon",
    palette: Mapping[str, tuple[int, int, int]] | None = None,
) -> ExportPlan:
    """First pass: settle columns and types, count nodes and edges, size range.

    ``size_by`` names a numeric node attribute, or ``"degree"`` (the node
    attribute ``degree`` when nodes carry one, else the number of exported edges
    touching the node, added as an integer column ``degree``), or ``None`` for
    no sizes. Raises ``ValueError`` if the named attribute is missing or never
    numeric. ``zero_weight`` says what to do with edges whose weight is 0:
    ``"epsilon"`` (default) writes :data:`ZERO_WEIGHT_EPSILON` as the weight and
    the stated weight in a ``weight_stated`` column, ``"drop"`` leaves them out,
    ``"keep"`` writes 0 (for tools other than Gephi).
    """
    if zero_weight not in ("epsilon", "drop", "keep"):
        raise ValueError(f"zero_weight must be 'epsilon', 'drop' or 'keep', not {zero_weight!r}")
    if min_size < 0 or max_size < min_size:
        raise ValueError("sizes need 0 <= min_size <= max_size")
    src = as_source(graph)
    ncols = _Columns(NODE_CONSUMED, ("label_en", "class"))
    ecols = _Columns(EDGE_CONSUMED, ("relation",))

    node_count = 0
    has_positions = False
    size_lo = size_hi = None
    size_attr_seen = False
    for _n, data in src.nodes():
        node_count += 1
        if not has_positions and "x" in data and "y" in data:
            has_positions = number_or_none(data["x"]) is not None and number_or_none(data["y"]) is not None
        for k, v in data.items():
            col = ncols.get(k)
            if col is None:
                continue
            p = to_plain(v)
            if p is None:
                continue
            col.typer.observe(p)
            if k == size_by:
                size_attr_seen = True
                f = number_or_none(p)
                if f is not None:
                    size_lo = f if size_lo is None or f < size_lo else size_lo
                    size_hi = f if size_hi is None or f > size_hi else size_hi

    compute_degree = size_by == "degree" and not size_attr_seen
    degree: dict[Hashable, int] | None = {} if compute_degree else None

    edge_count = 0
    stated_typer = ColumnTyper()
    seen: dict[tuple, bool] = {}  # attribute sets already observed: whether they drop the edge
    for u, v, data in src.edges():
        dropped = _memoized(seen, data, lambda d: _observe_edge(d, ecols, stated_typer, zero_weight))
        if dropped:
            continue
        edge_count += 1
        if degree is not None:
            degree[u] = degree.get(u, 0) + 1
            degree[v] = degree.get(v, 0) + 1

    if compute_degree and degree is not None:
        col = Column(_DEGREE_KEY, ncols.title_for("degree"))
        ncols.by_key[_DEGREE_KEY] = col
        ncols.columns.append(col)
        col.typer.observe(0)
        for d in degree.values():
            col.typer.observe(d)
        size_lo = float(min(degree.values(), default=0))
        size_hi = float(max(degree.values(), default=0))
        if node_count and len(degree) < node_count:
            size_lo = min(size_lo, 0.0)  # isolated nodes have degree 0
    elif size_by is not None:
        if not size_attr_seen:
            known = ", ".join(sorted(str(c.key) for c in ncols.settled())) or "(none)"
            raise ValueError(f"size_by={size_by!r}: no node has this attribute; node attributes: {known}")
        if size_lo is None:
            raise ValueError(f"size_by={size_by!r}: the attribute has no numeric value")

    weight_stated = None
    if stated_typer.count:
        weight_stated = Column(("chainkg", "weight_stated"), ecols.title_for("weight_stated"))
        weight_stated.typer = stated_typer
        ecols.by_key[weight_stated.key] = weight_stated
        ecols.columns.append(weight_stated)

    size_range = None
    if size_by is not None and size_lo is not None and size_hi is not None:
        size_range = (size_lo, size_hi)

    return ExportPlan(
        source=src,
        node_columns=ncols.settled(),
        edge_columns=ecols.settled(),
        node_count=node_count,
        edge_count=edge_count,
        size_by=size_by,
        size_range=size_range,
        min_size=min_size,
        max_size=max_size,
        zero_weight=zero_weight,
        palette=palette,
        weight_stated=weight_stated,
        degree=degree if compute_degree else None,
        has_positions=has_positions,
        _node_cols=ncols,
        _edge_cols=ecols,
    )
