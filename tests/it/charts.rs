//! Integration tests of the charts and reports of the `negsim` binary: they
//! run the built executable (never the library) in temporary folders and
//! check what a user gets. Covered: `negsim run` draws every chart of the
//! default, integrative and repeated configs as a 1600x1000 PNG with drawn
//! content (plot area, axis labels, title) and a well-formed SVG holding its
//! title; `negsim plot` redraws the same pictures from the CSV files without
//! touching the data, and refuses (exit 2, naming the file and the problem)
//! folders that are not results folders, missing files and malformed CSV or
//! JSON; a run without a single deal still draws every chart and reports;
//! `--no-charts` and `negsim report` drawing the charts afterwards;
//! `report.html` (self-contained: one inline SVG per chart, the `ranking` and
//! `summary` tables, no external references) and `report.md` (links to
//! every PNG, all resolving); the report as headless Chromium sees it (DOM
//! and a screenshot); and `negsim trace --chart` in PNG and SVG. SVGs are
//! checked by a small XML well-formedness checker in this file (balanced
//! tags, one `<svg>` root, quoted attributes, valid entities); PNGs are
//! decoded with the `png` crate.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_negsim");
const CHROMIUM: &str = "/usr/bin/chromium";
const STRATEGIES: [&str; 4] = ["open", "guarded", "mirroring", "probing"];
/// Runs per pairing: enough for every chart to have data, fast to simulate.
const RUNS: &str = "2000";
/// The charts of every tournament (file name, title as in src/charts.rs).
const CHARTS: [(&str, &str); 6] = [
    ("asymmetry", "Deal outcomes against information asymmetry"),
    (
        "matrix",
        "Mean surplus of each strategy (row) against each opponent (column)",
    ),
    (
        "matrix_deals",
        "Deal rate of each strategy (row) against each opponent (column)",
    ),
    (
        "ranking",
        "Ranking: mean surplus over all opponents and both sides",
    ),
    (
        "distribution",
        "How each strategy splits the surplus in its deals",
    ),
    (
        "information",
        "Who extracts, who leaks: bits learned against bits given away",
    ),
];
/// The extra chart of a config with `[match] runs > 1`.
const TRUST_CHART: (&str, &str) = (
    "trust",
    "Trust and disclosure over the runs of a match (side A's view)",
);
/// The files `negsim plot` reads (besides `match_trace.csv` for matches).
const RESULT_FILES: [&str; 7] = [
    "manifest.json",
    "summary.csv",
    "matrix.csv",
    "deal_matrix.csv",
    "ranking.csv",
    "asymmetry.csv",
    "share_distribution.csv",
];
const LIMIT: Duration = Duration::from_secs(60);

// ---------------------------------------------------------------- helpers --

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn config(name: &str) -> PathBuf {
    repo().join("configs").join(name)
}

fn s(p: &Path) -> &str {
    p.to_str().expect("test paths are UTF-8")
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().expect("create a temporary folder")
}

/// The charts a tournament folder should hold.
fn expected_charts(trust: bool) -> Vec<(&'static str, &'static str)> {
    let mut v = CHARTS.to_vec();
    if trust {
        v.push(TRUST_CHART);
    }
    v
}

/// What a finished process left.
#[derive(Debug)]
struct Out {
    /// Exit code; `None` when killed by a signal.
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Out {
    fn describe(&self) -> String {
        format!(
            "exit code {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.code,
            truncate(&self.stdout),
            truncate(&self.stderr)
        )
    }
}

fn truncate(t: &str) -> &str {
    match t.char_indices().nth(3000) {
        Some((i, _)) => &t[..i],
        None => t,
    }
}

/// Run `cmd` in its own process group with output into temporary files;
/// kill the group (only processes this test started) if it is not done
/// within `limit`.
fn run_limited(mut cmd: Command, limit: Duration, what: &str) -> Out {
    use std::os::unix::process::CommandExt;
    let out_file = tempfile::NamedTempFile::new().expect("temp file");
    let err_file = tempfile::NamedTempFile::new().expect("temp file");
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(out_file.reopen().expect("reopen"))
        .stderr(err_file.reopen().expect("reopen"))
        .process_group(0)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {what}: {e}"));
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait for child") {
            return Out {
                code: status.code(),
                stdout: String::from_utf8_lossy(&fs::read(out_file.path()).unwrap_or_default())
                    .into_owned(),
                stderr: String::from_utf8_lossy(&fs::read(err_file.path()).unwrap_or_default())
                    .into_owned(),
            };
        }
        if start.elapsed() > limit {
            let group = format!("-{}", child.id());
            let _ = Command::new("kill")
                .args(["-KILL", "--", &group])
                .stderr(Stdio::null())
                .status();
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "{what} did not finish within {} s (killed):\n--- stderr ---\n{}",
                limit.as_secs(),
                truncate(&fs::read_to_string(err_file.path()).unwrap_or_default())
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Run `negsim args` in `cwd`.
fn negsim(cwd: &Path, args: &[&str]) -> Out {
    let mut c = Command::new(BIN);
    c.args(args)
        .current_dir(cwd)
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE");
    run_limited(c, LIMIT, &format!("negsim {}", args.join(" ")))
}

fn panic_marks(stderr: &str) -> Vec<&'static str> {
    ["panicked", "RUST_BACKTRACE", "stack backtrace"]
        .into_iter()
        .filter(|m| stderr.contains(m))
        .collect()
}

fn assert_ok(out: &Out, what: &str) {
    assert_eq!(out.code, Some(0), "{what} failed:\n{}", out.describe());
    assert!(
        panic_marks(&out.stderr).is_empty(),
        "{what} printed panic text:\n{}",
        out.describe()
    );
}

/// Exit code 2, one `error: ` line on stderr naming every string of
/// `expected`, no panic.
fn assert_user_error(out: &Out, expected: &[&str], what: &str) {
    let mut p = Vec::new();
    if out.code != Some(2) {
        p.push(format!("exit code {:?}, expected 2", out.code));
    }
    if !out.stderr.starts_with("error: ") {
        p.push("stderr does not start with `error: `".to_string());
    }
    for m in panic_marks(&out.stderr) {
        p.push(format!("stderr contains panic text `{m}`"));
    }
    for e in expected {
        if !out.stderr.contains(e) {
            p.push(format!("stderr does not mention `{e}`"));
        }
    }
    assert!(
        p.is_empty(),
        "{what}:\n  - {}\n{}",
        p.join("\n  - "),
        out.describe()
    );
}

/// `negsim run [config] --out parent/name --runs RUNS -q [extra]`; returns the folder.
fn tournament(parent: &Path, name: &str, cfg: Option<&Path>, extra: &[&str]) -> PathBuf {
    let out = parent.join(name);
    let mut args = vec!["run"];
    if let Some(c) = cfg {
        args.push(s(c));
    }
    args.extend(["--out", s(&out), "--runs", RUNS, "-q"]);
    args.extend_from_slice(extra);
    let o = negsim(parent, &args);
    assert_ok(&o, &format!("negsim {}", args.join(" ")));
    assert!(out.is_dir(), "negsim run wrote no folder {}", out.display());
    out
}

/// The default config with value and cost ranges that never overlap: no
/// deal is possible in any run.
fn no_deal_config(dir: &Path) -> PathBuf {
    let text = fs::read_to_string(config("default.toml")).expect("read configs/default.toml");
    let mut seen = (false, false);
    let lines: Vec<String> = text
        .lines()
        .map(|l| {
            if l.starts_with("buyer_value") {
                seen.0 = true;
                r#"buyer_value = { dist = "uniform", low = 10, high = 20 }"#.to_string()
            } else if l.starts_with("seller_cost") {
                seen.1 = true;
                r#"seller_cost = { dist = "uniform", low = 30, high = 40 }"#.to_string()
            } else if l.starts_with("name ") {
                r#"name = "no-deal""#.to_string()
            } else {
                l.to_string()
            }
        })
        .collect();
    assert!(
        seen.0 && seen.1,
        "configs/default.toml no longer has top-level buyer_value / seller_cost lines"
    );
    let path = dir.join("no-deal.toml");
    fs::write(&path, lines.join("\n") + "\n").expect("write no-deal.toml");
    path
}

/// Every regular file under `dir` (recursively, relative names) with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in fs::read_dir(dir).expect("read folder") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p.strip_prefix(base).expect("under base");
                out.insert(
                    rel.to_string_lossy().into_owned(),
                    fs::read(&p).expect("read file"),
                );
            }
        }
    }
    let mut m = BTreeMap::new();
    walk(dir, dir, &mut m);
    m
}

