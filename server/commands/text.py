"""extract, eval: Chinese articles -> JSON, and scoring extractions against gold files.

``chainkg ingest FILE.txt`` (the ingest command) writes an article into the store;
these two commands only read: ``extract`` prints what the extractor finds in an
article, ``eval`` scores that against a gold annotation (docs/text-extraction.md).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from chainkg.graph.errors import UserError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "extract", help="print the entities, statistics and relations an article states (JSON)",
        description="Extract from a Chinese article (.txt or .html, UTF-8 or GBK) and print JSON "
        "in the gold schema: entities, statistics, relations, plus the document and its sentences "
        "with character offsets. Nothing is written to the store.")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--date", help="publication date (YYYY-MM-DD); relative periods (今年, 上半年) "
                   "are resolved against it")
    p.add_argument("--source-url", help="where the article was published")
    p.add_argument("--link", action="store_true",
                   help="also match names already in the store (global --store), as ingest does")
    p.add_argument("--compact", action="store_true",
                   help="only entities, statistics and relations (what the scorer reads)")
    p.add_argument("-o", "--output", help="write the JSON to this file instead of standard output")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser(
        "eval", help="score extractions against gold annotations (P/R/F1)",
        description="Score each PRED against its GOLD: GOLD.json PRED [GOLD.json PRED ...]. PRED is "
        "an extraction (.json) or an article (.txt/.html), which is extracted first. Prints "
        "precision, recall and F1 for entities, statistics and relations (strict and relaxed), "
        "per document and summed over all.")
    p.add_argument("pairs", nargs="+", metavar="GOLD PRED")
    p.add_argument("--json", action="store_true", help="print the scores as JSON")
    p.set_defaults(func=cmd_eval)


def cmd_extract(args: argparse.Namespace) -> int:
    from chainkg.ingest.text import extract_file, gazetteer_for

    gaz = None
    if args.link:
        from chainkg.server.commands import store_of

        gaz = gazetteer_for(store_of(args))
    _doc, result = extract_file(args.file, date=args.date, source_url=args.source_url,
                                gazetteer=gaz)
    if args.compact:
        result = {k: result[k] for k in ("entities", "statistics", "relations")}
    text = json.dumps(result, ensure_ascii=False, indent=1)
    if args.output:
        Path(args.output).write_text(text + "\n", encoding="utf-8")
    else:
        sys.stdout.write(text + "\n")
    return 0


def _load_json(path: str) -> dict:
    p = Path(path)
    if not p.is_file():
        raise UserError(f"{path}: no such file")
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise UserError(f"{path}: not a JSON file ({exc})") from None
    if not isinstance(data, dict):
        raise UserError(f"{path}: expected a JSON object with entities, statistics, relations")
    return data


def cmd_eval(args: argparse.Namespace) -> int:
    from chainkg.ingest.text import extract_file
    from chainkg.ingest.text.evaluate import format_scores, micro, score

    if len(args.pairs) % 2:
        raise UserError("give GOLD and PRED in pairs: GOLD.json PRED [GOLD.json PRED ...]")
    results = []
    report = {}
    for gold_path, pred_path in zip(args.pairs[::2], args.pairs[1::2], strict=True):
        gold = _load_json(gold_path)
        for part in ("entities", "statistics", "relations"):
            if not isinstance(gold.get(part), list):
                raise UserError(f"{gold_path}: field '{part}' is missing or not a list")
        if pred_path.lower().endswith((".txt", ".html", ".htm")):
            _doc, pred = extract_file(pred_path)
        else:
            pred = _load_json(pred_path)
        res = score(gold, pred)
        results.append(res)
        report[gold_path] = res
        if not args.json:
            print(format_scores(gold_path, res))
    total = micro(results)
    if args.json:
        print(json.dumps({"documents": report, "micro": total}, indent=1))
    else:
        print(format_scores("MICRO (all documents)", total))
    return 0
