"""A minimal negsim agent loop (protocol version 1, docs/PROTOCOL.md).

Standard library only. An agent is a function from a request (a dict) to a
reply (a dict with "action" and its fields; the decisions are talk,
answer, offer, respond, and bid under a double auction); `serve` answers the hello,
reads one request per line from stdin and writes one reply per line to
stdout, with the request's id. The helpers at the end are for the
multi_issue scenario (packages of issues; `is_multi` tells).
"""

import json
import sys

VERSION = 1


def serve(decide, name="agent"):
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        req = json.loads(line)
        if req["type"] == "hello":
            reply = {"type": "hello", "version": VERSION, "name": name}
        else:
            reply = decide(req)
            reply["id"] = req["id"]
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


def favour(req):
    """+1 when a higher price helps me (the seller), -1 for the buyer."""
    return 1.0 if req["you"]["role"] == "seller" else -1.0


def within(req, price):
    """Whether a price gives me at least my own value back."""
    return favour(req) * (price - req["you"]["value"]) >= 0.0


def concede(req, aim):
    """A price conceding linearly over the formal rounds from `aim` (in my
    favour) to my own value; never beyond my value."""
    you = req["you"]
    deadline = req["rules"]["deadline"]
    t = min(req["round"], deadline)
    left = 1.0 - (t - 1) / max(deadline - 1, 1)
    return you["value"] + favour(req) * max(aim, 0.0) * left


def other_claims(req):
    """What the other said about its value (confided or answered)."""
    return [e for e in req["transcript"]
            if e["kind"] in ("confide", "answer") and e["by"] == "other"]


def prior_quantiles(prior):
    """Quantiles of a uniform belief over the other's prior support."""
    lo, hi = prior["low"], prior["high"]
    return [[p, lo + p * (hi - lo)] for p in (0.0, 0.25, 0.5, 0.75, 1.0)]


# multi_issue (docs/PROTOCOL.md, "Multi-issue negotiation"): a package is
# side A's share of each issue, in [0, 1]; u_A = w_A . x, u_B = w_B . (1 - x).

def is_multi(req):
    """Whether the request is of the multi_issue scenario."""
    return req.get("scenario") == "multi_issue"


def utility(req, package):
    """My utility of a package (A's share of each issue)."""
    w = req["you"]["weights"]
    if req["you"]["role"] == "A":
        return sum(wk * xk for wk, xk in zip(w, package))
    return sum(wk * (1.0 - xk) for wk, xk in zip(w, package))


def other_weights(req):
    """The other's weights as I believe them: its last claim of them, else
    the prior means (alpha over its sum); normalised to sum 1."""
    w = None
    for e in req["transcript"]:
        if e["kind"] in ("confide_weights", "answer_weights") and e["by"] == "other":
            w = e["weights"]
    if w is None:
        w = req["other"]["prior"]["alpha"]
    total = sum(w) or 1.0
    return [max(x / total, 1e-9) for x in w]


def other_reservation(req):
    """The other's reservation utility as I believe it: its last claim,
    else the prior mean."""
    claims = other_claims(req)
    return claims[-1]["value"] if claims else req["other"]["prior"]["mean"]


def _order(req, theirs):
    """Issues in the order I take them on the frontier I believe in: my
    weight relative to the other's believed weight, highest first."""
    mine = req["you"]["weights"]
    return sorted(range(len(mine)), key=lambda k: -mine[k] / theirs[k])


def package_at(req, level, theirs):
    """The package on my believed Pareto frontier that gives me utility
    `level` (as far as the issues allow)."""
    mine = req["you"]["weights"]
    y = [0.0] * len(mine)
    got = 0.0
    for k in _order(req, theirs):
        if got >= level:
            break
        take = 1.0 if got + mine[k] <= level else (level - got) / mine[k]
        y[k] = take
        got += mine[k] * take
    return y if req["you"]["role"] == "A" else [1.0 - v for v in y]


def best_level(req, theirs, floor):
    """The most utility I can get on my believed frontier while the other
    keeps at least `floor` (its believed utility)."""
    mine = req["you"]["weights"]
    got, left = 0.0, 1.0
    for k in _order(req, theirs):
        if left - theirs[k] >= floor:
            got += mine[k]
            left -= theirs[k]
        else:
            got += mine[k] * max(left - floor, 0.0) / theirs[k]
            break
    return got
