//! Parameter sweeps (`negsim sweep`): a `[sweep]` table names one or two
//! config paths and their values, e.g. `"exchange.rounds" = [0, 1, 2, 4, 8]`
//! or `"exchange.leak_probability" = { from = 0.0, to = 1.0, steps = 11 }` or
//! `"strategy.probing.bluff" = [0.0, 0.5, 1.0]`. Every cell of the grid runs
//! the whole tournament with the same master seed, so run i faces the same
//! private values in every cell (common random numbers): differences between
//! cells are the parameter's effect, not noise.

use crate::config::{Config, Experiment};
use crate::error::{Error, Result, nearest};
use crate::model::strategy::{self, PARAMS, preset_names};
use crate::run::tournament::{self, RunOptions, TournamentResult};
use toml::Value;

/// One swept parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    /// Config path, e.g. `exchange.rounds`.
    pub path: String,
    /// Its values, in order.
    pub values: Vec<Value>,
}

/// The config paths that set information asymmetry by design.
pub const DESIGN_PATHS: [&str; 2] = ["scenario.information", "scenario.disclosure_noise"];

impl Sweep {
    /// Whether the sweep sets information asymmetry by design (it sweeps
    /// one of [`DESIGN_PATHS`]): it then writes `asymmetry_design.csv`.
    pub fn designs_information(&self) -> bool {
        self.axes
            .iter()
            .any(|a| DESIGN_PATHS.contains(&a.path.as_str()))
    }
}

impl Axis {
    /// CSV column name: the path in snake_case (`exchange_rounds`).
    pub fn column(&self) -> String {
        self.path.replace(['.', '-'], "_")
    }
}

/// A validated sweep: its axes and one experiment per cell.
pub struct Sweep {
    /// The config it was built from, with its `[sweep]` table (written to
    /// the folder's `config.toml`, from which it is built again).
    pub config: Config,
    /// One or two axes.
    pub axes: Vec<Axis>,
    /// The cells in row-major order: the values of each axis and the experiment.
    pub cells: Vec<(Vec<Value>, Experiment)>,
}

/// Render a value for tables and CSV.
pub fn show(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Float(f) => crate::number::num(*f),
        other => other.to_string(),
    }
}

fn leaf_paths(v: &Value, prefix: &str, out: &mut Vec<String>) {
    if let Value::Table(t) = v {
        for (k, x) in t {
            if prefix.is_empty() && (k == "strategy" || k == "sweep") {
                continue;
            }
            let p = if prefix.is_empty() {
                k.clone()
            } else {
                format!("{prefix}.{k}")
            };
            match x {
                Value::Table(_) => leaf_paths(x, &p, out),
                _ => out.push(p),
            }
        }
    }
}

/// Why a config path is the same in every cell of a sweep, if it is: the
/// cells of a sweep are one experiment, and its manifest, charts and
/// paired comparisons describe them as such.
fn fixed_reason(path: &str) -> Option<&'static str> {
    let top = path.split('.').next().unwrap_or(path);
    Some(match top {
        "seed" => {
            "the seed cannot be swept: every cell uses the same seed, so that cells differ only by \
             the swept parameter (common random numbers); for another sample run the sweep again \
             with --seed"
        }
        "runs" => {
            "runs cannot be swept: every cell plays the same number of runs; set runs (or --runs) \
             for the whole sweep"
        }
        "strategies" => {
            "the strategies cannot be swept: every cell plays the same strategies; sweep a \
             strategy's parameter (strategy.NAME.PARAM) or run one config per set of strategies"
        }
        "name" => "the name cannot be swept: it names the results folder",
        "sweep" => "a sweep cannot sweep itself",
        _ => return None,
    })
}

