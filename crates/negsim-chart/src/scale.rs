//! Data ranges and pixels: finite extents, padded and widened ranges, "nice" tick steps,
//! data-to-pixel scales (linear or piecewise-linear), and the plot frame and rectangles they
//! map into.

/// Smallest and largest finite value, or `None`.
pub(crate) fn finite_extent(values: impl IntoIterator<Item = f64>) -> Option<(f64, f64)> {
    values
        .into_iter()
        .filter(|v| v.is_finite())
        .fold(None, |acc, v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
        })
}

/// Widens a degenerate (zero-width) range around its value.
pub(crate) fn widen(lo: f64, hi: f64) -> (f64, f64) {
    if hi - lo > 1e-9 * lo.abs().max(hi.abs()).max(1e-12) {
        return (lo, hi);
    }
    let half = if lo == 0.0 {
        0.5
    } else {
        (lo.abs() * 0.1).max(1e-9)
    };
    (lo - half, hi + half)
}

/// Range covering `values`, widened if degenerate and padded by `pad` of its span on each side.
pub(crate) fn padded_range(values: impl IntoIterator<Item = f64>, pad: f64) -> Option<(f64, f64)> {
    let (lo, hi) = finite_extent(values)?;
    let (lo, hi) = widen(lo, hi);
    let p = (hi - lo) * pad;
    Some((lo - p, hi + p))
}

/// A "nice" tick step (1, 2, 2.5 or 5 times a power of ten; no 2.5 for integer axes) giving
/// at most about `max_n` intervals.
pub(crate) fn nice_step(span: f64, max_n: usize, integer: bool) -> f64 {
    let raw = span / max_n.max(1) as f64;
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let mag = 10f64.powf(raw.log10().floor());
    let norm = raw / mag;
    let mults: &[f64] = if integer && mag < 10.0 {
        &[1.0, 2.0, 5.0, 10.0]
    } else {
        &[1.0, 2.0, 2.5, 5.0, 10.0]
    };
    let mult = mults
        .iter()
        .copied()
        .find(|m| *m >= norm - 1e-9)
        .unwrap_or(10.0);
    mult * mag
}

/// Ticks inside [lo, hi] at a nice step, with at most about `max_n` of them. An `integer`
/// axis gets whole ticks at a whole step, and at least two ticks wherever [lo, hi] holds two
/// whole numbers: when the step for `max_n` leaves fewer (0..4 in room for two intervals:
/// a step of 5, a lone 0), the largest smaller whole step that gives two (2: 0, 2, 4).
pub(crate) fn nice_ticks(lo: f64, hi: f64, max_n: usize, integer: bool) -> (Vec<f64>, f64) {
    if !(lo.is_finite() && hi.is_finite()) || hi <= lo {
        return (Vec::new(), 1.0);
    }
    if !integer {
        let step = nice_step(hi - lo, max_n, false);
        return (ticks_at(lo, hi, step), step);
    }
    let whole = |n: usize| nice_step(hi - lo, n, true).max(1.0).round();
    let mut n = max_n.max(1);
    let mut step = whole(n);
    let mut ticks = ticks_at(lo, hi, step);
    // Each larger n gives the same or the next smaller nice step, down to 1.
    while ticks.len() < 2 && step > 1.0 {
        n += 1;
        let smaller = whole(n);
        if smaller < step {
            step = smaller;
            ticks = ticks_at(lo, hi, step);
        }
    }
    (ticks, step)
}

/// The multiples of `step` inside [lo, hi] (at most 200).
fn ticks_at(lo: f64, hi: f64, step: f64) -> Vec<f64> {
    let first = (lo / step - 1e-9).ceil();
    let mut ticks = Vec::new();
    let mut i = 0.0;
    while ticks.len() < 200 {
        let t = (first + i) * step;
        if t > hi + 1e-9 * step {
            break;
        }
        ticks.push(if t.abs() < step * 1e-9 { 0.0 } else { t });
        i += 1.0;
    }
    ticks
}

/// Data domain of an axis: piecewise-linear knots (data value, fraction of the axis length).
#[derive(Clone, Debug)]
pub(crate) struct Domain {
    knots: Vec<(f64, f64)>,
}

impl Domain {
    pub fn linear(lo: f64, hi: f64) -> Self {
        let (lo, hi) = if lo.is_finite() && hi.is_finite() {
            widen(lo.min(hi), lo.max(hi))
        } else {
            (0.0, 1.0)
        };
        Self {
            knots: vec![(lo, 0.0), (hi, 1.0)],
        }
    }
    /// Knots must increase in both coordinates; the first fraction is 0 and the last 1.
    pub fn knots(knots: Vec<(f64, f64)>) -> Self {
        let ok = knots.len() >= 2 && knots.windows(2).all(|w| w[1].0 > w[0].0 && w[1].1 > w[0].1);
        if ok {
            Self { knots }
        } else {
            Self::linear(0.0, 1.0)
        }
    }
    pub fn lo(&self) -> f64 {
        self.knots[0].0
    }
    pub fn hi(&self) -> f64 {
        self.knots[self.knots.len() - 1].0
    }
    pub fn scale(&self, p0: f64, p1: f64) -> Scale {
        Scale {
            knots: self
                .knots
                .iter()
                .map(|&(d, f)| (d, p0 + (p1 - p0) * f))
                .collect(),
        }
    }
}