/// Names in `dir` (not recursive), sorted.
fn entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .map(|d| {
            d.map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// Temporary or backup entries a command may have left in `dir` or `dir/charts`.
fn leftovers(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = entries(dir)
        .into_iter()
        .filter(|n| n.starts_with('.') || n.contains(".tmp") || n.contains(".old"))
        .collect();
    v.extend(
        entries(&dir.join("charts"))
            .into_iter()
            .filter(|n| n.starts_with('.') || n.contains(".tmp"))
            .map(|n| format!("charts/{n}")),
    );
    v
}

/// Copy the files (not sub-folders) of `from` into a new folder `to`.
fn copy_files(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create folder");
    for e in fs::read_dir(from).expect("read folder") {
        let p = e.expect("entry").path();
        if p.is_file() {
            fs::copy(&p, to.join(p.file_name().expect("name"))).expect("copy file");
        }
    }
}

/// Copy a whole results folder (files and charts/).
fn copy_results(from: &Path, to: &Path) {
    copy_files(from, to);
    if from.join("charts").is_dir() {
        copy_files(&from.join("charts"), &to.join("charts"));
    }
}

/// Read a CSV file as header and rows.
fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let header = r
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    let rows = r
        .records()
        .map(|rec| rec.expect("record").iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

fn write_csv(path: &Path, header: &[String], rows: &[Vec<String>]) {
    let mut w = csv::Writer::from_path(path).expect("create CSV");
    w.write_record(header).expect("write header");
    for r in rows {
        w.write_record(r).expect("write row");
    }
    w.flush().expect("flush CSV");
}

/// Replace column `col` of data row `row` (0-based) with `value`.
fn set_cell(path: &Path, row: usize, col: &str, value: &str) {
    let (h, mut rows) = read_csv(path);
    let i = h
        .iter()
        .position(|c| c == col)
        .unwrap_or_else(|| panic!("{} has no column {col}", path.display()));
    rows[row][i] = value.to_string();
    write_csv(path, &h, &rows);
}

/// Drop column `col` from a CSV file.
fn drop_column(path: &Path, col: &str) {
    let (mut h, mut rows) = read_csv(path);
    let i = h
        .iter()
        .position(|c| c == col)
        .unwrap_or_else(|| panic!("{} has no column {col}", path.display()));
    h.remove(i);
    for r in &mut rows {
        r.remove(i);
    }
    write_csv(path, &h, &rows);
}

fn manifest(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&fs::read_to_string(dir.join("manifest.json")).expect("manifest.json"))
        .expect("manifest.json is JSON")
}

// ------------------------------------------------------------------- PNG --

/// A decoded image as packed 8-bit RGB.
struct Image {
    w: usize,
    h: usize,
    rgb: Vec<u8>,
}

/// Counts over a rectangle of an image.
#[derive(Debug)]
struct Stats {
    pixels: usize,
    /// Pixels with some channel below 235.
    non_white: usize,
    /// Pixels with every channel below 100 (text, axes).
    dark: usize,
    /// Colourful pixels (max - min channel above 60).
    colourful: usize,
    /// Colours (4 bits per channel) that are not near-white and cover at
    /// least 25 pixels.
    colours: usize,
}

impl Image {
    fn decode(bytes: &[u8]) -> Result<Image, String> {
        let mut dec = png::Decoder::new(std::io::Cursor::new(bytes));
        dec.set_transformations(png::Transformations::normalize_to_color8());
        let mut reader = dec.read_info().map_err(|e| format!("not a PNG: {e}"))?;
        let mut buf = vec![0; reader.output_buffer_size().ok_or("PNG too large")?];
        let info = reader
            .next_frame(&mut buf)
            .map_err(|e| format!("PNG does not decode: {e}"))?;
        let data = &buf[..info.buffer_size()];
        let (w, h) = (info.width as usize, info.height as usize);
        let channels = match info.color_type {
            png::ColorType::Grayscale => 1,
            png::ColorType::GrayscaleAlpha => 2,
            png::ColorType::Rgb => 3,
            png::ColorType::Rgba => 4,
            png::ColorType::Indexed => return Err("indexed PNG left unexpanded".into()),
        };
        if data.len() != w * h * channels {
            return Err(format!(
                "PNG data holds {} bytes, expected {w}x{h}x{channels}",
                data.len()
            ));
        }
        let mut rgb = Vec::with_capacity(w * h * 3);
        for px in data.chunks_exact(channels) {
            // Composite any alpha over white.
            let (c, a) = match channels {
                1 => ([px[0]; 3], 255),
                2 => ([px[0]; 3], px[1]),
                3 => ([px[0], px[1], px[2]], 255),
                _ => ([px[0], px[1], px[2]], px[3]),
            };
            for v in c {
                let v = (u32::from(v) * u32::from(a) + 255 * (255 - u32::from(a))) / 255;
                rgb.push(v as u8);
            }
        }
        Ok(Image { w, h, rgb })
    }

    fn load(path: &Path) -> Result<Image, String> {
        let bytes = fs::read(path).map_err(|e| format!("cannot read: {e}"))?;
        Image::decode(&bytes)
    }

    /// Counts over the rectangle given in fractions of the width and height.
    fn stats(&self, x0: f64, y0: f64, x1: f64, y1: f64) -> Stats {
        let (xa, xb) = (
            (x0 * self.w as f64) as usize,
            ((x1 * self.w as f64) as usize).min(self.w),
        );
        let (ya, yb) = (
            (y0 * self.h as f64) as usize,
            ((y1 * self.h as f64) as usize).min(self.h),
        );
        let mut st = Stats {
            pixels: 0,
            non_white: 0,
            dark: 0,
            colourful: 0,
            colours: 0,
        };
        let mut buckets: BTreeMap<u16, usize> = BTreeMap::new();
        for y in ya..yb {
            let row = &self.rgb[y * self.w * 3..(y + 1) * self.w * 3];
            for px in row[xa * 3..xb * 3].chunks_exact(3) {
                st.pixels += 1;
                let (mn, mx) = (
                    px.iter().copied().min().unwrap_or(0),
                    px.iter().copied().max().unwrap_or(0),
                );
                if mn < 235 {
                    st.non_white += 1;
                    let key = (u16::from(px[0] >> 4) << 8)
                        | (u16::from(px[1] >> 4) << 4)
                        | u16::from(px[2] >> 4);
                    *buckets.entry(key).or_default() += 1;
                }
                if mx < 100 {
                    st.dark += 1;
                }
                if mx - mn > 60 {
                    st.colourful += 1;
                }
            }
        }
        st.colours = buckets.values().filter(|&&n| n >= 25).count();
        st
    }
}

/// Problems of a chart PNG: it must decode as 1600x1000; `full` also asks
/// for drawn content in the plot area (the central 60%), dark text in the
/// left and bottom margins (axis labels) and a title at the top.
fn png_problems(path: &Path, full: bool) -> Vec<String> {
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

// ------------------------------------------------------------------- SVG --

/// What the well-formedness checker learnt about an SVG document.
#[derive(Debug)]
struct Svg {
    root_attrs: BTreeMap<String, String>,
    /// The text of each `<text>` element (entities decoded, whitespace collapsed).
    texts: Vec<String>,
    elements: usize,
}

impl Svg {
    /// All texts joined by spaces (a title wrapped over lines reads whole).
    fn all_text(&self) -> String {
        self.texts.join(" ")
    }
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_name_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_' || c == ':'
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | ':' | '-' | '.')
}

/// Decode the entities of character data or an attribute value.
fn decode_entities(s: &str, at: usize) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let end = after
            .find(';')
            .filter(|&e| e <= 10)
            .ok_or_else(|| format!("byte {at}: bare '&' (not an entity)"))?;
        let ent = &after[..end];
        let ch = match ent {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = if let Some(hex) = ent.strip_prefix("#x") {
                    u32::from_str_radix(hex, 16).ok()
                } else if let Some(dec) = ent.strip_prefix('#') {
                    dec.parse().ok()
                } else {
                    None
                };
                code.and_then(char::from_u32)
                    .ok_or_else(|| format!("byte {at}: unknown entity '&{ent};'"))?
            }
        };
        out.push(ch);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Check that `src` is a well-formed XML document with a single `<svg>` root:
/// balanced and properly nested tags, quoted and unique attributes, valid
/// entities, nothing but comments and white space outside the root.
fn parse_svg(src: &str) -> Result<Svg, String> {
    let mut i = 0;
    let b = src.as_bytes();
    let mut stack: Vec<String> = Vec::new();
    let mut root: Option<BTreeMap<String, String>> = None;
    let mut root_closed = false;
    let mut texts = Vec::new();
    let mut cur_text: Option<(usize, String)> = None;
    let mut elements = 0;
    if src.starts_with('\u{feff}') {
        i = 3;
    }
    if src[i..].starts_with("<?xml") {
        i += src[i..].find("?>").ok_or("unterminated XML declaration")? + 2;
    }
    while i < b.len() {
        let rest = &src[i..];
        if rest.starts_with("<!--") {
            let end = rest
                .find("-->")
                .ok_or(format!("byte {i}: unterminated comment"))?;
            i += end + 3;
        } else if rest.starts_with("<![CDATA[") {
            if stack.is_empty() {
                return Err(format!("byte {i}: CDATA outside the root element"));
            }
            let end = rest
                .find("]]>")
                .ok_or(format!("byte {i}: unterminated CDATA"))?;
            if let Some((_, t)) = &mut cur_text {
                t.push_str(&rest[9..end]);
            }
            i += end + 3;
        } else if rest.starts_with("<!DOCTYPE") {
            if root.is_some() {
                return Err(format!("byte {i}: DOCTYPE after the root element"));
            }
            i += rest
                .find('>')
                .ok_or(format!("byte {i}: unterminated DOCTYPE"))?
                + 1;
        } else if rest.starts_with("<?") {
            i += rest
                .find("?>")
                .ok_or(format!("byte {i}: unterminated processing instruction"))?
                + 2;
        } else if let Some(after) = rest.strip_prefix("</") {
            let name: String = after.chars().take_while(|&c| is_name_char(c)).collect();
            let tail = after[name.len()..].trim_start();
            if !tail.starts_with('>') {
                return Err(format!("byte {i}: malformed end tag </{name}"));
            }
            let open = stack
                .pop()
                .ok_or(format!("byte {i}: end tag </{name}> without a start tag"))?;
            if open != name {
                return Err(format!("byte {i}: </{name}> closes <{open}>"));
            }
            if let Some((depth, t)) = &cur_text
                && *depth == stack.len()
            {
                texts.push(collapse(t));
                cur_text = None;
            }
            if stack.is_empty() {
                root_closed = true;
            }
            i += 2 + name.len() + (after[name.len()..].len() - tail.len()) + 1;
        } else if let Some(after) = rest.strip_prefix('<') {
            let name: String = after.chars().take_while(|&c| is_name_char(c)).collect();
            if !name.chars().next().is_some_and(is_name_start) {
                return Err(format!("byte {i}: '<' not starting a tag"));
            }
            if root_closed {
                return Err(format!(
                    "byte {i}: element <{name}> after the root element (more than one root)"
                ));
            }
            if root.is_none() && name != "svg" {
                return Err(format!("root element is <{name}>, not <svg>"));
            }
            let mut j = i + 1 + name.len();
            let mut attrs = BTreeMap::new();
            let self_closing;
            loop {
                let ws = src[j..].len() - src[j..].trim_start().len();
                j += ws;
                let r = &src[j..];
                if r.starts_with("/>") {
                    self_closing = true;
                    j += 2;
                    break;
                }
                if r.starts_with('>') {
                    self_closing = false;
                    j += 1;
                    break;
                }
                if r.is_empty() {
                    return Err(format!("byte {i}: unterminated tag <{name}"));
                }
                if ws == 0 {
                    return Err(format!(
                        "byte {j}: no white space before an attribute in <{name}>"
                    ));
                }
                let an: String = r.chars().take_while(|&c| is_name_char(c)).collect();
                if !an.chars().next().is_some_and(is_name_start) {
                    return Err(format!("byte {j}: malformed attribute in <{name}>"));
                }
                j += an.len();
                j += src[j..].len() - src[j..].trim_start().len();
                if !src[j..].starts_with('=') {
                    return Err(format!(
                        "byte {j}: attribute {an} of <{name}> has no '=value'"
                    ));
                }
                j += 1;
                j += src[j..].len() - src[j..].trim_start().len();
                let q = src[j..].chars().next().unwrap_or(' ');
                if q != '"' && q != '\'' {
                    return Err(format!(
                        "byte {j}: value of attribute {an} of <{name}> is not quoted"
                    ));
                }
                let end = src[j + 1..].find(q).ok_or(format!(
                    "byte {j}: unterminated value of attribute {an} of <{name}>"
                ))?;
                let raw = &src[j + 1..j + 1 + end];
                if raw.contains('<') {
                    return Err(format!(
                        "byte {j}: '<' in the value of attribute {an} of <{name}>"
                    ));
                }
                let value = decode_entities(raw, j)?;
                if attrs.insert(an.clone(), value).is_some() {
                    return Err(format!("byte {j}: attribute {an} repeated in <{name}>"));
                }
                j += end + 2;
            }
            elements += 1;
            if root.is_none() {
                root = Some(attrs);
            }
            if self_closing {
                if stack.is_empty() {
                    root_closed = true;
                }
            } else {
                if name == "text" && cur_text.is_none() {
                    cur_text = Some((stack.len(), String::new()));
                }
                stack.push(name);
            }
            i = j;
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            let chunk = &rest[..end];
            if stack.is_empty() {
                if !chunk.trim().is_empty() {
                    return Err(format!(
                        "byte {i}: text outside the root element: {:?}",
                        chunk.trim().chars().take(40).collect::<String>()
                    ));
                }
            } else {
                let t = decode_entities(chunk, i)?;
                if let Some((_, cur)) = &mut cur_text {
                    cur.push(' ');
                    cur.push_str(&t);
                }
            }
            i += end;
        }
    }
    if let Some(open) = stack.last() {
        return Err(format!("unclosed element <{open}> at the end"));
    }
    let root_attrs = root.ok_or("no root element")?;
    Ok(Svg {
        root_attrs,
        texts,
        elements,
    })
}

/// Problems of an SVG chart: well-formed, an `<svg>` root of the SVG
/// namespace with a 1600x1000 view, some drawing, and the title text.
fn svg_problems(text: &str, name: &str, title: &str, min_elements: usize) -> Vec<String> {
    let svg = match parse_svg(text) {
        Ok(s) => s,
        Err(e) => return vec![format!("{name}: not well-formed: {e}")],
    };
    let mut p = Vec::new();
    if svg.root_attrs.get("xmlns").map(String::as_str) != Some("http://www.w3.org/2000/svg") {
        p.push(format!(
            "{name}: the root <svg> lacks xmlns=\"http://www.w3.org/2000/svg\""
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

/// Check every expected chart of `dir/charts` as PNG and SVG; `full` PNG
/// checks unless the run had nothing to plot.
fn chart_problems(dir: &Path, trust: bool, full: bool) -> Vec<String> {
    let charts = dir.join("charts");
    let mut p = Vec::new();
    for (name, title) in expected_charts(trust) {
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
            for st in STRATEGIES {
                if !svg.texts.iter().any(|t| t.contains(st)) {
                    p.push(format!("{}: no label names {st}", path.display()));
                }
            }
        }
    }
    if !trust && charts.join("trust.png").exists() {
        p.push("charts/trust.png drawn for a config without matches".into());
    }
    for l in leftovers(dir) {
        p.push(format!("left behind: {l}"));
    }
    p
}

fn assert_no_problems(p: &[String], what: &str) {
    assert!(p.is_empty(), "{what}:\n  - {}", p.join("\n  - "));
}

// ------------------------------------------------------------------ HTML --

/// The text between `start` (inclusive) and the next `end` (inclusive).
fn section<'a>(html: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let i = html.find(start)?;
    let j = html[i..].find(end)?;
    Some(&html[i..i + j + end.len()])
}

/// Figure ids (`chart-NAME`) of a report in document order.
fn figure_ids(html: &str) -> Vec<String> {
    html.match_indices("<figure")
        .filter_map(|(i, _)| {
            let tag = &html[i..i + html[i..].find('>')?];
            let k = tag.find("id=\"")? + 4;
            Some(tag[k..k + tag[k..].find('"')?].to_string())
        })
        .collect()
}

/// Problems of the structure of a report's HTML (as written or as a
/// browser's DOM): one figure `chart-NAME` per chart, each holding one
/// well-formed inline `<svg>` with the chart's title, both tables with
/// every strategy.
fn report_html_problems(html: &str, charts: &[(&str, &str)], what: &str) -> Vec<String> {
    let mut p = Vec::new();
    let svgs = html.matches("<svg").count();
    if svgs != charts.len() {
        p.push(format!(
            "{what}: {svgs} <svg elements, expected one per chart ({})",
            charts.len()
        ));
    }
    let ids = figure_ids(html);
    for (name, title) in charts {
        let id = format!("chart-{name}");
        if !ids.contains(&id) {
            p.push(format!("{what}: no figure id=\"{id}\" (figures: {ids:?})"));
            continue;
        }
        let start = format!("id=\"{id}\"");
        let Some(fig) = section(html, &start, "</figure>") else {
            p.push(format!("{what}: figure {id} is not closed"));
            continue;
        };
        let Some(svg) = section(fig, "<svg", "</svg>") else {
            p.push(format!("{what}: figure {id} holds no <svg>...</svg>"));
            continue;
        };
        // A browser's HTML serialiser writes U+00A0 as &nbsp;.
        let svg = svg.replace("&nbsp;", "\u{a0}");
        p.extend(svg_problems(
            &svg,
            &format!("{what}, figure {id}"),
            title,
            4,
        ));
    }
    for table in ["ranking", "summary"] {
        match section(html, &format!("<table id=\"{table}\""), "</table>") {
            None => p.push(format!("{what}: no <table id=\"{table}\">...</table>")),
            Some(t) => {
                let rows = t.matches("<tr").count();
                let want = if table == "ranking" { 1 + 4 } else { 1 + 16 };
                if rows != want {
                    p.push(format!(
                        "{what}: table {table} has {rows} rows, expected {want}"
                    ));
                }
                for st in STRATEGIES {
                    if !t.contains(&format!("<td>{st}</td>")) {
                        p.push(format!("{what}: table {table} does not name {st}"));
                    }
                }
            }
        }
    }
    p
}

/// References to anything outside the HTML file.
fn external_references(html: &str) -> Vec<String> {
    let lower = html.to_lowercase();
    let mut p = Vec::new();
    for bad in [
        "<img", "<script", "<link", "<iframe", "<object", "<embed", "@import", " src=",
    ] {
        if lower.contains(bad) {
            p.push(format!("contains `{bad}`"));
        }
    }
    for (i, _) in lower.match_indices("url(") {
        let target = lower[i + 4..].trim_start_matches(['"', '\'', ' ']);
        if !target.starts_with('#') {
            p.push(format!(
                "url() not inside the page: {}",
                &target[..target.len().min(60)]
            ));
        }
    }
    let cleaned = lower
        .replace("xmlns=\"http://www.w3.org/2000/svg\"", "")
        .replace("xmlns:xlink=\"http://www.w3.org/1999/xlink\"", "");
    for scheme in ["http://", "https://", "href=\"//", "file:"] {
        if let Some(i) = cleaned.find(scheme) {
            p.push(format!(
                "refers outside the file: ...{}...",
                &cleaned[i.saturating_sub(40)..(i + 60).min(cleaned.len())]
            ));
        }
    }
    for (i, _) in cleaned.match_indices("href=\"") {
        let target = &cleaned[i + 6..];
        if !target.starts_with('#') {
            p.push(format!(
                "link not inside the page: {}",
                &target[..target.len().min(60)]
            ));
        }
    }
    p
}

/// Image links `](target)` of a Markdown text.
fn md_links(md: &str) -> Vec<String> {
    md.match_indices("](")
        .filter_map(|(i, _)| {
            let rest = &md[i + 2..];
            Some(rest[..rest.find(')')?].to_string())
        })
        .collect()
}

fn report(dir: &Path) {
    let o = negsim(dir, &["report", s(dir)]);
    assert_ok(&o, "negsim report");
}

/// Problems of the `report.html` and `report.md` of `dir`.
fn report_problems(dir: &Path, charts: &[(&str, &str)]) -> Vec<String> {
    let mut p = Vec::new();
    let html = match fs::read_to_string(dir.join("report.html")) {
        Ok(h) => h,
        Err(e) => return vec![format!("report.html: {e}")],
    };
    p.extend(report_html_problems(&html, charts, "report.html"));
    for e in external_references(&html) {
        p.push(format!("report.html is not self-contained: {e}"));
    }
    let paragraphs = html.matches("<p class=\"read\">").count();
    if paragraphs != charts.len() {
        p.push(format!(
            "report.html: {paragraphs} explanation paragraphs, expected one per chart"
        ));
    }
    for (name, _) in charts {
        let fig = format!("id=\"chart-{name}\"");
        let para = html
            .find(&fig)
            .and_then(|i| html[i..].find("</figure>").map(|j| &html[i + j..]))
            .map(|after| after.trim_start_matches("</figure>").trim_start());
        match para {
            Some(a) if a.starts_with("<p class=\"read\">") => {
                let text = &a[16..a.find("</p>").unwrap_or(16)];
                if text.trim().len() < 80 {
                    p.push(format!(
                        "report.html: the paragraph under {name} is too short: {text:?}"
                    ));
                }
            }
            _ => p.push(format!(
                "report.html: no <p class=\"read\"> right under figure {name}"
            )),
        }
    }
    for (open, close) in [("<figure", "</figure>"), ("<table", "</table>")] {
        if html.matches(open).count() != html.matches(close).count() {
            p.push(format!("report.html: unbalanced {open}"));
        }
    }
    let md = match fs::read_to_string(dir.join("report.md")) {
        Ok(m) => m,
        Err(e) => return [p, vec![format!("report.md: {e}")]].concat(),
    };
    let links = md_links(&md);
    for png in entries(&dir.join("charts")) {
        if png.ends_with(".png") && !links.contains(&format!("charts/{png}")) {
            p.push(format!("report.md does not link charts/{png}"));
        }
    }
    for (name, _) in charts {
        if !links.contains(&format!("charts/{name}.png")) {
            p.push(format!("report.md does not link charts/{name}.png"));
        }
    }
    for st in STRATEGIES {
        if !md.contains(&format!("| {st} |")) {
            p.push(format!("report.md has no table row naming {st}"));
        }
    }
    p
}

/// Links of `report.md` that do not resolve to a file in `dir`.
fn broken_md_links(dir: &Path) -> Vec<String> {
    let md = fs::read_to_string(dir.join("report.md")).expect("report.md");
    md_links(&md)
        .into_iter()
        .filter(|l| !dir.join(l).is_file())
        .collect()
}

// -------------------------------------------------------------- Chromium --

/// The `file://` URL of an absolute path (percent-encoded).
fn file_url(path: &Path) -> String {
    let abs = fs::canonicalize(path).expect("canonical path");
    let mut url = String::from("file://");
    for byte in s(&abs).bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            url.push(byte as char);
        } else {
            url.push_str(&format!("%{byte:02X}"));
        }
    }
    url
}

/// Run headless Chromium with a fresh profile on `url`; fails (does not
/// skip) when Chromium is not installed.
fn chromium(extra: &[&str], url: &str) -> Out {
    assert!(
        Path::new(CHROMIUM).is_file(),
        "{CHROMIUM} is missing: the browser check of the report needs Debian's chromium \
         (apt-get install chromium)"
    );
    let profile = tmp();
    let mut c = Command::new(CHROMIUM);
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
    ])
    .arg(format!("--user-data-dir={}", s(profile.path())))
    .args(extra)
    .arg(url)
    .env("HOME", profile.path())
    .env("XDG_CONFIG_HOME", profile.path())
    .env("XDG_CACHE_HOME", profile.path());
    run_limited(c, LIMIT, "chromium")
}

