"""Score the text extractor on the development set (real articles, gold written blind).

For every article of manifest.json whose text is in texts/ (missing texts are
skipped; a text whose sha256 differs from the manifest's is scored with a
warning, since its gold was written for another version), the extractor is run
as ``extract_file(path, date=reference_date)`` and scored with the shared
scorer (../shared/tools/score_extraction.py, imported, not copied: its
``score()`` and ``prf()``). Per-article P/R/F1 for entities, statistics and
relations (strict and relaxed) are printed, then micro figures (counts summed
over articles) for each split and for dev+blind together.

usage:
  .venv/bin/python benchmarks/devset/score.py                  # every split but the holdout
  .venv/bin/python benchmarks/devset/score.py --split dev      # only the dev articles
  .venv/bin/python benchmarks/devset/score.py --split dev --errors   # also what was missed / spurious
  .venv/bin/python benchmarks/devset/score.py --json           # machine-readable
  .venv/bin/python benchmarks/devset/score.py --split dev2 --errors  # the 15 former holdout articles
  .venv/bin/python benchmarks/devset/score.py --split dev3 --errors  # the 10 after them
  .venv/bin/python benchmarks/devset/score.py --split dev4 --errors  # the 10 after those
  .venv/bin/python benchmarks/devset/score.py --split dev9 --errors  # the newest 10
  .venv/bin/python benchmarks/devset/score.py --split holdout  # micro figures only (logged)

Without ``--split`` every article except the holdout is scored.

The records are those of manifest.json and of every manifest-*.json beside it.
manifest-D/E/F.json hold the ``dev2`` split: 15 real articles from 15 provinces,
annotated by others, that were the holdout until it had been scored three times
(holdout-scorings.log); a holdout looked at that often is no longer held out, so
they are development material now, scored and shown with ``--errors`` like ``dev``.
manifest-G1/G2.json hold ``dev3``: 10 articles of 10 more cities, gold by others, the
holdout until it had been scored twice (0.744 / 0.873 / 0.469, then 0.754 / 0.869 /
0.463), development material since, so that its failures could be read. The ``holdout``
split is now manifest-H1/H2.json: 10 articles of 10 cities in no other set, gold
written blind by two annotators who never saw the extractor or its output; a judge's
manifests (``--sync-holdout``) join it. manifest-I1/I2.json hold ``dev4``: 10 articles of
10 more cities (无锡 东莞 长春 南昌 绍兴 蚌埠 衡阳 长治 德阳 贵阳), gold written blind the same
way, scored once unseen (0.688 / 0.883 / 0.378, code of 7b0e030) and development material
since. manifest-J1/J2.json hold ``dev5`` (九江 江门 台州 盐城 泉州 石家庄 南阳 淄博 遵义 常德) and
manifest-K1/K2.json ``dev6`` (黄石 泸州 玉林 滁州 扬州 大庆 玉溪 保定 新乡 兰州), each written and
scored the same way (dev6 once unseen: 0.691 / 0.967 / 0.434, code of 26a8b3d), as are
manifest-L1/L2.json ``dev7`` (徐州 福州 珠海 十堰 临沂 岳阳 马鞍山 齐齐哈尔 桂林 榆林; unseen 0.724 / 0.921 /
0.486, code of c889a82), manifest-M1/M2.json ``dev8`` (嘉兴 咸阳 荆州 济宁 汕头 上饶 遂宁 天水 沈阳 吉林;
unseen 0.728 / 0.893 / 0.525, code of 12ed5d3) and manifest-N1/N2.json ``dev9`` (连云港 湖州 肇庆 孝感
赤峰 南充 毕节 昌吉 忻州 酒泉; unseen 0.675 / 0.920 / 0.327, code of 404262f). manifest-O1/O2.json hold
``dev10`` (镇江 衢州 吉安 开封 湛江 唐山 大同 德州 南宁 六盘水), scored unseen twice before its errors were read:
with the code of its session's start (4427a2c: 0.767 / 0.921 / 0.461) and with that session's rules
(8872e70: 0.761 / 0.921 / 0.458). manifest-P1/P2.json hold ``dev11`` (宣城 平顶山 泰州 金华 郴州 邯郸 晋中
自贡 百色 东营), scored unseen with the code of the same session's start (4427a2c: 0.774 / 0.917 / 0.500)
and with its final code (4a37489: 0.777 / 0.917 / 0.502), and worked on in the next session. manifest-Q1/Q2.json
hold ``dev12`` (威海 韶关 赣州 铜陵 许昌 咸宁 营口 汉中 北海 廊坊; unseen 0.787 / 0.903 / 0.410 with the code of
e61596f, 0.798 / 0.903 / 0.404 after the ``dev11`` round), manifest-R1/R2.json ``dev13`` (龙岩 日照 宜春 淮安 阜阳
安顺 眉山 黄冈 梧州 松原; unseen 0.750 / 0.896 / 0.534 with e61596f, 0.753 / 0.896 / 0.537 after two rounds), both
worked on since, manifest-S1/S2.json ``dev14`` (舟山 漳州 焦作 宿迁 呼和浩特 昆明 乐山 张掖 沧州 渭南; unseen
0.752 / 0.937 / 0.491 with e61596f, 0.762 / 0.937 / 0.522 after three rounds), given a short round, and
manifest-T1/T2.json ``dev15`` (丽水 三明 安阳 中山 鄂尔多斯 攀枝花 克拉玛依 运城 四平 三亚; unseen 0.675 /
0.902 / 0.233 with e61596f, 0.686 / 0.910 / 0.275 with 9385b4e), worked on in the session of 2026-12-04, and
manifest-U1/U2.json ``dev16`` (莆田 萍乡 茂名 商丘 湘潭 六安 菏泽 秦皇岛 鞍山 红河), annotated blind in that
session and scored unseen with its start code (188a1c6: 0.689 / 0.821 / 0.267) and after the ``dev15`` round
(7b83f0a: 0.695 / 0.829 / 0.279), worked on since; manifest-V1/V2.json ``dev17`` (清远 益阳 安庆 白银 吕梁 牡丹江 南平
景德镇 信阳 聊城), annotated blind later in the same session, scored unseen with the session's start code (188a1c6:
0.732 / 0.949 / 0.427), with the code after the ``dev15`` and first ``dev16`` rules (da4f4e6: 0.737 / 0.949 /
0.441) and after the whole ``dev16`` round (c74ce91: 0.737 / 0.952 / 0.441), worked on since; manifest-W1/W2.json
``dev18`` (邵阳 宿州 泰安 随州 阳江 贵港 内江 延安 锦州 晋城), annotated blind last in that session, scored unseen
with the session's start code (188a1c6: 0.819 / 0.867 / 0.626) and after the ``dev15``-``dev17`` rounds (84a40a1:
0.827 / 0.899 / 0.626), worked on since; manifest-X1/X2.json ``dev19`` (周口 池州 枣庄 娄底 揭阳 河池 达州 安康 盘锦
临汾), annotated blind last, scored unseen with the session's start code (188a1c6: 0.727 / 0.920 / 0.346) and after
the ``dev15``-``dev18`` rounds (20f2315: 0.729 / 0.929 / 0.358), its errors not read (the openings of the five
manifest-X1 texts were once seen in a linter's message, never their gold or the extractor's output on them), worked
on since; manifest-Y1/Y2.json ``dev20`` (三门峡 淮北 鹰潭 永州 河源 防城港 广元 商洛 丹东 朔州), annotated blind last in
that session, scored unseen with its start code (188a1c6: 0.773 / 0.902 / 0.576) and with its final code (9c7d1b8
and da01ee2: 0.775 / 0.906 / 0.596), not worked on.

Articles of the ``holdout`` split are never looked at: ``--split holdout`` prints
micro figures only (no per-article line, no ``--errors``); per-article figures
need an explicit ``--show-holdout-articles``, and errors are never printed for
them. Every scoring of the holdout is logged (date and figures) to
holdout-scorings.log beside this file, so that the number of looks is on record.
``--sync-holdout DIR`` copies the holdout manifests, texts and gold files from
another checkout (e.g. /work/main/benchmarks/devset) without printing them.

The former ``blind`` split (3 articles) is development material now; it keeps its
name in the manifest so that its figures can still be reported apart.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SCORER = REPO.parent / "shared" / "tools" / "score_extraction.py"
PARTS = ("entities", "statistics", "relations_strict", "relations_relaxed")
SPLITS = ("dev", "blind", "dev2", "dev3", "dev4", "dev5", "dev6", "dev7", "dev8", "dev9", "dev10", "dev11", "dev12",
          "dev13", "dev14", "dev15", "dev16", "dev17", "dev18", "dev19", "dev20", "holdout")
HIDDEN = ("holdout",)  # splits whose articles are never shown one by one


def load_scorer(path: Path = SCORER) -> ModuleType:
    """The shared scorer as a module (it is a script, not a package)."""
    if not path.exists():
        sys.exit(f"error: the shared scorer is missing: {path}\n"
                 "It lives beside the repository, at ../shared/tools/score_extraction.py "
                 "(relative to the repository root); put it there and run again.")
    spec = importlib.util.spec_from_file_location("score_extraction", path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _counts(scorer: ModuleType, gold: dict[str, Any], pred: dict[str, Any]) -> dict[str, list[int]]:
    """Per-part (tp, fp, fn) of one article.

    ``score()`` returns only P/R/F1; its ``prf(..., name)`` adds the counts to the
    module's ``COUNTS``, so the counts of one call are the difference around it.
    """
    before = {k: list(v) for k, v in scorer.COUNTS.items()}
    scorer.score(gold, pred)
    out = {}
    for part in PARTS:
        now = scorer.COUNTS.get(part, [0, 0, 0])
        was = before.get(part, [0, 0, 0])
        out[part] = [a - b for a, b in zip(now, was, strict=True)]
    return out


def _errors(scorer: ModuleType, gold: dict[str, Any], pred: dict[str, Any]) -> dict[str, list[str]]:
    """What was missed and what was spurious, with the scorer's matching rules (for --errors)."""
    norm = scorer.norm
    forms: dict[str, int] = {}
    for i, e in enumerate(gold["entities"]):
        for f in [e["name"], *e.get("aliases", [])]:
            forms.setdefault(norm(f), i)
    hit: set[int] = set()
    fp_e = []
    for pe in pred["entities"]:
        cands = [norm(pe["name"]), *map(norm, pe.get("aliases", []))]
        i = next((forms[c] for c in cands if c in forms), None)
        if i is None:
            fp_e.append(f"{pe['name']} [{pe['type']}] ({pe.get('method')})")
        else:
            hit.add(i)
    fn_e = [f"{e['name']} [{e['type']}]" for i, e in enumerate(gold["entities"])
            if not e.get("optional") and i not in hit]
    gs = gold["statistics"]
    used: set[int] = set()
    fp_s = []
    for ps in pred["statistics"]:
        pu = scorer.unit_norm(ps.get("value"), ps.get("unit"))
        pm = norm(ps.get("metric", ""))
        found = None
        for i, g in enumerate(gs):
            gu = scorer.unit_norm(g["value"], g["unit"])
            if i not in used and pu[0] == gu[0] and pu[1] is not None and \
                    abs(pu[1] - gu[1]) <= 1e-6 * max(1, abs(gu[1])) and \
                    any(norm(k) in pm for k in g["key"]):
                found = i
                break
        if found is None:
            fp_s.append(f"{ps['subject']} | {ps['metric']} | {ps['value']} {ps['unit']}")
        else:
            used.add(found)
    fn_s = [f"{g['subject']} | {g['metric']} | {g['value']} {g['unit']} keys={g['key']}"
            for i, g in enumerate(gs) if not g.get("optional") and i not in used]

    def key(x: str) -> str:
        lit = scorer.literal(x)
        if lit:
            return lit
        i = forms.get(norm(x))
        return f"E{i}" if i is not None else norm(x)

    g_rel = [((key(r["s"]), key(r["o"])), r) for r in gold["relations"]]
    used = set()
    fp_r = []
    for pr in pred["relations"]:
        k = (key(pr["s"]), key(pr["o"]))
        i = next((j for j, (gk, _) in enumerate(g_rel) if gk == k and j not in used), None)
        if i is None:
            if not any(gk == k for gk, _ in g_rel):
                fp_r.append(f"{pr['s']} {pr['p']} {pr['o']} ({pr.get('method')})")
        else:
            used.add(i)
    fn_r = [f"{r['s']} {r['p']} {r['o']}" for i, (_, r) in enumerate(g_rel)
            if not r.get("optional") and i not in used]
    return {"entities_missed": fn_e, "entities_spurious": fp_e, "statistics_missed": fn_s,
            "statistics_spurious": fp_s, "relations_missed": fn_r, "relations_spurious": fp_r}


