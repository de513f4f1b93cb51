"""analyze gaps|centrality|communities|path: the industry supply network, from the shell.

Why in the CLI: a planner asks "what is missing around 工业金属 in 洛阳?" once,
and wants the ranked table, not a notebook. ``--format json`` prints exactly
what ``chainkg.graph.analytics`` returns (the server page uses the same data).

Tables are for people: column headers and the sentences around them are Chinese by
default (the labels of the data are), English with ``--lang en`` (or ``CHAINKG_LANG=en``),
never the field names of the JSON (``supplier_rank``), which ``--format json`` keeps.
"""

from __future__ import annotations

import argparse
import json
import os
import unicodedata
from typing import Any

from chainkg.graph.errors import UserError
from chainkg.server.commands import store_of


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "analyze",
        help="analyse the industry supply network: gaps (补链/强链), centrality, communities, paths",
        description="Analyses of the weighted upstream network of industries (from the A-share "
        "chain data set). Regions and industries are given by Chinese name, code or IRI.",
    )
    asub = p.add_subparsers(dest="analysis", metavar="ANALYSIS", required=True)
    lang = argparse.ArgumentParser(add_help=False)
    lang.add_argument("--lang", choices=["zh", "en"], default=None,
                      help="language of the table's headers and text (default zh, or $CHAINKG_LANG)")

    g = asub.add_parser(
        "gaps", parents=[lang],
        help="industries up- and downstream of an industry or chain, with and without companies in a region",
        description="For a region and an industry or one of its chains: the industries up to --hops away "
        "upstream (补链: what the chain buys and the region does not make) and downstream (延链), "
        "each side ranked by weight x 0.5^(distance-1) x specificity x sector x (1 + log2(1 + companies "
        "elsewhere)), with the candidate companies elsewhere (same province first); and the linked "
        "industries the region has companies in (强链). docs/ashare-chain.md explains the score.",
    )
    g.add_argument("--region", required=True, help="region: 洛阳, 洛阳市, 410300 or an IRI")
    which = g.add_mutually_exclusive_group(required=True)
    which.add_argument("--industry", help="industry: 工业金属, 240300, sw2021-240300 or an IRI")
    which.add_argument("--chain", help="a chain of the region: 铝基新材料产业链 (aligned with Shenwan "
                       "by ingest/alignment/shenwan_chains.csv) or an IRI")
    g.add_argument("--candidates", type=int, default=3,
                   help="candidate companies shown per gap (default 3; 0 = all; JSON: all)")
    g.add_argument("--hops", type=int, default=3, help="how far out to look (default 3)")
    g.add_argument("--limit", type=int, default=20, help="gaps to list (default 20; 0 = all)")
    g.add_argument("--format", default="table", choices=["table", "json"])
    g.set_defaults(func=cmd_gaps)

    c = asub.add_parser("centrality", parents=[lang], help="the most central industries of the upstream network")
    c.add_argument("--by", default="supplier_rank",
                   choices=["supplier_rank", "demand_rank", "betweenness", "in_weight",
                            "out_weight"],
                   help="ranking (default supplier_rank: PageRank on the reversed network)")
    c.add_argument("--top", type=int, default=20, help="how many (default 20; 0 = all)")
    c.add_argument("--format", default="table", choices=["table", "json"])
    c.set_defaults(func=cmd_centrality)

    m = asub.add_parser("communities", parents=[lang], help="groups of industries that supply each other (Louvain)")
    m.add_argument("--resolution", type=float, default=1.0,
                   help="higher gives more, smaller communities (default 1.0)")
    m.add_argument("--seed", type=int, default=42, help="random seed, for a reproducible result")
    m.add_argument("--format", default="table", choices=["table", "json"])
    m.set_defaults(func=cmd_communities)

    s = asub.add_parser("path", parents=[lang], help="the shortest supply path from one industry to another",
                        description="The shortest supply path between two industries, by name, code or IRI: "
                        "'analyze path --from 铁矿石 --to 乘用车' or 'analyze path 铁矿石 乘用车'.")
    s.add_argument("source", nargs="?", help="the upstream industry (name, code or IRI)")
    s.add_argument("target", nargs="?", help="the downstream industry (name, code or IRI)")
    s.add_argument("--from", dest="source_opt", metavar="INDUSTRY", help="the upstream industry")
    s.add_argument("--to", dest="target_opt", metavar="INDUSTRY", help="the downstream industry")
    s.add_argument("--format", default="table", choices=["table", "json"])
    s.set_defaults(func=cmd_path)


def _tr(args: argparse.Namespace):  # noqa: ANN202 - a picker
    lang = getattr(args, "lang", None) or ("en" if os.environ.get("CHAINKG_LANG", "").startswith("en") else "zh")
    return lambda zh, en: en if lang == "en" else zh


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


_SIDE = {"upstream": ("上游", "upstream"), "downstream": ("下游", "downstream"), "both": ("上下游", "both")}


def _candidates(r: dict, n: int, t) -> str:  # noqa: ANN001
    shown = r["candidates"][:n] if n else r["candidates"]
    text = "、".join(f"{c['label']}({c['code'] or '-'},{c.get('city') or c.get('province') or '?'})" for c in shown)
    more = r["candidates_total"] - len(shown)
    return text + (t(f" 等{r['candidates_total']}家", f" … {r['candidates_total']} in all") if more > 0 else "")


