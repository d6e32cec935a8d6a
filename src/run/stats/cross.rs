//! The sums behind [`super::WithinFit`]'s cluster-robust intervals:
//! `sum_g M_g` and `sum_g vec(M_g) vec(M_g)'` over clusters `g`, where
//! `M_g = sum_{i in g} x_i u_i'` (7 x 10) and `u = [x, y]` holds a run's
//! regressors and responses (`u_0 = 1`, the constant).
//!
//! A cluster of one run (every run when a match is one run) has `M = x u'`,
//! so the entries of `vec(M) vec(M)'` are products `u_j u_a u_k u_b` of four
//! quantities: 715 distinct ones (the multisets of 4 of the 10 indices)
//! where the general form has 2,485 entries. Those runs are buffered
//! [`B`] at a time as their 55 pairwise products `p_ab = u_a u_b` (a <= b),
//! and each product `u_a u_b u_c u_d` (a <= b <= c <= d) is summed as
//! `p_ab p_cd` over the block: for a given `(a, b)`, the pairs `(c, d)`
//! with `c >= b` are consecutive, so the block's sums vectorise over them
//! (a blocked rank-k update, eight entries at a time). `sum M` is among
//! them (`u_0 u_0 u_j u_a`). Only the 630 products with at least two
//! regressors are summed (the rows of [`USED`]): the quadratic forms read
//! no other.
//!
//! A cluster of several runs (a match, summed until it closes) is not rank
//! one: its `vec(M_g)` (70 entries) is buffered the same way and its outer
//! product added to the packed upper triangle of the general form. The two
//! parts add up to the same quadratic forms.
//!
//! Buffered runs are folded in when a block is full, when the fit is closed
//! at the end of a chunk (which frees the buffers), and before a merge,
//! a query or serialisation, so that the sums do not depend on when they
//! were read. Memory does not grow with the runs.

use super::within::{M, REGRESSORS, Z};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// Runs (or clusters) per blocked update.
const B: usize = 16;
/// Entries summed at once (every vector has at least this many).
const LANES: usize = 8;
const _: () = assert!(PAIRS >= LANES && M >= LANES);
/// Pairs `a <= b` of the quantities.
const PAIRS: usize = Z * (Z + 1) / 2;
/// Entries of the packed upper triangle of `vec(M) vec(M)'`.
const GENERAL: usize = M * (M + 1) / 2;

/// Where row `a` starts in the packed upper triangle (by rows) of an
/// `n x n` matrix.
const fn row_start(n: usize, a: usize) -> usize {
    a * n - a * a.saturating_sub(1) / 2
}

/// The index of the pair `a <= b`.
const fn pair(a: usize, b: usize) -> usize {
    row_start(Z, a) + b - a
}

/// The two quantities of each pair.
const ENDS: [(usize, usize); PAIRS] = {
    let mut t = [(0, 0); PAIRS];
    let mut a = 0;
    while a < Z {
        let mut b = a;
        while b < Z {
            t[pair(a, b)] = (a, b);
            b += 1;
        }
        a += 1;
    }
    t
};

/// For pair `(a, b)`: the first pair `(c, d)` with `b <= c`, its partners
/// in the products of four (the pairs from there on, in order).
const FIRST: [usize; PAIRS] = {
    let mut t = [0; PAIRS];
    let mut i = 0;
    while i < PAIRS {
        t[i] = row_start(Z, ENDS[i].1);
        i += 1;
    }
    t
};

/// The rows of [`FIRST`] summed: those of pairs `(a, b)` whose `b` is a
/// regressor. The others' products of four hold at most one regressor, and
/// [`Cross::quad`] and [`Cross::sum`] read only products of two pairs that
/// each hold one (so at least two regressors, which sort into a row kept).
/// Those entries of [`Cross::fourth`] stay 0.
const USED: [bool; PAIRS] = {
    let mut t = [true; PAIRS];
    let mut i = 0;
    while i < PAIRS {
        t[i] = ENDS[i].1 < REGRESSORS;
        i += 1;
    }
    t
};

/// Every row of the general form.
const EVERY: [bool; M] = [true; M];

/// Where the products of four of each pair start in [`Cross::fourth`].
const OFFSET: [usize; PAIRS] = {
    let mut t = [0; PAIRS];
    let mut i = 1;
    while i < PAIRS {
        t[i] = t[i - 1] + PAIRS - FIRST[i - 1];
        i += 1;
    }
    t
};

