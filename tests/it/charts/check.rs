//! The checks of a results folder's charts: each PNG decodes as 1600x1000
//! with drawn content, each SVG is well-formed with its title, the charts
//! with a label per strategy name every strategy, nothing is left behind.

use std::fs;
use std::path::Path;

use super::drawn_charts;
use crate::helpers::image::Image;
use crate::helpers::svg::{parse_svg, svg_problems};
use crate::helpers::{PRESETS, leftovers_inside, tmp};

/// Problems of a chart PNG: it must decode as 1600x1000; `full` also asks
/// for drawn content in the plot area (the central 60%), dark text in the
/// left and bottom margins (axis labels) and a title at the top.
pub(super) fn png_problems(path: &Path, full: bool) -> Vec<String> {
    let img = match Image::load(path) {
        Ok(i) => i,
        Err(e) => return vec![format!("{}: {e}", path.display())],
    };
    let mut p = Vec::new();
    let name = path.display();
    if (img.w, img.h) != (1600, 1000) {
        p.push(format!("{name}: {}x{}, expected 1600x1000", img.w, img.h));
        return p;
    }
    let all = img.stats(0.0, 0.0, 1.0, 1.0);
    if all.non_white < all.pixels / 100 {
        p.push(format!("{name}: nearly blank: {all:?}"));
    }
    if all.colours < 3 {
        p.push(format!("{name}: fewer than 3 colours: {all:?}"));
    }
    let top = img.stats(0.05, 0.0, 0.95, 0.1);
    if top.dark < 300 {
        p.push(format!("{name}: no title text at the top: {top:?}"));
    }
    if full {
        let centre = img.stats(0.2, 0.2, 0.8, 0.8);
        if centre.non_white < centre.pixels * 3 / 100 {
            p.push(format!(
                "{name}: little drawn in the central 60% (plot area): {centre:?}"
            ));
        }
        if centre.colourful < 1500 {
            p.push(format!(
                "{name}: hardly any colour in the central 60% (no data drawn?): {centre:?}"
            ));
        }
        if centre.colours < 4 {
            p.push(format!(
                "{name}: fewer than 4 distinct colours in the central 60%: {centre:?}"
            ));
        }
        let left = img.stats(0.0, 0.15, 0.2, 0.85);
        if left.dark < 300 {
            p.push(format!(
                "{name}: no dark text (y axis labels) in the left margin: {left:?}"
            ));
        }
        let bottom = img.stats(0.05, 0.85, 0.95, 1.0);
        if bottom.dark < 300 {
            p.push(format!(
                "{name}: no dark text (x axis labels) in the bottom margin: {bottom:?}"
            ));
        }
    }
    p
}

/// Check every expected chart of `dir/charts` as PNG and SVG; `full` PNG
/// checks unless the run had nothing to plot.
pub(super) fn chart_problems(dir: &Path, trust: bool, full: bool) -> Vec<String> {
    let charts = dir.join("charts");
    let mut p = Vec::new();
    for (name, title) in drawn_charts(trust) {
        let png = charts.join(format!("{name}.png"));
        let svg = charts.join(format!("{name}.svg"));
        if !png.is_file() {
            p.push(format!("{} is missing", png.display()));
        } else {
            p.extend(png_problems(&png, full));
        }
        match fs::read_to_string(&svg) {
            Err(e) => p.push(format!("{}: cannot read: {e}", svg.display())),
            Ok(text) => p.extend(svg_problems(
                &text,
                &svg.display().to_string(),
                title,
                if full { 20 } else { 4 },
            )),
        }
    }
    // Charts with a label per strategy name every strategy (an empty
    // distribution has nothing to label).
    for name in [
        "ranking",
        "matrix",
        "matrix_deals",
        "information",
        "distribution",
    ] {
        if name == "distribution" && !full {
            continue;
        }
        let path = charts.join(format!("{name}.svg"));
        if let Some(svg) = fs::read_to_string(&path)
            .ok()
            .and_then(|t| parse_svg(&t).ok())
        {
            for st in PRESETS {
                if !svg.texts.iter().any(|t| t.contains(st)) {
                    p.push(format!("{}: no label names {st}", path.display()));
                }
            }
        }
    }
    // Version 2's metrics on the axes (when there was data to draw).
    if full {
        for (name, wanted) in [
            (
                "asymmetry",
                &[
                    "Deal rate",
                    "% points per bit",
                    "A's surplus per run",
                    "values held fixed",
                ][..],
            ),
            (
                "information",
                &[
                    "Bits it learned (below 0: misled)",
                    "Bits its words gave away",
                ][..],
            ),
        ] {
            let path = charts.join(format!("{name}.svg"));
            if let Some(svg) = fs::read_to_string(&path)
                .ok()
                .and_then(|t| parse_svg(&t).ok())
            {
                let all = svg.all_text();
                for w in wanted {
                    if !all.contains(w) {
                        p.push(format!("{}: no text {w:?}", path.display()));
                    }
                }
                for old in ["belief error", "prior SDs", "knows more"] {
                    if all.contains(old) {
                        p.push(format!("{}: version-1 wording {old:?}", path.display()));
                    }
                }
            }
        }
    }
    if !trust && charts.join("trust.png").exists() {
        p.push("charts/trust.png drawn for a config without matches".into());
    }
    for l in leftovers_inside(dir) {
        p.push(format!("left behind: {l}"));
    }
    p
}

/// The PNG checks reject a blank picture and the wrong size.
#[test]
fn png_checks_reject_blank_and_wrong_size() {
    let t = tmp();
    for (w, h) in [(1600u32, 1000u32), (800, 500)] {
        let path = t.path().join(format!("blank-{w}.png"));
        let mut bytes = Vec::new();
        {
            let mut enc = png::Encoder::new(&mut bytes, w, h);
            enc.set_color(png::ColorType::Rgb);
            enc.set_depth(png::BitDepth::Eight);
            let mut wr = enc.write_header().expect("header");
            wr.write_image_data(&vec![255u8; (w * h * 3) as usize])
                .expect("data");
        }
        fs::write(&path, bytes).expect("write");
        assert!(
            !png_problems(&path, true).is_empty(),
            "a blank {w}x{h} PNG passed"
        );
    }
    let junk = t.path().join("junk.png");
    fs::write(&junk, b"not a png").expect("write");
    assert!(!png_problems(&junk, false).is_empty());
}
