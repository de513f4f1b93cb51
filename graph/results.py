"""Query results as bytes, with a row cap and a byte cap that are signalled, never silent.

Why bytes: the service sends the engine's own serialization as it is (no result term
becomes a Python object), and a remote SPARQL server answers in bytes anyway, so the
caps work on serialized results whatever the backend.

The row cap: a SELECT is sent to the engine with ``LIMIT cap+1`` (see
``sparql_text.with_row_limit``), serialized natively, and its rows counted on the
bytes with an exact, format-aware count. If there are more than ``cap`` rows the
extra one is cut and the result says so (``truncated``; in the body a
``"chainkg": {"truncated": true, "rowLimit": N}`` member in SPARQL JSON and a
``<link href="…#truncated"/>`` in the head of SPARQL XML; CSV and TSV have no place
for it beyond the HTTP headers). CONSTRUCT and DESCRIBE are capped at ``cap`` triples.

The byte cap: a row cap does not bound a result's size (one row can hold a string
doubled twenty times: 1 GB from a 1.4 KB query). Serialization writes into a buffer
that stops at ``byte_limit``; the result is then cut after its last complete row (or
triple) and closed, so it stays a valid document, and marked truncated with
``reason: "bytes"``. Memory stays bounded by the cap, not by the result.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from chainkg.graph.formats import RDF_FORMATS, RESULT_FORMATS, by_media
from chainkg.ontology.namespaces import PREFIXES

TRUNCATED_LINK = "https://w3id.org/chainkg/def#truncated"
#: media type -> pyoxigraph format, for SELECT/ASK and for CONSTRUCT/DESCRIBE
RESULT_MEDIA: dict[str, ox.QueryResultsFormat] = {f.media: f.ox for f in RESULT_FORMATS}  # type: ignore[misc]
GRAPH_MEDIA: dict[str, ox.RdfFormat] = {f.media: f.ox for f in RDF_FORMATS}  # type: ignore[misc]


class QueryError(Exception):
    """A query the engine refused or could not finish; ``status`` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str, *, detail: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.detail = detail or {}


class QueryTimeout(QueryError):
    def __init__(self, seconds: float) -> None:
        super().__init__(503, f"the query did not finish within the time limit of {seconds:g} s and was stopped; "
                              "make it more selective, or add a LIMIT")


@dataclass
class QueryResult:
    """The serialized answer: ``body`` in ``media``; ``rows`` counted, ``truncated`` if a cap cut it."""

    kind: str                    # "solutions", "boolean" or "triples"
    media: str
    body: bytes
    rows: int | None = None
    truncated: bool = False
    reason: str = ""             # "rows" or "bytes" when truncated
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class QueryJob:
    """What to run and how to answer: the query, the dataset, the negotiated formats, the caps.

    ``default_graph`` / ``named_graphs``: the protocol's dataset (None: the store's
    default, i.e. the merge of all sources, and every named graph). ``results`` /
    ``graph``: the media type for SELECT/ASK and for CONSTRUCT/DESCRIBE (None: the
    client accepts none). ``row_limit``: the cap (0: none); ``capped``: False when the
    query's own LIMIT is already within it; ``rewritten``: whether a LIMIT was put in
    for the cap. ``byte_limit``: bytes of the serialized result (0: none). ``client``: who asks (the
    query workers give one client a share of them, not all). ``prefixes``: the project's
    prefixes are predeclared (given to the engine, not put in the text, so that the position
    of a syntax error is the query's own).
    """

    query: str
    results: str | None = "application/sparql-results+json"
    graph: str | None = "application/n-triples"
    default_graph: list[str] | None = None
    named_graphs: list[str] | None = None
    base: str | None = None
    row_limit: int = 0
    capped: bool = True
    rewritten: bool = True
    byte_limit: int = 0
    client: str = ""
    #: the project's prefixes (``ckg:``, ``id:`` …) are declared before the query
    prefixes: bool = False

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> QueryJob:
        return cls(**{k: v for k, v in d.items() if k in cls.__dataclass_fields__})


class _Overflow(Exception):
    pass


