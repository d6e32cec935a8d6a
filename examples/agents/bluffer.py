"""A bluffer: it claims a value one prior sd in its own favour (a buyer
understates its value, a seller overstates its cost), as if exact, and
bargains toward that claimed value, never beyond its true one; in a double
auction it bids (or asks) that claimed value: its own shaded by one prior
sd, inside the support."""

import agentlib


def claimed(req):
    you = req["you"]
    p = you["prior"]
    v = you["value"] + agentlib.favour(req) * p["sd"]
    return min(max(v, p["low"]), p["high"])


def decide(req):
    you = req["you"]
    d = req["decision"]
    if d == "talk":
        return {"action": "confide", "value": claimed(req), "sd": 0, "ask": True}
    if d == "answer":
        return {"action": "answer", "value": claimed(req), "sd": 0}
    if d == "bid":
        return {"action": "bid", "value": claimed(req)}
    aim = abs(claimed(req) - you["value"]) + 0.25 * you["prior"]["sd"]
    if d == "offer":
        return {"action": "offer", "value": agentlib.concede(req, aim)}
    offer = req["offer"]
    mine = agentlib.concede(dict(req, round=req["round"] + 1), aim)
    good = agentlib.within(req, offer) and agentlib.favour(req) * (offer - mine) >= 0
    last = req["round"] >= req["rules"]["deadline"]
    return {"action": "accept" if good or (last and agentlib.within(req, offer)) else "reject"}


if __name__ == "__main__":
    agentlib.serve(decide, "bluffer")
