"""Units of measure as Chinese sources write them.

A written unit such as 亿元 is a base unit (元) and a power-of-ten multiplier
(8), following SDMX's ``unitMult``: the value 308.7 with unit 元 and multiplier
8 means 308.7 x 10^8 元. Keeping the number as written (not 30 870 000 000)
lets a reader check it against the sentence.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rdflib import URIRef

from chainkg.ontology.namespaces import entity_iri, slugify

#: base unit -> (IRI key, English label). The Chinese label is the base itself.
BASE_UNITS: dict[str, tuple[str, str]] = {
    "元": ("yuan", "yuan (CNY)"),
    "美元": ("usd", "US dollar"),
    "%": ("percent", "percent"),
    "个百分点": ("percentage-point", "percentage point"),
    "‰": ("permille", "per mille"),
    "家": ("jia", "enterprises (家)"),
    "个": ("ge", "items (个)"),
    "项": ("xiang", "items (项)"),
    "条": ("tiao", "chains/lines (条)"),
    "台(套)": ("tai-tao", "sets of equipment (台/套)"),
    "台": ("tai", "units (台)"),
    "套": ("tao", "sets (套)"),
    "辆": ("liang", "vehicles"),
    "吨": ("ton", "tonne"),
    "人": ("person", "persons"),
    "人次": ("person-time", "person-times"),
    "倍": ("times", "times (multiple)"),
    "平方公里": ("km2", "square kilometre"),
    "平方米": ("m2", "square metre"),
    "亩": ("mu", "mu (666.7 m²)"),
    "千瓦": ("kw", "kilowatt"),
    "千瓦时": ("kwh", "kilowatt-hour"),
    "瓦": ("w", "watt"),
    "GWh": ("gwh", "gigawatt-hour"),
    "MWh": ("mwh", "megawatt-hour"),
    "GW": ("gw", "gigawatt"),
    "MW": ("mw", "megawatt"),
    "头": ("head", "head (livestock)"),
    "成": ("tenth", "tenths (成)"),
    "座": ("zuo", "facilities (座)"),
    "所": ("suo", "institutions (所)"),
    "件": ("jian", "pieces (件)"),
    "次": ("ci", "times (次)"),
    "批": ("pi", "batches"),
    "年": ("year", "years"),
    "天": ("day", "days"),
    "元/亩": ("yuan-per-mu", "yuan per mu (investment or tax per unit of land)"),
    "元/平方米": ("yuan-per-m2", "yuan per square metre"),
    "元/吨": ("yuan-per-ton", "yuan per tonne"),
    "": ("one", "dimensionless"),
}

#: magnitude prefixes -> power of ten
MAGNITUDES: dict[str, int] = {"万亿": 12, "千亿": 11, "百亿": 10, "亿": 8, "千万": 7, "百万": 6,
                              "十万": 5, "万": 4, "千": 3, "百": 2}

_ALIASES = {"％": "%", "台套": "台(套)", "台（套）": "台(套)", "百分点": "个百分点",
            "平方千米": "平方公里", "km²": "平方公里", "万kW": "万千瓦",
            # one unit, one IRI and one label, however it is written
            "吉瓦时": "GWh", "兆瓦时": "MWh", "吉瓦": "GW", "兆瓦": "MW"}


@dataclass(frozen=True)
class Unit:
    written: str
    base: str
    multiplier: int

    @property
    def iri(self) -> URIRef:
        """Known units have readable keys (``yuan``); others are keyed by a slug of the base."""
        known = BASE_UNITS.get(self.base)
        return entity_iri("Unit", known[0] if known else slugify(self.base))

    @property
    def label_en(self) -> str | None:
        known = BASE_UNITS.get(self.base)
        return known[1] if known else None


def parse_unit(written: str) -> Unit | None:
    """The base unit and multiplier of a written unit, or None if unknown.

    >>> parse_unit("亿元")
    Unit(written='亿元', base='元', multiplier=8)
    >>> parse_unit("万家").multiplier
    4
    """
    text = unicodedata.normalize("NFKC", written or "").strip()
    text = _ALIASES.get(text, text)
    text = re.sub(r"\s+", "", text)
    if text in BASE_UNITS:
        return Unit(written, text, 0)
    for prefix, power in MAGNITUDES.items():
        if text.startswith(prefix):
            rest = _ALIASES.get(text[len(prefix):], text[len(prefix):])
            if rest in BASE_UNITS and rest not in ("%", "个百分点", ""):
                return Unit(written, rest, power)
    return None
