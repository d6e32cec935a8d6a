//! Tests of the whole module: every chart renders from realistic samples and from empty and
//! awkward inputs into a temporary folder, the PNGs decode at 1600x1000 with ink where the
//! data should be, the SVGs are well-formed enough to inline, and the text is laid out by our
//! own rasteriser (even spacing, rotated labels).

use crate::samples::{self, awkward};
use crate::*;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

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

#[test]
fn every_chart_renders_realistic_samples() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let cases: Vec<(&str, String, Render, usize)> = vec![
        (
            "asymmetry",
            samples::asymmetry().title,
            Box::new(|p| render_asymmetry(&samples::asymmetry(), p)),
            6,
        ),
        (
            "matrix",
            samples::matrix_surplus().title,
            Box::new(|p| render_matrix(&samples::matrix_surplus(), p)),
            6,
        ),
        (
            "deals",
            samples::matrix_deals().title,
            Box::new(|p| render_matrix(&samples::matrix_deals(), p)),
            6,
        ),
        (
            "ranking",
            samples::ranking().title,
            Box::new(|p| render_ranking(&samples::ranking(), p)),
            5,
        ),
        (
            "distribution",
            samples::distribution().title,
            Box::new(|p| render_distribution(&samples::distribution(), p)),
            4,
        ),
        (
            "information",
            samples::information().title,
            Box::new(|p| render_information(&samples::information(), p)),
            4,
        ),
        (
            "trust",
            samples::trust().title,
            Box::new(|p| render_trust(&samples::trust(), p)),
            6,
        ),
        (
            "trace",
            samples::trace().title,
            Box::new(|p| render_trace(&samples::trace(), p)),
            6,
        ),
        (
            "sweep",
            samples::sweep().title,
            Box::new(|p| render_sweep(&samples::sweep(), p)),
            6,
        ),
        (
            "evolution",
            samples::evolution().title,
            Box::new(|p| render_evolution(&samples::evolution(), p)),
            9,
        ),
        (
            "grid",
            samples::grid().title,
            Box::new(|p| render_grid(&samples::grid(), p)),
            6,
        ),
    ];
    for (name, title, render, min_regions) in cases {
        let rgb = render_and_check(d, name, &title, render);
        let regions = regions_with_data(&rgb);
        assert!(
            regions >= min_regions,
            "{name}: data in only {regions} of 9 regions"
        );
    }
    // Nothing half-written is left behind.
    for entry in std::fs::read_dir(d).expect("read tempdir") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        assert!(!name.ends_with(".tmp"), "leftover temporary file {name}");
    }
}

#[test]
fn svg_texts_carry_the_labels() {
    let svg = svg_string(&samples::trace()).expect("svg");
    for needle in [
        "off the record",
        "A&apos;s limit (value 52,310)",
        "B&apos;s limit (cost 47,120)",
        "deal at 49,900",
        "Formal round",
    ] {
        assert!(svg.contains(needle), "trace svg lacks {needle}");
    }
    let svg = svg_string(&samples::matrix_surplus()).expect("svg");
    assert!(
        svg.contains("4,812") || svg.contains("5,395"),
        "thousands separators in cells"
    );
    let svg = svg_string(&samples::matrix_deals()).expect("svg");
    assert!(svg.contains("94%"));
    let svg = svg_string(&samples::information()).expect("svg");
    assert!(svg.contains("balanced") && svg.contains("extracts") && svg.contains("leaks"));
    assert!(
        svg.contains("stroke-dasharray") || svg.matches("<polyline").count() > 20,
        "dashed diagonal"
    );
}

