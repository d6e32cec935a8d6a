//! What the report says about the numbers: which strategy beats which
//! only from the paired comparisons of `comparisons.csv` (never from
//! overlapping whiskers), `tie` for identical strategies, numbers with
//! decimals that suit their scale, and the set-up it opens with.

use std::fs;
use std::path::Path;

use super::report_check::negsim_report;
use super::tournament;
use crate::helpers::{col, config, read_csv, tmp};

/// The cells of `<table id="id">` in report.html, row by row (header row
/// left out), with the HTML entities the report writes decoded.
pub(super) fn html_table(html: &str, id: &str) -> Vec<Vec<String>> {
    let start = html
        .find(&format!("<table id=\"{id}\""))
        .unwrap_or_else(|| panic!("report.html has no table {id}"));
    let end = start + html[start..].find("</table>").expect("table closed");
    html[start..end]
        .split("<tr>")
        .skip(1)
        .filter(|r| r.contains("<td"))
        .map(|r| {
            r.split("<td")
                .skip(1)
                .map(|c| {
                    let c = &c[c.find('>').expect("td") + 1..];
                    c[..c.find("</td>").expect("/td")]
                        .replace("&lt;", "<")
                        .replace("&gt;", ">")
                        .replace("&quot;", "\"")
                        .replace("&amp;", "&")
                })
                .collect()
        })
        .collect()
}

/// A number as the report writes it (`1,274`, `+38`, `0.0840`).
fn parse(cell: &str) -> f64 {
    cell.trim_start_matches('+')
        .replace(',', "")
        .parse()
        .unwrap_or_else(|_| panic!("not a number: {cell:?}"))
}

/// `report.html` and `report.md` of `dir`.
fn texts(dir: &Path) -> (String, String) {
    (
        fs::read_to_string(dir.join("report.html")).expect("report.html"),
        fs::read_to_string(dir.join("report.md")).expect("report.md"),
    )
}

/// Every claim of the default report about which strategy beats which
/// comes from comparisons.csv: its table holds every comparison with the
/// file's verdict, difference and Holm p-value; the sentences follow the
/// verdicts; the whisker advice is gone.
#[test]
fn report_compares_strategies_by_paired_tests() {
    let t = tmp();
    let dir = tournament(t.path(), "default", None, &["--no-charts"]);
    negsim_report(&dir);
    let (html, md) = texts(&dir);
    for bad in ["Overlapping whiskers", "may be noise"] {
        assert!(
            !html.contains(bad) && !md.contains(bad),
            "still says {bad:?}"
        );
    }
    let (h, rows) = read_csv(&dir.join("comparisons.csv"));
    let c = |n: &str| col(&h, n, "comparisons.csv");
    let table = html_table(&html, "comparisons");
    assert_eq!(table.len(), rows.len(), "one table row per comparison");
    assert_eq!(rows.len(), 6, "four strategies: six comparisons");
    let max_diff = rows
        .iter()
        .map(|r| r[c("difference")].parse::<f64>().unwrap().abs())
        .fold(0.0, f64::max);
    for (cells, r) in table.iter().zip(&rows) {
        assert_eq!(cells[0], r[c("strategy")]);
        assert_eq!(cells[1], r[c("versus")]);
        let verdict = &r[c("verdict")];
        assert_eq!(&cells[6], verdict, "verdict of {cells:?}");
        let (d, ci) = cells[4].split_once(" ± ").expect("difference ± CI");
        let want: f64 = r[c("difference")].parse().unwrap();
        assert!(
            (parse(d) - want).abs() <= 0.005 * max_diff,
            "difference {d} for {want}"
        );
        let want_ci: f64 = r[c("difference_ci95")].parse().unwrap();
        assert!((parse(ci) - want_ci).abs() <= 0.005 * max_diff + 0.5);
        let p: f64 = r[c("p_holm")].parse().unwrap();
        if p < 1e-4 {
            assert_eq!(cells[5], "< 0.0001");
        } else {
            assert!(
                (parse(&cells[5]) - p).abs() <= 0.01 * p,
                "p {} for {p}",
                cells[5]
            );
        }
        let (s, v) = (&r[c("strategy")], &r[c("versus")]);
        let sentence = match verdict.as_str() {
            "higher" => format!("{s} earns more than {v}"),
            "lower" => format!("{s} earns less than {v}"),
            _ => format!("{s} and {v} ("),
        };
        assert!(
            md.to_lowercase().contains(&sentence),
            "report.md does not say {sentence:?}"
        );
    }
    // The ranking table's last column is the test against the next rank.
    let ranking = html_table(&html, "ranking");
    let (rh, rrows) = read_csv(&dir.join("ranking.csv"));
    for (i, cells) in ranking.iter().enumerate() {
        assert_eq!(cells[1], rrows[i][col(&rh, "strategy", "ranking.csv")]);
        let last = cells.last().unwrap();
        if i + 1 == ranking.len() {
            assert_eq!(last, "", "nothing below the last");
            continue;
        }
        let next = &ranking[i + 1][1];
        let r = rows
            .iter()
            .find(|r| r[c("strategy")] == cells[1] && &r[c("versus")] == next)
            .expect("the comparison of neighbours, the higher ranked first");
        assert!(
            last.starts_with(&r[c("verdict")]),
            "{last:?} against the next for {:?}",
            r[c("verdict")]
        );
    }
}

