"""The HTTP rules of the service, in one place: parameters, IRIs, media types, errors, refusals, the token.

Every route that reads parameters, checks an IRI, negotiates a format, refuses a query
or answers an error does it through this module, so that a rule is written once:

- **Parameters** are parsed strictly: URL and form bodies must be percent-encoded
  UTF-8 (werkzeug would silently replace bad bytes), a body in another charset is 415.
- **IRIs** from a request are checked before they reach a query (``check_iri``).
- **Negotiation** (``negotiate``) picks a format of ``chainkg.graph.formats`` from the
  ``Accept`` header — q-values, wildcards, and parameters such as ``;charset=utf-8`` or
  ``;profile=…`` that do not change the format (werkzeug's ``best_match`` compares them,
  so ``text/csv; charset=utf-8`` would get 406) — or from ``format=``/``output=``, with the
  aliases SPARQLWrapper, Jena and Virtuoso clients send (``n3``, ``rdf+xml``, ``srj`` …).
- **Errors** are answered in the client's terms: an HTML page for a browser, text for a
  SPARQL client or curl, JSON for everything else (``error_response``).
- **Refusals** (``refuse``): ``SERVICE`` and ``LOAD`` (no request makes the server connect
  anywhere), updates on the query endpoint, queries nested deeper than the engine can
  parse — one policy for ``/sparql`` and ``/update``.
- **The update token** (``require_token``): ``Authorization: Bearer <token>``; the scheme
  is case-insensitive and the token is compared in constant time after trimming spaces
  (RFC 6750 allows one space between them; more are tolerated, nothing else is).
"""

from __future__ import annotations

import hmac
import re
from urllib.parse import parse_qsl

from flask import Response, abort, current_app, jsonify, render_template, request
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

from chainkg.graph.formats import FORMATS, Format, by_name
from chainkg.graph.sparql_text import MAX_DEPTH, QueryInfo

FORM_MEDIA = "application/x-www-form-urlencoded"
QUERY_MEDIA = "application/sparql-query"
UPDATE_MEDIA = "application/sparql-update"
HTML = "text/html"


def bad(status: int, message: str) -> None:
    """Stop the request with ``status`` and ``message`` (never returns)."""
    abort(status, description=message)


# -- parameters ----------------------------------------------------------------------------------


def args() -> MultiDict:
    """URL parameters, refusing bytes that are not UTF-8 (werkzeug replaces them)."""
    raw = request.query_string
    try:
        # raw UTF-8 (what curl sends for 洛钼) is read as UTF-8; other bytes, raw or percent-encoded, are refused
        return MultiDict(parse_qsl(raw.decode("utf-8"), keep_blank_values=True, encoding="utf-8",
                                   errors="strict", max_num_fields=1000))
    except UnicodeDecodeError:
        bad(400, "the URL is not percent-encoded UTF-8")
    except ValueError as exc:
        bad(400, f"the URL parameters cannot be read: {exc}")
    return MultiDict()  # not reached


def check_charset() -> None:
    charset = request.mimetype_params.get("charset")
    if charset and charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
        bad(415, f"charset={charset} is not supported: send the request body in UTF-8")


def form_body() -> MultiDict:
    """The form body decoded strictly as UTF-8."""
    check_charset()
    raw = request.get_data(cache=True)
    try:
        text = raw.decode("ascii")
        pairs = parse_qsl(text, keep_blank_values=True, strict_parsing=False, encoding="utf-8", errors="strict",
                          max_num_fields=1000)
    except UnicodeDecodeError:
        bad(400, "the form body is not UTF-8 (percent-encode the UTF-8 bytes of the query)")
    except ValueError as exc:
        bad(400, f"the form body cannot be read: {exc}")
    return MultiDict(pairs)


def body_text() -> str:
    """The request body as UTF-8 text (415 for another charset, 400 for bytes that are not UTF-8)."""
    check_charset()
    try:
        return request.get_data(cache=True).decode("utf-8")
    except UnicodeDecodeError as exc:
        bad(400, f"the request body is not valid UTF-8 (byte {exc.start})")
    return ""  # not reached


def int_arg(params: MultiDict, name: str, default: int, low: int, high: int) -> int:
    """A whole-number parameter within [low, high]; 400 with a message otherwise."""
    raw = params.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        bad(400, f"{name} must be a whole number")
    if not low <= value <= high:
        bad(400, f"{name} is between {low} and {high}")
    return value


# -- IRIs -----------------------------------------------------------------------------------------

_IRI_FORBIDDEN = re.compile(r"[<>\"{}|^`\\\x00-\x20\x7f]")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


