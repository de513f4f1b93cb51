"""The gazetteer: every name the graph (and the built-in vocabulary) already knows.

Why: an article mentions mostly things the graph has: the region, its chains,
its listed companies. Matching their labels and aliases first links a mention to
the existing IRI instead of minting a duplicate, and it finds short forms
(宁德时代, CATL) that no pattern would. Matching is a single compiled regular
expression shaped as a trie, longest name first, so the cost per character does
not grow with the number of names. The same names feed jieba's user dictionary,
so that the tokenizer used for name boundaries never splits a known name.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from chainkg.ingest.divisions import divisions
from chainkg.ingest.text.lexicon import CENTRAL_ORGS, MACRO_REGIONS, NATIONAL_FIRMS, NATIONAL_PROGRAMMES, regions
from chainkg.ontology.namespaces import CKG, entity_iri

#: Classes whose labels enter the gazetteer, and the type names of the extraction schema.
CLASS_TYPES: dict[str, str] = {
    "Company": "Company",
    "IndustryChain": "IndustryChain",
    "IndustryCluster": "IndustryCluster",
    "Policy": "Policy",
    "Project": "Project",
    "Region": "Region",
    "Designation": "Designation",
}
_ORG = "http://www.w3.org/ns/org#Organization"


@dataclass
class Entry:
    """A known entity: canonical name, type, IRI when it is in the graph, and its other names."""

    name: str
    type: str
    iri: str | None = None
    aliases: list[str] = field(default_factory=list)
    source: str = "builtin"  # builtin | graph
    code: str | None = None  # GB/T 2260 for regions
    level: str | None = None  # province | prefecture | county for divisions; macro (长三角) above them
    parent: str | None = None


#: Renamed-county forms that are common words (三大城市群, 平原区): of the 19 such forms jieba's dictionary
#: knows, these two are frequent in it (142 and 108; the others 2-15) and are never the county.
_RENAMED_BLOCK = {"大城市", "平原区"}


def _autonomous_forms(code: str) -> list[str]:
    """The shorter names of an autonomous county or banner (木垒哈萨克自治县: 木垒县, 木垒自治县; 鄂温克族自治旗:
    鄂温克旗): articles and their readers use them more often than the official name (木垒县建成…产业集群,
    威宁自治县项目8个); each is three characters or more and ends in 县 or 旗, so it is no ordinary word."""
    d = divisions()[code]
    for suffix, short_suffix in (("自治县", "县"), ("自治旗", "旗")):
        if d.name.endswith(suffix):
            stem = d.short
            if stem and len(stem) >= 2:
                return [stem + short_suffix, stem + suffix]
    return []


def trie_regex(words: Iterable[str]) -> str:
    """A regex matching any of ``words``, built as a trie so that the longest one wins."""
    trie: dict[str, Any] = {}
    for w in words:
        if not w:
            continue
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node: dict[str, Any]) -> str:
        end = "" in node
        alts = [re.escape(ch) + build(node[ch]) for ch in sorted(k for k in node if k)]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if end:
            return "(?:" + body + ")?"
        return body

    return build(trie) or "(?!)"


class Gazetteer:
    """Names -> entries, with a compiled matcher. Build with ``builtin()`` and ``add_graph()``."""

    def __init__(self) -> None:
        self.forms: dict[str, list[Entry]] = {}
        self._regex: re.Pattern[str] | None = None
        self._lock = threading.Lock()

    def add(self, entry: Entry, forms: Iterable[str] | None = None) -> None:
        """Register ``entry`` under its name, its aliases and any extra ``forms``."""
        names = [entry.name, *entry.aliases, *(forms or [])]
        for f in names:
            f = f.strip()
            if len(f) < 2:
                continue
            lst = self.forms.setdefault(f, [])
            if entry not in lst:
                # A graph entry beats a built-in one for the same form.
                if entry.source == "graph":
                    lst.insert(0, entry)
                else:
                    lst.append(entry)
        self._regex = None

    @property
    def regex(self) -> re.Pattern[str]:
        """The compiled matcher (rebuilt lazily after additions)."""
        with self._lock:
            if self._regex is None:
                self._regex = re.compile(trie_regex(sorted(self.forms)))
            return self._regex

    def find(self, text: str) -> list[tuple[int, int, str, list[Entry]]]:
        """Non-overlapping longest matches: (start, end, form, entries)."""
        return [(m.start(), m.end(), m.group(0), self.forms[m.group(0)])
                for m in self.regex.finditer(text) if m.group(0)]

    def lookup(self, form: str) -> list[Entry]:
        """Entries known under exactly this form."""
        return self.forms.get(form, [])

    def names(self) -> list[str]:
        """All forms, for jieba's user dictionary."""
        return list(self.forms)

    # ---- sources -------------------------------------------------------------------------
    def add_builtin(self) -> Gazetteer:
        """Add the nationwide vocabulary of ``lexicon.py``."""
        regs = regions()
        names = {r.name for r in regs.values()}
        for r in regs.values():
            e = Entry(name=r.name, type="Region", iri=str(entity_iri("Region", r.code)),
                      code=r.code, level=r.level, parent=r.parent)
            forms = [r.short] if r.short else []
            if r.level == "county" and len(r.name) >= 3 and r.name[-1] in "县市":
                # counties renamed since the division list was made (京山县 -> 京山市, 撤县设市;
                # 县/市 -> 区, 撤县设区): the new name, when no other division has it
                stem = r.name[:-1]
                forms += [stem + x for x in ("市", "区") if stem + x != r.name and stem + x not in names
                          and len(stem) >= 2 and stem + x not in _RENAMED_BLOCK]
            forms += [f for f in _autonomous_forms(r.code) if f not in names]
            self.add(e, forms)
        for name, aliases in MACRO_REGIONS.items():
            self.add(Entry(name=name, type="Region", aliases=list(aliases), level="macro"))
        for name, aliases in NATIONAL_PROGRAMMES.items():
            self.add(Entry(name=name, type="Policy", aliases=list(aliases)))
        for name, aliases in CENTRAL_ORGS.items():
            self.add(Entry(name=name, type="Organization", aliases=list(aliases)))
        for name, aliases in NATIONAL_FIRMS.items():
            self.add(Entry(name=name, type="Company", aliases=list(aliases)))
        return self

    def add_graph(self, graph: Any, exclude: Iterable[str] = ()) -> Gazetteer:
        """Add every labelled entity of an rdflib Graph/Dataset or a pyoxigraph Store.

        ``exclude`` names graphs to ignore: an article's own graph, so that
        re-ingesting it gives the same result as ingesting it the first time.
        """
        excluded = " ".join(f"<{g}>" for g in exclude)
        filt = f"  FILTER(?g NOT IN ({', '.join(f'<{g}>' for g in exclude)}))\n" if excluded else ""
        types = {str(CKG[c]): t for c, t in CLASS_TYPES.items()}
        types[_ORG] = "Organization"
        values = " ".join(f"<{t}>" for t in types)
        query = (
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
            "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
            "PREFIX ckg: <https://w3id.org/chainkg/def#>\n"
            "SELECT DISTINCT ?s ?t ?label ?alt ?code WHERE { GRAPH ?g {\n"
            f"  VALUES ?t {{ {values} }} ?s a ?t ; rdfs:label ?label .\n"
            '  FILTER(LANG(?label) = "zh" || LANG(?label) = "")\n'
            "  OPTIONAL { ?s skos:altLabel ?alt }\n"
            "  OPTIONAL { ?s ckg:divisionCode ?code } }\n"
            + filt + "}"
        )
        rows = _run_query(graph, query)
        if not rows and not hasattr(graph, "select"):  # a plain rdflib graph: no named graphs to look in
            rows = _run_query(graph, query.replace("GRAPH ?g {", "{").replace(filt, ""))
        by_iri: dict[str, Entry] = {}
        for s, t, label, alt, code in rows:
            typ = types.get(t)
            if typ is None or _is_latin_only(label) and len(label) < 3:
                continue
            e = by_iri.get(s)
            if e is None:
                e = by_iri[s] = Entry(name=label, type=typ, iri=s, source="graph", code=code)
            elif label != e.name and label not in e.aliases:
                e.aliases.append(label)
            if alt and alt != e.name and alt not in e.aliases:
                e.aliases.append(alt)
        for e in by_iri.values():
            if e.type == "Region" and e.code:
                info = regions().get(e.code)
                if info:
                    e.level, e.parent = info.level, info.parent
                    if info.short:
                        e.aliases.append(info.short)
            self.add(e)
        return self


