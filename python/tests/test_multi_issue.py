"""Python agents in the multi_issue scenario (docs/PROTOCOL.md, "Multi-issue
negotiation"): a negsim.Agent gets the requests as dicts (its weights, the
Dirichlet alphas, packages as lists) and offers lists; lies about the
reservation utility are counted; examples/agents/truthful.py's logic in
process gives the same bench table as the script as a process."""

import io
import pathlib
import sys
import tempfile
import unittest

import pandas as pd

import negsim
from negsim import _negsim
from negsim.agent import _decide

from test_negsim import CONFIGS, REPO, cli

sys.path.insert(0, str(REPO / "examples" / "agents"))
import truthful  # noqa: E402

INTEGRATIVE = (CONFIGS / "integrative.toml").read_text()


def with_strategies(text, names):
    old = 'strategies = ["open", "guarded", "mirroring", "probing"]'
    assert old in text
    return text.replace(old, "strategies = [" + ", ".join(f'"{n}"' for n in names) + "]")


def mine(req, package):
    """My utility of a package (A's share of each issue)."""
    w = req["you"]["weights"]
    if req["you"]["role"] == "A":
        return sum(a * x for a, x in zip(w, package))
    return sum(a * (1 - x) for a, x in zip(w, package))


class Frontier(negsim.Agent):
    """Tells its weights and reservation utility exactly, asks for every
    issue it weighs above the average and half of the others, and takes
    any package worth its reservation utility plus 0.05."""

    def __init__(self):
        self.seen = []

    def reservation(self, req):
        return req["you"]["value"]

    def tell(self, req):
        self.seen.append(req)
        you = req["you"]
        return {"value": self.reservation(req), "sd": 0, "weights": you["weights"],
                "weights_sd": 0}

    def talk(self, req):
        return dict(self.tell(req), action="confide", ask=True)

    def answer(self, req):
        return dict(self.tell(req), action="answer")

    def offer(self, req):
        self.seen.append(req)
        n = req["issues"]
        want = [1.0 if w >= 1.0 / n else 0.5 for w in req["you"]["weights"]]
        return want if req["you"]["role"] == "A" else tuple(1.0 - v for v in want)

    def respond(self, req):
        self.seen.append(req)
        return mine(req, req["offer"]) >= req["you"]["value"] + 0.05


class Inflater(Frontier):
    """Claims a reservation utility 0.1 above its own (a lie)."""

    def reservation(self, req):
        return min(req["you"]["value"] + 0.1, req["you"]["prior"]["high"])


class Truthful(negsim.Agent):
    """examples/agents/truthful.py's logic, in process."""

    name = "truthful"

    def talk(self, req):
        return truthful.decide(req)

    answer = offer = respond = talk


class MultiIssueAgents(unittest.TestCase):
    def test_an_agent_gets_dicts_and_offers_lists(self):
        agent = Frontier()
        res = negsim.run(with_strategies(INTEGRATIVE, ["open", "mine"]), runs=15, seed=2,
                         threads=1, agents={"mine": agent})
        self.assertEqual(len(res.forfeits), 0)
        rows = res.summary[res.summary["strategy_a"] == "mine"]
        self.assertTrue((rows["deal_rate"] > 0).any(), res.summary)
        kinds = set()
        for req in agent.seen:
            self.assertEqual(req["scenario"], "multi_issue")
            self.assertEqual(req["issues"], 3)
            self.assertEqual(len(req["you"]["weights"]), 3)
            self.assertAlmostEqual(sum(req["you"]["weights"]), 1.0)
            self.assertEqual(req["other"]["prior"]["alpha"], [1.0, 1.0, 1.0])
            self.assertNotIn("weights", req["other"])
            if req["decision"] == "respond":
                self.assertEqual(len(req["offer"]), 3)
            for e in req["transcript"]:
                kinds.add(e["kind"])
                if e["kind"] == "offer":
                    self.assertEqual(len(e["package"]), 3)
                    self.assertNotIn("value", e)
        self.assertTrue({"offer", "confide_weights", "confide"} <= kinds, kinds)

    def test_bench_counts_lies_about_the_reservation_utility(self):
        honest = negsim.bench(Frontier(), INTEGRATIVE, runs=10, seed=5)
        liar = negsim.bench(Inflater(), INTEGRATIVE, runs=10, seed=5)
        for b in (honest, liar):
            self.assertEqual(b.bench["forfeits"].sum(), 0)
            self.assertEqual(b.bench["runs"].iloc[-1], 80)
            self.assertTrue(b.bench["gap_ci95"].notna().all())
        self.assertEqual(honest.bench["lies_told"].iloc[-1], 0)
        self.assertGreater(liar.bench["lies_told"].iloc[-1], 0)

    def test_truthful_in_process_and_as_a_process_give_the_same_bench_table(self):
        with tempfile.TemporaryDirectory() as tmp:
            cfg = pathlib.Path(tmp) / "integrative.toml"
            cfg.write_text(INTEGRATIVE)
            cli("bench", str(cfg), "--runs", "8", "--seed", "3", "--threads", "1",
                "--name", "truthful", "-q", "--agent",
                f"python3 {REPO}/examples/agents/truthful.py", "--out", "p", cwd=tmp)
            process = (pathlib.Path(tmp) / "p" / "bench.csv").read_bytes()
        tables, _, forfeits = _negsim.bench(Truthful(), "truthful", _decide,
                                            **negsim._source(INTEGRATIVE), runs=8, seed=3,
                                            threads=2)
        in_process = dict(tables)["bench.csv"]
        self.assertEqual(forfeits, [])
        table = pd.read_csv(io.BytesIO(in_process))
        self.assertEqual(table["lies_told"].iloc[-1], 0)
        self.assertGreater(table["deal_rate"].iloc[-1], 0)
        self.assertEqual(in_process, process)


if __name__ == "__main__":
    unittest.main()
