//! Validation of a [`Config`], once, into the [`Experiment`] that runs:
//! one helper per table, called in the order of the file so that the first
//! error reported is the first one in the file. Every error names the file
//! and the field.

use super::agents::check_agent;
use super::{Config, Experiment, ProtocolConfig, ProtocolKind, ScenarioConfig, ScenarioKind};
use crate::agent::Agent;
use crate::error::{Error, Result, nearest};
use crate::model::dist::{Dist, DistSpec};
use crate::model::rules::{Exchange, Information, Offers, Protocol};
use crate::model::scenario::{MAX_ISSUES, Scenario};
use crate::model::strategy::{Params, Policy, Range, Strategy, preset, preset_names};
use std::sync::Arc;

/// Most runs per pairing a config may ask for (10^12: years of computing).
pub const MAX_RUNS: u64 = 1_000_000_000_000;

/// `Err` naming `field` if the number `v` is outside `range`.
fn check(file: &str, field: &str, range: Range, v: f64) -> Result<()> {
    range
        .check(v)
        .map_err(|allowed| Error::invalid(file, field, crate::number::shown(v), allowed))
}

/// Check a strategy's parameters against their ranges in the parameter table
/// ([`PARAMS`](crate::model::strategy::PARAMS));
/// `field` is where they came from.
pub fn check_params(file: &str, field: &str, p: &Params) -> Result<()> {
    p.check().map_err(|e| {
        Error::invalid(
            file,
            format!("{field}.{}", e.param.name),
            e.value,
            e.allowed,
        )
    })
}

impl Config {
    /// Validate into an [`Experiment`]. `file` names the config in messages.
    pub fn validate(&self, file: &str) -> Result<Experiment> {
        self.validate_with(file, &[])
    }

    /// With in-process agents ([`Agent::hosted`], Python's `agents={...}`)
    /// the strategy list may name; a preset or `[[strategy]]` name is refused.
    pub fn validate_with(&self, file: &str, hosted: &[Arc<Agent>]) -> Result<Experiment> {
        self.check_header(file)?;
        let scenario = self.scenario.build(file)?;
        let disclosure_noise = self.scenario.disclosure_noise.unwrap_or(0.0);
        if !(0.0..=MAX_DISCLOSURE_NOISE).contains(&disclosure_noise) {
            return Err(Error::invalid(
                file,
                "scenario.disclosure_noise",
                disclosure_noise.to_string(),
                format!(
                    "the noise on a disclosed reservation is in prior sds, from 0 (exact) to \
                     {MAX_DISCLOSURE_NOISE}"
                ),
            ));
        }
        check_exchange(file, &self.exchange)?;
        let protocol = self.protocol.build(file, &scenario)?;
        if disclosure_noise > 0.0
            && matches!(
                protocol,
                Protocol::AlternatingOffers {
                    offers: Offers::SubgamePerfect,
                    ..
                }
            )
            && self.scenario.information == Some(Information::Complete)
        {
            return Err(Error::invalid(
                file,
                "scenario.disclosure_noise",
                disclosure_noise.to_string(),
                "subgame-perfect offers need complete information, exactly: set it to 0 or use \
                 offers = \"beliefs\"",
            ));
        }
        self.check_match(file)?;
        let (defined, agents) = self.define_strategies(file)?;
        let agents = super::agents::with_hosted(file, &defined, agents, hosted)?;
        let strategies = self.tournament(file, &defined, &agents)?;
        Ok(Experiment {
            name: self.name.clone(),
            seed: self.seed,
            runs: self.runs,
            match_runs: self.matches.runs,
            debrief: self.matches.debrief,
            scenario,
            exchange: self.exchange.clone(),
            protocol,
            information: self.scenario.information.unwrap_or_default(),
            disclosure_noise,
            strategies,
            config: self.with_defaults(protocol),
        })
    }

