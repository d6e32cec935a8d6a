"""Test agent: answers the hello, then never replies (it sleeps)."""
import json, sys, time

for line in sys.stdin:
    req = json.loads(line)
    if req["type"] == "hello":
        print(json.dumps({"type": "hello", "version": 1}), flush=True)
    else:
        time.sleep(600)