/// A finished default tournament with its report.
fn reported_run(t: &tempfile::TempDir) -> PathBuf {
    let dir = tournament(t.path(), "default", None, &[]);
    report(&dir);
    dir
}

// ----------------------------------------------------------------- tests --

/// Every chart of the default config, as PNG (decodes, 1600x1000, drawn
/// plot area, axis labels, title) and SVG (well-formed, with its title).
#[test]
fn run_draws_every_chart_of_the_default_config() {
    let t = tmp();
    let dir = tournament(t.path(), "default", None, &[]);
    assert_no_problems(&chart_problems(&dir, false, true), "default config");
    let files = manifest(&dir)["files"].clone();
    assert!(
        files
            .as_array()
            .is_some_and(|f| f.iter().any(|x| x == "charts")),
        "manifest.json does not list charts: {files}"
    );
}

/// The same for the multi-issue scenario (utility units, no prices).
#[test]
fn run_draws_every_chart_of_the_integrative_config() {
    let t = tmp();
    let dir = tournament(
        t.path(),
        "integrative",
        Some(&config("integrative.toml")),
        &[],
    );
    assert_no_problems(&chart_problems(&dir, false, true), "integrative.toml");
}

/// Matches of several runs add the trust chart.
#[test]
fn run_draws_every_chart_of_the_repeated_config_including_trust() {
    let t = tmp();
    let dir = tournament(t.path(), "repeated", Some(&config("repeated.toml")), &[]);
    assert_no_problems(&chart_problems(&dir, true, true), "repeated.toml");
}

