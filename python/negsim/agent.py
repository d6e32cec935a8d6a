"""Python negotiators played in process (docs/PROTOCOL.md, version 1).

A :class:`Agent` has one method per decision of the protocol: ``talk``,
``answer``, ``offer`` and ``respond``, and ``bid`` for a config whose
formal phase is the double auction. Each receives the protocol's request
as a dict (exactly what a process agent reads from its stdin: ``you``,
``other``, ``rules``, ``transcript``, ``round``, ``seed``, ...; never the
other side's value) and returns the protocol's reply as a dict (``{"action":
"offer", "value": 51000}``; no ``id`` needed) or a simple value:

============  ==========================================================
decision      simple values
============  ==========================================================
``talk``      a number: confide it as exact (``sd`` 0, no question);
              ``None``: silent
``answer``    a number: answer it as exact; ``None``: decline
``offer``     a number: offer that price; in ``multi_issue`` a list
              (or tuple) of numbers: offer that package
``respond``   ``True``: accept; ``False``: reject
``bid``       a number: bid (or ask) that price; ``None``: no bid
              (``walk_away``: no trade)
any           a string: that action (``"ask"``, ``"walk_away"``, ...)
============  ==========================================================

In the ``multi_issue`` scenario a request has ``"scenario": "multi_issue"``,
``issues``, the side's own ``weights`` and the priors' Dirichlet ``alpha``;
packages (side A's share of each issue) are lists.

``negsim.run(config, agents={"mine": Mine()})`` and ``negsim.bench(Mine())``
play it in process; ``Mine().serve()`` plays the same object as a process
over stdin/stdout, so one agent runs both ways. Any object with the four
methods will do (and ``bid`` if it plays a double auction: without it, it
forfeits each auction); subclassing :class:`Agent` gives passive defaults
and ``serve``.
"""

from __future__ import annotations

import json
import numbers
import sys
from typing import Any, Tuple

VERSION = 1

DECISIONS = ("talk", "answer", "offer", "respond")


_SIMPLE = {
    "talk": "a number (confide it, exact), None (silent) or an action string",
    "answer": "a number (answer it, exact), None (decline) or an action string",
    "offer": "a number (the price offered), a list of numbers (the package "
             "offered, multi_issue) or an action string",
    "respond": "True (accept), False (reject) or an action string",
    "bid": "a number (the bid or ask), None (no bid) or an action string",
}


class Agent:
    """A negotiator whose methods are the protocol's decisions; override
    them. The defaults are passive: stay silent, decline to answer, walk
    away instead of offering, reject an offer, bid nothing in an auction
    (no trade)."""

    #: The agent's name in tables (default: the class name, lower case).
    name: str = ""

    def talk(self, request: dict) -> Any:
        """Its turn in an off-the-record round: ``confide`` (``value``,
        ``sd``, ``ask``; in ``multi_issue`` also or instead ``weights``,
        ``weights_sd``), ``ask`` or ``silent``."""
        return None

    def answer(self, request: dict) -> Any:
        """The other asked how it is on its side: ``answer`` (``value``,
        ``sd``; in ``multi_issue`` also or instead ``weights``,
        ``weights_sd``) or ``decline``."""
        return None

    def offer(self, request: dict) -> Any:
        """Its turn to propose: ``offer`` (``value``, a price; in
        ``multi_issue`` ``package``, side A's share of each issue) or
        ``walk_away``."""
        return "walk_away"

    def respond(self, request: dict) -> Any:
        """The other's ``request["offer"]`` is on the table (a price, or in
        ``multi_issue`` a package: a list): ``accept``, ``reject`` or
        ``walk_away``."""
        return False

    def bid(self, request: dict) -> Any:
        """Its sealed bid (a buyer) or ask (a seller) in a double auction,
        after the talk: ``bid`` (``value``, a price inside the values'
        support; ``request["rules"]["k"]`` sets the price) or
        ``walk_away`` (no bid, no trade)."""
        return "walk_away"

    def decide(self, request: dict) -> dict:
        """The reply dict (without ``id``) to one request."""
        d = request["decision"]
        return reply(d, getattr(self, d)(request))

    def serve(self, stdin=None, stdout=None) -> None:
        """Play as a process agent: answer the hello, then one reply line
        per request line, until stdin closes (``python3 mine.py`` with
        ``Mine().serve()`` at its end)."""
        stdin = stdin or sys.stdin
        stdout = stdout or sys.stdout
        for line in stdin:
            line = line.strip()
            if not line:
                continue
            req = json.loads(line)
            if req.get("type") == "hello":
                out = {"type": "hello", "version": VERSION,
                       "name": self.name or type(self).__name__.lower()}
            else:
                out = self.decide(req)
                out["id"] = req["id"]
            stdout.write(json.dumps(out) + "\n")
            stdout.flush()


def reply(decision: str, out: Any) -> dict:
    """The reply dict for what a decision's method returned (a dict, or a
    simple value as in the module's table); TypeError if it is neither."""
    if isinstance(out, dict):
        return dict(out)
    if isinstance(out, str):
        return {"action": out}
    if decision == "respond" and isinstance(out, bool):
        return {"action": "accept" if out else "reject"}
    if decision == "offer" and isinstance(out, (list, tuple)):
        return {"action": "offer", "package": list(out)}
    if isinstance(out, numbers.Real) and not isinstance(out, bool):
        action = {"talk": "confide", "answer": "answer", "offer": "offer"}.get(decision)
        if action:
            r = {"action": action, "value": float(out)}
            if action != "offer":
                r["sd"] = 0
            return r
    if isinstance(out, numbers.Real) and not isinstance(out, bool) and decision == "bid":
        return {"action": "bid", "value": float(out)}
    if out is None and decision in ("talk", "answer", "bid"):
        return {"action": {"talk": "silent", "answer": "decline"}.get(decision, "walk_away")}
    raise TypeError(
        f"returned {out!r}; a {decision} decision takes a reply dict or "
        f"{_SIMPLE.get(decision, 'an action string')}"
    )


def check(obj: Any, what: str) -> None:
    """TypeError unless ``obj`` has the four decisions as methods."""
    missing = [d for d in DECISIONS if not callable(getattr(obj, d, None))]
    if missing:
        raise TypeError(
            f"{what}: {type(obj).__name__} has no method {', '.join(missing)}; "
            "an agent has the protocol's decisions talk, answer, offer and "
            "respond as methods (subclass negsim.Agent for passive defaults)"
        )


def _decide(agent: Any, line: str) -> Tuple[bool, str]:
    """Called by the engine for each decision of an in-process agent: the
    request line in, ``(True, reply line)`` or ``(False, why it failed)``
    out. A KeyboardInterrupt passes through (the run stops asking)."""
    req = json.loads(line)
    d = req["decision"]
    where = f"{type(agent).__name__}.{d}"
    if not callable(getattr(agent, d, None)):
        return False, (f"{type(agent).__name__} has no method {d} (a double auction "
                       f"asks for it; subclass negsim.Agent for a passive default)")
    try:
        out = getattr(agent, d)(req)
    except Exception as e:  # the agent's bug: a forfeit with its message
        return False, f"{where} raised {type(e).__name__}: {e}"
    try:
        r = reply(d, out)
    except TypeError as e:
        return False, f"{where} {e}"
    r["id"] = req["id"]
    try:
        return True, json.dumps(r)
    except (TypeError, ValueError) as e:
        return False, f"{where}: its reply is not JSON ({e})"
