"""Interactive network views: chain maps, cluster maps, neighbourhoods.

The networks are assembled with pyvis (nodes and edges) and drawn by the
vis-network the app serves itself. pyvis's own HTML template is not used: it
loads vis-network from CDNs and puts labels into the page unescaped. Here the
data goes into the page as JSON (Jinja's ``tojson`` escapes ``<``, ``>``, ``&``
and ``'``) and ``static/app/network.js`` draws it: labels and tooltips are
plain strings, which vis-network renders as text, and the side panel builds its
DOM with ``textContent``.

Layouts. A chain map is *layered*: positions are computed here, not by a
physics simulation, so the picture is the same every time and settles at once:
segments left to right, upstream to downstream, in bands; each segment's
companies stacked under it, the chain leader (链主) first and marked ★; the
chain above them; its cluster, sector, region and policies on top. A cluster
map puts the cluster on the left and one lane per chain, the lanes sharing the
same upstream/midstream/downstream bands. The *force* layout (any view, and
neighbourhoods always) starts from seeded positions and vis-network's physics,
which is switched off once the layout has settled.

Every view has a ``.json`` twin with the same data; the page uses it to expand
nodes in place. The state of a view is in its URL (``layout``, ``lang``,
``hide``, ``expand``, ``node``, ``hops``, ``limit``), so a shared URL reopens the
same view.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import networkx as nx
from flask import Blueprint, Response, abort, jsonify, redirect, render_template, request, url_for
from pyvis.network import Network

from chainkg.graph.describe import fact_citations
from chainkg.graph.errors import UserError
from chainkg.graph.projection import (
    ENTITY_CLASSES,
    MAX_NODES,
    chain_network,
    cluster_network,
    describe_nodes,
    expand,
    list_entities,
    neighbourhood,
    predicate_labels,
)
from chainkg.graph.scopes import resolve_entity
from chainkg.graph.store import GraphStore
from chainkg.ontology.namespaces import ID_BASE, entity_iri
from chainkg.server import http
from chainkg.server.context import remember, request_store, run_page
from chainkg.server.downloads import view_downloads
from chainkg.server.i18n import lang

bp = Blueprint("networks", __name__)

#: Look of each class: vis-network shape, fill, border and text colour. The legend is drawn from this table.
STYLE: dict[str, dict[str, str]] = {
    "IndustryChain": {"shape": "box", "color": "#c0392b", "border": "#922b21", "font": "#ffffff"},
    "ChainSegment": {"shape": "box", "color": "#eaf2f8", "border": "#5d6d7e", "font": "#1b2631"},
    "Company": {"shape": "box", "color": "#ffffff", "border": "#85929e", "font": "#1b2631"},
    "IndustryCluster": {"shape": "ellipse", "color": "#6c3483", "border": "#4a235a", "font": "#ffffff"},
    "Sector": {"shape": "ellipse", "color": "#ebdef0", "border": "#8e44ad", "font": "#4a235a"},
    "Policy": {"shape": "box", "color": "#d1f2eb", "border": "#117a65", "font": "#0e6251"},
    "Project": {"shape": "diamond", "color": "#e67e22", "border": "#a04000", "font": "#1b2631"},
    "Region": {"shape": "ellipse", "color": "#f2f3f4", "border": "#7b7d7d", "font": "#1b2631"},
    "Designation": {"shape": "star", "color": "#f1948a", "border": "#b03a2e", "font": "#1b2631"},
    "Industry": {"shape": "dot", "color": "#aab7b8", "border": "#717d7e", "font": "#1b2631"},
    "Organization": {"shape": "dot", "color": "#85c1e9", "border": "#2874a6", "font": "#1b2631"},
}
#: Segments are tinted by their position; the bands behind them use a lighter tint of the same hue.
POSITIONS: dict[int, dict[str, str]] = {
    1: {"zh": "上游", "en": "Upstream", "color": "#d6eaf8", "border": "#2874a6", "band": "#f3f8fc"},
    2: {"zh": "中游", "en": "Midstream", "color": "#d5f5e3", "border": "#1e8449", "band": "#f2fbf5"},
    3: {"zh": "下游", "en": "Downstream", "color": "#fdebd0", "border": "#ca6f1e", "band": "#fef8ef"},
}
UNASSIGNED = {"zh": "未分环节", "en": "No segment", "band": "#f7f7f7", "border": "#7b7d7d"}
LEADER = {"color": "#fff3c4", "border": "#b7950b"}
CLASS_NAMES: dict[str, tuple[str, str]] = {
    "IndustryChain": ("产业链", "Industry chain"), "ChainSegment": ("产业链环节", "Chain segment"),
    "Company": ("企业", "Company"), "IndustryCluster": ("产业集群", "Cluster"), "Sector": ("产业领域", "Sector"),
    "Policy": ("政策举措", "Policy"), "Project": ("项目", "Project"), "Region": ("行政区", "Region"),
    "Designation": ("称号", "Designation"), "Industry": ("行业", "Industry"), "Organization": ("机构", "Organization"),
}
#: Relations drawn bold in chain and cluster maps (the chain's structure); others are drawn light.
EDGE_STYLE: dict[str, dict[str, Any]] = {
    "upstreamOf": {"color": "#2874a6", "width": 3},
    "segmentOf": {"color": "#aeb6bf", "width": 1.5},
    "participatesIn": {"color": "#aeb6bf", "width": 1},
    "chainLeader": {"color": "#b7950b", "width": 2.5},
    "supports": {"color": "#117a65", "width": 1.5, "dashes": True},
    "partOfCluster": {"color": "#6c3483", "width": 2},
    "drives": {"color": "#a04000", "width": 2},
}
#: Relations whose label is written on the edge in a layered map (the others show it on hover).
LABELLED = {"chainLeader", "supports", "partOfCluster", "inSector", "drives", "locatedIn", "inIndustry", "implements"}

DEFAULT_LIMIT = 200
EXPAND_LIMIT = 100
MAX_EXPAND = 20
#: Above this many nodes the force layout uses cheaper physics and straight edges.
LARGE = 300

# Layered layout geometry, in vis-network canvas units.
COL_W = 176  # one column of company chips
CHIP_W = 156  # a company chip
ROW_H = 42  # one row of chips
SEG_H = 54  # a segment's header bar and the space under it
SEG_GAP = 30  # between one segment's block and the next
BAND_GAP = 56
BAND_HEAD = 56  # room for a band's title
CHAIN_DY = 150  # the chain above the bands
CONTEXT_DY = 150  # its context above the chain
CONTEXT_DX = 190


@dataclass
class Layout:
    """Positions of a layered map, the bands drawn behind it, and fixed widths (header bars, chips)."""

    pos: dict[str, tuple[float, float]] = field(default_factory=dict)
    bands: list[dict] = field(default_factory=list)
    widths: dict[str, float] = field(default_factory=dict)
    lanes: list[dict] = field(default_factory=list)


# -- layouts ----------------------------------------------------------------------------------------


def _columns_for(items: int) -> int:
    """Chip columns per band: enough that the busiest band is about as tall as the map is wide."""
    return max(2, math.ceil(math.sqrt(items * ROW_H / (2.4 * COL_W))))


def _relations(g: nx.MultiDiGraph, s: str, t: str) -> set[str]:
    return {d.get("relation", "") for d in g.get_edge_data(s, t, default={}).values()}


def _segment_order(g: nx.MultiDiGraph, segs: list[str]) -> list[str]:
    return sorted(segs, key=lambda s: (g.nodes[s].get("position", 2), g.nodes[s].get("order", 0),
                                       g.nodes[s].get("label", "")))


def _by_label(g: nx.MultiDiGraph, nodes: Iterable[str]) -> list[str]:
    return sorted(nodes, key=lambda n: (not g.nodes[n].get("leader"), g.nodes[n].get("label", ""), n))


def _companies_by_segment(g: nx.MultiDiGraph, segments: list[str]) -> tuple[dict[str, list[str]], set[str]]:
    """Each company (or project) under the first, most upstream, segment it takes part in; leaders first."""
    order = {s: i for i, s in enumerate(segments)}
    assigned: dict[str, list[str]] = {s: [] for s in segments}
    placed: set[str] = set()
    for n, d in g.nodes(data=True):
        if d.get("class") not in ("Company", "Project", "Organization") or d.get("role") or d.get("anchor"):
            continue
        segs = [t for t in g.successors(n) if t in order and "participatesIn" in _relations(g, n, t)]
        if segs:
            assigned[min(segs, key=order.__getitem__)].append(n)
            placed.add(n)
    return {s: _by_label(g, v) for s, v in assigned.items()}, placed


def _segment_extras(g: nx.MultiDiGraph, segments: list[str], chains: set[str],
                    placed: set[str]) -> dict[str, list[str]]:
    """Things tied to one segment and not to a chain (a policy backing the segment, its industry)."""
    seg_set = set(segments)
    extras: dict[str, list[str]] = {}
    for n, d in g.nodes(data=True):
        if n in placed or n in seg_set or n in chains or d.get("role") or d.get("anchor") or d.get("leader"):
            continue
        near = list(nx.all_neighbors(g, n))
        if any(c in near for c in chains):
            continue
        linked = [s for s in segments if s in near]
        if linked:
            extras.setdefault(linked[0], []).append(n)
    return {s: _by_label(g, v) for s, v in extras.items()}


def _grid(lay: Layout, nodes: list[str], left: float, top: float, k: int) -> float:
    """Chips in ``k`` columns, row by row; returns the y below them."""
    for i, n in enumerate(nodes):
        lay.pos[n] = (left + (i % k) * COL_W + COL_W / 2, top + (i // k) * ROW_H)
        lay.widths[n] = CHIP_W
    return top + math.ceil(len(nodes) / k) * ROW_H


def _block(lay: Layout, segs: list[str], members: dict[str, list[str]], extras: dict[str, list[str]],
           left: float, top: float, k: int) -> float:
    """The segments of one band stacked from ``top``: a header bar each, its companies under it in
    ``k`` columns, then what backs it; returns the y below the last one."""
    y = top
    for s in segs:
        lay.pos[s] = (left + k * COL_W / 2, y)
        lay.widths[s] = k * COL_W - 14
        y = _grid(lay, members.get(s, []) + extras.get(s, []), left, y + SEG_H, k) + SEG_GAP
    return y


def _context_key(g: nx.MultiDiGraph, n: str) -> tuple:
    order = ["IndustryCluster", "Sector", "Region", "Industry", "Policy", "Project", "Organization",
             "Designation", "IndustryChain", "ChainSegment", "Company"]
    cls = g.nodes[n].get("class", "")
    return (order.index(cls) if cls in order else 99, g.nodes[n].get("label", ""), n)


def _row(lay: Layout, nodes: list[str], cx: float, y: float, per_row: int = 8) -> None:
    """Nodes in centred rows going up from ``y``."""
    for r in range(0, len(nodes), per_row):
        part = nodes[r:r + per_row]
        for i, n in enumerate(part):
            lay.pos[n] = (cx + (i - (len(part) - 1) / 2) * CONTEXT_DX, y - (r // per_row) * 80)


def chain_layout(g: nx.MultiDiGraph, chain: str) -> Layout:
    """A layered chain map: one band per position (上游, 中游, 下游) left to right; in each, its
    segments stacked in order, each a header bar with its companies under it (the leader first,
    marked ★) and what backs it; companies of the chain without a segment in a band of their own on
    the left; the chain above the bands, its leader beside it; cluster, sector, region and policies
    on top; nodes brought in by expanding a node on rings around it."""
    lay = Layout()
    segments = _segment_order(g, [n for n, d in g.nodes(data=True) if d.get("role") == "segment"])
    members, placed = _companies_by_segment(g, segments)
    unassigned = _by_label(g, (
        n for n, d in g.nodes(data=True)
        if n not in placed and d.get("class") in ("Company", "Project", "Organization") and not d.get("leader")
        and not d.get("anchor") and "participatesIn" in _relations(g, n, chain)))
    placed |= set(unassigned)
    extras = _segment_extras(g, segments, {chain}, placed)
    bands: list[tuple[int, list[str]]] = [(0, [])] if unassigned else []
    bands += [(p, [s for s in segments if g.nodes[s].get("position", 2) == p]) for p in (1, 2, 3)]
    bands = [(p, segs) for p, segs in bands if segs or p == 0]
    load = [len(unassigned) if p == 0 else sum(len(members[s]) + len(extras.get(s, [])) + 2 for s in segs)
            for p, segs in bands]
    k = _columns_for(max(load, default=0))
    x, bottom = 0.0, BAND_HEAD + ROW_H
    for p, segs in bands:
        if p == 0:  # as narrow as its few companies allow
            cols = max(1, min(k, math.ceil(len(unassigned) / 8)))
            end = _grid(lay, unassigned, x, BAND_HEAD + 10, cols)
        else:
            cols = k
            end = _block(lay, segs, members, extras, x, BAND_HEAD + 10, k)
        bottom = max(bottom, end)
        lay.bands.append({"position": p, "x0": x - 10, "x1": x + cols * COL_W + 10, "y0": 0})
        x += cols * COL_W + BAND_GAP
    for b in lay.bands:
        b["y1"] = bottom
    cx = (x - BAND_GAP) / 2 if bands else 0.0
    lay.pos[chain] = (cx, -CHAIN_DY)
    leaders = _by_label(g, (n for n, d in g.nodes(data=True) if d.get("leader") and n not in lay.pos))
    for i, n in enumerate(leaders):
        lay.pos[n] = (cx + 300 + i * CONTEXT_DX, -CHAIN_DY)
    context = sorted((n for n, d in g.nodes(data=True) if n not in lay.pos and not d.get("anchor")),
                     key=lambda n: _context_key(g, n))
    _row(lay, context, cx, -CHAIN_DY - CONTEXT_DY)
    _place_anchored(g, lay.pos)
    return lay


def cluster_layout(g: nx.MultiDiGraph, cluster: str) -> Layout:
    """A layered cluster map: the cluster on the left with its own members under it, then one lane
    per chain (the chain, then its segments in the shared 上游/中游/下游 bands, as in a chain map);
    the cluster's sector, region and policies on top."""
    lay = Layout()
    chains = sorted((n for n, d in g.nodes(data=True) if d.get("role") == "chain"),
                    key=lambda n: (g.nodes[n].get("label", ""), n))
    segs_of: dict[str, list[str]] = {c: [] for c in chains}
    for n, d in g.nodes(data=True):
        if d.get("role") == "segment" and d.get("chain") in segs_of:
            segs_of[d["chain"]].append(n)
    segs_of = {c: _segment_order(g, v) for c, v in segs_of.items()}
    all_segments = [s for c in chains for s in segs_of[c]]
    members, placed = _companies_by_segment(g, all_segments)
    direct: dict[str, list[str]] = {}
    for c in chains:
        direct[c] = _by_label(g, (n for n in g.predecessors(c) if n not in placed and not g.nodes[n].get("anchor")
                                  and g.nodes[n].get("class") in ("Company", "Project", "Organization")
                                  and "participatesIn" in _relations(g, n, c)))
        placed |= set(direct[c])
    extras = _segment_extras(g, all_segments, set(chains) | {cluster}, placed)
    positions = [p for p in (1, 2, 3) if any(g.nodes[s].get("position", 2) == p for s in all_segments)]
    load = [sum(len(members[s]) + len(extras.get(s, [])) + 2 for s in segs_of[c] if g.nodes[s].get("position") == p)
            for c in chains for p in positions] + [len(direct[c]) for c in chains]
    k = _columns_for(max(load, default=0))
    chain_x = 0.0
    band_x = {}
    x = chain_x + COL_W / 2 + BAND_GAP + 40
    for p in positions:
        band_x[p] = x
        x += k * COL_W + BAND_GAP
    y = BAND_HEAD + 10
    for c in chains:
        lay.pos[c] = (chain_x, y)
        bottom = _grid(lay, direct[c], chain_x - COL_W / 2, y + SEG_H, 1)
        for p in positions:
            segs = [s for s in segs_of[c] if g.nodes[s].get("position", 2) == p]
            bottom = max(bottom, _block(lay, segs, members, extras, band_x[p], y, k))
        y = max(bottom, y + SEG_H + ROW_H) + 40
    for p in positions:
        lay.bands.append({"position": p, "x0": band_x[p] - 10, "x1": band_x[p] + k * COL_W + 10, "y0": 0, "y1": y})
    if positions:
        lay.lanes = [{"y": lay.pos[c][1] - 25, "x0": chain_x - COL_W / 2, "x1": x - BAND_GAP + 10} for c in chains[1:]]
    mid = (BAND_HEAD + y) / 2 if chains else 0.0
    lay.pos[cluster] = (chain_x - 320, mid)
    own = _by_label(g, (n for n in nx.all_neighbors(g, cluster) if n not in lay.pos
                        and g.nodes[n].get("class") in ("Company", "Project", "Organization")))
    for i, n in enumerate(own):
        lay.pos[n] = (chain_x - 320, mid + 80 + i * ROW_H)
        lay.widths[n] = CHIP_W
    context = sorted((n for n, d in g.nodes(data=True) if n not in lay.pos and not d.get("anchor")),
                     key=lambda n: _context_key(g, n))
    _row(lay, context, (chain_x - 320 + x - BAND_GAP) / 2, -CONTEXT_DY + 40, per_row=10)
    _place_anchored(g, lay.pos)
    return lay


