"""Example questions ("canned queries", as in Datasette): files in ``server/queries/``, each a stable URL.

Why files: an analyst adds a question by adding a ``.rq`` file with a small YAML
header (see ``server/queries/README.md``); no code changes. Each question is
served at ``/queries/<name>`` (an HTML page that runs it, with a form for its
parameters, a table, and a network when the result has ``?source ?target`` or
is a CONSTRUCT) and has ``.csv`` / ``.tsv`` / ``.json`` twins (``.ttl`` / ``.nt``
/ ``.jsonld`` for a CONSTRUCT). The editor at ``/sparql`` offers them as a gallery.

Why parameters are bound with a ``VALUES`` block: a value from the URL is
turned into one SPARQL term (an IRI checked for forbidden characters, or a
literal with every quote and backslash escaped) and put in a ``VALUES`` block at
the start of the WHERE group, so it can bind a variable but never change the
query's text around it. (pyoxigraph's ``substitutions=`` would also be safe, but
only binds variables that are projected by the SELECT.) The query then goes
through the same guard, time limit and row cap as any other query.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from flask import Blueprint, Response, abort, current_app, jsonify, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from chainkg.graph.query import shorten
from chainkg.ontology.namespaces import PREFIXES
from chainkg.server.sparql import _args, build_job, result_response, run_job
from chainkg.server.sparql_exec import QueryError
from chainkg.server.sparql_guard import analyze, inject_values, sparql_iri, sparql_literal

bp = Blueprint("canned", __name__)

QUERIES_DIR = Path(__file__).resolve().parent / "queries"
#: URL suffix -> (``format=`` value for the query pipeline, which kind of result it is for)
SUFFIXES = {"json": "json", "csv": "csv", "tsv": "tsv", "xml": "xml", "ttl": "ttl", "nt": "nt",
            "jsonld": "jsonld"}
_NUMBER = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$")


@dataclass
class Param:
    """One form field of an example: a variable of the query left unbound."""

    name: str
    type: str = "string"          # iri, string, number
    label: str = ""
    default: str | None = None
    options: str | None = None    # a ckg: class whose instances fill a drop-down


@dataclass
class Canned:
    name: str
    path: Path
    title_zh: str
    title_en: str
    description: str
    order: int
    text: str                      # the query without its header
    params: list[Param] = field(default_factory=list)

    @property
    def form(self) -> str | None:
        return analyze(self.text).form


class CannedError(ValueError):
    pass


def _parse_file(path: Path) -> Canned:
    """Read one ``.rq`` file: ``#+ key: value`` lines (titles and description as written; ``params`` as YAML)."""
    raw = path.read_text(encoding="utf-8")
    meta: dict[str, Any] = {}
    yaml_lines = []
    for line in raw.splitlines():
        if not line.startswith("#+ "):
            continue
        m = re.match(r"^(title_zh|title_en|description|order):\s*(.*)$", line[3:])
        if m:
            meta[m.group(1)] = m.group(2).strip()
        else:
            yaml_lines.append(line[3:])
    body = "\n".join(line for line in raw.splitlines() if not line.startswith("#+ ")).strip() + "\n"
    try:
        meta.update(yaml.safe_load("\n".join(yaml_lines)) or {})
    except yaml.YAMLError as exc:
        raise CannedError(f"{path.name}: the #+ header is not valid YAML: {exc}") from None
    name = re.sub(r"^\d+-", "", path.stem)
    params = []
    for pname, spec in (meta.get("params") or {}).items():
        spec = spec or {}
        if not re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", str(pname)):
            raise CannedError(f"{path.name}: parameter name {pname!r} is not a SPARQL variable name")
        default = spec.get("default")
        params.append(Param(str(pname), str(spec.get("type", "string")), str(spec.get("label", pname)),
                            None if default is None else str(default), spec.get("options")))
    return Canned(name, path, str(meta.get("title_zh", name)), str(meta.get("title_en", "")),
                  str(meta.get("description", "")), int(meta.get("order", 1000)), body, params)


_cache: dict[str, Any] = {}


def load_queries() -> dict[str, Canned]:
    """Every example, by name, in gallery order (re-read when a file in the folder changes)."""
    files = sorted(QUERIES_DIR.glob("*.rq"))
    key = tuple((f.name, f.stat().st_mtime_ns) for f in files)
    if _cache.get("key") != key:
        parsed = []
        for f in files:
            try:
                parsed.append(_parse_file(f))
            except (CannedError, ValueError, OSError) as exc:  # one broken file must not take the gallery down
                current_app.logger.error("example query skipped: %s", exc)
        items = sorted(parsed, key=lambda c: (c.order, c.name))
        _cache["key"], _cache["queries"] = key, {c.name: c for c in items}
    return _cache["queries"]


