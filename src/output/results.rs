//! The files of a results folder: the CSV tables of a tournament or a
//! sweep, computed in memory ([`tournament_tables`], [`sweep_tables`]) and
//! written with the manifest in one go. Exporters only read finished
//! results.

use crate::config::Experiment;
use crate::error::{Error, Result};
use crate::output::manifest::Manifest;
use crate::output::results_dir::ResultsDir;
use crate::output::tables::{self, led_to_bytes, matrix_to_bytes, to_bytes};
use crate::run::sweep::{Sweep, show};
use crate::run::tournament::TournamentResult;

/// One CSV file of a results folder, in memory: its name (`summary.csv`)
/// and its bytes, header included, exactly as the results folder holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvTable {
    /// The file name, e.g. `ranking.csv`.
    pub name: &'static str,
    /// The file's bytes (UTF-8 CSV with a header line).
    pub bytes: Vec<u8>,
}

impl CsvTable {
    fn new(name: &'static str, bytes: Vec<u8>) -> Self {
        CsvTable { name, bytes }
    }
}

/// The CSV tables of a finished tournament, in the order `negsim run`
/// writes them: `summary.csv`, `matrix.csv`, `deal_matrix.csv`,
/// `ranking.csv`, `comparisons.csv`, `asymmetry.csv`,
/// `asymmetry_within.csv`, `share_distribution.csv`, and
/// `match_trace.csv` when matches have more than one run. Nothing is
/// written: this is the entry point for callers that want the tables in
/// memory (the Python package); [`write_results`] writes these bytes.
pub fn tournament_tables(exp: &Experiment, res: &TournamentResult) -> Result<Vec<CsvTable>> {
    let mut out = vec![
        CsvTable::new("summary.csv", to_bytes(&tables::summary_rows(res))?),
        CsvTable::new(
            "matrix.csv",
            matrix_to_bytes(&res.names, &tables::surplus_matrix(res))?,
        ),
        CsvTable::new(
            "deal_matrix.csv",
            matrix_to_bytes(&res.names, &tables::deal_matrix(res))?,
        ),
        CsvTable::new("ranking.csv", to_bytes(&tables::ranking(res))?),
        CsvTable::new("comparisons.csv", to_bytes(&tables::comparison_rows(res))?),
        CsvTable::new("asymmetry.csv", to_bytes(&tables::asymmetry_rows(res))?),
        CsvTable::new("asymmetry_within.csv", to_bytes(&tables::within_rows(res))?),
        CsvTable::new(
            "share_distribution.csv",
            to_bytes(&tables::share_rows(res))?,
        ),
    ];
    if exp.match_runs > 1 {
        out.push(CsvTable::new(
            "match_trace.csv",
            to_bytes(&tables::match_trace_rows(res))?,
        ));
    }
    Ok(out)
}

/// Write `tables` into `dir`; returns their names.
fn write_tables(dir: &ResultsDir, tables: &[CsvTable]) -> Result<Vec<String>> {
    tables
        .iter()
        .map(|t| {
            let path = dir.file(t.name);
            std::fs::write(&path, &t.bytes).map_err(|source| Error::Write { path, source })?;
            Ok(t.name.to_string())
        })
        .collect()
}

/// Write the CSV files ([`tournament_tables`]) and the manifest of a
/// finished tournament into `dir`; the manifest also lists `extra_files`
/// (written by the caller: `charts`, `runs.csv`).
pub fn write_results(
    dir: &ResultsDir,
    exp: &Experiment,
    res: &TournamentResult,
    extra_files: &[&str],
) -> Result<()> {
    let mut files = write_tables(dir, &tournament_tables(exp, res)?)?;
    files.extend(extra_files.iter().map(|s| s.to_string()));
    files.push("manifest.json".into());
    Manifest::tournament(exp, res, files).write(dir.path())
}

/// The outcomes of a sweep that sets the asymmetry by design.
pub const DESIGN_CSV: &str = "asymmetry_design.csv";

/// The `config.toml` of a sweep folder: the sweep's config as given (with
/// `--seed` and `--runs` applied) and its `[sweep]` table, with a header
/// saying how to rerun it.
pub fn sweep_config_toml(sweep: &Sweep) -> Result<String> {
    let body = toml::to_string_pretty(&sweep.config).map_err(|e| {
        crate::Error::Usage(format!("cannot render the sweep's config as TOML: {e}"))
    })?;
    Ok(format!(
        "# The config of this sweep folder with its [sweep] table (--seed and --runs applied):\n\
         # `negsim sweep config.toml` or `negsim sweep --from FOLDER` reruns it (byte-identical CSV files).\n{body}"
    ))
}

/// The CSV tables of a finished sweep, in the order `negsim sweep` writes
/// them: `sweep.csv` (one row per cell and ordered pairing),
/// `sweep_ranking.csv` (one row per cell and strategy),
/// `sweep_comparisons.csv` (one row per cell and two strategies), and
/// [`DESIGN_CSV`] when the sweep sets the asymmetry by design. Each starts
/// with one column per swept parameter. Nothing is written (see
/// [`tournament_tables`]).
pub fn sweep_tables(sweep: &Sweep, results: &[TournamentResult]) -> Result<Vec<CsvTable>> {
    let params = tables::parameter_columns(sweep);
    let t = tables::sweep_rows(sweep, results);
    let mut out = vec![
        CsvTable::new("sweep.csv", led_to_bytes(&params, &t.summary)?),
        CsvTable::new("sweep_ranking.csv", led_to_bytes(&params, &t.ranking)?),
        CsvTable::new(
            "sweep_comparisons.csv",
            led_to_bytes(&params, &t.comparisons)?,
        ),
    ];
    if sweep.designs_information() {
        let rows: Vec<(Vec<String>, tables::DesignRow)> = sweep
            .cells
            .iter()
            .zip(results)
            .flat_map(|((point, _), res)| {
                let lead: Vec<String> = point.iter().map(show).collect();
                tables::design_rows(res)
                    .into_iter()
                    .map(move |r| (lead.clone(), r))
            })
            .collect();
        out.push(CsvTable::new(DESIGN_CSV, led_to_bytes(&params, &rows)?));
    }
    Ok(out)
}

/// Write the CSV files ([`sweep_tables`]), `config.toml` (the sweep's
/// config, [`sweep_config_toml`]) and the manifest of a sweep whose first
/// cell is `base`.
pub fn write_sweep(
    dir: &ResultsDir,
    sweep: &Sweep,
    results: &[TournamentResult],
    base: &Experiment,
) -> Result<()> {
    let mut files = write_tables(dir, &sweep_tables(sweep, results)?)?;
    crate::output::results_dir::write_atomic(
        &dir.file("config.toml"),
        sweep_config_toml(sweep)?.as_bytes(),
    )?;
    files.push("config.toml".into());
    files.push("manifest.json".into());
    Manifest::sweep(sweep, results, base, files).write(dir.path())
}
