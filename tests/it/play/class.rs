//! `negsim class` on 30 scripted plays: the table and the chart. The
//! scripts come from a simple automatic student (varied by its number)
//! that reads each decision of the play as the library replays it; each
//! script is then played by `negsim play --moves`.
//!
//! Set `NEGSIM_CLASS_DEMO=DIR` to keep the records, the table and the
//! chart in DIR (the README's class chart is drawn so).

use super::{json, record};
use crate::helpers::{PRESETS, assert_ok, image::Image, negsim, s, tmp};
use negsim::config::Experiment;
use negsim::model::negotiation::{Decision, HumanMove, Statement, Step};
use negsim::play::{Play, format_move};
use std::path::Path;

/// The moves of automatic student `k` in `play`: it confides (honestly, or
/// bluffing by `k`'s temper), asks, answers or declines, opens with a
/// margin and concedes a little each round, and accepts an offer that
/// leaves it enough (or walks away when nothing comes).
fn student(play: &Play, k: u64) -> Vec<HumanMove> {
    let h = play.human;
    let r = play.private.reservation[h];
    // Buyer -1 (wants low prices), seller +1.
    let g = if h == 0 { -1.0 } else { 1.0 };
    let bluff = [0.0, 0.0, 2500.0, 5000.0, 1000.0][(k % 5) as usize];
    let margin = [6000.0, 3000.0, 9000.0][(k % 3) as usize];
    let (lo, hi) = play.claim_range();
    let (offer_lo, offer_hi) = play.offer_range();
    let mut moves = Vec::new();
    for _ in 0..60 {
        let hp = play.replay(&moves);
        let d = match hp.step {
            Step::Waiting(d) => d,
            Step::Over(_) => return moves,
            Step::Invalid { .. } => panic!("the automatic student made an invalid move"),
        };
        let claim = Statement {
            value: (r + g * bluff).clamp(lo, hi),
            sigma: [0.0, 0.1, 0.6][(k % 3) as usize],
        };
        let mv = match d {
            Decision::Talk { round } => match (k + u64::from(round)) % 4 {
                0 | 1 => HumanMove::Talk {
                    claim: Some(claim),
                    ask: k.is_multiple_of(2),
                },
                2 => HumanMove::Talk {
                    claim: None,
                    ask: true,
                },
                _ => HumanMove::Talk {
                    claim: None,
                    ask: false,
                },
            },
            Decision::Answer { .. } if k.is_multiple_of(3) => HumanMove::Answer(None),
            Decision::Answer { .. } => HumanMove::Answer(Some(claim)),
            Decision::Offer { round } => {
                let step = margin / 6.0;
                let m = (margin - step * f64::from(round)).max(300.0);
                if k % 7 == 6 && round >= 7 {
                    HumanMove::WalkAway
                } else {
                    HumanMove::Offer((r + g * m).round().clamp(offer_lo, offer_hi))
                }
            }
            Decision::Respond { round, offer } => {
                let gain = g * (offer - r);
                let want = (margin / 2.0 - 600.0 * f64::from(round)).max(100.0);
                if gain >= want {
                    HumanMove::Accept
                } else {
                    HumanMove::Reject
                }
            }
            Decision::Bid { .. } => unreachable!("a student plays under alternating offers"),
        };
        moves.push(mv);
    }
    panic!("the automatic student's play did not end")
}

#[test]
fn class_of_thirty_scripted_plays_has_a_table_and_a_chart() {
    let t = tmp();
    let exp = Experiment::default_tournament();
    let names = ["ana", "bo", "cy", "dee", "eli", "fay"];
    for k in 0..30u64 {
        let against = PRESETS[(k % 4) as usize];
        let role = ["buyer", "seller"][((k / 4) % 2) as usize];
        let seed = 100 + k;
        let play = Play::new(&exp, against, usize::from(role == "seller"), seed).unwrap();
        let moves: Vec<String> = student(&play, k).iter().map(format_move).collect();
        let moves: Vec<&str> = moves.iter().map(String::as_str).collect();
        let name = format!("{}{}", names[(k % 6) as usize], k / 6 + 1);
        let (_, r) = record(t.path(), "plays", against, role, seed, &moves, &name);
        assert_eq!(json(&r)["student"], name.as_str());
    }
    let chart = t.path().join("class.png");
    let o = negsim(t.path(), &["class", "plays", "--chart", s(&chart)]);
    assert_ok(&o, "negsim class plays");
    let lines: Vec<&str> = o.stdout.lines().collect();
    // Header, rule, 30 plays, a blank line, header, rule, 8 columns (4
    // strategies, 2 roles), a blank line and the chart's line.
    assert_eq!(lines.len(), 2 + 30 + 1 + 2 + 8 + 2, "{}", o.stdout);
    assert!(lines[0].starts_with("student  against"), "{}", lines[0]);
    assert!(lines[2].starts_with("ana1 "), "{}", lines[2]);
    assert!(o.stdout.contains("guarded (sellers)"), "{}", o.stdout);
    assert!(
        o.stdout
            .contains(&format!("Chart written to {}", s(&chart)))
    );
    let img = Image::load(&chart).unwrap();
    assert_eq!((img.w, img.h), (1600, 1000));
    let all = img.stats(0.0, 0.0, 1.0, 1.0);
    assert!(all.colourful > 20_000 && all.dark > 5_000, "{all:?}");
    // The SVG has the title, the legend and each column's name.
    let svg = t.path().join("class.svg");
    assert_ok(
        &negsim(t.path(), &["class", "plays", "--chart", s(&svg)]),
        "class --chart svg",
    );
    let text = std::fs::read_to_string(&svg).unwrap();
    for want in [
        "The class against the strategies: 30 plays",
        "a student&apos;s deal",
        "failed to agree (a deal was possible)",
        "no deal possible (no zone of agreement)",
        "open (you buy)",
        "probing (you sell)",
        "4 as buyers",
        "3 as sellers",
    ] {
        let want_plain = want.replace("&apos;", "'");
        assert!(
            text.contains(want) || text.contains(&want_plain),
            "no {want:?} in the class SVG"
        );
    }
    if let Ok(dir) = std::env::var("NEGSIM_CLASS_DEMO") {
        let dir = Path::new(&dir);
        std::fs::create_dir_all(dir).unwrap();
        std::fs::copy(&chart, dir.join("class.png")).unwrap();
        std::fs::write(dir.join("class.txt"), &o.stdout).unwrap();
        let plays = dir.join("plays");
        std::fs::create_dir_all(&plays).unwrap();
        for e in std::fs::read_dir(t.path().join("plays")).unwrap() {
            let e = e.unwrap();
            std::fs::copy(e.path(), plays.join(e.file_name())).unwrap();
        }
    }
}

#[test]
fn class_refuses_what_is_not_a_record() {
    let t = tmp();
    std::fs::create_dir(t.path().join("empty")).unwrap();
    let o = negsim(t.path(), &["class", "empty"]);
    crate::helpers::assert_one_user_error(&o, &["no records"], "class of an empty folder");
    std::fs::write(t.path().join("x.json"), "{\"a\": 1}").unwrap();
    let o = negsim(t.path(), &["class", "x.json"]);
    crate::helpers::assert_one_user_error(
        &o,
        &["x.json", "not a negsim play record"],
        "class of a non-record",
    );
    assert!(!t.path().join("class.png").exists());
}
