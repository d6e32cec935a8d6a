//! A class's plays (`negsim class`, the class view of `negsim serve`):
//! each student's gain and share against each strategy, next to what the
//! tournament's strategies get in the same seat, as a table and a chart.

use super::record::Record;
use crate::error::{Error, Result};
use crate::output::format::money;
use negsim_chart::{BoxStats, ClassColumn, ClassData};
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// The records named on the command line: files, or folders whose `*.json`
/// files are read (sorted by name).
pub fn read_records(paths: &[PathBuf]) -> Result<Vec<Record>> {
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut inside: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|source| Error::Read {
                    path: p.clone(),
                    source,
                })?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.extension().is_some_and(|e| e == "json"))
                .collect();
            inside.sort();
            files.extend(inside);
        } else {
            files.push(p.clone());
        }
    }
    if files.is_empty() {
        return Err(Error::Usage(
            "negsim class: no records (give play records, or folders of them)".into(),
        ));
    }
    files.iter().map(|f| Record::read(f)).collect()
}

/// The columns of a class: one per (strategy, role), in order of first
/// appearance, each with its plays.
fn columns(records: &[Record]) -> Vec<(String, String, Vec<&Record>)> {
    let mut cols: Vec<(String, String, Vec<&Record>)> = Vec::new();
    for r in records {
        match cols
            .iter_mut()
            .find(|(s, role, _)| *s == r.strategy && *role == r.role)
        {
            Some(c) => c.2.push(r),
            None => cols.push((r.strategy.clone(), r.role.clone(), vec![r])),
        }
    }
    // A strategy's columns side by side, the buyers' first.
    let first = |s: &str| cols.iter().position(|c| c.0 == s).unwrap_or(0);
    let mut keyed: Vec<_> = cols
        .iter()
        .map(|c| (first(&c.0), c.1 != "buyer"))
        .zip(cols.clone())
        .collect();
    keyed.sort_by_key(|(k, _)| *k);
    keyed.into_iter().map(|(_, c)| c).collect()
}

/// Whether values look like money (whole units) rather than utilities.
fn whole(records: &[Record]) -> bool {
    records
        .iter()
        .any(|r| r.values.student.abs() >= 100.0 || r.values.agent.abs() >= 100.0)
}

/// The class table: one row per play, then one row per strategy.
pub fn table(records: &[Record]) -> String {
    let d = if whole(records) { 0 } else { 3 };
    let v = |x: f64| money(x, d);
    // No "-0.00" for a share that rounds to zero.
    let share = |s: Option<f64>| {
        s.map_or("no deal".to_string(), |s| {
            format!("{:.2}", s + 0.0).replace("-0.00", "0.00")
        })
    };
    let mut w = String::new();
    let rows: Vec<[String; 7]> = records
        .iter()
        .map(|r| {
            [
                r.student.clone(),
                r.strategy.clone(),
                r.role.clone(),
                r.seed.to_string(),
                v(r.outcome.student_surplus),
                share(r.outcome.student_share),
                format!("{:.0}%", 100.0 * r.reference.student_percentile),
            ]
        })
        .collect();
    let head = [
        "student",
        "against",
        "as",
        "seed",
        "gain",
        "share",
        "better than",
    ];
    write_table(&mut w, &head, &rows);
    let _ = writeln!(w);
    let cols = columns(records);
    let rows: Vec<[String; 7]> = cols
        .iter()
        .map(|(s, role, rs)| {
            let n = rs.len() as f64;
            let gain = rs.iter().map(|r| r.outcome.student_surplus).sum::<f64>() / n;
            let shares: Vec<f64> = rs.iter().filter_map(|r| r.outcome.student_share).collect();
            let mean_share = if shares.is_empty() {
                "-".to_string()
            } else {
                format!("{:.2}", shares.iter().sum::<f64>() / shares.len() as f64)
            };
            let r0 = &rs[0].reference;
            [
                format!("{s} ({role}s)"),
                rs.len().to_string(),
                v(gain),
                v(r0.surplus.mean),
                mean_share,
                r0.share
                    .as_ref()
                    .map_or("-".to_string(), |s| format!("{:.2}", s.median)),
                format!(
                    "{:.0}% / {:.0}%",
                    100.0 * shares.len() as f64 / n,
                    100.0 * r0.deal_rate
                ),
            ]
        })
        .collect();
    let head = [
        "against",
        "plays",
        "class gain",
        "simulated gain",
        "class share",
        "simulated share",
        "deals class / sim.",
    ];
    write_table(&mut w, &head, &rows);
    w
}