    /// The top-level keys: name, runs, the number of strategies.
    fn check_header(&self, file: &str) -> Result<()> {
        if let Some(allowed) = super::names::folder_name_problem(&self.name) {
            return Err(Error::invalid(
                file,
                "name",
                super::names::quoted(&self.name),
                allowed,
            ));
        }
        if self.runs == 0 || self.runs > MAX_RUNS {
            return Err(Error::invalid(
                file,
                "runs",
                self.runs,
                format!("must be between 1 and {MAX_RUNS} negotiations per pairing"),
            ));
        }
        if self.strategies.len() > 64 {
            return Err(Error::invalid(
                file,
                "strategies",
                format!("{} strategies", self.strategies.len()),
                "at most 64 strategies (4096 pairings)",
            ));
        }
        Ok(())
    }

    /// The `[match]` table, and that some strategy is named.
    fn check_match(&self, file: &str) -> Result<()> {
        if self.matches.runs == 0 || self.matches.runs > 100_000 {
            return Err(Error::invalid(
                file,
                "match.runs",
                self.matches.runs,
                "must be between 1 and 100000",
            ));
        }
        if self.strategies.is_empty() {
            return Err(Error::invalid(
                file,
                "strategies",
                "[]",
                "name at least one strategy",
            ));
        }
        Ok(())
    }

    /// The `[[strategy]]` entries, in order; one may build on an earlier one.
    /// Returns the strategies the engine plays and the external agents.
    fn define_strategies(&self, file: &str) -> Result<(Vec<Policy>, Vec<Arc<Agent>>)> {
        let mut defined: Vec<Policy> = Vec::new();
        let mut agents: Vec<Arc<Agent>> = Vec::new();
        for (i, def) in self.custom.iter().enumerate() {
            let field = format!("strategy[{i}]");
            let well_formed = !def.name.is_empty()
                && def.name.len() <= 40
                && def
                    .name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
            // A preset may be redefined in place (name = base = "probing"),
            // which is how sweeps vary a preset's parameter.
            let redefines_preset = preset(&def.name).is_some() && def.base == def.name;
            if !well_formed
                || (preset(&def.name).is_some() && !redefines_preset)
                || defined.iter().any(|p| p.name == def.name)
                || agents.iter().any(|a| a.name() == def.name)
            {
                return Err(Error::invalid(
                    file,
                    format!("{field}.name"),
                    format!("'{}'", def.name),
                    "must be a new name of at most 40 letters, digits, '-', '_' or '.' (a preset's name only with base = that preset, to redefine it)",
                ));
            }
            if let Some(command) = &def.command {
                agents.push(Arc::new(check_agent(file, &field, def, command)?));
                continue;
            }
            if def.timeout.is_some() {
                return Err(Error::invalid(
                    file,
                    format!("{field}.timeout"),
                    def.timeout.unwrap_or_default(),
                    "a timeout belongs to an external agent (a strategy with a command)",
                ));
            }
            let base = match defined.iter().find(|p| p.name == def.base) {
                Some(p) => p.params,
                None => match preset(&def.base) {
                    Some((_, p)) => p,
                    None => {
                        return Err(unknown_strategy(
                            &def.base,
                            file,
                            &format!("{field}.base"),
                            &known_strategies(&defined),
                        ));
                    }
                },
            };
            let params = def.apply(base);
            check_params(file, &field, &params)?;
            let description = def
                .description
                .clone()
                .unwrap_or_else(|| format!("{} with overrides", def.base));
            defined.push(Policy::new(def.name.clone(), description, params));
        }
        Ok((defined, agents))
    }

    /// The strategies of the tournament, by name: defined in the config or
    /// presets, each once.
    fn tournament(
        &self,
        file: &str,
        defined: &[Policy],
        agents: &[Arc<Agent>],
    ) -> Result<Vec<Arc<dyn Strategy>>> {
        let mut strategies: Vec<Arc<dyn Strategy>> = Vec::new();
        for (i, name) in self.strategies.iter().enumerate() {
            if self.strategies[..i].contains(name) {
                return Err(Error::invalid(
                    file,
                    format!("strategies[{i}]"),
                    format!("'{name}'"),
                    "is listed twice; each strategy plays every other once per side",
                ));
            }
            let agent = agents.iter().find(|a| a.name() == name);
            let s: Arc<dyn Strategy> = match defined.iter().find(|p| &p.name == name) {
                Some(p) => Arc::new(p.clone()),
                None if agent.is_some() => agent.cloned().expect("found") as Arc<dyn Strategy>,
                None => match Policy::preset(name) {
                    Some(p) => Arc::new(p),
                    None => {
                        return Err(unknown_strategy(
                            name,
                            file,
                            &format!("strategies[{i}]"),
                            &known_strategies(defined),
                        ));
                    }
                },
            };
            strategies.push(s);
        }
        Ok(strategies)
    }

