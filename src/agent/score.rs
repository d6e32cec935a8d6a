//! The CRPS of an agent's belief report at the truth: the report's cdf
//! points joined linearly, with the probability below its first point
//! placed at that point and the probability above its last at that one (a
//! single point is a point mass).

/// `integral (F(x) - 1{x >= y})^2 dx` for the cdf through `pts` (sorted
/// by x, probabilities not falling), at `y`.
pub fn crps(pts: &[(f64, f64)], y: f64) -> f64 {
    let (Some(&(first, _)), Some(&(last, _))) = (pts.first(), pts.last()) else {
        return f64::NAN;
    };
    // Outside the points F is 0 (left) or 1 (right): only the step counts.
    let mut s = (first - y).max(0.0) + (y - last).max(0.0);
    // A piece where F runs linearly from fa to fb and the step is h.
    let piece = |a: f64, b: f64, fa: f64, fb: f64, h: f64| {
        let (u, v) = (fa - h, fb - h);
        (b - a) * (u * u + u * v + v * v) / 3.0
    };
    for w in pts.windows(2) {
        let ((a, fa), (b, fb)) = (w[0], w[1]);
        if b <= a {
            continue;
        }
        if y <= a {
            s += piece(a, b, fa, fb, 1.0);
        } else if y >= b {
            s += piece(a, b, fa, fb, 0.0);
        } else {
            let fy = fa + (fb - fa) * (y - a) / (b - a);
            s += piece(a, y, fa, fy, 0.0) + piece(y, b, fy, fb, 1.0);
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::crps;

    #[test]
    fn a_point_mass_scores_its_distance() {
        assert_eq!(crps(&[(3.0, 0.5)], 3.0), 0.0);
        assert_eq!(crps(&[(3.0, 0.5)], 5.0), 2.0);
        assert_eq!(crps(&[(3.0, 1.0)], 1.0), 2.0);
    }

    #[test]
    fn a_uniform_belief_scores_as_in_closed_form() {
        // U(0, 1) at y inside: (y^3 + (1 - y)^3) / 3, 1/12 at 0.5.
        let u = [(0.0, 0.0), (1.0, 1.0)];
        for y in [0.0, 0.2, 0.5, 0.9, 1.0] {
            let exact = (y * y * y + (1.0 - y) * (1.0 - y) * (1.0 - y)) / 3.0;
            assert!((crps(&u, y) - exact).abs() < 1e-12, "y = {y}");
        }
        // Outside: E|X - y| - 1/6.
        assert!((crps(&u, 2.0) - (1.5 - 1.0 / 6.0)).abs() < 1e-12);
        // Splitting a segment changes nothing.
        let split = [(0.0, 0.0), (0.3, 0.3), (1.0, 1.0)];
        assert!((crps(&split, 0.6) - crps(&u, 0.6)).abs() < 1e-12);
    }

    #[test]
    fn a_sharper_belief_at_the_truth_scores_lower() {
        let wide = [(0.0, 0.0), (10.0, 1.0)];
        let sharp = [(4.0, 0.0), (6.0, 1.0)];
        assert!(crps(&sharp, 5.0) < crps(&wide, 5.0));
        assert!(crps(&sharp, 9.0) > crps(&sharp, 5.0));
    }
}
