"""Region data folders (CSV, edited by people) to RDF.

The folder format is documented in ``ingest/regions/README.md``. Why CSV:
the people who keep these folders work in spreadsheets (WPS, Excel), CSV rows
have line numbers an error message can point at, and a diff of a CSV shows
what changed in review.

Reading is strict: an unknown column, a missing citation, a name that could
mean two entities, a value that is not a number: every problem is collected
with its file, line and field, and reported together before anything is
written. SHACL (``chainkg.graph.validate``) then checks the triples.

Input that would lose data or break a consumer is refused the same way: an empty
file (0 bytes, or only blank lines and comments: ingesting it would silently delete
what the folder's earlier ingest stored from it), ``sources.csv`` or ``entities.csv``
with a header and no rows, a control character (NUL, a line tab or form feed …) in
any cell, a relation from an entity to itself, and a cycle of ``partOfRegion``,
``locatedIn`` or ``partOfCluster`` (A part of B part of A). A file larger than
``CHAINKG_MAX_CSV_BYTES`` (default 2 MB; why, measured: ``chainkg.ingest.limits``)
is refused before it is read.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF, RDFS, SKOS, XSD

from chainkg.ingest.errors import IngestError, Problem
from chainkg.ingest.limits import too_large
from chainkg.ingest.observations import Statistic, observation_iri, observation_triples
from chainkg.ingest.pipeline import Origin, SourceGraph
from chainkg.ingest.units import parse_unit
from chainkg.ontology.namespaces import (
    CKG,
    NIF,
    QB,
    SCHEMA,
    digest_key,
    entity_iri,
    graph_iri,
    slugify,
)

FILES = ("sources.csv", "entities.csv", "segments.csv", "relations.csv", "statistics.csv")

COLUMNS: dict[str, tuple[set[str], set[str]]] = {  # file -> (required, optional)
    "sources.csv": ({"id", "title", "date"}, {"publisher", "url", "date_note"}),
    "entities.csv": (
        {"class", "name_zh", "source", "sentence"},
        {"key", "name_en", "aliases", "code", "note"},
    ),
    "segments.csv": (
        {"chain", "position", "name_zh", "source", "sentence"},
        {"key", "order", "name_en", "note"},
    ),
    "relations.csv": ({"subject", "relation", "object", "source", "sentence"}, {"note"}),
    "statistics.csv": (
        {"subject", "metric", "value", "source", "sentence"},
        {"metric_en", "unit", "period", "period_start", "period_end", "bound", "status",
         "compared_to", "area", "note"},
    ),
}

CLASSES: dict[str, URIRef] = {
    "Company": CKG.Company,
    "Organization": ORG.Organization,
    "IndustryChain": CKG.IndustryChain,
    "IndustryCluster": CKG.IndustryCluster,
    "Sector": CKG.Sector,
    "Policy": CKG.Policy,
    "Project": CKG.Project,
    "Region": CKG.Region,
    "Designation": CKG.Designation,
}

RELATIONS = (
    "locatedIn partOfRegion partOfCluster participatesIn chainLeader upstreamOf inSector "
    "supports implements selectedFor hasDesignation receivedAward drives developedBy issuedBy"
).split()

POSITIONS = {
    "upstream": CKG.Upstream, "上游": CKG.Upstream,
    "midstream": CKG.Midstream, "中游": CKG.Midstream,
    "downstream": CKG.Downstream, "下游": CKG.Downstream,
}
BOUNDS = {
    "at-least": CKG.AtLeast, "≥": CKG.AtLeast, ">=": CKG.AtLeast,
    "more-than": CKG.MoreThan, ">": CKG.MoreThan,
    "approximately": CKG.Approximately, "≈": CKG.Approximately, "~": CKG.Approximately,
    "at-most": CKG.AtMost, "≤": CKG.AtMost, "<=": CKG.AtMost,
    "less-than": CKG.LessThan, "<": CKG.LessThan,
}
STATUSES = {"reported": CKG.Reported, "forecast": CKG.Forecast, "target": CKG.Target}

#: Files of a folder that must have rows (a folder without sources or entities states nothing).
NEEDS_ROWS = ("sources.csv", "entities.csv")
#: Relations that nest (a part of its whole): a cycle in them is refused. locatedIn and partOfRegion are one
#: hierarchy (a region located in one that is part of it is a cycle too).
NESTING = {"partOfRegion": "regions", "locatedIn": "regions", "partOfCluster": "clusters"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _control_character(value: str) -> str | None:
    """The first control character of ``value``, named (``U+0000 (NUL)``), or None."""
    found = _CONTROL.search(value)
    if found is None:
        return None
    names = {0: "NUL", 9: "tab", 10: "line feed", 11: "line tab", 12: "form feed", 13: "carriage return",
             27: "escape", 127: "DEL"}
    code = ord(found.group())
    return f"U+{code:04X}" + (f" ({names[code]})" if code in names else "")


@dataclass
class Row:
    file: str
    line: int
    cells: dict[str, str]

    def origin(self, field: str | None = None) -> Origin:
        return Origin(self.file, self.line, field)


def read_csv(path: Path, problems: list[Problem]) -> list[Row]:
    """Rows of one CSV file with their line numbers; problems are collected, not raised."""
    name = path.name
    required, optional = COLUMNS[name]
    if (large := too_large(path, "csv")) is not None:
        problems.append(large)
        return []
    if path.stat().st_size == 0:
        problems.append(Problem(str(path), None, None, "the file is empty (0 bytes); ingesting it would delete "
                                "what it held before: restore its header and rows, or delete the file"))
        return []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.append(Problem(str(path), None, None, f"not UTF-8 ({exc.reason} at byte {exc.start})"))
        return []
    # lines end at \n (\r\n, \r): not str.splitlines, which also breaks at control characters and U+2028
    lines = re.split(r"\r\n|\r|\n", text)
    content = [(i + 1, line) for i, line in enumerate(lines) if line.strip() and not line.startswith("#")]
    if not content:
        problems.append(Problem(str(path), None, None, "the file has no header and no rows (only blank lines "
                                "or comments); ingesting it would delete what it held before"))
        return []
    reader = csv.reader([line for _, line in content], strict=True)
    try:
        records = list(reader)
    except csv.Error as exc:
        problems.append(Problem(str(path), content[reader.line_num - 1][0], None, f"bad CSV: {exc}"))
        return []
    header = [h.strip() for h in records[0]]
    unknown = [h for h in header if h not in required | optional]
    missing = sorted(required - set(header))
    header_line = content[0][0]
    for h in unknown:
        problems.append(Problem(str(path), header_line, h, "unknown column (allowed: "
                                + ", ".join(sorted(required | optional)) + ")"))
    for h in missing:
        problems.append(Problem(str(path), header_line, h, "required column is missing"))
    if unknown or missing:
        return []
    if len(content) == 1 and name in NEEDS_ROWS:
        problems.append(Problem(str(path), header_line, None, "the file has a header but no rows; a region "
                                f"folder needs at least one row in {name}"))
        return []
    rows = []
    for (line_no, _), record in zip(content[1:], records[1:], strict=True):
        if len(record) != len(header):
            problems.append(Problem(str(path), line_no, None,
                                    f"{len(record)} cells where the header has {len(header)}"))
            continue
        cells = {h: unicodedata.normalize("NFC", v.strip()) for h, v in zip(header, record, strict=True)}
        row = Row(str(path), line_no, cells)
        for h, v in cells.items():
            if (control := _control_character(v)) is not None:
                problems.append(Problem(str(path), line_no, h, f"control character {control} in the value; "
                                        "names and values are plain text"))
        for h in sorted(required):
            if not cells[h] and not (name == "statistics.csv" and h == "unit"):
                problems.append(Problem(str(path), line_no, h, "required value is empty"))
        rows.append(row)
    return rows


class FolderReader:
    """Reads one region folder into a ``SourceGraph``; see the module docstring."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.problems: list[Problem] = []
        self.source = SourceGraph(
            graph_iri=graph_iri("region-" + slugify(folder.name)),
            label=f"region folder {folder.name}",
            kind="region-folder",
            location=folder.name,
        )
        self.g: Graph = self.source.graph
        self.documents: dict[str, URIRef] = {}
        self.entities: dict[str, URIRef] = {}  # key -> IRI
        self.names: dict[str, set[URIRef]] = {}  # name or alias -> IRIs
        self.classes: dict[URIRef, URIRef] = {}
        #: hierarchy ("regions", "clusters") -> part -> [(whole, row)], for the cycle check
        self.nesting: dict[str, dict[URIRef, list[tuple[URIRef, Row]]]] = {}

    # -- helpers ---------------------------------------------------------------

    def problem(self, row: Row, field: str | None, message: str) -> None:
        self.problems.append(Problem(row.file, row.line, field, message))

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal, row: Row, field: str | None) -> None:
        self.g.add((s, p, o))
        self.source.note(s, row.origin(field), p)
        self.source.note(s, row.origin())

    def resolve(self, row: Row, field: str) -> URIRef | None:
        ref = row.cells[field]
        if ref in self.entities:
            return self.entities[ref]
        found = self.names.get(_name_key(ref), set())
        if len(found) == 1:
            return next(iter(found))
        if not found:
            self.problem(row, field, f"'{ref}' is not a key, name or alias of any entity in this folder")
        else:
            self.problem(row, field, f"'{ref}' names {len(found)} entities; use a key")
        return None

    def sentence(self, row: Row) -> URIRef | None:
        doc = self.documents.get(row.cells["source"])
        if doc is None:
            self.problem(row, "source", f"'{row.cells['source']}' is not an id in sources.csv")
            return None
        text = row.cells["sentence"]
        iri = entity_iri("Sentence", f"{row.cells['source']}-{digest_key(text)}")
        if (iri, RDF.type, CKG.Sentence) not in self.g:
            self.g.add((iri, RDF.type, CKG.Sentence))
            self.g.add((iri, NIF.anchorOf, Literal(text)))
            self.g.add((iri, CKG.inDocument, doc))
        self.source.note(iri, row.origin("sentence"))
        return iri

    def cite(self, subject: URIRef, row: Row) -> None:
        sentence = self.sentence(row)
        if sentence is not None:
            self.add(subject, CKG.sentence, sentence, row, "sentence")

    # -- files -----------------------------------------------------------------

    def read(self) -> SourceGraph:
        if not self.folder.is_dir():
            raise IngestError(Problem(str(self.folder), None, None, "not a folder"))
        missing = [f for f in ("sources.csv", "entities.csv") if not (self.folder / f).exists()]
        if missing:
            raise IngestError([Problem(str(self.folder / f), None, None, "file is missing") for f in missing])
        rows = {
            name: read_csv(self.folder / name, self.problems) if (self.folder / name).exists() else []
            for name in FILES
        }
        for row in rows["sources.csv"]:
            self.read_source(row)
        for row in rows["entities.csv"]:
            self.read_entity(row)
        for row in rows["segments.csv"]:
            self.read_segment(row)
        for row in rows["relations.csv"]:
            self.read_relation(row)
        self.check_cycles()
        for row in rows["statistics.csv"]:
            self.read_statistic(row)
        if self.problems:
            raise IngestError(self.problems)
        return self.source

    def read_source(self, row: Row) -> None:
        c = row.cells
        doc = entity_iri("SourceDocument", c["id"])
        if doc in self.documents.values():
            self.problem(row, "id", f"duplicate id '{c['id']}'")
            return
        self.documents[c["id"]] = doc
        self.add(doc, RDF.type, CKG.SourceDocument, row, "id")
        self.add(doc, DCTERMS.title, Literal(c["title"], lang="zh"), row, "title")
        issued = _date(c["date"])
        if issued is None:
            self.problem(row, "date", f"'{c['date']}' is not a date (YYYY-MM-DD)")
        else:
            self.add(doc, DCTERMS.issued, Literal(issued, datatype=XSD.date), row, "date")
        if c.get("publisher"):
            self.add(doc, DCTERMS.publisher, Literal(c["publisher"], lang="zh"), row, "publisher")
        if c.get("url"):
            if not re.match(r"^https?://\S+$", c["url"]):
                self.problem(row, "url", f"'{c['url']}' is not an http(s) URL")
            else:
                self.add(doc, SCHEMA.url, URIRef(c["url"]), row, "url")
        if c.get("date_note"):
            self.add(doc, CKG.documentDateNote, Literal(c["date_note"], lang="zh"), row, "date_note")

    def register(self, row: Row, key: str, iri: URIRef, names: list[str]) -> bool:
        if key in self.entities:
            self.problem(row, "key", f"duplicate key '{key}' (first used for <{self.entities[key]}>)")
            return False
        self.entities[key] = iri
        for name in names:
            self.names.setdefault(_name_key(name), set()).add(iri)
        return True

    def read_entity(self, row: Row) -> None:
        c = row.cells
        cls = CLASSES.get(c["class"])
        if cls is None:
            self.problem(row, "class", f"unknown class '{c['class']}' (one of {', '.join(CLASSES)})")
            return
        code = c.get("code", "")
        if code and c["class"] == "Company" and not re.fullmatch(r"\d{6}\.(SH|SZ|BJ)", code):
            self.problem(row, "code", f"'{code}' is not a stock code like 603993.SH")
            return
        if code and c["class"] == "Region" and not re.fullmatch(r"\d{6}", code):
            self.problem(row, "code", f"'{code}' is not a six-digit GB/T 2260 code")
            return
        iri = entity_iri(c["class"], code or c.get("key") or slugify(c["name_zh"]))
        if iri in self.classes:
            self.problem(row, "name_zh", f"a second entity with the IRI <{iri}>; give it a key")
            return
        aliases = [a.strip() for a in c.get("aliases", "").split("|") if a.strip()]
        key = c.get("key") or code or c["name_zh"]
        if not self.register(row, key, iri, [c["name_zh"], *aliases, *([code] if code else [])]):
            return
        self.classes[iri] = cls
        self.add(iri, RDF.type, cls, row, "class")
        self.add(iri, RDFS.label, Literal(c["name_zh"], lang="zh"), row, "name_zh")
        if c.get("name_en"):
            self.add(iri, RDFS.label, Literal(c["name_en"], lang="en"), row, "name_en")
        for alias in aliases:
            self.add(iri, SKOS.altLabel, Literal(alias, lang="en" if alias.isascii() else "zh"), row, "aliases")
        if code and c["class"] == "Company":
            self.add(iri, CKG.stockCode, Literal(code), row, "code")
        elif code and c["class"] == "Region":
            self.add(iri, CKG.divisionCode, Literal(code), row, "code")
        self.add(iri, CKG.curation, Literal("curated"), row, None)
        self.cite(iri, row)

    def read_segment(self, row: Row) -> None:
        c = row.cells
        chain = self.resolve(row, "chain")
        position = POSITIONS.get(c["position"].lower())
        if position is None:
            self.problem(row, "position", f"'{c['position']}' is not upstream, midstream or downstream")
        order = None
        if c.get("order"):
            if not re.fullmatch(r"-?\d+", c["order"]):
                self.problem(row, "order", f"'{c['order']}' is not an integer")
            else:
                order = int(c["order"])
        if chain is None or position is None:
            return
        if self.classes.get(chain) != CKG.IndustryChain:
            self.problem(row, "chain", f"'{c['chain']}' is not an IndustryChain")
            return
        key = c.get("key") or f"{chain.rsplit('/', 1)[-1]}--{slugify(c['name_zh'])}"
        iri = entity_iri("ChainSegment", key)
        if not self.register(row, c.get("key") or f"{c['chain']}/{c['name_zh']}", iri, []):
            return
        self.classes[iri] = CKG.ChainSegment
        self.add(iri, RDF.type, CKG.ChainSegment, row, None)
        self.add(iri, RDFS.label, Literal(c["name_zh"], lang="zh"), row, "name_zh")
        if c.get("name_en"):
            self.add(iri, RDFS.label, Literal(c["name_en"], lang="en"), row, "name_en")
        self.add(iri, CKG.segmentOf, chain, row, "chain")
        self.add(iri, CKG.position, position, row, "position")
        if order is not None:
            self.add(iri, CKG.positionOrder, Literal(order), row, "order")
        self.add(iri, CKG.curation, Literal("curated"), row, None)
        self.cite(iri, row)

    def read_relation(self, row: Row) -> None:
        c = row.cells
        if c["relation"] not in RELATIONS:
            self.problem(row, "relation", f"unknown relation '{c['relation']}' (one of {', '.join(RELATIONS)})")
            return
        s, o = self.resolve(row, "subject"), self.resolve(row, "object")
        if s is None or o is None:
            return
        if s == o:
            self.problem(row, "object", f"'{c['object']}' is the subject itself ('{c['subject']}'): an entity "
                                        f"cannot be {c['relation']} itself")
            return
        if c["relation"] in NESTING:
            self.nesting.setdefault(NESTING[c["relation"]], {}).setdefault(s, []).append((o, row))
        p = CKG[c["relation"]]
        self.add(s, p, o, row, "relation")
        sentence = self.sentence(row)
        stmt = entity_iri("Statement", digest_key(str(s), str(p), str(o)))
        self.add(stmt, RDF.type, CKG.Statement, row, None)
        self.add(stmt, RDF.subject, s, row, "subject")
        self.add(stmt, RDF.predicate, p, row, "relation")
        self.add(stmt, RDF.object, o, row, "object")
        if sentence is not None:
            self.add(stmt, CKG.sentence, sentence, row, "sentence")

    def check_cycles(self) -> None:
        """A part of its own whole, through a chain of ``NESTING`` relations: one problem per cycle, at the row
        that closes it (an iterative depth-first search: a chain of nested regions may be long)."""
        for edges in self.nesting.values():
            state: dict[URIRef, int] = {}  # 1: on the current path, 2: done
            for root in list(edges):
                if root in state:
                    continue
                state[root] = 1
                path: list[tuple[URIRef, Row | None]] = [(root, None)]
                stack = [iter(edges.get(root, []))]
                while stack:
                    step = next(stack[-1], None)
                    if step is None:
                        stack.pop()
                        state[path.pop()[0]] = 2
                        continue
                    whole, row = step
                    if state.get(whole) == 1:
                        first = next(i for i, (n, _) in enumerate(path) if n == whole)
                        names = [self.label_of(n) for n, _ in path[first:]] + [self.label_of(whole)]
                        lines = sorted({r.line for _, r in path[first + 1:] if r is not None} | {row.line})
                        self.problem(row, "object", "a cycle: " + " → ".join(names) + " (relations.csv lines "
                                     + ", ".join(map(str, lines)) + "); a region or cluster cannot be part of "
                                     "itself")
                    elif whole not in state:
                        state[whole] = 1
                        path.append((whole, row))
                        stack.append(iter(edges.get(whole, [])))

    def label_of(self, iri: URIRef) -> str:
        labels = {lbl.language: str(lbl) for lbl in self.g.objects(iri, RDFS.label) if isinstance(lbl, Literal)}
        return labels.get("zh") or next(iter(labels.values()), str(iri).rsplit("/", 1)[-1])

    def read_statistic(self, row: Row) -> None:
        c = row.cells
        subject = self.resolve(row, "subject")
        try:
            value = Decimal(c["value"].replace(",", ""))
            if not value.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            self.problem(row, "value", f"'{c['value']}' is not a number")
            value = None
        unit = parse_unit(c.get("unit", ""))
        if unit is None:
            self.problem(row, "unit", f"unknown unit '{c.get('unit')}'")
        bound = BOUNDS.get(c.get("bound", "").lower()) if c.get("bound") else None
        if c.get("bound") and bound is None:
            self.problem(row, "bound", f"'{c['bound']}' is not one of {', '.join(sorted(set(BOUNDS) - set('<>≈~≤≥')))}")
        status = STATUSES.get(c.get("status", "").lower()) if c.get("status") else None
        if c.get("status") and status is None:
            self.problem(row, "status", f"'{c['status']}' is not reported, forecast or target")
        dates = {}
        for f in ("period_start", "period_end"):
            if c.get(f):
                d = _date(c[f])
                if d is None:
                    self.problem(row, f, f"'{c[f]}' is not a date (YYYY-MM-DD)")
                dates[f] = d
        area = self.resolve(row, "area") if c.get("area") else None
        if subject is None or value is None or unit is None:
            return
        if area is None and self.classes.get(subject) == CKG.Region:
            area = subject
        stat = Statistic(
            subject=subject, metric=c["metric"], value=value, unit=unit, metric_en=c.get("metric_en") or None,
            period=c.get("period") or None, period_start=dates.get("period_start"),
            period_end=dates.get("period_end"), bound=bound, status=status,
            compared_to=c.get("compared_to") or None, area=area, sentence=self.sentence(row),
        )
        obs = observation_iri(subject, stat, c["sentence"], self.g)
        if (obs, RDF.type, QB.Observation) in self.g:
            self.problem(row, None, "the same statistic appears twice")
            return
        for triple, field in observation_triples(obs, stat):
            if triple[0] == obs:
                self.add(*triple, row, field)
            else:
                self.g.add(triple)


def _name_key(name: str) -> str:
    """Names match across full-width/half-width forms and quote styles."""
    text = unicodedata.normalize("NFKC", name)
    return re.sub(r"[\s“”\"'‘’《》「」]", "", text)


def _date(text: str) -> str | None:
    try:
        return date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        return None


def read_folder(folder: str | Path) -> SourceGraph:
    """The ``SourceGraph`` of a region folder; raises ``IngestError`` listing every problem."""
    folder = Path(folder)
    source = FolderReader(folder).read()
    return source


def iter_region_folders(root: Path) -> Iterator[Path]:
    """The region folders under ``root`` (those that have a sources.csv)."""
    for child in sorted(root.iterdir()):
        if child.is_dir() and (child / "sources.csv").exists():
            yield child
