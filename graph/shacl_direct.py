"""SHACL Core shapes, checked in one pass over the source's pyoxigraph triples.

Why our own checker, and why not the SPARQL one (``chainkg.graph.shacl_sparql``) on ingest: that
one copies the source into an in-memory Oxigraph store and runs one query per constraint (about
200); on the 3.6-million-triple national file that was 98 s of a 232 s ingest (the copy, and the
queries each walking every focus node), and the copy needed the source to be cut in parts to stay
under a gigabyte. pyshacl, the reference, walks the graph node by node through rdflib terms and
took 5-9 s for the 76,000 triples of the A-share data set. The shapes in ``ontology/shapes.ttl``
use a small part of SHACL Core on IRI paths, and every one of those constraints is about one focus
node: its own values (counts, datatypes, languages, patterns) and the types of those values. So
two passes over the triples answer all of them: the first collects every subject's ``rdf:type``,
the second checks each triple's object against the constraints of its subject's classes on its
predicate and keeps the values that a count needs. Measured on this machine (shared, 2 cores):
480,667 triples of the generated national file, same run (``python -m chainkg.graph.shacl_direct
FILE.nt``), 3.3 s against 9.2 s for the SPARQL checker; on 3.1 million triples 43 s in
``chainkg ingest`` (``benchmarks/bench_ingest.py``), against the 98 s the SPARQL checker took there.
Memory: the types of every subject and the values of the counted properties, as Python strings
and the triples' own terms, never a second copy of the graph.

Semantics are those of the SPARQL checker, which the tests hold to pyshacl's
(``tests/test_shacl_engines.py`` runs all three on one violation of every constraint kind):
the same constraints are supported, a shape using anything else is refused when the shapes are
compiled (``UnsupportedShape``), targets and ``sh:class`` follow the ontology's
``rdfs:subClassOf``. One choice is stated here: ``sh:pattern`` is matched with Python's ``re``
where a final ``$`` means the end of the text (``\\Z``), as in Rust's regex (Oxigraph) and the
XPath regex SHACL specifies, not "before a final line break" as in ``re``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH, XSD

from chainkg.graph.shacl_sparql import Hierarchy, UnsupportedShape, or_classes, property_path
from chainkg.graph.store import to_ox

_TYPE = str(RDF.type)
_LANG_STRING = str(RDF.langString)
_NUMERIC = {str(XSD.integer), str(XSD.decimal), str(XSD.int), str(XSD.long), str(XSD.short),
            str(XSD.byte), str(XSD.nonNegativeInteger), str(XSD.positiveInteger),
            str(XSD.negativeInteger), str(XSD.nonPositiveInteger), str(XSD.unsignedInt),
            str(XSD.unsignedLong), str(XSD.unsignedShort), str(XSD.unsignedByte)}
_FLOATS = {str(XSD.double), str(XSD.float)}
#: a progress tick every this many triples
STEP = 50_000

# Well-formedness of the lexical forms that the SPARQL checker tests with a cast (xsd:date(STR(?v))).
_DATE = re.compile(r"(-?\d{4,})-(\d\d)-(\d\d)(Z|[+-]\d\d:\d\d)?")
_DATETIME = re.compile(r"(-?\d{4,})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)?")
_DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_INTEGER = re.compile(r"[+-]?\d+")


def _year(text: str) -> int:
    """A year Python's date accepts with the same leap years (XSD years may be 0, negative or above 9999)."""
    return abs(int(text)) % 400 + 2000


