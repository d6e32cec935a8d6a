//! The charts of a results folder, drawn from its CSV files only (so
//! `negsim plot` redraws exactly what `negsim run` drew, without simulating
//! again), and the teaching picture of one negotiation. Reading is strict:
//! a missing or malformed file or column is an error naming the file.

use crate::chart::{self, Ci};
use crate::error::{Error, Result};
use crate::model::negotiation::Event;
use crate::run::trace::Trace;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Fewest runs in an asymmetry bin for it to be drawn.
pub const MIN_BIN_RUNS: u64 = 100;

/// A CSV file read into memory, with columns looked up by name.
pub struct CsvTable {
    path: PathBuf,
    cols: HashMap<String, usize>,
    /// The data rows.
    pub rows: Vec<Vec<String>>,
}

impl CsvTable {
    /// Read `dir/name`; `required` columns must be present.
    pub fn read(dir: &Path, name: &str, required: &[&str]) -> Result<Self> {
        let path = dir.join(name);
        let bad = |message: String| Error::Results {
            path: path.clone(),
            message,
        };
        if !path.is_file() {
            return Err(bad("is missing; is this a negsim results folder?".into()));
        }
        let mut r = csv::Reader::from_path(&path).map_err(|e| bad(e.to_string()))?;
        let header = r
            .headers()
            .map_err(|e| bad(format!("unreadable header: {e}")))?
            .clone();
        let cols: HashMap<String, usize> = header
            .iter()
            .enumerate()
            .map(|(i, h)| (h.to_string(), i))
            .collect();
        for c in required {
            if !cols.contains_key(*c) {
                return Err(bad(format!("has no column '{c}'")));
            }
        }
        let mut rows = Vec::new();
        for (i, rec) in r.records().enumerate() {
            let rec = rec.map_err(|e| bad(format!("row {}: {e}", i + 2)))?;
            rows.push(rec.iter().map(str::to_string).collect());
        }
        Ok(CsvTable { path, cols, rows })
    }

    /// Text of column `c` in row `r`.
    pub fn str(&self, r: usize, c: &str) -> &str {
        self.cols
            .get(c)
            .and_then(|&i| self.rows[r].get(i))
            .map_or("", |s| s.as_str())
    }

    /// Number in column `c` of row `r`: NaN when empty, an error when not a number.
    pub fn num(&self, r: usize, c: &str) -> Result<f64> {
        let s = self.str(r, c);
        if s.is_empty() {
            return Ok(f64::NAN);
        }
        s.parse().map_err(|_| Error::Results {
            path: self.path.clone(),
            message: format!("row {}, column '{c}': '{s}' is not a number", r + 2),
        })
    }
}

/// What the charts need to know about the run from its manifest.
struct Context {
    names: Vec<String>,
    price: bool,
    match_runs: u64,
}

fn context(dir: &Path) -> Result<Context> {
    let path = dir.join("manifest.json");
    let bad = |message: String| Error::Results {
        path: path.clone(),
        message,
    };
    let text = std::fs::read_to_string(&path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            bad("is missing: this is not a negsim results folder (run `negsim run` first)".into())
        } else {
            bad(e.to_string())
        }
    })?;
    let v: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| bad(format!("malformed JSON: {e}")))?;
    let names: Vec<String> = v["strategies"]
        .as_array()
        .ok_or_else(|| bad("has no 'strategies' list".into()))?
        .iter()
        .filter_map(|s| s["name"].as_str().map(str::to_string))
        .collect();
    if names.is_empty() {
        return Err(bad("lists no strategies".into()));
    }
    Ok(Context {
        names,
        price: v["config"]["scenario"]["kind"].as_str() != Some("multi_issue"),
        match_runs: v["match_runs"].as_u64().unwrap_or(1),
    })
}

fn ci(mean: f64, half: f64) -> Ci {
    Ci {
        mean,
        lo: mean - half,
        hi: mean + half,
    }
}

fn chart_err(e: chart::ChartError) -> Error {
    Error::Usage(format!("cannot draw chart: {e}"))
}

/// Units of surplus in labels.
fn units(price: bool) -> &'static str {
    if price { "price units" } else { "utility" }
}

