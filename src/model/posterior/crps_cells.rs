//! Cells, point masses and uniforms: distribution functions linear between
//! knots, so `int (F - H)^2` is summed exactly, `(b - a) (e_a^2 + e_a e_b +
//! e_b^2) / 3` on a piece where `F - H` goes linearly from `e_a` to `e_b`.
//! The cells of a belief's grids share the prior's partition; a run of cells
//! with no clip point, point mass or truth inside is summed from the
//! masses alone. Against any other component, a grid gives its own `E|X -
//! y|` and Gini term and the cross term `sum_i m_i (H(b_i) - H(a_i)) / (b_i
//! - a_i)`, `H` the other's antiderivative of `E|X - x|`.

use super::super::CELLS;
#[cfg(target_arch = "x86_64")]
#[path = "crps_cells_avx2.rs"]
mod avx2;
use crate::model::dist::exp::{floor, index_f64, to_index};
use crate::model::posterior::component::{Component, Grid};

/// Exact CRPS of one or two components each a point mass, a uniform or
/// cells.
pub(super) fn linear(first: &(f64, Component), second: Option<&(f64, Component)>, y: f64) -> f64 {
    match (&first.1, second) {
        (Component::Point(p), None) => (p - y).abs(),
        (Component::Uniform { lo, hi }, None) => super::uniform(*lo, *hi, y),
        (Component::Grid(g), None) => grids(&[(1.0, g)], y),
        (Component::Grid(g), Some((w, Component::Grid(h))))
            if (g.layout().lo, g.layout().w) == (h.layout().lo, h.layout().w) =>
        {
            grids(&[(first.0, g), (*w, h)], y)
        }
        _ => knots(first, second, y),
    }
}

/// One grid's cells `first..=last`, weight, clipped ends and masses.
struct Run<'a> {
    g: &'a Grid,
    /// The partition.
    lo: f64,
    width: f64,
    w: f64,
    first: usize,
    last: usize,
    l: f64,
    u: f64,
    mass: &'a [f64; CELLS],
}

