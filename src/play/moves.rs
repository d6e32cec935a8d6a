//! The student's moves in words: what `negsim play` reads (typed or from a
//! script) and what a record keeps, one move per line:
//!
//! | when | words |
//! |---|---|
//! | its turn off the record | `confide VALUE [exact\|sure\|roughly\|vague] [ask]`, `ask`, `silent` |
//! | the agent asked | `answer VALUE [exact\|sure\|roughly\|vague]`, `decline` |
//! | its offer | `offer PRICE` (or just `PRICE`), `walk` |
//! | the agent's offer | `accept` (`accept anyway` for an offer beyond one's own limit), `reject`, `offer PRICE` (reject and counter), `walk` |
//!
//! A value may have thousands separators (`52,000`) or a `k` (`52k`).

use crate::error::{Error, Result};
use crate::model::negotiation::{Decision, HumanMove, Statement};
use std::io::{BufRead, Read};

/// Largest moves script `negsim play --moves` reads (a file, a pipe or
/// standard input): some thousand times the longest negotiation's moves.
pub const MAX_SCRIPT_BYTES: u64 = 1 << 20;

/// Longest line typed into `negsim play` that is read as a move; a longer
/// line is skipped whole and asked again.
pub const MAX_TYPED_LINE: usize = 4096;

/// The text of a moves script from `r`, at most [`MAX_SCRIPT_BYTES`]
/// (`/dev/zero` is refused after its first MiB). `source` names it in
/// messages (`moves.txt`, `standard input`).
pub fn read_script(r: impl Read, source: &str) -> Result<String> {
    let mut bytes = Vec::new();
    let invalid = |why: String| Error::Usage(format!("--moves {source}: {why}"));
    r.take(MAX_SCRIPT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| invalid(format!("cannot read it: {e}")))?;
    if bytes.len() as u64 > MAX_SCRIPT_BYTES {
        return Err(invalid(format!(
            "it is over {} KiB, the limit for a moves script (one move per line)",
            MAX_SCRIPT_BYTES >> 10
        )));
    }
    String::from_utf8(bytes).map_err(|e| invalid(format!("it is not UTF-8 text ({e})")))
}

/// A line typed into `negsim play`.
#[derive(Debug, PartialEq, Eq)]
pub enum Typed {
    /// A line of text, trimmed.
    Line(String),
    /// A line that cannot be a move (not UTF-8, or over
    /// [`MAX_TYPED_LINE`] bytes): why.
    NotUnderstood(&'static str),
    /// The input ended.
    End,
}

/// The next typed line from `r`: never more than [`MAX_TYPED_LINE`] bytes
/// of it in memory, and an input that is not text does not end the game.
pub fn read_typed(r: &mut dyn BufRead) -> Result<Typed> {
    let err = |source| Error::Read {
        path: "standard input".into(),
        source,
    };
    let mut line = Vec::new();
    let mut read = 0usize;
    loop {
        let buf = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(err(e)),
        };
        if buf.is_empty() {
            if read == 0 {
                return Ok(Typed::End);
            }
            break;
        }
        let (n, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (buf.len(), false),
        };
        let room = MAX_TYPED_LINE.saturating_sub(line.len());
        line.extend_from_slice(&buf[..n.min(room)]);
        read += n;
        r.consume(n);
        if done {
            break;
        }
        if read as u64 > MAX_SCRIPT_BYTES {
            // A line of over a MiB is not typed: a file or a device.
            return Err(Error::Usage(format!(
                "standard input: a line of over {} KiB; type one move per line, or give a script with --moves",
                MAX_SCRIPT_BYTES >> 10
            )));
        }
    }
    if read > MAX_TYPED_LINE {
        return Ok(Typed::NotUnderstood("the line is too long to be a move"));
    }
    match String::from_utf8(line) {
        Ok(s) => Ok(Typed::Line(s.trim().to_string())),
        Err(_) => Ok(Typed::NotUnderstood(
            "the line is not UTF-8 text (was it typed in another encoding?)",
        )),
    }
}

/// How sure a claim sounds: its stated noise in prior sds of the limit.
pub const CERTAINTY: [(&str, f64); 4] = [
    ("exact", 0.0),
    ("sure", 0.1),
    ("roughly", 0.6),
    ("vague", 1.5),
];

