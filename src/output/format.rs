//! How negsim writes numbers: in CSV files (`num`, `plain`), in prose and
//! tables for people (`money`, `amount`, `pct`, and at any scale `value`,
//! `stat`, `decimals`), and the serde adapters that put the CSV forms on
//! typed rows.
//!
//! For people, the decimals follow the scale of the numbers, never a fixed
//! count: a price of 52,735 is written in whole units with separators, a
//! utility of 0.084 with three decimals, and a mean with its 95% interval
//! to the precision the interval allows (`stat(0.0843, 0.0041)` is
//! `0.084 ± 0.004`, `stat(1273.9, 86.6)` is `1,274 ± 87`).

use crate::model::scenario::Scenario;

pub use crate::number::num;

/// A number with thousands separators and `decimals` decimals; no minus
/// sign when it rounds to zero.
pub fn money(x: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, x.abs());
    let (int, frac) = s.split_once('.').map_or((s.as_str(), ""), |(i, f)| (i, f));
    let mut out = String::new();
    for (k, c) in int.chars().enumerate() {
        if k > 0 && (int.len() - k) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    if x < 0.0 && out.chars().any(|c| c != '0' && c != '.' && c != ',') {
        out.insert(0, '-');
    }
    out
}

/// Decimals that show numbers of magnitude `scale` with `digits`
/// significant digits, never fewer than 0 (whole units from
/// `10^(digits-1)` up): `decimals(0.084, 2)` is 3, `decimals(52735.0, 3)`
/// is 0. A scale that is 0 or not finite gives 0 decimals for `digits` <= 1,
/// else `digits - 1`.
pub fn decimals(scale: f64, digits: usize) -> usize {
    let a = scale.abs();
    if !(a.is_finite() && a > 0.0) {
        return digits.saturating_sub(1);
    }
    // The decimal exponent of the leading digit, after rounding to `digits`
    // (0.0996 shown with 2 digits is 0.10: exponent -1, not -2).
    let mut e = a.log10().floor() as i32;
    let d = digits.max(1) as i32;
    let rounded = (a / 10f64.powi(e - d + 1)).round();
    if rounded >= 10f64.powi(d) {
        e += 1;
    }
    (d - 1 - e).clamp(0, 12) as usize
}

/// `x` for people, with the decimals of numbers of magnitude `scale` (the
/// spread or size of the values shown together) at three significant
/// digits, and thousands separators: `value(52735.4, 20000.0)` is
/// `52,735`, `value(0.7312, 1.0)` is `0.73`, `value(0.0843, 0.1)` is
/// `0.084`.
pub fn value(x: f64, scale: f64) -> String {
    money(x, decimals(scale, 3))
}

/// Decimals for a mean shown with the half-width `ci` of its 95% interval:
/// the interval to two significant digits when its leading digit is 1 or 2,
/// else one; from the mean's own magnitude (three digits) when `ci` is 0 or
/// missing.
pub fn stat_decimals(mean: f64, ci: f64) -> usize {
    if ci.is_finite() && ci > 0.0 {
        let lead = ci / 10f64.powi(ci.log10().floor() as i32);
        decimals(ci, if lead < 2.95 { 2 } else { 1 })
    } else {
        decimals(mean, 3)
    }
}

/// A mean and the half-width of its 95% interval, `mean ± ci`, at the
/// precision of [`stat_decimals`]: `stat(0.0843, 0.0041)` is
/// `0.084 ± 0.004`, `stat(1273.9, 86.6)` is `1,274 ± 87`; just the mean
/// when `ci` is missing (NaN).
pub fn stat(mean: f64, ci: f64) -> String {
    let d = stat_decimals(mean, ci);
    if ci.is_finite() {
        format!("{} ± {}", money(mean, d), money(ci, d))
    } else {
        money(mean, d)
    }
}