    /// The config with the defaults that applied filled in, so that
    /// manifests and sweeps see them.
    fn with_defaults(&self, protocol: Protocol) -> Config {
        let mut c = self.clone();
        if let Protocol::AlternatingOffers {
            deadline,
            discount,
            anchor_margin,
            acceptance,
            commitment,
            ..
        } = protocol
        {
            c.protocol.acceptance = Some(acceptance);
            c.protocol.commitment = Some(commitment);
            c.protocol.deadline = Some(deadline);
            if discount[0] == discount[1] {
                c.protocol.discount = Some(discount[0]);
            } else {
                c.protocol.discount_a = Some(discount[0]);
                c.protocol.discount_b = Some(discount[1]);
            }
            c.protocol.anchor_margin = Some(anchor_margin);
        }
        if let Protocol::DoubleAuction { k, belief, .. } = protocol {
            c.protocol.k = Some(k);
            c.protocol.auction_belief = Some(belief);
        }
        c
    }
}

/// The `[exchange]` table.
fn check_exchange(file: &str, x: &Exchange) -> Result<()> {
    check(
        file,
        "exchange.leak_probability",
        Range::Probability,
        x.leak_probability,
    )?;
    check(file, "exchange.leak_sigma", Range::Positive, x.leak_sigma)?;
    check(file, "exchange.bluff_scale", Range::Positive, x.bluff_scale)?;
    if x.rounds > 1000 {
        return Err(Error::invalid(
            file,
            "exchange.rounds",
            x.rounds,
            "must be at most 1000",
        ));
    }
    Ok(())
}

/// Presets, then the strategies defined so far: the names a strategy may have.
fn known_strategies(defined: &[Policy]) -> Vec<&str> {
    let mut known: Vec<&str> = preset_names().collect();
    known.extend(defined.iter().map(|p| p.name.as_str()));
    known
}

fn unknown_strategy(name: &str, file: &str, field: &str, known: &[&str]) -> Error {
    Error::UnknownStrategy {
        name: name.to_string(),
        file: file.to_string(),
        field: field.to_string(),
        hint: nearest(name, known.iter().copied())
            .map(|n| format!("did you mean '{n}'? "))
            .unwrap_or_default(),
        known: known.join(", "),
    }
}

/// An error if any of the `present` keys of a table is given: they are not
/// parameters of `kind`. `table` is the table's name.
fn forbid(file: &str, table: &str, present: &[(&str, bool)], kind: &str) -> Result<()> {
    for (name, set) in present {
        if *set {
            return Err(Error::invalid(
                file,
                format!("{table}.{name}"),
                "(given)",
                format!("is not a parameter of {kind}"),
            ));
        }
    }
    Ok(())
}

impl ProtocolConfig {
    /// The `[protocol]` table, with its defaults; the double auction needs
    /// the price scenario with uniform values on one range.
    fn build(&self, file: &str, scenario: &Scenario) -> Result<Protocol> {
        match self.kind {
            ProtocolKind::AlternatingOffers => self.alternating_offers(file, scenario),
            ProtocolKind::DoubleAuction => self.double_auction(file, scenario),
        }
    }

