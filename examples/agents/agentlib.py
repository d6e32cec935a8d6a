"""A minimal negsim agent loop (protocol version 1, docs/PROTOCOL.md).

Standard library only. An agent is a function from a request (a dict) to a
reply (a dict with "action" and its fields; the decisions are talk,
answer, offer, respond, and bid under a double auction); `serve` answers the hello,
reads one request per line from stdin and writes one reply per line to
stdout, with the request's id.
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
