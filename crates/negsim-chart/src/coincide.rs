//! Lines of one panel that coincide: the same x values and, at every one of them, means
//! within a hair of each other (e.g. two strategies that talk alike learn exactly the same
//! bits). Drawn one over the other, the last would hide the rest, so a group of them is
//! drawn as one line striped in all its colours with concentric markers, and the panel
//! names the group in a note above the plot ("lines coincide: guarded = tough-guard").

use crate::asymmetry::{draw_band, mean_line};
use crate::canvas::{Canvas, Dash, DrawResult, Marker};
use crate::data::{BandSeries, Panel};
use crate::scale::Frame;
use crate::style::{ANNOTATION_SIZE, MIN_TEXT_SIZE, WHITE, solid, strategy_color};
use crate::text::{ellipsize, measure};
use plotters::prelude::DrawingBackend;

/// Two lines coincide when at every x their means differ by at most this fraction of the
/// panel's y range (under half a pixel of a panel's height: the line on top hides the
/// other; lines further apart show an edge of each).
const TOLERANCE: f64 = 0.001;

/// Length of each colour's stripe along a striped line, in pixels.
const STRIPE: f64 = 16.0;

/// Size of the outer marker of a group (a lone line's markers are 13).
const GROUP_MARKER: f64 = 15.0;

/// The groups of two or more coinciding lines of `panel` (indices of its series, each
/// group in series order, groups in order of their first member). A line without a
/// single finite point coincides with none.
pub(crate) fn groups(panel: &Panel) -> Vec<Vec<usize>> {
    let ys: Vec<f64> = panel
        .series
        .iter()
        .flat_map(|s| &s.points)
        .filter(|(x, _)| x.is_finite())
        .flat_map(|(_, c)| [c.mean, c.lo, c.hi])
        .filter(|v| v.is_finite())
        .collect();
    let lo = ys.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = ys.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let tol = if hi > lo { (hi - lo) * TOLERANCE } else { 0.0 };
    let lines: Vec<Vec<(f64, f64)>> = panel.series.iter().map(means).collect();
    let same = |a: &[(f64, f64)], b: &[(f64, f64)]| {
        a.len() == b.len()
            && a.iter().zip(b).all(|((xa, ya), (xb, yb))| {
                xa == xb && (ya.is_nan() && yb.is_nan() || (ya - yb).abs() <= tol)
            })
    };
    let mut taken = vec![false; lines.len()];
    let mut out = Vec::new();
    for i in 0..lines.len() {
        if taken[i] || !lines[i].iter().any(|(_, y)| y.is_finite()) {
            continue;
        }
        let group: Vec<usize> = (i..lines.len())
            .filter(|&j| !taken[j] && same(&lines[i], &lines[j]))
            .collect();
        if group.len() > 1 {
            for &j in &group {
                taken[j] = true;
            }
            out.push(group);
        }
    }
    out
}

/// (x, mean) of a series with a finite x, in order of x.
fn means(s: &BandSeries) -> Vec<(f64, f64)> {
    let mut v: Vec<(f64, f64)> = s
        .points
        .iter()
        .filter(|(x, _)| x.is_finite())
        .map(|(x, c)| (*x, c.mean))
        .collect();
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    v
}

/// The note naming the `groups` of `panel` ("a = b" when their means are equal at every
/// x, "a \u{2248} b" when only within the tolerance), in lines of at most `max_w` pixels
/// at the size returned (one group per piece, pieces joined by " · ", the first always on
/// the first line).
pub(crate) fn note(panel: &Panel, groups: &[Vec<usize>], max_w: f64) -> (f64, Vec<String>) {
    if groups.is_empty() {
        return (ANNOTATION_SIZE, Vec::new());
    }
    let pieces: Vec<String> = groups
        .iter()
        .map(|g| {
            let names: Vec<&str> = g.iter().map(|&k| panel.series[k].label.as_str()).collect();
            let first = means(&panel.series[g[0]]);
            let equal = g.iter().all(|&k| {
                let m = means(&panel.series[k]);
                m.iter()
                    .zip(&first)
                    .all(|(a, b)| a.0 == b.0 && (a.1 == b.1 || a.1.is_nan() && b.1.is_nan()))
            });
            names.join(if equal { " = " } else { " \u{2248} " })
        })
        .collect();
    let text = format!("lines coincide: {}", pieces.join(" \u{b7} "));
    let mut size = ANNOTATION_SIZE;
    while size > MIN_TEXT_SIZE && measure(&text, size, false) > max_w {
        size -= 0.5;
    }
    // Greedy wrap at the pieces.
    let mut lines: Vec<String> = vec!["lines coincide:".into()];
    for p in pieces {
        let last = lines.last_mut().expect("one line at least");
        let first = last.ends_with(':');
        let joined = format!("{last}{}{p}", if first { " " } else { " \u{b7} " });
        if first || measure(&joined, size, false) <= max_w {
            *last = joined;
        } else {
            lines.push(p);
        }
    }
    let lines = lines
        .iter()
        .map(|l| ellipsize(l, size, false, max_w.max(1.0)))
        .collect();
    (size, lines)
}