class CappedBuffer:
    """A binary sink that refuses to grow past ``limit`` bytes (0: no limit)."""

    def __init__(self, limit: int = 0) -> None:
        self.parts: list[bytes] = []
        self.size = 0
        self.limit = limit
        self.overflowed = False

    def write(self, data: bytes) -> int:
        if self.limit and self.size + len(data) > self.limit:
            room = self.limit - self.size
            if room > 0:
                self.parts.append(bytes(data[:room]))
                self.size += room
            self.overflowed = True
            raise _Overflow
        self.parts.append(bytes(data))
        self.size += len(data)
        return len(data)

    def flush(self) -> None:
        pass

    def getvalue(self) -> bytes:
        return b"".join(self.parts)


def serialize_solutions(result: ox.QuerySolutions | ox.QueryBoolean, media: str, byte_limit: int = 0
                        ) -> tuple[bytes, bool]:
    """``result`` serialized as ``media``; (body, cut by the byte cap)."""
    fmt = RESULT_MEDIA[media]
    buf = CappedBuffer(byte_limit)
    try:
        result.serialize(buf, fmt)
    except _Overflow:
        return close_partial(buf.getvalue(), media), True
    except OSError:
        if buf.overflowed:  # pyoxigraph may wrap the sink's exception in an IO error
            return close_partial(buf.getvalue(), media), True
        raise
    return buf.getvalue(), False


def close_partial(body: bytes, media: str) -> bytes:
    """A SELECT result cut anywhere, ended after its last complete row as a valid document."""
    if media == "application/sparql-results+json":
        start = body.find(b'"bindings":[')
        if start < 0:
            return b'{"head":{"vars":[]},"results":{"bindings":[]}}'
        cut = body.rfind(b'},{"')
        body = body[: cut + 1] if cut > start else body[: start + len(b'"bindings":[')]
        return body + b"]}}"
    if media == "application/sparql-results+xml":
        cut = body.rfind(b"</result>")
        if cut < 0:
            cut = body.find(b"<results>")
            return (body[: cut + len(b"<results>")] if cut >= 0 else body) + b"</results></sparql>"
        return body[: cut + len(b"</result>")] + b"</results></sparql>"
    if media == "text/tab-separated-values":
        return body[: body.rfind(b"\n") + 1]
    pos = len(body)
    while True:  # CSV: the last CRLF with an even number of quotes before it
        pos = body.rfind(b"\r\n", 0, pos)
        if pos < 0:
            return b""
        if body.count(b'"', 0, pos) % 2 == 0:
            return body[: pos + 2]


def _ranked(names: list[str], order: list[str]) -> list[str]:
    rank = {n: i for i, n in enumerate(order)}
    return sorted(names, key=lambda n: (rank.get(n, len(rank)), names.index(n)))


def with_projection(body: bytes, media: str, order: list[str]) -> bytes:
    """A serialized SELECT result with its variables sorted by ``order`` (for ``SELECT *``: the order in
    which the query names them, which people read as the projection; Oxigraph lists them sorted,
    ``o, p, s``). JSON and XML name each binding, so only the head is rewritten (a few hundred bytes,
    whatever the result's size); CSV and TSV rows are rewritten column by column."""
    import re

    m = media.split(";", 1)[0].strip().lower()
    head = body[:65536]
    if m in ("application/sparql-results+json", "application/json"):
        found = re.match(rb'\s*\{\s*"head"\s*:\s*\{\s*"vars"\s*:\s*(\[[^\]]*\])', head)
        if not found:
            return body
        names = json.loads(found.group(1))
        new = json.dumps(_ranked(names, order), ensure_ascii=False, separators=(",", ":")).encode()
        return body[:found.start(1)] + new + body[found.end(1):]
    if m in ("application/sparql-results+xml", "application/xml", "text/xml"):
        found = re.search(rb"<head>(.*?)</head>", head, re.DOTALL)
        if not found:
            return body
        variable = re.compile(rb'<variable\s+name="([^"]+)"\s*/>')
        elements = {v.group(1).decode(): v.group(0) for v in variable.finditer(found.group(1))}
        rest = variable.sub(b"", found.group(1))
        names = _ranked(list(elements), order)
        return body[:found.start(1)] + b"".join(elements[n] for n in names) + rest + body[found.end(1):]
    if m == "text/csv":
        import csv
        import io

        rows = list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))
        if not rows:
            return body
        where = [rows[0].index(n) for n in _ranked(rows[0], order)]
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        for row in rows:
            writer.writerow([row[i] if i < len(row) else "" for i in where])
        return out.getvalue().encode("utf-8")
    if m == "text/tab-separated-values":  # tabs and line breaks inside values are escaped in TSV
        lines = body.split(b"\n")
        header = [c.decode().lstrip("?$") for c in lines[0].rstrip(b"\r").split(b"\t")] if lines[0] else []
        where = [header.index(n) for n in _ranked(header, order)]
        return b"\n".join(b"\t".join(line.split(b"\t")[i] for i in where) if line else line for line in lines)
    return body


