"""Finding entities by what people type: Chinese names, aliases, English names, pinyin.

``洛钼``, ``CMOC`` and ``luoyang muye`` all find 洛阳钼业: every label and alias
is indexed as written, in pinyin with and without spaces (``luo yang mu ye``,
``luoyangmuye``) and by initials (``lymy``). The index is built from the store
on first use and rebuilt when the store's version says it was written (an ingest,
a drop, a SPARQL Update or a Graph Store write).
"""

from __future__ import annotations

import bisect
import re
import threading
import unicodedata
from dataclasses import dataclass

from pypinyin import lazy_pinyin

from chainkg.graph.projection import ENTITY_CLASSES
from chainkg.graph.store import GraphStore
from chainkg.ontology.namespaces import PREFIXES

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
    """The entries, and every key of theirs in one string for ``str.find``.

    Why one string: a query is matched as a substring of every key, and a Python loop over the
    keys of 100,000 companies (half a million keys) took 750 ms per search on the generated
    national graph; ``str.find`` over the joined keys finds the few entries worth scoring in
    C, and only those are scored in Python.
    """

    def __init__(self, entries: list[Entry], version: str) -> None:
        self.entries = entries
        self.version = version
        starts, owners, parts, at = [], [], [], 0
        for i, e in enumerate(entries):
            for key, _ in e.keys:
                starts.append(at)
                owners.append(i)
                parts.append(key)
                at += len(key) + 1
        self._blob = "\n".join(parts)  # normalize() removes whitespace: no key holds a newline, no match spans two
        self._starts = starts
        self._owners = owners

    def _holding(self, needle: str) -> set[int]:
        """The indexes of the entries with a key that contains ``needle``."""
        if len(needle) < 2:  # one letter is in nearly every key: scoring them all is quicker than finding them
            return set(range(len(self.entries)))
        found: set[int] = set()
        pos = self._blob.find(needle)
        while pos >= 0:
            k = bisect.bisect_right(self._starts, pos) - 1
            found.add(self._owners[k])
            # on from the next key: another match in this one adds nothing
            pos = self._blob.find(needle, self._starts[k + 1]) if k + 1 < len(self._starts) else -1
        return found

    def search(self, query: str, *, limit: int = 20, classes: set[str] | None = None) -> list[dict]:
        q = normalize(query)
        if not q:
            return []
        scored = []
        for e in (self.entries[i] for i in sorted(self._holding(q))):
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
        words = [normalize(w) for w in query.split()]
        if not scored and len(words) > 1:
            scored = self._by_words([w for w in words if w], classes)
        scored.sort(key=lambda t: t[:4])
        return [
            {"iri": e.iri, "label": e.label, "label_en": e.label_en, "class": e.cls,
             "matched": name, "aliases": [n for n in e.names if n not in (e.label, e.label_en)][:6]}
            for *_, e, name in scored[:limit]
        ]


    def _by_words(self, words: list[str], classes: set[str] | None) -> list[tuple]:
        """A query of several words that no name holds as a whole ("Luoyang Molybdenum" for 洛阳钼业,
        whose English name in the data is CMOC Group): the entities whose names (as written or in
        pinyin) hold the most of its words, after every whole-name match (score 3 + words missed)."""
        out = []
        candidates = set().union(*(self._holding(w) for w in words)) if words else set()
        for e in (self.entries[i] for i in sorted(candidates)):
            if classes and e.cls not in classes:
                continue
            hit = [w for w in words if any(_holds(key, w) for key, _ in e.keys)]
            if hit:
                name = next(n for k, n in e.keys if _holds(k, hit[0]))
                out.append((3 + len(words) - len(hit), CLASS_RANK.get(e.cls, 99), len(e.label), e.label, e, name))
        return out


def _holds(key: str, word: str) -> bool:
    """A word of a query in a name: at its start, or inside it if the word is long enough to mean something
    (three letters turn up inside the initials of a long name by chance)."""
    return key.startswith(word) or (len(word) >= 4 and word in key)


_lock = threading.Lock()
_cache: dict[int, SearchIndex] = {}


def _version(store: GraphStore) -> str:
    return store.version()


def build_index(store: GraphStore) -> SearchIndex:
    version = _version(store)
    entries: dict[str, Entry] = {}
    values = " ".join(f"<{c}>" for c in ENTITY_CLASSES)
    order = list(ENTITY_CLASSES)
    for r in store.select(
        f"""SELECT ?s ?c ?p ?l WHERE {{ VALUES ?c {{ {values} }} ?s a ?c .
              VALUES ?p {{ <{RDFS}label> <{SKOS}altLabel> <{SKOS}notation> <{PREFIXES['ckg']}stockCode> }}
              ?s ?p ?l }}"""
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
