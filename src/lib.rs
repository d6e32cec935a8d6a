//! negsim: a batch simulator of "off-the-record" negotiation.
//!
//! Negotiators confide something "just between us", then ask "how is it on
//! your side?" to learn the other side's alternatives and interests. negsim
//! pits strategies (`open`, `guarded`, `mirroring`, `probing`, and any you
//! define) against each other in off-the-record exchanges followed by formal
//! bargaining, and reports how information asymmetry shapes the deals.
//!
//! The pieces, in the order a run uses them:
//! - [`config`]: the TOML config and its validation into an [`config::Experiment`];
//! - [`scenario`] and [`dist`]: what is negotiated and how private values are drawn;
//! - [`strategy`]: the [`strategy::Strategy`] trait and the parameterised presets;
//! - [`negotiation`]: one run (exchange phase, formal phase, metrics);
//! - [`tournament`]: every ordered pairing, many runs, in parallel, reproducibly;
//! - [`stats`]: streaming, mergeable statistics;
//! - [`export`] and [`trace`]: results folders and readable transcripts.
//!
//! ```
//! let exp = negsim::config::parse(negsim::config::DEFAULT_CONFIG, "default.toml")
//!     .unwrap()
//!     .validate("default.toml")
//!     .unwrap();
//! let mut exp = exp;
//! exp.runs = 200;
//! let res = negsim::tournament::run(&exp, Default::default(), &|_| {}, None).unwrap();
//! assert_eq!(res.pairs.len(), 16);
//! ```

// Index loops over parallel fixed arrays (sides, issues) read better than zips.
#![allow(clippy::needless_range_loop)]

pub mod belief;
pub mod charts;
pub mod config;
pub mod dist;
pub mod error;
pub mod evolution;
pub mod export;
pub mod geometry;
pub mod negotiation;
pub mod report;
pub mod scenario;
pub mod stats;
pub mod strategy;
pub mod sweep;
pub mod tournament;
pub mod trace;
pub mod validate;

pub use error::{Error, Result};
