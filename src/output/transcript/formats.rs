//! The transcript in other formats, for handouts (`negsim trace --format`):
//! Markdown, a self-contained HTML page, and JSON. Each is built from the
//! text transcript's outline (a title, sections with a heading, items
//! indented by two spaces and sub-items by four), so that all formats say
//! the same words.

use crate::config::Experiment;
use crate::run::trace::Trace;
use std::fmt::Write;

/// One item of a section and the lines under it.
#[derive(Debug, Clone, PartialEq)]
struct Item {
    text: String,
    items: Vec<String>,
}

/// A section of the transcript: its heading and items.
#[derive(Debug, Clone, PartialEq)]
struct Section {
    heading: String,
    items: Vec<Item>,
}

/// The outline of a text transcript: its title and sections.
fn outline(text: &str) -> (String, Vec<Section>) {
    let mut lines = text.lines();
    let title = lines.next().unwrap_or_default().to_string();
    let mut sections: Vec<Section> = Vec::new();
    for line in lines {
        if line.trim().is_empty() {
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        let body = line.trim().to_string();
        if indent == 0 || sections.is_empty() {
            sections.push(Section {
                heading: body,
                items: Vec::new(),
            });
            continue;
        }
        let section = sections.last_mut().expect("a section");
        match section.items.last_mut() {
            Some(item) if indent > 2 => item.items.push(body),
            _ => section.items.push(Item {
                text: body,
                items: Vec::new(),
            }),
        }
    }
    (title, sections)
}

/// Text with the characters Markdown would read as markup escaped.
fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "\\`*_[]<>|#".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The transcript as Markdown: the title a heading, each section a
/// heading with a (nested) list.
pub fn markdown(text: &str) -> String {
    let (title, sections) = outline(text);
    let mut md = format!("# {}\n", md_escape(&title));
    for s in &sections {
        let _ = write!(md, "\n## {}\n\n", md_escape(&s.heading));
        for item in &s.items {
            let _ = writeln!(md, "- {}", md_escape(&item.text));
            for sub in &item.items {
                let _ = writeln!(md, "  - {}", md_escape(sub));
            }
        }
    }
    md
}

/// Text escaped for HTML.
fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The transcript as one self-contained HTML page (no external files).
pub fn html(text: &str) -> String {
    let (title, sections) = outline(text);
    let t = html_escape(&title);
    let mut h = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{t}</title>\n\
         <style>body{{font-family:system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em;line-height:1.45;color:#222}}\
         h1{{font-size:1.4em}}h2{{font-size:1.15em;margin-top:1.5em;border-bottom:1px solid #ccc}}\
         li{{margin:0.15em 0}}</style>\n</head>\n<body>\n<h1>{t}</h1>\n"
    );
    for s in &sections {
        let _ = writeln!(h, "<h2>{}</h2>\n<ul>", html_escape(&s.heading));
        for item in &s.items {
            let _ = write!(h, "<li>{}", html_escape(&item.text));
            if !item.items.is_empty() {
                h.push_str("\n<ul>\n");
                for sub in &item.items {
                    let _ = writeln!(h, "<li>{}</li>", html_escape(sub));
                }
                h.push_str("</ul>\n");
            }
            h.push_str("</li>\n");
        }
        h.push_str("</ul>\n");
    }
    h.push_str("</body>\n</html>\n");
    h
}

/// A number for JSON: `null` when not finite.
fn number(x: f64) -> serde_json::Value {
    serde_json::Number::from_f64(x).map_or(serde_json::Value::Null, serde_json::Value::Number)
}

/// The transcript as JSON: the pairing, seed and run, the transcript's
/// sections (heading, items and their sub-items) and the outcome's numbers.
pub fn json(exp: &Experiment, t: &Trace, text: &str) -> String {
    use serde_json::json;
    let (title, sections) = outline(text);
    let o = &t.outcome;
    let side = |s: usize| ["A", "B"][s];
    let sections: Vec<serde_json::Value> = sections
        .iter()
        .map(|s| {
            json!({
                "heading": s.heading,
                "items": s.items.iter().map(|i| json!({"text": i.text, "items": i.items})).collect::<Vec<_>>(),
            })
        })
        .collect();
    let v = json!({
        "title": title,
        "a": t.names[0],
        "b": t.names[1],
        "scenario": exp.scenario.kind(),
        "seed": exp.seed,
        "run": t.run,
        "sections": sections,
        "outcome": {
            "deal": o.deal,
            "zopa": o.zopa,
            "rounds": o.rounds,
            "price": if o.deal && exp.scenario.kind() == "price" { number(o.price) } else { serde_json::Value::Null },
            "reservation_a": number(o.private.reservation[0]),
            "reservation_b": number(o.private.reservation[1]),
            "surplus_a": number(o.surplus[0]),
            "surplus_b": number(o.surplus[1]),
            "walk_away": o.walk_away.map(side),
            "bluffs_a": o.bluffs[0],
            "bluffs_b": o.bluffs[1],
            "leaks_a": o.leaks[0],
            "leaks_b": o.leaks[1],
            "lies_detected_a": o.lies_detected[0],
            "lies_detected_b": o.lies_detected[1],
            "info_bits_a": number(o.info_bits[0]),
            "info_bits_b": number(o.info_bits[1]),
        },
    });
    serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "negsim trace: A (x) vs B (y)\n\nPrivate values\n  A <1> & *2*\n\nOff the record\n  round 1\n    A says \"hi\" [bluff]\n    B asks\n  round 2\n    A is silent\n";

    #[test]
    fn outline_nests_items_under_their_round() {
        let (title, s) = outline(TEXT);
        assert_eq!(title, "negsim trace: A (x) vs B (y)");
        assert_eq!(s.len(), 2);
        assert_eq!(s[1].heading, "Off the record");
        assert_eq!(s[1].items.len(), 2);
        assert_eq!(s[1].items[0].items, ["A says \"hi\" [bluff]", "B asks"]);
        assert_eq!(s[1].items[1].items, ["A is silent"]);
    }

    #[test]
    fn markdown_and_html_escape_and_nest() {
        let md = markdown(TEXT);
        assert!(md.starts_with(
            "# negsim trace: A (x) vs B (y)\n\n## Private values\n\n- A \\<1\\> & \\*2\\*\n"
        ));
        assert!(md.contains("- round 1\n  - A says \"hi\" \\[bluff\\]\n  - B asks\n- round 2\n"));
        let h = html(TEXT);
        assert!(h.contains("<li>A &lt;1&gt; &amp; *2*</li>"), "{h}");
        assert!(h.contains("<li>round 1\n<ul>\n<li>A says &quot;hi&quot; [bluff]</li>\n<li>B asks</li>\n</ul>\n</li>"), "{h}");
        assert!(h.ends_with("</ul>\n</body>\n</html>\n"));
    }
}