impl<'a> Run<'a> {
    fn new(w: f64, g: &'a Grid) -> Run<'a> {
        let super::super::component::Layout {
            lo,
            w: width,
            first,
            last,
            mass,
            ..
        } = g.layout();
        Run {
            g,
            lo,
            width,
            w,
            first,
            last,
            l: g.cell(first).0,
            u: g.cell(last).1,
            mass,
        }
    }

    /// `F` on the open piece `(x0, x1)` of cell `i`, at its end `x`, given
    /// the mass `before` the cell.
    fn f(&self, i: usize, before: f64, x: f64, mid: f64) -> f64 {
        if i < self.first {
            return 0.0;
        }
        if i > self.last {
            return 1.0;
        }
        let (a, b) = self.g.cell(i);
        let m = self.mass[i];
        before
            + if b > a {
                m * ((x - a) / (b - a)).clamp(0.0, 1.0)
            } else if mid > a {
                m
            } else {
                0.0
            }
    }
}

/// `int (F - 1{x >= y})^2` for one grid or two on the same partition: cell
/// by cell; runs of plain cells (each grid's density constant on them or
/// nil, `y` not inside) from the masses alone.
fn grids(gs: &[(f64, &Grid)], y: f64) -> f64 {
    let (lo, w) = (gs[0].1.layout().lo, gs[0].1.layout().w);
    let edge = |i: usize| lo + index_f64(i) * w;
    let r0 = Run::new(gs[0].0, gs[0].1);
    let r1 = gs.get(1).map_or(
        Run {
            w: 0.0,
            ..Run::new(0.0, gs[0].1)
        },
        |(w, g)| Run::new(*w, g),
    );
    let runs = [r0, r1];
    let (x_lo, x_hi) = (runs[0].l.min(runs[1].l), runs[0].u.max(runs[1].u));
    let mut total = (x_lo - y).max(0.0) + (y - x_hi).max(0.0);
    let (i0, i1) = (
        runs[0].first.min(runs[1].first),
        runs[0].last.max(runs[1].last),
    );
    // Cells needing their pieces: a grid's end cell when clipped inside,
    // and the one holding y (sorted; usize::MAX pads).
    let mut special = [usize::MAX; 5];
    let cy = floor((y - lo) / w);
    if y > x_lo && y < x_hi && cy >= 0.0 {
        special[0] = to_index(cy);
    }
    for (k, r) in runs.iter().enumerate() {
        if r.l > edge(r.first) {
            special[1 + 2 * k] = r.first;
        }
        if r.u < edge(r.last + 1) {
            special[2 + 2 * k] = r.last;
        }
    }
    special.sort_unstable();
    let mut before = [0.0f64; 2];
    let mut i = i0;
    for &s in special.iter().chain(std::iter::once(&usize::MAX)) {
        if s < i {
            continue;
        }
        // Plain cells up to s, in runs where no grid enters or leaves its
        // range.
        let stop = s.min(i1 + 1);
        while i < stop {
            let mut end = stop;
            for r in &runs {
                for b in [r.first, r.last + 1] {
                    if b > i && b < end {
                        end = b;
                    }
                }
            }
            let h = if edge(i) >= y { 1.0 } else { 0.0 };
            let mut e0 = -h;
            let mut c = [0.0; 2];
            for ((r, b), ck) in runs.iter().zip(&before).zip(&mut c) {
                e0 += r.w * if i > r.last { 1.0 } else { *b };
                if i >= r.first && i <= r.last {
                    *ck = r.w;
                }
            }
            let mut q = 0.0;
            let (m0, m1) = (&runs[0].mass[i..end], &runs[1].mass[i..end]);
            for (a, b) in m0.iter().zip(m1) {
                let e1 = e0 + c[0] * a + c[1] * b;
                q += e0 * e0 + e0 * e1 + e1 * e1;
                e0 = e1;
            }
            for ((r, b), ck) in runs.iter().zip(&mut before).zip(c) {
                if ck != 0.0 {
                    *b += r.mass[i..end].iter().sum::<f64>();
                }
            }
            total += (edge(end) - edge(i)) / (3.0 * (end - i) as f64) * q;
            i = end;
        }
        if s > i1 {
            break;
        }
        // Cell s: pieces between its ends, clip points and y.
        let (ea, eb) = (edge(s).max(x_lo), edge(s + 1).min(x_hi));
        let mut xs = [ea, ea, ea, ea, ea, ea, eb];
        for (x, slot) in [runs[0].l, runs[0].u, runs[1].l, runs[1].u, y]
            .into_iter()
            .zip(&mut xs[1..6])
        {
            if x > ea && x < eb {
                *slot = x;
            }
        }
        xs.sort_unstable_by(f64::total_cmp);
        for p in xs.windows(2).filter(|p| p[1] > p[0]) {
            let (x0, x1) = (p[0], p[1]);
            let mid = 0.5 * (x0 + x1);
            let h = if x0 >= y { 1.0 } else { 0.0 };
            let f = |x: f64| -> f64 {
                runs.iter()
                    .zip(&before)
                    .map(|(r, b)| r.w * r.f(s, *b, x, mid))
                    .sum::<f64>()
                    .min(1.0)
            };
            let (e0, e1) = (f(x0) - h, f(x1) - h);
            total += (x1 - x0) / 3.0 * (e0 * e0 + e0 * e1 + e1 * e1);
        }
        for (b, r) in before.iter_mut().zip(&runs) {
            if s >= r.first && s <= r.last {
                *b += r.mass[s];
            }
        }
        i = s + 1;
    }
    total
}

/// `int (F - 1{x >= y})^2` for point masses, uniforms and cells in any
/// combination: piece by piece between knots (the truth, points, a
/// uniform's ends, a grid's clip points and cell edges), `F` at a piece's
/// ends from each component's distribution function (a grid's from the
/// masses before each cell, [`Grid::cdf_with`]).
fn knots(first: &(f64, Component), second: Option<&(f64, Component)>, y: f64) -> f64 {
    let parts = [Some(first), second];
    let mut marks = [y; 5];
    let mut lattice = None;
    let mut prefix = [[0.0; CELLS + 1]; 2];
    for ((p, m), pre) in parts.iter().zip(marks[1..].chunks_mut(2)).zip(&mut prefix) {
        match p.map(|p| &p.1) {
            Some(Component::Point(x)) => m[0] = *x,
            Some(Component::Uniform { lo, hi }) => (m[0], m[1]) = (*lo, *hi),
            Some(Component::Grid(g)) => {
                let r = Run::new(1.0, g);
                (m[0], m[1]) = (r.l, r.u);
                lattice = Some((r.lo, r.width));
                *pre = g.prefix();
            }
            None => {}
            Some(_) => unreachable!("linear components only"),
        }
    }
    marks.sort_unstable_by(f64::total_cmp);
    // F at x, just above it (`inclusive`) or just below.
    let f = |x: f64, inclusive: bool| -> f64 {
        let mut total = 0.0;
        for (p, pre) in parts.iter().flatten().zip(&prefix) {
            total += p.0
                * match &p.1 {
                    Component::Point(m) => {
                        if *m < x || (inclusive && *m == x) {
                            1.0
                        } else {
                            0.0
                        }
                    }
                    Component::Uniform { lo, hi } => ((x - lo) / (hi - lo)).clamp(0.0, 1.0),
                    Component::Grid(g) => g.cdf_with(pre, x, inclusive),
                    _ => unreachable!("linear components only"),
                };
        }
        total.min(1.0)
    };
    let (lo, w) = lattice.unwrap_or((0.0, f64::INFINITY));
    let (mut x0, x_end) = (marks[0], marks[4]);
    // The next cell edge above x0.
    let mut k = if lattice.is_some() {
        to_index((floor((x0 - lo) / w) + 1.0).clamp(0.0, (CELLS + 1) as f64))
    } else {
        CELLS + 1
    };
    let mut total = 0.0;
    while x0 < x_end {
        let next_mark = marks.iter().copied().find(|&m| m > x0).unwrap_or(x_end);
        let next_edge = if k <= CELLS {
            lo + index_f64(k) * w
        } else {
            f64::INFINITY
        };
        let x1 = next_mark.min(next_edge);
        let h = if x0 >= y { 1.0 } else { 0.0 };
        let (e0, e1) = (f(x0, true) - h, f(x1, false) - h);
        total += (x1 - x0) / 3.0 * (e0 * e0 + e0 * e1 + e1 * e1);
        if x1 >= next_edge {
            k += 1;
        }
        x0 = x1;
    }
    total
}

/// A grid's distribution function at its cells' lower ends, for `E|G - x|`
/// at any `x` in O(1), with its mean and Gini term.
pub(super) struct Table<'a> {
    g: &'a Grid,
    lo: f64,
    w: f64,
    first: usize,
    last: usize,
    /// Lowest and highest points with mass.
    l: f64,
    u: f64,
    mass: &'a [f64; CELLS],
    /// Mass and first moment below cell `i` (`first..=last + 1`).
    p: [f64; CELLS + 1],
    q: [f64; CELLS + 1],
    pub(super) mean: f64,
    pub(super) gini: f64,
}