def _place_anchored(g: nx.MultiDiGraph, pos: dict[str, tuple[float, float]]) -> None:
    """Nodes brought in by expanding a node: on rings around it."""
    by_anchor: dict[str, list[str]] = {}
    for n, d in g.nodes(data=True):
        if n not in pos:
            by_anchor.setdefault(d.get("anchor") or "", []).append(n)
    for anchor, nodes in by_anchor.items():
        ax, ay = pos.get(anchor, (0.0, 0.0))
        _ring(pos, nodes, ax, ay)


def _ring(pos: dict[str, tuple[float, float]], nodes: list[str], cx: float, cy: float, r0: float = 170,
          start: float = -math.pi / 2) -> None:
    """Nodes on concentric rings around (cx, cy), each ring as full as its circumference allows."""
    i = 0
    ring = 0
    while i < len(nodes):
        r = r0 + ring * 110
        cap = max(6, int(2 * math.pi * r / 120))
        part = nodes[i:i + cap]
        for j, n in enumerate(part):
            a = start + 2 * math.pi * j / len(part) + ring * 0.3
            pos[n] = (cx + r * math.cos(a), cy + r * math.sin(a))
        i += cap
        ring += 1


def radial_layout(g: nx.MultiDiGraph, focus: str) -> dict[str, tuple[float, float]]:
    """Seed positions for the force layout: breadth-first rings around the focus, each node near
    its parent, so the physics only has to refine (it settles many times faster than from random)."""
    pos: dict[str, tuple[float, float]] = {}
    if focus not in g:
        return pos
    pos[focus] = (0.0, 0.0)
    und = g.to_undirected(as_view=True)
    levels = [[focus]]
    seen = {focus}
    while levels[-1]:
        nxt = []
        for n in levels[-1]:
            for m in sorted(und.neighbors(n), key=lambda m: (_context_key(g, m), m)):
                if m not in seen:
                    seen.add(m)
                    nxt.append(m)
        levels.append(nxt)
    angle: dict[str, float] = {focus: 0.0}
    for depth, level in enumerate(levels[1:], start=1):
        if not level:
            break
        r = 220 * depth + (math.sqrt(len(level)) * 18 if depth > 1 else len(level) * 4)
        parent_angle = []
        for n in level:
            parents = [angle[p] for p in und.neighbors(n) if p in angle and pos.get(p) is not None]
            parent_angle.append((sum(parents) / len(parents)) if parents else 0.0)
        order = sorted(range(len(level)), key=lambda i: parent_angle[i])
        for k, i in enumerate(order):
            a = 2 * math.pi * k / len(level)
            angle[level[i]] = a
            pos[level[i]] = (r * math.cos(a), r * math.sin(a))
    rest = [n for n in g if n not in pos]
    _ring(pos, rest, 0.0, 0.0, r0=220 * len(levels) + 200)
    return pos


