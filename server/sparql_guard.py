"""What a SPARQL request is about to do, found before the engine sees it.

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
canned queries inject their parameters as a ``VALUES`` block.
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


def analyze(text: str) -> QueryInfo:
    """Read a query or an update: its form, dataset, and the keywords the endpoint refuses."""
    info = _analyze(text)
    if _UNICODE_ESCAPE.search(text):
        def unescape(m: re.Match[str]) -> str:
            try:
                return chr(int(m.group(1) or m.group(2), 16))
            except (ValueError, OverflowError):
                return m.group()
        other = _analyze(_UNICODE_ESCAPE.sub(unescape, text))
        info.service |= other.service
        info.load |= other.load
        info.max_depth = max(info.max_depth, other.max_depth)
        if other.form == "UPDATE":
            info.form = "UPDATE"
    return info


def _analyze(text: str) -> QueryInfo:
    info = QueryInfo()
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