/// Maps data values to pixels (piecewise-linear, extrapolating past the ends).
#[derive(Clone, Debug)]
pub(crate) struct Scale {
    knots: Vec<(f64, f64)>,
}

impl Scale {
    pub fn map(&self, v: f64) -> f64 {
        let k = &self.knots;
        let i = k
            .windows(2)
            .position(|w| v <= w[1].0)
            .unwrap_or(k.len() - 2);
        let ((d0, p0), (d1, p1)) = (k[i], k[i + 1]);
        p0 + (v - d0) / (d1 - d0) * (p1 - p0)
    }
}

/// A plot rectangle in pixels and its two scales.
#[derive(Clone, Debug)]
pub(crate) struct Frame {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
    pub x: Scale,
    pub y: Scale,
}

impl Frame {
    pub fn pt(&self, x: f64, y: f64) -> (f64, f64) {
        (self.x.map(x), self.y.map(y))
    }
    pub fn px(&self, x: f64) -> f64 {
        self.x.map(x)
    }
    pub fn py(&self, y: f64) -> f64 {
        self.y.map(y)
    }
    pub fn width(&self) -> f64 {
        self.x1 - self.x0
    }
}

/// Axis-aligned rectangle (x0, y0, x1, y1).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Rect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rect {
    pub fn new(x0: f64, y0: f64, x1: f64, y1: f64) -> Self {
        Self { x0, y0, x1, y1 }
    }
    pub fn width(&self) -> f64 {
        self.x1 - self.x0
    }
    pub fn center(&self) -> (f64, f64) {
        ((self.x0 + self.x1) / 2.0, (self.y0 + self.y1) / 2.0)
    }
    pub fn overlaps(&self, o: &Rect, pad: f64) -> bool {
        self.x0 < o.x1 + pad && o.x0 < self.x1 + pad && self.y0 < o.y1 + pad && o.y0 < self.y1 + pad
    }
    pub fn inside(&self, o: &Rect) -> bool {
        self.x0 >= o.x0 && self.x1 <= o.x1 && self.y0 >= o.y0 && self.y1 <= o.y1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_nice_and_bounded() {
        let (t, step) = nice_ticks(-2.7, 2.7, 8, false);
        assert_eq!(step, 1.0);
        assert_eq!(t.first().copied(), Some(-2.0));
        assert_eq!(t.last().copied(), Some(2.0));
        let (t, _) = nice_ticks(1.0, 20.0, 30, true);
        assert!(t.iter().all(|v| v.fract() == 0.0));
        assert!(nice_ticks(f64::NAN, 1.0, 5, false).0.is_empty());
        assert!(nice_ticks(1.0, 1.0, 5, false).0.is_empty());
    }

    /// A whole-valued axis over 0..4 (padded as a chart pads it) with room for two
    /// intervals gets 0, 2, 4: whole numbers, never a step of 5 that leaves a lone 0.
    #[test]
    fn integer_ticks_of_0_to_4_in_little_room_are_0_2_4() {
        let (lo, hi) = padded_range([0.0, 4.0], 0.04).unwrap();
        assert_eq!(nice_ticks(lo, hi, 2, true), (vec![0.0, 2.0, 4.0], 2.0));
        assert_eq!(nice_ticks(lo, hi, 3, true), (vec![0.0, 2.0, 4.0], 2.0));
        assert_eq!(nice_ticks(lo, hi, 8, true).0, [0.0, 1.0, 2.0, 3.0, 4.0]);
    }

    /// Integer axes: whole ticks at a whole step inside the range, at least two wherever it
    /// holds two whole numbers, and not many more than `max_n` intervals.
    #[test]
    fn integer_ticks_are_whole_and_at_least_two() {
        for lo10 in -30..30 {
            for len10 in 1..400 {
                let (lo, hi) = (f64::from(lo10) / 10.0, f64::from(lo10 + len10) / 10.0);
                let wholes = (hi.floor() - lo.ceil() + 1.0).max(0.0);
                for max_n in 2..12 {
                    let (t, step) = nice_ticks(lo, hi, max_n, true);
                    let case = format!("{lo}..{hi}, max {max_n}: {t:?} at {step}");
                    assert!(step >= 1.0 && step.fract() == 0.0, "{case}");
                    assert!(t.iter().all(|v| v.fract() == 0.0), "{case}");
                    assert!(t.iter().all(|v| *v >= lo && *v <= hi), "{case}");
                    assert!(t.len() >= (wholes as usize).min(2), "{case}");
                    // `max_n` intervals; or, stepping down for two ticks, a step at least
                    // 1/2.5 of one that left at most one tick: at most five.
                    assert!(t.len() <= (max_n + 1).max(5), "{case}");
                }
            }
        }
    }

    #[test]
    fn ranges_handle_degenerate_input() {
        assert_eq!(padded_range([f64::NAN], 0.1), None);
        let (lo, hi) = padded_range([3.0, 3.0], 0.0).unwrap();
        assert!(lo < 3.0 && hi > 3.0);
        let (lo, hi) = padded_range([0.0], 0.0).unwrap();
        assert!(lo < 0.0 && hi > 0.0);
        let d = Domain::knots(vec![(-3.0, 0.0), (0.5, 0.3), (20.0, 1.0)]);
        let s = d.scale(100.0, 1100.0);
        assert!((s.map(0.5) - 400.0).abs() < 1e-9);
        assert!((s.map(20.0) - 1100.0).abs() < 1e-9);
    }
}
