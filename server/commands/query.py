"""query and stats: asking the store questions from the shell."""

from __future__ import annotations

import argparse

from chainkg.server.commands import read_text_arg, store_of


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("query", help="run a SPARQL query and print the result",
                       description="Run a SPARQL query (inline, @FILE or - for stdin). The project's prefixes "
                       "(ckg:, id:, rdfs:, skos:, qb: ...) are predeclared; the default graph is the union of "
                       "all sources.")
    p.add_argument("sparql", metavar="QUERY")
    p.add_argument("--format", default="table",
                   choices=["table", "csv", "tsv", "json", "xml", "ttl", "nt", "jsonld", "nq", "trig"],
                   help="table (default) for people; csv/tsv/json/xml for SELECT and ASK; "
                   "ttl/nt/jsonld for CONSTRUCT and DESCRIBE")
    p.set_defaults(func=cmd_query)

    p = sub.add_parser("stats", help="counts per class and per source")
    p.add_argument("--format", default="table", choices=["table", "json"])
    p.set_defaults(func=cmd_stats)


def cmd_query(args: argparse.Namespace) -> int:
    from chainkg.graph.query import format_results, run_query

    text = read_text_arg(args.sparql)
    result = run_query(store_of(args), text)
    print(format_results(result, args.format, query=text))
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from chainkg.graph.query import render_table, shorten
    from chainkg.graph.stats import graph_stats

    stats = graph_stats(store_of(args))
    if args.format == "json":
        from chainkg.graph.query import dumps_json

        print(dumps_json(stats))
        return 0
    print(f"{stats['triples']} triples in {len(stats['graphs'])} named graphs\n")
    rows = [[shorten(c["class"]), c["label"] if c["label"] != c["class"] else "", str(c["count"])]
            for c in stats["classes"]]
    print(render_table(["class", "label", "instances"], rows))
    print()
    print(render_table(["named graph", "triples"], [[shorten(g["graph"]), str(g["triples"])] for g in stats["graphs"]]))
    return 0