    fn alternating_offers(&self, file: &str, scenario: &Scenario) -> Result<Protocol> {
        forbid(
            file,
            "protocol",
            &[
                ("k", self.k.is_some()),
                ("auction_belief", self.auction_belief.is_some()),
            ],
            "alternating_offers (it takes deadline, discount, discount_a, discount_b, anchor_margin, offers, claims_commit, target, acceptance, commitment)",
        )?;
        let deadline = self.deadline.unwrap_or(20);
        let discount = self.discount.unwrap_or(0.98);
        let anchor_margin = self.anchor_margin.unwrap_or(1.0);
        if deadline == 0 || deadline > 10_000 {
            return Err(Error::invalid(
                file,
                "protocol.deadline",
                deadline,
                "must be between 1 and 10000 rounds",
            ));
        }
        check(file, "protocol.discount", Range::PositiveFraction, discount)?;
        let (da, db) = (
            self.discount_a.unwrap_or(discount),
            self.discount_b.unwrap_or(discount),
        );
        check(file, "protocol.discount_a", Range::PositiveFraction, da)?;
        check(file, "protocol.discount_b", Range::PositiveFraction, db)?;
        let discount = [da, db];
        let offers = self.offers.unwrap_or_default();
        if offers == Offers::SubgamePerfect && !matches!(scenario, Scenario::Price { .. }) {
            return Err(Error::invalid(
                file,
                "protocol.offers",
                "\"subgame_perfect\"",
                "subgame-perfect offers are implemented for the price scenario only; use \"beliefs\"",
            ));
        }
        check(
            file,
            "protocol.anchor_margin",
            Range::NonNegative,
            anchor_margin,
        )?;
        Ok(Protocol::AlternatingOffers {
            deadline,
            discount,
            anchor_margin,
            offers,
            claims_commit: self.claims_commit.unwrap_or(true),
            target: self.target.unwrap_or_default(),
            acceptance: self.acceptance.unwrap_or_default(),
            commitment: self.commitment.unwrap_or_default(),
        })
    }

    fn double_auction(&self, file: &str, scenario: &Scenario) -> Result<Protocol> {
        forbid(
            file,
            "protocol",
            &[
                ("deadline", self.deadline.is_some()),
                ("discount", self.discount.is_some()),
                ("discount_a", self.discount_a.is_some()),
                ("discount_b", self.discount_b.is_some()),
                ("offers", self.offers.is_some()),
                ("anchor_margin", self.anchor_margin.is_some()),
                ("claims_commit", self.claims_commit.is_some()),
                ("target", self.target.is_some()),
                ("acceptance", self.acceptance.is_some()),
                ("commitment", self.commitment.is_some()),
            ],
            "double_auction (it takes k, auction_belief)",
        )?;
        let k = self.k.unwrap_or(0.5);
        if !(0.0..=1.0).contains(&k) {
            return Err(Error::invalid(file, "protocol.k", k, "must be in [0, 1]"));
        }
        let Scenario::Price {
            buyer_value,
            seller_cost,
        } = scenario
        else {
            return Err(Error::invalid(
                file,
                "protocol.kind",
                "\"double_auction\"",
                "the double auction needs the price scenario (scenario.kind = \"price\")",
            ));
        };
        let (b, s) = (buyer_value.uniform_bounds(), seller_cost.uniform_bounds());
        match (b, s) {
            (Some(b), Some(s)) if b == s => Ok(Protocol::DoubleAuction {
                k,
                low: b.0,
                high: b.1,
                belief: self.auction_belief.unwrap_or_default(),
            }),
            _ => {
                let (field, what) = match (b, s) {
                    (None, _) => ("scenario.buyer_value", "is not uniform"),
                    (_, None) => ("scenario.seller_cost", "is not uniform"),
                    _ => ("scenario.seller_cost", "has another range than buyer_value"),
                };
                Err(Error::invalid(
                    file,
                    field,
                    what,
                    "the double auction's linear equilibrium (Chatterjee-Samuelson) is only defined for uniform values on the same range for both sides: use { dist = \"uniform\", low, high } with equal bounds",
                ))
            }
        }
    }
}

/// The Dirichlet alphas of `scenario.weights_a` and `weights_b`: beyond
/// 1e6 a weight is known to 6 digits (and from about 1e155 the marginal
/// Beta prior's moments overflow); below 1e-3 each draw puts all weight on
/// one issue.
pub const DIRICHLET_ALPHA: std::ops::RangeInclusive<f64> = 1e-3..=1e6;

