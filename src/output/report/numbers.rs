//! Numbers in the report, with decimals chosen from the scale of the
//! values they are shown with: a surplus of 1,273 price units is shown
//! whole, one of 0.084 utility with four decimals, so that no value of a
//! table or a sentence reads as 0. (A private formatter: the shared ones in
//! `output::format` fix the decimals by scenario kind.)

use crate::output::format::money;

/// Significant digits of the largest value of a set.
const DIGITS: i32 = 3;
/// At most this many decimals.
const MAX_DECIMALS: i32 = 8;

/// A way to write the numbers of one set (a table's column, a sentence):
/// thousands separators and the decimals that give the largest of them
/// three significant digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Scale {
    /// Decimals.
    pub decimals: usize,
}

impl Scale {
    /// The scale of `values` (their largest absolute finite value; whole
    /// numbers when there is none, or it is 0).
    pub fn of(values: impl IntoIterator<Item = f64>) -> Self {
        let top = values
            .into_iter()
            .filter(|x| x.is_finite())
            .fold(0.0f64, |m, x| m.max(x.abs()));
        let decimals = if top > 0.0 {
            (DIGITS - 1 - top.log10().floor() as i32).clamp(0, MAX_DECIMALS)
        } else {
            0
        };
        Scale {
            decimals: decimals as usize,
        }
    }

    /// `x` in this scale; empty when undefined.
    pub fn fmt(self, x: f64) -> String {
        if x.is_finite() {
            money(x, self.decimals)
        } else {
            String::new()
        }
    }

    /// `x` in this scale with its sign (`+38`, `-0.0057`, `0`).
    pub fn signed(self, x: f64) -> String {
        let s = self.fmt(x);
        if x > 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
            format!("+{s}")
        } else {
            s
        }
    }

    /// A mean and the half-width of its interval, `1,274 ± 87`; the
    /// half-width gets more decimals when it would otherwise read 0.
    pub fn pm(self, mean: f64, half: f64) -> String {
        format!("{} ± {}", self.fmt(mean), self.half(half))
    }

    /// A half-width: in this scale, or with the decimals of its own scale
    /// when it is too small to show in this one.
    pub fn half(self, half: f64) -> String {
        let own = Scale::of([half]);
        if half.is_finite() && half > 0.0 && own.decimals > self.decimals + 1 {
            // Too small for the scale of the means: one significant digit.
            money(half, own.decimals - 2)
        } else {
            self.fmt(half)
        }
    }
}

/// A p-value: two significant digits, `< 0.0001` below that, empty when
/// undefined (a tie).
pub(super) fn p_value(p: f64) -> String {
    if !p.is_finite() {
        String::new()
    } else if p < 1e-4 {
        "< 0.0001".into()
    } else if p >= 0.995 {
        "1".into()
    } else {
        let d = (1 - p.log10().floor() as i32).max(2) as usize;
        format!("{p:.d$}")
    }
}

/// A p-value after `p`: `< 0.0001` or `= 0.0035` (empty when undefined).
pub(super) fn p_clause(p: f64) -> String {
    match p_value(p) {
        s if s.is_empty() || s.starts_with('<') => s,
        s => format!("= {s}"),
    }
}

/// A plain number with at most `decimals` decimals, trailing zeros removed
/// (settings: `0.98`, `20`, `0.5`).
pub(super) fn setting(x: f64) -> String {
    if x.is_finite() && x.fract() == 0.0 && x.abs() >= 1000.0 {
        return money(x, 0);
    }
    let s = format!("{x}");
    if x.is_finite() && x.abs() >= 1000.0 {
        return money(x, s.split_once('.').map_or(0, |(_, f)| f.len()));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_follow_the_scale_of_the_values() {
        let big = Scale::of([1273.89, 1159.1, -20.0]);
        assert_eq!(big.decimals, 0);
        assert_eq!(big.fmt(1273.89), "1,274");
        assert_eq!(big.pm(1273.89, 86.6), "1,274 ± 87");
        let small = Scale::of([0.084, 0.079, 0.068]);
        assert_eq!(small.decimals, 4);
        assert_eq!(small.fmt(0.084), "0.0840");
        assert_eq!(small.fmt(0.0683), "0.0683");
        assert_eq!(small.pm(0.0963, 0.00027), "0.0963 ± 0.0003");
        // A half-width far below the scale keeps one significant digit.
        assert_eq!(small.half(0.0000123), "0.00001");
        assert_eq!(Scale::of([0.5, 0.25]).fmt(0.25), "0.250");
        assert_eq!(Scale::of([f64::NAN]).decimals, 0);
        assert_eq!(Scale::of([0.0]).fmt(0.0), "0");
        assert_eq!(big.fmt(f64::NAN), "");
        assert_eq!(big.signed(38.4), "+38");
        assert_eq!(small.signed(-0.0057), "-0.0057");
        assert_eq!(big.signed(0.2), "0");
    }

    #[test]
    fn p_values_read_at_every_size() {
        assert_eq!(p_value(0.0), "< 0.0001");
        assert_eq!(p_value(3.7e-9), "< 0.0001");
        assert_eq!(p_value(0.0035338), "0.0035");
        assert_eq!(p_value(0.4709), "0.47");
        assert_eq!(p_value(0.04), "0.040");
        assert_eq!(p_value(0.999), "1");
        assert_eq!(p_value(f64::NAN), "");
    }

    #[test]
    fn settings_read_as_written() {
        assert_eq!(setting(0.98), "0.98");
        assert_eq!(setting(20.0), "20");
        assert_eq!(setting(40000.0), "40,000");
        assert_eq!(setting(0.0), "0");
        assert_eq!(setting(1234.5), "1,234.5");
    }
}
