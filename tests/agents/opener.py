"""Test agent that talks and bids as the `open` preset does: it confides
its exact value every round without asking, answers with its exact value,
and bids (or asks) its value."""
import json, sys

for line in sys.stdin:
    req = json.loads(line)
    if req["type"] == "hello":
        reply = {"type": "hello", "version": 1}
    else:
        d, v = req["decision"], req["you"]["value"]
        reply = {"talk": {"action": "confide", "value": v, "sd": 0},
                 "answer": {"action": "answer", "value": v, "sd": 0},
                 "bid": {"action": "bid", "value": v}}[d]
        reply["id"] = req["id"]
    print(json.dumps(reply), flush=True)
