//! Outputs: the results folder (CSV files and manifest), the charts drawn
//! from it, and the report.

pub mod figures;
pub mod report;
mod results;
pub mod transcript;

pub use results::*;