def count_rows(body: bytes, media: str) -> int:
    """The number of solutions in a serialized SELECT result, exactly, without parsing it.

    JSON: outside strings (a raw ``"`` cannot occur inside one once ``\\\\`` and
    ``\\"`` are removed), each row opens an object right after ``[`` or ``,``; no
    other object does. XML: ``<`` is always escaped in text, so ``<result>`` is
    a row. TSV: one row per line (newlines in literals are escaped). CSV: one row
    per CRLF outside quotes.
    """
    if media == "application/sparql-results+json":
        if b"{}" not in body:
            # Fast path (no empty solution anywhere): rows are separated by ``},{"``, which cannot
            # occur inside a string (its quote would be escaped) nor inside a row (bindings of a
            # row are separated by ``},"``), so one C-level count does it.
            return 0 if b'"bindings":[]' in body else body.count(b'},{"') + 1
        outside = b"".join(body.replace(b"\\\\", b"").replace(b'\\"', b"").split(b'"')[0::2])
        return outside.count(b"[{") + outside.count(b",{")
    if media == "application/sparql-results+xml":
        return body.count(b"<result>")
    if media == "text/tab-separated-values":
        return max(body.count(b"\n") - 1, 0)
    parts = body.split(b'"')
    return max(sum(p.count(b"\r\n") for p in parts[0::2]) - 1, 0)


def cut_rows(body: bytes, media: str, rows: int, cap: int) -> bytes:
    """``body`` without rows past ``cap``, marked as truncated.

    The engine was asked for ``cap + 1`` rows, so normally exactly one row is cut,
    found from the end: in JSON a row boundary ``},{"`` cannot occur inside a
    string (its quote would be escaped) and an empty last row is ``{}]}}``.
    """
    if rows != cap + 1:
        return _cut_generic(body, media, cap)
    if media == "application/sparql-results+json":
        cut = len(body) - 6 if body.endswith(b",{}]}}") else body.rfind(b'},{"') + 1
        return mark_truncated(body[:cut] + b"]}}", media, cap)
    if media == "application/sparql-results+xml":
        return mark_truncated(body[: body.rfind(b"<result>")] + b"</results></sparql>", media, cap)
    if media == "text/tab-separated-values":
        return body[: body.rfind(b"\n", 0, len(body) - 1) + 1]
    pos = len(body) - 2
    while True:  # CSV: the last CRLF before the final one with an even number of quotes after it
        pos = body.rfind(b"\r\n", 0, pos)
        if pos < 0 or body.count(b'"', pos + 2) % 2 == 0:
            return body[: pos + 2] if pos >= 0 else body


def _cut_generic(body: bytes, media: str, cap: int) -> bytes:
    """Keep the first ``cap`` rows of any SELECT result: through TSV, where a row is a line (all native)."""
    fmt = RESULT_MEDIA[media]
    tsv = body if fmt == ox.QueryResultsFormat.TSV else \
        ox.parse_query_results(body, format=fmt).serialize(format=ox.QueryResultsFormat.TSV)
    end = -1
    for _ in range(cap + 1):
        end = tsv.index(b"\n", end + 1)
    tsv = tsv[: end + 1]
    if fmt == ox.QueryResultsFormat.TSV:
        return tsv
    out = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV).serialize(format=fmt)
    return mark_truncated(out, media, cap)