def is_iri(value: str) -> bool:
    """Whether ``value`` is an absolute IRI that can go between ``<…>`` in SPARQL."""
    return bool(value) and not _IRI_FORBIDDEN.search(value) and bool(_SCHEME.match(value))


def is_http_iri(value: str) -> bool:
    return is_iri(value) and value.startswith(("http://", "https://"))


def check_iri(value: str, what: str = "IRI") -> str:
    """``value`` if it is an absolute IRI; 400 naming ``what`` otherwise."""
    if not is_iri(value):
        bad(400, f"not an absolute {what}: {value[:200]!r}")
    return value


# -- negotiation ---------------------------------------------------------------------------------


def _accept_ranges(header: str) -> list[tuple[str, str, float]]:
    """``(type, subtype, q)`` of each media range, parameters other than q dropped."""
    out = []
    for part in header.split(","):
        if not part.strip():
            continue
        bits = [b.strip() for b in part.split(";")]
        media = bits[0].lower()
        q = 1.0
        for b in bits[1:]:
            if b.lower().startswith("q="):
                try:
                    q = max(0.0, min(1.0, float(b[2:])))
                except ValueError:
                    q = 0.0
        main, _, sub = media.partition("/")
        out.append((main, sub or "*", q))
    return out


def quality(ranges: list[tuple[str, str, float]], media: str) -> float:
    """The q of ``media`` under the most specific matching range (0 when none matches)."""
    main, _, sub = media.partition("/")
    best, specificity = 0.0, -1
    for rm, rs, q in ranges:
        if rm == main and rs == sub:
            spec = 2
        elif rm == main and rs == "*":
            spec = 1
        elif rm == "*":
            spec = 0
        else:
            continue
        if spec > specificity:
            best, specificity = q, spec
    return best


def negotiate(offers: list[Format | str], *, fmt: str | None = None, kind: str | None = None,
              default_first: bool = True) -> Format | str | None:
    """The offer the client prefers (see ``choose``), or None when nothing acceptable is offered."""
    choice = choose(offers, fmt=fmt, kind=kind, default_first=default_first)
    return choice[0] if choice else None


def choose(offers: list[Format | str], *, fmt: str | None = None, kind: str | None = None,
           default_first: bool = True) -> tuple[Format | str, str] | None:
    """(offer, media type to answer with) that the client prefers.

    ``fmt`` (``format=``/``output=``) wins when it names an offer. Otherwise the ``Accept``
    header decides: each offer's q is that of the most specific range matching its media
    type or one of its aliases; ties go to a match of the canonical type, then to the
    order of ``offers`` (the server's preference). The answer uses the media type the
    client named (``application/json`` stays ``application/json``). No Accept header, or
    only ``*/*``, gives the first offer. An unknown ``fmt`` falls back to an Accept header
    that names a type (SPARQLWrapper sends both); with nothing else to go by it is a 400.
    """
    header = request.headers.get("Accept", "")
    ranges = _accept_ranges(header) if header.strip() else []
    if fmt:
        named = by_name(fmt, kind)
        if named is not None and named in offers:
            return named, named.media
        low = fmt.strip().lower()
        if low in offers:
            return low, low
        if not any(m != "*" for m, _, _ in ranges):
            return None
    if not ranges:
        if not (default_first and offers):
            return None
        first = offers[0]
        return first, first if isinstance(first, str) else first.media
    best: tuple[float, int, int] = (0.0, 0, 0)
    chosen: tuple[Format | str, str] | None = None
    for index, offer in enumerate(offers):
        medias = [offer] if isinstance(offer, str) else [offer.media, *offer.media_aliases]
        for rank, media in enumerate(medias):
            q = quality(ranges, media)
            key = (q, 1 if rank == 0 else 0, -index)
            if q > 0 and key > best:
                best = key
                exact = any(rm == media.split("/")[0] and rs == media.split("/")[1] for rm, rs, _ in ranges)
                canonical = medias[0]
                chosen = (offer, media if exact else canonical)
    return chosen


def accepts(media: str) -> float:
    """The q the client gives ``media`` (1 without an Accept header)."""
    header = request.headers.get("Accept", "")
    return 1.0 if not header.strip() else quality(_accept_ranges(header), media)


def offers_of(kind: str) -> list[Format]:
    """Every format of ``kind`` that can be served, in order of preference."""
    return [f for f in FORMATS if f.kind == kind and not f.parse_only]


