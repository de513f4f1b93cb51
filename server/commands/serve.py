"""serve: the web service under gunicorn (a production WSGI server), on the store given by --store."""

from __future__ import annotations

import argparse
import os
import sys

from chainkg.graph.store import default_store_spec


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="serve the graph over HTTP (gunicorn)",
                       description="Serve the SPARQL endpoint, network views, entity pages and exports. "
                       "Read-only unless --update-token (or CHAINKG_UPDATE_TOKEN) is set.")
    p.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    p.add_argument("--port", type=int, default=int(os.environ.get("PORT", "5000")))
    p.add_argument("--threads", type=int, default=8, help="request threads (one process holds the store)")
    p.add_argument("--update-token", default=None,
                   help="enable /update and the graph store protocol, guarded by this bearer token")
    p.add_argument("--query-timeout", type=float, default=None, help="seconds per SPARQL query (default 30)")
    p.add_argument("--row-limit", type=int, default=None, help="rows per SPARQL result (default 10000)")
    p.add_argument("--query-workers", type=int, default=None,
                   help="processes that run SPARQL queries (default 4); a query past its time limit is killed")
    p.add_argument("--proxy-fix", type=int, default=None, metavar="N",
                   help="trust X-Forwarded-Proto/Host/Port/Prefix from N reverse proxies (default 0: ignore them)")
    p.set_defaults(func=cmd_serve)


def cmd_serve(args: argparse.Namespace) -> int:
    env = os.environ
    env["CHAINKG_STORE"] = args.store or default_store_spec()
    if args.update_token:
        env["CHAINKG_UPDATE_TOKEN"] = args.update_token
    if args.query_timeout is not None:
        env["CHAINKG_QUERY_TIMEOUT"] = str(args.query_timeout)
    if args.row_limit is not None:
        env["CHAINKG_ROW_LIMIT"] = str(args.row_limit)
    if args.query_workers is not None:
        env["CHAINKG_QUERY_WORKERS"] = str(args.query_workers)
    if args.proxy_fix is not None:
        env["CHAINKG_PROXY_FIX"] = str(args.proxy_fix)
    # fork the SPARQL query workers while the app loads, before gunicorn starts its request threads
    env["CHAINKG_PREFORK"] = "1"
    argv = [
        sys.executable, "-m", "gunicorn",
        "--bind", f"{args.host}:{args.port}",
        "--workers", "1", "--threads", str(args.threads), "--worker-class", "gthread",
        "--timeout", "120", "--graceful-timeout", "10", "--limit-request-line", "8190",
        # X-Forwarded-* are honoured only through --proxy-fix (werkzeug ProxyFix), never by gunicorn itself
        "--forwarded-allow-ips", "",
        "--access-logfile", "-",
        "chainkg.server.app:create_app()",
    ]
    print(f"chainkg: serving {env['CHAINKG_STORE']} on http://{args.host}:{args.port}/", file=sys.stderr)
    os.execv(sys.executable, argv)
    return 0  # not reached