/// Draws the coinciding lines `group` of `panel` in frame `f`: every member's band, then
/// one line striped in the members' colours and, with `marker`, concentric markers (the
/// first member outermost).
pub(crate) fn draw_group<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    f: &Frame,
    panel: &Panel,
    group: &[usize],
    marker: Option<Marker>,
) -> DrawResult<DB> {
    let members: Vec<&BandSeries> = group.iter().map(|&k| &panel.series[k]).collect();
    for s in &members {
        draw_band(cv, f, &s.points, strategy_color(s.color_index))?;
    }
    let line = mean_line(f, &members[0].points);
    for (i, piece) in stripes(&line, STRIPE).iter().enumerate() {
        let color = strategy_color(members[i % members.len()].color_index);
        cv.line(piece, &color, 3.5, Dash::Solid)?;
    }
    let Some(m) = marker else { return Ok(()) };
    let k = members.len() as f64;
    for p in line.iter().filter(|p| p.0.is_finite() && p.1.is_finite()) {
        for (j, s) in members.iter().enumerate() {
            let size = (GROUP_MARKER * (k - j as f64) / k).max(4.0);
            let color = strategy_color(s.color_index);
            cv.marker(m, *p, size, &color, Some((solid(WHITE), 2.0)))?;
        }
    }
    Ok(())
}

/// The polyline `pts` (non-finite points break it) cut into consecutive pieces of
/// length `len` along the line (the last of each unbroken run may be shorter); a piece
/// ends where the next begins, and the stripe count runs on across breaks.
fn stripes(pts: &[(f64, f64)], len: f64) -> Vec<Vec<(f64, f64)>> {
    let mut out = Vec::new();
    let finite = |p: &(f64, f64)| p.0.is_finite() && p.1.is_finite();
    for run in pts.split(|p| !finite(p)).filter(|r| r.len() >= 2) {
        let mut piece = vec![run[0]];
        let mut left = len;
        for seg in run.windows(2) {
            let (a, b) = (seg[0], seg[1]);
            let d = (b.0 - a.0).hypot(b.1 - a.1);
            let mut pos = 0.0;
            while d - pos > left {
                pos += left;
                let t = pos / d;
                let p = (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
                piece.push(p);
                out.push(std::mem::replace(&mut piece, vec![p]));
                left = len;
            }
            left -= d - pos;
            piece.push(b);
        }
        if piece.len() >= 2 {
            out.push(piece);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Ci;

    fn series(label: &str, color_index: usize, ys: &[f64]) -> BandSeries {
        BandSeries {
            label: label.into(),
            color_index,
            points: ys
                .iter()
                .enumerate()
                .map(|(i, y)| (i as f64, Ci::new(*y, f64::NAN, f64::NAN)))
                .collect(),
        }
    }

    #[test]
    fn groups_are_lines_equal_at_every_x() {
        let panel = Panel {
            y_label: "bits".into(),
            series: vec![
                series("open", 0, &[0.0, 1.0, 2.0]),
                series("guarded", 1, &[0.0, 0.5, 0.6]),
                series("probing", 3, &[0.0, 1.5, 1.8]),
                series("soft-prober", 4, &[0.0, 1.5, 1.8]),
                series("tough-guard", 5, &[0.0, 0.5, 0.6]),
                // Equal but at one x only: not the same line.
                series("short", 6, &[0.0, 1.0]),
                series("none", 7, &[f64::NAN, f64::NAN]),
                series("none2", 8, &[f64::NAN, f64::NAN]),
            ],
        };
        assert_eq!(groups(&panel), vec![vec![1, 4], vec![2, 3]]);
        let (_, lines) = note(&panel, &groups(&panel), 1400.0);
        assert_eq!(
            lines,
            ["lines coincide: guarded = tough-guard \u{b7} probing = soft-prober"]
        );
        // Too narrow for both: one group per line.
        let (_, lines) = note(&panel, &groups(&panel), 500.0);
        assert_eq!(
            lines,
            [
                "lines coincide: guarded = tough-guard",
                "probing = soft-prober"
            ]
        );
        // Within a hair of the range: coinciding, but not equal.
        let mut near = panel.clone();
        near.series[4].points[2].1.mean += 0.001;
        assert_eq!(groups(&near), groups(&panel));
        let (_, lines) = note(&near, &groups(&near), 1400.0);
        assert_eq!(
            lines,
            ["lines coincide: guarded \u{2248} tough-guard \u{b7} probing = soft-prober"]
        );
        // Apart by more than that: not coinciding.
        let mut apart = panel.clone();
        apart.series[4].points[2].1.mean += 0.005;
        assert_eq!(groups(&apart), vec![vec![2, 3]]);
    }

    #[test]
    fn stripes_cut_a_line_into_equal_pieces() {
        let pts = [
            (0.0, 0.0),
            (10.0, 0.0),
            (10.0, 30.0),
            (f64::NAN, 0.0),
            (0.0, 5.0),
            (4.0, 5.0),
        ];
        let s = stripes(&pts, 16.0);
        let length = |p: &Vec<(f64, f64)>| {
            p.windows(2)
                .map(|w| (w[1].0 - w[0].0).hypot(w[1].1 - w[0].1))
                .sum::<f64>()
        };
        let lens: Vec<f64> = s.iter().map(length).collect();
        assert_eq!(lens, [16.0, 16.0, 8.0, 4.0]);
        assert_eq!(s[0], [(0.0, 0.0), (10.0, 0.0), (10.0, 6.0)]);
        assert_eq!(s[1][0], (10.0, 6.0));
    }
}
