"""CLI subcommands, one module each; every module defines ``register(subparsers)``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from chainkg.graph.store import GraphStore, open_store


def store_of(args: argparse.Namespace) -> GraphStore:
    """The store named by the global ``--store`` option (or its default)."""
    return open_store(args.store)


def read_text_arg(value: str) -> str:
    """A query given inline, as ``@FILE``, or as ``-`` for standard input."""
    if value == "-":
        return sys.stdin.read()
    if value.startswith("@"):
        from chainkg.graph.errors import UserError

        path = Path(value[1:])
        if not path.is_file():
            raise UserError(f"{path}: no such file")
        return path.read_text(encoding="utf-8")
    return value
