//! The config file as the user wrote it ([`Config`], TOML with serde, unknown
//! keys rejected) and its validation, once, into the [`Experiment`] that runs.
//! Every error names the file and the field.
//!
//! One concept per file: `file` (the TOML format, [`parse`] and [`load`]),
//! `strategy_def` (its `[[strategy]]` table, read from the parameter
//! table), `validation` ([`Config::validate`], one helper per table),
//! `experiment` (the validated [`Experiment`]) and `resolved` (every
//! strategy spelled out, for `negsim check` and manifests).

mod agents;
mod experiment;
mod file;
mod names;
pub(crate) mod plain;
mod resolved;
mod strategy_def;
mod validation;

pub use experiment::Experiment;
pub use file::{
    Config, DEFAULT_CONFIG, MAX_CONFIG_BYTES, MatchConfig, ProtocolConfig, ProtocolKind,
    ScenarioConfig, ScenarioKind, load, parse, read_limited,
};
pub use names::MAX_NAME_LEN;
pub use resolved::{ResolvedStrategy, resolved_strategies, resolved_toml, spelled_out};
pub use strategy_def::StrategyDef;
pub use validation::{DIRICHLET_ALPHA, MAX_RUNS, check_params};