#[test]
fn empty_inputs_draw_a_note() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let t = |s: &str| s.to_string();
    let cases: Vec<(&str, &str, Render)> = vec![
        (
            "asymmetry",
            "no asymmetry bins",
            Box::new(move |p| {
                render_asymmetry(
                    &AsymmetryData {
                        title: t("Asymmetry"),
                        bins: vec![],
                    },
                    p,
                )
            }),
        ),
        (
            "matrix",
            "no matchups",
            Box::new(move |p| {
                render_matrix(
                    &MatrixData {
                        title: t("Matrix"),
                        ..Default::default()
                    },
                    p,
                )
            }),
        ),
        (
            "ranking",
            "no strategies",
            Box::new(move |p| {
                render_ranking(
                    &RankingData {
                        title: t("Ranking"),
                        ..Default::default()
                    },
                    p,
                )
            }),
        ),
        (
            "distribution",
            "no deals in this run",
            Box::new(move |p| {
                render_distribution(
                    &DistributionData {
                        title: t("Distribution"),
                        ..Default::default()
                    },
                    p,
                )
            }),
        ),
        (
            "information",
            "no information",
            Box::new(move |p| {
                render_information(
                    &InformationData {
                        title: t("Information"),
                        points: vec![],
                    },
                    p,
                )
            }),
        ),
        (
            "trust",
            "no matches",
            Box::new(move |p| {
                render_trust(
                    &TrustData {
                        title: t("Trust"),
                        ..Default::default()
                    },
                    p,
                )
            }),
        ),
        (
            "trace",
            "no offers",
            Box::new(move |p| {
                render_trace(
                    &TraceData {
                        title: t("Trace"),
                        ..Default::default()
                    },
                    p,
                )
            }),
        ),
        (
            "sweep",
            "no sweep results",
            Box::new(move |p| {
                render_sweep(
                    &SweepData {
                        title: t("Sweep"),
                        ..Default::default()
                    },
                    p,
                )
            }),
        ),
        (
            "evolution",
            "no strategies",
            Box::new(move |p| {
                render_evolution(
                    &EvolutionData {
                        title: t("Evolution"),
                        ..Default::default()
                    },
                    p,
                )
            }),
        ),
        (
            "evolution_nan",
            "no generations",
            Box::new(move |p| {
                render_evolution(
                    &EvolutionData {
                        title: t("Evolution"),
                        subtitle: t("all shares missing"),
                        generations: vec![0.0, 1.0, f64::NAN],
                        strategies: vec![StackSeries {
                            name: t("open"),
                            color_index: 0,
                            shares: vec![f64::NAN, 0.0, 1.0],
                        }],
                    },
                    p,
                )
            }),
        ),
        (
            "grid",
            "no parameter combinations",
            Box::new(move |p| {
                render_grid(
                    &GridData {
                        title: t("Grid"),
                        ..Default::default()
                    },
                    p,
                )
            }),
        ),
        (
            "grid_nan",
            "no results in this sweep",
            Box::new(|p| render_grid(&awkward::grid_all_nan(), p)),
        ),
    ];
    for (name, note, render) in cases {
        render(&d.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        let (png_path, svg_path) = outputs(d, name);
        let (w, h, rgb) = decode(&png_path);
        assert_eq!((w, h), (WIDTH, HEIGHT));
        check_svg(&svg_path, note);
        assert!(
            dark(&rgb, 500, 420, 1100, 580) > 300,
            "{name}: no centred note"
        );
        assert_eq!(regions_with_data(&rgb), 0, "{name}: unexpected data");
    }
    // Zero bins with everything NaN, and boxes with no data, are "empty" too.
    let nan_bins = AsymmetryData {
        title: "NaN".into(),
        bins: vec![AsymmetryBin {
            center: f64::NAN,
            runs: 0,
            deal_rate: Ci::missing(),
            efficiency: Ci::missing(),
            share_a: Ci::missing(),
        }],
    };
    assert!(
        svg_string(&nan_bins)
            .expect("svg")
            .contains("no asymmetry bins")
    );
    let nan_boxes = DistributionData {
        title: "none".into(),
        y_label: "share".into(),
        boxes: vec![BoxStats {
            name: "open".into(),
            color_index: 0,
            n: 0,
            p05: f64::NAN,
            q1: f64::NAN,
            median: f64::NAN,
            q3: f64::NAN,
            p95: f64::NAN,
            mean: f64::NAN,
        }],
    };
    assert!(
        svg_string(&nan_boxes)
            .expect("svg")
            .contains("no deals in this run")
    );
}