def mark_truncated(body: bytes, media: str, cap: int, reason: str = "rows") -> bytes:
    """Say in the body itself that rows were cut (JSON member, XML head link)."""
    if media == "application/sparql-results+json":
        info: dict[str, Any] = {"truncated": True, "reason": reason}
        if reason == "rows":
            info["rowLimit"] = cap
        else:
            info["byteLimit"] = cap
        return body[:-1] + b',"chainkg":' + json.dumps(info).encode() + b"}"
    if media == "application/sparql-results+xml":
        head_end = body.find(b"</head>")
        if head_end < 0:
            return body
        return body[:head_end] + f'<link href="{TRUNCATED_LINK}"/>'.encode() + body[head_end:]
    return body


def cap_solutions(body: bytes, media: str, job: QueryJob, *, bytes_cut: bool = False) -> QueryResult:
    """Apply the row cap to a serialized SELECT result (cut by the byte cap already or not)."""
    cap = job.row_limit if job.capped else 0
    if bytes_cut:
        rows = count_rows(body, media)
        if cap and rows > cap:
            body = cut_rows(body, media, rows, cap)
            rows = cap
        return QueryResult("solutions", media, mark_truncated(body, media, job.byte_limit, "bytes"), rows=rows,
                           truncated=True, reason="bytes")
    rows = count_rows(body, media)
    if cap and rows > cap:
        return QueryResult("solutions", media, cut_rows(body, media, rows, cap), rows=cap, truncated=True,
                           reason="rows")
    return QueryResult("solutions", media, body, rows=rows)


#: triples taken from the engine at a time by ``serialize_triples``
TRIPLE_CHUNK = 4096


def serialize_triples(triples: Iterable[ox.Triple], media: str, *, row_limit: int = 0, byte_limit: int = 0
                      ) -> QueryResult:
    """CONSTRUCT/DESCRIBE triples as ``media``, at most ``row_limit`` of them and about ``byte_limit`` bytes
    (measured as N-Triples, the longest of the formats but RDF/XML).

    The triples are taken in chunks and each chunk's size is measured by serializing it natively as
    N-Triples (one call per chunk); only the chunk that crosses the byte cap is measured triple by
    triple. Measuring every triple with ``str()`` cost 25-30% of a 40,000-triple CONSTRUCT.
    """
    fmt = GRAPH_MEDIA[media]
    kept: list[ox.Triple] = []
    size = 0
    reason = ""
    it = iter(triples)
    while not reason:
        want = TRIPLE_CHUNK if not row_limit else min(TRIPLE_CHUNK, row_limit - len(kept) + 1)
        chunk = [t for _, t in zip(range(want), it, strict=False)]
        if not chunk:
            break
        if row_limit and len(kept) + len(chunk) > row_limit:
            chunk = chunk[:row_limit - len(kept)]
            reason = "rows"
        if byte_limit:
            grown = size + len(ox.serialize(chunk, format=ox.RdfFormat.N_TRIPLES))
            if grown > byte_limit:
                for i, t in enumerate(chunk):
                    size += len(str(t).encode()) + 3  # the line with " .\n"
                    if size > byte_limit:
                        chunk = chunk[:i]
                        reason = "bytes"
                        break
            else:
                size = grown
        kept.extend(chunk)
    prefixes = PREFIXES if by_media(media, "rdf") and by_media(media, "rdf").prefixed else None  # type: ignore[union-attr]
    body = ox.serialize(kept, format=fmt, prefixes=prefixes)
    return QueryResult("triples", media, body, rows=len(kept), truncated=bool(reason), reason=reason)


