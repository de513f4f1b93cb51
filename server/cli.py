"""The ``chainkg`` command.

Each subcommand is a module of ``chainkg.server.commands`` with a
``register(subparsers)`` function, found at start-up (like rdflib's plugin
registry, without the entry-point machinery): adding a command is adding a file. Every
command module is imported to build the parser, at every start, so a module imports what only
its commands use inside those commands (``commands/export.py`` says what that saved).
A ``UserError`` is printed as one message (exit status 2), never as a traceback; so is an
``OSError`` (a full disk while writing a report or an export, a file that cannot be read).
"""

from __future__ import annotations

import argparse
import gc
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
        help=f"'memory', a directory for the embedded store, or a SPARQL server (oxigraph+http://…, "
        f"virtuoso+http://…, fuseki+http://…); default: ${STORE_ENV} or {default_store_spec()}",
    )
    parser.add_argument("--update-token", default=None, metavar="TOKEN",
                        help="write through a running 'chainkg serve' that holds the store (default: "
                        "$CHAINKG_UPDATE_TOKEN)")
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
    if argv is None:  # run as the command, not called by a program that lives on
        # What is loaded by now (every module, the parser) lives until the exit: the collector
        # need not walk it again at each full collection and once more at the exit. A region
        # export of the 100k graph: 1.72 s instead of 1.89 s (medians of 6, alternated).
        gc.freeze()
    try:
        return int(args.func(args) or 0)
    except UserError as exc:
        print(f"chainkg {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # the machine's fault, not a bug: a full disk, a file that cannot be written
        print(f"chainkg {args.command}: error: {_os_error(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def _os_error(exc: OSError) -> str:
    import errno

    if exc.errno == errno.ENOSPC or "No space left" in str(exc):
        cause = "the disk is full (no space left on device)"
    else:
        cause = exc.strerror or str(exc)
    return f"{cause}: {exc.filename}" if exc.filename else cause


if __name__ == "__main__":
    sys.exit(main())