# -- vis-network data -------------------------------------------------------------------------------


class _Ids(list):
    """pyvis checks ``node in net.node_ids`` (a list) for every edge; a set makes that O(1)."""

    def __init__(self) -> None:
        super().__init__()
        self._set: set = set()

    def append(self, item: object) -> None:
        super().append(item)
        self._set.add(item)

    def __contains__(self, item: object) -> bool:
        return item in self._set


def edge_id(s: str, p: str, o: str) -> str:
    """A stable edge id, so that the page can merge the edges an expansion brings without duplicates."""
    return "e" + hashlib.sha1(f"{s}\x1f{p}\x1f{o}".encode()).hexdigest()[:12]


def _label(d: dict, lang: str) -> str:
    return (d.get("label_en") if lang == "en" and d.get("label_en") else d.get("label")) or d.get("iri", "")


def to_vis(g: nx.MultiDiGraph, *, layout: str = "force", lang: str = "zh", kind: str = "explore",
           focus: str | None = None) -> dict:
    """The network as vis-network nodes, edges and options (assembled with pyvis), with the
    positions of the layout and, for layered maps, the bands behind the segments."""
    focus = focus or next((n for n, d in g.nodes(data=True) if d.get("role") == "focus"), None)
    lay = Layout()
    if kind in ("chain", "cluster") and focus in g:
        lay = (chain_layout if kind == "chain" else cluster_layout)(g, focus)
        if layout != "layered":  # the layered positions, closer together, are a good start for the physics
            lay = Layout({n: (x * 0.6, y * 0.6) for n, (x, y) in lay.pos.items()})
    elif focus:
        lay = Layout(radial_layout(g, focus))
    pos = lay.pos
    net = Network(directed=True)
    net.node_ids = _Ids()
    for n, d in g.nodes(data=True):
        cls = d.get("class", "")
        style = STYLE.get(cls, STYLE["Industry"])
        label = _label(d, lang)
        if d.get("national") and d.get("code"):
            label += f" {d['code']}"  # placed by the national data (Shenwan alignment): the code says which
        attrs: dict[str, Any] = {"group": cls, "label_zh": d.get("label", "")}
        if d.get("label_en"):
            attrs["label_en"] = d["label_en"]
        if d.get("aliases"):
            attrs["aliases"] = d["aliases"][:8]
        for k in ("role", "position", "hop", "more", "anchor", "expanded", "chain", "national", "code",
                  "industry"):
            v = d.get(k)
            if v is not None and v is not False and v != "":  # hop 0 is kept
                attrs[k] = v
        if n in pos:
            attrs["x"], attrs["y"] = round(pos[n][0], 1), round(pos[n][1], 1)
        if d.get("leader"):
            attrs["leader"] = True
            label = "★ " + label
            attrs["color"] = {"background": LEADER["color"], "border": LEADER["border"]}
            attrs["borderWidth"] = 3
        if d.get("role") == "segment":
            p = POSITIONS.get(d.get("position", 2), POSITIONS[2])
            attrs["color"] = {"background": p["color"], "border": p["border"]}
            attrs["borderWidth"] = 2
            if kind == "chain" and not any(
                    g.nodes[m].get("class") == "Company" for m in g.predecessors(n)):
                attrs["gap"] = True  # no company in the graph takes part in this segment
                attrs["shapeProperties"] = {"borderDashes": [6, 4]}
        if n in lay.widths and style["shape"] == "box":
            attrs["w"] = lay.widths[n]  # a fixed width (header bars, chips); the page makes it a widthConstraint
            if d.get("role") == "segment":
                attrs["font"] = {"size": 16, "color": "#1b2631"}
        if d.get("role") == "chain":
            attrs["font"] = {"size": 17, "color": style["font"]}
            attrs["margin"] = 10
        if d.get("more") and kind == "explore":
            label += f"\n(+{d['more']})"  # neighbours left out: double-click to expand
        if n == focus:
            attrs["borderWidth"] = 4
            attrs["font"] = {"size": 22, "color": style["font"]}
            attrs["margin"] = 12
            attrs["widthConstraint"] = {"maximum": 320}
        color = attrs.pop("color", None)
        net.add_node(n, label=label, shape=style["shape"], **attrs)
        node = net.node_map[n]
        if color:  # pyvis drops ``color`` when a node has a group; the group's colour is the default
            node["color"] = color
        if node.get("shape") == style["shape"]:
            del node["shape"]  # the group has it: 2,000 nodes, 30 kB less
    labels_shown = layout == "layered" or g.number_of_edges() <= 60
    relations: dict[str, dict[str, str]] = {}
    for s, t, k, d in g.edges(keys=True, data=True):
        rel = d.get("relation", "")
        key = rel if relations.get(rel, {}).get("iri", k) == k else k
        relations.setdefault(key, {"iri": k, "label": d.get("label", rel), "label_en": d.get("label_en", rel)})
        attrs = {"id": edge_id(s, k, t), "rel": key}
        if d.get("derived"):  # read off the Shenwan alignment and the national data, not stated by a source
            attrs["derived"] = True
            attrs["dashes"] = True
        if d.get("weight") is not None:
            attrs["value"] = d["weight"]
        if layout == "layered":  # colour and width come from ``edge_styles``, per relation
            if rel in LABELLED and focus in (s, t):
                attrs["label"] = relations[key]["label_en" if lang == "en" else "label"]
            if (rel not in EDGE_STYLE and focus not in (s, t)) or rel == "segmentOf":
                attrs["secondary"] = True  # shown by the bands, or clutter (companies located in the region)
        elif labels_shown:
            attrs["label"] = relations[key]["label_en" if lang == "en" else "label"]
        net.add_edge(s, t, **attrs)
        net.edges[-1].pop("arrows", None)  # pyvis adds it to each edge; the options have it once
    edge_styles = {}
    if layout == "layered":
        edge_styles = {r: {**EDGE_STYLE.get(r, {"color": "#d5d8dc", "width": 1}),
                           **({"smooth": {"enabled": True, "type": "curvedCW", "roundness": 0.25}}
                              if r == "upstreamOf" else {})}  # arcs: a straight arrow would cross the companies
                       for r in relations}
    return {"nodes": net.nodes, "edges": net.edges, "relations": relations, "edge_styles": edge_styles,
            "bands": lay.bands, "lanes": lay.lanes, "focus": focus, "layout": layout,
            "options": vis_options(layout, len(g), g.number_of_edges(), seeded=bool(pos))}