def evaluate(result: Any, job: QueryJob) -> QueryResult:  # noqa: ANN401 - a pyoxigraph query result
    """Serialize a pyoxigraph result as ``job`` asks, caps applied; QueryError (406) if no format fits."""
    try:
        if isinstance(result, ox.QueryBoolean):
            if job.results is None:
                raise QueryError(406, "ASK results are available as " + ", ".join(RESULT_MEDIA))
            body, _ = serialize_solutions(result, job.results)
            return QueryResult("boolean", job.results, body)
        if isinstance(result, ox.QueryTriples):
            if job.graph is None:
                raise QueryError(406, "CONSTRUCT and DESCRIBE results are available as " + ", ".join(GRAPH_MEDIA))
            # triple formats have no place for a marker: the HTTP headers say it
            return serialize_triples(result, job.graph, row_limit=job.row_limit if job.capped else 0,
                                     byte_limit=job.byte_limit)
        if job.results is None:
            raise QueryError(406, "SELECT results are available as " + ", ".join(RESULT_MEDIA))
        body, cut = serialize_solutions(result, job.results, job.byte_limit)
        return cap_solutions(body, job.results, job, bytes_cut=cut)
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryError(400, f"query failed: {exc}") from None


def result_from_body(kind: str, media: str, body: bytes, job: QueryJob, *, bytes_cut: bool = False) -> QueryResult:
    """A result that came serialized from a remote server, with the caps applied.

    SELECT and ASK come in ``media``; CONSTRUCT and DESCRIBE come as N-Triples (one triple a
    line, so a body cut by the byte cap still parses up to its last line) and are written
    here in the negotiated ``job.graph`` format.
    """
    if kind == "solutions":
        return cap_solutions(body, media, job, bytes_cut=bytes_cut)
    if kind == "triples":
        if bytes_cut:
            body = body[: body.rfind(b"\n") + 1]
        out = serialize_triples(ox.parse(body, format=ox.RdfFormat.N_TRIPLES), job.graph or media,
                                row_limit=job.row_limit if job.capped else 0, byte_limit=job.byte_limit)
        if bytes_cut:
            out.truncated, out.reason = True, "bytes"
        return out
    return QueryResult(kind, media, body)


_ESCAPE = re.compile(r'\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))')
_ESCAPED = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _unescape(match: re.Match) -> str:
    code = match.group(1) or match.group(2)
    return chr(int(code, 16)) if code else _ESCAPED.get(match.group(3), match.group(0))


def _tsv_value(cell: str) -> str:
    """The lexical value of one TSV cell (an N-Triples term, or a bare number or boolean)."""
    first = cell[0]
    if first == "<":
        return cell[1:-1]
    if first == '"':
        return tsv_literal(cell)[0]
    if cell.startswith("_:"):
        return cell[2:]
    return cell


def tsv_literal(cell: str) -> tuple[str, str]:
    """The lexical value and language tag ("" if none) of a TSV cell that is a literal:
    ``"…"@zh``, ``"…"^^<datatype>``, ``"…"``, or a bare number or boolean."""
    if cell[0] != '"':
        return cell, ""
    end = cell.rindex('"')
    body = cell[1:end]
    if "\\" in body:
        body = _ESCAPE.sub(_unescape, body)
    if cell[end + 1:end + 2] != "@":
        return body, ""
    return body, cell[end + 2:].split("--", 1)[0]  # a base direction (@ar--rtl) is not part of the tag


def tsv_value_rows(tsv: bytes) -> list[dict[str, str]]:
    """SELECT rows as ``{variable: lexical value}`` (unbound variables left out) from a TSV result.

    Why TSV and not the solutions' terms: on 100,000-row scans of the national graph, the
    engine writing TSV and this reading it took 0.6 s where iterating the solutions and
    reading each term's ``value`` took 1.2-1.8 s (``graph.listing.company_rows`` runs eleven).
    """
    lines = tsv.decode("utf-8").split("\n")
    if lines[-1] == "":
        lines.pop()  # the newline after the last row (a row of unbound variables is an empty line too)
    names = [v[1:] for v in lines[0].split("\t")] if lines and lines[0] else []
    return [{name: _tsv_value(cell) for name, cell in zip(names, line.split("\t"), strict=True) if cell}
            for line in lines[1:]]