/// Build the sweep of a config. `file` names it in messages.
pub fn build(cfg: &Config, file: &str) -> Result<Sweep> {
    let table = cfg.sweep.clone().ok_or_else(|| {
        Error::invalid(
            file,
            "sweep",
            "(missing)",
            "a sweep needs a [sweep] table, e.g. [sweep] \"exchange.rounds\" = [0, 1, 2, 4]",
        )
    })?;
    if table.is_empty() || table.len() > 2 {
        return Err(Error::invalid(
            file,
            "sweep",
            format!("{} parameters", table.len()),
            "name one or two parameters to sweep",
        ));
    }
    // Validate the base config first: its errors are the clearest.
    let mut base = cfg.clone();
    base.sweep = None;
    base.validate(file)?;
    let base_value = Value::try_from(&base).map_err(|e| Error::Usage(format!("{file}: {e}")))?;
    let mut known = Vec::new();
    leaf_paths(&base_value, "", &mut known);
    for s in &base.strategies {
        for p in &PARAMS {
            known.push(format!("strategy.{s}.{}", p.name));
        }
    }
    let mut axes = Vec::new();
    for (path, spec) in &table {
        let field = format!("sweep.\"{path}\"");
        if let Some(why) = fixed_reason(path) {
            return Err(Error::invalid(file, field, format!("'{path}'"), why));
        }
        if !known.contains(path) {
            let hint = nearest(path, known.iter().map(|s| s.as_str()))
                .map(|n| format!("did you mean '{n}'? "))
                .unwrap_or_default();
            return Err(Error::invalid(
                file,
                field,
                format!("'{path}'"),
                format!(
                    "is not a parameter of this config; {hint}parameters are config paths like exchange.rounds, protocol.discount, scenario.buyer_value.high, strategy.probing.bluff"
                ),
            ));
        }
        let values = axis_values(spec, file, &field)?;
        if values.is_empty() {
            return Err(Error::invalid(
                file,
                field,
                "[]",
                "the grid is empty: give at least one value",
            ));
        }
        if values.len() > MAX_VALUES {
            return Err(Error::invalid(
                file,
                field,
                format!("{} values", values.len()),
                format!("at most {MAX_VALUES} values per parameter"),
            ));
        }
        axes.push(Axis {
            path: path.clone(),
            values,
        });
    }
    let n: usize = axes.iter().map(|a| a.values.len()).product();
    if n > MAX_CELLS {
        return Err(Error::invalid(
            file,
            "sweep",
            format!(
                "a grid of {} cells",
                axes.iter()
                    .map(|a| a.values.len().to_string())
                    .collect::<Vec<_>>()
                    .join(" x ")
            ),
            format!(
                "at most {MAX_CELLS} cells (each keeps its statistics in memory until the sweep is written)"
            ),
        ));
    }
    let cells = grid_cells(&axes, &base_value, file)?;
    Ok(Sweep {
        config: cfg.clone(),
        axes,
        cells,
    })
}

/// Most values of one sweep parameter.
pub const MAX_VALUES: usize = 1000;
/// Most cells of a sweep grid.
pub const MAX_CELLS: usize = 2000;

/// The values of one sweep axis: a list, or `{ from, to, steps }`.
fn axis_values(spec: &Value, file: &str, field: &str) -> Result<Vec<Value>> {
    Ok(match spec {
        Value::Array(a) => a.clone(),
        Value::Table(t) => {
            let get = |k: &str| {
                t.get(k)
                    .and_then(|v| v.as_float().or(v.as_integer().map(|i| i as f64)))
            };
            let extra: Vec<&String> = t
                .keys()
                .filter(|k| !["from", "to", "steps"].contains(&k.as_str()))
                .collect();
            match (
                get("from"),
                get("to"),
                t.get("steps").and_then(|v| v.as_integer()),
            ) {
                (_, _, Some(steps)) if steps as u64 > MAX_VALUES as u64 => {
                    return Err(Error::invalid(
                        file,
                        format!("{field}.steps"),
                        steps.to_string(),
                        format!("at most {MAX_VALUES} values per parameter"),
                    ));
                }
                (Some(from), Some(to), Some(steps))
                    if extra.is_empty() && steps >= 1 && from.is_finite() && to.is_finite() =>
                {
                    (0..steps)
                        .map(|i| {
                            let x = if steps == 1 {
                                from
                            } else {
                                from + (to - from) * i as f64 / (steps - 1) as f64
                            };
                            Value::Float(x)
                        })
                        .collect()
                }
                _ => {
                    return Err(Error::invalid(
                        file,
                        field,
                        spec.to_string(),
                        "give a list of values or { from = number, to = number, steps = whole number >= 1 }",
                    ));
                }
            }
        }
        other => {
            return Err(Error::invalid(
                file,
                field,
                other.to_string(),
                "give a list of values or { from, to, steps }",
            ));
        }
    })
}

