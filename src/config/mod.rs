//! The config file as the user wrote it ([`Config`], TOML with serde, unknown
//! keys rejected) and its validation, once, into the [`Experiment`] that runs.
//! Every error names the file and the field.

use crate::error::{Error, Result, nearest};
use crate::model::dist::DistSpec;
use crate::model::rules::{Exchange, Protocol, Rules};
use crate::model::scenario::{MAX_ISSUES, Scenario};
use crate::model::strategy::{Bidding, Facets, Params, Policy, Strategy, preset, preset_names};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// The default config: the four-strategy price tournament
/// (the same text as `configs/default.toml`).
pub const DEFAULT_CONFIG: &str = include_str!("../../configs/default.toml");

/// Most runs per pairing a config may ask for (10^12: years of computing).
pub const MAX_RUNS: u64 = 1_000_000_000_000;

/// A config file as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Name of the experiment: results go to `results/<name>/`.
    pub name: String,
    /// Master seed.
    #[serde(default = "default_seed")]
    pub seed: u64,
    /// Runs (negotiations) per ordered pairing of strategies (default 10,000).
    #[serde(default = "default_runs")]
    pub runs: u64,
    /// The strategies of the tournament, by name (default: the four presets).
    #[serde(default = "default_strategies")]
    pub strategies: Vec<String>,
    /// What is negotiated.
    pub scenario: ScenarioConfig,
    /// The off-the-record phase.
    #[serde(default)]
    pub exchange: Exchange,
    /// The formal phase.
    #[serde(default)]
    pub protocol: ProtocolConfig,
    /// Repeated play.
    #[serde(default, rename = "match")]
    pub matches: MatchConfig,
    /// Strategies defined in the config: a preset plus overrides.
    #[serde(default, rename = "strategy", skip_serializing_if = "Vec::is_empty")]
    pub custom: Vec<StrategyDef>,
    /// Parameter sweep (`negsim sweep`): config paths and their values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sweep: Option<toml::Table>,
    /// What `negsim check` prints after the config: every strategy spelled
    /// out. Informational; accepted and ignored on input, so that the output
    /// of `check` is itself a valid config.
    #[serde(default, skip_serializing)]
    pub resolved_strategies: Option<toml::Value>,
}

fn default_seed() -> u64 {
    42
}

fn default_runs() -> u64 {
    10_000
}

fn default_strategies() -> Vec<String> {
    preset_names().map(String::from).collect()
}

/// The `[scenario]` table. A flat table keyed by `kind` (not a tagged
/// enum) so that a misspelt key is reported at its line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioConfig {
    /// `price` or `multi_issue`.
    pub kind: ScenarioKind,
    /// Distribution of the buyer's value (`price`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buyer_value: Option<DistSpec>,
    /// Distribution of the seller's cost (`price`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seller_cost: Option<DistSpec>,
    /// Dirichlet alpha of A's weights; its length is the number of issues (`multi_issue`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weights_a: Option<Vec<f64>>,
    /// Dirichlet alpha of B's weights (`multi_issue`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weights_b: Option<Vec<f64>>,
    /// Distribution of A's reservation utility (`multi_issue`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reservation_a: Option<DistSpec>,
    /// Distribution of B's reservation utility (`multi_issue`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reservation_b: Option<DistSpec>,
}

/// The scenarios.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScenarioKind {
    /// Buyer (side A) and seller (side B) bargain over a price.
    Price,
    /// Several issues with private weights and reservation utilities.
    MultiIssue,
}

/// The `[protocol]` table: the formal phase. Flat, keyed by `kind`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProtocolConfig {
    /// `alternating_offers` or `double_auction`.
    pub kind: ProtocolKind,
    /// Alternating offers: number of formal rounds (default 20).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<u32>,
    /// Alternating offers: discount factor per round (default 0.98).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount: Option<f64>,
    /// Alternating offers: how far beyond its belief about the other's
    /// reservation an agent opens, in belief sds (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor_margin: Option<f64>,
    /// Double auction: weight of the buyer's bid in the price (default 0.5;
    /// 0 is take-it-or-leave-it by the seller).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub k: Option<f64>,
}

/// The formal protocols.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProtocolKind {
    /// Alternating offers with a deadline, A proposing first.
    AlternatingOffers,
    /// Sealed-bid k-double auction; needs uniform values on one range.
    DoubleAuction,
}

impl Default for ProtocolConfig {
    fn default() -> Self {
        ProtocolConfig {
            kind: ProtocolKind::AlternatingOffers,
            deadline: None,
            discount: None,
            anchor_margin: None,
            k: None,
        }
    }
}

/// The `[match]` table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MatchConfig {
    /// Runs per match: the same two agents with fresh values and kept memory.
    pub runs: u32,
}