/// Decimals of the values of one negotiation (transcript and its chart):
/// whole units for prices with a large prior spread, else two significant
/// digits of the prior sd of A's reservation, at least two decimals
/// (values on [0, 1] show as `0.73`, a spread of 0.01 as `0.734`).
pub fn money_decimals(scenario: &Scenario) -> usize {
    let price = matches!(scenario, Scenario::Price { .. });
    let sd = scenario.prior(0).reservation.1;
    if price && sd >= 10.0 {
        0
    } else {
        decimals(sd, 2).max(2)
    }
}

/// A surplus in the report: whole price units with separators, or utility
/// with three decimals.
pub fn amount(x: f64, price: bool) -> String {
    if price {
        money(x, 0)
    } else {
        format!("{x:.3}")
    }
}

/// A fraction as a percentage with one decimal (`0.125` -> `12.5%`).
pub fn pct(x: f64) -> String {
    format!("{:.1}%", 100.0 * x)
}

/// Serde adapter for `f64` fields of CSV rows: written with [`num`], read
/// back with NaN for an empty field.
pub mod csv_num {
    use serde::{Deserialize, Deserializer, Serializer};

    /// Write `x` as [`num`](super::num) does.
    pub fn serialize<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::num(*x))
    }

    /// Read a number; an empty field is NaN.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::NAN))
    }
}

/// Serde adapter for `f64` fields of CSV rows that echo a setting as given
/// (Rust's `Display`), read back like [`csv_num`].
pub mod plain {
    use serde::{Deserializer, Serializer};

    /// Write `x` with `Display`.
    pub fn serialize<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(x)
    }

    /// Read a number; an empty field is NaN.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        super::csv_num::deserialize(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_format() {
        assert_eq!(money(52310.4, 0), "52,310");
        assert_eq!(money(-1234567.891, 2), "-1,234,567.89");
        assert_eq!(money(999.0, 0), "999");
        assert_eq!(money(-0.001, 0), "0");
    }

    #[test]
    fn decimals_follow_the_scale() {
        assert_eq!(decimals(0.084, 2), 3);
        assert_eq!(decimals(0.084, 3), 4);
        assert_eq!(decimals(52735.0, 3), 0);
        assert_eq!(decimals(1.0, 3), 2);
        assert_eq!(decimals(0.0996, 2), 2);
        assert_eq!(decimals(9.96, 2), 0);
        assert_eq!(decimals(0.0, 3), 2);
        assert_eq!(decimals(f64::NAN, 1), 0);
        assert_eq!(decimals(1e-30, 3), 12);
    }

    #[test]
    fn values_and_stats_at_every_scale() {
        assert_eq!(value(52735.4, 20000.0), "52,735");
        assert_eq!(value(0.7312, 1.0), "0.73");
        assert_eq!(value(0.0843, 0.1), "0.084");
        assert_eq!(value(-0.0843, 0.1), "-0.084");
        assert_eq!(stat(0.0843, 0.0041), "0.084 ± 0.004");
        assert_eq!(stat(0.0843, 0.0012), "0.0843 ± 0.0012");
        assert_eq!(stat(1273.9, 86.6), "1,274 ± 87");
        assert_eq!(stat(1273.9, 17.8), "1,274 ± 18");
        assert_eq!(stat(52735.0, 1234.0), "52,735 ± 1,234");
        assert_eq!(stat(0.5, 0.0), "0.500 ± 0.000");
        assert_eq!(stat(0.5, f64::NAN), "0.500");
        assert_eq!(stat_decimals(0.079, 0.004), 3);
    }

    #[test]
    fn num_format() {
        assert_eq!(num(0.0), "0");
        assert_eq!(num(-0.0), "0");
        assert_eq!(num(1.0), "1");
        assert_eq!(num(0.1), "0.1");
        assert_eq!(num(1e21), "1e21");
        assert_eq!(num(0.5028999999999995), "0.5029");
        assert_eq!(num(f64::NAN), "");
        assert_eq!(num(f64::INFINITY), "");
    }
}
