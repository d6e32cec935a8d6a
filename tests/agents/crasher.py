"""Test agent: answers the hello, then exits with an error at its first decision."""
import json, sys

for line in sys.stdin:
    req = json.loads(line)
    if req["type"] == "hello":
        print(json.dumps({"type": "hello", "version": 1}), flush=True)
    else:
        sys.stderr.write("crasher: something broke inside the agent\n")
        sys.exit(3)
