//! negsim: a batch simulator of "off-the-record" negotiation.
//!
//! Negotiators confide something "just between us", then ask "how is it on
//! your side?" to learn the other side's alternatives and interests. negsim
//! pits strategies (`open`, `guarded`, `mirroring`, `probing`, and any you
//! define) against each other in off-the-record exchanges followed by formal
//! bargaining, and reports how information asymmetry shapes the deals.
//!
//! # Layers
//!
//! Each folder of `src/` is one layer; a layer uses only the layers above it
//! in this list.
//!
//! | layer | what it holds |
//! |---|---|
//! | [`error`], [`number`] | the one error type of the library; the CSV number format |
//! | [`model`] | scenarios, distributions, beliefs, geometry, strategies, the rules, one negotiation |
//! | [`agent`] | external agents: the protocol, their processes, their seats (decisions from outside the engine) |
//! | [`config`] | the TOML file format, its validation into an [`Experiment`], the resolved view |
//! | [`run`] | seeds and the parallel tournament, streaming statistics, sweeps, evolution, transcripts, theory checks |
//! | [`output`] | the results folder (CSV, manifest), figures drawn from it, the report |
//!
//! Charts are drawn by the separate `negsim-chart` crate, which knows nothing
//! of negotiation; the `negsim` binary (`src/main.rs`, `src/cli/`) is a thin
//! layer of argument parsing and printing over this library.
//!
//! # Example
//!
//! ```
//! let mut exp = negsim::config::parse(negsim::config::DEFAULT_CONFIG, "default.toml")
//!     .unwrap()
//!     .validate("default.toml")
//!     .unwrap();
//! exp.runs = 200;
//! let res = negsim::run::tournament::run(&exp, Default::default(), &|_| {}, None).unwrap();
//! assert_eq!(res.pairs.len(), 16);
//! ```

// Index loops over parallel fixed arrays (sides, issues) read better than zips.
#![allow(clippy::needless_range_loop)]

pub mod agent;
pub mod config;
pub mod error;
pub mod model;
pub mod number;
pub mod output;
pub mod play;
pub mod run;

pub use config::Experiment;
pub use error::{Error, Result};
pub use model::negotiation::{Outcome, Table};
pub use model::strategy::Strategy;
pub use run::tournament::TournamentResult;
