//! The number format of CSV cells and sweep labels, below every layer so
//! that `run` (sweep labels) and `output` (CSV files) share it.

/// A number in a CSV file: shortest round-trip form, `0` for zero (also
/// negative zero), empty for NaN and infinities.
pub fn num(x: f64) -> String {
    if x.is_finite() {
        if x == 0.0 {
            "0".to_string()
        } else {
            format!("{x}")
        }
    } else {
        String::new()
    }
}