def load_manifest(folder: Path = HERE) -> list[dict[str, Any]]:
    """The records of manifest.json and of every manifest-*.json in ``folder``."""
    out: list[dict[str, Any]] = []
    for path in [folder / "manifest.json", *sorted(folder.glob("manifest-*.json"))]:
        if path.exists():
            out.extend(json.loads(path.read_text(encoding="utf-8")))
    return out


def sync_holdout(src: Path) -> list[str]:
    """Copy the holdout manifests, texts and gold files from ``src`` (names only are returned)."""
    import shutil

    copied = []
    for path in sorted(src.glob("manifest-*.json")):
        shutil.copyfile(path, HERE / path.name)
        copied.append(path.name)
    for rec in load_manifest(src):
        if rec.get("split") not in HIDDEN:
            continue
        for sub, name in (("texts", f"{rec['id']}.txt"), ("gold", f"{rec['id']}.gold.json")):
            if (src / sub / name).exists() and not (HERE / sub / name).exists():
                (HERE / sub).mkdir(exist_ok=True)
                shutil.copyfile(src / sub / name, HERE / sub / name)
                copied.append(f"{sub}/{name}")
    return copied


def run(split: str | None, with_errors: bool = False) -> dict[str, Any]:
    """Extract and score every present article of ``split`` (None: all); a JSON-ready report."""
    from chainkg.ingest.text import extract_file

    scorer = load_scorer()
    manifest = load_manifest()
    articles: list[dict[str, Any]] = []
    warnings: list[str] = []
    for rec in manifest:
        if split and rec["split"] != split or not split and rec["split"] in HIDDEN:
            continue  # without --split, the holdout is not even run
        text = HERE / "texts" / f"{rec['id']}.txt"
        gold_path = HERE / "gold" / f"{rec['id']}.gold.json"
        if not text.exists():
            warnings.append(f"skipped {rec['id']}: no text at {text.relative_to(REPO)}")
            continue
        if not gold_path.exists():
            warnings.append(f"skipped {rec['id']}: no gold file")
            continue
        digest = hashlib.sha256(text.read_bytes()).hexdigest()
        if rec.get("sha256") and digest != rec["sha256"]:
            warnings.append(f"warning: {rec['id']}: sha256 {digest[:12]}… differs from the "
                            f"manifest's {rec['sha256'][:12]}…; the gold was written for "
                            "another version of the text")
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        _doc, pred = extract_file(text, date=rec.get("reference_date"))
        counts = _counts(scorer, gold, pred)
        item: dict[str, Any] = {"id": rec["id"], "split": rec["split"], "counts": counts,
                                "scores": {p: dict(zip(("precision", "recall", "f1"),
                                                       scorer.prf(*counts[p]), strict=True))
                                           for p in PARTS}}
        if with_errors and rec["split"] not in HIDDEN:
            item["errors"] = _errors(scorer, gold, pred)
        articles.append(item)
    micro: dict[str, Any] = {}
    groups = [(sp, [a for a in articles if a["split"] == sp]) for sp in SPLITS]
    groups.append(("dev+blind", [a for a in articles if a["split"] in ("dev", "blind")]))
    groups.append(("all development", [a for a in articles if a["split"] not in HIDDEN]))
    for name, members in groups:
        if not members:
            continue
        block: dict[str, Any] = {"articles": len(members)}
        for p in PARTS:
            tp, fp, fn = (sum(a["counts"][p][k] for a in members) for k in range(3))
            pr, rc, f1 = scorer.prf(tp, fp, fn)
            block[p] = {"precision": pr, "recall": rc, "f1": f1, "tp": tp, "fp": fp, "fn": fn}
        micro[name] = block
    return {"articles": articles, "micro": micro, "warnings": warnings}


