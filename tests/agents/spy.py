"""Test agent: writes every line it receives, its environment and its
arguments to the file named by its first argument, then asks, declines,
offers or bids one unit off its value and rejects (it only wants to
look)."""
import json, os, sys

out = open(sys.argv[1], "a")
out.write(json.dumps({"env": dict(os.environ), "argv": sys.argv}) + "\n")
out.flush()
for line in sys.stdin:
    out.write(line)
    out.flush()
    req = json.loads(line)
    if req["type"] == "hello":
        reply = {"type": "hello", "version": 1}
    else:
        d = req["decision"]
        action = {"talk": "ask", "answer": "decline", "offer": "offer",
                  "respond": "reject", "bid": "bid"}[d]
        if req.get("scenario") == "multi_issue":
            # A package of halves: no private value travels.
            reply = {"id": req["id"], "action": action, "package": [0.5] * req["issues"]}
        else:
            # Never exactly its own value, so that no private value travels
            # (inside the support, where a bid must lie).
            step = -1.0 if req["you"]["role"] == "buyer" else 1.0
            p = req["you"]["prior"]
            value = min(max(req["you"]["value"] + step, p["low"]), p["high"])
            reply = {"id": req["id"], "action": action, "value": value}
    print(json.dumps(reply), flush=True)
