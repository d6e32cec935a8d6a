//! A class's plays as CSV (`negsim serve`'s teacher export): one row per
//! record, in the words of the class table. Names are the students' own:
//! a cell that a spreadsheet would run as a formula (starting with `=`,
//! `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`.

use super::record::Record;

/// The CSV header.
pub const CSV_HEADER: [&str; 14] = [
    "student",
    "strategy",
    "role",
    "seed",
    "result",
    "zone",
    "gain",
    "best_on_draw",
    "possible",
    "share",
    "price",
    "rounds",
    "student_bluffs",
    "caught_by_agent",
];

/// A text cell a spreadsheet shows as text.
fn text(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// A number cell (empty when absent).
fn num(x: Option<f64>) -> String {
    x.filter(|v| v.is_finite())
        .map(|v| format!("{v}"))
        .unwrap_or_default()
}

/// The records as CSV (RFC 4180 quoting), a header first.
pub fn csv(records: &[Record]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(CSV_HEADER);
    for r in records {
        let o = &r.outcome;
        let row = [
            text(&r.student),
            text(&r.strategy),
            r.role.clone(),
            r.seed.to_string(),
            o.result.words().to_string(),
            o.zone.to_string(),
            num(Some(o.student_surplus)),
            num(r.own_draw.as_ref().map(|d| d.best)),
            num(Some(o.possible)),
            num(o.student_share),
            num(o.price),
            o.rounds.to_string(),
            r.lies.student_bluffs.to_string(),
            r.lies.caught_by_agent.to_string(),
        ];
        let _ = w.write_record(&row);
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}
