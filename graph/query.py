"""Running SPARQL typed by people (the CLI), and showing results to people.

The default graph of every query is the merge of all sources, each triple once
(``chainkg.graph.store``): a question about companies should not have to know which
source said what. ``GRAPH ?g`` still reaches each source. The project's prefixes
(``ckg:``, ``id:``, ``rdfs:`` …) are predeclared.
"""

from __future__ import annotations

import json
from typing import Any

import pyoxigraph as ox

from chainkg.graph.errors import UserError
from chainkg.graph.formats import by_name
from chainkg.graph.results import QueryError, with_projection
from chainkg.graph.sparql_text import analyze, star_order
from chainkg.graph.store import GraphStore
from chainkg.ontology.namespaces import PREFIXES

#: Prefix declarations prepended to queries typed by people (CLI, examples, the endpoint).
PREFIX_HEADER = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def run_query(store: GraphStore, sparql: str) -> Any:  # noqa: ANN401 - solutions, a boolean or triples
    """Evaluate ``sparql`` with the project's prefixes predeclared; mistakes become a ``UserError``.

    ``SERVICE`` and ``LOAD`` are refused here as on the endpoint: no query makes chainkg
    connect to another host.
    """
    info = analyze(sparql)
    if info.service or info.load:
        raise UserError("SERVICE and LOAD are not allowed: chainkg never connects to other hosts")
    if info.form == "UPDATE":
        raise UserError("this is an update, not a query")
    try:
        return store.query_text(sparql)
    except QueryError as exc:
        from chainkg.graph.sparql_errors import explain

        raise UserError(explain(exc.message, sparql).text()) from None


def shorten(iri: str) -> str:
    """``https://w3id.org/chainkg/def#Company`` -> ``ckg:Company``, for tables read by people."""
    best = None
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and (best is None or len(ns) > len(PREFIXES[best])):
            best = prefix
    if best is None:
        return iri
    local = iri[len(PREFIXES[best]):]
    return f"{best}:{local}" if local and all(c.isalnum() or c in "-_." for c in local) else iri


def term_text(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return shorten(term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


def projection(names: list[str], query: str | None) -> list[str]:
    """``names`` in the order a ``SELECT *`` query mentions them (Oxigraph sorts them: o, p, s)."""
    order = star_order(query) if query else None
    if not order:
        return names
    rank = {n: i for i, n in enumerate(order)}
    return sorted(names, key=lambda n: (rank.get(n, len(rank)), names.index(n)))


def format_results(result: object, fmt: str = "table", query: str | None = None) -> str:
    """Text for a query result: a table for people, or json/csv/tsv/xml, or an RDF format.

    With the ``query`` text, a ``SELECT *`` keeps the order of the query's variables."""
    if isinstance(result, bool):
        if fmt == "table":
            return "true" if result else "false"
        return json.dumps({"head": {}, "boolean": result})
    if not isinstance(result, ox.QuerySolutions):
        f = by_name(fmt, "rdf") or by_name("turtle", "rdf")
        assert f is not None
        return ox.serialize(list(result), format=f.ox, prefixes=PREFIXES if f.prefixed else None).decode()  # type: ignore[arg-type]
    results = by_name(fmt, "results") if fmt != "table" else None
    names = [v.value for v in result.variables]
    order = projection(names, query)
    if results is not None:
        body = result.serialize(format=results.ox)  # type: ignore[arg-type]
        return (with_projection(body, results.media, order) if order != names else body).decode()
    rows = [[term_text(sol[name]) for name in order] for sol in result]
    return render_table(order, rows)


def render_table(header: list[str], rows: list[list[str]]) -> str:
    """A plain-text table; Chinese characters count as two columns wide."""

    def width(s: str) -> int:
        return sum(2 if ord(ch) > 0x2E7F else 1 for ch in s)

    widths = [max([width(h)] + [width(r[i]) for r in rows]) for i, h in enumerate(header)]

    def line(cells: list[str]) -> str:
        return " | ".join(c + " " * (w - width(c)) for c, w in zip(cells, widths, strict=True)).rstrip()

    sep = "-+-".join("-" * w for w in widths)
    body = [line(header), sep, *[line(r) for r in rows]]
    body.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(body)


def select_dicts(store: GraphStore, sparql: str) -> list[dict[str, str]]:
    """SELECT rows as plain dicts of strings (small results: pages, reports, tests)."""
    return store.rows(sparql)


def dumps_json(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2)
