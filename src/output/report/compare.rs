//! What the report says about which strategy beats which: only from the
//! paired comparisons of `comparisons.csv` (and `sweep_comparisons.csv`),
//! never from whether two intervals overlap.

use super::Table;
use super::numbers::{Scale, p_clause, p_value};
use crate::output::tables::comparisons::ALPHA;
use crate::output::tables::{ComparisonRow, RankRow};

/// The verdict of a comparison as the report states it: `tie` when the two
/// means are identical (also when the file's verdict, computed from
/// differences of the order of rounding errors, says `not significant`),
/// else the file's verdict.
pub(super) fn verdict(r: &ComparisonRow) -> &str {
    let scale = r.mean.abs().max(r.versus_mean.abs()).max(f64::MIN_POSITIVE);
    if r.verdict == "tie" || r.mean == r.versus_mean || r.difference.abs() <= 1e-12 * scale {
        "tie"
    } else {
        &r.verdict
    }
}

/// The comparisons of mean surplus (the metric the ranking uses).
pub(super) fn surplus(rows: &[ComparisonRow]) -> Vec<&ComparisonRow> {
    rows.iter().filter(|r| r.metric == "surplus").collect()
}

/// The table of paired comparisons: both strategies, their means, the
/// difference with its 95% interval, the Holm-adjusted p-value, the verdict.
pub(super) fn table(id: &str, rows: &[&ComparisonRow]) -> Table {
    let means = Scale::of(rows.iter().flat_map(|r| [r.mean, r.versus_mean]));
    let diffs = Scale::of(rows.iter().map(|r| r.difference));
    let cells = rows
        .iter()
        .map(|r| {
            vec![
                r.strategy.clone(),
                r.versus.clone(),
                means.fmt(r.mean),
                means.fmt(r.versus_mean),
                if verdict(r) == "tie" {
                    "0 (identical)".into()
                } else {
                    format!(
                        "{} ± {}",
                        diffs.signed(r.difference),
                        diffs.half(r.difference_ci95)
                    )
                },
                if verdict(r) == "tie" {
                    String::new()
                } else {
                    p_value(r.p_holm)
                },
                verdict(r).to_string(),
            ]
        })
        .collect();
    let mut t = Table::text(
        id,
        &[
            "strategy",
            "versus",
            "its mean",
            "versus's mean",
            "difference ± 95% CI",
            "p (Holm)",
            "verdict",
        ],
        cells,
    );
    t.numeric = vec![false, false, true, true, true, true, false];
    t
}

/// How the comparisons are made, in one paragraph.
pub(super) fn method(n: usize) -> String {
    format!(
        "Every two strategies compared on mean surplus on the same runs: in run i both faced the \
         same private values, so the difference is paired by run (and clustered by match), which \
         is far more precise than comparing the two intervals of the ranking. p (Holm) is the \
         two-sided p-value of a paired t test adjusted by Holm's method over all {n} comparisons; \
         the verdict is higher or lower when it is below {ALPHA} (a family-wise error rate of 5%), \
         not significant otherwise, and tie when both strategies earned exactly the same in every \
         match. Whether two ranking intervals overlap says nothing about this: read the verdicts."
    )
}

/// What the verdicts mean, in one sentence.
pub(super) fn method_short() -> String {
    format!(
        "A verdict is higher or lower when the Holm-adjusted p-value is below {ALPHA}, not \
         significant otherwise, and tie when both strategies earned exactly the same in every match."
    )
}

/// One comparison in words: `open earns more than guarded (+38 ± 18, p
/// (Holm) < 0.0001)`.
fn phrase(r: &ComparisonRow, diffs: Scale) -> String {
    let p = format!(
        "{} ± {}, p (Holm) {}",
        diffs.signed(r.difference),
        diffs.half(r.difference_ci95),
        p_clause(r.p_holm)
    );
    match verdict(r) {
        "higher" => format!("{} earns more than {} ({p})", r.strategy, r.versus),
        "lower" => format!("{} earns less than {} ({p})", r.strategy, r.versus),
        "tie" => format!("{} and {} (identical in every match)", r.strategy, r.versus),
        _ => format!("{} and {} ({p})", r.strategy, r.versus),
    }
}

