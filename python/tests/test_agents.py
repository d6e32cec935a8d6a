"""Python agents played in process (negsim.Agent, negsim.run(agents=...),
negsim.bench): lies counted for a bluffer and none for a truthful agent,
the same bench table as the same logic played as a process, a method that
raises forfeits, and an agent sees no private value but its own."""

import bisect
import io
import json
import pathlib
import subprocess
import sys
import tempfile
import unittest
import warnings

import pandas as pd

import negsim
from negsim import _negsim
from negsim.agent import _decide

from test_negsim import DEFAULT, REPO, cli

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from dual_agent import Bluffer  # noqa: E402

STRATEGIES = 'strategies = ["open", "guarded", "mirroring", "probing"]'


def config(strategies, tables=""):
    """The default config with another strategy list and more tables."""
    text = DEFAULT.replace(STRATEGIES, "strategies = " + json.dumps(strategies))
    return text + "\n" + tables


def sign(req):
    """+1 when a higher price helps me (the seller)."""
    return 1.0 if req["you"]["role"] == "seller" else -1.0


class Honest(negsim.Agent):
    """Tells its exact value, asks, and takes any offer within it; its
    replies are simple values where the protocol allows."""

    def claim(self, req):
        return req["you"]["value"]

    def talk(self, req):
        return {"action": "confide", "value": self.claim(req), "sd": 0, "ask": True}

    def answer(self, req):
        return self.claim(req)

    def offer(self, req):
        you = req["you"]
        return you["value"] + sign(req) * 0.3 * you["prior"]["sd"]

    def respond(self, req):
        return sign(req) * (req["offer"] - req["you"]["value"]) >= 0


class Liar(Honest):
    """Claims a value one prior sd in its own favour, as if exact."""

    def claim(self, req):
        p = req["you"]["prior"]
        v = req["you"]["value"] + sign(req) * p["sd"]
        return min(max(v, p["low"]), p["high"])


class Boom(Honest):
    def talk(self, req):
        raise ValueError("boom at the table")


class BenchInProcess(unittest.TestCase):
    def test_lies_are_counted_for_the_bluffer_and_none_for_the_truthful_agent(self):
        liar = negsim.bench(Liar(), runs=40, seed=3)
        honest = negsim.bench(Honest(), runs=40, seed=3)
        for b in (liar, honest):
            t = b.bench
            self.assertEqual(list(t["opponent"]),
                             ["open", "guarded", "mirroring", "probing", "overall"])
            self.assertEqual(t["runs"].iloc[-1], 320)
            self.assertEqual(t["forfeits"].sum(), 0)
            self.assertTrue(t["gap_ci95"].notna().all())
            self.assertEqual(len(b.forfeits), 0)
        self.assertEqual(liar.bench["agent"].iloc[0], "liar")
        self.assertGreater(liar.bench["lies_told"].iloc[-1], 0)
        self.assertTrue((liar.bench["lies_told"] > 0).all())
        self.assertAlmostEqual(liar.bench["lie_size_sd"].iloc[-1], 1.0, delta=0.35)
        self.assertEqual(honest.bench["lies_told"].iloc[-1], 0)
        self.assertGreater(honest.info["per_second"], 0)

    def test_in_process_and_as_a_process_the_same_logic_gives_the_same_bench_table(self):
        with tempfile.TemporaryDirectory() as tmp:
            args = ["bench", "--runs", "12", "--seed", "9", "--threads", "1",
                    "--name", "bluffer", "-q"]
            cli(*args, "--agent", f"python3 {REPO}/examples/agents/bluffer.py",
                "--out", "p", cwd=tmp)
            dual = pathlib.Path(__file__).resolve().parent / "dual_agent.py"
            cli(*args, "--agent", f"{sys.executable} {dual}", "--out", "d", cwd=tmp)
            process = (pathlib.Path(tmp) / "p" / "bench.csv").read_bytes()
            served = (pathlib.Path(tmp) / "d" / "bench.csv").read_bytes()
        tables, _, forfeits = _negsim.bench(Bluffer(), "bluffer", _decide, runs=12,
                                            seed=9, threads=2)
        in_process = dict(tables)["bench.csv"]
        self.assertEqual(forfeits, [])
        self.assertGreater(pd.read_csv(io.BytesIO(in_process))["lies_told"].iloc[-1], 0)
        self.assertEqual(in_process, process, "in process vs examples/agents/bluffer.py")
        self.assertEqual(served, process, "Agent.serve as a process vs bluffer.py")

    def test_bad_agents_and_values_are_refused_with_the_reason(self):
        with self.assertRaisesRegex(TypeError, "no method talk, answer"):
            negsim.bench(object())
        with self.assertRaisesRegex(TypeError, "give a dict"):
            negsim.run(runs=5, agents=[Honest()])
        with self.assertRaisesRegex(negsim.NegsimError, r'agents\["open"\].*must be new'):
            negsim.run(runs=5, agents={"open": Honest()})
        with self.assertRaisesRegex(negsim.NegsimError, "runs = 0"):
            negsim.bench(Honest(), runs=0)