def cmd_gaps(args: argparse.Namespace) -> int:
    from chainkg.graph import analytics

    result = analytics.gaps(store_of(args), args.region, args.industry, args.hops, chain=args.chain,
                            limit=args.limit or None, candidates=0 if args.format == "json" else args.candidates)
    if args.format == "json":
        _json(result)
        return 0
    t = _tr(args)
    s = result["summary"]
    what = t("产业链", "chain") if result["chain"] else t("产业", "industry")
    print(t(f"区域 {result['region']['label']} · {what} {result['industry']['label']} · "
            f"{result['hops']} 跳内 {s['reached']} 个行业：本地有企业 {s['present']} 个，"
            f"上游缺口 {s['upstream']} 个，下游缺口 {s['downstream']} 个",
            f"region {result['region']['label']} · {what} {result['industry']['label']} · "
            f"{s['reached']} industries within {result['hops']} hops: {s['present']} with local companies, "
            f"{s['upstream']} upstream gaps, {s['downstream']} downstream gaps"))
    focus = ", ".join(t(f"{f['label']}({f['notation']}) 本地{f['local']}家/外地{f['elsewhere']}家",
                        f"{f['label']} ({f['notation']}) {f['local']} local / {f['elsewhere']} elsewhere")
                      for f in result["focus"])
    print(t("起点行业: ", "focus: ") + focus)
    for side, title in (("upstream", t("补链 — 上游缺口（链上所需、本地没有的行业），按得分排序",
                                       "补链 upstream gaps: industries the chain buys from and the region "
                                       "does not have, by score")),
                        ("downstream", t("延链 — 下游延伸（采购本链产品、本地没有的行业），按得分排序",
                                         "延链 downstream extensions: industries that buy from the chain and "
                                         "the region does not have, by score"))):
        print()
        print(title)
        rows = [[r["side_rank"], r["label"], r["notation"], r["distance"], r["weight"], r["specificity"],
                 "×0.25" if r["generic"] else "", r["score"], _candidates(r, args.candidates, t)]
                for r in result[side]]
        print(_table([t(*h) for h in (("#", "#"), ("行业", "industry"), ("代码", "code"), ("跳数", "hops"),
                                      ("权重", "weight"), ("专属度", "specificity"), ("通用", "generic"),
                                      ("得分", "score"), ("外地候选企业（同省优先）",
                                                          "candidates elsewhere (same province first)"))],
                     rows, {0, 3, 4, 5, 7}))
    print()
    print(t("强链 — 本地已有企业的关联行业", "强链 strengths: linked industries the region has companies in"))
    rows = [[r["label"], r["notation"], t(*_SIDE.get(r["direction"], (r["direction"], r["direction"]))),
             r["distance"], r["weight"], r["local"], "、".join(c["label"] for c in r["local_companies"][:4])]
            for r in result["strengths"]]
    print(_table([t(*h) for h in (("行业", "industry"), ("代码", "code"), ("方向", "direction"), ("跳数", "hops"),
                                  ("权重", "weight"), ("本地企业", "local companies"), ("企业", "companies"))],
                 rows, {3, 4, 5}))
    print()
    print(t("得分 = ", "score = ") + result["scoring"])
    return 0


#: The centrality table's columns: (key in analytics.centrality's rows, zh header, en header).
CENTRALITY_COLUMNS = [
    ("label", "行业", "industry"), ("notation", "代码", "code"),
    ("supplier_rank", "供给中心度", "supplier rank"), ("demand_rank", "需求中心度", "demand rank"),
    ("betweenness", "中介度", "betweenness"), ("in_weight", "上游权重", "upstream weight"),
    ("out_weight", "下游权重", "downstream weight"), ("companies", "企业数", "companies"),
]


def cmd_centrality(args: argparse.Namespace) -> int:
    from chainkg.graph import analytics

    rows = analytics.centrality(store_of(args), top=args.top or None, by=args.by)
    if args.format == "json":
        _json(rows)
        return 0
    t = _tr(args)
    table = [[i, *(r[key] for key, _, _ in CENTRALITY_COLUMNS)] for i, r in enumerate(rows, start=1)]
    print(_table(["#", *(t(zh, en) for _, zh, en in CENTRALITY_COLUMNS)], table, {0, 3, 4, 5, 6, 7, 8}))
    return 0


def cmd_communities(args: argparse.Namespace) -> int:
    from chainkg.graph import analytics

    result = analytics.communities(store_of(args), resolution=args.resolution, seed=args.seed)
    if args.format == "json":
        _json(result)
        return 0
    t = _tr(args)
    for c in result:
        names = "、".join(m["label"] for m in c["members"][:12])
        more = f" …(+{c['size'] - 12})" if c["size"] > 12 else ""
        print(f"[{c['id']}] {c['name']} — {c['size']} " + t("个行业", "industries") + f": {names}{more}")
    return 0


def cmd_path(args: argparse.Namespace) -> int:
    from chainkg.graph import analytics

    if (args.source_opt or args.target_opt) and (args.source or args.target):
        raise UserError("give the industries one way: 'analyze path --from A --to B' or 'analyze path A B'")
    source, target = args.source_opt or args.source, args.target_opt or args.target
    if not source or not target:
        raise UserError("give two industries: 'analyze path --from 铁矿石 --to 乘用车' or 'analyze path 铁矿石 乘用车'")
    result = analytics.supply_path(store_of(args), source, target)
    if args.format == "json":
        _json(result)
        return 0
    t = _tr(args)
    if not result["path"]:
        print(t(f"{result['source']['label']} 与 {result['target']['label']} 之间没有供应路径",
                f"no supply path between {result['source']['label']} and {result['target']['label']}"))
        return 1
    parts = [result["path"][0]["label"]]
    for e, n in zip(result["edges"], result["path"][1:], strict=False):
        parts.append(f" →({e['weight']}) {n['label']}")
    note = "" if result["direction"] == "forward" else t("（反向：后者是前者的上游）",
                                                          " (reverse: the second supplies the first)")
    print(t(f"{result['hops']} 跳{note}: ", f"{result['hops']} hops{note}: ") + "".join(parts))
    return 0
