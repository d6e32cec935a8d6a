//! The extension module `negsim._negsim`: the negsim library's tournaments,
//! sweeps and config checks for Python. Every table comes back as the bytes
//! of the CSV file the `negsim` binary would write (same columns, same
//! numbers); `negsim/__init__.py` turns them into pandas DataFrames. Errors
//! are the library's messages, raised as `negsim.NegsimError`. Python
//! agents play in process through `agent` (the library's `Hosted` seam).

mod agent;

use negsim::config::{self, Config, DEFAULT_CONFIG};
use negsim::output::{self, CsvTable, RunsCsv};
use negsim::run::resources::Estimate;
use negsim::run::tournament::{self, RunOptions, RunSink};
use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};
use std::path::Path;

create_exception!(
    _negsim,
    NegsimError,
    PyValueError,
    "Bad input to negsim (a config, a value, a file): the message names the file, the field, the bad value and what is allowed."
);

/// Most negotiations whose runs table `run(per_run=True)` holds in memory
/// (about 600 bytes of CSV each, then a DataFrame of about 450 bytes each).
const MAX_PER_RUN: u64 = 2_000_000;

/// What the default config is called in messages, as the binary calls it.
const DEFAULT_NAME: &str = "configs/default.toml (embedded)";

fn py_err(e: negsim::Error) -> PyErr {
    NegsimError::new_err(e.to_string())
}

/// The config from TOML text (`name` names it in messages), a file, or the
/// embedded default; `runs` and `seed` override the file's.
fn load(
    text: Option<&str>,
    path: Option<&str>,
    name: Option<&str>,
    runs: Option<u64>,
    seed: Option<u64>,
) -> negsim::Result<(Config, String)> {
    let (mut cfg, file) = match (text, path) {
        (Some(t), _) => {
            let file = name.unwrap_or("(config text)").to_string();
            (config::parse(t, &file)?, file)
        }
        (None, Some(p)) => (config::load(Path::new(p))?, p.to_string()),
        (None, None) => (
            config::parse(DEFAULT_CONFIG, DEFAULT_NAME)?,
            DEFAULT_NAME.into(),
        ),
    };
    if let Some(seed) = seed {
        cfg.seed = seed;
    }
    if let Some(runs) = runs {
        // Checked with the file's own value by `validate`.
        cfg.runs = runs;
    }
    Ok((cfg, file))
}

/// The tables as (file name, CSV bytes), and a dict of facts about the run.
type Tables<'py> = (Vec<(String, Bound<'py, PyBytes>)>, Bound<'py, PyDict>);

/// The tables, the facts, and the forfeit rows (agent, opponent, side,
/// seed, reason) of a call with agents.
type WithForfeits<'py> = (
    Vec<(String, Bound<'py, PyBytes>)>,
    Bound<'py, PyDict>,
    agent::Rows,
);

/// The tables as a list of (file name, CSV bytes).
fn tables_to_py(py: Python<'_>, tables: Vec<CsvTable>) -> Vec<(String, Bound<'_, PyBytes>)> {
    tables
        .into_iter()
        .map(|t| (t.name.to_string(), PyBytes::new(py, &t.bytes)))
        .collect()
}

