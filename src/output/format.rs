//! How negsim writes numbers: in CSV files (`num`, `plain`), in prose and
//! tables for people (`money`, `amount`, `pct`), and the serde adapters that
//! put the CSV forms on typed rows.

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

/// Decimals of the values of one negotiation (transcript and its chart):
/// whole units for prices with a large prior spread, else two.
pub fn money_decimals(scenario: &Scenario) -> usize {
    let price = matches!(scenario, Scenario::Price { .. });
    if price && scenario.prior(0).reservation.1 >= 10.0 {
        0
    } else {
        2
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