/// The word of a stated noise (the nearest level).
pub fn certainty_word(sigma: f64) -> &'static str {
    CERTAINTY
        .iter()
        .min_by(|a, b| (a.1 - sigma).abs().total_cmp(&(b.1 - sigma).abs()))
        .map(|c| c.0)
        .unwrap_or("exact")
}

/// A move in words (as `parse` reads it).
pub fn format_move(mv: &HumanMove) -> String {
    let st = |s: &Statement| format!("{} {}", num(s.value), certainty_word(s.sigma));
    match mv {
        HumanMove::Talk {
            claim: Some(s),
            ask,
        } => format!("confide {}{}", st(s), if *ask { " ask" } else { "" }),
        HumanMove::Talk { claim: None, ask } => if *ask { "ask" } else { "silent" }.to_string(),
        HumanMove::Answer(Some(s)) => format!("answer {}", st(s)),
        HumanMove::Answer(None) => "decline".to_string(),
        HumanMove::Offer(v) => format!("offer {}", num(*v)),
        HumanMove::Accept => "accept".to_string(),
        HumanMove::Reject => "reject".to_string(),
        HumanMove::WalkAway => "walk".to_string(),
        HumanMove::Bid(v) => format!("bid {}", num(*v)),
    }
}

/// A number as typed back (shortest form that reads back the same).
fn num(x: f64) -> String {
    format!("{x}")
}

/// What the student may type at decision `d`.
pub fn choices(d: &Decision) -> &'static str {
    match d {
        Decision::Talk { .. } => {
            "confide VALUE [exact|sure|roughly|vague] [ask]  |  ask  |  silent"
        }
        Decision::Answer { .. } => "answer VALUE [exact|sure|roughly|vague]  |  decline",
        Decision::Offer { .. } => "offer PRICE  |  walk",
        Decision::Respond { .. } => {
            "accept  |  reject  |  offer PRICE (reject and counter)  |  walk"
        }
        // Never asked of a student (`play` is under alternating offers).
        Decision::Bid { .. } => "bid PRICE  |  walk",
    }
}

/// A value as typed: digits with optional separators, a decimal point and
/// a `k` for thousands.
pub fn parse_value(word: &str) -> Result<f64, String> {
    let w: String = word
        .chars()
        .filter(|c| *c != ',' && *c != '_')
        .collect::<String>()
        .to_lowercase();
    let (digits, scale) = match w.strip_suffix('k') {
        Some(d) => (d, 1000.0),
        None => (w.as_str(), 1.0),
    };
    match digits.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v * scale),
        _ => Err(format!(
            "'{word}' is not a number (write e.g. 52000, 52,000 or 52k)"
        )),
    }
}

