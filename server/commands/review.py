"""review: go through what the extractor found in an article, least confident first, from the shell.

The same decisions as the ``/review`` page (``chainkg.ingest.review``): each is kept in
the decisions graph and applied to the article at once and on every later ingest of it.
A plain-text prompt, so that it works over ssh and in any terminal.
"""

from __future__ import annotations

import argparse
import sys

from chainkg.graph.errors import UserError
from chainkg.server.commands import store_of

HELP = "[a]ccept  [r]eject  [e]dit  [m]erge  [s]kip  [q]uit"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("review", help="review the facts extracted from an article (accept, reject, edit, merge)",
                       description="Show the extracted entities, statistics and relations of SOURCE (an article: "
                       "its IRI, slug or label, see 'chainkg sources'), least confident first, and decide on each. "
                       "Decisions are kept and survive re-ingesting the article.")
    p.add_argument("source", metavar="SOURCE")
    p.add_argument("--all", action="store_true", help="also facts already decided")
    p.set_defaults(func=cmd_review)


def _ask(prompt: str) -> str:
    print(prompt, end="", flush=True)
    line = sys.stdin.readline()
    if not line:
        raise EOFError
    return line.strip()


def cmd_review(args: argparse.Namespace) -> int:
    from chainkg.ingest.dispatch import resolve_source
    from chainkg.ingest.review import decide, queue

    store = store_of(args, write=True)
    source = str(resolve_source(store, args.source))
    facts = [f for f in queue(store, source) if args.all or not f.decision]
    if not facts:
        print("nothing to review: every extracted fact of this source has a decision")
        return 0
    print(f"{len(facts)} facts to review in <{source}>, least confident first. {HELP}")
    done = 0
    try:
        for i, f in enumerate(facts, 1):
            print(f"\n[{i}/{len(facts)}] {f.kind} · confidence {f.confidence:.2f}" +
                  (f" · decided: {f.decision}" if f.decision else ""))
            print(f"  {f.text}")
            if f.sentence:
                print(f"  「{f.sentence}」")
            for k, c in enumerate(f.candidates, 1):
                print(f"    {k}. {c['label']} ({c['class']}) <{c['iri']}>")
            while True:
                answer = _ask(f"{HELP} > ").lower()
                if answer in ("s", ""):
                    break
                if answer == "q":
                    raise EOFError
                try:
                    if answer == "a":
                        decide(store, source, f.iri, "accept")
                    elif answer == "r":
                        decide(store, source, f.iri, "reject")
                    elif answer == "e":
                        decide(store, source, f.iri, "edit", value=_ask("new value > "))
                    elif answer.startswith("m"):
                        if not f.candidates:
                            print("  no existing entity to merge into")
                            continue
                        rest = answer[1:].strip() or _ask(f"merge into 1-{len(f.candidates)} > ")
                        target = f.candidates[int(rest) - 1]["iri"] if rest.isdigit() and \
                            0 < int(rest) <= len(f.candidates) else None
                        if target is None:
                            print("  give the number of an entity above")
                            continue
                        decide(store, source, f.iri, "merge", target=target)
                    else:
                        print(f"  {HELP}")
                        continue
                except UserError as exc:
                    print(f"  not done: {exc}")
                    continue
                done += 1
                break
    except (EOFError, KeyboardInterrupt):
        print()
    store.flush()
    print(f"{done} decisions recorded")
    return 0
