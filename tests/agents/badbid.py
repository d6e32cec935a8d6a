"""Test agent for the double auction: silent off the record (it asks
nothing, declines to answer), then a bad bid chosen by its first argument:
"outside" bids above the support, "text" bids a word, "sleep" never
replies to the bid request."""
import json, sys, time

mode = sys.argv[1]
for line in sys.stdin:
    req = json.loads(line)
    if req["type"] == "hello":
        reply = {"type": "hello", "version": 1}
    elif req["decision"] == "talk":
        reply = {"id": req["id"], "action": "silent"}
    elif req["decision"] == "answer":
        reply = {"id": req["id"], "action": "decline"}
    elif mode == "sleep":
        time.sleep(600)
        continue
    elif mode == "outside":
        reply = {"id": req["id"], "action": "bid",
                 "value": req["you"]["prior"]["high"] + 1000}
    else:
        reply = {"id": req["id"], "action": "bid", "value": "my value"}
    print(json.dumps(reply), flush=True)