/// The moves one line stands for at decision `d` (two for a counter-offer:
/// reject, then offer), or what is wrong with it.
pub fn parse(line: &str, d: &Decision) -> Result<Vec<HumanMove>, String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let Some(first) = words.first() else {
        return Err(format!("type one of: {}", choices(d)));
    };
    let verb = first.to_lowercase();
    let rest = &words[1..];
    let wrong = || {
        format!(
            "'{}' is not a move here; type one of: {}",
            line.trim(),
            choices(d)
        )
    };
    let statement = |rest: &[&str], allow_ask: bool| -> Result<(Statement, bool), String> {
        let Some(v) = rest.first() else {
            return Err(format!(
                "'{}' needs a value: {} VALUE [exact|sure|roughly|vague]",
                verb, verb
            ));
        };
        let value = parse_value(v)?;
        let mut sigma = 0.0;
        let mut ask = false;
        for w in &rest[1..] {
            let w = w.to_lowercase();
            if let Some(c) = CERTAINTY.iter().find(|c| c.0 == w) {
                sigma = c.1;
            } else if allow_ask && w == "ask" {
                ask = true;
            } else {
                let also = if allow_ask { ", or 'ask'" } else { "" };
                return Err(format!(
                    "'{w}': say how sure you sound with exact, sure, roughly or vague{also}"
                ));
            }
        }
        Ok((Statement { value, sigma }, ask))
    };
    let one = |mv| Ok(vec![mv]);
    match (d, verb.as_str()) {
        (Decision::Talk { .. }, "confide" | "say") => {
            let (s, ask) = statement(rest, true)?;
            one(HumanMove::Talk {
                claim: Some(s),
                ask,
            })
        }
        (Decision::Talk { .. }, "ask") if rest.is_empty() => one(HumanMove::Talk {
            claim: None,
            ask: true,
        }),
        (Decision::Talk { .. }, "silent" | "pass") if rest.is_empty() => one(HumanMove::Talk {
            claim: None,
            ask: false,
        }),
        (Decision::Answer { .. }, "answer" | "say" | "confide") => {
            let (s, _) = statement(rest, false)?;
            one(HumanMove::Answer(Some(s)))
        }
        (Decision::Answer { .. }, "decline") if rest.is_empty() => one(HumanMove::Answer(None)),
        (Decision::Offer { .. }, "offer") => match rest {
            [v] => one(HumanMove::Offer(parse_value(v)?)),
            _ => Err("write the offer as: offer PRICE (e.g. offer 52000)".to_string()),
        },
        (Decision::Offer { .. }, _) if rest.is_empty() && parse_value(first).is_ok() => {
            one(HumanMove::Offer(parse_value(first)?))
        }
        (Decision::Offer { .. } | Decision::Respond { .. }, "walk") => one(HumanMove::WalkAway),
        (Decision::Respond { .. }, "accept")
            if rest.is_empty() || super::verdict::insists(line) =>
        {
            one(HumanMove::Accept)
        }
        (Decision::Respond { .. }, "reject") if rest.is_empty() => one(HumanMove::Reject),
        (Decision::Respond { .. }, "offer" | "counter") => match rest {
            [v] => Ok(vec![HumanMove::Reject, HumanMove::Offer(parse_value(v)?)]),
            _ => Err("write the counter-offer as: offer PRICE (e.g. offer 52000)".to_string()),
        },
        _ => Err(wrong()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_lines_are_bounded_and_need_not_be_text() {
        let long = "x".repeat(MAX_TYPED_LINE + 1);
        let mut bytes = vec![0xff, b'\n'];
        bytes.extend(format!(" silent \n{long}\nask").bytes());
        let mut r = std::io::Cursor::new(bytes);
        let mut next = || read_typed(&mut r).unwrap();
        assert!(matches!(next(), Typed::NotUnderstood(w) if w.contains("not UTF-8")));
        assert_eq!(next(), Typed::Line("silent".into()));
        assert!(matches!(next(), Typed::NotUnderstood(w) if w.contains("too long")));
        assert_eq!(next(), Typed::Line("ask".into()));
        assert_eq!(next(), Typed::End);
        // A line without end (`< /dev/zero`) is an error after a MiB.
        let mut zero = std::io::BufReader::new(std::io::repeat(0).take(2 << 20));
        let e = read_typed(&mut zero).unwrap_err().to_string();
        assert!(e.contains("over 1024 KiB"), "{e}");
    }

    #[test]
    fn a_script_is_read_up_to_a_mib() {
        let ok = "silent\n".repeat(1000);
        assert_eq!(read_script(ok.as_bytes(), "m.txt").unwrap(), ok);
        let e = read_script(std::io::repeat(0), "/dev/zero").unwrap_err();
        assert!(
            e.to_string()
                .contains("--moves /dev/zero: it is over 1024 KiB"),
            "{e}"
        );
        let e = read_script(&b"silent\n\xff"[..], "m.txt").unwrap_err();
        assert!(e.to_string().contains("not UTF-8"), "{e}");
    }

    #[test]
    fn reads_and_writes_moves() {
        let talk = Decision::Talk { round: 1 };
        let mv = parse("confide 52,000 roughly ask", &talk).unwrap();
        assert_eq!(
            mv,
            vec![HumanMove::Talk {
                claim: Some(Statement {
                    value: 52000.0,
                    sigma: 0.6
                }),
                ask: true
            }]
        );
        assert_eq!(format_move(&mv[0]), "confide 52000 roughly ask");
        assert_eq!(parse(&format_move(&mv[0]), &talk).unwrap(), mv);
        assert_eq!(parse_value("52.5k").unwrap(), 52500.0);
        assert!(
            parse("confide abc", &talk)
                .unwrap_err()
                .contains("not a number")
        );
        assert!(
            parse("offer 5", &talk)
                .unwrap_err()
                .contains("not a move here")
        );
        let respond = Decision::Respond {
            round: 2,
            offer: 50000.0,
        };
        assert_eq!(
            parse("offer 51000", &respond).unwrap(),
            vec![HumanMove::Reject, HumanMove::Offer(51000.0)]
        );
        assert_eq!(
            parse("51000", &Decision::Offer { round: 1 }).unwrap(),
            vec![HumanMove::Offer(51000.0)]
        );
    }
}