def vis_options(layout: str, n_nodes: int, n_edges: int, *, seeded: bool) -> dict:
    """vis-network options. Layered maps have fixed positions and no physics. The force layout
    starts from seeded positions; large views use Barnes-Hut, straight edges (smooth edges add a
    simulated node per edge) and fewer stabilization iterations (benchmarks/bench_views.py)."""
    groups = {cls: {"shape": st["shape"], "color": {"background": st["color"], "border": st["border"],
                                                     "highlight": {"background": st["color"], "border": "#000000"},
                                                     "hover": {"background": st["color"], "border": "#000000"}},
                    "font": {"color": st["font"] if st["shape"] in ("box", "ellipse") else "#1b2631"}}
              for cls, st in STYLE.items()}
    large = n_nodes > LARGE
    options: dict[str, Any] = {
        "groups": groups,
        "nodes": {"font": {"size": 14, "face": "Noto Sans CJK SC, Noto Sans SC, PingFang SC, Microsoft YaHei, "
                                               "system-ui, sans-serif"},
                  "widthConstraint": {"maximum": 150}, "size": 14, "borderWidth": 1.5,
                  "shapeProperties": {"borderRadius": 4}, "margin": 8},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
                  "color": {"color": "#99a3a4", "highlight": "#1b2631", "hover": "#1b2631", "inherit": False},
                  "font": {"size": 12, "color": "#566573", "strokeWidth": 4, "align": "horizontal"},
                  "smooth": False if large else {"type": "continuous", "roundness": 0.3},
                  "width": 1, "selectionWidth": 2},
        "interaction": {"hover": not large, "tooltipDelay": 150, "keyboard": {"enabled": True, "bindToWindow": False},
                        "multiselect": True, "navigationButtons": False, "hideEdgesOnDrag": large},
        "layout": {"improvedLayout": not seeded and n_nodes <= 100, "randomSeed": 7},
    }
    if layout == "layered":
        options["physics"] = {"enabled": False}
        options["edges"]["smooth"] = False
    else:
        iterations = 600 if n_nodes <= 100 else 300 if n_nodes <= LARGE else 150 if n_nodes <= 1000 else 100
        options["physics"] = {
            "enabled": True,
            "solver": "barnesHut" if large else "forceAtlas2Based",
            # theta 0.9 (coarser Barnes-Hut cells) halves the cost of an iteration at 2,000 nodes
            "barnesHut": {"gravitationalConstant": -6000, "springLength": 120, "springConstant": 0.03,
                          "avoidOverlap": 0, "damping": 0.5, "theta": 0.9},
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 110, "springConstant": 0.06,
                                 "avoidOverlap": 0.4, "damping": 0.5},
            "minVelocity": 3 if large else 0.75,
            "stabilization": {"enabled": True, "iterations": iterations, "updateInterval": 25, "fit": True},
        }
    return options