AUCTION = DEFAULT[: DEFAULT.index("[protocol]")] + '[protocol]\nkind = "double_auction"\nk = 0.5\n'


class Bidder(Honest):
    """Honest, and bids (or asks) its value in a double auction."""

    def bid(self, req):
        return req["you"]["value"]


class DoubleAuction(unittest.TestCase):
    def test_an_agent_bids_in_process_as_the_same_logic_does_as_a_process(self):
        bidder = negsim.run(AUCTION, runs=20, seed=2, agents={"mine": Bidder()})
        mine = bidder.summary[bidder.summary["strategy_a"] == "mine"]
        self.assertGreater(mine["deal_rate"].min(), 0)
        self.assertEqual(bidder.forfeits.shape[0], 0)
        with tempfile.TemporaryDirectory() as tmp:
            cfg = pathlib.Path(tmp) / "auction.toml"
            cfg.write_text(AUCTION)
            bluffer = REPO / "examples" / "agents" / "bluffer.py"
            cli("bench", "--agent", f"{sys.executable} {bluffer}", str(cfg), "--runs", "12",
                "--seed", "9", "--threads", "2", "--out", "p", cwd=tmp)
            process = (pathlib.Path(tmp) / "p" / "bench.csv").read_bytes()
        tables, _, forfeits = _negsim.bench(Bluffer(), "bluffer", _decide, text=AUCTION,
                                            runs=12, seed=9, threads=2)
        self.assertEqual(forfeits, [])
        self.assertEqual(dict(tables)["bench.csv"], process, "in process vs bluffer.py")

    def test_passive_by_default_and_a_missing_bid_method_forfeits(self):
        passive = negsim.run(AUCTION, runs=10, seed=2, agents={"mine": Honest()})
        mine = passive.summary[passive.summary["strategy_a"] == "mine"]
        self.assertEqual(list(mine["deal_rate"].unique()), [0.0])
        self.assertEqual(passive.forfeits.shape[0], 0)

        class NoBid:
            talk, answer, offer, respond = (Honest.talk, Honest.answer, Honest.offer,
                                            Honest.respond)
            claim = Honest.claim

        with warnings.catch_warnings(record=True):
            warnings.simplefilter("always")
            run = negsim.run(AUCTION, runs=3, seed=2, agents={"nobid": NoBid()})
        reasons = " ".join(run.forfeits["reason"])
        self.assertIn("NoBid has no method bid", reasons)


class RunInProcess(unittest.TestCase):
    def test_an_agent_is_one_more_strategy_and_threads_do_not_change_the_tables(self):
        one = negsim.run(runs=20, seed=4, threads=1, agents={"mine": Liar()})
        two = negsim.run(runs=20, seed=4, threads=2, agents={"mine": Liar()})
        self.assertEqual(set(one.ranking["strategy"]),
                         {"open", "guarded", "mirroring", "probing", "mine"})
        self.assertEqual(one.info["negotiations"], 20 * 25)
        for name in one:
            pd.testing.assert_frame_equal(one[name], two[name], check_exact=True)
        named = negsim.run(config(["mine", "open"]), runs=10, agents={"mine": Honest()})
        self.assertEqual(list(named.summary["strategy_a"].unique()), ["mine", "open"])

    def test_a_method_that_raises_forfeits_and_the_run_goes_on(self):
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            res = negsim.run(runs=10, seed=1, threads=1, agents={"boom": Boom()})
        f = res.forfeits
        self.assertEqual(list(f.columns), ["agent", "opponent", "side", "seed", "reason"])
        # Every negotiation with boom (9 pairings, 10 runs) is forfeited,
        # by both sides in boom against itself.
        self.assertEqual(len(f), 100)
        self.assertEqual(set(f["agent"]), {"boom"})
        self.assertTrue(f["reason"].str.contains(
            "Boom.talk raised ValueError: boom at the table").any())
        deals = res.summary[res.summary["strategy_a"] == "boom"]["deal_rate"]
        self.assertTrue((deals == 0).all())
        self.assertTrue(any("forfeited 100" in str(x.message) and "boom at the table"
                            in str(x.message) for x in w), [str(x.message) for x in w])

    def test_a_reply_of_the_wrong_kind_forfeits_with_what_is_allowed(self):
        class Wrong(Honest):
            def respond(self, req):
                return 3.5

        with warnings.catch_warnings(record=True):
            warnings.simplefilter("always")
            b = negsim.bench(Wrong(), runs=3, seed=1)
        self.assertGreater(b.bench["forfeits"].iloc[-1], 0)
        self.assertIn("Wrong.respond returned 3.5; a respond decision takes a reply "
                      "dict or True (accept)", "\n".join(b.forfeits["reason"]))

    def test_ctrl_c_in_an_agent_stops_the_run(self):
        class Interrupted(Honest):
            def offer(self, req):
                raise KeyboardInterrupt

        with self.assertRaises(KeyboardInterrupt):
            negsim.run(runs=5, threads=1, agents={"k": Interrupted()})


