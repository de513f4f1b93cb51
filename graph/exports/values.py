"""Value conversion shared by every network exporter (GEXF, GraphML, CSV).

Why this module exists: a networkx projection of RDF data carries rdflib
``Literal`` objects, ``Decimal`` (xsd:decimal), ``datetime.date`` (xsd:date),
integers bigger than 64 bits, numpy scalars from analytics, lists (multi-valued
properties) and ``None``. networkx's own writers refuse most of these
(``TypeError: attribute value type is not allowed``), write others with the
wrong type (``2**70`` as GEXF ``long``, which overflows Java's long in Gephi;
``numpy.int64`` as ``int``, which is not a GEXF type at all) and copy control
characters into the XML, which makes the file unparseable. Every exporter
therefore first turns each value into a *plain* value with :func:`to_plain`,
observes all plain values of a column with :class:`ColumnTyper` to give the
column exactly one type, then prints each value for that type with
:func:`format_value`.

Decisions (also in docs/exports.md):

- ``None``, empty strings (after cleaning), empty lists, NaN and infinities are
  *absent*: the value is omitted, never written as ``""``, ``"None"`` or
  ``"nan"`` (Gephi's Java parser reads neither ``nan`` nor ``inf``).
- ``Decimal`` and xsd:decimal/double/float literals become ``double``.
- Dates, times and date-times (Python or xsd) become strings in ISO 8601 /
  their lexical form; GEXF has no date attribute type and Gephi's dynamic
  ``start``/``end`` are not what these values mean.
- Integers: ``integer`` when every value of the column fits Java's int,
  ``long`` when they fit Java's long, ``biginteger`` otherwise, so ``2**70`` is
  kept whole.
- A column that mixes integers and floats is ``double``; a column that mixes
  anything else (numbers and strings, booleans and numbers, IRIs and strings)
  is ``string``, each value printed canonically (``true``, ``42``, ``1.5``).
- A column that mixes lists and single values is a list column: a single value
  is written as a one-element list. Lists are GEXF list types
  (``liststring``, ``listdouble``, ...), printed as JSON arrays
  (``["a", "b"]``, ``[1, 2]``), the bracketed, comma-separated, double-quoted
  form Gephi's array parser reads. Sets are sorted so output is stable.
- Control characters (C0 except tab, line feed and carriage return; DEL; C1),
  lone surrogates and U+FFFE/U+FFFF are removed from every string: XML 1.0
  cannot carry them and they never mean anything in this data. Tab, line feed
  and carriage return are kept in string values (escaped as character
  references by the XML writers) but become spaces in labels, kinds and list
  items.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Set
from decimal import Decimal
from typing import IO, Any

from rdflib.term import BNode, Literal, URIRef

__all__ = [
    "INT32",
    "INT64",
    "IRI",
    "LIST_TYPES",
    "ColumnTyper",
    "Plain",
    "clean_text",
    "clean_token",
    "format_value",
    "graphml_type",
    "number_or_none",
    "text_of",
    "to_plain",
]

INT32 = (-(2**31), 2**31 - 1)
INT64 = (-(2**63), 2**63 - 1)


class IRI(str):
    """A string known to be an IRI (from an rdflib ``URIRef``): GEXF ``anyURI``."""

    __slots__ = ()


#: What :func:`to_plain` returns: a scalar or a list of scalars, never ``None``
#: inside a list.
Plain = bool | int | float | str | list

_REMOVE = (
    [c for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)]
    + list(range(0x7F, 0xA0))
    + list(range(0xD800, 0xE000))
    + [0xFFFE, 0xFFFF]
)
_REMOVE_TABLE: dict[int, None] = dict.fromkeys(_REMOVE)
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_WS_TABLE = {0x09: " ", 0x0A: " ", 0x0D: " "}
_WS_RUN = re.compile(r"\s+")


def clean_text(s: str) -> str:
    """``s`` without the characters XML 1.0 cannot carry (see module docstring)."""
    if _BAD_CHARS.search(s):
        return s.translate(_REMOVE_TABLE)
    return s


def clean_token(s: str) -> str:
    """A label or kind: cleaned text with whitespace runs collapsed to one space.

    GEXF types labels and kinds as ``xs:token``, and XML parsers turn tabs and
    line breaks in attribute values into spaces anyway, so collapsing here is
    what makes a label read back identical.
    """
    return _WS_RUN.sub(" ", clean_text(s)).strip()


def _clean_item(s: str) -> str:
    return clean_text(s).translate(_WS_TABLE)


def _sort_key(v: Any) -> tuple[str, str]:
    return (type(v).__name__, str(v))


def to_plain(value: Any) -> Plain | None:
    """Convert one attribute value to a plain Python value, or ``None`` if absent.

    Plain values are ``bool``, ``int``, finite ``float``, ``str`` (cleaned,
    non-empty), :class:`IRI`, or a non-empty ``list`` of those. numpy scalars
    and arrays are converted without importing numpy (through ``tolist()``).
    """
    t = type(value)  # fast path for the common exact types
    if t is str:
        s = clean_text(value)
        return s if s else None
    if t is float:
        return value if math.isfinite(value) else None
    if t is int or t is bool:
        return value
    if t is list:  # before the isinstance chain: aliases are a list on every node
        return _plain_items(value) or None
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, Literal):
        return _literal_to_plain(value)
    if isinstance(value, URIRef):
        return IRI(clean_text(str(value)))
    if isinstance(value, BNode):
        return "_:" + clean_text(str(value))
    if isinstance(value, str):
        s = clean_text(value)
        return s if s else None
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Decimal):
        if not value.is_finite():
            return None
        f = float(value)
        return f if math.isfinite(f) else None
    if isinstance(value, _dt.date | _dt.time):  # datetime is a date
        return value.isoformat()
    if isinstance(value, _dt.timedelta):
        return str(value)
    if isinstance(value, bytes | bytearray):
        s = clean_text(bytes(value).decode("utf-8", errors="replace"))
        return s if s else None
    if type(value).__module__ == "numpy" and hasattr(value, "tolist"):
        # numpy scalar (-> Python scalar) or array (-> nested list)
        return to_plain(value.tolist())
    if isinstance(value, Mapping):
        s = clean_text(json.dumps(value, ensure_ascii=False, sort_keys=True, default=str))
        return s
    if isinstance(value, list | tuple | Set) or (isinstance(value, Iterable) and not isinstance(value, str | bytes)):
        items = _plain_items(value)
        if isinstance(value, Set):
            items.sort(key=_sort_key)
        return items or None
    s = clean_text(str(value))
    return s if s else None


def _plain_items(value: Iterable[Any]) -> list[Plain]:
    items: list[Plain] = []
    for v in value:
        p = to_plain(v)
        if p is None:
            continue
        if isinstance(p, list):  # nested list: keep it as one JSON string
            p = json.dumps(p, ensure_ascii=False)
        items.append(p)
    return items


def _literal_to_plain(lit: Literal) -> Plain | None:
    if lit.language is not None:
        s = clean_text(str(lit))
        return s if s else None
    try:
        val = lit.value
    except Exception:  # pragma: no cover - rdflib converts lazily in some versions
        val = None
    if val is None or getattr(lit, "ill_typed", False):
        # unknown datatype, gYear, ill-typed lexical form: keep the text as written
        s = clean_text(str(lit))
        return s if s else None
    if isinstance(val, _dt.date | _dt.time):
        return clean_text(str(lit))  # the lexical form keeps time zones as written
    if isinstance(val, bool | int | float | Decimal | str):
        return to_plain(val)
    s = clean_text(str(lit))
    return s if s else None


def number_or_none(value: Any) -> float | None:
    """A finite float for a numeric value (not a boolean), else ``None``."""
    p = to_plain(value)
    if isinstance(p, bool) or not isinstance(p, int | float):
        return None
    f = float(p)
    return f if math.isfinite(f) else None


def _kind(p: Any) -> str:
    if isinstance(p, bool):
        return "boolean"
    if isinstance(p, int):
        return "int"
    if isinstance(p, float):
        return "double"
    if isinstance(p, IRI):
        return "anyURI"
    return "string"


LIST_TYPES = frozenset({"liststring", "listboolean", "listinteger", "listlong", "listbiginteger", "listdouble"})


class ColumnTyper:
    """Watches every plain value of one column and settles on one GEXF type."""

    __slots__ = ("kinds", "lo", "hi", "has_list", "count")

    def __init__(self) -> None:
        self.kinds: set[str] = set()
        self.lo = 0
        self.hi = 0
        self.has_list = False
        self.count = 0  # values observed; read as "any" (a repeated edge attribute set is observed once)

    def observe(self, p: Plain) -> None:
        """Record one plain (non-None) value."""
        self.count += 1
        if isinstance(p, list):
            self.has_list = True
            for item in p:
                self._scalar(item)
        else:
            self._scalar(p)

    def _scalar(self, p: Any) -> None:
        k = _kind(p)
        self.kinds.add(k)
        if k == "int":
            if p < self.lo:
                self.lo = p
            elif p > self.hi:
                self.hi = p

    @property
    def type(self) -> str:
        """The column's GEXF attribute type."""
        kinds = self.kinds
        if kinds == {"boolean"}:
            base = "boolean"
        elif kinds == {"int"}:
            if INT32[0] <= self.lo and self.hi <= INT32[1]:
                base = "integer"
            elif INT64[0] <= self.lo and self.hi <= INT64[1]:
                base = "long"
            else:
                base = "biginteger"
        elif kinds and kinds <= {"int", "double"}:
            base = "double"
        elif kinds == {"anyURI"} and not self.has_list:
            base = "anyURI"
        else:
            base = "string"
        if self.has_list:
            return "list" + base
        return base