#[test]
fn awkward_inputs_render_without_panicking() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    render_matrix(&awkward::matrix(), &d.join("m")).expect("matrix");
    render_matrix(&awkward::matrix_single(), &d.join("m1")).expect("matrix 1x1");
    render_ranking(&awkward::ranking(), &d.join("r")).expect("ranking");
    render_distribution(&awkward::distribution(), &d.join("b")).expect("boxes");
    render_asymmetry(&awkward::asymmetry_single(), &d.join("a")).expect("asymmetry");
    render_information(&awkward::information(), &d.join("i")).expect("information");
    render_trust(&awkward::trust(), &d.join("t")).expect("trust");
    render_trace(&awkward::trace(), &d.join("tr")).expect("trace");
    render_sweep(&awkward::sweep(), &d.join("s")).expect("sweep");
    render_trust(&samples::trust_all_pairings(), &d.join("t16")).expect("16 pairings");
    render_evolution(&awkward::evolution(), &d.join("e")).expect("evolution");
    render_evolution(&awkward::evolution_single(), &d.join("e1")).expect("one generation");
    render_grid(&awkward::grid(), &d.join("g")).expect("grid");
    render_grid(&awkward::grid_single(), &d.join("g1")).expect("grid 1x1");
    // Huge shares, a strategy with no shares at all, and ragged grid rows.
    let mut wild = samples::evolution();
    wild.strategies[0].shares[10] = 1e308;
    wild.strategies[1].shares[10] = 1e308;
    wild.strategies[2].shares.clear();
    wild.generations[20] = f64::INFINITY;
    render_evolution(&wild, &d.join("wild_evolution")).expect("wild evolution");
    let mut wild = samples::grid();
    wild.values[0].clear();
    wild.values[1][2] = f64::INFINITY;
    wild.values.truncate(3);
    render_grid(&wild, &d.join("wild_grid")).expect("wild grid");
    // Infinite and huge values are skipped or clamped, never a panic.
    let mut wild = samples::trace();
    wild.a_offers.push((f64::INFINITY, 1.0));
    wild.b_offers.push((3.0, f64::NEG_INFINITY));
    wild.a_limit = 1e300;
    wild.events.push(TraceEvent {
        x: -1e9,
        y: Some(f64::NAN),
        side: 'B',
        kind: EventKind::Leak,
        label: "far away".into(),
    });
    render_trace(&wild, &d.join("wild")).expect("wild trace");
    let mut wild = samples::information();
    wild.points[0].bits_given = 1e12;
    render_information(&wild, &d.join("wild_info")).expect("wild info");
    let long = RankingData {
        title: "x".repeat(400),
        y_label: "y".repeat(300),
        entries: vec![RankingEntry {
            name: "n".repeat(200),
            color_index: 99,
            surplus: Ci::new(1.0, 0.5, 1.5),
            deal_rate: 2.0,
        }],
    };
    render_ranking(&long, &d.join("long")).expect("long texts");
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

#[test]
fn evolution_shows_names_and_a_full_stack() {
    let data = samples::evolution();
    let svg = svg_string(&data).expect("svg");
    for name in samples::STRATEGIES {
        assert!(svg.contains(name), "evolution svg lacks {name}");
    }
    for needle in [
        "Generation",
        "Share of the population",
        "100%",
        "300",
        &data.subtitle,
    ] {
        assert!(svg.contains(needle), "evolution svg lacks {needle}");
    }
    // The bands fill the plot from 0% to 100%: no white gap between the axis frame edges.
    let rgb = rgb_pixels(&data).expect("png");
    for y in [230, 400, 600, 850] {
        let column: Vec<u32> = (200..1500)
            .step_by(50)
            .filter(|&x| {
                let (r, g, b) = pixel(&rgb, x, y);
                r > 245 && g > 245 && b > 245
            })
            .collect();
        assert!(column.is_empty(), "white at y {y}, x {column:?}");
    }
    // Bottom band is the first strategy's colour, the taken-over top right the third's.
    let c = |i: usize| {
        let s = strategy_color(i);
        (s.0, s.1, s.2)
    };
    assert_eq!(pixel(&rgb, 1500, 880), c(0));
    assert_eq!(pixel(&rgb, 1500, 400), c(2));
}