/// A strategy defined as a copy of `open` earns exactly what `open` earns:
/// the report prints `tie` (not a difference, not a p-value).
#[test]
fn report_prints_tie_for_identical_means() {
    let t = tmp();
    let cfg = t.path().join("twin.toml");
    let text = fs::read_to_string(config("default.toml"))
        .expect("default.toml")
        .replacen("name = \"default\"", "name = \"twin\"", 1)
        .replace(
            "strategies = [\"open\", \"guarded\", \"mirroring\", \"probing\"]",
            "strategies = [\"open\", \"twin\", \"probing\"]",
        )
        + "\n[[strategy]]\nname = \"twin\"\nbase = \"open\"\n";
    assert!(
        text.contains("\"twin\", \"probing\""),
        "strategies line changed"
    );
    fs::write(&cfg, text).expect("write twin.toml");
    let dir = tournament(t.path(), "twin", Some(&cfg), &["--no-charts"]);
    negsim_report(&dir);
    let (html, md) = texts(&dir);
    let ranking = html_table(&html, "ranking");
    let names: Vec<&str> = ranking.iter().map(|r| r[1].as_str()).collect();
    let (i, j) = (
        names.iter().position(|n| *n == "open").unwrap(),
        names.iter().position(|n| *n == "twin").unwrap(),
    );
    assert_eq!(i.abs_diff(j), 1, "open and twin rank next to each other");
    assert_eq!(ranking[i.min(j)][2], ranking[i.max(j)][2], "same mean");
    assert_eq!(ranking[i.min(j)].last().unwrap(), "tie");
    let row = html_table(&html, "comparisons")
        .into_iter()
        .find(|r| r[..2] == ["open", "twin"] || r[..2] == ["twin", "open"])
        .expect("a comparison of open and twin");
    assert_eq!(row[6], "tie", "{row:?}");
    assert_eq!(row[4], "0 (identical)", "{row:?}");
    assert_eq!(row[5], "", "no p-value for a tie: {row:?}");
    assert!(
        md.contains("Tie: open and twin (identical in every match)")
            || md.contains("Tie: twin and open (identical in every match)"),
        "no tie in the words"
    );
    for bad in ["open earns more than twin", "twin earns more than open"] {
        assert!(!md.contains(bad), "says {bad:?}");
    }
}

