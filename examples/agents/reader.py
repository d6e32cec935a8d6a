"""A reader: it says nothing about itself, asks, and reads the transcript:
the other's claims, body-language hints and offers give an estimate of the
other's value, and it offers just inside that estimate (never beyond its
own value). In a double auction it bids (or asks) just enough to trade
with the other as read: half an estimated sd past the estimate (a buyer
above, a seller below), never beyond its own value. It reports its belief:
a normal around the estimate."""

import random

import agentlib


def estimate(req):
    """The other's value as read from the transcript: a precision-weighted
    mean of its claims and the hints, bounded by its offers."""
    other = req["other"]["prior"]
    num, den = other["mean"] / other["sd"] ** 2, 1.0 / other["sd"] ** 2
    hint_sd = req["rules"]["hint_sd"] or other["sd"]
    for e in req["transcript"]:
        if e["kind"] in ("confide", "answer") and e["by"] == "other":
            sd = max(e["sd"], 0.05 * other["sd"])
            num, den = num + e["value"] / sd ** 2, den + 1.0 / sd ** 2
        elif e["kind"] == "hint" and e["about"] == "other":
            num, den = num + e["value"] / hint_sd ** 2, den + 1.0 / hint_sd ** 2
    mean, sd = num / den, den ** -0.5
    # The other's offers bound its value: a buyer never bids above its
    # value, a seller never asks below its cost.
    for e in req["transcript"]:
        if e["kind"] == "offer" and e["by"] == "other":
            if req["other"]["role"] == "buyer":
                mean = max(mean, e["value"])
            else:
                mean = min(mean, e["value"])
    return mean, sd


def decide(req):
    you = req["you"]
    d = req["decision"]
    rng = random.Random(req["seed"] * 1000 + req["round"])
    mean, sd = estimate(req)
    belief = {"quantiles": [[p, mean + z * sd] for p, z in
                            ((0.05, -1.645), (0.25, -0.674), (0.5, 0.0),
                             (0.75, 0.674), (0.95, 1.645))]}
    if d == "talk":
        return {"action": "ask", "belief": belief}
    if d == "answer":
        return {"action": "decline"}
    f = agentlib.favour(req)
    if d == "bid":
        # The other is taken to bid about its value as read: bid just past it.
        target = mean - f * 0.5 * sd
        if f * (target - you["value"]) < 0:
            target = you["value"]
        return {"action": "bid", "value": target, "belief": belief}
    # Just inside the other's estimated limit, a little noise from the seed.
    target = mean - f * (0.5 + 0.2 * rng.random()) * sd
    if f * (target - you["value"]) < 0:
        target = you["value"]
    if d == "offer":
        return {"action": "offer", "value": target, "belief": belief}
    offer = req["offer"]
    ok = agentlib.within(req, offer) and (
        f * (offer - target) >= 0 or req["round"] >= req["rules"]["deadline"] - 1)
    return {"action": "accept" if ok else "reject", "belief": belief}


if __name__ == "__main__":
    agentlib.serve(decide, "reader")