def text_of(p: Any) -> str:
    """The canonical text of a plain scalar (for string columns and CSV)."""
    if isinstance(p, bool):
        return "true" if p else "false"
    if isinstance(p, float):
        return repr(p)
    return str(p)


def _list_item(p: Any, base: str) -> Any:
    if base == "double":
        return float(p)
    if base in ("integer", "long", "biginteger", "boolean"):
        return p
    return _clean_item(text_of(p))


def format_value(p: Plain, gexf_type: str) -> str:
    """Print plain value ``p`` for a column of ``gexf_type`` (no XML escaping)."""
    if gexf_type in LIST_TYPES:
        base = gexf_type[4:]
        items = p if isinstance(p, list) else [p]
        return json.dumps([_list_item(i, base) for i in items], ensure_ascii=False)
    if isinstance(p, list):  # cannot happen for a settled column; be safe
        return json.dumps([text_of(i) for i in p], ensure_ascii=False)
    if gexf_type == "double":
        return repr(float(p))
    return text_of(p)


_GRAPHML = {
    "boolean": "boolean",
    "integer": "int",
    "long": "long",
    "double": "double",
    "string": "string",
    "anyURI": "string",
}


def graphml_type(gexf_type: str) -> str:
    """The GraphML ``attr.type`` for a GEXF column type.

    GraphML has neither big integers nor lists: ``biginteger`` columns become
    ``string`` (digits kept whole), list columns ``string`` holding the JSON array.
    """
    return _GRAPHML.get(gexf_type, "string")


# -- writing text out ----------------------------------------------------------------------


def format_double(f: float) -> str:
    """A double as XML writers print it: ``repr`` keeps every digit and reads back the same."""
    return repr(float(f))


def chunked(pieces: Iterable[str], size: int) -> Iterator[str]:
    """Join small strings into chunks of about ``size`` characters, for streaming writers."""
    buf: list[str] = []
    total = 0
    for piece in pieces:
        buf.append(piece)
        total += len(piece)
        if total >= size:
            yield "".join(buf)
            buf.clear()
            total = 0
    if buf:
        yield "".join(buf)


def write_text(chunks: Iterable[str], out: str | os.PathLike[str] | IO[bytes]) -> None:
    """Write text chunks as UTF-8 to a path or a binary stream (non-seekable streams too)."""
    if isinstance(out, str | os.PathLike):
        with open(out, "wb") as fh:
            for chunk in chunks:
                fh.write(chunk.encode("utf-8"))
    else:
        for chunk in chunks:
            out.write(chunk.encode("utf-8"))