/// Distinct products of four quantities.
const FOURTH: usize = OFFSET[PAIRS - 1] + PAIRS - FIRST[PAIRS - 1];
const _: () = assert!(FOURTH == 715);

/// Every entry of a row of the general form: its upper triangle.
const DIAGONAL: [usize; M] = {
    let mut t = [0; M];
    let mut i = 0;
    while i < M {
        t[i] = i;
        i += 1;
    }
    t
};

/// The index in [`Cross::fourth`] of `u_a u_b u_c u_d` (any order).
fn fourth_index(mut q: [usize; 4]) -> usize {
    q.sort_unstable();
    let i = pair(q[0], q[1]);
    OFFSET[i] + pair(q[2], q[3]) - FIRST[i]
}

/// Up to [`B`] vectors of `N` entries (the first `len`).
#[derive(Debug, Clone)]
struct Block<const N: usize> {
    runs: [[f64; N]; B],
    len: usize,
}

impl<const N: usize> Block<N> {
    fn boxed() -> Box<Self> {
        Box::new(Block {
            runs: [[0.0; N]; B],
            len: 0,
        })
    }

    /// Add the next vector.
    #[inline]
    fn next(&mut self) -> &mut [f64; N] {
        self.len += 1;
        &mut self.runs[self.len - 1]
    }

    /// Add to `acc`, in order, for each entry `i` the sums over the vectors
    /// of its products with the entries `first[i]..N` (for the entries
    /// `used`; the others' sums are left as they are). Each sum runs over
    /// the vectors in order, eight entries at a time (one lane each: the
    /// same sums bit for bit), with AVX2 where the processor has it.
    fn add_to(&self, first: &[usize; N], used: &[bool; N], acc: &mut [f64]) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the processor supports AVX2 (checked just above).
            return unsafe { self.add_to_avx2(first, used, acc) };
        }
        self.add_to_lanes(first, used, acc);
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn add_to_avx2(&self, first: &[usize; N], used: &[bool; N], acc: &mut [f64]) {
        self.add_to_lanes(first, used, acc);
    }

    #[inline(always)]
    fn add_to_lanes(&self, first: &[usize; N], used: &[bool; N], acc: &mut [f64]) {
        let mut rest = acc;
        for (i, (&from, &used)) in first.iter().zip(used).enumerate() {
            let (out, tail) = std::mem::take(&mut rest).split_at_mut(N - from);
            rest = tail;
            if !used {
                continue;
            }
            let x: [f64; B] = std::array::from_fn(|r| self.runs[r][i]);
            let mut eights = out.chunks_exact_mut(LANES);
            let mut j = from;
            for o in &mut eights {
                o.iter_mut()
                    .zip(self.sums(&x, j))
                    .for_each(|(o, s)| *o += s);
                j += LANES;
            }
            // The row's last entries (every row ends at entry `N - 1`) in
            // the last eight: the lanes before them are not added.
            let left = eights.into_remainder();
            if !left.is_empty() {
                let s = self.sums(&x, N - LANES);
                let k = left.len();
                left.iter_mut()
                    .zip(&s[LANES - k..])
                    .for_each(|(o, s)| *o += s);
            }
        }
    }

    /// The sums over the vectors of `x` times their entries `j..j + LANES`,
    /// each in the vectors' order.
    #[inline(always)]
    fn sums(&self, x: &[f64; B], j: usize) -> [f64; LANES] {
        let mut s = [0.0; LANES];
        for (x, run) in x.iter().zip(&self.runs) {
            let y: &[f64; LANES] = run[j..j + LANES].try_into().expect("eight entries");
            for l in 0..LANES {
                s[l] += x * y[l];
            }
        }
        s
    }

    /// [`Block::add_to`] over the vectors held, then empty the block.
    fn fold(&mut self, first: &[usize; N], used: &[bool; N], acc: &mut [f64]) {
        // Vectors beyond `len` may be an earlier block's.
        for run in &mut self.runs[self.len..] {
            run.fill(0.0);
        }
        self.add_to(first, used, acc);
        self.len = 0;
    }
}

