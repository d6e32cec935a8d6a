//! A class's plays (`negsim class`, the class view of `negsim serve`):
//! each student's gain and share against each strategy, next to what the
//! tournament's strategies get in the same seat, as a table and a chart.

use super::record::Record;
use super::verdict::Verdict;
use crate::error::{Error, Result};
use crate::output::format::money;
use negsim_chart::{BoxStats, ClassColumn, ClassData, StudentMark};
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// The records of a class, and the files of its folders that were not.
pub struct Class {
    /// The records, their names and words shown as [`shown`] writes them.
    pub records: Vec<Record>,
    /// The `*.json` files found in folders that are not records.
    pub skipped: Vec<Skipped>,
}

/// A file in a plays folder that is not a record, and why.
pub struct Skipped {
    pub path: PathBuf,
    pub reason: String,
}

impl Skipped {
    /// `skipped PATH: REASON`.
    pub fn line(&self) -> String {
        format!(
            "skipped {}: {}",
            shown(&self.path.display().to_string(), 200),
            shown(&self.reason, 200)
        )
    }
}

/// The longest name shown in a table ([`shown`]).
pub const NAME_SHOWN: usize = 80;

/// `text` as it may be shown in a terminal or a page: at most `max`
/// characters (the last one an ellipsis when cut), control and
/// direction-changing characters escaped (`\u{1b}`).
pub fn shown(text: &str, max: usize) -> String {
    let cut = text.chars().count() > max;
    let keep = if cut { max.saturating_sub(1) } else { max };
    let mut out = String::new();
    for c in text.chars().take(keep) {
        let bidi = matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        if c.is_control() || bidi {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    if cut {
        out.push('…');
    }
    out
}

/// The records named on the command line: files, or folders whose `*.json`
/// files are read (sorted by name); a path that is not there is an error. A `.json` file named is a record or an
/// error; a file named that is not `.json` (the trace chart `negsim play`
/// saves beside each record, when a shell expands `plays/*`) and a file
/// found in a folder that is not a record are skipped (and listed).
pub fn read_class(paths: &[PathBuf]) -> Result<Class> {
    let mut class = Class {
        records: Vec::new(),
        skipped: Vec::new(),
    };
    let mut any = false;
    for p in paths {
        // A mistyped folder or file is an error, not a note: a teacher
        // would otherwise read a class with a section left out.
        if let Err(source) = std::fs::metadata(p) {
            return Err(Error::Read {
                path: p.clone(),
                source,
            });
        }
        if p.is_dir() {
            let found = read_folder(p)?;
            any |= !found.records.is_empty() || !found.skipped.is_empty();
            class.records.extend(found.records);
            class.skipped.extend(found.skipped);
        } else if p.extension().is_some_and(|e| e == "json") {
            any = true;
            class.records.push(clean(Record::read(p)?));
        } else {
            // `negsim class plays/*` names the trace charts beside the
            // records too: noted, not fatal.
            any = true;
            let what = if p.extension().is_some_and(|e| e == "png" || e == "svg") {
                "a chart, not a play record (records are the .json files)"
            } else {
                "not a play record (records are .json files)"
            };
            class.skipped.push(Skipped {
                path: p.clone(),
                reason: what.to_string(),
            });
        }
    }
    if class.records.is_empty() {
        let mut m =
            String::from("negsim class: no records (give play records, or folders of them)");
        if any {
            for s in &class.skipped {
                m.push_str("; ");
                m.push_str(&s.line());
            }
        }
        return Err(Error::Usage(m));
    }
    Ok(class)
}

/// The `*.json` files of folder `dir` (sorted by name) as records, those
/// that are not records skipped.
pub fn read_folder(dir: &Path) -> Result<Class> {
    let mut inside: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|source| Error::Read {
            path: dir.to_path_buf(),
            source,
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|f| f.extension().is_some_and(|e| e == "json"))
        .collect();
    inside.sort();
    let mut class = Class {
        records: Vec::new(),
        skipped: Vec::new(),
    };
    for f in inside {
        match Record::read(&f) {
            Ok(r) => class.records.push(clean(r)),
            Err(e) => {
                let reason = match e {
                    Error::Read { source, .. } => source.to_string(),
                    Error::Results { message, .. } => message,
                    e => e.to_string(),
                };
                class.skipped.push(Skipped { path: f, reason });
            }
        }
    }
    Ok(class)
}

/// A record's words as they may be shown: see [`shown`].
fn clean(mut r: Record) -> Record {
    for w in [&mut r.student, &mut r.strategy, &mut r.role] {
        *w = shown(w, NAME_SHOWN);
    }
    r
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

/// The class table: one row per play, then one row per strategy. A play's
/// result is its [`Verdict`](super::Verdict) ("no deal possible" when
/// there was no zone of agreement, "failed to agree" when there was);
/// "best on draw" is the most any of the config's strategies got in the
/// student's seat on the student's own draw ("-" for a version 1 record).
pub fn table(records: &[Record]) -> String {
    let d = if whole(records) { 0 } else { 3 };
    let v = |x: f64| money(x, d);
    // No "-0.00" for a share that rounds to zero.
    let share = |s: Option<f64>| {
        s.map_or("-".to_string(), |s| {
            format!("{:.2}", s + 0.0).replace("-0.00", "0.00")
        })
    };
    let mut w = String::new();
    let rows: Vec<[String; 8]> = records
        .iter()
        .map(|r| {
            [
                r.student.clone(),
                r.strategy.clone(),
                r.role.clone(),
                r.seed.to_string(),
                r.outcome.result.words().to_string(),
                v(r.outcome.student_surplus),
                r.own_draw.as_ref().map_or("-".to_string(), |o| v(o.best)),
                share(r.outcome.student_share),
            ]
        })
        .collect();
    let head = [
        "student",
        "against",
        "as",
        "seed",
        "result",
        "gain",
        "best on draw",
        "share",
    ];
    write_table(&mut w, &head, &rows);
    let _ = writeln!(w);
    let rows: Vec<[String; 7]> = columns(records)
        .iter()
        .map(|(s, role, rs)| summary_row(s, role, rs, &v))
        .collect();
    let head = [
        "against",
        "plays",
        "no deal possible",
        "class gain",
        "simulated gain",
        "class share",
        "deals where possible: class / sim.",
    ];
    write_table(&mut w, &head, &rows);
    w
}

/// One strategy's row of the class table: its plays, those without a
/// zone, the class's mean gain against the tournament's, the class's mean
/// share of its deals, and its deal rate where a deal was possible against
/// the tournament's in runs with a zone ("-" for version 1 records).
fn summary_row(s: &str, role: &str, rs: &[&Record], v: &dyn Fn(f64) -> String) -> [String; 7] {
    let n = rs.len() as f64;
    let gain = rs.iter().map(|r| r.outcome.student_surplus).sum::<f64>() / n;
    let shares: Vec<f64> = rs.iter().filter_map(|r| r.outcome.student_share).collect();
    let mean_share = if shares.is_empty() {
        "-".to_string()
    } else {
        format!("{:.2}", shares.iter().sum::<f64>() / shares.len() as f64)
    };
    let possible = rs.iter().filter(|r| r.outcome.zone).count();
    let deals = rs
        .iter()
        .filter(|r| r.outcome.zone && r.outcome.result.deal())
        .count();
    let r0 = &rs[0].reference;
    let class_rate = if possible == 0 {
        "-".to_string()
    } else {
        format!("{:.0}%", 100.0 * deals as f64 / possible as f64)
    };
    [
        format!("{s} ({role}s)"),
        rs.len().to_string(),
        (rs.len() - possible).to_string(),
        v(gain),
        v(r0.surplus.mean),
        mean_share,
        format!(
            "{class_rate} / {}",
            r0.deal_rate_zone
                .map_or("-".to_string(), |d| format!("{:.0}%", 100.0 * d))
        ),
    ]
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
                    note: column_note(rs, role),
                    students: rs.iter().map(|r| mark(r)).collect(),
                }
            })
            .collect(),
    }
}