# -- views ------------------------------------------------------------------------------------------


def _lang() -> str:
    return lang()


def _expanded() -> list[str]:
    out = []
    for value in request.args.getlist("expand"):
        out.extend(v for v in value.split(" ") if http.is_http_iri(v))
    return list(dict.fromkeys(out))[:MAX_EXPAND]


def _int_arg(name: str, default: int, low: int, high: int) -> int:
    return http.int_arg(request.args, name, default, low, high)


def build_view(store: GraphStore, kind: str, iri: str, *, layout: str, hops: int = 1, limit: int = DEFAULT_LIMIT,
               expand_iris: list[str] | None = None) -> nx.MultiDiGraph:
    """The network of one view, with the expansions the URL asks for (also used by the downloads)."""
    if kind == "chain":
        g = chain_network(store, iri)
    elif kind == "cluster":
        g = cluster_network(store, iri)
    else:
        g, _ = neighbourhood(store, iri, hops=hops, limit=limit)
    omitted = g.graph.get("omitted", 0)
    if expand_iris:
        left = expand(store, g, expand_iris, limit=min(limit, EXPAND_LIMIT) if kind == "explore" else EXPAND_LIMIT)
        g.graph["omitted_by_expansion"] = left
    g.graph["omitted"] = omitted
    return g


