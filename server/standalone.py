"""A view as one HTML file that works offline: pyvis writes it, with its JavaScript inlined.

Why pyvis here: an analyst wants to mail an interactive map (a chain, a cluster, a
neighbourhood, a gap analysis) to someone who has no access to the service. pyvis holds the
network (its ``Network`` with the nodes, edges and options the page itself draws, from
``networks.to_vis``) and, with ``cdn_resources="in_line"``, puts its own copy of vis-network
(9.1.2, 470 kB) into the file, so it opens from a disk or a mail attachment with no network.

Why our own template (``templates/pyvis/standalone.html``): pyvis's template loads Bootstrap
from a CDN whatever ``cdn_resources`` says, and inserts labels and tooltips without escaping,
so a company named ``<script>…`` would run. Ours has no external reference, escapes every
value (autoescape for the legend, the title and the node list; ``tojson`` for the data the
script reads) and sets text with ``textContent``. Measured on this machine
(``benchmarks/bench_views.py --standalone``): see the README's table.
"""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path
from typing import Any

import pyvis
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape
from pyvis.network import Network

TEMPLATES = Path(__file__).resolve().parent / "templates" / "pyvis"
PYVIS_TEMPLATES = Path(pyvis.__file__).resolve().parent / "templates"

WORDS = {
    "zh": {"click": "单击节点查看详情。", "nodes": "节点", "aliases": "别名：", "linked": "相连："},
    "en": {"click": "Click a node for its details.", "nodes": "Nodes", "aliases": "Aliases:", "linked": "Linked to:"},
}


def standalone_html(vis: dict[str, Any], *, title: str, subtitle: str, lang: str = "zh") -> str:
    """The HTML file of a view: ``vis`` is what ``networks.to_vis`` returns, with ``styles``,
    ``class_names`` and ``band_styles`` of the page."""
    net = Network(directed=True, cdn_resources="in_line", heading=title)
    net.templateEnv = Environment(loader=ChoiceLoader([FileSystemLoader(TEMPLATES), FileSystemLoader(PYVIS_TEMPLATES)]),
                                  autoescape=select_autoescape(default=True, default_for_string=True))
    net.path = "standalone.html"
    net.nodes = vis["nodes"]
    net.edges = vis["edges"]
    net.options = vis["options"]
    en = lang == "en"
    names = vis.get("class_names", {})
    styles = vis.get("styles", {})
    counts: dict[str, int] = {}
    for n in vis["nodes"]:
        counts[n.get("group", "")] = counts.get(n.get("group", ""), 0) + 1
    classes = [{"label": names.get(c, (c, c))[1 if en else 0], "count": counts[c], "color": st["color"],
                "border": st["border"]} for c, st in styles.items() if c in counts]
    rel_counts: dict[str, int] = {}
    for e in vis["edges"]:
        if not e.get("secondary"):
            rel_counts[e.get("rel", "")] = rel_counts.get(e.get("rel", ""), 0) + 1
    relations = [{"label": (r.get("label_en") if en and r.get("label_en") else r.get("label")) or key,
                  "count": rel_counts[key], "color": vis.get("edge_styles", {}).get(key, {}).get("color", "#99a3a4")}
                 for key, r in vis.get("relations", {}).items() if key in rel_counts]
    node_list = sorted(({"id": n["id"], "label": (n.get("label_en") if en and n.get("label_en") else n.get("label_zh"))
                         or n["id"], "cls": names.get(n.get("group", ""), ("", ""))[1 if en else 0]}
                        for n in vis["nodes"]), key=lambda n: (n["cls"], n["label"]))
    net.templateEnv.globals["page"] = {
        "lang": lang, "subtitle": subtitle, "classes": classes, "relations": relations, "node_list": node_list,
        "words": WORDS["en" if en else "zh"], "pyvis_version": version("pyvis"),
        "script": {"lang": lang, "options": vis["options"], "relations": vis.get("relations", {}),
                   "edge_styles": vis.get("edge_styles", {}), "bands": vis.get("bands", []),
                   "band_styles": vis.get("band_styles", {}), "words": WORDS["en" if en else "zh"],
                   "class_names": {c: n[1 if en else 0] for c, n in names.items()}},
    }
    return net.generate_html(name="view.html")


__all__ = ["standalone_html"]