/// Largest `scenario.disclosure_noise` (prior sds): beyond it a disclosure
/// says almost nothing.
pub const MAX_DISCLOSURE_NOISE: f64 = 100.0;

impl ScenarioConfig {
    /// The `[scenario]` table: the keys its kind takes, each valid.
    fn build(&self, file: &str) -> Result<Scenario> {
        let kind = format!("the {} scenario", self.kind_name());
        match self.kind {
            ScenarioKind::Price => {
                forbid(
                    file,
                    "scenario",
                    &[
                        ("weights_a", self.weights_a.is_some()),
                        ("weights_b", self.weights_b.is_some()),
                        ("reservation_a", self.reservation_a.is_some()),
                        ("reservation_b", self.reservation_b.is_some()),
                    ],
                    &kind,
                )?;
                Ok(Scenario::Price {
                    buyer_value: self.need(file, &self.buyer_value, "buyer_value")?,
                    seller_cost: self.need(file, &self.seller_cost, "seller_cost")?,
                })
            }
            ScenarioKind::MultiIssue => {
                forbid(
                    file,
                    "scenario",
                    &[
                        ("buyer_value", self.buyer_value.is_some()),
                        ("seller_cost", self.seller_cost.is_some()),
                    ],
                    &kind,
                )?;
                self.multi_issue(file)
            }
        }
    }

    /// The `multi_issue` scenario: Dirichlet weights of both sides over the
    /// same issues, and the reservation utilities.
    fn multi_issue(&self, file: &str) -> Result<Scenario> {
        let empty = Vec::new();
        let weights_a = self.weights_a.as_ref().unwrap_or(&empty);
        let weights_b = self.weights_b.as_ref().unwrap_or(&empty);
        let n = weights_a.len();
        for (field, w) in [
            ("scenario.weights_a", weights_a),
            ("scenario.weights_b", weights_b),
        ] {
            if w.len() < 2 || w.len() > MAX_ISSUES {
                return Err(Error::invalid(
                    file,
                    field,
                    format!("{w:?}"),
                    format!("give one Dirichlet alpha per issue, 2 to {MAX_ISSUES} issues"),
                ));
            }
            if let Some(a) = w.iter().find(|a| !(DIRICHLET_ALPHA.contains(*a))) {
                return Err(Error::invalid(
                    file,
                    field,
                    crate::number::shown(*a),
                    "a Dirichlet alpha must be between 1e-3 and 1e6",
                ));
            }
        }
        if weights_b.len() != n {
            return Err(Error::invalid(
                file,
                "scenario.weights_b",
                format!("{} issues", weights_b.len()),
                format!("must have as many issues as weights_a ({n})"),
            ));
        }
        let dirichlet = |a: &Vec<f64>| {
            rand_distr::multi::Dirichlet::new(a).map_err(|e| {
                Error::invalid(file, "scenario.weights", format!("{a:?}"), e.to_string())
            })
        };
        Ok(Scenario::MultiIssue {
            issues: n,
            alpha: [weights_a.clone(), weights_b.clone()],
            weights: [dirichlet(weights_a)?, dirichlet(weights_b)?],
            reservation: [
                self.need(file, &self.reservation_a, "reservation_a")?,
                self.need(file, &self.reservation_b, "reservation_b")?,
            ],
        })
    }

    /// The distribution `name`, which this scenario needs.
    fn need(&self, file: &str, v: &Option<DistSpec>, name: &str) -> Result<Dist> {
        let field = format!("scenario.{name}");
        match v {
            Some(d) => d.build(file, &field),
            None => Err(Error::invalid(
                file,
                field,
                "(missing)",
                format!(
                    "the {} scenario needs it, e.g. {name} = {{ dist = \"uniform\", low = 0, high = 1 }}",
                    self.kind_name()
                ),
            )),
        }
    }

    fn kind_name(&self) -> &'static str {
        match self.kind {
            ScenarioKind::Price => "price",
            ScenarioKind::MultiIssue => "multi_issue",
        }
    }
}
