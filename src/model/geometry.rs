//! Outcome-space geometry for the metrics of MODEL.md section 8 and
//! THEORY.md section 4: Pareto frontiers, the Nash and Kalai-Smorodinsky
//! points, distances, and the largest joint surplus. Works on a discrete set
//! of outcomes (the fixed test domain) and on the continuous frontier of a
//! linear multi-issue scenario.

/// A point in utility space: (utility of A, utility of B).
pub type Point = (f64, f64);

fn dist(p: Point, q: Point) -> f64 {
    ((p.0 - q.0).powi(2) + (p.1 - q.1).powi(2)).sqrt()
}

/// Distance from `p` to the segment `a`-`b`.
pub fn segment_distance(p: Point, a: Point, b: Point) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len2 = dx * dx + dy * dy;
    if len2 == 0.0 {
        return dist(p, a);
    }
    let t = (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / len2).clamp(0.0, 1.0);
    dist(p, (a.0 + t * dx, a.1 + t * dy))
}

/// The Pareto-optimal points of a finite set (no other point is at least as
/// good for both and better for one), sorted by A's utility.
pub fn pareto_set(points: &[Point]) -> Vec<Point> {
    let mut out: Vec<Point> = points
        .iter()
        .copied()
        .filter(|p| {
            !points
                .iter()
                .any(|q| q.0 >= p.0 && q.1 >= p.1 && (q.0 > p.0 || q.1 > p.1))
        })
        .collect();
    out.sort_by(|a, b| a.0.total_cmp(&b.0));
    out.dedup();
    out
}

/// Smallest distance from `p` to any point of `set`.
pub fn distance_to_points(p: Point, set: &[Point]) -> f64 {
    set.iter()
        .map(|&q| dist(p, q))
        .fold(f64::INFINITY, f64::min)
}

/// The point of `set` maximising `(u_A - r_A)(u_B - r_B)` among those at
/// least as good as the reservations `r`.
pub fn nash_point(set: &[Point], r: Point) -> Option<Point> {
    set.iter()
        .copied()
        .filter(|p| p.0 >= r.0 && p.1 >= r.1)
        .max_by(|a, b| ((a.0 - r.0) * (a.1 - r.1)).total_cmp(&((b.0 - r.0) * (b.1 - r.1))))
}

/// The Kalai-Smorodinsky point of a discrete set: the individually rational
/// point whose normalised gains `(u_i - r_i)/(max_i - r_i)` are most nearly
/// equal (ties: the larger gain).
pub fn kalai_smorodinsky_point(set: &[Point], r: Point) -> Option<Point> {
    let ir: Vec<Point> = set
        .iter()
        .copied()
        .filter(|p| p.0 >= r.0 && p.1 >= r.1)
        .collect();
    let max_a = ir.iter().map(|p| p.0).fold(f64::NEG_INFINITY, f64::max);
    let max_b = ir.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
    let gain = |p: &Point| ((p.0 - r.0) / (max_a - r.0), (p.1 - r.1) / (max_b - r.1));
    ir.iter().copied().min_by(|a, b| {
        let (ga, gb) = (gain(a), gain(b));
        let key_a = ((ga.0 - ga.1).abs(), -(ga.0.min(ga.1)));
        let key_b = ((gb.0 - gb.1).abs(), -(gb.0.min(gb.1)));
        key_a
            .0
            .total_cmp(&key_b.0)
            .then(key_a.1.total_cmp(&key_b.1))
    })
}

/// The continuous Pareto frontier of a linear multi-issue domain as a
/// polyline of at most `n + 1` vertices from A getting nothing to A getting
/// everything, stored without allocation.
#[derive(Debug, Clone, Copy)]
pub struct Frontier {
    pts: [Point; crate::model::scenario::MAX_ISSUES + 1],
    len: usize,
}

