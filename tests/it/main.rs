//! negsim's integration tests, in one test binary (`cargo test --test it`):
//! one build and one link instead of one per file, and helpers shared by
//! every area instead of copied between files.
//!
//! - [`cli`]: the command line as a user meets it (configs, results folders,
//!   bad input, `trace`, `strategies`, `--help`);
//! - [`agents`]: external agents (docs/PROTOCOL.md) through `run`, `trace`
//!   and `bench`, agents that misbehave, and what an agent may read;
//! - [`charts`]: the charts and reports the binary draws, as PNG, SVG, HTML,
//!   Markdown and as headless Chromium renders them;
//! - [`research`]: `sweep`, `evolve`, `validate` and the double auction;
//! - [`research_outputs`]: the tables of `sensitivity` and `lies`, refused
//!   before the simulation when they cannot be written;
//! - [`model`]: the library's strategies, metrics and statistics;
//! - [`theory`]: THEORY.md's checks as `negsim validate` runs them;
//! - [`cluster`]: shards, merge and resume, and a real one-node Slurm cluster;
//! - [`fuzz`]: 50,000 mutated configs through the config path, in process;
//! - [`play`]: `play`, `class` and `serve`: a student negotiates against a
//!   strategy (scripted, typed, under tmux, in headless Chromium).

mod agents;
mod charts;
mod cli;
mod cluster;
mod fuzz;
mod helpers;
mod model;
mod play;
mod research;
mod research_outputs;
mod theory;