/// A play's mark on the class chart.
fn mark(r: &Record) -> StudentMark {
    let o = &r.outcome;
    match o.result {
        Verdict::Deal => o
            .student_share
            .map_or(StudentMark::Deal(0.0), StudentMark::Deal),
        Verdict::AcceptedAtLoss | Verdict::OfferedAtLoss => StudentMark::Loss,
        Verdict::NoDealPossible => StudentMark::NoDealPossible,
        Verdict::FailedToAgree => StudentMark::FailedToAgree,
    }
}

/// "5 as buyers, 2 no zone" (plays without a zone of agreement).
fn column_note(rs: &[&Record], role: &str) -> String {
    let none = rs.iter().filter(|r| !r.outcome.zone).count();
    let also = if none > 0 {
        format!(", {none} no zone")
    } else {
        String::new()
    };
    format!(
        "{} as {role}{}{also}",
        rs.len(),
        if rs.len() == 1 { "" } else { "s" }
    )
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

#[cfg(test)]
mod tests {
    use super::shown;

    #[test]
    fn shown_escapes_controls_and_cuts() {
        assert_eq!(shown("ana", 80), "ana");
        assert_eq!(shown("\u{1b}[2Jx\u{7}", 80), "\\u{1b}[2Jx\\u{7}");
        assert_eq!(shown("a\tb\nc", 80), "a\\tb\\nc");
        assert_eq!(shown("ab\u{202e}cd", 80), "ab\\u{202e}cd");
        assert_eq!(
            shown(&"x".repeat(100_000), 80),
            format!("{}…", "x".repeat(79))
        );
        assert_eq!(shown(&"é".repeat(80), 80), "é".repeat(80));
        assert_eq!(shown(&"é".repeat(81), 80).chars().count(), 80);
    }
}