/// `negsim plot` redraws exactly what `negsim run` drew, from the CSV
/// files only: data and manifest untouched, nothing left behind, and it
/// works again over existing charts.
#[test]
fn plot_redraws_the_same_charts_without_touching_the_data() {
    let t = tmp();
    let dir = tournament(t.path(), "repeated", Some(&config("repeated.toml")), &[]);
    let before = snapshot(&dir);
    fs::remove_dir_all(dir.join("charts")).expect("remove charts/");
    for round in ["after deleting charts/", "over existing charts"] {
        let o = negsim(t.path(), &["plot", s(&dir)]);
        assert_ok(&o, &format!("negsim plot {round}"));
        let after = snapshot(&dir);
        let mut p = Vec::new();
        for (name, bytes) in &before {
            match after.get(name) {
                None => p.push(format!("{name} is missing")),
                Some(b) if b != bytes => p.push(format!(
                    "{name} differs from what negsim run wrote ({} vs {} bytes)",
                    b.len(),
                    bytes.len()
                )),
                Some(_) => {}
            }
        }
        for name in after.keys() {
            if !before.contains_key(name) {
                p.push(format!("{name} is new"));
            }
        }
        p.extend(leftovers(&dir).into_iter().map(|l| format!("left: {l}")));
        assert_no_problems(&p, &format!("negsim plot {round}\n{}", o.describe()));
    }
    assert_no_problems(&chart_problems(&dir, true, true), "charts redrawn by plot");
}

