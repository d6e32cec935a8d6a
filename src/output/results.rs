//! Writing the files of a results folder: the CSV files of a tournament or
//! a sweep and its manifest, in one go. Exporters only read finished
//! results.

use crate::config::Experiment;
use crate::error::Result;
use crate::output::manifest::Manifest;
use crate::output::results_dir::ResultsDir;
use crate::output::tables::{self, write, write_led, write_matrix};
use crate::run::sweep::{Sweep, show};
use crate::run::tournament::TournamentResult;

/// Write the CSV files and the manifest of a finished tournament into
/// `dir`; the manifest also lists `extra_files` (written by the caller:
/// `charts`, `runs.csv`).
pub fn write_results(
    dir: &ResultsDir,
    exp: &Experiment,
    res: &TournamentResult,
    extra_files: &[&str],
) -> Result<()> {
    write(&dir.file("summary.csv"), &tables::summary_rows(res))?;
    write_matrix(
        &dir.file("matrix.csv"),
        &res.names,
        &tables::surplus_matrix(res),
    )?;
    write_matrix(
        &dir.file("deal_matrix.csv"),
        &res.names,
        &tables::deal_matrix(res),
    )?;
    write(&dir.file("ranking.csv"), &tables::ranking(res))?;
    write(&dir.file("comparisons.csv"), &tables::comparison_rows(res))?;
    write(&dir.file("asymmetry.csv"), &tables::asymmetry_rows(res))?;
    write(&dir.file("asymmetry_within.csv"), &tables::within_rows(res))?;
    write(
        &dir.file("share_distribution.csv"),
        &tables::share_rows(res),
    )?;
    let mut files = vec![
        "summary.csv",
        "matrix.csv",
        "deal_matrix.csv",
        "ranking.csv",
        "comparisons.csv",
        "asymmetry.csv",
        "asymmetry_within.csv",
        "share_distribution.csv",
    ];
    if exp.match_runs > 1 {
        write(&dir.file("match_trace.csv"), &tables::match_trace_rows(res))?;
        files.push("match_trace.csv");
    }
    files.extend_from_slice(extra_files);
    files.push("manifest.json");
    let files = files.iter().map(|s| s.to_string()).collect();
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

/// Write `sweep.csv` (one row per cell and ordered pairing),
/// `sweep_ranking.csv` (one row per cell and strategy),
/// `sweep_comparisons.csv` (one row per cell and two strategies),
/// `config.toml` (the sweep's config, [`sweep_config_toml`]) and the
/// manifest of a sweep whose first cell is `base`.
pub fn write_sweep(
    dir: &ResultsDir,
    sweep: &Sweep,
    results: &[TournamentResult],
    base: &Experiment,
) -> Result<()> {
    let params = tables::parameter_columns(sweep);
    let t = tables::sweep_rows(sweep, results);
    write_led(&dir.file("sweep.csv"), &params, &t.summary)?;
    write_led(&dir.file("sweep_ranking.csv"), &params, &t.ranking)?;
    write_led(&dir.file("sweep_comparisons.csv"), &params, &t.comparisons)?;
    crate::output::results_dir::write_atomic(
        &dir.file("config.toml"),
        sweep_config_toml(sweep)?.as_bytes(),
    )?;
    let mut files = vec![
        "sweep.csv",
        "sweep_ranking.csv",
        "sweep_comparisons.csv",
        "config.toml",
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
        write_led(&dir.file(DESIGN_CSV), &params, &rows)?;
        files.push(DESIGN_CSV);
    }
    files.push("manifest.json");
    let files = files.into_iter().map(String::from).collect();
    Manifest::sweep(sweep, results, base, files).write(dir.path())
}