impl<'a> Table<'a> {
    /// One pass over the cells: `P`, `M_1` below each, and the Gini term,
    /// `sum_i (b_i - a_i) (f (1 - f) + m (1/2 - f) - m^2 / 3)` with `f` the
    /// mass below cell `i` and `m` its own (`F` linear across it).
    pub(super) fn new(g: &'a Grid) -> Table<'a> {
        let super::super::component::Layout {
            lo,
            w,
            first,
            last,
            mass,
            ..
        } = g.layout();
        let mut t = Table {
            g,
            lo,
            w,
            first,
            last,
            l: g.cell(first).0,
            u: g.cell(last).1,
            mass,
            p: [0.0; CELLS + 1],
            q: [0.0; CELLS + 1],
            mean: 0.0,
            gini: 0.0,
        };
        // An end cell (clipped): its own length.
        let (mut f, mut q, mut ends) = (0.0, 0.0, 0.0);
        let mut end_cell = |t: &mut Table, i: usize, f: &mut f64, q: &mut f64| {
            let m = mass[i];
            let (a, b) = g.cell(i);
            let b = b.max(a);
            ends += (b - a) * (*f * (1.0 - *f - m) + m * (0.5 - m * (1.0 / 3.0)));
            (t.p[i], t.q[i]) = (*f, *q);
            *f += m;
            *q += m * 0.5 * (a + b);
        };
        end_cell(&mut t, first, &mut f, &mut q);
        // Inner cells: f (1 - f - m) + m / 2 - m^2 / 3, the m / 2 summed
        // at the end.
        let (mut inner, mut sq) = (0.0, 0.0);
        let f_in = f;
        let mut c = lo + (index_f64(first) + 1.5) * w;
        for i in first + 1..last {
            let m = mass[i];
            (t.p[i], t.q[i]) = (f, q);
            let f1 = f + m;
            inner += f * (1.0 - f1);
            sq += m * m;
            q += m * c;
            c += w;
            f = f1;
        }
        inner += 0.5 * (f - f_in) - sq * (1.0 / 3.0);
        if last > first {
            end_cell(&mut t, last, &mut f, &mut q);
        }
        (t.p[last + 1], t.q[last + 1]) = (f, q);
        t.mean = q.clamp(t.l, t.u);
        t.gini = (ends + w * inner).max(0.0);
        t
    }

    /// Ends of cell `i` (clipped; the lower one when empty).
    #[inline]
    fn cell(&self, i: usize) -> (f64, f64) {
        if i > self.first && i < self.last {
            let a = self.lo + index_f64(i) * self.w;
            (a, a + self.w)
        } else {
            let (a, b) = self.g.cell(i);
            (a, b.max(a))
        }
    }

    /// The cell holding `x` (inside `l..u`).
    #[inline]
    fn index(&self, x: f64) -> usize {
        // Truncation is the floor here (and saturates below 0).
        to_index((x - self.lo) / self.w).clamp(self.first, self.last)
    }

    /// `E|G - x| = x (2 P - 1) + M - 2 M_1`, `P`, `M_1` the mass and first
    /// moment below `x`.
    #[inline(always)]
    pub(super) fn abs_dev(&self, x: f64) -> f64 {
        if x <= self.l {
            return self.mean - x;
        }
        if x >= self.u {
            return x - self.mean;
        }
        let i = self.index(x);
        let (a, b) = self.cell(i);
        let t = if b > a {
            ((x - a) / (b - a)).clamp(0.0, 1.0)
        } else if x >= a {
            1.0
        } else {
            0.0
        };
        let d = self.mass[i] * t;
        let (p, q) = (self.p[i] + d, self.q[i] + d * (a + 0.5 * t * (b - a)));
        (x * (2.0 * p - 1.0) + self.mean - 2.0 * q).max((x - self.mean).abs())
    }

    /// `E|G - X| = sum_i m_i (H(b_i) - H(a_i)) / (b_i - a_i)` (a point
    /// mass's `m_i dev(a_i)`) for `X` with `E|X - x| = dev(x)`, `H` an
    /// antiderivative of it; cells wholly outside `support` (where `dev(x)
    /// = |x - mean|`) from the masses and moments alone.
    pub(super) fn cross_cells(
        &self,
        (s_lo, s_hi): (f64, f64),
        mean: f64,
        dev: impl Fn(f64) -> f64,
        int_dev: impl Fn(f64) -> f64,
    ) -> f64 {
        // Cells k0..=k1 meet the support (k0 > k1: none).
        let k0 = if s_lo <= self.l {
            self.first
        } else {
            let k = self.index(s_lo);
            if self.cell(k).1 <= s_lo { k + 1 } else { k }
        };
        let k1 = if s_hi >= self.u {
            self.last
        } else {
            let k = self.index(s_hi);
            if self.cell(k).0 >= s_hi && k > 0 {
                k - 1
            } else {
                k
            }
        };
        let (k0, k1) = (k0.min(self.last + 1), k1.max(self.first));
        let total = (self.p[self.last + 1], self.q[self.last + 1]);
        let mut cross = self.p[k0] * mean - self.q[k0];
        let from = (k1 + 1).max(k0);
        cross += (total.1 - self.q[from]) - (total.0 - self.p[from]) * mean;
        let mut h_prev = (f64::NAN, 0.0);
        for i in k0..from {
            let m = self.mass[i];
            if m == 0.0 {
                continue;
            }
            let (a, b) = self.cell(i);
            cross += if b > a {
                let ha = if h_prev.0 == a { h_prev.1 } else { int_dev(a) };
                let hb = int_dev(b);
                h_prev = (b, hb);
                m * (hb - ha) / (b - a)
            } else {
                m * dev(a)
            };
        }
        cross
    }
}

/// A grid against another component: the grid's `E|G - y|` and Gini
/// term, and `sum_j w_j E|G - x_j| / sum_j w_j` over nodes `(xs, ws)` (the
/// other's Gauss nodes, so this is the cross term `E|G - X|`).
pub(super) fn against(g: &Grid, y: f64, xs: &[f64], ws: &[f64]) -> (f64, f64, f64) {
    let t = Table::new(g);
    let (mut cross, mut wsum) = (0.0, 0.0);
    let n = xs.len().min(ws.len());
    let mut k = 0;
    // Four nodes at a time where the processor has AVX2 (the same bits),
    // summed in order.
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        while k + 4 <= n {
            let four = [xs[k], xs[k + 1], xs[k + 2], xs[k + 3]];
            // SAFETY: the processor supports AVX2 (checked just above).
            let devs = unsafe { avx2::abs_dev4(&t, four) };
            for (w, d) in ws[k..k + 4].iter().zip(devs) {
                cross += w * d;
                wsum += w;
            }
            k += 4;
        }
    }
    for (x, w) in xs[k..n].iter().zip(&ws[k..n]) {
        cross += w * t.abs_dev(*x);
        wsum += w;
    }
    (t.abs_dev(y), t.gini, cross / wsum)
}

/// As [`against`], with the cross term from the other's `E|X - x|` (`dev`)
/// and an antiderivative of it (`int_dev`), its `mean` and the `support`
/// outside which `dev(x) = |x - mean|` ([`Table::cross_cells`]).
pub(super) fn against_cells(
    g: &Grid,
    y: f64,
    support: (f64, f64),
    mean: f64,
    dev: impl Fn(f64) -> f64,
    int_dev: impl Fn(f64) -> f64,
) -> (f64, f64, f64) {
    let t = Table::new(g);
    let cross = t.cross_cells(support, mean, dev, int_dev);
    (t.abs_dev(y), t.gini, cross)
}
