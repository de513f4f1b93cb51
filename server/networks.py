"""Interactive network views: chain maps, cluster maps, neighbourhoods.

The networks are assembled with pyvis (nodes, edges, vis-network options) and
drawn by the vis-network that the app serves itself. pyvis's own HTML
template is not used: it loads vis-network from CDNs and puts labels into the
page unescaped. Here the data goes into the page as JSON (Jinja's ``tojson``
escapes ``<``, ``>`` and ``&``) and ``static/app/network.js`` draws it, with
labels set as text, never as HTML.

Each view has a ``.json`` twin with the same data, which the page also uses
to expand a node in place.
"""

from __future__ import annotations

import networkx as nx
from flask import Blueprint, Response, abort, jsonify, render_template, request, url_for
from pyvis.network import Network

from chainkg.graph.projection import chain_network, cluster_network, list_entities, neighbourhood
from chainkg.ontology.namespaces import ID_BASE, entity_iri
from chainkg.server.app import request_store

bp = Blueprint("networks", __name__)

#: Colour and shape per class; the legend is drawn from this table.
STYLE: dict[str, dict[str, str]] = {
    "IndustryChain": {"color": "#d62728", "shape": "box"},
    "ChainSegment": {"color": "#ff9896", "shape": "box"},
    "IndustryCluster": {"color": "#9467bd", "shape": "ellipse"},
    "Company": {"color": "#1f77b4", "shape": "dot"},
    "Project": {"color": "#17becf", "shape": "diamond"},
    "Policy": {"color": "#2ca02c", "shape": "triangle"},
    "Sector": {"color": "#bcbd22", "shape": "hexagon"},
    "Region": {"color": "#8c564b", "shape": "square"},
    "Designation": {"color": "#e377c2", "shape": "star"},
    "Industry": {"color": "#7f7f7f", "shape": "dot"},
    "Organization": {"color": "#aec7e8", "shape": "dot"},
}
POSITION_LEVEL = {1: 2, 2: 3, 3: 4}  # upstream, midstream, downstream -> column


def _levels(g: nx.MultiDiGraph) -> dict[str, int]:
    """Columns of a chain map, left to right: context, chain, upstream, midstream, downstream."""
    levels: dict[str, int] = {}
    for n, d in g.nodes(data=True):
        if d.get("role") == "focus":
            levels[n] = 1
        elif d.get("role") == "segment":
            levels[n] = POSITION_LEVEL.get(d.get("position", 2), 3)
    for n, d in g.nodes(data=True):
        if n in levels:
            continue
        seg_levels = [levels[t] for _, t, k in g.out_edges(n, keys=True) if t in levels and levels[t] >= 2]
        levels[n] = max(seg_levels) if seg_levels else 0
        if d.get("class") == "Company" and not seg_levels:
            levels[n] = 2 if d.get("leader") else 0
    return levels


def to_vis(g: nx.MultiDiGraph, *, layout: str = "force", lang: str = "zh") -> dict:
    """The network as vis-network data and options, assembled with pyvis."""
    net = Network(directed=True)
    levels = _levels(g) if layout == "layered" else {}
    for n, d in g.nodes(data=True):
        style = STYLE.get(d.get("class", ""), {"color": "#cccccc", "shape": "dot"})
        label = d.get("label_en") if lang == "en" and d.get("label_en") else d.get("label", n)
        attrs = {
            "label": ("★ " + label) if d.get("leader") else label,
            "title": f"{d.get('label', '')} · {d.get('class', '')}",  # text: vis-network does not parse HTML titles
            "group": d.get("class", ""),
            "shape": style["shape"],
            "color": style["color"],
            "iri": n,
            "class": d.get("class", ""),
            "label_zh": d.get("label", ""),
            "label_en": d.get("label_en", ""),
            "aliases": d.get("aliases", []),
            "borderWidth": 3 if d.get("leader") or d.get("role") == "focus" else 1,
            "size": 28 if d.get("role") == "focus" else 18,
        }
        if d.get("leader"):
            attrs["leader"] = True
        if n in levels:
            attrs["level"] = levels[n]
        net.add_node(n, **attrs)
    edges = []
    for i, (s, t, k, d) in enumerate(g.edges(keys=True, data=True)):
        edges.append({"id": f"e{i}", "from": s, "to": t, "label": d.get("label", ""), "relation": d.get("relation", ""),
                      "predicate": k, "arrows": "to", "title": d.get("label", "")})
    net.edges = edges  # pyvis merges parallel edges; relations between one pair must stay apart
    options = {
        "physics": {"enabled": layout != "layered", "solver": "forceAtlas2Based",
                    "stabilization": {"enabled": True, "iterations": 400, "fit": True}},
        "interaction": {"hover": True, "navigationButtons": False, "keyboard": True},
        "edges": {"font": {"size": 10, "align": "middle"}, "smooth": {"type": "dynamic"},
                  "color": {"inherit": False, "color": "#999999"}},
        "nodes": {"font": {"size": 14}},
    }
    if layout == "layered":
        options["layout"] = {"hierarchical": {"enabled": True, "direction": "LR", "sortMethod": "directed",
                                              "levelSeparation": 220, "nodeSpacing": 90, "shakeTowards": "roots"}}
        options["edges"]["smooth"] = {"type": "cubicBezier", "forceDirection": "horizontal"}
    return {"nodes": net.nodes, "edges": net.edges, "options": options}