def _has_cjk(s: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in s)


def _is_latin_only(s: str) -> bool:
    return not _has_cjk(s)


def _run_query(graph: Any, query: str) -> list[tuple[str, str, str, str | None, str | None]]:
    out: list[tuple[str, str, str, str | None, str | None]] = []
    select = getattr(graph, "select", None)  # a chainkg GraphStore
    if select is None and hasattr(graph, "quads_for_pattern"):  # a bare pyoxigraph Store
        select = graph.query
    if select is not None:
        for sol in select(query):
            vals = [sol[v] for v in ("s", "t", "label", "alt", "code")]
            out.append(tuple(getattr(v, "value", None) if v is not None else None
                             for v in vals))  # type: ignore[arg-type]
        return out
    g = getattr(graph, "dataset", graph)
    for row in g.query(query):
        out.append(tuple(str(v) if v is not None else None for v in row))  # type: ignore[arg-type]
    return out


_BUILTIN: Gazetteer | None = None
_BUILTIN_LOCK = threading.Lock()


def builtin_gazetteer() -> Gazetteer:
    """The built-in gazetteer, built once per process."""
    global _BUILTIN
    with _BUILTIN_LOCK:
        if _BUILTIN is None:
            _BUILTIN = Gazetteer().add_builtin()
        return _BUILTIN


