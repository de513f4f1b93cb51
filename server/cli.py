"""The ``chainkg`` command.

Each subcommand is a module of ``chainkg.server.commands`` with a
``register(subparsers)`` function, found at start-up (like rdflib's plugin
registry, without the entry-point machinery): adding a command is adding a file.
A ``UserError`` is printed as one message (exit status 2), never as a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from chainkg.graph.errors import UserError
from chainkg.graph.store import STORE_ENV, default_store_spec


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="chainkg",
        description="Knowledge graphs of regional industrial economies: build, query, draw, export.",
    )
    parser.add_argument(
        "--store",
        default=None,
        help=f"'memory', or a directory for the embedded store (default: ${STORE_ENV} or {default_store_spec()})",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    from chainkg.server import commands

    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        if hasattr(module, "register"):
            module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except UserError as exc:
        print(f"chainkg {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