impl Frontier {
    /// Frontier of `u_A = wa . x`, `u_B = wb . (1 - x)`: A receives issues in
    /// decreasing order of `wa_k / wb_k`.
    pub fn linear(wa: &[f64], wb: &[f64]) -> Self {
        let n = wa.len();
        let mut order = [0usize; crate::model::scenario::MAX_ISSUES];
        for (k, o) in order.iter_mut().enumerate().take(n) {
            *o = k;
        }
        let order = &mut order[..n];
        // Insertion sort by wa_k * wb_j > wa_j * wb_k (ratio, without division).
        for i in 1..n {
            let mut j = i;
            while j > 0 && wa[order[j]] * wb[order[j - 1]] > wa[order[j - 1]] * wb[order[j]] {
                order.swap(j, j - 1);
                j -= 1;
            }
        }
        let mut pts = [(0.0, 0.0); crate::model::scenario::MAX_ISSUES + 1];
        let (mut ua, mut ub) = (0.0, wb.iter().sum::<f64>());
        pts[0] = (ua, ub);
        for (i, &k) in order.iter().enumerate() {
            ua += wa[k];
            ub -= wb[k];
            pts[i + 1] = (ua, ub.max(0.0));
        }
        Frontier { pts, len: n + 1 }
    }

    /// A frontier of a single segment (price bargaining in surplus space:
    /// from (0, z) to (z, 0)).
    pub fn segment(a: Point, b: Point) -> Self {
        let mut pts = [(0.0, 0.0); crate::model::scenario::MAX_ISSUES + 1];
        pts[0] = a;
        pts[1] = b;
        Frontier { pts, len: 2 }
    }

    /// The vertices.
    pub fn vertices(&self) -> &[Point] {
        &self.pts[..self.len]
    }