def _view(kind: str, iri: str, key: str) -> Response | str:
    default_layout = "force" if kind == "explore" else "layered"
    layout = request.args.get("layout") or default_layout
    if layout not in ("layered", "force") or (kind == "explore" and layout != "force"):
        abort(400, description="layout is 'layered' or 'force' (neighbourhoods: 'force')")
    hops = _int_arg("hops", 1, 1, 2) if kind == "explore" else 1
    limit = _int_arg("limit", DEFAULT_LIMIT, 1, MAX_NODES) if kind == "explore" else DEFAULT_LIMIT
    lang = _lang()
    expanded = _expanded()
    # in a query worker: killed past the page time limit or over the memory ceiling (503)
    # the last views asked for are kept until the store is written (context.remember): to_vis does not change g
    g = remember("view", (kind, iri, layout, hops, limit, tuple(expanded)),
                 lambda: run_page(build_view, kind, iri, layout=layout, hops=hops, limit=limit, expand_iris=expanded))
    if iri not in g:
        what = {"chain": "chain", "cluster": "cluster", "explore": "entity"}[kind]
        abort(404, description=f"no {what} <{iri}> in this graph")
    data = to_vis(g, layout=layout, lang=lang, kind=kind, focus=iri)
    focus = g.nodes[iri]
    state = {"layout": layout, "lang": lang, "hops": hops, "limit": limit, "expand": expanded,
             "hide": [c for c in request.args.get("hide", "").split(",") if c in STYLE],
             "node": request.args.get("node", ""), "all": request.args.get("all") == "1"}
    data.update({
        "kind": kind, "key": key, "title": _label(focus, lang), "title_zh": focus.get("label", ""),
        "title_en": focus.get("label_en", ""), "focus_class": focus.get("class", ""),
        "omitted": g.graph.get("omitted", 0), "omitted_by_expansion": g.graph.get("omitted_by_expansion", 0),
        "counts": {"nodes": g.number_of_nodes(), "edges": g.number_of_edges()},
        "classes": _class_counts(g), "state": state, "outline": _outline(g, kind, iri),
        "urls": _urls(kind, key, iri, state),
        "band_styles": {"0": UNASSIGNED, **{str(k): v for k, v in POSITIONS.items()}},
        "class_names": CLASS_NAMES, "styles": STYLE,
    })
    if request.path.endswith(".json"):
        return jsonify(data)
    return render_template("network.html", data=data, kind=kind, key=key, state=state, styles=STYLE,
                           positions=POSITIONS, class_names=CLASS_NAMES, focus=focus, iri=iri,
                           download_links=view_downloads(kind, key, _view_params(kind, iri, state),
                                                         data["urls"]["json"]))


