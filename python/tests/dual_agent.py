"""examples/agents/bluffer.py's logic as a negsim.Agent whose methods are
the protocol's decisions: played in process by the tests, and as a process
(``python dual_agent.py``, the same object through ``Agent.serve``)."""

import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "examples" / "agents"))

import bluffer  # noqa: E402

import negsim  # noqa: E402


class Bluffer(negsim.Agent):
    name = "bluffer"

    def talk(self, req):
        return bluffer.decide(req)

    def answer(self, req):
        return bluffer.decide(req)

    def offer(self, req):
        return bluffer.decide(req)

    def respond(self, req):
        return bluffer.decide(req)

    def bid(self, req):
        return bluffer.decide(req)


if __name__ == "__main__":
    Bluffer().serve()
