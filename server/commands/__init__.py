"""CLI subcommands, one module each; every module defines ``register(subparsers)``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from chainkg.graph.errors import UserError
from chainkg.graph.store import GraphStore, StoreLocked, default_store_spec, open_store


def store_of(args: argparse.Namespace, *, write: bool = False) -> GraphStore:
    """The store named by the global ``--store`` option (or its default).

    An embedded store that a running ``chainkg serve`` holds is opened read-only by
    commands that only read. A command that writes goes through that service when the
    update token is given (``--update-token`` or ``CHAINKG_UPDATE_TOKEN``), and is
    refused with a message that says how otherwise.
    """
    spec = args.store or default_store_spec()
    try:
        return open_store(spec, read_only=not write)
    except StoreLocked as exc:
        token = getattr(args, "update_token", None) or os.environ.get("CHAINKG_UPDATE_TOKEN")
        if exc.server and token:
            from chainkg.graph.backends.served import ServedStore

            print(f"chainkg: the store at {exc.path} is served by 'chainkg serve' (pid {exc.server['pid']}); "
                  f"writing through it at {exc.server['url']}", file=sys.stderr)
            return ServedStore(exc.path, exc.server["url"], token)
        if exc.server:
            raise UserError(f"{exc}; to write while it runs, give its update token (--update-token or "
                            "CHAINKG_UPDATE_TOKEN) and the write goes through the service; or stop the "
                            "service first") from None
        raise UserError(f"{exc}; wait for it to finish, or use another --store") from None


def read_text_arg(value: str) -> str:
    """A query given inline, as ``@FILE``, or as ``-`` for standard input."""
    if value == "-":
        return sys.stdin.read()
    if value.startswith("@"):
        path = Path(value[1:])
        if not path.is_file():
            raise UserError(f"{path}: no such file")
        return path.read_text(encoding="utf-8")
    return value