/// The sums of the clusters of several runs.
#[derive(Debug, Clone)]
struct Multi {
    /// `sum M_g`.
    sum: Vec<f64>,
    /// `sum vec(M_g) vec(M_g)'`, its upper triangle packed by rows.
    cross: Vec<f64>,
    /// Closed clusters not yet in `cross`.
    pending: Option<Box<Block<M>>>,
}

impl Multi {
    fn new() -> Self {
        Multi {
            sum: vec![0.0; M],
            cross: vec![0.0; GENERAL],
            pending: None,
        }
    }

    fn add(&mut self, m: &[f64]) {
        self.sum.iter_mut().zip(m).for_each(|(s, x)| *s += x);
        let block = self.pending.get_or_insert_with(Block::boxed);
        block.next().copy_from_slice(m);
        if block.len == B {
            block.fold(&DIAGONAL, &EVERY, &mut self.cross);
        }
    }

    fn settle(&mut self) {
        if let Some(mut block) = self.pending.take()
            && block.len > 0
        {
            block.fold(&DIAGONAL, &EVERY, &mut self.cross);
        }
    }
}

/// `sum_g M_g` and `sum_g vec(M_g) vec(M_g)'` of a stream of runs in
/// clusters.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(try_from = "Stored", into = "Stored")]
pub struct Cross {
    /// Closed clusters.
    clusters: u64,
    /// Clusters of one run: the sum of each product of four quantities,
    /// by pair `(a, b)` then pair `(c, d)` from [`FIRST`] on.
    fourth: Vec<f64>,
    /// Runs of one-run clusters not yet in `fourth`: their pairs.
    pending: Option<Box<Block<PAIRS>>>,
    /// `M` of the open cluster (empty until a match of several runs opens).
    open: Vec<f64>,
    /// Clusters of several runs (none until one closes).
    multi: Option<Box<Multi>>,
}

/// The serialised form of [`Cross`]: no buffers (they are folded in
/// first), and empty `sum` and `cross` without clusters of several runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Stored {
    clusters: u64,
    fourth: Vec<f64>,
    open: Vec<f64>,
    sum: Vec<f64>,
    cross: Vec<f64>,
}

impl From<Cross> for Stored {
    fn from(mut c: Cross) -> Self {
        c.settle();
        let (sum, cross) = match c.multi {
            Some(m) => (m.sum, m.cross),
            None => (Vec::new(), Vec::new()),
        };
        Stored {
            clusters: c.clusters,
            fourth: c.fourth,
            open: c.open,
            sum,
            cross,
        }
    }
}

impl TryFrom<Stored> for Cross {
    type Error = String;

    fn try_from(s: Stored) -> Result<Self, String> {
        let multi = match (s.sum.len(), s.cross.len()) {
            (0, 0) => None,
            (M, GENERAL) => Some(Box::new(Multi {
                sum: s.sum,
                cross: s.cross,
                pending: None,
            })),
            (a, b) => return Err(format!("within-pairing sums of {a} and {b} entries")),
        };
        if s.fourth.len() != FOURTH || !(s.open.is_empty() || s.open.len() == M) {
            return Err(format!(
                "within-pairing sums of {} and {} entries",
                s.fourth.len(),
                s.open.len()
            ));
        }
        Ok(Cross {
            clusters: s.clusters,
            fourth: s.fourth,
            pending: None,
            open: s.open,
            multi,
        })
    }
}

impl PartialEq for Cross {
    /// The same sums (buffered or folded in).
    fn eq(&self, o: &Self) -> bool {
        Stored::from(self.clone()) == Stored::from(o.clone())
    }
}

impl Default for Cross {
    fn default() -> Self {
        Cross {
            clusters: 0,
            fourth: vec![0.0; FOURTH],
            pending: None,
            open: Vec::new(),
            multi: None,
        }
    }
}

impl Cross {
    /// Closed clusters.
    pub fn clusters(&self) -> u64 {
        self.clusters
    }

    /// Add a run's quantities `u`; `close` ends its cluster.
    #[inline]
    pub fn push(&mut self, u: &[f64; Z], close: bool) {
        if close && self.open.is_empty() {
            self.clusters += 1;
            let block = self.pending.get_or_insert_with(Block::boxed);
            let mut p = block.next().iter_mut();
            for (a, &ua) in u.iter().enumerate() {
                // `u[a..]` first: zip stops on it without taking an entry.
                for (&ub, p) in u[a..].iter().zip(p.by_ref()) {
                    *p = ua * ub;
                }
            }
            if block.len == B {
                block.fold(&FIRST, &USED, &mut self.fourth);
            }
            return;
        }
        if self.open.is_empty() {
            self.open = vec![0.0; M];
        }
        for (row, &uj) in self.open.chunks_exact_mut(Z).zip(&u[..REGRESSORS]) {
            row.iter_mut().zip(u).for_each(|(s, &ua)| *s += uj * ua);
        }
        if close {
            self.close_open();
        }
    }

