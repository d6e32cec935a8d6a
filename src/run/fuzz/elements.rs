//! The values inside a TOML line's arrays and inline tables, for the
//! fuzzer's mutation of one element (`weights_a = [1e308, 1.0, 1.0]`,
//! `{ dist = "uniform", low = nan, high = 1 }`, `[[1, 2], [3]]`): the
//! mutation that replaces a whole value never reaches them.

use std::ops::Range;

/// The byte ranges of the scalar values (numbers, strings, booleans, dates)
/// inside the arrays and inline tables of a `key = value` line, at any
/// depth; empty for a line without any (a header, a plain `key = 1`).
pub fn scalar_spans(line: &str) -> Vec<Range<usize>> {
    let bytes = line.as_bytes();
    let Some(eq) = line.find('=') else {
        return Vec::new();
    };
    let mut spans = Vec::new();
    // Open containers, innermost last: b'[' or b'{'.
    let mut stack: Vec<u8> = Vec::new();
    // Where a value may start: after '[' or ',' in an array, '=' in a table.
    let mut pending: Option<usize> = None;
    let mut i = eq + 1;
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b'"' | b'\'' => {
                // Skip the string; it is part of the pending value.
                i += 1;
                while i < bytes.len() && bytes[i] != c {
                    i += if c == b'"' && bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'#' => break,
            b'[' | b'{' => {
                pending = (c == b'[').then_some(i + 1);
                stack.push(c);
            }
            b',' | b']' | b'}' => {
                if let Some(s) = pending.take() {
                    push_trimmed(line, s..i, &mut spans);
                }
                if c != b',' {
                    stack.pop();
                    if stack.is_empty() {
                        break;
                    }
                } else if stack.last() == Some(&b'[') {
                    pending = Some(i + 1);
                }
            }
            b'=' if stack.last() == Some(&b'{') => pending = Some(i + 1),
            _ => {}
        }
        i += 1;
    }
    spans
}

/// `range` without its surrounding whitespace, if anything is left.
fn push_trimmed(line: &str, range: Range<usize>, spans: &mut Vec<Range<usize>>) {
    let text = &line[range.clone()];
    let start = range.start + (text.len() - text.trim_start().len());
    let end = range.end - (text.len() - text.trim_end().len());
    if start < end {
        spans.push(start..end);
    }
}

#[cfg(test)]
mod tests {
    use super::scalar_spans;

    fn values(line: &str) -> Vec<&str> {
        scalar_spans(line).into_iter().map(|r| &line[r]).collect()
    }

    #[test]
    fn finds_the_values_inside_arrays_and_inline_tables() {
        assert_eq!(
            values("weights_a = [1.0, 2.5, 3]  # alphas"),
            ["1.0", "2.5", "3"]
        );
        assert_eq!(
            values("reservation_a = { dist = \"uniform\", low = 0.0, high = 0.5 }"),
            ["\"uniform\"", "0.0", "0.5"]
        );
        assert_eq!(
            values("x = [[1, 2], { a = \"b,]\" }, [], 'c']"),
            ["1", "2", "\"b,]\"", "'c'"]
        );
        assert_eq!(values("\"exchange.rounds\" = [0, 1, 2]"), ["0", "1", "2"]);
        assert!(values("runs = 10").is_empty());
        assert!(values("[scenario]").is_empty());
        assert!(values("[[strategy]]").is_empty());
    }
}