/// One chart of a results folder, ready to draw.
pub enum Figure {
    /// Outcomes against information asymmetry.
    Asymmetry(chart::AsymmetryData),
    /// A strategy-by-opponent heatmap.
    Matrix(chart::MatrixData),
    /// The ranking with CIs.
    Ranking(chart::RankingData),
    /// Box plots of the surplus share.
    Distribution(chart::DistributionData),
    /// Bits learned against bits given.
    Information(chart::InformationData),
    /// Trust and disclosure over a match.
    Trust(chart::TrustData),
}

impl Figure {
    /// Write `base.png` and `base.svg`.
    pub fn render(&self, base: &Path) -> Result<()> {
        match self {
            Figure::Asymmetry(d) => chart::render(d, base),
            Figure::Matrix(d) => chart::render(d, base),
            Figure::Ranking(d) => chart::render(d, base),
            Figure::Distribution(d) => chart::render(d, base),
            Figure::Information(d) => chart::render(d, base),
            Figure::Trust(d) => chart::render(d, base),
        }
        .map_err(chart_err)
    }

    /// The SVG text (for inlining in HTML).
    pub fn svg(&self) -> Result<String> {
        match self {
            Figure::Asymmetry(d) => chart::svg_string(d),
            Figure::Matrix(d) => chart::svg_string(d),
            Figure::Ranking(d) => chart::svg_string(d),
            Figure::Distribution(d) => chart::svg_string(d),
            Figure::Information(d) => chart::svg_string(d),
            Figure::Trust(d) => chart::svg_string(d),
        }
        .map_err(chart_err)
    }
}

