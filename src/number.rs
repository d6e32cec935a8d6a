//! The number format of CSV cells and sweep labels, below every layer so
//! that `run` (sweep labels) and `output` (CSV files) share it.

/// Significant digits a CSV number keeps: enough for every statistic negsim
/// writes, few enough to drop the binary noise of sums (`0.5028999999999995`).
const DIGITS: usize = 15;

/// A number in a CSV file: the shortest decimal that reads back as `x`,
/// rounded (half away from zero) to 15 significant digits, so the binary
/// noise of sums disappears (`0.5028999999999995` is `0.5029`,
/// `0.30000000000000004` is `0.3`); exponent notation below 1e-5 and from
/// 1e15 up (`8.44e-152`, `1e21`), `0` for zero (also negative zero), empty
/// for NaN and infinities. pandas, R and polars read every form (an empty
/// field as missing).
pub fn num(x: f64) -> String {
    if !x.is_finite() {
        return String::new();
    }
    if x == 0.0 {
        return "0".to_string();
    }
    let rounded = round_digits(x, DIGITS);
    let a = rounded.abs();
    if !(1e-5..1e15).contains(&a) {
        format!("{rounded:e}")
    } else {
        format!("{rounded}")
    }
}

/// A number as an error message shows it: like [`num`] (`1e308`, not 309
/// digits), and `NaN` or `inf` as such.
pub fn shown(x: f64) -> String {
    if x.is_finite() { num(x) } else { x.to_string() }
}

/// `x` with its shortest round-trip decimal rounded to `digits` significant
/// digits. Rounding that decimal (not the exact binary value) is what turns
/// `...9995` into `...9999|5 -> ...000`, as a person reading it would.
fn round_digits(x: f64, digits: usize) -> f64 {
    // `{:e}` is the shortest round-trip form: "-5.028999999999995e-1".
    let s = format!("{:e}", x.abs());
    let Some((mantissa, exp)) = s.split_once('e') else {
        return x;
    };
    let Ok(exp) = exp.parse::<i32>() else {
        return x;
    };
    let mut d: Vec<u8> = mantissa.bytes().filter(u8::is_ascii_digit).collect();
    if d.len() <= digits {
        return x;
    }
    let up = d[digits] >= b'5';
    d.truncate(digits);
    let mut exp = exp;
    if up {
        let mut k = digits;
        loop {
            if k == 0 {
                d.insert(0, b'1');
                d.pop();
                exp += 1;
                break;
            }
            k -= 1;
            if d[k] == b'9' {
                d[k] = b'0';
            } else {
                d[k] += 1;
                break;
            }
        }
    }
    let text = format!(
        "{}e{}",
        String::from_utf8_lossy(&d),
        exp - (digits as i32 - 1)
    );
    // Near f64::MAX the rounding can overflow: keep x then.
    match text.parse::<f64>() {
        Ok(r) if r.is_finite() => r.copysign(x),
        _ => x,
    }
}

#[cfg(test)]
mod tests {
    use super::num;

    #[test]
    fn drops_float_noise() {
        assert_eq!(num(0.5028999999999995), "0.5029");
        assert_eq!(num(0.1 + 0.2), "0.3");
        assert_eq!(num(52735.0), "52735");
        assert_eq!(num(-1234.5678), "-1234.5678");
        assert_eq!(num(1.0 / 3.0), "0.333333333333333");
        assert_eq!(num(2.0 / 3.0), "0.666666666666667");
        assert_eq!(num(123456789.12345679), "123456789.123457");
    }

    #[test]
    fn exponent_for_extreme_magnitudes() {
        assert_eq!(num(8.44e-152), "8.44e-152");
        assert_eq!(num(f64::from_bits(8.44e-152f64.to_bits() + 1)), "8.44e-152");
        assert_eq!(num(-3.2e-7), "-3.2e-7");
        assert_eq!(num(1e21), "1e21");
        assert_eq!(num(1e15), "1e15");
        assert_eq!(num(999999999999999.0), "999999999999999");
        assert_eq!(num(0.00001), "0.00001");
        assert_eq!(num(0.0000099), "9.9e-6");
        assert_eq!(num(f64::MIN_POSITIVE), "2.2250738585072e-308");
        assert_eq!(num(f64::MAX), "1.7976931348623157e308");
    }

    #[test]
    fn zero_and_missing() {
        assert_eq!(num(0.0), "0");
        assert_eq!(num(-0.0), "0");
        assert_eq!(num(f64::NAN), "");
        assert_eq!(num(f64::INFINITY), "");
        assert_eq!(num(f64::NEG_INFINITY), "");
    }

    #[test]
    fn reads_back_within_15_digits() {
        let mut x = 1.234567890123456e-300;
        while x < 1e300 {
            for v in [x, -x, x * 7.77777777777777] {
                let back: f64 = num(v).parse().unwrap();
                assert!(((back - v) / v).abs() < 5e-15, "{v} -> {}", num(v));
            }
            x *= 3.1;
        }
    }
}