def _term(param: Param, value: str) -> str:
    """A parameter value as one SPARQL term; CannedError if it is not a valid value of its type."""
    value = value.strip()
    if param.type == "iri":
        prefix, _, local = value.partition(":")
        if prefix in PREFIXES and not local.startswith("//"):
            value = PREFIXES[prefix] + local
        try:
            return sparql_iri(value)
        except ValueError:
            raise CannedError(f"{param.name}: {value!r} is not an IRI (give a full IRI or id:…)") from None
    if param.type == "number":
        if not _NUMBER.match(value):
            raise CannedError(f"{param.name}: {value!r} is not a number")
        return value
    if len(value) > 1000:
        raise CannedError(f"{param.name}: at most 1000 characters")
    return sparql_literal(value)


def bound_values(canned: Canned, args: MultiDict) -> dict[str, str]:
    """The value of each parameter (from ``args`` or its default), as text for the form."""
    values = {}
    for p in canned.params:
        given = args.getlist(p.name)
        if len(given) > 1:
            raise CannedError(f"{p.name}: given {len(given)} times")
        value = given[0] if given and given[0].strip() else p.default
        if value is None:
            raise CannedError(f"{p.name}: a value is required")
        values[p.name] = value
    return values


def query_text(canned: Canned, values: dict[str, str], *, all_prefixes: bool = True) -> str:
    """The runnable query: prefixes declared, parameters bound in a VALUES block."""
    terms = {p.name: _term(p, values[p.name]) for p in canned.params}
    text = inject_values(canned.text, analyze(canned.text), terms)
    used = PREFIXES if all_prefixes else {p: iri for p, iri in PREFIXES.items()
                                          if re.search(rf"(?<![\w-]){re.escape(p)}:", text)}
    header = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in used.items())
    return header + "\n" + text


def editor_examples() -> list[dict[str, Any]]:
    """The gallery of the editor: each example with its query, parameters bound to their defaults."""
    out = []
    for c in load_queries().values():
        try:
            text = query_text(c, {p.name: p.default or "" for p in c.params}, all_prefixes=False)
        except CannedError:
            continue
        out.append({"name": c.name, "title_zh": c.title_zh, "title_en": c.title_en,
                    "description": c.description, "query": text, "url": url_for("canned.query_page", name=c.name)})
    return out


def _get(name: str) -> Canned:
    queries = load_queries()
    if name not in queries:
        abort(404, description=f"no example query named {name!r}; see /queries")
    return queries[name]


def _run(canned: Canned, values: dict[str, str], fmt: str) -> Response:
    try:
        text = query_text(canned, values)
    except CannedError as exc:
        abort(400, description=str(exc))
    job, tab_out, graph_out = build_job(text, MultiDict({"format": fmt}))
    try:
        result = run_job(job)
    except QueryError as exc:
        abort(exc.status, description=exc.message)
    return result_response(result, tab_out, graph_out)


def _options(param: Param) -> list[tuple[str, str]]:
    """Choices for a drop-down: instances of ``ckg:<options>`` with their Chinese names."""
    if not param.options or not re.match(r"^[A-Za-z]+$", param.options):
        return []
    text = (f"PREFIX ckg: <{PREFIXES['ckg']}>\nPREFIX rdfs: <{PREFIXES['rdfs']}>\n"
            f"SELECT ?x (SAMPLE(?l) AS ?label) WHERE {{ ?x a ckg:{param.options} . "
            "OPTIONAL { ?x rdfs:label ?l FILTER(lang(?l) = \"zh\") } } GROUP BY ?x ORDER BY ?label LIMIT 500")
    job, _, _ = build_job(text, MultiDict({"format": "json"}))
    try:
        rows = json.loads(run_job(job).body)["results"]["bindings"]
    except (QueryError, ValueError, KeyError):
        return []
    return [(r["x"]["value"], r.get("label", r["x"])["value"]) for r in rows]


def _cell(term: dict[str, str] | None) -> dict[str, str]:
    if term is None:
        return {"text": ""}
    value = term.get("value", "")
    if term.get("type") == "uri":
        href = "/id/" + value[len(PREFIXES["id"]):] if value.startswith(PREFIXES["id"]) else value
        return {"text": shorten(value), "href": href, "title": value}
    return {"text": value, "title": term.get("datatype", term.get("xml:lang", ""))}


