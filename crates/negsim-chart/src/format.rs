//! Number formatting: thousands separators, a true minus sign, percentages, tick labels at
//! the precision of their step, and one shared precision for values shown together.

/// Decimal places needed to show multiples of `step` exactly (at most 6).
pub(crate) fn decimals_for(step: f64) -> usize {
    if !(step.is_finite() && step > 0.0) {
        return 2;
    }
    (0..=6)
        .find(|&d| {
            let s = step * 10f64.powi(d as i32);
            (s - s.round()).abs() < 1e-6 * s.max(1.0)
        })
        .unwrap_or(6)
}

/// `v` with `decimals` places, thousands separators and a true minus sign.
pub(crate) fn format_number(v: f64, decimals: usize) -> String {
    if !v.is_finite() {
        return "n/a".to_string();
    }
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (s.clone(), None),
    };
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 && int.len() > 3 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let is_zero = s.chars().all(|c| c == '0' || c == '.');
    let mut out = if v < 0.0 && !is_zero {
        "\u{2212}".to_string()
    } else {
        String::new()
    };
    out.push_str(&grouped);
    if let Some(f) = frac {
        out.push('.');
        out.push_str(&f);
    }
    out
}

/// How axis and cell values are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NumFmt {
    /// As is, with thousands separators.
    Plain,
    /// A fraction shown as a percentage (0.25 -> "25%").
    Percent,
}

/// Tick label for `v` on an axis whose ticks are `step` apart.
pub(crate) fn format_tick(v: f64, step: f64, fmt: NumFmt) -> String {
    match fmt {
        NumFmt::Plain => format_number(v, decimals_for(step)),
        NumFmt::Percent => format!("{}%", format_number(v * 100.0, decimals_for(step * 100.0))),
    }
}

/// Decimals that show a positive magnitude `a` below 1 with two significant digits (0.47 ->
/// 2, 0.084 -> 3), at most 6.
fn small_decimals(a: f64) -> usize {
    if !(a.is_finite() && a > 0.0) {
        return 2;
    }
    let mut e = a.log10().floor() as i32;
    if (a / 10f64.powi(e - 1)).round() >= 100.0 {
        e += 1;
    }
    (1 - e).clamp(2, 6) as usize
}

/// A data value written with a precision that suits its magnitude ("4,812", "12.3", "0.47",
/// "0.084", "73%").
pub(crate) fn format_value(v: f64, fmt: NumFmt) -> String {
    match fmt {
        NumFmt::Percent => {
            let p = v * 100.0;
            let d = if p.abs() < 9.95 && p != 0.0 { 1 } else { 0 };
            format!("{}%", format_number(p, d))
        }
        NumFmt::Plain => {
            let a = v.abs();
            let d = if a >= 99.95 {
                0
            } else if a >= 9.995 {
                1
            } else if a >= 0.995 {
                2
            } else {
                small_decimals(a)
            };
            format_number(v, d)
        }
    }
}

/// Decimal places that suit a set of values shown together (a table or a row of bars), so
/// that they share one precision: chosen by the largest magnitude, as in [`format_value`],
/// with three significant digits of it below 1 (0.144 and 0.021).
pub(crate) fn common_decimals(values: impl IntoIterator<Item = f64>, fmt: NumFmt) -> usize {
    let scale = if fmt == NumFmt::Percent { 100.0 } else { 1.0 };
    let max = values
        .into_iter()
        .filter(|v| v.is_finite())
        .map(|v| (v * scale).abs())
        .fold(0.0, f64::max);
    match fmt {
        NumFmt::Percent => usize::from(max < 9.95 && max > 0.0),
        NumFmt::Plain if max >= 99.95 => 0,
        NumFmt::Plain if max >= 9.995 => 1,
        NumFmt::Plain if max >= 0.995 => 2,
        // Below 1, three significant digits of the largest: 0.144 and 0.021 side by side.
        NumFmt::Plain => (small_decimals(max) + 1).min(6),
    }
}

/// `v` written with `decimals` places in the given format ("4,812", "0.47", "73%").
pub(crate) fn format_fixed(v: f64, fmt: NumFmt, decimals: usize) -> String {
    match fmt {
        NumFmt::Plain => format_number(v, decimals),
        NumFmt::Percent if v.is_finite() => format!("{}%", format_number(v * 100.0, decimals)),
        NumFmt::Percent => "n/a".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_formatted() {
        assert_eq!(format_number(4812.4, 0), "4,812");
        assert_eq!(format_number(-1234567.0, 0), "\u{2212}1,234,567");
        assert_eq!(format_number(-0.0001, 2), "0.00");
        assert_eq!(format_number(0.5, 2), "0.50");
        assert_eq!(format_value(0.734, NumFmt::Percent), "73%");
        assert_eq!(format_value(4812.0, NumFmt::Plain), "4,812");
        assert_eq!(format_value(0.4712, NumFmt::Plain), "0.47");
        assert_eq!(format_value(0.0843, NumFmt::Plain), "0.084");
        assert_eq!(format_value(-0.00612, NumFmt::Plain), "\u{2212}0.0061");
        assert_eq!(format_value(0.0996, NumFmt::Plain), "0.10");
        assert_eq!(format_tick(0.25, 0.05, NumFmt::Percent), "25%");
        assert_eq!(format_tick(48000.0, 2000.0, NumFmt::Plain), "48,000");
        assert_eq!(format_number(f64::NAN, 2), "n/a");
    }

    #[test]
    fn common_precision() {
        assert_eq!(common_decimals([36.0, 4812.0, f64::NAN], NumFmt::Plain), 0);
        assert_eq!(common_decimals([0.25, 0.5], NumFmt::Plain), 3);
        assert_eq!(common_decimals([0.084, 0.068, 0.079], NumFmt::Plain), 4);
        assert_eq!(common_decimals([0.144, 0.021], NumFmt::Plain), 3);
        assert_eq!(format_fixed(0.734, NumFmt::Percent, 0), "73%");
        assert_eq!(format_fixed(f64::NAN, NumFmt::Percent, 0), "n/a");
    }
}
