//! The config file as the user writes it: [`Config`] and its tables, read
//! with serde (unknown keys rejected, so a misspelt key is reported at its
//! line), and [`parse`] / [`load`].

use super::StrategyDef;
use crate::error::{Error, Result};
use crate::model::dist::DistSpec;
use crate::model::rules::{
    Acceptance, AuctionBelief, Commitment, Exchange, Information, Offers, Target,
};
use crate::model::strategy::preset_names;
use serde::{Deserialize, Serialize};

/// The default config: the four-strategy price tournament
/// (the same text as `configs/default.toml`).
pub const DEFAULT_CONFIG: &str = include_str!("../../configs/default.toml");

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
    /// Dirichlet alpha of A's weights, each 1e-3 to 1e6; its length is the number of issues (`multi_issue`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weights_a: Option<Vec<f64>>,
    /// Dirichlet alpha of B's weights, each 1e-3 to 1e6 (`multi_issue`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weights_b: Option<Vec<f64>>,
    /// Distribution of A's reservation utility (`multi_issue`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reservation_a: Option<DistSpec>,
    /// Distribution of B's reservation utility (`multi_issue`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reservation_b: Option<DistSpec>,
    /// What each side knows of the other's reservation from the start:
    /// `private` (default), `complete`, `a_disclosed` or `b_disclosed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub information: Option<Information>,
    /// How precisely a disclosed reservation (`a_disclosed`, `b_disclosed`,
    /// `complete`) is known: the sd of the noise on it, in prior sds of that
    /// reservation (default 0: exactly). Ignored under `private`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disclosure_noise: Option<f64>,
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
    /// `alternating_offers` (default) or `double_auction`.
    #[serde(default = "alternating_offers")]
    pub kind: ProtocolKind,
    /// Alternating offers: number of formal rounds (default 20).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<u32>,
    /// Alternating offers: discount factor per round (default 0.98).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount: Option<f64>,
    /// Alternating offers: A's own discount factor (default `discount`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount_a: Option<f64>,
    /// Alternating offers: B's own discount factor (default `discount`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount_b: Option<f64>,
    /// Alternating offers: `beliefs` (default) or `subgame_perfect` (under
    /// complete information in `price`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offers: Option<Offers>,
    /// Alternating offers: how far beyond its belief about the other's
    /// reservation an agent opens, in belief sds (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor_margin: Option<f64>,
    /// Alternating offers: claims commit (default true; false is an
    /// ablation: sides concede to their true reservation, offers untested).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claims_commit: Option<bool>,
    /// Alternating offers: `conditional` (default) or `unconditional` (an
    /// ablation: targets from the unconditional posterior mean).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Target>,
    /// Alternating offers: `continuation` (default, version 2.1) or
    /// `next_offer` (an ablation: version 2's acceptance rule).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acceptance: Option<Acceptance>,
    /// Alternating offers: `catchable` (default, version 2.1: a claim binds
    /// only as far as a lie could be caught) or `full` (an ablation:
    /// version 2, a claim binds at its stated value).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commitment: Option<Commitment>,
    /// Double auction: weight of the buyer's bid in the price (default 0.5;
    /// 0 is take-it-or-leave-it by the seller).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub k: Option<f64>,
    /// Double auction: how a bidder predicts the other's bid: `informed`
    /// (default, version 2.1) or `equilibrium` (version 2, an ablation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auction_belief: Option<AuctionBelief>,
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

fn alternating_offers() -> ProtocolKind {
    ProtocolKind::AlternatingOffers
}

impl Default for ProtocolConfig {
    fn default() -> Self {
        ProtocolConfig {
            kind: ProtocolKind::AlternatingOffers,
            deadline: None,
            discount: None,
            discount_a: None,
            discount_b: None,
            offers: None,
            anchor_margin: None,
            claims_commit: None,
            target: None,
            acceptance: None,
            commitment: None,
            k: None,
            auction_belief: None,
        }
    }
}

/// The `[match]` table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MatchConfig {
    /// Runs per match: the same two agents with fresh values and kept memory.
    pub runs: u32,
    /// After each run both sides learn the other's reservation and update
    /// their trust on that run's claims (default true).
    pub debrief: bool,
}

impl Default for MatchConfig {
    fn default() -> Self {
        MatchConfig {
            runs: 1,
            debrief: true,
        }
    }
}

/// Parse a config from TOML text; `file` names it in messages. An unknown
/// key (which would otherwise be ignored) is an error naming its table,
/// line and the nearest valid key.
pub fn parse(text: &str, file: &str) -> Result<Config> {
    toml::from_str(text).map_err(|e| syntax_error(text, file, &e))
}

/// The error for a config that does not parse: for an unknown key, one line
/// with its table, position and the nearest valid key; otherwise toml's
/// message with the offending line.
fn syntax_error(text: &str, file: &str, e: &toml::de::Error) -> Error {
    let message = unknown_key(text, e)
        .or_else(|| super::plain::explain(text, e))
        .unwrap_or_else(|| e.to_string().trim_end().to_string());
    Error::Syntax {
        file: file.to_string(),
        message,
    }
}

/// The keys of a config's top level, outside any table.
const TOP_LEVEL: [&str; 4] = ["name", "seed", "runs", "strategies"];