def network_of_rows(variables: list[str], rows: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Nodes and edges when a SELECT returns ``?source ?target`` (labels from ``?sourceLabel`` …)."""
    if "source" not in variables or "target" not in variables:
        return None
    nodes: dict[str, dict[str, str]] = {}
    edges = []
    for row in rows:
        s, t = row.get("source"), row.get("target")
        if not s or not t:
            continue
        for key, term in (("source", s), ("target", t)):
            label = row.get(key + "Label", {}).get("value") or shorten(term["value"])
            nodes.setdefault(term["value"], {"id": term["value"], "label": label})
        label = (row.get("relation") or row.get("label") or row.get("weight") or {}).get("value", "")
        edges.append({"from": s["value"], "to": t["value"], "label": label})
    return {"nodes": list(nodes.values()), "edges": edges}


def network_of_triples(ntriples: bytes) -> dict[str, Any]:
    """Nodes and edges of a CONSTRUCT result: IRI objects are edges, rdfs:label names the nodes."""
    import pyoxigraph as ox

    label_p = PREFIXES["rdfs"] + "label"
    nodes: dict[str, dict[str, str]] = {}
    labels: dict[str, str] = {}
    edges = []
    for t in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES):
        s, p, o = t.subject, t.predicate, t.object
        if p.value == label_p and isinstance(o, ox.Literal):
            if o.language in ("zh", None) or s.value not in labels:
                labels[s.value] = o.value
            continue
        if isinstance(o, ox.Literal):
            continue
        for n in (s, o):
            nodes.setdefault(n.value, {"id": n.value, "label": shorten(n.value)})
        edges.append({"from": s.value, "to": o.value, "label": shorten(p.value)})
    for iri, node in nodes.items():
        node["label"] = labels.get(iri, node["label"])
    return {"nodes": list(nodes.values()), "edges": edges}


# -- routes -----------------------------------------------------------------------------


@bp.get("/queries")
def gallery() -> Response | str:
    queries = list(load_queries().values())
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    if best == "application/json" and request.accept_mimetypes["application/json"] > \
            request.accept_mimetypes["text/html"]:
        return gallery_json()
    return render_template("queries.html", queries=queries)


@bp.get("/queries.json")
def gallery_json() -> Response:
    return jsonify([{"name": c.name, "title_zh": c.title_zh, "title_en": c.title_en, "description": c.description,
                     "url": url_for("canned.query_page", name=c.name, _external=True),
                     "params": [p.__dict__ for p in c.params], "query": c.text}
                    for c in load_queries().values()])


@bp.get("/queries/<name>")
def query_page(name: str) -> Response | str:
    if "." in name:
        stem, _, suffix = name.rpartition(".")
        if suffix not in SUFFIXES:
            abort(404, description=f"no format .{suffix}; use " + ", ".join("." + s for s in SUFFIXES))
        canned = _get(stem)
        try:
            values = bound_values(canned, _args())
        except CannedError as exc:
            abort(400, description=str(exc))
        response = _run(canned, values, SUFFIXES[suffix])
        if suffix in ("csv", "tsv"):
            response.headers["Content-Disposition"] = f'inline; filename="{stem}.{suffix}"'
        response.headers["Access-Control-Allow-Origin"] = "*"
        return response
    canned = _get(name)
    args = _args()
    error = None
    variables: list[str] = []
    rows: list[dict[str, Any]] = []
    network = None
    truncated = False
    values: dict[str, str] = {p.name: p.default or "" for p in canned.params}
    status = 200
    try:
        values = bound_values(canned, args)
        text = query_text(canned, values)
        form = canned.form
        job, _, _ = build_job(text, MultiDict({"format": "nt" if form in ("CONSTRUCT", "DESCRIBE") else "json"}))
        result = run_job(job)
        truncated = result.truncated
        if result.kind == "triples":
            network = network_of_triples(result.body)
            variables = ["subject", "predicate", "object"]
            import pyoxigraph as ox

            for t in ox.parse(result.body, format=ox.RdfFormat.N_TRIPLES):
                rows.append({k: {"type": "uri" if isinstance(v, ox.NamedNode) else "literal", "value": v.value}
                             for k, v in zip(variables, (t.subject, t.predicate, t.object), strict=True)})
        elif result.kind == "boolean":
            variables = ["boolean"]
            rows = [{"boolean": {"type": "literal", "value": str(json.loads(result.body)["boolean"]).lower()}}]
        else:
            data = json.loads(result.body)
            variables = data["head"]["vars"]
            rows = data["results"]["bindings"]
            network = network_of_rows(variables, rows)
    except CannedError as exc:
        error, status = str(exc), 400
    except QueryError as exc:
        error, status = exc.message, exc.status
    table = [[_cell(row.get(v)) for v in variables] for row in rows]
    fields = [{"param": p, "value": values.get(p.name, ""), "options": _options(p)} for p in canned.params]
    suffixes = ["ttl", "nt", "jsonld"] if canned.form in ("CONSTRUCT", "DESCRIBE") else ["csv", "tsv", "json"]
    query_args = {p.name: values.get(p.name, "") for p in canned.params}
    editor_text = None
    try:
        editor_text = query_text(canned, values, all_prefixes=False)
    except CannedError:
        editor_text = canned.text
    html = render_template("query.html", canned=canned, fields=fields, variables=variables, table=table,
                           network=network, error=error, truncated=truncated, suffixes=suffixes,
                           query_args=query_args, editor_text=editor_text,
                           row_limit=current_app.config.get("CHAINKG_ROW_LIMIT"))
    return Response(html, status=status, mimetype="text/html")