/// In a scenario whose surplus is a fraction of 1 (disclosure-dilemma:
/// values on [0, 1]) the report's numbers keep three significant digits:
/// the matrix sentence, the ranking and the summary match the CSV files.
#[test]
fn report_numbers_read_at_the_scale_of_the_values() {
    let t = tmp();
    let dir = tournament(
        t.path(),
        "dilemma",
        Some(&config("disclosure-dilemma.toml")),
        &["--no-charts"],
    );
    negsim_report(&dir);
    let (html, md) = texts(&dir);
    assert!(!md.contains("0 ± 0"), "a value printed as 0 ± 0");
    // Within half a unit of the last decimal shown, and at least two
    // significant digits.
    let close = |shown: &str, want: f64| {
        let x = parse(shown);
        let decimals = shown.split_once('.').map_or(0, |(_, f)| f.len());
        let unit = 10f64.powi(-(decimals as i32));
        assert!(
            x != 0.0 && (x - want).abs() <= 0.5 * unit + 1e-12 && unit <= want.abs() / 10.0,
            "{shown} shown for {want}"
        );
    };
    let (rh, rrows) = read_csv(&dir.join("ranking.csv"));
    for (cells, r) in html_table(&html, "ranking").iter().zip(&rrows) {
        close(
            &cells[2],
            r[col(&rh, "surplus_mean", "ranking.csv")].parse().unwrap(),
        );
    }
    let (sh, srows) = read_csv(&dir.join("summary.csv"));
    for (cells, r) in html_table(&html, "summary").iter().zip(&srows) {
        close(
            &cells[5],
            r[col(&sh, "surplus_a_mean", "summary.csv")]
                .parse()
                .unwrap(),
        );
    }
    // "X exploits Y: it earns 0.144 against Y, while Y earns 0.021 against it."
    let lead = "The most one-sided pairing: ";
    let i = md.find(lead).expect("the one-sided pairing") + lead.len();
    let sentence = &md[i..i + md[i..].find('\n').unwrap()];
    let nums: Vec<&str> = sentence
        .split(' ')
        .map(|w| w.trim_end_matches(['.', ',']))
        .filter(|w| w.parse::<f64>().is_ok())
        .collect();
    assert_eq!(nums.len(), 2, "two amounts in {sentence:?}");
    let (mh, mrows) = read_csv(&dir.join("matrix.csv"));
    let words: Vec<&str> = sentence.split(' ').collect();
    let (x, y) = (words[0], words[2].trim_end_matches(':'));
    let cell = |r: &str, c: &str| -> f64 {
        let row = mrows.iter().find(|row| row[0] == r).expect("matrix row");
        row[col(&mh, c, "matrix.csv")].parse().unwrap()
    };
    for (shown, want) in nums.iter().zip([cell(x, y), cell(y, x)]) {
        close(shown, want);
    }
}

/// The report opens with the set-up: distributions, exchange, protocol,
/// and each strategy with its definition (a custom one as its base and
/// overrides) and every parameter.
#[test]
fn report_opens_with_the_setup_and_defines_custom_strategies() {
    let t = tmp();
    let dir = tournament(
        t.path(),
        "custom",
        Some(&config("custom-strategy.toml")),
        &["--no-charts"],
    );
    negsim_report(&dir);
    let (html, md) = texts(&dir);
    let setup = html.find("<table id=\"setup\"").expect("a set-up table");
    assert!(
        setup < html.find("<table id=\"ranking\"").unwrap(),
        "set-up first"
    );
    let rows = html_table(&html, "setup");
    let text: Vec<String> = rows.iter().map(|r| r.join(": ")).collect();
    let all = text.join("\n");
    for want in [
        "normal, mean 50,000, sd 6,000, truncated to [35,000, 65,000]",
        "triangular on [38,000, 60,000], mode 47,000",
        "off-the-record round",
        "alternating offers",
        "deadline 20 rounds",
        "discount 0.98",
        "2,000 runs per ordered pairing",
    ] {
        assert!(all.contains(want), "the set-up lacks {want:?}:\n{all}");
    }
    let strategies = html_table(&html, "strategies");
    let soft = strategies
        .iter()
        .find(|r| r[0] == "soft-prober")
        .expect("soft-prober in the strategies table");
    assert_eq!(soft[1], "probing with bluff = 0.2");
    assert_eq!(soft[2], "probes every round but bluffs only a little");
    let tough = strategies.iter().find(|r| r[0] == "tough-guard").unwrap();
    assert_eq!(tough[1], "guarded with concession = 0.5, toughness = 0.25");
    assert_eq!(
        strategies.iter().find(|r| r[0] == "open").unwrap()[1],
        "preset"
    );
    let params = html_table(&html, "parameters");
    let bluff = params.iter().find(|r| r[0] == "bluff").expect("bluff row");
    // Columns: parameter, then the strategies in tournament order.
    assert_eq!(bluff[1..], ["0", "0.5", "0.2 *", "0", "0"], "{bluff:?}");
    assert_eq!(params.len(), 17, "every parameter");
    assert!(md.contains("| soft-prober | probing with bluff = 0.2 |"));
}