/// Every cell of the grid (the first axis major), each a validated experiment.
fn grid_cells(
    axes: &[Axis],
    base_value: &Value,
    file: &str,
) -> Result<Vec<(Vec<Value>, Experiment)>> {
    let mut cells = Vec::new();
    let first = axes[0].values.clone();
    let second = axes
        .get(1)
        .map(|a| a.values.clone())
        .unwrap_or_else(|| vec![Value::Boolean(true)]);
    for x in &first {
        for y in &second {
            let mut point = vec![x.clone()];
            if axes.len() > 1 {
                point.push(y.clone());
            }
            let mut v = base_value.clone();
            for (axis, value) in axes.iter().zip(&point) {
                set(&mut v, &axis.path, value.clone(), file)?;
            }
            let label: Vec<String> = axes
                .iter()
                .zip(&point)
                .map(|(a, x)| format!("{} = {}", a.path, show(x)))
                .collect();
            let cell_file = format!("{file} (sweep cell {})", label.join(", "));
            let c: Config = v.try_into().map_err(|e: toml::de::Error| Error::Syntax {
                file: cell_file.clone(),
                message: crate::config::plain::in_words(e.message()),
            })?;
            cells.push((point, c.validate(&cell_file)?));
        }
    }
    Ok(cells)
}

/// Set `path` in a serialized config to `value`, keeping integer fields
/// integers.
pub(crate) fn set(root: &mut Value, path: &str, value: Value, file: &str) -> Result<()> {
    let parts: Vec<&str> = path.split('.').collect();
    if parts[0] == "strategy" && parts.len() == 3 {
        let (name, param) = (parts[1], parts[2]);
        let t = root.as_table_mut().expect("config is a table");
        let list = t
            .entry("strategy")
            .or_insert_with(|| Value::Array(Vec::new()));
        let Value::Array(list) = list else {
            unreachable!("strategy is an array")
        };
        let pos = list
            .iter()
            .position(|s| s.get("name").and_then(|n| n.as_str()) == Some(name));
        let entry = match pos {
            Some(p) => &mut list[p],
            None => {
                if !preset_names().any(|p| p == name) {
                    return Err(Error::invalid(
                        file,
                        format!("sweep.\"{path}\""),
                        name,
                        "is not a strategy of this config",
                    ));
                }
                let mut t = toml::Table::new();
                t.insert("name".into(), Value::String(name.into()));
                t.insert("base".into(), Value::String(name.into()));
                list.push(Value::Table(t));
                list.last_mut().expect("just pushed")
            }
        };
        // Numbers are floats in a strategy, even when the grid says 1.
        let number = strategy::param(param).is_none_or(|p| p.range.is_number());
        let value = match value {
            Value::Integer(i) if number => Value::Float(i as f64),
            v => v,
        };
        entry
            .as_table_mut()
            .expect("strategy entry is a table")
            .insert(param.into(), value);
        return Ok(());
    }
    let mut cur = root;
    for p in &parts[..parts.len() - 1] {
        cur = cur.get_mut(*p).expect("path checked against the config");
    }
    let last = parts[parts.len() - 1];
    let old = cur.get(last).cloned();
    let value = match (old, value) {
        (Some(Value::Integer(_)), Value::Float(f)) if f.fract() == 0.0 && f.is_finite() => {
            Value::Integer(f as i64)
        }
        (Some(Value::Float(_)), Value::Integer(i)) => Value::Float(i as f64),
        (_, v) => v,
    };
    cur.as_table_mut()
        .expect("parent is a table")
        .insert(last.into(), value);
    Ok(())
}

/// Run every cell. `progress` gets (cells done, cells).
pub fn run(
    sweep: &Sweep,
    opts: RunOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Vec<TournamentResult>> {
    let mut out = Vec::with_capacity(sweep.cells.len());
    let keep_within = sweep.designs_information();
    for (i, (_, exp)) in sweep.cells.iter().enumerate() {
        let mut res = tournament::run(exp, opts, &|_| {}, None)?;
        if !keep_within {
            // Only a design sweep reads the within-pairing sums: free them
            // (a grid of many cells keeps every cell's statistics).
            res.pairs.iter_mut().for_each(|p| p.stats.within = None);
        }
        out.push(res);
        progress(i + 1, sweep.cells.len());
    }
    Ok(out)
}
