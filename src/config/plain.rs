//! Plain words for what the TOML reader says about a value of the wrong
//! type or a missing required key: the line, the key's dotted name, the
//! value written and what is allowed ("a whole number from 0 to
//! 4294967295", not serde's "u32"), instead of a code snippet ending in
//! "expected u32" or "missing field `kind`".

use super::file::enclosing_table;

/// The message for a type error, a bad variant or a missing key, if `e` is
/// one of those and its place can be found; `None` leaves toml's message.
pub(super) fn explain(text: &str, e: &toml::de::Error) -> Option<String> {
    let msg = e.message();
    let start = e.span()?.start.min(text.len());
    let before = &text[..start];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let head = &text[line_start..start];
    if let Some(rest) = msg.strip_prefix("missing field `") {
        let field = rest.split('`').next()?;
        return Some(missing(text, start, line, field));
    }
    let expected = msg.split_once(", expected ").map(|(_, x)| x)?;
    let key = head
        .trim_end()
        .strip_suffix('=')?
        .trim_end()
        .rsplit(['{', ',', ' ', '\t'])
        .next()
        .filter(|k| !k.is_empty())?;
    let table = enclosing_table(before, head);
    let path = if table.is_empty() {
        key.to_string()
    } else {
        format!("{table}.{key}")
    };
    let value = written(&text[start..e.span()?.end.min(text.len())]);
    let column = head.chars().count() + 1;
    let mut m = format!(
        "line {line}, column {column}: {path} = {value}: expected {}",
        plain(expected)
    );
    if let Some(bad) = msg.strip_prefix("unknown variant `") {
        let bad = bad.split('`').next().unwrap_or_default();
        let names: Vec<&str> = expected
            .trim_start_matches("one of ")
            .split(", ")
            .map(|n| n.trim_matches('`'))
            .collect();
        if let Some(n) = crate::error::nearest(bad, names) {
            m.push_str(&format!("; did you mean '{n}'?"));
        }
    }
    Some(m)
}

/// A message of serde's (`invalid value: integer `-2`, expected u32`)
/// with what is expected in plain words.
pub(crate) fn in_words(message: &str) -> String {
    match message.split_once(", expected ") {
        Some((what, expected)) => format!("{what}: expected {}", plain(expected)),
        None => message.to_string(),
    }
}

/// What is written at the error's span, on one line.
fn written(span: &str) -> String {
    let one: String = span.lines().next().unwrap_or_default().trim().to_string();
    if one.chars().count() > 40 {
        format!("{}...", one.chars().take(40).collect::<String>())
    } else {
        one
    }
}

/// serde's type names in words.
pub(crate) fn plain(expected: &str) -> String {
    match expected {
        "u32" => "a whole number from 0 to 4294967295".into(),
        "u64" => "a whole number from 0 to 18446744073709551615".into(),
        "usize" => "a whole number, 0 or more".into(),
        "f64" => "a number".into(),
        "a boolean" => "true or false".into(),
        other => other.into(),
    }
}

/// A required key that is not there: where its table starts, and what to
/// write.
fn missing(text: &str, start: usize, line: usize, field: &str) -> String {
    let header = text[start..].lines().next().unwrap_or_default().trim();
    let table = if header.starts_with('[') {
        header
            .split('#')
            .next()
            .unwrap_or(header)
            .trim()
            .trim_matches(['[', ']'])
            .trim()
            .to_string()
    } else {
        String::new()
    };
    match (table.as_str(), field) {
        ("", "name") => "no `name`: every config needs one at the top, before any [table], \
             e.g. name = \"my-experiment\" (its results go to results/<name>/)"
            .into(),
        ("", "scenario") => "no [scenario] table: every config needs one, e.g. [scenario] \
             with kind = \"price\", buyer_value and seller_cost (see configs/default.toml)"
            .into(),
        ("scenario", "kind") => format!(
            "line {line}: [scenario] has no `kind`: write kind = \"price\" (a buyer and a \
             seller bargain over a price) or kind = \"multi_issue\""
        ),
        ("", _) => format!("no `{field}` at the top of the file: it is required"),
        (t, _) => format!("line {line}: [{t}] has no `{field}`: it is required"),
    }
}

#[cfg(test)]
mod tests {
    use crate::config::{ProtocolKind, parse};

    const SCENARIO: &str = "[scenario]\nkind = \"price\"\n\
        buyer_value = { dist = \"uniform\", low = 40000, high = 60000 }\n\
        seller_cost = { dist = \"uniform\", low = 40000, high = 60000 }\n";

    /// The README: "everything else has the defaults shown", so a
    /// [protocol] table that sets only the discount keeps alternating offers.
    #[test]
    fn a_protocol_table_without_kind_is_alternating_offers() {
        let text = format!("name = \"x\"\n{SCENARIO}[protocol]\ndiscount = 0.9\n");
        let cfg = parse(&text, "x.toml").expect("a [protocol] without kind parses");
        assert_eq!(cfg.protocol.kind, ProtocolKind::AlternatingOffers);
        assert_eq!(cfg.protocol.discount, Some(0.9));
    }

    /// A value of the wrong type is named by its dotted key, the value as
    /// written and what is allowed, in words.
    #[test]
    fn a_value_of_the_wrong_type_is_named_in_words() {
        let text = format!("name = \"x\"\n{SCENARIO}[exchange]\nrounds = 2.5\n");
        let e = parse(&text, "x.toml").unwrap_err().to_string();
        assert!(
            e.contains("x.toml: line 7, column 10: exchange.rounds = 2.5: expected a whole number"),
            "{e}"
        );
        assert!(!e.contains("u32"), "{e}");
        let text = SCENARIO.replacen("\"uniform\"", "\"unifrm\"", 1);
        let e = parse(&format!("name = \"x\"\n{text}"), "x.toml")
            .unwrap_err()
            .to_string();
        assert!(e.contains("buyer_value"), "{e}");
        assert!(e.contains("did you mean 'uniform'?"), "{e}");
    }
}