/// The charts of a results folder, built from its CSV files.
pub struct Figures {
    /// Strategy names in run order.
    pub names: Vec<String>,
    /// Whether the scenario is `price`.
    pub price: bool,
    /// (file name, figure), in report order.
    pub list: Vec<(&'static str, Figure)>,
}

/// Draw every chart of a tournament results folder into `out` (PNG + SVG).
/// Returns the chart files' base paths.
pub fn draw_results(dir: &Path, out: &Path) -> Result<Vec<PathBuf>> {
    let figs = figures(dir)?;
    std::fs::create_dir_all(out).map_err(|source| Error::Write {
        path: out.to_path_buf(),
        source,
    })?;
    let mut drawn = Vec::new();
    for (name, f) in &figs.list {
        let base = out.join(name);
        f.render(&base)?;
        drawn.push(base);
    }
    if dir.join("evolution.csv").is_file() {
        drawn.extend(draw_evolution(dir, out)?);
    }
    Ok(drawn)
}

/// Draw the population charts of `negsim evolve` (`evolution`,
/// `evolution_moran`) from `evolution.csv` and `fixation.csv`.
pub fn draw_evolution(dir: &Path, out: &Path) -> Result<Vec<PathBuf>> {
    let ctx = context(dir)?;
    let t = CsvTable::read(
        dir,
        "evolution.csv",
        &["process", "run", "generation", "strategy", "share"],
    )?;
    let fix = CsvTable::read(
        dir,
        "fixation.csv",
        &["population", "selection", "mutation"],
    )?;
    let (population, selection, mutation) = if fix.rows.is_empty() {
        (String::from("?"), String::from("?"), String::from("?"))
    } else {
        (
            fix.str(0, "population").into(),
            fix.str(0, "selection").into(),
            fix.str(0, "mutation").into(),
        )
    };
    let mut drawn = Vec::new();
    for (process, file, title, subtitle) in [
        (
            "replicator",
            "evolution",
            "Replicator dynamics: population shares over generations".to_string(),
            format!(
                "from an even mix; selection {selection}, mutation {mutation}; payoffs from matrix.csv"
            ),
        ),
        (
            "moran",
            "evolution_moran",
            format!("Moran process, population {population}: shares over generations (run 1)"),
            format!("selection {selection}, mutation {mutation} per offspring"),
        ),
    ] {
        let mut generations: Vec<f64> = Vec::new();
        let mut strategies: Vec<chart::StackSeries> = ctx
            .names
            .iter()
            .enumerate()
            .map(|(i, n)| chart::StackSeries {
                name: n.clone(),
                color_index: i,
                shares: Vec::new(),
            })
            .collect();
        for r in 0..t.rows.len() {
            if t.str(r, "process") != process || t.str(r, "run") != "0" {
                continue;
            }
            let g = t.num(r, "generation")?;
            if generations.last() != Some(&g) {
                generations.push(g);
                for s in strategies.iter_mut() {
                    s.shares.push(f64::NAN);
                }
            }
            if let Some(s) = strategies
                .iter_mut()
                .find(|s| s.name == t.str(r, "strategy"))
            {
                if let Some(last) = s.shares.last_mut() {
                    *last = t.num(r, "share")?;
                }
            }
        }
        let data = chart::EvolutionData {
            title,
            subtitle,
            generations,
            strategies,
        };
        let base = out.join(file);
        chart::render(&data, &base).map_err(chart_err)?;
        drawn.push(base);
    }
    Ok(drawn)
}

/// Build the figures of a results folder from its CSV files.
pub fn figures(dir: &Path) -> Result<Figures> {
    let ctx = context(dir)?;
    let idx = |name: &str| ctx.names.iter().position(|n| n == name).unwrap_or(0);
    let mut list: Vec<(&'static str, Figure)> = Vec::new();

    // 1. asymmetry: pooled over pairings per bin.
    let columns = <crate::output::tables::AsymmetryRow as crate::output::tables::Row>::columns();
    let need: Vec<&str> = columns.iter().map(String::as_str).collect();
    let t = CsvTable::read(dir, "asymmetry.csv", &need)?;
    use crate::run::stats::Moments;
    let mut bins: Vec<(f64, [Moments; 3])> = Vec::new();
    for r in 0..t.rows.len() {
        let center = 0.5 * (t.num(r, "bin_lo")? + t.num(r, "bin_hi")?);
        let n = |c: &str| -> Result<u64> { Ok(t.num(r, c)?.max(0.0) as u64) };
        let m = [
            Moments::from_summary(
                n("runs")?,
                t.num(r, "deal_rate")?,
                t.num(r, "deal_rate_sd")?,
            ),
            Moments::from_summary(
                n("efficiency_n")?,
                t.num(r, "efficiency_mean")?,
                t.num(r, "efficiency_sd")?,
            ),
            Moments::from_summary(
                n("share_a_n")?,
                t.num(r, "share_a_mean")?,
                t.num(r, "share_a_sd")?,
            ),
        ];
        match bins.iter_mut().find(|(c, _)| (*c - center).abs() < 1e-9) {
            Some((_, acc)) => {
                for (a, b) in acc.iter_mut().zip(&m) {
                    a.merge(b);
                }
            }
            None => bins.push((center, m)),
        }
    }
    bins.sort_by(|a, b| a.0.total_cmp(&b.0));
    let to_ci = |m: &Moments| {
        if m.n >= 2 {
            ci(m.mean(), m.ci95())
        } else {
            ci(f64::NAN, f64::NAN)
        }
    };
    let asym = chart::AsymmetryData {
        title: "Deal outcomes against information asymmetry".into(),
        bins: bins
            .iter()
            .filter(|(_, m)| m[0].n >= MIN_BIN_RUNS)
            .map(|(c, m)| chart::AsymmetryBin {
                center: *c,
                runs: m[0].n,
                deal_rate: to_ci(&m[0]),
                efficiency: to_ci(&m[1]),
                share_a: to_ci(&m[2]),
            })
            .collect(),
    };
    list.push(("asymmetry", Figure::Asymmetry(asym)));

    // 2. matrices.
    for (file, chart_name, title, label, percent) in [
        (
            "matrix.csv",
            "matrix",
            "Mean surplus of each strategy (row) against each opponent (column)",
            format!("mean surplus ({})", units(ctx.price)),
            false,
        ),
        (
            "deal_matrix.csv",
            "matrix_deals",
            "Deal rate of each strategy (row) against each opponent (column)",
            "deal rate".to_string(),
            true,
        ),
    ] {
        let mut need: Vec<&str> = vec!["strategy"];
        need.extend(ctx.names.iter().map(|n| n.as_str()));
        let t = CsvTable::read(dir, file, &need)?;
        let names: Vec<String> = (0..t.rows.len())
            .map(|r| t.str(r, "strategy").to_string())
            .collect();
        let mut values = Vec::new();
        for r in 0..t.rows.len() {
            values.push(
                names
                    .iter()
                    .map(|c| t.num(r, c))
                    .collect::<Result<Vec<f64>>>()?,
            );
        }
        let m = chart::MatrixData {
            title: title.into(),
            row_label: "strategy".into(),
            col_label: "opponent".into(),
            value_label: label,
            names,
            values,
            percent,
        };
        list.push((chart_name, Figure::Matrix(m)));
    }

    // 3. ranking.
    let t = CsvTable::read(
        dir,
        "ranking.csv",
        &["strategy", "surplus_mean", "surplus_ci95", "deal_rate"],
    )?;
    let ranking = chart::RankingData {
        title: "Ranking: mean surplus over all opponents and both sides".into(),
        y_label: format!("mean surplus per negotiation ({})", units(ctx.price)),
        entries: (0..t.rows.len())
            .map(|r| {
                Ok(chart::RankingEntry {
                    name: t.str(r, "strategy").to_string(),
                    color_index: idx(t.str(r, "strategy")),
                    surplus: ci(t.num(r, "surplus_mean")?, t.num(r, "surplus_ci95")?),
                    deal_rate: t.num(r, "deal_rate")?,
                })
            })
            .collect::<Result<_>>()?,
    };
    list.push(("ranking", Figure::Ranking(ranking)));

    // 4. distribution of the surplus share.
    let t = CsvTable::read(
        dir,
        "share_distribution.csv",
        &[
            "strategy", "deals", "mean", "p05", "q1", "median", "q3", "p95",
        ],
    )?;
    let dist = chart::DistributionData {
        title: "How each strategy splits the surplus in its deals".into(),
        y_label: "share of the joint surplus it takes".into(),
        boxes: (0..t.rows.len())
            .map(|r| {
                Ok(chart::BoxStats {
                    name: t.str(r, "strategy").to_string(),
                    color_index: idx(t.str(r, "strategy")),
                    n: t.num(r, "deals")?.max(0.0) as u64,
                    p05: t.num(r, "p05")?,
                    q1: t.num(r, "q1")?,
                    median: t.num(r, "median")?,
                    q3: t.num(r, "q3")?,
                    p95: t.num(r, "p95")?,
                    mean: t.num(r, "mean")?,
                })
            })
            .collect::<Result<_>>()?,
    };
    list.push(("distribution", Figure::Distribution(dist)));

    // 5. information: bits learned vs given, per focal strategy and opponent.
    let t = CsvTable::read(
        dir,
        "summary.csv",
        &[
            "strategy_a",
            "strategy_b",
            "bits_a_mean",
            "bits_b_mean",
            "bits_given_a_mean",
            "bits_given_b_mean",
        ],
    )?;
    let mut pair: HashMap<(String, String), usize> = HashMap::new();
    for r in 0..t.rows.len() {
        pair.insert(
            (t.str(r, "strategy_a").into(), t.str(r, "strategy_b").into()),
            r,
        );
    }
    let mut points = Vec::new();
    for s in &ctx.names {
        for o in &ctx.names {
            let (Some(&ra), Some(&rb)) = (
                pair.get(&(s.clone(), o.clone())),
                pair.get(&(o.clone(), s.clone())),
            ) else {
                continue;
            };
            points.push(chart::InfoPoint {
                focal: s.clone(),
                focal_color: idx(s),
                opponent: o.clone(),
                bits_given: 0.5
                    * (t.num(ra, "bits_given_a_mean")? + t.num(rb, "bits_given_b_mean")?),
                bits_learned: 0.5 * (t.num(ra, "bits_a_mean")? + t.num(rb, "bits_b_mean")?),
            });
        }
    }
    let info = chart::InformationData {
        title: "Who extracts, who leaks: bits learned against bits given away".into(),
        points,
    };
    list.push(("information", Figure::Information(info)));

    // 6. trust and disclosure over the runs of a match.
    if ctx.match_runs > 1 {
        let t = CsvTable::read(
            dir,
            "match_trace.csv",
            &[
                "strategy_a",
                "strategy_b",
                "position",
                "trust_a_mean",
                "disclosures_a_mean",
            ],
        )?;
        let mut trust: Vec<chart::Series> = Vec::new();
        let mut disclosure: Vec<chart::Series> = Vec::new();
        for r in 0..t.rows.len() {
            let (a, b) = (t.str(r, "strategy_a"), t.str(r, "strategy_b"));
            let label = format!("{a} vs {b}");
            let x = t.num(r, "position")?;
            let (ty, dy) = (t.num(r, "trust_a_mean")?, t.num(r, "disclosures_a_mean")?);
            for (list, y) in [(&mut trust, ty), (&mut disclosure, dy)] {
                match list.iter_mut().find(|s| s.label == label) {
                    Some(s) => s.points.push((x, y)),
                    None => list.push(chart::Series {
                        label: label.clone(),
                        color_index: idx(a),
                        dashed: idx(b) % 2 == 1,
                        points: vec![(x, y)],
                    }),
                }
            }
        }
        let data = chart::TrustData {
            title: "Trust and disclosure over the runs of a match (side A's view)".into(),
            trust,
            disclosure,
        };
        list.push(("trust", Figure::Trust(data)));
    }
    Ok(Figures {
        names: ctx.names,
        price: ctx.price,
        list,
    })
}

/// Draw the charts of a results folder into `dir/charts`, replacing the
/// folder whole (drawn into a temporary folder, then renamed).
pub fn redraw(dir: &Path) -> Result<Vec<PathBuf>> {
    let target = dir.join("charts");
    let tmp = dir.join(format!(".charts.tmp-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    let drawn = match draw_results(dir, &tmp) {
        Ok(d) => d,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(e);
        }
    };
    // Move the new files in one by one: charts drawn by other commands
    // (evolve's population charts) stay.
    let werr = |source| Error::Write {
        path: target.clone(),
        source,
    };
    std::fs::create_dir_all(&target).map_err(werr)?;
    let mut out = Vec::new();
    for base in &drawn {
        for ext in ["png", "svg"] {
            let from = base.with_extension(ext);
            let to = target.join(from.file_name().unwrap_or_default());
            std::fs::rename(&from, &to).map_err(werr)?;
        }
        out.push(target.join(base.file_name().unwrap_or_default()));
    }
    let _ = std::fs::remove_dir_all(&tmp);
    Ok(out)
}

/// The teaching picture of one negotiation (`price` scenario: prices; in
/// `multi_issue` the offers are drawn as A's utility).
pub fn trace_chart(exp: &crate::config::Experiment, t: &Trace) -> chart::TraceData {
    let price = exp.scenario.kind() == "price";
    let k = exp.exchange.rounds as f64;
    let o = &t.outcome;
    let mut data = chart::TraceData {
        title: format!(
            "One negotiation: {} (A) vs {} (B), run {}",
            t.names[0], t.names[1], t.run
        ),
        y_label: if price {
            "price".into()
        } else {
            "A's utility of the offer".into()
        },
        a_name: t.names[0].clone(),
        a_color: t.indices[0],
        b_name: t.names[1].clone(),
        b_color: t.indices[1],
        a_limit: o.private.reservation[0],
        b_limit: if price {
            o.private.reservation[1]
        } else {
            f64::NAN
        },
        exchange_rounds: exp.exchange.rounds,
        deal: None,
        ..Default::default()
    };
    let side = |s: usize| if s == 0 { 'A' } else { 'B' };
    let decimals = crate::output::format::money_decimals(&exp.scenario);
    let v = |x: f64| crate::output::format::money(x, decimals);
    let mut formal = false;
    let mut last_round = 0;
    for e in &t.events {
        let ex = |round: u32| round as f64 - k;
        match *e {
            Event::Reservation {
                round,
                side: s,
                claimed,
                bluff,
                answer,
                ..
            } => {
                let kind = if bluff {
                    chart::EventKind::Bluff
                } else if answer {
                    chart::EventKind::Answer
                } else {
                    chart::EventKind::Confide
                };
                let x = if formal {
                    last_round as f64 + 0.5
                } else {
                    ex(round)
                };
                let what = if !price {
                    "alternative"
                } else if s == 0 {
                    "max"
                } else {
                    "min"
                };
                data.events.push(chart::TraceEvent {
                    x,
                    y: price.then_some(claimed),
                    side: side(s),
                    kind,
                    label: format!("{what} {}", v(claimed)),
                });
            }
            Event::Weights {
                round,
                side: s,
                answer,
                ..
            } => data.events.push(chart::TraceEvent {
                x: if formal {
                    last_round as f64 + 0.5
                } else {
                    ex(round)
                },
                y: None,
                side: side(s),
                kind: if answer {
                    chart::EventKind::Answer
                } else {
                    chart::EventKind::Confide
                },
                label: "weights".into(),
            }),
            Event::Ask { round, side: s } => data.events.push(chart::TraceEvent {
                x: if formal {
                    last_round as f64 + 0.5
                } else {
                    ex(round)
                },
                y: None,
                side: side(s),
                kind: chart::EventKind::Ask,
                label: "your side?".into(),
            }),
            Event::Leak {
                round,
                side: s,
                signal,
                ..
            } => data.events.push(chart::TraceEvent {
                x: if formal {
                    last_round as f64 + 0.5
                } else {
                    ex(round)
                },
                y: None,
                side: side(s),
                kind: chart::EventKind::Leak,
                label: format!("body language ~{}", v(signal)),
            }),
            Event::FormalStart { beliefs } => {
                formal = true;
                if price {
                    data.a_belief.push((0.0, beliefs[0].0, beliefs[0].1));
                    data.b_belief.push((0.0, beliefs[1].0, beliefs[1].1));
                }
            }
            Event::Offer {
                round,
                side: s,
                value,
                belief,
                ..
            } => {
                last_round = round;
                let x = round as f64;
                if s == 0 {
                    data.a_offers.push((x, value));
                } else {
                    data.b_offers.push((x, value));
                }
                if price {
                    let list = if s == 0 {
                        &mut data.a_belief
                    } else {
                        &mut data.b_belief
                    };
                    list.push((x, belief.0, belief.1));
                }
            }
            Event::LieDetected {
                round,
                by,
                revealed,
                ..
            } => data.events.push(chart::TraceEvent {
                x: round as f64,
                y: price.then_some(revealed),
                side: side(by),
                kind: chart::EventKind::DetectedLie,
                label: format!("{} catches a lie", side(by)),
            }),
            Event::Decline { .. } | Event::Silent { .. } | Event::Accept { .. } => {}
        }
    }
    if o.deal {
        let y = if price {
            o.price
        } else {
            o.surplus[0] + o.private.reservation[0]
        };
        data.deal = Some((o.rounds as f64, y));
    } else {
        data.events.push(chart::TraceEvent {
            x: o.rounds as f64,
            y: None,
            side: 'A',
            kind: chart::EventKind::NoDeal,
            label: "no deal".into(),
        });
    }
    data
}

/// Draw the charts of a sweep results folder (`sweep.csv`,
/// `sweep_ranking.csv`) into `out`: per strategy, mean surplus and share of
/// the surplus (`sweep_strategies`), deal rate and efficiency over its
/// pairings (`sweep_outcomes`), against the swept parameter. For two
/// parameters the second one picks the line style... it is drawn as one
/// chart per value of the second parameter.
pub fn draw_sweep(dir: &Path, out: &Path) -> Result<Vec<PathBuf>> {
    let ctx = context(dir)?;
    let path = dir.join("manifest.json");
    let manifest: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(&path).map_err(|source| Error::Read {
            path: path.clone(),
            source,
        })?,
    )
    .map_err(|e| Error::Results {
        path: path.clone(),
        message: format!("malformed JSON: {e}"),
    })?;
    let params: Vec<(String, String)> = manifest["parameters"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|p| {
                    Some((
                        p["path"].as_str()?.to_string(),
                        p["column"].as_str()?.to_string(),
                    ))
                })
                .collect()
        })
        .unwrap_or_default();
    if params.is_empty() {
        return Err(Error::Results {
            path,
            message: "lists no swept parameters: is this the folder of `negsim sweep`?".into(),
        });
    }
    let cols: Vec<&str> = params.iter().map(|(_, c)| c.as_str()).collect();
    let mut need = cols.clone();
    need.extend([
        "strategy",
        "surplus_mean",
        "surplus_ci95",
        "share_mean",
        "deal_rate",
    ]);
    let rank = CsvTable::read(dir, "sweep_ranking.csv", &need)?;
    let mut need = cols.clone();
    need.extend([
        "strategy_a",
        "strategy_b",
        "deal_rate",
        "deal_rate_ci95",
        "efficiency_mean",
        "efficiency_ci95",
    ]);
    let sweep = CsvTable::read(dir, "sweep.csv", &need)?;
    std::fs::create_dir_all(out).map_err(|source| Error::Write {
        path: out.to_path_buf(),
        source,
    })?;
    // Values of the parameters, in file order; non-numeric values are drawn at their index.
    let distinct = |t: &CsvTable, c: &str| {
        let mut v: Vec<String> = Vec::new();
        for r in 0..t.rows.len() {
            let s = t.str(r, c).to_string();
            if !v.contains(&s) {
                v.push(s);
            }
        }
        v
    };
    let xs = distinct(&rank, cols[0]);
    let numeric = xs.iter().all(|s| s.parse::<f64>().is_ok());
    let xof = |s: &str| {
        if numeric {
            s.parse::<f64>().unwrap_or(f64::NAN)
        } else {
            xs.iter().position(|v| v == s).unwrap_or(0) as f64
        }
    };
    let x_label = if numeric {
        params[0].0.clone()
    } else {
        format!("{} (values: {})", params[0].0, xs.join(", "))
    };
    let seconds: Vec<Option<String>> = if cols.len() > 1 {
        distinct(&rank, cols[1]).into_iter().map(Some).collect()
    } else {
        vec![None]
    };
    let idx = |name: &str| ctx.names.iter().position(|n| n == name).unwrap_or(0);
    // One strategy's line, in its colour.
    let band = |s: &String, points: Vec<(f64, Ci)>| chart::BandSeries {
        label: s.clone(),
        color_index: idx(s),
        points,
    };
    let mut drawn = Vec::new();
    for second in &seconds {
        let keep = |t: &CsvTable, r: usize| second.as_ref().is_none_or(|v| t.str(r, cols[1]) == v);
        let suffix = second
            .as_ref()
            .map(|v| format!("_{}_{}", cols[1], v.replace(['.', '-'], "_")))
            .unwrap_or_default();
        let tag = second
            .as_ref()
            .map(|v| format!(" ({} = {v})", params[1].0))
            .unwrap_or_default();
        // Per strategy: surplus, share, deal rate from sweep_ranking.csv.
        let mut surplus = Vec::new();
        let mut share = Vec::new();
        for s in &ctx.names {
            let mut ps = Vec::new();
            let mut pshare = Vec::new();
            for r in 0..rank.rows.len() {
                if rank.str(r, "strategy") == s && keep(&rank, r) {
                    let x = xof(rank.str(r, cols[0]));
                    ps.push((
                        x,
                        ci(rank.num(r, "surplus_mean")?, rank.num(r, "surplus_ci95")?),
                    ));
                    pshare.push((x, ci(rank.num(r, "share_mean")?, 0.0)));
                }
            }
            surplus.push(band(s, ps));
            share.push(band(s, pshare));
        }
        let data = chart::SweepData {
            title: format!("Strategies against {}{tag}", params[0].0),
            x_label: x_label.clone(),
            panels: vec![
                chart::Panel {
                    y_label: format!("mean surplus ({})", units(ctx.price)),
                    series: surplus,
                },
                chart::Panel {
                    y_label: "share of the joint surplus".into(),
                    series: share,
                },
            ],
        };
        let base = out.join(format!("sweep_strategies{suffix}"));
        chart::render(&data, &base).map_err(chart_err)?;
        drawn.push(base);
        // Per strategy, over its pairings: deal rate and efficiency.
        let mut deal = Vec::new();
        let mut eff = Vec::new();
        for s in &ctx.names {
            let (mut pd, mut pe) = (Vec::new(), Vec::new());
            for x in &xs {
                let rows: Vec<usize> = (0..sweep.rows.len())
                    .filter(|&r| {
                        sweep.str(r, cols[0]) == x
                            && keep(&sweep, r)
                            && (sweep.str(r, "strategy_a") == s || sweep.str(r, "strategy_b") == s)
                    })
                    .collect();
                if rows.is_empty() {
                    continue;
                }
                let m = rows.len() as f64;
                let avg = |c: &str, h: &str| -> Result<Ci> {
                    let (mut sum, mut var) = (0.0, 0.0);
                    for &r in &rows {
                        sum += sweep.num(r, c)?;
                        let half = sweep.num(r, h)?;
                        var += if half.is_finite() { half * half } else { 0.0 };
                    }
                    Ok(ci(sum / m, var.sqrt() / m))
                };
                pd.push((xof(x), avg("deal_rate", "deal_rate_ci95")?));
                pe.push((xof(x), avg("efficiency_mean", "efficiency_ci95")?));
            }
            deal.push(band(s, pd));
            eff.push(band(s, pe));
        }
        let data = chart::SweepData {
            title: format!("Deal rate and efficiency against {}{tag}", params[0].0),
            x_label: x_label.clone(),
            panels: vec![
                chart::Panel {
                    y_label: "deal rate (mean over its pairings)".into(),
                    series: deal,
                },
                chart::Panel {
                    y_label: "efficiency (mean over its pairings)".into(),
                    series: eff,
                },
            ],
        };
        let base = out.join(format!("sweep_outcomes{suffix}"));
        chart::render(&data, &base).map_err(chart_err)?;
        drawn.push(base);
    }
    if cols.len() > 1 {
        // Two parameters: heatmaps over the grid.
        let rows_v = xs.clone();
        let cols_v = distinct(&rank, cols[1]);
        let cell = |t: &CsvTable, r: usize| -> Option<(usize, usize)> {
            Some((
                rows_v.iter().position(|v| v == t.str(r, cols[0]))?,
                cols_v.iter().position(|v| v == t.str(r, cols[1]))?,
            ))
        };
        let grid =
            |title: String, label: String, percent: bool, values: Vec<Vec<f64>>| chart::GridData {
                title,
                row_label: params[0].0.clone(),
                col_label: params[1].0.clone(),
                value_label: label,
                rows: rows_v.clone(),
                cols: cols_v.clone(),
                values,
                percent,
            };
        let mut eff = vec![vec![(0.0, 0.0); cols_v.len()]; rows_v.len()];
        for r in 0..sweep.rows.len() {
            if let Some((i, j)) = cell(&sweep, r) {
                let e = sweep.num(r, "efficiency_mean")?;
                if e.is_finite() {
                    eff[i][j].0 += e;
                    eff[i][j].1 += 1.0;
                }
            }
        }
        let eff = eff
            .iter()
            .map(|row| row.iter().map(|(s, n)| s / n).collect())
            .collect();
        let data = grid(
            "Efficiency over the sweep (mean over all pairings)".into(),
            "efficiency".into(),
            true,
            eff,
        );
        let base = out.join("sweep_grid_efficiency");
        chart::render(&data, &base).map_err(chart_err)?;
        drawn.push(base);
        for s in &ctx.names {
            let mut v = vec![vec![f64::NAN; cols_v.len()]; rows_v.len()];
            for r in 0..rank.rows.len() {
                if rank.str(r, "strategy") == s
                    && let Some((i, j)) = cell(&rank, r)
                {
                    v[i][j] = rank.num(r, "surplus_mean")?;
                }
            }
            let data = grid(
                format!("Mean surplus of {s} over the sweep"),
                format!("mean surplus ({})", units(ctx.price)),
                false,
                v,
            );
            let base = out.join(format!("sweep_grid_{}", s.replace(['.', '-'], "_")));
            chart::render(&data, &base).map_err(chart_err)?;
            drawn.push(base);
        }
    }
    Ok(drawn)
}
