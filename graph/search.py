"""Finding entities by what people type: Chinese names, aliases, English names, pinyin.

``洛钼``, ``CMOC`` and ``luoyang muye`` all find 洛阳钼业: every label and alias
is indexed as written, in pinyin with and without spaces (``luo yang mu ye``,
``luoyangmuye``) and by initials (``lymy``). The index is built from the store
on first use and rebuilt when the catalog says a source changed.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass

from pypinyin import lazy_pinyin

from chainkg.graph.projection import ENTITY_CLASSES
from chainkg.graph.store import GraphStore
from chainkg.ontology.namespaces import CATALOG_GRAPH, PREFIXES

RDFS = PREFIXES["rdfs"]
SKOS = PREFIXES["skos"]
PROV = PREFIXES["prov"]

#: Class order for ties: the things people look for most come first.
CLASS_RANK = {name: i for i, name in enumerate(
    ["Company", "IndustryChain", "IndustryCluster", "Region", "Policy", "Project", "ChainSegment",
     "Sector", "Designation", "Industry", "Organization"])}


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    return re.sub(r"[\s“”\"'‘’《》「」·・\-_]", "", text)


def pinyin_forms(text: str) -> list[str]:
    if not re.search(r"[\u4e00-\u9fff]", text):
        return []
    syllables = [s for s in lazy_pinyin(text) if s.strip()]
    joined = "".join(syllables).lower()
    initials = "".join(s[0] for s in syllables if s and s[0].isalpha()).lower()
    return [normalize(joined), initials]


@dataclass
class Entry:
    iri: str
    label: str
    label_en: str
    cls: str
    names: list[str]  # every label and alias, as written
    keys: list[tuple[str, str]]  # (normalized form, the name it came from)


class SearchIndex:
    def __init__(self, entries: list[Entry], version: str) -> None:
        self.entries = entries
        self.version = version

    def search(self, query: str, *, limit: int = 20, classes: set[str] | None = None) -> list[dict]:
        q = normalize(query)
        if not q:
            return []
        scored = []
        for e in self.entries:
            if classes and e.cls not in classes:
                continue
            best = None
            for key, name in e.keys:
                if key == q:
                    score = 0
                elif key.startswith(q):
                    score = 1
                elif q in key:
                    score = 2
                else:
                    continue
                if best is None or score < best[0]:
                    best = (score, name)
            if best is not None:
                scored.append((best[0], CLASS_RANK.get(e.cls, 99), len(e.label), e.label, e, best[1]))
        scored.sort(key=lambda t: t[:4])
        return [
            {"iri": e.iri, "label": e.label, "label_en": e.label_en, "class": e.cls,
             "matched": name, "aliases": [n for n in e.names if n not in (e.label, e.label_en)][:6]}
            for *_, e, name in scored[:limit]
        ]


_lock = threading.Lock()
_cache: dict[int, SearchIndex] = {}


def _version(store: GraphStore) -> str:
    row = next(iter(store.ox.query(
        f"""SELECT (MAX(STR(?t)) AS ?v) (COUNT(?g) AS ?n)
            WHERE {{ GRAPH <{CATALOG_GRAPH}> {{ ?g <{PROV}generatedAtTime> ?t }} }}"""
    )))
    return f"{row['v'].value if row['v'] else ''}/{row['n'].value}"


def build_index(store: GraphStore) -> SearchIndex:
    version = _version(store)
    entries: dict[str, Entry] = {}
    values = " ".join(f"<{c}>" for c in ENTITY_CLASSES)
    order = list(ENTITY_CLASSES)
    for r in store.ox.query(
        f"""SELECT ?s ?c ?p ?l WHERE {{ VALUES ?c {{ {values} }} ?s a ?c .
              VALUES ?p {{ <{RDFS}label> <{SKOS}altLabel> <{SKOS}notation> <{PREFIXES['ckg']}stockCode> }}
              ?s ?p ?l }}""",
        use_default_graph_as_union=True,
    ):
        iri, cls = r["s"].value, ENTITY_CLASSES[r["c"].value]
        e = entries.get(iri)
        if e is None:
            e = entries[iri] = Entry(iri, "", "", cls, [], [])
        elif order.index(r["c"].value) < order.index(next(k for k, v in ENTITY_CLASSES.items() if v == e.cls)):
            e.cls = cls
        lit = r["l"]
        if r["p"].value == RDFS + "label":
            if lit.language == "en":
                e.label_en = e.label_en or lit.value
            elif not e.label:
                e.label = lit.value
        if lit.value not in e.names:
            e.names.append(lit.value)
    for e in entries.values():
        e.label = e.label or e.label_en or e.iri.rsplit("/", 1)[-1]
        seen = set()
        for name in e.names:
            for key in [normalize(name), *pinyin_forms(name)]:
                if key and key not in seen:
                    seen.add(key)
                    e.keys.append((key, name))
    return SearchIndex(list(entries.values()), version)


def search_index(store: GraphStore) -> SearchIndex:
    """The index for ``store``, rebuilt when a source was ingested or dropped since."""
    with _lock:
        cached = _cache.get(id(store))
        if cached is None or cached.version != _version(store):
            cached = _cache[id(store)] = build_index(store)
        return cached
