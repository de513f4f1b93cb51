"""A national-scale data set in chainkg's own ontology, generated deterministically.

    .venv/bin/python benchmarks/gen_national.py --companies 100000 [--seed 7] [-o national-100k.nt]

Why: the real national data here is 4,587 listed companies; a province's 规上 companies
alone run to tens of thousands and the country's registered firms to millions. This
writes what the importers would have produced for such an economy, as one N-Triples
file that goes through the normal ingest path (``chainkg ingest FILE.nt``: parsed,
checked by the SHACL shapes, written in one transaction):

- the real Shenwan 2021 classification and its weighted upstream links (read from the
  A-share data set in ../shared, as the A-share importer maps them);
- companies with stock-like codes, Chinese short and full names, pinyin and English
  aliases, an exchange and a listing date, placed in real GB/T 2260 divisions
  (prefecture and county; cities get companies by a Zipf-like weight) and in a level-3
  industry;
- per city: industry chains with upstream, midstream and downstream segments aligned to
  the industries of their companies, the chain leader (链主), companies taking part in
  segments, clusters of chains, policies that support them, national designations
  (专精特新“小巨人” …) held by some companies;
- statistics as Data Cube observations through ``ingest.observations`` (company revenue,
  chain scale, city growth) with units, periods and the sentence each comes from, in a
  source document per city.

About 36 triples per company: 1,000 companies give about 40,000 triples, 10,000 about
360,000 and 100,000 about 3.6 million. The same ``--seed`` and size give the same file.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from chainkg.graph.store import from_ox, to_ox
from chainkg.ingest.divisions import divisions, region_triples
from chainkg.ingest.observations import Statistic, observation_triples
from chainkg.ingest.units import parse_unit
from chainkg.ontology.namespaces import CKG, ID_BASE, NIF, SCHEMA, digest_key, entity_iri

ROOT = Path(__file__).resolve().parent.parent
ASHARE = ROOT.parent / "shared" / "datasets" / "ashare-chain"

#: Chain templates: a name, and per position the Shenwan level-2 codes its segments draw on.
CHAINS: list[tuple[str, str, list[tuple[str, str, list[str]]]]] = [
    ("新能源汽车", "New energy vehicles", [("Upstream", "锂电材料", ["220700", "240500"]),
                                         ("Midstream", "动力电池", ["630700"]),
                                         ("Downstream", "整车制造", ["280200"])]),
    ("集成电路", "Integrated circuits", [("Upstream", "半导体材料", ["270100", "220300"]),
                                        ("Midstream", "芯片设计制造", ["270100"]),
                                        ("Downstream", "电子终端", ["270500", "270600"])]),
    ("生物医药", "Biomedicine", [("Upstream", "原料药", ["370100"]),
                                ("Midstream", "化学制药", ["370100", "370200"]),
                                ("Downstream", "医疗服务", ["370500", "370600"])]),
    ("高端装备", "High-end equipment", [("Upstream", "特钢材料", ["230300", "230200"]),
                                       ("Midstream", "通用设备", ["640100", "640200"]),
                                       ("Downstream", "工程机械", ["640500", "640600"])]),
    ("新材料", "New materials", [("Upstream", "基础化工", ["220200", "220400"]),
                                 ("Midstream", "化工新材料", ["220600", "220700"]),
                                 ("Downstream", "建筑材料", ["610300", "610200"])]),
    ("绿色石化", "Green petrochemicals", [("Upstream", "油气开采", ["750200"]),
                                         ("Midstream", "炼化", ["750300", "220100"]),
                                         ("Downstream", "塑料制品", ["220500"])]),
    ("光伏", "Photovoltaics", [("Upstream", "硅料", ["630600"]),
                               ("Midstream", "电池组件", ["630600"]),
                               ("Downstream", "电站运营", ["410100"])]),
    ("食品加工", "Food processing", [("Upstream", "农产品", ["110100", "110700"]),
                                    ("Midstream", "食品制造", ["340500", "340600"]),
                                    ("Downstream", "商贸零售", ["450200", "450300"])]),
]
DESIGNATIONS = [("专精特新“小巨人”", "SRDI Little Giant"), ("制造业单项冠军", "Manufacturing single champion"),
                ("高新技术企业", "High and new technology enterprise")]
SUFFIXES = ["科技", "材料", "装备", "电子", "智能", "精密", "新能源", "化工", "制药", "机械"]
SYLLABLES = "华瑞金汇通达宏远盛鑫泰恒创新联合众诚信和安康永昌隆兴旺飞龙凤祥云海天润德佳嘉益丰"


def nt_lines(triples: Iterator[tuple]) -> Iterator[ox.Triple]:
    for s, p, o in triples:
        yield ox.Triple(to_ox(s), to_ox(p), to_ox(o))  # type: ignore[arg-type]


class Generator:
    def __init__(self, companies: int, seed: int) -> None:
        self.n = companies
        self.rng = random.Random(seed)
        self.industries = self._industries()
        self.level3 = sorted(c for c in self.industries if not c.endswith("00"))
        self.cities = self._cities()

    # -- the real classification -------------------------------------------------------------

    def _industries(self) -> dict[str, str]:
        out = {}
        with open(ASHARE / "industry.json", encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    row = json.loads(line)
                    out[str(row["code"]).strip()] = str(row["name"]).strip()
        return out

    def classification(self) -> Iterator[tuple]:
        """The Shenwan classification and its upstream links, as the A-share importer maps them."""
        from chainkg.ingest.ashare import clean
        from chainkg.ingest.ashare.rdf import build_triples

        data = clean(ASHARE)
        data.companies.clear()
        data.links.clear()
        triples = [(from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)) for t in build_triples(data)]
        yield from sorted(triples, key=lambda t: (str(t[0]), str(t[1]), str(t[2])))  # in a stable order

    # -- places ---------------------------------------------------------------------------------

    def _cities(self) -> list[tuple[str, list[str], float]]:
        """(prefecture code, its county codes, weight) for every prefecture-level city."""
        divs = divisions()
        counties: dict[str, list[str]] = {}
        for code, d in divs.items():
            if d.level == "county" and d.parent:
                counties.setdefault(d.parent, []).append(code)
        cities = sorted(c for c, d in divs.items() if d.level == "prefecture" and counties.get(c))
        self.rng.shuffle(cities)
        return [(c, sorted(counties[c]), 1 / (i + 1) ** 0.8) for i, c in enumerate(cities)]

    # -- names ------------------------------------------------------------------------------------

    def _brand(self, taken: set[str]) -> str:
        """A short name not used yet: two syllables and a trade (14,440 of them), then three (548,720)."""
        for attempt in range(64):
            size = 2 if attempt < 8 else 3
            brand = "".join(self.rng.choice(SYLLABLES) for _ in range(size)) + self.rng.choice(SUFFIXES)
            if brand not in taken:
                taken.add(brand)
                return brand
        raise RuntimeError("ran out of company names")

    def _code(self, i: int) -> str:
        exchange = ["SH", "SZ", "BJ"][i % 3]
        base = {"SH": 600000, "SZ": 1, "BJ": 830000}[exchange]
        return f"{base + i // 3:06d}.{exchange}"

    # -- the graph ----------------------------------------------------------------------------------

    def triples(self) -> Iterator[tuple]:
        rng = self.rng
        yield from self.classification()
        weights = [w for _, _, w in self.cities]
        chosen = rng.choices(range(len(self.cities)), weights=weights, k=self.n)
        by_city: dict[int, list[tuple[str, str, str]]] = {}
        taken: set[str] = set()
        region_codes: set[str] = set()
        designations = [entity_iri("Designation", name) for name, _ in DESIGNATIONS]
        for name, en in DESIGNATIONS:
            d = entity_iri("Designation", name)
            yield d, RDF.type, CKG.Designation
            yield d, RDFS.label, Literal(name, lang="zh")
            yield d, RDFS.label, Literal(en, lang="en")
            yield d, CKG.curation, Literal("curated")
        from pypinyin import lazy_pinyin

        for i, city_index in enumerate(chosen):
            city, counties, _ = self.cities[city_index]
            county = rng.choice(counties)
            region_codes.update((city, county))
            code = self._code(i)
            c = entity_iri("Company", code)
            city_name = divisions()[city].short or divisions()[city].name
            brand = self._brand(taken)
            industry = rng.choice(self.level3)
            full = f"{city_name}{brand}股份有限公司"
            yield c, RDF.type, CKG.Company
            yield c, RDFS.label, Literal(brand, lang="zh")
            yield c, SCHEMA.legalName, Literal(full, lang="zh")
            yield c, SKOS.altLabel, Literal(full, lang="zh")
            yield c, SKOS.altLabel, Literal(" ".join(lazy_pinyin(brand)), lang="zh-Latn-pinyin")
            yield c, CKG.stockCode, Literal(code)
            yield c, CKG.exchange, Literal({"SH": "上海证券交易所", "SZ": "深圳证券交易所",
                                            "BJ": "北京证券交易所"}[code[-2:]], lang="zh")
            year = rng.randint(1995, 2024)
            yield c, CKG.listingDate, Literal(f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                                              datatype=XSD.date)
            yield c, CKG.inIndustry, entity_iri("Industry", f"sw2021-{industry}")
            yield c, CKG.locatedIn, entity_iri("Region", city)
            yield c, CKG.locatedIn, entity_iri("Region", county)
            yield c, CKG.curation, Literal("curated")
            if rng.random() < 0.08:
                yield c, CKG.hasDesignation, rng.choice(designations)
            by_city.setdefault(city_index, []).append((code, brand, industry))
        yield from region_triples(sorted(region_codes))
        for city_index, members in sorted(by_city.items()):
            yield from self._city(city_index, members)

    def _city(self, city_index: int, members: list[tuple[str, str, str]]) -> Iterator[tuple]:
        rng = self.rng
        city, _, _ = self.cities[city_index]
        d = divisions()[city]
        name = d.name
        region = entity_iri("Region", city)
        doc = URIRef(f"{ID_BASE}document/national-{city}")
        yield doc, RDF.type, CKG.SourceDocument
        yield doc, DCTERMS.title, Literal(f"{name}2024年产业链发展情况通报（合成数据）", lang="zh")
        yield doc, DCTERMS.issued, Literal("2025-01-15", datatype=XSD.date)
        yield doc, SCHEMA.url, URIRef(f"https://example.org/national/{city}")

        def sentence(text: str) -> URIRef:
            s = entity_iri("Sentence", f"national-{city}-{digest_key(text)}")
            yield_list.extend([(s, RDF.type, CKG.Sentence), (s, NIF.anchorOf, Literal(text)),
                               (s, CKG.inDocument, doc)])
            return s

        yield_list: list[tuple] = []
        by_l2: dict[str, list[tuple[str, str, str]]] = {}
        for m in members:
            by_l2.setdefault(m[2][:4] + "00", []).append(m)
        n_chains = max(1, min(len(CHAINS), int(math.log2(len(members) + 1))))
        chains = rng.sample(CHAINS, n_chains)
        chain_iris = []
        for chain_name, chain_en, segments in chains:
            label = f"{name}{chain_name}产业链"
            chain = entity_iri("IndustryChain", f"{label}-{city}")  # two cities may share a name
            chain_iris.append(chain)
            yield_list += [(chain, RDF.type, CKG.IndustryChain), (chain, RDFS.label, Literal(label, lang="zh")),
                           (chain, RDFS.label, Literal(f"{d.name} {chain_en} industry chain", lang="en")),
                           (chain, SKOS.altLabel, Literal(chain_name + "产业链", lang="zh")),
                           (chain, CKG.locatedIn, region), (chain, CKG.curation, Literal("curated"))]
            participants: list[tuple[str, str, str]] = []
            for order, (position, seg_name, codes) in enumerate(segments, start=1):
                seg = entity_iri("ChainSegment", f"{label}-{city}--{seg_name}")
                yield_list += [(seg, RDF.type, CKG.ChainSegment), (seg, RDFS.label, Literal(seg_name, lang="zh")),
                               (seg, CKG.segmentOf, chain), (seg, CKG.position, CKG[position]),
                               (seg, CKG.positionOrder, Literal(order, datatype=XSD.integer)),
                               (seg, CKG.curation, Literal("curated"))]
                pool = [m for code in codes for m in by_l2.get(code, [])]
                if not pool:
                    pool = rng.sample(members, min(len(members), 3))
                for m in pool[:40]:
                    yield_list.append((entity_iri("Company", m[0]), CKG.participatesIn, seg))
                    participants.append(m)
            leader = participants[0] if participants else members[0]
            leader_iri = entity_iri("Company", leader[0])
            text = f"{leader[1]}是{label}链主企业。"
            yield_list.append((chain, CKG.chainLeader, leader_iri))
            st = entity_iri("Statement", digest_key(str(chain), "chainLeader", str(leader_iri)))
            yield_list += [(st, RDF.type, CKG.Statement), (st, RDF.subject, chain),
                           (st, RDF.predicate, CKG.chainLeader), (st, RDF.object, leader_iri),
                           (st, CKG.sentence, sentence(text)), (st, CKG.curation, Literal("curated"))]
            scale = Decimal(rng.randint(50, 3000))
            text = f"2024年，{label}规模达{scale}亿元。"
            yield_list += self._statistic(chain, "产业链规模", scale, "亿元", "2024年", region, sentence(text))
        for k in range(max(1, n_chains // 3)):
            cluster_label = f"{name}{chains[k][0]}产业集群"
            cluster = entity_iri("IndustryCluster", f"{cluster_label}-{city}")
            yield_list += [(cluster, RDF.type, CKG.IndustryCluster),
                           (cluster, RDFS.label, Literal(cluster_label, lang="zh")),
                           (cluster, CKG.locatedIn, region), (cluster, CKG.curation, Literal("curated"))]
            for chain in chain_iris[k::max(1, n_chains // 3)]:
                yield_list.append((chain, CKG.partOfCluster, cluster))
        policy_label = f"{name}产业链链长制"
        policy = entity_iri("Policy", f"{policy_label}-{city}")
        yield_list += [(policy, RDF.type, CKG.Policy), (policy, RDFS.label, Literal(policy_label, lang="zh")),
                       (policy, CKG.curation, Literal("curated")), (policy, CKG.supports, region)]
        yield_list += [(policy, CKG.supports, chain) for chain in chain_iris]
        for code, brand, _ in members:
            revenue = Decimal(rng.randint(5, 50000)) / 10
            text = f"2024年，{brand}实现营业收入{revenue}亿元。"
            yield_list += self._statistic(entity_iri("Company", code), "营业收入", revenue, "亿元", "2024年", region,
                                          sentence(text))
        growth = Decimal(rng.randint(-30, 150)) / 10
        text = f"2024年，全市规上工业增加值增长{growth}%。"
        yield_list += self._statistic(region, "规上工业增加值增长", growth, "%", "2024年", region, sentence(text))
        yield from yield_list

    def _statistic(self, subject: URIRef, metric: str, value: Decimal, unit: str, period: str, area: URIRef,
                   sentence: URIRef) -> list[tuple]:
        st = Statistic(subject=subject, metric=metric, value=value, unit=parse_unit(unit),  # type: ignore[arg-type]
                       period=period, period_start="2024-01-01", period_end="2024-12-31", area=area,
                       sentence=sentence)
        obs = entity_iri("Observation", digest_key(str(subject), metric, str(value), period))
        return [t for t, _ in observation_triples(obs, st)]


def generate(companies: int, seed: int, out: Path, *, progress: bool = True) -> int:
    """Write the data set to ``out`` (N-Triples); returns the number of triples."""
    from chainkg.graph.progress import bar

    gen = Generator(companies, seed)
    count = 0  # a repeated triple is harmless in N-Triples, and the ingest reads it once
    with open(out, "wb") as f, bar(total=None, unit="triples", desc=f"generating {companies:,} companies",
                                   enabled=progress) as tick:
        batch: list[ox.Triple] = []
        for t in nt_lines(gen.triples()):
            batch.append(t)
            if len(batch) >= 50_000:
                f.write(ox.serialize(batch, format=ox.RdfFormat.N_TRIPLES))
                count += len(batch)
                tick(len(batch))
                batch = []
        if batch:
            f.write(ox.serialize(batch, format=ox.RdfFormat.N_TRIPLES))
            count += len(batch)
            tick(len(batch))
    return count


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--companies", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("-o", "--output", type=Path)
    args = ap.parse_args(argv)
    out = args.output or Path(f"national-{args.companies}.nt")
    t = time.perf_counter()
    n = generate(args.companies, args.seed, out, progress=sys.stderr.isatty())
    print(f"wrote {n:,} triples for {args.companies:,} companies to {out} in {time.perf_counter() - t:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
