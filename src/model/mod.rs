//! The model: what is negotiated, what agents know and believe, how they
//! decide, and how one negotiation unfolds. Depends on nothing else in negsim.
//!
//! - [`dist`]: distributions of private values;
//! - [`scenario`]: what is negotiated (price or several issues) and the common prior;
//! - [`posterior`]: Bayesian beliefs about the other side (a speaker model
//!   with an honest and a bluffing branch), lie detection, the information metrics;
//! - [`bidding`]: exact best-response bids in the sealed-bid k-double auction;
//! - [`geometry`]: the Pareto frontier, Nash point and zone of agreement;
//! - [`strategy`]: the [`strategy::Strategy`] trait and the parameterised presets;
//! - [`rules`]: the rules of the game (the off-the-record phase and the formal protocol);
//! - [`negotiation`]: one run, from the exchange phase to the outcome.

pub mod bidding;
pub mod dist;
pub mod geometry;
pub mod negotiation;
pub mod posterior;
pub mod rules;
pub mod scenario;
pub mod strategy;
