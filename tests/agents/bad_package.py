"""Test agent (multi_issue): talks and responds in protocol, but its offers
are malformed as its first argument says: `short` (one number too few),
`outside` (a share of 1.5), `text` (a share that is a string)."""
import json, sys

mode = sys.argv[1]
for line in sys.stdin:
    req = json.loads(line)
    if req["type"] == "hello":
        print(json.dumps({"type": "hello", "version": 1}), flush=True)
        continue
    d = req["decision"]
    n = req["issues"]
    if d == "offer":
        package = {"short": [0.5] * (n - 1),
                   "outside": [0.5] * (n - 1) + [1.5],
                   "text": ["half"] + [0.5] * (n - 1)}[mode]
        reply = {"action": "offer", "package": package}
    else:
        reply = {"action": {"talk": "silent", "answer": "decline", "respond": "reject"}[d]}
    reply["id"] = req["id"]
    print(json.dumps(reply), flush=True)
