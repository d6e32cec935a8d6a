//! Tests of the whole crate: every chart renders from realistic samples and from empty and
//! awkward inputs into a temporary folder, the PNGs decode at 1600x1000 with ink where the
//! data should be, the SVGs are well-formed enough to inline, and the text is laid out by our
//! own rasteriser (even spacing, rotated labels). This file holds the shared helpers:
//! [`charts`] renders the samples and awkward inputs, [`empty`] the inputs without data, and
//! [`text_render`] checks the text rasteriser and the rendering speed.

mod charts;
mod empty;
mod text_render;

use crate::{ChartError, HEIGHT, WIDTH};
use std::path::{Path, PathBuf};

/// A renderer under test, writing to the given base path.
type Render = Box<dyn Fn(&Path) -> Result<(), ChartError>>;

/// Decodes a PNG file into (width, height, RGB bytes).
fn decode(path: &Path) -> (u32, u32, Vec<u8>) {
    let file = std::fs::File::open(path).expect("png exists");
    let mut reader = png::Decoder::new(std::io::BufReader::new(file))
        .read_info()
        .expect("png header");
    let mut buf = vec![0; reader.output_buffer_size().expect("buffer size")];
    let info = reader.next_frame(&mut buf).expect("png frame");
    assert_eq!(info.color_type, png::ColorType::Rgb);
    assert_eq!(info.bit_depth, png::BitDepth::Eight);
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf)
}

fn pixel(rgb: &[u8], x: u32, y: u32) -> (u8, u8, u8) {
    let i = ((y * WIDTH + x) * 3) as usize;
    (rgb[i], rgb[i + 1], rgb[i + 2])
}

/// Strongly coloured (data) pixels in a rectangle.
fn colourful(rgb: &[u8], x0: u32, y0: u32, x1: u32, y1: u32) -> usize {
    let mut n = 0;
    for y in y0..y1 {
        for x in x0..x1 {
            let (r, g, b) = pixel(rgb, x, y);
            if r.max(g).max(b) - r.min(g).min(b) > 60 {
                n += 1;
            }
        }
    }
    n
}

/// Dark (text) pixels in a rectangle.
fn dark(rgb: &[u8], x0: u32, y0: u32, x1: u32, y1: u32) -> usize {
    let mut n = 0;
    for y in y0..y1 {
        for x in x0..x1 {
            let (r, g, b) = pixel(rgb, x, y);
            if u16::from(r) + u16::from(g) + u16::from(b) < 300 {
                n += 1;
            }
        }
    }
    n
}

/// How many cells of a 3x3 grid over the plot area hold data pixels.
fn regions_with_data(rgb: &[u8]) -> usize {
    let (x0, x1, y0, y1) = (150u32, 1560u32, 190u32, 900u32);
    let (w, h) = ((x1 - x0) / 3, (y1 - y0) / 3);
    (0..9)
        .filter(|i| {
            let (cx, cy) = (x0 + (i % 3) * w, y0 + (i / 3) * h);
            colourful(rgb, cx, cy, cx + w, cy + h) >= 40
        })
        .count()
}

fn outputs(dir: &Path, name: &str) -> (PathBuf, PathBuf) {
    let base = dir.join(name);
    (base.with_extension("png"), base.with_extension("svg"))
}

fn check_svg(path: &Path, must_contain: &str) -> String {
    let svg = std::fs::read_to_string(path).expect("svg exists");
    assert!(
        svg.starts_with("<svg"),
        "{} does not start with <svg",
        path.display()
    );
    assert!(
        svg.trim_end().ends_with("</svg>"),
        "{} is not closed",
        path.display()
    );
    assert!(svg.contains("width=\"1600\"") && svg.contains("height=\"1000\""));
    // Long titles may be wrapped onto two lines: look for every word.
    let escaped = must_contain
        .replace('&', "&amp;")
        .replace('\'', "&apos;")
        .replace('<', "&lt;");
    for word in escaped.split_whitespace() {
        assert!(
            svg.contains(word),
            "{} lacks {word:?} of {must_contain:?}",
            path.display()
        );
    }
    assert!(svg.contains("font-family=\"DejaVu Sans, sans-serif\""));
    assert_eq!(svg.matches("<text").count(), svg.matches("</text>").count());
    svg
}

/// Renders a chart, then checks both files; returns the decoded PNG pixels.
fn render_and_check(
    dir: &Path,
    name: &str,
    title: &str,
    render: impl Fn(&Path) -> Result<(), ChartError>,
) -> Vec<u8> {
    render(&dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let (png_path, svg_path) = outputs(dir, name);
    let (w, h, rgb) = decode(&png_path);
    assert_eq!((w, h), (WIDTH, HEIGHT), "{name}");
    check_svg(&svg_path, title);
    // The title is drawn near the top centre.
    assert!(dark(&rgb, 300, 10, 1300, 70) > 500, "{name}: no title ink");
    rgb
}

/// The contents of the `<text>` elements of an SVG, trimmed.
fn svg_texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| {
            let body = &t[t.find('>')? + 1..];
            Some(body[..body.find("</text>")?].trim().to_string())
        })
        .collect()
}
