"""export: the graph, or a part of it, for Gephi, spreadsheets and other RDF tools.

What only some exports need (the analyses behind ``--scope industry`` and ``gaps``, the query runner of
``--query``, and through ``graph.scopes`` the search index with pypinyin's dictionaries) is imported
where it is used: the ``chainkg`` command imports every command module to build its parser, and
building it took 0.91 s before, 0.62 s after (medians of 7, load average 3-4).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from chainkg.graph.errors import UserError
from chainkg.graph.exports import NETWORK_FORMATS, RDF_FORMATS, GraphSource, dump_store, rdf_format, write_network
from chainkg.graph.exports.schema import as_source
from chainkg.graph.progress import bar
from chainkg.graph.scopes import SCOPES, scope_network
from chainkg.ontology.namespaces import PREFIXES
from chainkg.server.commands import read_text_arg, store_of

RDF_NAMES = ("ttl", "nt", "nq", "trig", "jsonld", "rdf")
ANALYSIS_SCOPES = ("industry", "gaps")


def _scope(store, args: argparse.Namespace):  # noqa: ANN001, ANN202
    if args.scope == "industry":
        from chainkg.graph.analysis_networks import industry_supply_network

        return industry_supply_network(store)
    if args.scope == "gaps":
        from chainkg.graph import analytics
        from chainkg.graph.analysis_networks import gap_network

        if not (args.region and args.industry):
            raise UserError("--scope gaps needs --region and --industry")
        return gap_network(analytics.gaps(store, args.region, args.industry, args.hops, limit=None))
    return scope_network(store, args.scope, args.key)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "export", help="write the graph or part of it as GEXF, GraphML, CSV tables or RDF",
        description="Networks (gexf, graphml, csv) are projections of the graph onto its entities: companies, "
        "chains, segments, clusters, policies, projects, regions ... and the relations between them. "
        "RDF formats (ttl, nt, nq, trig, jsonld) dump the triples themselves.")
    p.add_argument("--format", "-f", required=True, choices=[*NETWORK_FORMATS, *RDF_NAMES, *RDF_FORMATS],
                   help="gexf (Gephi), graphml, csv (zip of Gephi spreadsheet tables), or an RDF format")
    p.add_argument("--output", "-o", required=True, help="file to write, or - for standard output")
    p.add_argument("--scope", default="graph", choices=[*SCOPES, *ANALYSIS_SCOPES],
                   help="what to export (default: graph); 'industry' is the weighted supply network of "
                   "industries, 'gaps' a gap analysis (give --region and --industry)")
    p.add_argument("--key", help="the chain, cluster or region (key or name), or the entity for 'explore'")
    p.add_argument("--region", help="for --scope gaps: the region (洛阳, 410300)")
    p.add_argument("--industry", help="for --scope gaps: the industry or chain (工业金属, 240300)")
    p.add_argument("--hops", type=int, default=3, help="for --scope gaps: how far out (default 3)")
    p.add_argument("--query", help="a SPARQL CONSTRUCT (@FILE or inline) whose triples are exported")
    p.add_argument("--size-by", default="degree", help="node attribute that sets viz:size (default: degree)")
    p.set_defaults(func=cmd_export)


def cmd_export(args: argparse.Namespace) -> int:
    try:
        return _export(args)
    except ValueError as exc:  # a bad --size-by, or a query that is not CONSTRUCT/DESCRIBE
        raise UserError(str(exc)) from None


def _counted(source: GraphSource, tick: Callable[[int], None]) -> GraphSource:
    """``source``, ticking for every node and edge of the writing pass (the last of the writer's two)."""
    passes = {"nodes": 0, "edges": 0}

    def counting(name: str, items: Callable[[], Iterable]) -> Callable[[], Iterable]:
        def run() -> Iterator:
            passes[name] += 1
            for item in items():
                if passes[name] > 1:
                    tick(1)
                yield item
        return run

    return GraphSource(nodes=counting("nodes", source.nodes), edges=counting("edges", source.edges),
                       directed=source.directed)


def _export(args: argparse.Namespace) -> int:
    store = store_of(args)
    out = sys.stdout.buffer if args.output == "-" else Path(args.output)
    fmt = args.format
    if args.query:
        from chainkg.graph.query import run_query
        from chainkg.graph.sparql_text import analyze

        query = read_text_arg(args.query)
        if analyze(query).form not in ("CONSTRUCT", "DESCRIBE"):
            raise UserError("--query must be a CONSTRUCT or DESCRIBE query")
        triples = list(run_query(store, query))  # the project's prefixes predeclared; errors explained
        if fmt in NETWORK_FORMATS:
            from chainkg.graph.projection import network

            iris = {t for tr in triples for t in (tr.subject.value, tr.object.value) if t.startswith("http")}
            write_network(network(store, iris), out, fmt, size_by=args.size_by)
        else:
            f = rdf_format(fmt)
            ox.serialize(triples, out, f.ox, prefixes=PREFIXES if f.prefixed else None)
    elif fmt in NETWORK_FORMATS:
        source = as_source(_scope(store, args))
        with bar(total=None, unit="nodes and edges", desc=f"writing {fmt}") as tick:
            write_network(_counted(source, tick), out, fmt, size_by=args.size_by)
    else:
        if args.scope != "graph":
            raise UserError("RDF formats export the whole store; use --query for a part of it")
        dump_store(store, out, fmt)
    if args.output != "-":
        print(f"wrote {args.output}", file=sys.stderr)
    return 0
