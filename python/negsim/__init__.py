"""negsim from Python: tournaments and sweeps of off-the-record negotiation.

The simulations run in the negsim Rust library (compiled into this package),
and every table comes back as a pandas DataFrame with the same columns and
numbers as the CSV file ``negsim run`` or ``negsim sweep`` writes::

    import negsim
    res = negsim.run(runs=2000, seed=7)          # the default tournament
    res["ranking"]                               # ranking.csv as a DataFrame
    sw = negsim.sweep("configs/bluff-sweep.toml", runs=500)
    sw.sweep_ranking                             # sweep_ranking.csv
    negsim.validate("my.toml")                   # raises negsim.NegsimError

    class Mine(negsim.Agent):                    # a negotiator in Python
        def offer(self, req): return req["you"]["value"] * 1.05
        def respond(self, req): return req["offer"] <= req["you"]["value"]
    negsim.run(agents={"mine": Mine()}).ranking  # played in process
    negsim.bench(Mine(), runs=500).bench         # bench.csv: its gap to the best response

A config is given as a path (``str`` or ``os.PathLike``) to a TOML file, as
TOML text (a ``str`` with a newline or an ``=``), or left out for the
embedded default tournament (configs/default.toml).
"""

from __future__ import annotations

import io
import os
import warnings
from typing import Any, Dict, Optional, Union

import pandas as pd

from . import _negsim, agent as _agent
from ._negsim import DEFAULT_CONFIG, NegsimError
from .agent import Agent

__all__ = ["run", "sweep", "bench", "validate", "Agent", "Results", "NegsimError",
           "DEFAULT_CONFIG"]

ConfigArg = Union[str, "os.PathLike[str]", None]


class Results(dict):
    """The tables of a run or a sweep: a dict from table name (the CSV file's
    name without ``.csv``: ``"ranking"``, ``"summary"``, ``"sweep"``, ...) to a
    pandas DataFrame, also readable as attributes (``res.ranking``).
    ``info`` holds facts about the run: name, seed, runs, negotiations,
    seconds (and threads, or cells for a sweep)."""

    def __init__(self, tables: Dict[str, pd.DataFrame], info: dict):
        super().__init__(tables)
        self.info = info

    def __getattr__(self, name: str) -> pd.DataFrame:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(
                f"no table {name!r}; the tables are: {', '.join(self)}"
            ) from None

    def __repr__(self) -> str:
        shapes = ", ".join(f"{k} {v.shape[0]}x{v.shape[1]}" for k, v in self.items())
        return f"<negsim.Results {self.info.get('name', '')}: {shapes}>"


def _source(config: ConfigArg) -> dict:
    """The keyword arguments naming a config for the extension module."""
    if config is None:
        return {}
    if isinstance(config, os.PathLike):
        return {"path": os.fspath(config)}
    if not isinstance(config, str):
        raise TypeError(
            "config: give a path to a TOML file, TOML text, or None for the "
            f"default tournament, not {type(config).__name__}"
        )
    if "\n" in config or "=" in config:
        return {"text": config, "name": "(config text)"}
    return {"path": config}


# The columns of negsim's tables that hold text (strategy names, labels).
_TEXT_COLUMNS = frozenset(
    ["strategy", "strategy_a", "strategy_b", "versus", "metric", "verdict",
     "outcome", "note", "walk_away", "process", "resident", "mutant"]
)


def _frame(name: str, data: bytes) -> pd.DataFrame:
    """A CSV table as a DataFrame: a number column is int64 or float64, an
    empty number NaN; a text column is text, an empty text field "" (as in
    walk_away, empty when nobody walked away), and a strategy called "NA" or
    "1" stays that string."""
    header = pd.read_csv(io.BytesIO(data), nrows=0).columns
    text = {c: str for c in header if c in _TEXT_COLUMNS}
    frame = pd.read_csv(
        io.BytesIO(data), keep_default_na=False, na_values=[""], dtype=text
    )
    for c in text:
        frame[c] = frame[c].fillna("")
    return frame


FORFEIT_COLUMNS = ["agent", "opponent", "side", "seed", "reason"]


def _results(out: tuple) -> Results:
    tables, info = out[0], out[1]
    frames = {}
    for file, data in tables:
        name = file[: -len(".csv")] if file.endswith(".csv") else file
        frames[name] = _frame(name, data)
    if len(out) > 2 and (info.get("agents") or out[2]):
        # forfeits.csv of the CLI: one row per forfeited negotiation (of an
        # agent in process, or of a process agent of the config).
        frames["forfeits"] = pd.DataFrame(out[2], columns=FORFEIT_COLUMNS).astype(
            {"seed": "uint64"})
        _warn_forfeits(frames["forfeits"], info["negotiations"])
    return Results(frames, dict(info))


def _warn_forfeits(forfeits: pd.DataFrame, total: int) -> None:
    """A warning per agent that forfeited, with the count and the first
    reason (as the CLI prints)."""
    for name, rows in forfeits.groupby("agent", sort=False):
        real = rows[~rows["reason"].str.startswith("not started again")]
        first = (real if len(real) else rows)["reason"].iloc[0]
        warnings.warn(
            f"agent {name!r} forfeited {len(rows)} of its negotiations (of {total} "
            f"in all; it walked away at its next formal decision), listed in the "
            f"forfeits table; the first: {first}",
            stacklevel=4,  # the caller of run or bench
        )