def _valid_date(text: str) -> bool:
    m = _DATE.fullmatch(text)
    if m is None:
        return False
    try:
        date(_year(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return False
    return True


def _valid_datetime(text: str) -> bool:
    m = _DATETIME.fullmatch(text)
    if m is None:
        return False
    hour, minute, second = int(m[4]), int(m[5]), int(m[6])
    if hour == 24 and minute == second == 0 and not (m[7] or "").strip(".0"):
        hour = 0  # 24:00:00 is midnight at the end of the day
    try:
        datetime(_year(m[1]), int(m[2]), int(m[3]), hour, minute, second)
    except ValueError:
        return False
    return True


_WELL_FORMED: dict[str, Callable[[str], bool]] = {
    str(XSD.date): _valid_date,
    str(XSD.dateTime): _valid_datetime,
    str(XSD.decimal): lambda s: _DECIMAL.fullmatch(s) is not None,
    # Oxigraph's xsd:integer is 64 bits: a cast of a longer one fails, so the SPARQL checker refuses it too
    str(XSD.integer): lambda s: _INTEGER.fullmatch(s) is not None and -(2 ** 63) <= int(s) < 2 ** 63,
}


def _number(lit: ox.Literal) -> Decimal | float | None:
    dt = lit.datatype.value
    try:
        if dt in _NUMERIC:
            return Decimal(lit.value)
        if dt in _FLOATS:
            return float(lit.value)
    except (InvalidOperation, ValueError):
        return None
    return None


def _lang_matches(lang: str, tag: str) -> bool:
    lang, tag = lang.lower(), tag.lower()
    return tag == "*" and lang != "" or lang == tag or lang.startswith(tag + "-")


@dataclass(eq=False)
class PropertyCheck:
    """The constraints of one property shape on one IRI path (class sets are expanded IRIs)."""

    path: str
    message: str
    min_count: int | None = None
    max_count: int | None = None
    datatype: str | None = None
    classes: frozenset[str] | None = None
    iri_only: bool = False
    allowed: frozenset | None = None
    pattern: re.Pattern[str] | None = None
    min_length: int | None = None
    min_inclusive: Decimal | float | None = None
    unique_lang: bool = False
    or_classes: frozenset[str] | None = None
    qualified_langs: tuple[str, ...] = ()
    qualified_min: int = 0
    #: whether the values of a focus node must be kept to count them after the pass
    counted: bool = field(init=False, default=False)
    #: whether each value is tested on its own
    per_value: bool = field(init=False, default=False)
    _tests: list = field(init=False, default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._tests = self._compile_tests()
        self.counted = (self.min_count is not None or self.max_count is not None or self.unique_lang
                        or bool(self.qualified_langs))
        self.per_value = any(x is not None for x in (self.datatype, self.classes, self.allowed, self.pattern,
                                                     self.min_length, self.min_inclusive, self.or_classes)) \
            or self.iri_only

    def value_fails(self, value: ox.NamedNode | ox.BlankNode | ox.Literal, types: dict[str, set[str]],
                    memo: dict[str, bool] | None = None) -> bool:
        """Whether one value violates this shape's value constraints (any one of them). ``memo``: the
        answers for IRIs so far, for this check and these ``types`` only (one call of ``check_triples``)."""
        if memo is not None and isinstance(value, ox.NamedNode):
            # IRIs repeat (regions, industries, classes): each is tested once per check
            key = value.value
            known = memo.get(key)
            if known is None:
                known = memo[key] = any(test(value, types) for test in self._tests)
            return known
        return any(test(value, types) for test in self._tests)

    def _compile_tests(self) -> list[Callable[[ox.NamedNode | ox.BlankNode | ox.Literal, dict[str, set[str]]], bool]]:
        """One small function per constraint of this shape, so that a value runs only the ones there are."""
        tests: list[Callable[[ox.NamedNode | ox.BlankNode | ox.Literal, dict[str, set[str]]], bool]] = []
        Lit, Blank, NoTypes = ox.Literal, ox.BlankNode, frozenset()
        if (dt := self.datatype) is not None:
            if dt == _LANG_STRING:
                tests.append(lambda v, _t: not isinstance(v, Lit) or not v.language)
            else:
                wf = _WELL_FORMED.get(dt)
                tests.append(lambda v, _t: not isinstance(v, Lit) or v.datatype.value != dt or bool(v.language)
                             or (wf is not None and not wf(v.value)))
        for classes in (self.classes, self.or_classes):
            if classes is not None:
                tests.append(lambda v, t, c=classes: isinstance(v, Lit) or not t.get(v.value, NoTypes) & c)
        if self.iri_only:
            tests.append(lambda v, _t: not isinstance(v, ox.NamedNode))
        if (allowed := self.allowed) is not None:
            tests.append(lambda v, _t: v not in allowed)
        if (pattern := self.pattern) is not None:
            tests.append(lambda v, _t: isinstance(v, Blank) or pattern.search(v.value) is None)
        if (n := self.min_length) is not None:
            tests.append(lambda v, _t: isinstance(v, Blank) or len(v.value) < n)
        if (low := self.min_inclusive) is not None:
            def below(v: ox.NamedNode | ox.BlankNode | ox.Literal, _t: dict[str, set[str]]) -> bool:
                if not isinstance(v, Lit):
                    return True
                x = _number(v)
                # a value that cannot be compared is an error in SPARQL's FILTER, hence not reported
                return x is not None and x < low
            tests.append(below)
        return tests

    def count_fails(self, values: set) -> bool:
        """Whether the (distinct) values of one focus node violate this shape's count constraints."""
        if self.min_count is not None and len(values) < self.min_count:
            return True
        if self.max_count is not None and len(values) > self.max_count:
            return True
        if self.unique_lang:
            seen: set[str] = set()
            for v in values:
                if isinstance(v, ox.Literal) and v.language:
                    if v.language in seen:
                        return True
                    seen.add(v.language)
        if self.qualified_langs:
            n = sum(1 for v in values if isinstance(v, ox.Literal)
                    and any(_lang_matches(v.language or "", t) for t in self.qualified_langs))
            if n < self.qualified_min:
                return True
        return False


@dataclass
class DirectShapes:
    """Each target class (with its subclasses) -> the property checks its instances get."""

    by_class: dict[str, list[PropertyCheck]] = field(default_factory=dict)
    #: the paths any check is about
    paths: set[str] = field(default_factory=set)


def _term(node: URIRef | Literal) -> ox.NamedNode | ox.Literal:
    return to_ox(node)  # type: ignore[return-value]


def _expanded(hierarchy: Hierarchy, classes: Iterable[URIRef]) -> frozenset[str]:
    found: set[str] = set()
    for cls in classes:
        found.add(str(cls))
        found.update(str(c) for c in hierarchy.ontology.transitive_subjects(RDFS_SUBCLASS, cls))
    return frozenset(found)


RDFS_SUBCLASS = URIRef("http://www.w3.org/2000/01/rdf-schema#subClassOf")


def _anchored(pattern: str) -> re.Pattern[str]:
    """``sh:pattern`` for Python's ``re``: a final unescaped ``$`` is the end of the text (module docstring)."""
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.compile(pattern)


def _property_check(shapes: Graph, prop: BNode | URIRef, hierarchy: Hierarchy) -> PropertyCheck:
    path = property_path(shapes, prop)
    check = PropertyCheck(str(path), str(shapes.value(prop, SH.message) or f"violates a constraint on {path}"))
    if (n := shapes.value(prop, SH.minCount)) is not None:
        check.min_count = int(n)
    if (n := shapes.value(prop, SH.maxCount)) is not None:
        check.max_count = int(n)
    if (dt := shapes.value(prop, SH.datatype)) is not None:
        check.datatype = str(dt)
    if (cls := shapes.value(prop, SH["class"])) is not None:
        check.classes = _expanded(hierarchy, [cls])
    if (kind := shapes.value(prop, SH.nodeKind)) is not None:
        if kind != SH.IRI:
            raise UnsupportedShape(f"property shape {prop}: only sh:nodeKind sh:IRI is supported")
        check.iri_only = True
    if (lst := shapes.value(prop, SH["in"])) is not None:
        check.allowed = frozenset(_term(m) for m in Collection(shapes, lst))
    if (pattern := shapes.value(prop, SH.pattern)) is not None:
        check.pattern = _anchored(str(pattern))
    if (n := shapes.value(prop, SH.minInclusive)) is not None:
        lit = _term(n)
        check.min_inclusive = _number(lit) if isinstance(lit, ox.Literal) else None
        if check.min_inclusive is None:
            raise UnsupportedShape(f"property shape {prop}: sh:minInclusive must be a number")
    if (n := shapes.value(prop, SH.minLength)) is not None:
        check.min_length = int(n)
    check.unique_lang = shapes.value(prop, SH.uniqueLang) == Literal(True)
    if (alts := shapes.value(prop, SH["or"])) is not None:
        check.or_classes = _expanded(hierarchy, or_classes(shapes, alts))
    if (qvs := shapes.value(prop, SH.qualifiedValueShape)) is not None:
        langs = shapes.value(qvs, SH.languageIn)
        if langs is None or set(shapes.predicates(qvs)) - {SH.languageIn}:
            raise UnsupportedShape(f"property shape {prop}: only sh:languageIn qualified shapes are supported")
        check.qualified_langs = tuple(str(t) for t in Collection(shapes, langs))
        check.qualified_min = int(shapes.value(prop, SH.qualifiedMinCount) or 0)
    check.__post_init__()
    return check


def compile_direct(shapes: Graph, ontology: Graph) -> DirectShapes:
    """Every node shape's property checks, filed under each class (and subclass) it targets."""
    out = DirectShapes()
    hierarchy = Hierarchy(ontology)
    for node_shape in sorted(set(shapes.subjects(SH.targetClass, None))):
        checks = [_property_check(shapes, prop, hierarchy) for prop in shapes.objects(node_shape, SH.property)]
        targets = _expanded(hierarchy, list(shapes.objects(node_shape, SH.targetClass)))
        for cls in targets:
            out.by_class.setdefault(cls, []).extend(checks)
        out.paths.update(c.path for c in checks)
    return out


def check_triples(shapes: DirectShapes, triples: Iterable[ox.Triple], extra: Iterable[ox.Triple] = (),
                  subjects: set[str] | None = None, progress: Callable[[int], None] | None = None
                  ) -> list[tuple[str, str, str, str | None]]:
    """(focus, path, message, value) of every violation in the data graph ``triples`` + ``extra``,
    for the focus nodes in ``subjects`` (all when None). ``progress`` hears numbers of triples of
    ``triples`` as they are checked (second pass).

    ``triples`` is walked twice: it must be a list or another collection, not an iterator.
    """
    extra = list(extra)
    # pass 1: the types of every node
    types: dict[str, set[str]] = {}
    for source in (triples, extra):
        for s, p, o in source:
            if p.value == _TYPE:
                types.setdefault(s.value, set()).add(o.value)
    # the checks of each combination of types, computed once per combination
    plans: dict[frozenset[str], dict[str, list[PropertyCheck]]] = {}
    focus_plan: dict[str, dict[str, list[PropertyCheck]]] = {}
    for node, classes in types.items():
        if subjects is not None and node not in subjects:
            continue
        key = frozenset(classes)
        plan = plans.get(key)
        if plan is None:
            plan = {}
            seen: set[int] = set()
            for cls in sorted(key):
                for check in shapes.by_class.get(cls, ()):
                    if id(check) not in seen:
                        seen.add(id(check))
                        plan.setdefault(check.path, []).append(check)
            plans[key] = plan
        if plan:
            focus_plan[node] = plan
    found: set[tuple[str, str, str, str | None]] = set()
    counted: dict[tuple[str, str], set] = {}
    # per call (the compiled shapes are shared between calls and threads, the types are this data's)
    memos: dict[int, dict[str, bool]] = {}
    paths = shapes.paths
    n = 0
    for source, ticking in ((triples, True), (extra, False)):
        for s, p, o in source:
            if ticking:
                n += 1
                if progress is not None and n % STEP == 0:
                    progress(STEP)
            path = p.value
            if path not in paths:
                continue
            focus = s.value
            plan = focus_plan.get(focus)
            if plan is None:
                continue
            checks = plan.get(path)
            if not checks:
                continue
            keep = False
            for check in checks:
                if check.per_value and check.value_fails(o, types, memos.setdefault(id(check), {})):
                    found.add((focus, path, check.message, o.value))
                keep = keep or check.counted
            if keep:
                counted.setdefault((focus, path), set()).add(o)
    if progress is not None and n % STEP:
        progress(n % STEP)
    empty: set = set()
    for focus, plan in focus_plan.items():
        for path, checks in plan.items():
            values = None
            for check in checks:
                if check.counted:
                    if values is None:
                        values = counted.get((focus, path), empty)
                    if check.count_fails(values):
                        found.add((focus, path, check.message, None))
    return sorted(found, key=lambda v: (v[0], v[1], v[2], v[3] or ""))


def main(argv: list[str] | None = None) -> int:
    """``python -m chainkg.graph.shacl_direct FILE.nt``: the time of each engine on one file."""
    import sys
    import time

    from chainkg.graph.validate import validate

    path = (argv or sys.argv[1:])[0]
    data = open(path, "rb").read()  # noqa: SIM115
    triples = [q.triple for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]
    for engine in ("direct", "sparql"):
        t = time.perf_counter()
        found = validate(triples, engine=engine)
        print(f"{engine}: {len(triples):,} triples, {len(found)} violations, {time.perf_counter() - t:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
