"""A truthful negotiator: it confides its exact value, asks, answers
truthfully, and concedes from half a prior sd in its favour to its value;
in a double auction it bids (or asks) its value. Its belief about the
other: the other's last claim, or the prior."""

import agentlib


def decide(req):
    you = req["you"]
    d = req["decision"]
    claims = agentlib.other_claims(req)
    if claims:
        c = claims[-1]
        sd = max(c["sd"], 1e-9 * req["other"]["prior"]["sd"])
        belief = {"quantiles": [[0.1, c["value"] - 1.28 * sd], [0.5, c["value"]],
                                [0.9, c["value"] + 1.28 * sd]]}
    else:
        belief = {"quantiles": agentlib.prior_quantiles(req["other"]["prior"])}
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