def _agent_pairs(agents: Optional[Dict[str, Any]]) -> list:
    if agents is None:
        return []
    if not isinstance(agents, dict):
        raise TypeError(
            "agents: give a dict from strategy name to agent object, e.g. "
            f"{{'mine': Mine()}}, not {type(agents).__name__}"
        )
    for name, obj in agents.items():
        if not isinstance(name, str):
            raise TypeError(f"agents: a name is a string, not {name!r}")
        _agent.check(obj, f"agents[{name!r}]")
    return list(agents.items())


def _count(name: str, value: Optional[int]) -> Optional[int]:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name}: give a whole number, not {value!r}")
    if value < 0:
        raise NegsimError(f"{name} = {value}: give a whole number of at least 0")
    return value


def run(
    config: ConfigArg = None,
    *,
    runs: Optional[int] = None,
    seed: Optional[int] = None,
    threads: Optional[int] = None,
    per_run: bool = False,
    agents: Optional[Dict[str, Any]] = None,
) -> Results:
    """Run a tournament, as ``negsim run`` does, and return its tables.

    ``config``: a path to a TOML config, TOML text, or None for the default
    tournament. ``runs`` (runs per ordered pairing) and ``seed`` override the
    config's; ``threads`` is the number of worker threads (all cores by
    default; the results do not depend on it). ``per_run=True`` adds the
    ``runs`` table, one row per negotiation (held in memory, so at most
    2,000,000 negotiations: for more use ``negsim run --per-run --format
    parquet`` and ``pandas.read_parquet``).

    Returns a :class:`Results`: ``summary``, ``matrix``, ``deal_matrix``,
    ``ranking``, ``comparisons``, ``asymmetry``, ``asymmetry_within``,
    ``share_distribution`` (and ``match_trace`` when matches have several
    runs, ``runs`` with ``per_run``). Raises :class:`NegsimError` on a bad
    config or value.

    ``agents`` plays Python agents in process: a dict from strategy name to
    an object whose methods are the protocol's decisions (a
    :class:`negsim.Agent`). Each is one more strategy of the tournament,
    added at the end of the config's ``strategies`` unless the list names
    it already (the config needs no ``[[strategy]]`` table for it; the name
    of a preset or of a ``[[strategy]]`` is refused). It plays the
    ``price`` scenario, under alternating offers or the double auction
    (where it is asked for its ``bid``). A method that raises
    forfeits that negotiation (it walks away); the ``forfeits`` table
    lists them (agent, opponent, side, seed, reason) and a warning gives
    the first reason. An agent whose replies depend only on its requests
    gives the same tables on any number of threads.
    """
    pairs = _agent_pairs(agents)
    out = _negsim.run(
        **_source(config),
        runs=_count("runs", runs),
        seed=_count("seed", seed),
        threads=_count("threads", threads),
        per_run=bool(per_run),
        agents=pairs,
        decide=_agent._decide if pairs else None,
    )
    out[1]["agents"] = [name for name, _ in pairs]
    return _results(out)


def bench(
    agent: Any,
    config: ConfigArg = None,
    *,
    runs: Optional[int] = None,
    seed: Optional[int] = None,
    threads: Optional[int] = None,
    name: Optional[str] = None,
) -> Results:
    """Bench a Python agent in process, as ``negsim bench --agent CMD``
    benches a process: against every preset in both roles, ``runs`` runs
    per opponent and role (default 1000) on common random numbers, under
    the rules of ``config`` (default: the embedded default config; its
    strategies are not used). ``name`` is the agent's name in the table
    (default: its ``name`` attribute, else its class name in lower case).

    Returns a :class:`Results` with ``bench`` (bench.csv: per opponent and
    overall, deal rate, surplus, the best response's surplus and the
    ``gap``, ``lies_told``, bits given and gained, ...; docs/PROTOCOL.md)
    and ``forfeits``; ``info`` holds the seconds and ``per_second``
    (negotiations of the agent per second).
    """
    _agent.check(agent, "bench")
    if name is None:
        name = getattr(agent, "name", "") or type(agent).__name__.lower()
    out = _negsim.bench(
        agent,
        name,
        _agent._decide,
        **_source(config),
        runs=_count("runs", runs),
        seed=_count("seed", seed),
        threads=_count("threads", threads),
    )
    out[1]["agents"] = [name]
    return _results(out)


def sweep(
    config: ConfigArg,
    *,
    runs: Optional[int] = None,
    seed: Optional[int] = None,
    threads: Optional[int] = None,
) -> Results:
    """Run a sweep, as ``negsim sweep`` does: the whole tournament per cell of
    the config's ``[sweep]`` grid. Returns a :class:`Results` with ``sweep``,
    ``sweep_ranking``, ``sweep_comparisons`` (and ``asymmetry_design`` for a
    sweep that sets the asymmetry by design); each starts with one column
    per swept parameter. Raises :class:`NegsimError` on a bad config."""
    if config is None:
        raise NegsimError(
            "negsim.sweep needs a config with a [sweep] table, "
            'e.g. [sweep] "exchange.rounds" = [0, 1, 2, 4] (see configs/bluff-sweep.toml)'
        )
    return _results(
        _negsim.sweep(
            **_source(config),
            runs=_count("runs", runs),
            seed=_count("seed", seed),
            threads=_count("threads", threads),
        )
    )


def validate(config: ConfigArg = None) -> str:
    """Check a config as ``negsim check`` does: every value, every cell of a
    sweep's grid, and the memory it needs. Returns the config fully resolved
    as TOML (every default filled in); raises :class:`NegsimError` with the
    library's message (the file, the field, the bad value and what is
    allowed) when something is wrong."""
    return _negsim.check(**_source(config))