def numbers(v, path, out):
    if isinstance(v, bool):
        return
    if isinstance(v, (int, float)):
        out.append((path, float(v)))
    elif isinstance(v, dict):
        for k, x in v.items():
            numbers(x, f"{path}.{k}", out)
    elif isinstance(v, list):
        for i, x in enumerate(v):
            numbers(x, f"{path}[{i}]", out)


class Spy(Honest):
    """Writes down every request, and the numbers in the locals of every
    Python frame it is called from."""

    def __init__(self):
        self.seen = []
        self.frames = []

    def claim(self, req):
        # Not its value: in self-play it hears its own claims.
        return req["you"]["value"] + 0.37 * req["you"]["prior"]["sd"]

    def look(self, req):
        self.seen.append(json.loads(json.dumps(req)))
        found = []
        f = sys._getframe(2)
        while f is not None:
            for k, x in f.f_locals.items():
                if isinstance(x, (dict, list, int, float)):
                    numbers(x, f"{f.f_code.co_name}.{k}", found)
            f = f.f_back
        self.frames.append((req["you"]["value"], found))

    def talk(self, req):
        self.look(req)
        return super().talk(req)

    def answer(self, req):
        self.look(req)
        return super().answer(req)

    def offer(self, req):
        self.look(req)
        return super().offer(req)

    def respond(self, req):
        self.look(req)
        return super().respond(req)


class Privacy(unittest.TestCase):
    def test_an_agent_sees_no_private_value_but_its_own(self):
        # The opponent confides and answers with noise (half a prior sd)
        # and body language leaks often: the spy hears about the other's
        # value, never the value itself.
        text = config(
            ["quiet", "spy"],
            "[[strategy]]\nname = 'quiet'\nbase = 'guarded'\ndisclose = 1\nanswer = 1\n"
            "precision = 0.5\nanswer_precision = 0.5\n",
        ).replace("leak_probability = 0.2", "leak_probability = 0.5")
        spy = Spy()
        res = negsim.run(text, runs=10, threads=1, per_run=True, agents={"spy": spy})
        runs = res.runs
        values = sorted(list(runs["reservation_a"]) + list(runs["reservation_b"]))

        def private(x):
            i = bisect.bisect_left(values, x)
            near = values[max(i - 1, 0): i + 1]
            return any(abs(x - v) <= 1e-9 * max(abs(v), 1.0) for v in near)

        self.assertGreater(len(spy.seen), 100)
        self.assertTrue(private(values[7]) and not private(values[7] + 0.01))
        for req in spy.seen:
            self.assertEqual(set(req), {"type", "id", "decision", "round", "seed", "you",
                                        "other", "rules", "transcript"}
                             | ({"offer"} if req["decision"] == "respond" else set()))
            own = req["you"]["value"]
            self.assertTrue(private(own))
            found = []
            numbers(req, "", found)
            for path, x in found:
                if path != ".you.value":
                    self.assertFalse(private(x),
                                     f"the request holds a private value at {path}: {req}")
        self.assertEqual(len(spy.frames), len(spy.seen))
        for own, found in spy.frames:
            for path, x in found:
                # Its own value, in the request it was given.
                self.assertFalse(private(x) and x != own,
                                 f"a calling frame holds a private value at {path}")


if __name__ == "__main__":
    unittest.main()
