"""What a SPARQL text is about to do, found before the engine sees it.

Why a tokenizer and not a parser: the endpoint must refuse ``SERVICE`` (pyoxigraph
really opens an HTTP connection for it), ``LOAD`` and a dataset naming a graph
that is not in the store *before* execution, within a 2 ms budget per query.
rdflib's ``prepareQuery`` builds a full algebra in pure Python and takes 9-48 ms on
the example questions (measured by ``benchmarks/bench_sparql.py --guard``); this
tokenizer takes 0.11-0.23 ms on the same texts (each with 19 PREFIX lines).
It is sound for the checks it makes because a SPARQL keyword is a bare word, and the
tokenizer recognises everything that can hide a bare word the way the SPARQL grammar
does: IRIs ``<…>``, the four kinds of string (with their escapes), comments, prefixed
names (with ``\\#``-style local escapes), variables, blank node labels and language
tags. Every other word is a keyword, a function name or ``a``; ``SERVICE`` or ``LOAD``
as a bare word anywhere means the query would use it. A region the tokenizer reads as an
IRI cannot hide a ``SERVICE`` group (an IRI cannot contain ``{``), and a quote it cannot
close hides nothing (the rest is still tokenized). Such text, or unbalanced braces, only
marks the analysis ``unsure``: the query is then not rewritten, and the engine's parser
reports the error. As a second line of defence, the query worker processes run without
network access where the kernel allows it (``chainkg.server.sparql_exec``).

Oxigraph does not apply SPARQL's whole-query ``\\uXXXX`` unescaping, but a
later engine might, so the check also runs on the unescaped text when the query
contains such escapes (a keyword spelt ``SERVIC\\u0045`` is refused too).

The same token stream gives: the query form (for content negotiation and for
refusing updates on the query endpoint), the ``FROM`` / ``FROM NAMED`` graphs, the
place to put a ``LIMIT`` for the row cap (before a trailing ``VALUES``, or in place
of a larger ``LIMIT``) and the first brace of the ``WHERE`` group, where the
canned queries inject their parameters as a ``VALUES`` block. For an update,
``plan_update`` finds the graphs it writes and sends its default-graph writes to
``DEFAULT_WRITE_GRAPH`` (see its docstring), which is how every backend keeps the
merged default graph right after an arbitrary SPARQL Update.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

#: Deeper nesting is refused: Oxigraph's recursive parser overflows its stack at a few thousand levels.
MAX_DEPTH = 200
QUERY_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}

_PN_CHARS_BASE = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d\u2070-\u218f" \
    "\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
_PN_CHARS_U = _PN_CHARS_BASE + "_"
_PN_CHARS = _PN_CHARS_U + "\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PN_PREFIX = f"[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?"
_PN_LOCAL = f"(?:[{_PN_CHARS_U}:0-9]|{_PLX})(?:(?:[{_PN_CHARS}.:]|{_PLX})*(?:[{_PN_CHARS}:]|{_PLX}))?"

_TOKEN = re.compile(
    "|".join([
        r"(?P<ws>\s+)",
        r"(?P<comment>#[^\n\r]*)",
        r"(?P<iri><[^<>\"{}|^`\\\x00-\x20]*>)",
        r"(?P<string>\"\"\"(?:(?:\"|\"\")?(?:[^\"\\]|\\.))*\"\"\"|'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''"
        r"|\"(?:[^\"\\\n\r]|\\.)*\"|'(?:[^'\\\n\r]|\\.)*')",
        f"(?P<var>[?$][{_PN_CHARS_U}0-9][{_PN_CHARS_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*)",
        f"(?P<bnode>_:[{_PN_CHARS_U}0-9](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)",
        f"(?P<pname>(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?)",
        r"(?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*(?:--[A-Za-z]+)?)",
        r"(?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)",
        r"(?P<word>[A-Za-z_][A-Za-z0-9_]*)",
        r"(?P<punct>\^\^|&&|\|\||!=|<=|>=|<<|>>|\{\||\|\}|.)",
    ]),
    re.DOTALL,
)
_UNICODE_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


@dataclass
class Token:
    kind: str
    text: str
    start: int
    end: int

    @property
    def upper(self) -> str:
        return self.text.upper()


@dataclass
class QueryInfo:
    """What the guard found in a query or update text."""

    form: str | None = None          # SELECT / ASK / CONSTRUCT / DESCRIBE, "UPDATE", or None
    service: bool = False            # a SERVICE keyword
    load: bool = False               # a LOAD keyword
    unsure: bool = False             # the text does not tokenize like SPARQL
    from_graphs: list[str] = field(default_factory=list)
    from_named: list[str] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)  # FROM with an undeclared prefix
    prefixes: dict[str, str] = field(default_factory=dict)
    base: str | None = None
    where_open: int | None = None    # offset just after the first "{" of the WHERE group
    limit_value: int | None = None   # a top-level LIMIT, and where its number is
    limit_span: tuple[int, int] | None = None
    values_at: int | None = None     # offset of a trailing top-level VALUES clause
    max_depth: int = 0               # deepest nesting of braces and parentheses

    @property
    def has_dataset(self) -> bool:
        return bool(self.from_graphs or self.from_named)


def tokenize(text: str) -> list[Token]:
    """The significant tokens of ``text`` (whitespace and comments dropped)."""
    tokens = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "punct"
        if kind in ("ws", "comment"):
            continue
        tokens.append(Token(kind, m.group(), m.start(), m.end()))
    return tokens


def _expand(tok: Token, info: QueryInfo) -> str | None:
    if tok.kind == "iri":
        iri = tok.text[1:-1]
        return urljoin(info.base, iri) if info.base and ":" not in iri.split("/", 1)[0] else iri
    if tok.kind == "pname":
        prefix, _, local = tok.text.partition(":")
        ns = info.prefixes.get(prefix)
        if ns is None:
            return None
        return ns + re.sub(r"\\(.)", r"\1", local)
    return None


def analyze(text: str, prefixes: dict[str, str] | None = None) -> QueryInfo:
    """Read a query or an update: its form, dataset, and the keywords the endpoint refuses.

    ``prefixes`` are declared before the text (as the service predeclares the project's).
    """
    info = _analyze(text, prefixes)
    if _UNICODE_ESCAPE.search(text):
        def unescape(m: re.Match[str]) -> str:
            try:
                return chr(int(m.group(1) or m.group(2), 16))
            except (ValueError, OverflowError):
                return m.group()
        other = _analyze(_UNICODE_ESCAPE.sub(unescape, text), prefixes)
        info.service |= other.service
        info.load |= other.load
        info.max_depth = max(info.max_depth, other.max_depth)
        if other.form == "UPDATE":
            info.form = "UPDATE"
    return info


def _analyze(text: str, prefixes: dict[str, str] | None = None) -> QueryInfo:
    info = QueryInfo(prefixes=dict(prefixes or {}))
    tokens = tokenize(text)
    n = len(tokens)
    i = 0
    # prologue: BASE <iri> / PREFIX p: <iri>
    while i < n and tokens[i].kind == "word" and tokens[i].upper in ("BASE", "PREFIX"):
        if tokens[i].upper == "BASE" and i + 1 < n and tokens[i + 1].kind == "iri":
            info.base = _expand(tokens[i + 1], info)
            i += 2
        elif tokens[i].upper == "PREFIX" and i + 2 < n and tokens[i + 1].kind == "pname" \
                and tokens[i + 2].kind == "iri":
            info.prefixes[tokens[i + 1].text[:-1]] = _expand(tokens[i + 2], info) or ""
            i += 3
        else:
            break
    if i < n and tokens[i].kind == "word":
        word = tokens[i].upper
        if word in QUERY_FORMS:
            info.form = word
        elif word in UPDATE_WORDS:
            info.form = "UPDATE"
    form_at = i
    depth = paren = 0
    where_closed_at = None
    construct_template = info.form == "CONSTRUCT" and form_at + 1 < n and tokens[form_at + 1].text == "{"
    groups_seen = 0
    for j in range(n):
        tok = tokens[j]
        if tok.kind == "punct":
            if tok.text in ("\"", "'", "<"):
                # a quote the string patterns could not close, or an IRI that never ends
                if tok.text != "<" or _looks_like_open_iri(text, tok.start):
                    info.unsure = True
            elif tok.text == "{":
                info.max_depth = max(info.max_depth, depth + paren + 1)
                if depth == 0 and paren == 0 and j > form_at and info.where_open is None:
                    groups_seen += 1
                    if not construct_template or groups_seen == 2:
                        info.where_open = tok.end
                depth += 1
            elif tok.text == "}":
                depth -= 1
                if depth == 0 and paren == 0 and info.where_open is not None and where_closed_at is None:
                    where_closed_at = j
            elif tok.text == "(":
                paren += 1
                info.max_depth = max(info.max_depth, depth + paren)
            elif tok.text == ")":
                paren -= 1
            continue
        if tok.kind != "word":
            continue
        word = tok.upper
        if word == "SERVICE":
            info.service = True
        elif word == "LOAD":
            info.load = True
        elif word == "FROM":
            k = j + 1
            named = k < n and tokens[k].kind == "word" and tokens[k].upper == "NAMED"
            if named:
                k += 1
            if k < n and tokens[k].kind in ("iri", "pname"):
                iri = _expand(tokens[k], info)
                if iri is None:
                    info.unresolved.append(tokens[k].text)
                else:
                    (info.from_named if named else info.from_graphs).append(iri)
        elif where_closed_at is not None and j > where_closed_at and depth == 0 and paren == 0:
            if word == "LIMIT" and j + 1 < n and tokens[j + 1].kind == "number" and tokens[j + 1].text.isdigit():
                info.limit_value = int(tokens[j + 1].text)
                info.limit_span = (tokens[j + 1].start, tokens[j + 1].end)
            elif word == "VALUES" and info.values_at is None:
                info.values_at = tok.start
    if depth != 0 or paren != 0:
        info.unsure = True
    return info


def _looks_like_open_iri(text: str, at: int) -> bool:
    """A lone ``<`` is a comparison unless it starts something that looks like an unclosed IRI."""
    rest = text[at + 1: at + 2]
    return bool(rest) and not rest.isspace() and rest not in "?$=(<0123456789\"'-+!"


def star_order(text: str) -> list[str] | None:
    """For a ``SELECT *`` query, its variables in the order they first appear (the projection order a
    person reads; engines may give them sorted); None for any other query."""
    tokens = tokenize(text)
    at = next((i for i, t in enumerate(tokens) if t.kind == "word" and t.text.upper() == "SELECT"), None)
    if at is None:
        return None
    nxt = at + 1
    while nxt < len(tokens) and tokens[nxt].kind == "word" and tokens[nxt].text.upper() in ("DISTINCT", "REDUCED"):
        nxt += 1
    if nxt >= len(tokens) or tokens[nxt].text != "*":
        return None
    return list(dict.fromkeys(t.text[1:] for t in tokens[nxt:] if t.kind == "var"))


def with_row_limit(text: str, info: QueryInfo, cap: int) -> tuple[str, bool]:
    """``text`` asking the engine for at most ``cap + 1`` solutions, and whether a cap applies at all.

    One more than the cap is asked for so that the executor can tell a result that
    was cut from one that has exactly ``cap`` rows. Returns ``(text, False)`` when the
    query's own LIMIT is already within the cap (nothing can be cut).
    """
    if info.form != "SELECT" or info.unsure or info.where_open is None:
        return text, True
    if info.limit_value is not None and info.limit_span is not None:
        if info.limit_value <= cap:
            return text, False
        a, b = info.limit_span
        return text[:a] + str(cap + 1) + text[b:], True
    if info.values_at is not None:
        return text[:info.values_at] + f"LIMIT {cap + 1}\n" + text[info.values_at:], True
    return f"{text}\nLIMIT {cap + 1}", True


def inject_values(text: str, info: QueryInfo, bindings: dict[str, str]) -> str:
    """``text`` with a ``VALUES`` block binding each variable to an already-escaped SPARQL term.

    The block goes right after the opening brace of the WHERE group, so the
    bindings join the group like inline data. Terms must come from ``sparql_term``.
    """
    if not bindings or info.where_open is None:
        return text
    names = list(bindings)
    block = "\n  VALUES (" + " ".join(f"?{n}" for n in names) + ") { (" + " ".join(bindings[n] for n in names) + ") }"
    return text[:info.where_open] + block + text[info.where_open:]


_IRI_OK = re.compile(r"^[^<>\"{}|^`\\\x00-\x20]+$")


def bind_terms(text: str, info: QueryInfo, bindings: dict[str, str]) -> tuple[str, dict[str, str]]:
    """``text`` with each variable of ``bindings`` replaced by its already-escaped term, where that keeps the
    query's meaning; returns the text and the bindings it left (for ``inject_values``).

    Why not a ``VALUES`` block for every parameter: Oxigraph plans a FILTER on a variable of a ``VALUES``
    block as if it kept every row, and joins the large patterns first. Measured on the generated 100k graph:
    the statistics whose metric contains a keyword took 6 s with ``VALUES ?keyword { "专精特新" }`` and 2 ms
    with the literal in the FILTER. A term in place of its variable is what a parameterized query does
    (Jena's ``ParameterizedSparqlString``), and the query then reads as a person would write it. A variable
    is replaced only if every occurrence is inside the WHERE group and none is projected by a sub-SELECT,
    assigned (``AS ?v``), named by ``VALUES`` or after ``BY``; otherwise it stays for the ``VALUES`` block.
    Unlike a ``VALUES`` block after the WHERE group, a term written in place also binds the variable inside
    a sub-SELECT that uses it without projecting it: there it is the parameter too, which is what the
    example questions mean by it.
    The terms come from ``sparql_iri`` / ``sparql_literal`` (or a checked number): one token each, so a value
    cannot change the text around it.
    """
    if not bindings or info.where_open is None or info.unsure:
        return text, dict(bindings)
    tokens = tokenize(text)
    where_end = len(text)
    depth = 1
    for tok in tokens:
        if tok.start < info.where_open or tok.kind != "punct":
            continue
        if tok.text == "{":
            depth += 1
        elif tok.text == "}":
            depth -= 1
            if depth == 0:
                where_end = tok.start
                break
    places: dict[str, list[Token]] = {name: [] for name in bindings}
    blocked: set[str] = set()
    in_projection = in_values = False
    prev: Token | None = None
    for tok in tokens:
        if tok.kind == "word":
            word = tok.upper
            if word == "SELECT":
                in_projection = True
            elif word in ("WHERE", "FROM"):
                in_projection = False
            elif word == "VALUES":
                in_values = True
        elif tok.kind == "punct" and tok.text == "{":
            in_projection = in_values = False
        elif tok.kind == "var" and tok.text[1:] in places:
            name = tok.text[1:]
            inside = info.where_open <= tok.start < where_end
            assigned = prev is not None and prev.kind == "word" and prev.upper in ("AS", "BY")
            if not inside or assigned or in_projection or in_values:
                blocked.add(name)
            places[name].append(tok)
        prev = tok
    spans = sorted(((tok.start, tok.end, bindings[name]) for name, toks in places.items()
                    if name not in blocked for tok in toks), reverse=True)
    for start, end, term in spans:
        text = text[:start] + term + text[end:]
    return text, {name: term for name, term in bindings.items() if name in blocked or not places[name]}


def sparql_iri(value: str) -> str:
    """``<value>`` if ``value`` is a plain absolute IRI; ValueError otherwise (no injection through IRIs)."""
    if not _IRI_OK.match(value) or not re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*:", value):
        raise ValueError(f"not an absolute IRI: {value!r}")
    return f"<{value}>"


def sparql_literal(value: str, lang: str | None = None, datatype: str | None = None) -> str:
    """A SPARQL string literal with every character that could end it escaped."""
    escaped = (value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               .replace("\r", "\\r").replace("\t", "\\t"))
    term = f'"{escaped}"'
    if lang:
        if not re.match(r"^[A-Za-z]+(?:-[A-Za-z0-9]+)*$", lang):
            raise ValueError(f"bad language tag: {lang!r}")
        return term + "@" + lang
    if datatype:
        return term + "^^" + sparql_iri(datatype)
    return term


#: Where writes addressed to the default graph go. The default graph that queries see is the
#: merge of every named graph, maintained by the store; what a client writes "to the default
#: graph" (SPARQL Update without GRAPH, the Graph Store Protocol's ``?default``) is kept in this
#: named graph, which is merged like any other source.
DEFAULT_WRITE_GRAPH = "https://w3id.org/chainkg/graph/default"


@dataclass
class UpdatePlan:
    """An update as it will be run: its text, and the named graphs it may write.

    ``targets`` is None when the update may write any graph (a variable graph in a
    template, ``CLEAR ALL``/``NAMED``, or text that does not tokenize like SPARQL).
    """

    text: str
    targets: set[str] | None


def plan_update(text: str) -> UpdatePlan:
    """``text`` with its default-graph writes sent to ``DEFAULT_WRITE_GRAPH``, and the graphs it writes.

    Rewritten, token by token (the text between tokens is kept as it is):

    - triples of an INSERT/DELETE template outside any ``GRAPH`` block, in an operation
      without ``WITH``: wrapped in ``GRAPH <DEFAULT_WRITE_GRAPH> { … }`` (``DELETE WHERE``
      then matches that graph too);
    - ``CLEAR``/``DROP DEFAULT`` and ``DEFAULT`` as the target of ``ADD``/``COPY``/``MOVE``
      (and as the source of ``MOVE``, which clears it): ``GRAPH <DEFAULT_WRITE_GRAPH>``.

    Reading the default graph (a WHERE clause, ``ADD DEFAULT TO <g>``) reads the merge.
    """
    tokens = tokenize(text)
    info = QueryInfo()
    targets: set[str] | None = set()
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement)
    default_ref = f"GRAPH <{DEFAULT_WRITE_GRAPH}>"
    n = len(tokens)
    i = 0
    with_graph = False

    def graph_name(tok: Token) -> str | None:
        return _expand(tok, info) if tok.kind in ("iri", "pname") else None

    def template(start: int) -> int:
        """Walk the template whose ``{`` is tokens[start]; returns the index after its ``}``."""
        nonlocal targets
        depth = 0
        j = start
        run: tuple[int, int] | None = None  # token indexes of a run of default-graph content

        def close_run() -> None:
            nonlocal run, targets
            if run is not None and not with_graph:
                a, b = tokens[run[0]].start, tokens[run[1]].end
                edits.append((a, a, default_ref + " { "))
                edits.append((b, b, " }"))
                if targets is not None:
                    targets.add(DEFAULT_WRITE_GRAPH)
            run = None

        while j < n:
            tok = tokens[j]
            if tok.text == "{":
                depth += 1
                if depth == 1:
                    j += 1
                    continue
            elif tok.text == "}":
                depth -= 1
                if depth == 0:
                    close_run()
                    return j + 1
            if depth == 1 and tok.kind == "word" and tok.upper == "GRAPH":
                close_run()
                name = tokens[j + 1] if j + 1 < n else None
                if name is None or name.kind == "var":
                    targets = None
                elif targets is not None:
                    iri = graph_name(name)
                    if iri is None:
                        targets = None
                    else:
                        targets.add(iri)
                # skip the graph's block
                k = j + 2
                d = 0
                while k < n:
                    if tokens[k].text == "{":
                        d += 1
                    elif tokens[k].text == "}":
                        d -= 1
                        if d == 0:
                            break
                    k += 1
                j = k + 1
                continue
            if depth >= 1:
                run = (run[0] if run else j, j)
            j += 1
        return j

    def graph_ref(j: int, *, rewrite_default: bool) -> int:
        """A GraphOrDefault / GraphRef at tokens[j]; records the target; returns the next index."""
        nonlocal targets
        if j >= n:
            return j
        tok = tokens[j]
        if tok.kind == "word" and tok.upper == "DEFAULT":
            if rewrite_default:
                edits.append((tok.start, tok.end, default_ref))
                if targets is not None:
                    targets.add(DEFAULT_WRITE_GRAPH)
            return j + 1
        if tok.kind == "word" and tok.upper in ("ALL", "NAMED"):
            targets = None
            return j + 1
        if tok.kind == "word" and tok.upper == "GRAPH":
            j += 1
            tok = tokens[j] if j < n else tok
        iri = graph_name(tok)
        if iri is None:
            targets = None
        elif targets is not None:
            targets.add(iri)
        return j + 1

    while i < n:
        tok = tokens[i]
        if tok.kind != "word":
            if tok.text == ";":
                with_graph = False
            i += 1
            continue
        word = tok.upper
        if word == "BASE" and i + 1 < n and tokens[i + 1].kind == "iri":
            info.base = _expand(tokens[i + 1], info)
            i += 2
        elif word == "PREFIX" and i + 2 < n and tokens[i + 1].kind == "pname" and tokens[i + 2].kind == "iri":
            info.prefixes[tokens[i + 1].text[:-1]] = _expand(tokens[i + 2], info) or ""
            i += 3
        elif word == "WITH":
            with_graph = True
            i = graph_ref(i + 1, rewrite_default=False)
        elif word in ("INSERT", "DELETE"):
            j = i + 1
            if j < n and tokens[j].kind == "word" and tokens[j].upper in ("DATA", "WHERE"):
                j += 1
            if j < n and tokens[j].text == "{":
                i = template(j)
            else:
                i = j
        elif word in ("CLEAR", "DROP"):
            j = i + 1
            if j < n and tokens[j].kind == "word" and tokens[j].upper == "SILENT":
                j += 1
            i = graph_ref(j, rewrite_default=True)
        elif word == "CREATE":
            j = i + 1
            if j < n and tokens[j].kind == "word" and tokens[j].upper == "SILENT":
                j += 1
            i = graph_ref(j, rewrite_default=True)
        elif word in ("ADD", "COPY", "MOVE"):
            j = i + 1
            if j < n and tokens[j].kind == "word" and tokens[j].upper == "SILENT":
                j += 1
            source = j
            if word == "MOVE":
                j = graph_ref(j, rewrite_default=True)
            else:
                j = source + (2 if source < n and tokens[source].upper == "GRAPH" else 1)
            if j < n and tokens[j].kind == "word" and tokens[j].upper == "TO":
                j = graph_ref(j + 1, rewrite_default=True)
            i = j
        elif word == "WHERE":
            # skip the WHERE group: it only reads
            j = i + 1
            if j < n and tokens[j].text == "{":
                d = 0
                while j < n:
                    if tokens[j].text == "{":
                        d += 1
                    elif tokens[j].text == "}":
                        d -= 1
                        if d == 0:
                            break
                    j += 1
            i = j + 1
        else:
            i += 1
    if _analyze(text).unsure:
        targets = None
    out = text
    for start, end, repl in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        out = out[:start] + repl + out[end:]
    return UpdatePlan(out, targets)