impl Default for MatchConfig {
    fn default() -> Self {
        MatchConfig { runs: 1 }
    }
}

/// A `[[strategy]]` entry: a named preset with overrides.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StrategyDef {
    /// Its name.
    pub name: String,
    /// The preset it starts from.
    pub base: String,
    /// A one-line description (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[allow(missing_docs)]
    pub disclose: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[allow(missing_docs)]
    pub precision: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[allow(missing_docs)]
    pub facets: Option<Facets>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[allow(missing_docs)]
    pub answer: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[allow(missing_docs)]
    pub answer_precision: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[allow(missing_docs)]
    pub ask: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[allow(missing_docs)]
    pub bluff: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[allow(missing_docs)]
    pub reciprocity: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[allow(missing_docs)]
    pub slack: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[allow(missing_docs)]
    pub trust: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[allow(missing_docs)]
    pub trust_penalty: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[allow(missing_docs)]
    pub grudge: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[allow(missing_docs)]
    pub concession: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[allow(missing_docs)]
    pub bidding: Option<Bidding>,
}

/// The validated experiment: what actually runs.
#[derive(Clone)]
pub struct Experiment {
    /// Name (results folder).
    pub name: String,
    /// Master seed.
    pub seed: u64,
    /// Runs per ordered pairing.
    pub runs: u64,
    /// Runs per match.
    pub match_runs: u32,
    /// The scenario.
    pub scenario: Scenario,
    /// The off-the-record phase.
    pub exchange: Exchange,
    /// The formal phase.
    pub protocol: Protocol,
    /// The strategies, in tournament order.
    pub strategies: Vec<Arc<dyn Strategy>>,
    /// The config it came from, with every strategy spelled out (for the
    /// manifest and `negsim check`).
    pub config: Config,
}

impl std::fmt::Debug for Experiment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Experiment")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl Experiment {
    /// Add a strategy implemented in Rust to the tournament (it is listed in
    /// the manifest by name; its parameters come from
    /// [`Strategy::parameters`]).
    pub fn add_strategy(&mut self, strategy: Arc<dyn Strategy>) -> Result<()> {
        let name = strategy.name().to_string();
        if self.strategies.iter().any(|s| s.name() == name) {
            return Err(Error::Usage(format!(
                "a strategy named '{name}' is already in the tournament"
            )));
        }
        self.config.strategies.push(name);
        self.strategies.push(strategy);
        Ok(())
    }

    /// The rules every negotiation of this experiment is played under.
    pub fn rules(&self) -> Rules<'_> {
        Rules {
            scenario: &self.scenario,
            exchange: &self.exchange,
            protocol: self.protocol,
        }
    }

    /// Parse and validate the embedded default config.
    pub fn default_tournament() -> Self {
        parse(DEFAULT_CONFIG, "configs/default.toml")
            .and_then(|c| c.validate("configs/default.toml"))
            .expect("the embedded default config is valid")
    }
}

/// Parse a config from TOML text; `file` names it in messages.
pub fn parse(text: &str, file: &str) -> Result<Config> {
    toml::from_str(text).map_err(|e| Error::Syntax {
        file: file.to_string(),
        message: e.to_string().trim_end().to_string(),
    })
}

/// Read and parse a config file.
pub fn load(path: &std::path::Path) -> Result<Config> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    parse(&text, &path.display().to_string())
}

fn check_prob(file: &str, field: &str, v: f64) -> Result<()> {
    if !(0.0..=1.0).contains(&v) {
        return Err(Error::invalid(
            file,
            field,
            v,
            "must be a probability in [0, 1]",
        ));
    }
    Ok(())
}

fn check_positive(file: &str, field: &str, v: f64) -> Result<()> {
    if !(v.is_finite() && v > 0.0) {
        return Err(Error::invalid(
            file,
            field,
            v,
            "must be a finite number greater than 0",
        ));
    }
    Ok(())
}

fn check_nonneg(file: &str, field: &str, v: f64) -> Result<()> {
    if !(v.is_finite() && v >= 0.0) {
        return Err(Error::invalid(
            file,
            field,
            v,
            "must be a finite number >= 0",
        ));
    }
    Ok(())
}

/// Check a strategy's parameters; `field` is where they came from.
pub fn check_params(file: &str, field: &str, p: &Params) -> Result<()> {
    let f = |name: &str| format!("{field}.{name}");
    check_prob(file, &f("disclose"), p.disclose)?;
    check_prob(file, &f("answer"), p.answer)?;
    check_prob(file, &f("ask"), p.ask)?;
    check_prob(file, &f("trust_penalty"), p.trust_penalty)?;
    check_positive(file, &f("precision"), p.precision)?;
    check_positive(file, &f("answer_precision"), p.answer_precision)?;
    check_positive(file, &f("concession"), p.concession)?;
    check_nonneg(file, &f("bluff"), p.bluff)?;
    check_nonneg(file, &f("slack"), p.slack)?;
    if !(p.trust > 0.0 && p.trust <= 1.0) {
        return Err(Error::invalid(
            file,
            f("trust"),
            p.trust,
            "must be in (0, 1]",
        ));
    }
    Ok(())
}