/// What the comparisons say, in sentences: every clear difference, then
/// the pairs that are not distinguishable or tie.
pub(super) fn verdicts(rows: &[&ComparisonRow]) -> String {
    if rows.is_empty() {
        return String::new();
    }
    let diffs = Scale::of(rows.iter().map(|r| r.difference));
    let clear: Vec<String> = rows
        .iter()
        .filter(|r| matches!(verdict(r), "higher" | "lower"))
        .map(|r| phrase(r, diffs))
        .collect();
    let mut t = String::new();
    if clear.is_empty() {
        t.push_str("No strategy earns clearly more than another (paired tests, Holm). ");
    } else {
        t += &format!("Paired tests (Holm): {}. ", clear.join("; "));
    }
    t += &others(rows, |r| phrase(r, diffs));
    t.trim_end().to_string()
}

/// The comparisons without a clear difference, in words: `Not
/// distinguishable: a and b (...). Tie: c and d (...).`
fn others(rows: &[&ComparisonRow], say: impl Fn(&ComparisonRow) -> String) -> String {
    let mut t = String::new();
    for (v, lead) in [("not significant", "Not distinguishable"), ("tie", "Tie")] {
        let list: Vec<String> = rows
            .iter()
            .filter(|r| verdict(r) == v)
            .map(|r| say(r))
            .collect();
        if !list.is_empty() {
            t += &format!("{lead}: {}. ", list.join("; "));
        }
    }
    t
}

/// What the comparisons of a sweep cell say, in one short sentence:
/// `open > mirroring, probing; guarded > probing. Not distinguishable:
/// open and guarded (p = 0.47).`
pub(super) fn verdicts_short(rows: &[&ComparisonRow]) -> String {
    let mut wins: Vec<(&str, Vec<&str>)> = Vec::new();
    for r in rows {
        let (w, l) = match verdict(r) {
            "higher" => (&r.strategy, &r.versus),
            "lower" => (&r.versus, &r.strategy),
            _ => continue,
        };
        match wins.iter_mut().find(|(s, _)| s == w) {
            Some((_, v)) => v.push(l),
            None => wins.push((w, vec![l])),
        }
    }
    let mut t = String::new();
    if !wins.is_empty() {
        let list: Vec<String> = wins
            .iter()
            .map(|(w, l)| format!("{w} > {}", l.join(", ")))
            .collect();
        t += &format!("Paired tests (Holm): {}. ", list.join("; "));
    } else if !rows.is_empty() {
        t += "Paired tests (Holm): no clear difference. ";
    }
    t += &others(rows, |r| match verdict(r) {
        "tie" => format!("{} and {}", r.strategy, r.versus),
        _ => format!("{} and {} (p {})", r.strategy, r.versus, p_clause(r.p_holm)),
    });
    t.trim_end().to_string()
}

/// The verdict between the strategies ranked `i` and `i + 1` (by name),
/// for the ranking table: `higher (p < 0.0001)`, `not significant
/// (p 0.47)`, `tie`; empty for the last.
pub(super) fn versus_next(ranking: &[RankRow], i: usize, rows: &[&ComparisonRow]) -> String {
    let (Some(a), Some(b)) = (ranking.get(i), ranking.get(i + 1)) else {
        return String::new();
    };
    let r = rows.iter().find(|r| {
        (r.strategy == a.strategy && r.versus == b.strategy)
            || (r.strategy == b.strategy && r.versus == a.strategy)
    });
    match r {
        None => String::new(),
        Some(r) if verdict(r) == "tie" => "tie".into(),
        Some(r) => {
            let flipped = r.strategy != a.strategy;
            let verdict = match (verdict(r), flipped) {
                ("higher", true) => "lower",
                ("lower", true) => "higher",
                (v, _) => v,
            };
            format!("{verdict} (p {})", p_clause(r.p_holm))
        }
    }
}

/// Whether the strategies ranked first and second tie (identical means).
pub(super) fn tie_at_top(ranking: &[RankRow]) -> bool {
    matches!(ranking, [a, b, ..] if a.surplus_mean == b.surplus_mean)
}
