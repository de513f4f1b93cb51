"""Pages for the analyses of the national supply network: gaps (补链/强链), central
industries, supply paths. Each page has a ``.json`` twin with exactly what
``chainkg analyze … --format json`` prints, and the gap network downloads as
GEXF, GraphML or CSV like every other view.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, jsonify, render_template, request

from chainkg.graph import analytics
from chainkg.graph.analysis_networks import gap_network, industry_supply_network
from chainkg.server.app import request_store
from chainkg.server.exports import network_download

bp = Blueprint("analysis", __name__, url_prefix="/analysis")


def _gap_args() -> tuple[str, str, int]:
    region = request.args.get("region", "").strip()[:100]
    industry = request.args.get("industry", "").strip()[:100]
    hops = request.args.get("hops", 3, type=int)
    if not 1 <= (hops or 0) <= 5:
        abort(400, description="hops is between 1 and 5")
    return region, industry, hops


@bp.get("/gaps")
def gaps() -> Response | str:
    region, industry, hops = _gap_args()
    result = None
    if region and industry:
        result = analytics.gaps(request_store(), region, industry, hops, limit=None)
    if request.path.endswith(".json"):
        if result is None:
            abort(400, description="give ?region=…&industry=…")
        return jsonify(result)
    return render_template("gaps.html", result=result, region=region, industry=industry, hops=hops)


bp.add_url_rule("/gaps.json", view_func=gaps, endpoint="gaps_json")


@bp.get("/gaps.<fmt>")
def gaps_download(fmt: str) -> Response:
    region, industry, hops = _gap_args()
    if not (region and industry):
        abort(400, description="give ?region=…&industry=…")
    result = analytics.gaps(request_store(), region, industry, hops, limit=None)
    name = f"gaps-{result['region']['label']}-{result['industry']['label']}"
    return network_download(gap_network(result), fmt, name)


@bp.get("/industries")
def industries() -> Response | str:
    by = request.args.get("by", "supplier_rank")
    rows = analytics.centrality(request_store(), top=request.args.get("top", 50, type=int), by=by)
    if request.path.endswith(".json"):
        return jsonify(rows)
    return render_template("industries.html", rows=rows, by=by)


bp.add_url_rule("/industries.json", view_func=industries, endpoint="industries_json")


@bp.get("/industries.<fmt>")
def industries_download(fmt: str) -> Response:
    return network_download(industry_supply_network(request_store()), fmt, "industry-supply-network")


@bp.get("/path")
def path() -> Response | str:
    source = request.args.get("from", "").strip()[:100]
    target = request.args.get("to", "").strip()[:100]
    result = analytics.supply_path(request_store(), source, target) if source and target else None
    if request.path.endswith(".json"):
        if result is None:
            abort(400, description="give ?from=…&to=…")
        return jsonify(result)
    return render_template("path.html", result=result, source=source, target=target)


bp.add_url_rule("/path.json", view_func=path, endpoint="path_json")
