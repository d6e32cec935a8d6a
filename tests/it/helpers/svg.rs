//! SVG documents read with `roxmltree`: parsing fails unless the text is
//! well-formed XML (balanced and properly nested tags, one root element,
//! quoted and unique attributes, known entities, nothing but comments and
//! white space outside the root); [`parse_svg`] also wants an `<svg>` root
//! and collects what the chart checks look at: the root's namespace and
//! attributes, the text of each `<text>` element and the element count.

use std::collections::BTreeMap;

/// The namespace of SVG elements.
pub const SVG_NS: &str = "http://www.w3.org/2000/svg";

/// What the tests need to know about a well-formed SVG document.
#[derive(Debug)]
pub struct Svg {
    /// The namespace of the root `<svg>` element (its `xmlns`).
    pub namespace: Option<String>,
    /// The root's attributes (namespace declarations excluded).
    pub root_attrs: BTreeMap<String, String>,
    /// The text of each outermost `<text>` element: its text pieces joined
    /// by spaces, white space collapsed.
    pub texts: Vec<String>,
    /// Elements in the document, the root included.
    pub elements: usize,
}

impl Svg {
    /// All texts joined by spaces (a title wrapped over lines reads whole).
    pub fn all_text(&self) -> String {
        self.texts.join(" ")
    }
}

/// `s` with each run of white space replaced by one space, trimmed.
pub fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Parse `src` as a well-formed XML document whose root is `<svg>`.
pub fn parse_svg(src: &str) -> Result<Svg, String> {
    // A DOCTYPE is allowed (its entities too), as in any XML document.
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = roxmltree::Document::parse_with_options(src, options).map_err(|e| e.to_string())?;
    let root = doc.root_element();
    if root.tag_name().name() != "svg" {
        return Err(format!(
            "root element is <{}>, not <svg>",
            root.tag_name().name()
        ));
    }
    let is_text = |n: &roxmltree::Node| n.is_element() && n.tag_name().name() == "text";
    let texts = root
        .descendants()
        .filter(|n| is_text(n) && !n.ancestors().skip(1).any(|a| is_text(&a)))
        .map(|t| {
            let pieces: Vec<&str> = t
                .descendants()
                .filter(|n| n.is_text())
                .filter_map(|n| n.text())
                .collect();
            collapse(&pieces.join(" "))
        })
        .collect();
    Ok(Svg {
        namespace: root.tag_name().namespace().map(str::to_string),
        root_attrs: root
            .attributes()
            .map(|a| (a.name().to_string(), a.value().to_string()))
            .collect(),
        texts,
        elements: root.descendants().filter(|n| n.is_element()).count(),
    })
}

/// The tick labels of a chart (text at the tick size, 25, not rotated) in
/// runs of consecutive labels of one axis, in document order: one run per
/// axis of each panel that writes its tick labels. Returns (x runs: centred
/// labels, y runs: right-aligned labels).
pub fn tick_runs(src: &str) -> (Vec<Vec<String>>, Vec<Vec<String>>) {
    let doc = roxmltree::Document::parse(src).expect("well-formed SVG");
    let (mut xs, mut ys): (Vec<Vec<String>>, Vec<Vec<String>>) = (Vec::new(), Vec::new());
    let mut last = None;
    for n in doc.descendants().filter(|n| n.has_tag_name("text")) {
        let text: String = n
            .descendants()
            .filter(|d| d.is_text())
            .filter_map(|d| d.text())
            .collect();
        let tick = n.attribute("font-size") == Some("25") && n.attribute("transform").is_none();
        let axis = match n.attribute("text-anchor") {
            Some("middle") if tick => Some(0),
            Some("end") if tick => Some(1),
            _ => None,
        };
        if let Some(a) = axis {
            let runs = if a == 0 { &mut xs } else { &mut ys };
            if last != Some(a) {
                runs.push(Vec::new());
            }
            runs.last_mut().unwrap().push(collapse(&text));
        }
        last = axis;
    }
    (xs, ys)
}

/// Problems of an SVG chart: well-formed, an `<svg>` root of the SVG
/// namespace with a 1600x1000 view, at least `min_elements` elements, and
/// `title` in its text.
pub fn svg_problems(text: &str, name: &str, title: &str, min_elements: usize) -> Vec<String> {
    let svg = match parse_svg(text) {
        Ok(s) => s,
        Err(e) => return vec![format!("{name}: not well-formed: {e}")],
    };
    let mut p = Vec::new();
    if svg.namespace.as_deref() != Some(SVG_NS) {
        p.push(format!(
            "{name}: the root <svg> is not in the SVG namespace (xmlns=\"{SVG_NS}\"): {:?}",
            svg.namespace
        ));
    }
    let view = svg.root_attrs.get("viewBox").map(|v| collapse(v));
    let size = (
        svg.root_attrs.get("width").map(String::as_str),
        svg.root_attrs.get("height").map(String::as_str),
    );
    if view.as_deref() != Some("0 0 1600 1000") && size != (Some("1600"), Some("1000")) {
        p.push(format!(
            "{name}: neither viewBox=\"0 0 1600 1000\" nor 1600x1000: {:?}",
            svg.root_attrs
        ));
    }
    if svg.elements < min_elements {
        p.push(format!("{name}: only {} elements", svg.elements));
    }
    if !svg.all_text().contains(&collapse(title)) {
        p.push(format!(
            "{name}: title {title:?} not found in its text elements: {:?}",
            svg.texts.iter().take(6).collect::<Vec<_>>()
        ));
    }
    p
}

/// The checker itself accepts a good document and rejects what it must
/// (so the chart tests can fail).
#[test]
fn svg_checker_rejects_malformed_documents() {
    let good = r#"<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1600 1000"><g><text x='1'>A &amp; B</text><rect/></g></svg>
"#;
    let svg = parse_svg(good).expect("a well-formed SVG");
    assert_eq!(svg.texts, vec!["A & B".to_string()]);
    assert_eq!(svg.elements, 4);
    assert_eq!(svg.namespace.as_deref(), Some(SVG_NS));
    assert_eq!(svg_problems(good, "good", "A & B", 4), Vec::<String>::new());
    for (bad, title) in [
        (r#"<svg viewBox="0 0 1600 1000"><text>A</text></svg>"#, "A"),
        (
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 800 500"><text>A</text></svg>"#,
            "A",
        ),
        (
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="1000"><text>A</text></svg>"#,
            "B",
        ),
    ] {
        assert!(
            !svg_problems(bad, "bad", title, 1).is_empty(),
            "accepted {bad:?} with title {title:?}"
        );
    }
    for bad in [
        r#"<svg><g></svg>"#,
        r#"<svg><g></g>"#,
        r#"<svg></svg><svg></svg>"#,
        r#"<svg x=1></svg>"#,
        r#"<svg x="1"y="2"></svg>"#,
        r#"<svg x="1" x="2"></svg>"#,
        r#"<svg><text>a & b</text></svg>"#,
        r#"<svg><text>&nbsp;</text></svg>"#,
        r#"<html><svg></svg></html>"#,
        r#"<svg></svg> trailing"#,
        r#"<svg><g a="<"/></svg>"#,
        r#"<svg><g></h></svg>"#,
    ] {
        assert!(parse_svg(bad).is_err(), "accepted malformed {bad:?}");
    }
}