def _class_counts(g: nx.MultiDiGraph) -> list[dict]:
    counts: dict[str, int] = {}
    for _, d in g.nodes(data=True):
        counts[d.get("class", "")] = counts.get(d.get("class", ""), 0) + 1
    return [{"class": c, "count": counts[c], "label": CLASS_NAMES[c][0], "label_en": CLASS_NAMES[c][1]}
            for c in STYLE if c in counts]


def _outline(g: nx.MultiDiGraph, kind: str, focus: str) -> list[dict]:
    """Segments in order with the companies in each (for the side panel): the text twin of a map."""
    if kind not in ("chain", "cluster"):
        return []
    segments = _segment_order(g, [n for n, d in g.nodes(data=True) if d.get("role") == "segment"])
    companies, _ = _companies_by_segment(g, segments)
    chain_label = {n: g.nodes[n].get("label", "") for n in g}
    segments.sort(key=lambda s: (chain_label.get(g.nodes[s].get("chain", focus), ""), g.nodes[s].get("chain", "")))
    out = []
    for s in segments:
        d = g.nodes[s]
        members = sorted({m for m in g.predecessors(s) if g.nodes[m].get("class") == "Company"},
                         key=lambda m: (not g.nodes[m].get("leader"), g.nodes[m].get("label", "")))
        out.append({"iri": s, "position": d.get("position", 2), "chain": d.get("chain", focus),
                    "companies": members or companies.get(s, [])})
    return out


