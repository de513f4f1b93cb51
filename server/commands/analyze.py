"""analyze gaps|centrality|communities|path: the industry supply network, from the shell.

Why in the CLI: a planner asks "what is missing around 工业金属 in 洛阳?" once,
and wants the ranked table, not a notebook. ``--format json`` prints exactly
what ``chainkg.graph.analytics`` returns (the server page uses the same data).
"""

from __future__ import annotations

import argparse
import json
import unicodedata
from typing import Any

from chainkg.graph import analytics
from chainkg.server.commands import store_of


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "analyze",
        help="analyse the industry supply network: gaps (补链/强链), centrality, communities, paths",
        description="Analyses of the weighted upstream network of industries (from the A-share "
        "chain data set). Regions and industries are given by Chinese name, code or IRI.",
    )
    asub = p.add_subparsers(dest="analysis", metavar="ANALYSIS", required=True)

    g = asub.add_parser(
        "gaps",
        help="industries up- and downstream of an industry, with and without companies in a region",
        description="For a region and an industry (or chain): the industries up to --hops away "
        "upstream and downstream, which have companies in the region (强链) and which do not "
        "(补链), the gaps ranked by weight x 0.5^(distance-1) x (1 + log2(1 + companies elsewhere)).",
    )
    g.add_argument("--region", required=True, help="region: 洛阳, 洛阳市, 410300 or an IRI")
    g.add_argument("--industry", required=True,
                   help="industry or chain: 工业金属, 240300, sw2021-240300 or an IRI")
    g.add_argument("--hops", type=int, default=3, help="how far out to look (default 3)")
    g.add_argument("--limit", type=int, default=20, help="gaps to list (default 20; 0 = all)")
    g.add_argument("--format", default="table", choices=["table", "json"])
    g.set_defaults(func=cmd_gaps)

    c = asub.add_parser("centrality", help="the most central industries of the upstream network")
    c.add_argument("--by", default="supplier_rank",
                   choices=["supplier_rank", "demand_rank", "betweenness", "in_weight",
                            "out_weight"],
                   help="ranking (default supplier_rank: PageRank on the reversed network)")
    c.add_argument("--top", type=int, default=20, help="how many (default 20; 0 = all)")
    c.add_argument("--format", default="table", choices=["table", "json"])
    c.set_defaults(func=cmd_centrality)

    m = asub.add_parser("communities", help="groups of industries that supply each other (Louvain)")
    m.add_argument("--resolution", type=float, default=1.0,
                   help="higher gives more, smaller communities (default 1.0)")
    m.add_argument("--seed", type=int, default=42, help="random seed, for a reproducible result")
    m.add_argument("--format", default="table", choices=["table", "json"])
    m.set_defaults(func=cmd_communities)

    s = asub.add_parser("path", help="the shortest supply path from one industry to another")
    s.add_argument("source", help="the upstream industry (name, code or IRI)")
    s.add_argument("target", help="the downstream industry (name, code or IRI)")
    s.add_argument("--format", default="table", choices=["table", "json"])
    s.set_defaults(func=cmd_path)


def _json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: object, width: int, right: bool = False) -> str:
    text = "" if text is None else str(text)
    fill = " " * max(width - _width(text), 0)
    return fill + text if right else text + fill


def _table(headers: list[str], rows: list[list[object]], right: set[int]) -> str:
    widths = [max([_width(h)] + [_width(str(r[i] if r[i] is not None else "")) for r in rows])
              for i, h in enumerate(headers)]
    lines = ["  ".join(_pad(h, widths[i], i in right) for i, h in enumerate(headers))]
    lines.append("  ".join("-" * w for w in widths))
    for r in rows:
        lines.append("  ".join(_pad(v, widths[i], i in right) for i, v in enumerate(r)).rstrip())
    return "\n".join(lines)


_SIDE = {"upstream": "上游", "downstream": "下游", "both": "上下游"}


def cmd_gaps(args: argparse.Namespace) -> int:
    result = analytics.gaps(store_of(args), args.region, args.industry, args.hops,
                            limit=args.limit or None)
    if args.format == "json":
        _json(result)
        return 0
    s = result["summary"]
    print(f"区域 {result['region']['label']} · 产业 {result['industry']['label']} · "
          f"{result['hops']} 跳内 {s['reached']} 个行业：本地有企业 {s['present']} 个，"
          f"缺口 {s['gaps']} 个")
    focus = ", ".join(f"{f['label']}({f['notation']}) 本地{f['local']}家/外地{f['elsewhere']}家"
                      for f in result["focus"])
    print(f"起点行业: {focus}")
    print()
    print("补链 — 缺口行业（按得分排序）")
    rows = [[r["rank"], r["label"], r["notation"], _SIDE[r["direction"]], r["distance"],
             r["weight"], r["via"]["label"], r["elsewhere"], r["score"]] for r in result["gaps"]]
    print(_table(["#", "行业", "代码", "方向", "跳数", "权重", "经由", "外地企业", "得分"],
                 rows, {0, 4, 5, 7, 8}))
    print()
    print("强链 — 本地已有企业的关联行业")
    rows = [[r["label"], r["notation"], _SIDE[r["direction"]], r["distance"], r["weight"],
             r["local"], "、".join(c["label"] for c in r["local_companies"][:4])]
            for r in result["strengths"]]
    print(_table(["行业", "代码", "方向", "跳数", "权重", "本地企业", "企业"], rows, {3, 4, 5}))
    print()
    print(f"得分 = {result['scoring']}")
    return 0


def cmd_centrality(args: argparse.Namespace) -> int:
    rows = analytics.centrality(store_of(args), top=args.top or None, by=args.by)
    if args.format == "json":
        _json(rows)
        return 0
    table = [[i, r["label"], r["notation"], r["supplier_rank"], r["demand_rank"],
              r["betweenness"], r["in_weight"], r["out_weight"], r["companies"]]
             for i, r in enumerate(rows, start=1)]
    print(_table(["#", "行业", "代码", "supplier_rank", "demand_rank", "betweenness",
                  "in_weight", "out_weight", "企业"], table, {0, 3, 4, 5, 6, 7, 8}))
    return 0


def cmd_communities(args: argparse.Namespace) -> int:
    result = analytics.communities(store_of(args), resolution=args.resolution, seed=args.seed)
    if args.format == "json":
        _json(result)
        return 0
    for c in result:
        names = "、".join(m["label"] for m in c["members"][:12])
        more = f" …(+{c['size'] - 12})" if c["size"] > 12 else ""
        print(f"[{c['id']}] {c['name']} — {c['size']} 个行业: {names}{more}")
    return 0


def cmd_path(args: argparse.Namespace) -> int:
    result = analytics.supply_path(store_of(args), args.source, args.target)
    if args.format == "json":
        _json(result)
        return 0
    if not result["path"]:
        print(f"{result['source']['label']} 与 {result['target']['label']} 之间没有供应路径")
        return 1
    parts = [result["path"][0]["label"]]
    for e, n in zip(result["edges"], result["path"][1:], strict=False):
        parts.append(f" →({e['weight']}) {n['label']}")
    note = "" if result["direction"] == "forward" else "（反向：后者是前者的上游）"
    print(f"{result['hops']} 跳{note}: " + "".join(parts))
    return 0