/// The keys of the tables a newcomer may write at the top level by
/// mistake (`kind = "price"` above `[scenario]`).
const TABLE_KEYS: [(&str, &[&str]); 3] = [
    (
        "scenario",
        &[
            "kind",
            "buyer_value",
            "seller_cost",
            "weights_a",
            "weights_b",
            "reservation_a",
            "reservation_b",
            "information",
            "disclosure_noise",
        ],
    ),
    (
        "exchange",
        &[
            "rounds",
            "every",
            "leak_probability",
            "leak_sigma",
            "bluff_scale",
        ],
    ),
    (
        "protocol",
        &[
            "kind",
            "deadline",
            "discount",
            "discount_a",
            "discount_b",
            "offers",
            "anchor_margin",
            "claims_commit",
            "target",
            "acceptance",
            "commitment",
            "k",
            "auction_belief",
        ],
    ),
];

/// `line L, column C: unknown key 'table.key'; did you mean 'nearest'?
/// (allowed in [table]: ...)`, if `e` is about an unknown key.
fn unknown_key(text: &str, e: &toml::de::Error) -> Option<String> {
    let msg = e.message();
    let rest = msg.strip_prefix("unknown field `")?;
    let (key, rest) = rest.split_once('`')?;
    let allowed: Vec<&str> = rest
        .trim_start_matches(", ")
        .trim_start_matches("expected one of ")
        .trim_start_matches("expected ")
        .split(", ")
        .flat_map(|k| k.split(" or "))
        .map(|k| k.trim_matches('`'))
        .filter(|k| !k.is_empty() && !k.contains(' '))
        .collect();
    let start = e.span().map_or(0, |s| s.start).min(text.len());
    let before = &text[..start];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    let table = enclosing_table(before, &text[line_start..start]);
    let path = if table.is_empty() {
        key.to_string()
    } else {
        format!("{table}.{key}")
    };
    let mut m = format!("line {line}, column {column}: unknown key '{path}'");
    if key == "resolved_strategies" {
        m.push_str(
            "; it is never read (older `negsim check` printed it): edit the [[strategy]] tables instead, which `negsim check` now prints with every parameter",
        );
        return Some(m);
    }
    if !table.is_empty() && TOP_LEVEL.contains(&key) && !allowed.contains(&key) {
        m.push_str(&format!(
            "; '{key}' is a top-level key, but in TOML a key belongs to the [table] above it: \
             move it above the first [table] header"
        ));
        return Some(m);
    }
    let homes: Vec<&str> = TABLE_KEYS
        .iter()
        .filter(|(_, keys)| keys.contains(&key))
        .map(|(t, _)| *t)
        .collect();
    if table.is_empty() && !homes.is_empty() {
        let homes: Vec<String> = homes.iter().map(|t| format!("[{t}]")).collect();
        m.push_str(&format!(
            "; '{key}' is a key of {}: write it below that table's header",
            homes.join(" or ")
        ));
        return Some(m);
    }
    if let Some(n) = crate::error::nearest(key, allowed.iter().copied()) {
        m.push_str(&format!("; did you mean '{n}'?"));
    }
    let place = if table.is_empty() {
        "at the top level".to_string()
    } else {
        format!("in {table}")
    };
    m.push_str(&format!(" (allowed {place}: {})", allowed.join(", ")));
    Some(m)
}

/// The dotted name of the table a key belongs to: the last `[table]` or
/// `[[table]]` header before it, and the inline table it sits in on its own
/// line (`buyer_value = { ... }`) if any.
pub(super) fn enclosing_table(before: &str, line_head: &str) -> String {
    let mut table = before
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('['))
        .map(|l| {
            let l = l.split('#').next().unwrap_or(l).trim();
            l.trim_start_matches('[')
                .trim_end_matches(']')
                .trim()
                .replace(['"', ' '], "")
        })
        .unwrap_or_default();
    if let Some((k, _)) = line_head.split_once('{') {
        let k = k.trim().trim_end_matches('=').trim();
        if !k.is_empty() && !k.starts_with('[') {
            if !table.is_empty() {
                table.push('.');
            }
            table.push_str(k);
        }
    }
    table
}

/// Largest config file negsim reads (1 MiB: the longest shipped config is
/// a few KiB).
pub const MAX_CONFIG_BYTES: u64 = 1 << 20;

/// Read and parse a config file: a regular file (not a FIFO, a device or
/// a folder) of at most [`MAX_CONFIG_BYTES`].
pub fn load(path: &std::path::Path) -> Result<Config> {
    let text = read_limited(path, MAX_CONFIG_BYTES, "a config file")?;
    parse(&text, &path.display().to_string())
}

/// The text of a file negsim reads whole (`what`: "a config file"),
/// refusing anything but a regular file of at most `max` bytes (checked
/// again while reading, for a file that grows).
pub fn read_limited(path: &std::path::Path, max: u64, what: &str) -> Result<String> {
    use std::io::Read;
    let err = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(err)?;
    if !meta.is_file() {
        let is = if meta.is_dir() {
            "a folder"
        } else {
            "not a regular file (a FIFO, socket or device)"
        };
        return Err(err(std::io::Error::other(format!(
            "it is {is}; give {what}"
        ))));
    }
    let too_big = || {
        err(std::io::Error::other(format!(
            "it is over {} KiB, the limit for {what}; is this the right file?",
            max >> 10
        )))
    };
    if meta.len() > max {
        return Err(too_big());
    }
    let file = std::fs::File::open(path).map_err(err)?;
    let mut bytes = Vec::new();
    file.take(max + 1).read_to_end(&mut bytes).map_err(err)?;
    if bytes.len() as u64 > max {
        return Err(too_big());
    }
    String::from_utf8(bytes).map_err(|e| {
        err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("it is not UTF-8 text ({e})"),
        ))
    })
}