/// Aligned columns (text left, numbers right), a rule under the header.
fn write_table<const N: usize>(w: &mut String, head: &[&str; N], rows: &[[String; N]]) {
    let mut width = head.map(str::len);
    for r in rows {
        for (k, c) in r.iter().enumerate() {
            width[k] = width[k].max(c.chars().count());
        }
    }
    let numeric = |k: usize| {
        rows.iter().all(|r| {
            r[k].chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit() || c == '-')
        })
    };
    let line = |w: &mut String, cells: Vec<String>| {
        let cells: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(k, c)| {
                if numeric(k) {
                    format!("{c:>width$}", width = width[k])
                } else {
                    format!("{c:<width$}", width = width[k])
                }
            })
            .collect();
        let _ = writeln!(w, "{}", cells.join("  ").trim_end());
    };
    line(w, head.iter().map(|s| s.to_string()).collect());
    line(w, width.iter().map(|&n| "-".repeat(n)).collect());
    for r in rows {
        line(w, r.to_vec());
    }
}

/// The class chart: per strategy played against, the simulated share of the
/// students' seat and each student's share. `colors` gives a strategy's
/// colour index.
pub fn chart(records: &[Record], colors: &dyn Fn(&str) -> usize) -> ClassData {
    let cols = columns(records);
    let both_roles = cols
        .iter()
        .any(|(s, role, _)| cols.iter().any(|(t, r2, _)| t == s && r2 != role));
    ClassData {
        title: format!(
            "The class against the strategies: {} play{}",
            records.len(),
            if records.len() == 1 { "" } else { "s" }
        ),
        y_label: "student's share of the joint gain".into(),
        columns: cols
            .iter()
            .map(|(s, role, rs)| {
                let share = rs[0].reference.share.as_ref();
                let nan = f64::NAN;
                let name = if both_roles {
                    format!("{s} (you {})", if role == "buyer" { "buy" } else { "sell" })
                } else {
                    s.clone()
                };
                ClassColumn {
                    reference: BoxStats {
                        name,
                        color_index: colors(s),
                        n: rs.len() as u64,
                        p05: share.map_or(nan, |s| s.p05),
                        q1: share.map_or(nan, |s| s.q1),
                        median: share.map_or(nan, |s| s.median),
                        q3: share.map_or(nan, |s| s.q3),
                        p95: share.map_or(nan, |s| s.p95),
                        mean: share.map_or(nan, |s| s.mean),
                    },
                    note: format!(
                        "{} student{}, as {}s",
                        rs.len(),
                        if rs.len() == 1 { "" } else { "s" },
                        role
                    ),
                    students: rs
                        .iter()
                        .map(|r| r.outcome.student_share.unwrap_or(nan))
                        .collect(),
                }
            })
            .collect(),
    }
}

/// Write the class chart to `file` (`.png` or `.svg`), whole or not at all.
pub fn write_chart(data: &ClassData, file: &Path) -> Result<()> {
    let ext = file
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let bytes = match ext.as_str() {
        "png" => negsim_chart::png_bytes(data),
        "svg" => negsim_chart::svg_string(data).map(String::into_bytes),
        _ => {
            return Err(Error::Usage(format!(
                "--chart {}: give a file name ending in .png or .svg",
                file.display()
            )));
        }
    }
    .map_err(|e| Error::Usage(format!("cannot draw {}: {e}", file.display())))?;
    crate::output::results_dir::write_atomic(file, &bytes)
}
