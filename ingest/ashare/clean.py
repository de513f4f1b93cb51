"""From the raw rows to clean records: normalise what can be proven, report the rest.

Why a separate step from the RDF mapping: the decisions (which row of a
duplicated code wins, which industry a mis-coded row means) are the part a
person has to trust, so they are made here, in plain Python, each one counted
in the quality report, and the mapping only writes what this step kept.

Rules (docs/ashare-chain.md explains them with the counts):
- codes: one normal form (``603993.SH``), see ``codes.py``;
- never invent: a listing date that is not a date is left out, a link to a
  company that is not in company.json is left out, a name that matches no
  industry drops its upstream edge; each is counted with examples;
- duplicated codes: one company per code; fields on which the rows agree are
  kept; where they disagree, the first row whose full name shares a character
  with the short name wins (file order otherwise), and if no row's full name
  is plausible the disagreeing fields are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from chainkg.ingest.ashare.codes import EXCHANGES, SUFFIX_OF_EXCHANGE, read_code
from chainkg.ingest.ashare.quality import QualityReport
from chainkg.ingest.ashare.reader import Row, read_dataset
from chainkg.ingest.divisions import locate

LEVEL_MARKS = "ⅠⅡⅢ"
_MARK = re.compile(f"[{LEVEL_MARKS}]$")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_CJK = re.compile(r"[\u4e00-\u9fff]")
#: Status marks before a short name (*ST, ST, S*ST, PT, 退市, S) and share-class marks after.
_STATUS = re.compile(r"^(?:S?\*?ST|PT|退市|S(?=[\u4e00-\u9fff]))|(?:[AB]股?)$")


def industry_level(code: str) -> int:
    """Shenwan level from the code: 110000 -> 1, 110100 -> 2, 110101 -> 3."""
    if code.endswith("0000"):
        return 1
    if code.endswith("00"):
        return 2
    return 3


def strip_mark(name: str) -> str:
    """The industry name without its Roman-numeral level mark (焦炭Ⅲ -> 焦炭)."""
    return _MARK.sub("", name)


@dataclass
class Company:
    code: str
    name: str
    exchange: str
    line: int
    fullname: str | None = None
    listing_date: str | None = None
    aliases: set[str] = field(default_factory=set)
    industry: str | None = None
    regions: list[str] = field(default_factory=list)


@dataclass
class Industry:
    code: str
    name: str
    line: int
    level: int
    parent: str | None = None
    variants: set[str] = field(default_factory=set)


@dataclass
class Upstream:
    upstream: str
    downstream: str
    weight: Decimal
    line: int


@dataclass
class CleanDataset:
    """What the import writes: companies, industries, links, and the report about it."""

    directory: Path
    companies: dict[str, Company]
    industries: dict[str, Industry]
    upstream: list[Upstream]
    report: QualityReport
    #: (company code, file, line) of each company -> industry link kept
    links: list[tuple[str, str, int]] = field(default_factory=list)


def _plausible(name: str, fullname: str) -> bool:
    """Does the full name share a Chinese character with the short name (status marks off)?"""
    core = set(_CJK.findall(_STATUS.sub("", name)))
    return not core or bool(core & set(_CJK.findall(fullname)))


def _text(value: object) -> str:
    """A field as text, trimmed; not NFKC-folded (that would turn 焦炭Ⅲ into 焦炭III)."""
    return str(value).strip() if value is not None else ""


def _declare(report: QualityReport) -> None:
    k = report.kind
    k("bare_code", "company code without exchange suffix (301079)",
      "suffix inferred from the code's prefix and checked against 'location'", "repaired")
    k("suffixed_code", "company code with exchange suffix (600876.SH), the normal form",
      "kept", "note")
    k("lowercase_suffix", "stock code with a lower-case suffix (300957.sz)",
      "suffix upper-cased", "repaired")
    k("code_unreadable", "stock code that cannot be normalised",
      "row left out", "omitted")
    k("suffix_prefix_conflict", "written suffix disagrees with the numbering rules",
      "written suffix kept", "note")
    k("exchange_conflict", "inferred suffix disagrees with the row's 'location'",
      "row left out (which is right cannot be told)", "omitted")
    k("time_not_a_date", "'time' holds no listing date (an exchange name, or '-')",
      "listing date left out", "omitted")
    k("location_not_an_exchange", "'location' holds no exchange name (a date)",
      "exchange taken from the code's suffix", "repaired")
    k("duplicate_code", "company code on more than one row of company.json",
      "one company per code; disagreeing fields from the first plausible row",
      "repaired")
    k("duplicate_conflict_unresolved", "duplicated code whose rows disagree and none is "
      "plausible", "disagreeing fields (full name, date) left out", "omitted")
    k("fullname_unrelated", "full name shares no character with the short name "
      "(a rename, or a wrong row)", "kept unless a duplicate row is plausible", "note")
    k("dangling_company", "company_industry row names a company code not in company.json",
      "link left out (no company is made up)", "omitted")
    k("unknown_industry_code", "company_industry row's industry_code is not in industry.json",
      "industry found by its exact name", "repaired")
    k("industry_name_mismatch", "company_industry row's industry_name is not the name "
      "industry.json gives its code", "the name decides when it names an industry, "
      "else the code", "repaired")
    k("industry_unresolved", "company_industry row whose industry is found neither by code "
      "nor by name", "link left out", "omitted")
    k("company_name_differs", "company_industry row's company_name differs from "
      "company.json's name", "kept as an alias (skos:altLabel)", "note")
    k("level_marked_name", "industry name with a Roman-numeral level mark (林业Ⅱ, 焦炭Ⅲ)",
      "kept as the Shenwan name; the unmarked name is an alias", "note")
    k("level_marked_name_upstream", "industry_up name with a level mark (焦炭Ⅲ), distinct "
      "names; breakdown: uses", "matched to the industry of that name", "note")
    k("upstream_name_variant", "industry_up name not in industry.json as written",
      "matched without its level mark, or by the code company_industry gives it",
      "repaired")
    k("upstream_name_unknown", "industry_up name that matches no industry",
      "its edges left out", "omitted")
    k("upstream_weight_invalid", "industry_up weight that is not a positive number",
      "edge left out", "omitted")
    k("upstream_duplicate", "the same upstream edge given twice",
      "first weight kept", "omitted")
    k("hierarchy_mismatch", "industry_industry row disagrees with industry.json or the codes",
      "row left out", "omitted")
    k("duplicate_industry", "industry code on more than one row of industry.json",
      "first row kept", "omitted")
    k("company_without_industry", "company with no company_industry row",
      "written without ckg:inIndustry", "note")
    k("company_not_located", "no administrative division found at the start of the full "
      "name", "written without ckg:locatedIn", "note")


def clean(directory: str | Path) -> CleanDataset:
    """Read the data set in ``directory`` and make clean records, counting every defect."""
    directory = Path(directory)
    files = read_dataset(directory)
    report = QualityReport(str(directory))
    report.files = {name: len(rows) for name, rows in files.items()}
    _declare(report)
    industries = _industries(files["industry.json"], report)
    _hierarchy(files["industry_industry.json"], industries, report)
    companies = _companies(files["company.json"], report)
    links = _company_industry(files["company_industry.json"], companies, industries, report)
    upstream = _upstream(files["industry_up.json"], industries, report)
    for c in companies.values():
        if c.industry is None:
            report.add("company_without_industry", "company.json", c.line, "code", c.code)
        if c.fullname:
            c.regions = locate(c.fullname)
        if not c.regions:
            report.add("company_not_located", "company.json", c.line, "fullname", c.fullname)
    report.counts = {
        **report.counts,
        "companies": len(companies),
        "companies_located": sum(1 for c in companies.values() if c.regions),
        "industries": len(industries),
        "company_industry_links": len(links),
        "upstream_links": len(upstream),
    }
    return CleanDataset(directory, companies, industries, upstream, report, links)


def _industries(rows: list[Row], report: QualityReport) -> dict[str, Industry]:
    out: dict[str, Industry] = {}
    for row in rows:
        code, name = _text(row.get("code")), _text(row.get("name"))
        if not re.fullmatch(r"\d{6}", code) or not name:
            report.add("hierarchy_mismatch", row.file, row.line, "code", row.data,
                       "not a six-digit code with a name")
            continue
        if code in out:
            report.add("duplicate_industry", row.file, row.line, "code", code)
            continue
        out[code] = Industry(code, name, row.line, industry_level(code))
        if _MARK.search(name):
            report.add("level_marked_name", row.file, row.line, "name", name,
                       sub=f"{row.file} {name[-1]}")
    return out


def _hierarchy(rows: list[Row], industries: dict[str, Industry], report: QualityReport) -> None:
    for row in rows:
        child, parent = _text(row.get("from_code")), _text(row.get("to_code"))
        ci, pi = industries.get(child), industries.get(parent)
        expected = (child[:2] + "0000") if ci and ci.level == 2 else (child[:4] + "00")
        if (
            ci is None or pi is None or pi.level != ci.level - 1 or parent != expected
            or _text(row.get("from_industry")) != ci.name
            or _text(row.get("to_industry")) != pi.name
        ):
            report.add("hierarchy_mismatch", row.file, row.line, "to_code", row.data)
            continue
        ci.parent = parent


def _companies(rows: list[Row], report: QualityReport) -> dict[str, Company]:
    by_code: dict[str, list[tuple[Row, str, str, str | None]]] = {}
    for row in rows:
        reading = read_code(row.get("code"))
        if reading.code is None:
            report.add("code_unreadable", row.file, row.line, "code", reading.raw,
                       sub=reading.form)
            continue
        suffix = reading.code[-2:]
        location = _text(row.get("location"))
        if reading.form == "bare":
            written = SUFFIX_OF_EXCHANGE.get(location)
            agrees = "agrees with location" if written == suffix else "no location to check"
            if written is not None and written != suffix:
                report.add("exchange_conflict", row.file, row.line, "location", location,
                           f"code {reading.raw} -> {reading.code}")
                continue
            report.add("bare_code", row.file, row.line, "code", reading.raw,
                       f"{reading.code} ({agrees})", sub=agrees)
        else:
            report.add("suffixed_code", row.file, row.line, "code", reading.raw)
            if reading.form == "lowercase":
                report.add("lowercase_suffix", row.file, row.line, "code", reading.raw)
            if reading.conflict:
                report.add("suffix_prefix_conflict", row.file, row.line, "code", reading.raw,
                           f"numbering rules say .{reading.conflict}")
            written = SUFFIX_OF_EXCHANGE.get(location)
            if written is not None and written != suffix:
                report.add("exchange_conflict", row.file, row.line, "location", location,
                           f"code {reading.raw}")
                continue
        if location not in SUFFIX_OF_EXCHANGE:
            report.add("location_not_an_exchange", row.file, row.line, "location", location,
                       f"exchange from the suffix: {EXCHANGES[suffix]}")
        time = _text(row.get("time"))
        listing: str | None = None
        if _DATE.fullmatch(time):
            try:
                listing = date.fromisoformat(time).isoformat()
            except ValueError:
                listing = None
        if listing is None:
            sub = "exchange name" if time in SUFFIX_OF_EXCHANGE else (time or "empty")
            report.add("time_not_a_date", row.file, row.line, "time", time, sub=sub)
        name, fullname = _text(row.get("name")), _text(row.get("fullname"))
        if fullname and not _plausible(name, fullname):
            report.add("fullname_unrelated", row.file, row.line, "fullname", fullname,
                       f"name {name}")
        by_code.setdefault(reading.code, []).append((row, name, fullname, listing))

    companies: dict[str, Company] = {}
    for code, group in by_code.items():
        first_row = group[0][0]
        company = Company(code, group[0][1], EXCHANGES[code[-2:]], first_row.line)
        if len(group) == 1:
            _, company.name, fullname, company.listing_date = group[0]
            company.fullname = fullname or None
            companies[code] = company
            continue
        lines = [r.line for r, *_ in group]
        conflicting = [
            f for i, f in enumerate(("name", "fullname", "time"), start=1)
            if len({g[i] for g in group}) > 1
        ]
        note = f"{len(group)} rows (lines {', '.join(map(str, lines))})"
        if conflicting:
            note += f"; they disagree on {', '.join(conflicting)}"
        report.add("duplicate_code", first_row.file, first_row.line, "code", code, note,
                   sub=f"{len(group)} rows")
        plausible = [g for g in group if g[2] and _plausible(g[1], g[2])]
        chosen = plausible[0] if plausible else group[0]
        company.name = chosen[1]
        company.line = chosen[0].line
        fullnames = {g[2] for g in group}
        dates = {g[3] for g in group}
        if plausible or len(fullnames) == 1:
            company.fullname = chosen[2] or None
        if plausible or len(dates) == 1:
            company.listing_date = chosen[3]
        if not plausible and (len(fullnames) > 1 or len(dates) > 1):
            report.add("duplicate_conflict_unresolved", first_row.file, first_row.line,
                       "fullname", sorted(f for f in fullnames if f)[:3], note)
        for g in plausible:
            if g[1] != company.name:
                company.aliases.add(g[1])
        companies[code] = company
    return companies


def _company_industry(
    rows: list[Row],
    companies: dict[str, Company],
    industries: dict[str, Industry],
    report: QualityReport,
) -> list[tuple[str, str, int]]:
    by_name: dict[str, list[str]] = {}
    for ind in industries.values():
        by_name.setdefault(ind.name, []).append(ind.code)
    links: list[tuple[str, str, int]] = []
    for row in rows:
        reading = read_code(row.get("company_code"))
        if reading.code is None:
            report.add("code_unreadable", row.file, row.line, "company_code", reading.raw,
                       sub=reading.form)
            continue
        if reading.form == "lowercase":
            report.add("lowercase_suffix", row.file, row.line, "company_code", reading.raw)
        elif reading.form == "bare":
            report.add("bare_code", row.file, row.line, "company_code", reading.raw,
                       reading.code, sub=f"{row.file}")
        company = companies.get(reading.code)
        if company is None:
            report.add("dangling_company", row.file, row.line, "company_code", reading.raw,
                       f"company_name {row.get('company_name')}")
            continue
        code, name = _text(row.get("industry_code")), _text(row.get("industry_name"))
        named = by_name.get(name) or by_name.get(strip_mark(name)) or []
        target: str | None = None
        if code in industries and strip_mark(industries[code].name) == strip_mark(name):
            target = code
            if industries[code].name != name:
                industries[code].variants.add(name)
                report.add("industry_name_mismatch", row.file, row.line, "industry_name",
                           name, f"code {code} is {industries[code].name}: level mark only",
                           sub=f"{code} {name} -> {code} (level mark only)")
        elif code not in industries:
            if len(named) == 1:
                target = named[0]
                report.add("unknown_industry_code", row.file, row.line, "industry_code", code,
                           f"{name} -> {target}", sub=f"{code} {name} -> {target}")
        elif len(named) == 1:
            target = named[0]
            report.add("industry_name_mismatch", row.file, row.line, "industry_name", name,
                       f"code {code} is {industries[code].name}; the name gives {target}",
                       sub=f"{code} {name} -> {target}")
        else:
            target = code
            industries[code].variants.add(name)
            report.add("industry_name_mismatch", row.file, row.line, "industry_name", name,
                       f"code {code} is {industries[code].name}; no industry has this name, "
                       "the code is kept", sub=f"{code} {name} -> {code}")
        if target is None:
            report.add("industry_unresolved", row.file, row.line, "industry_code", code, name)
            continue
        company_name = _text(row.get("company_name"))
        if company_name and company_name != company.name:
            report.add("company_name_differs", row.file, row.line, "company_name",
                       company_name, f"company.json: {company.name}")
            company.aliases.add(company_name)
        if company.industry is not None and company.industry != target:
            # The data set gives one industry per company; a second is kept too.
            pass
        company.industry = company.industry or target
        links.append((reading.code, target, row.line))
    return links


def _upstream(
    rows: list[Row], industries: dict[str, Industry], report: QualityReport
) -> list[Upstream]:
    exact: dict[str, str] = {}
    unmarked: dict[str, list[str]] = {}
    for ind in industries.values():
        exact.setdefault(ind.name, ind.code)
        unmarked.setdefault(strip_mark(ind.name), []).append(ind.code)
    variants = {v: ind.code for ind in industries.values() for v in ind.variants}
    resolved: dict[str, str | None] = {}

    def resolve(name: str, row: Row, field_name: str) -> str | None:
        if name in resolved:
            return resolved[name]
        code = exact.get(name)
        how = None
        if code is None:
            # Only level-3 industries have upstream data; prefer one if several match.
            same = unmarked.get(strip_mark(name), [])
            level3 = [c for c in same if industries[c].level == 3]
            if len(level3) == 1:
                code, how = level3[0], "without its level mark"
            elif name in variants:
                code, how = variants[name], "by the code company_industry gives it"
        if code is None:
            report.add("upstream_name_unknown", row.file, row.line, field_name, name)
        elif how:
            industries[code].variants.add(name)
            report.add("upstream_name_variant", row.file, row.line, field_name, name,
                       f"{code} {industries[code].name} ({how})")
        resolved[name] = code
        return code

    out: list[Upstream] = []
    seen: set[tuple[str, str]] = set()
    marked: dict[str, int] = {}
    for row in rows:
        down_name = _text(row.get("industry"))
        ups = row.get("ups")
        if _MARK.search(down_name):
            marked[down_name] = marked.get(down_name, 0) + 1
            if marked[down_name] == 1:
                report.add("level_marked_name_upstream", row.file, row.line, "industry",
                           down_name)
        down = resolve(down_name, row, "industry")
        if not isinstance(ups, dict):
            report.add("upstream_weight_invalid", row.file, row.line, "ups", ups,
                       "not an object")
            continue
        for up_name_raw, raw_weight in ups.items():
            up_name = _text(up_name_raw)
            if _MARK.search(up_name):
                marked[up_name] = marked.get(up_name, 0) + 1
                if marked[up_name] == 1:
                    report.add("level_marked_name_upstream", row.file, row.line, "ups",
                               up_name)
            up = resolve(up_name, row, "ups")
            if down is None or up is None:
                continue
            try:
                weight = Decimal(str(raw_weight))
            except InvalidOperation:
                weight = Decimal(0)
            if isinstance(raw_weight, bool) or not weight.is_finite() or weight <= 0:
                report.add("upstream_weight_invalid", row.file, row.line, "ups", raw_weight,
                           up_name)
                continue
            if (up, down) in seen:
                report.add("upstream_duplicate", row.file, row.line, "ups", up_name)
                continue
            seen.add((up, down))
            out.append(Upstream(up, down, weight, row.line))
    if marked:
        kind = report.defects["level_marked_name_upstream"]
        kind.breakdown = {"as industry": 0, "as upstream": 0}
        kind.breakdown["uses"] = sum(marked.values())
        del kind.breakdown["as industry"], kind.breakdown["as upstream"]
    return out