/// A tournament: the tables of `negsim run` as (file name, CSV bytes), and
/// a dict of facts (name, seed, runs, negotiations, seconds, threads).
/// `per_run` adds runs.csv, one row per negotiation (held in memory).
/// `agents` are (name, object) pairs played in process through `decide`
/// (`negsim.agent._decide`); a name the config's strategy list lacks is
/// added at its end. The forfeits come third.
#[pyfunction]
#[pyo3(signature = (text=None, path=None, name=None, runs=None, seed=None, threads=None, per_run=false, agents=Vec::new(), decide=None))]
#[allow(clippy::too_many_arguments)]
fn run<'py>(
    py: Python<'py>,
    text: Option<&str>,
    path: Option<&str>,
    name: Option<&str>,
    runs: Option<u64>,
    seed: Option<u64>,
    threads: Option<usize>,
    per_run: bool,
    agents: Vec<(String, Py<PyAny>)>,
    decide: Option<Py<PyAny>>,
) -> PyResult<WithForfeits<'py>> {
    let (mut cfg, file) = load(text, path, name, runs, seed).map_err(py_err)?;
    let agents = match &decide {
        Some(d) => agent::Agents::new(py, agents, d),
        None => agent::Agents::new(py, Vec::new(), &py.None()),
    };
    for a in &agents.list {
        if !cfg
            .strategies
            .iter()
            .any(|n| n == negsim::Strategy::name(a.as_ref()))
        {
            cfg.strategies
                .push(negsim::Strategy::name(a.as_ref()).to_string());
        }
    }
    if cfg.sweep.is_some() {
        return Err(NegsimError::new_err(format!(
            "{file} has a [sweep] table, which negsim.run does not sweep: call negsim.sweep on it (or remove the table to run its base config once)"
        )));
    }
    let exp = cfg.validate_with(&file, &agents.list).map_err(py_err)?;
    Estimate::run(&exp).check(&file).map_err(py_err)?;
    let k = exp.strategies.len() as u64;
    let negotiations = exp.runs.saturating_mul(k * k);
    if per_run && negotiations > MAX_PER_RUN {
        return Err(NegsimError::new_err(format!(
            "{file}: per_run=True with runs = {} ({negotiations} negotiations): the runs table is held in memory, at most {MAX_PER_RUN} negotiations; for more, write it to disk with `negsim run --per-run --format parquet` and read it with pandas.read_parquet",
            exp.runs
        )));
    }
    negsim::agent::take_forfeits();
    let (tables, res) = py
        .detach(|| -> negsim::Result<_> {
            let mut runs_csv = if per_run {
                Some(RunsCsv::memory(&exp)?)
            } else {
                None
            };
            let res = tournament::run(
                &exp,
                RunOptions {
                    threads: threads.unwrap_or(0),
                },
                &|_| {},
                runs_csv.as_mut().map(|s| s as &mut dyn RunSink),
            )?;
            let mut tables = output::tournament_tables(&exp, &res)?;
            if let Some(s) = runs_csv {
                tables.push(CsvTable {
                    name: "runs.csv",
                    bytes: s.into_bytes(),
                });
            }
            Ok((tables, res))
        })
        .map_err(py_err)?;
    let forfeits = agent::forfeit_rows(negsim::agent::take_forfeits());
    agents.check()?;
    let info = PyDict::new(py);
    info.set_item("name", &exp.name)?;
    info.set_item("seed", exp.seed)?;
    info.set_item("runs", exp.runs)?;
    info.set_item("negotiations", res.negotiations)?;
    info.set_item("seconds", res.elapsed)?;
    info.set_item("threads", res.threads)?;
    Ok((tables_to_py(py, tables), info, forfeits))
}

/// The bench of `obj` (named `agent_name`, asked through `decide`) against
/// every preset in both roles under the config's rules, as `negsim bench`
/// plays it: bench.csv's bytes, a dict of facts, and the forfeits.
#[pyfunction]
#[pyo3(name = "bench", signature = (obj, agent_name, decide, text=None, path=None, name=None, runs=None, seed=None, threads=None))]
#[allow(clippy::too_many_arguments)]
fn bench_agent<'py>(
    py: Python<'py>,
    obj: Py<PyAny>,
    agent_name: String,
    decide: Py<PyAny>,
    text: Option<&str>,
    path: Option<&str>,
    name: Option<&str>,
    runs: Option<u64>,
    seed: Option<u64>,
    threads: Option<usize>,
) -> PyResult<WithForfeits<'py>> {
    let (mut cfg, file) = load(text, path, name, None, seed).map_err(py_err)?;
    let runs = runs.unwrap_or(1000);
    if runs == 0 || runs > 10_000_000 {
        return Err(NegsimError::new_err(format!(
            "runs = {runs}: give between 1 and 10000000 runs per opponent and role"
        )));
    }
    cfg.runs = runs;
    let agents = agent::Agents::new(py, vec![(agent_name.clone(), obj)], &decide);
    let agent = &agents.list[0];
    // The name is checked as in a tournament (the config's strategies are
    // not used by the bench).
    let mut probe = cfg.clone();
    probe.strategies = vec![agent_name.clone()];
    probe.custom.clear();
    let exp = probe.validate_with(&file, &agents.list).map_err(py_err)?;
    negsim::agent::take_forfeits();
    let (rows, elapsed, threads) = py
        .detach(|| -> negsim::Result<_> {
            let b = negsim::run::bench::bench(&exp, agent, threads.unwrap_or(0))?;
            Ok((b.rows(), b.elapsed, b.threads))
        })
        .map_err(py_err)?;
    let forfeits = agent::forfeit_rows(negsim::agent::take_forfeits());
    agents.check()?;
    let csv = negsim::output::bench::csv(&rows, &agent_name, exp.seed, exp.runs);
    let played = rows.last().map_or(0, |r| r.runs);
    let info = PyDict::new(py);
    info.set_item("name", &agent_name)?;
    info.set_item("seed", exp.seed)?;
    info.set_item("runs", exp.runs)?;
    info.set_item("negotiations", played)?;
    info.set_item("seconds", elapsed)?;
    info.set_item("per_second", played as f64 / elapsed.max(1e-9))?;
    info.set_item("threads", threads)?;
    Ok((
        vec![("bench.csv".to_string(), PyBytes::new(py, csv.as_bytes()))],
        info,
        forfeits,
    ))
}