#[test]
fn a_single_generation_is_one_column() {
    let rgb = rgb_pixels(&awkward::evolution_single()).expect("png");
    // Data in the middle third of the plot, none near its left and right edges.
    assert!(colourful(&rgb, 700, 250, 900, 850) > 10_000);
    assert_eq!(colourful(&rgb, 160, 250, 450, 850), 0);
    assert_eq!(colourful(&rgb, 1200, 250, 1500, 850), 0);
    let svg = svg_string(&awkward::evolution_single()).expect("svg");
    let texts = svg_texts(&svg);
    // Each name in the legend and inside its band; one tick, at generation 0.
    assert_eq!(texts.iter().filter(|t| *t == "mirroring").count(), 2);
    assert!(texts.iter().any(|t| t == "0") && !texts.iter().any(|t| t == "1"));
}

#[test]
fn grid_writes_values_and_parameter_names() {
    let data = samples::grid();
    let svg = svg_string(&data).expect("svg");
    for needle in [
        "Noise in confided values (prior SDs)",
        "Off-the-record exchange rounds",
        "Deal rate",
        "0.75",
    ] {
        assert!(svg.contains(needle), "grid svg lacks {needle}");
    }
    let texts = svg_texts(&svg);
    assert!(
        (0..6).all(|c| texts.contains(&c.to_string())),
        "column names"
    );
    assert!(
        svg.matches('%').count() >= 30,
        "every cell carries a percentage"
    );
    // Dense columns: every other parameter value is written, none is shortened.
    let svg = svg_string(&awkward::grid()).expect("svg");
    let texts = svg_texts(&svg);
    let has = |t: &str| texts.iter().any(|x| x == t);
    assert!(has("0") && has("2000") && has("24000"));
    assert!(!has("1000") && !has("23000"));
    assert!(svg.contains("n/a"));
}

#[test]
fn bad_output_path_is_an_error_naming_the_file() {
    let err = render_ranking(
        &samples::ranking(),
        Path::new("/nonexistent-chart-dir/sub/ranking"),
    )
    .expect_err("cannot write there");
    assert!(
        err.to_string()
            .contains("/nonexistent-chart-dir/sub/ranking.png"),
        "{err}"
    );
}

#[test]
fn rerendering_replaces_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let base = dir.path().join("chart.old");
    render_ranking(&samples::ranking(), &base).expect("first");
    let first = std::fs::read(dir.path().join("chart.svg")).expect("svg");
    let mut other = samples::ranking();
    other.title = "Another title".into();
    render_ranking(&other, &base).expect("second");
    let second = std::fs::read_to_string(dir.path().join("chart.svg")).expect("svg");
    assert_ne!(first, second.as_bytes());
    assert!(second.contains("Another title"));
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 2);
}

/// A one-line chart used to check the text rasteriser.
struct Line {
    text: &'static str,
    size: f64,
    rotated: bool,
}

impl Chart for Line {
    fn draw<DB: plotters::prelude::DrawingBackend>(&self, cv: &Canvas<'_, DB>) -> DrawResult<DB> {
        cv.fill(&plotters::style::WHITE)?;
        let spec = TextSpec::new(self.size).anchor(HAlign::Left, VAlign::Baseline);
        if self.rotated {
            cv.text(self.text, 300.0, 900.0, &spec.up())
        } else {
            cv.text(self.text, 100.0, 300.0, &spec)
        }
    }
}

/// Columns (or rows) that hold ink.
fn inked(rgb: &[u8], horizontal: bool) -> Vec<u32> {
    let (outer, inner) = if horizontal {
        (WIDTH, HEIGHT)
    } else {
        (HEIGHT, WIDTH)
    };
    (0..outer)
        .filter(|&a| {
            (0..inner).any(|b| {
                let (x, y) = if horizontal { (a, b) } else { (b, a) };
                let (r, g, bl) = pixel(rgb, x, y);
                u16::from(r) + u16::from(g) + u16::from(bl) < 600
            })
        })
        .collect()
}