    fn segments(&self) -> impl Iterator<Item = (Point, Point)> + '_ {
        self.vertices().windows(2).map(|w| (w[0], w[1]))
    }

    /// Distance from `p` to the frontier.
    pub fn distance(&self, p: Point) -> f64 {
        self.segments()
            .map(|(a, b)| segment_distance(p, a, b))
            .fold(f64::INFINITY, f64::min)
    }

    /// B's utility on the frontier where A's utility is `ua` (`None` outside).
    pub fn b_at(&self, ua: f64) -> Option<f64> {
        self.segments().find_map(|(a, b)| {
            (ua >= a.0 && ua <= b.0).then(|| {
                if b.0 == a.0 {
                    a.1.max(b.1)
                } else {
                    a.1 + (b.1 - a.1) * (ua - a.0) / (b.0 - a.0)
                }
            })
        })
    }

    /// Whether an agreement exists that both prefer to their reservations.
    pub fn has_zopa(&self, r: Point) -> bool {
        self.b_at(r.0).is_some_and(|ub| ub >= r.1)
    }

    /// The Nash point on the frontier: max `(u_A - r_A)(u_B - r_B)` over
    /// individually rational frontier points (`None` without a zone of agreement).
    pub fn nash(&self, r: Point) -> Option<Point> {
        if !self.has_zopa(r) {
            return None;
        }
        let mut best: Option<(f64, Point)> = None;
        for (a, b) in self.segments() {
            // Along p(t) = a + t (b - a): (da + t ea)(db + t eb), maximised at
            // t* = -(da eb + db ea) / (2 ea eb), clamped to [0, 1].
            let (da, db) = (a.0 - r.0, a.1 - r.1);
            let (ea, eb) = (b.0 - a.0, b.1 - a.1);
            let mut cands = [0.0, 1.0, 0.0];
            let denom = 2.0 * ea * eb;
            cands[2] = if denom != 0.0 {
                (-(da * eb + db * ea) / denom).clamp(0.0, 1.0)
            } else {
                0.0
            };
            for t in cands {
                let p = (a.0 + t * ea, a.1 + t * eb);
                if p.0 >= r.0 - 1e-12 && p.1 >= r.1 - 1e-12 {
                    let v = (p.0 - r.0) * (p.1 - r.1);
                    if best.is_none_or(|(bv, _)| v > bv) {
                        best = Some((v, p));
                    }
                }
            }
        }
        best.map(|(_, p)| p)
    }

    /// Largest joint surplus `u_A + u_B - r_A - r_B` over individually
    /// rational agreements (0 without a zone of agreement).
    pub fn max_joint_surplus(&self, r: Point) -> f64 {
        if !self.has_zopa(r) {
            return 0.0;
        }
        // Welfare is linear on each segment: the maximum over the rational
        // part of the polyline is at a rational vertex or where the polyline
        // crosses u_A = r_A or u_B = r_B.
        let mut best = f64::NEG_INFINITY;
        let mut consider = |p: Point| {
            if p.0 >= r.0 - 1e-12 && p.1 >= r.1 - 1e-12 {
                best = best.max(p.0 + p.1 - r.0 - r.1);
            }
        };
        for (a, b) in self.segments() {
            consider(a);
            consider(b);
            for (lo, hi, target, first) in [(a.0, b.0, r.0, true), (b.1, a.1, r.1, false)] {
                if hi > lo && target >= lo && target <= hi {
                    let t = if first {
                        (target - a.0) / (b.0 - a.0)
                    } else {
                        (a.1 - target) / (a.1 - b.1)
                    };
                    consider((a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1)));
                }
            }
        }
        best.max(0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// THEORY.md section 3, fixed domain: levels {0, 1/4, 1/2, 3/4, 1},
    /// u_A = 0.7 x1 + 0.3 x2, u_B = 0.3 (1 - x1) + 0.7 (1 - x2), reservations 0.
    fn fixed_domain() -> Vec<Point> {
        let levels = [0.0, 0.25, 0.5, 0.75, 1.0];
        let mut pts = Vec::new();
        for &x1 in &levels {
            for &x2 in &levels {
                pts.push((0.7 * x1 + 0.3 * x2, 0.3 * (1.0 - x1) + 0.7 * (1.0 - x2)));
            }
        }
        pts
    }

    #[test]
    fn t6_fixed_domain_metrics_exact() {
        let pts = fixed_domain();
        let pareto = pareto_set(&pts);
        // The Pareto bids run (0,1) - (0.7,0.7) - (1,0).
        assert_eq!(pareto.first().copied(), Some((0.0, 1.0)));
        assert_eq!(pareto.last().copied(), Some((1.0, 0.0)));
        assert!(
            pareto
                .iter()
                .any(|p| (p.0 - 0.7).abs() < 1e-12 && (p.1 - 0.7).abs() < 1e-12)
        );
        let nash = nash_point(&pareto, (0.0, 0.0)).unwrap();
        let ks = kalai_smorodinsky_point(&pareto, (0.0, 0.0)).unwrap();
        let max_w = pareto.iter().map(|p| p.0 + p.1).fold(0.0, f64::max);
        for p in [nash, ks] {
            assert!(
                (p.0 - 0.7).abs() < 1e-12 && (p.1 - 0.7).abs() < 1e-12,
                "{p:?}"
            );
        }
        assert!((max_w - 1.4).abs() < 1e-12);
        // The 50/50 compromise.
        let half: Point = (0.5, 0.5);
        assert!((half.0 + half.1 - 1.0).abs() < 1e-12);
        let d_discrete = distance_to_points(half, &pareto);
        assert!((d_discrete - 0.2761).abs() < 5e-5, "{d_discrete}");
        let cont = Frontier::linear(&[0.7, 0.3], &[0.3, 0.7]);
        assert_eq!(cont.vertices(), &[(0.0, 1.0), (0.7, 0.7), (1.0, 0.0)]);
        let d_cont = cont.distance(half);
        assert!((d_cont - 0.2626).abs() < 5e-5, "{d_cont}");
        let nd = dist(half, nash);
        assert!((nd - 0.2828).abs() < 5e-5, "{nd}");
        let cn = cont.nash((0.0, 0.0)).unwrap();
        assert!((cn.0 - 0.7).abs() < 1e-12 && (cn.1 - 0.7).abs() < 1e-12);
        assert!((cont.max_joint_surplus((0.0, 0.0)) - 1.4).abs() < 1e-12);
    }

    #[test]
    fn max_joint_respects_reservations() {
        let f = Frontier::linear(&[0.7, 0.3], &[0.3, 0.7]);
        // B needs 0.9: the best rational point has u_B = 0.9 on the first segment.
        let r = (0.0, 0.9);
        let ua = 0.7 * (1.0 - 0.9) / 0.3;
        assert!((f.max_joint_surplus(r) - (ua + 0.9 - 0.9)).abs() < 1e-12);
        assert!(!f.has_zopa((0.8, 0.8)));
        assert_eq!(f.max_joint_surplus((0.8, 0.8)), 0.0);
        assert!(f.nash((0.8, 0.8)).is_none());
    }
}
