"""Tables: a 名单 or a list of key projects reprinted as ``序号 | 所属产业链 | 企业名称 | 镇街`` rows.

Why the header decides: a row's cells are bare (``智能移动终端``, ``松山湖``, ``厚街``) and say
what they are only through their column; the prose patterns find the firms with a legal
suffix and the departments, and miss the chain, the place and the firm's link to either.
A government list of 链主 companies or of signed projects is written this way more often than
as prose (the 东莞 list of the development set: 10 firms, 7 chains, 3 places, all in the table).
``chainkg.ingest.text.sentences`` keeps each row as a sentence of its own with its header's
cells; here each cell becomes a mention of its column's type and each row a set of relations.
"""

from __future__ import annotations

import re

from chainkg.ingest.text.entities import Mention
from chainkg.ingest.text.relations import Rel
from chainkg.ingest.text.sentences import Sentence

#: column kind -> header words (the first kind that matches a header cell wins)
COLUMN_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("skip", re.compile(r"序号|编号|数量|家数|个数|金额|投资|产值|营收|规模|时间|年份|批次|备注|联系")),
    ("Organization", re.compile(r"部门|牵头单位|责任单位|服务单位|主管单位")),
    ("IndustryChain", re.compile(r"产业链")),
    ("IndustryCluster", re.compile(r"集群")),
    ("Project", re.compile(r"项目")),
    ("Company", re.compile(r"企业|公司|建设单位|实施主体|业主|承建|申报单位|单位名称")),
    ("Region", re.compile(r"镇街|镇|街道|园区|区县|县区|县\(市|地区|所在地|属地|地点|区域|所在区|市州|城市")),
)
_HEAD_OF = {"IndustryChain": "产业链", "IndustryCluster": "产业集群"}
_PAREN = re.compile(r"[(（][^()（）]*[)）]")


def column_kind(header: str) -> str | None:
    """The entity type of a column (``所属重点产业链`` -> IndustryChain), "skip", or None."""
    for kind, rx in COLUMN_KINDS:
        if rx.search(header):
            return kind
    return None


def _cell_name(kind: str, cell: str) -> tuple[str, list[str]]:
    """The name a cell gives for its column, and the forms it is written in."""
    core = _PAREN.sub("", cell).strip(" “”\"")
    if ":" in core:  # 新能源汽车牵头单位:东莞市发展和改革局
        core = core.rsplit(":", 1)[1].strip()
    head = _HEAD_OF.get(kind)
    if head and not core.endswith((head, "产业链", "集群")):
        return core + head, [core]
    return core, []


def row_mentions(norm: str, columns: tuple[str, ...], cells: tuple[tuple[int, int], ...],
                 found: list[Mention]) -> list[Mention]:
    """The mentions of a table row: ``found`` (the prose patterns') with each cell that its column
    types and no pattern found whole added, and what a pattern found inside such a cell dropped
    (东莞市发展 of 东莞市发展和改革局)."""
    added: list[Mention] = []
    dropped: set[int] = set()
    for header, (a, b) in zip(columns, cells, strict=False):
        kind = column_kind(header)
        if kind in (None, "skip") or b - a < 2:
            continue
        name, forms = _cell_name(kind, norm[a:b])
        if len(name) < 2 or re.fullmatch(r"[\d.\s]+", name):
            continue
        inside = [m for m in found if not m.nested and a <= m.start and m.end <= b]
        core = len(forms[0]) if forms else len(name)
        if any(m.end - m.start >= core and (m.type == kind or kind == "Organization" and m.type == "Company")
               for m in inside):
            continue  # 东莞华贝电子科技有限公司: the company pattern has it already
        dropped.update(id(m) for m in inside)
        added.append(Mention(a, b, name, kind, "pattern:table", forms, confidence=0.7))
    return sorted([m for m in found if id(m) not in dropped] + added, key=lambda m: m.start)


def row_relations(sentence: Sentence, mentions: list[Mention], context: str) -> list[Rel]:
    """The relations of a table row: a firm in (or leading, in a list of 链主) the row's chain or
    cluster, a firm or project in the row's place, a project developed by the row's firm.
    ``context``: the header and the text before the table (where 链主 is said)."""
    by_kind: dict[str, Mention] = {}
    for header, (a, b) in zip(sentence.columns, sentence.cells, strict=False):
        kind = column_kind(header)
        if kind in (None, "skip"):
            continue
        m = next((m for m in mentions if not m.nested and a <= m.start and m.end <= b and
                  (m.type == kind or kind == "Organization" and m.type == "Company")), None)
        if m is not None:
            by_kind.setdefault(kind, m)
    out: list[Rel] = []

    def add(s: Mention, p: str, o: Mention) -> None:
        out.append(Rel(s.name, p, o.name, sentence.text, sentence.id, s.type, o.type, "pattern:table"))

    firm, project, place = by_kind.get("Company"), by_kind.get("Project"), by_kind.get("Region")
    leads = "链主" in context
    for kind, pred in (("IndustryChain", "leadsChain" if leads else "inChain"), ("IndustryCluster", "inCluster")):
        if firm is not None and kind in by_kind:
            add(firm, pred, by_kind[kind])
    if place is not None:
        for m in (firm, project):
            if m is not None:
                add(m, "locatedIn", place)
    if project is not None and firm is not None:
        add(project, "developedBy", firm)
    return out
