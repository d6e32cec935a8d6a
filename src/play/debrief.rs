//! The debrief a student reads at the end of a play: the agent's value,
//! how its belief about the student moved, the lies caught, how the play
//! ended (a deal, a deal accepted at a loss, no deal possible, or no
//! agreement though one was possible), and what each strategy got in the
//! student's seat on the student's own draw.

use super::YOU;
use super::record::Record;
use super::verdict::Verdict;
use std::fmt::Write;

impl Record {
    /// The debrief in words. `v` writes a value in the scenario's units.
    pub fn debrief(&self, v: &dyn Fn(f64) -> String) -> String {
        let mut w = String::new();
        let agent = &self.strategy;
        let (you, it) = if self.role == "buyer" {
            ("value", "cost")
        } else {
            ("cost", "value")
        };
        let _ = writeln!(w, "Debrief");
        let _ = writeln!(
            w,
            "  {agent}'s {it} was {}; your {you} was {}.",
            v(self.values.agent),
            v(self.values.student)
        );
        let _ = writeln!(
            w,
            "  What {agent} believed about your {you} (truth {}):",
            v(self.values.student)
        );
        for b in &self.beliefs {
            let bits = if b.bits >= 0.005 {
                format!("it knew {:.2} bits", b.bits)
            } else if b.bits <= -0.005 {
                format!("misled: {:.2} bits", b.bits)
            } else {
                "0 bits".to_string()
            };
            let _ = writeln!(
                w,
                "    {}: {} ± {} (1 sd)  ({bits}; trust in you {:.2})",
                b.after,
                v(b.mean),
                v(b.sd),
                b.trust
            );
        }
        self.lies_line(&mut w);
        self.outcome_line(&mut w, v);
        self.own_draw_lines(&mut w, v);
        let r = &self.reference;
        let shares = r
            .share
            .as_ref()
            .map(|s| {
                format!(
                    "; their share of a deal: median {:.2}, middle half {:.2} to {:.2}",
                    s.median, s.q1, s.q3
                )
            })
            .unwrap_or_default();
        let _ = writeln!(
            w,
            "  Over other draws (the tournament, {} runs), {} as the {} against {agent} gain {} on average (middle half {} to {}), a deal in {:.0}% of runs{shares}; {agent} itself gains {} on average.",
            r.runs,
            r.opponents.join(", "),
            self.role,
            v(r.surplus.mean),
            v(r.surplus.q1),
            v(r.surplus.q3),
            100.0 * r.deal_rate,
            v(r.agent_mean_surplus)
        );
        w
    }

    fn lies_line(&self, w: &mut String) {
        let agent = &self.strategy;
        let l = &self.lies;
        let times = |n: u32| {
            if n == 1 {
                "once".to_string()
            } else {
                format!("{n} times")
            }
        };
        let false_ones = if l.false_by_agent > 0 {
            format!(" and accused you falsely {}", times(l.false_by_agent))
        } else {
            String::new()
        };
        let _ = writeln!(
            w,
            "  Lies: you bluffed {}; {agent} caught you {}{false_ones}. {agent} bluffed {}; the same tests on your side caught it {}.",
            times(l.student_bluffs),
            times(l.caught_by_agent),
            times(l.agent_bluffs),
            times(l.caught_by_student)
        );
    }

    /// How it ended, in the words of its [`Verdict`].
    fn outcome_line(&self, w: &mut String, v: &dyn Fn(f64) -> String) {
        let agent = &self.strategy;
        let o = &self.outcome;
        let buyer = self.role == "buyer";
        let (value, cost) = if buyer {
            (self.values.student, self.values.agent)
        } else {
            (self.values.agent, self.values.student)
        };
        let how = match (&o.price, &o.walked_away) {
            (Some(p), _) => format!("a deal at {} in round {}", v(*p), o.rounds),
            (None, Some(who)) => {
                let who = if who == YOU { "you" } else { who.as_str() };
                if o.rounds == 0 {
                    format!("{who} walked away before the first offer")
                } else {
                    format!("{who} walked away in round {}", o.rounds)
                }
            }
            (None, None) => format!("no deal by the deadline (round {})", o.rounds),
        };
        let gains = format!(
            "you gain {}, {agent} gains {}",
            v(o.student_surplus),
            v(o.agent_surplus)
        );
        let no_zone = format!(
            "the buyer's value ({}) was below the seller's cost ({}), so no price suited both",
            v(value),
            v(cost)
        );
        let beyond = if buyer {
            format!("above your value of {}", v(self.values.student))
        } else {
            format!("below your cost of {}", v(self.values.student))
        };
        let line = match o.result {
            Verdict::Deal => {
                let share = o
                    .student_share
                    .map(|s| format!(", your share {s:.2}"))
                    .unwrap_or_default();
                format!(
                    "Outcome: {how}: {gains}{share} ({} was there to share).",
                    v(o.possible)
                )
            }
            Verdict::AcceptedAtLoss | Verdict::OfferedAtLoss => {
                let whose = if o.result == Verdict::AcceptedAtLoss {
                    "you accepted at a loss"
                } else {
                    "your offer was accepted at a loss to you"
                };
                let zone = if o.zone {
                    format!("{} was there to share", v(o.possible))
                } else {
                    format!("no deal was possible: {no_zone}; walking away would have gained 0")
                };
                format!("Outcome: {whose}: {how}, {beyond}: {gains} ({zone}).")
            }
            Verdict::NoDealPossible => format!(
                "Outcome: no deal was possible: {no_zone}. {}: no deal was the best result (gain 0).",
                capital(&how)
            ),
            Verdict::FailedToAgree => format!(
                "Outcome: failed to agree ({how}), though a deal was possible: {} was there to share.",
                v(o.possible)
            ),
        };
        let _ = writeln!(w, "  {line}");
    }

    /// What each strategy got in the student's seat on this very draw, and
    /// "you got X of the Y that was possible".
    fn own_draw_lines(&self, w: &mut String, v: &dyn Fn(f64) -> String) {
        let Some(d) = &self.own_draw else {
            return;
        };
        let agent = &self.strategy;
        let _ = writeln!(
            w,
            "  On your own draw (the same values, the same {agent}, the same chance events), each strategy in your seat:"
        );
        for s in &d.seats {
            let what = match s.price {
                Some(p) => format!("a deal at {} in round {}", v(p), s.rounds),
                None => "no deal".to_string(),
            };
            let _ = writeln!(w, "    {}: gains {} ({what})", s.strategy, v(s.gain));
        }
        let x = self.outcome.student_surplus;
        let line = if !self.outcome.zone {
            format!(
                "No deal was possible on this draw: the most anyone could get was 0 (walking away); you got {}.",
                v(x)
            )
        } else if x > d.best {
            format!(
                "You got {}: more than the {} the best of them got ({}); the whole zone was {}.",
                v(x),
                v(d.best),
                d.best_by,
                v(self.outcome.possible)
            )
        } else {
            format!(
                "You got {} of the {} that was possible (the most any of these strategies got in your seat on this draw, by {}; the whole zone, all of it to one side, was {}).",
                v(x),
                v(d.best),
                d.best_by,
                v(self.outcome.possible)
            )
        };
        let _ = writeln!(w, "  {line}");
    }
}

/// `text` with its first letter a capital.
fn capital(text: &str) -> String {
    let mut c = text.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