/// A sweep: the tables of `negsim sweep` as (file name, CSV bytes), and a
/// dict of facts (name, seed, runs, cells, negotiations, seconds).
#[pyfunction]
#[pyo3(signature = (text=None, path=None, name=None, runs=None, seed=None, threads=None))]
fn sweep<'py>(
    py: Python<'py>,
    text: Option<&str>,
    path: Option<&str>,
    name: Option<&str>,
    runs: Option<u64>,
    seed: Option<u64>,
    threads: Option<usize>,
) -> PyResult<Tables<'py>> {
    let (cfg, file) = load(text, path, name, runs, seed).map_err(py_err)?;
    let sw = negsim::run::sweep::build(&cfg, &file).map_err(py_err)?;
    Estimate::sweep(&sw).check(&file).map_err(py_err)?;
    let (tables, negotiations, seconds) = py
        .detach(|| -> negsim::Result<_> {
            let results = negsim::run::sweep::run(
                &sw,
                RunOptions {
                    threads: threads.unwrap_or(0),
                },
                &|_, _| {},
            )?;
            let n: u64 = results.iter().map(|r| r.negotiations).sum();
            let secs: f64 = results.iter().map(|r| r.elapsed).sum();
            Ok((output::sweep_tables(&sw, &results)?, n, secs))
        })
        .map_err(py_err)?;
    let info = PyDict::new(py);
    info.set_item("name", &cfg.name)?;
    info.set_item("seed", cfg.seed)?;
    info.set_item("runs", cfg.runs)?;
    info.set_item("cells", sw.cells.len())?;
    info.set_item("negotiations", negotiations)?;
    info.set_item("seconds", seconds)?;
    Ok((tables_to_py(py, tables), info))
}

/// Check a config as `negsim check` does (every value, a sweep's every
/// cell, the memory it needs) and return it fully resolved as TOML.
#[pyfunction]
#[pyo3(signature = (text=None, path=None, name=None))]
fn check(text: Option<&str>, path: Option<&str>, name: Option<&str>) -> PyResult<String> {
    let (cfg, file) = load(text, path, name, None, None).map_err(py_err)?;
    let exp = cfg.validate(&file).map_err(py_err)?;
    if cfg.sweep.is_some() {
        let sw = negsim::run::sweep::build(&cfg, &file).map_err(py_err)?;
        Estimate::sweep(&sw).check(&file).map_err(py_err)?;
    } else {
        Estimate::run(&exp).check(&file).map_err(py_err)?;
    }
    Ok(config::resolved_toml(&exp))
}

#[pymodule]
fn _negsim(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(run, m)?)?;
    m.add_function(wrap_pyfunction!(sweep, m)?)?;
    m.add_function(wrap_pyfunction!(bench_agent, m)?)?;
    m.add_function(wrap_pyfunction!(check, m)?)?;
    m.add("NegsimError", m.py().get_type::<NegsimError>())?;
    m.add("DEFAULT_CONFIG", DEFAULT_CONFIG)?;
    Ok(())
}
