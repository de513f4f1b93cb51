"""Score an extraction against a gold file (the rules of ../shared/tools/score_extraction.py).

Why a copy of the rules inside the package: ``chainkg eval`` must work where the
shared tools folder is not installed, and the tests check that both give the same
figures on the seed article. Rules, in short:

- entities match by normalized name or alias (NFKC, no quotes or spaces, no legal
  suffix); a second prediction of an already matched entity costs nothing;
- statistics match when value x unit agree after normalization (亿元 = 10^8 元,
  万家 = 10^4 家, 大 = 个) and the predicted metric contains one of the gold keys;
- relations match on (subject, predicate, object) ("strict") or (subject, object)
  ("relaxed"), names resolved through the gold aliases, literals like 1000亿元
  compared by value;
- gold items marked ``optional`` are neither rewarded nor penalised.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

_QUOTES = "“”\"《》「」『』‘’'〈〉"
_SUFFIX = re.compile(r"(股份有限公司|有限责任公司|有限公司)$")
_UNIT = {
    "亿元": ("元", 1e8), "万元": ("元", 1e4), "元": ("元", 1),
    "万家": ("家", 1e4), "万吨": ("吨", 1e4), "万人": ("人", 1e4), "万台": ("台", 1e4),
    "个百分点": ("pp", 1), "百分点": ("pp", 1), "%": ("%", 1), "％": ("%", 1),
    "台(套)": ("台", 1), "台套": ("台", 1), "大": ("个", 1),
}


def _norm(s: str | None) -> str:
    s = unicodedata.normalize("NFKC", s or "")
    s = "".join(ch for ch in s if ch not in _QUOTES and not ch.isspace())
    return _SUFFIX.sub("", s)


def _unit_norm(value: Any, unit: str | None) -> tuple[str, float | None]:
    u = unicodedata.normalize("NFKC", unit or "").strip()
    base, mult = _UNIT.get(u, (u, 1))
    try:
        return base, float(value) * mult
    except (TypeError, ValueError):
        return base, None


def _literal(s: str | None) -> str | None:
    m = re.match(r"^([\d.]+)\s*(\S+)$", unicodedata.normalize("NFKC", s or ""))
    if m:
        b, v = _unit_norm(m.group(1), m.group(2))
        if v is not None:
            return f"{b}:{v:g}"
    return None


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "tp": tp, "fp": fp, "fn": fn}


def score(gold: dict[str, Any], pred: dict[str, Any]) -> dict[str, dict[str, float]]:
    """Precision, recall and F1 for entities, statistics and relations (strict, relaxed)."""
    res: dict[str, dict[str, float]] = {}
    forms: dict[str, int] = {}
    for i, e in enumerate(gold["entities"]):
        for f in [e["name"], *e.get("aliases", [])]:
            forms.setdefault(_norm(f), i)
    matched: set[int] = set()
    tp = fp = type_ok = 0
    for pe in pred.get("entities", []):
        i = forms.get(_norm(pe.get("name", "")))
        if i is None:
            for a in pe.get("aliases", []):
                i = forms.get(_norm(a))
                if i is not None:
                    break
        if i is None:
            fp += 1
        elif gold["entities"][i].get("optional") or i in matched:
            continue
        else:
            matched.add(i)
            tp += 1
            type_ok += pe.get("type") == gold["entities"][i]["type"]
    fn = sum(1 for i, e in enumerate(gold["entities"]) if not e.get("optional") and i not in matched)
    res["entities"] = {**_prf(tp, fp, fn), "type_accuracy": type_ok / tp if tp else 0.0}

    gs = gold["statistics"]
    used: set[int] = set()
    tp = fp = 0
    for ps in pred.get("statistics", []):
        pu = _unit_norm(ps.get("value"), ps.get("unit"))
        pm = _norm(ps.get("metric", ""))
        hit = None
        for i, g in enumerate(gs):
            if i in used:
                continue
            gu = _unit_norm(g["value"], g["unit"])
            if pu[0] == gu[0] and pu[1] is not None and gu[1] is not None and \
                    abs(pu[1] - gu[1]) <= 1e-6 * max(1, abs(gu[1])) and \
                    any(_norm(k) in pm for k in g["key"]):
                hit = i
                break
        if hit is None:
            fp += 1
        else:
            used.add(hit)
            if not gs[hit].get("optional"):
                tp += 1
    fn = sum(1 for i, g in enumerate(gs) if not g.get("optional") and i not in used)
    res["statistics"] = _prf(tp, fp, fn)

    def key(x: str) -> str:
        lit = _literal(x)
        if lit:
            return lit
        i = forms.get(_norm(x))
        return f"E{i}" if i is not None else _norm(x)

    for mode in ("strict", "relaxed"):
        g_rel = [((key(r["s"]), r["p"] if mode == "strict" else "", key(r["o"])),
                  r.get("optional", False)) for r in gold["relations"]]
        used = set()
        tp = fp = 0
        for pr in pred.get("relations", []):
            k = (key(pr.get("s", "")), pr.get("p", "") if mode == "strict" else "",
                 key(pr.get("o", "")))
            hit = next((i for i, (gk, _) in enumerate(g_rel) if gk == k and i not in used), None)
            if hit is None:
                if not any(gk == k for gk, _ in g_rel):
                    fp += 1
            else:
                used.add(hit)
                tp += not g_rel[hit][1]
        fn = sum(1 for i, (_, opt) in enumerate(g_rel) if not opt and i not in used)
        res["relations_" + mode] = _prf(tp, fp, fn)
    return res


def micro(results: list[dict[str, dict[str, float]]]) -> dict[str, dict[str, float]]:
    """Counts added over documents, then P/R/F1 of the sums."""
    out: dict[str, dict[str, float]] = {}
    for part in ("entities", "statistics", "relations_strict", "relations_relaxed"):
        tp = sum(int(r[part]["tp"]) for r in results)
        fp = sum(int(r[part]["fp"]) for r in results)
        fn = sum(int(r[part]["fn"]) for r in results)
        out[part] = _prf(tp, fp, fn)
    return out


def format_scores(name: str, res: dict[str, dict[str, float]]) -> str:
    """The scorer's text layout: one line per part."""
    lines = [name]
    for part, v in res.items():
        extra = f"  type_acc={v['type_accuracy']:.3f}" if "type_accuracy" in v else ""
        lines.append(f"  {part:<18} P={v['precision']:.3f} R={v['recall']:.3f} "
                     f"F1={v['f1']:.3f}  (tp={int(v['tp'])} fp={int(v['fp'])} "
                     f"fn={int(v['fn'])}){extra}")
    return "\n".join(lines)
