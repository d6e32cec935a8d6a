//! Running experiments: seeds, the parallel tournament, streaming statistics,
//! sweeps, evolutionary dynamics, single-run transcripts and the theory checks.

pub mod bench;
pub mod evolution;
pub mod fuzz;
pub mod lies;
pub mod resources;
pub mod sensitivity;
pub mod shard;
pub mod stats;
pub mod sweep;
pub mod theory;
pub mod tournament;
pub mod trace;
