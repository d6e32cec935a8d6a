//! The report as headless Chromium sees it: the DOM of `report.html` and
//! a screenshot.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use super::report_check::{figure_ids, negsim_report, report_html_problems};
use super::{report_charts, tournament};
use crate::helpers::image::Image;
use crate::helpers::{LIMIT, Out, assert_no_problems, run, s, tmp};

const CHROMIUM: &str = "/usr/bin/chromium";

/// The `file://` URL of an absolute path (percent-encoded).
pub(super) fn file_url(path: &Path) -> String {
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
/// skip) when Chromium is not installed, and when it is not done within
/// [`LIMIT`]. Chromium starts helper processes that would keep its output
/// open if only the browser were killed, so it runs under coreutils'
/// `timeout`, which kills its whole process group (only processes this
/// test started); the time limit of [`run`] is a backstop.
pub(crate) fn chromium(extra: &[&str], url: &str) -> Out {
    assert!(
        Path::new(CHROMIUM).is_file(),
        "{CHROMIUM} is missing: the browser check of the report needs Debian's chromium \
         (apt-get install chromium)"
    );
    let profile = tmp();
    let mut c = Command::new("timeout");
    c.args(["--kill-after=5", &LIMIT.as_secs().to_string(), CHROMIUM])
        .args([
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
    let out = run(c, LIMIT + Duration::from_secs(15));
    // `timeout` exits 124 when it stopped Chromium, 137 when it had to kill it.
    assert!(
        !out.timed_out && !matches!(out.code, Some(124 | 137)),
        "chromium did not finish within {} s (killed):\n{}",
        LIMIT.as_secs(),
        out.describe()
    );
    out
}

/// A finished default tournament with its report.
fn reported_run(t: &tempfile::TempDir) -> PathBuf {
    let dir = tournament(t.path(), "default", None, &[]);
    negsim_report(&dir);
    dir
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
        &report_html_problems(&o.stdout, &report_charts(false), "Chromium DOM"),
        "report.html as Chromium parsed it",
    );
    // Every figure is in the DOM in report order.
    let ids = figure_ids(&o.stdout);
    let want: Vec<String> = report_charts(false)
        .iter()
        .map(|(n, _)| format!("chart-{n}"))
        .collect();
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
            "--window-size=1200,4500",
            &format!("--screenshot={}", s(&shot)),
        ],
        &file_url(&dir.join("report.html")),
    );
    assert_eq!(o.code, Some(0), "chromium --screenshot:\n{}", o.describe());
    let img = Image::load(&shot)
        .unwrap_or_else(|e| panic!("screenshot {}: {e}\n{}", shot.display(), o.describe()));
    assert_eq!((img.w, img.h), (1200, 4500), "screenshot size");
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