#[test]
fn text_is_laid_out_with_bearings_and_kerning() {
    for size in [22.0, 30.0, 44.0] {
        let text = "Agreement rate, Efficiency (%) - mirroring vs probing";
        let rgb = rgb_pixels(&Line {
            text,
            size,
            rotated: false,
        })
        .expect("render");
        let cols = inked(&rgb, true);
        let (first, last) = (cols[0] as f64, *cols.last().expect("ink") as f64);
        let expected = measure(text, size, false);
        // Ink starts at the pen position (plus the small left bearing of "A") and spans the
        // measured advance width: no glyph is shifted by a dropped side-bearing.
        assert!(
            (first - 100.0).abs() <= 2.0,
            "size {size}: ink starts at {first}"
        );
        assert!(
            (last - first - expected).abs() <= 0.04 * expected,
            "size {size}: {} vs {expected}",
            last - first
        );
    }
}

#[test]
fn letter_gaps_follow_the_font_metrics() {
    use ab_glyph::Font;
    // "Agreemen t": plotters' own ab_glyph path drops each glyph's left side-bearing, which
    // opens a gap before 't'. The blank columns between 'n' and 't' must match the font:
    // right bearing of 'n' + kerning + left bearing of 't'.
    let size = 60.0;
    let font = super::text::face(false).expect("font");
    let upem = f64::from(font.units_per_em().expect("units per em"));
    let (n, t) = (font.glyph_id('n'), font.glyph_id('t'));
    let bounds = |id| font.outline(id).expect("outline").bounds;
    let gap_units = f64::from(
        font.h_advance_unscaled(n) + font.kern_unscaled(n, t) - bounds(n).max.x + bounds(t).min.x,
    );
    let expected = gap_units * size / upem;
    let rgb = rgb_pixels(&Line {
        text: "Agreement",
        size,
        rotated: false,
    })
    .expect("render");
    let cols = inked(&rgb, true);
    let gaps: Vec<u32> = cols
        .windows(2)
        .map(|w| w[1] - w[0] - 1)
        .filter(|g| *g > 0)
        .collect();
    let last = f64::from(*gaps.last().expect("gap before t"));
    assert!(
        (last - expected).abs() <= 2.0,
        "gap before 't' is {last} px, font says {expected:.1} px ({gaps:?})"
    );
}

#[test]
fn rotated_text_reads_upwards() {
    let text = "Mean surplus (money units)";
    let rgb = rgb_pixels(&Line {
        text,
        size: 30.0,
        rotated: true,
    })
    .expect("render");
    let rows = inked(&rgb, false);
    let cols = inked(&rgb, true);
    let (top, bottom) = (rows[0] as f64, *rows.last().expect("ink") as f64);
    // (less the left side-bearing of "M", about 3 px at this size)
    assert!(
        (bottom - 900.0).abs() <= 5.0,
        "text starts at the anchor and goes up: {bottom}"
    );
    let expected = measure(text, 30.0, false);
    assert!(
        (bottom - top - expected).abs() <= 0.04 * expected,
        "{} vs {expected}",
        bottom - top
    );
    // The glyphs sit left of the anchor (their baseline is the anchor's x).
    assert!(*cols.last().expect("ink") <= 308 && cols[0] >= 300 - 32);
}

#[test]
fn rendering_is_fast() {
    let limit = if cfg!(debug_assertions) {
        Duration::from_secs(3)
    } else {
        Duration::from_millis(300)
    };
    register_fonts().expect("fonts");
    let time = |f: &dyn Fn() -> Result<(), ChartError>| {
        (0..3)
            .map(|_| {
                let t = Instant::now();
                f().expect("render");
                t.elapsed()
            })
            .min()
            .expect("three runs")
    };
    type Job = Box<dyn Fn() -> Result<(), ChartError>>;
    let checks: Vec<(&str, Job)> = vec![
        (
            "asymmetry",
            Box::new(|| png_bytes(&samples::asymmetry()).map(|_| ())),
        ),
        (
            "trace",
            Box::new(|| png_bytes(&samples::trace()).map(|_| ())),
        ),
        (
            "trust",
            Box::new(|| png_bytes(&samples::trust_all_pairings()).map(|_| ())),
        ),
        (
            "evolution",
            Box::new(|| png_bytes(&samples::evolution()).map(|_| ())),
        ),
        (
            "matrix svg",
            Box::new(|| svg_string(&samples::matrix_surplus()).map(|_| ())),
        ),
    ];
    for (name, f) in checks {
        let took = time(f.as_ref());
        assert!(took < limit, "{name} took {took:?}");
    }
}