/// `plot` on folders that are not results folders: exit 2 naming the
/// missing file; nothing drawn.
#[test]
fn plot_refuses_folders_that_are_not_results_folders() {
    let t = tmp();
    let dir = tournament(t.path(), "default", None, &["--no-charts"]);

    let empty = t.path().join("empty");
    fs::create_dir(&empty).expect("mkdir");
    let o = negsim(t.path(), &["plot", s(&empty)]);
    assert_user_error(&o, &["manifest.json"], "plot on an empty folder");
    assert!(
        entries(&empty).is_empty(),
        "plot wrote into an empty folder"
    );

    let gone = t.path().join("no-such-folder");
    let o = negsim(t.path(), &["plot", s(&gone)]);
    assert_user_error(&o, &["no-such-folder"], "plot on a nonexistent folder");
    assert!(!gone.exists(), "plot created {}", gone.display());

    // Only some of the files: the manifest and two CSVs.
    let some = t.path().join("some");
    fs::create_dir(&some).expect("mkdir");
    for f in ["manifest.json", "summary.csv", "matrix.csv"] {
        fs::copy(dir.join(f), some.join(f)).expect("copy");
    }
    let o = negsim(t.path(), &["plot", s(&some)]);
    assert_eq!(
        o.code,
        Some(2),
        "plot on a partial folder:\n{}",
        o.describe()
    );
    let named = RESULT_FILES
        .iter()
        .filter(|f| !some.join(f).exists() && o.stderr.contains(*f))
        .count();
    assert!(
        named >= 1 && o.stderr.contains("missing"),
        "plot on a folder with only manifest.json, summary.csv and matrix.csv should name a \
         missing file:\n{}",
        o.describe()
    );
    assert!(
        !some.join("charts").exists(),
        "plot drew into a partial folder"
    );

    // Each file missing in turn.
    for f in RESULT_FILES {
        let part = t.path().join(format!("without-{f}"));
        copy_files(&dir, &part);
        fs::remove_file(part.join(f)).expect("remove");
        let o = negsim(t.path(), &["plot", s(&part)]);
        assert_user_error(&o, &[f, "missing"], &format!("plot without {f}"));
        assert!(
            !part.join("charts").exists(),
            "plot without {f} still drew charts/"
        );
        assert!(
            leftovers(&part).is_empty(),
            "plot without {f} left {:?}",
            leftovers(&part)
        );
    }

    // The results of matches need match_trace.csv for the trust chart.
    let rep = tournament(
        t.path(),
        "repeated",
        Some(&config("repeated.toml")),
        &["--no-charts"],
    );
    fs::remove_file(rep.join("match_trace.csv")).expect("remove match_trace.csv");
    let o = negsim(t.path(), &["plot", s(&rep)]);
    assert_user_error(
        &o,
        &["match_trace.csv", "missing"],
        "plot on matches without match_trace.csv",
    );
    assert!(
        !rep.join("charts").exists(),
        "plot without match_trace.csv still drew charts/"
    );
}