def _view_params(kind: str, iri: str, state: dict) -> list[tuple[str, str]]:
    """The URL parameters that say which network a view shows (its downloads take the same)."""
    params: list[tuple[str, str]] = []
    if kind == "explore":
        params += [("iri", iri), ("hops", str(state["hops"])), ("limit", str(state["limit"]))]
    for e in state["expand"]:
        params.append(("expand", e))
    if state.get("lang") == "en":
        params.append(("lang", "en"))
    return params


def _urls(kind: str, key: str, iri: str, state: dict) -> dict:
    params = [p for p in _view_params(kind, iri, state) if p[0] != "lang"]
    export = url_for("exports.view_export", kind=kind, key=key, fmt="gexf")
    return {
        "json": url_for(f"networks.{kind}_json", **({"key": key} if kind != "explore" else {})) + "?"
        + urlencode(params + [("layout", state["layout"]), ("lang", state["lang"])]),
        "gexf": export + ("?" + urlencode(params) if params else ""),
        "gexf_post": url_for("exports.current_view", fmt="gexf"),
        "entity": url_for("pages.entity", path=iri[len(ID_BASE):]) if iri.startswith(ID_BASE) else iri,
        "edge": url_for("networks.edge"),
        "search": url_for("pages.search_json"),
    }


def _resolve_key(kind: str, key: str) -> tuple[str, str | None]:
    """The IRI of ``/chain/<key>``: the IRI's last part, or a name people use (redirected to the key)."""
    iri = str(entity_iri(kind, key)) if all(c.isascii() for c in key) else None
    if iri and request_store().ask(f"ASK {{ <{iri}> ?p ?o }}"):
        return iri, None
    try:
        found = resolve_entity(request_store(), kind, key)
    except UserError as exc:
        abort(404, description=str(exc))
    if found.startswith(ID_BASE + kind + "/"):
        return found, found.rsplit("/", 1)[-1]
    return found, None


def _entity_view(kind: str, raw: str) -> Response | str:
    key = raw.removesuffix(".json")
    iri, canonical = _resolve_key(kind, key)
    if canonical and canonical != key:
        wants_json = raw.endswith(".json") or request.path.endswith(".json")  # either rule may match
        endpoint = f"networks.{kind}_json" if wants_json else f"networks.{kind}"
        return redirect(url_for(endpoint, key=canonical, **request.args.to_dict(flat=False)))  # type: ignore[return-value]
    return _view(kind, iri, key)


@bp.get("/chain/<path:key>")
def chain(key: str) -> Response | str:
    """A chain map: ``/chain/<key>`` (HTML) and ``/chain/<key>.json``."""
    return _entity_view("chain", key)


@bp.get("/cluster/<path:key>")
def cluster(key: str) -> Response | str:
    """A cluster map: ``/cluster/<key>`` (HTML) and ``/cluster/<key>.json``."""
    return _entity_view("cluster", key)


bp.add_url_rule("/chain/<path:key>.json", view_func=chain, endpoint="chain_json")
bp.add_url_rule("/cluster/<path:key>.json", view_func=cluster, endpoint="cluster_json")


@bp.get("/explore")
def explore() -> Response | str:
    """The neighbourhood of any entity: ``/explore?iri=…&hops=1|2&limit=N`` (and ``/explore.json``)."""
    iri = request.args.get("iri", "")
    if not http.is_http_iri(iri):
        abort(400, description="give the entity as ?iri=…")
    key = iri[len(ID_BASE):] if iri.startswith(ID_BASE) else iri
    return _view("explore", iri, key)


bp.add_url_rule("/explore.json", view_func=explore, endpoint="explore_json")


@bp.get("/edge.json")
def edge() -> Response:
    """One relation as the side panel shows it: both ends, the predicate, and where it came from."""
    s, p, o = (request.args.get(k, "") for k in ("s", "p", "o"))
    if not all(http.is_http_iri(x) for x in (s, p, o)):
        abort(400, description="give the relation as ?s=…&p=…&o=… (IRIs)")
    store = request_store()
    if not store.ask(f"ASK {{ <{s}> <{p}> <{o}> }}"):
        abort(404, description="no such relation in this graph")
    ends = describe_nodes(store, [s, o])
    labels, labels_en = predicate_labels(store), predicate_labels(store, "en")
    return jsonify({
        "subject": ends.get(s, {"iri": s, "label": s}), "object": ends.get(o, {"iri": o, "label": o}),
        "predicate": p, "label": labels.get(p, p.rsplit("#", 1)[-1]), "label_en": labels_en.get(p, ""),
        **fact_citations(store, s, p, o),
    })


@bp.get("/chains")
def chains() -> str:
    return render_template("entity_list.html", class_name="IndustryChain",
                           items=list_entities(request_store(), "IndustryChain"))


@bp.get("/clusters")
def clusters() -> str:
    return render_template("entity_list.html", class_name="IndustryCluster",
                           items=list_entities(request_store(), "IndustryCluster"))


__all__ = ["ENTITY_CLASSES", "STYLE", "bp", "build_view", "chain_layout", "cluster_layout", "to_vis"]
