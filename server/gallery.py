"""The example questions ("canned queries", as in Datasette): ``.rq`` files in ``server/queries/``.

Why files: an analyst adds a question by adding a ``.rq`` file with a small YAML
header (see ``server/queries/README.md``); no code changes. This module reads them,
binds their parameters and turns results into small networks; ``canned.py`` serves
them as pages (``/queries/<name>`` with ``.csv`` / ``.json`` … twins) and the editor at
``/sparql`` offers them as a gallery.

How parameters are bound: a value from the URL is turned into one SPARQL term (an IRI
checked for forbidden characters, a literal with every quote and backslash escaped, or a
checked number) and put in place of its variable in the WHERE group
(``sparql_text.bind_terms``, as a parameterized query does; Oxigraph plans a FILTER on a
constant far better than on a ``VALUES`` variable: 2 ms against 6 s for one example at
100k companies), or, where the variable is projected or assigned, in a ``VALUES`` block at
the start of the WHERE group. Either way it is one token and cannot change the query's text
around it. (pyoxigraph's ``substitutions=`` would also be safe, but only binds variables
that are projected by the SELECT.) The query then goes through the same guard, time limit
and row cap as any other query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import yaml
from flask import current_app, url_for
from werkzeug.datastructures import MultiDict

from chainkg.graph.query import shorten
from chainkg.graph.sparql_text import analyze, bind_terms, inject_values, sparql_iri, sparql_literal
from chainkg.ontology.namespaces import PREFIXES

QUERIES_DIR = Path(__file__).resolve().parent / "queries"
_NUMBER = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$")


@dataclass
class Param:
    """One form field of an example: a variable of the query left unbound."""

    name: str
    type: str = "string"          # iri, string, number
    label: str = ""               # Chinese
    default: str | None = None
    options: str | None = None    # a ckg: class whose instances fill a drop-down
    label_en: str = ""


@dataclass
class Canned:
    name: str
    path: Path
    title_zh: str
    title_en: str
    description_zh: str
    description_en: str
    order: int
    text: str                      # the query without its header
    params: list[Param] = field(default_factory=list)

    @property
    def description(self) -> str:
        """Both descriptions, for clients of ``/queries.json`` that read one field."""
        return " ".join(d for d in (self.description_zh, self.description_en) if d)

    @property
    def form(self) -> str | None:
        return analyze(self.text).form


class CannedError(ValueError):
    pass


def parse_file(path: Path) -> Canned:
    """Read one ``.rq`` file: ``#+ key: value`` lines (titles and description as written; ``params`` as YAML)."""
    raw = path.read_text(encoding="utf-8")
    meta: dict[str, Any] = {}
    yaml_lines = []
    for line in raw.splitlines():
        if not line.startswith("#+ "):
            continue
        m = re.match(r"^(title_zh|title_en|description_zh|description_en|description|order):\s*(.*)$", line[3:])
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
                            None if default is None else str(default), spec.get("options"),
                            str(spec.get("label_en") or spec.get("label", pname))))
    return Canned(name, path, str(meta.get("title_zh", name)), str(meta.get("title_en", "")),
                  str(meta.get("description_zh", meta.get("description", ""))),
                  str(meta.get("description_en", "")), int(meta.get("order", 1000)), body, params)


_cache: dict[str, Any] = {}


def load_queries() -> dict[str, Canned]:
    """Every example, by name, in gallery order (re-read when a file in the folder changes)."""
    files = sorted(QUERIES_DIR.glob("*.rq"))
    key = tuple((f.name, f.stat().st_mtime_ns) for f in files)
    if _cache.get("key") != key:
        parsed = []
        for f in files:
            try:
                parsed.append(parse_file(f))
            except (CannedError, ValueError, OSError) as exc:  # one broken file must not take the gallery down
                current_app.logger.error("example query skipped: %s", exc)
        items = sorted(parsed, key=lambda c: (c.order, c.name))
        _cache["key"], _cache["queries"] = key, {c.name: c for c in items}
    return _cache["queries"]


def warmup_paths() -> tuple[str, ...]:
    """Each example's page and ``.json`` twin at its defaults, for ``chainkg serve``'s warm-up (``app.WARMUP_PATHS``):
    their answers are kept per store version (``canned``). Read from the file names: no app needed."""
    names = [re.sub(r"^\d+-", "", f.stem) for f in sorted(QUERIES_DIR.glob("*.rq"))]
    return tuple(path for n in names for path in (f"/queries/{n}", f"/queries/{n}.json"))


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


def query_text(canned: Canned, values: dict[str, str], *, all_prefixes: bool = True, declare: bool = True) -> str:
    """The runnable query: prefixes declared (all, or those it uses; none with ``declare=False``, for
    the endpoint, which predeclares them), parameters bound in a VALUES block."""
    terms = {p.name: _term(p, values[p.name]) for p in canned.params}
    text, left = bind_terms(canned.text, analyze(canned.text), terms)
    text = inject_values(text, analyze(text), left)
    if not declare:
        return text
    used = PREFIXES if all_prefixes else {p: iri for p, iri in PREFIXES.items()
                                          if re.search(rf"(?<![\w-]){re.escape(p)}:", text)}
    header = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in used.items())
    return header + "\n" + text


def editor_examples() -> list[dict[str, Any]]:
    """The gallery of the editor: each example with its query, parameters bound to their defaults."""
    out = []
    for c in load_queries().values():
        try:
            # without PREFIX lines: the endpoint predeclares them, the editor lists them beside the query
            text = query_text(c, {p.name: p.default or "" for p in c.params}, declare=False)
        except CannedError:
            continue
        out.append({"name": c.name, "title_zh": c.title_zh, "title_en": c.title_en,
                    "description_zh": c.description_zh, "description_en": c.description_en,
                    "query": text, "url": url_for("canned.query_page", name=c.name)})
    return out


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


