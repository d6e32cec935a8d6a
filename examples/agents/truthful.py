"""A truthful negotiator: it confides its exact value, asks, answers
truthfully, and concedes from half a prior sd in its favour to its value;
in a double auction it bids (or asks) its value. Its belief about the
other: the other's last claim, or the prior.

In multi_issue it confides its exact reservation utility and weights, and
offers packages on the Pareto frontier it believes in (its weights and the
other's claimed ones), conceding from the most it can ask while the other
keeps its believed reservation utility to halfway between that and its own
reservation utility."""

import agentlib


def multi_level(req, rnd):
    """The utility it asks for in formal round `rnd`."""
    theirs = agentlib.other_weights(req)
    own = req["you"]["value"]
    top = max(agentlib.best_level(req, theirs, agentlib.other_reservation(req)), own)
    deadline = req["rules"]["deadline"]
    left = 1.0 - (min(rnd, deadline) - 1) / max(deadline - 1, 1)
    return own + (top - own) * (0.5 + 0.5 * left)


def last_claim_belief(req):
    """Its belief report: the other's last claim with its stated noise, or
    the prior."""
    claims = agentlib.other_claims(req)
    if not claims:
        return {"quantiles": agentlib.prior_quantiles(req["other"]["prior"])}
    c = claims[-1]
    sd = max(c["sd"], 1e-9 * req["other"]["prior"]["sd"])
    return {"quantiles": [[0.1, c["value"] - 1.28 * sd], [0.5, c["value"]],
                          [0.9, c["value"] + 1.28 * sd]]}


def decide_multi(req):
    you = req["you"]
    d = req["decision"]
    belief = last_claim_belief(req)
    tell = {"value": you["value"], "sd": 0, "weights": you["weights"], "weights_sd": 0}
    if d == "talk":
        return dict(tell, action="confide", ask=True, belief=belief)
    if d == "answer":
        return dict(tell, action="answer")
    theirs = agentlib.other_weights(req)
    if d == "offer":
        level = multi_level(req, req["round"])
        return {"action": "offer", "package": agentlib.package_at(req, level, theirs),
                "belief": belief}
    # respond: take a package worth at least what it would ask next.
    u = agentlib.utility(req, req["offer"])
    last = req["round"] >= req["rules"]["deadline"]
    good = u >= multi_level(req, req["round"] + 1) or (last and u >= you["value"])
    return {"action": "accept" if good and u >= you["value"] else "reject"}


def decide(req):
    if agentlib.is_multi(req):
        return decide_multi(req)
    you = req["you"]
    d = req["decision"]
    belief = last_claim_belief(req)
    if d == "talk":
        return {"action": "confide", "value": you["value"], "sd": 0, "ask": True,
                "belief": belief}
    if d == "answer":
        return {"action": "answer", "value": you["value"], "sd": 0}
    if d == "bid":
        return {"action": "bid", "value": you["value"], "belief": belief}
    aim = 0.5 * you["prior"]["sd"]
    if d == "offer":
        return {"action": "offer", "value": agentlib.concede(req, aim), "belief": belief}
    # respond: take any offer at least as good as what I would ask next.
    offer = req["offer"]
    mine = agentlib.concede(dict(req, round=req["round"] + 1), aim)
    good = agentlib.within(req, offer) and agentlib.favour(req) * (offer - mine) >= 0
    last = req["round"] >= req["rules"]["deadline"]
    return {"action": "accept" if good or (last and agentlib.within(req, offer)) else "reject"}


if __name__ == "__main__":
    agentlib.serve(decide, "truthful")