/// Malformed CSV or JSON: exit 2 naming the file and the problem; the
/// charts already there are kept as they were.
#[test]
fn plot_rejects_malformed_files_naming_the_file_and_the_problem() {
    let t = tmp();
    let dir = tournament(t.path(), "default", None, &[]);
    type Spoil = fn(&Path);
    let cases: [(&str, Spoil, &[&str]); 7] = [
        (
            "a word in asymmetry.csv",
            |d| set_cell(&d.join("asymmetry.csv"), 0, "deal_rate", "lots"),
            &["asymmetry.csv", "deal_rate", "lots", "not a number"],
        ),
        (
            "no surplus_ci95 column in ranking.csv",
            |d| drop_column(&d.join("ranking.csv"), "surplus_ci95"),
            &["ranking.csv", "surplus_ci95"],
        ),
        (
            "no bits_a_mean column in summary.csv",
            |d| drop_column(&d.join("summary.csv"), "bits_a_mean"),
            &["summary.csv", "bits_a_mean"],
        ),
        (
            "a word in share_distribution.csv",
            |d| set_cell(&d.join("share_distribution.csv"), 1, "median", "half"),
            &["share_distribution.csv", "median", "half"],
        ),
        (
            "a word in matrix.csv",
            |d| set_cell(&d.join("matrix.csv"), 2, "open", "x1"),
            &["matrix.csv", "open", "x1"],
        ),
        (
            "a short row in deal_matrix.csv",
            |d| {
                let p = d.join("deal_matrix.csv");
                let text = fs::read_to_string(&p).expect("read");
                fs::write(&p, text + "probing,0.5\n").expect("write");
            },
            &["deal_matrix.csv"],
        ),
        (
            "truncated manifest.json",
            |d| fs::write(d.join("manifest.json"), "{\"name\": \"default\",").expect("write"),
            &["manifest.json"],
        ),
    ];
    for (i, (what, spoil, expected)) in cases.iter().enumerate() {
        let bad = t.path().join(format!("bad-{i}"));
        copy_results(&dir, &bad);
        spoil(&bad);
        let charts = snapshot(&bad.join("charts"));
        let o = negsim(t.path(), &["plot", s(&bad)]);
        assert_user_error(&o, expected, &format!("plot with {what}"));
        assert!(
            snapshot(&bad.join("charts")) == charts,
            "plot with {what} changed the existing charts"
        );
        assert!(
            leftovers(&bad).is_empty(),
            "plot with {what} left {:?}",
            leftovers(&bad)
        );
    }
}