def wants_html() -> bool:
    """A browser: it names text/html in Accept, and likes it at least as much as JSON and plain text."""
    header = request.headers.get("Accept", "")
    ranges = _accept_ranges(header)
    named = [q for m, sub, q in ranges if m == "text" and sub == "html"]
    if not named or max(named) <= 0:
        return False
    html = quality(ranges, HTML)
    return html >= quality(ranges, "application/json") and html >= quality(ranges, "text/plain")


# -- errors ---------------------------------------------------------------------------------------


def status_name(status: int) -> str:
    """The standard name of an HTTP status ("Service Unavailable")."""
    return HTTP_STATUS_CODES.get(status, "Error")


def error_response(status: int, title: str, message: str, *, detail: dict | None = None,
                   plain: bool = False) -> Response:
    """An error in the client's terms: HTML for a browser, text for SPARQL clients, else JSON."""
    if wants_html():
        return Response(render_template("error.html", status=status, title=title, message_text=message,
                                        detail=detail or {}),
                        status=status, mimetype="text/html")
    if plain or request.path.startswith(("/sparql", "/update", "/rdf-graph-store")) or \
            negotiate(["application/json", "text/plain"], default_first=False) == "text/plain":
        return Response(f"{status} {title}: {message}\n", status=status, mimetype="text/plain")
    response = jsonify(error=title, message=message, status=status, **({"detail": detail} if detail else {}))
    response.status_code = status
    return response


def http_error(exc: HTTPException) -> Response:
    """The app's handler for every HTTPException (abort, 404s, 405s)."""
    detail = getattr(exc, "detail", None)
    response = error_response(exc.code or 500, exc.name, exc.description or exc.name, detail=detail)
    response.headers.update(getattr(exc, "extra_headers", {}))
    if exc.response is not None:
        for key in ("WWW-Authenticate", "Allow", "Retry-After"):
            if key in exc.response.headers:
                response.headers[key] = exc.response.headers[key]
    if exc.code == 405 and "Allow" not in response.headers:
        valid = getattr(exc, "valid_methods", None)
        if valid:
            response.headers["Allow"] = ", ".join(valid)
    return response


class DetailedError(HTTPException):
    """An HTTP error with machine-readable detail (a syntax error's position, …)."""

    def __init__(self, code: int, description: str, detail: dict | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(description=description)
        self.code = code
        self.detail = detail or {}
        self.extra_headers = headers or {}

    @property
    def name(self) -> str:  # type: ignore[override]
        return status_name(self.code or 500)


# -- refusals -------------------------------------------------------------------------------------


def refuse(info: QueryInfo, *, endpoint: str) -> None:
    """The one refusal policy of ``/sparql`` (``endpoint="query"``) and ``/update`` (``"update"``)."""
    if info.service:
        bad(400, "SERVICE (federated query) is not allowed: this service never connects to other hosts")
    if info.load:
        bad(400, "LOAD is not allowed: this service never fetches data from other hosts"
                 + ("; PUT the data to /rdf-graph-store instead" if endpoint == "update" else ""))
    if info.max_depth > MAX_DEPTH:
        bad(400, f"the request nests groups or parentheses {info.max_depth} deep; at most {MAX_DEPTH} are allowed")
    if endpoint == "query" and info.form == "UPDATE":
        bad(400, "this is the query endpoint: POST updates to /update (SPARQL 1.1 Update; needs a token)")
    if endpoint == "update" and info.form in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
        bad(400, "this is a query: send it to /sparql")


# -- the update token -----------------------------------------------------------------------------


def require_token() -> None:
    """404 when the service is read-only; 401 unless the request carries the update token."""
    token = current_app.config.get("CHAINKG_UPDATE_TOKEN")
    if not token:
        abort(404, description="this service is read-only (no update token is configured)")
    header = request.headers.get("Authorization", "")
    scheme, _, given = header.strip().partition(" ")
    ok = scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), str(token).encode())
    if not ok:
        response = Response("401 Unauthorized: send the update token as 'Authorization: Bearer <token>'\n",
                            status=401, mimetype="text/plain")
        response.headers["WWW-Authenticate"] = 'Bearer realm="chainkg"'
        abort(response)


def has_token() -> bool:
    """Whether the request carries the update token (for pages that show more to its holder)."""
    token = current_app.config.get("CHAINKG_UPDATE_TOKEN")
    if not token:
        return False
    scheme, _, given = request.headers.get("Authorization", "").strip().partition(" ")
    cookie = request.cookies.get("chainkg_token", "")
    return (scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), str(token).encode())) or \
        (bool(cookie) and hmac.compare_digest(cookie.encode(), str(token).encode()))