impl StrategyDef {
    fn apply(&self, mut p: Params) -> Params {
        macro_rules! set {
            ($($f:ident),*) => { $( if let Some(v) = self.$f { p.$f = v; } )* };
        }
        set!(
            disclose,
            precision,
            facets,
            answer,
            answer_precision,
            ask,
            bluff,
            reciprocity,
            slack,
            trust,
            trust_penalty,
            grudge,
            concession,
            bidding
        );
        p
    }
}

impl Config {
    /// Validate into an [`Experiment`]. `file` names the config in messages.
    pub fn validate(&self, file: &str) -> Result<Experiment> {
        if self.name.is_empty()
            || !self
                .name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
            || self.name.starts_with('.')
        {
            return Err(Error::invalid(
                file,
                "name",
                format!("'{}'", self.name),
                "must be a non-empty folder name of letters, digits, '-', '_' or '.'",
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
        let scenario = self.scenario.build(file)?;
        let x = &self.exchange;
        check_prob(file, "exchange.leak_probability", x.leak_probability)?;
        check_positive(file, "exchange.leak_sigma", x.leak_sigma)?;
        check_nonneg(file, "exchange.lie_tolerance", x.lie_tolerance)?;
        if x.rounds > 1000 {
            return Err(Error::invalid(
                file,
                "exchange.rounds",
                x.rounds,
                "must be at most 1000",
            ));
        }
        let p = &self.protocol;
        let only = |present: &[(&str, bool)], kind: &str| -> Result<()> {
            for (name, set) in present {
                if *set {
                    return Err(Error::invalid(
                        file,
                        format!("protocol.{name}"),
                        "(given)",
                        format!("is not a parameter of {kind}"),
                    ));
                }
            }
            Ok(())
        };
        let protocol = match p.kind {
            ProtocolKind::AlternatingOffers => {
                only(
                    &[("k", p.k.is_some())],
                    "alternating_offers (it takes deadline, discount, anchor_margin)",
                )?;
                let deadline = p.deadline.unwrap_or(20);
                let discount = p.discount.unwrap_or(0.98);
                let anchor_margin = p.anchor_margin.unwrap_or(1.0);
                if deadline == 0 || deadline > 10_000 {
                    return Err(Error::invalid(
                        file,
                        "protocol.deadline",
                        deadline,
                        "must be between 1 and 10000 rounds",
                    ));
                }
                if !(discount > 0.0 && discount <= 1.0) {
                    return Err(Error::invalid(
                        file,
                        "protocol.discount",
                        discount,
                        "must be in (0, 1]",
                    ));
                }
                check_nonneg(file, "protocol.anchor_margin", anchor_margin)?;
                Protocol::AlternatingOffers {
                    deadline,
                    discount,
                    anchor_margin,
                }
            }
            ProtocolKind::DoubleAuction => {
                only(
                    &[
                        ("deadline", p.deadline.is_some()),
                        ("discount", p.discount.is_some()),
                        ("anchor_margin", p.anchor_margin.is_some()),
                    ],
                    "double_auction (it takes k)",
                )?;
                let k = p.k.unwrap_or(0.5);
                if !(0.0..=1.0).contains(&k) {
                    return Err(Error::invalid(file, "protocol.k", k, "must be in [0, 1]"));
                }
                let Scenario::Price {
                    buyer_value,
                    seller_cost,
                } = &scenario
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
                    (Some(b), Some(s)) if b == s => Protocol::DoubleAuction {
                        k,
                        low: b.0,
                        high: b.1,
                    },
                    _ => {
                        let (field, what) = match (b, s) {
                            (None, _) => ("scenario.buyer_value", "is not uniform"),
                            (_, None) => ("scenario.seller_cost", "is not uniform"),
                            _ => ("scenario.seller_cost", "has another range than buyer_value"),
                        };
                        return Err(Error::invalid(
                            file,
                            field,
                            what,
                            "the double auction's linear equilibrium (Chatterjee-Samuelson) is only defined for uniform values on the same range for both sides: use { dist = \"uniform\", low, high } with equal bounds",
                        ));
                    }
                }
            }
        };
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
        // Custom strategies, in order; a custom one may build on an earlier one.
        let mut defined: Vec<Policy> = Vec::new();
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
            {
                return Err(Error::invalid(
                    file,
                    format!("{field}.name"),
                    format!("'{}'", def.name),
                    "must be a new name of at most 40 letters, digits, '-', '_' or '.' (a preset's name only with base = that preset, to redefine it)",
                ));
            }
            let base = match defined.iter().find(|p| p.name == def.base) {
                Some(p) => p.params,
                None => match preset(&def.base) {
                    Some((_, p)) => p,
                    None => {
                        let mut known: Vec<&str> = preset_names().collect();
                        known.extend(defined.iter().map(|p| p.name.as_str()));
                        return Err(unknown_strategy(
                            &def.base,
                            file,
                            &format!("{field}.base"),
                            &known,
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
            let s: Arc<dyn Strategy> = match defined.iter().find(|p| &p.name == name) {
                Some(p) => Arc::new(p.clone()),
                None => match Policy::preset(name) {
                    Some(p) => Arc::new(p),
                    None => {
                        let mut known: Vec<&str> = preset_names().collect();
                        known.extend(defined.iter().map(|p| p.name.as_str()));
                        return Err(unknown_strategy(
                            name,
                            file,
                            &format!("strategies[{i}]"),
                            &known,
                        ));
                    }
                },
            };
            strategies.push(s);
        }
        Ok(Experiment {
            name: self.name.clone(),
            seed: self.seed,
            runs: self.runs,
            match_runs: self.matches.runs,
            scenario,
            exchange: self.exchange.clone(),
            protocol,
            strategies,
            config: {
                // Record the defaults that applied, so manifests and sweeps see them.
                let mut c = self.clone();
                if let Protocol::AlternatingOffers {
                    deadline,
                    discount,
                    anchor_margin,
                } = protocol
                {
                    c.protocol.deadline = Some(deadline);
                    c.protocol.discount = Some(discount);
                    c.protocol.anchor_margin = Some(anchor_margin);
                }
                if let Protocol::DoubleAuction { k, .. } = protocol {
                    c.protocol.k = Some(k);
                }
                c
            },
        })
    }
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

impl ScenarioConfig {
    fn build(&self, file: &str) -> Result<Scenario> {
        let need = |v: &Option<DistSpec>, name: &str| -> Result<crate::model::dist::Dist> {
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
        };
        let forbid = |present: &[(&str, bool)]| -> Result<()> {
            for (name, set) in present {
                if *set {
                    return Err(Error::invalid(
                        file,
                        format!("scenario.{name}"),
                        "(given)",
                        format!("is not a parameter of the {} scenario", self.kind_name()),
                    ));
                }
            }
            Ok(())
        };
        match self.kind {
            ScenarioKind::Price => {
                forbid(&[
                    ("weights_a", self.weights_a.is_some()),
                    ("weights_b", self.weights_b.is_some()),
                    ("reservation_a", self.reservation_a.is_some()),
                    ("reservation_b", self.reservation_b.is_some()),
                ])?;
                Ok(Scenario::Price {
                    buyer_value: need(&self.buyer_value, "buyer_value")?,
                    seller_cost: need(&self.seller_cost, "seller_cost")?,
                })
            }
            ScenarioKind::MultiIssue => {
                forbid(&[
                    ("buyer_value", self.buyer_value.is_some()),
                    ("seller_cost", self.seller_cost.is_some()),
                ])?;
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
                    if let Some(a) = w.iter().find(|a| !(a.is_finite() && **a > 0.0)) {
                        return Err(Error::invalid(
                            file,
                            field,
                            a,
                            "Dirichlet alpha must be finite and greater than 0",
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
                        need(&self.reservation_a, "reservation_a")?,
                        need(&self.reservation_b, "reservation_b")?,
                    ],
                })
            }
        }
    }

    fn kind_name(&self) -> &'static str {
        match self.kind {
            ScenarioKind::Price => "price",
            ScenarioKind::MultiIssue => "multi_issue",
        }
    }
}

/// The resolved config as TOML: every strategy's parameters spelled out.
pub fn resolved_toml(exp: &Experiment) -> String {
    #[derive(Serialize)]
    struct Resolved<'a> {
        #[serde(flatten)]
        config: &'a Config,
        resolved_strategies: Vec<ResolvedStrategy>,
    }
    let text = toml::to_string_pretty(&Resolved {
        config: &exp.config,
        resolved_strategies: resolved_strategies(exp),
    });
    text.unwrap_or_else(|e| format!("# could not render config: {e}\n"))
}

/// A strategy with its description and parameters, for manifests.
#[derive(Debug, Clone, Serialize)]
pub struct ResolvedStrategy {
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Parameters as (name, value) pairs.
    pub parameters: std::collections::BTreeMap<String, String>,
}

/// Every strategy of the experiment, spelled out.
pub fn resolved_strategies(exp: &Experiment) -> Vec<ResolvedStrategy> {
    exp.strategies
        .iter()
        .map(|s| ResolvedStrategy {
            name: s.name().to_string(),
            description: s.description(),
            parameters: s
                .parameters()
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
        })
        .collect()
}