    /// Close the open cluster, if it holds runs.
    pub fn close_open(&mut self) {
        if !self.open.is_empty() {
            let m = std::mem::take(&mut self.open);
            self.clusters += 1;
            self.multi
                .get_or_insert_with(|| Box::new(Multi::new()))
                .add(&m);
        }
    }

    /// Fold the buffered runs and clusters in and free the buffers.
    pub fn settle(&mut self) {
        if let Some(mut block) = self.pending.take()
            && block.len > 0
        {
            block.fold(&FIRST, &USED, &mut self.fourth);
        }
        if let Some(m) = self.multi.as_deref_mut() {
            m.settle();
        }
    }

    fn is_settled(&self) -> bool {
        self.pending.as_ref().is_none_or(|b| b.len == 0)
            && self
                .multi
                .as_ref()
                .is_none_or(|m| m.pending.as_ref().is_none_or(|b| b.len == 0))
    }

    /// These sums with nothing buffered (a copy only when something is).
    pub fn settled(&self) -> Cow<'_, Cross> {
        if self.is_settled() {
            Cow::Borrowed(self)
        } else {
            let mut c = self.clone();
            c.settle();
            Cow::Owned(c)
        }
    }

    /// Combine with the closed clusters of a later chunk.
    pub fn merge(&mut self, o: &Cross) {
        self.settle();
        let o = o.settled();
        self.clusters += o.clusters;
        self.fourth
            .iter_mut()
            .zip(&o.fourth)
            .for_each(|(a, b)| *a += b);
        if let Some(om) = o.multi.as_deref() {
            let m = self.multi.get_or_insert_with(|| Box::new(Multi::new()));
            m.sum.iter_mut().zip(&om.sum).for_each(|(a, b)| *a += b);
            m.cross.iter_mut().zip(&om.cross).for_each(|(a, b)| *a += b);
        }
    }

    /// `sum M_g` (`M` by rows: regressor `j`, quantity `a` at `j Z + a`).
    /// Expects settled sums.
    pub fn sum(&self) -> [f64; M] {
        debug_assert!(self.is_settled());
        std::array::from_fn(|i| {
            let (j, a) = (i / Z, i % Z);
            let one = self.fourth[pair(j.min(a), j.max(a))];
            self.multi.as_ref().map_or(one, |m| one + m.sum[i])
        })
    }

    /// `sum_g (vec(M_g)' c)^2`: `c' (sum vec(M_g) vec(M_g)') c`. Expects
    /// settled sums.
    pub fn quad(&self, c: &[f64; M]) -> f64 {
        debug_assert!(self.is_settled());
        // One-run clusters: vec(M)' c = sum_{a <= b} s_ab p_ab.
        let mut s = [0.0; PAIRS];
        for (i, &ci) in c.iter().enumerate() {
            let (j, a) = (i / Z, i % Z);
            s[pair(j.min(a), j.max(a))] += ci;
        }
        let mut q = 0.0;
        for (i, &si) in s.iter().enumerate() {
            if si != 0.0 {
                let (a, b) = ENDS[i];
                let at = |k: usize| {
                    let (c, d) = ENDS[k];
                    self.fourth[fourth_index([a, b, c, d])]
                };
                let off: f64 = (i + 1..PAIRS).map(|k| s[k] * at(k)).sum();
                q += si * (si * at(i) + 2.0 * off);
            }
        }
        if let Some(m) = self.multi.as_deref() {
            for (p, &cp) in c.iter().enumerate() {
                if cp != 0.0 {
                    let start = row_start(M, p);
                    let row = &m.cross[start..start + M - p];
                    let off: f64 = row[1..].iter().zip(&c[p + 1..]).map(|(a, b)| a * b).sum();
                    q += cp * (cp * row[0] + 2.0 * off);
                }
            }
        }
        q.max(0.0)
    }
}

#[cfg(test)]
#[path = "cross_tests.rs"]
mod tests;