def gazetteer_for(graph: Any | None = None, exclude: Iterable[str] = ()) -> Gazetteer:
    """Built-in vocabulary plus, when given, every name in ``graph`` (but not in ``exclude``)."""
    if graph is None:
        return builtin_gazetteer()
    g = Gazetteer()
    for form, entries in builtin_gazetteer().forms.items():
        lst = g.forms.setdefault(form, [])
        lst.extend(e for e in entries if e not in lst)
    return g.add_graph(graph, exclude)


_JIEBA = None
_JIEBA_WORDS: set[str] = set()
_JIEBA_SEEN: dict[int, int] = {}
_JIEBA_LOCK = threading.Lock()


def tokenizer(gaz: Gazetteer | None = None) -> Any:
    """jieba's POS tokenizer, initialised once, with the gazetteer's names as user words."""
    global _JIEBA
    with _JIEBA_LOCK:
        if _JIEBA is None:
            import logging
            import warnings

            with warnings.catch_warnings():  # jieba imports pkg_resources, which warns
                warnings.simplefilter("ignore")
                import jieba
                import jieba.posseg

            jieba.setLogLevel(logging.WARNING)
            tk = jieba.Tokenizer()
            tk.initialize()
            _JIEBA = jieba.posseg.POSTokenizer(tk)
        if gaz is not None and _JIEBA_SEEN.get(id(gaz)) != len(gaz.forms):
            # once per gazetteer (and again when it grew), not on every call
            new = [f for f in gaz.names() if f not in _JIEBA_WORDS and len(f) <= 12]
            for f in new:
                _JIEBA.tokenizer.add_word(f, freq=2000, tag="nz")
            _JIEBA_WORDS.update(new)
            _JIEBA_SEEN[id(gaz)] = len(gaz.forms)
        return _JIEBA
