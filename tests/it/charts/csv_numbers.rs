//! The numbers of the CSV files: no binary float noise (at most 15
//! significant digits), exponent notation for tiny p-values, and every
//! field readable as a number or empty.

use super::tournament;
use crate::helpers::{read_csv, tmp};

/// The significant digits of a CSV number ("0.000123" has 3, "8.44e-152" 3).
fn significant_digits(field: &str) -> usize {
    let mantissa = field.split(['e', 'E']).next().unwrap_or(field);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let digits = digits.trim_start_matches('0');
    let digits = if mantissa.contains('.') {
        digits
    } else {
        digits.trim_end_matches('0')
    };
    digits.len()
}

#[test]
fn significant_digits_counts_what_a_reader_sees() {
    assert_eq!(significant_digits("0.5029"), 4);
    assert_eq!(significant_digits("0.000123"), 3);
    assert_eq!(significant_digits("8.44e-152"), 3);
    assert_eq!(significant_digits("52700"), 3);
    assert_eq!(significant_digits("0.5028999999999995"), 16);
}

/// Every numeric field of every CSV file of a default run has at most 15
/// significant digits and parses as a number; p-values below 1e-5 are
/// written in exponent notation (no 150-digit decimals).
#[test]
fn csv_numbers_have_no_float_noise_and_small_p_values_use_exponents() {
    let t = tmp();
    let dir = tournament(t.path(), "numbers", None, &[]);
    let mut numbers = 0;
    for file in [
        "summary.csv",
        "ranking.csv",
        "comparisons.csv",
        "matrix.csv",
        "asymmetry.csv",
        "asymmetry_within.csv",
        "share_distribution.csv",
    ] {
        let (header, rows) = read_csv(&dir.join(file));
        for row in &rows {
            for (name, field) in header.iter().zip(row) {
                if field.parse::<f64>().is_err() {
                    continue;
                }
                numbers += 1;
                assert!(
                    significant_digits(field) <= 15 && field.len() <= 22,
                    "{file}, column {name}: {field} has float noise"
                );
            }
        }
    }
    assert!(numbers > 500, "only {numbers} numbers in the CSV files");
    let (header, rows) = read_csv(&dir.join("comparisons.csv"));
    let p = header.iter().position(|h| h == "p_value").expect("p_value");
    let tiny: Vec<&String> = rows
        .iter()
        .map(|r| &r[p])
        .filter(|f| f.parse::<f64>().is_ok_and(|x| x > 0.0 && x < 1e-5))
        .collect();
    assert!(!tiny.is_empty(), "no p-value below 1e-5 in the default run");
    for f in tiny {
        assert!(f.contains('e'), "p-value {f} is not in exponent notation");
    }
}