/// A matrix without the column of one of its strategies is malformed:
/// the charts must not quietly show "n/a" cells.
#[test]
fn plot_rejects_a_matrix_without_a_column_per_strategy() {
    let t = tmp();
    let dir = tournament(t.path(), "default", None, &["--no-charts"]);
    for file in ["matrix.csv", "deal_matrix.csv"] {
        let bad = t.path().join(format!("bad-{file}"));
        copy_results(&dir, &bad);
        drop_column(&bad.join(file), "probing");
        let o = negsim(t.path(), &["plot", s(&bad)]);
        assert_user_error(
            &o,
            &[file, "probing"],
            &format!("plot with {file} lacking the column 'probing'"),
        );
    }
}

/// `plot` redraws the tournament charts without losing the charts other
/// commands added to `charts/` (`negsim evolve` draws `evolution*`).
#[test]
fn plot_keeps_the_charts_of_evolve() {
    let t = tmp();
    let dir = tournament(t.path(), "default", None, &[]);
    let o = negsim(
        t.path(),
        &[
            "evolve",
            s(&dir),
            "-q",
            "--generations",
            "50",
            "--moran-runs",
            "20",
        ],
    );
    assert_ok(&o, "negsim evolve");
    let added: Vec<String> = entries(&dir.join("charts"))
        .into_iter()
        .filter(|n| n.ends_with(".png") && !CHARTS.iter().any(|(c, _)| *n == format!("{c}.png")))
        .collect();
    assert!(
        !added.is_empty(),
        "negsim evolve drew no chart into charts/: {:?}",
        entries(&dir.join("charts"))
    );
    let o = negsim(t.path(), &["plot", s(&dir)]);
    assert_ok(&o, "negsim plot after evolve");
    let lost: Vec<&String> = added
        .iter()
        .filter(|n| !dir.join("charts").join(n).is_file())
        .collect();
    assert!(
        lost.is_empty(),
        "negsim plot deleted the charts of negsim evolve: {lost:?} (charts/ now: {:?})",
        entries(&dir.join("charts"))
    );
}

/// A run without a single deal (value and cost ranges never overlap)
/// still draws every chart and reports.
#[test]
fn run_without_deals_draws_every_chart_and_reports() {
    let t = tmp();
    let cfg = no_deal_config(t.path());
    let dir = tournament(t.path(), "no-deal", Some(&cfg), &[]);
    let (h, rows) = read_csv(&dir.join("summary.csv"));
    let dr = h.iter().position(|c| c == "deal_rate").expect("deal_rate");
    assert!(
        rows.iter().all(|r| r[dr].parse::<f64>() == Ok(0.0)),
        "the no-deal config made deals: {rows:?}"
    );
    assert_no_problems(&chart_problems(&dir, false, false), "no-deal run");
    fs::remove_dir_all(dir.join("charts")).expect("remove charts/");
    let o = negsim(t.path(), &["plot", s(&dir)]);
    assert_ok(&o, "negsim plot on the no-deal run");
    assert_no_problems(
        &chart_problems(&dir, false, false),
        "no-deal run, replotted",
    );
    report(&dir);
    assert_no_problems(&report_problems(&dir, &CHARTS), "no-deal report");
}

/// The report of a run without deals says so in words, never "NaN%".
#[test]
fn report_without_deals_prints_no_nan() {
    let t = tmp();
    let cfg = no_deal_config(t.path());
    let dir = tournament(t.path(), "no-deal", Some(&cfg), &["--no-charts"]);
    report(&dir);
    let mut p = Vec::new();
    for f in ["report.md", "report.html"] {
        let text = fs::read_to_string(dir.join(f)).expect("report");
        // "inf" as a word (not inside "information").
        let word = |i: usize, n: usize| {
            !text[..i].ends_with(|c: char| c.is_alphanumeric())
                && !text[i + n..].starts_with(|c: char| c.is_alphanumeric())
        };
        for bad in ["NaN", "inf", "∞"] {
            for (i, _) in text.match_indices(bad) {
                if bad == "inf" && !word(i, 3) {
                    continue;
                }
                let mut a = i.saturating_sub(70);
                while !text.is_char_boundary(a) {
                    a -= 1;
                }
                let mut b = (i + 30).min(text.len());
                while !text.is_char_boundary(b) {
                    b += 1;
                }
                p.push(format!("{f}: `{bad}` in \"...{}...\"", &text[a..b]));
            }
        }
    }
    assert_no_problems(&p, "report of a run without deals");
}

/// (README) an undefined metric is an empty CSV field, also in
/// ranking.csv, which the charts read.
#[test]
fn run_without_deals_leaves_undefined_metrics_empty_in_every_csv() {
    let t = tmp();
    let cfg = no_deal_config(t.path());
    let dir = tournament(t.path(), "no-deal", Some(&cfg), &["--no-charts"]);
    let mut p = Vec::new();
    for f in entries(&dir) {
        if !f.ends_with(".csv") {
            continue;
        }
        let (h, rows) = read_csv(&dir.join(&f));
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                let l = v.to_ascii_lowercase();
                if l == "nan" || l.ends_with("inf") || l.ends_with("infinity") {
                    p.push(format!("{f} row {}, column {}: {v:?}", r + 2, h[c]));
                }
            }
        }
    }
    assert_no_problems(&p, "CSV files of a run without deals");
}

/// `--no-charts` writes no charts; `negsim report` then draws them.
#[test]
fn no_charts_then_report_draws_the_charts() {
    let t = tmp();
    let dir = tournament(t.path(), "plain", None, &["--no-charts"]);
    assert!(
        !dir.join("charts").exists(),
        "--no-charts wrote {:?}",
        entries(&dir.join("charts"))
    );
    let files = manifest(&dir)["files"].clone();
    assert!(
        files
            .as_array()
            .is_some_and(|f| !f.iter().any(|x| x == "charts")),
        "manifest.json lists charts after --no-charts: {files}"
    );
    let data = snapshot(&dir);
    report(&dir);
    assert_no_problems(&chart_problems(&dir, false, true), "charts drawn by report");
    assert_no_problems(&report_problems(&dir, &CHARTS), "report after --no-charts");
    let after = snapshot(&dir);
    for (name, bytes) in &data {
        assert!(
            after.get(name) == Some(bytes),
            "negsim report changed {name}"
        );
    }
}

