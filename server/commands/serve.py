"""serve: the web service under gunicorn, on the store given by --store.

The server model (measured and argued in ``chainkg.server.front``): gunicorn's asyncio
worker (``--worker-class chainkg.server.front.Worker``, gunicorn's own ``asgi`` worker
with a deadline for request headers and a cap on connections per client) reads every
request, headers and body, in its event loop; only complete requests reach the threads
(``--threads``, default 8) that run the Flask app, so a client that trickles its request
(slowloris) holds no thread. Requests beyond the threads' capacity, or beyond one
client's share, are refused at once with 503 and ``Retry-After``; static files and
``/health`` have threads of their own. One worker process, because the embedded store
allows one writer process; SPARQL queries and page code that builds networks run in the
query worker processes (``chainkg.graph.backends.workers``), killed at their time limit
or memory ceiling.
"""

from __future__ import annotations

import argparse
import os
import sys

from chainkg.graph.backends.embedded import register_server
from chainkg.graph.store import default_store_spec, is_remote_spec


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="serve the graph over HTTP (gunicorn)",
                       description="Serve the SPARQL endpoint, network views, entity pages and exports. "
                       "Read-only unless --update-token (or CHAINKG_UPDATE_TOKEN) is set.")
    p.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    p.add_argument("--port", type=int, default=int(os.environ.get("PORT", "5000")))
    p.add_argument("--threads", type=int, default=8,
                   help="threads that run the app (one process holds the store); requests beyond them get 503")
    p.add_argument("--update-token", default=argparse.SUPPRESS,
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
    if getattr(args, "update_token", None):
        env["CHAINKG_UPDATE_TOKEN"] = args.update_token
    if args.query_timeout is not None:
        env["CHAINKG_QUERY_TIMEOUT"] = str(args.query_timeout)
    if args.row_limit is not None:
        env["CHAINKG_ROW_LIMIT"] = str(args.row_limit)
    if args.query_workers is not None:
        env["CHAINKG_QUERY_WORKERS"] = str(args.query_workers)
    if args.proxy_fix is not None:
        env["CHAINKG_PROXY_FIX"] = str(args.proxy_fix)
    env["CHAINKG_THREADS"] = str(max(1, args.threads))
    # start the query workers while the app loads, before any request thread exists
    env["CHAINKG_PREFORK"] = "1"
    argv = [
        sys.executable, "-m", "gunicorn",
        "--bind", f"{args.host}:{args.port}",
        "--workers", "1", "--worker-class", "chainkg.server.front.Worker", "--worker-connections", "2000",
        "--timeout", "120", "--graceful-timeout", "10", "--limit-request-line", "8190",
        # X-Forwarded-* are honoured only through --proxy-fix (werkzeug ProxyFix), never by gunicorn itself
        "--forwarded-allow-ips", "",
        "--access-logfile", "-",
        "chainkg.server.front:create_front()",
    ]
    spec = env["CHAINKG_STORE"]
    if spec != "memory" and not is_remote_spec(spec):
        # commands run while the service holds the store find it here (gunicorn keeps this pid)
        register_server(spec, f"http://{'127.0.0.1' if args.host in ('0.0.0.0', '') else args.host}:{args.port}")
    print(f"chainkg: serving {spec} on http://{args.host}:{args.port}/", file=sys.stderr)
    os.execv(sys.executable, argv)
    return 0  # not reached