def _hide(report: dict[str, Any], show_hidden: bool) -> dict[str, Any]:
    """The report without the per-article records of hidden splits (unless asked for)."""
    if show_hidden:
        return report
    shown = [a for a in report["articles"] if a["split"] not in HIDDEN]
    warnings = [w for w in report["warnings"] if not any(
        a["split"] in HIDDEN and a["id"] in w for a in report["articles"])]
    return {**report, "articles": shown, "warnings": warnings}


def _log_holdout(report: dict[str, Any], argv: list[str] | None) -> None:
    block = report["micro"].get("holdout")
    if not block:
        return
    from datetime import UTC, datetime

    line = {"when": datetime.now(UTC).isoformat(timespec="seconds"),
            "argv": argv if argv is not None else sys.argv[1:], "articles": block["articles"],
            **{p: round(block[p]["f1"], 3) for p in PARTS}}
    with open(HERE / "holdout-scorings.log", "a", encoding="utf-8") as f:
        f.write(json.dumps(line, ensure_ascii=False) + "\n")


def _print(report: dict[str, Any]) -> None:
    for w in report["warnings"]:
        print(w, file=sys.stderr)
    short = {"entities": "ent", "statistics": "stat", "relations_strict": "rel-strict",
             "relations_relaxed": "rel-relaxed"}
    head = f"{'article':<48} {'split':<6}" + "".join(f" {short[p]:>17}" for p in PARTS)
    print(head)
    print(f"{'':<55}" + "   P    R    F1 " * len(PARTS))
    for a in report["articles"]:
        cells = "".join(f"  {s['precision']:.2f} {s['recall']:.2f} {s['f1']:.2f} "
                        for s in (a["scores"][p] for p in PARTS))
        print(f"{a['id']:<48} {a['split']:<6}{cells}")
    for name, block in report["micro"].items():
        print(f"\nMICRO {name} ({block['articles']} articles)")
        for p in PARTS:
            b = block[p]
            print(f"  {p:<18} P={b['precision']:.3f} R={b['recall']:.3f} F1={b['f1']:.3f}  "
                  f"(tp={b['tp']} fp={b['fp']} fn={b['fn']})")
    for a in report["articles"]:
        if "errors" not in a:
            continue
        print(f"\n== {a['id']}")
        for k, items in a["errors"].items():
            for it in items:
                print(f"  {k:<20} {it}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=SPLITS, help="only the articles of this split")
    ap.add_argument("--json", action="store_true", help="print the report as JSON")
    ap.add_argument("--errors", action="store_true",
                    help="also list missed and spurious items per article (never for holdout)")
    ap.add_argument("--show-holdout-articles", action="store_true",
                    help="also print per-article figures of the holdout split (do not use "
                         "while developing)")
    ap.add_argument("--sync-holdout", metavar="DIR", type=Path,
                    help="copy the holdout manifests, texts and gold files from DIR and exit")
    args = ap.parse_args(argv)
    if args.sync_holdout:
        for name in sync_holdout(args.sync_holdout):
            print("copied", name)
        return 0
    report = run(args.split, with_errors=args.errors)
    _log_holdout(report, argv)
    report = _hide(report, args.show_holdout_articles)
    if args.json:
        json.dump(report, sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        _print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