/// The report of the default config: self-contained HTML with every
/// chart inline and both tables; Markdown linking every PNG.
#[test]
fn report_is_self_contained_with_every_chart_and_table() {
    let t = tmp();
    let dir = tournament(t.path(), "default", None, &[]);
    let o = negsim(t.path(), &["report", s(&dir)]);
    assert_ok(&o, "negsim report");
    assert!(
        o.stdout.contains("report.html") && o.stdout.contains("report.md"),
        "negsim report does not say what it wrote:\n{}",
        o.describe()
    );
    assert_no_problems(&report_problems(&dir, &CHARTS), "report of default");
    assert_no_problems(
        &broken_md_links(&dir)
            .into_iter()
            .map(|l| format!("report.md links missing {l}"))
            .collect::<Vec<_>>(),
        "report.md",
    );
}

/// The report of matches includes the trust chart.
#[test]
fn report_of_matches_includes_the_trust_chart() {
    let t = tmp();
    let dir = tournament(t.path(), "repeated", Some(&config("repeated.toml")), &[]);
    report(&dir);
    assert_no_problems(
        &report_problems(&dir, &expected_charts(true)),
        "report of repeated.toml",
    );
}

/// Every image link of report.md resolves, even when some chart PNGs
/// were deleted after the run (the report draws what is missing, or does
/// not link it).
#[test]
fn report_md_links_resolve_when_a_chart_was_deleted() {
    let t = tmp();
    let dir = tournament(t.path(), "repeated", Some(&config("repeated.toml")), &[]);
    for f in ["asymmetry.png", "trust.png"] {
        fs::remove_file(dir.join("charts").join(f)).expect("remove chart");
    }
    report(&dir);
    let broken = broken_md_links(&dir);
    assert!(
        broken.is_empty(),
        "report.md links files that do not exist: {broken:?} (charts/: {:?})",
        entries(&dir.join("charts"))
    );
}

/// Chromium loads report.html from disk: its DOM holds every chart's
/// SVG (with its title) and both tables.
#[test]
fn chromium_dom_of_the_report_has_every_chart_and_table() {
    let t = tmp();
    let dir = reported_run(&t);
    let o = chromium(&["--dump-dom"], &file_url(&dir.join("report.html")));
    assert_eq!(o.code, Some(0), "chromium --dump-dom:\n{}", o.describe());
    assert!(
        o.stdout.contains("</html>"),
        "chromium dumped no DOM:\n{}",
        o.describe()
    );
    assert_no_problems(
        &report_html_problems(&o.stdout, &CHARTS, "Chromium DOM"),
        "report.html as Chromium parsed it",
    );
    // Every figure is in the DOM in report order.
    let ids = figure_ids(&o.stdout);
    let want: Vec<String> = CHARTS.iter().map(|(n, _)| format!("chart-{n}")).collect();
    assert_eq!(ids, want, "figures in Chromium's DOM");
}

/// A screenshot of report.html in Chromium is not blank.
#[test]
fn chromium_screenshot_of_the_report_is_not_blank() {
    let t = tmp();
    let dir = reported_run(&t);
    let shot = t.path().join("shot.png");
    let o = chromium(
        &[
            "--window-size=1200,3000",
            &format!("--screenshot={}", s(&shot)),
        ],
        &file_url(&dir.join("report.html")),
    );
    assert_eq!(o.code, Some(0), "chromium --screenshot:\n{}", o.describe());
    let img = Image::load(&shot)
        .unwrap_or_else(|e| panic!("screenshot {}: {e}\n{}", shot.display(), o.describe()));
    assert_eq!((img.w, img.h), (1200, 3000), "screenshot size");
    let all = img.stats(0.0, 0.0, 1.0, 1.0);
    assert!(
        all.non_white > all.pixels / 20,
        "the screenshot is nearly blank: {all:?}"
    );
    assert!(
        all.colours >= 8 && all.colourful > 20_000,
        "the screenshot has too few colours (charts not rendered?): {all:?}"
    );
    assert!(
        all.dark > 5_000,
        "the screenshot shows little text: {all:?}"
    );
    // Charts below the first screen are drawn too (the page is long).
    let lower = img.stats(0.0, 0.5, 1.0, 1.0);
    assert!(
        lower.colourful > 10_000,
        "the lower half of the screenshot has no coloured chart: {lower:?}"
    );
}

/// `trace --chart X.png`: the picture of one negotiation.
#[test]
fn trace_chart_png() {
    let t = tmp();
    let o = negsim(
        t.path(),
        &[
            "trace", "--a", "probing", "--b", "open", "--chart", "one.png",
        ],
    );
    assert_ok(&o, "negsim trace --chart one.png");
    assert!(
        o.stdout.contains("probing"),
        "trace --chart printed no transcript:\n{}",
        o.describe()
    );
    assert_no_problems(&png_problems(&t.path().join("one.png"), true), "trace PNG");
}

/// `trace --chart X.svg`: well-formed, titled "One negotiation".
#[test]
fn trace_chart_svg() {
    let t = tmp();
    let o = negsim(
        t.path(),
        &[
            "trace", "--a", "probing", "--b", "open", "--run", "3", "--chart", "one.svg",
        ],
    );
    assert_ok(&o, "negsim trace --chart one.svg");
    let text = fs::read_to_string(t.path().join("one.svg")).expect("one.svg written");
    assert_no_problems(
        &svg_problems(
            &text,
            "one.svg",
            "One negotiation: probing (A) vs open (B), run 3",
            20,
        ),
        "trace SVG",
    );
}

/// `trace --chart X.jpg`: exit 2, naming the formats; nothing written.
#[test]
fn trace_chart_rejects_other_formats() {
    let t = tmp();
    for file in ["one.jpg", "one"] {
        let o = negsim(
            t.path(),
            &["trace", "--a", "probing", "--b", "open", "--chart", file],
        );
        assert_user_error(
            &o,
            &[file, ".png", ".svg"],
            &format!("trace --chart {file}"),
        );
    }
    assert!(
        entries(t.path()).is_empty(),
        "trace with a bad --chart wrote {:?}",
        entries(t.path())
    );
}

// ------------------------------------------------------ checker self-tests --

/// The SVG checker itself rejects what it must (so the tests above can fail).
#[test]
fn svg_checker_rejects_malformed_documents() {
    let good = r#"<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1600 1000"><g><text x='1'>A &amp; B</text><rect/></g></svg>
"#;
    let svg = parse_svg(good).expect("a well-formed SVG");
    assert_eq!(svg.texts, vec!["A & B".to_string()]);
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