def _key_iri(kind: str, key: str) -> str:
    return str(entity_iri(kind, key))


def _view(kind: str, key: str, builder, title_class: str) -> Response | str:  # noqa: ANN001
    iri = _key_iri(kind, key)
    g = builder(request_store(), iri)
    if iri not in g:
        abort(404, description=f"no {title_class} <{iri}> in this graph")
    layout = request.args.get("layout", "layered" if kind == "chain" else "force")
    if layout not in ("layered", "force"):
        abort(400, description="layout is 'layered' or 'force'")
    lang = request.args.get("lang", "zh")
    data = to_vis(g, layout=layout, lang=lang) | {"focus": iri, "omitted": 0, "title": g.nodes[iri]["label"]}
    if request.path.endswith(".json"):
        return jsonify(data)
    return render_template("network.html", data=data, kind=kind, key=key, layout=layout, styles=STYLE,
                           focus=g.nodes[iri], json_url=url_for(f"networks.{kind}_json", key=key, layout=layout))


@bp.get("/chain/<path:key>")
def chain(key: str) -> Response | str:
    return _view("chain", key.removesuffix(".json"), chain_network, "chain")


@bp.get("/cluster/<path:key>")
def cluster(key: str) -> Response | str:
    return _view("cluster", key.removesuffix(".json"), cluster_network, "cluster")


bp.add_url_rule("/chain/<path:key>.json", view_func=chain, endpoint="chain_json")
bp.add_url_rule("/cluster/<path:key>.json", view_func=cluster, endpoint="cluster_json")


@bp.get("/explore")
def explore() -> Response | str:
    iri = request.args.get("iri", "")
    if not iri.startswith(("http://", "https://")):
        abort(400, description="give the entity as ?iri=…")
    hops = request.args.get("hops", 1, type=int)
    limit = request.args.get("limit", 200, type=int)
    if hops not in (1, 2) or not limit or not 1 <= limit <= 5000:
        abort(400, description="hops is 1 or 2; limit is between 1 and 5000")
    g, omitted = neighbourhood(request_store(), iri, hops=hops, limit=limit)
    if iri not in g:
        abort(404, description=f"no entity <{iri}> in this graph")
    data = to_vis(g, layout="force", lang=request.args.get("lang", "zh")) | {
        "focus": iri, "omitted": omitted, "title": g.nodes[iri]["label"]}
    if request.path.endswith(".json"):
        return jsonify(data)
    key = iri[len(ID_BASE):] if iri.startswith(ID_BASE) else iri
    return render_template("network.html", data=data, kind="explore", key=key, layout="force", styles=STYLE,
                           focus=g.nodes[iri], json_url=url_for("networks.explore_json", iri=iri, hops=hops,
                                                                limit=limit))


bp.add_url_rule("/explore.json", view_func=explore, endpoint="explore_json")


@bp.get("/chains")
def chains() -> str:
    return render_template("browse.html", class_name="IndustryChain",
                           items=list_entities(request_store(), "IndustryChain"))


@bp.get("/clusters")
def clusters() -> str:
    return render_template("browse.html", class_name="IndustryCluster",
                           items=list_entities(request_store(), "IndustryCluster"))
