"""``extract(text)``: an article -> entities, statistics and relations in the gold schema.

Why one function with plain-dict output: the same result is printed by
``chainkg extract``, scored against gold files by ``chainkg eval`` and mapped to
RDF by ``to_rdf.py``; a JSON-shaped dict is the one form all three read, and it
is what the scorer at ../shared/tools/score_extraction.py expects.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from datetime import date
from typing import Any

from chainkg.ingest.text.decode import iso_date
from chainkg.ingest.text.entities import Mention, region_prefix, sentence_mentions
from chainkg.ingest.text.gazetteer import Entry, Gazetteer, builtin_gazetteer, trie_regex
from chainkg.ingest.text.lexicon import regions
from chainkg.ingest.text.numbers import decimal_str
from chainkg.ingest.text.periods import Period
from chainkg.ingest.text.relations import Rel, region_ancestors, sentence_relations
from chainkg.ingest.text.sentences import prepare
from chainkg.ingest.text.statistics import Stat, sentence_stats, stat_key

#: Types that ``entities`` in the output may have (Designations appear as relation objects).
ENTITY_TYPES = ("Company", "IndustryChain", "IndustryCluster", "Policy", "Project", "Region",
                "Organization")
_QUOTES = "“”\"《》「」『』‘’'〈〉"
_LEGAL = re.compile(r"(股份有限公司|有限责任公司|有限公司)$")


def norm_form(s: str) -> str:
    """The comparison form of a name: NFKC, no quotes or spaces, no legal suffix."""
    s = unicodedata.normalize("NFKC", s or "")
    s = "".join(ch for ch in s if ch not in _QUOTES and not ch.isspace())
    return _LEGAL.sub("", s)


class _Entity:
    def __init__(self, name: str, typ: str, method: str, entry: Entry | None, sid: str) -> None:
        self.name = name
        self.type = typ
        self.method = method
        self.entry = entry
        self.aliases: list[str] = []
        self.sentences: list[str] = [sid]
        self.mentions = 0
        self.region: str | None = None  # code of a place written in the name
        self.match_forms: list[str] = []

    def forms(self) -> list[str]:
        return [self.name, *self.aliases]

    def as_json(self) -> dict[str, Any]:
        e = self.entry
        return {
            "name": self.name,
            "type": self.type,
            "aliases": self.aliases,
            "method": self.method,
            "iri": e.iri if e is not None and e.source == "graph" else None,
            "known": e is not None,
            "code": e.code if e is not None else None,
            "region_code": self.region,
            "mentions": self.mentions,
            "sentence_ids": self.sentences,
        }


class _Registry:
    """Mentions -> entities: one entity per IRI or per normalized name/alias and type."""

    def __init__(self) -> None:
        self.entities: list[_Entity] = []
        self.by_form: dict[tuple[str, str], _Entity] = {}
        self.by_entry: dict[int, _Entity] = {}

    def add(self, m: Mention, sid: str) -> _Entity:
        ent = self.by_entry.get(id(m.entry)) if m.entry is not None else None
        if ent is None:
            for f in [m.name, *m.aliases, *m.match_forms]:
                ent = self.by_form.get((m.type, norm_form(f)))
                if ent is not None:
                    break
        if ent is None:
            ent = _Entity(m.name, m.type, m.method, m.entry, sid)
            self.entities.append(ent)
        if m.entry is not None:
            self.by_entry.setdefault(id(m.entry), ent)
            if ent.entry is None:
                ent.entry = m.entry
        for f in [m.name, *m.aliases]:
            if f != ent.name and f not in ent.aliases and f:
                ent.aliases.append(f)
            self.by_form.setdefault((m.type, norm_form(f)), ent)
        for f in m.match_forms:
            self.by_form.setdefault((m.type, norm_form(f)), ent)
            if f not in ent.match_forms:
                ent.match_forms.append(f)
        if m.region and not ent.region:
            ent.region = m.region
        if m.entry is not None:
            for f in [m.entry.name, *m.entry.aliases]:
                self.by_form.setdefault((m.type, norm_form(f)), ent)
                if m.entry.type == "Region" and f != ent.name and f not in ent.aliases:
                    ent.aliases.append(f)
        if sid not in ent.sentences:
            ent.sentences.append(sid)
        ent.mentions += 1
        m.name = ent.name
        return ent


def _doc_date(option: str | date | None, meta_date: str | None, header: dict[str, str],
              text_dates: list[str]) -> tuple[date | None, str, str]:
    """The date periods are resolved against, where it came from, and a note on conflicts."""
    cands: list[tuple[str, str]] = []
    if option:
        cands.append(("option", option.isoformat() if isinstance(option, date) else str(option)))
    if meta_date:
        cands.append(("html-meta", meta_date))
    if header.get("date"):
        cands.append(("file-header", header["date"]))
    full = [iso_date(t) for t in text_dates if "年" in t]
    for f in full:
        if f:
            cands.append(("text", f))
    notes = []
    chosen: date | None = None
    source = "none"
    for src, val in cands:
        d = iso_date(val)
        if d and chosen is None:
            chosen = date.fromisoformat(d)
            source = src
    if chosen is not None:
        others = [f"{src} {val}" for src, val in cands if src != source and iso_date(val) !=
                  chosen.isoformat()]
        partial = [t for t in text_dates if "年" not in t]
        for t in partial:
            m = re.match(r"(\d{1,2})月(\d{1,2})日", t)
            if m and (int(m.group(1)), int(m.group(2))) != (chosen.month, chosen.day):
                others.append(f"text mentions {t} (no year)")
        notes.append(f"used the {source} date {chosen.isoformat()}")
        if others:
            notes.append("disagreeing: " + "; ".join(dict.fromkeys(others)))
            notes.append("periods such as 今年 are resolved against the used date and marked "
                         "inferred-from-document-date")
    else:
        notes.append("no document date: relative periods (今年, 上半年) are left unresolved")
    return chosen, source, "; ".join(notes)


def extract(text: str, *, doc_date: str | date | None = None, gazetteer: Gazetteer | None = None,
            title: str | None = None, url: str | None = None,
            meta_date: str | None = None) -> dict[str, Any]:
    """Extract entities, statistics and relations from an article's text.

    ``doc_date`` (an explicit date, e.g. from ``--date``) wins over a date in HTML
    meta tags (``meta_date``), which wins over a crawler header in the text.
    ``gazetteer`` defaults to the built-in vocabulary; pass ``gazetteer_for(graph)``
    to link mentions to entities already in a graph.
    """
    gaz = gazetteer or builtin_gazetteer()
    prep = prepare(text)
    used_date, date_source, date_note = _doc_date(doc_date, meta_date, prep.header,
                                                  prep.text_dates)
    # 1. mentions and entities
    per_sentence: list[list[Mention]] = []
    for s in prep.sentences:
        per_sentence.append(sentence_mentions(s.norm, gaz))
    _resolve_ambiguous_regions(per_sentence, gaz)
    reg = _Registry()
    for s, ms in zip(prep.sentences, per_sentence, strict=True):
        for m in ms:
            reg.add(m, s.id)
    _add_document_aliases(prep.sentences, per_sentence, reg)
    # 2. the region the article is about
    main = _main_region(reg, per_sentence)
    default = (main.name, "Region") if main else ("", None)
    # 3. statistics
    stats: list[Stat] = []
    carry: Period | None = None
    para = -1
    for s, ms in zip(prep.sentences, per_sentence, strict=True):
        if s.para != para:
            carry, para = None, s.para
        found, carry = sentence_stats(s.norm, s.text, s.id, ms, default, used_date, carry, {})
        stats.extend(found)
    seen = set()
    uniq_stats = []
    for st in stats:
        k = stat_key(st) + (st.sentence_id,)
        if k not in seen:
            seen.add(k)
            uniq_stats.append(st)
    stats = uniq_stats
    # 4. relations
    rels: list[Rel] = []
    for s, ms in zip(prep.sentences, per_sentence, strict=True):
        rels.extend(sentence_relations(s.norm, s.text, s.id, ms, default))
    rels.extend(_doc_relations(reg, main, prep, stats))
    seen_r = set()
    uniq = []
    for r in rels:
        k = (r.s, r.p, r.o)
        if k not in seen_r:
            seen_r.add(k)
            uniq.append(r)
    sentences = [{"id": s.id, "text": s.text, "start": s.start, "end": s.end, "paragraph": s.para}
                 for s in prep.sentences]
    designations = [e.as_json() for e in reg.entities if e.type == "Designation"]
    return {
        "document": {
            "title": title or prep.title,
            "url": url or prep.header.get("url"),
            "date": used_date.isoformat() if used_date else None,
            "date_source": date_source,
            "date_note": date_note,
            "header": prep.header,
            "text_dates": prep.text_dates,
            "main_region": main.name if main else None,
            "dropped": prep.dropped,
            "characters": len(text),
        },
        "entities": [e.as_json() for e in reg.entities if e.type in ENTITY_TYPES],
        "designations": designations,
        "statistics": [st.as_json() for st in stats],
        "relations": [r.as_json() for r in uniq],
        "sentences": sentences,
    }


def _add_document_aliases(sentences: list[Any], per_sentence: list[list[Mention]],
                          reg: _Registry) -> None:
    """Find later mentions of names the article introduced (蔚来 in 蔚来汽车, 光电产业)."""
    forms: dict[str, _Entity] = {}
    for e in reg.entities:
        if e.type not in ("Company", "Project", "IndustryChain", "IndustryCluster"):
            continue
        for f in [e.name, *e.aliases, *e.match_forms]:
            minimum = 2 if e.type == "Company" else 3
            if len(f) >= minimum and re.search(r"[\u4e00-\u9fff]", f):
                forms.setdefault(f, e)
    if not forms:
        return
    rx = re.compile(trie_regex(sorted(forms)))
    for s, ms in zip(sentences, per_sentence, strict=True):
        taken = bytearray(len(s.norm) + 1)
        for m in ms:
            if not m.nested:
                for i in range(m.start, m.end):
                    taken[i] = 1
        for hit in rx.finditer(s.norm):
            if not hit.group(0) or any(taken[i] for i in range(hit.start(), hit.end())):
                continue
            e = forms[hit.group(0)]
            m = Mention(hit.start(), hit.end(), e.name, e.type, "document-alias",
                        entry=e.entry, region=e.region)
            ms.append(m)
            reg.add(m, s.id)
        ms.sort(key=lambda m: m.start)


def _resolve_ambiguous_regions(per_sentence: list[list[Mention]], gaz: Gazetteer) -> None:
    """A county name shared by several provinces takes the one under a region the article names."""
    codes = set()
    for ms in per_sentence:
        for m in ms:
            if m.type == "Region" and m.entry is not None and m.entry.code:
                forms = [m.entry.name, *m.aliases]
                if all(len([e for e in gaz.lookup(f) if e.type == "Region"]) <= 1 for f in forms):
                    codes.add(m.entry.code)
    for ms in per_sentence:
        for m in ms:
            if m.type != "Region" or m.entry is None:
                continue
            form = m.aliases[0] if m.aliases else m.entry.name
            cands = [e for e in gaz.lookup(form) if e.type == "Region"]
            if len(cands) <= 1:
                continue
            for e in cands:
                if e.code and set(region_ancestors(e.code)) & codes:
                    m.entry = e
                    m.name = e.name
                    break


def _main_region(reg: _Registry, per_sentence: list[list[Mention]]) -> _Entity | None:
    counts: Counter[int] = Counter()
    first: dict[int, int] = {}
    by_id = {id(e): e for e in reg.entities}
    order = 0
    for ms in per_sentence:
        for m in ms:
            if m.type != "Region" or m.nested:
                continue
            ent = next((e for e in reg.entities if e.name == m.name and e.type == "Region"), None)
            if ent is None:
                continue
            level = ent.entry.level if ent.entry else None
            weight = 2 if level in ("prefecture", "county") else 1
            counts[id(ent)] += weight
            first.setdefault(id(ent), order)
            order += 1
    if not counts:
        return None
    best = max(counts, key=lambda k: (counts[k], -first[k]))
    return by_id[best]


def _doc_relations(reg: _Registry, main: _Entity | None, prep: Any, stats: list[Stat]) -> list[Rel]:
    out: list[Rel] = []
    text_of = {s.id: s.text for s in prep.sentences}
    # partOf: each region and the nearest region above it that the article also names
    by_code = {e.entry.code: e for e in reg.entities
               if e.type == "Region" and e.entry is not None and e.entry.code}
    for code, e in by_code.items():
        for anc in region_ancestors(code):
            if anc in by_code:
                a = by_code[anc]
                sid = next((x for x in e.sentences if x in a.sentences), e.sentences[0])
                out.append(Rel(e.name, "partOf", a.name, text_of[sid], sid, "Region", "Region",
                               "gazetteer:division-hierarchy"))
                break
    # locatedIn: what the article reports on is in its region, unless its name says otherwise
    regs = regions()
    main_code = main.entry.code if main is not None and main.entry is not None else None
    main_anc = set(region_ancestors(main_code)) if main_code else set()

    def region_name(code: str) -> str:
        return by_code[code].name if code in by_code else regs[code].name

    for e in reg.entities:
        if e.type not in ("Company", "Project", "IndustryChain", "IndustryCluster"):
            continue
        target = main.name if main else None
        code = e.region
        if code is None:
            rp = region_prefix(e.name)
            code = rp[1] if rp else None
        if code and code in regs and code not in main_anc:
            target = region_name(code)
        if target and target != e.name:
            sid = e.sentences[0]
            out.append(Rel(e.name, "locatedIn", target, text_of[sid], sid, e.type, "Region",
                           "document:main-region" if target == (main.name if main else None)
                           else "pattern:name-prefix"))
    # hasScaleAtLeast: a chain/cluster/company whose size passed an amount of money
    for st in stats:
        if st.bound in ("AtLeast", "MoreThan") and st.unit_base == "元" and \
                re.search(r"规模|产值|营收|营业收入|主营业务收入|销售收入", st.metric) \
                and st.subject_type in ("IndustryChain", "IndustryCluster", "Company"):
            out.append(Rel(st.subject, "hasScaleAtLeast", f"{decimal_str(st.value)}{st.unit}",
                           st.sentence, st.sentence_id, st.subject_type, None, "statistic"))
    return out
