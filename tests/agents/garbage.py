"""Test agent: answers the hello, then prints garbage instead of replies."""
import json, sys

for line in sys.stdin:
    req = json.loads(line)
    if req["type"] == "hello":
        print(json.dumps({"type": "hello", "version": 1}), flush=True)
    else:
        print("I'd rather not say {{{", flush=True)
